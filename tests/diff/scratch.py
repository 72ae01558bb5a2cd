"""The scratch FastAPI app of the ``docgen diff`` tests, its history one commit per rule, and helpers."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from collections.abc import Mapping
from pathlib import Path

import pytest

from docgen.cli import main

APP = """\
from fastapi import Depends, FastAPI, Header
from fastapi.security import OAuth2PasswordBearer
from pydantic import BaseModel

app = FastAPI()
oauth2 = OAuth2PasswordBearer(tokenUrl="token")


class Item(BaseModel):
    name: str
    price: float


class ItemIn(BaseModel):
    name: str


@app.get("/items/{item_id}", response_model=Item)
def read_item(item_id: int, q: str | None = None):
    return None


@app.post("/items", response_model=Item, status_code=201)
def create_item(item: ItemIn | None = None):
    return None


@app.get("/legacy")
def legacy():
    return None


@app.get("/users")
def users():
    return []
"""

HEALTH = """

@app.get("/health")
def health():
    return {}


@app.delete("/health")
def reset():
    return None
"""

LEGACY = """

@app.get("/legacy")
def legacy():
    return None
"""

USERS = """

@app.get("/users", deprecated=True)
def users():
    return []
"""

Row = tuple[str, str, str, str, str]
"""A change as (level, rule id, method, path, message)."""

STEPS: list[tuple[str, list[tuple[str, str]], list[Row]]] = [
    (
        "endpoint-added",
        [("return []\n", "return []\n" + HEALTH)],
        [
            ("non-breaking", "endpoint-added", "DELETE", "/health", "endpoint added"),
            ("non-breaking", "endpoint-added", "GET", "/health", "endpoint added"),
        ],
    ),
    (
        "endpoint-removed",
        [(LEGACY, "")],
        [("breaking", "api-path-removed-without-deprecation", "GET", "/legacy", "path removed without deprecation")],
    ),
    (
        "endpoint-deprecated",
        [('@app.get("/users")', '@app.get("/users", deprecated=True)')],
        [("non-breaking", "endpoint-deprecated", "GET", "/users", "endpoint deprecated")],
    ),
    (
        "path-parameter-renamed",
        [('"/items/{item_id}"', '"/items/{id}"'), ("read_item(item_id: int,", "read_item(id: int,")],
        [
            (
                "non-breaking",
                "request-path-parameter-renamed",
                "GET",
                "/items/{id}",
                "path parameter `item_id` renamed to `id`",
            )
        ],
    ),
    (
        "parameter-added",
        [("q: str | None = None):", "q: str | None = None, *, lang: str, page: int = 1):")],
        [
            (
                "breaking",
                "new-required-request-parameter",
                "GET",
                "/items/{id}",
                "required query parameter `lang` added",
            ),
            (
                "non-breaking",
                "new-optional-request-parameter",
                "GET",
                "/items/{id}",
                "optional query parameter `page` added",
            ),
        ],
    ),
    (
        "parameter-removed",
        [(", page: int = 1", "")],
        [("potentially-breaking", "request-parameter-removed", "GET", "/items/{id}", "query parameter `page` removed")],
    ),
    (
        "parameter-became-required",
        [("q: str | None = None, *", "q: str, *")],
        [
            (
                "breaking",
                "request-parameter-became-required",
                "GET",
                "/items/{id}",
                "query parameter `q` became required",
            )
        ],
    ),
    (
        "parameter-moved",
        [("lang: str):", "lang: str = Header()):")],
        [
            (
                "breaking",
                "request-parameter-location-changed",
                "GET",
                "/items/{id}",
                "parameter `lang` moved from query to header",
            )
        ],
    ),
    (
        "parameter-type-changed",
        [("lang: str = Header()", "lang: int = Header()")],
        [
            (
                "breaking",
                "request-parameter-type-changed",
                "GET",
                "/items/{id}",
                "header parameter `lang` type changed from `str` to `int`",
            )
        ],
    ),
    (
        "request-body-became-required",
        [("item: ItemIn | None = None", "item: ItemIn")],
        [("breaking", "request-body-became-required", "POST", "/items", "request body became required")],
    ),
    (
        "required-request-property-added",
        [("class ItemIn(BaseModel):\n    name: str\n", "class ItemIn(BaseModel):\n    name: str\n    sku: str\n")],
        [("breaking", "new-required-request-property", "POST", "/items", "required request property `sku` added")],
    ),
    (
        "success-status-removed",
        [("status_code=201", "status_code=202")],
        [
            ("breaking", "response-success-status-removed", "POST", "/items", "success status 201 removed"),
            ("non-breaking", "response-success-status-added", "POST", "/items", "success status 202 added"),
        ],
    ),
    (
        "response-property-removed",
        [("    name: str\n    price: float\n", "    name: str\n")],
        [
            (
                "breaking",
                "response-required-property-removed",
                "POST",
                "/items",
                "response property `price` removed (status 202)",
            ),
            (
                "breaking",
                "response-required-property-removed",
                "GET",
                "/items/{id}",
                "response property `price` removed (status 200)",
            ),
        ],
    ),
    (
        "auth-added",
        [("def users():", "def users(token: str = Depends(oauth2)):")],
        [("breaking", "api-security-added", "GET", "/users", "authentication `oauth2` (oauth2) required")],
    ),
    (
        "auth-removed",
        [("def users(token: str = Depends(oauth2)):", "def users():")],
        [
            (
                "non-breaking",
                "api-security-removed",
                "GET",
                "/users",
                "authentication `oauth2` (oauth2) no longer required",
            )
        ],
    ),
    (
        "deprecated-endpoint-removed",
        [(USERS, "")],
        [("potentially-breaking", "endpoint-removed", "GET", "/users", "deprecated endpoint removed")],
    ),
    (
        "method-removed",
        [('\n\n@app.delete("/health")\ndef reset():\n    return None\n', "")],
        [("breaking", "api-removed-without-deprecation", "DELETE", "/health", "endpoint removed without deprecation")],
    ),
]


class Repo:
    """A scratch git repository with fixed identities and dates."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.env = {
            **os.environ,
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_AUTHOR_NAME": "Ada",
            "GIT_AUTHOR_EMAIL": "ada@example.com",
            "GIT_COMMITTER_NAME": "Ada",
            "GIT_COMMITTER_EMAIL": "ada@example.com",
            "GIT_AUTHOR_DATE": "2024-01-02T03:04:05+00:00",
            "GIT_COMMITTER_DATE": "2024-01-02T03:04:05+00:00",
        }
        path.mkdir(parents=True, exist_ok=True)

    def git(self, *args: str) -> str:
        done = subprocess.run(["git", *args], cwd=self.path, env=self.env, capture_output=True, check=True)
        return done.stdout.decode().strip()

    def commit(self, files: Mapping[str, str], message: str) -> str:
        for name, text in files.items():
            (self.path / name).parent.mkdir(parents=True, exist_ok=True)
            (self.path / name).write_text(text, encoding="utf-8")
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)
        return self.git("rev-parse", "HEAD")

    def state(self) -> tuple[str, ...]:
        """The index file's hash, status, HEAD, refs and every work-tree file's hash.

        The index is hashed first, and status runs without optional locks, so reading the state
        never rewrites the index it checks.
        """
        index = hashlib.sha256((self.path / ".git" / "index").read_bytes()).hexdigest()
        files = sorted(p for p in self.path.rglob("*") if p.is_file() and ".git" not in p.relative_to(self.path).parts)
        manifest = [f"{p.relative_to(self.path)} {hashlib.sha256(p.read_bytes()).hexdigest()}" for p in files]
        return (
            index,
            self.git("--no-optional-locks", "status", "--porcelain", "--ignored"),
            self.git("rev-parse", "HEAD"),
            self.git("for-each-ref"),
            *manifest,
        )


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--no-progress", "diff", *args])
    out, err = capsys.readouterr()
    return code, out, err


def rows(report: str) -> list[Row]:
    return [(c["level"], c["id"], c["method"], c["path"], c["message"]) for c in json.loads(report)["changes"]]

"""Secrets planted in a repository never reach the site, ``openapi.json`` or the catalog (SR-16, SR-18)."""

from __future__ import annotations

import base64
import json
import re
import secrets
import string
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from docgen.cli import main
from docgen.scrub import has_token, mask_tokens

_ALNUM = string.ascii_letters + string.digits


def _random(n: int, alphabet: str = _ALNUM) -> str:
    return "".join(secrets.choice(alphabet) for _ in range(n))


@dataclass(frozen=True)
class Planted:
    """A repository with random secrets in it, and the random parts that must never be published."""

    root: Path
    cores: dict[str, str]


def _plant(tmp_path: Path) -> Planted:
    upper = string.ascii_uppercase + string.digits
    cores = {
        "github": _random(36),
        "github_pat": _random(40),
        "aws": _random(16, upper),
        "slack": _random(24),
        "stripe": _random(24),
        "google": _random(35),
        "jwt": _random(30),
        "bearer": _random(32),
        "basic": _random(20),
        "url_password": _random(18),
        "private_key": _random(48),
        "password": _random(12),
        "entropy": _random(32),
    }
    basic = base64.b64encode(f"admin:{cores['basic']}".encode()).decode()
    jwt = f"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.{cores['jwt']}"
    key = f"-----BEGIN RSA PRIVATE KEY-----\\n{cores['private_key']}\\n-----END RSA PRIVATE KEY-----"
    source = f'''\
        """Payments API."""
        from fastapi import FastAPI, Header, Query
        from pydantic import BaseModel

        app = FastAPI()

        INVALID_TOKEN = "Your session has expired, please log in again"


        class Settings(BaseModel):
            """Client settings."""

            headers: dict = {{"Authorization": "Bearer {cores["bearer"]}", "Accept": "application/json"}}
            auth: dict = {{"token": "ghp_{cores["github"]}", "nested": {{"api_key": "AIza{cores["google"]}"}}}}
            pat: list = ["github_pat_{cores["github_pat"]}"]
            aws: str = "AKIA{cores["aws"]}"
            jwt: str = "{jwt}"
            dsn: str = "postgres://app:{cores["url_password"]}@db/app"
            private: str = "{key}"
            message: str = INVALID_TOKEN
            password: str = "{cores["password"]}"
            signing_key: str = "{cores["entropy"]}"
            sort_key: str = "name"


        @app.get("/charges")
        def charges(
            q: str = Query("xoxb-{cores["slack"]}"),
            authorization: str = Header("Basic {basic}"),
        ) -> Settings:
            """List charges."""
            return Settings()


        def connect(client={{"api_key": "sk_live_{cores["stripe"]}"}}, retries=3):
            """Connect to the payment provider."""
        '''
    root = tmp_path / "repo"
    (root / "pay").mkdir(parents=True)
    (root / "pay" / "__init__.py").write_text("", encoding="utf-8")
    (root / "pay" / "api.py").write_text(textwrap.dedent(source), encoding="utf-8")
    return Planted(root, cores)


def _leaks(folder: Path, cores: dict[str, str]) -> set[tuple[str, str]]:
    """(file, secret kind) for every planted secret found in any file under ``folder``."""
    found = set()
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            found |= {(path.relative_to(folder).as_posix(), k) for k, v in cores.items() if v.encode() in data}
    return found


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Planted, Path, Path, list[str]]:
    tmp = tmp_path_factory.mktemp("secrets")
    planted = _plant(tmp)
    site, catalog = tmp / "site", tmp / "extract" / "catalog.json"
    catalog.parent.mkdir()
    capture = pytest.MonkeyPatch()
    capture.setenv("DOCGEN_TEST_TOKEN", "ghp_" + planted.cores["github"])
    try:
        import contextlib
        import io

        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            assert main(["--isolated", "--no-progress", "build", str(planted.root), "-o", str(site)]) == 0
            assert main(["--isolated", "--no-progress", "extract", str(planted.root), "-o", str(catalog)]) == 0
    finally:
        capture.undo()
    return planted, site, catalog, err.getvalue().splitlines()


def test_no_planted_secret_appears_in_any_file_of_the_site_or_the_catalog(
    built: tuple[Planted, Path, Path, list[str]],
) -> None:
    planted, site, catalog, _ = built
    assert (site / "openapi.json").is_file()
    assert (site / "search" / "search_index.json").is_file()
    assert _leaks(site, planted.cores) == set()
    assert _leaks(catalog.parent, planted.cores) == set()


def test_each_redaction_is_a_dg401_warning_naming_file_and_line(
    built: tuple[Planted, Path, Path, list[str]],
) -> None:
    planted, *_, err = built
    dg401 = sorted({line for line in err if "DG401" in line})
    lines = [int(m.group(1)) for line in dg401 if (m := re.match(r"docgen: warning: pay/api\.py:(\d+): DG401", line))]
    assert len(lines) == len(dg401)  # every one names the file and a line
    source = (planted.root / "pay" / "api.py").read_text().splitlines()
    starts = (
        "headers",
        "auth",
        "pat",
        "aws",
        "jwt",
        "dsn",
        "private",
        "password",
        "signing_key",
        "def charges",
        "def connect",
    )
    expected = [
        n
        for n, text in enumerate(source, 1)
        if text.strip().startswith(tuple(s + ":" for s in starts[:9]) + starts[9:])
    ]
    assert len(expected) == 11
    assert sorted(set(lines)) == expected


def test_only_the_secret_part_of_a_dict_default_is_masked(built: tuple[Planted, Path, Path, list[str]]) -> None:
    _, site, catalog, _ = built
    fields = {f["name"]: f.get("default") for m in json.loads(catalog.read_text())["models"] for f in m["fields"]}
    assert fields["headers"] == "{'Authorization': '***', 'Accept': 'application/json'}"
    assert fields["auth"] == "{'token': '***', 'nested': {'api_key': '***'}}"
    assert fields["pat"] == "['***']"
    assert fields["password"] == "'***'"
    assert fields["signing_key"] == "'***'"
    assert fields["message"] == "INVALID_TOKEN"
    assert fields["sort_key"] == "'name'"
    schema = json.loads((site / "openapi.json").read_text())["components"]["schemas"]["Settings"]["properties"]
    assert schema["headers"]["default"] == {"Authorization": "***", "Accept": "application/json"}
    assert schema["auth"]["default"] == {"token": "***", "nested": {"api_key": "***"}}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Authorization: Bearer abc123def456ghi", "Authorization: Bearer ***"),
        ("Basic dXNlcjpwYXNzd29yZA==", "Basic ***"),
        ("https://bob:hunter2xyz@example.com/x", "https://bob:***@example.com/x"),
        ("use ASIA" + "A" * 16 + " here", "use *** here"),
        ("rk_live_" + "a1" * 8, "***"),
        ("xoxp-1234567890-abc", "***"),
    ],
)
def test_known_token_formats_are_masked_in_text(text: str, expected: str) -> None:
    assert mask_tokens(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Your session has expired, please log in again",
        "Uses Bearer authentication",
        "Basic authentication",
        "Basic usage",
        "https://example.com/a:b@c",
        "see https://docs.example.com/",
    ],
)
def test_prose_and_plain_urls_are_not_secrets(text: str) -> None:
    assert not has_token(text)

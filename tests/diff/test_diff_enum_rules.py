"""``docgen diff`` on enums and properties by direction: one commit per rule, each classified exactly.

A request's values are the client's to send (taking one away breaks it), a response's are the
client's to read (a new value, or a property that may be missing or null, breaks it).
"""

from __future__ import annotations

import pytest

from tests.diff.scratch import Repo, Row, rows, run

APP = """\
from enum import Enum
from typing import Literal

from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()


class Color(str, Enum):
    red = "red"
    blue = "blue"


class Status(str, Enum):
    open = "open"
    closed = "closed"


class ItemIn(BaseModel):
    name: str
    color: Color
    size: Literal["s", "m"] = "s"
    note: str | None = None


class ItemOut(BaseModel):
    name: str
    status: Status
    price: float
    code: str


@app.post("/items", response_model=ItemOut)
def create(item: ItemIn, mode: Literal["fast", "safe"] = "fast"):
    return None


@app.get("/items", response_model=ItemOut)
def find(shade: Color = Color.red):
    return None
"""

STEPS: list[tuple[str, list[tuple[str, str]], list[Row]]] = [
    (
        "shared-enum-value-added",
        [('    blue = "blue"\n', '    blue = "blue"\n    green = "green"\n')],
        [
            (
                "non-breaking",
                "request-parameter-enum-value-added",
                "GET",
                "/items",
                "enum value `green` added to query parameter `shade`",
            ),
            (
                "non-breaking",
                "request-property-enum-value-added",
                "POST",
                "/items",
                "enum value `green` added to request property `color`",
            ),
        ],
    ),
    (
        "shared-enum-value-removed",
        [('    red = "red"\n', "")],
        [
            (
                "breaking",
                "request-parameter-enum-value-removed",
                "GET",
                "/items",
                "enum value `red` removed from query parameter `shade`",
            ),
            (
                "breaking",
                "request-property-enum-value-removed",
                "POST",
                "/items",
                "enum value `red` removed from request property `color`",
            ),
        ],
    ),
    (
        "literal-parameter-value-removed",
        [('Literal["fast", "safe"] = "fast"', 'Literal["fast"] = "fast"')],
        [
            (
                "breaking",
                "request-parameter-enum-value-removed",
                "POST",
                "/items",
                "enum value `safe` removed from query parameter `mode`",
            )
        ],
    ),
    (
        "literal-property-value-added",
        [('size: Literal["s", "m"]', 'size: Literal["s", "m", "l"]')],
        [
            (
                "non-breaking",
                "request-property-enum-value-added",
                "POST",
                "/items",
                "enum value `l` added to request property `size`",
            )
        ],
    ),
    (
        "response-enum-value-added",
        [('    closed = "closed"\n', '    closed = "closed"\n    held = "held"\n')],
        [
            (
                "potentially-breaking",
                "response-property-enum-value-added",
                "GET",
                "/items",
                "enum value `held` added to response property `status` (status 200)",
            ),
            (
                "potentially-breaking",
                "response-property-enum-value-added",
                "POST",
                "/items",
                "enum value `held` added to response property `status` (status 200)",
            ),
        ],
    ),
    (
        "response-enum-value-removed",
        [('    open = "open"\n', "")],
        [
            (
                "non-breaking",
                "response-property-enum-value-removed",
                "GET",
                "/items",
                "enum value `open` removed from response property `status` (status 200)",
            ),
            (
                "non-breaking",
                "response-property-enum-value-removed",
                "POST",
                "/items",
                "enum value `open` removed from response property `status` (status 200)",
            ),
        ],
    ),
    (
        "response-property-became-optional",
        [("    price: float\n", "    price: float = 0.0\n")],
        [
            (
                "breaking",
                "response-property-became-optional",
                "GET",
                "/items",
                "response property `price` became optional (status 200)",
            ),
            (
                "breaking",
                "response-property-became-optional",
                "POST",
                "/items",
                "response property `price` became optional (status 200)",
            ),
        ],
    ),
    (
        "response-property-became-nullable",
        [("    code: str\n", "    code: str | None\n")],
        [
            (
                "breaking",
                "response-property-became-nullable",
                "GET",
                "/items",
                "response property `code` became nullable (status 200)",
            ),
            (
                "breaking",
                "response-property-became-nullable",
                "POST",
                "/items",
                "response property `code` became nullable (status 200)",
            ),
        ],
    ),
    (
        "request-property-became-optional",
        [("    name: str\n    color: Color\n", '    name: str = ""\n    color: Color\n')],
        [
            (
                "non-breaking",
                "request-property-became-optional",
                "POST",
                "/items",
                "request property `name` became optional",
            )
        ],
    ),
    (
        "request-property-type-changed",
        [("    note: str | None = None\n", "    note: int | None = None\n")],
        [
            (
                "breaking",
                "request-property-type-changed",
                "POST",
                "/items",
                "request property `note` type changed from `str | None` to `int | None`",
            )
        ],
    ),
]


@pytest.fixture(scope="module")
def enum_history(tmp_path_factory: pytest.TempPathFactory) -> tuple[Repo, dict[str, str]]:
    """The app's repository: a first commit, then one commit per step of :data:`STEPS`."""
    repo = Repo(tmp_path_factory.mktemp("enums"))
    repo.git("init", "-q", "-b", "main")
    text = APP
    commits = {"start": repo.commit({"app/main.py": text}, "start")}
    for name, edits, _ in STEPS:
        for old, new in edits:
            assert old in text, (name, old)
            text = text.replace(old, new, 1)
        commits[name] = repo.commit({"app/main.py": text}, name)
    return repo, commits


@pytest.mark.parametrize("index", range(len(STEPS)), ids=[name for name, _, _ in STEPS])
def test_each_commit_is_classified_exactly(
    enum_history: tuple[Repo, dict[str, str]], capsys: pytest.CaptureFixture[str], index: int
) -> None:
    repo, commits = enum_history
    name, _, expected = STEPS[index]
    before = STEPS[index - 1][0] if index else "start"
    code, out, _ = run(capsys, "--path", str(repo.path), "--format", "json", commits[before], commits[name])
    assert rows(out) == expected
    assert code == (1 if any(level == "breaking" for level, *_ in expected) else 0)


@pytest.mark.parametrize(
    ("step", "fail_on", "code"),
    [
        ("response-enum-value-added", None, 0),
        ("response-enum-value-added", "potentially-breaking", 1),
        ("response-enum-value-removed", "potentially-breaking", 0),
        ("shared-enum-value-added", "potentially-breaking", 0),
    ],
)
def test_enum_direction_against_the_threshold(
    enum_history: tuple[Repo, dict[str, str]],
    capsys: pytest.CaptureFixture[str],
    step: str,
    fail_on: str | None,
    code: int,
) -> None:
    repo, commits = enum_history
    flags = ["--fail-on", fail_on] if fail_on else []
    assert run(capsys, "-p", str(repo.path), *flags, f"{commits[step]}~1", commits[step])[0] == code

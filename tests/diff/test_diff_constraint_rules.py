"""``docgen diff`` on validation constraints: the same change in source and in an OpenAPI document gives one rule.

A request's tighter bound or new pattern refuses what clients send; a response's looser bound
lets through what clients may not expect.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from docgen.diff.constraints import BREAKING, RULE_IDS, constraint_changes, normalised
from docgen.diff.openapi_reader import schema_constraints
from tests.diff.scratch import Repo, Row, rows, run

APP = """\
from fastapi import FastAPI, Query
from pydantic import BaseModel, Field

app = FastAPI()


class ItemIn(BaseModel):
    name: str = Field(min_length=1, max_length=50)
    tags: list[str] = Field(default=[], max_length=5)


class ItemOut(BaseModel):
    code: str = Field(max_length=8)
    score: float = Field(le=10)


@app.post("/items", response_model=ItemOut)
def create(item: ItemIn, q: str = Query("", max_length=20, pattern="^a"), n: int | None = Query(None, ge=1, lt=100)):
    return None
"""

EDITS = [
    ('max_length=20, pattern="^a"', 'max_length=10, pattern="^b"'),
    ("ge=1, lt=100", "ge=0, lt=50"),
    ("min_length=1, max_length=50", "min_length=2, max_length=60"),
    ("default=[], max_length=5", "default=[], max_length=3"),
    ("max_length=8", "max_length=12"),
    ("le=10", "le=5"),
]

EXPECTED: list[Row] = [
    (
        "breaking",
        "request-parameter-exclusive-max-decreased",
        "POST",
        "/items",
        "query parameter `n`: exclusiveMaximum decreased from 100 to 50",
    ),
    (
        "breaking",
        "request-parameter-max-length-decreased",
        "POST",
        "/items",
        "query parameter `q`: maxLength decreased from 20 to 10",
    ),
    (
        "breaking",
        "request-property-max-items-decreased",
        "POST",
        "/items",
        "request property `tags`: maxItems decreased from 5 to 3",
    ),
    (
        "breaking",
        "request-property-min-length-increased",
        "POST",
        "/items",
        "request property `name`: minLength increased from 1 to 2",
    ),
    (
        "breaking",
        "response-property-max-length-increased",
        "POST",
        "/items",
        "response property `code`: maxLength increased from 8 to 12 (status 200)",
    ),
    (
        "potentially-breaking",
        "request-parameter-pattern-changed",
        "POST",
        "/items",
        "query parameter `q`: pattern changed from `^a` to `^b`",
    ),
    (
        "non-breaking",
        "request-parameter-min-decreased",
        "POST",
        "/items",
        "query parameter `n`: minimum decreased from 1 to 0",
    ),
    (
        "non-breaking",
        "request-property-max-length-increased",
        "POST",
        "/items",
        "request property `name`: maxLength increased from 50 to 60",
    ),
]
"""The score's maximum going from 10 to 5 narrows what a response holds: not reported."""


def test_constraints_changed_in_source(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = Repo(tmp_path / "repo")
    repo.git("init", "-q", "-b", "main")
    text = APP
    base = repo.commit({"app/main.py": text}, "start")
    for old, new in EDITS:
        assert old in text, old
        text = text.replace(old, new, 1)
    head = repo.commit({"app/main.py": text}, "constraints")
    code, out, _ = run(capsys, "--path", str(repo.path), "--format", "json", base, head)
    assert rows(out) == EXPECTED
    assert code == 1


def _document(
    q: dict[str, Any], n: dict[str, Any], name: dict[str, Any], tags: int, code: int, score: int
) -> dict[str, Any]:
    """The app above as FastAPI describes it, with the given constraints."""
    schemas = {
        "ItemIn": {
            "type": "object",
            "properties": {
                "name": {"type": "string", **name},
                "tags": {"type": "array", "items": {"type": "string"}, "maxItems": tags, "default": []},
            },
            "required": ["name"],
        },
        "ItemOut": {
            "type": "object",
            "properties": {
                "code": {"type": "string", "maxLength": code},
                "score": {"type": "number", "maximum": score},
            },
            "required": ["code", "score"],
        },
    }
    operation = {
        "parameters": [
            {"name": "q", "in": "query", "schema": {"type": "string", "default": "", **q}},
            {"name": "n", "in": "query", "schema": {"anyOf": [{"type": "integer", **n}, {"type": "null"}]}},
        ],
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ItemIn"}}},
        },
        "responses": {
            "200": {
                "description": "ok",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ItemOut"}}},
            }
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {"/items": {"post": operation}},
        "components": {"schemas": schemas},
    }


def test_constraints_changed_in_documents(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    base = _document(
        {"maxLength": 20, "pattern": "^a"},
        {"minimum": 1, "exclusiveMaximum": 100},
        {"minLength": 1, "maxLength": 50},
        5,
        8,
        10,
    )
    head = _document(
        {"maxLength": 10, "pattern": "^b"},
        {"minimum": 0, "exclusiveMaximum": 50},
        {"minLength": 2, "maxLength": 60},
        3,
        12,
        5,
    )
    (tmp_path / "a.json").write_text(json.dumps(base), encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps(head), encoding="utf-8")
    code, out, _ = run(capsys, "--format", "json", "--openapi", "a.json", "b.json")
    assert rows(out) == EXPECTED
    assert code == 1


@pytest.mark.parametrize(
    ("prefix", "old", "new", "response", "expected"),
    [
        (
            "request-parameter",
            {},
            {"pattern": "'^[a-z]+$'"},
            False,
            [("request-parameter-pattern-added", "potentially-breaking", "`p`: pattern `^[a-z]+$` added")],
        ),
        (
            "request-property",
            {"regex": "'^x'"},
            {},
            False,
            [("request-property-pattern-removed", "non-breaking", "`p`: pattern `^x` removed")],
        ),
        (
            "request-property",
            {"min_length": "1"},
            {"min_length": "2"},
            False,
            [("request-property-min-items-increased", "breaking", "`p`: minItems increased from 1 to 2")],
        ),
        (
            "request-parameter",
            {"le": "10", "gt": "0"},
            {"le": "20", "gt": "-1"},
            False,
            [("request-parameter-max-increased", "non-breaking", "`p`: maximum increased from 10 to 20")],
        ),
        (
            "response-property",
            {"ge": "0.5", "max_items": "3", "pattern": "'^a'"},
            {"ge": "0", "max_items": "2"},
            True,
            [("response-property-min-decreased", "breaking", "`p`: minimum decreased from 0.5 to 0")],
        ),
    ],
)
def test_each_direction_of_a_bound(
    prefix: str, old: dict[str, str], new: dict[str, str], response: bool, expected: list[tuple[str, str, str]]
) -> None:
    kind = "list[str]" if "min_length" in old else "int"
    before, after = normalised(old, kind), normalised(new, kind)
    found = list(constraint_changes(prefix, "`p`", before, after, response=response))
    assert {rule for rule, _, _ in found} <= RULE_IDS
    assert [(rule, str(level), message) for rule, level, message in found] == expected


def test_an_openapi_3_0_exclusive_flag_is_the_exclusive_bound() -> None:
    old = schema_constraints({"type": "integer", "maximum": 100, "exclusiveMaximum": True})
    new = schema_constraints({"type": "integer", "maximum": 50, "exclusiveMaximum": True})
    assert old == {"lt": "100"}
    found = list(constraint_changes("request-parameter", "`p`", normalised(old, "int"), normalised(new, "int")))
    assert found == [
        ("request-parameter-exclusive-max-decreased", BREAKING, "`p`: exclusiveMaximum decreased from 100 to 50")
    ]

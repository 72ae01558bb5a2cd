"""The checked-in JSON Schema matches the records, and real catalogs satisfy it and round-trip."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from docgen.model import Catalog, HttpMethod
from docgen.model.codec import dumps, loads
from docgen.model.schema import SCHEMA_FILE, schema_text

GOLDEN = Path(__file__).resolve().parent / "golden" / "bookshop.catalog.json"


def test_checked_in_schema_is_current() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text(), (
        "regenerate with: python -m docgen.model.schema > docgen/model/catalog.schema.json"
    )


def test_example_catalog_validates_and_round_trips() -> None:
    text = GOLDEN.read_text(encoding="utf-8")
    jsonschema.Draft202012Validator(json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))).validate(json.loads(text))
    assert dumps(loads(Catalog, text)) == text


def test_extension_methods_are_methods_that_validate_and_round_trip() -> None:
    push = HttpMethod("PUSH")
    assert (push.value, push.standard, push is HttpMethod("PUSH"), HttpMethod("GET") is HttpMethod.GET) == (
        "PUSH",
        False,
        True,
        True,
    )
    assert [HttpMethod.named(n) for n in ("get", "propfind", "websocket", "any", "two words", "")] == [
        HttpMethod.GET,
        HttpMethod("PROPFIND"),
        None,
        None,
        None,
        None,
    ]
    assert HttpMethod.listed(["post", "PUSH", "POST", "{?x}"]) == (HttpMethod.POST, push)
    assert [m.changes_state for m in (push, HttpMethod("PROPFIND"), HttpMethod.GET, HttpMethod.DELETE)] == [
        True,
        False,
        False,
        True,
    ]
    catalog = json.loads(GOLDEN.read_text(encoding="utf-8"))
    catalog["routes"][0]["method"] = "PUSH"
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))
    validator.validate(catalog)
    assert loads(Catalog, json.dumps(catalog)).routes[0].method is push
    catalog["routes"][0]["method"] = "push"
    assert not validator.is_valid(catalog)

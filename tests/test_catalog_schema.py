"""The checked-in JSON Schema matches the records, and real catalogs satisfy it and round-trip."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from docgen.model import Catalog
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

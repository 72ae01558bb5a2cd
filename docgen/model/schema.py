"""The JSON Schema of the catalog, derived from the record types (checked in as catalog.schema.json).

Regenerate after changing a record with ``python -m docgen.model.schema > docgen/model/catalog.schema.json``;
a test fails while the checked-in file and the records disagree.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from enum import Enum
from pathlib import Path
from typing import Any

from docgen.model.catalog import SCHEMA_VERSION, Catalog
from docgen.model.codec import json_name
from docgen.model.enums import METHOD_TOKEN, HttpMethod, OpenName

SCHEMA_FILE = Path(__file__).with_name("catalog.schema.json")


def catalog_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) every ``docgen extract --format json`` output satisfies."""
    definitions: dict[str, Any] = {}
    root = _schema(Catalog, definitions)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://docgen.invalid/catalog/v{SCHEMA_VERSION}.json",
        "title": "docgen catalog",
        **root,
        "$defs": dict(sorted(definitions.items())),
    }


def _schema(tp: Any, definitions: dict[str, Any]) -> dict[str, Any]:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        return {"anyOf": [_schema(a, definitions) for a in typing.get_args(tp)]}
    if origin in (tuple, list):
        return {"type": "array", "items": _schema(typing.get_args(tp)[0], definitions)}
    if origin is dict:
        return {"type": "object", "additionalProperties": _schema(typing.get_args(tp)[1], definitions)}
    if tp is type(None):
        return {"type": "null"}
    if tp is HttpMethod:  # open: the members, or an extension method's token
        return {"anyOf": [{"enum": [m.value for m in tp]}, {"type": "string", "pattern": f"^{METHOD_TOKEN}$"}]}
    if isinstance(tp, type) and issubclass(tp, Enum):
        return {"enum": [m.value for m in tp]}
    if isinstance(tp, type) and issubclass(tp, OpenName):
        return {"type": "string", "examples": list(tp.known())}
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        if tp is not Catalog and tp.__name__ not in definitions:
            definitions[tp.__name__] = {}
            definitions[tp.__name__] = _record(tp, definitions)
        return _record(tp, definitions) if tp is Catalog else {"$ref": f"#/$defs/{tp.__name__}"}
    simple = {str: "string", bool: "boolean", int: "integer", float: "number"}
    return {"type": simple[tp]} if tp in simple else {}


def _record(cls: type, definitions: dict[str, Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    fields = dataclasses.fields(cls)
    return {
        "type": "object",
        "properties": {json_name(f): _schema(hints[f.name], definitions) for f in fields},
        "required": [json_name(f) for f in fields],
        "additionalProperties": False,
    }


def schema_text() -> str:
    """The schema as stable, indented JSON."""
    return json.dumps(catalog_schema(), indent=2) + "\n"


if __name__ == "__main__":
    print(schema_text(), end="")  # noqa: T201 - a regeneration command

"""Defaults and constraints in an OpenAPI document: JSON values of what the source writes, and defaults it refuses.

Python does not check a field's default against its type (``chassis: Optional[Chassis] =
Field("c3660")`` with no such member is valid code), and the framework's document then carries a
default its schema refuses, which OpenAPI validators reject. docgen leaves such a default out and
says so under ``x-docgen-omitted``, so the export stays valid and the reader still learns of it.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Iterator
from typing import Any

from docgen.model import Model
from docgen.render.type_schema import discriminated

_REF = "#/components/schemas/"
_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "null": (type(None),),
    "array": (list,),
    "object": (dict,),
}


def drop_unfit_defaults(components: dict[str, Any], paths: dict[str, Any]) -> list[dict[str, str]]:
    """Remove every default its schema is known to refuse, of component properties and parameters.

    Returns:
        What was removed, as ``x-docgen-omitted`` entries (``schema`` names the property, or the
        operation and parameter).
    """
    omitted = []
    for where, schema in [*_properties(components), *_parameters(paths)]:
        if "default" in schema and fits(schema, schema["default"], components) is False:
            value = repr(schema.pop("default"))
            omitted.append({"schema": where, "reason": f"default {value[:60]} is not valid for its schema"})
    return omitted


def fits(schema: Any, value: Any, components: dict[str, Any], depth: int = 0) -> bool | None:
    """Whether ``value`` satisfies ``schema``'s enum, const and type; None when that cannot be told."""
    if not isinstance(schema, dict) or depth > 20:
        return None
    ref = schema.get("$ref")
    if isinstance(ref, str):
        target = components.get(ref.removeprefix(_REF)) if ref.startswith(_REF) else None
        return fits(target, value, components, depth + 1)
    for keyword in ("anyOf", "oneOf"):
        if isinstance(schema.get(keyword), list):
            outcomes = [fits(part, value, components, depth + 1) for part in schema[keyword]]
            return True if True in outcomes else (None if None in outcomes else False)
    if isinstance(schema.get("enum"), list) and value not in schema["enum"]:
        return False
    if "const" in schema and value != schema["const"]:
        return False
    kind = schema.get("type")
    if isinstance(kind, str) and kind in _JSON_TYPES:
        is_bool = isinstance(value, bool)
        if (kind != "boolean" and is_bool) or not isinstance(value, _JSON_TYPES[kind]):
            return False
    return True


def _properties(components: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for name, schema in components.items():
        properties = schema.get("properties") if isinstance(schema, dict) else None
        if isinstance(properties, dict):
            for prop_name, prop in properties.items():
                if isinstance(prop, dict):
                    yield f"{name}.{prop_name}", prop


def _parameters(paths: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for path, item in paths.items():
        for method, operation in item.items():
            for parameter in operation.get("parameters", ()) if isinstance(operation, dict) else ():
                schema = parameter.get("schema")
                if isinstance(schema, dict):
                    yield f"{method.upper()} {path} {parameter.get('in')} {parameter.get('name')}", schema


MISSING = object()

ADDITIONAL_PROPERTIES = {"forbid": False, "allow": True}
"""``additionalProperties`` as pydantic writes it for a model's ``extra`` configuration (``ignore``: none)."""


def object_rules(schema: dict[str, Any], model: Model) -> dict[str, Any]:
    """An object schema with the model's required fields and its rule for extra keys (``extra="forbid"``)."""
    required = [f.alias or f.name for f in model.fields if f.required]
    if required:
        schema["required"] = required
    if model.extra in ADDITIONAL_PROPERTIES:
        schema["additionalProperties"] = ADDITIONAL_PROPERTIES[model.extra]
    return schema


def literal(text: str | None) -> Any:
    """The JSON value of a short Python literal written in the source, or ``MISSING``."""
    if text is None or len(text) > 200:
        return MISSING
    try:
        value = ast.literal_eval(text)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return MISSING
    try:
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError):
        return MISSING
    return list(value) if isinstance(value, tuple) else value


_NUMERIC_CONSTRAINTS = {
    "ge": "minimum",
    "gt": "exclusiveMinimum",
    "le": "maximum",
    "lt": "exclusiveMaximum",
    "multiple_of": "multipleOf",
}


def with_constraints(schema: dict[str, Any], constraints: dict[str, str]) -> dict[str, Any]:
    """Add validation keywords for the constraints that have a JSON Schema equivalent."""
    schema = dict(schema)
    kind = schema.get("type")
    for name, text in sorted(constraints.items()):
        value = literal(text)
        if name in _NUMERIC_CONSTRAINTS and kind in {"integer", "number"} and _is_number(value):
            schema[_NUMERIC_CONSTRAINTS[name]] = value
        elif name in {"min_length", "max_length"} and isinstance(value, int) and not isinstance(value, bool):
            prefix = "min" if name == "min_length" else "max"
            if kind == "string":
                schema[f"{prefix}Length"] = value
            elif kind == "array":
                schema[f"{prefix}Items"] = value
        elif name in {"pattern", "regex"} and kind == "string" and isinstance(value, str):
            schema["pattern"] = value
        elif name == "discriminator" and isinstance(value, str):
            schema = discriminated(schema, value)
    return schema


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)

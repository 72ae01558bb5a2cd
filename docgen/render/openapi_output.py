"""A model's schema as a response sends it, beside the schema a request must match.

FastAPI with pydantic 2 writes each model in the mode it is used in: ``validation`` for a request
body or parameter, ``serialization`` for a response. The two differ where the model's settings
say so: pydantic 2.0 to 2.3 mark every field required in serialization mode, a default included
(a response always carries the field), as later releases do for a model configured with
``json_schema_serialization_defaults_required``; a ``Field(exclude=True)`` is never sent; with
``ser_json_timedelta="float"`` a ``timedelta`` is sent as a number of seconds. A model whose two
schemas differ, and every model that holds one, is written once per mode it is used in: as
``Name-Input`` and ``Name-Output`` when used in both, under its own name when used in one.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Collection, Iterator
from typing import Any

_REF = "#/components/schemas/"
_INPUT_PARTS = ("parameters", "requestBody")


def serialization_defaults_required(pydantic: int | None, ceiling: str | None) -> bool:
    """Whether a model's serialization schema requires its defaulted fields: pydantic 2.0 to 2.3."""
    if pydantic != 2 or ceiling is None:
        return False
    major, _, minor = ceiling.partition(".")
    return major == "2" and minor.isdigit() and int(minor) < 4


Output = Callable[[dict[str, Any]], dict[str, Any]]
"""A component's own serialization schema, made from its validation schema (references untouched)."""


def output_rule(*, all_required: bool = False, excluded: Collection[str] = (), seconds: bool = False) -> Output | None:
    """How a model's serialization schema differs from its validation schema; None when it does not.

    Args:
        all_required: Every property a response carries is required.
        excluded: The properties a response never carries.
        seconds: A ``timedelta`` (a ``duration`` string) is sent as a number of seconds.
    """
    if not (all_required or excluded or seconds):
        return None
    gone = frozenset(excluded)

    def output(schema: dict[str, Any]) -> dict[str, Any]:
        out = dict(schema)
        properties = {k: _as_seconds(v) if seconds else v for k, v in out["properties"].items() if k not in gone}
        out["properties"] = properties
        required = list(properties) if all_required else [r for r in out.get("required", ()) if r in properties]
        out.pop("required", None)
        return out | ({"required": required} if required else {})

    return output


def _as_seconds(schema: Any) -> Any:
    """A ``duration`` string schema as the number of seconds it is sent as (in a union's members too)."""
    if not isinstance(schema, dict):
        return schema
    if schema.get("type") == "string" and schema.get("format") == "duration":
        kept = {k: v for k, v in schema.items() if k not in ("type", "format", "default")}
        return kept | {"type": "number"}
    if isinstance(schema.get("anyOf"), list):
        return schema | {"anyOf": [_as_seconds(m) for m in schema["anyOf"]]}
    return schema


def separate_output_schemas(schemas: dict[str, Any], paths: dict[str, Any], outputs: dict[str, Output]) -> None:
    """Rewrite ``schemas`` and the operations' references in ``paths`` with the output schemas, in place.

    Args:
        schemas: ``components.schemas``.
        paths: The document's paths.
        outputs: By component key, how a model's own serialization schema is made (see
            :func:`output_rule`).
    """
    own = {
        k: rule
        for k, rule in outputs.items()
        if isinstance(schemas.get(k), dict) and isinstance(schemas[k].get("properties"), dict)
    }
    differs = {k for k, rule in own.items() if rule(schemas[k]) != schemas[k]}
    while True:  # a schema holding one that differs differs too
        more = {k for k, s in schemas.items() if k not in differs and _refs(s) & differs}
        if not more:
            break
        differs |= more
    inputs = _closure(schemas, [part for op in _operations(paths) for k, part in op.items() if k in _INPUT_PARTS])
    answered = _closure(schemas, [op.get("responses") for op in _operations(paths)])
    split = differs & inputs & answered
    output_only = (differs & answered) - inputs

    def as_input(key: str) -> str:
        return f"{key}-Input" if key in split else key

    def as_output(key: str) -> str:
        return f"{key}-Output" if key in split else key

    rebuilt: dict[str, Any] = {}
    for key, schema in schemas.items():
        if key in split:
            rebuilt[as_input(key)] = _renamed(schema, as_input)
            rebuilt[as_output(key)] = _output(key, schema, own, as_output)
        elif key in output_only:
            rebuilt[key] = _output(key, schema, own, as_output)
        else:
            rebuilt[key] = _renamed(schema, as_input)
    schemas.clear()
    schemas.update(rebuilt)
    for operation in _operations(paths):
        for part in _INPUT_PARTS:
            if part in operation:
                operation[part] = _renamed(operation[part], as_input)
        if "responses" in operation:
            operation["responses"] = _renamed(operation["responses"], as_output)


def _output(key: str, schema: dict[str, Any], own: dict[str, Output], rename: Callable[[str], str]) -> dict[str, Any]:
    """The serialization schema: the model's own rule applied, references to output schemas."""
    out: dict[str, Any] = _renamed(schema, rename)
    return own[key](out) if key in own else out


def _operations(paths: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for item in paths.values():
        for operation in item.values() if isinstance(item, dict) else ():
            if isinstance(operation, dict):
                yield operation


def _refs(node: Any) -> set[str]:
    """The component keys ``node`` refers to, at any depth."""
    found: set[str] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            ref = current.get("$ref")
            if isinstance(ref, str) and ref.startswith(_REF):
                found.add(ref.removeprefix(_REF))
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)
    return found


def _closure(schemas: dict[str, Any], roots: list[Any]) -> set[str]:
    """The component keys the roots refer to, directly or through other components."""
    seen: set[str] = set()
    todo = list(_refs(roots))
    while todo:
        key = todo.pop()
        if key not in seen and key in schemas:
            seen.add(key)
            todo.extend(_refs(schemas[key]))
    return seen


def _renamed(node: Any, rename: Callable[[str], str]) -> Any:
    """A deep copy of ``node`` with each component reference renamed."""
    if isinstance(node, dict):
        out = {k: _renamed(v, rename) for k, v in node.items()}
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(_REF):
            out["$ref"] = _REF + rename(ref.removeprefix(_REF))
        return out
    if isinstance(node, list):
        return [_renamed(v, rename) for v in node]
    return copy.copy(node)

"""The schemas of the frameworks' own response bodies, as the frameworks publish them.

A FastAPI route with parameters or a body answers 422 with an ``HTTPValidationError``; FastAPI's
document defines it (and the ``ValidationError`` it holds) in ``components.schemas``. The shapes
are FastAPI 0.165's (pydantic 2: each error also carries its ``input`` and ``ctx``).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

_SCHEMAS: dict[str, dict[str, Any]] = {
    "HTTPValidationError": {
        "properties": {
            "detail": {"items": {"$ref": "#/components/schemas/ValidationError"}, "type": "array", "title": "Detail"}
        },
        "type": "object",
        "title": "HTTPValidationError",
    },
    "ValidationError": {
        "properties": {
            "loc": {
                "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
                "type": "array",
                "title": "Location",
            },
            "msg": {"type": "string", "title": "Message"},
            "type": {"type": "string", "title": "Error Type"},
            "input": {"title": "Input"},
            "ctx": {"type": "object", "title": "Context"},
        },
        "type": "object",
        "required": ["loc", "msg", "type"],
        "title": "ValidationError",
    },
}
_NEEDS = {"HTTPValidationError": ("ValidationError",)}


def framework_schemas(used: Collection[str], taken: Collection[str]) -> dict[str, dict[str, Any]]:
    """The framework schemas the document needs, by component key.

    Args:
        used: The response types the routes name.
        taken: Component keys (and names) of the analysed code's own models, which win.
    """
    wanted = [name for name in _SCHEMAS if name in used and name not in taken]
    for name in list(wanted):
        wanted += [dep for dep in _NEEDS.get(name, ()) if dep not in taken and dep not in wanted]
    return {name: _SCHEMAS[name] for name in sorted(wanted)}

"""Best-effort JSON Schema for Python type annotations as written in the source.

Annotations are parsed with :func:`ast.parse` (parsed, never evaluated) and mapped by name:
builtins and common library types to JSON types, catalog models to ``$ref``, ``X | None`` and
``Optional[X]`` to ``anyOf`` with ``null``; anything unknown becomes an empty schema with a
description saying so.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from typing import Any

MAX_TYPE_CHARS = 4000
MAX_DEPTH = 12

_STRING = {"type": "string"}
_NAMED: dict[str, dict[str, Any]] = {
    "str": _STRING,
    "StrictStr": _STRING,
    "constr": _STRING,
    "Path": _STRING,
    "int": {"type": "integer"},
    "StrictInt": {"type": "integer"},
    "NonPositiveInt": {"type": "integer", "maximum": 0},
    "conint": {"type": "integer"},
    "PositiveInt": {"type": "integer", "exclusiveMinimum": 0},
    "NonNegativeInt": {"type": "integer", "minimum": 0},
    "NegativeInt": {"type": "integer", "exclusiveMaximum": 0},
    "float": {"type": "number"},
    "confloat": {"type": "number"},
    "Decimal": {"type": "number"},
    "condecimal": {"type": "number"},
    "PositiveFloat": {"type": "number", "exclusiveMinimum": 0},
    "NonNegativeFloat": {"type": "number", "minimum": 0},
    "NegativeFloat": {"type": "number", "exclusiveMaximum": 0},
    "NonPositiveFloat": {"type": "number", "maximum": 0},
    "StrictFloat": {"type": "number"},
    "FiniteFloat": {"type": "number"},
    "StrictBytes": {"type": "string", "format": "binary"},
    "SecretStr": {"type": "string", "format": "password", "writeOnly": True},
    "SecretBytes": {"type": "string", "format": "password", "writeOnly": True},
    **{name: {"type": "string", "format": "date"} for name in ("PastDate", "FutureDate")},
    **{
        name: {"type": "string", "format": "date-time"}
        for name in ("AwareDatetime", "NaiveDatetime", "PastDatetime", "FutureDatetime")
    },
    **{
        name: {"type": "string", "format": name.lower()}
        for name in ("IPvAnyAddress", "IPvAnyInterface", "IPvAnyNetwork")
    },
    "bool": {"type": "boolean"},
    "StrictBool": {"type": "boolean"},
    "bytes": {"type": "string", "format": "binary"},
    "UploadFile": {"type": "string", "format": "binary"},
    "FileStorage": {"type": "string", "format": "binary"},
    "datetime": {"type": "string", "format": "date-time"},
    "DateTime": {"type": "string", "format": "date-time"},  # pendulum's, pydantic-extra-types'
    "Date": {"type": "string", "format": "date"},
    "date": {"type": "string", "format": "date"},
    "time": {"type": "string", "format": "time"},
    "timedelta": {"type": "string", "format": "duration"},
    "UUID": {"type": "string", "format": "uuid"},
    **{f"UUID{v}": {"type": "string", "format": f"uuid{v}"} for v in (1, 3, 4, 5)},
    "EmailStr": {"type": "string", "format": "email"},
    "HttpUrl": {"type": "string", "format": "uri"},
    "AnyUrl": {"type": "string", "format": "uri"},
    "AnyHttpUrl": {"type": "string", "format": "uri"},
    "IPv4Address": {"type": "string", "format": "ipv4"},
    "IPv6Address": {"type": "string", "format": "ipv6"},
    "dict": {"type": "object"},
    "Dict": {"type": "object"},
    "Mapping": {"type": "object"},
    "MutableMapping": {"type": "object"},
    "TypedDict": {"type": "object"},
    "Json": {},
    "None": {"type": "null"},
    "NoneType": {"type": "null"},
    "Any": {},
    "object": {},
}
_ARRAYS = {
    "list",
    "List",
    "Sequence",
    "MutableSequence",
    "Iterable",
    "Collection",
    "tuple",
    "Tuple",
    "set",
    "Set",
    "frozenset",
    "FrozenSet",
    "conlist",
    "Iterator",
    "Generator",
    "AsyncIterator",
}
_UNIQUE = {"set", "Set", "frozenset", "FrozenSet"}
_TRANSPARENT = {"Annotated", "Required", "NotRequired", "ReadOnly", "Final", "ClassVar", "Mapped", "Optional"}


Specialise = Callable[[str, list[str], "TypeMapper"], dict[str, Any] | None]
"""``(generic model name, type argument texts, mapper)`` → the concrete model's schema, or None."""


class TypeMapper:
    """Maps annotation text to JSON Schema, resolving catalog models to component references.

    Args:
        refs: Model id *and* model name → component schema key (names only when unambiguous).
        specialise: What a subscripted generic model (``Page[Item]``) is; None: the generic model.
        nulls: Whether ``None`` in a union is a ``null`` member (pydantic 2); pydantic 1 writes
            ``Optional[X]`` as ``X``.
    """

    def __init__(self, refs: Mapping[str, str], specialise: Specialise | None = None, nulls: bool = True) -> None:
        self._refs = refs
        self._specialise = specialise
        self._nulls = nulls

    def _union(self, schemas: list[dict[str, Any]]) -> dict[str, Any]:
        kept = schemas if self._nulls else [s for s in schemas if s != {"type": "null"}] or schemas
        return _any_of(kept)

    def schema(self, type_text: str | None) -> dict[str, Any]:
        """The JSON Schema of ``type_text``; ``{}`` when there is no annotation."""
        text = (type_text or "").strip()
        if not text:
            return {}
        node = _parse(text)
        if node is None:
            return _unknown(text)
        return self._convert(node, text, 0)

    def ref(self, model_id: str | None) -> dict[str, Any] | None:
        """A ``$ref`` to the component schema of a catalog model, or None."""
        key = self._refs.get(model_id or "")
        return {"$ref": f"#/components/schemas/{key}"} if key else None

    def _convert(self, node: ast.expr, text: str, depth: int) -> dict[str, Any]:
        if depth > MAX_DEPTH:
            return _unknown(text)
        if isinstance(node, ast.Constant):
            if node.value is None:
                return {"type": "null"}
            if isinstance(node.value, str):
                inner = _parse(node.value)
                return self._convert(inner, node.value, depth + 1) if inner is not None else _unknown(node.value)
            return _unknown(text)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
            return self._union([self._convert(node.left, text, depth + 1), self._convert(node.right, text, depth + 1)])
        if isinstance(node, ast.Call):
            return self._convert(node.func, text, depth + 1)
        if isinstance(node, ast.Subscript):
            return self._subscript(node, text, depth)
        name = _dotted(node)
        if name is None:
            return _unknown(text)
        ref = self.ref(name) or self.ref(name.rsplit(".", 1)[-1])
        if ref is not None:
            return ref
        short = name.rsplit(".", 1)[-1]
        if short in _NAMED:
            return dict(_NAMED[short])
        if short in _ARRAYS:
            return {"type": "array", **({"uniqueItems": True} if short in _UNIQUE else {})}
        return _unknown(name)

    def _subscript(self, node: ast.Subscript, text: str, depth: int) -> dict[str, Any]:
        base = (_dotted(node.value) or "").rsplit(".", 1)[-1]
        args = list(node.slice.elts) if isinstance(node.slice, ast.Tuple) else [node.slice]
        if base == "Literal":
            values = [a.value for a in args if isinstance(a, ast.Constant) and _is_json_scalar(a.value)]
            return enum_schema(values) if values else _unknown(text)
        if base == "Optional":
            return self._union([self._convert(args[0], text, depth + 1), {"type": "null"}])
        if base == "Union":
            return self._union([self._convert(a, text, depth + 1) for a in args])
        if base == "Annotated" and len(args) > 1:  # Annotated[A | B, Field(discriminator="kind")]
            inner = self._convert(args[0], text, depth + 1)
            prop = next((p for p in map(_discriminator, args[1:]) if p), None)
            return discriminated(inner, prop) if prop else inner
        if base in _TRANSPARENT:
            return self._convert(args[0], text, depth + 1)
        if base in _ARRAYS:
            schema: dict[str, Any] = {"type": "array"}
            if base in {"tuple", "Tuple"} and not (len(args) == 2 and _is_ellipsis(args[1])):
                schema["prefixItems"] = [self._convert(a, text, depth + 1) for a in args]
            else:
                schema["items"] = self._convert(args[0], text, depth + 1)
            if base in _UNIQUE:
                schema["uniqueItems"] = True
            return schema
        if base in {"dict", "Dict", "Mapping", "MutableMapping", "defaultdict", "OrderedDict"}:
            value = self._convert(args[-1], text, depth + 1) if len(args) == 2 else {}
            return {"type": "object", "additionalProperties": value}
        name = _dotted(node.value)
        if self._specialise is not None and name is not None:
            concrete = self._specialise(name, [ast.unparse(a) for a in args], self)
            if concrete is not None:
                return concrete
        return self._convert(node.value, text, depth + 1)


def _parse(text: str) -> ast.expr | None:
    """The expression tree of an annotation, or None when it is not a short valid expression."""
    if len(text) > MAX_TYPE_CHARS:
        return None
    try:
        return ast.parse(text, mode="eval").body
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def _dotted(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value)
        return f"{base}.{node.attr}" if base else None
    return None


def _is_ellipsis(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is Ellipsis


def _is_json_scalar(value: object) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def _any_of(schemas: list[dict[str, Any]]) -> dict[str, Any]:
    """``anyOf`` of the distinct schemas (nested ``anyOf`` flattened), or the single one."""
    flat: list[dict[str, Any]] = []
    for schema in schemas:
        for part in schema["anyOf"] if set(schema) == {"anyOf"} else [schema]:
            if part not in flat:
                flat.append(part)
    return flat[0] if len(flat) == 1 else {"anyOf": flat}


def _discriminator(node: ast.expr) -> str | None:
    """The property a ``Field(discriminator="kind")`` or ``Discriminator("kind")`` names, else None."""
    if not isinstance(node, ast.Call):
        return None
    name = (_dotted(node.func) or "").rsplit(".", 1)[-1]
    if name == "Field":
        found = next((k.value for k in node.keywords if k.arg == "discriminator"), None)
    elif name == "Discriminator" and node.args:
        found = node.args[0]
    else:
        return None
    return found.value if isinstance(found, ast.Constant) and isinstance(found.value, str) else None


def discriminated(schema: dict[str, Any], prop: str) -> dict[str, Any]:
    """A union told apart by ``prop``, as pydantic writes it: ``oneOf`` with a ``discriminator``.

    ``None`` in the union stays beside it (``anyOf: [{oneOf: ...}, null]``); a schema that is not
    a union of two or more members is left as it is.
    """
    members = schema.get("anyOf")
    if not isinstance(members, list):
        return schema
    null = {"type": "null"}
    kinds = [m for m in members if m != null]
    if len(kinds) < 2:
        return schema
    rest = {k: v for k, v in schema.items() if k != "anyOf"}
    one = {"oneOf": kinds, "discriminator": {"propertyName": prop}}
    return rest | ({"anyOf": [one, null]} if len(kinds) < len(members) else one)


def enum_schema(values: list[Any]) -> dict[str, Any]:
    """``{"enum": values}`` with the JSON type the values share, as pydantic writes it (``"type": "string"``)."""
    kinds = {_JSON_TYPE.get(type(v)) for v in values}
    if kinds == {"integer", "number"}:
        kinds = {"number"}
    kind = next(iter(kinds)) if len(kinds) == 1 else None
    return {"enum": values, "type": kind} if kind else {"enum": values}


_JSON_TYPE: dict[type, str] = {str: "string", bool: "boolean", int: "integer", float: "number"}


def _unknown(text: str) -> dict[str, Any]:
    return {"description": f"Type not mapped to JSON Schema: {text[:120]}"}

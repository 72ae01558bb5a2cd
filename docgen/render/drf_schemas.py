"""Component schemas of DRF serializers, as drf-spectacular writes them for responses and requests.

A serializer is one component per direction (drf-spectacular's ``COMPONENT_SPLIT_REQUEST``): the
response one (``Book``: read-only fields marked ``readOnly`` and always present, write-only ones
left out), the request one (``BookRequest``: read-only fields left out) and the partial update
one (``PatchedBookRequest``: nothing required). Without the split (``split=False``, the setting's
default) ``Book`` holds every field and serves requests too, and a partial update is ``PatchedBook``.
Request components are built when a request body needs them.

Field classes map as drf-spectacular maps them (``CharField`` → string, ``IntegerField`` → integer,
``DecimalField`` → string, related fields → their key, nested serializers → a reference,
``many=True`` → an array, ``allow_null`` → nullable); choices are an enum when written as a literal
(with ``blank_members``, a blank choice is a ``oneOf`` member of its own, as drf-spectacular's enum
hook writes it); a project's field class maps as the DRF class it derives from, a method field as
its method's declared type; a field class docgen does not know is marked as such.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Callable
from enum import StrEnum
from typing import Any

from docgen.model import Model, ModelField, RelationKind
from docgen.render.type_schema import TypeMapper

Schema = dict[str, Any]


class Direction(StrEnum):
    """Which way a serializer's data travels."""

    RESPONSE = "response"
    REQUEST = "request"
    PATCHED = "patched"


_STRING: Schema = {"type": "string"}
_FIELDS: dict[str, Schema] = {
    "CharField": _STRING,
    "RegexField": _STRING,
    "SlugField": _STRING,
    "IPAddressField": _STRING,
    "FilePathField": _STRING,
    "StringRelatedField": _STRING,
    "SlugRelatedField": _STRING,
    "SerializerMethodField": _STRING,
    "ReadOnlyField": _STRING,
    "DurationField": _STRING,
    "EmailField": {"type": "string", "format": "email"},
    "URLField": {"type": "string", "format": "uri"},
    "HyperlinkedRelatedField": {"type": "string", "format": "uri"},
    "HyperlinkedIdentityField": {"type": "string", "format": "uri"},
    "UUIDField": {"type": "string", "format": "uuid"},
    "DecimalField": {"type": "string", "format": "decimal"},
    "DateTimeField": {"type": "string", "format": "date-time"},
    "DateField": {"type": "string", "format": "date"},
    "TimeField": {"type": "string", "format": "time"},
    "IntegerField": {"type": "integer"},
    "PrimaryKeyRelatedField": {"type": "integer"},
    "FloatField": {"type": "number", "format": "double"},
    "BooleanField": {"type": "boolean"},
    "NullBooleanField": {"type": "boolean"},
    "JSONField": {},
    "ModelField": {},
    "DictField": {"type": "object"},
    "HStoreField": {"type": "object", "additionalProperties": {"type": "string"}},
    "ListField": {"type": "array", "items": {}},
}
_FILES = frozenset({"FileField", "ImageField"})
_CHOICES = frozenset({"ChoiceField", "MultipleChoiceField"})
_SKIPPED = frozenset({"HiddenField"})
_ENVELOPES = {
    "PageNumberPagination": ("count", "next", "previous", "results"),
    "LimitOffsetPagination": ("count", "next", "previous", "results"),
    "CursorPagination": ("next", "previous", "results"),
}
"""DRF's paginators → the properties of their ``get_paginated_response_schema``."""


class SerializerSchemas:
    """Builds the components of DRF serializer models, on demand for the request directions.

    Args:
        models: The catalog's DRF serializer models, by id.
        keys: Model id → component key.
        ref: Makes the ``$ref`` of a component key.
        types: Maps the type text a method field's method returns.
    """

    def __init__(
        self,
        models: dict[str, Model],
        keys: dict[str, str],
        ref: Callable[[str], Schema],
        types: TypeMapper,
        split: bool = True,
        blank_members: bool = False,
    ) -> None:
        self.models = models
        self.keys = keys
        self._ref = ref
        self.types = types
        self.split = split
        self.blank_members = blank_members
        self.built: dict[str, Schema] = {}

    def component(self, model: Model) -> Schema:
        """The response component of a serializer (the one under its own key)."""
        return self._schema(model, Direction.RESPONSE)

    def ref(self, model_id: str, direction: Direction) -> Schema | None:
        """A reference to the component of ``model_id`` for ``direction``, built when first needed.

        None when the serializer is not in the catalog or sends nothing that way.
        """
        model = self.models.get(model_id)
        if model is None:
            return None
        key = self.keys[model_id]
        if direction is Direction.RESPONSE or (direction is Direction.REQUEST and not self.split):
            return self._ref(key)
        name = f"Patched{key}" if direction is Direction.PATCHED else f"{key}Request"
        name += "Request" if direction is Direction.PATCHED and self.split else ""
        if name not in self.built:
            self.built[name] = {}  # reserved first: a serializer may nest itself
            self.built[name] = self._schema(model, direction)
        return self._ref(name) if self.built[name].get("properties") else None

    def _schema(self, model: Model, direction: Direction) -> Schema:
        schema: Schema = {"title": model.name}
        description = "\n\n".join(part for part in (model.summary, model.description) if part)
        if description:
            schema["description"] = description
        properties: dict[str, Schema] = {}
        required: list[str] = []
        nested = {r.field: r.target for r in model.relations if r.kind is RelationKind.NESTED}
        for field in model.fields:
            read_only = _flag(field, "read_only")
            write_only = _flag(field, "write_only")
            skipped = (read_only if direction is not Direction.RESPONSE else write_only) and self.split
            if skipped or field.type in _SKIPPED:
                continue
            name = field.alias or field.name
            properties[name] = self._field(field, nested.get(field.name), direction)
            if read_only:
                properties[name]["readOnly"] = True
            if write_only:
                properties[name]["writeOnly"] = True
            if field.description:
                properties[name].setdefault("description", field.description)
            always = read_only and (direction is Direction.RESPONSE or not self.split)  # always present
            if (always or field.required) and direction is not Direction.PATCHED and name not in required:
                required.append(name)  # a name listed twice (``Meta.fields``) is one property
        schema |= {"type": "object", "properties": properties}
        if required:
            schema["required"] = required
        return schema

    def _field(self, field: ModelField, target: str | None, direction: Direction) -> Schema:
        many = _flag(field, "many") or field.type.startswith("list[")
        inner = direction if direction is not Direction.PATCHED else Direction.REQUEST
        returns = field.constraints.get("returns")
        if target is not None:
            schema = self.ref(target, inner) or {}
        elif "schema" in field.constraints:
            schema = json.loads(field.constraints["schema"])
        elif returns:
            schema = self.types.schema(returns)
        else:
            known = field.type in _FIELDS or field.type in _FILES or field.type in _CHOICES
            name = field.type if known else field.constraints.get("base") or field.type
            schema = _field_class(name, field.constraints, direction, self.blank_members)
        if many and field.type not in ("ListField", "MultipleChoiceField"):
            schema = {"type": "array", "items": schema}
        if _flag(field, "allow_null"):
            schema = {"anyOf": [schema, {"type": "null"}]}
        return schema


def paginated(type_text: str, items: Schema) -> Schema | None:
    """The envelope of a list paginated by one of DRF's paginators (``PageNumberPagination[list[X]]``)."""
    base, _, rest = type_text.partition("[")
    fields = _ENVELOPES.get(base.removeprefix("rest_framework.pagination."))
    if fields is None or not rest.endswith("]"):
        return None
    link: Schema = {"type": ["string", "null"], "format": "uri"}
    properties: dict[str, Schema] = {"count": {"type": "integer"}, "next": link, "previous": dict(link)}
    schema: Schema = {"type": "object", "properties": {n: properties.get(n, items) for n in fields}}
    return schema | {"required": [n for n in fields if n in ("count", "results")]}


def paginated_items(type_text: str) -> str:
    """The list type inside a paginated type (``PageNumberPagination[list[X]]`` → ``list[X]``)."""
    return type_text.partition("[")[2][:-1]


def _field_class(name: str, constraints: dict[str, str], direction: Direction, blank: bool = False) -> Schema:
    """The schema of a DRF field class (its options as source text)."""
    if name in _FILES:
        return {"type": "string", "format": "uri" if direction is Direction.RESPONSE else "binary"}
    if name in _CHOICES:
        values = json.loads(constraints["enum"]) if "enum" in constraints else _choices(constraints.get("choices"))
        enum: Schema = _enum(values) if values is not None else _unknown(f"{name} choices")
        if blank and values is not None and "" in values and len(values) > 1:  # drf-spectacular's BlankEnum
            enum = {"oneOf": [_enum([v for v in values if v != ""]), {"enum": [""]}]}
        return {"type": "array", "items": enum} if name == "MultipleChoiceField" else enum
    if name in _FIELDS:
        schema = dict(_FIELDS[name])
        child = _child_class(constraints.get("child"))
        if child and name in ("ListField", "DictField"):
            own = {"enum": constraints["child_enum"]} if "child_enum" in constraints else {}
            inner = _field_class(child, own, direction)
            schema["items" if name == "ListField" else "additionalProperties"] = inner
        return schema
    return _unknown(name) if name else {}


def _choices(text: str | None) -> list[Any] | None:
    """The values of literal ``choices`` (``[("a", "A"), ...]``, ``["a", "b"]``, a dict); None otherwise."""
    if text is None or len(text) > 2000:
        return None
    try:
        value = ast.literal_eval(text)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None
    items = list(value) if isinstance(value, list | tuple | dict) else None
    if items is None:
        return None
    values = [item[0] if isinstance(item, list | tuple) and item else item for item in items]
    return values if all(isinstance(v, str | int | float | bool) for v in values) else None


def _enum(values: list[Any]) -> Schema:
    kinds = {"string" if isinstance(v, str) else "boolean" if isinstance(v, bool) else "integer" for v in values}
    return {"enum": values, "type": kinds.pop()} if len(kinds) == 1 else {"enum": values}


def _child_class(text: str | None) -> str:
    """``serializers.IntegerField()`` → ``IntegerField``."""
    if not text:
        return ""
    return text.partition("(")[0].rsplit(".", 1)[-1].strip()


def _flag(field: ModelField, option: str) -> bool:
    return field.constraints.get(option) == "True"


def _unknown(name: str) -> Schema:
    return {"description": f"Type not mapped to JSON Schema: {name[:120]}"}

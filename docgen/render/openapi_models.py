"""Component schemas of the catalog's models, as pydantic writes them: fields, enums, defaults."""

from __future__ import annotations

from typing import Any

from docgen.model import Model, ModelField, ModelKind
from docgen.render.openapi_defaults import MISSING, literal, object_rules, with_constraints
from docgen.render.type_schema import TypeMapper, enum_schema

_ROOT_BASES = frozenset({"pydantic.RootModel", "pydantic.root_model.RootModel"})
_TYPED_ENUM_BASES = frozenset({"builtins.str", "builtins.int", "builtins.float", "enum.IntEnum", "enum.StrEnum"})


def typed_enums(models: tuple[Model, ...]) -> frozenset[str]:
    """The enums that are also a ``str``, ``int`` or ``float`` (a mixin, here or in an enum they extend).

    Pydantic 1 types an enum's schema by that class alone (``class Colour(str, Enum)``: ``"type":
    "string"``); a plain ``Enum`` has no ``type`` whatever its values are. Pydantic 2 types it by its values.
    """
    enums = {m.id: m for m in models if m.kind is ModelKind.ENUM}
    typed: set[str] = set()
    for _ in range(len(enums)):  # until no more is found: each pass adds the enums extending one found
        found = {i for i, m in enums.items() if not _TYPED_ENUM_BASES.isdisjoint(m.bases) or typed & set(m.bases)}
        if found <= typed:
            break
        typed |= found
    return frozenset(typed)


def model_schema(model: Model, mapper: TypeMapper, typed_enums: frozenset[str] | None = None) -> dict[str, Any]:
    """The component schema of ``model``.

    ``typed_enums``: with pydantic 1, the enums that have a ``type``; None with pydantic 2 (all have).
    """
    schema: dict[str, Any] = {"title": model.name}
    description = "\n\n".join(part for part in (model.summary, model.description) if part)
    if description:
        schema["description"] = description
    if model.kind is ModelKind.ENUM:  # a str/int mixin takes a tuple value as its arguments: ("a",) is "a"
        mixin = not {"builtins.str", "builtins.int"}.isdisjoint(model.bases)
        values = [literal(f.default) for f in model.fields]
        values = [v[0] if mixin and isinstance(v, list) and len(v) == 1 else v for v in values]
        schema |= enum_schema([f.name if v is MISSING else v for f, v in zip(model.fields, values, strict=True)])
        if typed_enums is not None and model.id not in typed_enums:
            schema.pop("type", None)
        return schema
    if model.kind is ModelKind.NAMEDTUPLE:  # validated as a tuple of its fields
        return schema | _tuple_schema(model, mapper, typed_enums is not None)
    if _is_root(model):  # RootModel[str], v1 ``__root__``: the schema of the one field's type
        return schema | field_schema(model.fields[0], mapper)
    schema["type"] = "object"
    schema["properties"] = {f.alias or f.name: field_schema(f, mapper) for f in model.fields}
    return object_rules(schema, model)


def _is_root(model: Model) -> bool:
    """Whether ``model`` is a pydantic root model: its value is its one ``root`` (v1 ``__root__``) field."""
    if model.kind is not ModelKind.PYDANTIC or len(model.fields) != 1:
        return False
    name = model.fields[0].name
    return name == "__root__" or (name == "root" and not _ROOT_BASES.isdisjoint(model.bases))


def _tuple_schema(model: Model, mapper: TypeMapper, v1: bool) -> dict[str, Any]:
    """A ``NamedTuple``: an array of its fields in order (pydantic 1 leaves the items untyped)."""
    count = len(model.fields)
    if v1:
        return {"type": "array", "items": {}, "minItems": count, "maxItems": count}
    items = [field_schema(f, mapper) for f in model.fields]
    return {"type": "array", "prefixItems": items, "minItems": sum(f.required for f in model.fields), "maxItems": count}


def field_schema(field: ModelField, mapper: TypeMapper) -> dict[str, Any]:
    """The property schema of ``field``: its type's, with its constraints, description and default."""
    schema = with_constraints(mapper.schema(field.resolved_type or field.type), field.constraints)
    if field.description:
        schema.setdefault("description", field.description)
    return with_default(schema, literal(field.default) if not field.required else MISSING)


def with_default(schema: dict[str, Any], default: Any) -> dict[str, Any]:
    """Add a default, as FastAPI writes them: a None default is left out and does not make the type nullable.

    (``q: str = None`` is ``{"type": "string"}`` in FastAPI's document with pydantic 1 and 2 alike;
    ``Optional[str]`` is what makes it nullable.)
    """
    if default is MISSING or default is None:
        return schema
    schema["default"] = default
    return schema

"""Generic models made concrete: ``Page[Item]`` as the component pydantic writes for it.

A generic model (``class Page(BaseModel, Generic[T])``) has no schema of its own in a framework's
document: each use with its type arguments is one, named as pydantic names it
(``Page[Item]`` → ``Page_Item_``), its fields with the type variables replaced by the arguments.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from docgen.model import Model, ModelField
from docgen.render.openapi_defaults import object_rules

if TYPE_CHECKING:
    from docgen.render.type_schema import TypeMapper

FieldSchema = Callable[[ModelField, "TypeMapper"], dict[str, Any]]
"""How one field becomes a property schema (the document's own rule for plain models)."""


class GenericModels:
    """The concrete components of the generic models the document uses, built on first use.

    Args:
        models: Every catalog model.
        refs: Model id and unambiguous model name → component key (as the type mapper has them).
        field_schema: How a field becomes a property schema.
        pydantic: The project's pydantic major version. Pydantic 1 makes a generic model of a
            ``GenericModel`` only: ``Page[Item]`` of a ``BaseModel, Generic[T]`` is ``Page``, its
            ``T`` any value.
    """

    def __init__(
        self, models: tuple[Model, ...], refs: Mapping[str, str], field_schema: FieldSchema, pydantic: int | None = None
    ) -> None:
        generic = _v1_generic_models(models) if pydantic == 1 else {m.id for m in models}
        keys = {m.id: refs[m.id] for m in models if m.type_params and m.id in refs and m.id in generic}
        self._models = {key: m for m in models if (key := keys.get(m.id))}
        self._refs = refs
        self._field_schema = field_schema
        self.built: dict[str, dict[str, Any]] = {}

    def is_generic(self, model_id: str | None) -> bool:
        """Whether ``model_id`` is a generic model (its uses are concrete components)."""
        key = self._refs.get(model_id or "")
        return key is not None and key in self._models

    def specialise(self, name: str, args: list[str], mapper: TypeMapper) -> dict[str, Any] | None:
        """A ``$ref`` to the component of generic model ``name`` with ``args``; None for another type."""
        key = self._refs.get(name) or self._refs.get(name.rsplit(".", 1)[-1])
        model = self._models.get(key or "")
        if model is None or len(args) != len(model.type_params):
            return None
        shorts = [_short(a) for a in args]
        concrete = re.sub(r"[^A-Za-z0-9._-]", "_", f"{key}[{', '.join(shorts)}]")
        if concrete not in self.built:
            self.built[concrete] = {}  # a field of the model's own type refers back to it
            self.built[concrete] = self._component(model, f"{model.name}[{', '.join(shorts)}]", args, mapper)
        return {"$ref": f"#/components/schemas/{concrete}"}

    def _component(self, model: Model, title: str, args: list[str], mapper: TypeMapper) -> dict[str, Any]:
        bound = dict(zip(model.type_params, args, strict=True))
        pattern = re.compile(r"\b(" + "|".join(map(re.escape, bound)) + r")\b")
        properties: dict[str, Any] = {}
        for field in model.fields:
            written = field.resolved_type or field.type
            concrete = replace(field, resolved_type=pattern.sub(lambda m: bound[m.group(1)], written))
            properties[field.alias or field.name] = self._field_schema(concrete, mapper)
        return object_rules({"title": title, "type": "object", "properties": properties}, model)


_GENERIC_MODEL = frozenset({"pydantic.generics.GenericModel", "pydantic.v1.generics.GenericModel"})


def _v1_generic_models(models: tuple[Model, ...]) -> set[str]:
    """The models that are a pydantic 1 ``GenericModel``, directly or through the models they extend."""
    found: set[str] = set()
    for _ in range(len(models)):  # each pass adds the models extending one found
        more = {
            m.id
            for m in models
            if m.id not in found and not (_GENERIC_MODEL.isdisjoint(m.bases) and found.isdisjoint(m.bases))
        }
        if not more:
            break
        found |= more
    return found


def _short(text: str) -> str:
    """An argument as pydantic names it in a model name: its class's own name (``app.Item`` → ``Item``)."""
    return re.sub(r"(?:[A-Za-z_][\w]*\.)+([A-Za-z_]\w*)", r"\1", text)

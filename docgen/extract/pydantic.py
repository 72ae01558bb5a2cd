"""Pydantic (v1 and v2) models and settings, and SQLModel tables."""

from __future__ import annotations

from docgen.extract.base import Extractor, LinkContext
from docgen.extract.common import callee_name, short_name
from docgen.extract.fields import ClassInfo, build_model, classes, default_of, is_classvar, kwargs_text
from docgen.link.evaluate import Const
from docgen.link.unparse import unparse
from docgen.model import Model, ModelField, ModelKind, Relation, RelationKind
from docgen.model.facts import Assign, Op

BASES = frozenset(
    {
        "pydantic.BaseModel",
        "pydantic.main.BaseModel",
        "pydantic.v1.BaseModel",
        "pydantic.v1.main.BaseModel",
        "pydantic.generics.GenericModel",
        "pydantic.RootModel",
        "pydantic.root_model.RootModel",
    }
)
SETTINGS = frozenset(
    {
        "pydantic_settings.BaseSettings",
        "pydantic.BaseSettings",
        "pydantic.v1.BaseSettings",
        "pydantic.env_settings.BaseSettings",
    }
)
SQLMODEL = frozenset({"sqlmodel.SQLModel", "sqlmodel.main.SQLModel"})
CONSTRAINTS = (
    "gt",
    "ge",
    "lt",
    "le",
    "min_length",
    "max_length",
    "pattern",
    "regex",
    "multiple_of",
    "max_digits",
    "decimal_places",
    "min_items",
    "max_items",
    "strict",
    "frozen",
    "unique_items",
)
_SKIP = frozenset({"model_config", "Config", "__tablename__", "__table_args__", "model_fields"})


class PydanticExtractor(Extractor):
    """Models deriving from pydantic's BaseModel, BaseSettings or SQLModel."""

    name = "pydantic"

    def collect_models(self, *, context: LinkContext) -> list[Model]:  # noqa: D102
        models = []
        for info in classes(context):
            if info.lineage.isdisjoint(BASES | SETTINGS | SQLMODEL):
                continue
            if not info.lineage.isdisjoint(SQLMODEL):
                table = _table_kwarg(context, info)
                kind = ModelKind.SQLMODEL if table else ModelKind.PYDANTIC
            else:
                kind = ModelKind.PYDANTIC_SETTINGS if not info.lineage.isdisjoint(SETTINGS) else ModelKind.PYDANTIC
            models.append(build_model(context, info, kind, read_field))
        return models


def _table_kwarg(context: LinkContext, info: ClassInfo) -> bool:
    for key, value in info.definition.keywords:
        if key == "table":
            evaluated = context.evaluator.eval(value, info.outer)
            return isinstance(evaluated, Const) and evaluated.value is True
    return False


def read_field(
    context: LinkContext, klass: ClassInfo, stmt: Assign, name: str
) -> tuple[ModelField, list[Relation]] | None:
    """A field from ``name: T = value``; plain assignments and private names are not fields."""
    if stmt.op != ":" or name.startswith("_") or name in _SKIP or is_classvar(stmt.annotation):
        return None
    value = stmt.value
    relations: list[Relation] = []
    constraints: dict[str, str] = {}
    description = ""
    alias = None
    default_expr = value
    required = value is None
    call = callee_name(context, value, klass.scope) if value is not None and value.op is Op.CALL else None
    if value is not None and call is not None and short_name(call) in ("Field", "Relationship"):
        assert value is not None
        constraints = kwargs_text(value, CONSTRAINTS)
        for key, arg in value.kwargs:
            if key == "description" and arg.op is Op.STR:
                description = str(arg.value)
            elif key in ("alias", "serialization_alias") and arg.op is Op.STR:
                alias = str(arg.value)
            elif key in ("primary_key", "foreign_key", "unique", "index", "nullable"):
                constraints[key] = unparse(arg)
        default_expr = value.kwarg("default") or (value.positional[0] if value.positional else None)
        factory = value.kwarg("default_factory")
        if factory is not None:
            default_expr = factory
        required = default_expr is None or (default_expr.op is Op.CONST and default_expr.value == "...")
        if required:
            default_expr = None
        foreign = value.kwarg("foreign_key")
        if foreign is not None and foreign.op is Op.STR:
            relations.append(Relation(RelationKind.FOREIGN_KEY, name, str(foreign.value)))
        if short_name(call) == "Relationship":
            relations.append(Relation(RelationKind.RELATIONSHIP, name, _relationship_target(stmt)))
    elif value is not None and value.op is Op.CONST and value.value == "...":
        required, default_expr = True, None
    default = default_of(context, klass, name, default_expr, stmt.line) if default_expr is not None else None
    field = ModelField(
        name=name,
        type=unparse(stmt.annotation),
        required=required,
        default=default,
        constraints=constraints,
        description=description,
        alias=alias,
        location=context.location(klass.scope.module, stmt.line),
    )
    return field, relations


def _relationship_target(stmt: Assign) -> str:
    annotation = stmt.annotation
    while annotation is not None and annotation.op is Op.SUBSCRIPT:
        annotation = annotation.args[1] if len(annotation.args) > 1 else None
    if annotation is not None and annotation.op is Op.STR:
        return str(annotation.value)
    return unparse(annotation) if annotation is not None else ""

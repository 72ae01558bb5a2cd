"""SQLAlchemy declarative models and Flask-SQLAlchemy ``db.Model`` classes.

Both the ``Column`` and the 2.0 ``Mapped``/``mapped_column`` styles: columns, foreign keys,
relationships and table names.
"""

from __future__ import annotations

import re

from docgen.extract.base import Extractor, LinkContext
from docgen.extract.common import callee_name, short_name
from docgen.extract.fields import (
    ClassInfo,
    annotation_optional,
    build_model,
    classes,
    default_of,
    kwargs_text,
)
from docgen.link.evaluate import Const, DefRef
from docgen.link.unparse import unparse
from docgen.model import Model, ModelField, ModelKind, Relation, RelationKind
from docgen.model.facts import Assign, Expr, Op

BASES = frozenset(
    {
        "sqlalchemy.orm.DeclarativeBase",
        "sqlalchemy.orm.DeclarativeBaseNoMeta",
        "sqlalchemy.orm.decl_api.DeclarativeBase",
        "sqlalchemy.orm.declarative_base",
        "sqlalchemy.ext.declarative.declarative_base",
        "sqlalchemy.orm.decl_api.declarative_base",
        "flask_sqlalchemy.SQLAlchemy.Model",
        "flask_sqlalchemy.extension.SQLAlchemy.Model",
        "sqlalchemy.orm.registry.generate_base",
    }
)
_BASE_CLASSES = frozenset(
    {
        "sqlalchemy.orm.DeclarativeBase",
        "sqlalchemy.orm.DeclarativeBaseNoMeta",
        "sqlalchemy.orm.decl_api.DeclarativeBase",
    }
)
_COLUMN_FUNCS = frozenset({"Column", "mapped_column", "column_property", "synonym", "deferred"})
_OPTIONS = ("primary_key", "unique", "index", "nullable", "autoincrement", "server_default", "onupdate", "comment")


class SQLAlchemyExtractor(Extractor):
    """Declarative ORM models."""

    name = "sqlalchemy"

    def collect_models(self, *, context: LinkContext) -> list[Model]:  # noqa: D102
        models = []
        for info in classes(context):
            if info.lineage.isdisjoint(BASES) or _is_declarative_root(context, info):
                continue
            models.append(build_model(context, info, ModelKind.SQLALCHEMY, read_column, _tablename(context, info)))
        return models


def _is_declarative_root(context: LinkContext, info: ClassInfo) -> bool:
    """``class Base(DeclarativeBase)`` itself, or an abstract base, is not a table."""
    for base in info.definition.bases:
        value = context.evaluator.eval(base, info.outer)
        if getattr(value, "dotted", None) in _BASE_CLASSES:
            return True
    for stmt in info.definition.body:
        if isinstance(stmt, Assign) and stmt.targets[0].value == "__abstract__" and stmt.value is not None:
            return stmt.value.value is True
    return False


def _tablename(context: LinkContext, info: ClassInfo) -> str | None:
    value = context.evaluator.class_attribute(DefRef(info.dotted, True), "__tablename__")
    if isinstance(value, Const) and isinstance(value.value, str):
        return value.value
    if any(name.startswith("flask_sqlalchemy") for name in info.lineage):  # it derives one from the class name
        return re.sub(r"(?<!^)(?=[A-Z])", "_", info.definition.name).lower()
    return None


def read_column(
    context: LinkContext, klass: ClassInfo, stmt: Assign, name: str
) -> tuple[ModelField, list[Relation]] | None:
    """A column or relationship declared in the class body."""
    if name.startswith("__") or stmt.targets[0].op is not Op.NAME:
        return None
    value = stmt.value
    mapped = _mapped_type(stmt.annotation)
    func = (
        short_name(callee_name(context, value, klass.scope) or "") if value is not None and value.op is Op.CALL else ""
    )
    location = context.location(klass.scope.module, stmt.line)
    if func == "relationship" or func == "backref":
        assert value is not None
        target = value.positional[0] if value.positional else None
        target_text = (
            str(target.value) if target is not None and target.op is Op.STR else unparse(target) or unparse(mapped)
        )
        field = ModelField(
            name,
            unparse(mapped) if mapped is not None else "relationship",
            False,
            None,
            kwargs_text(value, ("back_populates", "backref", "uselist", "secondary", "lazy")),
            location=location,
        )
        return field, [Relation(RelationKind.RELATIONSHIP, name, target_text)]
    if func not in _COLUMN_FUNCS and not (mapped is not None and value is None):
        return None
    type_text, relations = "", []
    options: dict[str, str] = {}
    if value is not None and value.op is Op.CALL:
        options = kwargs_text(value, _OPTIONS)
        for arg in value.positional:
            if arg.op is Op.CALL and short_name(unparse(arg.args[0])) == "ForeignKey":
                key = arg.positional[0] if arg.positional else None
                target = str(key.value) if key is not None and key.op is Op.STR else unparse(key)
                relations.append(Relation(RelationKind.FOREIGN_KEY, name, target))
                options["foreign_key"] = target
            elif arg.op in (Op.NAME, Op.ATTR, Op.CALL) and not type_text:
                type_text = unparse(arg)
    if mapped is not None:
        type_text = unparse(mapped)
    primary = options.get("primary_key") == "True"
    nullable = options.get("nullable")
    if nullable is None:
        nullable_bool = not primary and (annotation_optional(mapped) if mapped is not None else True)
    else:
        nullable_bool = nullable == "True"
    default_expr = value.kwarg("default") if value is not None and value.op is Op.CALL else None
    default = default_of(context, klass, name, default_expr, stmt.line)
    required = not nullable_bool and default_expr is None and not primary
    description = _kw_string(value, "comment") or _kw_string(value, "doc")
    field = ModelField(name, type_text, required, default, options, description, location=location)
    return field, relations


def _mapped_type(annotation: Expr | None) -> Expr | None:
    if (
        annotation is not None
        and annotation.op is Op.SUBSCRIPT
        and annotation.args[0].value in ("Mapped", "WriteOnlyMapped")
    ):
        return annotation.args[1] if len(annotation.args) > 1 else None
    return None


def _kw_string(call: Expr | None, name: str) -> str:
    if call is None or call.op is not Op.CALL:
        return ""
    value = call.kwarg(name)
    return str(value.value) if value is not None and value.op is Op.STR else ""

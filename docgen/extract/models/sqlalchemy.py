"""SQLAlchemy declarative models and Flask-SQLAlchemy ``db.Model`` classes.

Both the ``Column`` and the 2.0 ``Mapped``/``mapped_column`` styles: columns, foreign keys,
relationships (targets resolved to model ids by class name or table name; ``backref`` and
``back_populates`` name the relationship the target gets, see :mod:`docgen.link.reverse`) and table names.
``__table_args__`` indexes and constraints are constraint entries on the columns they name:
``indexes="ix_name (a, b)"`` (``unique`` appended for unique indexes), ``unique_constraint="name (a, b)"``,
``primary_key="True"`` and ``foreign_key="table.column"`` (plus a relation). A ``@declared_attr``
method (a mixin's column or relationship) declares the attribute it returns.
"""

from __future__ import annotations

import re
from dataclasses import replace

from docgen.extract._shared.common import callee_name, short_name
from docgen.extract._shared.fields import (
    ClassInfo,
    analysed_mro,
    annotation_class,
    annotation_optional,
    build_model,
    classes,
    decorated_by,
    default_of,
    kwargs_text,
    resolve_targets,
    with_entries,
)
from docgen.link.contract import Extractor, LinkContext
from docgen.link.evaluate import Const, DefRef, External
from docgen.link.program import returns_of
from docgen.link.unparse import unparse
from docgen.model import Model, ModelField, ModelKind, Relation, RelationKind
from docgen.model.facts import Assign, Expr, FunctionDef, Op, Return, Stmt

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
AS_DECLARATIVE = frozenset(
    {
        "sqlalchemy.orm.as_declarative",
        "sqlalchemy.orm.decl_api.as_declarative",
        "sqlalchemy.ext.declarative.as_declarative",
    }
)
"""Class decorators that make the class a declarative base (``@as_declarative() class Base: ...``)."""
_COLUMN_FUNCS = frozenset({"Column", "mapped_column", "column_property", "synonym", "deferred"})
_OPTIONS = ("primary_key", "unique", "index", "nullable", "autoincrement", "server_default", "onupdate", "comment")


class SQLAlchemyExtractor(Extractor):
    """Declarative ORM models."""

    name = "sqlalchemy"
    packages = frozenset({"sqlalchemy", "flask_sqlalchemy", "sqlmodel"})

    def collect_models(self, *, context: LinkContext) -> list[Model]:  # noqa: D102
        models = []
        found = list(classes(context))
        # a base may be made in a function and returned: ``def versioned_base(...)`` around ``@as_declarative() class``
        roots = {info.dotted for info in classes(context, local=True) if decorated_by(context, info, AS_DECLARATIVE)}
        bases = BASES | roots
        for info in found:
            if info.lineage.isdisjoint(bases) or info.dotted in roots or _is_declarative_root(context, info):
                continue
            model = build_model(
                context, info, ModelKind.SQLALCHEMY, read_column, _tablename(context, info), body=mapped_body
            )
            models.append(_with_table_args(context, info, model))
        return resolve_targets(models)


def mapped_body(context: LinkContext, klass: ClassInfo) -> list[Stmt]:
    """A class body with each ``@declared_attr`` method read as the attribute it declares.

    ``@declared_attr def owner_id(cls) -> Mapped[int]: return mapped_column(ForeignKey(...))``, the
    way mixins give every table a column or relationship, reads as
    ``owner_id: Mapped[int] = mapped_column(ForeignKey(...))``.
    """
    out: list[Stmt] = []
    for stmt in klass.definition.body:
        if isinstance(stmt, FunctionDef) and _declared_attr(context, klass, stmt):
            value = next((r.value for r in returns_of(stmt.body)), None)
            target = (Expr(Op.NAME, stmt.name),)
            out.append(Assign(target, value, stmt.returns, ":", stmt.line, stmt.docstring))
        else:
            out.append(stmt)
    return out


def _declared_attr(context: LinkContext, klass: ClassInfo, function: FunctionDef) -> bool:
    for decorator in function.decorators:
        value = context.evaluator.eval(decorator.args[0] if decorator.op is Op.CALL else decorator, klass.scope)
        if isinstance(value, External) and value.dotted.startswith("sqlalchemy.") and "declared_attr" in value.dotted:
            return True
    return False


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
    # Flask-SQLAlchemy derives one from the class name; a ``@declared_attr`` function almost always
    # does the same (the documented recipe), and cannot be run.
    if any(name.startswith("flask_sqlalchemy") for name in info.lineage) or isinstance(value, DefRef):
        return re.sub(r"(?<!^)(?=[A-Z])", "_", info.definition.name).lower()
    return None


def _with_table_args(context: LinkContext, info: ClassInfo, model: Model) -> Model:
    """Indexes and constraints of ``__table_args__`` as constraint entries on the columns they name."""
    entries: list[tuple[str, str, str]] = []
    relations: list[Relation] = []
    for call in _table_arg_calls(context, info):
        kind = short_name(unparse(call.args[0]))
        label = next((str(v.value) for k, v in call.kwargs if k == "name" and v.op is Op.STR), "")
        args = list(call.positional)
        if kind == "Index" and args and args[0].op is Op.STR:
            label = label or str(args.pop(0).value)
        columns = [c for c in (_column_name(a) for a in args) if c]
        group = f"{label} ({', '.join(columns)})".strip()
        if kind == "Index":
            unique = " unique" if _is_true(call.kwarg("unique")) else ""
            entries += [(c, "indexes", group + unique) for c in columns]
        elif kind == "UniqueConstraint":
            entries += [(c, "unique_constraint", group) for c in columns]
        elif kind == "PrimaryKeyConstraint":
            entries += [(c, "primary_key", "True") for c in columns]
        elif kind == "ForeignKeyConstraint" and len(args) > 1 and args[0].op in (Op.LIST, Op.TUPLE):
            for column, target in zip(args[0].args, args[1].args, strict=False):
                name, text = _column_name(column), _column_name(target, keep_table=True)
                entries.append((name, "foreign_key", text))
                relations.append(Relation(kind=RelationKind.FOREIGN_KEY, field=name, target=text))
    if not entries:
        return model
    return replace(model, fields=with_entries(model.fields, entries), relations=model.relations + tuple(relations))


def _table_arg_calls(context: LinkContext, info: ClassInfo) -> list[Expr]:
    """The constraint/index calls of ``__table_args__`` (a tuple, or a ``declared_attr`` returning one)."""
    for klass in analysed_mro(context, info):
        for stmt in klass.definition.body:
            value = None
            if isinstance(stmt, Assign) and stmt.targets[0].value == "__table_args__":
                value = stmt.value
            elif isinstance(stmt, FunctionDef) and stmt.name == "__table_args__":
                value = next((r.value for r in stmt.body if isinstance(r, Return)), None)
            if value is not None:
                items = value.args if value.op in (Op.TUPLE, Op.LIST) else ()
                return [_unchain(item) for item in items if item.op is Op.CALL]
    return []


def _unchain(call: Expr) -> Expr:
    """``Index(...).ddl_if(...)`` → ``Index(...)``."""
    while call.args[0].op is Op.ATTR and call.args[0].args[0].op is Op.CALL:
        call = call.args[0].args[0]
    return call


def _column_name(expr: Expr, keep_table: bool = False) -> str:
    """A column named in a constraint: ``"name"``, ``cls.name``, ``Model.name`` (``"t.id"`` kept whole)."""
    if expr.op is Op.STR:
        text = str(expr.value)
        return text if keep_table else text.rpartition(".")[2]
    if expr.op is Op.ATTR:
        return unparse(expr) if keep_table else str(expr.value)
    if expr.op is Op.CALL and expr.positional and short_name(unparse(expr.args[0])) in ("desc", "asc"):
        return _column_name(expr.positional[0], keep_table)
    if expr.op is Op.CALL and expr.args[0].op is Op.ATTR and expr.args[0].value in ("desc", "asc"):
        return _column_name(expr.args[0].args[0], keep_table)
    return ""


def _is_true(expr: Expr | None) -> bool:
    return expr is not None and expr.op is Op.CONST and expr.value is True


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
        if target is not None and target.op is Op.STR:
            target_text = str(target.value)
        elif target is not None and target.op in (Op.NAME, Op.ATTR):
            evaluated = context.evaluator.eval(target, klass.scope)
            target_text = evaluated.dotted if isinstance(evaluated, DefRef) else unparse(target)
        else:
            target_text = annotation_class(mapped) or unparse(target)
        field = ModelField(
            name=name,
            type=unparse(mapped) if mapped is not None else "relationship",
            required=False,
            default=None,
            constraints=kwargs_text(value, ("back_populates", "backref", "uselist", "secondary", "lazy")),
            location=location,
        )
        relation = Relation(kind=RelationKind.RELATIONSHIP, field=name, target=target_text, opposite=_opposite(value))
        return field, [relation]
    if func not in _COLUMN_FUNCS and not (mapped is not None and value is None):
        return None
    type_text, relations = "", []
    options: dict[str, str] = {}
    if value is not None and value.op is Op.CALL:
        options = kwargs_text(value, _OPTIONS)
        for arg in value.positional:
            if arg.op is Op.CALL and short_name(unparse(arg.args[0])) == "ForeignKey":
                key = arg.positional[0] if arg.positional else None
                written = str(key.value) if key is not None and key.op is Op.STR else unparse(key)
                relations.append(Relation(kind=RelationKind.FOREIGN_KEY, field=name, target=written))
                options["foreign_key"] = written
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
    field = ModelField(
        name=name,
        type=type_text,
        required=required,
        default=default,
        constraints=options,
        description=description,
        location=location,
    )
    return field, relations


def _opposite(call: Expr) -> str | None:
    """The relationship the target gets: ``back_populates="x"``, ``backref="x"`` or ``backref=backref("x", ...)``.

    One docgen cannot read is a ``{?...}`` placeholder.
    """
    for keyword in ("back_populates", "backref"):
        value = call.kwarg(keyword)
        if value is not None and value.op is Op.CALL and value.positional:
            value = value.positional[0]  # backref("x", uselist=False)
        if value is not None and value.op is Op.CONST:
            return None  # backref=None
        if value is not None:
            return str(value.value) if value.op is Op.STR else f"{{?{unparse(value)}}}"
    return None


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

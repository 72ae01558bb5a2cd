"""Cassandra's cqlengine models and user-defined types (and django-cassandra-engine's ``DjangoCassandraModel``).

Read the way cqlengine's ``ModelMetaClass`` builds them:

* a class is a model when its lineage reaches ``cassandra.cqlengine.models.Model`` or
  ``DjangoCassandraModel``; one whose own body says ``__abstract__ = True`` is no table (the flag
  is not inherited) and only lends its columns;
* columns are class attributes made by a column class of ``cassandra.cqlengine.columns`` (or an
  analysed subclass of one): inherited ones first, in the C3 order, then the class's own; one
  declared again keeps its place. Attributes of plain mixins are no columns, as at run time;
* a column's ``type`` is its class with its element types (``Map[Text, Integer]``,
  ``List[UserDefinedType[Address]]``); a ``UserDefinedType`` is a nested relation to the type;
* key facts are constraints: ``primary_key`` on every key column, ``partition_key`` on the
  partition key (the first primary key when none is declared, as cqlengine decides),
  ``clustering_key`` on the other key columns with ``clustering_order`` as written; ``index``,
  ``static``, ``discriminator_column`` and length limits as written; ``db_field`` is the alias;
* a column is required when it says ``required=True`` or is a key column, and has no default;
  collections default to their empty collection (``list``, ``set``, ``dict``) and counters to
  ``0``, so they are never required;
* the table is ``__table_name__`` (lower-cased unless ``__table_name_case_sensitive__``), else the
  class name snake-cased as cqlengine does; a polymorphic model (a ``discriminator_column`` it
  inherits) shares its polymorphic base's table, and its ``__discriminator_value__`` is the
  constraint ``discriminator_value`` of the discriminator column; ``__keyspace__`` qualifies the
  table (``keyspace.table``).

A ``UserType`` is a model too, with no table; its fields are its own (cqlengine does not inherit
them).
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import partial

from docgen.diagnostics import Code
from docgen.extract._shared.common import short_name
from docgen.extract._shared.fields import (
    ClassInfo,
    analysed_mro,
    build_model,
    classes,
    default_of,
    resolve_targets,
    with_entries,
)
from docgen.link.contract import Extractor, LinkContext
from docgen.link.evaluate import Const, DefRef, External, placeholder
from docgen.link.program import Scope
from docgen.link.unparse import unparse
from docgen.model import Model, ModelField, ModelKind, Relation, RelationKind
from docgen.model.facts import Assign, Expr, Op

MODEL_BASES = frozenset({"cassandra.cqlengine.models.Model", "django_cassandra_engine.models.DjangoCassandraModel"})
USER_TYPES = frozenset({"cassandra.cqlengine.usertype.UserType"})
COLUMNS = "cassandra.cqlengine.columns."
"""The module of cqlengine's column classes."""
_OPTIONS = (
    "primary_key",
    "partition_key",
    "clustering_order",
    "index",
    "custom_index",
    "static",
    "discriminator_column",
    "min_length",
    "max_length",
    "strict",
)
_ELEMENTS = {"List": ("value_type",), "Set": ("value_type",), "Map": ("key_type", "value_type")}
"""Element-type parameters of the collection columns, in order (``Tuple`` takes them all positionally)."""
_IMPLICIT_DEFAULTS = {"List": "list", "Set": "set", "Map": "dict", "Counter": "0"}
"""The default a collection (its empty collection) or counter column has when it names none."""


class CassandraExtractor(Extractor):
    """cqlengine tables and user-defined types."""

    name = "cassandra"
    packages = frozenset({"cassandra", "django_cassandra_engine"})

    def collect_models(self, *, context: LinkContext) -> list[Model]:  # noqa: D102
        models = []
        for info in classes(context):
            if not info.lineage.isdisjoint(USER_TYPES) and info.dotted not in USER_TYPES:
                reader = partial(_read_column, owner=info.dotted)
                models.append(build_model(context, info, ModelKind.CQLENGINE, reader))
            elif not info.lineage.isdisjoint(MODEL_BASES) and not _is_literal_true(_own(info, "__abstract__")):
                models.append(_table_model(context, info))
        return resolve_targets(models)


def _own(info: ClassInfo, name: str) -> Expr | None:
    """What the class's own body assigns to ``name`` (its ``__abstract__`` is not inherited)."""
    for stmt in info.definition.body:
        if isinstance(stmt, Assign) and stmt.targets[0].value == name and stmt.value is not None:
            return stmt.value
    return None


def _table_model(context: LinkContext, info: ClassInfo) -> Model:
    model = build_model(context, info, ModelKind.CQLENGINE, _read_column, override_in_place=True)
    keys = [f for f in model.fields if f.constraints.get("primary_key") == "True"]
    entries: list[tuple[str, str, str]] = []
    if keys and not any(f.constraints.get("partition_key") == "True" for f in keys):
        entries.append((keys[0].name, "partition_key", "True"))  # cqlengine's rule for an undeclared one
    partition = {f.name for f in keys if f.constraints.get("partition_key") == "True"} | {e[0] for e in entries}
    entries += [(f.name, "clustering_key", "True") for f in keys if f.name not in partition]
    discriminator = next((f for f in model.fields if f.constraints.get("discriminator_column") == "True"), None)
    value = _own(info, "__discriminator_value__")
    if discriminator is not None and value is not None:
        entries.append((discriminator.name, "discriminator_value", unparse(value)))
    # a model inheriting the discriminator column is stored in its polymorphic base's table
    inherited = discriminator is not None and discriminator.name not in info.scope.bindings
    return replace(model, fields=with_entries(model.fields, entries), table=_table(context, info, inherited))


def _table(context: LinkContext, info: ClassInfo, polymorphic: bool) -> str:
    """``[keyspace.]table`` as cqlengine names it (``column_family_name``)."""
    table = _name(context, info, "__table_name__")
    if table is not None:
        sensitive = context.evaluator.class_attribute(DefRef(info.dotted, True), "__table_name_case_sensitive__")
        if not (isinstance(sensitive, Const) and sensitive.value is True):
            parts = re.split(r"(\{\?[^}]*\})", table)  # known parts lower-cased, placeholders kept
            table = "".join(p if i % 2 else p.lower() for i, p in enumerate(parts))
    else:
        base = _polymorphic_base(context, info) if polymorphic else None
        table = _snake(short_name(base or info.dotted))
    keyspace = _name(context, info, "__keyspace__")
    return f"{keyspace}.{table}" if keyspace else table


def _name(context: LinkContext, info: ClassInfo, attribute: str) -> str | None:
    """A string class attribute, own or inherited; an unknown one is a ``{?...}`` placeholder and a DG904."""
    for klass in analysed_mro(context, info):
        stmt = klass.scope.bindings.get(attribute, [None])[-1]
        if not isinstance(stmt, Assign) or stmt.value is None:
            continue
        value = context.evaluator.eval(stmt.value, klass.scope)
        if isinstance(value, Const) and (value.value is None or isinstance(value.value, str)):
            return value.value or None
        message = f"{attribute} of {info.definition.name} could not be evaluated statically"
        context.warn_once(Code.NOT_EVALUATED, message, context.location(klass.scope.module, stmt.line))
        return placeholder(value, stmt.value)
    return None


def _polymorphic_base(context: LinkContext, info: ClassInfo) -> str | None:
    """The nearest base declaring the discriminator column, found as cqlengine does (bases depth first)."""
    stack = list(reversed(context.evaluator.bases(DefRef(info.dotted, True))))
    seen: set[str] = set()
    while stack:
        base = stack.pop()
        if not isinstance(base, DefRef) or base.dotted in seen:
            continue
        seen.add(base.dotted)
        scope = context.program.body_scope(base.dotted)
        for stmts in scope.bindings.values() if scope is not None else ():
            call = next((s.value for s in stmts if isinstance(s, Assign) and s.value is not None), None)
            flag = call.kwarg("discriminator_column") if call is not None and call.op is Op.CALL else None
            if flag is not None and flag.op is Op.CONST and flag.value is True:
                return base.dotted
        stack.extend(reversed(context.evaluator.bases(base)))
    return None


def _snake(name: str) -> str:
    """The table name cqlengine derives from a class name: ``UserTimeline`` → ``user_timeline``."""
    text = re.sub(r"([a-z])([A-Z])", lambda m: f"{m.group(1)}_{m.group(2)}", name)[-48:].lower()
    return text.lstrip("_")


def _read_column(
    context: LinkContext, klass: ClassInfo, stmt: Assign, name: str, owner: str | None = None
) -> tuple[ModelField, list[Relation]] | None:
    """A column declared as ``name = columns.X(...)`` in a model (or, with ``owner``, that user type's) body."""
    value = stmt.value
    if value is None or value.op is not Op.CALL or stmt.op not in ("=", ":") or name.startswith("__"):
        return None
    if owner is not None and klass.dotted != owner:
        return None
    if owner is None and context.evaluator.lineage(DefRef(klass.dotted, True)).isdisjoint(MODEL_BASES):
        return None  # a plain mixin's attributes are no columns
    found = _column_class(context, value.args[0], klass.scope)
    if found is None:
        return None
    relations: list[Relation] = []
    type_text = _type_text(context, value, klass.scope, name, relations)
    primary = _is_true(context, value, "primary_key", klass.scope) or _is_true(
        context, value, "partition_key", klass.scope
    )
    options = {"primary_key": "True"} if primary else {}  # a partition key is a primary key
    options.update((k, unparse(v)) for k, v in value.kwargs if k in _OPTIONS and k != "primary_key")
    default_expr = value.kwarg("default")
    default = default_of(context, klass, name, default_expr, stmt.line)
    if default_expr is None and found[1] in _IMPLICIT_DEFAULTS:
        default = _IMPLICIT_DEFAULTS[found[1]]
    required = (primary or _is_true(context, value, "required", klass.scope)) and default is None
    alias = value.kwarg("db_field")
    return ModelField(
        name=name,
        type=type_text,
        required=required,
        default=default,
        constraints=options,
        alias=str(alias.value) if alias is not None and alias.op is Op.STR else None,
        location=context.location(klass.scope.module, stmt.line),
    ), relations


def _is_literal_true(expr: Expr | None) -> bool:
    return expr is not None and expr.op is Op.CONST and expr.value is True


def _is_true(context: LinkContext, call: Expr, key: str, scope: Scope) -> bool:
    flag = call.kwarg(key)
    if flag is None:
        return False
    value = context.evaluator.eval(flag, scope)
    return isinstance(value, Const) and value.value is True


def _column_class(context: LinkContext, expr: Expr, scope: Scope) -> tuple[str, str] | None:
    """``(name as declared, cqlengine class it is or derives from)`` of a column class expression."""
    value = context.evaluator.eval(expr, scope)
    if isinstance(value, External) and value.dotted.startswith(COLUMNS):
        return short_name(value.dotted), short_name(value.dotted)
    if isinstance(value, DefRef) and value.is_class:
        for klass in context.evaluator.mro(value):
            if isinstance(klass, External) and klass.dotted.startswith(COLUMNS):
                return short_name(value.dotted), short_name(klass.dotted)
    return None


def _type_text(context: LinkContext, expr: Expr, scope: Scope, name: str, relations: list[Relation]) -> str:
    """A column's type with its element types; user-defined types met on the way become relations."""
    call = expr if expr.op is Op.CALL else None
    head = call.args[0] if call is not None else expr
    found = _column_class(context, head, scope)
    if found is None:
        return unparse(expr)
    if call is None:
        return found[0]
    if found[1] == "UserDefinedType":
        user_type = call.positional[0] if call.positional else call.kwarg("user_type")
        if user_type is None:
            return found[0]
        target = context.evaluator.eval(user_type, scope)
        written = unparse(user_type)
        relations.append(
            Relation(kind=RelationKind.NESTED, field=name, target=getattr(target, "dotted", "") or written)
        )
        return f"{found[0]}[{short_name(written)}]"
    elements: list[Expr | None] = list(call.positional)
    if found[1] != "Tuple":
        keys = _ELEMENTS.get(found[1], ())
        elements = [call.positional[i] if i < len(call.positional) else call.kwarg(k) for i, k in enumerate(keys)]
    inner = [_type_text(context, e, scope, name, relations) for e in elements if e is not None]
    return f"{found[0]}[{', '.join(inner)}]" if inner else found[0]

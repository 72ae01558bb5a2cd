"""marshmallow schemas (also through flask-marshmallow, APIFlask and marshmallow-sqlalchemy).

Fields are class attributes made by marshmallow field classes (``fields.Str(required=True)``,
``ma.Nested(...)``, custom ``fields.Field`` subclasses), inherited from parent schemas. The type is
the field class's name (``Str``, ``List[Str]``); a ``Nested``/``Pluck`` field's type is the schema
(``list[UserSchema]`` with ``many=True``) and it has a ``nested`` relation to it (a schema named by
a string, or ``"self"``, is resolved by class name). ``required=`` gives required (marshmallow's
default is not required); ``load_default``/``missing`` (else ``dump_default``/``default``) the
default; ``data_key`` (v2: ``load_from``/``dump_to``) the alias; ``metadata={"description": ...}``
or a ``description=`` keyword the description; other options are constraints, and ``@validates``
methods are listed as ``validators``. ``Meta.fields``/``Meta.additional`` add names marshmallow
infers, ``Meta.exclude`` removes names; an ``SQLAlchemyAutoSchema`` with ``Meta.model`` gets the
model's columns.
"""

from __future__ import annotations

from dataclasses import replace

from docgen.extract._shared.common import callee_name, short_name, strings
from docgen.extract._shared.fields import ClassInfo, analysed_mro, build_model, classes, default_of, kwargs_text
from docgen.extract.models.sqlalchemy import SQLAlchemyExtractor
from docgen.link.contract import Extractor, LinkContext
from docgen.link.evaluate import DefRef, External, Value
from docgen.link.unparse import unparse
from docgen.model import Model, ModelField, ModelKind, Relation, RelationKind
from docgen.model.facts import Assign, Expr, FunctionDef, Op

_PACKAGES = ("marshmallow", "flask_marshmallow", "apiflask", "marshmallow_sqlalchemy", "marshmallow_dataclass")
OPTIONS = ("validate", "allow_none", "dump_only", "load_only", "many", "only", "exclude", "format", "attribute")
_DEFAULTS = ("load_default", "missing", "dump_default", "default")
_NESTING = frozenset({"Nested", "Pluck"})
_AUTO = ("SQLAlchemyAutoSchema", "ModelSchema")


def is_schema(lineage: frozenset[str]) -> bool:
    """Whether a lineage makes a marshmallow schema."""
    return any(n.startswith(_PACKAGES) and short_name(n).endswith("Schema") for n in lineage)


class MarshmallowExtractor(Extractor):
    """marshmallow ``Schema`` classes."""

    name = "marshmallow"
    packages = frozenset(_PACKAGES)

    def collect_models(self, *, context: LinkContext) -> list[Model]:  # noqa: D102
        infos = [info for info in classes(context) if is_schema(info.lineage)]
        if not infos:
            return []
        reader = _Reader({info.dotted for info in infos})
        auto = any(short_name(n) in _AUTO for info in infos for n in info.lineage)
        tables = {m.id: m for m in SQLAlchemyExtractor().collect_models(context=context)} if auto else {}
        models = [_schema(context, info, reader, tables) for info in infos]
        by_name: dict[str, list[str]] = {}
        for model in models:
            by_name.setdefault(model.name, []).append(model.id)
        return [_resolved(model, by_name) for model in models]


def _resolved(model: Model, by_name: dict[str, list[str]]) -> Model:
    def target(text: str) -> str:
        if text == "self":
            return model.id
        found = by_name.get(text.rpartition(".")[2], [])
        return found[0] if len(found) == 1 else text

    return replace(model, relations=tuple(replace(r, target=target(r.target)) for r in model.relations))


class _Reader:
    """Reads the declared fields of schema class bodies."""

    def __init__(self, schemas: set[str]) -> None:
        self.schemas = schemas

    def __call__(
        self, context: LinkContext, klass: ClassInfo, stmt: Assign, name: str
    ) -> tuple[ModelField, list[Relation]] | None:
        value = stmt.value
        if klass.dotted not in self.schemas or value is None or value.op is not Op.CALL or name.startswith("__"):
            return None
        field_class = _field_class(context, value, klass)
        if field_class is None:
            return None
        options = kwargs_text(value, OPTIONS)
        relations: list[Relation] = []
        type_text = field_class
        if field_class in _NESTING and value.positional:
            target = _schema_ref(context, value.positional[0], klass)
            relations.append(Relation(kind=RelationKind.NESTED, field=name, target=target))
            type_text = target.rpartition(".")[2]
            type_text = f"list[{type_text}]" if options.get("many") == "True" else type_text
        elif field_class in ("List", "Tuple") and value.positional:
            inner = value.positional[0]
            inner_class = _field_class(context, inner, klass) if inner.op is Op.CALL else None
            if inner_class in _NESTING and inner.positional:
                target = _schema_ref(context, inner.positional[0], klass)
                relations.append(Relation(kind=RelationKind.NESTED, field=name, target=target))
                inner_class = target.rpartition(".")[2]
            type_text = f"{field_class}[{inner_class or unparse(inner)}]"
        default_expr = next((e for e in (value.kwarg(k) for k in _DEFAULTS) if e is not None), None)
        required = value.kwarg("required")
        field = ModelField(
            name=name,
            type=type_text,
            required=required is not None and required.op is Op.CONST and required.value is True,
            default=default_of(context, klass, name, default_expr, stmt.line),
            constraints=options,
            description=_description(value),
            alias=_alias(value),
            location=context.location(klass.scope.module, stmt.line),
        )
        return field, relations


def _field_class(context: LinkContext, call: Expr, klass: ClassInfo) -> str | None:
    """The short name of a marshmallow field class a call makes, or None."""
    callee = context.evaluator.eval(call.args[0], klass.scope)
    names: set[str] = set()
    if isinstance(callee, External):
        names = {callee.dotted}
    elif isinstance(callee, DefRef) and callee.is_class:
        names = context.evaluator.lineage(callee)
    if any(n.startswith(_PACKAGES) and short_name(n)[:1].isupper() for n in names) and not is_schema(frozenset(names)):
        return short_name(callee_name(context, call, klass.scope) or unparse(call.args[0]))
    if short_name(unparse(call.args[0])) in ("auto_field", "Nested", "Pluck"):
        return short_name(unparse(call.args[0]))
    return None


def _schema_ref(context: LinkContext, expr: Expr, klass: ClassInfo) -> str:
    """What a ``Nested`` field nests: a schema id, or the name as written."""
    if expr.op is Op.LAMBDA:  # Nested(lambda: UserSchema(only=("id",))): the source text is all there is
        name = str(expr.value).partition(":")[2].split("(")[0].strip()
        if not name.replace(".", "").isidentifier():
            return unparse(expr)
        value = context.evaluator.lookup(klass.scope, name.split(".")[0])
        return value.dotted if isinstance(value, DefRef) and "." not in name else name
    if expr.op is Op.CALL:  # Nested(UserSchema(only=...))
        expr = expr.args[0]
    if expr.op is Op.STR:
        return str(expr.value)
    found: Value = context.evaluator.eval(expr, klass.scope)
    return found.dotted if isinstance(found, DefRef) else unparse(expr)


def _description(call: Expr) -> str:
    metadata = call.kwarg("metadata")
    if metadata is not None and metadata.op is Op.DICT:
        for key, value in zip(metadata.args[::2], metadata.args[1::2], strict=False):
            if key is not None and key.value == "description" and value.op is Op.STR:
                return str(value.value)
    description = call.kwarg("description")
    return str(description.value) if description is not None and description.op is Op.STR else ""


def _alias(call: Expr) -> str | None:
    for key in ("data_key", "load_from", "dump_to"):
        value = call.kwarg(key)
        if value is not None and value.op is Op.STR:
            return str(value.value)
    return None


def _schema(context: LinkContext, info: ClassInfo, reader: _Reader, tables: dict[str, Model]) -> Model:
    model = build_model(context, info, ModelKind.MARSHMALLOW, reader)
    fields = {f.name: f for f in model.fields}
    meta = context.evaluator.class_attribute(DefRef(info.dotted, True), "Meta")
    if isinstance(meta, DefRef):
        for name in _meta_strings(context, meta, "fields") + _meta_strings(context, meta, "additional"):
            fields.setdefault(name, ModelField(name=name, type="", required=False))
        if any(short_name(n) in _AUTO for n in info.lineage):
            for column in _table_columns(context, meta, tables):
                fields.setdefault(column.name, replace(column, required=False))
        for name in _meta_strings(context, meta, "exclude"):
            fields.pop(name, None)
    validated = _validators(context, info)
    result = tuple(
        replace(f, constraints={**f.constraints, "validators": ", ".join(validated[f.name])})
        if f.name in validated
        else f
        for f in fields.values()
    )
    relations = tuple(r for r in model.relations if r.field in fields)
    return replace(model, fields=result, relations=relations)


def _meta_strings(context: LinkContext, meta: DefRef, name: str) -> list[str]:
    value = context.evaluator.class_attribute(meta, name)
    return list(strings(value)) if value is not None else []


def _table_columns(context: LinkContext, meta: DefRef, tables: dict[str, Model]) -> tuple[ModelField, ...]:
    """The columns of ``Meta.model`` when it is an analysed SQLAlchemy model."""
    model = context.evaluator.class_attribute(meta, "model")
    table = tables.get(model.dotted) if isinstance(model, DefRef) else None
    return table.fields if table else ()


def _validators(context: LinkContext, info: ClassInfo) -> dict[str, list[str]]:
    """Field name → the ``@validates(...)`` methods of the schema and its bases."""
    found: dict[str, list[str]] = {}
    for klass in reversed(list(analysed_mro(context, info))):
        for stmt in klass.definition.body:
            if not isinstance(stmt, FunctionDef):
                continue
            for decorator in stmt.decorators:
                called = callee_name(context, decorator, klass.scope) if decorator.op is Op.CALL else None
                if called is not None and called.startswith("marshmallow") and short_name(called) == "validates":
                    for arg in decorator.positional:
                        if arg.op is Op.STR:
                            found.setdefault(str(arg.value), []).append(stmt.name)
    return found

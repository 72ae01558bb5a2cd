"""GraphQL schema types: Strawberry (types, inputs, interfaces, enums, Query/Mutation resolvers) and Graphene.

* Strawberry: classes decorated with ``@strawberry.type``/``input``/``interface``/``enum`` (and the
  federation variants). Annotated attributes are fields (``strawberry.Private[...]`` ones are not);
  methods decorated with ``@strawberry.field``/``mutation``/``subscription`` are fields whose type is
  the return annotation and whose arguments are the ``args`` constraint (a Query or Mutation class
  lists its operations this way). ``description=`` or the resolver's docstring summary describes a
  field; the schema name (``name=``, else the camel-cased name) is the alias when it differs.
  Required means non-null: not ``Optional``/``| None`` and no default.
* Graphene: subclasses of ``ObjectType``, ``InputObjectType``, ``Interface``, ``Mutation``, ``Enum``
  and graphene-django's ``DjangoObjectType`` (whose ``Meta.model``/``Meta.fields`` add the Django
  model's fields). A field's type is written in GraphQL notation (``[Book!]!``), ``required=True``
  makes it required, extra keyword arguments of ``Field(...)`` are its ``args``, and a
  ``resolve_<name>`` method's docstring summary is the fallback description.

Fields whose type is another type of the same library have a ``nested`` relation to it.
"""

from __future__ import annotations

from dataclasses import replace

from docgen.extract._shared.common import callee_name, short_name, strings
from docgen.extract._shared.fields import (
    ClassInfo,
    analysed_mro,
    annotation_optional,
    build_model,
    classes,
    decorated_by,
    default_of,
    factory_default,
)
from docgen.extract.models import graphql_graphene as gqlg
from docgen.extract.models import graphql_schema as gql
from docgen.extract.models.pyclasses import read_member
from docgen.link.contract import Extractor, LinkContext
from docgen.link.evaluate import DefRef
from docgen.link.redact import signature
from docgen.link.unparse import unparse
from docgen.model import Model, ModelField, ModelKind, Relation, RelationKind
from docgen.model.facts import Assign, FunctionDef, Op
from docgen.reference.docstrings import parse_docstring

_DECORATORS = ("type", "input", "interface", "enum")
STRAWBERRY = frozenset({f"strawberry.{d}" for d in _DECORATORS} | {f"strawberry.federation.{d}" for d in _DECORATORS})
_RESOLVERS = frozenset({"field", "mutation", "subscription"})
GRAPHENE = frozenset({"ObjectType", "InputObjectType", "Interface", "Mutation", "Enum", "DjangoObjectType"})
_CONTEXT_PARAMS = frozenset({"self", "cls", "root", "info", "parent"})


class GraphQLExtractor(Extractor):
    """Strawberry and Graphene schema types."""

    name = "graphql"
    packages = frozenset({"graphene", "graphene_django", "strawberry"})
    readable = frozenset(
        f"strawberry.{web}" for web in ("fastapi", "flask", "django", "aiohttp", "sanic", "litestar", "asgi", "quart")
    )

    def collect_models(self, *, context: LinkContext) -> list[Model]:  # noqa: D102
        strawberry = [i for i in classes(context) if decorated_by(context, i, STRAWBERRY)]
        graphene = [i for i in classes(context) if _is_graphene(i)]
        models = _with_schema(context, strawberry, [_strawberry(context, info) for info in strawberry], "strawberry")
        if graphene:
            django = any(short_name(n) == "DjangoObjectType" for i in graphene for n in i.lineage)
            # Django's models, as the django_models extractor (run before this one) found them.
            tables = {m.id: m for m in context.models.values() if m.kind is ModelKind.DJANGO} if django else {}
            found = [_graphene(context, info, tables) for info in graphene]
            models += _with_schema(context, graphene, found, "graphene")
        ids = {m.id for m in models}
        by_name = {m.name: m.id for m in models}
        return [_nested(m, ids, by_name) for m in models]


def _with_schema(context: LinkContext, infos: list[ClassInfo], models: list[Model], library: str) -> list[Model]:
    """The models with their place in the schema their library builds (:attr:`Model.graphql`)."""
    if not infos:
        return models
    if library == "strawberry":
        names = {i.dotted: gql.strawberry_name(i) for i in infos}
        kinds = {i.dotted: gql.strawberry_kind(context, i) or "type" for i in infos}
    else:
        names = {i.dotted: gqlg.graphene_name(context, i) for i in infos}
        kinds = {i.dotted: gqlg.graphene_kind(i.lineage) for i in infos}
    roots = gql.schema_roots(context, library) or {
        i.dotted: names[i.dotted].lower() for i in infos if names[i.dotted].lower() in gql.ROOTS
    }
    enums = {names[i.dotted]: gqlg.enum_values(i) for i in infos if kinds[i.dotted] == "enum"}
    by_name = {i.definition.name: names[i.dotted] for i in infos} | names  # annotations name classes
    out = []
    for info, model in zip(infos, models, strict=True):
        kind = kinds[info.dotted]
        if library == "strawberry":
            schema_type = gql.strawberry_type(context, info, kind, by_name)
        else:
            schema_type = gqlg.graphene_type(context, info, kind, names, enums)
        out.append(replace(model, graphql=replace(schema_type, root=roots.get(info.dotted))))
    return out


def _nested(model: Model, ids: set[str], by_name: dict[str, str]) -> Model:
    """Relations for the fields whose type names another schema type."""
    relations = list(model.relations)
    for field in model.fields:
        target = field.constraints.get("_target") or annotation_class_text(field.type)
        target = target if target in ids else by_name.get(target.rpartition(".")[2], "")
        if target and not any(r.field == field.name for r in relations):
            relations.append(Relation(kind=RelationKind.NESTED, field=field.name, target=target))
    fields = tuple(
        replace(f, constraints={k: v for k, v in f.constraints.items() if k != "_target"}) for f in model.fields
    )
    return replace(model, fields=fields, relations=tuple(relations))


def annotation_class_text(type_text: str) -> str:
    """The innermost class name of a type as text (``Optional[List["Book"]]``, ``[Book!]!`` → ``Book``)."""
    inner = type_text.replace("!", "").strip("[]'\" ")
    while "[" in inner:
        head, _, rest = inner.partition("[")
        if short_name(head) in ("Private", "Annotated"):
            return ""
        inner = rest.rsplit("]", 1)[0].split(",")[0].strip("'\" ")
    return inner.split("|")[0].strip("'\" ")


# --- Strawberry -----------------------------------------------------------------------------------


def _strawberry(context: LinkContext, info: ClassInfo) -> Model:
    if decorated_by(context, info, frozenset({"strawberry.enum", "strawberry.federation.enum"})):
        return build_model(context, info, ModelKind.STRAWBERRY, read_member)
    model = build_model(context, info, ModelKind.STRAWBERRY, _read_strawberry_field)
    resolvers = [f for klass in analysed_mro(context, info) for f in _resolver_fields(context, klass)]
    fields = {f.name: f for f in model.fields}
    for field in resolvers:
        fields.setdefault(field.name, field)
    ordered = sorted(fields.values(), key=lambda f: _rank(context, info, f))
    summary = model.summary or _decorator_description(info)
    return replace(model, fields=tuple(ordered), summary=summary)


def _rank(context: LinkContext, info: ClassInfo, field: ModelField) -> tuple[int, int]:
    """Base classes' fields first, then each class's in source order."""
    mro = list(reversed(list(analysed_mro(context, info))))
    line = field.location.line if field.location else 0
    for i, klass in enumerate(mro):
        path = context.location(klass.scope.module, 0).path
        if (
            field.location
            and field.location.path == path
            and klass.definition.line <= line <= klass.definition.end_line
        ):
            return i, line
    return len(mro), line


def _decorator_description(info: ClassInfo) -> str:
    for decorator in info.definition.decorators:
        value = decorator.kwarg("description") if decorator.op is Op.CALL else None
        if value is not None and value.op is Op.STR:
            return str(value.value)
    return ""


def _read_strawberry_field(
    context: LinkContext, klass: ClassInfo, stmt: Assign, name: str
) -> tuple[ModelField, list[Relation]] | None:
    annotation = stmt.annotation
    if stmt.op != ":" or annotation is None or name.startswith("_"):
        return None
    if annotation.op is Op.SUBSCRIPT and short_name(unparse(annotation.args[0])) == "Private":
        return None
    value = stmt.value
    default_expr, description, alias = value, "", None
    if (
        value is not None
        and value.op is Op.CALL
        and short_name(callee_name(context, value, klass.scope) or "") in (_RESOLVERS)
    ):
        factory = value.kwarg("default_factory")
        default_expr = value.kwarg("default") or (factory_default(factory) if factory is not None else None)
        description = gql.string(value.kwarg("description"))
        alias = gql.string(value.kwarg("name")) or None
    alias = alias or (gql.camel(name) if gql.camel(name) != name else None)
    required = default_expr is None and not annotation_optional(annotation)
    return ModelField(
        name=name,
        type=unparse(annotation),
        required=required,
        default=default_of(context, klass, name, default_expr, stmt.line),
        constraints={},
        description=description,
        alias=alias,
        location=context.location(klass.scope.module, stmt.line),
    ), []


def _resolver_fields(context: LinkContext, klass: ClassInfo) -> list[ModelField]:
    """Fields defined by ``@strawberry.field``/``mutation``/``subscription`` methods of one class."""
    found = []
    for stmt in klass.definition.body:
        if not isinstance(stmt, FunctionDef):
            continue
        for decorator in stmt.decorators:
            target = decorator.args[0] if decorator.op is Op.CALL else decorator
            called = getattr(context.evaluator.eval(target, klass.scope), "dotted", "")
            if not called.startswith("strawberry") or short_name(called) not in _RESOLVERS:
                continue
            doc = parse_docstring(stmt.docstring, context.docstring_style)
            description = (gql.string(decorator.kwarg("description")) if decorator.op is Op.CALL else "") or (
                doc.summary if doc else ""
            )
            name = (gql.string(decorator.kwarg("name")) if decorator.op is Op.CALL else "") or gql.camel(stmt.name)
            params = [p for p in stmt.params if p.name not in _CONTEXT_PARAMS]
            constraints = {"args": signature(replace(stmt, params=tuple(params), returns=None))} if params else {}
            found.append(
                ModelField(
                    name=stmt.name,
                    type=unparse(stmt.returns),
                    required=not annotation_optional(stmt.returns),
                    default=None,
                    constraints=constraints,
                    description=description,
                    alias=name if name != stmt.name else None,
                    location=context.location(klass.scope.module, stmt.line),
                )
            )
    return found


# --- Graphene -------------------------------------------------------------------------------------


def _is_graphene(info: ClassInfo) -> bool:
    return any(n.startswith("graphene") and short_name(n) in GRAPHENE for n in info.lineage)


def _graphene(context: LinkContext, info: ClassInfo, tables: dict[str, Model]) -> Model:
    if any(n.startswith("graphene") and short_name(n) == "Enum" for n in info.lineage):
        return build_model(context, info, ModelKind.GRAPHENE, read_member)
    model = build_model(context, info, ModelKind.GRAPHENE, _read_graphene_field)
    fields = list(model.fields)
    if any(short_name(n) == "DjangoObjectType" for n in info.lineage):
        fields = _django_fields(context, info, fields, tables)
    resolved = []
    for field in fields:
        if not field.description:
            field = replace(field, description=_method_summary(context, info, f"resolve_{field.name}"))
        resolved.append(field)
    return replace(model, fields=tuple(resolved))


def _read_graphene_field(
    context: LinkContext, klass: ClassInfo, stmt: Assign, name: str
) -> tuple[ModelField, list[Relation]] | None:
    value = stmt.value
    if value is None or value.op is not Op.CALL or name.startswith("_"):
        return None
    callee = context.evaluator.eval(value.args[0], klass.scope)
    lineage = context.evaluator.lineage(callee) if isinstance(callee, DefRef) and callee.is_class else set()
    called = callee_name(context, value, klass.scope) or ""
    if not called.startswith("graphene") and not any(n.startswith("graphene") for n in lineage):
        return None  # a graphene field, or an instance of one of the app's graphene types (an Enum)
    type_text, target = gqlg.sdl_and_target(context, value, klass, {})
    args = {k: v for k, v in value.kwargs if k not in gqlg.GRAPHENE_OPTIONS and k != "**"}
    listed = ", ".join(f"{k}: {gqlg.graphene_sdl(context, v, klass, {})}" for k, v in args.items())
    constraints = {"args": listed} if args else {}
    if target:
        constraints["_target"] = target
    default = value.kwarg("default_value")
    alias = gql.string(value.kwarg("name")) or (gql.camel(name) if gql.camel(name) != name else None)
    return ModelField(
        name=name,
        type=type_text,
        required=type_text.endswith("!"),
        default=default_of(context, klass, name, default, stmt.line),
        constraints=constraints,
        description=gql.string(value.kwarg("description")),
        alias=alias,
        location=context.location(klass.scope.module, stmt.line),
    ), []


def _method_summary(context: LinkContext, info: ClassInfo, name: str) -> str:
    for klass in analysed_mro(context, info):
        for stmt in klass.definition.body:
            if isinstance(stmt, FunctionDef) and stmt.name == name:
                doc = parse_docstring(stmt.docstring, context.docstring_style)
                return doc.summary if doc else ""
    return ""


def _django_fields(
    context: LinkContext, info: ClassInfo, declared: list[ModelField], tables: dict[str, Model]
) -> list[ModelField]:
    """``DjangoObjectType`` fields: the Django model's (``Meta.fields``/``exclude``) plus declared ones."""
    meta = context.evaluator.class_attribute(DefRef(info.dotted, True), "Meta")
    if not isinstance(meta, DefRef):
        return declared
    model = context.evaluator.class_attribute(meta, "model")
    source = tables.get(model.dotted) if isinstance(model, DefRef) else None
    available = {f.name: f for f in source.fields} if source else {}
    listed = context.evaluator.class_attribute(meta, "fields")
    names = [n for n in strings(listed) if n != "__all__"] if listed is not None else []
    excluded = context.evaluator.class_attribute(meta, "exclude")
    skip = set(strings(excluded)) if excluded is not None else set()
    names = [n for n in (names or list(available)) if n not in skip]
    own = {f.name: f for f in declared}
    fields = [own.pop(n) if n in own else _from_django(available.get(n), n) for n in names]
    return fields + list(own.values())


def _from_django(field: ModelField | None, name: str) -> ModelField:
    alias = gql.camel(name) if gql.camel(name) != name else None
    if field is None:
        return ModelField(name=name, type="", required=False, alias=alias)
    return replace(field, constraints={}, alias=alias)

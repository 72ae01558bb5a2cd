"""What a Graphene class is in the schema Graphene builds: a :class:`~docgen.model.GraphQLType`.

See :mod:`docgen.extract.models.graphql_schema` for the rules both libraries share.
"""

from __future__ import annotations

from docgen.extract._shared.common import short_name
from docgen.extract._shared.fields import ClassInfo, analysed_mro
from docgen.extract.models.graphql_schema import (
    camel,
    default_literal,
    docstring_description,
    literal,
    members,
    string,
)
from docgen.link.contract import LinkContext
from docgen.link.evaluate import DefRef, External
from docgen.link.unparse import unparse
from docgen.link.values import Const, Seq, Value
from docgen.model import GraphQLField, GraphQLType
from docgen.model.facts import Assign, ClassDef, Expr, Op

GRAPHENE_OPTIONS = frozenset(
    {"required", "description", "default_value", "name", "deprecation_reason", "resolver", "source"}
)
"""Keyword arguments of a Graphene field that configure it; the others are its arguments."""
_WRAPPERS = frozenset({"Field", "InputField", "Argument", "Dynamic"})


def graphene_kind(lineage: frozenset[str]) -> str:
    """``type``, ``input``, ``interface`` or ``enum`` for a Graphene class's lineage."""
    kinds = {short_name(n) for n in lineage if n.startswith("graphene")}
    if "Enum" in kinds:
        return "enum"
    if "InputObjectType" in kinds:
        return "input"
    return "interface" if "Interface" in kinds else "type"


def graphene_name(context: LinkContext, info: ClassInfo) -> str:
    """``Meta.name``, else the class name."""
    return _meta_text(context, info, "name") or info.definition.name


def graphene_type(
    context: LinkContext, info: ClassInfo, kind: str, names: dict[str, str], enums: dict[str, dict[str, str]]
) -> GraphQLType:
    """The schema type of a Graphene class; ``enums``: enum schema name → value literal → member name."""
    description = _meta_text(context, info, "description") or docstring_description(info.definition)
    name = names[info.dotted]
    if kind == "enum":
        return GraphQLType(name=name, kind=kind, library="graphene", description=description, values=members(info))
    meta = context.evaluator.class_attribute(DefRef(info.dotted, True), "Meta")
    listed = context.evaluator.class_attribute(meta, "interfaces") if isinstance(meta, DefRef) else None
    implemented = [v.dotted for v in _items(listed) if isinstance(v, DefRef)]
    interfaces = tuple(names.get(dotted, short_name(dotted)) for dotted in implemented)
    fields: dict[str, GraphQLField] = {}
    for owner in [*implemented, info.dotted]:  # the interfaces' fields come first
        for klass in reversed(list(analysed_mro(context, _info(context, owner, info)))):
            for stmt in klass.definition.body:
                if isinstance(stmt, Assign) and stmt.value is not None and stmt.value.op is Op.CALL:
                    field = _graphene_field(context, klass, stmt, stmt.value, kind, names, enums)
                    if field is not None:
                        fields[field.name] = field
    return GraphQLType(
        name=name,
        kind=kind,
        library="graphene",
        description=description,
        fields=tuple(fields.values()),
        interfaces=interfaces,
    )


def _info(context: LinkContext, dotted: str, like: ClassInfo) -> ClassInfo:
    """The analysed class ``dotted`` (for its MRO), as ``like`` is described."""
    definition = context.program.definition(dotted)
    scope, outer = context.program.body_scope(dotted), context.program.defining_scope(dotted)
    if not isinstance(definition, ClassDef) or scope is None or outer is None:
        return like
    return ClassInfo(dotted, definition, scope, outer, frozenset())


def _graphene_field(
    context: LinkContext,
    klass: ClassInfo,
    stmt: Assign,
    call: Expr,
    kind: str,
    names: dict[str, str],
    enums: dict[str, dict[str, str]],
) -> GraphQLField | None:
    target = stmt.targets[0] if stmt.targets else None
    if target is None or target.op is not Op.NAME or str(target.value).startswith("_"):
        return None
    callee = context.evaluator.eval(call.args[0], klass.scope)
    args: tuple[GraphQLField, ...] = ()
    head = call.args[0]
    owner = context.evaluator.eval(head.args[0], klass.scope) if head.op is Op.ATTR and head.value == "Field" else None
    if isinstance(owner, DefRef) and owner.is_class and owner.dotted in names:
        type_text = names[owner.dotted]  # SomeMutation.Field(): a field of the mutation's type
        arguments = context.evaluator.class_attribute(owner, "Arguments")
        if isinstance(arguments, DefRef):
            definition = context.program.definition(arguments.dotted)
            scope = context.program.body_scope(arguments.dotted)
            if isinstance(definition, ClassDef) and scope is not None:
                args = tuple(
                    _argument(context, klass, a.targets[0], a.value, names, enums)
                    for a in definition.body
                    if isinstance(a, Assign) and a.targets and a.value is not None and a.value.op is Op.CALL
                )
    elif (isinstance(callee, External) and callee.dotted.startswith("graphene")) or (
        isinstance(callee, DefRef) and callee.dotted in names
    ):
        type_text = graphene_sdl(context, call, klass, names)
        args = tuple(
            _argument(context, klass, Expr(Op.NAME, k), v, names, enums)
            for k, v in call.kwargs
            if k not in GRAPHENE_OPTIONS and k != "**"
        )
    else:
        return None
    default = call.kwarg("default_value")
    return GraphQLField(
        name=string(call.kwarg("name")) or camel(str(target.value)),
        type=type_text,
        default=_graphene_default(context, klass, default, type_text, enums, stmt.line)
        if kind == "input" and default is not None
        else None,
        description=string(call.kwarg("description")),
        args=args,
        deprecation=string(call.kwarg("deprecation_reason")) or None,
    )


def _argument(
    context: LinkContext,
    klass: ClassInfo,
    target: Expr,
    value: Expr,
    names: dict[str, str],
    enums: dict[str, dict[str, str]],
) -> GraphQLField:
    type_text = graphene_sdl(context, value, klass, names)
    default = value.kwarg("default_value") if value.op is Op.CALL else None
    return GraphQLField(
        name=camel(str(target.value)),
        type=type_text,
        default=_graphene_default(context, klass, default, type_text, enums, value.line or klass.definition.line)
        if default is not None
        else None,
        description=string(value.kwarg("description")) if value.op is Op.CALL else "",
    )


def _graphene_default(
    context: LinkContext, klass: ClassInfo, expr: Expr, type_text: str, enums: dict[str, dict[str, str]], line: int
) -> str:
    """A Graphene ``default_value``: an enum's default is given by value and printed by member name."""
    members = enums.get(type_text.strip("[]!"))
    text = default_literal(context, klass, expr, line)
    return members.get(text, text) if members else text


def enum_values(info: ClassInfo) -> dict[str, str]:
    """A Graphene enum's members: value as a GraphQL literal → member name."""
    out = {}
    for stmt in info.definition.body:
        if isinstance(stmt, Assign) and stmt.targets and stmt.targets[0].op is Op.NAME and stmt.value is not None:
            out[literal(stmt.value)] = str(stmt.targets[0].value)
    return out


def graphene_sdl(context: LinkContext, expr: Expr, klass: ClassInfo, names: dict[str, str]) -> str:
    """A Graphene type expression in GraphQL notation (``graphene.List(graphene.NonNull(Book))`` → ``[Book!]``)."""
    return sdl_and_target(context, expr, klass, names)[0]


def sdl_and_target(context: LinkContext, expr: Expr, klass: ClassInfo, names: dict[str, str]) -> tuple[str, str]:
    """A Graphene type expression in GraphQL notation, and the analysed class it names (if any)."""
    required = expr.op is Op.CALL and _is_true(expr.kwarg("required"))
    head = expr.args[0] if expr.op is Op.CALL else expr
    kind = short_name(unparse(head))
    inner = expr.positional[0] if expr.op is Op.CALL and expr.positional else None
    if kind in _WRAPPERS and inner is not None:
        text, target = sdl_and_target(context, inner, klass, names)
    elif kind == "List" and inner is not None:
        text, target = sdl_and_target(context, inner, klass, names)
        text = f"[{text}]"
    elif kind == "NonNull" and inner is not None:
        text, target = sdl_and_target(context, inner, klass, names)
        return text if text.endswith("!") else text + "!", target
    elif expr.op is Op.STR:
        text, target = str(expr.value), ""
    elif expr.op is Op.LAMBDA:
        text, target = str(expr.value).partition(":")[2].strip(), ""
    else:
        value = context.evaluator.eval(head, klass.scope)
        target = value.dotted if isinstance(value, DefRef) else ""
        text = names.get(target, kind)
    return (text + "!" if required and not text.endswith("!") else text), target


def _is_true(expr: Expr | None) -> bool:
    return expr is not None and expr.op is Op.CONST and expr.value is True


def _meta_text(context: LinkContext, info: ClassInfo, option: str) -> str:
    meta = context.evaluator.class_attribute(DefRef(info.dotted, True), "Meta")
    value = context.evaluator.class_attribute(meta, option) if isinstance(meta, DefRef) else None
    return value.value if isinstance(value, Const) and isinstance(value.value, str) else ""


def _items(value: Value | None) -> tuple[Value, ...]:
    return value.items if isinstance(value, Seq) else ()

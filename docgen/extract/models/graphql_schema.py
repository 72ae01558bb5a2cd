"""What a Strawberry or Graphene class is in the GraphQL schema its library builds: a :class:`GraphQLType`.

Strawberry (``strawberry.type``/``input``/``interface``/``enum``): the schema name is ``name=``
or the class name; only ``description=`` describes (docstrings are not in the schema); fields are
the annotated attributes, base classes' first, then the ``@strawberry.field`` resolvers, named in
camel case unless ``name=`` says otherwise; Python annotations become GraphQL types (``str`` →
``String!``, ``Optional[int]`` → ``Int``, ``list[Book]`` → ``[Book!]!``); the resolvers'
parameters other than ``self``/``info``/``root`` are the arguments. A base class that is an
interface is implemented.

Graphene (``ObjectType``, ``Mutation``, ``InputObjectType``, ``Interface``, ``Enum``): the name is
``Meta.name`` or the class name; ``Meta.description`` or the class docstring describes it;
``Meta.interfaces`` are implemented; a field's extra keyword arguments are its arguments, and
``SomeMutation.Field()`` is a field of the mutation's type with its ``Arguments`` as arguments.

Defaults print as GraphQL literals; one docgen cannot evaluate stays visible as ``{?…}``.
The schema's roots are the types a module-level ``strawberry.Schema(query=...)`` or
``graphene.Schema(...)`` names, else the types named ``Query``, ``Mutation``, ``Subscription``.
"""

from __future__ import annotations

import inspect
import json

from docgen.diagnostics import Code
from docgen.extract._shared.common import short_name
from docgen.extract._shared.fields import ClassInfo, analysed_mro
from docgen.link.contract import LinkContext
from docgen.link.evaluate import DefRef, External
from docgen.link.unparse import unparse
from docgen.link.values import Const
from docgen.model import GraphQLField, GraphQLType
from docgen.model.facts import Assign, ClassDef, Expr, FunctionDef, Op

SCALARS = {
    "str": "String",
    "int": "Int",
    "float": "Float",
    "bool": "Boolean",
    "ID": "ID",
    "datetime": "DateTime",
    "date": "Date",
    "time": "Time",
    "Decimal": "Decimal",
    "UUID": "UUID",
    "JSON": "JSON",
    "Upload": "Upload",
}
"""Python names Strawberry maps to GraphQL scalars."""
_LISTS = frozenset({"list", "List", "Sequence", "Iterable", "Tuple", "tuple", "set", "Set", "frozenset"})
_CONTEXT = frozenset({"self", "cls", "root", "info", "parent"})
ROOTS = ("query", "mutation", "subscription")


def strawberry_type(context: LinkContext, info: ClassInfo, kind: str, names: dict[str, str]) -> GraphQLType:
    """The schema type of a Strawberry class; ``names``: analysed class id, and class name, → schema name."""
    decorator = _decorator(info)
    name = names[info.dotted]
    description = string(decorator.kwarg("description")) if decorator is not None else ""
    if kind == "enum":
        return GraphQLType(name=name, kind=kind, library="strawberry", description=description, values=members(info))
    fields: dict[str, GraphQLField] = {}
    interfaces = []
    for klass in reversed(list(analysed_mro(context, info))):
        if klass.dotted != info.dotted and strawberry_kind(context, klass) == "interface":
            interfaces.append(names.get(klass.dotted, klass.definition.name))
        annotated = [s for s in klass.definition.body if isinstance(s, Assign) and s.annotation is not None]
        for stmt in annotated:
            field = _annotated_field(context, klass, stmt, kind, names)
            if field is not None:
                fields[field.name] = field
        for method in klass.definition.body:
            if isinstance(method, FunctionDef) and (field := _resolver(context, klass, method, names)) is not None:
                fields[field.name] = field
    return GraphQLType(
        name=name,
        kind=kind,
        library="strawberry",
        description=description,
        fields=tuple(fields.values()),
        interfaces=tuple(interfaces),
    )


def strawberry_kind(context: LinkContext, info: ClassInfo) -> str | None:
    """``type``, ``input``, ``interface`` or ``enum``: how the class is decorated (None: it is not)."""
    for decorator in info.definition.decorators:
        target = decorator.args[0] if decorator.op is Op.CALL else decorator
        value = context.evaluator.eval(target, info.outer)
        dotted = value.dotted if isinstance(value, External) else ""
        if dotted.startswith("strawberry.") and short_name(dotted) in ("type", "input", "interface", "enum"):
            return short_name(dotted)
    return None


def _decorator(info: ClassInfo) -> Expr | None:
    return next((d for d in info.definition.decorators if d.op is Op.CALL), None)


def strawberry_name(info: ClassInfo) -> str:
    """The schema name of a Strawberry class: the decorator's ``name=``, else the class name."""
    decorator = _decorator(info)
    return (string(decorator.kwarg("name")) if decorator is not None else "") or info.definition.name


def _annotated_field(
    context: LinkContext, klass: ClassInfo, stmt: Assign, kind: str, names: dict[str, str]
) -> GraphQLField | None:
    annotation, target = stmt.annotation, stmt.targets[0] if stmt.targets else None
    if annotation is None or target is None or target.op is not Op.NAME or str(target.value).startswith("_"):
        return None
    if annotation.op is Op.SUBSCRIPT and short_name(unparse(annotation.args[0])) in ("Private", "ClassVar"):
        return None
    value, description, name, deprecation = stmt.value, "", "", None
    default = value
    if value is not None and value.op is Op.CALL and short_name(unparse(value.args[0])) == "field":
        description, name = string(value.kwarg("description")), string(value.kwarg("name"))
        deprecation = string(value.kwarg("deprecation_reason")) or None
        default = value.kwarg("default")
        factory = value.kwarg("default_factory")
        if default is None and factory is not None:
            default = Expr(Op.LIST) if unparse(factory) == "list" else factory
    return GraphQLField(
        name=name or camel(str(target.value)),
        type=python_type(annotation, names),
        default=default_literal(context, klass, default, stmt.line) if kind == "input" and default else None,
        description=description,
        deprecation=deprecation,
    )


def _resolver(
    context: LinkContext, klass: ClassInfo, method: FunctionDef, names: dict[str, str]
) -> GraphQLField | None:
    for decorator in method.decorators:
        target = decorator.args[0] if decorator.op is Op.CALL else decorator
        value = context.evaluator.eval(target, klass.scope)
        dotted = value.dotted if isinstance(value, External) else ""
        if not dotted.startswith("strawberry") or short_name(dotted) not in ("field", "mutation", "subscription"):
            continue
        options = decorator if decorator.op is Op.CALL else Expr(Op.CALL, args=(decorator,))
        args = tuple(
            GraphQLField(
                name=camel(p.name),
                type=python_type(p.annotation, names) if p.annotation is not None else "{?}",
                default=default_literal(context, klass, p.default, method.line) if p.default is not None else None,
            )
            for p in method.params
            if p.name not in _CONTEXT and p.kind not in ("var_positional", "var_keyword")
        )
        return GraphQLField(
            name=string(options.kwarg("name")) or camel(method.name),
            type=python_type(method.returns, names) if method.returns is not None else "{?}",
            description=string(options.kwarg("description")),
            args=args,
            deprecation=string(options.kwarg("deprecation_reason")) or None,
        )
    return None


def python_type(expr: Expr, names: dict[str, str]) -> str:
    """A Strawberry annotation in GraphQL notation: non-null unless optional."""
    text, nullable = _python_type(expr, names)
    return text if nullable else text + "!"


def _python_type(expr: Expr, names: dict[str, str]) -> tuple[str, bool]:
    if expr.op is Op.STR:
        return _named(str(expr.value), names), False
    if expr.op is Op.BINOP and expr.value == "|":
        members = [a for a in _union(expr) if not (a.op is Op.CONST and a.value is None)]
        if len(members) == 1:
            return _python_type(members[0], names)[0], True
        return " | ".join(_python_type(m, names)[0] for m in members), True
    if expr.op is Op.SUBSCRIPT:
        head, indices = short_name(unparse(expr.args[0])), expr.args[1:]
        if head == "Optional" and indices:
            return _python_type(indices[0], names)[0], True
        if head == "Union":
            members = [a for a in indices if not (a.op is Op.CONST and a.value is None)]
            inner = _python_type(members[0], names)[0] if len(members) == 1 else "{?union}"
            return inner, len(members) < len(indices)
        if head == "Annotated" and indices:
            return _python_type(indices[0], names)
        if head in _LISTS and indices:
            return f"[{python_type(indices[0], names)}]", False
    return _named(unparse(expr), names), False


def _union(expr: Expr) -> list[Expr]:
    if expr.op is Op.BINOP and expr.value == "|":
        return _union(expr.args[0]) + _union(expr.args[1])
    return [expr]


def _named(text: str, names: dict[str, str]) -> str:
    short = short_name(text)
    if short in SCALARS:
        return SCALARS[short]
    return names.get(text) or names.get(short) or short


def default_literal(context: LinkContext, klass: ClassInfo, expr: Expr, line: int) -> str:
    """A default as a GraphQL literal, a name evaluated; one docgen cannot know is ``{?…}`` and a DG warning."""
    text = literal(expr)
    if not text.startswith("{?"):
        return text
    value = context.evaluator.eval(expr, klass.scope)
    if isinstance(value, Const) and (value.value is None or isinstance(value.value, bool | int | float | str)):
        op = (
            Op.STR
            if isinstance(value.value, str)
            else Op.CONST
            if value.value is None or isinstance(value.value, bool)
            else Op.NUM
        )
        return literal(Expr(op, value.value))
    where = context.location(klass.scope.module, line)
    context.warn_once(Code.NOT_EVALUATED, f"GraphQL default {text} could not be evaluated statically", where)
    return text


def literal(expr: Expr) -> str:
    """A Python default as a GraphQL literal (an enum member by its name); ``{?…}`` when not a literal."""
    if expr.op is Op.CONST:
        return {True: "true", False: "false", None: "null"}.get(expr.value, f"{{?{unparse(expr)}}}")  # type: ignore[arg-type]
    if expr.op is Op.NUM:
        return str(expr.value)
    if expr.op is Op.STR:
        return json.dumps(str(expr.value), ensure_ascii=False)
    if expr.op in (Op.LIST, Op.TUPLE):
        return "[" + ", ".join(literal(a) for a in expr.args) + "]"
    if expr.op is Op.ATTR and expr.args[0].op in (Op.NAME, Op.ATTR):
        return str(expr.value)  # Genre.FICTION: an enum member
    if expr.op is Op.UNARY and expr.value == "-" and expr.args[0].op is Op.NUM:
        return f"-{expr.args[0].value}"
    return f"{{?{unparse(expr)}}}"


def camel(name: str) -> str:
    """``page_count`` → ``pageCount``, as both libraries name fields by default."""
    first, *rest = name.split("_")
    return first + "".join(part[:1].upper() + part[1:] for part in rest)


def members(info: ClassInfo) -> tuple[str, ...]:
    """An enum class's member names, in order."""
    out = []
    for stmt in info.definition.body:
        if isinstance(stmt, Assign) and stmt.targets and stmt.targets[0].op is Op.NAME:
            name = str(stmt.targets[0].value)
            if not name.startswith("_") and stmt.value is not None and stmt.value.op is not Op.LAMBDA:
                out.append(name)
    return tuple(out)


def string(expr: Expr | None) -> str:
    """A string literal's text; empty for anything else."""
    return str(expr.value) if expr is not None and expr.op is Op.STR else ""


def docstring_description(definition: ClassDef) -> str:
    """A class docstring as Graphene puts it in the schema (cleaned of indentation)."""
    return inspect.cleandoc(definition.docstring) if definition.docstring else ""


def schema_roots(context: LinkContext, library: str) -> dict[str, str]:
    """Analysed class id → ``query``/``mutation``/``subscription``, from module-level ``<library>.Schema()`` calls."""
    roots: dict[str, str] = {}
    for module in context.program.modules:
        scope = context.program.module_scope(module)
        for stmt in scope.statements:
            call = stmt.value if isinstance(stmt, Assign) else None
            if call is None or call.op is not Op.CALL or not unparse(call.args[0]).endswith("Schema"):
                continue
            callee = context.evaluator.eval(call.args[0], scope)
            if not (
                isinstance(callee, External)
                and callee.dotted.startswith(library)
                and short_name(callee.dotted) == "Schema"
            ):
                continue
            for root in ROOTS:
                expr = call.kwarg(root)
                value = context.evaluator.eval(expr, scope) if expr is not None else None
                if isinstance(value, DefRef) and value.is_class:
                    roots.setdefault(value.dotted, root)
    return roots

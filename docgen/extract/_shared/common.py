"""Helpers shared by extractors: handler lookup, type display, model references, secret masking."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from http import HTTPStatus

from docgen.diagnostics import Code
from docgen.link.contract import LinkContext
from docgen.link.evaluate import Const, DefRef, External, Instance, ModuleRef, Seq, Unknown, Value, placeholder, text_of
from docgen.link.program import Scope
from docgen.link.redact import redact_source
from docgen.link.routegraph import Chain, Endpoint
from docgen.link.unparse import unparse
from docgen.model import Framework, Location, Model, ModelKind, Param, ParamLocation, Route
from docgen.model.facts import Assign, Expr, FunctionDef, Import, Op
from docgen.reference.docstrings import parse_docstring

VALIDATION_CONSTRAINTS = (
    "gt", "ge", "lt", "le", "min_length", "max_length", "pattern", "regex", "multiple_of", "max_digits",
    "decimal_places", "min_items", "max_items",
)  # fmt: skip
"""Keyword arguments of pydantic's Field and FastAPI's Query/Path/Body... that constrain a value."""


@dataclass(frozen=True, slots=True)
class Handler:
    """A function found by evaluating a handler reference.

    Attributes:
        dotted: ``module.qualname``.
        definition: Its definition.
        scope: The scope it is defined in.
        view: The class it is served through when that class inherits it (a view class's
            verb defined on a base): routes name ``view.verb`` and keep ``dotted`` as the
            implementation.

    Two handlers are the same function whatever scope they were found in (a helper walked once
    per call registers one route, not one per call).
    """

    dotted: str
    definition: FunctionDef
    scope: Scope = field(compare=False)
    view: str | None = None

    @property
    def name(self) -> str:
        """The route's handler name: ``module.View.verb`` when served through a view class, else ``dotted``."""
        return f"{self.view}.{self.definition.name}" if self.view else self.dotted

    @property
    def implementation(self) -> str | None:
        """The function that runs when it is not the handler's own (an inherited method)."""
        return self.dotted if self.view else None


def find_handler(context: LinkContext, value: Value) -> Handler | None:
    """The analysed function a value refers to, if any."""
    if not isinstance(value, DefRef) or value.is_class:
        return None
    definition = context.program.definition(value.dotted)
    scope = context.program.defining_scope(value.dotted)
    if isinstance(definition, FunctionDef) and scope is not None:
        return Handler(value.dotted, definition, scope)
    return None


def const_str(value: Value | None) -> str | None:
    """A value's string, when it is a known string."""
    return value.value if isinstance(value, Const) and isinstance(value.value, str) else None


def const_at(context: LinkContext, expr: Expr | None, scope: Scope) -> object:
    """The constant ``expr`` evaluates to in ``scope``, else None."""
    if expr is None:
        return None
    value = context.evaluator.eval(expr, scope)
    return value.value if isinstance(value, Const) else None


def text_at(context: LinkContext, expr: Expr | None, scope: Scope) -> str:
    """``expr`` as text in ``scope``; what cannot be known is a visible ``{?source}``, and no ``expr`` is ``""``."""
    if expr is None:
        return ""
    value = context.evaluator.eval(expr, scope)
    return text_of(value)[0] if isinstance(value, Const | Unknown) else placeholder(value, expr)


def kwarg_str(context: LinkContext, call: Expr, name: str, scope: Scope) -> str | None:
    """A call's keyword argument ``name``, when it is a known string."""
    expr = call.kwarg(name)
    return const_str(context.evaluator.eval(expr, scope)) if expr is not None else None


def method_of(context: LinkContext, cls: DefRef, name: str) -> Handler | None:
    """The analysed method ``name`` that ``cls`` has or inherits (``module.DefiningClass.name``).

    An inherited method is served through ``cls``: its :attr:`Handler.view` is ``cls``.
    """
    for klass in context.evaluator.mro(cls):
        if isinstance(klass, DefRef):
            found = find_handler(context, DefRef(f"{klass.dotted}.{name}", False))
            if found is not None:
                return found if klass == cls else replace(found, view=cls.dotted)
    return None


def class_handler(view: str, verb: str, implementing: str | None) -> tuple[str, str | None]:
    """``(handler, implementation)`` of a view class's verb.

    The handler is ``view.verb``; the implementation is the function that runs when the class
    inherits it from elsewhere (a library class's method), else None.
    """
    handler = f"{view}.{verb}"
    return handler, implementing if implementing and implementing != handler else None


def from_outside(value: Value | None) -> bool:
    """Whether a value comes from code docgen did not read (an imported name, or a call of one)."""
    return isinstance(value, External) or (isinstance(value, Instance) and isinstance(value.cls, External))


def shared_origin(context: LinkContext, kind: str, source: str, value: Value | None) -> str | None:
    """The DG904 text for a value imported by a name several files of the tree have (None: no file has it).

    Each file has the name from its own import root (two services with an ``app`` package each):
    from an importer outside both roots, which file is meant is unknown.
    """
    origin = value.cls if isinstance(value, Instance) else value
    found = context.program.names.sharing(origin.dotted) if isinstance(origin, External) else None
    if found is None:
        return None
    module, paths = found
    listed = ", ".join(paths[:-1]) + f" and {paths[-1]}"
    return (
        f"{kind} {source!r} is imported from {module}, which {listed} each are (from their own import roots):"
        " which one is meant is not known, so its routes are not listed"
    )


def handler_at(context: LinkContext, scope: Scope, definition: FunctionDef) -> Handler:
    """The Handler for a definition met while walking ``scope``."""
    return Handler(f"{scope.module}.{definition.qualname}", definition, scope)


def strings(value: Value) -> tuple[str, ...]:
    """The string items of a list/tuple value (or a lone string)."""
    if isinstance(value, Const) and isinstance(value.value, str):
        return (value.value,)
    if isinstance(value, Seq):
        return tuple(str(v.value) for v in value.items if isinstance(v, Const) and isinstance(v.value, str))
    return ()


def only_strings(value: Value) -> bool:
    """Whether ``value`` is a known string or a sequence of known strings only (what :func:`strings` reads whole)."""
    if isinstance(value, Seq):
        return all(isinstance(v, Const) and isinstance(v.value, str) for v in value.items)
    return isinstance(value, Const) and isinstance(value.value, str)


def model_ref(context: LinkContext, annotation: Expr | None, scope: Scope) -> str | None:
    """The id of the first known model named in a type annotation (``list[Item] | None`` → Item).

    A generic model's own type (``Page[Item]``) names the generic model.
    """
    if annotation is None:
        return None
    stack = [annotation]
    while stack:
        expr = stack.pop(0)
        if expr.op is Op.SUBSCRIPT and expr.args[0].op in (Op.NAME, Op.ATTR):
            base = context.evaluator.eval(expr.args[0], scope)
            model = context.models.get(base.dotted) if isinstance(base, DefRef) else None
            if model is not None and model.type_params:
                return model.id
        if expr.op in (Op.NAME, Op.ATTR):
            value = context.evaluator.eval(expr, scope)
            if isinstance(value, DefRef) and value.dotted in context.models:
                return value.dotted
        elif expr.op is Op.STR and isinstance(expr.value, str):
            name = expr.value.strip().split("[")[0]
            named = context.evaluator.lookup(scope, name) if name.isidentifier() else None
            if isinstance(named, DefRef) and named.dotted in context.models:
                return named.dotted
        elif expr.op in (Op.SUBSCRIPT, Op.BINOP, Op.TUPLE, Op.LIST):
            stack.extend(expr.args[1:] if expr.op is Op.SUBSCRIPT else expr.args)
    return None


PYDANTIC_BASES = frozenset(
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
"""The classes a pydantic model derives from (v1 and v2)."""


FIELD_MODELS = frozenset(
    {ModelKind.PYDANTIC, ModelKind.SQLMODEL, ModelKind.DATACLASS, ModelKind.ATTRS, ModelKind.MSGSPEC}
)
"""Model kinds whose fields a framework can read parameters from (not enums, not ORM tables)."""


def params_model(
    context: LinkContext, annotation: Expr | None, scope: Scope, kinds: frozenset[ModelKind] = FIELD_MODELS
) -> Model | None:
    """The model a parameter-model annotation names: the class itself (``Filters``), not ``Filters | None``."""
    if annotation is None or annotation.op not in (Op.NAME, Op.ATTR):
        return None
    found = context.models.get(model_ref(context, annotation, scope) or "")
    return found if found is not None and found.kind in kinds else None


_STATUS_NAME = re.compile(r"HTTP_(\d{3})")


def status_code(context: LinkContext, expr: Expr | None, scope: Scope) -> str | None:
    """A status code as text: ``201``, ``status.HTTP_201_CREATED``, ``HTTPStatus.CREATED``; None if unknown."""
    if expr is None:
        return None
    value = context.evaluator.eval(expr, scope)
    if isinstance(value, Const) and isinstance(value.value, int | str):
        return str(value.value)
    if isinstance(value, External) and value.dotted.startswith("http.HTTPStatus."):
        member = short_name(value.dotted)
        return str(HTTPStatus[member].value) if member in HTTPStatus.__members__ else None
    match = _STATUS_NAME.search(value.dotted if isinstance(value, External) else unparse(expr))
    return match.group(1) if match else None


def field_params(model: Model, location: ParamLocation, *, dashed: bool = False) -> list[Param]:
    """One parameter per field of a parameter model; ``dashed`` turns ``x_token`` into ``x-token`` (headers)."""
    return [
        Param(
            name=f.alias or (f.name.replace("_", "-") if dashed else f.name),
            in_=location,
            type=f.type,
            required=f.required,
            default=None if f.required else f.default,
            description=f.description,
            constraints=dict(f.constraints),
        )
        for f in model.fields
    ]


def callee_name(context: LinkContext, call: Expr, scope: Scope) -> str | None:
    """The dotted name of what a call calls, when it is external or analysed."""
    if call.op is not Op.CALL:
        return None
    value = context.evaluator.eval(call.args[0], scope)
    if isinstance(value, External | DefRef):
        return value.dotted
    return None


def short_name(dotted: str) -> str:
    """The last component of a dotted name."""
    return dotted.rpartition(".")[2]


def masked_default(context: LinkContext, name: str, default: Expr | None, where: Location) -> str | None:
    """A default's source text, masked (with a DG401 warning) when it looks like a secret."""
    if default is None:
        return None
    text, masked = redact_source(name, default)
    if masked:
        context.warn(Code.SECRET_REDACTED, f"possible secret in the default of '{name}' redacted", where)
    return text


STARLETTE_PATH_PARAM = re.compile(r"{([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?}")
"""A Starlette/FastAPI path parameter, ``{name}`` or ``{name:convertor}``."""


def openapi_path(path: str) -> str:
    """``/items/{id:uuid}`` → ``/items/{id}``: convertors dropped, as OpenAPI and the catalog write paths."""
    return STARLETTE_PATH_PARAM.sub(r"{\1}", path)


def handler_route(
    context: LinkContext,
    *,
    endpoint: Endpoint,
    chain: Chain,
    path: str,
    raw_path: str,
    framework: Framework,
    handler: Handler | None,
    name: str | None,
    types: Mapping[str, str] | None = None,
) -> Route:
    """A route whose documentation is its handler's docstring and whose parameters are its ``{path}`` ones.

    For frameworks that declare nothing more about a route (Tornado, Bottle, Sanic, Falcon):
    parameters are strings unless ``types`` (name → type) says what the path template converts
    them to, described by the docstring's ``Args`` when it names them.
    """
    doc = parse_docstring(handler.definition.docstring, context.docstring_style) if handler else None
    described = {p.name: p.description for p in doc.params} if doc else {}
    params = tuple(
        Param(
            name=n,
            in_=ParamLocation.PATH,
            type=(types or {}).get(n, "str"),
            required=True,
            default=None,
            description=described.get(n, ""),
        )
        for n in re.findall(r"\{(\w+)\}", path)
    )
    return Route(
        id="",
        method=endpoint.methods[0],
        path=path,
        handler=endpoint.handler,
        implementation=endpoint.implementation,
        app=chain.app,
        location=endpoint.location,
        framework=framework,
        params=params,
        summary=doc.summary if doc else "",
        description=doc.description if doc else "",
        deprecated=bool(doc and doc.deprecated),
        name=name,
        group=chain.group,
        raw_path=raw_path,
    )


MAX_BINDING_HOPS = 40
"""Imports and module attributes followed to find a name's assignment."""


def last_assignment(context: LinkContext, expr: Expr, scope: Scope, depth: int = 0) -> tuple[Assign, Scope] | None:
    """The assignment that last binds a name (``x``, ``module.x``), followed across imports, and its scope."""
    if depth > MAX_BINDING_HOPS or expr.op not in (Op.NAME, Op.ATTR):
        return None
    if expr.op is Op.ATTR:
        base = context.evaluator.eval(expr.args[0], scope)
        if not isinstance(base, ModuleRef) or base.name not in context.program.modules:
            return None
        return last_assignment(context, Expr(Op.NAME, expr.value), context.program.module_scope(base.name), depth + 1)
    current: Scope | None = scope
    while current is not None and expr.value not in current.bindings:
        current = current.parent
    if current is None:
        return None
    stmt = current.bindings[str(expr.value)][-1]
    if isinstance(stmt, Import) and stmt.name not in (None, "*") and stmt.module in context.program.modules:
        return last_assignment(context, Expr(Op.NAME, stmt.name), context.program.module_scope(stmt.module), depth + 1)
    return (stmt, current) if isinstance(stmt, Assign) else None

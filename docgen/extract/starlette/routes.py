"""Starlette routes: ``routes=`` lists of Route/WebSocketRoute/Mount/Host, and endpoint classes.

Covers ``Starlette(routes=[...])``, ``Router(routes=[...])`` and ``FastAPI(routes=[...])``, route
lists bound to variables in any module (``+``, ``*starred`` and ``append`` included), apps built
in factories, ``Mount(path, routes=[...])`` (its routes under the mount path), ``Mount(path,
app=X)`` and ``Host(host, app=X)`` of another Starlette or FastAPI app or router (an edge in the
route graph, so X's routes, found by whichever extractor owns them, appear under the mount),
``@app.route``/``@app.websocket_route`` on endpoint classes, and ``add_route``/
``add_websocket_route`` with an endpoint class (the FastAPI extractor reads those calls with
function endpoints).

Endpoints: a function answers ``methods=`` (default GET; the HEAD Starlette adds to GET is never
reported); an ``HTTPEndpoint`` subclass answers one route per HTTP method function it defines or
inherits from analysed bases (handler ``module.Class.get``; ``head``/``options`` only when written
out); a ``WebSocketEndpoint`` subclass is one WEBSOCKET route whose handler is the class.

A ``Mount`` of a ``StaticFiles`` app gives no route: it serves files, not an API, and neither
Starlette's schema generator nor FastAPI's OpenAPI lists it (the FastAPI extractor treats
``app.mount(path, StaticFiles(...))`` the same way). A mount of any other ASGI app, and any piece
that cannot be evaluated, is a DG904 diagnostic; a route whose endpoint is unknown is kept with no
handler. Nodes are keyed by ``Instance.key`` with the shape the FastAPI extractor gives them, so
both extractors add to the same app.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docgen.diagnostics import Code
from docgen.extract._shared.common import STARLETTE_PATH_PARAM, const_at, openapi_path, short_name, strings
from docgen.extract.starlette.endpoints import (
    default_name,
    definition_location,
    docstring_of,
    resolve_endpoint,
)
from docgen.link.contract import Extractor, LinkContext
from docgen.link.evaluate import Const, DefRef, External, Instance, Seq, Unknown, Value, placeholder, text_of
from docgen.link.joins import join_paths
from docgen.link.program import Scope, is_call_stmt
from docgen.link.routegraph import Chain, Edge, Endpoint, Node, RouteGraph
from docgen.link.unparse import unparse
from docgen.model import Framework, HttpMethod, Location, Param, ParamLocation, Route
from docgen.model.facts import Assign, ClassDef, Expr, Op, Return, Stmt
from docgen.reference.docstrings import parse_docstring

STARLETTE_APPS = frozenset({"starlette.applications.Starlette"})
STARLETTE_ROUTERS = frozenset({"starlette.routing.Router"})
FASTAPI_APPS = frozenset({"fastapi.FastAPI", "fastapi.applications.FastAPI"})
FASTAPI_ROUTERS = frozenset({"fastapi.APIRouter", "fastapi.routing.APIRouter"})
OWNERS = STARLETTE_APPS | STARLETTE_ROUTERS | FASTAPI_APPS
"""Objects whose ``routes=`` and Starlette registration methods this extractor reads."""
MOUNTABLE = OWNERS | FASTAPI_ROUTERS
"""Objects whose routes appear under a ``Mount``/``Host`` of them."""
ROUTE = frozenset({"starlette.routing.Route"})
WEBSOCKET_ROUTE = frozenset({"starlette.routing.WebSocketRoute"})
MOUNT = frozenset({"starlette.routing.Mount"})
HOST = frozenset({"starlette.routing.Host"})
STATIC_FILES = frozenset({"starlette.staticfiles.StaticFiles", "fastapi.staticfiles.StaticFiles"})

_CONVERTERS = {"int": "int", "float": "float", "path": "str", "str": "str", "uuid": "UUID"}


@dataclass(frozen=True, slots=True)
class _Registration:
    """What ``describe`` needs of one Starlette endpoint.

    Attributes:
        docstring: The handler's docstring (an endpoint method's, else its class's).
        name: The route name (``name=``, else the endpoint's own name).
        include_in_schema: False for ``include_in_schema=False``.
    """

    docstring: str | None
    name: str | None
    include_in_schema: bool


@dataclass(slots=True)
class _Collector:
    """Reads Starlette objects into one route graph, each (object, evaluation scope) once."""

    context: LinkContext
    graph: RouteGraph
    seen: set[tuple[str, str]] = field(default_factory=set)
    expanding: set[tuple[str, int]] = field(default_factory=set)  # the Mount(routes=...) being read

    def node(self, value: Value, kinds: frozenset[str] = OWNERS) -> str | None:
        """The graph key of an app or router instance, adding its node if new (FastAPI's shape)."""
        if not isinstance(value, Instance) or not self.context.is_a(value, kinds):
            return None
        if value.key not in self.graph.nodes and not self.context.is_a(value, FASTAPI_ROUTERS):
            lineage = self.context.evaluator.lineage(value.cls)
            framework = Framework.STARLETTE if lineage.isdisjoint(FASTAPI_APPS) else Framework.FASTAPI
            self.context.frameworks.add(framework)
            is_app = not lineage.isdisjoint(STARLETTE_APPS | FASTAPI_APPS)
            where = self.context.location(value.key.partition(":")[0], value.call.line)
            self.graph.add_node(Node(value.key, framework, is_app, "", value.key, where))
        return value.key

    def routed(self, value: Instance) -> None:
        """Read the ``routes=`` of an app or router instance (positional for Starlette's own classes)."""
        scope = self.context.call_scope(value)
        if (value.key, scope.key) in self.seen:
            return
        self.seen.add((value.key, scope.key))
        owner = self.node(value)
        if self.context.is_a(value, FASTAPI_APPS):
            routes = value.call.kwarg("routes")  # keyword-only there
        else:
            routes = _arg(value.call, "routes", 0 if self.context.is_a(value, STARLETTE_ROUTERS) else 1)
        if owner is not None and routes is not None:
            where = self.context.location(scope.module, value.call.line)
            self.route_list(owner, "", routes, scope, where)

    def route_list(self, owner: str, prefix: str, expr: Expr, scope: Scope, where: Location) -> None:
        """Register every item of a route list under ``prefix`` on ``owner`` (``where``: the call giving it)."""
        value = self.context.evaluator.eval(expr, scope)
        if not isinstance(value, Seq):
            if not _is_parameter(expr, scope):  # a factory's parameter: its call sites are read instead
                self.context.warn(Code.NOT_EVALUATED, f"route list {unparse(expr)!r} could not be evaluated", where)
            return
        for item in self.graph.each(value):
            if isinstance(item, Instance):
                self.route(owner, prefix, item)
            else:
                self.context.warn(Code.NOT_EVALUATED, f"route list item {_text_of(item)!r} is not a route", where)

    def route(self, owner: str, prefix: str, item: Instance) -> None:
        """One ``Route``/``WebSocketRoute``/``Mount``/``Host`` of a route list."""
        ctx, call, scope = self.context, item.call, self.context.call_scope(item)
        where = ctx.location(scope.module, call.line)
        if ctx.is_a(item, HOST):  # the host name is not part of the path
            self.mounted(owner, prefix, _arg(call, "app", 1), scope, where)
            return
        if not ctx.is_a(item, ROUTE | WEBSOCKET_ROUTE | MOUNT):
            ctx.warn(Code.NOT_EVALUATED, f"route {short_name(item.cls.dotted)!r} is not a Starlette route class", where)
            return
        path = join_paths(prefix, self.path(_arg(call, "path", 0), scope, where))
        if not ctx.is_a(item, MOUNT):
            target = _arg(call, "endpoint", 1)
            self.endpoints(owner, path, target, call, scope, websocket=ctx.is_a(item, WEBSOCKET_ROUTE))
        elif (routes := _arg(call, "routes", 2)) is not None:
            identity = (item.scope_key, id(call))
            if identity in self.expanding:  # r = [Mount("/a", routes=r)]
                ctx.warn(Code.CYCLE_CUT, f"{unparse(call)!r} includes itself: this inclusion is dropped", where)
                return
            self.expanding.add(identity)
            try:
                self.route_list(owner, path, routes, scope, where)
            finally:
                self.expanding.discard(identity)
        else:
            self.mounted(owner, path, _arg(call, "app", 1), scope, where)

    def mounted(self, owner: str, prefix: str, app: Expr | None, scope: Scope, where: Location) -> None:
        """``Mount``/``Host`` of another app: an edge to it (and its own routes read)."""
        value = self.context.evaluator.eval(app, scope) if app is not None else Unknown("None")
        if isinstance(value, Instance) and self.context.is_a(value, STATIC_FILES):
            return
        child = self.node(value, MOUNTABLE)
        if child is None or not isinstance(value, Instance):
            text = unparse(app) if app is not None else "None"
            message = f"mounted app {text!r} at {prefix or '/'!r} is not a Starlette or FastAPI app: routes unknown"
            self.context.warn(Code.NOT_EVALUATED, message, where)
            return
        self.routed(value)
        self.graph.add_edge(Edge(owner, child, prefix, False, where, mount=True))

    def path(self, expr: Expr | None, scope: Scope, where: Location) -> str:
        """A route or mount path, with ``{?source}`` placeholders (and a DG904) for unknown pieces."""
        if expr is None:
            return ""
        value = self.context.evaluator.eval(expr, scope)
        text = text_of(value)[0] if isinstance(value, Const | Unknown) else placeholder(value, expr)
        if "{?" in text:
            self.context.warn(Code.NOT_EVALUATED, f"route path {text!r} could not be fully evaluated", where)
        return text

    def endpoints(
        self, owner: str, path: str, target: Expr | None, options: Expr, scope: Scope, *, websocket: bool
    ) -> None:
        """The endpoints of ``target`` served at ``path``; ``options`` holds ``methods=``, ``name=``..."""
        ctx = self.context
        value = ctx.evaluator.eval(target, scope) if target is not None else Unknown("None")
        where = ctx.location(scope.module, options.line)
        explicit = self.methods(options.kwarg("methods"), scope, where)
        found = resolve_endpoint(ctx, value, websocket, explicit)
        if found is None and target is not None and target.op is Op.LAMBDA:  # named as Python names it
            methods = (HttpMethod.WEBSOCKET,) if websocket else explicit or (HttpMethod.GET,)
            found = [(m, f"{scope.module}.{scope.prefix()}<lambda>", None) for m in methods]
        if found is None:
            if not isinstance(value, External):
                text = unparse(target) if target is not None else "None"
                ctx.warn(Code.NOT_EVALUATED, f"endpoint {text!r} could not be resolved to a function or class", where)
            methods = (HttpMethod.WEBSOCKET,) if websocket else explicit or (HttpMethod.GET,)
            found = [(m, None, None) for m in methods]
        elif not found:
            ctx.warn(Code.NOT_EVALUATED, f"endpoint class {_text_of(value)!r} defines no HTTP method", where)
        ctx.frameworks.add(Framework.STARLETTE)
        name = const_at(ctx, options.kwarg("name"), scope)
        class_doc = docstring_of(ctx, value.dotted) if isinstance(value, DefRef) and value.is_class else None
        registration_name = name if isinstance(name, str) and name else default_name(value)
        hidden = const_at(ctx, options.kwarg("include_in_schema"), scope) is False
        for method, dotted, handler in found:
            doc = handler.definition.docstring if handler is not None else None
            registration = _Registration(doc or class_doc, registration_name, not hidden)
            location = definition_location(ctx, dotted, handler) or where
            implementation = handler.implementation if handler is not None else None
            self.graph.add_endpoint(Endpoint(owner, (method,), path, dotted, location, registration, implementation))

    def methods(self, expr: Expr | None, scope: Scope, where: Location) -> tuple[HttpMethod, ...]:
        """``methods=`` without the HEAD Starlette adds to GET by itself (empty when not given)."""
        if expr is None:
            return ()
        found = HttpMethod.listed(strings(self.context.evaluator.eval(expr, scope)))
        if not found:
            self.context.warn(
                Code.NOT_EVALUATED, f"methods {unparse(expr)!r} could not be evaluated; shown as GET", where
            )
        if HttpMethod.GET in found:
            found = tuple(m for m in found if m is not HttpMethod.HEAD)
        return found

    def decorated_class(self, scope: Scope, cls: ClassDef, deco: Expr) -> None:
        """``@app.route(path)`` / ``@app.websocket_route(path)`` on an endpoint class."""
        if deco.op is not Op.CALL or deco.args[0].op is not Op.ATTR:
            return
        verb = deco.args[0].value
        if verb not in ("route", "websocket_route"):
            return
        owner = self.node(self.context.evaluator.eval(deco.args[0].args[0], scope))
        if owner is None:
            return
        where = self.context.location(scope.module, deco.line or cls.line)
        path = self.path(_arg(deco, "path", 0), scope, where)
        endpoint = Expr(Op.NAME, cls.name, line=cls.line)
        self.endpoints(owner, path, endpoint, deco, scope, websocket=verb == "websocket_route")

    def statement(self, scope: Scope, stmt: Stmt) -> None:
        """Apps and routers a statement creates, and ``add_route``/``mount`` calls it makes."""
        call = is_call_stmt(stmt)
        if call is None:
            return
        callee = call.args[0]
        if callee.op is Op.ATTR and callee.value in ("add_route", "add_websocket_route", "mount"):
            self.method_call(scope, call)
            return
        if not isinstance(stmt, Assign | Return):  # a bare call statement creates no app anyone can use
            return
        kind = self.context.evaluator.eval(callee, scope)
        if not isinstance(kind, DefRef | External):
            return
        if isinstance(kind, DefRef) and not kind.is_class:
            made = self.context.evaluator.returns(kind.dotted)  # memoised: a cheap test for app factories
            if not (isinstance(made, Instance) and self.context.is_a(made, OWNERS)):
                return
        elif not self.context.is_a(kind, OWNERS):
            return
        bind_as = None
        if isinstance(stmt, Assign) and len(stmt.targets) == 1 and stmt.targets[0].op is Op.NAME:
            bind_as = f"{scope.module}:{scope.prefix()}{stmt.targets[0].value}"  # the key the evaluator gives it
        value = self.context.evaluator.eval(call, scope, bind_as=bind_as)
        if isinstance(value, Instance) and self.context.is_a(value, OWNERS):
            self.routed(value)

    def method_call(self, scope: Scope, call: Expr) -> None:
        """``add_route``/``add_websocket_route`` with an endpoint class; ``mount`` of a Starlette app."""
        ctx, method = self.context, call.args[0].value
        if method == "mount":  # the FastAPI extractor adds the edge; the mounted app's own routes are read here
            mounted = ctx.evaluator.eval(_arg(call, "app", 1) or Expr(Op.CONST), scope)
            if isinstance(mounted, Instance) and ctx.is_a(mounted, OWNERS):
                self.routed(mounted)
            return
        endpoint = _arg(call, "endpoint", 1) or call.kwarg("route")
        value = ctx.evaluator.eval(endpoint, scope) if endpoint is not None else None
        if not (isinstance(value, DefRef) and value.is_class):
            return  # function endpoints: the FastAPI extractor's
        owner = self.node(ctx.evaluator.eval(call.args[0].args[0], scope))
        if owner is not None:
            where = ctx.location(scope.module, call.line)
            path = self.path(_arg(call, "path", 0), scope, where)
            self.endpoints(owner, path, endpoint, call, scope, websocket=method == "add_websocket_route")


class StarletteExtractor(Extractor):
    """Routes of Starlette route lists, mounts and endpoint classes."""

    name = "starlette"
    packages = frozenset({"starlette"})
    route_triggers = packages | {"fastapi"}  # FastAPI apps use Starlette's routing too

    def collect_routes(self, *, context: LinkContext, graph: RouteGraph) -> None:  # noqa: D102
        collector = _Collector(context, graph)
        for scope, stmt in context.program.walk(libraries_importing=self.packages, keep=context.runs):
            if isinstance(stmt, ClassDef):
                for decorator in stmt.decorators:
                    collector.decorated_class(scope, stmt, decorator)
            collector.statement(scope, stmt)

    def describe(self, *, context: LinkContext, endpoint: Endpoint, chain: Chain, path: str) -> list[Route]:  # noqa: D102
        reg = endpoint.payload
        if not isinstance(reg, _Registration):
            return []
        doc = parse_docstring(reg.docstring, context.docstring_style)
        described = {p.name: p.description for p in doc.params} if doc else {}
        params = tuple(
            Param(
                name=name,
                in_=ParamLocation.PATH,
                type=_CONVERTERS.get(conv, conv or "str"),
                required=True,
                default=None,
                description=described.get(name, ""),
            )
            for name, conv in dict(STARLETTE_PATH_PARAM.findall(path)).items()
        )
        return [
            Route(
                id="",
                method=method,
                path=openapi_path(path),
                handler=endpoint.handler,
                implementation=endpoint.implementation,
                app=chain.app,
                location=endpoint.location,
                framework=Framework.STARLETTE,
                params=params,
                auth=chain.auth,
                tags=chain.tags,
                summary=doc.summary if doc else "",
                description=doc.description if doc else "",
                deprecated=bool(doc and doc.deprecated),
                name=reg.name,
                group=chain.group,
                include_in_schema=reg.include_in_schema,
                raw_path=path,
            )
            for method in endpoint.methods
        ]


def _arg(call: Expr, name: str, index: int) -> Expr | None:
    """A call's argument given by keyword ``name`` or at position ``index``."""
    found = call.kwarg(name)
    if found is None and len(call.positional) > index and call.positional[index].op is not Op.STARRED:
        found = call.positional[index]
    return found


def _is_parameter(expr: Expr, scope: Scope) -> bool:
    """Whether ``expr`` is a bare parameter of the function scope it is read in, with no value bound."""
    return expr.op is Op.NAME and expr.value in scope.params and expr.value not in scope.overrides


def _text_of(value: Value) -> str:
    if isinstance(value, Unknown):
        return value.text
    if isinstance(value, DefRef | External):
        return value.dotted
    return type(value).__name__

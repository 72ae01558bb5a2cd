"""aiohttp: applications, their routers, route tables and sub-applications, and the routes they serve.

Routes are registered on an application's router (``app.router.add_get(path, handler)``, ``add_post``
... ``add_route(method, path, handler)``, ``add_view(path, View)``, ``add_static(prefix, folder)``,
``add_resource(path).add_route(method, handler)``), given as definitions (``app.add_routes([web.get(path,
handler), web.view(path, View), ...])``) or collected by a ``web.RouteTableDef`` (``@routes.get(path)``,
``@routes.view(path)``) added with ``app.add_routes(routes)``. ``app.add_subapp(prefix, sub)`` serves
a sub-application below a prefix. Registrations are found wherever the code makes them, in functions
called with the application too (:meth:`LinkContext.walk_calls`). A class-based view answers the
verbs its class (and its analysed bases) define, each named ``View.verb`` (an inherited one's
``implementation`` is the base's method); a static folder is ``GET prefix/{filename}``.
aiohttp's own HEAD beside each GET is left out, as for every framework.
"""

from __future__ import annotations

from dataclasses import dataclass

from docgen.diagnostics import Code
from docgen.extract._shared.common import Handler, find_handler, kwarg_str, method_of
from docgen.extract.aiohttp.paths import method_name, openapi_path, path_params, view_verbs
from docgen.link.contract import Extractor, LinkContext
from docgen.link.evaluate import Const, DefRef, External, Instance, Seq, Unknown, Value, placeholder, text_of
from docgen.link.program import Scope, calls_in
from docgen.link.routegraph import Chain, Edge, Endpoint, Node, RouteGraph
from docgen.link.unparse import unparse
from docgen.model import Framework, HttpMethod, Location, Route
from docgen.model.facts import ClassDef, Expr, FunctionDef, Import, Op
from docgen.moduleid.layout import is_test_module
from docgen.reference.docstrings import parse_docstring

AIOHTTP = Framework("aiohttp")
APPLICATIONS = frozenset({"aiohttp.web.Application", "aiohttp.web_app.Application"})
ROUTERS = frozenset({"aiohttp.web.UrlDispatcher", "aiohttp.web_urldispatcher.UrlDispatcher"})
TABLES = frozenset({"aiohttp.web.RouteTableDef", "aiohttp.web_routedef.RouteTableDef"})
APP_ROUTER = "aiohttp.web.Application.router"
"""The class docgen gives ``app.router``: it stands for the application it belongs to (same key)."""
_VERBS = {
    "get": "GET", "post": "POST", "put": "PUT", "patch": "PATCH", "delete": "DELETE", "head": "HEAD",
    "options": "OPTIONS", "view": "*",
}  # fmt: skip
"""Verb shortcuts (``add_get``, ``web.get``, ``@routes.get``) → method; ``view`` takes every method."""
_ROUTER_CALLS = frozenset({f"add_{verb}" for verb in _VERBS} | {"add_route", "add_static", "add_routes"})
_APP_CALLS = frozenset({"add_routes", "add_subapp", "add_domain", "register_resource"})
LOOP_CALLS = _ROUTER_CALLS | _APP_CALLS | {"add_resource"}
"""Calls whose enclosing loops are walked once per element (``for path, h in pages: app.router.add_get(...)``)."""
_DEFINITIONS = {f"aiohttp.{module}.{name}" for module in ("web", "web_routedef") for name in (*_VERBS, "route")}
_STATIC_DEFINITIONS = frozenset({"aiohttp.web.static", "aiohttp.web_routedef.static"})


@dataclass(frozen=True, slots=True)
class _Registration:
    """One registered route, as an endpoint's payload.

    Attributes:
        handler: The function or method that runs, when analysed.
        name: The route name (``name=``).
        docstring: Where the route's documentation comes from (the handler's, else its view class's).
    """

    handler: Handler | None
    name: str | None
    docstring: str | None


class AiohttpExtractor(Extractor):
    """Routes of aiohttp applications."""

    name = "aiohttp"
    packages = frozenset({"aiohttp"})
    route_triggers = packages

    def collect_routes(self, *, context: LinkContext, graph: RouteGraph) -> None:  # noqa: D102
        if not _serves_web(context):
            return
        context.evaluator.add_attribute_hook("aiohttp.router", lambda inst, name, _depth: _router(context, inst, name))
        for scope, stmt in context.walk_calls(loops_calling=LOOP_CALLS, skip_module=is_test_module, graph=graph):
            if isinstance(stmt, FunctionDef | ClassDef):
                for decorator in stmt.decorators:
                    self._decorator(context, graph, scope, stmt, decorator)
            value = getattr(stmt, "value", None)
            for call in calls_in(value) if isinstance(value, Expr) else ():  # cors.add(app.router.add_get(...))
                if call.args[0].op is Op.ATTR:
                    self._call(context, graph, scope, call)

    # --- objects ------------------------------------------------------------------------------

    def _node(self, context: LinkContext, graph: RouteGraph, value: Value) -> str | None:
        """The graph key of an application, its router, a router or a route table (added on first sight)."""
        if not isinstance(value, Instance):
            return None
        is_app = (isinstance(value.cls, External) and value.cls.dotted == APP_ROUTER) or context.is_a(
            value, APPLICATIONS
        )
        if not is_app and not context.is_a(value, ROUTERS | TABLES):
            return None
        if value.key not in graph.nodes:
            where = context.location(value.key.partition(":")[0], value.call.line)
            graph.add_node(Node(value.key, AIOHTTP, is_app, "", value.key, where))
            context.frameworks.add(AIOHTTP)
        return value.key

    # --- registrations ------------------------------------------------------------------------

    def _decorator(
        self, context: LinkContext, graph: RouteGraph, scope: Scope, target: FunctionDef | ClassDef, deco: Expr
    ) -> None:
        """``@routes.get(path)``, ``@routes.route(method, path)``, ``@routes.view(path)`` of a route table."""
        if deco.op is not Op.CALL or deco.args[0].op is not Op.ATTR:
            return
        verb = str(deco.args[0].value)
        if verb not in _VERBS and verb != "route":
            return
        receiver = context.evaluator.eval(deco.args[0].args[0], scope)
        owner = self._node(context, graph, receiver) if context.is_a(receiver, TABLES) else None
        if owner is None:
            return
        method, path = self._method_and_path(context, verb, deco, scope)
        handler = DefRef(f"{scope.module}.{target.qualname}", isinstance(target, ClassDef))
        where = context.location(scope.module, target.line)
        self._register(context, graph, owner, method, path, handler, kwarg_str(context, deco, "name", scope), where)

    def _call(self, context: LinkContext, graph: RouteGraph, scope: Scope, call: Expr) -> None:
        callee = call.args[0]
        name = str(callee.value)
        if name not in _ROUTER_CALLS | _APP_CALLS | {"static"}:
            return
        receiver = context.evaluator.eval(callee.args[0], scope)
        where = context.location(scope.module, call.line)
        if name == "add_route" and _resource_call(receiver) is not None:
            self._resource_route(context, graph, scope, call, receiver, where)
            return
        owner = self._node(context, graph, receiver)
        if owner is None:
            return
        table = not graph.nodes[owner].is_app and context.is_a(receiver, TABLES)
        if name == "add_routes" and not table:
            argument = call.positional[0] if call.positional else call.kwarg("routes")
            if argument is not None:
                self._definitions(context, graph, owner, context.evaluator.eval(argument, scope), argument, where)
        elif name in ("add_subapp", "add_domain"):
            self._subapp(context, graph, scope, call, owner, where)
        elif name == "register_resource":
            message = (
                f"resource {unparse(call.positional[0]) if call.positional else '?'!r} is registered directly "
                "(register_resource): its routes are not listed"
            )
            context.warn_once(Code.NOT_EVALUATED, message, where)
        elif name == "add_static" or (name == "static" and table):
            self._static(context, graph, owner, call, scope, where)
        elif name.startswith("add_") and name != "add_routes" and not table:
            verb = name.removeprefix("add_")
            method, path = self._method_and_path(context, verb, call, scope)
            handler_expr = _argument(call, 1 if verb == "route" else 0, "handler", skip_path=True)
            handler = context.evaluator.eval(handler_expr, scope) if handler_expr is not None else Unknown("")
            self._register(context, graph, owner, method, path, handler, kwarg_str(context, call, "name", scope), where)

    def _method_and_path(
        self, context: LinkContext, verb: str, call: Expr, scope: Scope
    ) -> tuple[HttpMethod | str, str]:
        """The method and path text of ``add_<verb>(...)``, ``<verb>(...)`` or ``route(method, path, ...)``."""
        if verb == "route":
            method, path_at = _method(context, _argument(call, 0, "method"), scope), 1
        else:
            method, path_at = method_name(Const(_VERBS[verb])) or verb, 0
        return method, self._text(context, _argument(call, path_at, "path"), scope)

    def _register(
        self,
        context: LinkContext,
        graph: RouteGraph,
        owner: str,
        method: HttpMethod | str,
        path: str,
        handler_value: Value,
        name: str | None,
        where: Location,
    ) -> None:
        """One endpoint per method the handler answers (a class-based view: each verb it defines).

        ``method`` is the source of a method that could not be evaluated (the route is then skipped).
        """
        if not isinstance(method, HttpMethod):
            message = f"route method {method!r} could not be evaluated: route skipped"
            context.warn_once(Code.NOT_EVALUATED, message, where)
            return
        if "{?" in path:
            context.warn_once(Code.NOT_EVALUATED, f"route path {path!r} could not be fully evaluated", where)
        handler_value = _unwrapped(context, handler_value)
        pairs: list[tuple[HttpMethod, Handler | None]] = [(method, find_handler(context, handler_value))]
        docstring = None
        if isinstance(handler_value, DefRef) and handler_value.is_class:
            pairs = view_verbs(context, handler_value, method)
            view = context.program.definition(handler_value.dotted)
            docstring = view.docstring if view is not None else None
        for verb, handler in pairs:
            dotted = handler.name if handler else _named(handler_value)
            location = context.location(handler.scope.module, handler.definition.line) if handler else where
            payload = _Registration(handler, name, (handler.definition.docstring if handler else None) or docstring)
            implementation = handler.implementation if handler else None
            graph.add_endpoint(Endpoint(owner, (verb,), path, dotted, location, payload, implementation))

    def _definitions(
        self, context: LinkContext, graph: RouteGraph, owner: str, value: Value, source: Expr, where: Location
    ) -> None:
        """``add_routes(...)`` of a route table, a list of ``web.get(...)``-style definitions, or both."""
        if isinstance(value, Seq):
            for item in graph.each(value):
                self._definitions(context, graph, owner, item, source, where)
            return
        table = self._node(context, graph, value) if context.is_a(value, TABLES) else None
        if table is not None:
            graph.add_edge(Edge(owner, table, "", False, where))
            return
        if isinstance(value, Instance) and isinstance(value.cls, External) and value.call.op is Op.CALL:
            scope = context.call_scope(value)
            at = context.location(scope.module, value.call.line)
            if value.cls.dotted in _STATIC_DEFINITIONS:
                self._static(context, graph, owner, value.call, scope, at)
                return
            if value.cls.dotted in _DEFINITIONS:
                verb = value.cls.dotted.rpartition(".")[2]
                method, path = self._method_and_path(context, verb, value.call, scope)
                handler_expr = _argument(value.call, 2 if verb == "route" else 1, "handler")
                handler = context.evaluator.eval(handler_expr, scope) if handler_expr is not None else Unknown("")
                name = kwarg_str(context, value.call, "name", scope)
                self._register(context, graph, owner, method, path, handler, name, at)
                return
        message = f"route definitions {unparse(source)!r} could not be evaluated: not listed"
        context.warn_once(Code.NOT_EVALUATED, message, where)

    def _static(
        self, context: LinkContext, graph: RouteGraph, owner: str, call: Expr, scope: Scope, where: Location
    ) -> None:
        """``add_static(prefix, folder)``: the files below ``prefix``, as aiohttp's router lists them."""
        prefix = self._text(context, _argument(call, 0, "prefix"), scope).rstrip("/")
        if "{?" in prefix:
            context.warn_once(Code.NOT_EVALUATED, f"static prefix {prefix!r} could not be fully evaluated", where)
        payload = _Registration(None, kwarg_str(context, call, "name", scope), None)
        graph.add_endpoint(Endpoint(owner, (HttpMethod.GET,), f"{prefix}/{{filename}}", None, where, payload))

    def _subapp(
        self, context: LinkContext, graph: RouteGraph, scope: Scope, call: Expr, owner: str, where: Location
    ) -> None:
        """``add_subapp(prefix, sub)`` (and ``add_domain(domain, sub)``, served at the sub-application's own paths)."""
        domain = str(call.args[0].value) == "add_domain"
        sub = _argument(call, 1, "subapp")
        child = self._node(context, graph, context.evaluator.eval(sub, scope)) if sub is not None else None
        if child is None:
            text = unparse(sub) if sub is not None else "?"
            context.warn_once(
                Code.NOT_EVALUATED, f"sub-application {text!r} is not known: its routes are not listed", where
            )
            return
        prefix = "" if domain else self._text(context, _argument(call, 0, "prefix"), scope).rstrip("/")
        if "{?" in prefix:
            context.warn_once(Code.NOT_EVALUATED, f"sub-application prefix {prefix!r} could not be evaluated", where)
        graph.add_edge(Edge(owner, child, prefix, False, where, mount=True))

    def _resource_route(
        self, context: LinkContext, graph: RouteGraph, scope: Scope, call: Expr, resource: Value, where: Location
    ) -> None:
        """``router.add_resource(path, name=...)`` then ``resource.add_route(method, handler)``."""
        made = _resource_call(resource)
        if made is None or not isinstance(resource, Instance):
            return
        made_in = context.call_scope(resource)
        owner = self._node(context, graph, context.evaluator.eval(made.args[0].args[0], made_in))
        if owner is None:
            return
        method = _method(context, _argument(call, 0, "method"), scope)
        handler_expr = _argument(call, 1, "handler")
        handler = context.evaluator.eval(handler_expr, scope) if handler_expr is not None else Unknown("")
        path = self._text(context, _argument(made, 0, "path"), made_in)
        self._register(context, graph, owner, method, path, handler, kwarg_str(context, made, "name", made_in), where)

    def _text(self, context: LinkContext, expr: Expr | None, scope: Scope) -> str:
        if expr is None:
            return ""
        value = context.evaluator.eval(expr, scope)
        return text_of(value)[0] if isinstance(value, Const | Unknown) else placeholder(value, expr)

    # --- routes -------------------------------------------------------------------------------

    def describe(self, *, context: LinkContext, endpoint: Endpoint, chain: Chain, path: str) -> list[Route]:  # noqa: D102
        reg = endpoint.payload
        if not isinstance(reg, _Registration):
            return []
        doc = parse_docstring(reg.docstring, context.docstring_style) if reg.docstring else None
        described = {p.name: p.description for p in doc.params} if doc else {}
        route = Route(
            id="",
            method=endpoint.methods[0],
            path=openapi_path(path),
            handler=endpoint.handler,
            implementation=endpoint.implementation,
            app=chain.app,
            location=endpoint.location,
            framework=AIOHTTP,
            params=path_params(path, described),
            summary=doc.summary if doc else "",
            description=doc.description if doc else "",
            deprecated=bool(doc and doc.deprecated),
            name=reg.name,
            group=chain.group,
            raw_path=path,
        )
        return [route]


def _method(context: LinkContext, expr: Expr | None, scope: Scope) -> HttpMethod | str:
    """The method an expression names, or its source when it names none docgen knows."""
    if expr is None:
        return "(none given)"
    return method_name(context.evaluator.eval(expr, scope)) or unparse(expr)


def _router(context: LinkContext, instance: Instance, name: str) -> Value | None:
    """``app.router``: the application itself, under the class :data:`APP_ROUTER`."""
    if name != "router" or not context.is_a(instance, APPLICATIONS):
        return None
    return Instance(External(APP_ROUTER), instance.key, instance.call, instance.scope_key)


def _resource_call(value: Value) -> Expr | None:
    """The ``router.add_resource(...)`` call that made a resource value, if it is one."""
    if isinstance(value, Instance) and isinstance(value.cls, External) and value.cls.dotted.endswith(".add_resource"):
        call = value.call
        return call if call.op is Op.CALL and call.args[0].op is Op.ATTR else None
    return None


def _argument(call: Expr, index: int, keyword: str, *, skip_path: bool = False) -> Expr | None:
    """Positional argument ``index`` (after the path when ``skip_path``), else keyword ``keyword``.

    A ``*args`` at or before that position is returned itself: what it holds is unknown.
    """
    position = index + 1 if skip_path else index
    for arg in call.positional[: position + 1]:
        if arg.op is Op.STARRED:
            return arg
    return call.positional[position] if position < len(call.positional) else call.kwarg(keyword)


def _unwrapped(context: LinkContext, value: Value) -> Value:
    """The function a ``functools.partial(handler, ...)`` calls, or the ``__call__`` of a handler object."""
    if isinstance(value, Instance) and value.cls == External("functools.partial") and value.call.positional:
        return context.evaluator.eval(value.call.positional[0], context.call_scope(value))
    if isinstance(value, Instance) and isinstance(value.cls, DefRef):
        called = method_of(context, value.cls, "__call__")
        return DefRef(called.dotted, False) if called is not None else value
    return value


def _named(value: Value) -> str | None:
    """The dotted name of a handler docgen does not analyse (a library's), if it has one."""
    if isinstance(value, External | DefRef):
        return value.dotted
    return None


def _serves_web(context: LinkContext) -> bool:
    """Whether the code uses aiohttp's server (``aiohttp.web``), not only its HTTP client.

    The walk for routes costs as much as every other extractor's; code importing aiohttp for
    ``ClientSession`` alone has none. ``import aiohttp`` then ``aiohttp.web.Application()`` counts.
    """
    program = context.program
    for module in (*program.modules, *program.libraries_importing(frozenset({"aiohttp"}))):
        aliases: set[str] = set()
        for stmt in program.module_scope(module).statements:
            if not isinstance(stmt, Import) or stmt.module.partition(".")[0] != "aiohttp":
                continue
            if stmt.module.startswith("aiohttp.web") or (stmt.name or "").startswith("web"):
                return True
            if stmt.name is None and stmt.module == "aiohttp":
                aliases.add(stmt.alias)
        if aliases and any(_names_web(e, aliases) for _, s in program.walk_module(module) for e in _exprs(s)):
            return True
    return False


def _exprs(stmt: object) -> list[Expr]:
    found = [getattr(stmt, a, None) for a in ("value", "iter", "returns", "annotation")]
    for a in ("targets", "decorators", "bases"):
        found += list(getattr(stmt, a, ()))
    return [e for e in found if isinstance(e, Expr)]


def _names_web(expr: Expr, aliases: set[str]) -> bool:
    """Whether ``expr`` reads ``<alias>.web`` (or ``web_*``) for an alias of ``import aiohttp``."""
    stack = [expr]
    while stack:
        node = stack.pop()
        base = node.args[0] if node.op is Op.ATTR and node.args else None
        if base is not None and str(node.value).startswith("web") and base.op is Op.NAME and base.value in aliases:
            return True
        stack.extend(node.args)
        stack.extend(v for _, v in node.kwargs)
    return False

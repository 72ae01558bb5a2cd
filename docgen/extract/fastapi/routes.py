"""FastAPI and Starlette routes: apps and routers joined into the route graph, and the routes they describe.

Routes come from decorators and ``add_*_route`` calls on apps and routers, joined through
``include_router`` and ``mount`` chains, wherever the call walk reaches them (factories, a server
class whose methods build the app and register on it: :meth:`LinkContext.walk_calls`). A handler's signature is read by
:mod:`docgen.extract.fastapi.params`, its responses by :mod:`docgen.extract.fastapi.responses`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from docgen.diagnostics import Code
from docgen.extract._shared.common import (
    STARLETTE_PATH_PARAM,
    Handler,
    const_at,
    find_handler,
    from_outside,
    handler_at,
    openapi_path,
    shared_origin,
    strings,
    text_at,
)
from docgen.extract.fastapi.info import api_info, app_attribute
from docgen.extract.fastapi.inherited import Inherited
from docgen.extract.fastapi.params import (
    BodyPart,
    Signature,
    dependency_auth,
    dependency_names,
    request_body,
    strings_of,
)
from docgen.extract.fastapi.responses import route_responses, with_validation_error
from docgen.link.contract import Extractor, LinkContext
from docgen.link.evaluate import DefRef, Instance, Value
from docgen.link.program import Scope
from docgen.link.routegraph import Chain, Edge, Endpoint, Node, RouteGraph
from docgen.link.unparse import unparse
from docgen.model import Auth, Framework, HttpMethod, Param, Route
from docgen.model.facts import Expr, For, FunctionDef, Op, Stmt
from docgen.reference.docstrings import parse_docstring

APPS = frozenset({"fastapi.FastAPI", "fastapi.applications.FastAPI"})
ROUTERS = frozenset({"fastapi.APIRouter", "fastapi.routing.APIRouter"})
STARLETTE_APPS = frozenset({"starlette.applications.Starlette"})
STARLETTE_ROUTERS = frozenset({"starlette.routing.Router"})
ALL = APPS | ROUTERS | STARLETTE_APPS | STARLETTE_ROUTERS
_VERBS = {m.lower(): m for m in ("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD", "TRACE")}


@dataclass(frozen=True, slots=True)
class _Registration:
    """How a handler was registered: its function and the registration's keyword arguments."""

    handler: Handler | None
    options: tuple[tuple[str, Expr], ...]
    scope: Scope
    websocket: bool = False

    def option(self, name: str) -> Expr | None:
        return next((v for k, v in self.options if k == name), None)


_LoopIndex = dict[int, tuple[tuple[Stmt, ...], dict[int, list[For]]]]
"""id of a scope's statements → them (kept: an id is reused once freed) and the loops around each, for one run."""


class FastAPIExtractor(Extractor):
    """Routes of FastAPI and Starlette applications."""

    name = "fastapi"
    packages = frozenset({"fastapi", "starlette"})
    route_triggers = packages

    def __init__(self) -> None:
        self._inherited = Inherited()

    def collect_routes(self, *, context: LinkContext, graph: RouteGraph) -> None:  # noqa: D102
        self._inherited = Inherited()
        context.evaluator.add_attribute_hook(
            "fastapi.app", lambda inst, name, depth: app_attribute(context, inst, name, depth)
        )
        loops: _LoopIndex = {}
        walked: set[str] = set()
        for scope, stmt in context.walk_calls(libraries_importing=self.packages, graph=graph):
            walked.add(scope.module)
            self._statement(context, graph, scope, stmt, loops)
        # Library modules first read while registrations were evaluated (a router factory of a package).
        for module in context.program.libraries_importing(self.packages):
            if module not in walked:
                for scope, stmt in context.program.walk_module(module):
                    self._statement(context, graph, scope, stmt, loops)

    def _statement(self, context: LinkContext, graph: RouteGraph, scope: Scope, stmt: Stmt, loops: _LoopIndex) -> None:
        if isinstance(stmt, FunctionDef):
            for decorator in stmt.decorators:
                self._decorator(context, graph, scope, stmt, decorator)
        call = _call_of(stmt)
        if call is not None and call.args[0].op is Op.ATTR:
            for loop_scope in _loop_scopes(context, scope, stmt, loops):
                self._call(context, graph, loop_scope, call)

    def _node(self, context: LinkContext, graph: RouteGraph, value: Value) -> str | None:
        if not isinstance(value, Instance) or not context.is_a(value, ALL):
            return None
        if value.key not in graph.nodes:
            lineage = context.evaluator.lineage(value.cls)
            starlette = lineage.isdisjoint(APPS | ROUTERS)
            framework = Framework.STARLETTE if starlette else Framework.FASTAPI
            context.frameworks.add(framework)
            scope = context.scope_at(value.scope_key)
            prefix = ""
            tags: tuple[str, ...] = ()
            auth: tuple[Auth, ...] = ()
            deps: tuple[str, ...] = ()
            info = None
            if scope is not None:
                prefix = text_at(context, value.call.kwarg("prefix"), scope)
                _warn_unknown(context, prefix, scope, value.call)
                tags = strings_of(context, value.call.kwarg("tags"), scope)
                auth = tuple(dependency_auth(context, value.call.kwarg("dependencies"), scope, "router"))
                deps = dependency_names(context, value.call.kwarg("dependencies"), scope)
                self._inherited.note(context, value.key, value.call, scope)
                if not lineage.isdisjoint(APPS):
                    info = api_info(context, value.call, scope)
            module = value.key.partition(":")[0]
            graph.add_node(
                Node(
                    value.key,
                    framework,
                    not lineage.isdisjoint(APPS | STARLETTE_APPS),
                    prefix,
                    value.key,
                    context.location(module, value.call.line),
                    tags,
                    auth,
                    deps,
                    info=info,
                )
            )
        return value.key

    def _decorator(self, context: LinkContext, graph: RouteGraph, scope: Scope, fn: FunctionDef, deco: Expr) -> None:
        if deco.op is not Op.CALL or deco.args[0].op is not Op.ATTR:
            return
        verb = str(deco.args[0].value)
        if verb not in _VERBS and verb not in {"api_route", "route", "websocket", "websocket_route"}:
            return
        owner = self._node(context, graph, context.evaluator.eval(deco.args[0].args[0], scope))
        if owner is None:
            return
        path_expr = deco.positional[0] if deco.positional else deco.kwarg("path")
        methods = self._methods(context, verb, deco.kwarg("methods"), scope)
        registration = _Registration(handler_at(context, scope, fn), deco.kwargs, scope, verb.startswith("websocket"))
        self._endpoint(context, graph, owner, methods, path_expr, scope, registration, fn.line, fn.end_line)

    def _methods(self, context: LinkContext, verb: str, methods: Expr | None, scope: Scope) -> tuple[HttpMethod, ...]:
        if verb in _VERBS:
            return (HttpMethod(_VERBS[verb]),)
        if verb.startswith("websocket"):
            return (HttpMethod.WEBSOCKET,)
        if methods is None:
            return (HttpMethod.GET,)
        names = strings(context.evaluator.eval(methods, scope))
        return HttpMethod.listed(names) or (HttpMethod.GET,)

    def _endpoint(
        self,
        context: LinkContext,
        graph: RouteGraph,
        owner: str,
        methods: tuple[HttpMethod, ...],
        path_expr: Expr | None,
        scope: Scope,
        registration: _Registration,
        line: int,
        end_line: int,
    ) -> None:
        path = text_at(context, path_expr, scope)
        handler = registration.handler
        module = handler.scope.module if handler else scope.module
        location = context.location(module, line, end_line)
        if "{?" in path:
            context.warn(Code.NOT_EVALUATED, f"route path {path!r} could not be fully evaluated", location)
        graph.add_endpoint(Endpoint(owner, methods, path, handler.dotted if handler else None, location, registration))

    def _call(self, context: LinkContext, graph: RouteGraph, scope: Scope, call: Expr) -> None:
        method = str(call.args[0].value)
        if method not in {
            "include_router",
            "add_api_route",
            "add_api_websocket_route",
            "mount",
            "add_route",
            "add_websocket_route",
        }:
            return
        owner = self._node(context, graph, context.evaluator.eval(call.args[0].args[0], scope))
        if owner is None:
            return
        args = call.positional
        if method == "include_router":
            included = context.evaluator.eval(args[0], scope) if args else None
            child = self._node(context, graph, included) if included is not None else None
            if child is None and from_outside(included):
                message = shared_origin(context, "router", unparse(args[0]), included) or (
                    f"router {unparse(args[0])!r} is not in the analysed code: its routes are not listed"
                    " (a router from an installed package is read with extra-paths)"
                )
                context.warn_once(Code.NOT_EVALUATED, message, context.location(scope.module, call.line))
            if child is not None:
                self._inherited.note(context, (owner, child), call, scope)
                _warn_unknown(context, text_at(context, call.kwarg("prefix"), scope), scope, call)
                graph.add_edge(
                    Edge(
                        owner,
                        child,
                        text_at(context, call.kwarg("prefix"), scope),
                        False,
                        context.location(scope.module, call.line),
                        strings_of(context, call.kwarg("tags"), scope),
                        tuple(dependency_auth(context, call.kwarg("dependencies"), scope, "router")),
                        dependency_names(context, call.kwarg("dependencies"), scope),
                    )
                )
        elif method == "mount":
            sub = args[1] if len(args) > 1 else call.kwarg("app")
            child = self._node(context, graph, context.evaluator.eval(sub, scope)) if sub is not None else None
            if child is not None:
                path = args[0] if args else call.kwarg("path")
                graph.add_edge(
                    Edge(
                        owner,
                        child,
                        text_at(context, path, scope),
                        False,
                        context.location(scope.module, call.line),
                        mount=True,
                    )
                )
        else:
            endpoint_expr = args[1] if len(args) > 1 else call.kwarg("endpoint") or call.kwarg("route")
            endpoint = context.evaluator.eval(endpoint_expr, scope) if endpoint_expr else None
            if isinstance(endpoint, DefRef) and endpoint.is_class:
                return  # an HTTPEndpoint/WebSocketEndpoint class: the Starlette extractor owns those
            handler = find_handler(context, endpoint) if endpoint is not None else None
            verb = "websocket" if "websocket" in method else "api_route"
            methods = self._methods(context, verb, call.kwarg("methods"), scope)
            registration = _Registration(handler, call.kwargs, scope, verb == "websocket")
            line = handler.definition.line if handler else call.line
            end = handler.definition.end_line if handler else call.line
            path_expr = args[0] if args else call.kwarg("path")
            self._endpoint(context, graph, owner, methods, path_expr, scope, registration, line, end)

    def describe(self, *, context: LinkContext, endpoint: Endpoint, chain: Chain, path: str) -> list[Route]:  # noqa: D102
        reg = endpoint.payload
        if not isinstance(reg, _Registration):
            return []
        opt = reg.option
        path_names = {name for name, _conv in STARLETTE_PATH_PARAM.findall(path)}
        params: list[Param] = []
        bodies: list[BodyPart] = []
        hidden: list[str] = []
        auth: list[Auth] = list(chain.auth) + dependency_auth(context, opt("dependencies"), reg.scope, "route")
        doc = parse_docstring(reg.handler.definition.docstring, context.docstring_style) if reg.handler else None
        docs = {p.name: p.description for p in doc.params} if doc else {}
        if reg.handler is not None:
            Signature(context, path_names, docs, params, bodies, auth, hidden).read(reg.handler, depth=0)
        route_deps = dependency_names(context, opt("dependencies"), reg.scope)
        for dotted in (*chain.dependencies, *route_deps):  # their auth is already counted at their level
            dependency = find_handler(context, DefRef(dotted, False))
            if dependency is not None:
                Signature(context, path_names, {}, params, bodies, [], hidden).read(dependency, depth=1)
        body = request_body(bodies)
        inherited = self._inherited.responses(chain)
        responses = route_responses(context, reg.handler, reg.options, reg.scope, endpoint.methods, inherited)
        responses = with_validation_error(responses, bool(params or hidden) or body is not None)
        tags = tuple(dict.fromkeys(chain.tags + strings_of(context, opt("tags"), reg.scope)))
        declared = _const_str(context, opt("summary"), reg.scope)
        summary = declared or (doc.summary if doc else "")
        description = _const_str(context, opt("description"), reg.scope) or (doc.description if doc else "")
        flags = self._inherited.flags(chain)
        deprecated = const_at(context, opt("deprecated"), reg.scope) is True or bool(doc and doc.deprecated)
        deprecated = deprecated or "deprecated" in flags
        in_schema = const_at(context, opt("include_in_schema"), reg.scope) is not False and "hidden" not in flags
        name = _const_str(context, opt("name"), reg.scope) or (reg.handler.definition.name if reg.handler else None)
        published = declared or (name or "").replace("_", " ").title()  # FastAPI's own document's summary
        routes = []
        for method in endpoint.methods:
            routes.append(
                Route(
                    id="",
                    method=method,
                    path=openapi_path(path),
                    handler=endpoint.handler,
                    app=chain.app,
                    location=endpoint.location,
                    framework=Framework.FASTAPI if Framework.FASTAPI in context.frameworks else Framework.STARLETTE,
                    params=tuple(_dedupe(params)),
                    request_body=body if method is not HttpMethod.WEBSOCKET else None,
                    responses=() if method is HttpMethod.WEBSOCKET else responses,
                    auth=tuple(dict.fromkeys(auth)),
                    tags=tags,
                    summary=summary,
                    description=description,
                    deprecated=deprecated,
                    name=name,
                    group=chain.group,
                    include_in_schema=in_schema,
                    raw_path=path,
                    operation_id=_const_str(context, opt("operation_id"), reg.scope)
                    or _operation_id(name or "", path, chain.mounted_at, method),
                    operation_summary=published if published != summary else "",
                )
            )
        return routes


def _operation_id(name: str, path: str, mounted_at: str, method: HttpMethod) -> str | None:
    """FastAPI's ``generate_unique_id``: route name + path inside its app + method."""
    if method is HttpMethod.WEBSOCKET:
        return None
    mounted_at = mounted_at.rstrip("/")  # an app mounted at "/" keeps its paths' leading slash
    inner = path[len(mounted_at) :] if mounted_at and path.startswith(mounted_at) else path
    inner = openapi_path(inner)
    return re.sub(r"\W", "_", f"{name}{inner}") + f"_{method.value.lower()}"


def _warn_unknown(context: LinkContext, prefix: str, scope: Scope, call: Expr) -> None:
    if "{?" in prefix:
        where = context.location(scope.module, call.line)
        message = f"prefix {prefix!r} could not be evaluated statically; shown as a placeholder"
        context.warn_once(Code.NOT_EVALUATED, message, where)


def _dedupe(params: list[Param]) -> list[Param]:
    seen: set[tuple[str, str]] = set()
    out = []
    for p in params:
        if (p.name, p.in_) not in seen:
            seen.add((p.name, p.in_))
            out.append(p)
    return out


def _call_of(stmt: object) -> Expr | None:
    value = getattr(stmt, "value", None)
    return value if isinstance(value, Expr) and value.op is Op.CALL else None


def _loop_scopes(context: LinkContext, scope: Scope, stmt: object, index: _LoopIndex) -> list[Scope]:
    """Scopes for a statement, expanded over every enclosing loop with a known sequence."""
    loops = _enclosing_loops(scope, stmt, index)
    scopes = [scope]
    for loop in loops:
        scopes = [s for outer in scopes for s in context.evaluator.loop_scopes(loop, outer)]
    return scopes


def _enclosing_loops(scope: Scope, stmt: object, loops: _LoopIndex) -> list[For]:
    """The loops around ``stmt`` in ``scope``'s statements, outermost first (indexed once per scope)."""
    index = loops.get(id(scope.statements))
    if index is None or index[0] is not scope.statements:
        found: dict[int, list[For]] = {}

        def visit(stmts: tuple[Stmt, ...], path: list[For]) -> None:
            for s in stmts:
                if path:
                    found.setdefault(id(s), path)
                if isinstance(s, For):
                    visit(s.body, [*path, s])

        visit(scope.statements, [])
        index = loops[id(scope.statements)] = (scope.statements, found)
    return index[1].get(id(stmt), [])


def _const_str(context: LinkContext, expr: Expr | None, scope: Scope) -> str:
    value = const_at(context, expr, scope)
    return value if isinstance(value, str) else ""


__all__ = ["FastAPIExtractor"]

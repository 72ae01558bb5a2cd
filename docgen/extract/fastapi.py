"""FastAPI and Starlette routes, with their parameters, bodies, responses and auth.

Routes come from decorators and ``add_*_route`` calls on apps and routers, joined through
``include_router`` and ``mount`` chains.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from docgen.extract.base import Extractor, LinkContext
from docgen.extract.common import (
    STARLETTE_PATH_PARAM,
    VALIDATION_CONSTRAINTS,
    Handler,
    callee_name,
    field_params,
    find_handler,
    from_outside,
    handler_at,
    masked_default,
    model_ref,
    openapi_path,
    params_model,
    short_name,
    strings,
)
from docgen.link.docstrings import parse_docstring
from docgen.link.evaluate import Const, DefRef, External, Instance, Seq, Unknown, Value, placeholder, text_of
from docgen.link.program import Scope
from docgen.link.routegraph import Chain, Edge, Endpoint, Node, RouteGraph
from docgen.link.unparse import unparse
from docgen.model import Auth, Body, Framework, HttpMethod, Model, ModelKind, Param, ParamLocation, Response, Route
from docgen.model.facts import Expr, For, FunctionDef, Op, Parameter, Stmt

APPS = frozenset({"fastapi.FastAPI", "fastapi.applications.FastAPI"})
ROUTERS = frozenset({"fastapi.APIRouter", "fastapi.routing.APIRouter"})
STARLETTE_APPS = frozenset({"starlette.applications.Starlette"})
STARLETTE_ROUTERS = frozenset({"starlette.routing.Router"})
ALL = APPS | ROUTERS | STARLETTE_APPS | STARLETTE_ROUTERS

_VERBS = {m.lower(): m for m in ("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD", "TRACE")}
_PARAM_FUNCS = {
    "Query": ParamLocation.QUERY,
    "Path": ParamLocation.PATH,
    "Header": ParamLocation.HEADER,
    "Cookie": ParamLocation.COOKIE,
}
_PYDANTIC = frozenset({ModelKind.PYDANTIC, ModelKind.SQLMODEL})
"""FastAPI reads query, header and cookie parameter models only from Pydantic models."""
_BODY_FUNCS = {"Body": "application/json", "Form": "application/x-www-form-urlencoded", "File": "multipart/form-data"}
_NOT_PARAMS = frozenset(
    {
        "Request",
        "WebSocket",
        "Response",
        "BackgroundTasks",
        "SecurityScopes",
        "HTTPConnection",
        "StreamingResponse",
        "JSONResponse",
    }
)
_SECURITY = {
    "OAuth2PasswordBearer": "oauth2",
    "OAuth2AuthorizationCodeBearer": "oauth2",
    "OAuth2": "oauth2",
    "OpenIdConnect": "openid_connect",
    "APIKeyHeader": "api_key",
    "APIKeyQuery": "api_key",
    "APIKeyCookie": "api_key",
    "HTTPBearer": "http_bearer",
    "HTTPBasic": "http_basic",
    "HTTPDigest": "http_digest",
}
_NOT_BODY_KINDS = frozenset({ModelKind.ENUM, ModelKind.SQLALCHEMY, ModelKind.DJANGO})
_STATUS_NAME = re.compile(r"HTTP_(\d{3})")


_BodyPart = tuple[Param, str | None, str, bool]
"""A body parameter: the parameter, its model id, its media type, whether it is embedded."""


@dataclass(frozen=True, slots=True)
class _Registration:
    """How a handler was registered: its function and the registration's keyword arguments."""

    handler: Handler | None
    options: tuple[tuple[str, Expr], ...]
    scope: Scope
    websocket: bool = False

    def option(self, name: str) -> Expr | None:
        return next((v for k, v in self.options if k == name), None)


class FastAPIExtractor(Extractor):
    """Routes of FastAPI and Starlette applications."""

    name = "fastapi"
    packages = frozenset({"fastapi", "starlette"})

    def collect_routes(self, *, context: LinkContext, graph: RouteGraph) -> None:  # noqa: D102
        for scope, stmt in context.program.walk(libraries_importing=self.packages):
            if isinstance(stmt, FunctionDef):
                for decorator in stmt.decorators:
                    self._decorator(context, graph, scope, stmt, decorator)
            call = _call_of(stmt)
            if call is not None and call.args[0].op is Op.ATTR:
                for loop_scope in _loop_scopes(context, scope, stmt):
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
            if scope is not None:
                prefix = _text(context, value.call.kwarg("prefix"), scope)
                tags = _strings_of(context, value.call.kwarg("tags"), scope)
                auth = tuple(_dependency_auth(context, value.call.kwarg("dependencies"), scope, "router"))
                deps = _dependency_names(context, value.call.kwarg("dependencies"), scope)
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
        return tuple(HttpMethod(m.upper()) for m in names if m.upper() in HttpMethod.__members__) or (HttpMethod.GET,)

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
        path = _text(context, path_expr, scope)
        handler = registration.handler
        module = handler.scope.module if handler else scope.module
        location = context.location(module, line, end_line)
        if "{?" in path:
            context.warn("DG904", f"route path {path!r} could not be fully evaluated", location)
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
                message = (
                    f"router {unparse(args[0])!r} is not in the analysed code: its routes are not listed"
                    " (a router from an installed package is read with extra-paths)"
                )
                context.warn_once("DG904", message, context.location(scope.module, call.line))
            if child is not None:
                _warn_unknown(context, _text(context, call.kwarg("prefix"), scope), scope, call)
                graph.add_edge(
                    Edge(
                        owner,
                        child,
                        _text(context, call.kwarg("prefix"), scope),
                        False,
                        context.location(scope.module, call.line),
                        _strings_of(context, call.kwarg("tags"), scope),
                        tuple(_dependency_auth(context, call.kwarg("dependencies"), scope, "router")),
                        _dependency_names(context, call.kwarg("dependencies"), scope),
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
                        _text(context, path, scope),
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
        bodies: list[_BodyPart] = []
        auth: list[Auth] = list(chain.auth) + _dependency_auth(context, opt("dependencies"), reg.scope, "route")
        doc = parse_docstring(reg.handler.definition.docstring, context.docstring_style) if reg.handler else None
        docs = {p.name: p.description for p in doc.params} if doc else {}
        if reg.handler is not None:
            _Signature(context, path_names, docs, params, bodies, auth).read(reg.handler, depth=0)
        route_deps = _dependency_names(context, opt("dependencies"), reg.scope)
        for dotted in (*chain.dependencies, *route_deps):  # their auth is already counted at their level
            dependency = find_handler(context, DefRef(dotted, False))
            if dependency is not None:
                _Signature(context, path_names, {}, params, bodies, []).read(dependency, depth=1)
        body = _body(bodies)
        responses = _responses(context, reg, endpoint.methods)
        tags = tuple(dict.fromkeys(chain.tags + _strings_of(context, opt("tags"), reg.scope)))
        summary = _const_str(context, opt("summary"), reg.scope) or (doc.summary if doc else "")
        description = _const_str(context, opt("description"), reg.scope) or (doc.description if doc else "")
        deprecated = _const(context, opt("deprecated"), reg.scope) is True or bool(doc and doc.deprecated)
        in_schema = _const(context, opt("include_in_schema"), reg.scope) is not False
        name = _const_str(context, opt("name"), reg.scope) or (reg.handler.definition.name if reg.handler else None)
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
                )
            )
        return routes


@dataclass(slots=True)
class _Signature:
    """Reads a handler's signature (and its dependencies' signatures) into params, body and auth."""

    context: LinkContext
    path_names: set[str]
    docs: dict[str, str]
    params: list[Param]
    bodies: list[_BodyPart]
    auth: list[Auth]

    def read(self, handler: Handler, depth: int) -> None:
        if depth > 6:
            return
        for parameter in handler.definition.params:
            if parameter.kind in ("var_positional", "var_keyword") or parameter.name in ("self", "cls"):
                continue
            self._parameter(handler, parameter, depth)

    def _parameter(self, handler: Handler, p: Parameter, depth: int) -> None:
        ctx, scope = self.context, handler.scope
        annotation, marker, default = p.annotation, None, p.default
        type_scope = marker_scope = scope
        if annotation is not None:
            annotation, type_scope = ctx.evaluator.alias_expr(annotation, scope)
        if annotation is not None and annotation.op is Op.SUBSCRIPT and _is_annotated(ctx, annotation, type_scope):
            metadata = annotation.args[2:]
            annotation = annotation.args[1] if len(annotation.args) > 1 else None
            marker = next((m for m in metadata if m.op is Op.CALL), None)
            marker_scope = type_scope
        if default is not None and default.op is Op.CALL and _fastapi_func(ctx, default, scope):
            marker, default, marker_scope = default, _marker_default(default), scope
        elif default is not None and default.op is Op.CALL and (made := _marker_from_factory(ctx, default, scope)):
            marker, marker_scope = made  # LimitBody(): a helper returning Depends(...) or Body(...)
            default = _marker_default(marker)
        elif marker is not None:
            default = p.default if p.default is not None else _marker_default(marker)
        kind = _fastapi_func(ctx, marker, marker_scope) if marker is not None else None
        if kind in ("Depends", "Security"):
            self._dependency(handler, p, marker, annotation, kind, depth, marker_scope)  # type: ignore[arg-type]
            return
        if marker is not None and _kw_const(marker.kwargs, "include_in_schema") is False:
            return  # hidden by the app itself
        scope = type_scope
        if annotation is not None and _type_name(annotation) in _NOT_PARAMS:
            return
        if annotation is not None and _security_kind(ctx, annotation, scope):
            return
        type_text = unparse(annotation) if annotation is not None else ""
        options = marker.kwargs if marker is not None else ()
        where = ctx.location(scope.module, handler.definition.line)
        default_text = masked_default(ctx, p.name, default, where) if default is not None else None
        required = default is None or (default.op is Op.CONST and default.value == "...")
        description = _kw_str(options, "description") or self.docs.get(p.name, "")
        alias = _kw_str(options, "alias")
        constraints = {k: unparse(v) for k, v in options if k in VALIDATION_CONSTRAINTS}
        if kind in _BODY_FUNCS:
            param = Param(
                alias or p.name,
                ParamLocation.QUERY,
                type_text,
                required,
                None if required else default_text,
                description,
                constraints,
            )
            embed = _kw_const(options, "embed") is True
            self.bodies.append((param, model_ref(ctx, annotation, scope), _BODY_FUNCS[kind], embed))
            return
        if kind in _PARAM_FUNCS and (model := params_model(ctx, annotation, scope, _PYDANTIC)) is not None:
            self._model_params(model, _PARAM_FUNCS[kind], options)
            return
        if kind in _PARAM_FUNCS:
            location = _PARAM_FUNCS[kind]
        elif p.name in self.path_names:
            location = ParamLocation.PATH
        elif annotation is not None and _body_model(ctx, annotation, scope) is not None:
            param = Param(
                p.name, ParamLocation.QUERY, type_text, required, None if required else default_text, description
            )
            self.bodies.append((param, model_ref(ctx, annotation, scope), "application/json", False))
            return
        else:
            location = ParamLocation.QUERY
        name = alias or p.name
        if location is ParamLocation.HEADER and not alias and _kw_const(options, "convert_underscores") is not False:
            name = p.name.replace("_", "-")
        if location is ParamLocation.PATH:
            required = True
        self.params.append(
            Param(name, location, type_text, required, None if required else default_text, description, constraints)
        )

    def _model_params(self, model: Model, location: ParamLocation, options: tuple[tuple[str, Expr], ...]) -> None:
        """``Annotated[Filters, Query()]``: each field of the model is a parameter (FastAPI 0.115+)."""
        dashed = location is ParamLocation.HEADER and _kw_const(options, "convert_underscores") is not False
        self.params += field_params(model, location, dashed=dashed)

    def _dependency(
        self,
        handler: Handler,
        p: Parameter,
        marker: Expr,
        annotation: Expr | None,
        kind: str,
        depth: int,
        scope: Scope,
    ) -> None:
        ctx = self.context
        target = marker.positional[0] if marker.positional else marker.kwarg("dependency") or annotation
        if target is None:
            return
        value = ctx.evaluator.eval(target, scope)
        scopes = _strings_of(ctx, marker.kwarg("scopes"), scope)
        security = _security_kind(ctx, target, scope)
        if security:
            self.auth.append(Auth(security, unparse(target), scopes, "route"))
            return
        dependency = _callable(ctx, value)
        if dependency is None:
            if kind == "Security":
                self.auth.append(Auth("security", unparse(target), scopes, "route"))
            return
        before = len(self.auth)
        self.read(dependency, depth + 1)
        if kind == "Security" and len(self.auth) == before:
            self.auth.append(Auth("security", short_name(dependency.dotted), scopes, "route"))
        elif len(self.auth) > before:
            # Name the dependency the route declares, not the scheme buried inside it.
            first = self.auth[before]
            self.auth[before:] = [Auth(first.kind, short_name(dependency.dotted), first.scopes or scopes, "route")]


def _dependency_auth(context: LinkContext, deps: Expr | None, scope: Scope, level: str) -> list[Auth]:
    """Auth given by a ``dependencies=[Depends(...)]`` list."""
    if deps is None or deps.op not in (Op.LIST, Op.TUPLE):
        return []
    found: list[Auth] = []
    for item in deps.args:
        if item.op is not Op.CALL or not item.positional:
            continue
        target = item.positional[0]
        security = _security_kind(context, target, scope)
        if security:
            found.append(Auth(security, unparse(target), (), level))
            continue
        dependency = _callable(context, context.evaluator.eval(target, scope))
        if dependency is None:
            continue
        collector = _Signature(context, set(), {}, [], [], [])
        collector.read(dependency, 1)
        if collector.auth or _looks_like_auth(dependency.dotted):
            kind = collector.auth[0].kind if collector.auth else "dependency"
            found.append(Auth(kind, short_name(dependency.dotted), (), level))
    return found


def _marker_from_factory(context: LinkContext, call: Expr, scope: Scope) -> tuple[Expr, Scope] | None:
    """The ``Depends(...)``/``Body(...)`` an analysed helper function returns, with its scope."""
    value = context.evaluator.eval(call, scope)
    if not isinstance(value, Instance) or not isinstance(value.cls, External):
        return None
    where = context.scope_at(value.scope_key)
    if where is None or _fastapi_func(context, value.call, where) is None:
        return None
    return value.call, where


def _strings_of(context: LinkContext, expr: Expr | None, scope: Scope) -> tuple[str, ...]:
    """The strings of a ``tags=[...]``-like argument, if given."""
    return strings(context.evaluator.eval(expr, scope)) if expr is not None else ()


def _operation_id(name: str, path: str, mounted_at: str, method: HttpMethod) -> str | None:
    """FastAPI's ``generate_unique_id``: route name + path inside its app + method."""
    if method is HttpMethod.WEBSOCKET:
        return None
    inner = path[len(mounted_at) :] if mounted_at and path.startswith(mounted_at) else path
    inner = openapi_path(inner)
    return re.sub(r"\W", "_", f"{name}{inner}") + f"_{method.value.lower()}"


def _callable(context: LinkContext, value: Value) -> Handler | None:
    """What FastAPI calls for a dependency: a function, an instance's ``__call__``, a class's ``__init__``."""
    if isinstance(value, Instance) and isinstance(value.cls, DefRef):
        return _method(context, value.cls, "__call__")
    if isinstance(value, DefRef) and value.is_class:
        return _method(context, value, "__init__")
    return find_handler(context, value)


def _method(context: LinkContext, cls: DefRef, name: str) -> Handler | None:
    for klass in context.evaluator.mro(cls):
        if isinstance(klass, DefRef):
            found = find_handler(context, DefRef(f"{klass.dotted}.{name}", False))
            if found is not None:
                return found
    return None


def _dependency_names(context: LinkContext, deps: Expr | None, scope: Scope) -> tuple[str, ...]:
    """Dotted names of the analysed callables in a ``dependencies=[Depends(...)]`` list."""
    if deps is None:
        return ()
    value = context.evaluator.eval(deps, scope)
    items = value.items if isinstance(value, Seq) else ()
    names: list[str] = []
    for item in items:
        if not isinstance(item, Instance) or not item.call.positional:
            continue
        where = context.scope_at(item.scope_key)
        if where is None:
            continue
        found = _callable(context, context.evaluator.eval(item.call.positional[0], where))
        if found is not None:
            names.append(found.dotted)
    return tuple(names)


def _body_model(context: LinkContext, annotation: Expr, scope: Scope) -> str | None:
    """The model a parameter's type names, when that model is sent as a JSON body (not an enum)."""
    found = model_ref(context, annotation, scope)
    if found is None or context.models[found].kind in _NOT_BODY_KINDS:
        return None
    return found


def _looks_like_auth(name: str) -> bool:
    return bool(re.search(r"(auth|user|login|admin|permission|token|verify|require)", short_name(name), re.I))


def _security_kind(context: LinkContext, expr: Expr, scope: Scope) -> str | None:
    value = context.evaluator.eval(expr, scope)
    if isinstance(value, Instance):
        for name in context.evaluator.lineage(value.cls):
            if name.startswith("fastapi.security") or name.startswith("fastapi.openapi"):
                return _SECURITY.get(short_name(name), "security")
            if short_name(name) in _SECURITY and name.startswith("fastapi"):
                return _SECURITY[short_name(name)]
    return None


def _fastapi_func(context: LinkContext, call: Expr | None, scope: Scope) -> str | None:
    if call is None or call.op is not Op.CALL:
        return None
    name = callee_name(context, call, scope)
    if name and name.startswith(("fastapi", "starlette")):
        short = short_name(name)
        if short in _PARAM_FUNCS or short in _BODY_FUNCS or short in ("Depends", "Security", "UploadFile"):
            return short
    return None


def _marker_default(marker: Expr) -> Expr | None:
    default = marker.kwarg("default")
    if default is None and marker.positional and marker.args[0].op is not Op.NAME:
        default = None
    if default is None and marker.positional:
        default = marker.positional[0]
    if default is not None and default.op is Op.CONST and default.value == "...":
        return None
    if marker.kwarg("default_factory") is not None:
        return marker.kwarg("default_factory")
    return default


def _is_annotated(context: LinkContext, annotation: Expr, scope: Scope) -> bool:
    value = context.evaluator.eval(annotation.args[0], scope)
    return isinstance(value, External) and short_name(value.dotted) == "Annotated"


def _type_name(annotation: Expr) -> str:
    if annotation.op is Op.NAME:
        return str(annotation.value)
    if annotation.op is Op.ATTR:
        return str(annotation.value)
    return ""


def _body(bodies: list[_BodyPart]) -> Body | None:
    """One body parameter is the body; several (or one with ``embed=True``) are its fields."""
    if not bodies:
        return None
    media = next((m for _p, _id, m, _e in bodies if m != "application/json"), "application/json")
    if len(bodies) == 1 and media == "application/json" and not bodies[0][3]:
        param, model, _, _ = bodies[0]
        return Body(param.type, model, media, param.required)
    fields = tuple(p for p, _m, _media, _e in bodies)
    return Body("", None, media, any(p.required for p in fields), fields)


def _responses(context: LinkContext, reg: _Registration, methods: tuple[HttpMethod, ...]) -> tuple[Response, ...]:
    if HttpMethod.WEBSOCKET in methods:
        return ()
    scope = reg.scope
    status = _status(context, reg.option("status_code"), scope) or "200"
    model_expr = reg.option("response_model")
    if model_expr is None and reg.handler is not None:
        model_expr = reg.handler.definition.returns
        handler_scope = reg.handler.scope
        if model_expr is not None and _type_name(model_expr) in _NOT_PARAMS | {"None", "Response"}:
            model_expr = None
    else:
        handler_scope = scope
    if model_expr is not None and model_expr.op is Op.CONST and model_expr.value is None:
        model_expr = None
    out = [
        Response(
            status,
            unparse(model_expr) if model_expr is not None else "",
            model_ref(context, model_expr, handler_scope),
            "Successful response",
        )
    ]
    extra = reg.option("responses")
    if extra is not None and extra.op is Op.DICT:
        for key, value in zip(extra.args[::2], extra.args[1::2], strict=False):
            code = _status(context, key, scope)
            if not code or code == status:
                continue
            model = _dict_item(value, "model")
            description = _dict_item(value, "description")
            out.append(
                Response(
                    code,
                    unparse(model) if model is not None else "",
                    model_ref(context, model, scope),
                    str(description.value) if description is not None and description.op is Op.STR else "",
                )
            )
    return tuple(sorted(out, key=lambda r: r.status))


def _warn_unknown(context: LinkContext, prefix: str, scope: Scope, call: Expr) -> None:
    if "{?" in prefix:
        where = context.location(scope.module, call.line)
        context.warn("DG904", f"prefix {prefix!r} could not be evaluated statically; shown as a placeholder", where)


def _dict_item(expr: Expr, key: str) -> Expr | None:
    if expr.op is not Op.DICT:
        return None
    return next((v for k, v in zip(expr.args[::2], expr.args[1::2], strict=False) if k.value == key), None)


def _status(context: LinkContext, expr: Expr | None, scope: Scope) -> str | None:
    if expr is None:
        return None
    value = context.evaluator.eval(expr, scope)
    if isinstance(value, Const) and isinstance(value.value, int | str):
        return str(value.value)
    if isinstance(value, External) and (match := _STATUS_NAME.search(value.dotted)):
        return match.group(1)
    match = _STATUS_NAME.search(unparse(expr))
    return match.group(1) if match else None


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


def _loop_scopes(context: LinkContext, scope: Scope, stmt: object) -> list[Scope]:
    """Scopes for a statement, expanded over every enclosing loop with a known sequence."""
    loops = _enclosing_loops(scope, stmt)
    scopes = [scope]
    for loop in loops:
        scopes = [s for outer in scopes for s in context.evaluator.loop_scopes(loop, outer)]
    return scopes


def _enclosing_loops(scope: Scope, stmt: object) -> list[For]:
    def search(stmts: tuple[Stmt, ...], path: list[For]) -> list[For] | None:
        for s in stmts:
            if s is stmt:
                return path
            if isinstance(s, For):
                found = search(s.body, [*path, s])
                if found is not None:
                    return found
        return None

    return search(scope.statements, []) or []


def _text(context: LinkContext, expr: Expr | None, scope: Scope) -> str:
    if expr is None:
        return ""
    value = context.evaluator.eval(expr, scope)
    return text_of(value)[0] if isinstance(value, Const | Unknown) else placeholder(value, expr)


def _const(context: LinkContext, expr: Expr | None, scope: Scope) -> object:
    if expr is None:
        return None
    value = context.evaluator.eval(expr, scope)
    return value.value if isinstance(value, Const) else None


def _const_str(context: LinkContext, expr: Expr | None, scope: Scope) -> str:
    value = _const(context, expr, scope)
    return value if isinstance(value, str) else ""


def _kw_str(options: tuple[tuple[str, Expr], ...], name: str) -> str:
    value = next((v for k, v in options if k == name), None)
    return str(value.value) if value is not None and value.op is Op.STR else ""


def _kw_const(options: tuple[tuple[str, Expr], ...], name: str) -> object:
    value = next((v for k, v in options if k == name), None)
    return value.value if value is not None and value.op is Op.CONST else None


__all__ = ["FastAPIExtractor", "Seq"]

"""django-ninja routes: ``NinjaAPI`` and ``Router`` objects, their operations and how they nest.

Covers ``@api.get("/path")`` (and ``post``/``put``/``patch``/``delete``/``api_operation([...])``) on
APIs and routers, ``api.add_router("/prefix", router)`` (also a router given by dotted name) and
``router.add_router``, ``tags=`` and ``auth=`` at each level, and ``{int:x}`` path converters. Path
parameters take their types from the handler's annotations; other plainly typed parameters are
query parameters and a parameter typed with a known model is the request body. An API's own
prefix comes from the Django urlconf that includes ``api.urls`` (an edge added by the Django
extractor); an API never included is listed on its own, without an app.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import MappingProxyType

from docgen.diagnostics import Code
from docgen.extract._shared.common import (
    Handler,
    callee_name,
    const_at,
    field_params,
    handler_at,
    model_ref,
    short_name,
    strings,
)
from docgen.extract.ninja.operation import operation_id, responses, security_scheme
from docgen.link.contract import Extractor, LinkContext
from docgen.link.evaluate import Const, DefRef, External, Instance, Seq, Value, text_of
from docgen.link.program import Scope, is_call_stmt
from docgen.link.routegraph import Chain, Edge, Endpoint, Node, RouteGraph
from docgen.link.unparse import unparse
from docgen.model import Auth, Body, Framework, HttpMethod, Param, ParamLocation, Route
from docgen.model.facts import Expr, FunctionDef, Op
from docgen.reference.docstrings import parse_docstring

NINJA_APIS = frozenset({"ninja.NinjaAPI", "ninja.main.NinjaAPI", "ninja_extra.NinjaExtraAPI"})
NINJA_ROUTERS = frozenset({"ninja.Router", "ninja.router.Router", "ninja_extra.Router"})
SCHEMAS = frozenset({"ninja.Schema", "ninja.schema.Schema", "ninja.ModelSchema", "pydantic.BaseModel"})
_VERBS = {"get": "GET", "post": "POST", "put": "PUT", "patch": "PATCH", "delete": "DELETE"}
_PATH_VAR = re.compile(r"\{(?:(?P<conv>[^{}:]+):)?(?P<name>\w+)\}")
_SIMPLE = frozenset({"int", "str", "float", "bool", "date", "datetime", "UUID", "Decimal", "Optional", "list", "List"})
_MARKERS = {
    "Query": ParamLocation.QUERY,
    "Path": ParamLocation.PATH,
    "Header": ParamLocation.HEADER,
    "Cookie": ParamLocation.COOKIE,
}
_AUTH_KINDS = (("HttpBearer", "http_bearer"), ("HttpBasicAuth", "http_basic"), ("APIKey", "api_key"))


@dataclass(frozen=True, slots=True)
class _Operation:
    """An operation decorator on a handler: what ``describe`` needs.

    Attributes:
        handler: The decorated function.
        options: The decorator's keyword arguments (``tags=``, ``auth=``, ``summary=``...).
        scope: The scope the decorator is evaluated in.
    """

    handler: Handler
    options: dict[str, Expr]
    scope: Scope


class NinjaExtractor(Extractor):
    """Routes of django-ninja APIs and routers."""

    name = "ninja"
    packages = frozenset({"ninja", "ninja_extra"})
    route_triggers = packages
    mounts = MappingProxyType({"urls": NINJA_APIS})

    def collect_routes(self, *, context: LinkContext, graph: RouteGraph) -> None:  # noqa: D102
        for scope, stmt in context.program.walk(keep=context.runs):
            if isinstance(stmt, FunctionDef):
                for decorator in stmt.decorators:
                    self._operation(context, graph, scope, stmt, decorator)
            call = is_call_stmt(stmt)
            if call is not None and call.args[0].op is Op.ATTR and call.args[0].value == "add_router":
                self._add_router(context, graph, scope, call)

    def _node(self, context: LinkContext, graph: RouteGraph, value: Value) -> str | None:
        if not isinstance(value, Instance) or not context.is_a(value, NINJA_APIS | NINJA_ROUTERS):
            return None
        if value.key not in graph.nodes:
            context.frameworks.add(Framework.NINJA)
            module = value.key.partition(":")[0]
            scope = context.call_scope(value)
            tags = value.call.kwarg("tags")
            is_api = context.is_a(value, NINJA_APIS)
            node = Node(
                value.key,
                Framework.NINJA,
                False,
                "/" if is_api else "",
                value.key,
                context.location(module, value.call.line),
                strings(context.evaluator.eval(tags, scope)) if tags is not None else (),
                _auth(context, value.call.kwarg("auth"), scope, "app" if is_api else "router"),
            )
            graph.add_node(node)
        return value.key

    def _operation(self, context: LinkContext, graph: RouteGraph, scope: Scope, fn: FunctionDef, deco: Expr) -> None:
        if deco.op is not Op.CALL or deco.args[0].op is not Op.ATTR:
            return
        verb = str(deco.args[0].value)
        if verb not in _VERBS and verb != "api_operation":
            return
        owner = self._node(context, graph, context.evaluator.eval(deco.args[0].args[0], scope))
        if owner is None:
            return
        args = list(deco.positional)
        if verb == "api_operation":
            listed = args.pop(0) if args else deco.kwarg("methods")
            names = strings(context.evaluator.eval(listed, scope)) if listed is not None else ()
            methods = HttpMethod.listed(names)
        else:
            methods = (HttpMethod(_VERBS[verb]),)
        path_expr = args[0] if args else deco.kwarg("path")
        path, known = text_of(context.evaluator.eval(path_expr, scope)) if path_expr is not None else ("", True)
        location = context.location(scope.module, fn.line, fn.end_line)
        if not known:
            context.warn(Code.NOT_EVALUATED, f"ninja path {path!r} could not be fully evaluated", location)
        handler = handler_at(context, scope, fn)
        operation = _Operation(handler, dict(deco.kwargs), scope)
        graph.add_endpoint(Endpoint(owner, methods, path, handler.dotted, location, operation))

    def _add_router(self, context: LinkContext, graph: RouteGraph, scope: Scope, call: Expr) -> None:
        parent = self._node(context, graph, context.evaluator.eval(call.args[0].args[0], scope))
        args = call.positional
        if parent is None or len(args) < 2:
            return
        child_value = context.evaluator.eval(args[1], scope)
        if isinstance(child_value, Const) and isinstance(child_value.value, str):  # "app.api.router"
            module, _, name = child_value.value.rpartition(".")
            child_value = context.evaluator.member(module, name)
        child = self._node(context, graph, child_value)
        location = context.location(scope.module, call.line)
        if child is None:
            context.warn(Code.NOT_EVALUATED, f"ninja router {unparse(args[1])!r} could not be evaluated", location)
            return
        prefix, known = text_of(context.evaluator.eval(args[0], scope))
        if not known:
            context.warn(Code.NOT_EVALUATED, f"ninja router prefix {prefix!r} could not be fully evaluated", location)
        tags = call.kwarg("tags")
        tag_values = strings(context.evaluator.eval(tags, scope)) if tags is not None else ()
        auth = _auth(context, call.kwarg("auth"), scope, "router")
        graph.add_edge(Edge(parent, child, prefix, False, location, tag_values, auth))

    def describe(self, *, context: LinkContext, endpoint: Endpoint, chain: Chain, path: str) -> list[Route]:  # noqa: D102
        operation = endpoint.payload
        if not isinstance(operation, _Operation):
            return []
        handler, options, scope = operation.handler, operation.options, operation.scope
        doc = parse_docstring(handler.definition.docstring, context.docstring_style)
        params, body = _parameters(context, handler, path)
        tags = strings(context.evaluator.eval(options["tags"], scope)) if "tags" in options else chain.tags
        auth = _auth(context, options["auth"], scope, "route") if "auth" in options else _innermost(chain.auth)
        summary = _option_text(context, options.get("summary"), scope) or (doc.summary if doc else "")
        description = _option_text(context, options.get("description"), scope) or (doc.description if doc else "")
        deprecated = options.get("deprecated")
        hidden = options.get("include_in_schema")
        return [
            Route(
                id="",
                method=method,
                path=_PATH_VAR.sub(lambda m: "{" + m.group("name") + "}", path),
                handler=endpoint.handler,
                app=chain.app,
                location=endpoint.location,
                framework=Framework.NINJA,
                params=params,
                request_body=body,
                responses=responses(context, options.get("response"), scope),
                auth=auth,
                tags=tuple(dict.fromkeys(tags)),
                summary=summary,
                description=description,
                deprecated=bool(deprecated is not None and const_at(context, deprecated, scope) is True)
                or bool(doc and doc.deprecated),
                name=_option_text(context, options.get("url_name"), scope) or None,
                group=chain.group,
                include_in_schema=not (hidden is not None and const_at(context, hidden, scope) is False),
                raw_path=path,
                operation_id=operation_id(context, options.get("operation_id"), scope, endpoint.handler),
            )
            for method in endpoint.methods
        ]


def _parameters(context: LinkContext, handler: Handler, path: str) -> tuple[tuple[Param, ...], Body | None]:
    """Path parameters (typed from annotations), simple query parameters, and a model body."""
    in_path = {m.group("name"): m.group("conv") for m in _PATH_VAR.finditer(path)}
    doc = parse_docstring(handler.definition.docstring, context.docstring_style)
    described = {p.name: p.description for p in doc.params} if doc else {}
    params: list[Param] = []
    body = None
    for p in handler.definition.params[1:]:
        if p.kind in ("var_positional", "var_keyword"):
            continue
        annotation = unparse(p.annotation) if p.annotation is not None else ""
        if p.name in in_path:
            kind = annotation or in_path[p.name] or "str"
            params.append(
                Param(
                    name=p.name,
                    in_=ParamLocation.PATH,
                    type=kind,
                    required=True,
                    default=None,
                    description=described.get(p.name, ""),
                )
            )
            continue
        marked = _marked(context, p.annotation, p.default, handler.scope)
        if marked is not None:  # Query(...) / Query[Schema]: a schema's fields are parameters
            location, inner = marked
            found = context.models.get(model_ref(context, inner, handler.scope) or "")
            if found is not None:
                params += field_params(found, location, dashed=location is ParamLocation.HEADER)
                continue
        model = model_ref(context, p.annotation, handler.scope)
        if body is None and (model is not None or _is_schema(context, p.annotation, handler.scope)):
            body = Body(type=annotation, model=model)
        elif annotation.split("[")[0].split(".")[-1] in _SIMPLE or (not annotation and p.default is not None):
            default = unparse(p.default) if p.default is not None else None
            params.append(
                Param(
                    name=p.name,
                    in_=ParamLocation.QUERY,
                    type=annotation,
                    required=p.default is None,
                    default=default,
                    description=described.get(p.name, ""),
                )
            )
    for name, conv in in_path.items():
        if all(p.name != name for p in params):
            params.insert(0, Param(name=name, in_=ParamLocation.PATH, type=conv or "str", required=True))
    return tuple(params), body


def _marked(
    context: LinkContext, annotation: Expr | None, default: Expr | None, scope: Scope
) -> tuple[ParamLocation, Expr | None] | None:
    """Where ninja's ``Query``/``Path``/``Header``/``Cookie`` marker puts a parameter, and the type it marks.

    ``x: T = Query(...)`` or ``x: Query[T]``; None without a marker.
    """
    if default is not None and default.op is Op.CALL:
        location = _MARKERS.get(short_name(callee_name(context, default, scope) or ""))
        if location is not None:
            return location, annotation
    if annotation is not None and annotation.op is Op.SUBSCRIPT:
        base = context.evaluator.eval(annotation.args[0], scope)
        dotted = base.dotted if isinstance(base, DefRef | External) else ""
        location = _MARKERS.get(short_name(dotted)) if dotted.startswith("ninja") else None
        if location is not None:
            return location, annotation.args[1] if len(annotation.args) > 1 else None
    return None


def _is_schema(context: LinkContext, annotation: Expr | None, scope: Scope) -> bool:
    """Whether an annotation names a ninja ``Schema`` or pydantic model (a request body)."""
    if annotation is None or annotation.op not in (Op.NAME, Op.ATTR):
        return False
    return context.is_a(context.evaluator.eval(annotation, scope), SCHEMAS)


def _auth(context: LinkContext, expr: Expr | None, scope: Scope, level: str) -> tuple[Auth, ...]:
    """``auth=`` of an API, router or operation: one Auth per security object (``auth=None``: none)."""
    if expr is None:
        return ()
    value = context.evaluator.eval(expr, scope)
    found = []
    for item in value.items if isinstance(value, Seq) else (value,):
        if isinstance(item, Const):
            continue
        if isinstance(item, Instance):  # auth=ApiKey(): named after its class
            lineage = context.evaluator.lineage(item.cls)
            kind = next((k for marker, k in _AUTH_KINDS if any(marker in n for n in lineage)), "dependency")
            scheme = security_scheme(context, item)
            found.append(Auth(kind=kind, name=short_name(item.cls.dotted), scopes=(), level=level, scheme=scheme))
        elif isinstance(item, DefRef | External):  # auth=django_auth, auth=my_check
            name = short_name(item.dotted)
            found.append(
                Auth(
                    kind="login_required" if name == "django_auth" else "dependency", name=name, scopes=(), level=level
                )
            )
        else:
            found.append(Auth(kind="dependency", name=unparse(expr), scopes=(), level=level))
    return tuple(found)


def _innermost(auth: tuple[Auth, ...]) -> tuple[Auth, ...]:
    """A router's ``auth=`` replaces its API's: keep the innermost level that sets one."""
    routers = tuple(a for a in auth if a.level == "router")
    return routers or auth


def _option_text(context: LinkContext, expr: Expr | None, scope: Scope) -> str:
    if expr is None:
        return ""
    value = const_at(context, expr, scope)
    return value if isinstance(value, str) else ""

"""Sanic: ``Sanic(...)`` apps and blueprints, route decorators, ``add_route``, class views, path parameters.

A route is registered on an app or a blueprint by decorating a function (``@app.route(uri,
methods=[...])``, ``@bp.get(uri)``..., ``@app.websocket(uri)``) or by a call
(``app.add_route(handler, uri, methods=...)``, ``add_websocket_route``); a handler that is an
``HTTPMethodView`` subclass's ``View.as_view()`` (or a view class declared with ``attach=app,
uri=...``) answers the verbs its class defines or inherits. How blueprints are served (groups,
prefixes, versions) is :mod:`docgen.extract.sanic.blueprints`'. Path parameters ``<name>`` and
``<name:int>`` become ``{name}``, typed by their converter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from docgen.diagnostics import Code
from docgen.extract._shared.common import (
    Handler,
    find_handler,
    handler_at,
    handler_route,
    kwarg_str,
    method_of,
    strings,
)
from docgen.extract.sanic.blueprints import (
    APPS,
    BLUEPRINT_PARAMS,
    BLUEPRINTS,
    argument,
    blueprint_version,
    prefix_text,
    served,
    version_text,
)
from docgen.link.contract import Extractor, LinkContext
from docgen.link.evaluate import Const, DefRef, Instance, Value, placeholder, text_of
from docgen.link.joins import join_paths
from docgen.link.program import Scope, is_call_stmt
from docgen.link.routegraph import Chain, Edge, Endpoint, Node, RouteGraph
from docgen.model import Framework, HttpMethod, Location, Route
from docgen.model.facts import ClassDef, Expr, FunctionDef, Op
from docgen.moduleid.layout import is_test_module

SANIC = Framework("sanic")
VIEWS = frozenset({"sanic.views.HTTPMethodView", "sanic.HTTPMethodView"})
VERBS = {m.lower(): m for m in ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")}
"""Route decorators and view methods → the HTTP method they answer."""
_ROUTE_CALLS = frozenset({"add_route", "add_websocket_route", "blueprint"})
_PARAM = re.compile(r"<(\w+)(?::([^>]*))?>")
_TYPES = {"int": "int", "float": "float", "uuid": "UUID", "ymd": "date", "slug": "str", "alpha": "str"}
"""Path converters → the parameter's type (``str``, ``path`` and regular expressions: str)."""


@dataclass(frozen=True, slots=True)
class _Registration:
    """One registered handler, as an endpoint's payload.

    Attributes:
        handler: The function or view method.
        version: The route's own version text (``/v2``), which wins over every other.
        owner_version: The version its blueprint's constructor gives, when no registration says one.
        name: The route's ``name=``.
        strict: Whether a trailing slash is kept (``strict_slashes=True``); Sanic drops it otherwise.
    """

    handler: Handler | None
    version: str | None
    owner_version: str | None
    name: str | None
    strict: bool


class SanicExtractor(Extractor):
    """Routes of Sanic applications and blueprints."""

    name = "sanic"
    packages = frozenset({"sanic", "sanic_routing", "sanic_ext"})
    route_triggers = packages

    def __init__(self) -> None:
        self._versions: dict[tuple[str, Location], str | None] = {}

    def collect_routes(self, *, context: LinkContext, graph: RouteGraph) -> None:  # noqa: D102
        self._versions = {}
        relevant = _ROUTE_CALLS | {"route", "websocket", *VERBS}
        for scope, stmt in context.walk_calls(
            loops_calling=relevant, skip_module=is_test_module, libraries_importing=self.packages, graph=graph
        ):
            if isinstance(stmt, FunctionDef):
                for decorator in stmt.decorators:
                    self._decorator(context, graph, scope, stmt, decorator)
            elif isinstance(stmt, ClassDef) and dict(stmt.keywords).get("attach") is not None:
                self._attached_view(context, graph, scope, stmt)
            call = is_call_stmt(stmt)
            if call is None or call.args[0].op is not Op.ATTR or call.args[0].value not in _ROUTE_CALLS:
                continue
            owner = self._node(context, graph, context.evaluator.eval(call.args[0].args[0], scope))
            if owner is None:
                continue
            if call.args[0].value == "blueprint":
                self._blueprint(context, graph, scope, call, owner)
            else:
                self._add_route(context, graph, scope, call, owner)

    def _node(self, context: LinkContext, graph: RouteGraph, value: Value) -> str | None:
        """The graph key of a Sanic app or blueprint value (added on first sight), else None."""
        if not isinstance(value, Instance) or not context.is_a(value, APPS | BLUEPRINTS):
            return None
        if value.key not in graph.nodes:
            is_app = context.is_a(value, APPS)
            where = context.location(value.key.partition(":")[0], value.call.line)
            prefix = (
                "" if is_app else prefix_text(context, argument(context, value, "url_prefix", BLUEPRINT_PARAMS), where)
            )
            graph.add_node(Node(value.key, SANIC, is_app, prefix, value.key, where))
            context.frameworks.add(SANIC)
        return value.key

    def _blueprint(self, context: LinkContext, graph: RouteGraph, scope: Scope, call: Expr, owner: str) -> None:
        where = context.location(scope.module, call.line)
        for each in served(context, call, scope, where):
            child = self._node(context, graph, each.blueprint)
            if child is None:
                continue
            graph.add_edge(Edge(owner, child, each.prefix or "", each.prefix is not None, where))
            self._versions[(child, where)] = each.version

    def _decorator(self, context: LinkContext, graph: RouteGraph, scope: Scope, fn: FunctionDef, deco: Expr) -> None:
        if deco.op is not Op.CALL or deco.args[0].op is not Op.ATTR:
            return
        verb = str(deco.args[0].value)
        if verb not in ("route", "websocket") and verb not in VERBS:
            return
        receiver = context.evaluator.eval(deco.args[0].args[0], scope)
        owner = self._node(context, graph, receiver)
        if owner is None:
            return
        if verb == "websocket":
            methods: tuple[HttpMethod, ...] = (HttpMethod.WEBSOCKET,)
        elif verb in VERBS:
            methods = (HttpMethod(VERBS[verb]),)
        else:
            methods = _methods(context, deco.kwarg("methods"), scope)
        uri = deco.positional[0] if deco.positional else deco.kwarg("uri")
        handler = handler_at(context, scope, fn)
        where = context.location(scope.module, fn.line, fn.end_line)
        self._endpoints(context, graph, owner, receiver, [(m, handler) for m in methods], uri, deco, scope, where)

    def _add_route(self, context: LinkContext, graph: RouteGraph, scope: Scope, call: Expr, owner: str) -> None:
        args = call.positional
        handler_expr = args[0] if args else call.kwarg("handler")
        uri = args[1] if len(args) >= 2 else call.kwarg("uri")
        where = context.location(scope.module, call.line)
        if handler_expr is None:
            return
        view = _view_class(context, handler_expr, scope)
        pairs: list[tuple[HttpMethod, Handler | None]]
        if view is not None:
            pairs = _view_verbs(context, view)
        else:
            value = context.evaluator.eval(handler_expr, scope)
            handler = find_handler(context, value)
            if handler is None:
                text = placeholder(value, handler_expr)
                context.warn(Code.NOT_EVALUATED, f"Sanic handler {text!r} could not be resolved", where)
            websocket = call.args[0].value == "add_websocket_route"
            methods = (HttpMethod.WEBSOCKET,) if websocket else _methods(context, call.kwarg("methods"), scope)
            pairs = [(m, handler) for m in methods]
        receiver = context.evaluator.eval(call.args[0].args[0], scope)
        self._endpoints(context, graph, owner, receiver, pairs, uri, call, scope, where)

    def _attached_view(self, context: LinkContext, graph: RouteGraph, scope: Scope, cls: ClassDef) -> None:
        """``class View(HTTPMethodView, attach=app, uri="/items")``: the view registers itself."""
        view = DefRef(f"{scope.module}.{scope.prefix()}{cls.name}", True)
        keywords = dict(cls.keywords)
        receiver = context.evaluator.eval(keywords["attach"], scope)
        owner = self._node(context, graph, receiver)
        if owner is None or not context.is_a(view, VIEWS):
            return
        where = context.location(scope.module, cls.line, cls.end_line)
        call = Expr(Op.CALL, None, (Expr(Op.NAME, cls.name),), tuple(keywords.items()), cls.line)
        self._endpoints(
            context, graph, owner, receiver, _view_verbs(context, view), keywords.get("uri"), call, scope, where
        )

    def _endpoints(
        self,
        context: LinkContext,
        graph: RouteGraph,
        owner: str,
        receiver: Value,
        pairs: list[tuple[HttpMethod, Handler | None]],
        uri: Expr | None,
        call: Expr,
        scope: Scope,
        where: Location,
    ) -> None:
        at = context.location(scope.module, call.line) if call.line else where  # the registration
        path = _uri(context, uri, scope, at)
        version_expr, version_prefix = call.kwarg("version"), call.kwarg("version_prefix")
        version = None
        if version_expr is not None:
            prefix_value = context.evaluator.eval(version_prefix, scope) if version_prefix is not None else None
            version = version_text(context, context.evaluator.eval(version_expr, scope), prefix_value, at)
        owner_version, strict = None, _flag(context, call.kwarg("strict_slashes"), scope)
        if isinstance(receiver, Instance) and context.is_a(receiver, BLUEPRINTS):
            owner_version = blueprint_version(context, receiver, where)
            if strict is None:
                strict = _flag(context, receiver.call.kwarg("strict_slashes"), context.call_scope(receiver))
        name = kwarg_str(context, call, "name", scope)
        for method, handler in pairs:
            location = context.location(handler.scope.module, handler.definition.line) if handler else where
            payload = _Registration(handler, version, owner_version, name, bool(strict))
            graph.add_endpoint(Endpoint(owner, (method,), path, handler.dotted if handler else None, location, payload))

    def describe(self, *, context: LinkContext, endpoint: Endpoint, chain: Chain, path: str) -> list[Route]:  # noqa: D102
        reg = endpoint.payload
        if not isinstance(reg, _Registration):
            return []
        inherited = self._versions.get((endpoint.owner, chain.through[-1])) if chain.through else None
        version = reg.version or inherited or reg.owner_version
        raw = join_paths(version, path) if version else path
        if not reg.strict and raw.endswith("/"):
            raw = raw.rstrip("/") or "/"
        types = {m.group(1): _TYPES.get(m.group(2) or "", "str") for m in _PARAM.finditer(raw)}
        openapi = _PARAM.sub(lambda m: "{" + m.group(1) + "}", raw)
        route = handler_route(
            context,
            endpoint=endpoint,
            chain=chain,
            path=openapi,
            raw_path=raw,
            framework=SANIC,
            handler=reg.handler,
            name=reg.name,
            types=types,
        )
        return [route]


def _uri(context: LinkContext, expr: Expr | None, scope: Scope, where: Location) -> str:
    """A route's URI as Sanic keeps it (a leading slash added), ``{?...}`` and a DG904 where unknown."""
    if expr is None:
        return "/"
    value = context.evaluator.eval(expr, scope)
    text, known = text_of(value) if not isinstance(value, Instance | DefRef) else (placeholder(value, expr), False)
    if not known:
        context.warn(Code.NOT_EVALUATED, f"Sanic URI {text!r} could not be fully evaluated", where)
    return text if not text or text.startswith("/") else "/" + text


def _flag(context: LinkContext, expr: Expr | None, scope: Scope) -> bool | None:
    """A keyword argument's known boolean (``strict_slashes=True``), None when not given or unknown."""
    value = context.evaluator.eval(expr, scope) if expr is not None else None
    return value.value if isinstance(value, Const) and isinstance(value.value, bool) else None


def _methods(context: LinkContext, expr: Expr | None, scope: Scope) -> tuple[HttpMethod, ...]:
    """The methods of ``methods=`` (a list, tuple, set or ``frozenset({...})``; GET when not given)."""
    if expr is None:
        return (HttpMethod.GET,)
    if expr.op is Op.CALL and len(expr.positional) == 1 and expr.args[0].op is Op.NAME:
        expr = expr.positional[0]  # frozenset({...}), set([...])
    items = expr.args if expr.op in (Op.LIST, Op.TUPLE, Op.SET) else (expr,)
    names = [s.upper() for item in items for s in strings(context.evaluator.eval(item, scope))]
    picked = tuple(HttpMethod(n) for n in dict.fromkeys(names) if n in VERBS.values())
    return picked or (HttpMethod.GET,)


def _view_class(context: LinkContext, expr: Expr, scope: Scope) -> DefRef | None:
    """The analysed view class of ``View.as_view(...)``, if ``expr`` is one."""
    if expr.op is not Op.CALL or expr.args[0].op is not Op.ATTR or expr.args[0].value != "as_view":
        return None
    cls = context.evaluator.eval(expr.args[0].args[0], scope)
    return cls if isinstance(cls, DefRef) and cls.is_class else None


def _view_verbs(context: LinkContext, view: DefRef) -> list[tuple[HttpMethod, Handler | None]]:
    """``(method, handler)`` for each verb method a view class defines or inherits from analysed bases."""
    found = [(HttpMethod(upper), method_of(context, view, verb)) for verb, upper in VERBS.items()]
    return [(m, h) for m, h in found if h is not None]

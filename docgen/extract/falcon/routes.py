"""Falcon: ``falcon.App()`` and its kin, ``add_route`` of resources and their responders, sinks, static routes.

``app.add_route(template, resource, suffix=...)`` serves a resource object: each responder it
defines or inherits from analysed bases, ``on_get``, ``on_post``... (``on_get_<suffix>`` with a
suffix; ``on_websocket`` of an ASGI app), is one route, handled by ``Resource.on_get``. URI
template fields ``{name}`` and ``{name:int}`` become ``{name}``, typed by their converter.
``app.add_sink(sink, prefix)`` serves every method below a prefix; ``app.add_static_route(prefix,
directory)`` serves files (GET). Apps are usually built in factories and methods, their routes
added in loops over ``(template, resource)`` tables: see :meth:`LinkContext.walk_calls`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from docgen.diagnostics import Code
from docgen.extract._shared.common import Handler, const_str, find_handler, handler_route, method_of
from docgen.link.contract import Extractor, LinkContext
from docgen.link.evaluate import DefRef, Instance, Value, placeholder, text_of
from docgen.link.joins import join_paths
from docgen.link.program import Scope, is_call_stmt
from docgen.link.routegraph import Chain, Endpoint, Node, RouteGraph
from docgen.model import Framework, HttpMethod, Location, Route
from docgen.model.facts import Expr, Op
from docgen.moduleid.layout import is_test_module

FALCON = Framework("falcon")
APPS = frozenset(
    {"falcon.App", "falcon.API", "falcon.app.App", "falcon.api.API", "falcon.asgi.App", "falcon.asgi.app.App"}
)
RESPONDERS = {m.lower(): m for m in ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "WEBSOCKET")}
"""``on_<verb>`` responder names → the method they answer."""
_CALLS = frozenset({"add_route", "add_sink", "add_static_route"})
_FIELD = re.compile(r"{(\w+)(?::(\w+)(?:\([^}]*\))?)?}")
_TYPES = {"int": "int", "float": "float", "uuid": "UUID", "dt": "datetime"}
"""Field converters → the parameter's type (``path`` and none: str)."""
_REGEX_GROUP = re.compile(r"\(\?P<(\w+)>[^)]*\)")


@dataclass(frozen=True, slots=True)
class _Responder:
    """One responder of a resource (or a sink, or a static route), as an endpoint's payload."""

    handler: Handler | None


class FalconExtractor(Extractor):
    """Routes of Falcon applications."""

    name = "falcon"
    packages = frozenset({"falcon"})
    route_triggers = packages

    def collect_routes(self, *, context: LinkContext, graph: RouteGraph) -> None:  # noqa: D102
        for scope, stmt in context.walk_calls(
            loops_calling=_CALLS, skip_module=is_test_module, libraries_importing=self.packages, graph=graph
        ):
            call = is_call_stmt(stmt)
            if call is None or call.args[0].op is not Op.ATTR or call.args[0].value not in _CALLS:
                continue
            owner = self._app(context, graph, context.evaluator.eval(call.args[0].args[0], scope))
            if owner is None:
                continue
            where = context.location(scope.module, call.line)
            kind = call.args[0].value
            if kind == "add_route":
                self._route(context, graph, scope, call, owner, where)
            elif kind == "add_sink":
                self._sink(context, graph, scope, call, owner, where)
            else:
                prefix = _argument(call, 0, "prefix")
                path = join_paths(_template(context, prefix, scope, where), "{path}")
                graph.add_endpoint(Endpoint(owner, (HttpMethod.GET,), path, None, where, _Responder(None)))

    def _app(self, context: LinkContext, graph: RouteGraph, value: Value) -> str | None:
        """The node key of a Falcon app value (added on first sight), else None."""
        if not isinstance(value, Instance) or not context.is_a(value, APPS):
            return None
        if value.key not in graph.nodes:
            where = context.location(value.key.partition(":")[0], value.call.line)
            graph.add_node(Node(value.key, FALCON, True, "", value.key, where))
            context.frameworks.add(FALCON)
        return value.key

    def _route(
        self, context: LinkContext, graph: RouteGraph, scope: Scope, call: Expr, owner: str, where: Location
    ) -> None:
        path = _template(context, _argument(call, 0, "uri_template"), scope, where)
        resource_expr = _argument(call, 1, "resource")
        suffix_expr = call.kwarg("suffix")
        suffix = const_str(context.evaluator.eval(suffix_expr, scope)) if suffix_expr is not None else None
        resource = context.evaluator.eval(resource_expr, scope) if resource_expr is not None else None
        cls = resource.cls if isinstance(resource, Instance) else resource
        if not isinstance(cls, DefRef) or not cls.is_class or (suffix_expr is not None and suffix is None):
            text = placeholder(resource, resource_expr) if resource is not None and resource_expr else "{?resource}"
            context.warn(
                Code.NOT_EVALUATED,
                f"Falcon resource {text!r} could not be resolved: its responders are listed as one ANY route",
                where,
            )
            graph.add_endpoint(Endpoint(owner, (HttpMethod.ANY,), path, None, where, _Responder(None)))
            return
        for method, handler in responders(context, cls, suffix):
            location = context.location(handler.scope.module, handler.definition.line)
            graph.add_endpoint(Endpoint(owner, (method,), path, handler.dotted, location, _Responder(handler)))

    def _sink(
        self, context: LinkContext, graph: RouteGraph, scope: Scope, call: Expr, owner: str, where: Location
    ) -> None:
        sink_expr = _argument(call, 0, "sink")
        prefix_expr = _argument(call, 1, "prefix")
        prefix = _template(context, prefix_expr, scope, where) if prefix_expr is not None else "/"
        path = _REGEX_GROUP.sub(lambda m: "{" + m.group(1) + "}", prefix.removeprefix("^").removesuffix("$"))
        sink = context.evaluator.eval(sink_expr, scope) if sink_expr is not None else None
        handler = find_handler(context, sink) if sink is not None else None
        if isinstance(sink, Instance) and isinstance(sink.cls, DefRef):
            handler = method_of(context, sink.cls, "__call__")
        location = context.location(handler.scope.module, handler.definition.line) if handler else where
        dotted = handler.dotted if handler else None
        graph.add_endpoint(Endpoint(owner, (HttpMethod.ANY,), path, dotted, location, _Responder(handler)))

    def describe(self, *, context: LinkContext, endpoint: Endpoint, chain: Chain, path: str) -> list[Route]:  # noqa: D102
        responder = endpoint.payload
        if not isinstance(responder, _Responder):
            return []
        types = {m.group(1): _TYPES.get(m.group(2) or "", "str") for m in _FIELD.finditer(path)}
        route = handler_route(
            context,
            endpoint=endpoint,
            chain=chain,
            path=_FIELD.sub(lambda m: "{" + m.group(1) + "}", path),
            raw_path=path,
            framework=FALCON,
            handler=responder.handler,
            name=None,
            types=types,
        )
        return [route]


def responders(context: LinkContext, cls: DefRef, suffix: str | None) -> list[tuple[HttpMethod, Handler]]:
    """``(method, responder)`` for each ``on_<verb>`` (``on_<verb>_<suffix>``) the class has or inherits."""
    found: list[tuple[HttpMethod, Handler]] = []
    for verb, method in RESPONDERS.items():
        name = f"on_{verb}_{suffix}" if suffix else f"on_{verb}"
        handler = method_of(context, cls, name)
        if handler is None:  # `on_head = on_get`: the name is bound to another responder
            handler = _bound_responder(context, cls, name)
        if handler is not None:
            found.append((HttpMethod(method), handler))
    return found


def _bound_responder(context: LinkContext, cls: DefRef, name: str) -> Handler | None:
    for klass in context.evaluator.mro(cls):
        body = context.program.body_scope(klass.dotted) if isinstance(klass, DefRef) else None
        if body is not None and name in body.bindings:
            return find_handler(context, context.evaluator.lookup(body, name))
    return None


def _argument(call: Expr, index: int, name: str) -> Expr | None:
    return call.positional[index] if len(call.positional) > index else call.kwarg(name)


def _template(context: LinkContext, expr: Expr | None, scope: Scope, where: Location) -> str:
    """A URI template's text, with ``{?...}`` and a DG904 for what cannot be known."""
    if expr is None:
        return "/"
    value = context.evaluator.eval(expr, scope)
    text, known = text_of(value) if not isinstance(value, Instance | DefRef) else (placeholder(value, expr), False)
    if not known:
        context.warn(Code.NOT_EVALUATED, f"Falcon URI template {text!r} could not be fully evaluated", where)
    return text

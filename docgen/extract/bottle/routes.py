"""Bottle: ``Bottle()`` apps and the default app, ``@app.route``/``@app.get``... decorators, ``mount``.

A route is registered by decorating a function with ``app.route(path, method=...)`` or a verb
shortcut (``app.get(path)``), or by calling ``app.route(path, method, callback)``; the module-level
``bottle.route``/``get``... register on Bottle's default app. ``route`` takes one path or a list,
one method or a list (GET by default). ``parent.mount("/prefix/", child)`` serves a child app's
routes below the prefix. Path wildcards, new (``<name>``, ``<name:int>``, ``<name:re:...>``) and
old (``:name``, ``:name#regex#``), become ``{name}``. Bottle is one file that projects often ship
inside their own package (``pypiserver/bottle_wrapper/bottle.py``): a module named ``bottle``
anywhere in the tree is that copy, and its ``Bottle`` class and ``route`` functions count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from docgen.diagnostics import Code
from docgen.extract._shared.common import Handler, find_handler, handler_at, handler_route, kwarg_str, strings
from docgen.link.contract import Extractor, LinkContext
from docgen.link.evaluate import Const, Instance, Value
from docgen.link.program import Scope, is_call_stmt
from docgen.link.routegraph import Chain, Edge, Endpoint, Node, RouteGraph
from docgen.model import Framework, HttpMethod, Location, Route
from docgen.model.facts import Expr, FunctionDef, Op

BOTTLE = Framework("bottle")
DEFAULT_APP = "bottle:default_app"
_SHORTCUTS = {"get": "GET", "post": "POST", "put": "PUT", "delete": "DELETE", "patch": "PATCH"}
_WILDCARD = re.compile(r"<(\w+)(?::[^>]*)?>|:(\w+)(?:#[^#]*#)?")


@dataclass(frozen=True, slots=True)
class _Registration:
    """One route registration, as an endpoint's payload."""

    handler: Handler | None
    name: str | None


class BottleExtractor(Extractor):
    """Routes of Bottle applications."""

    name = "bottle"
    packages = frozenset({"bottle"})
    route_triggers = packages

    def collect_routes(self, *, context: LinkContext, graph: RouteGraph) -> None:  # noqa: D102
        for scope, stmt in context.program.walk(keep=context.runs):
            if isinstance(stmt, FunctionDef):
                for decorator in stmt.decorators:
                    if decorator.op is Op.CALL:
                        self._register(context, graph, scope, decorator, handler_at(context, scope, stmt))
            call = is_call_stmt(stmt)
            if call is None or call.args[0].op is not Op.ATTR:
                continue
            if call.args[0].value == "mount" and len(call.positional) >= 2:
                self._mount(context, graph, scope, call)
            elif call.args[0].value == "route":
                callback = call.kwarg("callback") or (call.positional[2] if len(call.positional) >= 3 else None)
                if callback is not None:
                    handler = find_handler(context, context.evaluator.eval(callback, scope))
                    self._register(context, graph, scope, call, handler)

    def _app(self, context: LinkContext, graph: RouteGraph, value: Value, where: Location) -> str | None:
        """The node key of a Bottle app value (added to the graph on first sight)."""
        if not isinstance(value, Instance) or not any(
            _is_bottle(n, "Bottle") for n in context.evaluator.lineage(value.cls)
        ):
            return None
        if value.key not in graph.nodes:
            graph.add_node(Node(value.key, BOTTLE, True, "", value.key, where))
        context.frameworks.add(BOTTLE)
        return value.key

    def _register(
        self, context: LinkContext, graph: RouteGraph, scope: Scope, call: Expr, handler: Handler | None
    ) -> None:
        callee = call.args[0]
        where = context.location(scope.module, call.line)
        owner: str | None = None
        if callee.op is Op.ATTR and callee.value in ("route", *_SHORTCUTS):
            owner = self._app(context, graph, context.evaluator.eval(callee.args[0], scope), where)
            verb = str(callee.value)
        if owner is None:  # bottle.route / bottle.get ...: Bottle's default app
            target = context.evaluator.eval(callee, scope)
            dotted = getattr(target, "dotted", "")
            if not any(_is_bottle(dotted, f) for f in ("route", *_SHORTCUTS)):
                return
            owner, verb = DEFAULT_APP, dotted.rpartition(".")[2]
            if owner not in graph.nodes:
                graph.add_node(Node(owner, BOTTLE, True, "", "bottle default app", where))
            context.frameworks.add(BOTTLE)
        path_expr = call.positional[0] if len(call.positional) >= 1 else call.kwarg("path")
        paths = strings(context.evaluator.eval(path_expr, scope)) if path_expr is not None else ()
        if path_expr is None and handler is not None:
            paths = ("/" + handler.definition.name,)  # Bottle's default: the callback's name
        methods: tuple[str, ...] = (_SHORTCUTS[verb],) if verb in _SHORTCUTS else ("GET",)
        if verb == "route":
            method_expr = call.kwarg("method") or (call.positional[1] if len(call.positional) >= 2 else None)
            method_value = context.evaluator.eval(method_expr, scope) if method_expr is not None else Const("GET")
            methods = tuple(m.upper() for m in strings(method_value)) or ("GET",)
        name = kwarg_str(context, call, "name", scope)
        location = context.location(handler.scope.module, handler.definition.line) if handler else where
        for unknown in sorted(m for m in set(methods) if m != "ANY" and HttpMethod.named(m) is None):
            context.warn(Code.NOT_EVALUATED, f"method {unknown!r} is not an HTTP method; skipped", where)
        for path in paths:
            for http in (HttpMethod.ANY if m == "ANY" else HttpMethod.named(m) for m in methods):
                if http is None:
                    continue
                payload = _Registration(handler, name)
                graph.add_endpoint(
                    Endpoint(owner, (http,), path, handler.dotted if handler else None, location, payload)
                )

    def _mount(self, context: LinkContext, graph: RouteGraph, scope: Scope, call: Expr) -> None:
        where = context.location(scope.module, call.line)
        parent = self._app(context, graph, context.evaluator.eval(call.args[0].args[0], scope), where)
        child = self._app(context, graph, context.evaluator.eval(call.positional[1], scope), where)
        prefix = context.evaluator.eval(call.positional[0], scope)
        if parent is None or child is None or not isinstance(prefix, Const) or not isinstance(prefix.value, str):
            return
        graph.add_edge(Edge(parent, child, prefix.value.rstrip("/"), False, where, mount=True))

    def describe(self, *, context: LinkContext, endpoint: Endpoint, chain: Chain, path: str) -> list[Route]:  # noqa: D102
        reg = endpoint.payload
        if not isinstance(reg, _Registration):
            return []
        openapi = _WILDCARD.sub(lambda m: "{" + (m.group(1) or m.group(2)) + "}", path)
        route = handler_route(
            context,
            endpoint=endpoint,
            chain=chain,
            path=openapi,
            raw_path=path,
            framework=BOTTLE,
            handler=reg.handler,
            name=reg.name,
        )
        return [route]


def _is_bottle(dotted: str, name: str) -> bool:
    """Whether ``dotted`` is Bottle's ``name``: ``bottle.<name>``, or a copy of bottle.py in the tree."""
    return dotted == f"bottle.{name}" or dotted.endswith(f".bottle.{name}")

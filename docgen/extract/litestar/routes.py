"""Litestar routes: applications, routers and controllers joined into the route graph, and their handlers.

``Litestar(route_handlers=[...], path=...)`` and ``Router(path, route_handlers=[...])`` are nodes,
wherever they are made (module level, an app factory, a helper given them); what their
``route_handlers`` hold, or a later ``.register(x)`` adds, is joined below them: another router,
a ``Controller`` subclass (a node whose prefix is its ``path`` attribute, holding the decorated
methods it defines or inherits), a ``WebsocketListener`` subclass, or a decorated function. The
lists are evaluated, so ones built elsewhere (module-level lists, ``+=``, ``.extend()``, ``*other``)
count; an entry that cannot be known is a DG904. Litestar's own handlers (OpenAPI docs, static
files) are not listed. :mod:`docgen.extract.litestar.describe` turns each endpoint into routes.
"""

from __future__ import annotations

from dataclasses import dataclass

from docgen.diagnostics import Code
from docgen.extract._shared.common import Handler, find_handler, method_of
from docgen.extract.litestar.describe import describe_endpoint
from docgen.extract.litestar.handlers import (
    LITESTAR,
    Decorator,
    class_binding,
    controller_handlers,
    decorator_of,
    derives_from,
    methods_of,
    path_text,
    path_values,
)
from docgen.extract.litestar.layers import Layer, dependencies_of, flag, guards_auth, tags_of
from docgen.link.contract import Extractor, LinkContext
from docgen.link.evaluate import DefRef, External, Instance, Seq, Unknown, Value
from docgen.link.program import Scope, is_call_stmt
from docgen.link.routegraph import Chain, Edge, Endpoint, Node, RouteGraph
from docgen.model import HttpMethod, Location, Route
from docgen.model.facts import Assign, Expr, Op, Stmt


@dataclass(frozen=True, slots=True)
class Registration:
    """One handler registered on a node, as an endpoint's payload.

    Attributes:
        handler: The function or method that runs, when analysed.
        decorator: Its route decorator (None for a ``WebsocketListener`` class).
    """

    handler: Handler | None
    decorator: Decorator | None


class LitestarExtractor(Extractor):
    """Routes of Litestar applications."""

    name = "litestar"
    packages = frozenset({"litestar"})
    route_triggers = packages

    def __init__(self) -> None:
        self._layers: dict[str, Layer] = {}

    def collect_routes(self, *, context: LinkContext, graph: RouteGraph) -> None:  # noqa: D102
        self._layers = {}
        builder = _Builder(context, graph, self._layers)
        for scope, stmt in context.walk(libraries_importing=self.packages):
            builder.statement(scope, stmt)

    def describe(self, *, context: LinkContext, endpoint: Endpoint, chain: Chain, path: str) -> list[Route]:  # noqa: D102
        reg = endpoint.payload
        if not isinstance(reg, Registration):
            return []
        layers = [self._layers[key] for key in chain.nodes if key in self._layers]
        return describe_endpoint(context, endpoint, chain, path, reg.handler, reg.decorator, layers)


@dataclass(slots=True)
class _Builder:
    """Adds the nodes, edges and endpoints the statements of the program make."""

    context: LinkContext
    graph: RouteGraph
    layers: dict[str, Layer]

    def statement(self, scope: Scope, stmt: Stmt) -> None:
        """Read one statement: a ``Litestar(...)``/``Router(...)`` made, or ``x.register(handler)``."""
        call = is_call_stmt(stmt)
        if call is None:
            return
        ctx = self.context
        callee = call.args[0]
        if callee.op is Op.ATTR and callee.value == "register" and call.positional:
            owner = self.node(ctx.evaluator.eval(callee.args[0], scope))
            if owner is not None:
                where = ctx.location(scope.module, call.line)
                self.register(owner, ctx.evaluator.eval(call.positional[0], scope), call.positional[0], where)
            return
        made = ctx.evaluator.eval(callee, scope)
        if not (derives_from(ctx, made, "Litestar") or derives_from(ctx, made, "Router")):
            return  # a factory's body is walked too: the app is found where it is made
        target = stmt.targets[0] if isinstance(stmt, Assign) and stmt.targets else None
        name = f"{scope.module}:{scope.prefix()}{target.value}" if target is not None and target.op is Op.NAME else None
        self.node(ctx.evaluator.eval(call, scope, bind_as=name))

    def node(self, value: Value) -> str | None:
        """The node key of an application or router (added, with what it registers, on first sight)."""
        ctx = self.context
        if not isinstance(value, Instance):
            return None
        is_app = derives_from(ctx, value, "Litestar")
        if not is_app and not derives_from(ctx, value, "Router"):
            return None
        if value.key in self.graph.nodes:
            return value.key
        scope, call = ctx.call_scope(value), value.call
        where = ctx.location(scope.module, call.line)
        path_expr = call.kwarg("path") if is_app else (call.positional[0] if call.positional else call.kwarg("path"))
        listed = call.kwarg("route_handlers") or (call.positional[0] if is_app and call.positional else None)
        level = "app" if is_app else "router"
        ctx.frameworks.add(LITESTAR)
        self.graph.add_node(
            Node(
                value.key,
                LITESTAR,
                is_app,
                path_text(ctx, path_expr, scope, where),
                value.key,
                where,
                tags_of(ctx, call.kwarg("tags"), scope),
                guards_auth(ctx, call.kwarg("guards"), scope, level),
            )
        )
        self.layers[value.key] = Layer(
            dependencies_of(ctx, call.kwarg("dependencies"), scope), flag(ctx, call.kwarg("include_in_schema"), scope)
        )
        if listed is not None:
            self.register(value.key, ctx.evaluator.eval(listed, scope), listed, where)
        return value.key

    def register(self, owner: str, value: Value, expr: Expr, where: Location) -> None:
        """Join what a ``route_handlers`` entry (or a list of them) is to the node ``owner``."""
        ctx = self.context
        if isinstance(value, Seq):
            for item in self.graph.each(value):
                self.register(owner, item, expr, where)
            return
        child = self.node(value)
        if child is None and isinstance(value, DefRef) and value.is_class:
            if derives_from(ctx, value, "WebsocketListener"):
                self._listener(owner, value)
                return
            child = self.controller(value)
        if child is not None:
            self.graph.add_edge(Edge(owner, child, "", False, where))
        elif isinstance(value, DefRef) and value.is_class:
            message = f"{value.dotted} is not a Litestar controller, router or listener docgen recognises"
            ctx.warn_once(Code.NOT_EVALUATED, message + ": its routes are not listed", where)
        elif isinstance(value, DefRef):
            self._function(owner, value, where)
        elif isinstance(value, Unknown):
            message = f"route handler {value.text!r} could not be evaluated statically: its routes are not listed"
            ctx.warn_once(Code.NOT_EVALUATED, message, where)
        elif (outside := _outside(value)) is not None:
            message = f"route handler {outside!r} is not in the analysed code: its routes are not listed"
            ctx.warn_once(Code.NOT_EVALUATED, message + " (an installed package's are read with extra-paths)", where)

    def controller(self, cls: DefRef) -> str | None:
        """The node of a ``Controller`` subclass: its ``path``, options and decorated methods."""
        ctx = self.context
        if not derives_from(ctx, cls, "Controller"):
            return None
        if cls.dotted in self.graph.nodes:
            return cls.dotted
        where = _class_location(ctx, cls)
        path = class_binding(ctx, cls, "path")
        guards = class_binding(ctx, cls, "guards")
        deps = class_binding(ctx, cls, "dependencies")
        tags = class_binding(ctx, cls, "tags")
        shown = class_binding(ctx, cls, "include_in_schema")
        self.graph.add_node(
            Node(
                cls.dotted,
                LITESTAR,
                False,
                path_text(ctx, path[0], path[1], where) if path else "/",
                cls.dotted,
                where,
                tags_of(ctx, *tags) if tags else (),
                guards_auth(ctx, *guards, "controller") if guards else (),
            )
        )
        self.layers[cls.dotted] = Layer(
            dependencies_of(ctx, *deps) if deps else (), flag(ctx, *shown) if shown is not None else None
        )
        for handler, decorator in controller_handlers(ctx, cls):
            self._endpoints(cls.dotted, handler, decorator)
        return cls.dotted

    def _function(self, owner: str, ref: DefRef, where: Location) -> None:
        handler = find_handler(self.context, ref)
        if handler is None:
            return
        decorator = decorator_of(self.context, handler.definition, handler.scope)
        if decorator is None:
            message = f"{ref.dotted} has no Litestar route decorator docgen can read: its routes are not listed"
            self.context.warn_once(Code.NOT_EVALUATED, message, where)
            return
        self._endpoints(owner, handler, decorator)

    def _endpoints(self, owner: str, handler: Handler, decorator: Decorator) -> None:
        ctx = self.context
        where = ctx.location(handler.scope.module, handler.definition.line, handler.definition.end_line)
        methods = methods_of(ctx, decorator, where)
        if not methods:
            return
        for path in path_values(ctx, _path_expr(decorator.call), decorator.scope, where):
            self.graph.add_endpoint(
                Endpoint(owner, methods, path, handler.dotted, where, Registration(handler, decorator))
            )

    def _listener(self, owner: str, cls: DefRef) -> None:
        """A ``WebsocketListener`` subclass: a websocket at its ``path`` attribute, handled by ``on_receive``."""
        ctx = self.context
        handler = method_of(ctx, cls, "on_receive")
        where = _class_location(ctx, cls)
        path = class_binding(ctx, cls, "path")
        dotted = handler.dotted if handler else None
        for one in path_values(ctx, *path, where) if path else ("/",):
            self.graph.add_endpoint(
                Endpoint(owner, (HttpMethod.WEBSOCKET,), one, dotted, where, Registration(handler, None))
            )


def _path_expr(call: Expr) -> Expr | None:
    return call.positional[0] if call.positional else call.kwarg("path")


def _outside(value: Value) -> str | None:
    """The name of the code docgen did not read that ``value`` is or comes from (not Litestar's own).

    Litestar's own handlers, its static files router and its OpenAPI controller, are not routes
    of the application's: they are left out without a word.
    """
    dotted = value.dotted if isinstance(value, External) else None
    if isinstance(value, Instance) and isinstance(value.cls, External):
        dotted = value.cls.dotted + "()"
    return dotted if dotted is not None and not dotted.startswith("litestar.") else None


def _class_location(context: LinkContext, cls: DefRef) -> Location:
    definition = context.program.definition(cls.dotted)
    scope = context.program.defining_scope(cls.dotted)
    module = scope.module if scope is not None else cls.dotted.rpartition(".")[0]
    line = definition.line if definition is not None else 0
    return context.location(module, line, definition.end_line if definition is not None else 0)


__all__ = ["LitestarExtractor"]

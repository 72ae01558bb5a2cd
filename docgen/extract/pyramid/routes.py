r"""Pyramid: URL dispatch through ``Configurator``: ``add_route`` patterns and the views bound to them.

A route is served by the views registered for its name: ``config.add_view(view, route_name=...,
request_method=...)`` and, once the code calls ``config.scan()``, every ``@view_config(route_name=...)``
of the analysed modules (on functions, on methods of a class whose ``@view_defaults`` gives the
route name or methods, on a class with ``attr=``). A route no view is bound to is not listed:
Pyramid answers it with 404. ``request_method`` (a string or a tuple, on the view or the route)
gives the methods, none means every method (ANY). ``config.include(callable_or_dotted_name,
route_prefix=...)`` runs an ``includeme(config)`` with a configurator that prefixes its routes:
included functions are walked with ``config`` bound to it; ``with config.route_prefix_context(p):``
prefixes what the block adds (routes, static views, includes), ``config.route_prefix = p`` what the
configurator adds from then on (Cornice services too, which register when it scans). Patterns' ``{id}`` and ``{id:\d+}``
become ``{id}``, a ``*subpath`` remainder ``{subpath}``; ``add_static_view(name, path)`` serves
``/name/{subpath}`` (for every method, as Pyramid registers it). ``scan()`` is approximated: what
it is given (a package, ``ignore=``) is not read, so once the code scans anywhere every decorated
view of the analysed modules counts, whichever configurator scanned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from docgen.diagnostics import Code
from docgen.extract._shared.common import Handler, find_handler, handler_route, method_of, strings
from docgen.extract.pyramid import cornice
from docgen.link.contract import Extractor, LinkContext
from docgen.link.evaluate import Const, DefRef, External, Instance, ModuleRef, Value, placeholder, text_of
from docgen.link.program import Scope, is_call_stmt
from docgen.link.routegraph import Chain, Edge, Endpoint, Node, RouteGraph
from docgen.model import Framework, HttpMethod, Location, Route
from docgen.model.facts import Assign, ClassDef, Expr, FunctionDef, Op, Stmt
from docgen.moduleid.layout import is_test_module

PYRAMID = Framework("pyramid")
CONFIGURATORS = frozenset({"pyramid.config.Configurator", "pyramid.config.__init__.Configurator"})
_CALLS = frozenset({"add_route", "add_view", "include", "add_static_view", "scan", "route_prefix_context", "__exit__"})
_VIEW_CONFIG = frozenset({"pyramid.view.view_config"})
_VIEW_DEFAULTS = frozenset({"pyramid.view.view_defaults"})
_PLACEHOLDER = re.compile(r"\{(\w+)(?::[^{}]*(?:\{[^{}]*\}[^{}]*)*)?\}")
_REMAINDER = re.compile(r"\*(\w+)$")
MAX_INCLUDES = 500


@dataclass(frozen=True, slots=True)
class _View:
    """A view bound to a route name."""

    route: str
    methods: tuple[HttpMethod, ...]
    handler: Handler | None
    location: Location


class PyramidExtractor(Extractor):
    """Routes of Pyramid applications (URL dispatch)."""

    name = "pyramid"
    packages = frozenset({"pyramid", "cornice"})
    route_triggers = packages

    def collect_routes(self, *, context: LinkContext, graph: RouteGraph) -> None:  # noqa: D102
        reader = _Reader(context, graph)
        for scope, stmt in context.walk_calls(loops_calling=_CALLS, skip_module=is_test_module, graph=graph):
            reader.statement(scope, stmt)
        reader.run_includes()
        reader.add_endpoints()

    def describe(self, *, context: LinkContext, endpoint: Endpoint, chain: Chain, path: str) -> list[Route]:  # noqa: D102
        view = endpoint.payload
        if not isinstance(view, _View):
            return []
        return [
            handler_route(
                context,
                endpoint=endpoint,
                chain=chain,
                path=normalise(path),
                raw_path=path,
                framework=PYRAMID,
                handler=view.handler,
                name=view.route,
            )
        ]


def normalise(pattern: str) -> str:
    r"""``/a/{id:\d+}/*rest`` → ``/a/{id}/{rest}``."""
    return _REMAINDER.sub(lambda m: "{" + m.group(1) + "}", _PLACEHOLDER.sub(lambda m: "{" + m.group(1) + "}", pattern))


class _Reader:
    """Routes, views and includes, read from the walk, then joined into endpoints."""

    def __init__(self, context: LinkContext, graph: RouteGraph) -> None:
        self.context, self.graph = context, graph
        self.routes: dict[str, tuple[str, str, tuple[HttpMethod, ...], Location]] = {}
        self.views: list[_View] = []
        self.decorated: list[_View] = []
        self.scanned = False
        self.includes: list[tuple[str, Expr, Scope, str]] = []  # configurator, call, scope, prefix in force
        self.traversal: list[tuple[Location, bool]] = []  # views found by resource traversal, decorated or not
        self.contexts: dict[str, list[str]] = {}  # route_prefix_context blocks open on each configurator
        self.services: list[cornice.ServiceView] = []
        self.scan_at: tuple[str, str] | None = None  # the first scanning configurator, and its prefix

    def statement(self, scope: Scope, stmt: Stmt) -> None:
        if isinstance(stmt, FunctionDef | ClassDef):
            self._decorated(scope, stmt)
            self.services.extend(cornice.decorated(self.context, scope, stmt))
        if isinstance(stmt, Assign) and len(stmt.targets) == 1 and _is_attr(stmt.targets[0], "route_prefix"):
            self._set_prefix(stmt, scope)
            return
        call = is_call_stmt(stmt)
        if call is None or call.args[0].op is not Op.ATTR or call.args[0].value not in _CALLS:
            return
        kind, where = call.args[0].value, self.context.location(scope.module, call.line)
        if kind == "__exit__":  # the end of a ``with config.route_prefix_context(...):`` block
            self._leave(call.args[0].args[0], scope)
            return
        owner = self._config(self.context.evaluator.eval(call.args[0].args[0], scope))
        if owner is None:
            service = cornice.added(self.context, scope, call) if kind == "add_view" else None
            self.services.extend([service] if service else [])
            return
        stack = self.contexts.get(owner)
        prefix = stack[-1] if stack else ""
        if kind == "scan":
            self.scanned = True
            self.scan_at = self.scan_at or (owner, prefix)
        elif kind == "route_prefix_context":
            added = self._text(_arg(call, 0, "route_prefix"), scope, where)
            self.contexts.setdefault(owner, []).append(_joined(prefix, added))
        elif kind == "include":
            self.includes.append((owner, call, scope, prefix))
        elif kind == "add_route":
            name = self._text(_arg(call, 0, "name"), scope, where)
            pattern = self._text(_arg(call, 1, "pattern") or call.kwarg("path"), scope, where)
            methods = self._methods(call.kwarg("request_method"), scope, where)
            self.routes.setdefault(name, (owner, _prefixed(prefix, pattern), methods, where))
        elif kind == "add_static_view":
            name = self._text(_arg(call, 0, "name"), scope, where)
            if "://" not in name and not name.startswith("//"):
                route = f"__static__/{name}"
                self.routes.setdefault(route, (owner, _prefixed(prefix, name.strip("/") + "/*subpath"), (), where))
                self.views.append(_View(route, (), None, where))  # no request_method: any method
        else:
            self._add_view(call, scope, where)

    def _set_prefix(self, stmt: Assign, scope: Scope) -> None:
        """``config.route_prefix = p``: what the configurator adds from now on is under ``p`` (None: no prefix)."""
        owner = self._config(self.context.evaluator.eval(stmt.targets[0].args[0], scope))
        if owner is None or stmt.value is None or stmt.op != "=":
            return
        value = self.context.evaluator.eval(stmt.value, scope)
        if isinstance(value, Const) and value.value is None:
            self.contexts[owner] = []
            return
        prefix = self._text(stmt.value, scope, self.context.location(scope.module, stmt.line)).strip("/")
        self.contexts[owner] = [prefix] if prefix else []

    def _leave(self, context: Expr, scope: Scope) -> None:
        """Close the ``route_prefix_context`` block ``context`` opened, if it is one."""
        if context.op is Op.CALL and context.args[0].op is Op.ATTR and context.args[0].value == "route_prefix_context":
            owner = self._config(self.context.evaluator.eval(context.args[0].args[0], scope))
            if owner is not None and self.contexts.get(owner):
                self.contexts[owner].pop()

    def _add_view(self, call: Expr, scope: Scope, where: Location) -> None:
        route_expr = call.kwarg("route_name")
        if route_expr is None:
            self.traversal.append((where, False))  # served by resource lookup, not by a route
            return
        route = self._text(route_expr, scope, where)
        view_expr = _arg(call, 0, "view")
        view = self.context.evaluator.eval(view_expr, scope) if view_expr is not None else None
        if isinstance(view, Const) and isinstance(view.value, str):  # 'pkg.views.home'
            view = DefRef(view.value, isinstance(self.context.program.definition(view.value), ClassDef))
        attr_expr = call.kwarg("attr")
        attr = self.context.evaluator.eval(attr_expr, scope) if attr_expr is not None else None
        handler = _handler(
            self.context, view, attr.value if isinstance(attr, Const) and isinstance(attr.value, str) else None
        )
        methods = self._methods(call.kwarg("request_method"), scope, where)
        self.views.append(_View(route, methods, handler, where))

    def _decorated(self, scope: Scope, stmt: FunctionDef | ClassDef) -> None:
        defaults: dict[str, Expr] = {}
        if isinstance(stmt, FunctionDef) and scope.is_class:
            cls = self.context.program.definition(f"{scope.module}.{scope.qualname}")
            outer = self.context.program.defining_scope(f"{scope.module}.{scope.qualname}") or scope
            for decorator in cls.decorators if isinstance(cls, ClassDef) else ():
                if decorator.op is Op.CALL and self._is(decorator.args[0], outer, _VIEW_DEFAULTS):
                    defaults = dict(decorator.kwargs)
        for decorator in stmt.decorators:
            if decorator.op is not Op.CALL or not self._is(decorator.args[0], scope, _VIEW_CONFIG):
                continue
            options = {**defaults, **dict(decorator.kwargs)}
            where = self.context.location(scope.module, decorator.line or stmt.line)  # one view per decorator
            if "route_name" not in options:
                self.traversal.append((where, True))
                continue
            route = self._text(options["route_name"], scope, where)
            dotted = f"{scope.module}.{scope.prefix()}{stmt.name}"
            if isinstance(stmt, ClassDef):
                attr = options.get("attr")
                handler = _handler(
                    self.context, DefRef(dotted, True), str(attr.value) if attr and attr.op is Op.STR else None
                )
            elif scope.is_class:
                handler = method_of(self.context, DefRef(f"{scope.module}.{scope.qualname}", True), stmt.name)
            else:
                handler = find_handler(self.context, DefRef(dotted, False))
            methods = self._methods(options.get("request_method"), scope, where)
            self.decorated.append(_View(route, methods, handler, where))

    def _is(self, expr: Expr, scope: Scope, names: frozenset[str]) -> bool:
        value = self.context.evaluator.eval(expr, scope)
        return isinstance(value, External) and value.dotted in names

    def _config(self, value: Value) -> str | None:
        """The node key of a configurator (added on first sight), else None."""
        if not isinstance(value, Instance) or not self.context.is_a(value, CONFIGURATORS):
            return None
        if value.key not in self.graph.nodes:
            where = self.context.location(value.key.partition(":")[0], value.call.line)
            self.graph.add_node(Node(value.key, PYRAMID, True, "", value.key, where))
            self.context.frameworks.add(PYRAMID)
        return value.key

    def run_includes(self) -> None:
        """Walk each included ``includeme(config)`` with a configurator below the including one."""
        done = 0
        while self.includes and done < MAX_INCLUDES:
            owner, call, scope, outer = self.includes.pop(0)
            done += 1
            where = self.context.location(scope.module, call.line)
            target = _include_target(self.context, call, scope)
            body = self.context.program.body_scope(target) if target else None
            definition = self.context.program.definition(target) if target else None
            if body is None or not isinstance(definition, FunctionDef) or not definition.params:
                first = _arg(call, 0, "callable")
                source = placeholder(self.context.evaluator.eval(first, scope), first) if first else "{?include}"
                self.context.warn(Code.NOT_EVALUATED, f"Pyramid include {source!r} could not be resolved", where)
                continue
            prefix_expr = call.kwarg("route_prefix")
            added = self._text(prefix_expr, scope, where) if prefix_expr is not None else ""
            prefix = "/" + _joined(outer, added) if _joined(outer, added) else ""
            child = Instance(External("pyramid.config.Configurator"), f"{owner}>{target}", call, scope.key)
            self.graph.add_node(Node(child.key, PYRAMID, False, "", target or "", where))
            self.graph.add_edge(Edge(owner, child.key, prefix.rstrip("/"), False, where))
            bound = self.context.evaluator.bound_scope(body, {definition.params[0].name: child})
            for inner_scope, stmt in self.context.program.walk_scope(bound, self.context.runs):
                self.statement(inner_scope, stmt)
        if self.includes:
            where = self.context.location(self.includes[0][2].module, self.includes[0][1].line)
            self.context.warn(
                Code.BUDGET_EXCEEDED, f"more than {MAX_INCLUDES} Pyramid includes: the rest are not read", where
            )

    def add_endpoints(self) -> None:
        """One endpoint per view and method, on the node its route was added to.

        Views found by traversal have no path of their own (it is the resource tree's, at run
        time): they are counted in one warning at the first, not listed.
        """
        traversal = sorted({w for w, decorated in self.traversal if self.scanned or not decorated}, key=str)
        if traversal:
            count = len(traversal)
            self.context.warn(
                Code.NOT_EVALUATED,
                f"{count} Pyramid view{'s' if count != 1 else ''} found by traversal (context= without route_name)"
                " not listed: their URLs come from the resource tree at run time",
                traversal[0],
            )
        if self.scan_at is not None:  # Cornice services register on the configurator that scans
            owner, prefix = self.scan_at
            if not prefix and self.contexts.get(owner):  # `config.route_prefix = p`, met after the scan in the walk
                prefix = self.contexts[owner][-1]
            for service in self.services:
                pattern = _prefixed(prefix, service.pattern)
                self.routes.setdefault(service.route, (owner, pattern, (), service.location))
                self.decorated.append(_View(service.route, (service.method,), service.handler, service.location))
        elif self.services:
            count = len(self.services)
            self.context.warn(
                Code.NOT_EVALUATED,
                f"{count} Cornice service view{'s' if count != 1 else ''} not listed: Cornice registers them when"
                " a configurator scans, and docgen found no config.scan() on a configurator it knows",
                self.services[0].location,
            )
        for view in [*self.views, *(self.decorated if self.scanned else ())]:
            found = self.routes.get(view.route)
            if found is None:
                self.context.warn(
                    Code.NOT_EVALUATED, f"Pyramid view for route {view.route!r}: no add_route names it", view.location
                )
                continue
            owner, pattern, route_methods, where = found
            methods = view.methods or route_methods or (HttpMethod.ANY,)
            handler = view.handler.name if view.handler else None
            location = (
                self.context.location(view.handler.scope.module, view.handler.definition.line)
                if view.handler
                else where
            )
            implementation = view.handler.implementation if view.handler else None
            for method in methods:
                self.graph.add_endpoint(
                    Endpoint(owner, (method,), pattern, handler, location, view, implementation=implementation)
                )

    def _text(self, expr: Expr | None, scope: Scope, where: Location) -> str:
        if expr is None:
            return ""
        value = self.context.evaluator.eval(expr, scope)
        text, known = text_of(value)
        if not known:
            self.context.warn_once(
                Code.NOT_EVALUATED, f"{placeholder(value, expr)!r} could not be evaluated statically", where
            )
        return text if known else placeholder(value, expr)

    def _methods(self, expr: Expr | None, scope: Scope, where: Location) -> tuple[HttpMethod, ...]:
        """The methods ``request_method=`` names; () for none (or none known: then every method).

        An extension method (``PUSH``) is a method like the others; a name that is no HTTP method
        token is a DG904 at ``where``.
        """
        if expr is None:
            return ()
        names = strings(self.context.evaluator.eval(expr, scope))
        for name in names:
            if HttpMethod.named(name) is None:
                self.context.warn_once(Code.NOT_EVALUATED, f"request method {name!r} is not an HTTP method", where)
        return HttpMethod.listed(names)


def _handler(context: LinkContext, view: Value | None, attr: str | None) -> Handler | None:
    """The function a view value runs: a function, or a class's ``attr`` (``__call__`` by default)."""
    if isinstance(view, DefRef) and view.is_class:
        return method_of(context, view, attr or "__call__")
    return find_handler(context, view) if view is not None else None


def _include_target(context: LinkContext, call: Expr, scope: Scope) -> str | None:
    """The dotted name of the function an include runs: a function, or a module's (or dotted name's) ``includeme``."""
    expr = _arg(call, 0, "callable")
    value = context.evaluator.eval(expr, scope) if expr is not None else None
    if isinstance(value, DefRef) and not value.is_class:
        return value.dotted
    name = value.name if isinstance(value, ModuleRef) else value.value if isinstance(value, Const) else None
    if not isinstance(name, str):
        return None
    if name.startswith("."):  # relative to the including module's package
        facts = context.program.facts(scope.module)
        package = scope.module if facts is not None and facts.is_package else scope.module.rpartition(".")[0]
        dots = len(name) - len(name.lstrip("."))
        base = package.rsplit(".", dots - 1)[0] if dots > 1 else package
        name = f"{base}.{name.lstrip('.')}" if name.strip(".") else base
    if isinstance(context.program.definition(name), FunctionDef):
        return name
    return f"{name}.includeme" if context.program.definition(f"{name}.includeme") is not None else None


def _is_attr(expr: Expr, name: str) -> bool:
    return expr.op is Op.ATTR and expr.value == name


def _joined(outer: str, added: str) -> str:
    """A route prefix inside another, as ``Configurator`` joins them (no slash at either end)."""
    return f"{outer.rstrip('/')}/{added.lstrip('/')}".strip("/")


def _prefixed(prefix: str, pattern: str) -> str:
    """``pattern`` added under a configurator's route prefix, with the leading slash Pyramid matches with."""
    return "/" + (f"{prefix}/{pattern.lstrip('/')}" if prefix else pattern.lstrip("/"))


def _arg(call: Expr, index: int, keyword: str) -> Expr | None:
    return call.kwarg(keyword) or (call.positional[index] if len(call.positional) > index else None)

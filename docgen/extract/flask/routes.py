"""Flask and Quart routes of apps and blueprints.

Covers route decorators (``route``/``get``/``post``/...), ``add_url_rule`` with view functions and
``View``/``MethodView.as_view()`` classes, ``register_blueprint`` chains (Flask's ``url_prefix=`` at
registration replaces the blueprint's own; nested blueprints join), registrations in loops and app
factories, Blueprint subclasses that choose their own prefix, URL converters and login-style
decorators. Quart's websockets (``@app.websocket``, ``add_websocket``, ``websocket=True``) are
WEBSOCKET routes, and quart-schema decorators document bodies and responses. Registrations made in
test modules serve test apps, not the product, and are skipped.
"""

from __future__ import annotations

from docgen.diagnostics import Code
from docgen.extract._shared.common import (
    Handler,
    const_str,
    find_handler,
    from_outside,
    handler_at,
    kwarg_str,
    only_strings,
    shared_origin,
    short_name,
    strings,
)
from docgen.extract.flask.appconfig import AppConfigs
from docgen.extract.flask.calls import CallSites, call_of, callee_name, walk
from docgen.extract.flask.extensions import Settings, extension_target, security_blueprint
from docgen.extract.flask.quart_schema import schema_docs
from docgen.extract.flask.rules import FlaskView, describe_flask, handler_auth
from docgen.extract.flask.views import (
    BLUEPRINT_PARAMS,
    VERBS,
    constructor_arguments,
    view_methods,
)
from docgen.link.contract import Extractor, LinkContext
from docgen.link.evaluate import Choice, Const, DefRef, Instance, Seq, Unknown, Value, placeholder, text_of
from docgen.link.program import Scope
from docgen.link.routegraph import Chain, Edge, Endpoint, Node, RouteGraph
from docgen.link.unparse import unparse
from docgen.model import Framework, HttpMethod, Location, Route
from docgen.model.facts import Expr, FunctionDef, Op

APPS = frozenset({"flask.Flask", "flask.app.Flask", "quart.Quart", "quart.app.Quart"})
BLUEPRINTS = frozenset(
    {"flask.Blueprint", "flask.blueprints.Blueprint", "quart.Blueprint", "quart.blueprints.Blueprint"}
)
_CALLS = frozenset({"register_blueprint", "add_url_rule", "add_websocket"})
_EXTENSION_CALLS = frozenset({"Security", "init_app"})


class FlaskExtractor(Extractor):
    """Routes of Flask and Quart applications and blueprints."""

    name = "flask"
    packages = frozenset(
        {
            "flask",
            "quart",
            "quart_schema",
            "werkzeug",
            "flask_security",
            "flask_login",
            "flask_httpauth",
            "flask_jwt_extended",
        }
    )
    route_triggers = packages

    def __init__(self) -> None:
        self._constructed: dict[tuple[str, str, str], Value | None] = {}
        self._sites: CallSites | None = None

    def collect_routes(self, *, context: LinkContext, graph: RouteGraph) -> None:  # noqa: D102
        self.prepare(context)
        settings = Settings(context)
        for scope, stmt in walk(context, _CALLS, self.packages, graph):
            if isinstance(stmt, FunctionDef):
                for decorator in stmt.decorators:
                    self._decorator(context, graph, scope, stmt, decorator)
            call = call_of(stmt)
            if call is None:
                continue
            if callee_name(call) in _CALLS and call.args[0].op is Op.ATTR:
                self._call(context, graph, scope, call)
            elif callee_name(call) in _EXTENSION_CALLS:
                self._extension(context, graph, scope, call, settings)

    # --- apps and blueprints -----------------------------------------------------------------

    def prepare(self, context: LinkContext) -> None:
        """Teach the evaluator blueprints' constructor attributes, apps' config and ``current_app`` (once)."""
        if self._sites is None or self._sites.context is not context:
            self._sites = CallSites(context)
            context.evaluator.add_attribute_hook(
                "flask.blueprint", lambda inst, name, depth: self._attribute(context, inst, name)
            )
            AppConfigs(context, APPS).install()

    def receivers(self, context: LinkContext, graph: RouteGraph, expr: Expr, scope: Scope) -> list[str]:
        """Graph keys of the apps/blueprints ``expr`` may be (parameters resolved at call sites)."""
        self.prepare(context)
        assert self._sites is not None
        keys = (self.node(context, graph, value) for value in self._sites.values(expr, scope))
        return list(dict.fromkeys(k for k in keys if k is not None))

    def _values(self, expr: Expr, scope: Scope) -> list[Value]:
        assert self._sites is not None  # receivers() prepared them
        return self._sites.values(expr, scope)

    def _attribute(self, context: LinkContext, instance: Instance, name: str) -> Value | None:
        if name not in ("url_prefix", "name", "import_name") or not context.is_a(instance, BLUEPRINTS):
            return None
        key = (instance.key, instance.scope_key, name)
        if key not in self._constructed:
            self._constructed[key] = None  # guards recursion through the constructor
            self._constructed[key] = constructor_arguments(context, instance, BLUEPRINT_PARAMS).get(name, Const(None))
        return self._constructed[key]

    def node(self, context: LinkContext, graph: RouteGraph, value: object) -> str | None:
        """The graph key of a Flask/Quart app or blueprint (added on first sight), else None."""
        if not isinstance(value, Instance) or not context.is_a(value, APPS | BLUEPRINTS):
            return None
        if value.key not in graph.nodes:
            lineage = context.evaluator.lineage(value.cls)
            is_app = not lineage.isdisjoint(APPS)
            framework = Framework.QUART if any(n.startswith("quart") for n in lineage) else Framework.FLASK
            context.frameworks.add(framework)
            location = context.location(value.key.partition(":")[0], value.call.line)
            prefix = name = ""
            if not is_app:
                arguments = constructor_arguments(context, value, BLUEPRINT_PARAMS)
                prefix = self._prefix_text(context, arguments.get("url_prefix"), location)
                name = const_str(arguments.get("name")) or ""
            graph.add_node(Node(value.key, framework, is_app, prefix, value.key, location, name=name))
        return value.key

    def _prefix_text(self, context: LinkContext, value: Value | None, location: Location) -> str:
        if value is None or (isinstance(value, Const) and value.value is None):
            return ""
        text, known = text_of(value) if isinstance(value, Const | Unknown | Choice) else ("{?url_prefix}", False)
        if not known:
            context.warn(Code.NOT_EVALUATED, f"blueprint url_prefix {text!r} could not be fully evaluated", location)
        return text

    # --- registrations -----------------------------------------------------------------------

    def _decorator(self, context: LinkContext, graph: RouteGraph, scope: Scope, fn: FunctionDef, deco: Expr) -> None:
        if deco.op is not Op.CALL or deco.args[0].op is not Op.ATTR:
            return
        verb = str(deco.args[0].value)
        if verb not in ("route", "websocket") and verb not in VERBS:
            return
        websocket = verb == "websocket" or _websocket_flag(context, deco, scope)
        owners = self.receivers(context, graph, deco.args[0].args[0], scope)
        if websocket:
            owners = _quart_only(graph, owners)
        if not owners:
            return
        if websocket:
            methods: tuple[HttpMethod, ...] = (HttpMethod.WEBSOCKET,)
        elif verb in VERBS:
            methods = (HttpMethod(VERBS[verb]),)
        else:
            methods = self.methods(context, deco.kwarg("methods"), scope, context.location(scope.module, fn.line))
        rule = self.rule(context, deco.positional[0] if deco.positional else deco.kwarg("rule"), scope)
        handler = handler_at(context, scope, fn)
        endpoint = kwarg_str(context, deco, "endpoint", scope)
        view = _view(context, handler, endpoint or fn.name, websocket=websocket)
        location = context.location(scope.module, fn.line, fn.end_line)
        for owner in owners:
            graph.add_endpoint(Endpoint(owner, methods, rule, handler.dotted, location, view))

    def methods(self, context: LinkContext, expr: Expr | None, scope: Scope, where: Location) -> tuple[HttpMethod, ...]:
        """The methods of ``methods=[...]`` (GET when not given); Flask's own HEAD/OPTIONS left out.

        Methods docgen cannot evaluate (``methods=[endpoint.method]``) are named in a DG904: the
        route is listed with the known ones, or GET.
        """
        if expr is None:
            return (HttpMethod.GET,)
        value = context.evaluator.eval(expr, scope)
        listed = HttpMethod.listed(strings(value))
        methods = tuple(m for m in listed if m not in (HttpMethod.HEAD, HttpMethod.OPTIONS)) or (HttpMethod.GET,)
        if not only_strings(value):
            shown = ", ".join(methods)
            items = value.items if isinstance(value, Seq) else (value,)
            got = ", ".join(text_of(v)[0] if isinstance(v, Const | Unknown) else "{?}" for v in items)
            message = f"methods={unparse(expr)} ([{got}]) could not be fully evaluated: the route is listed as {shown}"
            context.warn(Code.NOT_EVALUATED, message, where)
        return methods

    def rule(self, context: LinkContext, expr: Expr | None, scope: Scope) -> str:
        """A URL rule's text, with ``{?source}`` placeholders (and a DG904) for unknown pieces."""
        if expr is None:
            return ""
        value = context.evaluator.eval(expr, scope)
        text = text_of(value)[0] if isinstance(value, Const | Unknown) else placeholder(value, expr)
        if "{?" in text:
            where = context.location(scope.module, expr.line)
            context.warn(Code.NOT_EVALUATED, f"URL rule {text!r} could not be fully evaluated", where)
        return text

    def _call(self, context: LinkContext, graph: RouteGraph, scope: Scope, call: Expr) -> None:
        owners = self.receivers(context, graph, call.args[0].args[0], scope)
        args = call.positional
        location = context.location(scope.module, call.line)
        websocket = call.args[0].value == "add_websocket" or _websocket_flag(context, call, scope)
        if websocket:
            owners = _quart_only(graph, owners)
        if not owners:
            return
        if call.args[0].value == "register_blueprint":
            children = self.receivers(context, graph, args[0], scope) if args else []
            values = self._values(args[0], scope) if not children and args else None
            if values is not None and all(from_outside(v) for v in values):
                message = shared_origin(context, "blueprint", unparse(args[0]), values[0] if values else None) or (
                    f"blueprint {unparse(args[0])!r} is not in the analysed code: its routes are not listed"
                    " (a blueprint from an installed package is read with extra-paths)"
                )
                context.warn_once(Code.NOT_EVALUATED, message, location)
            given = call.kwarg("url_prefix")
            value = context.evaluator.eval(given, scope) if given is not None else None
            replaces = value is not None and not (isinstance(value, Const) and value.value is None)
            prefix = self._prefix_text(context, value, location) if replaces else ""
            rename = call.kwarg("name")
            renamed = const_str(context.evaluator.eval(rename, scope)) if rename is not None else None
            for owner in owners:
                for child in children:
                    graph.add_edge(Edge(owner, child, prefix, replaces, location, name=renamed or ""))
            return
        rule = self.rule(context, args[0] if args else call.kwarg("rule"), scope)
        view_expr = args[2] if len(args) > 2 else call.kwarg("view_func")
        endpoint_expr = args[1] if len(args) > 1 else call.kwarg("endpoint")
        endpoint = const_str(context.evaluator.eval(endpoint_expr, scope)) if endpoint_expr is not None else None
        if view_expr is None:
            return
        explicit = call.kwarg("methods")
        # A websocket is served by the view's GET handler (the method of the upgrade request).
        methods = (HttpMethod.GET,) if websocket else self.methods(context, explicit, scope, location)
        as_view = _as_view(context, view_expr, scope)
        if as_view is not None:
            chosen = methods if websocket or explicit is not None else None
            pairs = self._class_view(context, scope, rule, as_view, chosen, location)
        else:
            handler = find_handler(context, context.evaluator.eval(view_expr, scope))
            if handler is None and view_expr.op is not Op.LAMBDA:
                message = f"view function {unparse(view_expr)!r} of {rule!r} is not an analysed function"
                context.warn(Code.NOT_EVALUATED, message, location)
            name = endpoint or (handler.definition.name if handler else unparse(view_expr))
            pairs = [(m, handler, name) for m in methods]
        lambda_name = f"{scope.module}.{scope.prefix()}<lambda>" if view_expr.op is Op.LAMBDA else None
        for method, handler, name in pairs:
            served = HttpMethod.WEBSOCKET if websocket else method
            where = _where(context, handler) or location
            view = _view(context, handler, name, websocket=websocket)
            dotted, implementation = (handler.name, handler.implementation) if handler else (lambda_name, None)
            for owner in owners:
                graph.add_endpoint(Endpoint(owner, (served,), rule, dotted, where, view, implementation))

    def _class_view(
        self,
        context: LinkContext,
        scope: Scope,
        rule: str,
        as_view: Expr,
        methods: tuple[HttpMethod, ...] | None,
        location: Location,
    ) -> list[tuple[HttpMethod, Handler | None, str]]:
        cls = context.evaluator.eval(as_view.args[0].args[0], scope)
        if not isinstance(cls, DefRef) or not cls.is_class:
            context.warn(Code.NOT_EVALUATED, f"view class {unparse(as_view)!r} of {rule!r} is not analysed", location)
            return []
        name = const_str(context.evaluator.eval(as_view.positional[0], scope)) if as_view.positional else None
        return [(m, h, name or short_name(cls.dotted)) for m, h in view_methods(context, cls, methods)]

    def _extension(self, context: LinkContext, graph: RouteGraph, scope: Scope, call: Expr, settings: Settings) -> None:
        target = extension_target(call, context.evaluator.eval(call.args[0], scope))
        if target is None:
            return
        location = context.location(scope.module, call.line)
        blueprint = security_blueprint(settings)
        for app in self.receivers(context, graph, target, scope):
            key = f"{app}/{blueprint.name}"
            if key in graph.nodes:  # one security blueprint per app, however many init_app calls reach it
                continue
            graph.add_node(Node(key, Framework.FLASK, False, blueprint.prefix, key, location, name=blueprint.name))
            graph.add_edge(Edge(app, key, "", False, location))
            for view in blueprint.views:
                payload = FlaskView(None, (), view.endpoint)
                graph.add_endpoint(Endpoint(key, view.methods, view.path, view.handler, location, payload))

    def describe(self, *, context: LinkContext, endpoint: Endpoint, chain: Chain, path: str) -> list[Route]:  # noqa: D102
        return describe_flask(context, endpoint, chain, path)


def _view(context: LinkContext, handler: Handler | None, endpoint: str, *, websocket: bool = False) -> FlaskView:
    """What a handler's decorators say: auth, and (for HTTP routes) quart-schema's body and responses."""
    if handler is None:
        return FlaskView(None, (), endpoint)
    decorators, scope = handler.definition.decorators, handler.scope
    auth = handler_auth(context, decorators, scope)
    if websocket:
        return FlaskView(handler, auth, endpoint)
    docs = schema_docs(context, decorators, scope)
    return FlaskView(
        handler, auth, endpoint, request_body=docs.request_body, responses=docs.responses, params=docs.params
    )


def _websocket_flag(context: LinkContext, call: Expr, scope: Scope) -> bool:
    """Whether a registration passes Quart's ``websocket=True``."""
    flag = call.kwarg("websocket")
    value = context.evaluator.eval(flag, scope) if flag is not None else None
    return isinstance(value, Const) and value.value is True


def _quart_only(graph: RouteGraph, owners: list[str]) -> list[str]:
    """The Quart apps and blueprints among ``owners``: only Quart serves websockets."""
    return [owner for owner in owners if graph.nodes[owner].framework is Framework.QUART]


def _where(context: LinkContext, handler: Handler | None) -> Location | None:
    if handler is None:
        return None
    return context.location(handler.scope.module, handler.definition.line, handler.definition.end_line)


def _as_view(context: LinkContext, view: Expr, scope: Scope, depth: int = 0) -> Expr | None:
    """The ``Cls.as_view(...)`` call of a view expression (or of the variable holding it), if any."""
    if view.op is Op.CALL and view.args[0].op is Op.ATTR and view.args[0].value == "as_view":
        return view
    if view.op is Op.NAME and depth < 3:
        current: Scope | None = scope
        while current is not None and view.value not in current.bindings:
            current = current.parent
        stmt = current.bindings[str(view.value)][-1] if current is not None else None
        value = getattr(stmt, "value", None)
        if isinstance(value, Expr) and current is not None:
            return _as_view(context, value, current, depth + 1)
    return None

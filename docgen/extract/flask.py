"""Flask and Quart routes of apps and blueprints.

Covers route decorators, ``add_url_rule`` (functions and View/MethodView classes),
``register_blueprint`` chains with ``url_prefix``, and login-style decorators.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from docgen.extract.base import Extractor, LinkContext
from docgen.extract.common import Handler, class_def, find_handler, handler_at, short_name, strings
from docgen.link.docstrings import parse_docstring
from docgen.link.evaluate import Const, DefRef, Instance, Unknown, placeholder, text_of
from docgen.link.program import Scope
from docgen.link.routegraph import Chain, Edge, Endpoint, Node, RouteGraph
from docgen.link.unparse import unparse
from docgen.model import Auth, Framework, HttpMethod, Param, ParamLocation, Route
from docgen.model.facts import Expr, FunctionDef, Op

APPS = frozenset({"flask.Flask", "flask.app.Flask", "quart.Quart", "quart.app.Quart"})
BLUEPRINTS = frozenset(
    {"flask.Blueprint", "flask.blueprints.Blueprint", "quart.Blueprint", "quart.blueprints.Blueprint"}
)
VIEWS = frozenset({"flask.views.View", "flask.views.MethodView", "quart.views.View", "quart.views.MethodView"})
_METHOD_VIEWS = frozenset({"flask.views.MethodView", "quart.views.MethodView"})
_VERBS = {"get": "GET", "post": "POST", "put": "PUT", "patch": "PATCH", "delete": "DELETE"}
_RULE_VAR = re.compile(r"<(?:(?P<conv>[A-Za-z_][A-Za-z0-9_]*)(?:\([^)]*\))?:)?(?P<name>[A-Za-z_][A-Za-z0-9_]*)>")
_CONVERTER_TYPES = {"int": "int", "float": "float", "path": "str", "string": "str", "uuid": "UUID", "any": "str"}
_AUTH_DECORATOR = re.compile(
    r"(login_required|auth_required|jwt_required|token_required|roles_required|"
    r"roles_accepted|permission_required|requires_auth|admin_required|fresh_jwt_required)"
)


@dataclass(frozen=True, slots=True)
class _Rule:
    """A registered view: its function (or class method) and the registration's options."""

    handler: Handler | None
    scope: Scope
    decorators: tuple[str, ...]


def flask_path(rule: str) -> str:
    """``/u/<int:id>`` → ``/u/{id}`` (OpenAPI style)."""
    return _RULE_VAR.sub(lambda m: "{" + m.group("name") + "}", rule)


class FlaskExtractor(Extractor):
    """Routes of Flask and Quart applications and blueprints."""

    name = "flask"

    def collect_routes(self, *, context: LinkContext, graph: RouteGraph) -> None:  # noqa: D102
        for scope, stmt in context.program.walk():
            if isinstance(stmt, FunctionDef):
                for decorator in stmt.decorators:
                    self._decorator(context, graph, scope, stmt, decorator)
            value = getattr(stmt, "value", None)
            if isinstance(value, Expr) and value.op is Op.CALL and value.args[0].op is Op.ATTR:
                self._call(context, graph, scope, value)

    def _node(self, context: LinkContext, graph: RouteGraph, value: object) -> str | None:
        if not isinstance(value, Instance) or not context.is_a(value, APPS | BLUEPRINTS):
            return None
        if value.key not in graph.nodes:
            lineage = context.evaluator.lineage(value.cls)
            is_app = not lineage.isdisjoint(APPS)
            framework = Framework.QUART if any(n.startswith("quart") for n in lineage) else Framework.FLASK
            context.frameworks.add(framework)
            scope = _scope(context, value.scope_key)
            prefix_expr = value.call.kwarg("url_prefix") or (
                value.call.positional[2] if len(value.call.positional) > 2 and not is_app else None
            )
            prefix = text_of(context.evaluator.eval(prefix_expr, scope))[0] if prefix_expr is not None and scope else ""
            module = value.key.partition(":")[0]
            graph.add_node(
                Node(value.key, framework, is_app, prefix, value.key, context.location(module, value.call.line))
            )
        return value.key

    def _decorator(self, context: LinkContext, graph: RouteGraph, scope: Scope, fn: FunctionDef, deco: Expr) -> None:
        if deco.op is not Op.CALL or deco.args[0].op is not Op.ATTR:
            return
        verb = str(deco.args[0].value)
        if verb != "route" and verb not in _VERBS:
            return
        owner = self._node(context, graph, context.evaluator.eval(deco.args[0].args[0], scope))
        if owner is None:
            return
        methods = (
            (HttpMethod(_VERBS[verb]),) if verb in _VERBS else self._methods(context, deco.kwarg("methods"), scope)
        )
        rule = _text(context, deco.positional[0] if deco.positional else deco.kwarg("rule"), scope)
        decorators = tuple(unparse(d.args[0] if d.op is Op.CALL else d) for d in fn.decorators)
        handler = handler_at(context, scope, fn)
        location = context.location(scope.module, fn.line, fn.end_line)
        graph.add_endpoint(Endpoint(owner, methods, rule, handler.dotted, location, _Rule(handler, scope, decorators)))

    def _methods(self, context: LinkContext, expr: Expr | None, scope: Scope) -> tuple[HttpMethod, ...]:
        if expr is None:
            return (HttpMethod.GET,)
        names = [m.upper() for m in strings(context.evaluator.eval(expr, scope))]
        return tuple(HttpMethod(m) for m in names if m in HttpMethod.__members__ and m not in ("HEAD", "OPTIONS")) or (
            HttpMethod.GET,
        )

    def _call(self, context: LinkContext, graph: RouteGraph, scope: Scope, call: Expr) -> None:
        method = str(call.args[0].value)
        if method not in ("register_blueprint", "add_url_rule"):
            return
        owner = self._node(context, graph, context.evaluator.eval(call.args[0].args[0], scope))
        if owner is None:
            return
        args = call.positional
        if method == "register_blueprint":
            child = self._node(context, graph, context.evaluator.eval(args[0], scope)) if args else None
            if child is not None:
                prefix_expr = call.kwarg("url_prefix")
                prefix = _text(context, prefix_expr, scope) if prefix_expr is not None else ""
                graph.add_edge(
                    Edge(owner, child, prefix, prefix_expr is not None, context.location(scope.module, call.line))
                )
            return
        rule = _text(context, args[0] if args else call.kwarg("rule"), scope)
        view = args[2] if len(args) > 2 else call.kwarg("view_func")
        if view is None:
            return
        explicit = call.kwarg("methods")
        if view.op is Op.CALL and view.args[0].op is Op.ATTR and view.args[0].value == "as_view":
            self._class_view(context, graph, scope, owner, rule, view, explicit)
            return
        handler = find_handler(context, context.evaluator.eval(view, scope))
        methods = self._methods(context, explicit, scope)
        line, end = (handler.definition.line, handler.definition.end_line) if handler else (call.line, call.line)
        location = context.location(handler.scope.module if handler else scope.module, line, end)
        decorators = (
            tuple(unparse(d.args[0] if d.op is Op.CALL else d) for d in handler.definition.decorators)
            if handler
            else ()
        )
        graph.add_endpoint(
            Endpoint(
                owner, methods, rule, handler.dotted if handler else None, location, _Rule(handler, scope, decorators)
            )
        )

    def _class_view(
        self,
        context: LinkContext,
        graph: RouteGraph,
        scope: Scope,
        owner: str,
        rule: str,
        view: Expr,
        explicit: Expr | None,
    ) -> None:
        cls = context.evaluator.eval(view.args[0].args[0], scope)
        if not isinstance(cls, DefRef) or not cls.is_class:
            return
        lineage = context.evaluator.lineage(cls)
        handlers: list[tuple[HttpMethod, Handler | None]] = []
        if not lineage.isdisjoint(_METHOD_VIEWS):
            for verb, upper in _VERBS.items():
                method = _method_of(context, cls, verb)
                if method is not None:
                    handlers.append((HttpMethod(upper), method))
        else:
            dispatch = _method_of(context, cls, "dispatch_request")
            declared = context.evaluator.class_attribute(cls, "methods")
            names = strings(declared) if declared is not None else ()
            for m in (
                self._methods(context, explicit, scope)
                if explicit is not None
                else tuple(HttpMethod(n.upper()) for n in names if n.upper() in HttpMethod.__members__)
                or (HttpMethod.GET,)
            ):
                handlers.append((m, dispatch))
        for method, handler in handlers:
            definition = class_def(context, cls)
            line = handler.definition.line if handler else definition.line if definition else 0
            end = handler.definition.end_line if handler else line
            module = handler.scope.module if handler else scope.module
            decorators = (
                tuple(unparse(d.args[0] if d.op is Op.CALL else d) for d in handler.definition.decorators)
                if handler
                else ()
            )
            graph.add_endpoint(
                Endpoint(
                    owner,
                    (method,),
                    rule,
                    handler.dotted if handler else cls.dotted,
                    context.location(module, line, end),
                    _Rule(handler, scope, decorators),
                )
            )

    def describe(self, *, context: LinkContext, endpoint: Endpoint, chain: Chain, path: str) -> list[Route]:  # noqa: D102
        rule = endpoint.payload
        if not isinstance(rule, _Rule):
            return []
        full_rule = path
        doc = parse_docstring(rule.handler.definition.docstring, context.docstring_style) if rule.handler else None
        docs = {p.name: p.description for p in doc.params} if doc else {}
        params = tuple(
            Param(
                m.group("name"),
                ParamLocation.PATH,
                _CONVERTER_TYPES.get(m.group("conv") or "string", m.group("conv") or "str"),
                True,
                None,
                docs.get(m.group("name"), ""),
            )
            for m in _RULE_VAR.finditer(full_rule)
        )
        auth = tuple(
            Auth("login_required", d, (), "route") for d in rule.decorators if _AUTH_DECORATOR.search(short_name(d))
        )
        framework = (
            Framework.QUART
            if Framework.QUART in context.frameworks and Framework.FLASK not in context.frameworks
            else Framework.FLASK
        )
        return [
            Route(
                id="",
                method=method,
                path=flask_path(full_rule),
                handler=endpoint.handler,
                app=chain.app,
                location=endpoint.location,
                framework=framework,
                params=params,
                auth=chain.auth + auth,
                tags=chain.tags,
                summary=doc.summary if doc else "",
                description=doc.description if doc else "",
                deprecated=bool(doc and doc.deprecated),
                name=rule.handler.definition.name if rule.handler else None,
                group=chain.group,
                raw_path=full_rule,
            )
            for method in endpoint.methods
        ]


def _method_of(context: LinkContext, cls: DefRef, name: str) -> Handler | None:
    for klass in context.evaluator.mro(cls):
        if isinstance(klass, DefRef):
            handler = find_handler(context, DefRef(f"{klass.dotted}.{name}", False))
            if handler is not None:
                return handler
    return None


def _scope(context: LinkContext, key: str) -> Scope | None:
    module, _, qualname = key.partition(":")
    if module not in context.program.modules:
        return None
    return context.program.module_scope(module) if not qualname else context.program.body_scope(f"{module}.{qualname}")


def _text(context: LinkContext, expr: Expr | None, scope: Scope) -> str:
    if expr is None:
        return ""
    value = context.evaluator.eval(expr, scope)
    return text_of(value)[0] if isinstance(value, Const | Unknown) else placeholder(value, expr)

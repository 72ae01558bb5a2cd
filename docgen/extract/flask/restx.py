"""flask-restx, flask-restplus and flask-restful routes: Api objects, namespaces and Resource classes.

``Api(app)`` / ``Api(blueprint)`` / ``api.init_app(app)`` attach an Api to a Flask app or blueprint
(its ``prefix=`` joins the path); ``api.namespace("x", path="/x")``, ``Namespace(...)`` plus
``api.add_namespace(ns, path=...)`` add namespaces (a path given at registration replaces the
namespace's own). Resources come from ``@ns.route("/a", "/b")`` / ``@api.route`` on ``Resource``
classes and from ``api.add_resource(Resource, "/a", "/b")``; a resource answers the HTTP verbs it
defines methods for (``module.Class.get``). ``doc``/``expect``/``marshal_with``/``response``
decorators give request and response model names; ``method_decorators`` and handler decorators
give auth.
"""

from __future__ import annotations

from dataclasses import replace

from docgen.diagnostics import Code
from docgen.extract._shared.common import const_str, kwarg_str, method_of
from docgen.extract.flask.calls import call_of, callee_name, walk
from docgen.extract.flask.routes import FlaskExtractor
from docgen.extract.flask.rules import FlaskView, describe_flask, handler_auth
from docgen.extract.flask.views import VERBS, class_binding
from docgen.link.contract import Extractor, LinkContext
from docgen.link.evaluate import Const, DefRef, External, Instance, Seq, Value, text_of
from docgen.link.program import Scope
from docgen.link.routegraph import Chain, Edge, Endpoint, Node, RouteGraph
from docgen.link.unparse import unparse
from docgen.model import Auth, Body, Framework, HttpMethod, Location, Response, Route
from docgen.model.facts import ClassDef, Expr, Op

_LIBRARIES = ("flask_restx", "flask_restplus", "flask_restful")
APIS = frozenset(f"{lib}.Api" for lib in _LIBRARIES)
NAMESPACES = frozenset(f"{lib}.Namespace" for lib in _LIBRARIES)
_DOCUMENTING = ("flask_restx", "flask_restplus")
"""Libraries whose Api serves its own Swagger specs and UI."""
_CALLS = frozenset({"add_resource", "add_namespace", "init_app", "namespace"})
_MODEL_CALLS = frozenset({"model", "inherit", "clone", "schema_model", "Model"})


class FlaskRestxExtractor(Extractor):
    """Routes of flask-restx / flask-restplus / flask-restful Api objects."""

    name = "flask_restx"
    packages = frozenset(_LIBRARIES)
    route_triggers = packages

    def __init__(self) -> None:
        self._flask = FlaskExtractor()

    def collect_routes(self, *, context: LinkContext, graph: RouteGraph) -> None:  # noqa: D102
        self._flask.prepare(context)
        for scope, stmt in walk(context, _CALLS, graph=graph):
            if isinstance(stmt, ClassDef):
                for decorator in stmt.decorators:
                    self._route_decorator(context, graph, scope, stmt, decorator)
            call = call_of(stmt)
            if call is not None and call.args[0].op is Op.ATTR and callee_name(call) in _CALLS:
                self._call(context, graph, scope, call)
            if call is not None and _is_api_call(context, call, scope):  # Api(app) attaches at construction
                self._node(context, graph, _created(context, stmt, call, scope))

    # --- Api and namespace nodes -------------------------------------------------------------

    def _node(self, context: LinkContext, graph: RouteGraph, value: Value | None) -> str | None:
        """The graph key of an Api or namespace (added, and attached, on first sight)."""
        if not isinstance(value, Instance):
            return None
        dotted = value.cls.dotted if isinstance(value.cls, External) else ""
        lineage = context.evaluator.lineage(value.cls)  # a project's subclass of Api is an Api
        is_api = not lineage.isdisjoint(APIS)
        is_namespace = not lineage.isdisjoint(NAMESPACES) or _namespace_method(dotted)
        if not (is_api or is_namespace):
            return None
        if value.key not in graph.nodes:
            context.frameworks.add(Framework.FLASK)
            scope = self._scope(context, value)
            location = context.location(value.key.partition(":")[0], value.call.line)
            prefix = ""
            tags: tuple[str, ...] = ()
            if is_api and scope is not None:
                prefix = self._text(context, value.call.kwarg("prefix"), scope)
                graph.add_node(Node(value.key, Framework.FLASK, False, prefix, value.key, location, tags))
                library = next((lib for lib in _DOCUMENTING if f"{lib}.Api" in lineage), None)
                if library is not None:  # flask-restful's Api serves no documentation of its own
                    self._own_routes(context, graph, value, scope, prefix, location, library)
                target = value.call.positional[0] if value.call.positional else value.call.kwarg("app")
                if target is not None:
                    self._attach(context, graph, target, scope, value.key, location)
            elif scope is not None:
                name = (
                    const_str(context.evaluator.eval(value.call.positional[0], scope))
                    if value.call.positional
                    else None
                )
                path = value.call.kwarg("path")
                prefix = self._text(context, path, scope) if path is not None else f"/{name or ''}"
                tags = (name,) if name else ()
            graph.add_node(Node(value.key, Framework.FLASK, False, prefix, value.key, location, tags))
            if _namespace_method(dotted) and scope is not None:  # api.namespace(...) belongs to api
                api = self._node(context, graph, context.evaluator.eval(value.call.args[0].args[0], scope))
                if api is not None:
                    graph.add_edge(Edge(api, value.key, "", False, location))
        return value.key

    def _own_routes(
        self,
        context: LinkContext,
        graph: RouteGraph,
        api: Instance,
        scope: Scope,
        prefix: str,
        where: Location,
        library: str,
    ) -> None:
        """The routes an Api registers itself: its specs (``/swagger.json``), its Swagger UI page and its root.

        The specs take the Api's prefix; the page (``doc=``, ``/`` by default, none with
        ``doc=False``) and the root (the prefix, or ``/``) are registered on the app or blueprint
        directly, so the page hangs from a node of its own without the prefix. (``add_specs=False``
        is read by ``init_app`` only, not by the constructor, and is not followed here.)
        """
        get = (HttpMethod.GET,)
        view = FlaskView(None, endpoint="specs")
        graph.add_endpoint(Endpoint(api.key, get, "/swagger.json", f"{library}.api.SwaggerView.get", where, view))
        doc = api.call.kwarg("doc")
        page = context.evaluator.eval(doc, scope) if doc is not None else Const("/")
        if not (isinstance(page, Const) and not page.value):
            key = f"{api.key}#doc"
            graph.add_node(Node(key, Framework.FLASK, False, "", api.key, where))
            view = FlaskView(None, endpoint="doc")
            path = self._text(context, doc, scope) if doc is not None else "/"
            graph.add_endpoint(Endpoint(key, get, path, f"{library}.api.Api.render_doc", where, view))
        view = FlaskView(None, endpoint="root")
        graph.add_endpoint(Endpoint(api.key, get, "" if prefix else "/", f"{library}.api.Api.render_root", where, view))

    def _attach(
        self, context: LinkContext, graph: RouteGraph, target: Expr, scope: Scope, key: str, where: Location
    ) -> None:
        for parent in self._flask.receivers(context, graph, target, scope):
            graph.add_edge(Edge(parent, key, "", False, where))
            if f"{key}#doc" in graph.nodes:  # the Api's Swagger UI page, registered beside it
                graph.add_edge(Edge(parent, f"{key}#doc", "", False, where))

    def _scope(self, context: LinkContext, value: Instance) -> Scope | None:
        return context.scope_at(value.scope_key)

    def _text(self, context: LinkContext, expr: Expr | None, scope: Scope) -> str:
        return self._flask.rule(context, expr, scope) if expr is not None else ""

    # --- registrations -----------------------------------------------------------------------

    def _call(self, context: LinkContext, graph: RouteGraph, scope: Scope, call: Expr) -> None:
        method = callee_name(call)
        owner = self._node(context, graph, context.evaluator.eval(call.args[0].args[0], scope))
        if owner is None:
            return
        location = context.location(scope.module, call.line)
        args = call.positional
        if method == "init_app" and args:
            self._attach(context, graph, args[0], scope, owner, location)
        elif method == "add_namespace" and args:
            child = self._node(context, graph, context.evaluator.eval(args[0], scope))
            path = call.kwarg("path") or (args[1] if len(args) > 1 else None)
            if child is not None:
                text = self._text(context, path, scope) if path is not None else ""
                graph.add_edge(Edge(owner, child, text, path is not None, location))
        elif method == "add_resource" and args:
            cls = context.evaluator.eval(args[0], scope)
            urls = self._positional_urls(context, args[1:], scope) + self._urls(context, call.kwarg("urls"), scope)
            endpoint = kwarg_str(context, call, "endpoint", scope)
            self._resource(context, graph, owner, cls, urls, endpoint, location)

    def _route_decorator(
        self, context: LinkContext, graph: RouteGraph, scope: Scope, cls: ClassDef, deco: Expr
    ) -> None:
        if deco.op is not Op.CALL or deco.args[0].op is not Op.ATTR or deco.args[0].value != "route":
            return
        owner = self._node(context, graph, context.evaluator.eval(deco.args[0].args[0], scope))
        if owner is None:
            return
        urls = [self._text(context, a, scope) for a in deco.positional]
        endpoint = kwarg_str(context, deco, "endpoint", scope)
        resource = DefRef(f"{scope.module}.{cls.qualname}", True)
        self._resource(context, graph, owner, resource, urls, endpoint, context.location(scope.module, cls.line))

    def _positional_urls(self, context: LinkContext, args: tuple[Expr, ...], scope: Scope) -> list[str]:
        """The URLs passed positionally, a starred known sequence (``*cls.endpoints``) spread out."""
        urls: list[str] = []
        for arg in args:
            value = context.evaluator.eval(arg.args[0], scope) if arg.op is Op.STARRED else None
            if isinstance(value, Seq) and all(isinstance(v, Const) for v in value.items):
                urls.extend(text_of(v)[0] for v in value.items)
            else:
                urls.append(self._text(context, arg, scope))
        return urls

    def _urls(self, context: LinkContext, expr: Expr | None, scope: Scope) -> list[str]:
        if expr is None:
            return []
        value = context.evaluator.eval(expr, scope)
        items = value.items if isinstance(value, Seq) else (value,)
        return [text_of(v)[0] for v in items if isinstance(v, Const)]

    def _resource(
        self,
        context: LinkContext,
        graph: RouteGraph,
        owner: str,
        cls: Value,
        urls: list[str],
        endpoint: str | None,
        location: Location,
    ) -> None:
        if not isinstance(cls, DefRef) or not cls.is_class:
            context.warn(Code.NOT_EVALUATED, f"resource {cls!r} is not an analysed class", location)
            return
        definition = context.program.definition(cls.dotted)
        scope = context.program.defining_scope(cls.dotted)
        class_docs = (
            _docs(context, definition.decorators, scope) if isinstance(definition, ClassDef) and scope else _Docs()
        )
        class_auth = _class_auth(context, cls)
        for verb, upper in VERBS.items():
            handler = method_of(context, cls, verb)
            if handler is None:
                continue
            docs = class_docs.merged(_docs(context, handler.definition.decorators, handler.scope))
            auth = class_auth + handler_auth(context, handler.definition.decorators, handler.scope)
            where = context.location(handler.scope.module, handler.definition.line, handler.definition.end_line)
            view = FlaskView(
                handler,
                auth,
                endpoint or cls.dotted.rpartition(".")[2].lower(),
                docs.summary,
                docs.body,
                docs.responses,
            )
            for url in urls or [""]:
                graph.add_endpoint(
                    Endpoint(owner, (HttpMethod(upper),), url, handler.name, where, view, handler.implementation)
                )

    def describe(self, *, context: LinkContext, endpoint: Endpoint, chain: Chain, path: str) -> list[Route]:  # noqa: D102
        return [replace(r, framework=Framework.FLASK) for r in describe_flask(context, endpoint, chain, path)]


class _Docs:
    """What ``doc``/``expect``/``marshal_with``/``response`` decorators say about an operation."""

    def __init__(self, summary: str = "", body: Body | None = None, responses: tuple[Response, ...] = ()) -> None:
        self.summary, self.body, self.responses = summary, body, responses

    def merged(self, inner: _Docs) -> _Docs:
        """Method-level documentation over class-level documentation."""
        statuses = {r.status for r in inner.responses}
        responses = inner.responses + tuple(r for r in self.responses if r.status not in statuses)
        return _Docs(inner.summary or self.summary, inner.body or self.body, responses)


def _docs(context: LinkContext, decorators: tuple[Expr, ...], scope: Scope) -> _Docs:
    summary, body, responses = "", None, []
    for deco in decorators:
        if deco.op is not Op.CALL or deco.args[0].op is not Op.ATTR:
            continue
        kind = str(deco.args[0].value)
        first = deco.positional[0] if deco.positional else None
        if kind == "doc":
            summary = kwarg_str(context, deco, "description", scope) or summary
        elif kind == "expect" and first is not None:
            body = Body(type=_model_name(context, first, scope))
        elif kind in ("marshal_with", "marshal_list_with") and first is not None:
            name = _model_name(context, first, scope)
            code = deco.kwarg("code") or (deco.positional[1] if len(deco.positional) > 1 else None)
            status = text_of(context.evaluator.eval(code, scope))[0] if code is not None else "200"
            responses.append(Response(status=status, type=f"list[{name}]" if kind == "marshal_list_with" else name))
        elif kind == "response" and first is not None:
            status = text_of(context.evaluator.eval(first, scope))[0]
            description = (
                const_str(context.evaluator.eval(deco.positional[1], scope)) if len(deco.positional) > 1 else None
            )
            model = deco.positional[2] if len(deco.positional) > 2 else deco.kwarg("model")
            responses.append(
                Response(
                    status=status,
                    type=_model_name(context, model, scope) if model is not None else "",
                    model=None,
                    description=description or "",
                )
            )
    return _Docs(summary, body, tuple(responses))


def _model_name(context: LinkContext, expr: Expr, scope: Scope) -> str:
    """``api.model("Todo", {...})`` → ``Todo`` (also through the variable holding it; ``[m]`` → ``list[Todo]``)."""
    if expr.op is Op.LIST and expr.args:
        return f"list[{_model_name(context, expr.args[0], scope)}]"
    value = context.evaluator.eval(expr, scope)
    if isinstance(value, Instance) and value.call.positional and callee_name(value.call) in _MODEL_CALLS:
        name = value.call.positional[0]
        inner_scope = context.evaluator.scope(value.scope_key) or scope
        return const_str(context.evaluator.eval(name, inner_scope)) or unparse(name)
    if isinstance(value, DefRef):
        return value.dotted.rpartition(".")[2]
    return unparse(expr)


def _class_auth(context: LinkContext, cls: DefRef) -> tuple[Auth, ...]:
    """Auth from a resource's ``method_decorators`` / ``decorators`` lists."""
    found: tuple[Auth, ...] = ()
    for attribute in ("method_decorators", "decorators"):
        binding = class_binding(context, cls, attribute)
        if binding is not None and binding[0].op in (Op.LIST, Op.TUPLE):
            found += handler_auth(context, binding[0].args, binding[1])
    return found


def _created(context: LinkContext, stmt: object, call: Expr, scope: Scope) -> Value:
    """The object a constructor call makes, named after the variable it is assigned to."""
    targets: tuple[Expr, ...] = getattr(stmt, "targets", ())
    if getattr(stmt, "value", None) is call and len(targets) == 1 and targets[0].op is Op.NAME:
        return context.evaluator.lookup(scope, str(targets[0].value))
    return context.evaluator.eval(call, scope)


def _namespace_method(dotted: str) -> bool:
    """``api.namespace(...)`` creates a namespace: its class reads ``flask_restx.Api.namespace``."""
    owner, _, method = dotted.rpartition(".")
    return method == "namespace" and owner in APIS


def _is_api_call(context: LinkContext, call: Expr, scope: Scope) -> bool:
    """Whether ``call`` constructs an Api or a namespace (of the library's classes or a subclass)."""
    callee = context.evaluator.eval(call.args[0], scope)
    if isinstance(callee, External) and _namespace_method(callee.dotted):
        return True
    return isinstance(callee, External | DefRef) and not context.evaluator.lineage(callee).isdisjoint(APIS | NAMESPACES)

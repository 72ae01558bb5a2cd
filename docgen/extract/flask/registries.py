"""The extension point for route registries: classes whose routes come from their own class attributes.

Some apps build URL rules in a class method that reads class attributes, where no decorator or
``add_url_rule`` call names the URLs in the source (pgAdmin's ``NodeView.register_node_view(bp)``
builds them from ``parent_ids``, ``ids`` and an ``operations`` table). A plug-in describes such a
registry by subclassing :class:`ClassRegistryExtractor`: which base classes and registering
methods to look for, and a :meth:`~ClassRegistryExtractor.rules` hook that turns one registered
class, seen as plain data (:class:`RegisteredClass`), into URL rules. The base finds every
registration (``SomeView.register_node_view(blueprint)``, also in loops and helpers), attaches the
rules to the Flask app or blueprint the class is registered on (prefixes and nesting as for any
Flask route), resolves each rule's handler along the class's MRO and describes the routes.
Plug-ins register under the ``docgen.extractors`` entry-point group.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from docgen.diagnostics import Code
from docgen.extract._shared.common import method_of
from docgen.extract.flask.calls import call_of, callee_name, walk
from docgen.extract.flask.routes import FlaskExtractor
from docgen.extract.flask.rules import FlaskView, describe_flask, handler_auth
from docgen.extract.flask.views import assigned, class_binding
from docgen.link.contract import Extractor, LinkContext
from docgen.link.evaluate import Const, DefRef, Seq, Value
from docgen.link.program import Scope
from docgen.link.routegraph import Chain, Endpoint, RouteGraph
from docgen.link.unparse import unparse
from docgen.model import HttpMethod, Location, Route
from docgen.model.facts import Expr, ExprStmt, Op

UNKNOWN = type("Unknown", (), {"__repr__": lambda self: "UNKNOWN", "__bool__": lambda self: False})()
"""Stands for a piece of a class attribute docgen could not read (falsy, so ``or []`` defaults work)."""
_MAX_DEPTH = 20


@dataclass(frozen=True, slots=True)
class RegistryRule:
    """One URL rule a registry derives from a registered class.

    Attributes:
        path: The rule relative to the app or blueprint the class is registered on, in Flask
            syntax (``/obj/<int:gid>/<int:sid>``).
        methods: The HTTP methods it answers.
        handler: Name of the method the request is dispatched to; resolved along the class's MRO.
        endpoint: The endpoint name, if the registry gives one.
    """

    path: str
    methods: tuple[HttpMethod, ...]
    handler: str
    endpoint: str = ""


class RegisteredClass:
    """One class passed to a registering method, as the :meth:`ClassRegistryExtractor.rules` hook sees it.

    Attributes:
        dotted: ``module.qualname`` of the class.
        mro: Dotted names of the class and its bases in method resolution order.
    """

    def __init__(self, context: LinkContext, cls: DefRef) -> None:
        self._context = context
        self._cls = cls
        self.dotted = cls.dotted
        self.mro = tuple(k.dotted for k in context.evaluator.mro(cls))

    def attribute(self, name: str) -> object:
        """A class attribute (searched along the MRO) as plain Python data.

        Literals, lists, tuples, dicts (``{...}``, ``dict({...}, k=v)``, a module-level dict later
        ``.update()``-d), other classes' attributes and evaluable constants become ``str``, ``int``,
        ``list``, ``dict``...; anything else is :data:`UNKNOWN`; a missing attribute is None.
        """
        found = class_binding(self._context, self._cls, name)
        return _data(self._context, *found, 0) if found is not None else None

    def defines(self, method: str) -> bool:
        """Whether the class has the method ``method`` (inherited ones count)."""
        return method_of(self._context, self._cls, method) is not None


class ClassRegistryExtractor(Extractor):
    """Base of plug-ins for registries that derive routes from class attributes.

    Subclasses set ``name``, ``bases`` (dotted names of the registry's base classes: a class is
    taken when its lineage meets them) and ``register_methods`` (the class methods whose call
    registers a class on the app or blueprint given as ``blueprint_argument``), and implement
    :meth:`rules`.
    """

    bases: frozenset[str] = frozenset()
    register_methods: frozenset[str] = frozenset()
    blueprint_argument: int = 0

    @property
    def claims(self) -> frozenset[str]:  # type: ignore[override]  # read-only: the plug-in says it once
        """The registering methods: Flask's own walk leaves their calls to the plug-in's :meth:`rules`."""
        return self.register_methods

    def rules(self, *, view: RegisteredClass) -> Iterable[RegistryRule]:
        """The URL rules of one registered class. Override this."""
        del view
        return ()

    def collect_routes(self, *, context: LinkContext, graph: RouteGraph) -> None:  # noqa: D102
        flask = FlaskExtractor()
        flask.prepare(context)
        for scope, stmt in walk(context, self.register_methods, graph=graph):
            call = call_of(stmt)
            if call is not None and callee_name(call) in self.register_methods and call.args[0].op is Op.ATTR:
                self._registration(context, graph, flask, scope, call)

    def _registration(
        self, context: LinkContext, graph: RouteGraph, flask: FlaskExtractor, scope: Scope, call: Expr
    ) -> None:
        cls = context.evaluator.eval(call.args[0].args[0], scope)
        if not isinstance(cls, DefRef) or not cls.is_class or context.evaluator.lineage(cls).isdisjoint(self.bases):
            return
        location = context.location(scope.module, call.line)
        target = call.positional[self.blueprint_argument] if len(call.positional) > self.blueprint_argument else None
        owners = flask.receivers(context, graph, target, scope) if target is not None else []
        if not owners:
            message = f"{unparse(call)!r} registers on something that is not a known Flask app or blueprint"
            context.warn(Code.NOT_EVALUATED, message, location)
            return
        for rule in self.rules(view=RegisteredClass(context, cls)):
            self._endpoint(context, graph, owners, cls, rule, location)

    def _endpoint(
        self,
        context: LinkContext,
        graph: RouteGraph,
        owners: list[str],
        cls: DefRef,
        rule: RegistryRule,
        location: Location,
    ) -> None:
        handler = method_of(context, cls, rule.handler)
        where = (
            context.location(handler.scope.module, handler.definition.line, handler.definition.end_line)
            if handler
            else location
        )
        auth = handler_auth(context, handler.definition.decorators, handler.scope) if handler else ()
        summary = "" if handler else f"{cls.dotted.rpartition('.')[2]} has no method {rule.handler!r} for this route"
        view = FlaskView(handler, auth, rule.endpoint or rule.handler, summary)
        for owner in owners:
            graph.add_endpoint(
                Endpoint(
                    owner,
                    rule.methods,
                    rule.path,
                    handler.name if handler else None,
                    where,
                    view,
                    handler.implementation if handler else None,
                )
            )

    def describe(self, *, context: LinkContext, endpoint: Endpoint, chain: Chain, path: str) -> list[Route]:  # noqa: D102
        return describe_flask(context, endpoint, chain, path)


def _data(context: LinkContext, expr: Expr, scope: Scope, depth: int) -> object:
    """An expression as plain Python data, or :data:`UNKNOWN`."""
    if depth > _MAX_DEPTH:
        return UNKNOWN
    if expr.op in (Op.STR, Op.NUM, Op.CONST):
        return expr.value
    if expr.op in (Op.LIST, Op.TUPLE, Op.SET):
        return [_data(context, item, scope, depth + 1) for item in expr.args]
    if expr.op is Op.DICT:
        result: dict[object, object] = {}
        for key, value in zip(expr.args[::2], expr.args[1::2], strict=False):
            if key.op is Op.STARRED:  # {**other}
                merged = _data(context, key.args[0], scope, depth + 1)
                result.update(merged if isinstance(merged, dict) else {})
            else:
                result[_data(context, key, scope, depth + 1)] = _data(context, value, scope, depth + 1)
        return result
    if expr.op is Op.CALL and expr.args[0].op is Op.NAME and expr.args[0].value in ("dict", "list", "tuple"):
        base = _data(context, expr.positional[0], scope, depth + 1) if expr.positional else None
        if expr.args[0].value != "dict":
            return list(base) if isinstance(base, list | dict) else UNKNOWN
        merged_dict = dict(base) if isinstance(base, dict) else {}
        for keyword, value in expr.kwargs:
            data = _data(context, value, scope, depth + 1)
            if keyword != "**":
                merged_dict[keyword] = data
            elif isinstance(data, dict):
                merged_dict.update(data)
        return merged_dict
    if expr.op is Op.NAME:
        return _name_data(context, str(expr.value), scope, depth)
    if expr.op is Op.ATTR:
        owner = context.evaluator.eval(expr.args[0], scope)
        if isinstance(owner, DefRef) and owner.is_class:
            found = class_binding(context, owner, str(expr.value))
            if found is not None:
                return _data(context, *found, depth + 1)
    return _value_data(context.evaluator.eval(expr, scope))


def _name_data(context: LinkContext, name: str, scope: Scope, depth: int) -> object:
    """A name bound in an enclosing scope, with later ``name.update(...)`` calls applied to a dict."""
    current: Scope | None = scope
    while current is not None and name not in current.bindings:
        current = current.parent
    found = assigned(current, name) if current is not None else None
    if found is None or current is None:
        return _value_data(context.evaluator.lookup(scope, name))
    data = _data(context, *found, depth + 1)
    if isinstance(data, dict):
        for stmt in current.statements:
            value = stmt.value if isinstance(stmt, ExprStmt) else None
            if (
                value is not None
                and value.op is Op.CALL
                and value.args[0].op is Op.ATTR
                and value.args[0].value == "update"
                and value.args[0].args[0] == Expr(Op.NAME, name)
                and value.positional
            ):
                extra = _data(context, value.positional[0], current, depth + 1)
                data.update(extra if isinstance(extra, dict) else {})
    return data


def _value_data(value: Value) -> object:
    if isinstance(value, Const):
        return value.value
    if isinstance(value, Seq):
        return [_value_data(item) for item in value.items]
    return UNKNOWN

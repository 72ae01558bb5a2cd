"""Flask objects built from classes of the analysed code: class-based views and Blueprint subclasses.

Class-based views (``View``/``MethodView`` and their analysed subclasses) are turned into one
``(method, handler)`` pair per HTTP method, with the handler looked up along the class's C3 method
resolution order. Blueprint subclasses (pgAdmin's ``PgAdminModule``) often fill in ``url_prefix``
in their own ``__init__`` (``kwargs.setdefault("url_prefix", "/" + name)``) before calling the
base constructor: :func:`constructor_arguments` follows those ``__init__`` chains statically so the
prefix a blueprint really gets is known.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docgen.extract._shared.common import Handler, method_of, strings
from docgen.link.contract import LinkContext
from docgen.link.evaluate import DefRef, External, Instance, Seq, Unknown, Value
from docgen.link.program import Scope
from docgen.model import HttpMethod
from docgen.model.facts import Assign, Expr, ExprStmt, FunctionDef, Op, Stmt

VERBS = {"get": "GET", "post": "POST", "put": "PUT", "patch": "PATCH", "delete": "DELETE"}
"""Handler method names of ``MethodView`` (and flask-restx ``Resource``) → HTTP method."""
METHOD_VIEWS = frozenset({"flask.views.MethodView", "quart.views.MethodView"})
BLUEPRINT_PARAMS = (
    "name",
    "import_name",
    "static_folder",
    "static_url_path",
    "template_folder",
    "url_prefix",
    "subdomain",
    "url_defaults",
    "root_path",
    "cli_group",
)
"""``flask.Blueprint.__init__``'s parameters in order (positional arguments map onto them)."""
_MAX_INIT_DEPTH = 12


def view_methods(
    context: LinkContext, cls: DefRef, explicit: tuple[HttpMethod, ...] | None
) -> list[tuple[HttpMethod, Handler | None]]:
    """``(method, handler)`` pairs of a ``View``/``MethodView`` class registered with ``as_view``.

    A ``MethodView`` answers the verbs it defines a method for (inherited ones included); a plain
    ``View`` answers its ``methods`` attribute (or ``methods=`` of the registration, or GET) through
    ``dispatch_request``.
    """
    if not context.evaluator.lineage(cls).isdisjoint(METHOD_VIEWS):
        found = [(HttpMethod(upper), method_of(context, cls, verb)) for verb, upper in VERBS.items()]
        return [(m, h) for m, h in found if h is not None and (explicit is None or m in explicit)]
    dispatch = method_of(context, cls, "dispatch_request")
    declared = context.evaluator.class_attribute(cls, "methods")
    methods = explicit or (HttpMethod.listed(strings(declared)) if declared is not None else ()) or (HttpMethod.GET,)
    return [(m, dispatch) for m in methods if m not in (HttpMethod.HEAD, HttpMethod.OPTIONS)]


@dataclass(slots=True)
class _Call:
    """Arguments travelling down an ``__init__`` chain: positional values and keyword values."""

    positional: list[Value]
    keywords: dict[str, Value] = field(default_factory=dict)


def constructor_arguments(context: LinkContext, instance: Instance, params: tuple[str, ...]) -> dict[str, Value]:
    """The arguments the first external base class's constructor receives, by parameter name.

    Follows the analysed ``__init__`` methods of ``instance``'s class: their parameters are bound
    to the arguments, ``kwargs.setdefault(k, v)`` / ``kwargs[k] = v`` fill in keywords, and
    ``super().__init__(...)`` / ``Base.__init__(self, ...)`` pass them on. ``params`` names the
    external constructor's positional parameters. A chain that cannot be followed gives the
    arguments of the creating call itself.
    """
    scope = context.scope_at(instance.scope_key)
    if scope is None:
        return {}
    call = _evaluate_args(context, instance.call, scope, None)
    reached = _through_init(context, instance, context.evaluator.mro(instance.cls), call, 0) or call
    named = dict(zip(params, reached.positional, strict=False))
    named.update(reached.keywords)
    return named


def _through_init(
    context: LinkContext, instance: Instance, mro: tuple[DefRef | External, ...], call: _Call, depth: int
) -> _Call | None:
    owner = next(
        (k for k in mro if not isinstance(k, DefRef) or context.program.definition(f"{k.dotted}.__init__") is not None),
        None,
    )
    if not isinstance(owner, DefRef):
        return call
    if depth > _MAX_INIT_DEPTH:
        return None
    init = context.program.definition(f"{owner.dotted}.__init__")
    body = context.program.body_scope(f"{owner.dotted}.__init__")
    if not isinstance(init, FunctionDef) or body is None:
        return None
    bound, kwargs_name = _bind(init, instance, call)
    scope = body.child(bound, f"#init{instance.key}{depth}")
    keywords = {k: v for k, v in call.keywords.items() if k not in bound} if kwargs_name else {}
    for stmt in init.body:
        target = _super_call(context, stmt, scope, mro, owner)
        if target is not None:
            next_mro, expr = target
            passed = _evaluate_args(context, expr, scope, (kwargs_name, keywords))
            return _through_init(context, instance, next_mro, passed, depth + 1)
        _fill_keywords(context, stmt, scope, kwargs_name, keywords)
    return None


def _bind(init: FunctionDef, instance: Instance, call: _Call) -> tuple[dict[str, object], str | None]:
    """``__init__``'s parameters bound to a call's arguments; also the ``**kwargs`` name."""
    bound: dict[str, object] = {}
    kwargs_name = None
    positional = list(call.positional)
    for index, param in enumerate(init.params):
        if index == 0:
            bound[param.name] = instance
        elif param.kind in ("positional_only", "positional") and positional:
            bound[param.name] = positional.pop(0)
        elif param.kind == "var_positional":
            bound[param.name] = Seq(tuple(positional))
            positional = []
        elif param.kind == "var_keyword":
            kwargs_name = param.name
        elif param.name in call.keywords:
            bound[param.name] = call.keywords[param.name]
    return bound, kwargs_name


def _super_call(
    context: LinkContext, stmt: Stmt, scope: Scope, mro: tuple[DefRef | External, ...], owner: DefRef
) -> tuple[tuple[DefRef | External, ...], Expr] | None:
    """For ``super().__init__(...)`` or ``Base.__init__(self, ...)``: the MRO to continue with."""
    if not isinstance(stmt, ExprStmt) or stmt.value.op is not Op.CALL:
        return None
    callee = stmt.value.args[0]
    if callee.op is not Op.ATTR or callee.value != "__init__":
        return None
    target = callee.args[0]
    if target.op is Op.CALL and target.args[0].op is Op.NAME and target.args[0].value == "super":
        return mro[mro.index(owner) + 1 :], stmt.value
    base = context.evaluator.eval(target, scope)
    if isinstance(base, DefRef | External) and stmt.value.positional:
        without_self = Expr(Op.CALL, args=(callee, *stmt.value.positional[1:]), kwargs=stmt.value.kwargs)
        return context.evaluator.mro(base), without_self
    return None


def _fill_keywords(
    context: LinkContext, stmt: Stmt, scope: Scope, kwargs_name: str | None, keywords: dict[str, Value]
) -> None:
    """Apply ``kwargs.setdefault("k", v)`` and ``kwargs["k"] = v`` to the keywords passed on."""
    if kwargs_name is None:
        return
    value = getattr(stmt, "value", None)
    if isinstance(stmt, ExprStmt) and value is not None and value.op is Op.CALL:
        callee = value.args[0]
        if (
            callee.op is Op.ATTR
            and callee.value == "setdefault"
            and callee.args[0] == Expr(Op.NAME, kwargs_name)
            and len(value.positional) == 2
            and value.positional[0].op is Op.STR
        ):
            keywords.setdefault(str(value.positional[0].value), context.evaluator.eval(value.positional[1], scope))
        return
    targets: tuple[Expr, ...] = getattr(stmt, "targets", ())
    if value is not None and len(targets) == 1 and targets[0].op is Op.SUBSCRIPT:
        container, *index = targets[0].args
        if container == Expr(Op.NAME, kwargs_name) and len(index) == 1 and index[0].op is Op.STR:
            keywords[str(index[0].value)] = context.evaluator.eval(value, scope)


def _evaluate_args(
    context: LinkContext, call: Expr, scope: Scope, forwarded: tuple[str | None, dict[str, Value]] | None
) -> _Call:
    """A call's arguments as values; ``**name`` of the forwarded ``**kwargs`` passes those on."""
    result = _Call([])
    for arg in call.positional:
        if arg.op is Op.STARRED:
            items = context.evaluator.eval(arg.args[0], scope)
            result.positional.extend(items.items if isinstance(items, Seq) else [Unknown("*args")])
        else:
            result.positional.append(context.evaluator.eval(arg, scope))
    for key, arg in call.kwargs:
        if key == "**":
            if forwarded is not None and arg == Expr(Op.NAME, forwarded[0]):
                result.keywords.update(forwarded[1])
        else:
            result.keywords[key] = context.evaluator.eval(arg, scope)
    return result


def class_binding(context: LinkContext, cls: DefRef, name: str) -> tuple[Expr, Scope] | None:
    """The expression a class attribute is last assigned (searched along the MRO), with its class scope."""
    for klass in context.evaluator.mro(cls):
        if not isinstance(klass, DefRef):
            continue
        scope = context.program.body_scope(klass.dotted)
        if scope is not None and name in scope.bindings:
            return assigned(scope, name)
    return None


def assigned(scope: Scope, name: str) -> tuple[Expr, Scope] | None:
    """The expression ``name`` is last assigned (``=``) in ``scope``, with the scope."""
    stmts = [s for s in scope.bindings[name] if isinstance(s, Assign) and s.value is not None and s.op in ("=", ":")]
    value = stmts[-1].value if stmts else None
    return (value, scope) if value is not None else None

"""Cornice on Pyramid: ``Service(name, path)`` views and ``@resource`` classes, as routes.

A service is a Pyramid route named ``name`` with pattern ``path``; ``@service.get()`` (``post``,
``put``, ``delete``, ``patch``, ``options``) and ``service.add_view("GET", view)`` bind a view to
one method (a method's name with ``klass=`` its class: that class's method).
``@resource(collection_path=..., path=...)`` on a class makes two services (the collection's route
named ``collection_<name>``): its ``collection_<verb>`` methods serve ``collection_path``, its
``<verb>`` methods ``path``. Cornice registers them when the code scans, like ``@view_config``.
The HEAD view Cornice adds beside each GET, and its fallback view answering other methods with
405, are its own and not listed.
"""

from __future__ import annotations

from dataclasses import dataclass

from docgen.diagnostics import Code
from docgen.extract._shared.common import Handler, find_handler, method_of
from docgen.link.contract import LinkContext
from docgen.link.evaluate import Const, DefRef, External, Instance, Value, placeholder, text_of
from docgen.link.program import Scope
from docgen.model import HttpMethod, Location
from docgen.model.facts import ClassDef, Expr, FunctionDef, Op

SERVICES = frozenset({"cornice.Service", "cornice.service.Service"})
RESOURCES = frozenset({"cornice.resource", "cornice.resource.resource"})
VERBS = {verb.lower(): verb for verb in ("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS")}


@dataclass(frozen=True, slots=True)
class ServiceView:
    """A view Cornice binds to one method of a service's route."""

    route: str
    pattern: str
    method: HttpMethod
    handler: Handler | None
    location: Location


def decorated(context: LinkContext, scope: Scope, stmt: FunctionDef | ClassDef) -> list[ServiceView]:
    """The service views a function's ``@service.<verb>()`` decorators or a class's ``@resource`` make."""
    out = []
    for decorator in stmt.decorators:
        if decorator.op is not Op.CALL:
            continue
        where = context.location(scope.module, decorator.line or stmt.line)
        callee = decorator.args[0]
        if isinstance(stmt, FunctionDef) and callee.op is Op.ATTR and str(callee.value) in VERBS:
            service = _service(context, context.evaluator.eval(callee.args[0], scope))
            if service is not None:
                handler = find_handler(context, DefRef(f"{scope.module}.{scope.prefix()}{stmt.name}", False))
                out.append(ServiceView(*service, HttpMethod(VERBS[str(callee.value)]), handler, where))
        elif isinstance(stmt, ClassDef) and _is(context, callee, scope, RESOURCES):
            out.extend(_resource(context, scope, stmt, decorator, where))
    return out


def added(context: LinkContext, scope: Scope, call: Expr) -> ServiceView | None:
    """The view ``service.add_view(method, view)`` binds, if the receiver is a Cornice service."""
    service = _service(context, context.evaluator.eval(call.args[0].args[0], scope))
    method_expr = call.kwarg("method") or (call.positional[0] if call.positional else None)
    view_expr = call.kwarg("view") or (call.positional[1] if len(call.positional) > 1 else None)
    if service is None or method_expr is None or view_expr is None:
        return None
    method, known = text_of(context.evaluator.eval(method_expr, scope))
    http = HttpMethod.named(method) if known else None
    if http is None:
        return None
    view = context.evaluator.eval(view_expr, scope)
    klass_expr = call.kwarg("klass")
    klass = context.evaluator.eval(klass_expr, scope) if klass_expr is not None else None
    if isinstance(klass, DefRef) and klass.is_class and isinstance(view, Const) and isinstance(view.value, str):
        handler = method_of(context, klass, view.value)  # `add_view("GET", "collection_get", klass=Notes)`
    else:
        handler = find_handler(context, view)
    return ServiceView(*service, http, handler, context.location(scope.module, call.line))


def _service(context: LinkContext, value: Value) -> tuple[str, str] | None:
    """A Cornice service's route name and pattern, from the call that made it."""
    if not isinstance(value, Instance) or not context.is_a(value, SERVICES):
        return None
    scope = context.scope_at(value.scope_key)
    if scope is None:
        return None
    call, where = value.call, context.location(scope.module, value.call.line)
    name, path = (call.kwarg(key) or _positional(call, index) for index, key in enumerate(("name", "path")))
    missing = " and ".join(key for key, expr in (("name", name), ("path", path)) if expr is None)
    if missing:  # `Service(**options)`: what it is named or serves is not written where it is made
        message = f"Cornice service made without a {missing} docgen can read: its views are listed as {{?{missing}}}"
        context.warn_once(Code.NOT_EVALUATED, message, where)
    return (
        _text(context, name, scope, where) if name is not None else "{?name}",
        _text(context, path, scope, where) if path is not None else "{?path}",
    )


def _positional(call: Expr, index: int) -> Expr | None:
    """The ``index``-th positional argument (``Service(name, path=None, ...)``), unless a ``*args`` comes first."""
    before = call.positional[: index + 1]
    if len(before) <= index or any(a.op is Op.STARRED for a in before):
        return None
    return before[index]


def _resource(context: LinkContext, scope: Scope, cls: ClassDef, decorator: Expr, where: Location) -> list[ServiceView]:
    options = dict(decorator.kwargs)
    name = _text(context, options["name"], scope, where) if "name" in options else cls.name.lower()
    ref = DefRef(f"{scope.module}.{scope.prefix()}{cls.name}", True)
    methods = {s.name for s in cls.body if isinstance(s, FunctionDef)}
    out = []
    for prefix, key in (("collection_", "collection_path"), ("", "path")):
        if key not in options:
            continue
        pattern = _text(context, options[key], scope, where)
        for verb, method in VERBS.items():
            if prefix + verb in methods:
                handler = method_of(context, ref, prefix + verb)
                out.append(ServiceView(prefix + name, pattern, HttpMethod(method), handler, where))
    return out


def _is(context: LinkContext, expr: Expr, scope: Scope, names: frozenset[str]) -> bool:
    value = context.evaluator.eval(expr, scope)
    return isinstance(value, External) and value.dotted in names


def _text(context: LinkContext, expr: Expr | None, scope: Scope, where: Location) -> str:
    if expr is None:
        return ""
    value = context.evaluator.eval(expr, scope)
    text, known = text_of(value)
    if not known:
        context.warn_once(Code.NOT_EVALUATED, f"{placeholder(value, expr)!r} could not be evaluated statically", where)
    return text if known else placeholder(value, expr)

"""What a Litestar layer declares for every route below it: guards, dependencies, tags, schema visibility.

Litestar's options are layered: the application, each router, a controller and the handler
itself may give ``guards=``, ``dependencies={name: Provide(callable)}``, ``tags=`` and
``include_in_schema=``, and a route gets those of every layer it is reached through. A guard
is authorisation (its constant string arguments are the permissions it asks for); a dependency's
name is never a request parameter, while the parameters of the callable providing it are.
"""

from __future__ import annotations

from dataclasses import dataclass

from docgen.extract._shared.common import Handler, find_handler, method_of, short_name, strings
from docgen.link.contract import LinkContext
from docgen.link.evaluate import Const, DefRef, External, Instance, Seq, Value
from docgen.link.program import Scope
from docgen.link.unparse import unparse
from docgen.model import Auth
from docgen.model.facts import Assign, Expr, Import, Op

Dependencies = tuple[tuple[str, Handler | None], ...]
"""Dependency names with the analysed callable providing each (None when it is not analysed)."""


@dataclass(frozen=True, slots=True)
class Layer:
    """The options one application, router or controller gives the routes below it.

    Attributes:
        dependencies: Its ``dependencies=``.
        in_schema: Its ``include_in_schema=``, when it gives one (the closest layer's counts).
    """

    dependencies: Dependencies = ()
    in_schema: bool | None = None


def guards_auth(context: LinkContext, expr: Expr | None, scope: Scope, level: str) -> tuple[Auth, ...]:
    """One ``guard`` requirement per item of a ``guards=[...]`` list (``require("admin")`` asks for ``admin``)."""
    if expr is None:
        return ()
    items = expr.args if expr.op in (Op.LIST, Op.TUPLE) else None
    if items is None:
        value = context.evaluator.eval(expr, scope)
        return tuple(Auth(kind="guard", name=_value_name(v), level=level) for v in _items(value))
    found = []
    for item in items:
        target = item.args[0] if item.op is Op.CALL else item
        asked = tuple(str(a.value) for a in item.positional if a.op is Op.STR) if item.op is Op.CALL else ()
        found.append(Auth(kind="guard", name=unparse(target), scopes=asked, level=level))
    return tuple(found)


def _items(value: Value) -> tuple[Value, ...]:
    return value.items if isinstance(value, Seq) else (value,)


def _value_name(value: Value) -> str:
    if isinstance(value, DefRef | External):
        return short_name(value.dotted)
    if isinstance(value, Instance):
        return short_name(value.cls.dotted)
    return "guard"


def dependencies_of(context: LinkContext, expr: Expr | None, scope: Scope) -> Dependencies:
    """The ``{name: Provide(callable)}`` (or ``{name: callable}``) entries of a ``dependencies=`` mapping."""
    found = _dict_expr(context, expr, scope) if expr is not None else None
    if found is None:
        return ()
    mapping, where = found
    out: list[tuple[str, Handler | None]] = []
    for key, provider in zip(mapping.args[::2], mapping.args[1::2], strict=False):
        name = context.evaluator.eval(key, where) if key.op is not Op.STARRED else None
        if not isinstance(name, Const) or not isinstance(name.value, str):
            continue
        target: Expr | None = provider
        if provider.op is Op.CALL and _is_provide(context, provider, where):
            target = provider.positional[0] if provider.positional else provider.kwarg("dependency")
        handler = _callable(context, context.evaluator.eval(target, where)) if target is not None else None
        out.append((name.value, handler))
    return tuple(out)


def _is_provide(context: LinkContext, call: Expr, scope: Scope) -> bool:
    callee = context.evaluator.eval(call.args[0], scope)
    return isinstance(callee, External) and callee.dotted.startswith("litestar.") and callee.dotted.endswith("Provide")


def _callable(context: LinkContext, value: Value) -> Handler | None:
    """What Litestar calls for a dependency: a function, or a class (its ``__init__``)."""
    if isinstance(value, DefRef) and value.is_class:
        return method_of(context, value, "__init__")
    return find_handler(context, value)


def _dict_expr(context: LinkContext, expr: Expr, scope: Scope, depth: int = 0) -> tuple[Expr, Scope] | None:
    """The dict literal an expression is, or a name (imported or not) is bound to."""
    if expr.op is Op.DICT:
        return expr, scope
    if expr.op is not Op.NAME or depth > 8:
        return None
    current: Scope | None = scope
    while current is not None and str(expr.value) not in current.bindings:
        current = current.parent
    if current is None:
        return None
    stmt = current.bindings[str(expr.value)][-1]
    if isinstance(stmt, Assign) and stmt.value is not None:
        return _dict_expr(context, stmt.value, current, depth + 1)
    if isinstance(stmt, Import) and stmt.name not in (None, "*") and context.program.has_module(stmt.module):
        target = context.program.module_scope(context.program.canonical(stmt.module))
        return _dict_expr(context, Expr(Op.NAME, stmt.name), target, depth + 1)
    return None


def tags_of(context: LinkContext, expr: Expr | None, scope: Scope) -> tuple[str, ...]:
    """The strings of a ``tags=[...]`` argument, if given."""
    return strings(context.evaluator.eval(expr, scope)) if expr is not None else ()


def flag(context: LinkContext, expr: Expr | None, scope: Scope) -> bool | None:
    """A ``True``/``False`` argument (``include_in_schema=False``); None when not given or unknown."""
    if expr is None:
        return None
    value = context.evaluator.eval(expr, scope)
    return value.value if isinstance(value, Const) and isinstance(value.value, bool) else None

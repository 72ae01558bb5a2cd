"""Decorators written in the analysed code that wrap a view: ``@wraps(view) def wrapper(...)``.

``def management_access(view): @wraps(view) def wrapper(request, ...): ...; return wrapper``
returns a function that runs ``view`` after a check: what ``management_access(View.as_view())``
serves is that view (its methods, its handler), as ``functools.wraps`` tells the framework
through ``__wrapped__``. Readers unwrap such a call as they do a framework's own decorators.
"""

from __future__ import annotations

from typing import TypeGuard

from docgen.link.contract import LinkContext
from docgen.link.values import DefRef, External, Value
from docgen.model.facts import Expr, FunctionDef, Op

_WRAPS = frozenset({"functools.wraps", "functools.update_wrapper"})
VIEWISH = frozenset({Op.NAME, Op.ATTR, Op.CALL, Op.LAMBDA})
"""Argument shapes of a call that may wrap a view (``csrf_exempt(views.x)``, ``cache_page(60)(v)``)."""


def plain_function(value: Value, context: LinkContext, expr: Expr) -> TypeGuard[DefRef]:
    """Whether the view ``expr`` evaluates to is a function that is the view, not a wrapper of its argument."""
    if not isinstance(value, DefRef) or value.is_class:
        return False
    return not (expr.op is Op.CALL and wraps_argument(context, value))


def wraps_argument(context: LinkContext, value: Value) -> bool:
    """Whether ``value`` is a nested function decorated ``@wraps(p)``, ``p`` a parameter of the function around it."""
    if not isinstance(value, DefRef) or value.is_class or ".<locals>." not in value.dotted:
        return False
    definition = context.program.definition(value.dotted)
    outer = context.program.definition(value.dotted.rsplit(".<locals>.", 1)[0])
    if not isinstance(definition, FunctionDef) or not isinstance(outer, FunctionDef):
        return False
    params = {p.name for p in outer.params}
    scope = context.program.body_scope(value.dotted.rsplit(".<locals>.", 1)[0])
    for decorator in definition.decorators:
        if decorator.op is not Op.CALL or len(decorator.positional) != 1 or scope is None:
            continue
        called = context.evaluator.eval(decorator.args[0], scope)
        argument = decorator.positional[0]
        if isinstance(called, External) and called.dotted in _WRAPS and argument.op is Op.NAME:
            return argument.value in params
    return False

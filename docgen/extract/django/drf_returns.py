"""What a DRF view's method does in one operation: its ``if`` guards decided as drf-spectacular calls it.

drf-spectacular asks a view for its serializer once per operation, on a view whose ``action``
(a viewset's: ``list``, ``create``, an ``@action``'s name) and ``request.method`` are set. So
``get_serializer_class`` and ``get_serializer`` are read here the same way: the tests of their
``if`` branches are decided by :func:`docgen.link.conditions.truth` with ``self.action``,
``getattr(self, "action", ...)`` and ``self.request.method`` known (and DRF's ``SAFE_METHODS``),
everything else evaluated as usual. A test that still cannot be told leaves its branch possible.
"""

from __future__ import annotations

from dataclasses import dataclass

from docgen.extract._shared.common import Handler
from docgen.link.conditions import Evaluate, reads_locals, truth
from docgen.link.contract import LinkContext
from docgen.link.evaluate import Const, External, Seq, Value
from docgen.link.program import Scope
from docgen.model import HttpMethod
from docgen.model.facts import Expr, Op, Return, Stmt

_SAFE_METHODS = "rest_framework.permissions.SAFE_METHODS"
_SAFE = Seq((Const("GET"), Const("HEAD"), Const("OPTIONS")))


@dataclass(frozen=True, slots=True)
class SchemaCall:
    """How drf-spectacular calls a view's method while documenting one operation.

    Attributes:
        method: The operation's HTTP method (``self.request.method``).
        action: The viewset action (``self.action``); None for a view that is not a viewset,
            which has no ``action`` attribute.
    """

    method: HttpMethod
    action: str | None = None


def runs(context: LinkContext, handler: Handler, stmt: Stmt, call: SchemaCall) -> bool | None:
    """Whether ``stmt`` of ``handler``'s body runs in ``call``: its guard holds, fails, or None (cannot be told)."""
    facts = context.program.facts(handler.scope.module)
    table = facts.conditions if facts is not None else ()
    scope = context.program.body_scope(handler.dotted) or handler.scope
    evaluate = _knowing(context, _self_name(handler), call)
    outcome: bool | None = True
    for index in stmt.guard:
        condition = table[index] if index < len(table) else None
        if condition is None:
            outcome = None
            continue
        if condition.raised:  # an `except ImportError:` fallback: the code is read as installed
            return False
        undecidable = condition.attempted or reads_locals(condition.test, scope)
        tested = None if undecidable else truth(evaluate, condition.test, scope)
        if tested is None:
            outcome = None
        elif tested is not condition.holds:
            return False
    return outcome


def answering(context: LinkContext, handler: Handler, call: SchemaCall) -> tuple[Return, ...]:
    """The ``return <value>`` statements of ``handler``'s body that may answer ``call``, in source order.

    A return whose guard fails does not count; the first whose guard holds ends the list (what
    follows it never runs). When no test can be told, that is every return, as written.
    """
    found: list[Return] = []
    for stmt in handler.definition.body:
        if not isinstance(stmt, Return) or stmt.value is None:
            continue
        outcome = runs(context, handler, stmt, call)
        if outcome is False:
            continue
        found.append(stmt)
        if outcome:
            break
    return tuple(found)


def _self_name(handler: Handler) -> str:
    params = handler.definition.params
    return params[0].name if params else "self"


def _knowing(context: LinkContext, self_name: str, call: SchemaCall) -> Evaluate:
    """The evaluator's ``eval``, with what drf-spectacular sets on the view known."""

    def evaluate(expr: Expr, scope: Scope, depth: int) -> Value:
        known = _known(expr, self_name, call)
        if known is not None:
            return known
        value = context.evaluator.eval(expr, scope, depth)
        return _SAFE if isinstance(value, External) and value.dotted == _SAFE_METHODS else value

    return evaluate


def _known(expr: Expr, self_name: str, call: SchemaCall) -> Value | None:
    """``self.action``, ``getattr(self, "action", ...)`` (viewsets) and ``self.request.method``."""
    if expr.op is Op.ATTR and _is_name(expr.args[0], self_name):
        return Const(call.action) if expr.value == "action" and call.action is not None else None
    if expr.op is Op.ATTR and expr.value == "method":
        request = expr.args[0]
        if request.op is Op.ATTR and request.value == "request" and _is_name(request.args[0], self_name):
            return Const(str(call.method))
        return None
    if expr.op is Op.CALL and call.action is not None and _is_name(expr.args[0], "getattr"):
        arguments = expr.positional
        named = len(arguments) >= 2 and arguments[1].op is Op.STR and arguments[1].value == "action"
        return Const(call.action) if named and _is_name(arguments[0], self_name) else None
    return None


def _is_name(expr: Expr, name: str) -> bool:
    """Whether ``expr`` is the name ``name``."""
    return expr.op is Op.NAME and expr.value == name

"""Sequences built from other sequences: comprehensions, sets, indexing.

``[f"/{p}" for p in PREFIXES]`` is known when ``PREFIXES`` is: its element is evaluated once per
item, each ``for`` clause binding its target as a ``for`` loop binds it (nested clauses in
order). A comprehension with an ``if`` clause (or ``async for``) stays unknown: which items pass
depends on running it. A set is the sequence of its items in source order (routes and
registrations do not depend on a set's order), and so are ``set(x)`` and ``frozenset(x)`` of a
known sequence. ``list(x)`` and ``tuple(x)`` stay unknown: a function that returns ``list(arg)``
in one branch and something else in another would otherwise be read as that branch, since a
call's value is its function's first known return and the branch's condition is not known.
"""

from __future__ import annotations

from docgen.link.bindings import BindingEvaluator
from docgen.link.budget import MAX_ITEMS
from docgen.link.program import Scope
from docgen.link.unparse import unparse
from docgen.link.values import Const, Seq, Unknown, Value
from docgen.model.facts import Expr, Op

_COPIES = frozenset({"builtins.set", "builtins.frozenset"})


class SequenceEvaluator(BindingEvaluator):
    """Evaluates comprehensions and sets (the base of :class:`~docgen.link.evaluate.Evaluator`)."""

    def comprehension(self, expr: Expr, scope: Scope, depth: int) -> Value:
        """A list, set or generator comprehension over known sequences, else unknown."""
        if expr.kwargs or len(expr.args) < 3:  # an `if` clause, or no clauses
            return Unknown(unparse(expr))
        scopes = [scope]
        clauses = expr.args[1:]
        for index, (target, iterable) in enumerate(zip(clauses[::2], clauses[1::2], strict=False)):
            bound: list[Scope] = []
            for outer in scopes:
                items = self.eval(iterable, outer, depth + 1)
                if not isinstance(items, Seq):
                    return Unknown(unparse(expr))
                for item in items.items:
                    names = _targets(target, item)
                    if names is None or len(bound) >= MAX_ITEMS:
                        return Unknown(unparse(expr))
                    inner = outer.child(names, f"#comp{expr.line}.{index}.{len(bound)}")
                    self._scopes[inner.key] = inner
                    bound.append(inner)
            scopes = bound
        return Seq(tuple(self.eval(expr.args[0], inner, depth + 1) for inner in scopes))

    def item(self, base: Value, index: Value) -> Value | None:
        """``base[index]`` for a known sequence and an integer index inside it, else None."""
        if isinstance(base, Seq) and isinstance(index, Const) and isinstance(index.value, int):
            return base.items[index.value] if -len(base.items) <= index.value < len(base.items) else None
        return None

    def copied_sequence(self, builtin: str, call: Expr, scope: Scope, depth: int) -> Value:
        """``set(x)`` or ``frozenset(x)`` of a known sequence (its items), else unknown."""
        if builtin not in _COPIES or len(call.positional) > 1 or call.kwargs:
            return Unknown(unparse(call))
        if not call.positional:
            return Seq(())
        value = self.eval(call.positional[0], scope, depth + 1)
        return value if isinstance(value, Seq) else Unknown(unparse(call))


def _targets(target: Expr, item: Value) -> dict[str, object] | None:
    """The names a ``for`` target binds to ``item`` (``k, v`` unpacks a known pair), None if it cannot."""
    if target.op is Op.NAME:
        return {str(target.value): item}
    if target.op in (Op.TUPLE, Op.LIST) and isinstance(item, Seq) and len(item.items) == len(target.args):
        names: dict[str, object] = {}
        for part, value in zip(target.args, item.items, strict=True):
            inner = _targets(part, value)
            if inner is None:
                return None
            names.update(inner)
        return names
    return None

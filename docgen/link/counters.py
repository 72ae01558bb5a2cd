"""Counters kept by hand in a loop: ``idx = 0`` before it, ``idx += 1`` in its body.

A name's binding is otherwise read as its value once the body has run (every loop applied in
full), which is right after a loop and wrong inside it: in ``for ops in operations: cmds.append(
{"req": idx == 0}); idx += 1`` each item reads the count of the runs before it. Inside the
loop's ``k``-th run (its scope is the ``#for{line}.{k}`` child :meth:`iterations` made), such a
counter is its starting value plus ``k`` steps, one more when it is read after the increment.

Only the plain shape counts: the starting ``name = <int>`` and the loop in one statement list, the
starting value first, and in the loop body exactly one unconditional ``name += <int>`` and no other
binding of ``name``, nested loops included. Anything else is read as before.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from docgen.link.program import Scope, flat_statements
from docgen.link.values import Const, Value
from docgen.model.facts import Assign, Expr, For, Op, Stmt

_RUN = re.compile(r"#for(\d+)\.(\d+)")
"""A loop run's part of a scope key: the loop's line and the run's index."""


def counted(scope: Scope, name: str, start: Stmt, value: Value, line: int | None) -> Value | None:
    """``name``'s value in the loop run ``scope`` is, read at ``line``, when ``start`` begins a counter; else None."""
    if not (isinstance(start, Assign) and isinstance(value, Const) and type(value.value) is int):
        return None
    for loop_line, run in reversed([(int(a), int(b)) for a, b in _RUN.findall(scope.key)]):
        loop = _loop_after(scope.statements, start, loop_line)
        if loop is None:
            continue
        step = _step(loop, name)
        if step is None:
            return None
        increment, amount = step
        after = line is not None and line >= increment.line
        return Const(value.value + (run + after) * amount)
    return None


def _loop_after(statements: Sequence[Stmt], start: Stmt, loop_line: int) -> For | None:
    """The loop at ``loop_line`` in the statement list that holds ``start`` before it, searched through loop bodies."""
    if any(s is start for s in statements):
        index = next(i for i, s in enumerate(statements) if s is start)
        for stmt in statements[index + 1 :]:
            if isinstance(stmt, For) and stmt.line == loop_line:
                return stmt
        return None
    for stmt in statements:
        if isinstance(stmt, For):
            found = _loop_after(stmt.body, start, loop_line)
            if found is not None:
                return found
    return None


def _step(loop: For, name: str) -> tuple[Assign, int] | None:
    """The loop body's one unconditional ``name += <int>`` and its amount, when nothing else in it binds ``name``."""
    steps = [s for s in loop.body if isinstance(s, Assign) and _adds_to(s, name)]
    bindings = [s for s in flat_statements(loop.body) if isinstance(s, Assign) and _binds(s, name)]
    if len(steps) != 1 or len(bindings) != 1 or steps[0].guard or _binds_target(loop.target, name):
        return None
    increment = steps[0]
    amount = increment.value
    if amount is None or amount.op is not Op.NUM or type(amount.value) is not int:
        return None
    return increment, amount.value


def _adds_to(stmt: Assign, name: str) -> bool:
    return stmt.op == "+=" and len(stmt.targets) == 1 and _is(stmt.targets[0], name)


def _binds(stmt: Assign, name: str) -> bool:
    return any(_binds_target(t, name) for t in stmt.targets)


def _binds_target(target: Expr, name: str) -> bool:
    if target.op in (Op.TUPLE, Op.LIST):
        return any(_binds_target(t, name) for t in target.args)
    return _is(target, name)


def _is(expr: Expr, name: str) -> bool:
    return expr.op is Op.NAME and expr.value == name

"""Whether an expression is, or reads, a given name, and whether a loop rebinds a name from itself."""

from __future__ import annotations

from docgen.link.program import Scope, flat_statements
from docgen.model.facts import Assign, Expr, For, Op, Stmt


def is_name(expr: Expr, name: str) -> bool:
    """Whether ``expr`` is the name ``name`` (or, for a dotted ``self.urls``, that attribute of that name)."""
    if expr.op is Op.ATTR and "." in name:
        owner, _, attribute = name.rpartition(".")
        return expr.value == attribute and is_name(expr.args[0], owner)
    return expr.op is Op.NAME and expr.value == name


def mentions(expr: Expr, name: str) -> bool:
    """Whether ``expr`` reads the name ``name`` (outside lambdas and comprehensions, which are opaque)."""
    return (
        is_name(expr, name)
        or any(mentions(a, name) for a in expr.args)
        or any(mentions(v, name) for _, v in expr.kwargs)
    )


def loop_rebinding(scope: Scope, name: str, stmt: Stmt) -> For | None:
    """The loop of ``scope`` whose body binds ``name`` in ``stmt`` to a value read from ``name`` itself, if so."""
    if not (isinstance(stmt, Assign) and stmt.value is not None and mentions(stmt.value, name)):
        return None
    for loop in scope.statements:
        if isinstance(loop, For) and any(s is stmt for s in flat_statements(loop.body)):
            return loop
    return None

"""Whether an expression is, or reads, a given name: what bindings and list changes are matched by."""

from __future__ import annotations

from docgen.model.facts import Expr, Op


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

"""JSON values written in the source as Python literals: dicts, lists, strings, numbers, names bound to them.

A name (``SCHEMA``, ``schemas.TASK``) is followed to the literal it is bound to, across imports;
``{**other}`` and ``other["key"]`` of such literals are resolved. Anything else (a call, a
comprehension, a non-string key) makes the whole value unknown: None is returned, never a
partial value.
"""

from __future__ import annotations

import json
from typing import Any

from docgen.extract._shared.common import last_assignment
from docgen.link.contract import LinkContext
from docgen.link.program import Scope
from docgen.model.facts import Expr, Op

MAX_DEPTH = 40
_TRANSLATORS = frozenset({"_", "gettext", "gettext_lazy", "ugettext_lazy"})


class _NotLiteral(Exception):
    """Raised inside the walk when part of the value is not a literal."""


def json_literal(context: LinkContext, expr: Expr, scope: Scope) -> str | None:
    """The JSON text of the value ``expr`` writes out literally, or None when it is not all literal."""
    try:
        value = _value(context, expr, scope, 0)
    except _NotLiteral:
        return None
    return json.dumps(value, ensure_ascii=False)


def resolved(context: LinkContext, expr: Expr, scope: Scope) -> tuple[Expr, Scope]:
    """The expression a name stands for, names followed (``expr`` itself when it is not a bound name)."""
    for depth in range(MAX_DEPTH):
        bound = _bound(context, expr, scope, depth) if expr.op in (Op.NAME, Op.ATTR) else None
        if bound is None:
            break
        expr, scope = bound
    return expr, scope


def _value(context: LinkContext, expr: Expr, scope: Scope, depth: int) -> Any:
    if depth > MAX_DEPTH:
        raise _NotLiteral
    op = expr.op
    if op is Op.STR or (op in (Op.NUM, Op.CONST) and isinstance(expr.value, int | float | bool | None)):
        return expr.value
    if op is Op.DICT:
        found: dict[str, Any] = {}
        for key, item in zip(expr.args[::2], expr.args[1::2], strict=False):
            if key is not None and key.op is Op.STARRED:  # {**other}: the key holds it, the value is None
                spread = _value(context, key.args[0], scope, depth + 1)
                if not isinstance(spread, dict):
                    raise _NotLiteral
                found.update(spread)
            elif key is not None and key.op is Op.STR:
                found[str(key.value)] = _value(context, item, scope, depth + 1)
            else:
                raise _NotLiteral
        return found
    if op is Op.SUBSCRIPT and len(expr.args) == 2 and expr.args[1].op is Op.STR:  # other["properties"]
        container = _value(context, expr.args[0], scope, depth + 1)
        if isinstance(container, dict) and expr.args[1].value in container:
            return container[str(expr.args[1].value)]
        raise _NotLiteral
    if op in (Op.LIST, Op.TUPLE):
        return [_value(context, item, scope, depth + 1) for item in expr.args]
    if op is Op.CALL and expr.args[0].op is Op.NAME and expr.args[0].value in _TRANSLATORS and expr.positional:
        return _value(context, expr.positional[0], scope, depth + 1)
    if op in (Op.NAME, Op.ATTR):
        bound = _bound(context, expr, scope, depth)
        if bound is not None:
            return _value(context, bound[0], bound[1], depth + 1)
    raise _NotLiteral


def _bound(context: LinkContext, expr: Expr, scope: Scope, depth: int) -> tuple[Expr, Scope] | None:
    """The expression a name (``x``, ``module.x``) is last bound to by a plain ``=``, across imports."""
    found = last_assignment(context, expr, scope, depth)
    if found is None:
        return None
    stmt, where = found
    return (stmt.value, where) if stmt.value is not None and len(stmt.targets) == 1 and stmt.op == "=" else None

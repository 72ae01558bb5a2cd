"""Which statements change a binding: ``name += x``, list and dict methods on it, stores into it.

The pure half of :mod:`docgen.link.loops`: it finds the statements; the loop evaluator applies them.
"""

from __future__ import annotations

from docgen.link.names import is_name, mentions
from docgen.link.program import flat_statements
from docgen.link.values import Dict, DictKey, Value
from docgen.model.facts import Assign, Expr, ExprStmt, Op, Stmt

LIST_METHODS = frozenset({"append", "extend", "insert"})
"""List methods the loop evaluator applies."""
LIST_UNFOLLOWED = frozenset({"pop", "remove", "clear", "sort", "reverse"})
"""List methods changing a list that docgen does not apply: the list is unknown after them."""
DICT_METHODS = frozenset({"update", "setdefault", "pop", "popitem", "clear"})
"""Dict methods changing a dict (``update`` and ``setdefault`` applied, the others make it unknown)."""


def names_read(expr: Expr) -> set[str]:
    """The names an expression reads."""
    found: set[str] = set()
    todo = [expr]
    while todo:
        node = todo.pop()
        if node.op is Op.NAME:
            found.add(str(node.value))
        todo += node.args
        todo += [v for _, v in node.kwargs]
    return found


def calls_on(statements: tuple[Stmt, ...], name: str) -> list[ExprStmt]:
    """Statements (loops included) calling a method of ``name`` (``name.append(x)``)."""
    return [
        s
        for s in flat_statements(statements)
        if isinstance(s, ExprStmt)
        and s.value.op is Op.CALL
        and s.value.args[0].op is Op.ATTR
        and is_name(s.value.args[0].args[0], name)
    ]


def store_path(target: Expr, name: str) -> list[Expr] | None:
    """The keys of a store into ``name`` (``name[a][b]`` gives ``[a, b]``), None for another target."""
    keys: list[Expr] = []
    while target.op is Op.SUBSCRIPT and len(target.args) == 2:
        keys.insert(0, target.args[1])
        target = target.args[0]
    return keys if keys and is_name(target, name) else None


def stored_at(value: Value | None, keys: list[DictKey], stored: Value) -> Value | None:
    """``value`` with ``stored`` under the key path (``value[a][b] = stored``; no keys: ``stored``).

    None when a level on the way is not a known dict.
    """
    if not keys:
        return stored
    if not isinstance(value, Dict):
        return None
    inner = stored_at(value.get(keys[0]), keys[1:], stored)
    return value.with_entry(keys[0], inner) if inner is not None else None


def rebinds(stmt: Stmt, name: str) -> bool:
    """Whether ``stmt`` is ``name = <a value read from name>`` (``s = s + s``)."""
    return (
        isinstance(stmt, Assign)
        and stmt.op in ("=", ":")
        and stmt.value is not None
        and len(stmt.targets) == 1
        and is_name(stmt.targets[0], name)
        and mentions(stmt.value, name)
    )


def changes(statements: tuple[Stmt, ...], name: str, lists: bool, dicts: bool = False) -> bool:
    """Whether the statements (loops included) do ``name += ...``, or, with ``lists``, call a list method on it.

    With ``dicts``, also whether they store into it (``name[key] = value``) or call a dict method on it.
    """
    for stmt in flat_statements(statements):
        if (dicts or lists) and isinstance(stmt, Assign) and any(store_path(t, name) is not None for t in stmt.targets):
            return True
        if dicts and isinstance(stmt, ExprStmt) and stmt.value.op is Op.CALL:
            callee = stmt.value.args[0]
            if callee.op is Op.ATTR and callee.value in DICT_METHODS and is_name(callee.args[0], name):
                return True
        if isinstance(stmt, Assign) and stmt.op == "+=" and any(is_name(t, name) for t in stmt.targets):
            return True
        if rebinds(stmt, name):
            return True
        if lists and isinstance(stmt, ExprStmt) and stmt.value.op is Op.CALL:
            callee = stmt.value.args[0]
            listed = callee.value in LIST_METHODS or callee.value in LIST_UNFOLLOWED
            if callee.op is Op.ATTR and listed and is_name(callee.args[0], name):
                return True
    return False

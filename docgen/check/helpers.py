"""Which calls of the module's own functions return safe markup (a widget's ``render``, a ``format_output``).

A call of a function defined at the module's top level (``helper(...)``), or of a method of the
class the caller is defined in (``self.helper(...)``), is safe markup when every ``return`` of that
function is safe markup (:func:`docgen.check.strings.is_safe_markup`), judging each parameter safe
when the call passes it safe text (or omits it and its default is safe). Helpers are followed
:data:`DEPTH` calls deep, and a helper already being judged counts as unsafe, so recursion ends.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from docgen.check.strings import Scope, is_safe_markup
from docgen.model.facts import Assign, Expr, ExprStmt, For, FunctionDef, Op, Return, Stmt

DEPTH = 4
"""How many helper calls deep a call's safety is followed."""


def definitions(body: Iterable[Stmt]) -> dict[str, FunctionDef]:
    """The functions a body defines exactly once, by name (a name defined twice is left out)."""
    found: dict[str, FunctionDef] = {}
    twice: set[str] = set()
    for stmt in body:
        if isinstance(stmt, FunctionDef):
            if stmt.name in found:
                twice.add(stmt.name)
            found[stmt.name] = stmt
    return {name: node for name, node in found.items() if name not in twice}


@dataclass(frozen=True, slots=True)
class Helpers:
    """The helpers a caller can reach: its module's functions and its class's methods.

    Attributes:
        constants: The module's constants.
        functions: The module's top-level functions (:func:`definitions`).
        methods: The methods of the class the caller is defined in; empty outside a class.
        active: The helpers being judged, outermost first.
    """

    constants: dict[str, Expr]
    functions: dict[str, FunctionDef]
    methods: dict[str, FunctionDef]
    active: tuple[int, ...] = ()

    def __call__(self, call: Expr, constants: dict[str, Expr], safe: frozenset[str]) -> bool:
        """Whether ``call`` is of a helper whose every return is safe markup, given the caller's safe names."""
        found = self._target(call)
        if found is None:
            return False
        node, bound = found
        if id(node) in self.active or len(self.active) >= DEPTH:
            return False
        params = _safe_params(node, bound, call, lambda e: is_safe_markup(e, constants, safe, self))
        if params is None:
            return False
        inner = Helpers(self.constants, self.functions, self.methods, (*self.active, id(node)))
        scope = Scope(self.constants, safe=set(params), assigned=set(params), helpers=inner)
        returns = list(_returns(node.body, scope))
        return bool(returns) and all(returns)

    def _target(self, call: Expr) -> tuple[FunctionDef, bool] | None:
        """The helper ``call`` calls, and whether its first parameter is bound to ``self``."""
        callee = call.callee
        if callee is None:
            return None
        if callee.op is Op.NAME:
            node = self.functions.get(str(callee.value))
            return (node, False) if node is not None else None
        receiver = callee.args[0] if callee.op is Op.ATTR and callee.args else None
        if receiver is not None and receiver.op is Op.NAME and receiver.value == "self":
            node = self.methods.get(str(callee.value))
            if node is not None and not _is_static(node):
                return node, True
        return None


def _is_static(node: FunctionDef) -> bool:
    return any(d.op in {Op.NAME, Op.ATTR} and d.value in {"staticmethod", "classmethod"} for d in node.decorators)


def _safe_params(node: FunctionDef, bound: bool, call: Expr, judge: Callable[[Expr], bool]) -> set[str] | None:
    """The parameters the call passes safe text to; None when the call cannot be matched to them."""
    if any(arg.op is Op.STARRED for arg in call.positional) or any(k == "**" for k, _ in call.kwargs):
        return None
    params = [p for p in node.params if p.kind in {"positional_only", "positional"}]
    if bound:
        params = params[1:]
    if len(call.positional) > len(params):
        return None
    given: dict[str, Expr] = {p.name: arg for p, arg in zip(params, call.positional, strict=False)}
    given.update((str(k), v) for k, v in call.kwargs)
    result: set[str] = set()
    for param in node.params:
        value = given.get(param.name, param.default)
        if value is not None and param.kind not in {"var_positional", "var_keyword"} and judge(value):
            result.add(param.name)
    return result


def _returns(body: tuple[Stmt, ...], scope: Scope) -> Iterator[bool]:
    """Whether each ``return`` of a body (not of nested definitions) is safe markup, walking it in order."""
    for stmt in body:
        if isinstance(stmt, Return):
            value = stmt.value
            yield value is not None and is_safe_markup(value, scope.fixed(), frozenset(scope.safe), scope.helpers)
        elif isinstance(stmt, Assign):
            scope.assign(stmt)
        elif isinstance(stmt, ExprStmt) and stmt.value.op is Op.CALL:
            scope.mutate(stmt.value)
        elif isinstance(stmt, ExprStmt) and stmt.value.op is Op.YIELD:
            yield False  # a generator returns no markup
        elif isinstance(stmt, For):
            yield from _returns(stmt.body, scope)

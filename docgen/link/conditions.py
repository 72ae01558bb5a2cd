"""Whether a statement under ``if`` runs: its branch conditions, decided where their values are known.

The facts keep both branches of every ``if`` and give each statement its :data:`Guard`. A test
is decided with the evaluator's values: a literal or a known constant (a settings default,
``os.getenv(name, default)``; without a default, the ``None`` of a variable not set, tested
directly or through a name bound once to it), ``not``,
``and``/``or`` (three-valued: unknown unless the known operands decide it), comparisons of
constants, ``in`` a known sequence, ``__name__`` (the module's own name, so
``if __name__ == "__main__":`` never runs on import) and ``typing.TYPE_CHECKING`` (false). An
analysed class, function or module is true; a non-empty literal sequence is true. Anything
else — an object, an unknown, an empty list that code may fill later — leaves the test
undecided, and the statement counts as it always did (both branches).
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

from docgen.link.program import Scope
from docgen.link.unparse import comparison_operators, unparse
from docgen.link.values import ENV_GETTERS, Const, DefRef, Dict, External, Instance, ModuleRef, Seq, Unknown, Value
from docgen.model.facts import (
    Assign,
    ClassDef,
    Condition,
    Expr,
    ExprStmt,
    For,
    FunctionDef,
    ModuleFacts,
    Op,
    Return,
    Stmt,
)

Evaluate = Callable[[Expr, Scope, int], Value]
"""``eval(expr, scope, depth)`` of the evaluator."""

_FALSE_EXTERNALS = frozenset({"typing.TYPE_CHECKING", "typing_extensions.TYPE_CHECKING"})

_ORDER: dict[str, Callable[[Any, Any], Any]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def may_register(stmt: Stmt) -> bool:
    """Whether a walk decides ``stmt``'s guard: a call, a decorated definition, a class or a loop.

    Assignments, imports and returns are walked whatever their guard says: what they bind is the
    binding evaluator's to decide, and deciding every test of every function body would cost
    more than the walk itself.
    """
    if isinstance(stmt, FunctionDef):
        return bool(stmt.decorators)
    return isinstance(stmt, ExprStmt | ClassDef | For)


def reads_locals(test: Expr, scope: Scope) -> bool:
    """Whether ``test`` tests a variable a function body assigns itself (``if user is None:``): left undecided.

    Such tests are about the data a function handles, not about how the program is configured,
    and evaluating them would follow every call the function makes, for nothing. Only the
    variable itself counts (an operand of ``not``, ``and``/``or`` or a comparison): what is read
    *from* a local object (``app.config["ADMIN"]``) and names a call binds (a bound walk's
    arguments) are decided as usual, and so is, in a body run with its arguments bound, a
    variable assigned once (``final = pieces[-1].endswith("/")``): its value follows from them.
    """
    if not scope.qualname or scope.is_class:
        return False
    given = bool(scope.overrides)  # a body run with its arguments: a variable assigned once is known
    stack = [test]
    while stack:
        expr = stack.pop()
        if expr.op is Op.NAME:
            name = str(expr.value)
            once = given and len(scope.bindings.get(name, ())) == 1
            if name in scope.bindings and name not in scope.overrides and not once:
                return True
        elif expr.op in (Op.UNARY, Op.BOOLOP, Op.COMPARE):
            stack.extend(expr.args)
    return False


def fixes_up(stmt: Stmt, earlier: Stmt, name: str, table: tuple[Condition, ...]) -> tuple[Condition, ...]:
    """The tests of ``name`` itself that ``stmt`` rebinds ``name`` under and ``earlier`` is not under.

    ``x = config["X"]`` then ``if x == "/": x = ""``: the later binding adjusts the earlier value
    in some runs only (see :func:`keeps_earlier`).
    """
    if not stmt.guard or stmt.guard == earlier.guard:
        return ()
    extra = [i for i in stmt.guard if i not in earlier.guard and i < len(table)]
    return tuple(table[i] for i in extra if _reads(table[i].test, name))


def keeps_earlier(evaluate: Evaluate, tests: tuple[Condition, ...], before: Value, scope: Scope, depth: int) -> bool:
    """Whether an adjusting binding (:func:`fixes_up`) leaves the value ``before`` it (``scope`` binds the name to it).

    It does when that value is unknown (a value adjusted in some runs only is not known; its
    tests are not evaluated: they read the unknown value) and when one of its tests is known to
    fail of a known value. A test that cannot be told of a known value leaves the adjusted one,
    as any later binding in a function body.
    """
    if isinstance(before, Unknown):
        return True
    outcomes = [None if c.attempted else truth(evaluate, c.test, scope, depth + 1) for c in tests]
    return any(o is not None and o is not c.holds for o, c in zip(outcomes, tests, strict=True))


def _reads(expr: Expr, name: str) -> bool:
    return (expr.op is Op.NAME and expr.value == name) or any(_reads(a, name) for a in expr.args)


def returned_before(stmt: Return, facts: ModuleFacts | None) -> str:
    """Why what follows a ``return`` under conditions known to hold never runs."""
    conditions = facts.conditions if facts is not None else ()
    inner = conditions[stmt.guard[-1]] if stmt.guard and stmt.guard[-1] < len(conditions) else None
    inner = None if inner is not None and inner.attempted else inner
    state = "" if inner is None else f" (`{unparse(inner.test)}` is {'true' if inner.holds else 'false'})"
    return f"after the `return` of line {stmt.line}, which runs{state}"


def as_written(condition: Condition) -> str:
    """A condition as Python would write it: ``settings.X``, ``not settings.X``, ``not (a or b)``."""
    if condition.attempted:
        return f"the try block of line {condition.line} raises nothing before it"
    text = unparse(condition.test)
    if condition.holds:
        return text
    return f"not ({text})" if " " in text else f"not {text}"


def sides(test: Expr) -> tuple[str, str]:
    """``test`` as written for each side of a branch: ``(x, not x)``, ``(a or b, not (a or b))``."""
    return as_written(Condition(test, True, 0)), as_written(Condition(test, False, 0))


def why_not(condition: Condition) -> str:
    """Why a failing condition fails: ``only if `settings.SCOPES` is true, and it is false``."""
    if condition.raised:
        return f"only if an import fails (`except {unparse(condition.test)}`), and docgen reads the code as installed"
    needed, found = ("true", "false") if condition.holds else ("false", "true")
    return f"only if `{unparse(condition.test)}` is {needed}, and it is {found}"


def absorbed(evaluate: Evaluate, test: Expr, scope: Scope, depth: int = 0) -> bool | None:
    """The truth of an ``and``/``or`` test that reads locals (:func:`reads_locals`), where its other operands decide it.

    ``language == device and not self.flag`` is false when ``self.flag`` is known true, whatever
    the local variables hold; otherwise it stays undecided.
    """
    if test.op is not Op.BOOLOP:
        return None
    absorbing = test.value == "or"
    for part in test.args:
        if not reads_locals(part, scope) and truth(evaluate, part, scope, depth + 1) is absorbing:
            return absorbing
    return None


def truth(evaluate: Evaluate, test: Expr, scope: Scope, depth: int = 0) -> bool | None:
    """The truth of ``test`` in ``scope``, or None when it cannot be told."""
    if test.op is Op.UNARY and str(test.value).strip() == "not":
        inner = truth(evaluate, test.args[0], scope, depth + 1)
        return None if inner is None else not inner
    if test.op is Op.BOOLOP:
        outcomes = [truth(evaluate, part, scope, depth + 1) for part in test.args]
        absorbing = test.value == "or"  # True decides an `or`, False an `and`
        if absorbing in outcomes:
            return absorbing
        return None if None in outcomes else not absorbing
    if test.op is Op.COMPARE:
        return _compare(evaluate, test, scope, depth)
    return _truthiness(_operand(evaluate, test, scope, depth))


def boolean_value(evaluate: Evaluate, expr: Expr, scope: Scope, depth: int = 0) -> Value:
    """The value of ``a or b`` / ``a and b``: the first operand that decides it, when the truths before it are known.

    ``prefix or ""`` is ``prefix`` when it is known true, ``""`` when it is known false (the last
    operand is the value whatever its truth); an operand before it whose truth cannot be told leaves
    the whole expression unknown. An unset ``os.getenv("X")`` is None, as :func:`truth` reads it.
    A comparison (``idx == 0``) is True or False when its operands tell (:func:`truth`), else unknown.
    """
    if expr.op is Op.COMPARE:
        told = _compare(evaluate, expr, scope, depth)
        return Unknown(unparse(expr)) if told is None else Const(told)
    absorbing = expr.value == "or"  # a true operand ends an `or`, a false one an `and`
    for part in expr.args[:-1]:
        value = _operand(evaluate, part, scope, depth)
        outcome = _truthiness(value)
        if outcome is None:
            return Unknown(unparse(expr))
        if outcome is absorbing:
            return value
    return evaluate(expr.args[-1], scope, depth + 1)


def _truthiness(value: Value) -> bool | None:
    if isinstance(value, Const):
        return bool(value.value) if value.value != "..." else True
    if isinstance(value, DefRef | ModuleRef):
        return True
    if isinstance(value, External) and value.dotted in _FALSE_EXTERNALS:
        return False
    if isinstance(value, Seq) and value.items:
        return True
    return None


def _operand(evaluate: Evaluate, expr: Expr, scope: Scope, depth: int) -> Value:
    if expr.op is Op.NAME and expr.value == "__name__" and not _binds(scope, "__name__"):
        return Const(scope.module)
    if _unset_variable(evaluate, _env_read(expr, scope), scope, depth):  # os.getenv("X"): None when unset
        return Const(None)
    return evaluate(expr, scope, depth + 1)


def _env_read(expr: Expr, scope: Scope) -> Expr:
    """The expression a name tested stands for when its scope binds it once to an environment read.

    ``prefix = os.environ.get("PREFIX")`` (or ``if prefix := ...``) then ``if prefix:``: the test is
    the read's, which a variable not set makes None.
    """
    name = str(expr.value)
    owner: Scope | None = scope
    while owner is not None and expr.op is Op.NAME and not _binds(owner, name, parents=False):
        owner = owner.parent
    if owner is None or expr.op is not Op.NAME or name in owner.params or name in owner.overrides:
        return expr
    bound = owner.bindings.get(name, [])
    if len(bound) == 1 and isinstance(bound[0], Assign) and bound[0].op == "=" and bound[0].value is not None:
        value = bound[0].value
        return value if value.op is Op.CALL else expr
    return expr


def _unset_variable(evaluate: Evaluate, expr: Expr, scope: Scope, depth: int) -> bool:
    if expr.op is not Op.CALL or len(expr.positional) != 1 or expr.kwargs:
        return False
    callee = evaluate(expr.args[0], scope, depth + 1)
    return isinstance(callee, External) and callee.dotted in ENV_GETTERS


def _binds(scope: Scope | None, name: str, *, parents: bool = True) -> bool:
    while scope is not None:
        if name in scope.bindings or name in scope.params or name in scope.overrides:
            return True
        scope = scope.parent if parents else None
    return False


def _compare(evaluate: Evaluate, test: Expr, scope: Scope, depth: int) -> bool | None:
    """A comparison chain (``a == b``, ``0 < x <= 9``, ``x not in (...)``) of known constants."""
    operators = comparison_operators(str(test.value))
    if len(operators) != len(test.args) - 1:
        return None
    values = [_operand(evaluate, part, scope, depth) for part in test.args]
    for op, left, right in zip(operators, values, values[1:], strict=False):
        outcome = _compare_pair(op, left, right)
        if outcome is not True:
            return outcome
    return True


def _compare_pair(op: str, left: Value, right: Value) -> bool | None:
    if op in ("in", "not in"):
        found = _contains(right, left)
        return None if found is None else found is (op == "in")
    if op in ("is", "is not") and _none_against_object(left, right):  # `lookup_fields is None` of a tuple
        return op == "is not"
    if not (isinstance(left, Const) and isinstance(right, Const)):
        return None
    a, b = left.value, right.value
    if op in ("==", "is"):
        return a == b if op == "==" or a is None or b is None or isinstance(a, bool) else None
    if op in ("!=", "is not"):
        return a != b if op == "!=" or a is None or b is None or isinstance(a, bool) else None
    compare = _ORDER.get(op)
    if compare is None:
        return None
    try:
        return bool(compare(a, b))
    except TypeError:
        return None


def _none_against_object(left: Value, right: Value) -> bool:
    """Whether one side is ``None`` and the other a known object, never None.

    A sequence, a dict, an analysed definition or module, an instance of an analysed class (a call
    of an external callable may return None: it is not known).
    """
    for a, b in ((left, right), (right, left)):
        never_none = isinstance(b, Seq | Dict | DefRef | ModuleRef)
        never_none = never_none or (isinstance(b, Instance) and isinstance(b.cls, DefRef))
        if never_none and isinstance(a, Const) and a.value is None:
            return True
    return False


def _contains(container: Value, item: Value) -> bool | None:
    """``item in container`` for a known constant in a known sequence or string."""
    if not isinstance(item, Const):
        return None
    if isinstance(container, Const) and isinstance(container.value, str) and isinstance(item.value, str):
        return item.value in container.value
    if isinstance(container, Seq) and all(isinstance(v, Const) for v in container.items):
        return any(isinstance(v, Const) and v.value == item.value for v in container.items)
    return None

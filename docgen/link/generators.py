"""What a call of a generator function is worth: the sequence of the values it yields, bounded.

A function whose body yields (``yield x``, ``yield from xs``) returns, when called, the values
its body yields in order. :class:`GeneratorEvaluator` runs the body as far as it can be told:
``for`` loops over known sequences once per item (their variable bound, ``break`` and
``continue`` followed), statements of an ``if`` branch known not to run skipped, a ``return``
ending it. A value yielded under a condition docgen cannot decide is an unknown item (it may
be there or not; nothing is invented in its place). What cannot be followed makes the whole
sequence unknown, with a DG904 saying why: a loop over a sequence docgen does not know (how
often it yields is not known), a ``yield`` in a ``while`` loop, a ``break``, ``continue`` or
``return`` under an undecided condition, ``yield from`` an unknown sequence, a ``yield`` inside
an expression. A decorated generator (``@contextmanager``) or an ``async`` one is not a
sequence when called: its call stays unknown.
"""

from __future__ import annotations

from docgen.diagnostics import Code, Reporter
from docgen.link.budget import MAX_ITEMS
from docgen.link.loops import LoopEvaluator
from docgen.link.program import Program, Scope, flat_statements
from docgen.link.sequences import iterated
from docgen.link.unparse import unparse
from docgen.link.values import Seq, Unknown, Value
from docgen.model.facts import Assign, Expr, ExprStmt, For, FunctionDef, Op, Return, Stmt


class _CannotTell(Exception):
    """The body cannot be followed here: ``why``, at ``line``."""

    def __init__(self, why: str, line: int) -> None:
        super().__init__(why)
        self.why = why
        self.line = line


class GeneratorEvaluator(LoopEvaluator):
    """Evaluates calls of generator functions as the sequences they yield (a base of the call evaluator)."""

    _generators: dict[str, FunctionDef | None] | None = None
    _deferred: dict[tuple[str, int], str]

    def __init__(self, program: Program, reporter: Reporter | None = None) -> None:
        super().__init__(program, reporter)
        self._deferred = {}  # (module, line) → why a generator's values are unknown, until reported

    def report_deferred(self) -> None:
        """Give the DG904s of the generators whose values stayed unknown, once every hook that may decide them is in."""
        for (module, line), message in sorted(self._deferred.items()):
            self.warn_once(Code.NOT_EVALUATED, message, module, line)
        self._deferred.clear()

    def generator(self, dotted: str) -> FunctionDef | None:
        """The definition of ``dotted`` when it is a generator function (its body yields)."""
        if self._generators is None:
            self._generators = {}
        if dotted not in self._generators:
            definition = self.program.definition(dotted)
            yields = isinstance(definition, FunctionDef) and any(_yields(s) for s in flat_statements(definition.body))
            self._generators[dotted] = definition if yields and isinstance(definition, FunctionDef) else None
        return self._generators[dotted]

    def generated(self, dotted: str, definition: FunctionDef, scope: Scope, depth: int) -> Value:
        """The values the generator's body yields in ``scope`` (its arguments bound), or unknown (see the module)."""
        unknown = Unknown(dotted + "()")
        if definition.is_async or definition.decorators:
            return unknown
        items: list[Value] = []
        try:
            self._run(scope.statements, scope, depth, items)
        except _CannotTell as cut:
            self._deferred[(scope.module, cut.line)] = f"what the generator {dotted!r} yields is unknown: {cut.why}"
            return unknown
        return Seq(tuple(items))

    def _run(self, statements: tuple[Stmt, ...], scope: Scope, depth: int, items: list[Value]) -> str:
        """Run ``statements``, adding what they yield to ``items``; how they end (``""``: by running out)."""
        for stmt in statements:
            if stmt.guard and self.skips(stmt, scope, depth):
                continue
            undecided = bool(stmt.guard) and bool(self.undecided(stmt, scope, depth))
            if isinstance(stmt, For):
                if _yields(stmt) or any(isinstance(s, Return) for s in flat_statements(stmt.body)):
                    ended = self._loop(stmt, scope, depth, items, undecided)
                    if ended == "return":
                        return ended
                continue
            end = _ends(stmt)
            if end:
                if undecided:
                    raise _CannotTell(f"whether the {end} of line {stmt.line} runs cannot be told", stmt.line)
                return end
            if isinstance(stmt, ExprStmt) and stmt.value.op is Op.YIELD:
                self._yield(stmt, scope, depth, items, undecided)
            elif _yields(stmt):
                raise _CannotTell(f"line {stmt.line} yields inside an expression", stmt.line)
        return ""

    def _loop(self, loop: For, scope: Scope, depth: int, items: list[Value], undecided: bool) -> str:
        """Run a loop's body once per item of its known sequence; ``return`` when a ``return`` ended it."""
        if undecided:
            raise _CannotTell(f"whether the loop of line {loop.line} runs cannot be told", loop.line)
        sequence = self.loop_sequence(loop, scope, depth)
        scopes = self.iterations(loop, scope, depth, sequence) if sequence is not None else None
        if scopes is None:
            raise _CannotTell(f"the loop over {unparse(loop.iter)!r} cannot be counted", loop.line)
        for each in scopes:
            ended = self._run(loop.body, each, depth, items)
            if ended in ("break", "return"):
                return ended
        return ""

    def _yield(self, stmt: ExprStmt, scope: Scope, depth: int, items: list[Value], undecided: bool) -> None:
        """Add what one ``yield`` statement yields (an unknown item when it may not run)."""
        value = stmt.value
        operand = value.args[0]
        if value.value == "repeated":
            raise _CannotTell(f"the yield of line {stmt.line} is in a while loop", stmt.line)
        if value.value == "from":
            inner = iterated(self.eval_at(stmt.line, operand, scope, depth + 1))
            if undecided or not isinstance(inner, Seq):
                raise _CannotTell(f"what {unparse(operand)!r} yields cannot be told", stmt.line)
            items.extend(inner.items)
        else:
            found = self.eval_at(stmt.line, operand, scope, depth + 1)
            items.append(Unknown(unparse(operand)) if undecided and not isinstance(found, Unknown) else found)
        if len(items) > MAX_ITEMS:
            raise _CannotTell(f"it yields more than {MAX_ITEMS} values", stmt.line)


def _yields(stmt: Stmt) -> bool:
    """Whether ``stmt`` (a loop: its body) yields."""
    if isinstance(stmt, For):
        return any(_yields(s) for s in flat_statements(stmt.body))
    value = stmt.value if isinstance(stmt, ExprStmt | Assign | Return) else None
    return value is not None and _has_yield(value)


def _has_yield(expr: Expr) -> bool:
    return expr.op is Op.YIELD or any(_has_yield(a) for a in expr.args) or any(_has_yield(v) for _, v in expr.kwargs)


def _ends(stmt: Stmt) -> str:
    """``break``, ``continue`` or ``return`` when ``stmt`` is one, else ``""``."""
    if isinstance(stmt, Return):
        return "return"
    if isinstance(stmt, ExprStmt) and stmt.value.op is Op.JUMP:
        return str(stmt.value.value)
    return ""

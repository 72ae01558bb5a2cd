"""What a name is worth: its binding in a scope, an import, a module member or a star import.

The half of static evaluation that follows names. :class:`BindingEvaluator` finds the statement
that binds a name (the last assignment, a ``def``/``class``, an import), evaluates it once and
memoises it, and applies what follows it to a list (``urlpatterns += [...]``). Evaluating the
expressions themselves is :class:`docgen.link.evaluate.Evaluator`'s, which extends it.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator

from docgen.diagnostics import Code, Reporter
from docgen.link.branches import branch_options
from docgen.link.conditions import (
    absorbed,
    as_written,
    fixes_up,
    keeps_earlier,
    may_register,
    reads_locals,
    truth,
    why_not,
)
from docgen.link.counters import counted
from docgen.link.flow import unpacked_target
from docgen.link.names import loop_rebinding, mentions
from docgen.link.program import Program, Scope
from docgen.link.values import VALUE_TYPES, DefRef, External, ModuleRef, Unknown, Value, alternatives
from docgen.model import Location, Stage
from docgen.model.facts import Assign, ClassDef, Condition, Expr, FunctionDef, Import, Op, Stmt

_BUILTINS = frozenset(
    {"str", "int", "float", "bool", "list", "dict", "set", "frozenset", "tuple", "bytes", "object", "type", "len"}
    | {"Exception", "super", "property", "staticmethod", "classmethod", "print", "getattr", "hasattr", "isinstance"}
    | {"enumerate", "zip", "issubclass", "dir"}
)
MAX_DEPTH = 60
"""How deep evaluation recurses before giving up with :class:`Unknown` (cycles, long chains)."""


class BindingEvaluator(ABC):
    """Evaluates the names bound in scopes of one :class:`Program`, memoising bindings.

    ``reporter`` receives the few diagnostics evaluation itself gives, each once per place.
    """

    def __init__(self, program: Program, reporter: Reporter | None = None) -> None:
        self.program = program
        self.reporter = reporter
        self._memo: dict[tuple[str, str], Value] = {}
        self._prefixes: dict[tuple[object, ...], Value] = {}  # _bind_value of a binding list: branches read each
        self._truths: dict[tuple[str, int], bool | None] = {}  # (scope key, condition index) → truth
        self._busy: set[tuple[str, str]] = set()
        self._scopes: dict[str, Scope] = {}
        self._aliases: dict[str, Value] = {}
        self._cuts = 0  # values a bound made unknown so far (recursion cut short, a value too big)
        self._cut_modules: set[tuple[str, str]] = set()  # (bound, module) with a DG915 given
        self.line = 0  # the statement whose value is being evaluated (a diagnostic's line for its parts)
        self._reported: set[tuple[str, str, int]] = set()

    def scope(self, key: str) -> Scope | None:
        """A scope with bound names (a call's arguments, a loop's variable) created here, by key."""
        return self._scopes.get(key)

    def _path_of(self, module: str) -> str:
        facts = self.program.facts(module)
        return facts.path if facts is not None else module.replace(".", "/") + ".py"

    def warn_once(self, code: str, message: str, module: str, line: int) -> None:
        """A link-stage warning at ``module``'s ``line``, unless one with that code was given there."""
        if self.reporter is not None and (code, module, line) not in self._reported:
            self._reported.add((code, module, line))
            self.reporter.warn(code, message, Stage.LINK, Location(self._path_of(module), line))

    def too_deep(self, what: str, module: str, line: int) -> None:
        """Count a value cut at :data:`MAX_DEPTH`; the first in each module gets a DG915 naming it."""
        message = f"evaluation nested more than {MAX_DEPTH} levels deep: {what} is unknown"
        self.cut_once("depth", message + ", as is what nests as deep elsewhere in this module", module, line)

    def cut_once(self, bound: str, message: str, module: str, line: int) -> None:
        """Count a value a bound made unknown; the first per bound and module gets a DG915 (``message``)."""
        self._cuts += 1
        if (bound, module) not in self._cut_modules:
            self._cut_modules.add((bound, module))
            self.warn_once(Code.BUDGET_EXCEEDED, message, module, line)

    def _external(self, dotted: str) -> Value:
        """``External(dotted)``, unless an alias says what the name stands for."""
        return self._aliases.get(dotted, External(dotted)) if self._aliases else External(dotted)

    # --- names -----------------------------------------------------------------------------

    def lookup(self, scope: Scope, name: str, depth: int = 0) -> Value:
        """The value ``name`` has in ``scope`` (searching enclosing scopes, then builtins)."""
        current: Scope | None = scope
        while current is not None:
            if name in current.overrides:
                value = current.overrides[name]
                if not isinstance(value, VALUE_TYPES):
                    return Unknown(name)
                if name in current.params and current.qualname and not current.is_class:
                    return self.changed_argument(current, name, value, depth)
                return value
            if name in current.bindings:
                return self._binding(current, name, depth)
            if name in current.params:
                default = current.params[name]
                if default is None or current.parent is None:
                    return Unknown(name)
                return self.eval(default, current.parent, depth + 1)
            if not current.qualname:
                star = self._star_import(current, name, depth)
                if star is not None:
                    return star
            current = current.parent
        if name in _BUILTINS:
            return External(f"builtins.{name}")
        return Unknown(name)

    def _binding(self, scope: Scope, name: str, depth: int) -> Value:
        memo_key = (scope.key, name)
        if memo_key in self._memo:
            return self._memo[memo_key]
        if depth > MAX_DEPTH:
            self.too_deep(f"the value of {name!r}", scope.module, self.line)
        if memo_key in self._busy or depth > MAX_DEPTH:
            return Unknown(name)
        self._busy.add(memo_key)
        try:
            value = self._bind_value(scope, name, scope.bindings[name], depth + 1)
        finally:
            self._busy.discard(memo_key)
        self._memo[memo_key] = value
        return value

    def skips(self, stmt: Stmt, scope: Scope, depth: int = 0) -> bool:
        """Whether ``stmt`` is known never to run in ``scope``: a condition of its ``if`` branch fails.

        Each test is decided once per scope (the statements of a branch share it).
        """
        return bool(stmt.guard) and self.failing(stmt, scope, depth) is not None

    def failing(self, stmt: Stmt, scope: Scope, depth: int = 0) -> Condition | None:
        """The condition of ``stmt``'s guard known to fail in ``scope``, if one is (:mod:`docgen.link.conditions`)."""
        for condition, outcome in self._outcomes(stmt, scope, depth):
            if outcome is not None and outcome is not condition.holds:
                return condition
        return None

    def undecided(self, stmt: Stmt, scope: Scope, depth: int = 0) -> tuple[Condition, ...]:
        """The conditions of ``stmt``'s guard whose truth in ``scope`` cannot be told."""
        return tuple(condition for condition, outcome in self._outcomes(stmt, scope, depth) if outcome is None)

    def registration_skipped(self, stmt: Stmt, scope: Scope) -> str | None:
        """Why a statement a walk decides (:func:`may_register`) never runs in ``scope``; None when it may run."""
        failed = self.failing(stmt, scope) if stmt.guard and may_register(stmt) else None
        return why_not(failed) if failed is not None else None

    def registration_conditions(self, stmt: Stmt, scope: Scope) -> tuple[str, ...]:
        """The conditions of such a statement's guard that cannot be told in ``scope``, as written."""
        return self.written_conditions(stmt, scope) if stmt.guard and may_register(stmt) else ()

    def written_conditions(self, stmt: Stmt, scope: Scope, depth: int = 0) -> tuple[str, ...]:
        """The conditions of any statement's guard that cannot be told in ``scope``, as written (:func:`as_written`)."""
        return tuple(as_written(c) for c in self.undecided(stmt, scope, depth))

    def runs_surely(self, stmt: Stmt, scope: Scope, depth: int = 0) -> bool:
        """Whether every condition of ``stmt``'s guard is known to hold in ``scope`` (true when it has none)."""
        return all(outcome is condition.holds for condition, outcome in self._outcomes(stmt, scope, depth))

    def _outcomes(self, stmt: Stmt, scope: Scope, depth: int) -> Iterator[tuple[Condition, bool | None]]:
        """Each condition of ``stmt``'s guard with its test's truth in ``scope`` (None: undecided), memoised."""
        facts = self.program.facts(scope.module)
        table = facts.conditions if facts is not None else ()
        for index in stmt.guard:
            if index >= len(table):
                continue
            condition = table[index]
            key = (scope.key, index)
            if key not in self._truths:
                self._truths[key] = None  # a test reading what it guards: undecided
                if condition.raised:  # the code is read with its dependencies installed: imports succeed
                    self._truths[key] = False
                elif condition.attempted:  # whether what the try ran before it raised is not known
                    self._truths[key] = None
                elif not reads_locals(condition.test, scope):
                    self._truths[key] = truth(self.eval, condition.test, scope, depth)
                else:  # `local == x and not settings.X`: decided by the operands that read no locals, if one can
                    self._truths[key] = absorbed(self.eval, condition.test, scope, depth)
            yield condition, self._truths[key]

    def _bind_value(
        self, scope: Scope, name: str, stmts: list[Stmt], depth: int, until: int | None = None, choose: bool = True
    ) -> Value:
        """The value of the binding that counts (the last assignment that runs), with what follows it applied.

        In a module or class body, an assignment known never to run does not count (``if DEBUG:
        PREFIX = "/dev"``); in function bodies, where tests mostly read parameters, all count,
        unless the body runs with its arguments bound (a call docgen follows), where they are known.
        A binding under a test of the name itself (``if PREFIX: PREFIX = PREFIX.strip("/") + "/"``)
        counts unless the test fails of the value before it. Where tests are decided (module and
        class bodies, calls followed), a last binding under undecided ones leaves either value
        (:func:`branch_options`).
        """
        key = (scope.key, name, tuple(s.line for s in stmts), until, choose)
        if key not in self._prefixes:
            self._prefixes[key] = self._bind_uncached(scope, name, stmts, depth, until, choose)
        return self._prefixes[key]

    def _bind_uncached(
        self, scope: Scope, name: str, stmts: list[Stmt], depth: int, until: int | None, choose: bool
    ) -> Value:
        if len(stmts) > 1 and (scope.is_class or not scope.qualname or scope.overrides):
            stmts = [s for s in stmts if not self.skips(s, scope, depth)]
        plain = [s for s in stmts if not (isinstance(s, Assign) and s.op not in ("=", ":"))]
        if not plain:  # only `name += [...]`: at module level, what a star import brings is changed
            provider = self._star_provider(scope, name, depth) if not scope.qualname else None
            if provider is None or depth >= MAX_DEPTH:
                return Unknown(name)
            star = self.member(provider.module, name, depth + 1)
            return self._augment(star, scope, name, provider, until, depth)
        stmt = plain[-1] if all(isinstance(s, Assign) for s in plain) else plain[0]
        shadowing = [s for s in plain[1:] if isinstance(s, ClassDef) and any(mentions(b, name) for b in s.bases)]
        if shadowing:  # `class DeleteView(Mixin, DeleteView)` rebinds the name it imported: it is the value
            stmt = shadowing[-1]
        facts = self.program.facts(scope.module) if len(plain) > 1 and not scope.is_class else None
        tests = fixes_up(stmt, plain[-2], name, facts.conditions) if facts is not None else ()
        if tests:  # `x = config["X"]` then `if x == "/": x = ""`: the value before, unless the test is known to pass
            before = self._bind_value(scope, name, [s for s in stmts if s.line < stmt.line], depth + 1, stmt.line)
            # A module's test of its own name reads the value before (skips() cannot: it is being bound)
            known = bool(scope.qualname) or not isinstance(before, Unknown)
            fixup = scope.child({name: before}, f"#fixup{stmt.line}")
            if known and keeps_earlier(self.eval, tests, before, fixup, depth):
                return before
        decides = choose and not tests and (scope.is_class or not scope.qualname or bool(scope.overrides))
        bound = self._bound(scope, name, depth, until)
        options = branch_options(stmts, lambda s: self.undecided(s, scope, depth), bound) if decides else None
        chosen = alternatives(options) if options else None  # type: ignore[arg-type]
        if chosen is not None:
            return chosen
        loop = loop_rebinding(scope, name, stmt)
        if loop is not None:  # `s = s + s` in a loop: the value before the loop, the loop applied (_augment)
            return self._bind_value(scope, name, [s for s in stmts if s.line < loop.line], depth + 1, until)
        if isinstance(stmt, Import):
            return self.import_value(stmt, depth)
        if isinstance(stmt, FunctionDef | ClassDef):
            return DefRef(f"{scope.module}.{scope.prefix()}{stmt.name}", isinstance(stmt, ClassDef))
        if (
            isinstance(stmt, Assign)
            and stmt.value is not None
            and stmt.targets
            and all(t.op is Op.NAME for t in stmt.targets)  # `a = value`, and chained `a = b = value`
        ):
            evaluated_in = scope
            if stmt is not plain[0] and mentions(stmt.value, name):  # `urlpatterns = [...] + urlpatterns`
                before = self._bind_value(scope, name, stmts[: stmts.index(stmt)], depth + 1, stmt.line)
                evaluated_in = scope.child({name: before}, f"#rebind{stmt.line}")
                self._scopes[evaluated_in.key] = evaluated_in
            value = self.eval_at(stmt.line, stmt.value, evaluated_in, depth, f"{scope.module}:{scope.prefix()}{name}")
            counter = counted(scope, name, stmt, value, self.line) if scope.overrides else None
            return counter if counter is not None else self._augment(value, scope, name, stmt, until, depth)
        if isinstance(stmt, Assign) and stmt.value is not None and stmt.op == "=":  # `_, path = split(url)`
            unpacked = unpacked_target(stmt.targets, name, self.eval_at(stmt.line, stmt.value, scope, depth))
            return self._augment(unpacked, scope, name, stmt, until, depth)
        return Unknown(name)

    def _bound(self, scope: Scope, name: str, depth: int, until: int | None) -> Callable[[list[Stmt]], Value]:
        return lambda stmts: self._bind_value(scope, name, stmts, depth + 1, until, choose=False)

    def value_before(self, scope: Scope, name: str, line: int) -> Value:
        """The value ``name`` has in ``scope`` just before ``line`` (what a class shadowing its base inherits)."""
        earlier = [s for s in scope.bindings.get(name, []) if s.line < line]
        if earlier:
            return self._bind_value(scope, name, earlier, 1, line)
        return self.lookup(scope.parent, name) if scope.parent is not None else Unknown(name)

    def import_value(self, stmt: Import, depth: int = 0) -> Value:
        """What an import binds."""
        module = self.program.canonical(stmt.module)
        if stmt.name is None:
            return ModuleRef(module) if self.program.has_module(module) else self._external(module)
        return self.member(module, stmt.name, depth)

    def member(self, module: str, name: str, depth: int = 0) -> Value:
        """``module.name``: a submodule, a module-level binding, or an external name."""
        module = self.program.canonical(module)
        sub = self.program.canonical(f"{module}.{name}" if module else name)
        if self.program.has_module(module):
            scope = self.program.module_scope(module)
            if name in scope.bindings:
                first = scope.bindings[name][0]
                if (
                    self.program.has_module(sub)
                    and isinstance(first, Import)
                    and (first.module, first.name) == (module, name)
                ):
                    return ModuleRef(sub)  # `from . import sub` inside the package itself
                return self._binding(scope, name, depth + 1)
            star = self._star_import(scope, name, depth + 1)
            if star is not None:
                return star
            if self.program.has_module(sub):
                return ModuleRef(sub)
            return self._external(sub) if self.program.is_library(module) else Unknown(sub)
        if self.program.has_module(sub):
            return ModuleRef(sub)
        return self._external(sub)

    def _star_import(self, scope: Scope, name: str, depth: int) -> Value | None:
        """What a star import of ``scope``'s module binds ``name`` to, changed by what follows it there.

        ``from .base import *`` then ``INSTALLED_APPS.append("debug_toolbar")`` in a settings
        module: the imported list with the item appended (memoised, as bindings are).
        """
        memo_key = (scope.key, name)
        if memo_key in self._memo:
            return self._memo[memo_key]
        provider = self._star_provider(scope, name, depth)
        if provider is None or depth >= MAX_DEPTH:
            return None
        imported = self.member(provider.module, name, depth + 1)
        if memo_key in self._busy:  # a change that reads the name itself: the value before it
            return imported
        self._busy.add(memo_key)
        try:
            value = self._augment(imported, scope, name, provider, None, depth + 1)
        finally:
            self._busy.discard(memo_key)
        self._memo[memo_key] = value
        return value

    def _star_provider(self, scope: Scope, name: str, depth: int) -> Import | None:
        """The star import of ``scope``'s module that brings ``name`` (directly or through its own), if any."""
        facts = self.program.facts(scope.module)
        for stmt in facts.body if facts else ():
            if isinstance(stmt, Import) and stmt.name == "*" and self.program.has_module(stmt.module):
                target = self.program.module_scope(stmt.module)
                if name in target.bindings or (depth < 8 and self._star_provider(target, name, depth + 1) is not None):
                    return stmt
        return None

    def alias_expr(
        self, expr: Expr, scope: Scope, depth: int = 0, ops: frozenset[Op] = frozenset({Op.SUBSCRIPT})
    ) -> tuple[Expr, Scope]:
        """Follow a name bound to a type alias (``SessionDep = Annotated[...]``) to its expression.

        ``ops`` are the kinds of expression followed to (``{Op.DICT}``: a name bound to a dict
        literal, ``responses = {404: ...}``); anything else is left as it is.
        """
        if depth > 10:
            return expr, scope
        if expr.op is Op.ATTR:  # module.Alias
            base = self.eval(expr.args[0], scope)
            if isinstance(base, ModuleRef) and self.program.has_module(base.name):
                target = self.program.module_scope(base.name)
                found = self.alias_expr(Expr(Op.NAME, expr.value), target, depth + 1, ops)
                return found if found[0].op in ops else (expr, scope)
            return expr, scope
        if expr.op is not Op.NAME:
            return expr, scope
        name = str(expr.value)
        current: Scope | None = scope
        while current is not None and name not in current.bindings:
            current = current.parent
        if current is None:
            return expr, scope
        stmt = current.bindings[name][-1]
        if isinstance(stmt, Import) and stmt.name not in (None, "*") and self.program.has_module(stmt.module):
            target = self.program.module_scope(stmt.module)
            if stmt.name in target.bindings:
                found = self.alias_expr(Expr(Op.NAME, stmt.name), target, depth + 1, ops)
                return found if found[0].op in ops else (expr, scope)
        if isinstance(stmt, Assign) and stmt.value is not None and stmt.value.op in ops:
            return stmt.value, current
        return expr, scope

    def eval_at(self, line: int, expr: Expr, scope: Scope, depth: int, bind_as: str | None = None) -> Value:
        """:meth:`eval` of an expression of the statement at ``line`` (where its parts' diagnostics go)."""
        outer, self.line = self.line, line
        try:
            return self.eval(expr, scope, depth, bind_as)
        finally:
            self.line = outer

    @abstractmethod
    def eval(self, expr: Expr, scope: Scope, depth: int = 0, bind_as: str | None = None) -> Value:
        """Evaluate ``expr`` in ``scope``: :class:`docgen.link.evaluate.Evaluator` implements it."""

    def changed_argument(self, scope: Scope, name: str, value: Value, depth: int) -> Value:
        """A parameter's argument as the body changes it: :class:`docgen.link.loops.LoopEvaluator` implements it."""
        return value

    @abstractmethod
    def _augment(self, value: Value, scope: Scope, name: str, base: Stmt, until: int | None, depth: int) -> Value:
        """``value`` with what follows its binding applied: :class:`docgen.link.loops.LoopEvaluator` implements it."""

"""What a call of an analysed function is worth: its arguments bound, its first known return, recursion cut short.

The half of static evaluation that follows calls into function bodies. :class:`CallEvaluator`
binds a call's arguments to the function's parameters in a scope of the call's own, evaluates
the function's returns there (memoised per function and arguments) and keeps recursion small: a
call with the arguments of one still being evaluated is unknown, and so are recursive calls
nested deeper than :data:`~docgen.link.budget.MAX_RECURSION`, all functions together (so mutual
recursion that branches stays a few calls, not exponentially many).
"""

from __future__ import annotations

from abc import abstractmethod

from docgen.diagnostics import Code, Reporter
from docgen.link.arguments import bind_arguments
from docgen.link.bindings import MAX_DEPTH
from docgen.link.budget import MAX_RECURSION
from docgen.link.generators import GeneratorEvaluator
from docgen.link.hierarchy import ClassRef
from docgen.link.names import is_name
from docgen.link.program import Program, Scope, returns_of
from docgen.link.traits import library_method
from docgen.link.unparse import unparse
from docgen.link.values import DefRef, External, Instance, Seq, Unknown, Value, same_item
from docgen.model.facts import Expr, FunctionDef, Op, Return


class CallEvaluator(GeneratorEvaluator):
    """Evaluates calls of analysed functions: bound arguments, returns (what a generator yields), bounded recursion."""

    def __init__(self, program: Program, reporter: Reporter | None = None) -> None:
        super().__init__(program, reporter)
        self._returns: dict[object, Value] = {}
        self._pending: set[object] = set()  # (function, arguments) being evaluated
        self._active: dict[str, int] = {}  # function → its calls being evaluated
        self._recursion = 0  # recursive calls among them
        self._calls = 0

    def _arguments(self, dotted: str, call: Expr, scope: Scope, depth: int) -> dict[str, Value]:
        """The call's arguments bound to the function's parameter names (a method's receiver included)."""
        return bind_arguments(self.program, self.eval, dotted, call, scope, depth)

    def call_scope_for(self, dotted: str, call: Expr, scope: Scope) -> Scope | None:
        """The body scope of function ``dotted`` with the parameters ``call`` (made in ``scope``) binds.

        None when the function is not analysed or the call binds nothing.
        """
        body = self.program.body_scope(dotted)
        arguments = self._arguments(dotted, call, scope, 0)
        return self.bound_scope(body, arguments) if body is not None and arguments else None

    def bound_scope(self, body: Scope, arguments: dict[str, Value]) -> Scope:
        """``body`` with ``arguments`` bound, as a call's own scope (known to :meth:`scope_at` by its key)."""
        self._calls += 1
        bound = body.child(dict(arguments), f"#call{self._calls}")
        self._scopes[bound.key] = bound
        return bound

    def returns(self, dotted: str, depth: int = 0, arguments: dict[str, Value] | None = None) -> Value:
        """What the function ``dotted`` returns when called with ``arguments`` (its first known return).

        Recursion is cut short: a call with the arguments of one still being evaluated, or more
        than :data:`MAX_RECURSION` recursive calls nested, is unknown (a DG915 at the function).
        """
        memo = (dotted, tuple(sorted((arguments or {}).items(), key=lambda kv: kv[0])))
        try:
            if memo in self._pending:
                self._cut_recursion(dotted)
            if memo in self._returns:
                return self._returns[memo]
        except TypeError:  # an unhashable argument value: evaluate without memo
            memo = None  # type: ignore[assignment]
        recursive = bool(self._active.get(dotted))
        if recursive and self._recursion >= MAX_RECURSION:
            self._cut_recursion(dotted)
            return Unknown(dotted + "()")
        if memo is not None:
            self._returns[memo] = Unknown(dotted + "()")  # guards recursion with the same arguments
            self._pending.add(memo)
        self._active[dotted] = self._active.get(dotted, 0) + 1
        self._recursion += recursive
        cuts = self._cuts
        try:
            value = self._first_return(dotted, depth, arguments)
            if self._cuts > cuts and isinstance(value, Unknown):  # one placeholder, not one per cut call
                value = Unknown(dotted + "()")
        finally:
            self._active[dotted] -= 1
            self._recursion -= recursive
            self._pending.discard(memo)
        if memo is not None:
            self._returns[memo] = value
        return value

    def _first_return(self, dotted: str, depth: int, arguments: dict[str, Value] | None) -> Value:
        scope = self.program.body_scope(dotted)
        value: Value = Unknown(dotted + "()")
        if scope is not None and depth >= MAX_DEPTH:
            found = self.program.split(dotted)
            self.too_deep(f"what {dotted!r} returns", found[0] if found else dotted, self.line)
        elif scope is not None:
            if arguments:
                scope = self.bound_scope(scope, arguments)
            generator = self.generator(dotted)
            if generator is not None:
                return self.generated(dotted, generator, scope, depth + 1)
            returns = list(returns_of(scope.statements))
            for index, stmt in enumerate(returns):
                if stmt.guard and self.skips(stmt, scope, depth + 1):
                    continue  # `if name is None: return None` with a name the call binds
                if stmt.value is not None:
                    value = self.eval_at(stmt.line, stmt.value, scope, depth + 1)
                    if not isinstance(value, Unknown) or "{?" in value.text:
                        return self._returned_if(value, stmt, returns[index + 1 :], scope, depth + 1)
                if stmt.guard and self.runs_surely(stmt, scope, depth + 1):
                    break  # what follows it never runs
        return value

    def _returned_if(self, value: Value, chosen: Return, later: list[Return], scope: Scope, depth: int) -> Value:
        """The first known return's list, its items guarded when an undecided test decides the return.

        ``if not path.isdir(build): return [fallback routes]`` followed by ``return routes``: the
        fallback's items are returned only under ``not path.isdir(build)``, unless every later
        return that may run returns them too (:attr:`Seq.guards`; what else is returned is not read).
        """
        if not (isinstance(value, Seq) and value.items and chosen.guard) or self.runs_surely(chosen, scope, depth):
            return value
        conditions = self.written_conditions(chosen, scope, depth)
        others = [r for r in later if r.value is not None and not (r.guard and self.skips(r, scope, depth))]
        if not conditions or not others:
            return value
        alternatives = [self.eval_at(r.line, r.value, scope, depth) for r in others if r.value is not None]
        served = [[same_item(v) for v in a.items] if isinstance(a, Seq) else [] for a in alternatives]
        guards = tuple(
            value.guard(i)
            if all(same_item(item) in s for s in served)
            else tuple(dict.fromkeys((*conditions, *value.guard(i))))
            for i, item in enumerate(value.items)
        )
        return Seq(value.items, guards)

    @abstractmethod
    def mro(self, cls: ClassRef) -> tuple[ClassRef, ...]:
        """A class's method resolution order: :class:`docgen.link.evaluate.Evaluator` implements it."""

    def super_call(self, call: Expr, scope: Scope, depth: int) -> Value | None:
        """``super().method(...)``: the method of the next class in the receiver's MRO; None for another call.

        An analysed method is evaluated with the same receiver; a library's is what docgen knows
        of it (a traitlets trait's ``validate`` gives the value back), else unknown.
        """
        callee = call.args[0]
        inner = callee.args[0] if callee.op is Op.ATTR else None
        if inner is None or inner.op is not Op.CALL or inner.positional or not is_name(inner.args[0], "super"):
            return None
        owner = scope.qualname.rpartition(".")[0]
        method = self.program.definition(f"{scope.module}.{scope.qualname}")
        has_receiver = isinstance(method, FunctionDef) and method.params
        receiver = self.lookup(scope, method.params[0].name, depth + 1) if has_receiver else None  # type: ignore[union-attr]
        cls = receiver.cls if isinstance(receiver, Instance) else receiver if isinstance(receiver, DefRef) else None
        order = self.mro(cls) if cls is not None and owner else ()
        names = [k.dotted for k in order]
        if f"{scope.module}.{owner}" not in names or receiver is None:
            return Unknown(unparse(call))
        for klass in order[names.index(f"{scope.module}.{owner}") + 1 :]:
            dotted = f"{klass.dotted}.{callee.value}"
            definition = self.program.definition(dotted) if isinstance(klass, DefRef) else None
            if isinstance(definition, FunctionDef) and definition.params:
                arguments = bind_arguments(self.program, self.eval, dotted, call, scope, depth)
                return self.returns(dotted, depth + 1, {**arguments, definition.params[0].name: receiver})
            if isinstance(klass, External):
                given = [self.eval(a, scope, depth + 1) for a in call.positional]
                return library_method(klass.dotted, str(callee.value), given) or Unknown(unparse(call))
        return Unknown(unparse(call))

    def _cut_recursion(self, dotted: str) -> None:
        """One DG915 per recursive function whose recursion was cut, at its definition."""
        message = (
            f"recursion through {dotted!r} is cut short (at most {MAX_RECURSION} recursive calls, "
            "none with the arguments of a call in progress): the deeper calls' values are unknown"
        )
        self._at_definition(dotted, message)

    def _at_definition(self, dotted: str, message: str) -> None:
        """A DG915 at function ``dotted``'s definition (once): a bound made one of its calls unknown."""
        self._cuts += 1
        found = self.program.split(dotted)
        definition = self.program.definition(dotted)
        if found is not None and definition is not None:
            self.warn_once(Code.BUDGET_EXCEEDED, message, found[0], definition.line)

"""Walking the program as its calls hand objects around: helpers, factories and methods that register on what they get.

Routes are often registered inside functions: ``def setup_routes(app): app.router.add_get(...)``
called from an app factory, a server class whose ``__init__`` creates ``self.app`` and calls
``self.setup_ui()``, a class built with the application it serves. :class:`CallWalk` yields every
statement as :meth:`Program.walk` does, except that:

* a function called with an object (an instance: an app, a router, ``self``) has its body walked
  once per such call, its parameters bound to that call's arguments, *instead of* once with them
  unknown (what the body registers with unknown parameters is what those calls register).
  Calling an analysed class walks its ``__init__`` with ``self`` the new instance. Calls are
  followed from every body, calls inside calls' arguments too (``web.run_app(make_app(config))``),
  to a bounded depth, each (function, arguments) once;
* a method walked on its own has an instance of its class as ``self`` (see
  :func:`docgen.link.instances.representative`), so ``self.app`` is known in it;
* a loop whose body calls one of ``loops_calling`` is walked once per element of a known sequence;
  one over a known empty sequence not at all, and one docgen cannot count under the condition
  that its sequence is not empty (it may run zero times);
* a pluggy hook call (``manager.hook.configure(app=app)``) walks the analysed hook implementations
  of that name (see :mod:`docgen.link.hooks`) with its keyword arguments bound;
* a statement of an ``if`` branch whose condition is known to fail (see :mod:`docgen.link.conditions`)
  is not walked, nor what is inside it, nor what follows a ``return`` whose conditions are known
  to hold (``if not enabled: return``): these are kept in :attr:`CallWalk.dormant`, with why.

A body walked with bound arguments only counts when the walk that made the call does: the walk
of a function's body with its parameters unknown is dropped when that function is walked with
them bound, and so are the walks it alone led to.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from docgen.diagnostics import Code
from docgen.link.arguments import bind_arguments, bind_constructor
from docgen.link.conditions import returned_before
from docgen.link.evaluate import DefRef, Evaluator, Instance, Value
from docgen.link.hooks import HookImplementations
from docgen.link.instances import representative
from docgen.link.joins import union_conditions
from docgen.link.program import Program, Scope, calls_in, is_call_stmt
from docgen.link.unparse import unparse
from docgen.model import Location, Stage
from docgen.model.facts import Assign, ClassDef, Expr, For, FunctionDef, Op, Return, Stmt

MAX_CALL_DEPTH = 6
"""Calls followed below a body walked on its own (``main`` → ``create_app`` → ``setup_routes`` ...)."""
MAX_BOUND_WALKS = 5000
"""Function bodies walked with bound arguments, in all; past it a DG915 says what was left."""

Origin = tuple[str, ...] | int
"""Where a statement is walked: inside these functions, walked on their own (``()``: module level);
or in the bound walk with this number."""
_Entry = tuple[Origin, Scope, Stmt, tuple[str, ...]]
"""Where a statement is walked, its scope, the statement, and the undecided conditions it runs under."""


@dataclass(slots=True)
class _Walk:
    """One function body walked with bound arguments.

    Attributes:
        target: The function's dotted name.
        scope: Its body scope, the arguments bound.
        depth: Calls followed to reach it.
        parents: The walks (or functions walked on their own) that make this call.
        entries: What the walk yields.
        conditions: Undecided conditions every call making this walk runs under.
    """

    target: str
    scope: Scope
    depth: int
    parents: set[Origin] = field(default_factory=set)
    entries: list[_Entry] = field(default_factory=list)
    conditions: tuple[str, ...] = ()


class CallWalk:
    """One walk of the analysed modules following calls that pass objects; ``skip_module`` names modules left out."""

    def __init__(
        self,
        program: Program,
        evaluator: Evaluator,
        *,
        loops_calling: frozenset[str] = frozenset(),
        skip_module: Callable[[str], bool] | None = None,
        libraries_importing: frozenset[str] = frozenset(),
    ) -> None:
        self.program = program
        self.evaluator = evaluator
        self.loops_calling = loops_calling
        self.skip_module = skip_module or (lambda _module: False)
        self.libraries_importing = libraries_importing
        self._walks: list[_Walk] = []
        self._keys: dict[object, int] = {}
        self._cut = False
        self._too_deep_seen: set[str] = set()
        self._hooks = HookImplementations(program, evaluator)
        self._skipped: list[tuple[Origin, Scope, Stmt, str]] = []
        self.dormant: list[tuple[Scope, Stmt, str]] = []
        self._under: tuple[str, ...] = ()  # undecided conditions of the statement being walked, in its body
        self._base: tuple[str, ...] = ()  # and those of the calls making the bound walk of that body
        self.current: tuple[str, ...] = ()
        """The undecided conditions the statement just yielded runs under."""

    def __iter__(self) -> Iterator[tuple[Scope, Stmt]]:
        plain: list[_Entry] = []
        modules = [m for m in sorted(self.program.modules) if not self.skip_module(m)]
        for module in [*modules, *self.program.libraries_importing(self.libraries_importing)]:
            self._body(self.program.module_scope(module), (), 0, plain)
        pending = deque(range(len(self._walks)))
        while pending:
            index = pending.popleft()
            walk = self._walks[index]
            known = len(self._walks)
            self._under, self._base = (), walk.conditions
            self._body(walk.scope, index, walk.depth, walk.entries)
            pending.extend(range(known, len(self._walks)))
        dead, live = self._liveness()
        self.dormant = [
            (scope, stmt, reason)
            for origin, scope, stmt, reason in self._skipped
            if (origin in live if isinstance(origin, int) else dead.isdisjoint(origin))
        ]
        for owners, scope, stmt, conditions in plain:
            if isinstance(owners, tuple) and dead.isdisjoint(owners):
                self.current = conditions
                yield scope, stmt
        for index in sorted(live):
            walk = self._walks[index]
            for _, scope, stmt, conditions in walk.entries:
                self.current = union_conditions(walk.conditions, conditions)
                yield scope, stmt
        self.current = ()

    def _liveness(self) -> tuple[set[str], set[int]]:
        """Functions whose walk with unknown parameters is dropped, and the bound walks that count.

        A function walked with bound arguments from a walk that counts is not walked on its own;
        that can drop the walks only it made, so this repeats until nothing changes (the dropped
        set only grows). A function left without any walk is walked on its own after all.
        """
        dead: set[str] = set()
        while True:
            live = self._live(dead)
            newly = {self._walks[i].target for i in live} - dead
            if not newly:
                break
            dead |= newly
        dead &= {self._walks[i].target for i in live}
        return dead, self._live(dead)

    def _live(self, dead: set[str]) -> set[int]:
        children: dict[Origin, list[int]] = {}
        for index, walk in enumerate(self._walks):
            for parent in walk.parents:
                children.setdefault(parent, []).append(index)
        live: set[int] = set()
        roots = (kids for origin, kids in children.items() if isinstance(origin, tuple) and dead.isdisjoint(origin))
        stack = [index for kids in roots for index in kids]
        while stack:
            index = stack.pop()
            if index not in live:
                live.add(index)
                stack.extend(children.get(index, ()))
        return live

    def _body(self, scope: Scope, origin: Origin, depth: int, out: list[_Entry]) -> None:
        statements = scope.statements
        for index, stmt in enumerate(statements):
            self._statement(scope, stmt, origin, depth, out)
            if isinstance(stmt, Return) and stmt.guard and self.evaluator.runs_surely(stmt, scope):
                reason = returned_before(stmt, self.program.facts(scope.module))
                self._skipped.extend((origin, scope, rest, reason) for rest in statements[index + 1 :])
                return

    def _statement(self, scope: Scope, stmt: Stmt, origin: Origin, depth: int, out: list[_Entry]) -> None:
        outer = self._under
        if stmt.guard:
            reason = self.evaluator.registration_skipped(stmt, scope)
            if reason is not None:
                self._skipped.append((origin, scope, stmt, reason))
                return
            self._under = union_conditions(outer, self.evaluator.registration_conditions(stmt, scope))
        try:
            self._walk_statement(scope, stmt, origin, depth, out)
        finally:
            self._under = outer

    def _walk_statement(self, scope: Scope, stmt: Stmt, origin: Origin, depth: int, out: list[_Entry]) -> None:
        out.append((origin, scope, stmt, self._under))
        self._follow_calls(scope, stmt, origin, depth)
        if isinstance(stmt, For):
            scopes, runs_if = self._loop(stmt, scope)
            outer = self._under
            self._under = union_conditions(outer, runs_if)
            try:
                for inner_scope in scopes:
                    for inner in stmt.body:
                        self._statement(inner_scope, inner, origin, depth, out)
            finally:
                self._under = outer
        elif isinstance(stmt, ClassDef):
            self._body(self.program.scope_of(scope.module, stmt, scope), origin, depth, out)
        elif isinstance(stmt, FunctionDef):
            body = self.program.scope_of(scope.module, stmt, scope)
            if scope.is_class:
                body = self._with_self(body, stmt, scope)
            inside = origin if isinstance(origin, int) else (*origin, f"{scope.module}.{stmt.qualname}")
            self._body(body, inside, depth, out)

    def _loop(self, stmt: For, scope: Scope) -> tuple[list[Scope], tuple[str, ...]]:
        """The scopes a loop's body is walked in, and the condition it runs under when docgen cannot count it.

        A loop over a sequence of unknown length may run zero times: what its body registers is
        registered only if the sequence is not empty (``routes`` of ``for r in routes``), a
        condition its routes carry. A loop over a known empty sequence registers nothing.
        """
        if not _calls_any(stmt.body, None):
            return [scope], ()
        sequence = self.evaluator.loop_sequence(stmt, scope)
        if sequence is None:
            return [scope], (unparse(stmt.iter),)
        if not sequence.items:
            return [], ()
        if not _calls_any(stmt.body, self.loops_calling):
            return [scope], ()
        return self.evaluator.loop_scopes(stmt, scope, sequence), ()

    def _with_self(self, body: Scope, method: FunctionDef, cls_scope: Scope) -> Scope:
        """A method's body with an instance of its class (the class, for a classmethod) as its first parameter."""
        decorators = {str(d.value) for d in method.decorators if d.op in (Op.NAME, Op.ATTR)}
        cls = DefRef(f"{cls_scope.module}.{cls_scope.qualname}", True)
        if not method.params or "staticmethod" in decorators:
            return body
        receiver: Value | None = cls if "classmethod" in decorators else representative(self.program, cls)
        return self.evaluator.bound_scope(body, {method.params[0].name: receiver}) if receiver else body

    def _follow_calls(self, scope: Scope, stmt: Stmt, origin: Origin, depth: int) -> None:
        """Record a bound walk for each call in ``stmt`` of an analysed function or class given an object."""
        top = is_call_stmt(stmt)
        value = getattr(stmt, "value", None)
        if not isinstance(value, Expr):
            return
        for call in calls_in(value):
            callee = self.evaluator.eval(call.args[0], scope)
            if not isinstance(callee, DefRef):
                for hook in self._hooks.called_by(call):
                    arguments = bind_arguments(self.program, self.evaluator.eval, hook, call, scope, 0)
                    self._follow(hook, arguments, scope, call, origin, depth)
                continue
            if callee.is_class:
                target = self._init_of(callee)
                bind_as = _bound_name(self.evaluator, stmt, scope) if call is top else None
                instance = self.evaluator.eval(call, scope, bind_as=bind_as) if target else None
                if target is None or not isinstance(instance, Instance):
                    continue
                arguments = bind_constructor(self.program, self.evaluator.eval, target, instance, scope, 0)
            else:
                target = callee.dotted
                arguments = bind_arguments(self.program, self.evaluator.eval, target, call, scope, 0)
            self._follow(target, arguments, scope, call, origin, depth)

    def _follow(
        self, target: str, arguments: dict[str, Value], scope: Scope, call: Expr, origin: Origin, depth: int
    ) -> None:
        """Walk ``target`` with ``arguments`` bound when the call hands it an object."""
        if any(isinstance(v, Instance) for v in arguments.values()):
            where = Location(self._path(scope.module), call.line)
            if depth >= MAX_CALL_DEPTH:
                self._too_deep(target, where)
            else:
                self._add_walk(target, arguments, origin, depth, where)

    def _too_deep(self, target: str, where: Location) -> None:
        """One DG915 per function a call past :data:`MAX_CALL_DEPTH` (recursion, most often) would walk again."""
        if target not in self._too_deep_seen and self.evaluator.reporter is not None:
            self._too_deep_seen.add(target)
            message = (
                f"calls handing objects to functions are followed {MAX_CALL_DEPTH} deep: this call of {target!r} "
                "is not followed, and what it would register is not listed"
            )
            self.evaluator.reporter.warn(Code.BUDGET_EXCEEDED, message, Stage.LINK, where)

    def _add_walk(self, target: str, arguments: dict[str, Value], origin: Origin, depth: int, where: Location) -> None:
        body = self.program.body_scope(target)
        if body is None or self.skip_module(body.module):
            return
        ordered = sorted(arguments.items(), key=lambda kv: kv[0])
        try:
            key: object = (target, tuple(ordered))
            hash(key)
        except TypeError:  # an argument value that cannot be hashed: compared by its text
            key = (target, repr(ordered))
        if key in self._keys:
            walk = self._walks[self._keys[key]]
            walk.parents.add(origin)
            calling = (*self._base, *self._under)
            walk.conditions = tuple(c for c in walk.conditions if c in calling)  # unconditional if one call is
            return
        if len(self._walks) >= MAX_BOUND_WALKS:
            if not self._cut and self.evaluator.reporter is not None:
                self._cut = True
                message = f"more than {MAX_BOUND_WALKS} calls hand objects to functions: the rest are not followed"
                self.evaluator.reporter.warn(Code.BUDGET_EXCEEDED, message, Stage.LINK, where)
            return
        self._keys[key] = len(self._walks)
        scope = self.evaluator.bound_scope(body, arguments)
        conditions = union_conditions(self._base, self._under)
        self._walks.append(_Walk(target, scope, depth + 1, {origin}, conditions=conditions))

    def _init_of(self, cls: DefRef) -> str | None:
        """The analysed ``__init__`` instances of ``cls`` run, if any."""
        for klass in self.evaluator.mro(cls):
            init = f"{klass.dotted}.__init__"
            if isinstance(klass, DefRef) and isinstance(self.program.definition(init), FunctionDef):
                return init
        return None

    def _path(self, module: str) -> str:
        facts = self.program.facts(module)
        return facts.path if facts is not None else module


def _bound_name(evaluator: Evaluator, stmt: Stmt, scope: Scope) -> str | None:
    """The name an object created by ``name = Class(...)`` or ``obj.name = Class(...)`` is known by.

    As the evaluator names it (see :class:`~docgen.link.instances.InstanceAttributes` for ``self.name``).
    """
    if isinstance(stmt, Assign) and stmt.op in ("=", ":") and len(stmt.targets) == 1:
        target = stmt.targets[0]
        if target.op is Op.NAME:
            return f"{scope.module}:{scope.prefix()}{target.value}"
        owner = evaluator.eval(target.args[0], scope) if target.op is Op.ATTR else None
        return f"{owner.key}.{target.value}" if isinstance(owner, Instance) else None
    return None


def _calls_any(body: tuple[Stmt, ...], names: frozenset[str] | None) -> bool:
    """Whether a loop body (its inner loops too) calls a method or function named in ``names`` (None: any)."""
    for stmt in body:
        if isinstance(stmt, For) and _calls_any(stmt.body, names):
            return True
        value = getattr(stmt, "value", None)
        if isinstance(value, Expr) and any(
            c.args[0].op in (Op.NAME, Op.ATTR) and (names is None or c.args[0].value in names) for c in calls_in(value)
        ):
            return True
    return False

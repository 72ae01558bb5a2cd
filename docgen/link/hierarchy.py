"""Class hierarchies: one order (Python's C3), walked without recursion, cycles and excess depth cut short.

Every reader of a class hierarchy uses the same order as the runtime: methods, class attributes,
inherited fields and lineage checks all follow the C3 method resolution order. Libraries' own
classes are not analysed code; an extractor that knows their bases (Django's generic views, DRF's
mixins) registers them with :meth:`ClassHierarchies.add_known`, so their methods resolve too.

Hostile or broken code can declare ``class A(A, A)``, two classes inheriting from each other
across modules, or a chain of a thousand classes. The walk is iterative, visits each class once,
stops below ``max_depth`` and returns the cycles it cut, so the caller can report each once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import TypeVar

from docgen.diagnostics import Code, Reporter
from docgen.link.program import Program, Scope
from docgen.link.values import DefRef, External, Instance, Unknown, Value
from docgen.model import Location, Stage
from docgen.model.facts import ClassDef, Expr, Op

T = TypeVar("T", bound=Hashable)

Cycle = tuple[T, ...]
"""The classes of one cycle, from the base that closes it down to the class declaring that base."""


def c3(
    root: T, bases_of: Callable[[T], Sequence[T]], memo: dict[T, tuple[T, ...]], max_depth: int
) -> tuple[tuple[T, ...], list[Cycle[T]]]:
    """``root``'s C3 method resolution order, memoised in ``memo``; and the cycles cut.

    An inconsistent hierarchy (no valid C3 order) still gives every class once: the merge then
    takes the first remaining head, as a best effort. A class ``max_depth`` levels below ``root``
    is linearised as itself alone.
    """
    cycles: list[Cycle[T]] = []
    if root in memo:
        return memo[root], cycles
    path: list[T] = []
    frames: list[tuple[T, list[T], list[T]]] = []  # (class, its bases, bases still to linearise)

    def enter(cls: T) -> None:
        bases: list[T] = []
        for base in bases_of(cls) if len(path) <= max_depth else ():
            if base in path or base == cls:
                cycles.append((*path[path.index(base) :], cls) if base in path else (cls,))
            elif base not in bases:
                bases.append(base)
        path.append(cls)
        frames.append((cls, bases, [b for b in reversed(bases) if b not in memo]))

    enter(root)
    while frames:
        cls, bases, todo = frames[-1]
        while todo and (todo[-1] in memo or todo[-1] in path):
            todo.pop()
        if todo:
            enter(todo.pop())
            continue
        frames.pop()
        path.pop()
        memo[cls] = merge(cls, [memo.get(b, (b,)) for b in bases], bases)
    return memo[root], cycles


def merge(cls: T, linearisations: list[tuple[T, ...]], bases: list[T]) -> tuple[T, ...]:
    """C3 merge of the bases' linearisations and the bases' own order, after ``cls``.

    Linear in the total length: a counter of the classes in each sequence's tail says whether a
    head is blocked, instead of scanning every tail for it.
    """
    sequences = [list(s) for s in linearisations if s] + ([list(bases)] if bases else [])
    starts = [0] * len(sequences)
    in_tails: Counter[T] = Counter(c for s in sequences for c in s[1:])
    result: list[T] = [cls]
    placed: set[T] = {cls}
    live = [i for i, s in enumerate(sequences) if s]
    while live:
        heads = [sequences[i][starts[i]] for i in live]
        head = next((h for h in heads if not in_tails[h]), heads[0])
        if head not in placed:
            placed.add(head)
            result.append(head)
        for i in live:
            sequence = sequences[i]
            while starts[i] < len(sequence) and sequence[starts[i]] in placed:
                starts[i] += 1
                if starts[i] < len(sequence):
                    in_tails[sequence[starts[i]]] -= 1
        live = [i for i in live if starts[i] < len(sequences[i])]
    return tuple(result)


MRO_DEPTH = 100
"""How many levels of bases :meth:`ClassHierarchies.mro` follows (a guard against generated chains)."""

ClassRef = DefRef | External


class ClassHierarchies:
    """The class hierarchies of one program: direct bases (evaluated or known), C3 orders, each cycle reported once.

    Orders are memoised; ``forget`` drops what was learned.
    """

    def __init__(
        self,
        program: Program,
        evaluate: Callable[[Expr, Scope], Value],
        reporter: Reporter | None,
        path_of: Callable[[str], str],
        before: Callable[[Scope, str, int], Value] | None = None,
    ) -> None:
        self.program = program
        self.reporter = reporter
        self._evaluate = evaluate
        self._before = before
        self._path_of = path_of
        self._bases: dict[DefRef, tuple[ClassRef, ...]] = {}
        self._c3: dict[ClassRef, tuple[ClassRef, ...]] = {}
        self._cycles: set[frozenset[object]] = set()
        self._known: dict[str, tuple[External, ...]] = {}
        self._canonical: dict[str, str] = {}

    def forget(self) -> None:
        """Drop the memoised bases and orders (a hook or alias may change them)."""
        self._bases.clear()
        self._c3.clear()

    def add_known(self, bases: Mapping[str, Sequence[str]], aliases: Mapping[str, str] | None = None) -> None:
        """Teach the bases of library classes (dotted name → its bases' names, in order).

        ``aliases`` maps re-exported names to the defining module's (``django.views.View`` →
        ``django.views.generic.base.View``); a base or class written either way is the same class.
        """
        self._canonical.update(aliases or {})
        for name, names in bases.items():
            self._known[name] = tuple(External(self.canonical(b)) for b in names)
        self.forget()

    def canonical(self, dotted: str) -> str:
        """The defining module's name for a re-exported library class (registered with :meth:`add_known`)."""
        return self._canonical.get(dotted, dotted)

    def bases(self, cls: ClassRef) -> tuple[ClassRef, ...]:
        """The direct bases of a class, in order: evaluated for an analysed one, known or none for a library's."""
        if not isinstance(cls, DefRef):
            return self._known.get(self.canonical(cls.dotted), ())
        if cls not in self._bases:
            self._bases[cls] = ()  # a base expression that needs this class's bases sees none
            definition = self.program.definition(cls.dotted)
            scope = self.program.defining_scope(cls.dotted)
            found: list[ClassRef] = []
            if not isinstance(definition, ClassDef) or scope is None:
                return ()
            if self._before is not None and any(_reads(b, definition.name) for b in definition.bases):
                # `class DeleteView(Mixin, DeleteView)`: the base is the name's earlier value
                earlier = self._before(scope, definition.name, definition.line)
                if not isinstance(earlier, Unknown):  # else `class A(A)` names itself: a cycle (DG914)
                    scope = scope.child({definition.name: earlier}, f"#bases{definition.line}")
            for base in definition.bases:
                value = self._evaluate(base.args[0] if base.op is Op.SUBSCRIPT else base, scope)
                if isinstance(value, Instance):  # Base = declarative_base(): the factory names the kind
                    value = value.cls
                if isinstance(value, External):
                    value = External(self.canonical(value.dotted))
                if isinstance(value, DefRef | External):
                    found.append(value)
            self._bases[cls] = tuple(found)
        return self._bases[cls]

    def complete(self, cls: ClassRef) -> bool:
        """Whether every base of every analysed class in ``cls``'s order is known (none was left out unevaluated)."""
        for klass in self.mro(cls):
            definition = self.program.definition(klass.dotted) if isinstance(klass, DefRef) else None
            if isinstance(definition, ClassDef) and len(self.bases(klass)) != len(definition.bases):
                return False
        return True

    def mro(self, cls: ClassRef) -> tuple[ClassRef, ...]:
        """The class's C3 method resolution order, over analysed and library classes alike."""
        if isinstance(cls, External):
            cls = External(self.canonical(cls.dotted))
        order, cycles = c3(cls, self.bases, self._c3, MRO_DEPTH)
        self.report_cycles(cycles)
        return order

    def report_cycles(self, cycles: list[tuple[ClassRef, ...]]) -> None:
        """One DG914 per cyclic class hierarchy, at the class whose base closes the cycle."""
        for cycle in cycles:
            members = frozenset(c.dotted for c in cycle)
            if members in self._cycles or self.reporter is None:
                continue
            self._cycles.add(members)
            last = cycle[-1]
            definition = self.program.definition(last.dotted)
            found = self.program.split(last.dotted)
            where = Location(self._path_of(found[0]), definition.line if definition else 0) if found else None
            names = " -> ".join(c.dotted.rpartition(".")[2] for c in (*cycle, cycle[0]))
            message = f"class hierarchy is cyclic ({names}): the cycle is cut, bases beyond it are ignored"
            self.reporter.warn(Code.CYCLE_CUT, message, Stage.LINK, where)


def _reads(expr: Expr, name: str) -> bool:
    """Whether a base expression reads ``name`` (``DeleteView``, ``generic.DeleteView[T]`` reads only ``generic``)."""
    if expr.op is Op.NAME:
        return expr.value == name
    return any(_reads(a, name) for a in expr.args) or any(_reads(v, name) for _, v in expr.kwargs)

"""Class hierarchies walked without recursion: each class once, with cycles and excess depth cut short.

Hostile or broken code can declare ``class A(A, A)``, two classes inheriting from each other
across modules, or a chain of a thousand classes. Both walks here are iterative, visit each class
once, stop below ``max_depth`` and return the ``(class, base)`` pairs they cut because the base
was already being walked (a cycle), so the caller can report each cycle once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from typing import TypeVar

T = TypeVar("T", bound=Hashable)

Cycle = tuple[T, ...]
"""The classes of one cycle, from the base that closes it down to the class declaring that base."""


def depth_first(root: T, bases_of: Callable[[T], Sequence[T]], max_depth: int) -> tuple[tuple[T, ...], list[Cycle[T]]]:
    """``root`` and its bases, depth first and left to right, each once; and the cycles cut.

    Bases of a class ``max_depth`` levels below ``root`` are not followed.
    """
    order: list[T] = [root]
    seen: set[T] = {root}
    path: list[T] = [root]
    pending: list[list[T]] = [list(reversed(bases_of(root)))]
    cycles: list[Cycle[T]] = []
    while pending:
        if not pending[-1]:
            pending.pop()
            path.pop()
            continue
        base = pending[-1].pop()
        if base in path:
            cycles.append(tuple(path[path.index(base) :]))
            continue
        if base in seen:
            continue
        seen.add(base)
        order.append(base)
        if len(path) <= max_depth:
            path.append(base)
            pending.append(list(reversed(bases_of(base))))
    return tuple(order), cycles


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

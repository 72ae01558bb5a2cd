"""A name bound in both branches of an undecided ``if``: each value, under the conditions it is bound under.

``if settings.V2: PREFIX = "/v2"`` / ``else: PREFIX = "/v1"`` with ``settings.V2`` unknown is one
of two strings; which one the code takes is not known, and taking the last one written (what
a binding otherwise is) would be silently wrong half the time. :func:`branch_options` gives both,
the later binding under its conditions and what the name held before it under their negation
(or under its own conditions, when the two are the two sides of one ``if``), for
:func:`docgen.link.values.alternatives` to make one value of: a :class:`~docgen.link.values.Choice`
of strings, or a list whose items are each under the branches adding them.
"""

from __future__ import annotations

from collections.abc import Callable

from docgen.link.conditions import as_written
from docgen.model.facts import Assign, Condition, Stmt

MAX_BRANCHES = 6
"""Bindings of one name read as alternatives at most; a name bound more often is its last binding, as before."""

Options = list[tuple[object, tuple[str, ...]]]
"""Each value a name may hold, with the undecided conditions (as written) it holds under."""

_Option = tuple[object, tuple[Condition, ...], tuple[str, ...]]
"""A value, the conditions it is under, and the negations of several conditions at once (text only)."""


def negation(conditions: tuple[Condition, ...]) -> str:
    """What holds when not all of ``conditions`` do, as written: ``not (a and b)``."""
    return "not (" + " and ".join(as_written(c) for c in conditions) + ")"


def exclusive(first: tuple[Condition, ...], second: tuple[Condition, ...]) -> bool:
    """Whether two guards cannot both hold: they take opposite sides of the same ``if``."""
    return any(a.line == b.line and a.test == b.test and a.holds is not b.holds for a in first for b in second)


def plain_assignments(stmts: list[Stmt]) -> list[Assign]:
    """The statements binding a name outright (``=``, annotated), not changing it (``+=``)."""
    return [s for s in stmts if isinstance(s, Assign) and s.op in ("=", ":")]


def branch_options(
    stmts: list[Stmt],
    undecided: Callable[[Stmt], tuple[Condition, ...]],
    value_of: Callable[[list[Stmt]], object],
) -> Options | None:
    """The values ``stmts`` (a name's bindings, in order) may leave, when the last one runs under undecided tests.

    ``undecided(stmt)`` gives the conditions of a statement's guard that cannot be told;
    ``value_of(stmts)`` the value of a binding list the usual way (its last binding counts). An
    earlier value is under the negation of every later binding's conditions, unless it is on
    the other side of the same ``if``; one that no run leaves (``x = 1`` then both sides of an
    ``if``) is not given. None when the last binding runs surely, when nothing binds the name
    before it (the name is that value or unbound), when a binding is not an assignment, or when
    a test is a ``try`` block's.
    """
    if not all(isinstance(s, Assign) for s in stmts) or not 2 <= len(plain_assignments(stmts)) <= MAX_BRANCHES:
        return None
    options = _options(stmts, undecided, value_of)
    if options is None:
        return None
    return [(value, tuple(as_written(c) for c in conditions) + texts) for value, conditions, texts in options]


def _options(
    stmts: list[Stmt], undecided: Callable[[Stmt], tuple[Condition, ...]], value_of: Callable[[list[Stmt]], object]
) -> list[_Option] | None:
    plain = plain_assignments(stmts)
    last = plain[-1]
    conditions = undecided(last)
    if not conditions or any(c.attempted for c in conditions):
        return None
    earlier = [s for s in stmts if s.line < last.line]
    before = _options(earlier, undecided, value_of) if len(plain) > 2 else None
    if before is None:
        own = undecided(plain[-2])
        if any(c.attempted for c in own):
            return None
        before = [(value_of(earlier), own, ())]
    out: list[_Option] = [(value_of(stmts), conditions, ())]
    for value, theirs, texts in before:
        if exclusive(theirs, conditions):
            out.append((value, theirs, texts))
        elif len(conditions) > 1:
            out.append((value, theirs, (*texts, negation(conditions))))
        else:
            opposite = Condition(conditions[0].test, not conditions[0].holds, conditions[0].line)
            if not exclusive(theirs, (opposite,)):  # not both sides of one ``if``: some run leaves it
                out.append((value, (*theirs, opposite), texts))
    return out

"""The records of an API comparison: one classified change per rule hit, and the comparison as a whole."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from docgen.model.location import Location


class ChangeLevel(StrEnum):
    """How much a change can break the clients of an API, most severe first."""

    BREAKING = "breaking"
    POTENTIALLY_BREAKING = "potentially-breaking"
    NON_BREAKING = "non-breaking"

    @property
    def rank(self) -> int:
        """2 for breaking, 1 for potentially breaking, 0 for non-breaking."""
        return {"breaking": 2, "potentially-breaking": 1, "non-breaking": 0}[self.value]


@dataclass(frozen=True, slots=True, kw_only=True)
class ApiChange:
    """One change of one endpoint between the two sides.

    Attributes:
        rule: Stable rule id, oasdiff's check id where one applies (``new-required-request-parameter``).
        level: How much it can break clients.
        method: The endpoint's method.
        path: The endpoint's path on the head side (the base side's when it was removed).
        message: What changed, one line; names are backtick-quoted.
        location: Where the endpoint is defined on the side the path is from.
    """

    rule: str
    level: ChangeLevel
    method: str
    path: str
    message: str
    location: Location | None = None

    def sort_key(self) -> tuple[int, str, str, str, str]:
        """Breaking first, then by path, method, rule and message."""
        return (-self.level.rank, self.path, self.method, self.rule, self.message)


@dataclass(frozen=True, slots=True, kw_only=True)
class Side:
    """One side of the comparison.

    Attributes:
        label: The ref as given (``main``, ``HEAD~1``), how it was chosen when not given
            (``merge base of HEAD and origin/main``), or ``working tree``.
        commit: The commit it resolved to; None for the working tree.
        note: Why a fallback was chosen (``no default branch found``), else empty.
        routes: How many routes docgen found on that side.
    """

    label: str
    commit: str | None = None
    note: str = ""
    routes: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class ApiDiff:
    """The API changes from ``base`` to ``head``.

    Attributes:
        base: The older side.
        head: The newer side.
        changes: Every change found, breaking first (see :meth:`ApiChange.sort_key`).
    """

    base: Side
    head: Side
    changes: tuple[ApiChange, ...] = ()

    def count(self, level: ChangeLevel) -> int:
        """How many changes are at ``level``."""
        return sum(1 for change in self.changes if change.level is level)

    def reaches(self, threshold: ChangeLevel | None) -> bool:
        """Whether a change at or above ``threshold`` was found (never, for None)."""
        return threshold is not None and any(c.level.rank >= threshold.rank for c in self.changes)

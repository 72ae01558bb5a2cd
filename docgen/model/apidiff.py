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
        accepted: Why this change is an accepted break (``# docgen: allow-breaking at app/main.py:18``):
            reported, but it does not fail the run; empty otherwise.
    """

    rule: str
    level: ChangeLevel
    method: str
    path: str
    message: str
    location: Location | None = None
    accepted: str = ""

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
        """Whether a change at or above ``threshold`` was found that is not an accepted break (never, for None)."""
        return threshold is not None and any(c.level.rank >= threshold.rank and not c.accepted for c in self.changes)

    @property
    def accepted(self) -> int:
        """How many changes are accepted breaks."""
        return sum(1 for change in self.changes if change.accepted)


RULES: dict[str, str] = {
    "endpoint-added": "An endpoint was added.",
    "endpoint-removed": "A deprecated endpoint was removed.",
    "api-removed-without-deprecation": "An endpoint was removed without deprecation (its path still serves others).",
    "api-path-removed-without-deprecation": "A path was removed without being deprecated first.",
    "endpoint-deprecated": "An endpoint was deprecated.",
    "endpoint-reactivated": "An endpoint is no longer deprecated.",
    "request-path-parameter-renamed": "A path parameter was renamed (clients are unaffected).",
    "request-parameter-removed": "A request parameter was removed; clients still sending it may be refused.",
    "new-required-request-parameter": "A required request parameter was added.",
    "new-optional-request-parameter": "An optional request parameter was added.",
    "request-parameter-location-changed": "A request parameter moved (path, query, header or cookie).",
    "request-parameter-became-required": "An optional request parameter became required.",
    "request-parameter-became-optional": "A required request parameter became optional.",
    "request-parameter-type-changed": "The type of a request parameter changed.",
    "request-body-added-required": "A required request body was added.",
    "request-body-added-optional": "An optional request body was added.",
    "request-body-removed": "The request body was removed; clients still sending one may be refused.",
    "request-body-became-required": "An optional request body became required.",
    "request-property-removed": "A request body property was removed; clients still sending it may be refused.",
    "new-required-request-property": "A required request body property was added.",
    "new-optional-request-property": "An optional request body property was added.",
    "request-property-became-required": "An optional request body property became required.",
    "request-property-became-optional": "A required request body property became optional.",
    "request-property-type-changed": "The type of a request body property changed.",
    "request-parameter-enum-value-removed": "A value was removed from a request parameter's enum.",
    "request-parameter-enum-value-added": "A value was added to a request parameter's enum.",
    "request-property-enum-value-removed": "A value was removed from a request body property's enum.",
    "request-property-enum-value-added": "A value was added to a request body property's enum.",
    "response-success-status-removed": "A success status of a response was removed.",
    "response-success-status-added": "A success status of a response was added.",
    "response-required-property-removed": "A required property of a success response was removed.",
    "response-optional-property-removed": "An optional property of a success response was removed.",
    "response-property-added": "A property was added to a success response.",
    "response-property-became-optional": "A required property of a success response became optional.",
    "response-property-became-required": "An optional property of a success response became required.",
    "response-property-became-nullable": "A property of a success response may now be null.",
    "response-property-type-changed": "The type of a property of a success response changed.",
    "response-property-enum-value-added": "A value was added to a response property's enum; clients may not handle it.",
    "response-property-enum-value-removed": "A value was removed from a response property's enum.",
    "request-parameter-max-length-decreased": "The maximum length of a request parameter was decreased.",
    "request-parameter-max-length-increased": "The maximum length of a request parameter was increased.",
    "request-parameter-min-length-increased": "The minimum length of a request parameter was increased.",
    "request-parameter-min-length-decreased": "The minimum length of a request parameter was decreased.",
    "request-parameter-max-items-decreased": "The maximum number of items of a request parameter was decreased.",
    "request-parameter-max-items-increased": "The maximum number of items of a request parameter was increased.",
    "request-parameter-min-items-increased": "The minimum number of items of a request parameter was increased.",
    "request-parameter-min-items-decreased": "The minimum number of items of a request parameter was decreased.",
    "request-parameter-max-decreased": "The maximum of a request parameter was decreased.",
    "request-parameter-max-increased": "The maximum of a request parameter was increased.",
    "request-parameter-min-increased": "The minimum of a request parameter was increased.",
    "request-parameter-min-decreased": "The minimum of a request parameter was decreased.",
    "request-parameter-exclusive-max-decreased": "The exclusive maximum of a request parameter was decreased.",
    "request-parameter-exclusive-min-increased": "The exclusive minimum of a request parameter was increased.",
    "request-parameter-pattern-added": "A pattern was set on a request parameter.",
    "request-parameter-pattern-changed": "The pattern of a request parameter changed.",
    "request-parameter-pattern-removed": "The pattern of a request parameter was removed.",
    "request-property-max-length-decreased": "The maximum length of a request body property was decreased.",
    "request-property-max-length-increased": "The maximum length of a request body property was increased.",
    "request-property-min-length-increased": "The minimum length of a request body property was increased.",
    "request-property-min-length-decreased": "The minimum length of a request body property was decreased.",
    "request-property-max-items-decreased": "The maximum number of items of a request body property was decreased.",
    "request-property-max-items-increased": "The maximum number of items of a request body property was increased.",
    "request-property-min-items-increased": "The minimum number of items of a request body property was increased.",
    "request-property-min-items-decreased": "The minimum number of items of a request body property was decreased.",
    "request-property-max-decreased": "The maximum of a request body property was decreased.",
    "request-property-max-increased": "The maximum of a request body property was increased.",
    "request-property-min-increased": "The minimum of a request body property was increased.",
    "request-property-min-decreased": "The minimum of a request body property was decreased.",
    "request-property-exclusive-max-decreased": "The exclusive maximum of a request body property was decreased.",
    "request-property-exclusive-min-increased": "The exclusive minimum of a request body property was increased.",
    "request-property-pattern-added": "A pattern was set on a request body property.",
    "request-property-pattern-changed": "The pattern of a request body property changed.",
    "request-property-pattern-removed": "The pattern of a request body property was removed.",
    "response-property-max-length-increased": "The maximum length of a response property was increased.",
    "response-property-min-length-decreased": "The minimum length of a response property was decreased.",
    "response-property-max-items-increased": "The maximum number of items of a response property was increased.",
    "response-property-min-items-decreased": "The minimum number of items of a response property was decreased.",
    "response-property-max-increased": "The maximum of a response property was increased.",
    "response-property-min-decreased": "The minimum of a response property was decreased.",
    "api-security-added": "An authentication requirement was added.",
    "api-security-removed": "An authentication requirement was removed.",
}
"""Every rule id of the comparison and what it reports, in one sentence (the SARIF rules' descriptions)."""

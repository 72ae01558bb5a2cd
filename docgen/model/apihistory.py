"""The records of an API's history per route: the release that added it, changed it and deprecated it."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from docgen.model.apidiff import ChangeLevel


class ReleaseKind(StrEnum):
    """What names a release of the history: a tag, or a commit (its short hash) when no tag does."""

    TAG = "tag"
    COMMIT = "commit"


@dataclass(frozen=True, slots=True, kw_only=True)
class HistoryRelease:
    """One release the history examined.

    Attributes:
        name: The tag (``v1.2.0``), or the commit's short hash.
        kind: Whether ``name`` is a tag or a commit.
        commit: The commit's full id.
        date: The commit's date (``2024-01-02``, UTC).
    """

    name: str
    kind: ReleaseKind
    commit: str
    date: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class RouteChange:
    """One change the comparison found on a route in a release.

    Attributes:
        rule: The comparison's rule id (``new-optional-request-parameter``).
        level: How much it can break clients.
        message: What changed, one line.
    """

    rule: str
    level: ChangeLevel
    message: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RouteRelease:
    """A release that changed a route, with its changes there.

    Attributes:
        release: The release's name (see :attr:`HistoryRelease.name`).
        changes: The changes, breaking first.
    """

    release: str
    changes: tuple[RouteChange, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class RouteHistory:
    """When a route came, changed and was deprecated, in the releases examined.

    Attributes:
        added: The release that added it; with ``added_before``, the oldest release examined.
        added_before: True when the route was already in the oldest release examined and older
            releases were not: it was added in that release or before (``≤ v1.0.0``).
        changed: The releases after ``added`` that changed it, oldest first.
        deprecated: The release since which it is deprecated; empty when it is not.
        deprecated_before: True when it was already deprecated in the oldest release examined.
    """

    added: str
    added_before: bool = False
    changed: tuple[RouteRelease, ...] = ()
    deprecated: str = ""
    deprecated_before: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class ApiHistory:
    """The history of the routes over the newest releases of the repository.

    Attributes:
        releases: The releases examined, oldest first (the oldest is the one the others are compared from).
        routes: Per route id, its history; a route the newest release examined does not serve
            (a change not yet committed) has none.
    """

    releases: tuple[HistoryRelease, ...] = ()
    routes: dict[str, RouteHistory] = field(default_factory=dict)

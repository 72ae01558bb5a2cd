"""Each endpoint's history from the releases' API changes: the release that added, changed and deprecated it.

The releases' comparisons are the changelog's, made once per build; this module only reads
them, oldest first, and follows every endpoint (method and path with the parameters' names
erased, as the comparison matches them) through them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from docgen.changelog.build import Releases, short_hash
from docgen.diff.compare import endpoint_key, path_key
from docgen.model import Route
from docgen.model.apidiff import ApiChange
from docgen.model.apihistory import (
    ApiHistory,
    HistoryRelease,
    ReleaseKind,
    RouteChange,
    RouteHistory,
    RouteRelease,
)
from docgen.model.changelog import UNRELEASED, Release

ADDED = "endpoint-added"
DEPRECATED = "endpoint-deprecated"
REACTIVATED = "endpoint-reactivated"
REMOVED = frozenset({"endpoint-removed", "api-removed-without-deprecation", "api-path-removed-without-deprecation"})
"""The rules that end an endpoint: its history starts again if it comes back."""

Key = tuple[str, str]


@dataclass(slots=True)
class _Trace:
    """One endpoint followed through the releases: what is known of it so far."""

    added: str
    added_before: bool
    changed: list[RouteRelease] = field(default_factory=list)
    deprecated: str = ""


@dataclass(frozen=True, slots=True)
class Trail:
    """The releases examined for the history and each endpoint's trace through them.

    Attributes:
        releases: The releases examined, oldest first (the first is the one the others are compared from).
        traces: Per endpoint key, its trace up to the newest release.
        served: The endpoints the newest release serves, and whether each is deprecated there.
    """

    releases: tuple[HistoryRelease, ...]
    traces: dict[Key, _Trace]
    served: dict[Key, bool]

    def for_routes(self, routes: Sequence[Route]) -> ApiHistory:
        """The history of each of ``routes`` (the catalog's) that the newest release serves, by route id."""
        found: dict[str, RouteHistory] = {}
        for route in routes:
            key = endpoint_key(route)
            trace = self.traces.get(key)
            if trace is None or key not in self.served:
                continue  # not served by the newest release examined: a change not committed yet
            deprecated, deprecated_before = "", False
            if self.served[key]:  # deprecated from its start, unless a release deprecated it
                deprecated = trace.deprecated or trace.added
                deprecated_before = not trace.deprecated and trace.added_before
            found[route.id] = RouteHistory(
                added=trace.added,
                added_before=trace.added_before,
                changed=tuple(trace.changed),
                deprecated=deprecated,
                deprecated_before=deprecated_before,
            )
        return ApiHistory(releases=self.releases, routes=found)


def trail(releases: Releases, count: int) -> Trail | None:
    """The trail through the newest ``count`` of ``releases`` (None when there is none).

    The oldest release kept is compared from the one before it when the changelog has its
    comparison; otherwise (the repository's first release) it is the start itself. An endpoint
    already served at the start was added there, or before when older releases exist that were
    not examined.
    """
    kept = list(reversed(releases.changelog.releases))  # oldest first
    complete = releases.complete
    if len(kept) > count:
        complete = complete and kept[-count - 1].diff is None  # the new start is the first release, or not
        kept = kept[-count:]
    if not kept:
        return None
    start = kept[0]
    tagged = releases.tagged
    if start.diff is not None:
        examined, compared = [_release(start.previous, start.diff.base.commit or "", tagged=tagged)], kept
    else:
        examined, compared = [_history_release(start, tagged)], kept[1:]
    examined += [_history_release(r, tagged) for r in compared]
    traces: dict[Key, _Trace] = {}
    first = examined[0].name
    for release, name in zip(compared, (r.name for r in examined[1:]), strict=True):
        if release.diff is not None:
            _follow(traces, release.diff.changes, name, first, not complete)
    served = {endpoint_key(route): route.deprecated for route in releases.newest}
    for key in served.keys() - traces.keys():
        traces[key] = _Trace(added=first, added_before=not complete)
    return Trail(releases=tuple(examined), traces=traces, served=served)


def _follow(traces: dict[Key, _Trace], changes: Sequence[ApiChange], name: str, first: str, before: bool) -> None:
    """Move every endpoint's trace on through one release's changes."""
    by_key: dict[Key, list[ApiChange]] = {}
    for change in changes:
        by_key.setdefault(path_key(change.method, change.path), []).append(change)
    for key, listed in by_key.items():
        rules = {c.rule for c in listed}
        if rules & REMOVED:
            traces.pop(key, None)
            continue
        if ADDED in rules:
            traces[key] = _Trace(added=name, added_before=False)
            continue
        trace = traces.setdefault(key, _Trace(added=first, added_before=before))
        if DEPRECATED in rules:
            trace.deprecated = name
        if REACTIVATED in rules:
            trace.deprecated = ""
        kept = tuple(RouteChange(rule=c.rule, level=c.level, message=c.message) for c in listed if c.rule != DEPRECATED)
        if kept:
            trace.changed.append(RouteRelease(release=name, changes=kept))


def _history_release(release: Release, tagged: bool) -> HistoryRelease:
    """A changelog release as the history names it: its tag, or its commit's short hash when unreleased."""
    if release.name == UNRELEASED:
        return _release(short_hash(release.commit), release.commit, tagged=False, date=release.date)
    return _release(release.name, release.commit, tagged=tagged, date=release.date)


def _release(name: str, commit: str, *, tagged: bool, date: str = "") -> HistoryRelease:
    return HistoryRelease(name=name, kind=ReleaseKind.TAG if tagged else ReleaseKind.COMMIT, commit=commit, date=date)

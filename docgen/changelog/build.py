"""Building a changelog: the releases to show, each side's API read from git objects and compared in turn."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from docgen.api import analyse_code
from docgen.changelog.apicache import ApiSnapshot, ReleaseCache
from docgen.changelog.releases import group_commits, read_commit, release_order
from docgen.config import Config
from docgen.diagnostics import Reporter
from docgen.diff.allow import accept
from docgen.diff.compare import compare
from docgen.diff.gitrefs import LoggedCommit, Repository, Tag
from docgen.errors import UsageError
from docgen.model import Route
from docgen.model.apidiff import ApiDiff, Side
from docgen.model.changelog import UNRELEASED, Changelog, Release


@dataclass(frozen=True, slots=True)
class _Point:
    """A release to show: its name, commit and date, the tag before it (None: the first), whether it is unreleased."""

    name: str
    commit: str
    timestamp: int
    previous: Tag | None
    unreleased: bool = False


@dataclass(frozen=True, slots=True)
class Releases:
    """Releases with their API changes, and what the newest of them serves.

    Attributes:
        changelog: The releases, newest first.
        newest: The routes of the newest release (``HEAD``'s, when it has unreleased commits).
        complete: Whether the oldest release analysed (the one the oldest shown is compared
            from, else the oldest shown) is the repository's first: nothing older exists.
        tagged: Whether the releases are tags (else commits named by their short hash).
    """

    changelog: Changelog
    newest: tuple[Route, ...]
    complete: bool
    tagged: bool = True


def build_changelog(
    root: Path,
    configure: Callable[[Path], Config],
    reporter: Reporter,
    allowed: Sequence[str] = (),
    *,
    since: str | None = None,
    limit: int | None = None,
    repo: Repository | None = None,
) -> Changelog:
    """The changelog of the repository holding ``root``, newest release first (see :func:`read_releases`)."""
    return read_releases(root, configure, reporter, allowed, since=since, limit=limit, repo=repo).changelog


def read_releases(
    root: Path,
    configure: Callable[[Path], Config],
    reporter: Reporter,
    allowed: Sequence[str] = (),
    *,
    since: str | None = None,
    limit: int | None = None,
    repo: Repository | None = None,
    cache: ReleaseCache | None = None,
) -> Releases:
    """The releases of the repository holding ``root``, newest first, and what the newest serves.

    Args:
        root: The analysed directory, inside a git work tree.
        configure: The configuration for a directory standing for ``root`` at some commit.
        reporter: Receives the analyses' diagnostics.
        allowed: The configured accepted breaks (see :mod:`docgen.diff.allow`).
        since: Show only the releases after this tag (and the unreleased commits).
        limit: Show at most this many releases (the newest); None: all.
        repo: The repository of ``root``, when the caller has opened it already.
        cache: Where the released trees' APIs are kept between runs (their analyses'
            diagnostics are then not reported again); None: every tree is analysed.

    Returns:
        The releases: each tag's API compared with the previous tag's, and the commits between
        them; an ``Unreleased`` section first when ``HEAD`` has commits after the newest tag.
        Each commit analysed is exported into a scratch directory, removed afterwards; the
        unchanged files' facts come from the cache.

    Raises:
        GitRefError: ``root`` is not in a git repository, or it has no commit.
        UsageError: ``since`` is not a tag of the repository.
    """
    repo = repo or Repository(root)
    order = release_order(repo.tags())
    head = repo.commit("HEAD")
    start = _start(order, since)
    points = [_Point(tag.name, tag.commit, tag.timestamp, order[i - 1] if i else None) for i, tag in enumerate(order)]
    unreleased = repo.log(head, order[-1].commit) if order else repo.log(head)
    if unreleased or not order:
        latest = unreleased[0].timestamp if unreleased else 0
        points.append(_Point(UNRELEASED, head, latest, order[-1] if order else None, unreleased=True))
    shown = points[start:]
    if limit is not None and len(shown) > limit:
        shown = shown[len(shown) - limit :]
    logs = [unreleased if p.unreleased else _commits(repo, p) for p in shown]
    diffs, newest = _diffs(repo, shown, configure, reporter, allowed, cache)
    releases = [_release(shown[i], logs[i], diffs.get(i)) for i in reversed(range(len(shown)))]
    omitted = len(points) - len(shown)
    return Releases(Changelog(releases=tuple(releases), omitted=omitted), newest, complete=omitted <= 1)


def read_commits(
    repo: Repository,
    configure: Callable[[Path], Config],
    reporter: Reporter,
    allowed: Sequence[str],
    count: int,
    cache: ReleaseCache | None = None,
) -> Releases:
    """The newest ``count`` commits of ``HEAD``'s first-parent line that changed the analysed directory, as releases.

    Each is named by its short hash and compared with the commit before it on that line (one
    more commit is analysed for the oldest); their messages are not read.
    """
    logged = list(reversed(repo.mainline(repo.commit("HEAD"), count + 1)))
    base = [Tag(short_hash(c.sha), c.sha, c.timestamp) for c in logged]
    points = [_Point(tag.name, tag.commit, tag.timestamp, base[i - 1] if i else None) for i, tag in enumerate(base)]
    shown = points[1:] if len(points) > count else points
    diffs, newest = _diffs(repo, shown, configure, reporter, allowed, cache)
    releases = [_release(shown[i], (), diffs.get(i)) for i in reversed(range(len(shown)))]
    return Releases(Changelog(releases=tuple(releases)), newest, complete=len(points) <= count, tagged=False)


def short_hash(sha: str) -> str:
    """The abbreviation a commit is named by where no tag names it (its first 7 hex digits)."""
    return sha[:7]


def _start(order: Sequence[Tag], since: str | None) -> int:
    """The index of the first release after ``since`` (0 without it).

    Raises:
        UsageError: ``since`` names no tag.
    """
    if since is None:
        return 0
    names = [tag.name for tag in order]
    if since not in names:
        known = ", ".join(names[-5:]) or "none"
        raise UsageError(f"--since {since!r}: no tag of this repository has that name (newest tags: {known})")
    return names.index(since) + 1


def _commits(repo: Repository, point: _Point) -> list[LoggedCommit]:
    """The commits of a release: reachable from it, not from the tag before it."""
    return repo.log(point.commit, point.previous.commit if point.previous else None)


def _diffs(
    repo: Repository,
    points: Sequence[_Point],
    configure: Callable[[Path], Config],
    reporter: Reporter,
    allowed: Sequence[str],
    cache: ReleaseCache | None,
) -> tuple[dict[int, ApiDiff], tuple[Route, ...]]:
    """Each release's API changes since the tag before it, by index in ``points``, and the newest one's routes.

    Each commit is analysed once (none whose API ``cache`` holds).

    Only two exported trees exist at a time: the one compared and the one before it. A side
    whose analysed files are those of the side before it (the same paths and blobs) is not
    exported or analysed again: its API is the same.
    """
    diffs: dict[int, ApiDiff] = {}
    with tempfile.TemporaryDirectory(prefix="docgen-changelog-") as scratch:
        first = points[0].previous if points else None
        sides = [(first.name, first.commit)] if first else []
        sides += [(p.name, p.commit) for p in points]
        before: _Analysed | None = None
        for n, (name, commit) in enumerate(sides):
            files = repo.sources(commit)
            if before is not None and files == before.files:
                now = replace(before, name=name, commit=commit)  # no analysed file changed: same API
            else:
                dest = Path(scratch) / str(n)
                root = repo.export(commit, dest, files)
                now = _Analysed(name, commit, files, dest, root, _analysed_api(files, configure(root), reporter, cache))
            if before is not None:
                diffs[n - len(sides) + len(points)] = ApiDiff(
                    base=Side(label=before.name, commit=before.commit, routes=len(before.code.routes)),
                    head=Side(label=name, commit=commit, routes=len(now.code.routes)),
                    changes=tuple(accept(compare(before.code, now.code), allowed, before.root, now.root)),
                )
                if now.dest != before.dest:
                    shutil.rmtree(before.dest)
            before = now
    return diffs, before.code.routes if before is not None else ()


@dataclass(frozen=True, slots=True)
class _Analysed:
    """One side analysed: its name, commit, exported files (path, blob id), where they are, its root, and analysis."""

    name: str
    commit: str
    files: list[tuple[str, str]]
    dest: Path
    root: Path
    code: ApiSnapshot


def _analysed_api(
    files: list[tuple[str, str]], config: Config, reporter: Reporter, cache: ReleaseCache | None
) -> ApiSnapshot:
    """The routes and models of an exported tree: from ``cache`` when it has them, else analysed (and stored).

    A tree read with the operator's ``extra-paths`` is always analysed: what it resolves depends
    on files outside the tree.
    """
    key = cache.key(files, config) if cache is not None and not config.extra_paths else None
    if cache is not None and key is not None and (found := cache.get(key)) is not None:
        return found
    code = analyse_code(config, reporter)
    snapshot = ApiSnapshot(routes=code.routes, models=code.models)
    if cache is not None and key is not None:
        cache.put(key, snapshot)
    return snapshot


def _release(point: _Point, logged: Sequence[LoggedCommit], diff: ApiDiff | None) -> Release:
    """The release record of ``point``: its date, commits (grouped when conventional) and API changes."""
    commits = tuple(read_commit(c) for c in logged)
    date = datetime.fromtimestamp(point.timestamp, UTC).date().isoformat() if point.timestamp else ""
    return Release(
        name=point.name,
        commit=point.commit,
        date=date,
        previous=point.previous.name if point.previous else "",
        diff=diff,
        commits=commits,
        groups=group_commits(commits),
    )

"""Ordering tags as releases (semantic versions first), and reading conventional-commit messages."""

from __future__ import annotations

import re
from collections.abc import Sequence

from docgen.diff.gitrefs import LoggedCommit, Tag
from docgen.model.changelog import ChangelogCommit, CommitGroup

_SEMVER = re.compile(
    r"v?(0|[1-9]\d*)\.(0|[1-9]\d*)(?:\.(0|[1-9]\d*))?"
    r"(?:-((?:[0-9A-Za-z-]+)(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z.-]+)?"
)
_CONVENTIONAL = re.compile(r"(?P<kind>[A-Za-z]+)(?:\((?P<scope>[^()]*)\))?(?P<bang>!)?: +(?P<text>\S.*)")
_BREAKING_FOOTER = re.compile(r"^BREAKING[ -]CHANGE: ", re.MULTILINE)

TYPE_TITLES: dict[str, str] = {
    "feat": "Features",
    "fix": "Bug fixes",
    "perf": "Performance",
    "refactor": "Refactoring",
    "docs": "Documentation",
    "test": "Tests",
    "build": "Build",
    "ci": "Continuous integration",
    "style": "Style",
    "chore": "Chores",
    "revert": "Reverts",
}
"""The conventional-commit types in the order their groups are shown; other types go under ``Other``."""

SemverKey = tuple[int, int, int, int, tuple[tuple[int, int, str], ...]]


def semver_key(name: str) -> SemverKey | None:
    """The precedence of a ``[v]MAJOR.MINOR[.PATCH][-PRE][+BUILD]`` tag, None for any other name.

    A missing patch is 0; a pre-release sorts before its release, its dot-separated identifiers
    compared as semver 2.0 says (numbers numerically and before words); build metadata is ignored.
    """
    found = _SEMVER.fullmatch(name)
    if found is None:
        return None
    major, minor, patch, pre = found.groups()
    identifiers = tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in pre.split(".")) if pre else ()
    return int(major), int(minor), int(patch or 0), 0 if pre else 1, identifiers


def release_order(tags: Sequence[Tag]) -> list[Tag]:
    """The tags oldest first: the other tags by commit date, then the semantic versions by precedence.

    Shown newest first, the semantic versions lead and tags such as ``release-2019`` follow
    them, ordered by the date of the commit they name.
    """
    versions = [(key, tag) for tag in tags if (key := semver_key(tag.name)) is not None]
    others = sorted((tag for tag in tags if semver_key(tag.name) is None), key=lambda t: (t.timestamp, t.name))
    return [*others, *(tag for _, tag in sorted(versions, key=lambda pair: (pair[0], pair[1].name)))]


def read_commit(commit: LoggedCommit) -> ChangelogCommit:
    """A logged commit with its conventional-commit type, scope and breaking mark, when it has them."""
    found = _CONVENTIONAL.fullmatch(commit.subject)
    if found is None:
        return ChangelogCommit(sha=commit.sha, subject=commit.subject, author=commit.author)
    return ChangelogCommit(
        sha=commit.sha,
        subject=found["text"],
        author=commit.author,
        kind=found["kind"].lower(),
        scope=found["scope"] or "",
        breaking=bool(found["bang"]) or _BREAKING_FOOTER.search(commit.body) is not None,
    )


def group_commits(commits: Sequence[ChangelogCommit]) -> tuple[CommitGroup, ...]:
    """The commits by type when at least half follow the convention, breaking ones first in each; else ()."""
    if not commits or 2 * sum(1 for c in commits if c.kind) < len(commits):
        return ()
    titles = [*TYPE_TITLES.values(), "Other"]
    by_title: dict[str, list[ChangelogCommit]] = {title: [] for title in titles}
    for commit in commits:
        by_title[TYPE_TITLES.get(commit.kind, "Other")].append(commit)
    return tuple(
        CommitGroup(title=title, commits=tuple(sorted(listed, key=lambda c: not c.breaking)))
        for title, listed in by_title.items()
        if listed
    )

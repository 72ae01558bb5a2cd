"""The records of a changelog: releases from tags, each with its API changes and its commits."""

from __future__ import annotations

from dataclasses import dataclass

from docgen.model.apidiff import ApiDiff

UNRELEASED = "Unreleased"
"""The name of the section of the commits after the newest tag."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ChangelogCommit:
    """One commit of a release.

    Attributes:
        sha: Its id.
        subject: The first line of its message (the description, for a conventional commit).
        author: The author's name.
        kind: The conventional-commit type (``feat``, ``fix``), empty when the subject is not one.
        scope: The conventional-commit scope (``api`` of ``feat(api): …``), else empty.
        breaking: Marked ``!`` after the type, or a ``BREAKING CHANGE:`` footer.
    """

    sha: str
    subject: str
    author: str
    kind: str = ""
    scope: str = ""
    breaking: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class CommitGroup:
    """The commits of one conventional-commit type in a release.

    Attributes:
        title: The type's heading (``Features``; ``Other`` for the commits of no known type).
        commits: Its commits, newest first.
    """

    title: str
    commits: tuple[ChangelogCommit, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Release:
    """A tagged release, or the unreleased commits after the newest tag.

    Attributes:
        name: The tag (``v1.2.0``), or :data:`UNRELEASED`.
        commit: The commit released (``HEAD`` for the unreleased section).
        date: The commit's date (``2024-01-02``, UTC).
        previous: The tag compared with, empty for the first release.
        diff: The API changes since ``previous``; None for the first release.
        commits: The commits since ``previous``, newest first.
        groups: The same by conventional-commit type when most of the messages follow the
            convention; empty when they do not (``commits`` is then shown as a plain list).
    """

    name: str
    commit: str
    date: str
    previous: str = ""
    diff: ApiDiff | None = None
    commits: tuple[ChangelogCommit, ...] = ()
    groups: tuple[CommitGroup, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Changelog:
    """The releases of a repository, newest first.

    Attributes:
        releases: The releases shown, the unreleased section first when there is one.
        omitted: How many older releases were left out (``--since``, or the site's cap).
    """

    releases: tuple[Release, ...] = ()
    omitted: int = 0

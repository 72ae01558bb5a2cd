"""The catalog's records of change history: commits, per-file history and churn, the whole history."""

from __future__ import annotations

from dataclasses import dataclass, field

from docgen.model.enums import HistoryStatus


@dataclass(frozen=True, slots=True)
class Commit:
    """A commit, as shown in the history (no body, no e-mail: they are not published).

    Attributes:
        sha: Full hex object id.
        date: Commit time, ISO 8601 in UTC.
        author: Author name.
        summary: First line of the message.
    """

    sha: str
    date: str
    author: str
    summary: str


@dataclass(frozen=True, slots=True)
class FileHistory:
    """The change history of one file.

    Attributes:
        last: The most recent commit that touched the file.
        commits: How many commits touched it.
        authors: Distinct author names, most active first.
    """

    last: Commit
    commits: int = 1
    authors: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class AuthorShare:
    """One author's part of a file's or module's commits.

    Attributes:
        author: Author name (as git shows it, mailmap applied; never an e-mail address).
        commits: Commits of theirs among them.
        share: ``commits`` as a fraction of all of them, rounded to 4 places.
    """

    author: str
    commits: int
    share: float


@dataclass(frozen=True, slots=True)
class FileChurn:
    """How much one file changed: commits over its whole history, lines over the newest commits.

    Attributes:
        commits: Commits that changed it, over the whole history.
        added: Lines added by those of them among the last :attr:`History.churn_window` commits
            (0 for a binary file); None when lines were not counted (a window of 0).
        deleted: Lines deleted by the same commits; None when lines were not counted.
        authors: The authors of all its commits, most commits first (ties: the latest change first).
    """

    commits: int
    added: int | None
    deleted: int | None
    authors: tuple[AuthorShare, ...] = ()


@dataclass(frozen=True, slots=True)
class History:
    """What git says about the analysed tree.

    Attributes:
        status: Whether history is complete, partial (shallow clone) or unavailable.
        reason: Why it is partial or unavailable.
        head: The commit the tree was read at, if any.
        files: Per repo-relative path, its history.
        symbols: Per symbol id (or route handler), the last commit touching its lines.
        recent: The most recent commits touching the analysed files, newest first.
        churn: Per repo-relative path of an analysed file with commits, how much it changed
            (uncommitted edits not counted).
        churn_window: How many of the newest commits touching the analysed tree the lines in
            ``churn`` were counted over: the configured window, or fewer when the history is
            shorter; 0 when lines were not counted.
    """

    status: HistoryStatus = HistoryStatus.UNAVAILABLE
    reason: str = ""
    head: str | None = None
    files: dict[str, FileHistory] = field(default_factory=dict)
    symbols: dict[str, Commit] = field(default_factory=dict)
    recent: tuple[Commit, ...] = ()
    churn: dict[str, FileChurn] = field(default_factory=dict)
    churn_window: int = 0

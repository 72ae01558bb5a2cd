"""Parsers for what git prints (log -z, ls-tree -z, blame --porcelain, remote URLs); runs no git.

Everything git prints about a repository is untrusted (names, messages, paths): the parsers are
byte-exact, decode text with replacement, and never let a name be taken for a record separator
it cannot contain.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from docgen.model import AuthorShare, Commit, FileChurn, FileHistory

LOG_FORMAT = "--pretty=tformat:%x1e%H%x1f%P%x1f%ct%x1f%aN%x1f%s"
"""The ``git log`` format :func:`parse_log` reads: sha, parents, commit time, author, subject."""

_LOG_HEADER = re.compile(rb"\x1e([0-9a-f]{40,64})\x1f([0-9a-f ]*)\x1f(-?\d+)\x1f([^\x1f]*)\x1f(.*)", re.DOTALL)
_BLAME_HEADER = re.compile(rb"([0-9a-f]{40,64}) \d+ (\d+)(?: \d+)?")
_HOST = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?")
_WEB_PATH = re.compile(r"[A-Za-z0-9._~%+-]+(?:/[A-Za-z0-9._~%+-]+)*")


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One commit of a log pass: the catalog record, its commit time, the paths it touched and how.

    ``lines`` holds, for each of ``files`` in order, the lines the commit added and deleted
    there (``(0, 0)`` for a binary file); it is empty for a ``--name-only`` pass.
    """

    commit: Commit
    time: int
    merge: bool
    files: tuple[str, ...]
    lines: tuple[tuple[int, int], ...] = ()


def web_url(remote: str) -> str | None:
    """Turn a git remote address into the repository's web address (see ``git.remote_url``).

    Returns:
        ``scheme://host[:port]/path`` without userinfo, query, fragment or ``.git``; None for
        local paths, ``file://`` and anything that is not a plain host name and path.

    """
    remote = remote.strip()
    scp = re.fullmatch(r"(?:[^@/\s]+@)?([^:/\s]+):(?!//)(\S+)", remote)
    port: int | None = None
    if scp:
        scheme, host, path = "https", scp[1], scp[2]
    else:
        try:
            parts = urlsplit(remote)
            host, port, path = parts.hostname or "", parts.port, parts.path
        except ValueError:
            return None
        if parts.scheme not in ("https", "http", "ssh", "git", "git+ssh", "ssh+git"):
            return None
        # A web scheme keeps its port; an ssh/git port says nothing about the web server's.
        scheme, port = (parts.scheme, port) if parts.scheme in ("https", "http") else ("https", None)
    path = path.strip("/").removesuffix(".git").strip("/")
    if not _HOST.fullmatch(host) or not _WEB_PATH.fullmatch(path):
        return None
    return f"{scheme}://{host}{f':{port}' if port else ''}/{path}"


def parse_log(data: bytes, *, numstat: bool = False) -> list[LogEntry]:
    """Parse ``git log -z --name-only`` (or ``--numstat``) output made with :data:`LOG_FORMAT`, newest first.

    With ``numstat`` each change is ``added<TAB>deleted<TAB>path`` (``-`` for the counts of a
    binary file); the path is everything after the second tab, so a name with tabs in it is read
    whole. Without it each change is a path and nothing else.
    """
    entries: list[LogEntry] = []
    header: re.Match[bytes] | None = None
    files: list[str] = []
    lines: list[tuple[int, int]] = []
    for token in data.split(b"\0"):
        match = _LOG_HEADER.fullmatch(token) if token[:1] == b"\x1e" else None
        if match is not None:
            if header is not None:
                entries.append(_log_entry(header, files, lines))
            header, files, lines = match, [], []
        elif header is not None and token:
            # git separates the header from the first change with one newline.
            change = token[1:] if not files and token.startswith(b"\n") else token
            if numstat:
                added, deleted, change = _numstat(change)
                lines.append((added, deleted))
            files.append(os.fsdecode(change))
    if header is not None:
        entries.append(_log_entry(header, files, lines))
    return entries


def _numstat(token: bytes) -> tuple[int, int, bytes]:
    """``(added, deleted, path)`` of one ``--numstat`` record; a record without counts is all path."""
    parts = token.split(b"\t", 2)
    if len(parts) != 3:
        return 0, 0, token
    added, deleted, path = parts
    return (int(added) if added.isdigit() else 0), (int(deleted) if deleted.isdigit() else 0), path


def _log_entry(header: re.Match[bytes], files: list[str], lines: list[tuple[int, int]]) -> LogEntry:
    sha, parents, seconds, author, summary = (part.decode("utf-8", "replace") for part in header.groups())
    commit = Commit(sha=sha, date=iso_utc(int(seconds)), author=author, summary=summary.strip())
    return LogEntry(commit, int(seconds), merge=len(parents.split()) > 1, files=tuple(files), lines=tuple(lines))


def credit(entries: Sequence[LogEntry], wanted: set[str]) -> dict[str, list[int]]:
    """Per wanted path, the indexes (newest first) of the log entries counted as its changes.

    With ``--diff-merges=first-parent`` a merge lists everything its branch brought in. Counting
    that would credit each branch change twice and name the merger as an author, so a merge
    counts for a file only when no ordinary commit touched it (the file entered through the
    merge itself: a conflict resolution, a subtree or unrelated-history merge).
    """
    ordinary: dict[str, list[int]] = {}
    merges: dict[str, list[int]] = {}
    for index, entry in enumerate(entries):
        target = merges if entry.merge else ordinary
        for path in entry.files:
            if path in wanted:
                target.setdefault(path, []).append(index)
    return {path: ordinary.get(path) or merges[path] for path in ordinary.keys() | merges.keys()}


def file_history(entries: Sequence[LogEntry], indexes: Sequence[int]) -> FileHistory:
    """Summarise the credited entries of one file: last commit, count, authors most active first.

    Authors with as many commits as each other are ordered by their latest change, newest first.
    """
    return FileHistory(
        last=entries[indexes[0]].commit,
        commits=len(indexes),
        authors=tuple(share.author for share in author_shares(entries, indexes)),
    )


def line_changes(window: Iterable[LogEntry]) -> dict[str, dict[str, tuple[int, int]]]:
    """Per commit of a ``--numstat`` pass (by sha), the lines it added and deleted in each path it touched."""
    return {entry.commit.sha: dict(zip(entry.files, entry.lines, strict=False)) for entry in window}


def file_churn(
    entries: Sequence[LogEntry],
    indexes: Sequence[int],
    path: str,
    lines: Mapping[str, Mapping[str, tuple[int, int]]] | None,
) -> FileChurn:
    """The credited entries of ``path`` (its path in the work tree): their count, authors and lines changed.

    The lines are summed over those of the entries that ``lines`` (from :func:`line_changes`)
    has, the newest commits only; with ``lines`` None they are not counted at all.
    """
    added = deleted = None
    if lines is not None:
        added = deleted = 0
        for index in indexes:
            plus, minus = lines.get(entries[index].commit.sha, {}).get(path, (0, 0))
            added, deleted = added + plus, deleted + minus
    return FileChurn(commits=len(indexes), added=added, deleted=deleted, authors=author_shares(entries, indexes))


def author_shares(entries: Sequence[LogEntry], indexes: Sequence[int]) -> tuple[AuthorShare, ...]:
    """The authors of the entries at ``indexes`` (newest first), most commits first, ties by latest change."""
    authors = Counter(entries[index].commit.author for index in indexes)
    first_seen = {entries[index].commit.author: order for order, index in reversed(list(enumerate(indexes)))}
    ranked = sorted(authors, key=lambda name: (-authors[name], first_seen[name]))
    total = len(indexes)
    return tuple(AuthorShare(name, authors[name], round(authors[name] / total, 4)) for name in ranked)


def parse_ls_tree(data: bytes) -> dict[str, str]:
    """Map each regular file of ``git ls-tree -r -z`` output to its blob id."""
    blobs: dict[str, str] = {}
    for record in data.split(b"\0"):
        meta, _, name = record.partition(b"\t")
        fields = meta.split()
        if len(fields) == 3 and fields[0] in (b"100644", b"100755") and fields[1] == b"blob":
            blobs[os.fsdecode(name)] = fields[2].decode("ascii")
    return blobs


def blob_id(data: bytes, length: int) -> str:
    """Compute git's object id of a blob with this content (SHA-1, or SHA-256 for 64-digit ids)."""
    digest = hashlib.sha1(usedforsecurity=False) if length == 40 else hashlib.sha256()
    digest.update(b"blob %d\0" % len(data))
    digest.update(data)
    return digest.hexdigest()


def merge_ranges(ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Merge overlapping or adjacent inclusive line ranges, sorted."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def parse_blame(data: bytes, known: Mapping[str, LogEntry]) -> tuple[dict[int, str], dict[str, tuple[int, Commit]]]:
    """Parse ``git blame --porcelain``: final line -> sha, and sha -> (commit time, Commit).

    Commits already read by the log pass are reused, so a commit reads the same everywhere.
    """
    lines: dict[int, str] = {}
    fields: dict[str, dict[bytes, bytes]] = {}
    sha, line = "", 0
    for raw in data.split(b"\n"):
        if raw.startswith(b"\t"):
            lines[line] = sha
            continue
        header = _BLAME_HEADER.fullmatch(raw)
        if header is not None:
            sha, line = header[1].decode("ascii"), int(header[2])
            fields.setdefault(sha, {})
        elif sha:
            key, _, value = raw.partition(b" ")
            fields[sha].setdefault(key, value)
    commits: dict[str, tuple[int, Commit]] = {}
    for sha, info in fields.items():
        if sha in known:
            commits[sha] = (known[sha].time, known[sha].commit)
            continue
        time_field = info.get(b"committer-time", b"")
        seconds = int(time_field) if time_field.lstrip(b"-").isdigit() else 0
        author, summary = (info.get(key, b"").decode("utf-8", "replace") for key in (b"author", b"summary"))
        commits[sha] = (seconds, Commit(sha=sha, date=iso_utc(seconds), author=author, summary=summary))
    return lines, commits


def iso_utc(seconds: int) -> str:
    """Format a commit time as ``YYYY-MM-DDTHH:MM:SSZ``; empty when out of range (G11)."""
    try:
        utc = time.gmtime(seconds)
    except (OverflowError, OSError, ValueError):
        return ""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", utc) if 1 <= utc.tm_year <= 9999 else ""

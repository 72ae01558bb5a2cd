"""Git history of the analysed files, per file and per symbol, read with a bounded number of git calls.

One ``git log --name-only`` pass over the whole history gives every file's commits and authors
(PERFORMANCE.md §E: ~100x cheaper than one call per file); the lines each file gained and lost
come from a second ``git log --numstat`` pass bounded to the newest commits (``--numstat``
diffs every commit's blobs, several times the cost of the name-only walk, 10x on docgen's own
history: too much over a whole long one); ``git blame`` runs only over the line spans
of the symbols asked for.
Everything is read-only and hardened against a hostile repository (RELIABILITY.md SR-12..SR-15):
GitPython finds the repo, every command runs from an absolute ``git`` with repo-config hooks
disabled, literal pathspecs after ``--``, no pager, prompt, lazy fetch or network protocol, and a
timeout. Files that differ from ``HEAD`` (or are untracked) are left out of ``History.files``:
the site shows them as uncommitted.
"""

from __future__ import annotations

import configparser
import os
import stat
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import replace
from itertools import groupby, pairwise
from pathlib import Path
from typing import TYPE_CHECKING

from docgen.diagnostics import Code, Reporter
from docgen.enrich.gitenv import find_git, without_stray_git_env
from docgen.enrich.gitparse import (
    LOG_FORMAT,
    LogEntry,
    blob_id,
    credit,
    file_churn,
    file_history,
    line_changes,
    merge_ranges,
    parse_blame,
    parse_log,
    parse_ls_tree,
    web_url,
)
from docgen.enrich.gitrepo import foreign_repository
from docgen.enrich.gitrun import GitFailure, GitRunner, import_gitpython
from docgen.model import Commit, History, HistoryStatus, Location, Stage

if TYPE_CHECKING:
    from git import Repo

MAX_BLAME_SPANS = 2000
"""At most this many symbol spans are blamed per run (blame costs 60-130 ms per large file)."""

BLAME_BUDGET = 60.0
"""Wall-clock seconds all blame calls of one run may take together."""

LOG_TIMEOUT = 300.0
"""Timeout of each ``git log`` pass (the whole of a django-sized history takes ~3 s)."""

CALL_TIMEOUT = 60.0
"""Timeout of every other git call."""


_UNAVAILABLE = "history, authors and dates omitted"


def read_history(
    root: Path,
    paths: Sequence[str],
    spans: Mapping[str, Location],
    *,
    reporter: Reporter,
    recent: int = 50,
    churn_commits: int = 0,
) -> History:
    """Read what git knows about the analysed files and symbols.

    Args:
        root: The analysed root; may be a subdirectory of the git work tree.
        paths: POSIX paths of the analysed files, relative to ``root``.
        spans: Symbol id -> the lines of its definition; the newest commit among those lines
            becomes ``History.symbols[id]``.
        reporter: Receives DG920 (history unavailable) and DG921 (partial) warnings.
        recent: How many of the newest commits touching analysed files to keep.
        churn_commits: Over how many of the newest commits touching the analysed tree the lines
            each file gained and lost are counted (one more, bounded ``git log``); 0: not counted.

    Returns:
        The history; ``status`` says whether it is complete, partial (shallow clone) or
        unavailable, and files not committed as they are on disk are absent from ``files``.

    """
    exe = find_git()
    if exe is None:
        return _unavailable(reporter, "git not found on PATH")
    gitpython = import_gitpython(exe)
    with without_stray_git_env():
        try:
            repo = gitpython.Repo(root, search_parent_directories=True, expand_vars=False)
        except (gitpython.InvalidGitRepositoryError, gitpython.NoSuchPathError):
            return _unavailable(reporter, "not a git repository")
        with repo:
            try:
                return _read(_Git(repo, exe), Path(root), paths, spans, reporter, (recent, churn_commits))
            except GitFailure as exc:
                return _unavailable(reporter, str(exc))


def remote_url(root: Path) -> str | None:
    """Return the web address of the ``origin`` remote, without credentials (SR-17).

    Read from the repo's config without running git. ``git@host:o/r.git``, ``ssh://`` and
    ``git://`` remotes become ``https://host/o/r``; ``http(s)`` ones keep their scheme; userinfo,
    port of non-web schemes, query, fragment and a trailing ``.git`` are dropped.

    Returns:
        The address, or None when there is no origin, or it is local or not a recognisable URL.

    """
    gitpython = import_gitpython(find_git())
    with without_stray_git_env():
        try:
            with gitpython.Repo(root, search_parent_directories=True, expand_vars=False) as repo:
                tree = repo.working_tree_dir
                if tree is None or foreign_repository(Path(root), repo.git_dir, repo.common_dir, tree) is not None:
                    return None  # another repository's remote is not this code's
                url = repo.config_reader("repository").get_value('remote "origin"', "url", default="")
        except (gitpython.GitError, configparser.Error, OSError, ValueError):
            return None  # no repo, or an unreadable config: no remote URL to show
    return web_url(str(url))


def _unavailable(reporter: Reporter, reason: str) -> History:
    reporter.warn(Code.NO_HISTORY, f"{reason}: {_UNAVAILABLE}", Stage.ENRICH)
    return History(status=HistoryStatus.UNAVAILABLE, reason=reason)


class _Git:
    """Runs hardened, read-only git commands in one repository's work tree through GitPython."""

    def __init__(self, repo: Repo, exe: str) -> None:
        self.repo = repo
        self.runner = GitRunner(repo.git, exe)

    def run(self, *args: str, timeout: float | None = None) -> bytes:
        """Run ``git <GIT_OPTIONS> <args>`` and return its stdout (:data:`CALL_TIMEOUT` unless told).

        Raises:
            GitFailure: git could not start, exited non-zero, or timed out (then it was killed).

        """
        return self.runner.run(*args, timeout=CALL_TIMEOUT if timeout is None else timeout)


def _read(
    git: _Git,
    root: Path,
    paths: Sequence[str],
    spans: Mapping[str, Location],
    reporter: Reporter,
    limits: tuple[int, int],
) -> History:
    """Locate ``root`` in the work tree, resolve ``HEAD``, then read the history at it.

    ``limits`` are the recent commits kept and the churn window, as :func:`read_history` takes them.
    """
    work_tree = git.repo.working_tree_dir
    if work_tree is None:
        return _unavailable(reporter, "bare repository (no work tree)")
    try:
        prefix = root.resolve().relative_to(Path(work_tree).resolve()).as_posix()
    except ValueError:
        return _unavailable(reporter, "the analysed directory is outside the repository's work tree")
    foreign = foreign_repository(root, git.repo.git_dir, git.repo.common_dir, work_tree)
    found = Path(os.fsdecode(git.run("rev-parse", "--absolute-git-dir").rstrip(b"\n")))
    if foreign is None and found.resolve() != Path(git.repo.git_dir).resolve():
        foreign = "git finds another repository than the one the .git entry names"
    if foreign is not None:
        return _unavailable(reporter, foreign)
    try:
        head = git.run("rev-parse", "--verify", "--quiet", "HEAD^{commit}").decode("ascii").strip()
    except GitFailure as exc:
        if exc.status != 1:
            raise
        return _unavailable(reporter, "no commits yet")
    status, reason = _completeness(git, head, reporter)
    recent, churn_commits = limits
    history = _history_at(git, head, root, "" if prefix == "." else prefix, paths, spans, reporter, churn_commits)
    return replace(history, status=status, reason=reason, recent=history.recent[: max(recent, 0)])


def _history_at(
    git: _Git,
    head: str,
    root: Path,
    prefix: str,
    paths: Sequence[str],
    spans: Mapping[str, Location],
    reporter: Reporter,
    churn_commits: int,
) -> History:
    """Read the files' history in one log pass, find the committed ones, blame the spans in them.

    The lines changed come from a second log pass over the newest ``churn_commits`` commits
    only (none when it is 0).
    """
    to_top = {path: f"{prefix}/{path}" if prefix else path for path in paths}
    pathspec = [prefix] if prefix else []
    entries = parse_log(_log(git, ["--name-only"], head, pathspec))
    window = None
    if churn_commits > 0:  # the same walk cut to its newest commits: the first entries, with their lines
        window = parse_log(_log(git, ["--numstat", f"--max-count={churn_commits}"], head, pathspec), numstat=True)
    lines = line_changes(window) if window is not None else None
    credited = credit(entries, set(to_top.values()))
    blobs = parse_ls_tree(git.run("ls-tree", "-r", "-z", "--full-tree", head, "--", *pathspec))
    line_counts = {path: _committed_lines(root / path, blobs.get(in_tree)) for path, in_tree in to_top.items()}
    clean = {path: to_top[path] for path, count in line_counts.items() if count is not None}
    todo = _blame_plan(spans, clean, line_counts, reporter)
    # With no merge in the log the walked history is one chain: each file's commits are its ancestry.
    linear = not any(entry.merge for entry in entries)
    chains = {top: [entries[i].commit.sha for i in credited.get(top, [])] for _, top, *_ in todo} if linear else None
    touching = sorted({index for indexes in credited.values() for index in indexes})
    return History(
        head=head,
        files={path: file_history(entries, credited[clean[path]]) for path in sorted(clean) if clean[path] in credited},
        symbols=_blame_symbols(git, head, todo, chains, {entry.commit.sha: entry for entry in entries}, reporter),
        recent=tuple(entries[index].commit for index in touching),
        churn={
            path: file_churn(entries, credited[top], top, lines)
            for path, top in sorted(to_top.items())
            if top in credited
        },
        churn_window=len(window) if window is not None else 0,
    )


def _log(git: _Git, changes: Sequence[str], head: str, pathspec: Sequence[str]) -> bytes:
    """One ``git log -z`` pass from ``head`` for :func:`parse_log`, listing ``changes`` (format and limits)."""
    return git.run("log", "-z", *changes, "--no-renames", "--diff-merges=first-parent", "--no-relative",
                   "--no-ext-diff", "--no-textconv", "--encoding=UTF-8", LOG_FORMAT, head, "--", *pathspec,
                   timeout=LOG_TIMEOUT)  # fmt: skip


def _completeness(git: _Git, head: str, reporter: Reporter) -> tuple[HistoryStatus, str]:
    """Tell a full history from a shallow clone's (reported as DG921)."""
    if git.run("rev-parse", "--is-shallow-repository").strip() != b"true":
        return HistoryStatus.AVAILABLE, ""
    count = int(git.run("rev-list", "--count", head))
    reason = f"shallow clone ({count} commit{'' if count == 1 else 's'})"
    reporter.warn(Code.PARTIAL_HISTORY, f"{reason}: dates/authors unreliable — use fetch-depth: 0", Stage.ENRICH)
    return HistoryStatus.PARTIAL, reason


def _committed_lines(path: Path, blob: str | None) -> int | None:
    """The file's line count when it is the committed blob, else None (uncommitted or modified).

    The blob id is computed here from the bytes on disk: no git index, no clean filter is run.
    """
    if blob is None:
        return None
    try:
        if not stat.S_ISREG(path.lstat().st_mode):
            return None
        data = path.read_bytes()
    except OSError:
        return None
    # A checkout with core.autocrlf has CRLF on disk for LF in the repo.
    if blob_id(data, len(blob)) != blob and blob_id(data.replace(b"\r\n", b"\n"), len(blob)) != blob:
        return None
    return data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)


def _blame_plan(
    spans: Mapping[str, Location],
    clean: Mapping[str, str],
    line_counts: Mapping[str, int | None],
    reporter: Reporter,
) -> list[tuple[str, str, int, int, str]]:
    """The spans to blame as sorted (path, path in the work tree, first, last line, symbol id), capped."""
    todo = []
    for sid, loc in spans.items():
        count = line_counts.get(loc.path)
        if loc.path in clean and count and 0 < loc.line <= count:
            todo.append((loc.path, clean[loc.path], loc.line, min(max(loc.line, loc.end_line), count), sid))
    todo.sort()
    if len(todo) > MAX_BLAME_SPANS:
        reporter.warn(
            Code.SYMBOL_HISTORY_LIMITED,
            f"blame capped at {MAX_BLAME_SPANS} of {len(todo)} symbols: last change omitted for the rest",
            Stage.ENRICH,
        )
    return todo[:MAX_BLAME_SPANS]


def _blame_symbols(
    git: _Git,
    head: str,
    todo: Sequence[tuple[str, str, int, int, str]],
    chains: Mapping[str, Sequence[str]] | None,
    known: Mapping[str, LogEntry],
    reporter: Reporter,
) -> dict[str, Commit]:
    """Blame the planned spans, one call per file, and keep the newest commit of each span.

    With ``chains`` (a linear history: the file's commits, newest first, from the log pass) blame
    gets that ancestry through ``-S`` and starts at the file's last change, so it only visits
    the commits that touched the file (~10 ms instead of ~1 s on a 33k-commit history).
    Otherwise blame starts at ``head`` and walks the history itself.
    """
    deadline = time.monotonic() + BLAME_BUDGET
    symbols: dict[str, Commit] = {}
    failed: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory(prefix="docgen-blame-") as scratch:
        for path, group in groupby(todo, key=lambda item: item[0]):
            items = list(group)
            timeout = min(CALL_TIMEOUT, deadline - time.monotonic())
            chain = chains.get(items[0][1]) if chains is not None else None
            try:
                if timeout <= 0:
                    raise GitFailure("no time left")
                out = _blame_file(git, head, items, chain, Path(scratch) / "ancestry", timeout)
            except GitFailure as exc:
                budget_used = time.monotonic() >= deadline
                failed.append((path, f"blame budget of {BLAME_BUDGET:g}s used up" if budget_used else str(exc)))
                continue
            lines, commits = parse_blame(out, known)
            for *_, first, last, sid in items:
                found = {lines[n] for n in range(first, last + 1) if n in lines}
                if found:
                    symbols[sid] = max((commits[sha] for sha in found), key=lambda c: (c[0], c[1].sha))[1]
    if failed:
        path, why = failed[0]
        reporter.warn(
            Code.SYMBOL_HISTORY_LIMITED,
            f"last change of symbols omitted in {len(failed)} file(s); first: {why}",
            Stage.ENRICH,
            Location(path),
        )
    return dict(sorted(symbols.items()))


def _blame_file(
    git: _Git,
    head: str,
    items: Sequence[tuple[str, str, int, int, str]],
    chain: Sequence[str] | None,
    ancestry: Path,
    timeout: float,
) -> bytes:
    """Run ``git blame --porcelain`` over the merged line ranges of one file's spans."""
    ranges = merge_ranges((first, last) for _, _, first, last, _ in items)
    args = [
        "blame",
        "--porcelain",
        "--no-ext-diff",
        "--no-textconv",
        *(a for r in ranges for a in ("-L", f"{r[0]},{r[1]}")),
    ]
    start = head
    if chain:
        # The file's commits as a parent chain; the oldest has no parent (it created the file).
        ancestry.write_text("".join(f"{child} {parent}\n" for child, parent in pairwise(chain)) + chain[-1] + "\n")
        args += ["-S", str(ancestry)]
        start = chain[0]
    return git.run(*args, start, "--", items[0][1], timeout=timeout)

"""Reading the analysed tree as it is at a git commit, from git objects only (no checkout).

Every call goes through the history reading's runner (:class:`~docgen.enrich.gitrun.GitRunner`,
RELIABILITY.md SR-12..SR-15): an absolute ``git`` found before anything else, the repository's
program-running settings neutralised (:data:`~docgen.enrich.gitenv.GIT_OPTIONS`), no prompt,
pager, lazy fetch or network, inherited ``GIT_DIR``-like variables removed, a timeout, refs checked with
``rev-parse --verify`` and never taken as options. Only ``rev-parse``, ``symbolic-ref``,
``merge-base``, ``ls-tree``, ``cat-file``, ``for-each-ref`` and ``log`` run: the work tree, the
index and the refs are never written.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from docgen.enrich.gitenv import find_git, without_stray_git_env
from docgen.enrich.gitrepo import foreign_repository
from docgen.enrich.gitrun import GitFailure, GitRunner, import_gitpython
from docgen.errors import GitRefError

CALL_TIMEOUT = 120.0
"""Seconds one git call may take (``cat-file --batch`` of a whole tree included)."""

DEFAULT_BRANCHES = ("refs/remotes/origin/main", "refs/remotes/origin/master", "refs/heads/main", "refs/heads/master")
"""Where the default branch is looked for when ``origin/HEAD`` does not name it, in this order."""

EXPORTED_NAMES = frozenset({"pyproject.toml", "docgen.toml", ".gitignore"})
"""Files besides Python sources that the analysis reads: the configuration and the ignore rules."""

EXPORTED_SUFFIXES = (".py", ".pyi")

_TAG_FORMAT = (
    "%(refname:strip=2)%00%(objecttype)%00%(objectname)%00%(committerdate:unix)"
    "%00%(*objecttype)%00%(*objectname)%00%(*committerdate:unix)"
)
"""A tag's name, then its object's type, id and commit date, then the same of the object an annotated tag points to."""

_LOG_FORMAT = "%H%x1f%an%x1f%ct%x1f%s%x1f%b%x1e"
"""A commit's id, author, commit date, subject and body; fields end with US, commits with RS."""


@dataclass(frozen=True, slots=True)
class Tag:
    """A tag naming a commit.

    Attributes:
        name: The tag's name (``v1.2.0``).
        commit: The commit it names (an annotated tag peeled).
        timestamp: That commit's committer date, in seconds since the epoch.
    """

    name: str
    commit: str
    timestamp: int


@dataclass(frozen=True, slots=True)
class LoggedCommit:
    """One commit as ``git log`` reports it.

    Attributes:
        sha: Its id.
        author: The author's name.
        timestamp: The committer date, in seconds since the epoch.
        subject: The first line of the message.
        body: The rest of the message.
    """

    sha: str
    author: str
    timestamp: int
    subject: str
    body: str


class Repository:
    """The git repository holding an analysed directory, read with hardened read-only git calls.

    Attributes:
        root: The analysed directory (absolute).
        top: The top of the work tree.
        prefix: ``root`` relative to ``top`` as a POSIX path ('' at the top).
    """

    def __init__(self, root: Path) -> None:
        exe = find_git()
        if exe is None:
            raise GitRefError("git was not found on PATH (docgen diff reads the refs with git; install it)")
        self.root = root.resolve()
        self.runner = GitRunner(import_gitpython(exe).Git(self.root), exe)
        try:
            out = self._git("rev-parse", "--show-toplevel", "--absolute-git-dir", "--git-common-dir")
        except GitRefError as exc:
            raise GitRefError(
                f"{self.root} is not in a git repository (docgen diff compares git refs: run it in a checkout)"
            ) from exc
        lines = os.fsdecode(out).splitlines()
        if len(lines) != 3:
            raise GitRefError(f"{self.root} is not in a git work tree (docgen diff needs one, not a bare repository)")
        top, git_dir, common = lines
        self.top = Path(top).resolve()
        foreign = foreign_repository(self.root, git_dir, (self.root / common).resolve(), self.top)
        if foreign is not None:
            raise GitRefError(f"{foreign}: docgen diff reads only the analysed directory's own repository")
        relative = self.root.relative_to(self.top).as_posix()
        self.prefix = "" if relative == "." else relative

    def _git(self, *args: str, stdin: bytes | None = None) -> bytes:
        """Run ``git <GIT_OPTIONS> <args>`` from :attr:`root` and return its stdout.

        Raises:
            GitRefError: git failed, or took longer than :data:`CALL_TIMEOUT`; the message is git's first line.
        """
        try:
            with without_stray_git_env():
                return self.runner.run(*args, timeout=CALL_TIMEOUT, stdin=stdin)
        except GitFailure as exc:
            raise GitRefError(str(exc)) from exc

    def commit(self, ref: str) -> str:
        """The commit ``ref`` names (a branch, tag, ``HEAD~2``, a hash).

        Raises:
            GitRefError: ``ref`` is not a commit of this repository, or could be read as an option.
        """
        if not ref or ref.startswith("-") or "\0" in ref or any(c.isspace() for c in ref):
            raise GitRefError(f"not a valid git ref: {ref!r} (name a branch, tag or commit)")
        try:
            out = self._git("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
        except GitRefError as exc:
            raise GitRefError(
                f"unknown git ref {ref!r}: no commit of this repository has that name (check the spelling, "
                "or fetch it first: a shallow CI checkout may need fetch-depth: 0)"
            ) from exc
        return out.decode("ascii").strip()

    def merge_base(self, one: str, other: str) -> str | None:
        """The best common ancestor of two commits, or None when they share no history."""
        try:
            return self._git("merge-base", one, other).decode("ascii").strip() or None
        except GitRefError:
            return None

    def default_branch(self) -> str | None:
        """The default branch as a short name (``origin/main``), or None when none is found."""
        try:
            named = self._git("symbolic-ref", "--quiet", "refs/remotes/origin/HEAD").decode("utf-8").strip()
        except GitRefError:
            named = ""
        for ref in (named, *DEFAULT_BRANCHES) if named else DEFAULT_BRANCHES:
            try:
                self._git("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
            except GitRefError:
                continue
            return ref.removeprefix("refs/remotes/").removeprefix("refs/heads/")
        return None

    def shallow(self) -> bool:
        """Whether the repository is a shallow clone (its oldest commits are not the history's first)."""
        return self._git("rev-parse", "--is-shallow-repository").strip() == b"true"

    def tags(self) -> list[Tag]:
        """Every tag that names a commit (directly or through an annotated tag), by name."""
        out = self._git("for-each-ref", f"--format={_TAG_FORMAT}", "refs/tags")
        found = []
        for line in os.fsdecode(out).splitlines():
            fields = line.split("\0")
            if len(fields) != 7:
                continue
            name, kind, oid, date, peeled_kind, peeled, peeled_date = fields
            if kind == "tag":  # annotated: what it points to counts
                kind, oid, date = peeled_kind, peeled, peeled_date
            if kind == "commit" and date.isdigit():
                found.append(Tag(name=name, commit=oid, timestamp=int(date)))
        return found

    def log(self, head: str, since: str | None = None) -> list[LoggedCommit]:
        """The commits reachable from ``head`` and not from ``since``, newest first, merges left out.

        Both are commit ids from :meth:`commit` or :meth:`tags`, never options.
        """
        revisions = [head, f"^{since}"] if since else [head]
        return _logged(self._git("log", "--no-merges", "--no-decorate", f"--format={_LOG_FORMAT}", *revisions, "--"))

    def mainline(self, head: str, count: int) -> list[LoggedCommit]:
        """The newest ``count`` commits of ``head``'s first-parent line that changed the analysed directory.

        Newest first; a merge on that line counts as the change it brought in. ``head`` is a
        commit id from :meth:`commit`, never an option.
        """
        args = ("log", "--first-parent", f"--max-count={count}", "--no-decorate", f"--format={_LOG_FORMAT}")
        return _logged(self._git(*args, head, "--", "."))

    def export(self, commit: str, dest: Path, wanted: list[tuple[str, str]] | None = None) -> Path:
        """Write the analysed directory's sources and configuration at ``commit`` under ``dest``.

        The tree is read with ``ls-tree`` and the blobs with one ``cat-file --batch`` (no filter,
        no textconv runs); regular files only, paths kept relative to the top of the work tree,
        so the configuration of a parent directory is found as in the checkout.

        ``wanted`` is :meth:`sources` of ``commit`` when the caller has it already.

        Returns:
            The directory under ``dest`` standing for :attr:`root`.
        """
        wanted = self.sources(commit) if wanted is None else wanted
        out = self._git("cat-file", "--batch", stdin=b"".join(oid.encode("ascii") + b"\n" for _, oid in wanted))
        offset = 0
        for path, oid in wanted:
            header_end = out.index(b"\n", offset)
            fields = out[offset:header_end].split()
            if len(fields) != 3 or fields[0].decode("ascii") != oid or fields[1] != b"blob":
                raise GitRefError(f"git cat-file gave an unexpected answer for {path}")
            size = int(fields[2])
            start = header_end + 1
            target = dest.joinpath(*PurePosixPath(path).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(out[start : start + size])
            offset = start + size + 1
        root = dest.joinpath(*PurePosixPath(self.prefix).parts) if self.prefix else dest
        root.mkdir(parents=True, exist_ok=True)
        return root

    def sources(self, commit: str) -> list[tuple[str, str]]:
        """(path, blob id) of the files :meth:`export` writes: sources under the prefix, config anywhere."""
        listing = self._git("ls-tree", "-r", "-z", "--full-tree", commit)
        inside = f"{self.prefix}/" if self.prefix else ""
        wanted = []
        for entry in listing.split(b"\0"):
            meta, _, raw_path = entry.partition(b"\t")
            fields = meta.split()
            if len(fields) != 3 or fields[0] not in (b"100644", b"100755") or fields[1] != b"blob":
                continue  # symlinks, submodules and trees are not written
            path = os.fsdecode(raw_path)
            parts = PurePosixPath(path).parts
            if any(part in ("", ".", "..", ".git") for part in parts) or "\\" in path:
                continue  # never a name that could lead outside the scratch directory
            name = parts[-1]
            if name in EXPORTED_NAMES or (path.startswith(inside) and name.endswith(EXPORTED_SUFFIXES)):
                wanted.append((path, fields[2].decode("ascii")))
        return wanted


def _logged(out: bytes) -> list[LoggedCommit]:
    """The commits of ``git log`` output in :data:`_LOG_FORMAT`."""
    commits = []
    for record in out.decode("utf-8", "replace").split("\x1e"):
        fields = record.strip("\n").split("\x1f")
        if len(fields) == 5 and fields[2].isdigit():
            sha, author, date, subject, body = fields
            commits.append(LoggedCommit(sha, author, int(date), subject, body.strip()))
    return commits

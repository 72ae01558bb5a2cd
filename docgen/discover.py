"""Discovery: which files under the root are analysed, their module names and content hashes.

The walk never leaves the root through a symlink, never enters a directory twice (loops),
honours ``.gitignore`` files and the exclude patterns, and skips files above the size cap.
Only regular files are opened (a FIFO or device named ``x.py`` is reported, never read).
Every file it passes over for a reason other than an exclude is reported, as are uninitialised
git submodules and files whose names differ only in case. A site docgen published (a directory
holding its marker) is never analysed, so ``docgen build`` writes ``./site`` in a project root.
"""

from __future__ import annotations

import errno
import fnmatch
import hashlib
import os
import re
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path
from typing import Any

import pathspec

from docgen.config import SITE_MARKER, Config
from docgen.diagnostics import Code, Reporter
from docgen.model import Diagnostic, Location, Severity, Stage
from docgen.model.source import SourceFile
from docgen.moduleid import is_django_project, module_name

_NOT_ANALYSED = frozenset({".pyx", ".pxd", ".so", ".pyd", ".ipynb"})
_MAX_META_BYTES = 1024**2  # .gitignore and .gitmodules: nobody writes a megabyte of them
_SUBMODULE_PATH = re.compile(r"^\s*path\s*=\s*(.*?)\s*$", re.MULTILINE)
_NO_SUBMODULE = "submodule not initialised: its code is not analysed; run git submodule update --init"
_KINDS = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISDIR, "a directory"),
)


class _Unreadable(Exception):
    """A file could not be read for a reason worth one diagnostic; ``str()`` says why."""


@dataclass(slots=True)
class _Walk:
    """The state of one discovery: the settings, the directories seen and the submodules declared."""

    root: Path
    excludes: tuple[str, ...]
    use_gitignore: bool
    reporter: Reporter
    seen: set[tuple[int, int]] = field(default_factory=set)
    submodules: set[Path] = field(default_factory=set)
    installed: list[Path] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Tree:
    """What discovery found.

    Attributes:
        files: The files to analyse, sorted by path.
        installed: Folders of installed third-party packages inside the tree (vendored
            dependencies: a folder holding ``*.dist-info`` directories), read as libraries.
    """

    files: list[SourceFile]
    installed: tuple[Path, ...] = ()


def discover(config: Config, reporter: Reporter) -> list[SourceFile]:
    """Select, read and name the files to analyse, sorted by path."""
    return discover_tree(config, reporter).files


def discover_tree(config: Config, reporter: Reporter) -> Tree:
    """The files to analyse, and the folders of vendored packages that are not analysed but read as libraries.

    A folder holding ``*.dist-info`` directories is an install target (``pip install
    --target``, a vendored ``dist/``): its code is the project's dependencies, imported under
    their own names (``morango.models``, not ``kolibri.dist.morango.models``), so it is read as
    ``extra-paths`` are and not documented as the project's code.
    """
    root = config.root
    is_django_project.cache_clear()  # a manage.py may have changed since the last run (live preview)
    walk = _Walk(root, (*config.exclude, *config.extend_exclude), config.respect_gitignore, reporter)
    walk.submodules.update(_declared_submodules(_repo_top(root)))
    starts = [root / s for s in config.source] or [root]
    found: dict[str, Path] = {}
    for start in starts:
        for path in _walk(walk, start):
            found.setdefault(path.relative_to(root).as_posix(), path)
    files: list[SourceFile] = []
    for rel in sorted(found):
        if rel.endswith(".pyi") and rel[:-1] in found:
            continue  # the .py next to a stub is documented; the stub adds nothing to routes
        source = read_source(root, rel, found[rel], config.max_file_bytes, reporter)
        if source is not None:
            files.append(source)
    _report_case_collisions(files, reporter)
    for folder in walk.installed:
        message = "folder of installed packages (it holds *.dist-info): read as third-party code, not documented"
        where = _loc(root, folder)
        reporter.report(
            Diagnostic(
                severity=Severity.INFO, code=Code.VENDORED, message=message, stage=Stage.DISCOVER, location=where
            )
        )
    return Tree(files, tuple(walk.installed))


def _walk(walk: _Walk, start: Path) -> Iterator[Path]:
    root, reporter = walk.root, walk.reporter
    stack: list[tuple[Path, tuple[tuple[Path, pathspec.PathSpec[Any]], ...]]] = [(start, ())]
    while stack:
        folder, ignores = stack.pop()
        try:
            info = folder.stat()
        except OSError as exc:
            reporter.warn(
                Code.NOT_FOLLOWED, f"cannot enter directory ({exc.strerror})", Stage.DISCOVER, _loc(root, folder)
            )
            continue
        if (info.st_dev, info.st_ino) in walk.seen:
            reporter.warn(Code.NOT_FOLLOWED, "symlink loop, not followed", Stage.DISCOVER, _loc(root, folder))
            continue
        walk.seen.add((info.st_dev, info.st_ino))
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
            spec = _gitignore(folder) if walk.use_gitignore else None
        except _Unreadable as exc:
            reporter.warn(Code.NOT_FOLLOWED, str(exc), Stage.DISCOVER, _loc(root, folder))
            continue
        except OSError as exc:
            why = f"cannot enter directory ({exc.strerror}): not analysed; make it readable or exclude it"
            reporter.warn(Code.NOT_FOLLOWED, why, Stage.DISCOVER, _loc(root, folder))
            continue
        if folder != root and any(e.name.endswith(".dist-info") and e.is_dir() for e in entries):
            walk.installed.append(folder)
            continue
        if spec is not None:
            ignores = (*ignores, (folder, spec))
        if any(entry.name == ".gitmodules" for entry in entries):
            walk.submodules.update(_declared_submodules(folder))
        subdirs: list[Path] = []
        for entry in entries:
            path = Path(entry.path)
            kind = _classify(walk, entry, path, ignores)
            if kind == "dir":
                subdirs.append(path)
            elif kind == "file":
                yield path
        stack.extend((d, ignores) for d in reversed(subdirs))


def _classify(
    walk: _Walk, entry: os.DirEntry[str], path: Path, ignores: tuple[tuple[Path, pathspec.PathSpec[Any]], ...]
) -> str | None:
    """``dir`` to enter, ``file`` to read, or None to pass over (reported when not excluded or ignored)."""
    root, reporter = walk.root, walk.reporter
    if _excluded(entry.name, path.relative_to(root).as_posix(), walk.excludes):
        if not entry.name.startswith(".") and _holds_distributions(entry):  # a vendored dist/ is still read
            walk.installed.append(path)
        return None
    try:
        is_link, is_dir = entry.is_symlink(), _is_dir(entry)
    except OSError as exc:
        reporter.warn(Code.NOT_FOLLOWED, f"cannot read: {exc.strerror}", Stage.DISCOVER, _loc(root, path))
        return None
    if _ignored(path, is_dir, ignores) or (is_link and not _link_inside(root, path, reporter)):
        return None
    if is_dir:
        if os.path.lexists(path / SITE_MARKER):
            return None  # docgen's own output
        if path in walk.submodules and not os.path.lexists(path / ".git"):
            reporter.warn(Code.SUBMODULE_MISSING, _NO_SUBMODULE, Stage.DISCOVER, _loc(root, path))
            return None
        return "dir"
    if entry.name.endswith((".py", ".pyi")):
        return "file"
    if path.suffix in _NOT_ANALYSED:
        reporter.warn(
            Code.FILE_SKIPPED, "not analysed (compiled, Cython or notebook)", Stage.DISCOVER, _loc(root, path)
        )
    return None


def _holds_distributions(entry: os.DirEntry[str]) -> bool:
    """Whether a directory entry is an install target (it holds ``*.dist-info`` directories)."""
    try:
        if entry.is_symlink() or not entry.is_dir():
            return False
        with os.scandir(entry.path) as inner:
            return any(e.name.endswith(".dist-info") and e.is_dir(follow_symlinks=False) for e in inner)
    except OSError:
        return False


def _is_dir(entry: os.DirEntry[str]) -> bool:
    """Whether the entry is a directory (through a symlink); a link that cannot be resolved is not."""
    try:
        return entry.is_dir()
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENOENT, errno.ENOTDIR) and entry.is_symlink():
            return False  # _link_inside reports it
        raise


def _loc(root: Path, path: Path) -> Location:
    try:
        return Location(path.relative_to(root).as_posix())
    except ValueError:
        return Location(path.name)


def _excluded(name: str, rel: str, patterns: tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatchcase(name, p) or fnmatch.fnmatchcase(rel, p) for p in patterns)


def _gitignore(folder: Path) -> pathspec.PathSpec[Any] | None:
    """The folder's ignore rules, None without a ``.gitignore``.

    Raises:
        OSError: The folder cannot be searched (so none of its entries can be read).
        _Unreadable: The ``.gitignore`` exists but cannot be read: its rules are unknown.
    """
    file = folder / ".gitignore"
    try:
        data = _read_regular(file, _MAX_META_BYTES)
    except (FileNotFoundError, NotADirectoryError, _NotRegular):
        return None
    except PermissionError:
        file.lstat()  # raises when the folder itself cannot be searched
        raise _Unreadable("directory skipped: its .gitignore cannot be read (Permission denied)") from None
    except OSError as exc:
        raise _Unreadable(f"directory skipped: its .gitignore cannot be read ({exc.strerror})") from None
    return pathspec.GitIgnoreSpec.from_lines(data.decode("utf-8", "replace").splitlines())


def _ignored(path: Path, is_dir: bool, ignores: tuple[tuple[Path, pathspec.PathSpec[Any]], ...]) -> bool:
    for base, spec in ignores:
        rel = path.relative_to(base).as_posix() + ("/" if is_dir else "")
        if spec.match_file(rel):
            return True
    return False


def _link_inside(root: Path, path: Path, reporter: Reporter) -> bool:
    try:
        target = path.resolve(strict=True)
    except RuntimeError:  # Python 3.11-3.12 report a loop this way
        reporter.warn(Code.NOT_FOLLOWED, "symlink loop, not followed", Stage.DISCOVER, _loc(root, path))
        return False
    except OSError as exc:
        why = "symlink loop, not followed" if exc.errno == errno.ELOOP else "broken symlink, skipped"
        reporter.warn(Code.NOT_FOLLOWED, why, Stage.DISCOVER, _loc(root, path))
        return False
    if not target.is_relative_to(root.resolve()):
        reporter.warn(Code.NOT_FOLLOWED, "symlink escapes source root, not followed", Stage.DISCOVER, _loc(root, path))
        return False
    return True


def read_source(root: Path, rel: str, path: Path, max_bytes: int, reporter: Reporter) -> SourceFile | None:
    """The file at ``path`` (``rel`` under ``root``) as a source file; None, with a warning, when it cannot be."""
    location = Location(rel)
    try:
        data = _read_regular(path, max_bytes)
    except FileNotFoundError:
        reporter.warn(Code.FILE_CHANGED, "vanished during the scan", Stage.DISCOVER, location)
        return None
    except _NotRegular as exc:
        reporter.warn(Code.FILE_SKIPPED, f"not a regular file ({exc}), skipped", Stage.DISCOVER, location)
        return None
    except _TooLarge as exc:
        message = f"skipped: {exc.size} bytes is above max-file-bytes ({max_bytes})"
        reporter.warn(Code.FILE_SKIPPED, message, Stage.DISCOVER, location)
        return None
    except OSError as exc:
        reporter.warn(Code.NOT_FOLLOWED, f"cannot read: {exc.strerror}", Stage.DISCOVER, location)
        return None
    module, is_package = module_name(path, root)
    return SourceFile(rel, path, module, is_package, data, hashlib.sha256(data).hexdigest())


class _NotRegular(Exception):
    """The path is a FIFO, socket, device or directory; ``str()`` names the kind."""


class _TooLarge(Exception):
    """The file is above the size cap."""

    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)


def _read_regular(path: Path, limit: int) -> bytes:
    """Read a regular file of at most ``limit`` bytes; anything else is never opened for reading.

    The kind is checked before opening (opening a device can have effects, a FIFO blocks) and
    again on the open descriptor, in case the path was replaced in between.

    Raises:
        _NotRegular: The path is not a regular file.
        _TooLarge: The file is above ``limit``.
        OSError: It could not be read.
    """
    _check_kind(path.stat().st_mode)
    with os.fdopen(os.open(path, _OPEN_FLAGS | getattr(os, "O_CLOEXEC", 0)), "rb") as handle:
        info = os.fstat(handle.fileno())
        _check_kind(info.st_mode)
        if info.st_size > limit:
            raise _TooLarge(info.st_size)
        data = handle.read(limit + 1)
    if len(data) > limit:  # it grew after the check
        raise _TooLarge(len(data))
    return data


def _check_kind(mode: int) -> None:
    if not stat.S_ISREG(mode):
        raise _NotRegular(next((name for test, name in _KINDS if test(mode)), "not a file"))


def _repo_top(root: Path) -> Path | None:
    """The work-tree top of the git repository holding ``root`` (the nearest ``.git``), if any."""
    for folder in (root, *root.parents):
        if os.path.lexists(folder / ".git"):
            return folder
    return None


def _declared_submodules(folder: Path | None) -> set[Path]:
    """The submodule directories a ``.gitmodules`` in ``folder`` declares (``path = …`` lines)."""
    if folder is None:
        return set()
    try:
        text = _read_regular(folder / ".gitmodules", _MAX_META_BYTES).decode("utf-8", "replace")
    except (OSError, _NotRegular, _TooLarge):
        return set()
    return {folder / match.strip('"') for match in _SUBMODULE_PATH.findall(text) if match.strip('"')}


def _report_case_collisions(files: list[SourceFile], reporter: Reporter) -> None:
    """One DG940 per group of paths, or of module names, that are equal once case-folded."""
    reported: set[frozenset[str]] = set()
    keys: tuple[Callable[[SourceFile], str], ...] = (attrgetter("path"), attrgetter("module"))
    for key in keys:
        groups: dict[str, list[SourceFile]] = {}
        for file in files:
            groups.setdefault(key(file).casefold(), []).append(file)
        for group in groups.values():
            paths = frozenset(f.path for f in group)
            if len({key(f) for f in group}) < 2 or paths in reported:
                continue
            reported.add(paths)
            names = sorted(paths)
            listed = ", ".join(names[:-1]) + f" and {names[-1]}"
            message = (
                f"{listed} differ only in case: on a case-insensitive filesystem one overwrites the other "
                "(their pages too); rename one"
            )
            reporter.warn(Code.CASE_COLLISION, message, Stage.DISCOVER, Location(names[0]))

"""Discovery: which files under the root are analysed, their module names and content hashes.

The walk never leaves the root through a symlink, never enters a directory twice (loops),
honours ``.gitignore`` files and the exclude patterns, and skips files above the size cap.
Every file it passes over for a reason other than an exclude is reported.
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pathspec

from docgen.config import Config
from docgen.diagnostics import Reporter
from docgen.model import Location, Stage

_NOT_ANALYSED = frozenset({".pyx", ".pxd", ".so", ".pyd", ".ipynb"})


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A Python source file selected for analysis.

    Attributes:
        path: Repo-relative POSIX path.
        abspath: Absolute path on disk.
        module: Dotted name Python would import it by.
        is_package: Whether it is a package's ``__init__``.
        data: The file's bytes, as read once.
        sha: SHA-256 of ``data`` (the cache key).
    """

    path: str
    abspath: Path
    module: str
    is_package: bool
    data: bytes
    sha: str


def discover(config: Config, reporter: Reporter) -> list[SourceFile]:
    """Select, read and name the files to analyse, sorted by path."""
    root = config.root
    excludes = (*config.exclude, *config.extend_exclude)
    starts = [root / s for s in config.source] or [root]
    found: dict[str, Path] = {}
    for start in starts:
        for path in _walk(root, start, excludes, config.respect_gitignore, reporter):
            found.setdefault(path.relative_to(root).as_posix(), path)
    files: list[SourceFile] = []
    for rel in sorted(found):
        if rel.endswith(".pyi") and rel[:-1] in found:
            continue  # the .py next to a stub is documented; the stub adds nothing to routes
        source = _read(root, rel, found[rel], config.max_file_bytes, reporter)
        if source is not None:
            files.append(source)
    return files


def module_name(path: Path, root: Path | None = None) -> tuple[str, bool]:
    """The dotted import name of ``path`` and whether it is a package ``__init__``.

    Walks up while the parent directory is a package (has ``__init__.py``), stopping at a
    Django project root (a directory holding ``manage.py``), which Django puts on ``sys.path``.
    Below such a root (inside ``root``), directories without ``__init__.py`` are namespace
    packages, so their names stay part of the module name.
    """
    is_package = path.stem == "__init__"
    parts = [] if is_package else [path.stem]
    folder = path.parent
    while (folder / "__init__.py").is_file() and not (folder / "manage.py").is_file():
        parts.append(folder.name)
        if folder.parent == folder:
            break
        folder = folder.parent
    project = _django_root(folder, root)
    if project is not None and project != folder:
        parts.extend(reversed(folder.relative_to(project).parts))
    if not parts:  # a top-level __init__.py with no package around it
        parts = [path.parent.name]
    return ".".join(reversed(parts)), is_package


def _django_root(folder: Path, root: Path | None) -> Path | None:
    if root is None or not folder.is_relative_to(root):
        return None
    for candidate in (folder, *folder.parents):
        if (candidate / "manage.py").is_file():
            return candidate
        if candidate == root:
            break
    return None


def _walk(
    root: Path, start: Path, excludes: tuple[str, ...], use_gitignore: bool, reporter: Reporter
) -> Iterator[Path]:
    seen: set[tuple[int, int]] = set()
    stack: list[tuple[Path, tuple[tuple[Path, pathspec.PathSpec[Any]], ...]]] = [(start, ())]
    while stack:
        folder, ignores = stack.pop()
        try:
            info = folder.stat()
        except OSError as exc:
            reporter.warn("DG905", f"cannot enter directory ({exc.strerror})", Stage.DISCOVER, _loc(root, folder))
            continue
        if (info.st_dev, info.st_ino) in seen:
            reporter.warn("DG905", "symlink loop, not followed", Stage.DISCOVER, _loc(root, folder))
            continue
        seen.add((info.st_dev, info.st_ino))
        if use_gitignore and (spec := _gitignore(folder)) is not None:
            ignores = (*ignores, (folder, spec))
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            reporter.warn("DG905", f"permission denied ({exc.strerror})", Stage.DISCOVER, _loc(root, folder))
            continue
        subdirs: list[Path] = []
        for entry in entries:
            path = Path(entry.path)
            rel = path.relative_to(root).as_posix()
            if _excluded(entry.name, rel, excludes) or _ignored(path, entry.is_dir(), ignores):
                continue
            if entry.is_symlink() and not _link_inside(root, path, reporter):
                continue
            if entry.is_dir():
                subdirs.append(path)
            elif entry.name.endswith((".py", ".pyi")):
                yield path
            elif path.suffix in _NOT_ANALYSED:
                reporter.warn("DG903", "not analysed (compiled, Cython or notebook)", Stage.DISCOVER, _loc(root, path))
        stack.extend((d, ignores) for d in reversed(subdirs))


def _loc(root: Path, path: Path) -> Location:
    try:
        return Location(path.relative_to(root).as_posix())
    except ValueError:
        return Location(path.name)


def _excluded(name: str, rel: str, patterns: tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatchcase(name, p) or fnmatch.fnmatchcase(rel, p) for p in patterns)


def _gitignore(folder: Path) -> pathspec.PathSpec[Any] | None:
    file = folder / ".gitignore"
    if not file.is_file():
        return None
    try:
        lines = file.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    return pathspec.GitIgnoreSpec.from_lines(lines)


def _ignored(path: Path, is_dir: bool, ignores: tuple[tuple[Path, pathspec.PathSpec[Any]], ...]) -> bool:
    for base, spec in ignores:
        rel = path.relative_to(base).as_posix() + ("/" if is_dir else "")
        if spec.match_file(rel):
            return True
    return False


def _link_inside(root: Path, path: Path, reporter: Reporter) -> bool:
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        reporter.warn("DG905", "broken symlink, skipped", Stage.DISCOVER, _loc(root, path))
        return False
    if not target.is_relative_to(root.resolve()):
        reporter.warn("DG905", "symlink escapes source root, not followed", Stage.DISCOVER, _loc(root, path))
        return False
    return True


def _read(root: Path, rel: str, path: Path, max_bytes: int, reporter: Reporter) -> SourceFile | None:
    location = Location(rel)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            return None
        if info.st_size > max_bytes:
            reporter.warn(
                "DG903",
                f"skipped: {info.st_size} bytes is above max-file-bytes ({max_bytes})",
                Stage.DISCOVER,
                location,
            )
            return None
        data = path.read_bytes()
    except FileNotFoundError:
        reporter.warn("DG906", "vanished during the scan", Stage.DISCOVER, location)
        return None
    except OSError as exc:
        reporter.warn("DG905", f"cannot read: {exc.strerror}", Stage.DISCOVER, location)
        return None
    module, is_package = module_name(path, root)
    return SourceFile(rel, path, module, is_package, data, hashlib.sha256(data).hexdigest())

"""The tree's layout: the name a file has from the top of its package chain, and what names are made of."""

from __future__ import annotations

import functools
import keyword
from pathlib import Path


def module_name(path: Path, root: Path | None = None) -> tuple[str, bool]:
    """The dotted import name of ``path`` and whether it is a package ``__init__``.

    Walks up while the parent directory is a package (has ``__init__.py``), stopping at a
    Django project root (a directory holding Django's ``manage.py``), which Django puts on
    ``sys.path``. A ``manage.py`` of another framework (a Flask CLI) is not a root.
    Below such a root (inside ``root``), directories without ``__init__.py`` are namespace
    packages, so their names stay part of the module name.
    """
    is_package = path.stem == "__init__"
    parts = [] if is_package else [path.stem]
    folder = path.parent
    while (folder / "__init__.py").is_file() and not is_django_project(folder):
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


@functools.lru_cache(maxsize=4096)
def is_django_project(folder: Path) -> bool:
    """Whether ``folder`` holds a Django ``manage.py`` (one that names Django in its first 64 KB)."""
    try:
        with (folder / "manage.py").open("rb") as handle:
            head = handle.read(65536)
    except OSError:
        return False
    return b"django" in head.lower()


def _django_root(folder: Path, root: Path | None) -> Path | None:
    if root is None or not folder.is_relative_to(root):
        return None
    for candidate in (folder, *folder.parents):
        if is_django_project(candidate):
            return candidate
        if candidate == root:
            break
    return None


def import_root(path: Path, module: str, is_package: bool) -> Path:
    """The directory ``module`` is named from: ``path`` climbed by the module's parts."""
    depth = module.count(".") + (1 if is_package else 0)
    return path.parents[depth]


def package_of(module: str, is_package: bool) -> str:
    """The package a module's relative imports start from (``a.b`` for ``a.b.c``, the package itself)."""
    return module if is_package else module.rpartition(".")[0]


def relative_base(package: str, level: int) -> list[str]:
    """The parts ``from .`` (level 1), ``from ..`` (level 2), ... name inside ``package``.

    Python refuses to go above the top-level package; the parts then stop at nothing (``[]``),
    as a name resolved from the top would.
    """
    parts = package.split(".") if package else []
    return parts[: len(parts) - (level - 1)] if level - 1 <= len(parts) else []


def is_identifier_path(parts: tuple[str, ...]) -> bool:
    """Whether every part can be a package name (a directory Python can import through)."""
    return all(part.isidentifier() and not keyword.iskeyword(part) for part in parts)

"""Module identity: the dotted name Python imports a file under, from the tree's layout."""

from __future__ import annotations

import functools
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

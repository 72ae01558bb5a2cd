"""The tree's layout: the name a file has from the top of its package chain, and what names are made of."""

from __future__ import annotations

import functools
import keyword
import re
from pathlib import Path


def module_name(path: Path, root: Path | None = None) -> tuple[str, bool]:
    """The dotted import name of ``path`` and whether it is a package ``__init__``.

    Walks up while the parent directory is a package (has ``__init__.py``), stopping at a
    Django project root (see :func:`is_django_project`), which Django puts on ``sys.path``.
    A ``manage.py`` of another framework (a Flask CLI) is not a root.
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
    """Whether ``folder`` is a Django project root: the directory its Django ``manage.py`` runs from.

    Django puts the ``manage.py`` folder on ``sys.path``, but a ``manage.py`` kept inside a package
    names its settings from further up (``pulpcore/app/manage.py`` sets ``pulpcore.app.settings``):
    the root is then the directory that settings name is found from. A ``manage.py`` whose settings
    are not found is a root unless it sits inside a package (its parent has ``__init__.py``).
    """
    head = _manage_py(folder)
    if head is None:
        return False
    settings = _SETTINGS.search(head)
    if settings is not None:
        parts = settings.group(1).decode("ascii").split(".")
        for candidate in (folder, *folder.parents[:MAX_SETTINGS_CLIMB]):
            target = candidate.joinpath(*parts)
            if target.with_suffix(".py").is_file() or (target / "__init__.py").is_file():
                return candidate == folder
    return not (folder.parent / "__init__.py").is_file()


MAX_SETTINGS_CLIMB = 8
"""How many directories above a ``manage.py`` its settings module is looked for."""

_SETTINGS = re.compile(rb"""DJANGO_SETTINGS_MODULE['"]\s*(?:,|\]\s*=)\s*['"](\w+(?:\.\w+)*)['"]""")
"""The settings module a ``manage.py`` sets (``os.environ.setdefault("DJANGO_SETTINGS_MODULE", "x.settings")``)."""


def _manage_py(folder: Path) -> bytes | None:
    """The first 64 KB of a Django ``manage.py`` in ``folder`` (one that names Django); None without one."""
    try:
        with (folder / "manage.py").open("rb") as handle:
            head = handle.read(65536)
    except OSError:
        return None
    return head if b"django" in head.lower() else None


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


_TEST_PARTS = frozenset({"test", "tests", "testing", "conftest", "pytest_plugin"})


def is_test_module(module: str) -> bool:
    """Whether a module is test code (``tests`` packages, ``test_*.py``, ``*_test.py``, conftest, pytest plug-ins)."""
    parts = module.split(".")
    return any(p in _TEST_PARTS for p in parts) or parts[-1].startswith("test_") or parts[-1].endswith("_test")

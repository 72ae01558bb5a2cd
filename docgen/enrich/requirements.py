"""The versions of a library the analysed project declares it needs, read from its packaging files.

docgen imports nothing, so what it knows of the installed libraries is what the project says:
``pyproject.toml`` (``[project] dependencies`` and optional dependencies, Poetry's
``[tool.poetry.dependencies]``), ``setup.cfg`` (``install_requires``), ``requirements*.txt`` and
the ``METADATA`` of a wheel's ``*.dist-info`` (``Requires-Dist``): those of the analysed folder,
else of the nearest of its two parents that has any (``src/app`` is analysed, ``pyproject.toml``
sits two folders up). :func:`major_version` turns a requirement into the major version
it allows, when only one is allowed (``pydantic<2``, ``pydantic==1.10.*``, ``^1.9``: 1).
"""

from __future__ import annotations

import configparser
import re
import tomllib
from pathlib import Path

_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*(.*)$")
_CLAUSE = re.compile(r"(===|==|~=|!=|<=|>=|<|>|\^|~)?\s*v?(\d+)(?:\.(\d+|\*))?")


def declared(root: Path, library: str) -> list[str]:
    """The version specifiers the project's packaging files give ``library`` (``<2,>=1.9.1``), in file order."""
    found: list[str] = []
    for folder in (root, root.parent, root.parent.parent):
        files = _files(folder)
        for path in files:
            try:
                lines = _requirements(path)
            except (OSError, ValueError, UnicodeDecodeError, configparser.Error, tomllib.TOMLDecodeError):
                continue
            found += [spec for name, spec in map(_split, lines) if name == _normal(library)]
        if files:
            return found
    return found


def major_version(specifiers: list[str]) -> int | None:
    """The one major version the specifiers allow together, None when they allow several or say nothing."""
    low, high = 0, 10**6  # allowed majors: low <= major < high
    for specifier in specifiers:
        for clause in specifier.split(","):
            match = _CLAUSE.match(clause.strip())
            if match is None:
                continue
            op, major = match.group(1) or "==", int(match.group(2))
            minor = match.group(3)
            if op in ("==", "===", "^", "~") or (op == "~=" and minor is not None):
                low, high = max(low, major), min(high, major + 1)
            elif op in (">=", ">"):
                low = max(low, major)
            elif op == "<":
                high = min(high, major if minor in (None, "0") else major + 1)
            elif op == "<=":
                high = min(high, major + 1)
    return low if high - low == 1 else None


def highest_release(specifiers: list[str]) -> tuple[int, int] | None:
    """The highest ``(major, minor)`` release the specifiers allow together; None when they set no upper bound.

    ``==2.3.0`` and ``<2.4`` allow 2.3 at most, ``~=2.3.0`` too; ``^2.3`` and ``<3`` allow every 2.x
    (``(2, MAX)``), as does ``==2.*``.
    """
    ceiling: tuple[int, int] | None = None  # the first release not allowed
    for specifier in specifiers:
        for clause in specifier.split(","):
            bound = _upper_bound(clause.strip())
            if bound is not None and (ceiling is None or bound < ceiling):
                ceiling = bound
    if ceiling is None:
        return None
    major, minor = ceiling
    return (major, minor - 1) if minor > 0 else (major - 1, ANY_MINOR)


ANY_MINOR = 10**6
"""The minor of :func:`highest_release` when every minor of a major is allowed."""
_RELEASE = re.compile(r"(===|==|~=|<=|<|\^|~)\s*v?(\d+)(?:\.(\d+|\*))?(?:\.(\d+|\*))?")


def _upper_bound(clause: str) -> tuple[int, int] | None:
    """The first ``(major, minor)`` release one clause refuses, from below; None for a clause with no upper bound."""
    match = _RELEASE.match(clause)
    if match is None:
        return None
    op, major, minor, patch = match.group(1), int(match.group(2)), match.group(3), match.group(4)
    exact_minor = minor is not None and minor != "*"
    if op in ("==", "===", "~"):
        return (major, int(minor) + 1) if exact_minor else (major + 1, 0)
    if op == "~=":
        return (major, int(minor) + 1) if exact_minor and patch is not None else (major + 1, 0)
    if op == "^":
        return (major + 1, 0) if major > 0 or not exact_minor else (0, int(minor) + 1)
    if op == "<=":
        return (major, int(minor) + 1) if exact_minor else (major + 1, 0)
    if exact_minor:  # <X.Y: X.Y refused; <X.Y.Z with Z > 0: X.Y allowed
        return (major, int(minor) + 1) if patch not in (None, "0", "*") else (major, int(minor))
    return (major, 0)


def _files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    names = ["pyproject.toml", "setup.cfg"]
    found = [folder / n for n in names if (folder / n).is_file()]
    found += sorted(p for p in folder.glob("requirements*.txt") if p.is_file())
    found += sorted(p for p in folder.glob("*.dist-info/METADATA") if p.is_file())
    return found


def _requirements(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    if path.name == "pyproject.toml":
        data = tomllib.loads(text)
        project = data.get("project", {})
        lines = list(project.get("dependencies", []))
        for extra in project.get("optional-dependencies", {}).values():
            lines += list(extra)
        poetry = data.get("tool", {}).get("poetry", {}).get("dependencies", {})
        lines += [
            f"{name} {spec if isinstance(spec, str) else spec.get('version', '')}" for name, spec in poetry.items()
        ]
        return lines
    if path.name == "setup.cfg":
        parser = configparser.ConfigParser()
        parser.read_string(text)
        return parser.get("options", "install_requires", fallback="").splitlines()
    if path.name == "METADATA":
        return [line.partition(":")[2] for line in text.splitlines() if line.startswith("Requires-Dist:")]
    return [line.partition("#")[0] for line in text.splitlines() if not line.lstrip().startswith("-")]


def _split(line: str) -> tuple[str, str]:
    match = _NAME.match(line.strip())
    if match is None:
        return "", ""
    spec = match.group(3).split(";")[0].strip().strip("()")
    return _normal(match.group(1)), spec


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()

"""The analysed project's name, version and description, read from its packaging files (never run).

In order, the first file that gives a value wins for that value: ``pyproject.toml``
(``[project]``, then Poetry's ``[tool.poetry]``), ``setup.cfg`` (``[metadata]``), then the string
literals given to ``setup(...)`` in ``setup.py`` (read as a syntax tree, never executed). A
version or description the file computes (``dynamic = ["version"]``, ``attr:`` / ``file:``
directives, a variable) is not known and left out. Files are looked for where
:mod:`docgen.enrich.requirements` looks: the analysed folder, else the nearest of its two parents
that has any.
"""

from __future__ import annotations

import ast
import configparser
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MAX_FILE_BYTES = 1_000_000
"""Larger packaging files are not read."""
MAX_TEXT = 300
"""Longest name, version or description kept (a description is one line)."""


@dataclass(frozen=True, slots=True)
class Metadata:
    """What the packaging files say of the project.

    Attributes:
        name: The distribution name, or None.
        version: The version, when written as a literal.
        description: The one-line summary, when written as a literal.
    """

    name: str | None = None
    version: str | None = None
    description: str | None = None


_FIELDS = ("name", "version", "description")


def project_metadata(root: Path) -> Metadata:
    """The name, version and description the packaging files of ``root`` (or a parent) declare."""
    for folder in (root, root.parent, root.parent.parent):
        files = [folder / n for n in ("pyproject.toml", "setup.cfg", "setup.py") if (folder / n).is_file()]
        if not files:
            continue
        found: dict[str, str] = {}
        for path in files:
            for key, value in _read(path).items():
                if key in _FIELDS and key not in found and isinstance(value, str) and _one_line(value):
                    found[key] = _one_line(value)
        return Metadata(**found)
    return Metadata()


def _one_line(text: str) -> str:
    words = " ".join(text.split())
    return words if len(words) <= MAX_TEXT else words[: MAX_TEXT - 1] + "…"


def _read(path: Path) -> dict[str, Any]:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return {}
        text = path.read_text(encoding="utf-8")
        if path.name == "pyproject.toml":
            return _pyproject(tomllib.loads(text))
        if path.name == "setup.cfg":
            return _setup_cfg(text)
        return _setup_py(text)
    except (OSError, ValueError, SyntaxError, TypeError, configparser.Error, RecursionError, MemoryError):
        return {}  # ValueError: also tomllib.TOMLDecodeError and UnicodeDecodeError


def _pyproject(data: dict[str, Any]) -> dict[str, Any]:
    project = _table(data, "project")
    dynamic = project.get("dynamic")
    computed = dynamic if isinstance(dynamic, list) else []
    found = {k: v for k, v in project.items() if k in _FIELDS and k not in computed}
    poetry = _table(_table(data, "tool"), "poetry")
    return {**{k: v for k, v in poetry.items() if k in _FIELDS}, **found}


def _table(data: dict[str, Any], key: str) -> dict[str, Any]:
    """``data[key]`` when it is a table, else an empty one."""
    value = data.get(key)
    return value if isinstance(value, dict) else {}


def _setup_cfg(text: str) -> dict[str, Any]:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read_string(text)
    if not parser.has_section("metadata"):
        return {}
    found = {}
    for key in _FIELDS:
        value = parser.get("metadata", key, fallback="").strip()
        if value and not value.startswith(("attr:", "file:")):
            found[key] = value
    return found


def _setup_py(text: str) -> dict[str, Any]:
    """The string literals given as ``name=``, ``version=``, ``description=`` to a ``setup(...)`` call."""
    for node in ast.walk(ast.parse(text)):
        if not isinstance(node, ast.Call):
            continue
        callee = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if callee != "setup":
            continue
        return {
            k.arg: k.value.value
            for k in node.keywords
            if k.arg in _FIELDS and isinstance(k.value, ast.Constant) and isinstance(k.value.value, str)
        }
    return {}

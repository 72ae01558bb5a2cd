"""Where settings come from: the configuration file found or given, and ``DOCGEN_*`` variables.

Both readers return flat settings by attribute name (``site_dir``, ``check.fail_under``) and
record what they cannot read as problems; docgen.config validates and resolves the values.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

TABLES = frozenset({"site", "api", "check", "diff", "history", "health"})
"""Sub-tables of ``[tool.docgen]``, flattened to dotted names."""

TRUE = frozenset({"1", "true", "yes"})
"""Values of a boolean ``DOCGEN_*`` variable that mean true."""


def find_config_file(start: Path) -> Path | None:
    """The nearest ``docgen.toml``, or ``pyproject.toml`` with a ``[tool.docgen]`` table."""
    for folder in (start, *start.parents):
        candidate = folder / "docgen.toml"
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and "tool" in (data := _read_toml(pyproject)) and "docgen" in data["tool"]:
            return pyproject
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}


def file_settings(path: Path, problems: list[str]) -> dict[str, Any]:
    """The settings of a ``docgen.toml``, or of the ``[tool.docgen]`` table of a ``pyproject.toml``."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        problems.append(f"cannot read {path.name}: {exc}")
        return {}
    table = data.get("tool", {}).get("docgen", {}) if path.name == "pyproject.toml" else data
    flat: dict[str, Any] = {}
    for key, value in table.items():
        name = key.replace("-", "_")
        if name in TABLES and isinstance(value, dict):
            for sub, sub_value in value.items():
                flat[f"{name}.{sub.replace('-', '_')}"] = sub_value
        else:
            flat[name] = value
    return flat


def env_settings(environ: Mapping[str, str], problems: list[str]) -> dict[str, Any]:
    """The settings given as ``DOCGEN_*`` variables (the operator's); a malformed value is a problem."""
    settings: dict[str, Any] = {}
    for var, value in environ.items():
        if not var.startswith("DOCGEN_") or var in {"DOCGEN_CACHE_DIR_DISABLE"}:
            continue
        name = var.removeprefix("DOCGEN_").lower()
        if name == "jobs":
            try:
                settings[name] = int(value)
            except ValueError:
                problems.append(f"{var} must be an integer, not {value!r}")
        elif name in {"cache_dir", "site_url", "site_name", "repo_url", "docstring_style", "engine"}:
            settings[name] = value
        elif name == "strict":
            settings[name] = value.lower() in TRUE
        elif name == "extra_paths":
            settings[name] = [p for p in value.split(os.pathsep) if p]
    return settings

"""The directories and files docgen never analyses unless told otherwise."""

from __future__ import annotations

DEFAULT_EXCLUDE: tuple[str, ...] = (
    ".bzr",
    ".direnv",
    ".eggs",
    ".git",
    ".git-rewrite",
    ".hg",
    ".mypy_cache",
    ".nox",
    ".pants.d",
    ".pytype",
    ".ruff_cache",
    ".svn",
    ".tox",
    ".venv",
    "__pypackages__",
    "_build",
    "buck-out",
    "build",
    "dist",
    "node_modules",
    "site-packages",
    "venv",
    ".venv*",
    "__pycache__",
    ".pytest_cache",
    ".docgen-staging*",
)
"""Directory and file patterns never analysed unless ``exclude`` is overridden (as Ruff's)."""

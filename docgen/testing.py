"""A small public helper for tests (docgen's and extractor plug-ins'): analyse inline sources."""

from __future__ import annotations

import tempfile
import textwrap
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from docgen.api import CodeAnalysis, discover_code, read_code
from docgen.config import load_config
from docgen.diagnostics import Reporter
from docgen.model import Diagnostic
from docgen.parse import parse_all


def link_sources(
    files: Mapping[str, str], libraries: Mapping[str, str] | None = None, **overrides: Any
) -> tuple[CodeAnalysis, list[Diagnostic]]:
    """Discover, parse and link ``files`` (relative path → source, dedented) in a temporary tree.

    ``libraries`` are written the same way into a separate folder given as ``extra-paths``
    (installed third-party source). No Ruff, no git, a fresh cache: only what the sources say.
    Returns what linking found and every diagnostic reported on the way.
    """
    with tempfile.TemporaryDirectory(prefix="docgen-test-") as tmp:
        root = Path(tmp) / "src"
        _write(root, files)
        if libraries is not None:
            _write(Path(tmp) / "site-packages", libraries)
            overrides = {"extra_paths": [str(Path(tmp) / "site-packages")], **overrides}
        cache = str(Path(tmp) / "cache")
        config = load_config(root, isolated=True, overrides={"jobs": 1, "cache_dir": cache, **overrides})
        reporter = Reporter()
        found, config = discover_code(config, reporter)
        facts = parse_all(found, config, reporter)
        linked = read_code(facts, config, reporter)
        return linked, list(reporter.diagnostics)


def _write(folder: Path, files: Mapping[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for relative, source in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(source).lstrip("\n"), encoding="utf-8")


def routes_table(linked: CodeAnalysis) -> list[tuple[str, str, str | None]]:
    """``(method, path, handler)`` of every route, in catalog order: the usual thing to assert."""
    return [(str(r.method), r.path, r.handler) for r in linked.routes]


def handlers_table(linked: CodeAnalysis) -> list[tuple[str, str, str | None, str | None]]:
    """``(method, path, handler, implementation)`` of every route: for class-based views."""
    return [(str(r.method), r.path, r.handler, r.implementation) for r in linked.routes]

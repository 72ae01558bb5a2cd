"""Rule selection: which findings a run reports, from ``select``, ``ignore`` and ``per-file-ignores``.

Selectors are rule codes or code prefixes (``DG1``, ``E7``, ``F401``), or ``ALL``. As in Ruff,
the most specific selector matching a code decides between ``select`` and ``ignore`` (on a tie,
``ignore`` wins), an empty ``select`` means every rule except the opt-in ones
(:data:`OPT_IN`), and ``per-file-ignores`` always win.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from docgen.config import CheckOptions
from docgen.diagnostics import Code
from docgen.model import Finding

OPT_IN = frozenset({Code.UNDOCUMENTED_FIELD})
"""Rules reported only when a ``select`` entry names them (``DG103``, ``DG1``, ``DG``, ``ALL``).

Undocumented model fields are common enough (ORM columns, enum members) that reporting each one
by default would bury every other finding; their coverage is shown on the Quality page anyway.
"""

_SELECTOR = re.compile(r"ALL|[A-Z]+[0-9]*")


def invalid_selectors(selectors: Iterable[str]) -> list[str]:
    """The entries of ``selectors`` that are neither ``ALL`` nor an upper-case code or prefix."""
    return [s for s in selectors if not _SELECTOR.fullmatch(s)]


def is_selected(code: str, select: Iterable[str], ignore: Iterable[str]) -> bool:
    """Whether ``code`` is reported under ``select`` and ``ignore``."""
    select = tuple(select)
    chosen = _specificity(code, select) if select else (-1 if code in OPT_IN else 0)
    return chosen >= 0 and chosen > _specificity(code, ignore)


def select_findings(
    findings: Iterable[Finding], options: CheckOptions, root: Path, config_dir: Path | None = None
) -> tuple[Finding, ...]:
    """The findings ``options`` keep, sorted by path, line, column and code.

    Args:
        findings: Every finding of the run (Ruff's and docgen's).
        options: The ``[tool.docgen.check]`` settings, command-line flags applied.
        root: The analysed directory (finding paths are relative to it).
        config_dir: The directory ``per-file-ignores`` patterns are relative to (the
            configuration file's); ``root`` when None.
    """
    base = config_dir or root
    kept = [
        f
        for f in findings
        if is_selected(f.code, options.select, options.ignore)
        and not _ignored_in_file(f, options.per_file_ignores, root, base)
    ]
    kept.sort(key=lambda f: (f.location.path, f.location.line, f.column, f.code, f.message))
    return tuple(kept)


def _specificity(code: str, selectors: Iterable[str]) -> int:
    """Length of the longest selector matching ``code`` (0 for ``ALL``), -1 when none does."""
    best = -1
    for selector in selectors:
        if selector == "ALL":
            best = max(best, 0)
        elif code.startswith(selector):
            best = max(best, len(selector))
    return best


def _ignored_in_file(finding: Finding, per_file: dict[str, tuple[str, ...]], root: Path, base: Path) -> bool:
    if not per_file:
        return False
    names = _candidates(finding.location.path, root, base)
    for pattern, codes in per_file.items():
        pattern = pattern.removeprefix("./")
        if any(fnmatch.fnmatchcase(name, pattern) for name in names) and _specificity(finding.code, codes) >= 0:
            return True
    return False


def _candidates(path: str, root: Path, base: Path) -> set[str]:
    """The names a per-file pattern may match: relative to the config's directory, to the root, and the base name."""
    names = {path, PurePosixPath(path).name}
    if (full := root / path).is_relative_to(base):
        names.add(full.relative_to(base).as_posix())
    return names

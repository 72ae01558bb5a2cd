"""docgen's settings for Ruff's complexity pass (mccabe, C901), and its findings read as function complexities.

The complexity pass is a Ruff run of its own, ``--isolated`` from the analysed repository's Ruff
configuration, with C901's threshold at 0 so that every function is reported with its number:
"`get_item` is too complex (3 > 0)". Its findings are measurements, not quality findings: they
become :class:`~docgen.model.FunctionComplexity` records and never enter the catalog's findings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from docgen.model import Finding, FunctionComplexity

COMPLEXITY_RULE = "C901"
"""Ruff's McCabe complexity rule."""

_MESSAGE = re.compile(r"`(?P<name>[^`]+)` is too complex \((?P<complexity>\d+) > \d+\)")


def complexity_flags() -> list[str]:
    """Ruff arguments (after ``check`` and the read-only flags) of the complexity pass."""
    return ["--isolated", "--select", COMPLEXITY_RULE, "--config", "lint.mccabe.max-complexity = 0"]


def complexities(findings: Iterable[Finding]) -> tuple[FunctionComplexity, ...]:
    """The functions the complexity pass measured, sorted by location; other findings are ignored."""
    measured = []
    for finding in findings:
        match = _MESSAGE.fullmatch(finding.message) if finding.code == COMPLEXITY_RULE else None
        if match is not None:
            measured.append(FunctionComplexity(match["name"], finding.location, int(match["complexity"])))
    return tuple(sorted(measured, key=lambda f: (f.location.path, f.location.line, f.name)))

"""The home page's figures besides the project's metadata: coverage, the gravest findings, what was not analysed."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from docgen.diagnostics import CODES, NOT_ANALYSED
from docgen.model import Catalog, Diagnostic, Finding
from docgen.render.quality import CoverageRow, gravest_first

TOP_FINDINGS = 5
"""At most this many findings on the home page, gravest first."""


@dataclass(frozen=True, slots=True)
class NotAnalysed:
    """One kind of analysis failure and how often it happened.

    Attributes:
        code: The diagnostic code (``DG901``...).
        meaning: What it means.
        count: How many were reported.
    """

    code: str
    meaning: str
    count: int


@dataclass(frozen=True, slots=True)
class HomeSummary:
    """The figures of the home page.

    Attributes:
        coverage: Documentation coverage of everything documentable.
        tables: Models stored in a named database table or collection.
        findings: The gravest findings (security first), at most :data:`TOP_FINDINGS`.
        not_analysed: Failures that left part of the code unanalysed, by code (none: no warning).
        notes: How many other diagnostics were reported (a redacted secret, a partial history...).
    """

    coverage: CoverageRow
    tables: int
    findings: tuple[Finding, ...]
    not_analysed: tuple[NotAnalysed, ...]
    notes: int


def context(catalog: Catalog) -> dict[str, Any]:
    """The home page's template variables (besides the shared ``catalog``, ``project`` and ``history``)."""
    failures = [d for d in catalog.diagnostics if d.code in NOT_ANALYSED]
    return {
        "home": HomeSummary(
            coverage=CoverageRow("Total", catalog.coverage.documented, catalog.coverage.total),
            tables=sum(1 for m in catalog.models if m.table),
            findings=gravest_first(catalog.findings)[:TOP_FINDINGS],
            not_analysed=_by_code(failures),
            notes=len(catalog.diagnostics) - len(failures),
        )
    }


def _by_code(diagnostics: list[Diagnostic]) -> tuple[NotAnalysed, ...]:
    counts = Counter(d.code for d in diagnostics)
    return tuple(NotAnalysed(code, CODES.get(code, ""), counts[code]) for code in sorted(counts))

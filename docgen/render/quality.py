"""The figures of the Quality page: docstring coverage, findings by rule and by file, diagnostics.

Tables are capped (:data:`MAX_ROWS`) so a repository with 10⁵ findings still renders a small
page; the page then says how many rows were left out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from docgen.diagnostics import Code
from docgen.model import Catalog, CoverageKind, Diagnostic, Finding, Route

COVERAGE_LABELS = {
    CoverageKind.MODULE: "Modules",
    CoverageKind.CLASS: "Classes",
    CoverageKind.FUNCTION: "Functions",
    CoverageKind.METHOD: "Methods",
    CoverageKind.ROUTE: "Routes",
    CoverageKind.MODEL: "Models",
    CoverageKind.FIELD: "Model fields",
}
"""How the Quality page names each coverage kind."""

MAX_ROWS = 200
"""At most this many rows per table on the Quality page."""


@dataclass(frozen=True, slots=True)
class RuleCount:
    """How often one rule fired.

    Attributes:
        code: Rule code.
        count: Number of findings.
        example: The message of its first finding.
        url: Documentation of the rule, if known.
    """

    code: str
    count: int
    example: str
    url: str | None


@dataclass(frozen=True, slots=True)
class CoverageRow:
    """One row of a coverage table.

    Attributes:
        label: What is counted (``Functions``, ``Routes``, a module name...).
        documented: How many have documentation.
        total: How many there are.
    """

    label: str
    documented: int
    total: int

    @property
    def percent(self) -> str:
        """Coverage as ``87.5 %`` (``n/a`` when there is nothing to cover)."""
        return f"{100 * self.documented / self.total:.1f} %" if self.total else "n/a"


@dataclass(frozen=True, slots=True)
class QualityReport:
    """Everything the Quality page shows, capped.

    Attributes:
        total: Number of findings.
        rules: Findings per rule, most frequent first.
        files: Findings per file, most findings first.
        findings: The findings themselves, in catalog order.
        coverage: Documentation coverage per kind.
        coverage_total: Documentation coverage of every kind together.
        modules: Documentation coverage per module, least covered first.
        unauthenticated: State-changing routes reported as lacking authentication (DG402).
        security: The security findings, gravest first (see :func:`gravest_first`).
        diagnostics: What docgen could not analyse.
        more_rules: Rule rows left out.
        more_files: File rows left out.
        more_findings: Finding rows left out.
        more_diagnostics: Diagnostic rows left out.
        more_modules: Module coverage rows left out.
        more_security: Security finding rows left out.
    """

    total: int
    rules: tuple[RuleCount, ...]
    files: tuple[tuple[str, int], ...]
    findings: tuple[Finding, ...]
    coverage: tuple[CoverageRow, ...]
    coverage_total: CoverageRow
    modules: tuple[CoverageRow, ...]
    unauthenticated: tuple[Route, ...]
    diagnostics: tuple[Diagnostic, ...]
    more_rules: int
    more_files: int
    more_findings: int
    more_diagnostics: int
    more_modules: int
    security: tuple[Finding, ...] = ()
    more_security: int = 0


def gravest_first(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """Security findings first, gravest first, each kept in its given order; then the others in theirs."""
    ranked = sorted(
        enumerate(findings), key=lambda p: (-(p[1].security_severity.score if p[1].security_severity else 0), p[0])
    )
    return tuple(f for _, f in ranked)


def quality_report(catalog: Catalog) -> QualityReport:
    """Summarise the catalog's findings, coverage and diagnostics."""
    findings = catalog.findings
    per_rule = Counter(f.code for f in findings)
    first: dict[str, Finding] = {}
    for finding in findings:
        first.setdefault(finding.code, finding)
    rules = [
        RuleCount(code, count, first[code].message, first[code].url)
        for code, count in sorted(per_rule.items(), key=lambda item: (-item[1], item[0]))
    ]
    files = sorted(Counter(f.location.path for f in findings).items(), key=lambda item: (-item[1], item[0]))
    reported = {(f.location.path, f.location.line) for f in findings if f.code == Code.UNAUTHENTICATED_WRITE}
    unauthenticated = tuple(
        r
        for r in catalog.routes
        if (r.location.path, r.location.line) in reported and r.method.changes_state and not r.auth
    )
    security = tuple(f for f in gravest_first(findings) if f.security_severity is not None)
    coverage = catalog.coverage
    modules = sorted(coverage.modules, key=lambda m: (m.documented / m.total if m.total else 1.0, m.module))
    return QualityReport(
        total=len(findings),
        rules=tuple(rules[:MAX_ROWS]),
        files=tuple(files[:MAX_ROWS]),
        findings=findings[:MAX_ROWS],
        coverage=tuple(CoverageRow(COVERAGE_LABELS[k.kind], k.documented, k.total) for k in coverage.kinds),
        coverage_total=CoverageRow("Total", coverage.documented, coverage.total),
        modules=tuple(CoverageRow(m.module, m.documented, m.total) for m in modules[:MAX_ROWS]),
        unauthenticated=unauthenticated[:MAX_ROWS],
        diagnostics=catalog.diagnostics[:MAX_ROWS],
        more_rules=max(0, len(rules) - MAX_ROWS),
        more_files=max(0, len(files) - MAX_ROWS),
        more_findings=max(0, len(findings) - MAX_ROWS),
        more_diagnostics=max(0, len(catalog.diagnostics) - MAX_ROWS),
        more_modules=max(0, len(modules) - MAX_ROWS),
        security=security[:MAX_ROWS],
        more_security=max(0, len(security) - MAX_ROWS),
    )

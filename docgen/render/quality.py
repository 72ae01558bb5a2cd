"""The figures of the Quality page: findings by rule and by file, coverage, diagnostics.

Tables are capped (:data:`MAX_ROWS`) so a repository with 10⁵ findings still renders a small
page; the page then says how many rows were left out.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from docgen.model import Catalog, Diagnostic, Finding, Route, SymbolKind

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
class Coverage:
    """Documentation coverage of one kind of record.

    Attributes:
        label: What is counted (``Functions``, ``Routes``...).
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
        unauthenticated: State-changing routes without authentication.
        diagnostics: What docgen could not analyse.
        more_rules: Rule rows left out.
        more_files: File rows left out.
        more_findings: Finding rows left out.
        more_diagnostics: Diagnostic rows left out.
    """

    total: int
    rules: tuple[RuleCount, ...]
    files: tuple[tuple[str, int], ...]
    findings: tuple[Finding, ...]
    coverage: tuple[Coverage, ...]
    unauthenticated: tuple[Route, ...]
    diagnostics: tuple[Diagnostic, ...]
    more_rules: int
    more_files: int
    more_findings: int
    more_diagnostics: int


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
    unauthenticated = tuple(r for r in catalog.routes if r.method.changes_state and not r.auth)
    return QualityReport(
        total=len(findings),
        rules=tuple(rules[:MAX_ROWS]),
        files=tuple(files[:MAX_ROWS]),
        findings=findings[:MAX_ROWS],
        coverage=_coverage(catalog),
        unauthenticated=unauthenticated[:MAX_ROWS],
        diagnostics=catalog.diagnostics[:MAX_ROWS],
        more_rules=max(0, len(rules) - MAX_ROWS),
        more_files=max(0, len(files) - MAX_ROWS),
        more_findings=max(0, len(findings) - MAX_ROWS),
        more_diagnostics=max(0, len(catalog.diagnostics) - MAX_ROWS),
    )


def _coverage(catalog: Catalog) -> tuple[Coverage, ...]:
    modules = catalog.modules
    rows = [Coverage("Modules", sum(1 for m in modules if m.docstring and m.docstring.summary), len(modules))]
    kinds = ((SymbolKind.CLASS, "Classes"), (SymbolKind.FUNCTION, "Functions"), (SymbolKind.METHOD, "Methods"))
    for kind, label in kinds:
        symbols = [s for s in catalog.symbols if s.kind is kind and not s.name.startswith("_")]
        documented = sum(1 for s in symbols if s.docstring and s.docstring.summary)
        rows.append(Coverage(label, documented, len(symbols)))
    routes = catalog.routes
    rows.append(Coverage("Routes", sum(1 for r in routes if r.summary or r.description), len(routes)))
    rows.append(Coverage("Models", sum(1 for m in catalog.models if m.summary), len(catalog.models)))
    fields = [f for m in catalog.models for f in m.fields]
    rows.append(Coverage("Model fields", sum(1 for f in fields if f.description), len(fields)))
    return tuple(rows)

"""Security findings first, gravest first, in the site: :func:`docgen.render.quality.gravest_first`."""

from __future__ import annotations

from docgen.model import Finding, FindingSource, Location, SecuritySeverity
from docgen.render.quality import gravest_first


def _finding(code: str, line: int, security: SecuritySeverity | None = None) -> Finding:
    return Finding(code, "m", Location("a.py", line, line), FindingSource.DOCGEN, security_severity=security)


def test_gravest_first_keeps_the_given_order_within_a_severity() -> None:
    findings = [
        _finding("F401", 1),
        _finding("S101", 2, SecuritySeverity.LOW),
        _finding("DG404", 3, SecuritySeverity.HIGH),
        _finding("DG101", 4),
        _finding("DG405", 5, SecuritySeverity.MEDIUM),
        _finding("S602", 6, SecuritySeverity.HIGH),
    ]
    assert [f.code for f in gravest_first(findings)] == ["DG404", "S602", "DG405", "S101", "F401", "DG101"]

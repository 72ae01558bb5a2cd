"""The catalog's records of what docgen found wrong: findings about the code, diagnostics about the run."""

from __future__ import annotations

from dataclasses import dataclass

from docgen.model.enums import FindingSource, SecuritySeverity, Severity, Stage
from docgen.model.location import Location


@dataclass(frozen=True, slots=True)
class Finding:
    """A code-quality or security finding (a Ruff violation or one of docgen's own checks).

    Attributes:
        code: Rule code (``F401``, ``DG101``).
        message: What is wrong.
        location: Where.
        source: The tool that reported it.
        severity: How serious it is.
        url: Documentation of the rule, if known.
        column: 1-based column on ``location.line``; 0 when unknown (docgen's own findings
            concern a whole definition).
        security_severity: For a security finding, the harm it can do; None for other findings.
        cwe: For a security finding, the CWE weakness it is an instance of (``89`` for CWE-89).
    """

    code: str
    message: str
    location: Location
    source: FindingSource
    severity: Severity = Severity.WARNING
    url: str | None = None
    column: int = 0
    security_severity: SecuritySeverity | None = None
    cwe: int | None = None


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """Something docgen could not do, or a warning about the input.

    Attributes:
        severity: Error (a file or feature was skipped) or warning.
        code: A ``DG9xx`` code.
        message: What happened and what to do.
        stage: The stage that reported it.
        location: Where, when it concerns a place in the source.
    """

    severity: Severity
    code: str
    message: str
    stage: Stage
    location: Location | None = None

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        return f"{where}{self.code} {self.message}"

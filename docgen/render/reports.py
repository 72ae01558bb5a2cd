"""The reports of ``docgen check``: text, JSON, SARIF 2.1.0, JUnit XML, GitLab Code Quality, GitHub.

Every formatter takes a :class:`CheckReport` and returns the text to write; nothing here prints
or touches files. Strings from the analysed code are untrusted: control characters are escaped in
text-like outputs, JSON and XML are produced by their libraries, Markdown by a template.
"""

from __future__ import annotations

import hashlib
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import quote

from docgen.diagnostics import CODES
from docgen.model import Coverage, Diagnostic, Finding, SecuritySeverity, Severity

REPORT_VERSION = 1
"""Version of the JSON report's shape; bumped when a key is renamed or removed."""

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"

_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
_GITLAB_SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}
_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_GITHUB_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


@dataclass(frozen=True, slots=True)
class CheckReport:
    """What ``docgen check`` found, with paths as the user should see them.

    Attributes:
        findings: Selected findings, sorted by location.
        coverage: Docstring coverage.
        fail_under: The minimum coverage percentage asked for (0: no minimum).
        diagnostics: What docgen could not analyse.
        version: docgen's version.
        fail_on_severity: When set, only security findings of this severity or graver fail the
            check (``--fail-on-severity``); otherwise every finding does.
    """

    findings: tuple[Finding, ...]
    coverage: Coverage
    fail_under: float = 0.0
    diagnostics: tuple[Diagnostic, ...] = ()
    version: str = ""
    fail_on_severity: SecuritySeverity | None = None

    @property
    def coverage_ok(self) -> bool:
        """Whether docstring coverage meets ``fail_under``."""
        return self.coverage.percent >= self.fail_under

    @property
    def failing(self) -> tuple[Finding, ...]:
        """The findings that fail the check: all of them, or those at or above ``fail_on_severity``."""
        threshold = self.fail_on_severity
        if threshold is None:
            return self.findings
        return tuple(f for f in self.findings if f.security_severity and f.security_severity.at_least(threshold))

    @property
    def passed(self) -> bool:
        """No failing findings and enough coverage."""
        return not self.failing and self.coverage_ok


@dataclass(frozen=True, slots=True)
class RuleStatistic:
    """How often one rule fired.

    Attributes:
        code: Rule code.
        name: What the rule checks (docgen's meaning, Ruff's rule name, or a first message).
        count: Number of findings.
    """

    code: str
    name: str
    count: int


def rebase(findings: Iterable[Finding], prefix: str) -> tuple[Finding, ...]:
    """The findings with ``prefix/`` put before their paths (paths relative to the working directory)."""
    if not prefix:
        return tuple(findings)
    return tuple(replace(f, location=replace(f.location, path=f"{prefix}/{f.location.path}")) for f in findings)


def statistics(findings: Iterable[Finding]) -> tuple[RuleStatistic, ...]:
    """Findings per rule, most frequent first, then by code."""
    findings = list(findings)
    counts = Counter(f.code for f in findings)
    first = {f.code: f for f in reversed(findings)}
    return tuple(
        RuleStatistic(code, _rule_name(first[code]), count)
        for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    )


def format_text(report: CheckReport, *, show_statistics: bool = False) -> str:
    """``path:line:col: CODE message`` lines (or per-rule counts), then a summary, as Ruff prints them."""
    if show_statistics:
        lines = [f"{s.count:>5}\t{s.code:<7}\t{plain(s.name)}" for s in statistics(report.findings)]
    else:
        lines = [f"{_position(f)}: {f.code} {plain(f.message)}" for f in report.findings]
    if report.findings:
        gate = ""
        if report.fail_on_severity is not None:
            gate = f", {len(report.failing)} of {report.fail_on_severity} security severity or above"
        lines.append(f"Found {_count(len(report.findings), 'finding')}{_by_source(report.findings)}{gate}.")
    else:
        lines.append("All checks passed!")
    lines.append(coverage_line(report))
    return "\n".join(lines) + "\n"


def coverage_line(report: CheckReport) -> str:
    """``Docstring coverage: 66.5 % (143 of 215 documented)`` plus how it compares with fail-under."""
    c = report.coverage
    line = f"Docstring coverage: {c.percent:.1f} % ({c.documented} of {c.total} documented)"
    if report.fail_under:
        verdict = "meets" if report.coverage_ok else "is below"
        line += f", {verdict} --fail-under {report.fail_under:g} %"
    return line + "."


def format_json(report: CheckReport) -> str:
    """A stable JSON document: summary, coverage, statistics, findings, diagnostics."""
    c = report.coverage
    data = {
        "schema_version": REPORT_VERSION,
        "docgen_version": report.version,
        "passed": report.passed,
        "summary": {
            "findings": len(report.findings),
            "by_source": dict(sorted(Counter(f.source.value for f in report.findings).items())),
        },
        "coverage": {
            "percent": round(c.percent, 2),
            "documented": c.documented,
            "total": c.total,
            "fail_under": report.fail_under,
            "passed": report.coverage_ok,
            "kinds": [{"kind": str(k.kind), "documented": k.documented, "total": k.total} for k in c.kinds],
            "modules": [
                {"module": m.module, "path": m.path, "documented": m.documented, "total": m.total} for m in c.modules
            ],
        },
        "statistics": [{"code": s.code, "name": s.name, "count": s.count} for s in statistics(report.findings)],
        "findings": [_finding_data(f) for f in report.findings],
        "diagnostics": [_diagnostic_data(d) for d in report.diagnostics],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def format_sarif(report: CheckReport) -> str:
    """A SARIF 2.1.0 log with one run, the rules that fired and one result per finding."""
    rules = statistics(report.findings)
    index = {r.code: i for i, r in enumerate(rules)}
    urls = {f.code: f.url for f in report.findings if f.url}
    graver = {f.code: f for f in sorted(_rated(report.findings), key=lambda f: _score(f))}  # the gravest last
    driver: dict[str, Any] = {
        "name": "docgen",
        "version": report.version,
        "rules": [_sarif_rule(r, urls.get(r.code), graver.get(r.code)) for r in rules],
    }
    results = []
    for finding, fingerprint in zip(report.findings, fingerprints(report.findings), strict=True):
        result = {
            "ruleId": finding.code,
            "ruleIndex": index[finding.code],
            "level": _SARIF_LEVEL[finding.severity],
            "message": {"text": finding.message},
            "locations": [{"physicalLocation": _sarif_location(finding)}],
            "partialFingerprints": {"docgenFingerprint/v1": fingerprint},
        }
        if finding.security_severity is not None:
            result["properties"] = _security_properties(finding)
        results.append(result)
    c = report.coverage
    run = {
        "tool": {"driver": driver},
        "results": results,
        "properties": {"docstringCoverage": round(c.percent, 2), "documented": c.documented, "total": c.total},
    }
    return json.dumps({"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}, indent=2) + "\n"


def format_junit(report: CheckReport) -> str:
    """JUnit XML: one test suite per file with one failing test case per finding, plus a coverage case."""
    suites = ET.Element("testsuites", name="docgen")
    by_file: dict[str, list[Finding]] = {}
    for finding in report.findings:
        by_file.setdefault(finding.location.path, []).append(finding)
    for path, findings in by_file.items():
        suite = ET.SubElement(suites, "testsuite", name=path, tests=str(len(findings)), failures=str(len(findings)))
        for f in findings:
            line = str(max(f.location.line, 1))
            case = ET.SubElement(suite, "testcase", name=f"{f.code}:{line}", classname=path, file=path, line=line)
            failure = ET.SubElement(case, "failure", message=plain(f.message), type=f.code)
            failure.text = f"{_position(f)}: {f.code} {plain(f.message)}"
    coverage = ET.SubElement(suites, "testsuite", name="docgen coverage", tests="1", failures="0")
    case = ET.SubElement(coverage, "testcase", name="docstring coverage", classname="docgen")
    if not report.coverage_ok:
        coverage.set("failures", "1")
        ET.SubElement(case, "failure", message=coverage_line(report), type="coverage").text = coverage_line(report)
    failures = len(report.findings) + (not report.coverage_ok)
    suites.set("tests", str(len(report.findings) + 1))
    suites.set("failures", str(failures))
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


def format_gitlab(report: CheckReport) -> str:
    """GitLab Code Quality issues; fingerprints survive edits that only move a finding to another line."""
    issues = [
        {
            "description": f"{f.code}: {f.message}",
            "check_name": f.code,
            "fingerprint": fingerprint,
            "severity": _GITLAB_SEVERITY[f.severity],
            "location": {"path": f.location.path, "lines": {"begin": max(f.location.line, 1)}},
        }
        for f, fingerprint in zip(report.findings, fingerprints(report.findings), strict=True)
    ]
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"


def format_github(report: CheckReport) -> str:
    """GitHub Actions workflow commands: one annotation per finding, one more when coverage fails."""
    lines = []
    for f in report.findings:
        tool = "docgen" if f.code.startswith("DG") else f.source.value.capitalize()
        props = {"file": f.location.path, "line": str(max(f.location.line, 1))}
        if f.column:
            props["col"] = str(f.column)
        props["title"] = f"{tool} ({f.code})"
        lines.append(workflow_command(_GITHUB_COMMAND[f.severity], props, f"{f.code} {f.message}"))
    if not report.coverage_ok:
        lines.append(workflow_command("error", {"title": "docgen (coverage)"}, coverage_line(report)))
    return "".join(line + "\n" for line in lines)


def github_summary(report: CheckReport, templates_dir: Path | None = None, *, contained: bool = False) -> str:
    """The Markdown job summary for ``$GITHUB_STEP_SUMMARY``: rule counts and coverage per kind.

    ``contained`` reads ``templates_dir`` as an untrusted repository's (no symlink out of it).
    """
    from docgen.render.environment import make_environment  # Jinja loads only for this format
    from docgen.render.quality import COVERAGE_LABELS, CoverageRow

    c = report.coverage
    template = make_environment(templates_dir, contained=contained).get_template("check_summary.md.j2")
    return template.render(
        report=report,
        rules=statistics(report.findings),
        kinds=[CoverageRow(COVERAGE_LABELS[k.kind], k.documented, k.total) for k in c.kinds],
        total=CoverageRow("Total", c.documented, c.total),
        minimum=f"{report.fail_under:g} %",
    )


def fingerprints(findings: Iterable[Finding]) -> list[str]:
    """A stable id per finding: a hash of code, path and message (not the line), plus an occurrence number.

    Identical (code, path, message) triples are numbered in line order, so two equal findings in one
    file keep distinct fingerprints.
    """
    return hashed((f.code, f.location.path, f.message) for f in findings)


def hashed(keys: Iterable[tuple[str, ...]]) -> list[str]:
    """A stable 32-hex id per key: its hash with the number of equal keys before it (see :func:`fingerprints`)."""
    seen: Counter[tuple[str, ...]] = Counter()
    out = []
    for key in keys:
        text = "\0".join((*key, str(seen[key])))
        seen[key] += 1
        out.append(hashlib.sha256(text.encode("utf-8")).hexdigest()[:32])
    return out


FORMATTERS: dict[str, Callable[[CheckReport], str]] = {
    "text": format_text,
    "json": format_json,
    "sarif": format_sarif,
    "junit": format_junit,
    "gitlab": format_gitlab,
    "github": format_github,
}
"""Every ``--format`` of ``docgen check``."""


def _position(f: Finding) -> str:
    return f"{plain(f.location.path)}:{max(f.location.line, 1)}:{max(f.column, 1)}"


def plain(text: str) -> str:
    r"""Control characters (newlines, terminal escapes) shown as ``\xNN``, never acted on."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _by_source(findings: tuple[Finding, ...]) -> str:
    counts = Counter(f.source.value for f in findings)
    return f" ({', '.join(f'{n} {source}' for source, n in sorted(counts.items()))})" if len(counts) > 1 else ""


def _rule_name(finding: Finding) -> str:
    if finding.code in CODES:
        return CODES[finding.code]
    if finding.url:
        return finding.url.rstrip("/").rpartition("/")[2]
    return finding.message


def _finding_data(f: Finding) -> dict[str, Any]:
    return {
        "code": f.code,
        "message": f.message,
        "path": f.location.path,
        "line": f.location.line,
        "end_line": f.location.end_line,
        "column": f.column,
        "source": f.source.value,
        "severity": f.severity.value,
        "url": f.url,
        "security_severity": f.security_severity.value if f.security_severity else None,
        "cwe": f.cwe,
    }


def _diagnostic_data(d: Diagnostic) -> dict[str, Any]:
    return {
        "code": d.code,
        "message": d.message,
        "severity": d.severity.value,
        "stage": d.stage.value,
        "path": d.location.path if d.location else None,
        "line": d.location.line if d.location else None,
    }


def _sarif_rule(rule: RuleStatistic, url: str | None, rated: Finding | None) -> dict[str, Any]:
    data: dict[str, Any] = {"id": rule.code, "shortDescription": {"text": rule.name}}
    if url:
        data["helpUri"] = url
    if rated is not None:  # GitHub code scanning ranks alerts by the rule's security-severity
        data["properties"] = _security_properties(rated)
    return data


def _rated(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.security_severity is not None]


def _score(finding: Finding) -> float:
    return finding.security_severity.score if finding.security_severity else 0.0


def _security_properties(finding: Finding) -> dict[str, Any]:
    """SARIF properties of a security finding: GitHub's numeric ``security-severity`` and tags with its CWE."""
    tags = ["security"] + ([f"external/cwe/cwe-{finding.cwe}"] if finding.cwe else [])
    return {"security-severity": f"{_score(finding):.1f}", "tags": tags}


def _sarif_location(f: Finding) -> dict[str, Any]:
    location: dict[str, Any] = {"artifactLocation": {"uri": quote(f.location.path), "uriBaseId": "%SRCROOT%"}}
    if f.location.line:
        region = {"startLine": f.location.line, "endLine": max(f.location.end_line, f.location.line)}
        if f.column:
            region["startColumn"] = f.column
        location["region"] = region
    return location


def workflow_command(command: str, props: dict[str, str], message: str) -> str:
    """``::command key=value,...::message`` with GitHub's escaping of properties and data."""

    def data(text: str) -> str:
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    def prop(text: str) -> str:
        return data(text).replace(":", "%3A").replace(",", "%2C")

    joined = ",".join(f"{key}={prop(value)}" for key, value in props.items())
    return f"::{command} {joined}::{data(message)}"

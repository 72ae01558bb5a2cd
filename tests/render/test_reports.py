"""Every ``docgen check`` report format on a tiny report: exact text, JSON, SARIF shape, JUnit, GitLab, GitHub."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import replace

from docgen.model import Coverage, CoverageKind, Finding, FindingSource, KindCoverage, Location, ModuleCoverage
from docgen.render import reports

F401 = Finding(
    "F401",
    "`os` imported but unused",
    Location("app/main.py", 1, 1),
    FindingSource.RUFF,
    url="https://docs.astral.sh/ruff/rules/unused-import",
    column=8,
)
DG101 = Finding("DG101", "undocumented route GET /items", Location("app/main.py", 12, 20), FindingSource.DOCGEN)
DG104 = Finding("DG104", "undocumented public function a,b\nc", Location("app/util.py", 3, 3), FindingSource.DOCGEN)
COVERAGE = Coverage(
    kinds=(KindCoverage(CoverageKind.FUNCTION, 1, 2), KindCoverage(CoverageKind.ROUTE, 0, 1)),
    modules=(ModuleCoverage("app.main", "app/main.py", 1, 3),),
    documented=1,
    total=3,
)
REPORT = reports.CheckReport((F401, DG101, DG104), COVERAGE, fail_under=50.0, version="9.9")
CLEAN = reports.CheckReport((), COVERAGE, version="9.9")


def test_text_lists_findings_like_ruff_then_a_summary_with_control_characters_escaped() -> None:
    assert reports.format_text(REPORT) == (
        "app/main.py:1:8: F401 `os` imported but unused\n"
        "app/main.py:12:1: DG101 undocumented route GET /items\n"
        "app/util.py:3:1: DG104 undocumented public function a,b\\x0ac\n"
        "Found 3 findings (2 docgen, 1 ruff).\n"
        "Docstring coverage: 33.3 % (1 of 3 documented), is below --fail-under 50 %.\n"
    )
    assert reports.format_text(CLEAN) == "All checks passed!\nDocstring coverage: 33.3 % (1 of 3 documented).\n"


def test_text_statistics_count_findings_per_rule() -> None:
    assert reports.format_text(REPORT, show_statistics=True).splitlines()[:3] == [
        "    1\tDG101  \tundocumented route",
        "    1\tDG104  \tundocumented public class, function or method",
        "    1\tF401   \tunused-import",
    ]


def test_json_report() -> None:
    data = json.loads(reports.format_json(REPORT))
    assert data == {
        "schema_version": 1,
        "docgen_version": "9.9",
        "passed": False,
        "summary": {"findings": 3, "by_source": {"docgen": 2, "ruff": 1}},
        "coverage": {
            "percent": 33.33,
            "documented": 1,
            "total": 3,
            "fail_under": 50.0,
            "passed": False,
            "kinds": [
                {"kind": "function", "documented": 1, "total": 2},
                {"kind": "route", "documented": 0, "total": 1},
            ],
            "modules": [{"module": "app.main", "path": "app/main.py", "documented": 1, "total": 3}],
        },
        "statistics": [
            {"code": "DG101", "name": "undocumented route", "count": 1},
            {"code": "DG104", "name": "undocumented public class, function or method", "count": 1},
            {"code": "F401", "name": "unused-import", "count": 1},
        ],
        "findings": [
            {
                "code": "F401",
                "message": "`os` imported but unused",
                "path": "app/main.py",
                "line": 1,
                "end_line": 1,
                "column": 8,
                "source": "ruff",
                "severity": "warning",
                "url": "https://docs.astral.sh/ruff/rules/unused-import",
                "security_severity": None,
                "cwe": None,
            },
            {
                "code": "DG101",
                "message": "undocumented route GET /items",
                "path": "app/main.py",
                "line": 12,
                "end_line": 20,
                "column": 0,
                "source": "docgen",
                "severity": "warning",
                "url": None,
                "security_severity": None,
                "cwe": None,
            },
            {
                "code": "DG104",
                "message": "undocumented public function a,b\nc",
                "path": "app/util.py",
                "line": 3,
                "end_line": 3,
                "column": 0,
                "source": "docgen",
                "severity": "warning",
                "url": None,
                "security_severity": None,
                "cwe": None,
            },
        ],
        "diagnostics": [],
    }


def test_sarif_has_the_210_structure() -> None:
    log = json.loads(reports.format_sarif(REPORT))
    assert (log["version"], log["$schema"]) == ("2.1.0", reports.SARIF_SCHEMA)
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("docgen", "9.9")
    assert [r["id"] for r in driver["rules"]] == ["DG101", "DG104", "F401"]
    assert driver["rules"][2] == {
        "id": "F401",
        "shortDescription": {"text": "unused-import"},
        "helpUri": "https://docs.astral.sh/ruff/rules/unused-import",
    }
    for result in run["results"]:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] == "warning"
        assert set(result) == {"ruleId", "ruleIndex", "level", "message", "locations", "partialFingerprints"}
    first = run["results"][0]
    assert first["message"] == {"text": "`os` imported but unused"}
    assert first["locations"] == [
        {
            "physicalLocation": {
                "artifactLocation": {"uri": "app/main.py", "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": 1, "endLine": 1, "startColumn": 8},
            }
        }
    ]
    assert run["results"][1]["locations"][0]["physicalLocation"]["region"] == {"startLine": 12, "endLine": 20}


def test_junit_has_a_failing_case_per_finding_and_a_coverage_case() -> None:
    root = ET.fromstring(reports.format_junit(REPORT))
    assert (root.tag, root.get("tests"), root.get("failures")) == ("testsuites", "4", "4")
    suites = [(s.get("name"), s.get("tests"), s.get("failures")) for s in root]
    assert suites == [("app/main.py", "2", "2"), ("app/util.py", "1", "1"), ("docgen coverage", "1", "1")]
    case = root[0][1]
    assert (case.get("name"), case.get("classname"), case.get("line")) == ("DG101:12", "app/main.py", "12")
    failure = case.find("failure")
    assert failure is not None
    assert (failure.get("type"), failure.get("message")) == ("DG101", "undocumented route GET /items")
    assert failure.text == "app/main.py:12:1: DG101 undocumented route GET /items"
    clean = ET.fromstring(reports.format_junit(CLEAN))
    assert (clean.get("tests"), clean.get("failures"), len(clean)) == ("1", "0", 1)
    assert clean[0][0].find("failure") is None


def test_gitlab_issues_with_fingerprints_that_ignore_the_line_but_tell_duplicates_apart() -> None:
    issues = json.loads(reports.format_gitlab(REPORT))
    assert issues[1] == {
        "description": "DG101: undocumented route GET /items",
        "check_name": "DG101",
        "fingerprint": issues[1]["fingerprint"],
        "severity": "minor",
        "location": {"path": "app/main.py", "lines": {"begin": 12}},
    }
    assert len({i["fingerprint"] for i in issues}) == 3
    moved = replace(DG101, location=Location("app/main.py", 40, 48))
    assert reports.fingerprints([moved]) == [issues[1]["fingerprint"]]
    twice = reports.fingerprints([DG101, moved])
    assert twice[0] == issues[1]["fingerprint"] != twice[1]
    assert reports.fingerprints([replace(DG101, message="other")]) != [issues[1]["fingerprint"]]


def test_github_annotations_are_escaped_and_low_coverage_is_an_error() -> None:
    assert reports.format_github(REPORT).splitlines() == [
        "::warning file=app/main.py,line=1,col=8,title=Ruff (F401)::F401 `os` imported but unused",
        "::warning file=app/main.py,line=12,title=docgen (DG101)::DG101 undocumented route GET /items",
        "::warning file=app/util.py,line=3,title=docgen (DG104)::DG104 undocumented public function a,b%0Ac",
        "::error title=docgen (coverage)::Docstring coverage: 33.3 %25 (1 of 3 documented), "
        "is below --fail-under 50 %25.",
    ]
    odd = replace(DG101, location=Location("a,b:c.py", 1, 1))
    assert reports.format_github(replace(CLEAN, findings=(odd,))).startswith("::warning file=a%2Cb%3Ac.py,line=1,")


def test_github_step_summary() -> None:
    assert reports.github_summary(REPORT) == (
        "## docgen check\n"
        "\n"
        "3 findings; docstring coverage **33.3 %** (1 of 3 documented), **below** the minimum of 50 %.\n"
        "\n"
        "| Rule | Count | What it checks |\n"
        "|------|------:|----------------|\n"
        "| <code>DG101</code> | 1 | undocumented route |\n"
        "| <code>DG104</code> | 1 | undocumented public class, function or method |\n"
        "| <code>F401</code> | 1 | unused-import |\n"
        "\n"
        "| Kind | Documented | Total | Coverage |\n"
        "|------|-----------:|------:|---------:|\n"
        "| Functions | 1 | 2 | 50.0 % |\n"
        "| Routes | 0 | 1 | 0.0 % |\n"
    )


def test_rebase_puts_the_analysed_directory_before_paths() -> None:
    (moved,) = reports.rebase((DG101,), "services/api")
    assert moved.location == Location("services/api/app/main.py", 12, 20)
    assert reports.rebase((DG101,), "") == (DG101,)

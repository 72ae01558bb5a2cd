"""The CI reports of ``docgen diff``: SARIF 2.1.0, GitHub annotations and step summary, JUnit XML."""

from __future__ import annotations

import ast
import importlib
import json
from dataclasses import replace
from pathlib import Path

import pytest

from docgen import __version__
from docgen.diff.constraints import RULE_IDS
from docgen.model import Location
from docgen.model.apidiff import RULES, ApiChange, ApiDiff, ChangeLevel, Side
from docgen.render import diffci
from docgen.render.reports import SARIF_SCHEMA
from tests.diff.scratch import Repo, run

DIFF = ApiDiff(
    base=Side(label="main", commit="a" * 40, routes=2),
    head=Side(label="working tree", routes=3),
    changes=(
        ApiChange(
            rule="new-required-request-parameter",
            level=ChangeLevel.BREAKING,
            method="GET",
            path="/items/{id}",
            message="required query parameter `lang` added",
            location=Location("app/main.py", 18),
        ),
        ApiChange(
            rule="request-parameter-removed",
            level=ChangeLevel.POTENTIALLY_BREAKING,
            method="GET",
            path="/items/{id}",
            message="query parameter `page` removed",
            location=Location("app/main.py", 18),
        ),
        ApiChange(
            rule="endpoint-added",
            level=ChangeLevel.NON_BREAKING,
            method="GET",
            path="/health",
            message="endpoint added",
        ),
    ),
)


def test_sarif_log_has_the_fired_rules_and_one_result_per_change() -> None:
    log = json.loads(diffci.format_sarif(diffci.rebased(DIFF, "svc")))
    fingerprints = [
        "ff5970f575700c67ebf989e10560f0fc",
        "507c62a162f14f0d006df062a2a95d34",
        "505c29916778239141ed8d6dc6b20bb2",
    ]
    where = {"artifactLocation": {"uri": "svc/app/main.py", "uriBaseId": "%SRCROOT%"}, "region": {"startLine": 18}}
    assert log == {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "docgen",
                        "version": __version__,
                        "rules": [
                            {"id": "endpoint-added", "shortDescription": {"text": "An endpoint was added."}},
                            {
                                "id": "new-required-request-parameter",
                                "shortDescription": {"text": "A required request parameter was added."},
                            },
                            {
                                "id": "request-parameter-removed",
                                "shortDescription": {
                                    "text": "A request parameter was removed; clients still sending it may be refused."
                                },
                            },
                        ],
                    }
                },
                "results": [
                    {
                        "ruleId": "new-required-request-parameter",
                        "ruleIndex": 1,
                        "level": "error",
                        "message": {"text": "GET /items/{id}: required query parameter `lang` added"},
                        "locations": [{"physicalLocation": where}],
                        "partialFingerprints": {"docgenApiChange/v1": fingerprints[0]},
                    },
                    {
                        "ruleId": "request-parameter-removed",
                        "ruleIndex": 2,
                        "level": "warning",
                        "message": {"text": "GET /items/{id}: query parameter `page` removed"},
                        "locations": [{"physicalLocation": where}],
                        "partialFingerprints": {"docgenApiChange/v1": fingerprints[1]},
                    },
                    {
                        "ruleId": "endpoint-added",
                        "ruleIndex": 0,
                        "level": "note",
                        "message": {"text": "GET /health: endpoint added"},
                        "partialFingerprints": {"docgenApiChange/v1": fingerprints[2]},
                    },
                ],
                "properties": {"base": "a" * 40, "head": "working tree"},
            }
        ],
    }
    first = DIFF.changes[0]
    assert first.location is not None
    moved = replace(first, location=replace(first.location, line=first.location.line + 5))
    # the line is not part of the id; equal changes are numbered
    assert diffci.fingerprints([moved, first, first]) == [
        "ff5970f575700c67ebf989e10560f0fc",
        "ee48e4e124ddc8c4241720787dc8ca54",
        "45f94729833dae078aa4154a8452283c",
    ]


def test_every_rule_the_comparison_emits_has_a_description() -> None:
    modules = ("docgen.diff.compare", "docgen.diff.properties")
    sources = [Path(importlib.import_module(m).__file__ or "").read_text(encoding="utf-8") for m in modules]
    ids = {
        node.value
        for source in sources
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.count("-") >= 1
        if node.value.replace("-", "").isalpha() and node.value.islower()
    }
    assert ids | RULE_IDS == set(RULES)


def test_github_annotations() -> None:
    assert diffci.format_github(DIFF) == (
        "::error file=app/main.py,line=18,title=docgen diff (new-required-request-parameter)::"
        "GET /items/{id}: required query parameter `lang` added\n"
        "::warning file=app/main.py,line=18,title=docgen diff (request-parameter-removed)::"
        "GET /items/{id}: query parameter `page` removed\n"
        "::notice title=docgen diff (endpoint-added)::GET /health: endpoint added\n"
    )


def test_junit_breaking_changes_are_the_failures() -> None:
    assert diffci.format_junit(DIFF) == (
        "<?xml version='1.0' encoding='utf-8'?>\n"
        '<testsuites name="docgen diff" tests="3" failures="1">\n'
        '  <testsuite name="API changes" tests="3" failures="1">\n'
        '    <testcase name="GET /items/{id}: required query parameter `lang` added" '
        'classname="new-required-request-parameter" file="app/main.py" line="18">\n'
        '      <failure message="required query parameter `lang` added" type="new-required-request-parameter">'
        "app/main.py:18: new-required-request-parameter: GET /items/{id}: required query parameter `lang` added"
        "</failure>\n"
        "    </testcase>\n"
        '    <testcase name="GET /items/{id}: query parameter `page` removed" '
        'classname="request-parameter-removed" file="app/main.py" line="18">\n'
        "      <system-out>potentially-breaking: query parameter `page` removed</system-out>\n"
        "    </testcase>\n"
        '    <testcase name="GET /health: endpoint added" classname="endpoint-added">\n'
        "      <system-out>non-breaking: endpoint added</system-out>\n"
        "    </testcase>\n"
        "  </testsuite>\n"
        "</testsuites>\n"
    )


@pytest.mark.parametrize("fmt", ["sarif", "github", "junit"])
def test_ci_formats_keep_the_exit_code(
    history: tuple[Repo, dict[str, str]],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    fmt: str,
) -> None:
    repo, commits = history
    monkeypatch.chdir(repo.path.parent)
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    span = f"{commits['path-parameter-renamed']}..{commits['parameter-added']}"
    code, out, _ = run(capsys, "-p", repo.path.name, "--format", fmt, span)
    assert code == 1
    code_never, _, _ = run(capsys, "-p", repo.path.name, "--format", fmt, "--fail-on", "never", span)
    assert code_never == 0
    where = f"{repo.path.name}/app/main.py"
    if fmt == "sarif":
        results = json.loads(out)["runs"][0]["results"]
        assert [(r["ruleId"], r["level"], r["locations"][0]["physicalLocation"]) for r in results] == [
            (rule, level, {"artifactLocation": {"uri": where, "uriBaseId": "%SRCROOT%"}, "region": {"startLine": 19}})
            for rule, level in (("new-required-request-parameter", "error"), ("new-optional-request-parameter", "note"))
        ]
    elif fmt == "github":
        assert out == (
            f"::error file={where},line=19,title=docgen diff (new-required-request-parameter)::"
            "GET /items/{id}: required query parameter `lang` added\n"
            f"::notice file={where},line=19,title=docgen diff (new-optional-request-parameter)::"
            "GET /items/{id}: optional query parameter `page` added\n"
        )
    else:
        assert out.count("<testcase ") == 2 and out.count("<failure ") == 1
    written = summary.read_text(encoding="utf-8")
    if fmt == "github":
        assert written.startswith("earlier step\n<!-- docgen-diff -->\n")
        assert written.count("<!-- docgen-diff -->") == 2  # one per run
        assert "required query parameter <code>lang</code> added" in written
    else:
        assert written == "earlier step\n"

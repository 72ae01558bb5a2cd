"""The home page: the project as its packaging describes it, sections, coverage, top findings.

Its warning is only for real analysis failures.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from docgen.api import analyse
from docgen.config import load_config
from docgen.model import (
    Coverage,
    CoverageKind,
    Diagnostic,
    Finding,
    FindingSource,
    KindCoverage,
    Location,
    SecuritySeverity,
    Severity,
    Stage,
)
from docgen.render import render_site
from tests.render import catalog_factory as cf

WARNING = '!!! warning "Not everything could be analysed"'


def _home(**changes: object) -> list[str]:
    return render_site(cf.catalog(**changes), cf.config()).pages["index.md"].splitlines()


def _diagnostic(code: str, message: str, stage: Stage = Stage.LINK) -> Diagnostic:
    return Diagnostic(Severity.WARNING, code, message, stage, Location("app/config.py", 4))


def test_metadata_read_from_the_packaging_files_is_shown(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "shop-api"\nversion = "2.3.1"\ndescription = "Orders, invoices and <b>stock</b>."\n',
        encoding="utf-8",
    )
    (tmp_path / "app.py").write_text("import fastapi\n", encoding="utf-8")
    config = load_config(tmp_path, isolated=True, overrides={"cache_dir": str(tmp_path / ".cache"), "jobs": 1})
    project = analyse(config).project
    assert (project.package, project.version, project.description) == (
        "shop-api",
        "2.3.1",
        "Orders, invoices and <b>stock</b>.",
    )
    page = _home(project=project)
    assert page[2:6] == [
        "Orders, invoices and &lt;b&gt;stock&lt;/b&gt;.",
        "{ .dg-lead }",
        "",
        "**Package:** <code>shop-api</code> version <code>2.3.1</code>",
    ]


def test_a_redacted_secret_or_a_missing_history_is_a_note_not_a_failure() -> None:
    notes = (
        _diagnostic("DG401", "possible secret in the default of 'SECRET_KEY' redacted", Stage.LINK),
        _diagnostic("DG920", "git history unavailable", Stage.ENRICH),
        _diagnostic("DG916", "routes left out: registered only under an `if` known to fail"),
    )
    page = _home(diagnostics=notes)
    assert WARNING not in page
    assert (
        "[All findings](quality.md#findings) · 3 notes from the analysis under [Diagnostics](quality.md#diagnostics)"
        in page
    )


def test_failures_that_left_code_unanalysed_are_warned_of_by_code() -> None:
    failures = (
        _diagnostic("DG901", "file could not be parsed", Stage.PARSE),
        _diagnostic("DG401", "possible secret in the default of 'TOKEN' redacted", Stage.LINK),
        _diagnostic("DG901", "file could not be parsed", Stage.PARSE),
        _diagnostic("DG915", "link-stage budget exceeded"),
    )
    page = _home(diagnostics=failures)
    at = page.index(WARNING)
    assert page[at + 2] == (
        "    <code>DG901</code> file could not be parsed (2); <code>DG915</code> link-stage budget exceeded "
        "(evaluation steps, time, size or nesting)&#58; the rest is unknown (1). "
        "The pages leave out what was not read; see [Quality](quality.md#diagnostics)."
    )
    assert (
        "[All findings](quality.md#findings) · 1 note from the analysis under [Diagnostics](quality.md#diagnostics)"
        in page
    )


def test_top_findings_put_security_first_and_coverage_is_summed() -> None:
    lint = Finding("F401", "`os` imported but unused", Location("app/a.py", 1), FindingSource.RUFF)
    sql = Finding(
        "DG404",
        "SQL built from an f-string reaches `execute`",
        Location("app/db.py", 9),
        FindingSource.DOCGEN,
        security_severity=SecuritySeverity.HIGH,
    )
    coverage = Coverage(
        kinds=(KindCoverage(CoverageKind.FUNCTION, 3, 4), KindCoverage(CoverageKind.ROUTE, 1, 4)),
        documented=4,
        total=8,
    )
    page = _home(findings=(lint, sql), coverage=coverage, diagnostics=())
    top = page.index("## Top findings { #top-findings }")
    assert page[top + 2 : top + 4] == [
        "- **high** <code>DG404</code> SQL built from an f-string reaches <code>execute</code> "
        "(<code>app/<wbr>db.<wbr>py&#58;9</code>)",
        "- <code>F401</code> <code>os</code> imported but unused (<code>app/<wbr>a.<wbr>py&#58;1</code>)",
    ]
    assert (
        "**Documentation coverage:** 50.0 % (4 of 8 modules, classes, functions, routes, models and fields "
        "documented; [by kind](quality.md#coverage))"
    ) in page
    assert "    2 findings, documentation coverage 50.0 %" in page


def test_each_section_has_a_card_linking_to_it() -> None:
    page = _home(project=replace(cf.catalog().project, frameworks=()))
    assert "**Frameworks:** no web framework detected" in page
    assert [line for line in page if line.startswith("-   **[")] == [
        "-   **[API](api/index.md)**",
        "-   **[Models](models/index.md)**",
        "-   **[Reference](reference/index.md)**",
        "-   **[Quality](quality.md)**",
        "-   **[Health](health.md)**",
        "-   **[Changes](changes.md)**",
    ]

"""``docgen check`` through main(argv): exit codes, output formats, options, and the example's findings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from docgen.cli import main

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "bookshop"

MAIN = '''\
"""Routes."""
from fastapi import FastAPI

app = FastAPI()


@app.get("/items")
def list_items() -> list[str]:
    return []


@app.get("/health")
def health() -> str:
    """Liveness probe."""
    return "ok"
'''


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCGEN_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``proj/``: one undocumented route (DG101) of four documentable items; Ruff off; cwd is its parent."""
    root = tmp_path / "proj"
    (root / "app").mkdir(parents=True)
    (root / "app" / "__init__.py").write_text('"""App."""\n', encoding="utf-8")
    (root / "app" / "main.py").write_text(MAIN, encoding="utf-8")
    (root / "docgen.toml").write_text('[check]\nruff = "off"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return root


def test_findings_exit_1_and_exit_zero_turns_that_into_0(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    expected = (
        "proj/app/main.py:8:1: DG101 undocumented route GET /items\n"
        "Found 1 finding.\n"
        "Docstring coverage: 75.0 % (3 of 4 documented).\n"
    )
    assert main(["check", "proj"]) == 1
    assert capsys.readouterr().out == expected
    assert main(["check", "proj", "--exit-zero"]) == 0
    assert capsys.readouterr().out == expected


def test_clean_run_is_exit_0(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "proj", "--ignore", "DG101"]) == 0
    assert capsys.readouterr().out == "All checks passed!\nDocstring coverage: 75.0 % (3 of 4 documented).\n"


def test_fail_under_compares_overall_coverage(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "proj", "--ignore", "DG101", "--fail-under", "80"]) == 1
    assert capsys.readouterr().out.splitlines()[-1] == (
        "Docstring coverage: 75.0 % (3 of 4 documented), is below --fail-under 80 %."
    )
    assert main(["check", "proj", "--ignore", "DG101", "--fail-under", "75", "--exit-zero"]) == 0
    assert main(["check", "proj", "--ignore", "DG101", "--fail-under", "80", "--exit-zero"]) == 0


def test_config_per_file_ignores_and_select(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "docgen.toml").write_text(
        '[check]\nruff = "off"\nper-file-ignores = { "app/main.py" = ["DG1"] }\n', encoding="utf-8"
    )
    assert main(["check", "proj"]) == 0
    assert main(["check", "proj", "--select", "DG2,DG4"]) == 0
    capsys.readouterr()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--select", "dg1"], "docgen: error: not a rule code or prefix: 'dg1'"),
        (["--format", "sarif", "--statistics"], "docgen: error: --statistics works with --format text or json"),
        (["--fail-under", "101"], "Error: Invalid value for '--fail-under': 101.0 is not in the range 0<=x<=100."),
    ],
)
def test_bad_options_are_exit_2(
    project: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    assert main(["check", "proj", *argv]) == 2
    assert message in capsys.readouterr().err


def test_part_not_analysed_and_nothing_found_is_exit_2(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "app" / "broken.py").write_text("def broken(:\n", encoding="utf-8")
    assert main(["check", "proj", "--ignore", "DG101"]) == 2
    err = capsys.readouterr().err
    assert "app/broken.py:1: DG901" in err
    assert err.splitlines()[-1] == "docgen: error: no findings, but the check is incomplete (1 problem reported above)"
    assert main(["check", "proj"]) == 1  # with a finding, the findings decide


def test_output_file_and_json_format(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = project.parent / "report.json"
    assert main(["check", "proj", "--format", "json", "-o", str(out)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines()[-1] == "Wrote json report of 1 finding to report.json"
    report = json.loads(out.read_text(encoding="utf-8"))
    assert [(f["code"], f["path"], f["line"]) for f in report["findings"]] == [("DG101", "proj/app/main.py", 8)]
    assert (report["passed"], report["coverage"]["documented"], report["coverage"]["total"]) == (False, 3, 4)


def test_github_format_appends_a_step_summary(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = project.parent / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert main(["check", "proj", "--format", "github"]) == 1
    assert capsys.readouterr().out == (
        "::warning file=proj/app/main.py,line=8,title=docgen (DG101)::DG101 undocumented route GET /items\n"
    )
    text = summary.read_text(encoding="utf-8")
    assert text.startswith(
        "earlier step\n## docgen check\n\n1 finding; docstring coverage **75.0 %** (3 of 4 documented).\n"
    )


def test_every_format_writes_something_parseable(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import xml.etree.ElementTree as ET

    for fmt in ("sarif", "gitlab"):
        assert main(["check", "proj", "--format", fmt]) == 1
        assert json.loads(capsys.readouterr().out)
    assert main(["check", "proj", "--format", "junit"]) == 1
    assert ET.fromstring(capsys.readouterr().out).get("failures") == "1"


EXAMPLE_FINDINGS = [
    "bookshop/api/routes/admin.py:44:1: DG101 undocumented route DELETE /api/v1/admin/users/{user_id}",
    "bookshop/api/routes/authors.py:16:1: DG101 undocumented route GET /api/v1/authors/",
    "bookshop/api/routes/authors.py:25:1: DG201 docstring of get_author documents 'include_books', "
    "which is not a parameter",
    "bookshop/api/routes/books.py:151:1: DG402 POST /api/v1/books/{book_id}/reviews "
    "changes state without authentication",
    'bookshop/config.py:28:23: S105 Possible hardcoded password assigned to: "SECRET_KEY"',
    "bookshop/models/book.py:69:1: DG102 undocumented model Review",
    "bookshop/models/order.py:48:1: DG102 undocumented model OrderItem",
    "bookshop/schemas/book.py:77:1: DG102 undocumented model ReviewRead",
    "Found 8 findings (7 docgen, 1 security).",
    "Docstring coverage: 66.5 % (143 of 215 documented).",
]


def test_the_example_has_exactly_its_deliberate_findings(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(EXAMPLE)
    assert main(["check", ".", "--ignore", "E,F"]) == 1
    assert capsys.readouterr().out.splitlines() == EXAMPLE_FINDINGS
    assert main(["check", ".", "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert [f["code"] for f in report["findings"]] == [
        "DG101",
        "F401",
        "DG101",
        "DG201",
        "DG402",
        "S105",
        "E722",
        "DG102",
        "DG102",
        "DG102",
        "E711",
    ]
    assert {k["kind"]: (k["documented"], k["total"]) for k in report["coverage"]["kinds"]} == {
        "module": (27, 27),
        "class": (2, 2),
        "function": (11, 11),
        "method": (1, 1),
        "route": (18, 20),
        "model": (27, 30),
        "field": (57, 124),
    }
    assert report["coverage"]["percent"] == 66.51

"""Tests for the security pass of docgen.enrich.ruff: Ruff's S rules with docgen's settings, rated."""

from __future__ import annotations

from pathlib import Path

from docgen.diagnostics import Reporter
from docgen.enrich.bandit import RATINGS, rate
from docgen.enrich.ruff import DEFAULT_RULES_LABEL, run_ruff
from docgen.model import Finding, FindingSource, Location, SecuritySeverity, Severity

SERVICE = """\
import subprocess
import hashlib

from fastapi import Depends, Query, params


def run(cmd, user=Depends(object), q: str = Query(None), p=params.Depends(object)):
    subprocess.call(cmd, shell=True)
    return hashlib.md5(user.password)
"""

TEST_FILE = """\
import random

password = "hunter2"


def test_it():
    assert random.random() < 2
"""


def _tree(root: Path, files: dict[str, str]) -> list[str]:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return sorted(files)


def _rated(findings: tuple[Finding, ...]) -> list[tuple[str, str, int, str, str | None, int | None]]:
    return [(f.code, f.location.path, f.location.line, f.source.value, f.security_severity, f.cwe) for f in findings]


def test_security_findings_are_rated_and_fastapi_markers_are_no_b008(tmp_path: Path) -> None:
    paths = _tree(tmp_path, {"app/main.py": SERVICE, "tests/test_main.py": TEST_FILE})
    result = run_ruff(tmp_path, paths, reporter=Reporter())
    assert result.config == DEFAULT_RULES_LABEL
    assert result.security_ran
    assert _rated(result.findings) == [
        ("S602", "app/main.py", 8, "security", SecuritySeverity.HIGH, 78),
        ("S324", "app/main.py", 9, "security", SecuritySeverity.HIGH, 327),
    ]
    first = result.findings[0]
    assert first.severity is Severity.ERROR
    assert first.location == Location("app/main.py", 8, 8)
    assert first.column == 5
    assert list(tmp_path.rglob(".ruff_cache")) == []


def test_the_repo_config_cannot_turn_the_security_pass_off_and_its_s_findings_are_not_repeated(
    tmp_path: Path,
) -> None:
    config = '[lint]\nselect = ["S", "F"]\nignore = ["S602", "S324"]\nexclude = ["app/*"]\n'
    paths = _tree(tmp_path, {"app/main.py": SERVICE + "import os\n", "ruff.toml": config, "b.py": "eval(input())\n"})
    paths = [p for p in paths if p.endswith(".py")]
    result = run_ruff(tmp_path, paths, reporter=Reporter())
    assert result.config == "ruff.toml"
    assert [(f.code, f.location.path, f.location.line, f.source.value) for f in result.findings] == [
        ("S602", "app/main.py", 8, "security"),
        ("S324", "app/main.py", 9, "security"),
        ("S307", "b.py", 1, "security"),
    ]
    assert (tmp_path / "ruff.toml").read_text(encoding="utf-8") == config


def test_mode_off_runs_no_security_pass(tmp_path: Path) -> None:
    paths = _tree(tmp_path, {"a.py": "eval(input())\n"})
    result = run_ruff(tmp_path, paths, mode="off", reporter=Reporter())
    assert (result.findings, result.ran, result.security_ran) == ((), False, False)


def test_an_s_rule_outside_the_table_is_medium_without_a_cwe() -> None:
    base = Finding("S999", "new rule", Location("a.py", 1, 1), FindingSource.RUFF)
    rated = rate(base)
    assert (rated.source, rated.severity, rated.security_severity, rated.cwe) == (
        FindingSource.SECURITY,
        Severity.WARNING,
        SecuritySeverity.MEDIUM,
        None,
    )
    assert RATINGS["S608"] == (SecuritySeverity.MEDIUM, 89)
    assert RATINGS["S105"] == (SecuritySeverity.LOW, 259)

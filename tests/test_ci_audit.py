"""``.ci/audit.py``: a dependency audit that could not run is reported, never a silent pass."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

AUDIT = Path(__file__).resolve().parents[1] / ".ci" / "audit.py"


def _fake_pip_audit(tmp_path: Path, stdout: str) -> Path:
    """An executable standing in for pip-audit that prints ``stdout``."""
    script = tmp_path / "pip-audit"
    script.write_text(f"#!{sys.executable}\nimport sys\nsys.stdout.write({stdout!r})\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


def _run(tmp_path: Path, report: object, required: bool = False) -> tuple[int, list[str]]:
    stdout = report if isinstance(report, str) else json.dumps(report)
    env = {**os.environ, "DOCGEN_AUDIT_REQUIRED": "1" if required else "0"}
    done = subprocess.run(
        [sys.executable, str(AUDIT), str(_fake_pip_audit(tmp_path, stdout)), "lock.txt"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    return done.returncode, done.stdout.splitlines()


CLEAN = {"dependencies": [{"name": "a", "version": "1", "vulns": []}, {"name": "b", "version": "2", "vulns": []}]}
VULNERABLE = {
    "dependencies": [
        {"name": "a", "version": "1", "vulns": [{"id": "PYSEC-1", "fix_versions": ["1.1", "2.0"]}]},
        {"name": "b", "version": "2", "vulns": [{"id": "GHSA-x", "fix_versions": []}]},
    ]
}
UNREACHABLE = {
    "dependencies": [
        {"name": "a", "skip_reason": "Dependency not found on PyPI and could not be audited: a (1)"},
        {"name": "b", "version": "2", "vulns": []},
    ]
}


def test_a_clean_audit_passes_and_says_how_many_were_audited(tmp_path: Path) -> None:
    assert _run(tmp_path, CLEAN) == (0, ["audit: 2 locked dependencies audited, no known vulnerability"])


def test_a_known_vulnerability_fails_naming_it_and_its_fix(tmp_path: Path) -> None:
    assert _run(tmp_path, VULNERABLE) == (
        1,
        [
            "audit: a 1: PYSEC-1 (fixed in 1.1, 2.0)",
            "audit: b 2: GHSA-x (no fixed release yet)",
            "audit: 2 known vulnerabilities in the locked dependencies: update .ci/requirements.lock",
        ],
    )


@pytest.mark.parametrize(("required", "code"), [(False, 0), (True, 1)])
def test_skipped_dependencies_are_a_loud_warning_and_fail_when_the_audit_is_required(
    tmp_path: Path, required: bool, code: int
) -> None:
    assert _run(tmp_path, UNREACHABLE, required) == (
        code,
        [
            "audit: WARNING: 1 of 2 locked dependencies NOT audited: the advisory service could not be used",
            "audit:   first reason: Dependency not found on PyPI and could not be audited: a (1)",
            "audit:   (set DOCGEN_AUDIT_REQUIRED=1 where the service is reachable, to fail the build instead)",
        ],
    )


def test_no_report_at_all_is_not_audited(tmp_path: Path) -> None:
    code, lines = _run(tmp_path, "", required=True)
    assert code == 1
    assert lines[0] == "audit: WARNING: the locked dependencies NOT audited: the advisory service could not be used"
    assert lines[1] == "audit:   first reason: pip-audit produced no report (no output)"

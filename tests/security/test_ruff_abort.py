"""A file that crashes Ruff costs only its own lint findings (issue: a 10^5-term ``+`` chain).

Ruff overflows its stack on such a file and aborts the whole run without naming it; docgen halves
the file list until the file is found, reports it once (DG912) and keeps the other findings.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from docgen.diagnostics import Reporter
from docgen.enrich import ruff as ruff_mod
from docgen.enrich.ruff import MAX_CRASH_RETRIES, find_ruff, run_ruff
from docgen.model import Diagnostic, Location, Severity, Stage
from tests.security._planted import Planted, plant

BOMB = "x = " + " + ".join(["1"] * 100_000) + "\n"


def _crashes_ruff(tmp_path: Path) -> bool:
    exe = find_ruff()
    if exe is None:
        return False
    (tmp_path / "probe").mkdir()
    (tmp_path / "probe" / "bomb.py").write_text(BOMB, encoding="utf-8")
    argv = [exe, "check", "--no-cache", "--isolated", "--exit-zero", "--output-format", "json", "bomb.py"]
    done = subprocess.run(argv, cwd=tmp_path / "probe", capture_output=True, timeout=60, check=False)
    return done.returncode not in (0, 1, 2)


def test_the_file_that_crashes_ruff_is_reported_and_the_other_findings_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    if not _crashes_ruff(tmp_path):
        pytest.skip("this Ruff does not crash on a 10^5-term + chain")
    repo: Planted = plant(tmp_path, monkeypatch)
    for name in ("a", "b", "c", "d"):
        repo.write(f"{name}.py", f'"""Module {name}."""\nimport os\n')
    repo.write("bomb.py", BOMB)
    code, _ = repo.run(capsys, "--select", "F401", "--exit-zero", command="check")
    assert code == 0
    assert repo.out.splitlines()[:4] == [f"{name}.py:2:8: F401 `os` imported but unused" for name in "abcd"]
    [crash] = repo.warnings("DG912")
    assert crash.startswith("docgen: warning: bomb.py: DG912 ruff crashed on this file (killed by SIGABRT: ")
    assert crash.endswith("); its lint findings are omitted, the other files' kept")
    assert repo.warnings("DG910") == []
    repo.assert_contained()


def _crashing_ruff(tmp_path: Path, bad: set[str]) -> tuple[str, Path]:
    """A fake Ruff that aborts when given any of ``bad``, else reports F401 for every file; logs its argv."""
    log = tmp_path / "calls.log"
    script = tmp_path / "bin" / "ruff"
    script.parent.mkdir()
    script.write_text(
        f"#!{sys.executable}\nimport json, os, signal, sys\n"
        f"open({str(log)!r}, 'a').write(repr(sys.argv[1:]) + '\\n')\n"
        "if sys.argv[1] == '--version':\n    print('ruff 9.9.9'); sys.exit(0)\n"
        "files = sys.argv[sys.argv.index('--') + 1:]\n"
        f"if set(files) & set({sorted(bad)!r}):\n"
        "    sys.stderr.write(\"thread 'main' (4242) has overflowed its stack\\n\"); sys.stderr.flush()\n"
        "    os.kill(os.getpid(), signal.SIGABRT)\n"
        "print(json.dumps([{'code': 'F401', 'message': 'unused', 'filename': f, 'location': {'row': 1}}"
        " for f in files]))\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    return str(script), log


def _lint_calls(log: Path) -> int:
    return sum(1 for line in log.read_text().splitlines() if "--version" not in line)


def _crash(path: str) -> Diagnostic:
    message = (
        "ruff crashed on this file (killed by SIGABRT: thread 'main' has overflowed its stack); "
        "its lint findings are omitted, the other files' kept"
    )
    return Diagnostic(Severity.WARNING, "DG912", message, Stage.ENRICH, Location(path))


def test_two_crashing_files_among_many_are_each_found_with_few_reruns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = [f"m{i:02}.py" for i in range(32)]
    for path in paths:
        (tmp_path / path).write_text("import os\n", encoding="utf-8")
    exe, log = _crashing_ruff(tmp_path, {"m05.py", "m20.py"})
    monkeypatch.setattr(ruff_mod, "find_ruff", lambda: exe)
    reporter = Reporter()
    result = run_ruff(tmp_path, paths, reporter=reporter)
    assert result.ran
    assert [f.location.path for f in result.findings] == [p for p in paths if p not in {"m05.py", "m20.py"}]
    assert reporter.diagnostics == [_crash("m05.py"), _crash("m20.py")]
    # the whole set, two halvings down to each of 2 files in 32, then the security and complexity passes over
    # the other 30
    assert _lint_calls(log) == 1 + 2 * 9 + 2


def test_reruns_are_bounded_and_a_ruff_that_crashes_on_everything_is_a_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = [f"m{i:03}.py" for i in range(200)]
    for path in paths:
        (tmp_path / path).write_text("import os\n", encoding="utf-8")
    exe, log = _crashing_ruff(tmp_path, set(paths))
    monkeypatch.setattr(ruff_mod, "find_ruff", lambda: exe)
    reporter = Reporter()
    result = run_ruff(tmp_path, paths, reporter=reporter)
    assert result.ran is False
    assert [(d.code, d.message.split(":")[0]) for d in reporter.diagnostics] == [("DG910", "ruff failed")]
    assert _lint_calls(log) == 1 + MAX_CRASH_RETRIES

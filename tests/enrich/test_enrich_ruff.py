"""Tests for docgen.enrich.ruff: real Ruff runs over tiny trees, plus fake executables for faults."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from docgen.diagnostics import Reporter
from docgen.enrich import ruff as ruff_mod
from docgen.enrich.ruff import DEFAULT_RULES_LABEL, RuffResult, find_ruff, run_ruff
from docgen.model import Diagnostic, FindingSource, Location, Severity, Stage

SOURCE = "import os\n\n\ndef check(x):\n    return x == None\n"


def _tree(root: Path, files: dict[str, str]) -> list[str]:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return sorted(name for name in files if name.endswith(".py"))


def _fake_ruff(tmp_path: Path, body: str) -> str:
    script = tmp_path / "bin" / "ruff"
    script.parent.mkdir(exist_ok=True)
    script.write_text(f"#!{sys.executable}\nimport sys, time, subprocess\n{body}\n", encoding="utf-8")
    script.chmod(0o755)
    return str(script)


def _keys(result: RuffResult) -> list[tuple[str, str, int]]:
    return [(f.code, f.location.path, f.location.line) for f in result.findings]


def _warning(code: str, message: str, location: Location | None = None) -> Diagnostic:
    return Diagnostic(Severity.WARNING, code, message, Stage.ENRICH, location)


def _real_version() -> str:
    exe = find_ruff()
    assert exe is not None
    return subprocess.run([exe, "--version"], capture_output=True, text=True, check=True).stdout.split()[-1]


def test_default_rules_exact_findings_and_no_cache(tmp_path: Path) -> None:
    paths = _tree(tmp_path, {"app/main.py": SOURCE, "app/__init__.py": ""})
    reporter = Reporter()
    result = run_ruff(tmp_path, paths, reporter=reporter)
    assert _keys(result) == [("F401", "app/main.py", 1), ("E711", "app/main.py", 5)]
    first = result.findings[0]
    assert first.message == "`os` imported but unused"
    assert first.location == Location("app/main.py", 1, 1)
    assert first.source is FindingSource.RUFF
    assert first.severity is Severity.WARNING
    assert first.url == "https://docs.astral.sh/ruff/rules/unused-import"
    assert (result.ran, result.config, result.version) == (True, DEFAULT_RULES_LABEL, _real_version())
    assert reporter.diagnostics == []
    assert list(tmp_path.rglob(".ruff_cache")) == []


def test_repo_config_is_honoured_and_never_fixes(tmp_path: Path) -> None:
    config = '[tool.ruff]\nfix = true\nunsafe-fixes = true\n[tool.ruff.lint]\nselect = ["E711", "F401"]\n'
    paths = _tree(tmp_path, {"pyproject.toml": config, "main.py": SOURCE, ".git/HEAD": ""})
    reporter = Reporter()
    result = run_ruff(tmp_path, paths, reporter=reporter)
    assert _keys(result) == [("F401", "main.py", 1), ("E711", "main.py", 5)]
    assert result.config == "pyproject.toml"
    assert (tmp_path / "main.py").read_text(encoding="utf-8") == SOURCE
    assert reporter.diagnostics == []
    assert list(tmp_path.rglob(".ruff_cache")) == []


def test_config_of_the_repo_top_is_used_for_a_subdirectory_root(tmp_path: Path) -> None:
    _tree(tmp_path, {"ruff.toml": '[lint]\nselect = ["E711"]\n', ".git/HEAD": ""})
    paths = _tree(tmp_path / "service", {"main.py": SOURCE})
    result = run_ruff(tmp_path / "service", paths, reporter=Reporter())
    assert _keys(result) == [("E711", "main.py", 5)]
    assert result.config == "../ruff.toml"


def test_pyproject_without_ruff_table_uses_default_rules(tmp_path: Path) -> None:
    paths = _tree(tmp_path, {"pyproject.toml": "[project]\nname = 'x'\n", "main.py": SOURCE})
    result = run_ruff(tmp_path, paths, reporter=Reporter())
    assert result.config == DEFAULT_RULES_LABEL
    assert _keys(result) == [("F401", "main.py", 1), ("E711", "main.py", 5)]


def test_invalid_repo_config_reports_dg910_and_falls_back(tmp_path: Path) -> None:
    paths = _tree(tmp_path, {"pyproject.toml": "[tool.ruff]\nline-lenght = 3\n", "main.py": SOURCE})
    reporter = Reporter()
    result = run_ruff(tmp_path, paths, reporter=reporter)
    assert reporter.diagnostics == [
        _warning(
            "DG910",
            "ruff rejected pyproject.toml: Failed to parse pyproject.toml: "
            "TOML parse error at line 1, column 1: unknown field `line-lenght`",
        )
    ]
    assert _keys(result) == [("F401", "main.py", 1), ("E711", "main.py", 5)]
    assert (result.ran, result.config) == (True, DEFAULT_RULES_LABEL)


def test_unknown_rule_selector_reports_dg910_and_falls_back(tmp_path: Path) -> None:
    paths = _tree(tmp_path, {"ruff.toml": '[lint]\nselect = ["XYZ123"]\n', "main.py": SOURCE})
    reporter = Reporter()
    result = run_ruff(tmp_path, paths, reporter=reporter)
    assert reporter.diagnostics == [
        _warning("DG910", "ruff rejected ruff.toml: Unknown rule selector `XYZ123` in `select` from `ruff.toml`")
    ]
    assert result.config == DEFAULT_RULES_LABEL
    assert len(result.findings) == 2


def test_option_like_file_names_are_paths(tmp_path: Path) -> None:
    paths = _tree(tmp_path, {"--output=x.py": "import os\n", "-c.py": "x = 1\n"})
    result = run_ruff(tmp_path, paths, reporter=Reporter())
    assert _keys(result) == [("F401", "--output=x.py", 1)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["--output=x.py", "-c.py"]


def test_paths_are_chunked_and_findings_sorted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ruff_mod, "MAX_ARGV_BYTES", 12)
    paths = _tree(tmp_path, {f"m{i}.py": "import os\n" for i in (3, 1, 2)})
    result = run_ruff(tmp_path, list(reversed(paths)), reporter=Reporter())
    assert _keys(result) == [("F401", "m1.py", 1), ("F401", "m2.py", 1), ("F401", "m3.py", 1)]


def test_non_utf8_file_is_an_encoding_finding(tmp_path: Path) -> None:
    (tmp_path / "latin.py").write_bytes(b'# -*- coding: latin-1 -*-\ns = "\xe9"\n')
    result = run_ruff(tmp_path, ["latin.py"], reporter=Reporter())
    assert [(f.code, f.message) for f in result.findings] == [
        ("E902", "ruff: unsupported encoding (the file is not UTF-8)")
    ]


def test_mode_off_never_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ruff_mod, "find_ruff", lambda: pytest.fail("ruff looked up"))
    reporter = Reporter()
    assert run_ruff(tmp_path, ["a.py"], mode="off", reporter=reporter) == RuffResult()
    assert reporter.diagnostics == []


def test_unknown_mode_is_a_programming_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown ruff mode 'on'"):
        run_ruff(tmp_path, [], mode="on", reporter=Reporter())


def test_ruff_missing_reports_dg911(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import ruff.__main__

    def missing() -> str:
        raise FileNotFoundError("no ruff")

    monkeypatch.setattr(ruff.__main__, "find_ruff_bin", missing)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    reporter = Reporter()
    result = run_ruff(tmp_path, ["a.py"], reporter=reporter)
    assert result == RuffResult(findings=(), version=None, ran=False, config=None)
    assert reporter.diagnostics == [_warning("DG911", "ruff not found — lint section omitted")]


def test_timeout_kills_the_process_group(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pid_file = tmp_path / "child.pid"
    exe = _fake_ruff(
        tmp_path,
        "if sys.argv[1] == '--version':\n    print('ruff 9.9.9'); sys.exit(0)\n"
        f"child = subprocess.Popen(['sleep', '30'])\nopen({str(pid_file)!r}, 'w').write(str(child.pid))\n"
        "child.wait()",
    )
    monkeypatch.setattr(ruff_mod, "find_ruff", lambda: exe)
    paths = _tree(tmp_path, {"main.py": SOURCE})
    reporter = Reporter()
    started = time.monotonic()
    result = run_ruff(tmp_path, paths, reporter=reporter, timeout=1.0)
    assert time.monotonic() - started < 10
    assert result == RuffResult(ran=False)
    assert reporter.diagnostics == [_warning("DG910", "ruff timed out after 1s")]
    assert _gone_or_zombie(int(pid_file.read_text()))


def _gone_or_zombie(pid: int) -> bool:
    """Whether the process died (its orphan may wait as a zombie until init reaps it)."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (ProcessLookupError, FileNotFoundError):
            return True
        if state == "Z":
            return True
        time.sleep(0.05)
    return False


def test_exit_2_without_json_is_a_failure_not_zero_findings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    exe = _fake_ruff(tmp_path, "sys.stderr.write('ruff failed\\n  Cause: out of cheese\\n'); sys.exit(2)")
    monkeypatch.setattr(ruff_mod, "find_ruff", lambda: exe)
    reporter = Reporter()
    result = run_ruff(tmp_path, _tree(tmp_path, {"main.py": SOURCE}), reporter=reporter)
    assert result == RuffResult(ran=False)
    assert reporter.diagnostics == [_warning("DG910", "ruff failed: out of cheese — lint section omitted")]


def test_garbage_output_is_a_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    exe = _fake_ruff(tmp_path, "print('ruff 1.0' if sys.argv[1] == '--version' else 'not json')")
    monkeypatch.setattr(ruff_mod, "find_ruff", lambda: exe)
    reporter = Reporter()
    result = run_ruff(tmp_path, _tree(tmp_path, {"main.py": SOURCE}), reporter=reporter)
    assert result == RuffResult(ran=False)
    assert reporter.diagnostics == [
        _warning("DG910", "ruff failed: output is not JSON (JSONDecodeError) — lint section omitted")
    ]


def test_tolerant_json_null_code_unknown_fields_and_panics(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = _tree(tmp_path, {"a.py": "", "b.py": ""})
    records = [
        {
            "code": None,
            "message": "SyntaxError: bad",
            "filename": str(tmp_path / "b.py"),
            "location": {"row": 2, "column": 1},
            "end_location": None,
            "new_field": {"x": 1},
        },
        {
            "code": "F401",
            "message": "m",
            "filename": str(tmp_path / "a.py"),
            "location": {"row": 3, "column": 1},
            "end_location": {"row": 4, "column": 1},
            "url": "javascript:x",
        },
        {"code": "F401", "message": "outside", "filename": "/elsewhere/c.py", "location": {"row": 1}},
        "not a record",
    ]
    body = (
        "import json\nif sys.argv[1] == '--version':\n    print('ruff 0.4.0'); sys.exit(0)\n"
        "sys.stderr.write('error: Panicked while linting b.py: index out of bounds\\n')\n"
        f"print(json.dumps({records!r}))"
    )
    monkeypatch.setattr(ruff_mod, "find_ruff", lambda: _fake_ruff(tmp_path, body))
    reporter = Reporter()
    result = run_ruff(tmp_path, paths, reporter=reporter)
    assert [(f.code, f.message, f.location, f.url) for f in result.findings] == [
        ("F401", "m", Location("a.py", 3, 4), None),
        ("invalid-syntax", "SyntaxError: bad", Location("b.py", 2, 2), None),
    ]
    assert result.version == "0.4.0"
    assert reporter.diagnostics == [
        _warning("DG910", "ruff panicked on this file: index out of bounds", Location("b.py"))
    ]

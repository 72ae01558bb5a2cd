"""Reading the refs: every git call hardened and read-only, and a shallow clone without the base."""

from __future__ import annotations

import ast
import shutil
import sys
from pathlib import Path

import pytest

from docgen.diff import gitrefs
from docgen.enrich.gitenv import GIT_OPTIONS
from tests.diff.scratch import APP, HEALTH, Repo, rows, run

pytest.importorskip("git")  # GitPython imported (its own `git version` check run) before the git is swapped

READ_ONLY = {"rev-parse", "symbolic-ref", "merge-base", "ls-tree", "cat-file"}


def test_every_call_is_hardened_read_only_and_ignores_a_stray_git_dir(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = Repo(tmp_path / "svc")
    repo.git("init", "-q", "-b", "main")
    repo.commit({"app/main.py": APP}, "start")
    repo.commit({"app/main.py": APP + HEALTH}, "health")
    other = Repo(tmp_path / "other")
    other.git("init", "-q", "-b", "main")
    other.commit({"main.py": "x = 1\n"}, "unrelated")
    log = tmp_path / "argv.log"
    shim = tmp_path / "shim" / "git"
    shim.parent.mkdir()
    real = shutil.which("git")
    shim.write_text(
        f"#!{sys.executable}\nimport os, sys\nopen({str(log)!r}, 'a').write(repr(sys.argv[1:]) + '\\n')\n"
        f"os.execv({real!r}, [{real!r}, *sys.argv[1:]])\n",
        encoding="utf-8",
    )
    shim.chmod(0o755)
    monkeypatch.setattr(gitrefs, "find_git", lambda: str(shim))
    monkeypatch.setenv("GIT_DIR", str(other.path / ".git"))
    before = repo.state()
    code, out, _ = run(capsys, "-p", str(repo.path), "--format", "json", "HEAD~1", "HEAD")
    assert (code, rows(out)) == (
        0,
        [
            ("non-breaking", "endpoint-added", "DELETE", "/health", "endpoint added"),
            ("non-breaking", "endpoint-added", "GET", "/health", "endpoint added"),
        ],
    )
    calls = [ast.literal_eval(line) for line in log.read_text().splitlines()]
    assert all(argv[: len(GIT_OPTIONS)] == list(GIT_OPTIONS) for argv in calls)
    assert [argv[len(GIT_OPTIONS)] for argv in calls] == [
        "rev-parse",
        "rev-parse",
        "rev-parse",
        "ls-tree",
        "cat-file",
        "ls-tree",
        "cat-file",
    ]
    assert {argv[len(GIT_OPTIONS)] for argv in calls} <= READ_ONLY
    monkeypatch.delenv("GIT_DIR")
    assert repo.state() == before


def test_a_shallow_clone_without_the_base_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    origin = Repo(tmp_path / "origin")
    origin.git("init", "-q", "-b", "main")
    origin.commit({"app/main.py": APP}, "start")
    origin.commit({"app/main.py": APP + HEALTH}, "health")
    clone = Repo(tmp_path / "clone")
    clone.git("clone", "-q", "--depth", "1", (origin.path).as_uri(), ".")
    before = clone.state()
    code, out, err = run(capsys, "-p", str(clone.path), "HEAD~1", "HEAD")
    assert (code, out) == (2, "")
    assert err == (
        "docgen: error: unknown git ref 'HEAD~1': no commit of this repository has that name "
        "(check the spelling, or fetch it first: a shallow CI checkout may need fetch-depth: 0)\n"
    )
    assert clone.state() == before

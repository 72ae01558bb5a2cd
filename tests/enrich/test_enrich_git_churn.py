"""Tests for the lines changed of docgen.enrich.git: a window of the newest commits, commits over all of them."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen.diagnostics import Reporter
from docgen.enrich import git as git_mod
from docgen.enrich.git import read_history
from docgen.enrich.gitenv import GIT_OPTIONS
from docgen.model import AuthorShare, FileChurn
from tests.enrich.scratch import D2, D3, MAIN, GitRepo, argv_logging_git, logged

pytest.importorskip("git")


def test_lines_changed_cover_the_window_and_commits_the_whole_history(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.commit({"app.py": MAIN}, "Initial")  # 10 lines added: before the window of 2
    repo.commit({"app.py": MAIN.replace("line 2\n", "two\n")}, "Two", author="Bob", date=D2)
    repo.commit({"app.py": MAIN.replace("line 2\n", "two\n") + "line 11\nline 12\n", "b.py": "b\n"}, "Three", date=D3)
    log = tmp_path / "argv.log"
    shim = argv_logging_git(tmp_path / "shim", log)
    monkeypatch.setattr(git_mod, "find_git", lambda: str(shim))
    ada_bob = (AuthorShare("Ada", 2, 0.6667), AuthorShare("Bob", 1, 0.3333))
    history = read_history(repo.path, ["app.py", "b.py"], {}, reporter=Reporter(), churn_commits=2)
    assert (history.churn, history.churn_window) == (
        {
            "app.py": FileChurn(commits=3, added=3, deleted=1, authors=ada_bob),
            "b.py": FileChurn(commits=1, added=1, deleted=0, authors=(AuthorShare("Ada", 1, 1.0),)),
        },
        2,
    )
    logs = [argv[len(GIT_OPTIONS) :] for argv in logged(log) if argv[len(GIT_OPTIONS)] == "log"]
    assert [argv[:4] for argv in logs] == [
        ["log", "-z", "--name-only", "--no-renames"],
        ["log", "-z", "--numstat", "--max-count=2"],
    ]
    assert {"--no-ext-diff", "--no-textconv", "--"} <= set(logs[1])
    log.unlink()
    history = read_history(repo.path, ["app.py", "b.py"], {}, reporter=Reporter(), churn_commits=0)
    assert (history.churn["app.py"], history.churn_window) == (FileChurn(3, None, None, ada_bob), 0)
    assert [argv[len(GIT_OPTIONS) + 2] for argv in logged(log) if argv[len(GIT_OPTIONS)] == "log"] == ["--name-only"]

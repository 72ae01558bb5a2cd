"""Fixtures of the ``docgen diff`` tests: a private facts cache, and the app's history."""

from __future__ import annotations

import pytest

from tests.diff.scratch import APP, STEPS, Repo


@pytest.fixture(autouse=True)
def _cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCGEN_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "diff-cache"))
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> tuple[Repo, dict[str, str]]:
    """The app's repository: a first commit, then one commit per step of :data:`STEPS`."""
    repo = Repo(tmp_path_factory.mktemp("api"))
    repo.git("init", "-q", "-b", "main")
    text = APP
    commits = {"start": repo.commit({"app/main.py": text}, "start")}
    for name, edits, _ in STEPS:
        for old, new in edits:
            assert old in text, (name, old)
            text = text.replace(old, new, 1)
        commits[name] = repo.commit({"app/main.py": text}, name)
    return repo, commits

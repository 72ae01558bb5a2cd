"""Tests for docgen.enrich.git: real repositories built in tmp_path with fixed names and dates."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from docgen.diagnostics import Reporter
from docgen.enrich import git as git_mod
from docgen.enrich.git import read_history, remote_url
from docgen.enrich.gitenv import GIT_OPTIONS
from docgen.enrich.gitparse import web_url
from docgen.model import (
    AuthorShare,
    Commit,
    Diagnostic,
    FileChurn,
    FileHistory,
    History,
    HistoryStatus,
    Location,
    Severity,
    Stage,
)
from tests.enrich.scratch import D2, D3, D4, MAIN, GitRepo, argv_logging_git, logged

pytest.importorskip("git")  # GitPython imported once here, before any test swaps the git executable

OMITTED = "history, authors and dates omitted"


def raw_latin1_commit(repo: GitRepo, author: bytes) -> None:
    """Write a commit whose author name is not UTF-8 (and has no encoding header), touching -c.py."""
    (repo.path / "-c.py").write_text("c = 3\n", encoding="utf-8")
    repo.git("add", "--", "-c.py")
    tree, parent = repo.git("write-tree"), repo.git("rev-parse", "HEAD")
    body = b"tree %s\nparent %s\nauthor %s <x@y> 1 +0000\ncommitter C <x@y> 1 +0000\n\nRaw\n" % (
        tree.encode(),
        parent.encode(),
        author,
    )
    done = subprocess.run(
        ["git", "hash-object", "-t", "commit", "-w", "--stdin"],
        cwd=repo.path,
        input=body,
        capture_output=True,
        check=True,
    )
    repo.git("update-ref", "HEAD", done.stdout.decode().strip())


def commit(sha: str, date: str, author: str, summary: str) -> Commit:
    return Commit(sha=sha, date=date, author=author, summary=summary)


def warning(code: str, message: str, location: Location | None = None) -> Diagnostic:
    return Diagnostic(Severity.WARNING, code, message, Stage.ENRICH, location)


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    return GitRepo(tmp_path / "repo")


def test_file_history_recent_and_head_exact(repo: GitRepo) -> None:
    c1 = repo.commit({"app/main.py": MAIN, "app/util.py": "u = 1\n", "README.md": "hi\n"}, "Initial import")
    c2 = repo.commit({"app/util.py": "u = 2\n"}, "Tune util", author="Bob", date=D2)
    c3 = repo.commit({"app/util.py": "u = 3\n"}, "Fix util\n\nlong body with a token=abc", date=D3)
    c4 = repo.commit({"app/pair.py": "p = 1\n"}, "Add pair", author="Cy", date=D3)
    c5 = repo.commit({"app/pair.py": "p = 2\n"}, "Edit pair", author="Bob", date=D4)
    reporter = Reporter()
    paths = ["app/main.py", "app/util.py", "app/pair.py"]
    history = read_history(repo.path, paths, {}, reporter=reporter, churn_commits=1000)
    first = commit(c1, "2024-01-02T03:04:05Z", "Ada", "Initial import")
    fix = commit(c3, "2024-03-04T05:06:07Z", "Ada", "Fix util")
    edit = commit(c5, "2024-04-05T06:07:08Z", "Bob", "Edit pair")
    assert history == History(
        status=HistoryStatus.AVAILABLE,
        reason="",
        head=c5,
        files={
            "app/main.py": FileHistory(last=first, commits=1, authors=("Ada",)),
            "app/pair.py": FileHistory(last=edit, commits=2, authors=("Bob", "Cy")),
            "app/util.py": FileHistory(last=fix, commits=3, authors=("Ada", "Bob")),
        },
        symbols={},
        recent=(
            edit,
            commit(c4, "2024-03-04T05:06:07Z", "Cy", "Add pair"),
            fix,
            commit(c2, "2024-02-03T04:05:06Z", "Bob", "Tune util"),
            first,
        ),
        churn={  # each commit replaces one line, except the initial 10-line main.py and the new pair.py
            "app/main.py": FileChurn(commits=1, added=10, deleted=0, authors=(AuthorShare("Ada", 1, 1.0),)),
            "app/pair.py": FileChurn(
                commits=2, added=2, deleted=1, authors=(AuthorShare("Bob", 1, 0.5), AuthorShare("Cy", 1, 0.5))
            ),
            "app/util.py": FileChurn(
                commits=3, added=3, deleted=2, authors=(AuthorShare("Ada", 2, 0.6667), AuthorShare("Bob", 1, 0.3333))
            ),
        },
        churn_window=5,  # the window actually read: the whole history, shorter than the 1000 asked for
    )
    assert reporter.diagnostics == []
    assert read_history(repo.path, paths, {}, reporter=Reporter(), recent=2).recent == (history.recent[:2])


def test_blame_gives_the_newest_commit_of_each_span(repo: GitRepo) -> None:
    c1 = repo.commit({"main.py": MAIN}, "Initial")
    c2 = repo.commit({"main.py": MAIN.replace("line 9\n", "line nine\n")}, "Touch line 9", author="Bob", date=D2)
    spans = {
        "main.top": Location("main.py", 1, 4),
        "main.bottom": Location("main.py", 8, 10),
        "main.one": Location("main.py", 9, 0),
        "main.zero": Location("main.py", 0, 0),
        "other.gone": Location("other.py", 1, 2),
    }
    history = read_history(repo.path, ["main.py"], spans, reporter=Reporter())
    assert history.symbols == {
        "main.bottom": commit(c2, "2024-02-03T04:05:06Z", "Bob", "Touch line 9"),
        "main.one": commit(c2, "2024-02-03T04:05:06Z", "Bob", "Touch line 9"),
        "main.top": commit(c1, "2024-01-02T03:04:05Z", "Ada", "Initial"),
    }


def blame_newest(repo: GitRepo, path: str, first: int, last: int) -> str:
    """The newest commit of a span by plain ``git blame HEAD`` (the reference for the fast path)."""
    out = repo.git("blame", "--line-porcelain", "-L", f"{first},{last}", "HEAD", "--", path)
    times: dict[str, int] = {}
    sha = ""
    for line in out.splitlines():
        if len(line) > 40 and line[40] == " " and not line.startswith("\t"):
            sha = line[:40]
        elif line.startswith("committer-time "):
            times[sha] = int(line.split()[1])
    return max(times, key=lambda c: (times[c], c))


def test_linear_history_fast_blame_matches_plain_blame(repo: GitRepo) -> None:
    rng = random.Random(7)
    text = {"a.py": MAIN.splitlines(keepends=True), "b.py": MAIN.splitlines(keepends=True)}
    repo.commit({name: "".join(lines) for name, lines in text.items()}, "Initial")
    for n in range(12):
        name = rng.choice(sorted(text))
        text[name][rng.randrange(10)] = f"edit {n}\n"
        when = f"2024-01-{n + 3:02d}T00:00:00+00:00"
        repo.commit({name: "".join(text[name])}, f"Edit {n}", author=rng.choice(["Ada", "Bob"]), date=when)
    repo.git("rm", "-q", "b.py")
    repo.commit({}, "Drop b", date="2024-02-01T00:00:00+00:00")
    readded = repo.commit({"b.py": "".join(text["b.py"])}, "Re-add b", date="2024-02-02T00:00:00+00:00")
    spans = {f"{name}:{a}-{b}": Location(name, a, b) for name in text for a, b in ((1, 3), (4, 7), (8, 10), (5, 5))}
    history = read_history(repo.path, sorted(text), spans, reporter=Reporter())
    assert {sid: c.sha for sid, c in history.symbols.items()} == {
        sid: blame_newest(repo, loc.path, loc.line, loc.end_line) for sid, loc in spans.items()
    }
    assert history.symbols["b.py:1-3"].sha == readded


def test_spans_past_the_end_are_clamped_and_blame_failures_reported(repo: GitRepo) -> None:
    c1 = repo.commit({"svc/a.py": MAIN, "svc/b.py": MAIN}, "Initial")
    spans = {"a.tail": Location("a.py", 9, 99), "a.past": Location("a.py", 11, 12)}
    history = read_history(repo.path / "svc", ["a.py"], spans, reporter=Reporter())
    assert history.symbols == {"a.tail": commit(c1, "2024-01-02T03:04:05Z", "Ada", "Initial")}
    repo.git("config", "blame.ignoreRevsFile", "missing-file")
    reporter = Reporter()
    history = read_history(
        repo.path / "svc", ["a.py", "b.py"], spans | {"b": Location("b.py", 1, 1)}, reporter=reporter
    )
    assert history.symbols == {}
    assert sorted(history.files) == ["a.py", "b.py"]
    assert reporter.diagnostics == [
        warning(
            "DG922",
            "last change of symbols omitted in 2 file(s); first: git blame failed: "
            "fatal: could not open object name list: missing-file",
            Location("a.py"),
        )
    ]


def test_merges_cover_files_without_double_counting(repo: GitRepo) -> None:
    repo.commit({"base.py": "b = 1\n"}, "Base")
    repo.git("checkout", "-q", "-b", "feature")
    c_feat = repo.commit({"feature.py": "f = 1\n"}, "Add feature", author="Fay", date=D2)
    repo.git("checkout", "-q", "main")
    repo.commit({"base.py": "b = 2\n"}, "Main work", date=D2)
    c_merge = repo.merge("feature", "Merge feature", date=D3, extra={"glue.py": "g = 1\n"})
    spans = {"feature": Location("feature.py", 1, 1), "base": Location("base.py", 1, 1)}
    history = read_history(repo.path, ["base.py", "feature.py", "glue.py"], spans, reporter=Reporter())
    assert {sid: c.summary for sid, c in history.symbols.items()} == {"base": "Main work", "feature": "Add feature"}
    assert history.files["feature.py"] == FileHistory(
        last=commit(c_feat, "2024-02-03T04:05:06Z", "Fay", "Add feature"), commits=1, authors=("Fay",)
    )
    assert history.files["glue.py"] == FileHistory(
        last=commit(c_merge, "2024-03-04T05:06:07Z", "Merger", "Merge feature"), commits=1, authors=("Merger",)
    )
    assert history.files["base.py"].commits == 2
    assert [c.summary for c in history.recent] == ["Merge feature", "Main work", "Add feature", "Base"]


def test_subdirectory_root_keys_are_relative_to_root(repo: GitRepo) -> None:
    c1 = repo.commit({"service/app.py": MAIN, "other/x.py": "x = 1\n", "service.py": "s = 1\n"}, "Initial")
    c2 = repo.commit({"other/x.py": "x = 2\n", "service.py": "s = 2\n"}, "Elsewhere", date=D2)
    history = read_history(repo.path / "service", ["app.py"], {"app.f": Location("app.py", 2, 3)}, reporter=Reporter())
    first = commit(c1, "2024-01-02T03:04:05Z", "Ada", "Initial")
    assert history.files == {"app.py": FileHistory(last=first, commits=1, authors=("Ada",))}
    assert history.symbols == {"app.f": first}
    assert history.recent == (first,)
    assert history.head == c2


def test_shallow_clone_is_partial_with_one_dg921(repo: GitRepo, tmp_path: Path) -> None:
    repo.commit({"a.py": MAIN}, "One")
    c2 = repo.commit({"b.py": "b = 1\n"}, "Two", author="Bob", date=D2)
    clone = GitRepo(tmp_path / "clone", init=False)
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo.path}", str(clone.path)], env=repo.env, check=True
    )
    reporter = Reporter()
    history = read_history(clone.path, ["a.py", "b.py"], {"a.f": Location("a.py", 1, 2)}, reporter=reporter)
    assert (history.status, history.reason, history.head) == (HistoryStatus.PARTIAL, "shallow clone (1 commit)", c2)
    assert reporter.diagnostics == [
        warning("DG921", "shallow clone (1 commit): dates/authors unreliable — use fetch-depth: 0")
    ]
    two = commit(c2, "2024-02-03T04:05:06Z", "Bob", "Two")
    assert history.files == {
        "a.py": FileHistory(last=two, commits=1, authors=("Bob",)),
        "b.py": FileHistory(last=two, commits=1, authors=("Bob",)),
    }
    assert history.symbols == {"a.f": two}


def test_not_a_repository_is_one_dg920(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("a = 1\n", encoding="utf-8")
    reporter = Reporter()
    history = read_history(tmp_path, ["a.py"], {"a": Location("a.py", 1, 1)}, reporter=reporter)
    assert history == History(status=HistoryStatus.UNAVAILABLE, reason="not a git repository")
    assert reporter.diagnostics == [warning("DG920", f"not a git repository: {OMITTED}")]


def test_git_missing_is_one_dg920(repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    repo.commit({"a.py": "a = 1\n"}, "One")
    monkeypatch.setenv("PATH", str(repo.path / "nowhere"))
    reporter = Reporter()
    history = read_history(repo.path, ["a.py"], {}, reporter=reporter)
    assert history == History(status=HistoryStatus.UNAVAILABLE, reason="git not found on PATH")
    assert reporter.diagnostics == [warning("DG920", f"git not found on PATH: {OMITTED}")]


def test_repository_without_commits(repo: GitRepo) -> None:
    reporter = Reporter()
    history = read_history(repo.path, [], {}, reporter=reporter)
    assert history == History(status=HistoryStatus.UNAVAILABLE, reason="no commits yet")
    assert reporter.diagnostics == [warning("DG920", f"no commits yet: {OMITTED}")]


def test_uncommitted_files_are_left_out(repo: GitRepo) -> None:
    c1 = repo.commit({"kept.py": "k = 1\n", "edited.py": MAIN, "staged.py": "s = 1\n", "crlf.py": "c = 1\n"}, "One")
    repo.write({"edited.py": MAIN + "more\n", "staged.py": "s = 2\n", "new.py": "n = 1\n"})
    repo.git("add", "staged.py")
    (repo.path / "crlf.py").write_bytes(b"c = 1\r\n")  # as a core.autocrlf checkout leaves it
    paths = ["crlf.py", "edited.py", "kept.py", "new.py", "staged.py"]
    spans = {"edited.f": Location("edited.py", 1, 2), "kept.k": Location("kept.py", 1, 1)}
    history = read_history(repo.path, paths, spans, reporter=Reporter())
    assert sorted(history.files) == ["crlf.py", "kept.py"]
    assert list(history.symbols) == ["kept.k"]
    assert history.recent == (commit(c1, "2024-01-02T03:04:05Z", "Ada", "One"),)


def test_names_dates_and_odd_authors(repo: GitRepo) -> None:
    odd = {"--output=x.py": MAIN, "-c.py": "c = 1\n", "new\nline.py": "n = 1\n", "\x1etab\t.py": "t = 1\n"}
    repo.commit(odd, "Odd names", date="2024-01-02T03:04:05+14:00")
    repo.commit({"-c.py": "c = 2\n"}, "Epoch", author="Jos\xe9", date="@0 +0000")
    raw_latin1_commit(repo, b"Jos\xe9")  # git commit would have re-encoded the name
    spans = {"odd": Location("--output=x.py", 1, 3)}
    history = read_history(repo.path, sorted(odd), spans, reporter=Reporter())
    assert sorted(history.files) == sorted(odd)
    assert history.files["--output=x.py"].last.date == "2024-01-01T13:04:05Z"
    assert [(c.summary, c.date) for c in history.recent] == [
        ("Raw", "1970-01-01T00:00:01Z"),
        ("Epoch", "1970-01-01T00:00:00Z"),
        ("Odd names", "2024-01-01T13:04:05Z"),
    ]
    assert history.files["-c.py"].authors == ("Jos\ufffd", "Jos\xe9", "Ada")
    assert history.symbols["odd"].summary == "Odd names"
    assert sorted(p.name for p in repo.path.iterdir()) == sorted([*odd, ".git"])


def test_hostile_repo_config_runs_nothing(repo: GitRepo, tmp_path: Path) -> None:
    repo.commit({".gitattributes": "*.py diff=evil filter=evil\n", "a.py": MAIN}, "One")
    repo.commit({"a.py": MAIN.replace("line 2", "line two")}, "Two", date=D2)
    canary = tmp_path / "canary"
    script = tmp_path / "evil.sh"
    script.write_text(f'#!/bin/sh\necho "$0 $*" >> {canary}\ncat\n', encoding="utf-8")
    script.chmod(0o755)
    hooks = repo.path / ".git" / "hooks"
    for hook in ("post-checkout", "pre-commit", "post-index-change", "reference-transaction"):
        shutil.copy(script, hooks / hook)
    for key in (
        "core.fsmonitor", "core.pager", "diff.external", "diff.evil.textconv", "filter.evil.clean",
        "filter.evil.smudge", "filter.evil.process", "core.askPass", "gpg.program", "core.sshCommand",
        "pager.log", "pager.blame", "core.editor", "sequence.editor",
    ):  # fmt: skip
        repo.git("config", key, str(script))
    repo.git("config", "log.showSignature", "true")
    repo.git("config", "core.hooksPath", str(hooks))
    (repo.path / "a.py").write_text(MAIN + "dirty\n", encoding="utf-8")
    spans = {"a.top": Location("a.py", 1, 3)}
    history = read_history(repo.path, ["a.py"], spans, reporter=Reporter())
    assert history.status is HistoryStatus.AVAILABLE
    assert history.recent[0].summary == "Two"
    assert not canary.exists()
    assert not (repo.path / ".git" / "index.lock").exists()
    repo.git("diff")  # positive control: the same config does run programs for a plain git diff
    assert canary.exists()


def test_git_commands_are_read_only_and_paths_follow_double_dash(
    repo: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo.commit({"-c.py": MAIN, "b.py": "b = 1\n"}, "One")
    log = tmp_path / "argv.log"
    shim = argv_logging_git(tmp_path / "shim", log)
    monkeypatch.setattr(git_mod, "find_git", lambda: str(shim))
    spans = {"c": Location("-c.py", 1, 2)}
    history = read_history(repo.path, ["-c.py", "b.py"], spans, reporter=Reporter(), churn_commits=5)
    assert sorted(history.files) == ["-c.py", "b.py"]
    calls = logged(log)
    subcommands = []
    for argv in calls:
        assert argv[: len(GIT_OPTIONS)] == list(GIT_OPTIONS)
        rest = argv[len(GIT_OPTIONS) :]
        subcommands.append(rest[0])
        if "-c.py" in rest:
            assert rest.index("--") < rest.index("-c.py")
    assert subcommands == ["rev-parse", "rev-parse", "rev-parse", "log", "log", "ls-tree", "blame"]
    assert "-S" in calls[-1]  # linear history: blame is given the file's ancestry from the log pass


def test_stray_git_environment_is_ignored_and_restored(repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    repo.commit({"a.py": "a = 1\n"}, "One")
    other = GitRepo(repo.path.parent / "other")
    other.commit({"a.py": "a = 2\n"}, "Other repo", author="Mallory")
    stray = {
        "GIT_DIR": str(other.path / ".git"),
        "GIT_WORK_TREE": str(other.path),
        "GIT_INDEX_FILE": str(other.path / ".git" / "index"),
    }
    for name, value in stray.items():
        monkeypatch.setenv(name, value)
    history = read_history(repo.path, ["a.py"], {}, reporter=Reporter())
    assert history.files["a.py"].last.summary == "One"
    assert {name: os.environ[name] for name in stray} == stray


def test_linked_worktree(repo: GitRepo, tmp_path: Path) -> None:
    c1 = repo.commit({"a.py": "a = 1\n"}, "One")
    repo.git("worktree", "add", "-q", "--detach", str(tmp_path / "wt"), c1)
    history = read_history(tmp_path / "wt", ["a.py"], {}, reporter=Reporter())
    assert history.head == c1
    assert history.files["a.py"].last.sha == c1


def test_dubious_ownership_names_the_remedy(repo: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if os.geteuid() != 0:
        pytest.skip("needs root to give the repository another owner")
    repo.commit({"a.py": "a = 1\n"}, "One")
    subprocess.run(["chown", "-R", "65534:65534", str(repo.path)], check=True)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    reporter = Reporter()
    history = read_history(repo.path, ["a.py"], {}, reporter=reporter)
    reason = (
        f"dubious ownership of the repository at {repo.path} (if you trust it, run "
        f"`git config --global --add safe.directory {repo.path}`)"
    )
    assert history == History(status=HistoryStatus.UNAVAILABLE, reason=reason)
    assert reporter.diagnostics == [warning("DG920", f"{reason}: {OMITTED}")]


def test_git_timeout_is_a_warning(repo: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo.commit({"a.py": "a = 1\n"}, "One")
    slow = tmp_path / "slow" / "git"
    slow.parent.mkdir()
    slow.write_text("#!/bin/sh\nsleep 30\n", encoding="utf-8")
    slow.chmod(0o755)
    monkeypatch.setattr(git_mod, "find_git", lambda: str(slow))
    monkeypatch.setattr(git_mod, "CALL_TIMEOUT", 0.5)
    reporter = Reporter()
    started = time.monotonic()
    history = read_history(repo.path, ["a.py"], {}, reporter=reporter)
    assert time.monotonic() - started < 10
    assert history == History(status=HistoryStatus.UNAVAILABLE, reason="git rev-parse timed out after 0.5s")
    assert reporter.diagnostics == [warning("DG920", f"git rev-parse timed out after 0.5s: {OMITTED}")]


def test_blame_cap_is_reported(repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    repo.commit({"a.py": MAIN}, "One")
    monkeypatch.setattr(git_mod, "MAX_BLAME_SPANS", 2)
    spans = {name: Location("a.py", n, n) for n, name in enumerate(("s1", "s2", "s3"), start=1)}
    reporter = Reporter()
    history = read_history(repo.path, ["a.py"], spans, reporter=reporter)
    assert sorted(history.symbols) == ["s1", "s2"]
    assert reporter.diagnostics == [
        warning("DG922", "blame capped at 2 of 3 symbols: last change omitted for the rest")
    ]


def test_blame_budget_is_reported(repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    repo.commit({"a.py": MAIN, "b.py": MAIN}, "One")
    monkeypatch.setattr(git_mod, "BLAME_BUDGET", 0.0)
    reporter = Reporter()
    spans = {"a": Location("a.py", 1, 2), "b": Location("b.py", 1, 2)}
    history = read_history(repo.path, ["a.py", "b.py"], spans, reporter=reporter)
    assert history.symbols == {}
    assert sorted(history.files) == ["a.py", "b.py"]
    assert reporter.diagnostics == [
        warning(
            "DG922",
            "last change of symbols omitted in 2 file(s); first: blame budget of 0s used up",
            Location("a.py"),
        )
    ]


def test_no_git_processes_linger(repo: GitRepo) -> None:
    repo.commit({"a.py": MAIN}, "One")
    read_history(repo.path, ["a.py"], {"a": Location("a.py", 1, 2)}, reporter=Reporter())
    children = []
    for stat_file in Path("/proc").glob("[0-9]*/stat"):
        try:
            command, _, rest = stat_file.read_text().partition("(")[2].rpartition(")")
        except OSError:
            continue
        # Only git: parse workers an earlier test of this process started may still be there.
        if int(rest.split()[1]) == os.getpid() and command == "git":
            children.append(stat_file.parent.name)
    assert children == []


@pytest.mark.parametrize(
    ("remote", "expected"),
    [
        ("https://user:tok@github.com/o/r.git", "https://github.com/o/r"),
        ("git@github.com:o/r.git", "https://github.com/o/r"),
        ("ssh://git@gitlab.example.com:2222/group/sub/r.git/", "https://gitlab.example.com/group/sub/r"),
        ("git://example.org/r", "https://example.org/r"),
        ("http://intranet:8080/r?x=1#y", "http://intranet:8080/r"),
        ("/srv/git/r.git", None),
        ("file:///srv/git/r.git", None),
        ("../r", None),
        ("https://github.com/o/r<script>", None),
        ("https://[::1]/o/r", None),
        ("git@host.example:o/r", "https://host.example/o/r"),
        ("C:\\Users\\me\\r", None),
        ("", None),
    ],
)
def test_web_url(remote: str, expected: str | None) -> None:
    assert web_url(remote) == expected


def test_remote_url_strips_userinfo(repo: GitRepo, tmp_path: Path) -> None:
    assert remote_url(repo.path) is None
    repo.git("remote", "add", "origin", "https://user:secret@github.com/o/r.git")
    assert remote_url(repo.path) == "https://github.com/o/r"
    assert remote_url(tmp_path / "missing") is None

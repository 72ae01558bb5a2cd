"""``docgen diff`` end to end: output formats, the default sides, bad input, and the repository left untouched."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.diff.scratch import APP, HEALTH, LEGACY, Repo, rows, run


def test_json_report_names_both_sides_and_counts(
    history: tuple[Repo, dict[str, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    repo, commits = history
    code, out, _ = run(
        capsys,
        "-p",
        str(repo.path),
        "--format",
        "json",
        f"{commits['parameter-removed']}..{commits['success-status-removed']}",
    )
    data = json.loads(out)
    assert code == 1
    assert data["base"] == {
        "ref": commits["parameter-removed"],
        "commit": commits["parameter-removed"],
        "note": "",
        "routes": 5,
    }
    assert data["head"] == {
        "ref": commits["success-status-removed"],
        "commit": commits["success-status-removed"],
        "note": "",
        "routes": 5,
    }
    assert data["summary"] == {"breaking": 6, "potentially-breaking": 0, "non-breaking": 1, "accepted": 0}
    assert data["changes"][0] == {
        "id": "new-required-request-property",
        "level": "breaking",
        "method": "POST",
        "path": "/items",
        "message": "required request property `sku` added",
        "location": {"path": "app/main.py", "line": 25},
        "accepted": None,
    }


def test_text_report(history: tuple[Repo, dict[str, str]], capsys: pytest.CaptureFixture[str]) -> None:
    repo, commits = history
    code, out, _ = run(capsys, "-p", str(repo.path), "main~2", "main~1")
    assert code == 0
    short = commits["auth-removed"][:8], commits["deprecated-endpoint-removed"][:8]
    assert out == (
        f"API changes from main~2 ({short[0]}) to main~1 ({short[1]}): "
        "0 breaking, 1 potentially breaking, 0 non-breaking change\n"
        "\n"
        "potentially-breaking GET /users  endpoint-removed: deprecated endpoint removed  (app/main.py:29)\n"
    )


def test_markdown_comment(history: tuple[Repo, dict[str, str]], capsys: pytest.CaptureFixture[str]) -> None:
    repo, commits = history
    code, out, _ = run(
        capsys,
        "-p",
        str(repo.path),
        "--format",
        "markdown",
        commits["required-request-property-added"],
        commits["success-status-removed"],
    )
    assert code == 1
    base, head = commits["required-request-property-added"][:8], commits["success-status-removed"][:8]
    assert out == (
        "<!-- docgen-diff -->\n"
        "## docgen diff\n"
        "\n"
        f"API changes from <code>{base}</code> to <code>{head}</code>: 2 changes.\n"
        "\n"
        "| Level | Changes |\n"
        "|-------|--------:|\n"
        "| Breaking | 1 |\n"
        "| Potentially breaking | 0 |\n"
        "| Non-breaking | 1 |\n"
        "\n"
        "<details open>\n"
        "<summary><strong>Breaking</strong> (1)</summary>\n"
        "\n"
        "| Endpoint | Change | Rule |\n"
        "|----------|--------|------|\n"
        "| <code>POST</code> <code>/items</code> | success status 201 removed "
        "| <code>response-success-status-removed</code> |\n"
        "\n"
        "</details>\n"
        "\n"
        "<details>\n"
        "<summary><strong>Non-breaking</strong> (1)</summary>\n"
        "\n"
        "| Endpoint | Change | Rule |\n"
        "|----------|--------|------|\n"
        "| <code>POST</code> <code>/items</code> | success status 202 added "
        "| <code>response-success-status-added</code> |\n"
        "\n"
        "</details>\n"
    )


def test_working_tree_against_the_merge_base_leaves_the_repository_as_it_was(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    repo = Repo(tmp_path / "svc")
    repo.git("init", "-q", "-b", "main")
    repo.commit({"app/main.py": APP, ".gitignore": "*.log\n"}, "start")
    repo.git("checkout", "-q", "-b", "feature")
    base = repo.commit({"app/main.py": APP.replace(LEGACY, "")}, "drop legacy")
    (repo.path / "app" / "main.py").write_text(APP.replace(LEGACY, "") + HEALTH, encoding="utf-8")
    (repo.path / "app" / "draft.py").write_text("x = 1\n", encoding="utf-8")  # untracked
    (repo.path / "debug.log").write_text("ignored\n", encoding="utf-8")
    repo.git("add", "app/draft.py")  # staged: the index differs from HEAD and must stay so
    merge_base = repo.git("merge-base", "HEAD", "main")
    before = repo.state()
    code, out, err = run(capsys, "-p", str(repo.path))
    assert repo.state() == before
    assert list(scratch.iterdir()) == []  # the exported tree is gone
    assert base != merge_base
    assert code == 1
    assert err == ""
    assert out == (
        f"API changes from merge base of HEAD and main ({merge_base[:8]}) to working tree: "
        "1 breaking, 0 potentially breaking, 2 non-breaking changes\n"
        "\n"
        "breaking             GET /legacy  api-path-removed-without-deprecation: "
        "path removed without deprecation  (app/main.py:29)\n"
        "non-breaking         DELETE /health  endpoint-added: endpoint added  (app/main.py:39)\n"
        "non-breaking         GET /health  endpoint-added: endpoint added  (app/main.py:34)\n"
    )
    code, out, _ = run(capsys, "-p", str(repo.path), "HEAD")  # the commit against the working tree
    assert (code, rows_of_text(out)) == (0, ["DELETE /health endpoint-added", "GET /health endpoint-added"])
    assert repo.state() == before


def rows_of_text(report: str) -> list[str]:
    return [" ".join(line.split()[1:3]) + " " + line.split()[3].rstrip(":") for line in report.splitlines()[2:]]


def test_without_a_default_branch_the_base_is_head_parent(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = Repo(tmp_path / "svc")
    repo.git("init", "-q", "-b", "trunk")
    repo.commit({"app/main.py": APP}, "start")
    parent = repo.git("rev-parse", "HEAD")
    repo.commit({"app/main.py": APP + HEALTH}, "health")
    code, out, _ = run(capsys, "-p", str(repo.path), "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert data["base"] == {"ref": "HEAD~1", "commit": parent, "note": "no default branch found", "routes": 4}
    assert data["head"] == {"ref": "working tree", "commit": None, "note": "", "routes": 6}
    assert [c["id"] for c in data["changes"]] == ["endpoint-added", "endpoint-added"]


def test_a_configured_base_is_the_default(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = Repo(tmp_path / "svc")
    repo.git("init", "-q", "-b", "main")
    config = '[tool.docgen.diff]\nbase = "v1"\nfail-on = "non-breaking"\n'
    repo.commit({"app/main.py": APP, "pyproject.toml": config}, "start")
    repo.git("tag", "v1")
    repo.commit({"app/main.py": APP + HEALTH}, "health")
    code, out, _ = run(capsys, "-p", str(repo.path), "--format", "json")
    assert (code, json.loads(out)["base"]["ref"], len(rows(out))) == (1, "v1", 2)


BadCall = Callable[[Path], list[str]]


@pytest.mark.parametrize(
    ("make_args", "message"),
    [
        (
            lambda repo: ["-p", str(repo), "nope", "HEAD"],
            "docgen: error: unknown git ref 'nope': no commit of this repository has that name "
            "(check the spelling, or fetch it first: a shallow CI checkout may need fetch-depth: 0)\n",
        ),
        (
            lambda repo: ["-p", str(repo), "--", "--upload-pack=touch x"],
            "docgen: error: not a valid git ref: '--upload-pack=touch x' (name a branch, tag or commit)\n",
        ),
        (
            lambda repo: ["-p", str(repo), "HEAD:app/main.py"],
            "docgen: error: unknown git ref 'HEAD:app/main.py': no commit of this repository has that name "
            "(check the spelling, or fetch it first: a shallow CI checkout may need fetch-depth: 0)\n",
        ),
        (
            lambda repo: ["-p", str(repo), "HEAD", "HEAD", "HEAD"],
            "docgen: error: docgen diff takes at most two refs (BASE HEAD, or BASE..HEAD), not 3\n",
        ),
        (
            lambda repo: ["-p", str(repo / "missing")],
            "docgen: error: source path {repo}/missing is not a readable directory\n",
        ),
    ],
)
def test_bad_input_is_exit_2_with_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make_args: BadCall, message: str
) -> None:
    repo = Repo(tmp_path / "svc")
    repo.git("init", "-q", "-b", "main")
    repo.commit({"app/main.py": APP}, "start")
    before = repo.state()
    code, out, err = run(capsys, *make_args(repo.path))
    assert (code, out, err) == (2, "", message.format(repo=repo.path))
    assert repo.state() == before
    assert not (repo.path / "x").exists()


def test_outside_a_repository_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "plain").mkdir()
    (tmp_path / "plain" / "main.py").write_text(APP, encoding="utf-8")
    code, out, err = run(capsys, "-p", str(tmp_path / "plain"))
    assert (code, out) == (2, "")
    assert err == (
        f"docgen: error: {(tmp_path / 'plain').resolve()} is not in a git repository "
        "(docgen diff compares git refs: run it in a checkout)\n"
    )


def test_a_subdirectory_is_compared_alone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = Repo(tmp_path / "mono")
    repo.git("init", "-q", "-b", "main")
    repo.commit({"services/api/app/main.py": APP, "services/other/main.py": APP}, "start")
    repo.commit({"services/api/app/main.py": APP + HEALTH, "services/other/main.py": APP.replace(LEGACY, "")}, "both")
    code, out, _ = run(capsys, "-p", str(repo.path / "services" / "api"), "--format", "json", "HEAD~1", "HEAD")
    assert (code, rows(out)) == (
        0,
        [
            ("non-breaking", "endpoint-added", "DELETE", "/health", "endpoint added"),
            ("non-breaking", "endpoint-added", "GET", "/health", "endpoint added"),
        ],
    )
    assert json.loads(out)["changes"][0]["location"] == {"path": "app/main.py", "line": 44}

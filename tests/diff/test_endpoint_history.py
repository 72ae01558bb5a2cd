"""Each endpoint page's history: the release that added, changed and deprecated the route, from the build's releases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from docgen.cli import main
from tests.diff.scratch import Repo

V1 = """\
from fastapi import FastAPI

app = FastAPI()


@app.get("/a")
def a():
    return 1
"""

B = """

@app.get("/b")
def b():
    return 2
"""

V2_B = """

@app.get("/b", deprecated=True)
def b(q: int = 0):
    return 2
"""


def build(path: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["--no-progress", "build", str(path), "--docs-only", str(out)])
    return code, capsys.readouterr().err


def history_lines(out: Path) -> list[str]:
    page = (out / "docs" / "api" / "main-app.md").read_text(encoding="utf-8")
    return [line for line in page.splitlines() if line.startswith("**History:**")]


def released(path: Path, config: str = "") -> tuple[Repo, list[str]]:
    """v1.0.0 serves /a; v1.1.0 adds /b; v2.0.0 gives /b a parameter and deprecates it."""
    repo = Repo(path)
    repo.git("init", "-q", "-b", "main")
    files = {"app/main.py": V1} | ({"pyproject.toml": config} if config else {})
    shas = [repo.commit(files, "one")]
    repo.git("tag", "v1.0.0")
    shas.append(repo.commit({"app/main.py": V1 + B}, "two"))
    repo.git("tag", "v1.1.0")
    shas.append(repo.commit({"app/main.py": V1 + V2_B}, "three"))
    repo.git("tag", "v2.0.0")
    return repo, shas


CHANGED_B = (
    '; changed in <span class="dg-history" title="optional query parameter &#96;q&#96; added">'
    "<code>v2.0.0</code></span>; deprecated since <code>v2.0.0</code>"
)
BEFORE_V110 = '<span title="already in the oldest release examined">≤ <code>v1.1.0</code></span>'


def test_tagged_releases_say_when_each_endpoint_came_changed_and_was_deprecated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo, shas = released(tmp_path / "shop")
    before = repo.state()
    code, err = build(repo.path, tmp_path / "out", capsys)
    assert (code, err) == (0, "")
    assert history_lines(tmp_path / "out") == [
        "**History:** added in <code>v1.0.0</code>",
        "**History:** added in <code>v1.1.0</code>" + CHANGED_B,
    ]
    document = json.loads((tmp_path / "out" / "docs" / "openapi.json").read_text(encoding="utf-8"))
    assert document["paths"]["/b"]["get"]["x-docgen-history"] == {
        "added": "v1.1.0",
        "added_before": False,
        "changed": [
            {
                "release": "v2.0.0",
                "changes": [
                    {
                        "rule": "new-optional-request-parameter",
                        "level": "non-breaking",
                        "message": "optional query parameter `q` added",
                    }
                ],
            }
        ],
        "deprecated": "v2.0.0",
        "deprecated_before": False,
    }
    assert document["paths"]["/a"]["get"]["x-docgen-history"]["added"] == "v1.0.0"
    assert repo.state() == before  # read from git objects only
    assert shas[2] == repo.git("rev-parse", "HEAD")


@pytest.mark.parametrize(
    ("releases", "expected"),
    [
        (
            1,  # v2.0.0 compared from v1.1.0: older tags unexamined, so both were there "in v1.1.0 or before"
            [f"**History:** added in {BEFORE_V110}", f"**History:** added in {BEFORE_V110}{CHANGED_B}"],
        ),
        (
            2,  # v1.1.0 and v2.0.0, compared from v1.0.0: the first tag, so /a came in it
            [
                "**History:** added in <code>v1.0.0</code>",
                "**History:** added in <code>v1.1.0</code>" + CHANGED_B,
            ],
        ),
        (0, []),
    ],
)
def test_the_number_of_releases_examined_bounds_what_is_claimed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], releases: int, expected: list[str]
) -> None:
    repo, _ = released(tmp_path / "shop", f"[tool.docgen.history]\nreleases = {releases}\n")
    assert build(repo.path, tmp_path / "out", capsys) == (0, "")
    assert history_lines(tmp_path / "out") == expected


def test_commits_after_the_newest_tag_are_named_by_their_hash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = Repo(tmp_path / "shop")
    repo.git("init", "-q", "-b", "main")
    repo.commit({"app/main.py": V1}, "one")
    repo.git("tag", "v1.0.0")
    head = repo.commit({"app/main.py": V1 + B}, "two")
    assert build(repo.path, tmp_path / "out", capsys) == (0, "")
    assert history_lines(tmp_path / "out") == [
        "**History:** added in <code>v1.0.0</code>",
        f"**History:** added in <code>{head[:7]}</code>",
    ]


COMMITS = "[tool.docgen.history]\ncommits = 20\n"
"""A repository without tags examines its newest commits only when told how many."""


def test_an_untagged_history_is_off_unless_its_commits_are_asked_for(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = Repo(tmp_path / "shop")
    repo.git("init", "-q", "-b", "main")
    repo.commit({"app/main.py": V1}, "one")
    repo.commit({"app/main.py": V1 + V2_B}, "two")
    assert build(repo.path, tmp_path / "out", capsys) == (0, "")
    assert history_lines(tmp_path / "out") == []


def test_an_untagged_history_is_told_in_commits(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = Repo(tmp_path / "shop")
    repo.git("init", "-q", "-b", "main")
    one = repo.commit({"app/main.py": V1, "pyproject.toml": COMMITS}, "one")
    two = repo.commit({"app/main.py": V1 + B}, "two")
    repo.commit({"README.md": "shop\n"}, "docs")  # outside nothing analysed changes: the same API
    three = repo.commit({"app/main.py": V1 + V2_B}, "three")
    assert build(repo.path, tmp_path / "out", capsys) == (0, "")
    assert history_lines(tmp_path / "out") == [
        f"**History:** added in <code>{one[:7]}</code>",
        f"**History:** added in <code>{two[:7]}</code>"
        f'; changed in <span class="dg-history" title="optional query parameter &#96;q&#96; added">'
        f"<code>{three[:7]}</code></span>; deprecated since <code>{three[:7]}</code>",
    ]
    assert not (tmp_path / "out" / "docs" / "changelog.md").exists()


def test_without_git_there_is_no_history_and_no_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "shop" / "app").mkdir(parents=True)
    (tmp_path / "shop" / "app" / "main.py").write_text(V1 + V2_B, encoding="utf-8")
    only = "docgen: warning: DG920 not a git repository: history, authors and dates omitted\n"  # the git enricher's
    assert build(tmp_path / "shop", tmp_path / "out", capsys) == (0, only)
    assert history_lines(tmp_path / "out") == []
    document = json.loads((tmp_path / "out" / "docs" / "openapi.json").read_text(encoding="utf-8"))
    assert "x-docgen-history" not in document["paths"]["/b"]["get"]


def test_a_rebuild_reads_the_releases_apis_from_the_cache(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOCGEN_CACHE_DIR", str(tmp_path / "cache"))
    repo, _ = released(tmp_path / "shop")
    assert build(repo.path, tmp_path / "first", capsys) == (0, "")
    entries = sorted((tmp_path / "cache").glob("releases-*/*/*.json"))
    assert len(entries) == 3  # v1.0.0, v1.1.0, v2.0.0

    def refuse(*args: object) -> None:
        raise AssertionError("a cached release was analysed again")

    monkeypatch.setattr("docgen.changelog.build.analyse_code", refuse)
    assert build(repo.path, tmp_path / "second", capsys) == (0, "")
    assert history_lines(tmp_path / "second") == history_lines(tmp_path / "first")
    assert len(history_lines(tmp_path / "first")) == 2


def test_an_entry_that_is_not_one_is_a_miss_and_is_replaced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOCGEN_CACHE_DIR", str(tmp_path / "cache"))
    repo, _ = released(tmp_path / "shop")
    assert build(repo.path, tmp_path / "first", capsys) == (0, "")
    entries = sorted((tmp_path / "cache").glob("releases-*/*/*.json"))
    for entry in entries:
        entry.write_text('{"format": 1, "key": "planted", "api": {"routes": []}}', encoding="utf-8")
    assert build(repo.path, tmp_path / "second", capsys) == (0, "")
    assert history_lines(tmp_path / "second") == [
        "**History:** added in <code>v1.0.0</code>",
        "**History:** added in <code>v1.1.0</code>" + CHANGED_B,
    ]
    assert all('"key": "planted"' not in entry.read_text(encoding="utf-8") for entry in entries)


def test_extract_writes_the_history_per_route_when_asked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo, shas = released(tmp_path / "shop")
    assert main(["--no-progress", "extract", str(repo.path)]) == 0
    assert json.loads(capsys.readouterr().out)["api_history"] is None
    assert main(["--no-progress", "extract", str(repo.path), "--history"]) == 0
    found = json.loads(capsys.readouterr().out)["api_history"]
    assert found["releases"] == [
        {"name": name, "kind": "tag", "commit": sha, "date": "2024-01-02"}
        for name, sha in zip(("v1.0.0", "v1.1.0", "v2.0.0"), shas, strict=True)
    ]
    assert found["routes"] == {
        "GET /a": {
            "added": "v1.0.0",
            "added_before": False,
            "changed": [],
            "deprecated": "",
            "deprecated_before": False,
        },
        "GET /b": {
            "added": "v1.1.0",
            "added_before": False,
            "changed": [
                {
                    "release": "v2.0.0",
                    "changes": [
                        {
                            "rule": "new-optional-request-parameter",
                            "level": "non-breaking",
                            "message": "optional query parameter `q` added",
                        }
                    ],
                }
            ],
            "deprecated": "v2.0.0",
            "deprecated_before": False,
        },
    }


def test_a_repository_without_a_commit_has_no_history_and_no_warning_of_its_own(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = Repo(tmp_path / "shop")
    repo.git("init", "-q", "-b", "main")
    (repo.path / "app").mkdir()
    (repo.path / "app" / "main.py").write_text(V1, encoding="utf-8")
    only = "docgen: warning: DG920 no commits yet: history, authors and dates omitted\n"  # the git enricher's
    assert build(repo.path, tmp_path / "out", capsys) == (0, only)
    assert history_lines(tmp_path / "out") == []


def test_a_shallow_clone_never_claims_its_oldest_commit_came_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    origin = Repo(tmp_path / "origin")
    origin.git("init", "-q", "-b", "main")
    origin.commit({"app/main.py": V1, "pyproject.toml": COMMITS}, "one")
    two = origin.commit({"app/main.py": V1 + B}, "two")
    clone = Repo(tmp_path / "clone")
    clone.git("clone", "-q", "--depth", "1", f"file://{origin.path}", str(clone.path))
    enricher = "docgen: warning: DG921 shallow clone (1 commit): dates/authors unreliable — use fetch-depth: 0\n"
    assert build(clone.path, tmp_path / "out", capsys) == (0, enricher)
    before = f'<span title="already in the oldest release examined">≤ <code>{two[:7]}</code></span>'
    assert history_lines(tmp_path / "out") == [f"**History:** added in {before}", f"**History:** added in {before}"]

"""``docgen changelog``: tag order, conventional commits, and the Markdown of a scratch history."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen.api import CodeAnalysis, analyse_code
from docgen.changelog.releases import group_commits, read_commit, release_order, semver_key
from docgen.cli import main
from docgen.config import Config
from docgen.diagnostics import Reporter
from docgen.diff.gitrefs import LoggedCommit, Tag
from docgen.model.changelog import ChangelogCommit, CommitGroup
from tests.diff.scratch import Repo

APP = """\
from fastapi import FastAPI

app = FastAPI()


@app.get("/a")
def a():
    return 1
"""

B = """

@app.get("/b")
def b(q: int):
    return 1
"""


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--no-progress", "changelog", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_semantic_versions_follow_precedence_and_other_tags_follow_them_by_date() -> None:
    names = ["v1.10.0", "v1.2.0", "v1.2.0-rc.10", "v1.2.0-rc.2", "v1.2.0-rc.1", "1.3", "v1.2.0-beta", "2.0.0+build.5"]
    tags = [Tag(name, "0" * 40, 100) for name in names]
    tags += [Tag("release-b", "1" * 40, 5), Tag("release-a", "2" * 40, 10)]
    assert [t.name for t in release_order(tags)] == [
        "release-b",
        "release-a",
        "v1.2.0-beta",
        "v1.2.0-rc.1",
        "v1.2.0-rc.2",
        "v1.2.0-rc.10",
        "v1.2.0",
        "1.3",
        "v1.10.0",
        "2.0.0+build.5",
    ]
    assert semver_key("v01.2.3") is None
    assert semver_key("1.2.3.4") is None
    assert semver_key("v1.2") == (1, 2, 0, 1, ())


def test_conventional_commits_read_type_scope_and_breaking_marks() -> None:
    def logged(subject: str, body: str = "") -> LoggedCommit:
        return LoggedCommit("a" * 40, "Ada", 0, subject, body)

    assert read_commit(logged("feat(api)!: add b")) == ChangelogCommit(
        sha="a" * 40, subject="add b", author="Ada", kind="feat", scope="api", breaking=True
    )
    assert read_commit(logged("Fix: drop q", "Details.\n\nBREAKING CHANGE: q is gone")) == ChangelogCommit(
        sha="a" * 40, subject="drop q", author="Ada", kind="fix", breaking=True
    )
    assert read_commit(logged("Merge branch 'x'")) == ChangelogCommit(
        sha="a" * 40, subject="Merge branch 'x'", author="Ada"
    )
    assert read_commit(logged("feat:no space")).kind == ""


def test_commits_are_grouped_only_when_at_least_half_follow_the_convention() -> None:
    fix = ChangelogCommit(sha="1", subject="a", author="Ada", kind="fix")
    feat = ChangelogCommit(sha="2", subject="b", author="Ada", kind="feat")
    wip = ChangelogCommit(sha="3", subject="wip", author="Ada", kind="wip", breaking=True)
    plain = ChangelogCommit(sha="4", subject="tidy", author="Ada")
    assert group_commits([fix, feat, wip, plain]) == (
        CommitGroup(title="Features", commits=(feat,)),
        CommitGroup(title="Bug fixes", commits=(fix,)),
        CommitGroup(title="Other", commits=(wip, plain)),
    )
    assert group_commits([fix, plain, plain]) == ()


@pytest.fixture(scope="module")
def tagged(tmp_path_factory: pytest.TempPathFactory) -> tuple[Repo, dict[str, str]]:
    """v0.1.0 (one route), v0.2.0 (a second, annotated tag), then an unreleased rename."""
    repo = Repo(tmp_path_factory.mktemp("tagged"))
    repo.git("init", "-q", "-b", "main")
    shas = {"first": repo.commit({"app/main.py": APP}, "feat: first route")}
    repo.git("tag", "v0.1.0")
    shas["b"] = repo.commit({"app/main.py": APP + B}, "feat(api)!: add b")
    shas["fix"] = repo.commit({"README": "fixed\n"}, "fix: typo\n\nBREAKING CHANGE: none really")
    repo.git("tag", "-a", "v0.2.0", "-m", "release 0.2.0")
    shas["rename"] = repo.commit({"app/main.py": (APP + B).replace('"/a"', '"/c"')}, "Rename a to c")
    return repo, shas


def test_markdown_lists_releases_newest_first_with_api_changes_and_commits(
    tagged: tuple[Repo, dict[str, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    repo, shas = tagged
    before = repo.state()
    code, out, err = run(capsys, str(repo.path))
    short = {name: sha[:7] for name, sha in shas.items()}
    assert (code, err) == (0, "")
    assert out == (
        "# Changelog\n\n"
        "## Unreleased (2024-01-02)\n\n"
        "### API changes since <code>v0.2.0</code>\n\n"
        "**Breaking** (1)\n\n"
        "- <code>GET</code> <code>/a</code>: path removed without deprecation "
        "(<code>api-path-removed-without-deprecation</code>)\n\n"
        "**Non-breaking** (1)\n\n"
        "- <code>GET</code> <code>/c</code>: endpoint added (<code>endpoint-added</code>)\n\n"
        "### Commits\n\n"
        f"- Rename a to c (<code>{short['rename']}</code>, Ada)\n\n"
        "## v0.2.0 (2024-01-02)\n\n"
        "### API changes since <code>v0.1.0</code>\n\n"
        "**Non-breaking** (1)\n\n"
        "- <code>GET</code> <code>/b</code>: endpoint added (<code>endpoint-added</code>)\n\n"
        "### Commits\n\n"
        "#### Features\n\n"
        f"- **BREAKING** **api:** add b (<code>{short['b']}</code>, Ada)\n\n"
        "#### Bug fixes\n\n"
        f"- **BREAKING** typo (<code>{short['fix']}</code>, Ada)\n\n"
        "## v0.1.0 (2024-01-02)\n\n"
        f"First release: <code>{short['first']}</code>.\n\n"
        "### Commits\n\n"
        "#### Features\n\n"
        f"- first route (<code>{short['first']}</code>, Ada)\n"
    )
    assert repo.state() == before


def test_since_shows_only_the_later_releases_and_says_how_many_are_left_out(
    tagged: tuple[Repo, dict[str, str]], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    repo, shas = tagged
    target = tmp_path / "CHANGELOG.md"
    code, out, err = run(capsys, str(repo.path), "--since", "v0.2.0", "-o", str(target))
    assert (code, out) == (0, "")
    assert err == f"Wrote the changelog of 1 releases to {target}\n"
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Changelog\n\n2 older releases are not shown.\n\n## Unreleased (2024-01-02)\n\n")
    assert text.endswith(f"- Rename a to c (<code>{shas['rename'][:7]}</code>, Ada)\n")


def test_unknown_since_tag_is_a_usage_error(
    tagged: tuple[Repo, dict[str, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    repo, _ = tagged
    code, out, err = run(capsys, str(repo.path), "--since", "v9")
    assert (code, out) == (2, "")
    assert err == "docgen: error: --since 'v9': no tag of this repository has that name (newest tags: v0.1.0, v0.2.0)\n"


def test_untagged_history_is_one_unreleased_plain_list(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = Repo(tmp_path / "plain")
    repo.git("init", "-q", "-b", "main")
    first = repo.commit({"app/main.py": APP}, "Start")
    second = repo.commit({"app/main.py": APP + B}, "Add b")
    code, out, _ = run(capsys, str(repo.path))
    assert code == 0
    assert out == (
        "# Changelog\n\n## Unreleased (2024-01-02)\n\n"
        f"First release: <code>{second[:7]}</code>.\n\n"
        "### Commits\n\n"
        f"- Add b (<code>{second[:7]}</code>, Ada)\n"
        f"- Start (<code>{first[:7]}</code>, Ada)\n"
    )


def test_a_tag_without_source_changes_reuses_the_analysis(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import docgen.changelog.build as building

    calls: list[Path] = []

    def counted(config: Config, reporter: Reporter) -> CodeAnalysis:
        calls.append(config.root)
        return analyse_code(config, reporter)

    monkeypatch.setattr(building, "analyse_code", counted)
    repo = Repo(tmp_path / "docs-only")
    repo.git("init", "-q", "-b", "main")
    repo.commit({"app/main.py": APP}, "Start")
    repo.git("tag", "1.0")
    readme = repo.commit({"README": "hello\n"}, "Say hello")
    repo.git("tag", "1.1")
    code, out, _ = run(capsys, str(repo.path), "--since", "1.0")
    assert code == 0
    assert out == (
        "# Changelog\n\n1 older release is not shown.\n\n## 1.1 (2024-01-02)\n\n"
        "No API changes since <code>1.0</code>.\n\n"
        "### Commits\n\n"
        f"- Say hello (<code>{readme[:7]}</code>, Ada)\n"
    )
    assert len(calls) == 1
    assert run(capsys, str(repo.path), "--since", "1.1")[1] == (
        "# Changelog\n\n2 older releases are not shown.\n\nNo releases or commits after the ones left out.\n"
    )

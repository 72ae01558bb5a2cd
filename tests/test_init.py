"""``docgen init``: the files written into an empty tree, the refusal to overwrite, ``--force``, and valid YAML."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
import yaml

from docgen.cli import main
from docgen.config import load_config
from docgen.render.environment import site_template_dir

SHIPPED = site_template_dir() / "init"
REPO_ROOT = Path(__file__).resolve().parent.parent


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--no-progress", "init", *args])
    out, err = capsys.readouterr()
    return code, out, err


def files(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in root.rglob("*") if p.is_file()}


def shipped(name: str) -> str:
    return (SHIPPED / name).read_text(encoding="utf-8")


def test_empty_tree_gets_every_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, str(tmp_path))
    assert (code, err) == (0, "")
    assert out == (
        f"docgen init writes into {tmp_path}:\n"
        "  create    .github/workflows/docgen.yml\n"
        "  create    .gitlab-ci.docgen.yml\n"
        "  create    .pre-commit-config.yaml\n"
        "  create    pyproject.toml\n"
    )
    assert files(tmp_path) == {
        ".github/workflows/docgen.yml": shipped("github-workflow.yml"),
        ".gitlab-ci.docgen.yml": shipped("gitlab-ci.yml"),
        ".pre-commit-config.yaml": shipped("pre-commit-config.yaml"),
        "pyproject.toml": shipped("pyproject-table.toml"),
    }
    config = load_config(tmp_path, environ={})
    assert (config.frameworks, config.check.fail_under, config.diff.fail_on) == (("auto",), 0.0, "breaking")


def test_written_yaml_parses_into_the_jobs_ci_runs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, str(tmp_path))[0] == 0
    workflow = yaml.safe_load((tmp_path / ".github/workflows/docgen.yml").read_text(encoding="utf-8"))
    assert list(workflow["jobs"]) == ["check", "diff", "pages"]
    assert workflow[True] == {"push": None, "pull_request": None}  # YAML 1.1 reads the key `on` as true
    assert [s.get("run") for s in workflow["jobs"]["check"]["steps"]][-1] == "docgen check --format github"
    assert workflow["jobs"]["diff"]["permissions"] == {"contents": "read", "pull-requests": "write"}
    assert [s.get("uses") for s in workflow["jobs"]["pages"]["steps"]][-2:] == [
        "actions/upload-pages-artifact@v3",
        "actions/deploy-pages@v4",
    ]
    gitlab = yaml.safe_load((tmp_path / ".gitlab-ci.docgen.yml").read_text(encoding="utf-8"))
    assert gitlab["docgen-check"]["artifacts"]["reports"] == {"codequality": "gl-code-quality-report.json"}
    assert gitlab["pages"]["artifacts"] == {"paths": ["public"]}
    hooks = yaml.safe_load((tmp_path / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert [h["id"] for r in hooks["repos"] for h in r["hooks"]] == ["docgen-check"]


def test_an_existing_ci_file_is_refused_without_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / ".github/workflows").mkdir(parents=True)
    (tmp_path / ".github/workflows/docgen.yml").write_text("mine\n", encoding="utf-8")
    code, out, err = run(capsys, str(tmp_path))
    assert (code, out) == (2, "")
    assert err == "docgen: error: .github/workflows/docgen.yml already exists: run docgen init --force to overwrite\n"
    assert files(tmp_path) == {".github/workflows/docgen.yml": "mine\n"}


def test_force_overwrites_ci_files_but_keeps_the_hooks_and_settings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / ".gitlab-ci.docgen.yml").write_text("old: {}\n", encoding="utf-8")
    (tmp_path / ".pre-commit-config.yaml").write_text("repos: []\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "shop"\n', encoding="utf-8")
    code, out, _ = run(capsys, str(tmp_path), "--force", "--ci", "gitlab")
    assert code == 0
    assert out == (
        f"docgen init writes into {tmp_path}:\n"
        "  overwrite .gitlab-ci.docgen.yml\n"
        "  skip      .pre-commit-config.yaml  (it exists: add the hook below)\n"
        "  append    pyproject.toml  ([tool.docgen] added at the end)\n"
        "\nThe docgen-check hook for .pre-commit-config.yaml:\n\n" + shipped("pre-commit-config.yaml")
    )
    assert files(tmp_path) == {
        ".gitlab-ci.docgen.yml": shipped("gitlab-ci.yml"),
        ".pre-commit-config.yaml": "repos: []\n",
        "pyproject.toml": '[project]\nname = "shop"\n\n' + shipped("pyproject-table.toml"),
    }
    code, out, _ = run(capsys, str(tmp_path), "--ci", "none")
    assert code == 0
    assert out == (
        f"docgen init writes into {tmp_path}:\n"
        "  skip      .pre-commit-config.yaml  (it exists: add the hook below)\n"
        "  skip      pyproject.toml  (it has a [tool.docgen] table)\n"
        "\nThe docgen-check hook for .pre-commit-config.yaml:\n\n" + shipped("pre-commit-config.yaml")
    )


def test_a_path_that_is_not_a_directory_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, str(tmp_path / "missing"))
    assert (code, out) == (2, "")
    missing = tmp_path / "missing"
    assert err == f"docgen: error: {missing} is not a directory (docgen init writes into an existing repository)\n"


def test_the_repository_ships_a_pre_commit_hook_and_a_composite_action() -> None:
    hooks = yaml.safe_load((REPO_ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [(h["id"], h["entry"], h["language"]) for h in hooks] == [("docgen-check", "docgen check", "python")]
    action = yaml.safe_load((REPO_ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    assert action["inputs"]["args"]["default"] == "check --format github"
    assert tomllib.loads(shipped("pyproject-table.toml"))["tool"]["docgen"] == {
        "frameworks": ["auto"],
        "check": {"fail-under": 0},
        "diff": {"fail-on": "breaking"},
    }

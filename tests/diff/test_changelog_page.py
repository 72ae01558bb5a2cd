"""The site's Changelog page: present only for a tagged repository, capped by ``site.changelog-releases``."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from docgen.cli import main
from tests.diff.scratch import Repo

APP = """\
from fastapi import FastAPI

app = FastAPI()


@app.get("/a")
def a():
    return 1
"""

CONFIG = '[project]\nname = "shop"\n\n[tool.docgen.site]\nchangelog-releases = 1\n'


def build(path: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> int:
    code = main(["--no-progress", "build", str(path), "--docs-only", str(out)])
    capsys.readouterr()
    return code


def test_tagged_repository_gets_a_capped_changelog_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = Repo(tmp_path / "shop")
    repo.git("init", "-q", "-b", "main")
    repo.commit({"app/main.py": APP, "pyproject.toml": CONFIG}, "feat: a")
    repo.git("tag", "v1.0.0")
    fix = repo.commit({"app/main.py": APP.replace('"/a"', '"/a/"')}, "fix: trailing slash")
    repo.git("tag", "v1.0.1")
    assert build(repo.path, tmp_path / "docs", capsys) == 0
    nav = yaml.safe_load((tmp_path / "docs" / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    assert nav[-2:] == [{"Changes": "changes.md"}, {"Changelog": "changelog.md"}]
    page = (tmp_path / "docs" / "docs" / "changelog.md").read_text(encoding="utf-8")
    assert page == (
        "# Changelog\n\n"
        "1 older release is not shown. The page shows the newest 1 (setting <code>site.changelog-releases</code>).\n\n"
        "## v1.0.1 (2024-01-02)\n\n"
        "### API changes since <code>v1.0.0</code>\n\n"
        "**Breaking** (1)\n\n"
        "- <code>GET</code> <code>/a</code>: path removed without deprecation "
        "(<code>api-path-removed-without-deprecation</code>)\n\n"
        "**Non-breaking** (1)\n\n"
        "- <code>GET</code> <code>/a/</code>: endpoint added (<code>endpoint-added</code>)\n\n"
        "### Commits\n\n"
        "#### Bug fixes\n\n"
        f"- trailing slash (<code>{fix[:7]}</code>, Ada)\n\n"
    )


def test_untagged_repository_has_no_changelog_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = Repo(tmp_path / "shop")
    repo.git("init", "-q", "-b", "main")
    repo.commit({"app/main.py": APP, "pyproject.toml": CONFIG}, "feat: a")
    assert build(repo.path, tmp_path / "docs", capsys) == 0
    nav = yaml.safe_load((tmp_path / "docs" / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    assert nav[-1] == {"Changes": "changes.md"}
    assert not (tmp_path / "docs" / "docs" / "changelog.md").exists()

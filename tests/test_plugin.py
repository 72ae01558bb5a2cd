"""The MkDocs plugin form: generated pages as virtual files, warnings counted by --strict."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

MKDOCS_YML = """\
site_name: Shop
theme:
  name: material
  font: false
plugins:
  - search
  - docgen:
      source: src
markdown_extensions: [admonition, tables, attr_list, md_in_html, pymdownx.superfences, pymdownx.tabbed]
"""


def project(tmp_path: Path, api: str) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Welcome\n", encoding="utf-8")
    (tmp_path / "src" / "shop").mkdir(parents=True)
    (tmp_path / "src" / "shop" / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "src" / "shop" / "api.py").write_text(api, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    return tmp_path


def mkdocs(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"DOCGEN_CACHE_DIR": str(root.parent / "cache"), "PATH": "/usr/bin:/bin"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(root / "out"), *args],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


@pytest.mark.slow
def test_plugin_adds_pages_without_touching_docs_dir(tmp_path: Path) -> None:
    root = project(
        tmp_path, 'from fastapi import FastAPI\napp = FastAPI()\n@app.get("/items")\ndef items():\n    """List."""\n'
    )
    run = mkdocs(root)
    assert run.returncode == 0, run.stderr
    assert sorted(p.name for p in (root / "docs").iterdir()) == ["index.md"]
    assert (root / "out" / "index.html").read_text(encoding="utf-8").count("Welcome") >= 1
    pages = "\n".join(p.read_text(encoding="utf-8") for p in (root / "out" / "api").rglob("*.html"))
    assert "/items" in pages
    assert (root / "out" / "openapi.json").is_file()


@pytest.mark.slow
def test_docgen_warnings_fail_a_strict_mkdocs_build(tmp_path: Path) -> None:
    root = project(tmp_path, "def broken(:\n")
    run = mkdocs(root, "--strict")
    assert run.returncode == 1
    assert "docgen: shop/api.py:1: DG901 syntax error at 1:12: invalid syntax" in run.stderr


def test_a_docgen_config_error_is_one_plugin_error_line(tmp_path: Path) -> None:
    root = project(tmp_path, "x = 1\n")
    (root / "src" / "docgen.toml").write_text('site-nmae = "x"\n', encoding="utf-8")
    run = mkdocs(root)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    errors = [line for line in run.stderr.splitlines() if line.startswith("ERROR")]
    assert errors == [
        f"ERROR   -  docgen: {root / 'src' / 'docgen.toml'}: unknown setting 'site-nmae' (did you mean 'site-name'?)"
    ]


def test_a_missing_source_is_one_plugin_error_line(tmp_path: Path) -> None:
    root = project(tmp_path, "x = 1\n")
    (root / "mkdocs.yml").write_text(MKDOCS_YML.replace("source: src", "source: nowhere"), encoding="utf-8")
    run = mkdocs(root)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert [line for line in run.stderr.splitlines() if line.startswith("ERROR")] == [
        "ERROR   -  docgen: plugin option 'source' names 'nowhere', which is not a directory"
    ]

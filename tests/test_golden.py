"""Golden files: the example's catalog JSON and its rendered Markdown pages.

Regenerate after an intended change with:

    DOCGEN_REGENERATE=1 python -m pytest tests/test_golden.py

and review the diff. Git history (and the churn, hotspots and ownership made from it) and the Ruff
version are left out: they change with every commit of this repository and every Ruff release,
not with docgen's behaviour.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from docgen.api import analyse
from docgen.check import assess_health
from docgen.config import load_config
from docgen.model import Catalog, History
from docgen.model.codec import dumps
from docgen.render import render_site

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "bookshop"
GOLDEN = Path(__file__).resolve().parent / "golden"
REGENERATE = os.environ.get("DOCGEN_REGENERATE") == "1"
HOW = "regenerate with: DOCGEN_REGENERATE=1 python -m pytest tests/test_golden.py (then review git diff)"


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    cache = tmp_path_factory.mktemp("cache")
    config = load_config(EXAMPLE, overrides={"cache_dir": str(cache)})
    found = analyse(config)
    diagnostics = tuple(d for d in found.diagnostics if not d.code.startswith("DG92"))
    project = replace(found.project, ruff_version=None)
    measured = found.health.functions if found.health.complexity_ran else None
    health = assess_health(found.modules, found.symbols, measured, History())
    return replace(found, history=History(), health=health, project=project, diagnostics=diagnostics)


def check(path: Path, text: str) -> None:
    if REGENERATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.is_file(), f"missing golden file {path.relative_to(REPO)}; {HOW}"
    assert text == path.read_text(encoding="utf-8"), f"{path.relative_to(REPO)} differs; {HOW}"


def test_catalog_json(catalog: Catalog) -> None:
    check(GOLDEN / "bookshop.catalog.json", dumps(catalog))


def test_rendered_pages(catalog: Catalog) -> None:
    config = load_config(EXAMPLE)
    pages = render_site(catalog, config).pages
    folder = GOLDEN / "bookshop_pages"
    if REGENERATE:
        for old in folder.rglob("*.md"):
            old.unlink()
    for name, text in sorted(pages.items()):
        check(folder / name, text)
    written = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.md"))
    assert written == sorted(pages), f"golden pages differ from rendered ones; {HOW}"

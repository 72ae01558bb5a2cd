"""Site engines: choosing one (setting, flag, environment), reading Zensical's output, real Zensical builds."""

from __future__ import annotations

import hashlib
import logging
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from docgen import site_engines
from docgen.cli import main
from docgen.config import load_config
from docgen.diagnostics import Code, Reporter
from docgen.errors import BuildError, ConfigError, UsageError
from docgen.render import render_site
from docgen.site import MARKER, SiteResult, build_site, run_mkdocs
from docgen.site_engines import MkDocsEngine, ZensicalEngine, mirror, read_zensical_output, site_engine
from tests.render import catalog_factory as cf
from tests.render.html_scan import external_loads, html_files, scan

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "bookshop"
NEEDS_ZENSICAL = pytest.mark.skipif(not site_engines.zensical_installed(), reason="Zensical is not installed")
MISSING = "engine 'zensical' needs Zensical, which is not installed: pip install 'docgen-backend[zensical]'"

PAGES = [
    "404.html",
    "api/app.api.items/index.html",
    "api/index.html",
    "changes/index.html",
    "health/index.html",
    "index.html",
    "models/app.schemas/index.html",
    "models/index.html",
    "quality/index.html",
    "reference/app.api.items/index.html",
    "reference/app.schemas/index.html",
    "reference/index.html",
]
"""The HTML pages of the test catalog's site (its 11 Markdown pages and the 404 page)."""


@pytest.fixture
def cli_logging() -> Iterator[None]:
    """Put docgen's log handlers back after a test that ran main() (its handler writes to the test's stderr)."""
    logger = logging.getLogger("docgen")
    handlers, propagate, level = logger.handlers[:], logger.propagate, logger.level
    yield
    logger.handlers[:], logger.propagate = handlers, propagate
    logger.setLevel(level)


def html_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if "assets" not in p.parts)


def work_dir(cache: Path, site: Path) -> Path:
    return cache / "zensical" / hashlib.sha256(str(site.resolve()).encode("utf-8")).hexdigest()[:16]


# --- choosing the engine ------------------------------------------------------------------------------------


def test_mkdocs_is_the_default_engine(tmp_path: Path) -> None:
    config = load_config(tmp_path, isolated=True)
    assert config.engine == "mkdocs"
    assert site_engine(config, tmp_path / "site") == MkDocsEngine()


def test_zensical_engine_builds_in_a_work_dir_of_the_cache_per_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(site_engines, "zensical_installed", lambda: True)
    (tmp_path / "src").mkdir()
    config = load_config(tmp_path / "src", isolated=True, overrides={"engine": "zensical", "cache_dir": "../cache"})
    engine = site_engine(config, tmp_path / "site")
    assert engine == ZensicalEngine(work=work_dir(tmp_path / "cache", tmp_path / "site"))
    assert site_engine(config, tmp_path / "other") != engine


def test_a_cache_inside_the_analysed_tree_builds_without_zensicals_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(site_engines, "zensical_installed", lambda: True)
    config = replace(cf.config(tmp_path), engine="zensical", cache_dir=tmp_path / ".cache")
    assert site_engine(config, tmp_path.parent / "site") == ZensicalEngine(work=None)


def test_engine_from_the_config_file_and_the_environment(tmp_path: Path) -> None:
    (tmp_path / "docgen.toml").write_text('engine = "zensical"\n', encoding="utf-8")
    assert load_config(tmp_path, environ={}).engine == "zensical"
    assert load_config(tmp_path, environ={"DOCGEN_ENGINE": "mkdocs"}).engine == "mkdocs"


def test_an_unknown_engine_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "docgen.toml").write_text('engine = "hugo"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path, environ={})
    assert caught.value.problems == ["'engine' must be one of mkdocs, zensical, not 'hugo'"]


@pytest.mark.usefixtures("cli_logging")
def test_unknown_engine_flag_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--isolated", "build", str(EXAMPLE), "-o", str(tmp_path / "site"), "--engine", "hugo"]) == 2
    assert "Invalid value for '--engine': 'hugo' is not one of 'mkdocs', 'zensical'." in capsys.readouterr().err
    assert not (tmp_path / "site").exists()


def test_missing_zensical_is_one_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(site_engines, "zensical_installed", lambda: False)
    config = replace(cf.config(tmp_path / "project"), engine="zensical")
    with pytest.raises(UsageError) as caught:
        site_engine(config, tmp_path / "site")
    assert str(caught.value) == MISSING


@pytest.mark.usefixtures("cli_logging")
def test_missing_zensical_exits_2_before_analysing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(site_engines, "zensical_installed", lambda: False)
    monkeypatch.setenv("DOCGEN_CACHE_DIR", str(tmp_path / "cache"))
    code = main(
        ["--isolated", "--no-progress", "build", str(EXAMPLE), "-o", str(tmp_path / "site"), "--engine", "zensical"]
    )
    assert code == 2
    assert capsys.readouterr().err.splitlines() == [f"docgen: error: {MISSING}"]
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # not even the facts cache: nothing was analysed


def test_docs_only_needs_no_engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(site_engines, "zensical_installed", lambda: False)
    config = replace(cf.config(tmp_path / "project"), engine="zensical")
    result = build_site(
        render_site(cf.catalog(), config), config, tmp_path / "docs", docs_only=True, reporter=Reporter()
    )
    assert result == SiteResult(site_dir=tmp_path / "docs", pages=11, docs_only=True, warnings=0)


# --- Zensical's output, read back ---------------------------------------------------------------------------

ESC = "\x1b"
ZENSICAL_OUTPUT = f"""Build started
Build finished in 0.20s
{ESC}[33mWarning:{ESC}[0m page does not exist
   {ESC}[38;5;246m╭─[{ESC}[0m broken.md:3:5 {ESC}[38;5;246m]{ESC}[0m
   │
 3 │ [x](nope.md) and [y](index.md#missing)
   │     ───┬───
   │        ╰───── page does not exist
───╯
Warning: anchor does not exist
   ╭─[ broken.md:3:31 ]
   │
 3 │ [x](nope.md) and [y](index.md#missing)
   │                               ───┬───
   │                                  ╰───── anchor does not exist
───╯
2 issues found
"""

FAILED_OUTPUT = """Build started
Traceback (most recent call last):
  File "/venv/lib/python3.11/site-packages/zensical/main.py", line 81, in execute_build
    build(os.path.abspath(config_file), kwargs)
RuntimeError: error reading page metadata 'badmeta.md': while parsing a flow sequence
"""


def test_zensical_warnings_name_the_page_line_column_and_target() -> None:
    assert read_zensical_output(ZENSICAL_OUTPUT) == (
        ["broken.md:3:5: page does not exist: nope.md", "broken.md:3:31: anchor does not exist: missing"],
        "",
    )


def test_a_failed_zensical_build_gives_its_last_error() -> None:
    assert read_zensical_output(FAILED_OUTPUT) == (
        [],
        "error reading page metadata 'badmeta.md': while parsing a flow sequence",
    )
    python_error = "RuntimeError: Python error: ModuleNotFoundError: No module named 'nonexistent_ext'\n"
    assert read_zensical_output(python_error) == ([], "ModuleNotFoundError: No module named 'nonexistent_ext'")
    assert read_zensical_output("Error: No config file found in the current folder.\n") == (
        [],
        "No config file found in the current folder.",
    )


# --- the work dir ---------------------------------------------------------------------------------------------


def test_mirror_writes_what_differs_removes_what_is_gone_and_keeps_zensicals_own(tmp_path: Path) -> None:
    source, target = tmp_path / "project", tmp_path / "work"
    for rel, text in {"mkdocs.yml": "a", "docs/index.md": "new", "docs/api/x.md": "x"}.items():
        (source / rel).parent.mkdir(parents=True, exist_ok=True)
        (source / rel).write_text(text, encoding="utf-8")
    for rel, text in {
        "docs/index.md": "old",
        "docs/api/x.md": "x",
        "docs/gone/page.md": "gone",
        ".cache/123": "cache",
        "site/index.html": "html",
        ".docgen-zensical": "marker",
    }.items():
        (target / rel).parent.mkdir(parents=True, exist_ok=True)
        (target / rel).write_text(text, encoding="utf-8")
    (tmp_path / "outside.md").write_text("outside", encoding="utf-8")
    (target / "docs" / "link.md").symlink_to(tmp_path / "outside.md")
    unchanged = (target / "docs" / "api" / "x.md").stat().st_mtime_ns
    mirror(source, target)
    files = {p.relative_to(target).as_posix(): p.read_text(encoding="utf-8") for p in target.rglob("*") if p.is_file()}
    assert files == {
        ".cache/123": "cache",
        ".docgen-zensical": "marker",
        "docs/api/x.md": "x",
        "docs/index.md": "new",
        "mkdocs.yml": "a",
        "site/index.html": "html",
    }
    assert (
        not (target / "docs" / "gone").exists() and (tmp_path / "outside.md").read_text(encoding="utf-8") == "outside"
    )
    assert (target / "docs" / "api" / "x.md").stat().st_mtime_ns == unchanged


def test_a_work_dir_docgen_did_not_make_is_left_alone(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    (work / "notes.txt").write_text("mine", encoding="utf-8")
    (tmp_path / "project").mkdir()
    assert ZensicalEngine(work=work)._root(tmp_path / "project") == tmp_path / "project"
    assert sorted(p.name for p in work.iterdir()) == ["notes.txt"]


# --- real Zensical builds -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Reporter]]:
    root = tmp_path_factory.mktemp("zensical")
    (root / "project").mkdir()
    config = replace(cf.config(root / "project"), engine="zensical", cache_dir=root / "cache")
    reporter = Reporter()
    result = build_site(render_site(cf.catalog(), config), config, root / "site", reporter=reporter)
    assert result == SiteResult(site_dir=root / "site", pages=11, docs_only=False, warnings=0)
    yield root / "site", reporter


@NEEDS_ZENSICAL
def test_zensical_builds_every_page(zensical_site: tuple[Path, Reporter]) -> None:
    site, reporter = zensical_site
    assert reporter.diagnostics == []
    assert html_pages(site) == PAGES
    for rel in (MARKER, "openapi.json", "search.json", "sitemap.xml", "assets/javascripts/docgen-md-base.js"):
        assert (site / rel).is_file(), rel
    assert sorted(p.name for p in site.parent.iterdir()) == ["cache", "project", "site"]  # no staging left


@NEEDS_ZENSICAL
def test_zensical_pages_keep_the_csp_the_overrides_and_load_nothing_from_the_internet(
    zensical_site: tuple[Path, Reporter],
) -> None:
    site, _ = zensical_site
    for path in html_files(site):
        page = scan(path)
        csp = page.find("meta", **{"http-equiv": "Content-Security-Policy"})
        assert len(csp) == 1 and "script-src 'self';" in csp[0].attrs["content"], path
        inline = [e for e in page.elements if e.tag == "script" and "src" not in e.attrs]
        assert [e.attrs for e in inline] == [{"id": "__config", "type": "application/json"}], path
        assert external_loads(page) == [], path
    page = scan(site / "api" / "app.api.items" / "index.html")
    assert page.title == "app.api.items - Shop"
    assert len(page.find("div", class_="tabbed-set tabbed-alternate")) == 2
    html = (site / "models" / "app.schemas" / "index.html").read_text(encoding="utf-8")
    assert '<pre class="dg-mermaid"><code>erDiagram' in html
    assert '<script src="../../assets/javascripts/mermaid.min.js"></script>' in html


@NEEDS_ZENSICAL
def test_zensical_search_index_uses_docgens_separator(zensical_site: tuple[Path, Reporter]) -> None:
    import json

    from docgen.render.mkdocs_config import SEARCH_SEPARATOR

    index = json.loads((zensical_site[0] / "search.json").read_text(encoding="utf-8"))
    assert index["config"]["separator"] == SEARCH_SEPARATOR


@NEEDS_ZENSICAL
def test_zensical_rebuild_reuses_its_work_dir_and_reports_broken_links(tmp_path: Path) -> None:
    (tmp_path / "project").mkdir()
    docs = tmp_path / "handwritten"
    docs.mkdir()
    (docs / "guide.md").write_text("# Guide\n\nSee [nowhere](missing.md).\n", encoding="utf-8")
    config = replace(cf.config(tmp_path / "project"), engine="zensical", cache_dir=tmp_path / "cache")
    rendered = render_site(cf.catalog(), config)
    build_site(rendered, config, tmp_path / "site", reporter=Reporter())
    reporter = Reporter()
    result = build_site(rendered, replace(config, docs_dir=docs), tmp_path / "site", reporter=reporter)
    assert result.pages == 12 and result.warnings == 1
    assert [(d.code, d.message) for d in reporter.diagnostics] == [
        (Code.SITE_BUILD_WARNING, "guide.md:3:15: page does not exist: missing.md")
    ]
    assert html_pages(tmp_path / "site") == sorted([*PAGES, "guide/index.html"])
    work = work_dir(tmp_path / "cache", tmp_path / "site")
    assert sorted(p.name for p in work.iterdir()) == [".cache", ".docgen-zensical", "docs", "mkdocs.yml", "overrides"]


@NEEDS_ZENSICAL
def test_failing_zensical_build_names_the_page_and_keeps_the_previous_site(tmp_path: Path) -> None:
    (tmp_path / "project").mkdir()
    config = replace(cf.config(tmp_path / "project"), engine="zensical", cache_dir=tmp_path / "cache")
    rendered = render_site(cf.catalog(), config)
    build_site(rendered, config, tmp_path / "site", reporter=Reporter())
    before = sorted(
        (p.relative_to(tmp_path / "site").as_posix(), p.read_bytes())
        for p in (tmp_path / "site").rglob("*")
        if p.is_file()
    )
    docs = tmp_path / "handwritten"
    docs.mkdir()
    (docs / "bad.md").write_text("---\ntitle: [unclosed\n---\n# Bad\n", encoding="utf-8")
    with pytest.raises(BuildError, match=r"^Zensical build failed: error reading page metadata 'bad.md': "):
        build_site(rendered, replace(config, docs_dir=docs), tmp_path / "site", reporter=Reporter())
    after = sorted(
        (p.relative_to(tmp_path / "site").as_posix(), p.read_bytes())
        for p in (tmp_path / "site").rglob("*")
        if p.is_file()
    )
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "handwritten", "project", "site"]


@NEEDS_ZENSICAL
def test_docs_only_tree_builds_with_mkdocs_and_with_zensical(tmp_path: Path) -> None:
    (tmp_path / "project").mkdir()
    out = tmp_path / "docs-out"
    config = cf.config(tmp_path / "project")
    build_site(render_site(cf.catalog(), config), config, out, docs_only=True, reporter=Reporter())
    assert "site_dir" not in yaml.safe_load((out / "mkdocs.yml").read_text(encoding="utf-8"))
    reporter = Reporter()
    run_mkdocs(out / "mkdocs.yml", tmp_path / "html", reporter)
    assert reporter.diagnostics == []
    done = subprocess.run(
        [sys.executable, "-m", "zensical", "build"], cwd=out, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert read_zensical_output(done.stdout + done.stderr) == ([], "")
    assert html_pages(out / "site") == html_pages(tmp_path / "html") == PAGES

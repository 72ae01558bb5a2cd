"""Hostile catalog strings stay inert from Markdown to the final HTML (RELIABILITY S01-S07, SR-04..SR-07)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import jinja2
import markdown
import pytest
from jinja2.sandbox import SandboxedEnvironment

from docgen.diagnostics import Reporter
from docgen.render import RenderedSite, render_site
from docgen.site import build_site
from tests.render import catalog_factory as cf
from tests.render.html_scan import html_files, scan

GROUP_PAGE = "api/img-src-x-onerror-alert-5"


@pytest.fixture(scope="module")
def rendered() -> RenderedSite:
    return render_site(cf.hostile_catalog(), cf.config())


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, rendered: RenderedSite) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("hostile")
    (root / "project").mkdir()
    build_site(rendered, cf.config(root / "project"), root / "site", reporter=Reporter())
    yield root / "site"


def test_markdown_pages_carry_no_template_or_include_syntax(rendered: RenderedSite) -> None:
    for path, page in rendered.pages.items():
        assert not re.search(r"\{[{%#]", page), path
        assert not re.search(r"^\s*(-+8<|:::)", page, flags=re.MULTILINE), path


def test_pages_are_inert_under_mkdocs_macros_style_rendering(rendered: RenderedSite) -> None:
    env = SandboxedEnvironment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    for path, page in rendered.pages.items():
        assert env.from_string(page).render() == page, path


def test_pages_are_inert_under_pymdownx_snippets(rendered: RenderedSite, tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text("TOP-SECRET", encoding="utf-8")
    config = {"pymdownx.snippets": {"base_path": [str(tmp_path), "/"], "check_paths": False}}
    for path, page in rendered.pages.items():
        hostile = page.replace("/etc/passwd", str(tmp_path / "secret.txt"))
        html = markdown.markdown(hostile, extensions=["pymdownx.snippets"], extension_configs=config)
        assert "TOP-SECRET" not in html and "root:x:" not in html, path


def test_no_event_handlers_scripts_or_javascript_urls_in_any_page(site: Path) -> None:
    for path in html_files(site):
        page = scan(path)
        handlers = [(e.tag, name) for e in page.elements for name in e.attrs if name.startswith("on")]
        assert handlers == [], path
        scripts = [e.attrs for e in page.elements if e.tag == "script"]
        assert all(s.get("id") == "__config" or s.get("src", "").endswith(".js") for s in scripts), path
        assert not any(s.get("src", "").startswith(("http", "//", "data:", "javascript:")) for s in scripts), path
        urls = [v for e in page.elements for k, v in e.attrs.items() if k in {"href", "src", "action"}]
        assert not [u for u in urls if u.strip().lower().startswith(("javascript:", "data:text"))], path
        assert not page.find("img"), path


def test_route_path_is_text_in_heading_toc_nav_and_title(site: Path) -> None:
    html = (site / GROUP_PAGE / "index.html").read_text(encoding="utf-8")
    page = scan(site / GROUP_PAGE / "index.html")
    assert page.title == "<img src=x onerror=alert(5)> - Shop"
    assert '<h2 id="post-svg-onload-alert-1">' in html
    assert "<code>/<wbr>&lt;svg onload&#61;alert(1)&gt;</code>" in html
    text = page.all_text()
    assert "/<svg onload=alert(1)>" in text  # heading and table of contents, shown as text
    assert text.count("<img src=x onerror=alert(5)>") >= 3  # h1, nav label, tab/section labels
    assert "<svg onload" not in html and "<img src=x" not in html


def test_docstring_payloads_show_as_text(site: Path) -> None:
    page = scan(site / GROUP_PAGE / "index.html")
    text = page.all_text()
    assert "Intro <script>alert(1)</script> and <img src=x onerror=alert(2)>." in text
    assert "Template {{ config }} and {% include 'x' %} and {# c #}." in text
    assert '--8<-- "/etc/passwd"' in text
    assert "::: app.secrets" in text
    assert "<b onmouseover=alert(4)>hi</b>" in text
    links = [e.attrs for e in page.elements if e.tag == "a" and "nofollow" in e.attrs.get("rel", "")]
    assert {"rel": "noopener noreferrer nofollow"} in links  # the javascript: link, without its href


def test_commit_author_and_summary_are_text(site: Path) -> None:
    text = scan(site / "changes" / "index.html").all_text()
    assert "<script>alert(6)</script>" in text
    assert "{% raw %} --8<-- x" in text


def test_search_index_keeps_markup_escaped(site: Path) -> None:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    blob = json.dumps(index)
    for raw in ("<svg onload", "<script>alert", "<img src=x", "<b onmouseover"):
        assert raw not in blob
    titles = {doc["title"] for doc in index["docs"]}
    assert "&lt;img src=x onerror=alert(5)&gt;" in titles


def test_nothing_from_outside_the_tree_is_published(site: Path) -> None:
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".json", ".xml"}:
            assert "root:x:0:0" not in path.read_text(encoding="utf-8", errors="replace"), path

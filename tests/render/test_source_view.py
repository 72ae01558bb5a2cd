"""Source pages: static HTML files beside the Markdown pages, one per module, linked line by line."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from pathlib import Path

from docgen.config import load_config
from docgen.model import Location, Symbol, SymbolKind
from docgen.render import RenderedSite, render_site
from docgen.render.source_html import FORMAT, code_lines, code_runs
from docgen.render.source_view import highlighted, page_dir, read_source
from tests.render import catalog_factory as cf

CODE = "x = 1\n\n\ndef f():\n    return '<b>{{ x }}</b>'\n"
PAGE = "reference/_source/shop.core.py.html"


def _render(root: Path, code: str = CODE, **changes: object) -> RenderedSite:
    (root / "shop").mkdir(parents=True, exist_ok=True)
    (root / "shop" / "core.py").write_text(code, encoding="utf-8")
    symbol = Symbol(
        id="shop.core.f", kind=SymbolKind.FUNCTION, name="f", module="shop.core", location=Location("shop/core.py", 4)
    )
    module = replace(cf.catalog().modules[0], name="shop.core", path="shop/core.py")
    config = cf.config(root, cache_dir=root.parent / "cache", **changes)
    return render_site(cf.catalog(symbols=(symbol,), modules=(module,)), config)


def test_a_symbol_links_to_its_line_on_a_static_source_page_that_is_no_markdown_page(tmp_path: Path) -> None:
    site = _render(tmp_path / "root")
    link = "**Source:** [<code>shop/<wbr>core.<wbr>py&#58;4</code>](_source/shop.core.py.html#L-4)"
    assert link in site.pages["reference/shop.core.md"]
    assert "[view source](_source/shop.core.py.html)" in site.pages["reference/shop.core.md"]
    assert not [p for p in site.pages if p.startswith("reference/_source/")]
    page = site.files[PAGE].decode()
    assert page.split('<pre class="dg-source"><code>')[1].split("</code></pre>")[0] == (
        '<a id="L-1" href="#L-1">1</a>x = <span class="m">1</span>\n'
        '<a id="L-2" href="#L-2">2</a>\n'
        '<a id="L-3" href="#L-3">3</a>\n'
        '<a id="L-4" href="#L-4">4</a><span class="k">def </span><span class="f">f</span>():\n'
        '<a id="L-5" href="#L-5">5</a>    <span class="k">return </span>'
        "<span class=\"s\">'&lt;b&gt;{{ x }}&lt;/b&gt;'</span>"
    )


def test_a_source_page_links_home_its_stylesheet_and_its_module_page_and_runs_no_script(tmp_path: Path) -> None:
    site = _render(tmp_path / "root", site_name="Shop & <Co>")
    page = site.files[PAGE].decode()
    head, body = page.split("<body>\n")
    assert "<title>Source of shop.core - Shop &amp; &lt;Co&gt;</title>" in head
    assert '<link rel="stylesheet" href="../../assets/stylesheets/docgen-source.css">' in head
    assert "content=\"default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'none'\"" in head
    assert body.startswith(
        '<header><a href="../../">Shop &amp; &lt;Co&gt;</a></header>\n<main>\n<h1>Source of shop.core</h1>\n'
        '<p><code>shop/core.py</code> · <a href="../shop.core/">reference</a></p>\n'
    )
    assert "<script" not in page
    assert b"pre.dg-source a[id]:target::before" in site.files["assets/stylesheets/docgen-source.css"]
    assert site.mkdocs["extra_css"] == ["assets/stylesheets/docgen.css"]


def test_a_source_page_shows_bidi_controls_visibly() -> None:
    assert highlighted('access = "user\u202e \u2066# admin"\n') == (
        '<a id="L-1" href="#L-1">1</a>access = <span class="s">"user&lt;U+202E&gt; &lt;U+2066&gt;# admin"</span>'
    )


def test_highlighted_source_escapes_markup_and_a_multiline_string_is_cut_at_each_line() -> None:
    assert highlighted("s = '</pre><script>'\n") == (
        '<a id="L-1" href="#L-1">1</a>s = <span class="s">\'&lt;/pre&gt;&lt;script&gt;\'</span>'
    )
    assert highlighted('"""a\nb"""\n') == (
        '<a id="L-1" href="#L-1">1</a><span class="c">"""a</span>\n'
        '<a id="L-2" href="#L-2">2</a><span class="c">b"""</span>'
    )


def test_the_highlighted_runs_are_cached_as_data_and_a_planted_entry_cannot_add_markup(tmp_path: Path) -> None:
    site = _render(tmp_path / "root")
    entry = tmp_path / "cache" / "source-runs" / hashlib.sha256(f"{FORMAT}\0{CODE}".encode()).hexdigest()
    assert json.loads(entry.read_text(encoding="utf-8")) == [list(run) for run in code_runs(CODE)]
    entry.write_text(json.dumps([["s", "<script>alert(1)</script>"], ["x onclick=y", "z"]]), encoding="utf-8")
    planted = _render(tmp_path / "root").files[PAGE].decode()
    assert '<span class="s">&lt;script&gt;alert(1)&lt;/script&gt;</span>z</code>' in planted
    entry.write_text('{"not": "runs"}', encoding="utf-8")
    assert _render(tmp_path / "root").files[PAGE] == site.files[PAGE]


def test_no_cache_is_written_inside_the_analysed_tree(tmp_path: Path) -> None:
    root = tmp_path / "root"
    (root / "shop").mkdir(parents=True)
    (root / "shop" / "core.py").write_text(CODE, encoding="utf-8")
    module = replace(cf.catalog().modules[0], name="shop.core", path="shop/core.py")
    site = render_site(cf.catalog(symbols=(), modules=(module,)), cf.config(root, cache_dir=root / ".cache"))
    assert PAGE in site.files
    assert not (root / ".cache").exists()


def test_a_file_that_cannot_be_tokenized_gets_no_source_page(tmp_path: Path) -> None:
    site = _render(tmp_path / "root", code="def broken(:\n    '''\n")
    assert PAGE not in site.files
    assert "[view source]" not in site.pages["reference/shop.core.md"]
    assert "**Source:** <code>shop/<wbr>core.<wbr>py&#58;4</code>" in site.pages["reference/shop.core.md"]


def test_source_pages_can_be_turned_off_in_the_site_settings(tmp_path: Path) -> None:
    (tmp_path / "shop").mkdir()
    (tmp_path / "shop" / "core.py").write_text("def f():\n    pass\n")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "shop"\n\n[tool.docgen.site]\nsource-pages = false\n')
    config = load_config(tmp_path)
    symbol = Symbol(
        id="shop.core.f", kind=SymbolKind.FUNCTION, name="f", module="shop.core", location=Location("shop/core.py", 1)
    )
    module = replace(cf.catalog().modules[0], name="shop.core", path="shop/core.py")
    site = render_site(cf.catalog(symbols=(symbol,), modules=(module,)), config)
    assert config.site.source_pages is False
    assert not [p for p in [*site.pages, *site.files] if p.startswith("reference/_source/")]
    assert "**Source:** <code>shop/<wbr>core.<wbr>py&#58;1</code>" in site.pages["reference/shop.core.md"]


def test_a_source_file_reached_through_a_link_outside_the_root_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "root").mkdir()
    (tmp_path / "secret.py").write_text("token = 1\n")
    (tmp_path / "root" / "leak.py").symlink_to(tmp_path / "secret.py")
    assert read_source(tmp_path / "root", "leak.py") is None
    assert read_source(tmp_path / "root", "../secret.py") is None


def test_a_module_page_is_published_as_a_folder() -> None:
    assert [page_dir(p) for p in ("reference/shop.core.md", "reference/index.md", "index.md")] == [
        "reference/shop.core",
        "reference",
        ".",
    ]
    assert code_lines([]) == '<a id="L-1" href="#L-1">1</a>'

"""The example site in a real browser (bench/browser_check.py): ER diagrams, web references, model links.

The Chromium tests are skipped, with the reason, only when Debian's ``/usr/bin/chromium`` is absent;
the static scans of the built site and the checkers' own negative controls always run.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

_PATH = Path(__file__).resolve().parents[1] / "bench" / "browser_check.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_browser_check", _PATH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_browser_check"] = module
    spec.loader.exec_module(module)
    return module


bc = _load()
needs_chromium = pytest.mark.skipif(
    not Path(bc.CHROMIUM).is_file(),
    reason=f"{bc.CHROMIUM} is absent: install Debian's chromium package to run the browser check",
)
DOCGEN = [sys.executable, "-m", "docgen"]
DIAGRAM_PAGES = [
    "models/bookshop.models.book/",
    "models/bookshop.models.order/",
    "models/bookshop.models.user/",
    "models/",  # the whole codebase's database schema
]
DIAGRAM_EDGES = {
    # the module's diagram, then the neighbourhoods of Author and Review (Book's is the module's)
    "models/bookshop.models.book/": (3, 1, 1),
    # the module's diagram, then the neighbourhoods of Order and OrderItem
    "models/bookshop.models.order/": (3, 2, 2),
    "models/bookshop.models.user/": (1,),  # Order -> User, drawn on the page of the model it points to
    "models/": (5,),
}
"""Relationship lines Chromium draws, per diagram of each page."""


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """The example's built site and its catalog."""
    tmp = tmp_path_factory.mktemp("example")
    bc.build_site(DOCGEN, bc.EXAMPLE, tmp / "site")
    return tmp / "site", bc.extract_catalog(DOCGEN, bc.EXAMPLE, tmp / "catalog.json")


@pytest.mark.slow
@needs_chromium
def test_example_site_passes_the_browser_check(example: tuple[Path, dict[str, Any]]) -> None:
    site, catalog = example
    report = bc.run_checks(site, catalog, bc.CHROMIUM, 120, None, None)
    assert report.ok, "\n".join(report.lines)
    assert [(d.page, d.containers, d.with_svg, d.raw_blocks) for d in report.diagrams] == [
        (page, len(DIAGRAM_EDGES[page]), len(DIAGRAM_EDGES[page]), 0) for page in DIAGRAM_PAGES
    ]
    # One line per foreign key (5 in the example), not one per column, relationship and back_populates (15)
    assert {d.page: d.edges for d in report.diagrams} == DIAGRAM_EDGES


@pytest.mark.slow
@needs_chromium
def test_browser_check_sees_raw_text_blocked_loads_and_foreign_requests(tmp_path: Path) -> None:
    (tmp_path / "raw.html").write_text(
        "<!doctype html><html><head>"
        '<meta http-equiv="Content-Security-Policy" content="script-src \'self\'">'
        '<script src="https://example.invalid/mermaid.min.js"></script></head><body>'
        '<pre class="dg-mermaid"><code>erDiagram\n    A ||--o{ B : has\n</code></pre></body></html>',
        encoding="utf-8",
    )
    (tmp_path / "foreign.html").write_text(
        '<!doctype html><html><body><div class="dg-mermaid"><svg></svg></div>'
        '<img src="http://127.0.0.2:9/pixel.png"></body></html>',
        encoding="utf-8",
    )
    with bc.serve(tmp_path, 60) as base:
        raw = bc.check_diagram(base, "raw.html")
        foreign = bc.check_diagram(base, "foreign.html")
    assert (raw.containers, raw.with_svg, raw.raw_blocks, raw.external_requests) == (1, 0, 1, ())
    assert len(raw.blocked) == 1 and "https://example.invalid/mermaid.min.js" in raw.blocked[0]
    assert not raw.ok
    assert (foreign.with_svg, foreign.external_requests, foreign.ok) == (1, ("http://127.0.0.2:9/pixel.png",), False)


@pytest.mark.slow
def test_built_example_loads_nothing_from_the_web(example: tuple[Path, dict[str, Any]]) -> None:
    site, _ = example
    refs = bc.external_references(site, None)
    assert refs.loaded == []
    assert refs.repo_links == []
    # Hyperlinks a reader may follow: Ruff's rule docs for the example's findings, Material's credit.
    assert {r.url.split("/rules/")[0] for r in refs.links} == {
        "https://docs.astral.sh/ruff",
        "https://squidfunk.github.io/mkdocs-material/",
    }
    # Fallback URLs in Material's bundle (unused: docgen's diagrams never reach Material's Mermaid loader).
    assert {r.file.rsplit("/", 1)[-1].split(".")[0] for r in refs.script_strings} == {"bundle"}


@pytest.mark.slow
def test_built_example_links_endpoints_and_models_both_ways(example: tuple[Path, dict[str, Any]]) -> None:
    site, catalog = example
    assert bc.check_model_links(site, catalog) == []
    book_read = "bookshop.schemas.book.BookRead"
    users = [r for r in catalog["routes"] if any(x.get("model") == book_read for x in r["responses"])]
    assert {(r["method"], r["path"]) for r in users} == {
        ("GET", "/api/v1/books/"),
        ("POST", "/api/v1/books/"),
        ("GET", "/api/v1/books/{book_id}"),
        ("PATCH", "/api/v1/books/{book_id}"),
        ("PUT", "/api/v1/books/{book_id}"),
    }


@pytest.mark.slow
def test_model_link_check_reports_missing_links(example: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    site, catalog = example
    broken = tmp_path / "site"
    shutil.copytree(site, broken)
    models = broken / "models" / "bookshop.schemas.book" / "index.html"
    text = models.read_text(encoding="utf-8")
    item = '<li><a href="../../api/bookshop.api.routes.books-router/#post-api-v1-books">POST /api/v1/books/</a></li>'
    assert item in text
    models.write_text(text.replace(item, "", 1), encoding="utf-8")  # from BookCreate's list, the first
    api = broken / "api" / "bookshop.api.routes.books-router" / "index.html"
    text = api.read_text(encoding="utf-8")
    link = '<a href="../../models/bookshop.schemas.book/#bookcreate">BookCreate</a>'
    api.write_text(text.replace(link, "BookCreate", 1), encoding="utf-8")
    assert bc.check_model_links(broken, catalog) == [
        "POST /api/v1/books/: no link to model bookshop.schemas.book.BookCreate",
        "model bookshop.schemas.book.BookCreate: 'Used by' lacks POST /api/v1/books/",
    ]


def test_reference_scan_sorts_every_kind(tmp_path: Path) -> None:
    (tmp_path / "page").mkdir()
    (tmp_path / "page" / "index.html").write_text(
        '<html><head><link rel="stylesheet" href="https&#58;//cdn.example/x.css">'
        '<link rel="canonical" href="https://docs.example/page/">'
        '<script src="https://cdn.example/x.js"></script>'
        "<style>body { background: url('https://img.example/bg.png') }</style></head>"
        '<body style="background:url(http://img.example/b.png)">'
        '<img srcset="local.png 1x, https://img.example/2x.png 2x">'
        '<a href="https://github.com/org/repo/blob/main/app.py#L3">source</a>'
        '<a href="https://docs.astral.sh/ruff/rules/unused-import/">F401</a>'
        "<p>see https://example.org in the text</p></body></html>",
        encoding="utf-8",
    )
    (tmp_path / "site.css").write_text(
        '@import url("https://fonts.example/css");\n.a { background: url(https://img.example/c.png) }\n',
        encoding="utf-8",
    )
    (tmp_path / "app.js").write_text(
        'fetch("https://api.example/v1");\nel.src = "https://cdn.example/y.js";\nload("https://unpkg.example/z.js");\n'
        'document.createElementNS("http://www.w3.org/2000/svg", "svg");\n',
        encoding="utf-8",
    )
    refs = bc.external_references(tmp_path, "https://github.com/org/repo")
    assert [(r.file, r.kind, r.url) for r in refs.loaded] == [
        ("app.js", "src=/href=", "https://cdn.example/y.js"),
        ("app.js", "fetch(", "https://api.example/v1"),
        ("page/index.html", "<link href>", "https://cdn.example/x.css"),
        ("page/index.html", "<script src>", "https://cdn.example/x.js"),
        ("page/index.html", "<img srcset>", "https://img.example/2x.png"),
        ("page/index.html", "url(", "https://img.example/bg.png"),
        ("page/index.html", "url(", "http://img.example/b.png"),
        ("site.css", "url(", "https://fonts.example/css"),
        ("site.css", "url(", "https://img.example/c.png"),
        ("site.css", "@import", "https://fonts.example/css"),
    ]
    assert [r.url for r in refs.repo_links] == ["https://github.com/org/repo/blob/main/app.py#L3"]
    assert [r.url for r in refs.links] == [
        "https://docs.example/page/",
        "https://docs.astral.sh/ruff/rules/unused-import/",
    ]
    assert [r.url for r in refs.script_strings] == ["https://unpkg.example/z.js"]


@pytest.mark.parametrize(
    ("dom", "expected"),
    [
        ('<div class="dg-mermaid"><svg id="d"><g><text>Book</text></g></svg></div>', (1, 1, 0)),
        ('<pre class="dg-mermaid"><code>erDiagram\n  A ||--o{ B : x</code></pre>', (1, 0, 1)),
        ('<div class="mermaid"></div>', (1, 0, 0)),  # Material's closed shadow root: nothing to see
        ('<p>no diagram</p><svg class="md-icon"></svg>', (0, 0, 0)),
    ],
)
def test_dom_dump_scan(dom: str, expected: tuple[int, int, int]) -> None:
    scan = bc._DiagramScan()
    scan.feed(f"<html><body>{dom}</body></html>")
    assert (scan.containers, scan.with_svg, scan.raw_blocks) == expected


def _search_rank() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_search_rank", _PATH.parent / "search_rank.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
@needs_chromium
def test_search_finds_an_endpoint_by_a_path_segment_not_a_diagram(example: tuple[Path, dict[str, Any]]) -> None:
    site, _ = example
    rank = _search_rank()
    with bc.serve(site, 120) as base:
        count, items = rank.search(base, "reviews")
    assert count == "9 matching documents"  # the home page's top findings name POST .../reviews (DG402)
    assert items[0][:2] == [
        ("api/bookshop.api.routes.books-router/", "books"),
        (
            "api/bookshop.api.routes.books-router/#post-api-v1-books-book_id-reviews",
            "POST /api/v1/books/{book_id}/reviews",
        ),
    ]
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "erDiagram" not in index


@pytest.mark.slow
@needs_chromium
def test_the_health_pages_charts_render_as_svg_in_the_browser(example: tuple[Path, dict[str, Any]]) -> None:
    site, catalog = example
    health = catalog["health"]
    files = [f for f in health["files"] if f["complexity"] or f["commits"]]  # a file drawn: measured or changed
    with bc.serve(site, 120) as base:
        shown = bc.run_chromium(f"{base}health/", chromium=bc.CHROMIUM, budget_ms=5000, extra=("--dump-dom",))
    dom = shown.stdout
    assert dom.count('class="dg-chart dg-scatter"') == (1 if files else 0)
    assert dom.count('class="dg-point"') == min(len(files), 500)
    assert dom.count('class="dg-chart dg-histogram"') == 1
    assert dom.count('class="dg-bar"') == 9
    assert "<title>complexity 1: " in dom  # the bars say what they count when hovered


def _wide_schema(root: Path, tables: int) -> None:
    """A SQLAlchemy project whose ``tables`` tables all point at one hub table (a wide diagram)."""
    (root / "wide").mkdir(parents=True)
    (root / "wide" / "__init__.py").write_text("", encoding="utf-8")
    classes = [
        "from sqlalchemy import ForeignKey, String",
        "from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column",
        "",
        "class Base(DeclarativeBase):",
        "    pass",
        "",
        "class Hub(Base):",
        "    __tablename__ = 'hub'",
        "    id: Mapped[int] = mapped_column(primary_key=True)",
    ]
    for n in range(tables):
        classes += [
            "",
            f"class Spoke{n}(Base):",
            f"    __tablename__ = 'spoke{n}'",
            "    id: Mapped[int] = mapped_column(primary_key=True)",
            "    hub_id: Mapped[int] = mapped_column(ForeignKey('hub.id'))",
            "    label_with_a_long_name: Mapped[str] = mapped_column(String(80))",
        ]
    (root / "wide" / "models.py").write_text("\n".join(classes) + "\n", encoding="utf-8")


def _layout_check() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_layout_check", _PATH.parent / "layout_check.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_layout_check"] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
@needs_chromium
def test_a_diagram_wider_than_the_page_gets_pan_and_zoom_offline(tmp_path: Path) -> None:
    _wide_schema(tmp_path / "project", 14)
    bc.build_site(DOCGEN, tmp_path / "project", tmp_path / "site")
    with bc.serve(tmp_path / "site", 120) as base:
        result = bc.check_diagram(base, "models/wide.models/")
    assert result.ok, result
    # The module's diagram (too wide: zoomable), then each spoke's neighbourhood (narrow: not); Hub's is the module's
    assert (result.containers, result.edges, result.zoomable) == (15, (14,) + (1,) * 14, 1)


@pytest.mark.slow
@needs_chromium
def test_endpoint_and_model_pages_fit_1400_and_400_px_without_breaking_an_identifier(
    example: tuple[Path, dict[str, Any]],
) -> None:
    site, _ = example
    lc = _layout_check()
    layouts = lc.check_site(site, ("endpoint", "model"))
    pages = lc.page_kinds(site)
    assert len(layouts) == 2 * (len(pages["endpoint"]) + len(pages["model"])) == 2 * (6 + 9)
    assert {(layout.width, layout.measured["width"]) for layout in layouts} == {(1400, 1400), (400, 400)}
    assert [layout.line() for layout in layouts if not layout.ok] == []
    assert all(layout.measured["scrollWidth"] <= layout.measured["width"] for layout in layouts)
    # parameter, body, field and response tables: three columns; at 1400 px none scrolls
    assert {t["columns"] for layout in layouts for t in layout.measured["tables"]} == {3}
    assert [t for layout in layouts if layout.width == 1400 for t in layout.measured["tables"] if t["scrolls"]] == []
    assert sum(layout.measured["codes"] for layout in layouts) > 1000  # the checks saw the pages' code


@pytest.mark.slow
@needs_chromium
def test_layout_check_sees_page_overflow_breakable_code_and_words_broken_inside(tmp_path: Path) -> None:
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "index.html").write_text(
        "<!doctype html><html><head><style>td code { word-break: break-all; }</style></head><body>"
        '<div class="md-content"><div style="width: 1800px">wide</div>'
        '<table><tr><td style="width: 60px"><code>AuthorSummaryRecord</code></td><td>x</td></tr></table>'
        "</div></body></html>",
        encoding="utf-8",
    )
    (tmp_path / "good").mkdir()
    (tmp_path / "good" / "index.html").write_text(
        '<!doctype html><html><body><div class="md-content"><p style="width: 120px">'
        "<code>bookshop/<wbr>api/<wbr>routes/<wbr>authors.<wbr>py</code></p></div></body></html>",
        encoding="utf-8",
    )
    lc = _layout_check()
    with bc.serve(tmp_path, 60) as base, lc.cdp.Browser() as browser:
        bad = lc.measure(browser, base, "bad/", 400)
        good = lc.measure(browser, base, "good/", 400)
    assert (bad.measured["width"], bad.measured["scrollWidth"] > 1800, bad.overflows, bad.ok) == (
        400,
        True,
        True,
        False,
    )
    assert bad.measured["breakingStyles"] == [["AuthorSummaryRecord", "break-all", "normal"]]
    assert bad.measured["brokenWords"] == ["AuthorSummaryRecord"]
    assert bad.measured["tables"][0]["columns"] == 2
    assert (good.ok, good.measured["brokenWords"], good.measured["codes"]) == (True, [], 1)

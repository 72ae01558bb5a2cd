"""Escaping, slug and formatting filters."""

from __future__ import annotations

import pytest
from markupsafe import Markup

from docgen.model import HttpMethod, Location, Symbol, SymbolKind
from docgen.render.filters import (
    SlugRegistry,
    code_block,
    constraints,
    date,
    external_link,
    md_breakable,
    md_code,
    md_ident,
    md_text,
    message,
    method_badge,
    nav_title,
    safe_url,
    signature,
    slugify,
    verbatim,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("plain text", "plain text"),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("a|b", "a&#124;b"),
        ("`code`", "&#96;code&#96;"),
        ("{{ config }}", "&#123;&#123; config &#125;&#125;"),
        ("{% raw %}", "&#123;% raw %&#125;"),
        ("__init__", "&#95;&#95;init&#95;&#95;"),
        ("[x](javascript:alert(1))", "&#91;x&#93;(javascript&#58;alert(1))"),
        ("'q' & \"d\"", "&#39;q&#39; &amp; &quot;d&quot;"),
        ("line one\nline two", "line one line two"),
        ("- item", "&#45; item"),
        ("--8<-- x", "&#45;-8&lt;-- x"),
        ("::: mod", "&#58;&#58;&#58; mod"),
        ("# heading", "&#35; heading"),
        ("rtl\u202etxt", "rtl&#92;u202etxt"),
        (None, ""),
        (3, "3"),
    ],
)
def test_md_text_escapes_html_and_markdown(value: object, expected: str) -> None:
    assert md_text(value) == expected


def test_md_text_leaves_markup_alone_and_truncates() -> None:
    assert md_text(Markup("<b>ok</b>")) == "<b>ok</b>"
    assert md_text("abcdef", limit=4) == "abc…"


def test_md_code_is_an_html_code_element() -> None:
    assert md_code("int | None") == "<code>int &#124; None</code>"
    assert md_code("") == ""
    assert md_code(None) == ""


def test_nav_title_escapes_html_once() -> None:
    assert nav_title("/<svg onload=alert(1)>") == "/&lt;svg onload=alert(1)&gt;"
    assert nav_title("a\n  b") == "a b"


@pytest.mark.parametrize(
    ("text", "keep_dots", "expected"),
    [
        ("app.api.items", True, "app.api.items"),
        ("app.api.items", False, "app-api-items"),
        ("GET /items/{item_id}", False, "get-items-item_id"),
        ("Ünïcödé Näme", False, "unicode-name"),
        ("../../etc/passwd", True, "etc-passwd"),
        ("<<>>", False, "x"),
        (".hidden", True, "hidden"),
    ],
)
def test_slugify(text: str, keep_dots: bool, expected: str) -> None:
    assert slugify(text, keep_dots=keep_dots) == expected


def test_slug_registry_mangles_reserved_case_folded_and_windows_names() -> None:
    registry = SlugRegistry(["index", "search"])
    assert [registry.claim(s) for s in ["index", "Index", "search", "models", "Models", "con", "con.x", "nul-x"]] == [
        "index-2",
        "Index-3",
        "search-2",
        "models",
        "Models-2",
        "con_",
        "con_.x",
        "nul-x",
    ]


def test_method_badge_has_a_css_class_per_method() -> None:
    assert method_badge(HttpMethod.DELETE) == '<span class="dg-method dg-method-delete">DELETE</span>'
    assert method_badge(HttpMethod.WEBSOCKET) == '<span class="dg-method dg-method-websocket">WEBSOCKET</span>'


def test_constraints_sorted_and_escaped() -> None:
    assert constraints({"max_length": "50", "ge": "1"}) == (
        "<code>ge&#61;1</code>, <code>max&#95;<wbr>length&#61;50</code>"
    )
    assert constraints({}) == ""


def test_a_pattern_constraint_shows_the_regular_expression_not_its_python_repr() -> None:
    # r"^\d{10}(\d{3})?$" in the source is kept as the source text '^\\d{10}(\\d{3})?$'
    assert constraints({"pattern": repr(r"^\d{10}(\d{3})?$")}) == (
        "<code>pattern&#61;&#94;&#92;d&#123;10&#125;(&#92;d&#123;3&#125;)?&#36;</code>"
    )
    assert constraints({"regex": "'^a.b$'"}) == "<code>regex&#61;&#94;a.<wbr>b&#36;</code>"
    # not a string literal (a compiled pattern, a name): shown as written
    assert constraints({"pattern": "ISBN_RE"}) == "<code>pattern&#61;ISBN&#95;<wbr>RE</code>"
    # other constraints keep their quotes: they are Python values
    assert constraints({"back_populates": "'author'"}) == "<code>back&#95;<wbr>populates&#61;&#39;author&#39;</code>"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("bookshop/api/routes/authors.py", "<code>bookshop/<wbr>api/<wbr>routes/<wbr>authors.<wbr>py</code>"),
        ("AuthorSummary", "<code>AuthorSummary</code>"),
        ("ACCESS_TOKEN_EXPIRE", "<code>ACCESS&#95;<wbr>TOKEN&#95;<wbr>EXPIRE</code>"),
        # a run of break characters is one place to break, and none at the end
        ("__init__", "<code>&#95;&#95;<wbr>init&#95;&#95;</code>"),
        ("sqlite:///./db", "<code>sqlite&#58;///./<wbr>db</code>"),
        ("/items/{id}", "<code>/<wbr>items/<wbr>&#123;id&#125;</code>"),
        ("a.<script>", "<code>a.<wbr>&lt;script&gt;</code>"),
        ("", ""),
        (None, ""),
    ],
)
def test_identifiers_wrap_only_after_slash_dot_and_underscore(value: str | None, expected: str) -> None:
    assert md_ident(value) == expected


def test_a_title_wraps_after_its_dots_and_stays_escaped() -> None:
    assert md_breakable("bookshop.schemas.common") == "bookshop.<wbr>schemas.<wbr>common"
    assert md_breakable("main.create_app.<locals>") == "main.<wbr>create&#95;<wbr>app.<wbr>&lt;locals&gt;"
    assert md_breakable(None) == ""


def test_a_long_identifier_is_cut_before_its_break_points_are_marked() -> None:
    assert md_ident("a_b_c_d", limit=4) == "<code>a&#95;<wbr>b…</code>"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-05-06T07:08:09+00:00", "2024-05-06"),
        ("2024-05-06T23:30:00-02:00", "2024-05-07"),
        ("2024-05-06T07:08:09Z", "2024-05-06"),
        ("yesterday", "yesterday"),
        ("", ""),
    ],
)
def test_date_is_utc(value: str, expected: str) -> None:
    assert date(value) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://github.com/o/r", "https://github.com/o/r"),
        ("http://example.com", "http://example.com"),
        ("javascript:alert(1)", None),
        ("https://user:token@github.com/o/r", None),
        ("https://exa mple.com", None),
        ("//evil.example", None),
        (None, None),
    ],
)
def test_safe_url(url: str | None, expected: str | None) -> None:
    assert safe_url(url) == expected


def test_external_link_drops_unsafe_urls() -> None:
    assert external_link("docs", "https://e.x/a?b=1") == '<a href="https&#58;//e.x/a?b&#61;1">docs</a>'
    assert external_link("docs", "javascript:alert(1)") == "docs"


def test_message_shows_backticks_as_code() -> None:
    assert message("`os` imported but unused") == "<code>os</code> imported but unused"
    assert message("odd ` count") == "odd &#96; count"


def test_verbatim_only_passes_inert_text() -> None:
    assert verbatim("curl -X GET http://x/") == "curl -X GET http://x/"
    assert verbatim("echo {{ config }}") == ""
    assert verbatim('--8<-- "/etc/passwd"') == ""
    assert verbatim("::: app.secrets") == ""
    assert verbatim("```") == ""


def test_code_block_escapes_braces_and_markup() -> None:
    html = code_block("def f(x='{{ c }}<b>'): ...", "python")
    assert html.startswith('<div class="language-python highlight"><pre><span></span><code>')
    assert "{" not in html and "<b>" not in html
    assert "&#123;&#123; c &#125;&#125;&lt;b&gt;" in html


def test_signature_lines() -> None:
    loc = Location("m.py", 1)
    func = Symbol(
        id="m.f",
        kind=SymbolKind.FUNCTION,
        name="f",
        module="m",
        location=loc,
        signature="(a: int) -> str",
        is_async=True,
    )
    cls = Symbol(id="m.C", kind=SymbolKind.CLASS, name="C", module="m", location=loc, signature="Base")
    assert signature(func) == "async def f(a: int) -> str"
    assert signature(cls) == "class C(Base)"

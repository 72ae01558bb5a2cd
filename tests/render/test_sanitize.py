"""Docstring Markdown to sanitised HTML, and neutralising generated pages."""

from __future__ import annotations

import pytest

from docgen.render.sanitize import DocRenderer, is_inert, neutralise


@pytest.fixture
def doc() -> DocRenderer:
    return DocRenderer()


def test_block_renders_markdown_inside_a_doc_div(doc: DocRenderer) -> None:
    assert doc.block("Hello *world*.\n\n- one\n- two") == (
        '<div class="dg-doc">\n<p>Hello <em>world</em>.</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n</div>'
    )


def test_script_in_a_docstring_is_shown_as_text(doc: DocRenderer) -> None:
    assert doc.block("<script>alert(1)</script>") == (
        '<div class="dg-doc">\n<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n</div>'
    )


def test_img_onerror_is_text_not_an_element(doc: DocRenderer) -> None:
    assert doc.inline("<img src=x onerror=alert(1)>") == "&lt;img src=x onerror=alert(1)&gt;"


def test_javascript_links_lose_their_href(doc: DocRenderer) -> None:
    assert doc.inline("[click](javascript:alert(1)) [ok](https://e.x/) [mail](mailto:a@b.c) [rel](../x.md)") == (
        '<a rel="noopener noreferrer nofollow">click</a> '
        '<a href="https://e.x/" rel="noopener noreferrer nofollow">ok</a> '
        '<a href="mailto:a@b.c" rel="noopener noreferrer nofollow">mail</a> '
        '<a href="../x.md" rel="noopener noreferrer nofollow">rel</a>'
    )


def test_template_and_include_syntax_stay_literal(doc: DocRenderer) -> None:
    html = doc.block('{{ config }} {% if x %} {# c #}\n\n--8<-- "/etc/passwd"\n\n::: app.secrets')
    assert "{" not in html and "8<" not in html
    assert html == (
        '<div class="dg-doc">\n<p>&#123;&#123; config &#125;&#125; &#123;% if x %&#125; &#123;# c #&#125;</p>\n'
        '<p>--8&lt;-- "/etc/passwd"</p>\n<p>&#58;&#58;&#58; app.secrets</p>\n</div>'
    )


def test_inline_is_one_line_and_table_safe(doc: DocRenderer) -> None:
    assert doc.inline("a | b\nnext *line*") == "a &#124; b next <em>line</em>"


def test_inline_drops_block_elements_but_keeps_code(doc: DocRenderer) -> None:
    assert doc.inline("# Title\n\nUse `x < 1`.") == "Title Use <code>x &lt; 1</code>."


def test_empty_docstrings_render_nothing(doc: DocRenderer) -> None:
    assert doc.block("") == ""
    assert doc.block(None) == ""
    assert doc.inline("   \n") == ""


def test_neutralise_escapes_template_snippet_and_directive_syntax() -> None:
    page = '# T\n\n{{ config }} {%x%} {#c#}\n--8<-- "/etc/passwd"\n  -8<- "a"\n::: mod\n## ::: mod\n{ #anchor }\n'
    assert neutralise(page) == (
        "# T\n\n&#123;{ config }} &#123;%x%} &#123;#c#}\n"
        '--8&lt;-- "/etc/passwd"\n  -8&lt;- "a"\n&#58;:: mod\n## &#58;:: mod\n{ #anchor }\n'
    )


def test_is_inert() -> None:
    assert is_inert("curl -d '{\"a\": 1}'")
    assert not is_inert("{{ x }}")
    assert not is_inert("a\n::: b")
    assert not is_inert("```")

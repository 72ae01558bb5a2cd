"""Untrusted docstring Markdown to sanitised HTML, and the last-line neutraliser of generated pages.

Docstrings are converted with Python-Markdown with raw HTML turned off (so ``<script>`` in a
docstring shows as text, and bidi or zero-width characters are written out as ``<U+202E>``, P19),
then the resulting HTML goes through nh3's allow-list (SR-04). Template and include syntax is
neutralised in what comes out (SR-06): the HTML is embedded in Markdown pages that a site may
process with mkdocs-macros, pymdownx.snippets or mkdocstrings.
"""

from __future__ import annotations

import re

import markdown
import nh3
from markupsafe import Markup

from docgen.scrub import show_invisible

_BLOCK_TAGS = {
    "p",
    "br",
    "hr",
    "pre",
    "code",
    "blockquote",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "h4",
    "h5",
    "h6",
}
_INLINE_TAGS = {"a", "code", "em", "strong", "b", "i", "kbd", "sub", "sup", "del", "abbr", "br", "span"}
_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
_URL_SCHEMES = {"http", "https", "mailto"}

MAX_DOC_CHARS = 100_000
"""Docstrings longer than this are cut before conversion (the extractor warns about them)."""


class DocRenderer:
    """Converts docstring Markdown to sanitised HTML; one instance per render run.

    The Markdown converter is reused between calls (``reset()``), which matters on sites with
    thousands of docstrings.
    """

    def __init__(self) -> None:
        self._md = markdown.Markdown(extensions=["fenced_code", "tables", "sane_lists"], output_format="html")
        # No raw HTML from docstrings: it is escaped as text rather than passed through.
        self._md.preprocessors.deregister("html_block")
        self._md.inlinePatterns.deregister("html")

    def block(self, text: str | None) -> Markup:
        """Docstring Markdown as sanitised block HTML, wrapped in ``<div class="dg-doc">``.

        Returns an empty string for empty input. The caller must place the result at the start
        of a line, with blank lines around it, outside indented Markdown constructs.
        """
        body = self._convert(text, _BLOCK_TAGS | _INLINE_TAGS)
        if not body:
            return Markup("")
        return Markup('<div class="dg-doc">\n') + body + Markup("\n</div>")

    def inline(self, text: str | None) -> Markup:
        """Docstring Markdown as sanitised one-line HTML, for table cells and summaries."""
        body = self._convert(text, _INLINE_TAGS)
        if not body:
            return Markup("")
        one_line = re.sub(r"\s*\n\s*", " ", str(body)).strip()
        return Markup(one_line.replace("|", "&#124;"))

    def _convert(self, text: str | None, tags: set[str]) -> Markup:
        if not text or not text.strip():
            return Markup("")
        self._md.reset()
        converted = self._md.convert(show_invisible(text[:MAX_DOC_CHARS]))
        cleaned = nh3.clean(
            converted,
            tags=tags,
            attributes={tag: attrs for tag, attrs in _ATTRIBUTES.items() if tag in tags},
            url_schemes=_URL_SCHEMES,
            link_rel="noopener noreferrer nofollow",
            strip_comments=True,
        )
        return Markup(_entity_braces(cleaned))


def _entity_braces(fragment: str) -> str:
    """Turn characters that start template, attribute-list or include syntax into entities.

    Safe on sanitised HTML: tags and attribute syntax never contain these characters, and
    browsers decode the entities in text and attribute values alike.
    """
    return fragment.replace("{", "&#123;").replace("}", "&#125;").replace(":::", "&#58;&#58;&#58;")


_TEMPLATE_OPEN = re.compile(r"\{([{%#])")
_SNIPPET_LINE = re.compile(r"^([ \t]*;*-+8)<", flags=re.MULTILINE)
_DIRECTIVE_LINE = re.compile(r"^([ \t]*(?:#{1,6} *)?):::", flags=re.MULTILINE)


def neutralise(page: str) -> str:
    """Make a generated Markdown page inert for template and include processors (SR-06).

    Escapes ``{{``, ``{%`` and ``{#`` anywhere, lines starting with ``--8<--`` (pymdownx.snippets)
    and lines starting with ``:::`` (mkdocstrings). Values are already escaped where they are
    inserted; this pass is the safety net for anything a template emits verbatim.
    """
    page = _TEMPLATE_OPEN.sub(r"&#123;\1", page)
    page = _SNIPPET_LINE.sub(r"\1&lt;", page)
    return _DIRECTIVE_LINE.sub(r"\1&#58;::", page)


def is_inert(text: str) -> bool:
    """Whether ``text`` may go verbatim into a fenced code block (nothing :func:`neutralise` would touch)."""
    return neutralise(text) == text and "`" not in text and "~~~" not in text

"""Source pages of the code reference: each analysed module's code, highlighted, one anchor per line.

A reference entry links to ``reference/_source/<file>.md#L-<line>``, so the code is readable
offline, without a repository host. Secrets are masked first (:mod:`docgen.render.source_redact`);
a file that cannot be tokenized gets no page. The code is untrusted: Pygments escapes it, and the
characters Markdown extensions or the template layer act on are turned into entities, as for
signatures (:func:`docgen.render.filters.code_block`).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pygments
from markupsafe import Markup
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer

from docgen.config import Config
from docgen.model import Module
from docgen.render.filters import RESERVED_STEMS, SlugRegistry, md_ident, md_text, slugify
from docgen.render.source_redact import masked_source
from docgen.scrub import show_invisible

SOURCE_DIR = "reference/_source"
MAX_SOURCE_BYTES = 1_000_000
"""Larger files get no source page (the reference still links to the repository, when set)."""

_UNSEARCHED = "---\nsearch:\n  exclude: true\n---\n\n"
"""Front matter keeping a source page out of the search index (code would drown the docs' matches)."""

_FORMATTER = HtmlFormatter(linenos="inline", lineanchors="L", anchorlinenos=True, cssclass="highlight dg-source")


def source_paths(modules: Iterable[Module]) -> dict[str, str]:
    """The source page of each module's file: repo-relative path → docs-relative page path."""
    slugs = SlugRegistry(RESERVED_STEMS)
    return {
        path: f"{SOURCE_DIR}/{slugs.claim(slugify(path.replace('/', '.'), keep_dots=True))}.md"
        for path in sorted({m.path for m in modules})
    }


def read_source(root: Path, path: str) -> str | None:
    """The text of ``root/path``; None when missing, too large, not UTF-8, or (through links) outside ``root``."""
    base = root.resolve()
    target = (root / path).resolve()
    if not target.is_relative_to(base) or not target.is_file():
        return None
    try:
        if target.stat().st_size > MAX_SOURCE_BYTES:
            return None
        return target.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def highlighted(code: str) -> Markup:
    """``code`` as highlighted HTML with numbered, anchored lines (``#L-12``), everything escaped.

    Bidi and zero-width characters are shown as visible escapes, as everywhere else (Trojan Source).
    """
    body = pygments.highlight(show_invisible(code), PythonLexer(), _FORMATTER).rstrip("\n")
    body = body.replace("{", "&#123;").replace("}", "&#125;").replace(":", "&#58;")
    return Markup(body)


def source_pages(modules: Iterable[Module], config: Config, paths: dict[str, str]) -> dict[str, str]:
    """The Markdown of every source page ``paths`` plans whose file can be read under the analysed root."""
    pages: dict[str, str] = {}
    names = {m.path: m.name for m in modules}
    for path, page in paths.items():
        text = read_source(config.root, path)
        code = masked_source(text) if text is not None else None
        if code is None:
            continue
        title = md_text(f"Source of {names.get(path, path)}")
        pages[page] = f"{_UNSEARCHED}# {title}\n\n{md_ident(path)}\n\n{highlighted(code)}\n"
    return pages

"""Jinja filters that turn untrusted catalog strings into inert Markdown: escaping, slugs, badges, dates.

Every string of the catalog comes from the analysed repository and is untrusted. The page
templates never emit one as-is: the environment escapes every ``{{ value }}`` with
:func:`md_text`, and the filters here return :class:`~markupsafe.Markup` only for HTML they built
themselves from escaped parts.
"""

from __future__ import annotations

import ast
import functools
import html
import re
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

import pygments
from markupsafe import Markup
from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.lexers.special import TextLexer
from pygments.util import ClassNotFound

from docgen.model import HttpMethod, Symbol, SymbolKind
from docgen.render.sanitize import is_inert
from docgen.scrub import show_invisible

_ESCAPES = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "'": "&#39;",
        "\\": "&#92;",
        "`": "&#96;",
        "*": "&#42;",
        "_": "&#95;",
        "[": "&#91;",
        "]": "&#93;",
        "{": "&#123;",
        "}": "&#125;",
        "|": "&#124;",
        "!": "&#33;",
        "#": "&#35;",
        "~": "&#126;",
        "^": "&#94;",
        ":": "&#58;",
        "=": "&#61;",
        "$": "&#36;",
        "\n": " ",
        "\r": " ",
        "\t": " ",
    }
)
"""HTML-significant characters and those Markdown or its extensions act on, as entities."""
_LINE_START_SIGNIFICANT = {"-": "&#45;", "+": "&#43;", ">": "&gt;", ".": "&#46;"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")

MAX_VALUE_CHARS = 300
"""Longer values (defaults, types) are truncated in tables, with an ellipsis."""


def md_text(value: Any, limit: int | None = None) -> Markup:
    r"""Escape ``value`` so it shows literally wherever inline Markdown or HTML is allowed.

    HTML-significant characters become entities, so do the characters Markdown and its
    extensions give a meaning to (emphasis, links, code, tables, ``{{`` template syntax, ``:::``).
    Newlines become spaces, so one value can never start a new Markdown block. Bidi and
    zero-width controls are shown as visible ``\\u`` escapes.

    Args:
        value: Any value; None renders as an empty string.
        limit: Truncate to this many characters (with an ellipsis).

    Returns:
        The escaped text, safe to place in a heading, paragraph, table cell or attribute value.
    """
    if value is None:
        return Markup("")
    if isinstance(value, Markup):
        return value
    text = value.value if isinstance(value, HttpMethod) else str(value)
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    text = _CONTROL.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
    escaped = text.translate(_ESCAPES)
    if escaped[:1] in _LINE_START_SIGNIFICANT:
        escaped = _LINE_START_SIGNIFICANT[escaped[0]] + escaped[1:]
    return Markup(escaped)


def md_code(value: Any, limit: int | None = MAX_VALUE_CHARS) -> Markup:
    """Inline code for an untrusted value (a ``<code>`` element; backtick spans cannot escape)."""
    if value is None or value == "":
        return Markup("")
    return Markup("<code>") + md_text(value, limit) + Markup("</code>")


_BREAK_AFTER = re.compile(r"(?<=[/._])(?=[^/._])")
"""Where an identifier or path may wrap: after a ``/``, ``.`` or ``_`` (a run of them counts as one)."""


def md_breakable(value: Any, limit: int | None = None) -> Markup:
    """Escaped text (a title such as ``bookshop.schemas.common``) that wraps only after ``/``, ``.`` and ``_``."""
    if value is None or value == "":
        return Markup("")
    text = str(value)
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    return Markup("<wbr>").join(md_text(piece) for piece in _BREAK_AFTER.split(text))


def md_ident(value: Any, limit: int | None = MAX_VALUE_CHARS) -> Markup:
    """Inline code for an identifier, path, type or value that may wrap only after ``/``, ``.`` and ``_``.

    A ``<wbr>`` marks each of those places; the site's CSS keeps the browser from breaking code
    anywhere else (inside a word), so ``bookshop/api/routes/authors.py`` wraps as
    ``bookshop/api/routes/`` + ``authors.py``, never ``autho`` + ``rs.py``.
    """
    if value is None or value == "":
        return Markup("")
    text = value.value if isinstance(value, HttpMethod) else str(value)
    return Markup("<code>") + md_breakable(text, limit) + Markup("</code>")


def html_attr(value: Any) -> Markup:
    """Escape a value for a double-quoted HTML attribute inside a Markdown page."""
    return md_text(value)


def nav_title(value: str) -> str:
    """A navigation label: HTML-escaped, because MkDocs themes render nav titles unescaped."""
    text = _CONTROL.sub("", show_invisible(" ".join(value.split())))
    return html.escape(text[:120], quote=True)


def slugify(value: str, *, keep_dots: bool = False) -> str:
    """A lower-case ASCII slug for file names and anchors (``app.api`` stays dotted when asked)."""
    text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii").lower()
    allowed = r"[^a-z0-9._-]+" if keep_dots else r"[^a-z0-9_-]+"
    slug = re.sub(allowed, "-", text)
    slug = re.sub(r"-{2,}", "-", slug).strip("-.")
    return slug[:100].rstrip("-.") or "x"


RESERVED_STEMS = frozenset({"index", "search", "assets", "404", "sitemap", "search_index", "overrides"})
"""Page stems that would clobber a section index or theme files."""

_WINDOWS_DEVICES = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
)


class SlugRegistry:
    """Hands out unique slugs within one namespace (a docs folder, or the anchors of one page).

    Claims must come in a stable order (sorted ids) for the slugs to be stable. Reserved and
    already-claimed slugs get a ``-2``, ``-3``... suffix; comparison ignores case, so two names
    differing only by case never map to the same file on a case-insensitive filesystem.
    """

    def __init__(self, reserved: Iterable[str] = ()) -> None:
        self._taken = {r.casefold() for r in reserved}
        self._suffix: dict[str, int] = {}  # base -> the last suffix tried: n claims of one base stay O(n)

    def claim(self, base: str) -> str:
        """Reserve and return the first free slug derived from ``base``."""
        first = base.split(".")[0]
        if first.casefold() in _WINDOWS_DEVICES:
            base = f"{first}_{base[len(first) :]}"
        key = base.casefold()
        candidate, n = base, self._suffix.get(key, 1)
        if n > 1:
            candidate = f"{base}-{n}"
        while candidate.casefold() in self._taken:
            n += 1
            candidate = f"{base}-{n}"
        self._suffix[key] = n
        self._taken.add(candidate.casefold())
        return candidate


def method_badge(method: HttpMethod | str) -> Markup:
    """A styled ``<span>`` for an HTTP method; the CSS colours it per method."""
    name = str(method).upper()
    css = slugify(name)
    return Markup('<span class="dg-method dg-method-{}">{}</span>').format(css, name)


def badge(text: str, kind: str = "info", title: str = "") -> Markup:
    """A small coloured label (``warning``, ``info``, ``deprecated``...)."""
    if title:
        return Markup('<span class="dg-badge dg-badge-{}" title="{}">{}</span>').format(
            slugify(kind), md_text(title), md_text(text)
        )
    return Markup('<span class="dg-badge dg-badge-{}">{}</span>').format(slugify(kind), md_text(text))


def yes_no(value: bool) -> str:
    """``yes`` or ``no``."""
    return "yes" if value else "no"


def constraints(value: Mapping[str, str] | None) -> Markup:
    """Validation constraints as ``ge=1, max_length=50``, each part escaped."""
    if not value:
        return Markup("")
    parts = [md_ident(f"{key}={constraint_text(key, value[key])}", 80) for key in sorted(value)]
    return Markup(", ").join(parts)


_PATTERN_KEYS = frozenset({"pattern", "regex"})


def constraint_text(key: str, text: str) -> str:
    r"""A constraint's value as a reader knows it: a pattern as its regular expression, else the source text.

    The catalog keeps constraints as Python source (``'^\\d{10}$'`` for ``r"^\d{10}$"``); a
    pattern is shown as the expression the validator matches (``^\d{10}$``).
    """
    if key in _PATTERN_KEYS:
        try:
            value = ast.literal_eval(text)
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            return text
        if isinstance(value, str):
            return value
    return text


def date(value: str | None) -> str:
    """An ISO 8601 commit time as ``YYYY-MM-DD`` in UTC; unparsable values are shown truncated."""
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value[:25]
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%d")


def short_sha(value: str | None) -> str:
    """The first seven characters of a commit id."""
    return (value or "")[:7]


def safe_url(value: str | None) -> str | None:
    """``value`` when it is an absolute http(s) URL without credentials or controls, else None."""
    if not value or _CONTROL.search(value) or any(c.isspace() for c in value):
        return None
    match = re.match(r"^https?://([^/?#]*)", value, flags=re.IGNORECASE)
    if match is None or "@" in match.group(1) or not match.group(1):
        return None
    return value


def external_link(text: Any, url: str | None) -> Markup:
    """An ``<a>`` to an absolute http(s) URL, or the escaped text alone when the URL is unsafe."""
    checked = safe_url(url)
    if checked is None:
        return md_text(text)
    return Markup('<a href="{}">{}</a>').format(md_text(checked), md_text(text))


def anchor(value: str) -> Markup:
    """An element id for ``{ #id }`` attribute lists (slugs pass; anything else is slugified)."""
    return Markup(value if re.fullmatch(r"[a-z0-9][a-z0-9_-]*", value) else slugify(value))


def heading(level: int) -> Markup:
    """The ``#`` marks of a Markdown heading of ``level`` (clamped to 1-6)."""
    return Markup("#" * max(1, min(6, int(level))))


def verbatim(text: str | None) -> Markup:
    """Text for a fenced code block, where nothing can be escaped: only inert text passes.

    Anything that template, include or fence processors would act on yields an empty string.
    """
    if not text or not is_inert(text):
        return Markup("")
    return Markup(text)


def code_block(code: str | None, language: str = "python") -> Markup:
    """Highlighted code as a raw HTML block (the markup pymdownx.highlight emits), fully escaped.

    Used for untrusted code such as signatures: unlike a fenced block, its text is HTML with
    entities, so template and include syntax in it stays inert.
    """
    if not code:
        return Markup("")
    body = pygments.highlight(show_invisible(code), _lexer(language), _FORMATTER).rstrip("\n")
    body = body.replace("{", "&#123;").replace("}", "&#125;").replace(":", "&#58;")
    return Markup('<div class="language-{} highlight"><pre><span></span><code>{}</code></pre></div>').format(
        slugify(language), Markup(body)
    )


_FORMATTER = HtmlFormatter(nowrap=True)


@functools.cache
def _lexer(language: str) -> Lexer:
    """A Pygments lexer by name (lexers keep no state between inputs, so one per language)."""
    try:
        lexer: Lexer = get_lexer_by_name(language)
    except ClassNotFound:
        return TextLexer()
    return lexer


def signature(symbol: Symbol) -> str:
    """The declaration line of a symbol: ``async def name(a: int) -> str`` or ``class Name(Base)``."""
    if symbol.kind is SymbolKind.CLASS:
        bases = symbol.signature.strip()
        if bases and not bases.startswith("("):
            bases = f"({bases})"
        return f"class {symbol.name}{bases}"
    if symbol.kind is SymbolKind.MODULE:
        return f"module {symbol.name}"
    prefix = "async def" if symbol.is_async else "def"
    params = symbol.signature if symbol.signature.startswith("(") else f"({symbol.signature})"
    return f"{prefix} {symbol.name}{params}"


def message(value: str | None) -> Markup:
    """A tool message with its backtick-quoted names shown as code, everything escaped."""
    parts = (value or "").split("`")
    if len(parts) % 2 == 0:  # unbalanced backticks: show the text as it is
        return md_text(value, MAX_VALUE_CHARS)
    pieces = [md_code(part, 120) if i % 2 else md_text(part, MAX_VALUE_CHARS) for i, part in enumerate(parts)]
    return Markup("").join(pieces)


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """``1 route``, ``3 routes``."""
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count} {word}"


FILTERS: dict[str, Any] = {
    "md": md_text,
    "code": md_code,
    "ident": md_ident,
    "breakable": md_breakable,
    "attr": html_attr,
    "method_badge": method_badge,
    "badge": badge,
    "yes_no": yes_no,
    "constraints": constraints,
    "date": date,
    "short_sha": short_sha,
    "external_link": external_link,
    "plural": plural,
    "slugify": slugify,
    "anchor": anchor,
    "heading": heading,
    "verbatim": verbatim,
    "code_block": code_block,
    "signature": signature,
    "message": message,
}
"""The filters every page template can use, by name."""

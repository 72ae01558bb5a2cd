"""The HTML of a source page: Python code as runs of highlighted text, and the static document around it.

A large package's source is most of what its site weighs, so the markup is lean: adjacent tokens
of one colour are one run, and only keywords, strings, comments, numbers, decorators, builtins
and the names a definition or import introduces get a ``<span>`` (names, operators and
punctuation are the text's colour). Each line starts with its number, a link to itself
(``<a id="L-12" href="#L-12">12</a>``), which the reference's links land on. The page is complete
in itself, styled by one stylesheet of the site (``docgen-source.css``) and without scripts, and
everything taken from the code, its path or the site's name is HTML-escaped.
"""

from __future__ import annotations

import html
from typing import Any

from pygments import token as t
from pygments.lexers import PythonLexer

FORMAT = 1
"""Version of what :func:`code_runs` returns (a cache entry of another version is not read)."""

CSS = "assets/stylesheets/docgen-source.css"

CLASSES = frozenset("cskmdbf")
"""The run classes: comment (docstrings too), string, keyword, number, decorator, builtin, defined name."""

_KINDS = (
    (t.String.Doc, "c"),
    (t.Comment, "c"),
    (t.String, "s"),
    (t.Number, "m"),
    (t.Keyword, "k"),
    (t.Operator.Word, "k"),
    (t.Name.Decorator, "d"),
    (t.Name.Builtin, "b"),
    (t.Name.Function, "f"),
    (t.Name.Class, "f"),
    (t.Name.Namespace, "f"),
)
_LEXER = PythonLexer(stripnl=False, ensurenl=False)
_CLASS_OF: dict[Any, str] = {}


def _class(kind: Any) -> str:
    """The run class of a Pygments token type (the first of :data:`_KINDS` it is a subtype of), memoised."""
    found = _CLASS_OF.get(kind)
    if found is None:
        found = _CLASS_OF[kind] = next((name for parent, name in _KINDS if kind in parent), "")
    return found


def code_runs(code: str) -> list[tuple[str, str]]:
    """``code`` as (class, text) runs whose texts joined are ``code``; class ``""`` is plain text.

    White space joins the run before it, so a run changes only where the colour does.
    """
    runs: list[tuple[str, str]] = []
    current, texts = "", list[str]()
    for kind, value in _LEXER.get_tokens(code):
        name = _class(kind)
        if name != current and not value.isspace():
            if texts:
                runs.append((current, "".join(texts)))
            current, texts = name, []
        texts.append(value)
    if texts:
        runs.append((current, "".join(texts)))
    return runs


def code_lines(runs: list[tuple[str, str]]) -> str:
    """The runs as HTML lines, each after its anchored number; a class not in :data:`CLASSES` is plain text."""
    out = ['<a id="L-1" href="#L-1">1</a>']
    line = 1
    for name, text in runs:
        spanned = name in CLASSES
        for i, piece in enumerate(text.split("\n")):
            if i:
                line += 1
                out.append(f'\n<a id="L-{line}" href="#L-{line}">{line}</a>')
            if piece:
                escaped = html.escape(piece, quote=False)
                out.append(f'<span class="{name}">{escaped}</span>' if spanned else escaped)
    if out[-1].startswith("\n<a") and line > 1:
        out.pop()  # the file's final newline ends its last line; it starts none
    return "".join(out)


def document(*, title: str, path: str, lines: str, site_name: str, root: str, module: str | None) -> str:
    """A source page: a header linking home and to the module's reference page, then the numbered code.

    Args:
        title: The page title (plain text).
        path: The file's repo-relative path (plain text).
        lines: :func:`code_lines` of the file.
        site_name: The site's name (plain text).
        root: Relative URL of the site's home from this page (``../../``).
        module: Relative URL of the module's reference page, when it has one.
    """
    e = html.escape
    back = f' · <a href="{e(module)}">reference</a>' if module else ""
    return (
        "<!doctype html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width,initial-scale=1">\n'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'self'; "
        "base-uri 'none'; form-action 'none'\">\n"
        f"<title>{e(title)} - {e(site_name)}</title>\n"
        f'<link rel="stylesheet" href="{e(root)}{CSS}">\n</head>\n<body>\n'
        f'<header><a href="{e(root)}">{e(site_name)}</a></header>\n<main>\n'
        f"<h1>{e(title)}</h1>\n<p><code>{e(path)}</code>{back}</p>\n"
        f'<pre class="dg-source"><code>{lines}</code></pre>\n</main>\n</body>\n</html>\n'
    )

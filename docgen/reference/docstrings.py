"""Docstring parsing (Google, NumPy, Sphinx/reST) into catalog Docstrings, with docstring_parser."""

from __future__ import annotations

import functools
import re
from dataclasses import replace

import docstring_parser

from docgen.model import DocParam, Docstring, DocstringStyle

_STYLES = {
    DocstringStyle.AUTO: docstring_parser.DocstringStyle.AUTO,
    DocstringStyle.GOOGLE: docstring_parser.DocstringStyle.GOOGLE,
    DocstringStyle.NUMPY: docstring_parser.DocstringStyle.NUMPYDOC,
    DocstringStyle.SPHINX: docstring_parser.DocstringStyle.REST,
}
_STYLE_NAMES = {
    docstring_parser.DocstringStyle.GOOGLE: "google",
    docstring_parser.DocstringStyle.NUMPYDOC: "numpy",
    docstring_parser.DocstringStyle.REST: "sphinx",
    docstring_parser.DocstringStyle.EPYDOC: "epydoc",
}


@functools.lru_cache(maxsize=4096)
def parse_docstring(text: str | None, style: DocstringStyle = DocstringStyle.AUTO) -> Docstring | None:
    """Parse ``text``; a docstring no style recognises keeps its text as summary and description."""
    if not text or not text.strip():
        return None
    hidden, placeholder = _hide_stray_colons(text)
    if placeholder:
        parsed_hidden = parse_docstring(hidden, style)
        return _restored(parsed_hidden, placeholder) if parsed_hidden is not None else None
    try:
        parsed = docstring_parser.parse(text, _STYLES[style])
    except (docstring_parser.ParseError, ValueError, IndexError, AttributeError):
        return _plain(text)
    summary = " ".join((parsed.short_description or "").split())
    params = tuple(
        DocParam(name=p.arg_name, type=p.type_name, description=(p.description or "").strip())
        for p in parsed.params
        if p.args and p.args[0] in {"param", "parameter", "arg", "argument", "key", "keyword"}
    )
    attributes = tuple(
        DocParam(name=p.arg_name, type=p.type_name, description=(p.description or "").strip())
        for p in parsed.params
        if p.args and p.args[0] in {"attribute", "attr", "ivar", "cvar", "var"}
    )
    raises = tuple(
        DocParam(name=r.type_name or "", type=None, description=(r.description or "").strip()) for r in parsed.raises
    )
    returns = (parsed.returns.description or "").strip() if parsed.returns else ""
    deprecated = (parsed.deprecation.description or "deprecated").strip() if parsed.deprecation else ""
    style_name = _STYLE_NAMES.get(parsed.style, "") if parsed.style else ""
    if not (params or attributes or raises or returns):
        style_name = ""
    return Docstring(
        summary=summary,
        description=(parsed.long_description or "").strip(),
        params=params,
        attributes=attributes,
        returns=returns,
        raises=raises,
        deprecated=deprecated,
        style=style_name,
    )


_FIELD_LINE = re.compile(r"^[ \t]*:(?=[A-Za-z_][^:\n]*:(?:\s|$))", re.MULTILINE)
_COLON_LINE = re.compile(r"^([ \t]*):", re.MULTILINE)


def _hide_stray_colons(text: str) -> tuple[str, str]:
    """Hide the leading colon of lines that are no reST field (``::: os``) from docstring_parser.

    Its reST parser takes every line starting with ``:`` as the start of a field list and drops
    what it cannot read as one, so a description line like ``::: os`` would lose the text after
    it. Returns the text with those colons replaced by a placeholder character absent from it,
    and the placeholder (empty when there was nothing to hide).
    """
    fields = {m.start() for m in _FIELD_LINE.finditer(text)}
    strays = [m for m in _COLON_LINE.finditer(text) if m.start() not in fields]
    if not strays:
        return text, ""
    placeholder = next(chr(c) for c in range(0xE000, 0xF900) if chr(c) not in text)
    out, last = [], 0
    for m in strays:
        out += [text[last : m.end(1)], placeholder]
        last = m.end()
    return "".join([*out, text[last:]]), placeholder


def _restored(doc: Docstring, placeholder: str) -> Docstring:
    """``doc`` with the hidden colons put back in every text."""

    def put(value: str) -> str:
        return value.replace(placeholder, ":")

    def params(items: tuple[DocParam, ...]) -> tuple[DocParam, ...]:
        return tuple(
            DocParam(name=put(p.name), type=p.type and put(p.type), description=put(p.description)) for p in items
        )

    return replace(
        doc,
        summary=put(doc.summary),
        description=put(doc.description),
        params=params(doc.params),
        attributes=params(doc.attributes),
        raises=params(doc.raises),
        returns=put(doc.returns),
        deprecated=put(doc.deprecated),
    )


def _plain(text: str) -> Docstring:
    head, _, rest = text.strip().partition("\n\n")
    return Docstring(summary=" ".join(head.split()), description=rest.strip())

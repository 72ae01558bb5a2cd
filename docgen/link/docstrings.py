"""Docstring parsing (Google, NumPy, Sphinx/reST) into catalog Docstrings, with docstring_parser."""

from __future__ import annotations

import functools

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
    try:
        parsed = docstring_parser.parse(text, _STYLES[style])
    except (docstring_parser.ParseError, ValueError, IndexError, AttributeError):
        return _plain(text)
    summary = " ".join((parsed.short_description or "").split())
    params = tuple(
        DocParam(p.arg_name, p.type_name, (p.description or "").strip())
        for p in parsed.params
        if p.args and p.args[0] in {"param", "parameter", "arg", "argument", "key", "keyword"}
    )
    attributes = tuple(
        DocParam(p.arg_name, p.type_name, (p.description or "").strip())
        for p in parsed.params
        if p.args and p.args[0] in {"attribute", "attr", "ivar", "cvar", "var"}
    )
    raises = tuple(DocParam(r.type_name or "", None, (r.description or "").strip()) for r in parsed.raises)
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


def _plain(text: str) -> Docstring:
    head, _, rest = text.strip().partition("\n\n")
    return Docstring(summary=" ".join(head.split()), description=rest.strip())

"""Secrets masked in a module's source text before its source page shows it (SR-16, SR-18).

The rules are the signatures' (:mod:`docgen.link.redact`): a string under a secret-looking name
(an assignment's target, an annotated field, a keyword argument, a dict key; the arguments of a
call and the items of a list under it inherit the name), a random-looking string under a weaker
name, and anything in a known token format, comments and docstrings included. A masked string
keeps its line count, so the line anchors still match the file.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize

from docgen.link.redact import is_secret_literal
from docgen.scrub import mask_tokens

_OPEN, _CLOSE = "([{", ")]}"
_PREFIX = re.compile(r"^[A-Za-z]*")


def masked_source(code: str) -> str | None:
    """``code`` with its secret strings replaced by ``'***'``; None when it cannot be tokenized (not shown)."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(code).readline))
    except (tokenize.TokenError, SyntaxError, ValueError):
        return None
    lines = code.splitlines(keepends=True)
    replacements: list[tuple[tuple[int, int], tuple[int, int], str]] = []
    owners: list[str] = [""]
    inherited: list[str] = [""]
    by_colon = [False]
    previous: tokenize.TokenInfo | None = None
    for tok in tokens:
        if tok.type in (tokenize.NL, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT):
            continue
        if tok.type == tokenize.NEWLINE:
            owners, inherited, by_colon = [""], [""], [False]
        elif tok.type == tokenize.OP and tok.string in _OPEN:
            owners.append(owners[-1])
            inherited.append(owners[-2])
            by_colon.append(False)
        elif tok.type == tokenize.OP and tok.string in _CLOSE and len(owners) > 1:
            owners.pop(), inherited.pop(), by_colon.pop()
        elif tok.type == tokenize.OP and tok.string == ",":
            owners[-1], by_colon[-1] = inherited[-1], False
        elif tok.type == tokenize.OP and tok.string == ":" and previous is not None:
            owners[-1], by_colon[-1] = _name_of(previous) or owners[-1], True
        elif tok.type == tokenize.OP and tok.string == "=" and previous is not None and not by_colon[-1]:
            owners[-1] = _name_of(previous) or owners[-1]
        elif tok.type == tokenize.STRING:
            value, formatted = _literal(tok.string)
            if is_secret_literal(owners[-1], value, formatted):
                replacements.append((tok.start, tok.end, _mask(tok.string)))
        previous = tok
    return mask_tokens(_apply(lines, replacements))


def _name_of(tok: tokenize.TokenInfo) -> str:
    if tok.type == tokenize.NAME:
        return tok.string
    if tok.type == tokenize.STRING:
        return _literal(tok.string)[0]
    return ""


def _literal(text: str) -> tuple[str, bool]:
    """A string token's value, and whether it is an f-string (then only its literal text, roughly)."""
    prefix = _PREFIX.match(text)
    if prefix and "f" in prefix.group().lower():
        return text[len(prefix.group()) :].strip("'\""), True
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return text, False
    return (value.decode("latin-1") if isinstance(value, bytes) else str(value)), False


def _mask(text: str) -> str:
    """``'***'``, over as many lines as ``text`` spans."""
    breaks = text.count("\n")
    return "'***'" if not breaks else '"""***' + "\n" * breaks + '"""'


def _apply(lines: list[str], replacements: list[tuple[tuple[int, int], tuple[int, int], str]]) -> str:
    """``lines`` with each (start, end) token span replaced, spans given in source order."""
    out: list[str] = []
    row, col = 1, 0
    for (start_row, start_col), (end_row, end_col), text in replacements:
        out.append(_span(lines, (row, col), (start_row, start_col)))
        out.append(text)
        row, col = end_row, end_col
    out.append(_span(lines, (row, col), (len(lines) + 1, 0)))
    return "".join(out)


def _span(lines: list[str], start: tuple[int, int], end: tuple[int, int]) -> str:
    (start_row, start_col), (end_row, end_col) = start, end
    if start_row == end_row:
        return lines[start_row - 1][start_col:end_col] if start_row <= len(lines) else ""
    parts = [lines[start_row - 1][start_col:]] if start_row <= len(lines) else []
    parts += lines[start_row : end_row - 1]
    if end_row <= len(lines):
        parts.append(lines[end_row - 1][:end_col])
    return "".join(parts)

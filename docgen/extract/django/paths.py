r"""Django URL patterns as OpenAPI-style paths, with their path parameters.

A served path is the concatenation of one pattern per include level, each either a ``path()``
route (``<int:pk>``) or a ``re_path()``/``url()`` regex (``^(?P<pk>\d+)/$``). Each piece is turned
into plain text on its own: converters and named groups become ``{name}`` (a backreference
``(?P=name)`` too, as Django's reverse() writes it), unnamed groups ``{arg0}``, ``{arg1}``...,
regex anchors (``^``, ``$``, ``\A``, ``\Z``) and escapes are removed, and so is the ``?`` that
makes a trailing slash (or a group) optional. ``{?source}`` placeholders of pieces that could not
be evaluated are kept as they are.

A group that captures and is optional (``delete/(?P<logs>session|logs)?$``) makes Django serve two
paths, one without the group's text and one with it: :func:`path_variants` gives both (up to
:data:`MAX_OPTIONAL` such groups per route; beyond that, the one path with every group).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from docgen.model import Param, ParamLocation

_CONVERTER = re.compile(r"<(?:(?P<conv>[^>:]+):)?(?P<name>\w+)>")
_PLACEHOLDER = re.compile(r"(\{\?[^}]*\})")
_REPEAT = re.compile(r"\{\d*(,\d*)?\}")
_GROUP_NAME = re.compile(r"\?P<(\w+)>")
MAX_OPTIONAL = 3
"""Optional capturing groups per route that give path variants (2**n paths)."""
CONVERTER_TYPES = {"int": "int", "str": "str", "slug": "str", "uuid": "UUID", "path": "str"}
"""Django's built-in path converters → the type of the value the view receives."""


@dataclass(frozen=True, slots=True)
class Piece:
    """One include level's own pattern.

    Attributes:
        text: The pattern as written (placeholders for unknown parts).
        regex: Whether it is a regex (``re_path``/``url``) rather than a ``path()`` route.
    """

    text: str
    regex: bool


def join_pieces(pieces: tuple[Piece, ...]) -> tuple[str, tuple[Param, ...]]:
    """The served path (``/api/items/{pk}/``) of a route and its path parameters, in order."""
    parts: list[str] = []
    params: list[Param] = []
    counter = [0]
    for piece in pieces:
        for chunk in _PLACEHOLDER.split(piece.text):
            if _PLACEHOLDER.fullmatch(chunk):
                parts.append(chunk)
            elif piece.regex:
                parts.append(_regex(chunk, counter, params))
            else:
                parts.append(_route(chunk, params))
    return "/" + "".join(parts), tuple(params)


def path_variants(pieces: tuple[Piece, ...]) -> list[tuple[str, tuple[Param, ...]]]:
    """Every path the pieces serve (see the module docstring), each with its path parameters."""
    spots = [(i, group) for i, piece in enumerate(pieces) if piece.regex for group in _optional_groups(piece.text)]
    if not spots or len(spots) > MAX_OPTIONAL:
        return [join_pieces(pieces)]
    variants = []
    for mask in range(2 ** len(spots) - 1, -1, -1):  # every group present first, then fewer
        texts = [p.text for p in pieces]
        for bit, (i, (start, close, end)) in reversed(list(enumerate(spots))):  # right to left: offsets hold
            kept = texts[i][start : close + 1] if mask >> bit & 1 else ""
            texts[i] = texts[i][:start] + kept + texts[i][end:]
        variants.append(join_pieces(tuple(Piece(t, p.regex) for t, p in zip(texts, pieces, strict=True))))
    return variants


def _optional_groups(text: str) -> list[tuple[int, int, int]]:
    """``(start, closing parenthesis, end of quantifier)`` of each top-level capturing group ``(...)?``."""
    found = []
    i = 0
    while i < len(text):
        if text[i] == "\\":
            i += 2
        elif text[i] == "[":
            i = _class_end(text, i) + 1
        elif text[i] == "(":
            close = _closing(text, i)
            inner = text[i + 1 : close]
            captures = not inner.startswith("?") or inner.startswith("?P<") or "(?P<" in inner
            if captures and text[close + 1 : close + 2] == "?":
                found.append((i, close, _skip_quantifier(text, close + 1)))
            i = close + 1
        else:
            i += 1
    return found


def _route(text: str, params: list[Param]) -> str:
    def replace(match: re.Match[str]) -> str:
        converter = match.group("conv") or "str"
        params.append(
            Param(name=match.group("name"), in_=ParamLocation.PATH, type=CONVERTER_TYPES.get(converter, converter))
        )
        return "{" + match.group("name") + "}"

    return _CONVERTER.sub(replace, text)


def _regex(text: str, counter: list[int], params: list[Param]) -> str:
    """A regex piece as plain path text (see the module docstring)."""
    if text.startswith("^"):
        text = text[1:]
    elif text.startswith("\\A"):
        text = text[2:]
    if text.endswith("\\Z"):
        text = text[:-2]
    elif text.endswith("$") and not text.endswith("\\$"):
        text = text[:-1]
    out: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text):
            escaped = text[i + 1]
            out.append("" if escaped in "AZbB" else escaped)
            i += 2
        elif char == "(":
            end = _closing(text, i)
            out.append(_group(text[i + 1 : end], counter, params))
            i = _skip_quantifier(text, end + 1)
        elif char == "[":
            end = _class_end(text, i)
            out.append(text[i : end + 1])
            i = _skip_quantifier(text, end + 1)
        elif char in "?*+^$":
            i += 1
        elif char == "{" and (repeat := _REPEAT.match(text, i)):
            i = repeat.end()
        else:
            out.append(char)
            i += 1
    return "".join(out)


def _group(inner: str, counter: list[int], params: list[Param]) -> str:
    named = _GROUP_NAME.match(inner)
    if named:
        params.append(Param(name=named.group(1), in_=ParamLocation.PATH, type="str"))
        return "{" + named.group(1) + "}"
    if inner.startswith("?P="):  # a backreference matches the named group's text again (Django reverses it so)
        return "{" + inner[3:] + "}"
    if inner.startswith("?:"):
        return _regex(inner[2:], counter, params)
    if inner.startswith("?"):  # lookarounds, flags, comments: they match no text
        return ""
    name = f"arg{counter[0]}"
    counter[0] += 1
    params.append(Param(name=name, in_=ParamLocation.PATH, type="str"))
    return "{" + name + "}"


def _closing(text: str, start: int) -> int:
    """The index of the parenthesis closing the group opened at ``start``."""
    depth = 0
    i = start
    while i < len(text):
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            i = _class_end(text, i) + 1
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return len(text) - 1


def _class_end(text: str, start: int) -> int:
    """The index of the ``]`` closing the character class opened at ``start``."""
    i = start + 1
    if i < len(text) and text[i] == "^":
        i += 1
    if i < len(text) and text[i] == "]":
        i += 1
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == "]":
            return i
        i += 1
    return len(text) - 1


def _skip_quantifier(text: str, i: int) -> int:
    if i < len(text) and text[i] in "?*+":
        i += 1
        if i < len(text) and text[i] in "?+":  # lazy or possessive
            i += 1
    elif i < len(text) and text[i] == "{" and (repeat := _REPEAT.match(text, i)):
        i = repeat.end()
    return i

"""Text that depends on an undecided test: the options a string may be, each with the conditions it holds under.

``PREFIX = "/v2" if settings.V2 else "/v1"`` with ``settings.V2`` unknown is either string. The
evaluator keeps both (:class:`docgen.link.values.Choice`); once such a value is turned into text
for a path or a prefix, the options travel inside the text, marked with characters of Unicode's
private use area that no URL holds, so that whatever an extractor does with path text
(concatenating a prefix, converting a pattern) keeps them. Joining a route's path is where they
are spread out again (:func:`expand`): one path per combination of options, each with its
conditions, the way a list item added under an ``if`` is documented "only if …". Anywhere else a
marked text is shown (:func:`readable`) as the visible ``{?a | b}`` docgen uses for what it
cannot know.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import product

from docgen.link.joins import union_conditions

OPEN, NEXT, WHEN, CLOSE = "\ue000", "\ue001", "\ue002", "\ue003"
MAX_OPTIONS = 8
"""How many paths one marked text is spread into at most; the rest are left out (counted by the caller)."""

Option = tuple[str, tuple[str, ...]]
"""An option's text and the undecided conditions (as written) it holds under."""


def marked(options: Sequence[Option]) -> str:
    """The text standing for ``options`` (at least two), each option's text kept as it is."""
    parts = [text + "".join(WHEN + c for c in conditions) for text, conditions in options]
    return OPEN + NEXT.join(parts) + CLOSE


def is_marked(text: str) -> bool:
    """Whether ``text`` holds options (:func:`marked`)."""
    return OPEN in text


def expand(text: str) -> list[Option]:
    """Every text ``text`` may be, with the conditions of the options it takes, at most :data:`MAX_OPTIONS`.

    Pieces are joined as URL paths are, one slash where two meet (``"/v1/"`` then ``"/items"``).
    Conditions come in the order of the options taken, each once. Text without marks is itself,
    under no conditions.
    """
    if OPEN not in text:
        return [(text, ())]
    return _pieces(text, 0, top=True)[0][:MAX_OPTIONS]


def pick(text: str, conditions: tuple[str, ...]) -> str:
    """The text ``text`` is under ``conditions`` (the options a route's path took); :func:`readable` if none fits."""
    if OPEN not in text:
        return text
    for option, needs in expand(text):
        if set(needs) <= set(conditions):
            return option
    return readable(text)


def readable(text: str) -> str:
    """``text`` with each set of options shown as ``{?a | b}``: what a message or a name can hold.

    Marks escaped by ``repr`` (a message quoting a path with ``!r``) are read as marks.
    """
    if "\\ue0" in text:
        for mark in (OPEN, NEXT, WHEN, CLOSE):
            text = text.replace(repr(mark)[1:-1], mark)
    if OPEN not in text:
        return text
    return "".join(_readable(text))


def _readable(text: str) -> list[str]:
    out: list[str] = []
    depth = 0
    skipping = False  # inside an option's conditions
    for char in text:
        if char == OPEN:
            out.append("{?" if depth == 0 else "(")
            depth += 1
        elif char == CLOSE:
            depth -= 1
            skipping = False
            out.append("}" if depth == 0 else ")")
        elif char == NEXT:
            skipping = False
            out.append(" | ")
        elif char == WHEN:
            skipping = True
        elif not skipping:
            out.append(char)
    return out


def _pieces(text: str, start: int, top: bool = False) -> tuple[list[Option], int]:
    """The options of ``text`` from ``start`` up to the end of the current option (or of the text at the top)."""
    results: list[Option] = [("", ())]
    literal: list[str] = []
    i = start
    while i < len(text):
        char = text[i]
        if char == OPEN:
            results = _extend(results, "".join(literal))
            literal = []
            choices, i = _group(text, i + 1)
            results = [(_join(a, b), union_conditions(ca, cb)) for (a, ca), (b, cb) in product(results, choices)][
                : MAX_OPTIONS * 4
            ]
            continue
        if not top and char in (NEXT, CLOSE, WHEN):
            break
        literal.append(char)
        i += 1
    return _extend(results, "".join(literal)), i


def _group(text: str, start: int) -> tuple[list[Option], int]:
    """The options of the group opened just before ``start``, and the index after its end."""
    options: list[Option] = []
    i = start
    while i < len(text):
        pieces, i = _pieces(text, i)
        conditions: list[str] = []
        while i < len(text) and text[i] == WHEN:
            end = i + 1
            while end < len(text) and text[end] not in (WHEN, NEXT, CLOSE):
                end += 1
            conditions.append(text[i + 1 : end])
            i = end
        options.extend((t, union_conditions(c, tuple(conditions))) for t, c in pieces)
        if i < len(text) and text[i] == NEXT:
            i += 1
            continue
        return options, i + 1  # past CLOSE (or the end of a cut text)
    return options or [("", ())], i


def _extend(results: list[Option], literal: str) -> list[Option]:
    return [(_join(text, literal), conditions) for text, conditions in results] if literal else results


def _join(first: str, second: str) -> str:
    if first.endswith("/") and second.startswith("/"):
        return first + second[1:]
    return first + second

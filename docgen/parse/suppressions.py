"""Inline suppression comments (``# docgen: ignore[DG101]``) of one source text, found by tokenizing it."""

from __future__ import annotations

import io
import re
import tokenize

from docgen.model.facts import Suppression

_MARKER = "docgen:"
_COMMENT = re.compile(r"#\s*docgen:\s*ignore(?![\w-])(?:\[(?P<codes>[^\]]*)\])?")
_CODE = re.compile(r"[A-Z]+[0-9]*")


def find_suppressions(text: str) -> tuple[Suppression, ...]:
    """Every ``# docgen: ignore`` comment of ``text``, one per line, in line order.

    Only comment tokens count, so the same words inside a string literal do nothing. A source that
    does not tokenize (LibCST may accept newer syntax than this Python's tokenizer) has none.
    """
    if _MARKER not in text:  # the common case costs one substring search, not a tokenize pass
        return ()
    found: list[Suppression] = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.COMMENT and (match := _COMMENT.search(token.string)):
                suppression = _suppression(token.start[0], match.group("codes"))
                if suppression is not None:
                    found.append(suppression)
    except (tokenize.TokenError, SyntaxError):
        return tuple(found)
    return tuple(found)


def _suppression(line: int, codes: str | None) -> Suppression | None:
    if codes is None:
        return Suppression(line)
    named = tuple(c for c in re.split(r"[,\s]+", codes.strip().upper()) if _CODE.fullmatch(c))
    return Suppression(line, named) if named else None

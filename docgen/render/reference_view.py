"""What a code-reference entry shows: wrapped signatures, parameter rows, linked types, inherited members.

Everything here reads catalog records only; the text it returns is escaped by the filters it
goes through (``md_text``/``md_code``, ``code_block``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from docgen.model import DocParam, Symbol, SymbolKind
from docgen.reference.annotations import DOTTED_NAME
from docgen.render.filters import MAX_VALUE_CHARS, md_breakable
from docgen.render.filters import signature as declaration

WRAP_AT = 80
"""Signatures longer than this many characters are shown one parameter per line."""

_PREFIX = {"var_positional": "*", "var_keyword": "**"}


@dataclass(frozen=True, slots=True)
class ParamRow:
    """One row of a reference entry's parameter table.

    Attributes:
        name: The name as declared (``*args``, ``**kwargs``).
        annotation: The annotation as written, else the docstring's type, else empty.
        default: The default as written, empty when required.
        description: The docstring's description, empty when undocumented.
    """

    name: str
    annotation: str
    default: str
    description: str


def wrapped_signature(symbol: Symbol) -> str:
    """The declaration of ``symbol``, one parameter per line (black's layout) when longer than :data:`WRAP_AT`."""
    line = declaration(symbol)
    if len(line) <= WRAP_AT or symbol.kind not in (SymbolKind.FUNCTION, SymbolKind.METHOD, SymbolKind.CLASS):
        return line
    start = line.find("(")
    end = _closing(line, start)
    if start < 0 or end < 0:
        return line
    parts = split_top_level(line[start + 1 : end])
    if len(parts) < 2 and len(line) <= 2 * WRAP_AT:
        return line
    body = "".join(f"    {part},\n" for part in parts)
    return f"{line[: start + 1]}\n{body}{line[end:]}"


def _outside_strings(text: str, start: int = 0) -> Iterator[tuple[int, str, int]]:
    """Each character of ``text`` from ``start`` that is outside string literals, with the bracket depth after it."""
    depth, quote, escaped = 0, "", False
    for i in range(max(start, 0), len(text)):
        char = text[i]
        if quote:
            escaped, quote = (False, quote) if escaped else (char == "\\", "" if char == quote else quote)
            continue
        if char in "'\"":
            quote = char
            continue
        depth += 1 if char in "([{" else -1 if char in ")]}" else 0
        yield i, char, depth


def _closing(text: str, start: int) -> int:
    """The index of the bracket closing the one at ``start`` (-1 when unbalanced)."""
    return next((i for i, char, depth in _outside_strings(text, start) if char in ")]}" and depth == 0), -1)


def split_top_level(text: str) -> list[str]:
    """``text`` cut at the commas outside brackets and strings, each part stripped (a trailing empty one dropped)."""
    cuts = [i for i, char, depth in _outside_strings(text) if char == "," and depth == 0]
    parts = [text[a + 1 : b].strip() for a, b in zip([-1, *cuts], [*cuts, len(text)], strict=True)]
    return parts if parts[-1] else parts[:-1]


def param_rows(symbol: Symbol) -> tuple[ParamRow, ...]:
    """The parameters a callable declares, with the docstring's descriptions (and types, for unannotated ones).

    Parameters the docstring documents but the signature lacks (a ``**kwargs`` spelled out) follow.
    """
    documented = {p.name.lstrip("*"): p for p in (symbol.docstring.params if symbol.docstring else ())}
    rows = []
    for p in symbol.params:
        doc = documented.pop(p.name, None)
        rows.append(
            ParamRow(
                name=_PREFIX.get(p.kind, "") + p.name,
                annotation=p.annotation or (doc.type or "" if doc else ""),
                default=p.default,
                description=doc.description if doc else "",
            )
        )
    rows += [ParamRow(d.name, d.type or "", "", d.description) for d in documented.values()]
    return tuple(rows)


def linked_type(text: str | None, symbol: Symbol, links: Any) -> Markup:
    """``text`` (a type as written) as inline code, each name that resolves to a documented symbol or model a link.

    It may wrap only after ``/``, ``.`` and ``_``, as every identifier of the site.
    """
    if not text:
        return Markup("")
    text = text if len(text) <= MAX_VALUE_CHARS else text[: MAX_VALUE_CHARS - 1] + "…"
    out, last = [], 0
    for match in DOTTED_NAME.finditer(text):
        href = _href(match.group(), symbol.refs, links)
        if href is None:
            continue
        out += [
            md_breakable(text[last : match.start()]),
            Markup("[") + md_breakable(match.group()) + Markup("](%s)") % href,
        ]
        last = match.end()
    out.append(md_breakable(text[last:]))
    return Markup("<code>") + Markup("").join(out) + Markup("</code>")


def _href(name: str, refs: Mapping[str, str], links: Any) -> Markup | None:
    target = refs.get(name)
    if target is None:
        return None
    found: Markup | None = links.symbol(target) or links.model(target)
    return found


def raised_rows(symbol: Symbol) -> tuple[DocParam, ...]:
    """The docstring's Raises entries (the exception type is the name, shown as a linked type)."""
    return symbol.docstring.raises if symbol.docstring else ()


@dataclass(frozen=True, slots=True)
class Inherited:
    """Members a class inherits from one documented base.

    Attributes:
        base: The base class's id.
        members: Its members the class does not redefine, by id, in source order.
    """

    base: str
    members: tuple[str, ...]


class Hierarchy:
    """Documented classes' bases and members, to list what each class inherits."""

    def __init__(self, symbols: Iterable[Symbol]) -> None:
        symbols = tuple(symbols)
        self._key = tuple(
            (s.id, s.kind, s.name, s.parent, s.bases, s.location.line)
            for s in symbols
            if s.kind is not SymbolKind.MODULE
        )
        self._bases: dict[str, tuple[str, ...]] = {}
        self._members: dict[str, list[Symbol]] = {}
        for s in symbols:
            if s.kind is SymbolKind.CLASS:
                self._bases.setdefault(s.id, s.bases)
                self._members.setdefault(s.id, [])
        for s in symbols:
            if s.parent in self._members and s.kind is not SymbolKind.MODULE:
                self._members[s.parent].append(s)

    def __eq__(self, other: object) -> bool:
        """Equal when the classes, their bases and members are (a docstring's edit changes no inherited list)."""
        return isinstance(other, Hierarchy) and self._key == other._key

    __hash__ = None  # type: ignore[assignment]

    def _mro(self, cls: str) -> list[str]:
        """The documented ancestors of ``cls`` in depth-first, left-to-right order, each once."""
        order: list[str] = []
        pending = list(reversed(self._bases.get(cls, ())))
        while pending and len(order) < 200:
            base = pending.pop()
            if base in self._bases and base not in order and base != cls:
                order.append(base)
                pending.extend(reversed(self._bases[base]))
        return order

    def inherited(self, cls: str) -> tuple[Inherited, ...]:
        """What ``cls`` inherits from each documented ancestor (public names only, nearest definition wins)."""
        seen = {m.name for m in self._members.get(cls, ())}
        out = []
        for base in self._mro(cls):
            members = []
            for m in sorted(self._members[base], key=lambda s: (s.location.line, s.id)):
                if m.name in seen or (m.name.startswith("_") and not m.name.startswith("__")):
                    continue
                if m.name.startswith("__") and m.name != "__init__":
                    continue
                seen.add(m.name)
                members.append(m.id)
            if members:
                out.append(Inherited(base, tuple(members)))
        return tuple(out)


REFERENCE_FILTERS: dict[str, Any] = {
    "wrapped_signature": wrapped_signature,
    "param_rows": param_rows,
    "linked_type": linked_type,
    "raised_rows": raised_rows,
}
"""The filters the code-reference templates use, by name."""

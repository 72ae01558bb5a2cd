"""Comparing the validation constraints of a parameter or property (lengths, bounds, item counts, pattern).

Both sides speak the catalog's words, as pydantic's ``Field`` and FastAPI's ``Query`` write them
(``max_length``, ``ge``, ``lt``, ``pattern``...): the OpenAPI reader maps ``maxLength``,
``minimum``, ``exclusiveMaximum``... to them. A constraint is compared only when both sides set
it, as oasdiff's checks do. In a request a tighter constraint refuses values clients send
(breaking) and a looser one is safe; in a response a looser one lets values through that
clients may not expect (breaking), and a tighter one is not reported.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping

from docgen.model.apidiff import ChangeLevel

BREAKING = ChangeLevel.BREAKING
POTENTIALLY = ChangeLevel.POTENTIALLY_BREAKING
SAFE = ChangeLevel.NON_BREAKING

Rule = tuple[str, ChangeLevel, str]
"""A rule hit: its id, its level and the message."""

PARAMETER, REQUEST_PROPERTY, RESPONSE_PROPERTY = "request-parameter", "request-property", "response-property"
"""How the rule ids of a request parameter's, a request property's and a response property's constraints start."""

_BOUNDS: dict[str, tuple[str, str, bool]] = {
    "max_length": ("max-length", "maxLength", True),
    "min_length": ("min-length", "minLength", False),
    "max_items": ("max-items", "maxItems", True),
    "min_items": ("min-items", "minItems", False),
    "le": ("max", "maximum", True),
    "ge": ("min", "minimum", False),
    "lt": ("exclusive-max", "exclusiveMaximum", True),
    "gt": ("exclusive-min", "exclusiveMinimum", False),
}
"""Each bound by the catalog's name: oasdiff's word, the JSON Schema keyword, and whether it is an upper bound."""

_LOOSENED_IDS = frozenset({"max-length", "min-length", "max-items", "min-items", "max", "min"})
"""The bounds oasdiff reports when they loosen too (the exclusive ones only when they tighten)."""


def _direction(upper: bool, *, tighter: bool) -> str:
    return "decreased" if upper == tighter else "increased"


RULE_IDS = frozenset(
    {
        f"{prefix}-{word}-{_direction(upper, tighter=tighter)}"
        for prefix in (PARAMETER, REQUEST_PROPERTY)
        for word, _, upper in _BOUNDS.values()
        for tighter in (True, False)
        if tighter or word in _LOOSENED_IDS
    }
    | {
        f"{prefix}-pattern-{change}"
        for prefix in (PARAMETER, REQUEST_PROPERTY)
        for change in ("added", "changed", "removed")
    }
    | {
        f"{RESPONSE_PROPERTY}-{word}-{_direction(upper, tighter=False)}"
        for word, _, upper in _BOUNDS.values()
        if word in _LOOSENED_IDS
    }
)
"""Every rule id :func:`constraint_changes` may give."""

_SEQUENCES = ("list[", "List[", "tuple[", "Tuple[", "Sequence[", "set[", "Set[", "frozenset[", "array[")


def normalised(constraints: Mapping[str, str], type_text: str) -> dict[str, object]:
    """The comparable constraints: a bound's number, a pattern's text; lengths of a list are item counts.

    pydantic 2 writes ``max_length`` for a list's size, as JSON Schema's ``maxItems``.
    """
    many = "".join(type_text.split()).removeprefix("Optional[").startswith(_SEQUENCES)
    found: dict[str, object] = {}
    for name, text in constraints.items():
        value = _value(text)
        if name in {"pattern", "regex"} and isinstance(value, str):
            found["pattern"] = value
        elif name in _BOUNDS and isinstance(value, int | float) and not isinstance(value, bool):
            if many and name in {"max_length", "min_length"}:
                name = name.replace("length", "items")
            found[name] = value
    return found


def constraint_changes(
    prefix: str, where: str, old: Mapping[str, object], new: Mapping[str, object], *, response: bool = False
) -> Iterator[Rule]:
    """The changed constraints of one parameter or property (``prefix`` is ``request-parameter`` and so on)."""
    for name, (word, keyword, upper) in _BOUNDS.items():
        a, b = old.get(name), new.get(name)
        if not isinstance(a, int | float) or not isinstance(b, int | float) or a == b:
            continue
        tighter = b < a if upper else b > a
        change = f"{where}: {keyword} {'decreased' if b < a else 'increased'} from {_number(a)} to {_number(b)}"
        rule = f"{prefix}-{word}-{'decreased' if b < a else 'increased'}"
        if response:
            if not tighter and word in _LOOSENED_IDS:
                yield rule, BREAKING, change
        elif tighter:
            yield rule, BREAKING, change
        elif word in _LOOSENED_IDS:
            yield rule, SAFE, change
    if not response:
        yield from _pattern(prefix, where, old.get("pattern"), new.get("pattern"))


def _pattern(prefix: str, where: str, a: object, b: object) -> Iterator[Rule]:
    """A request's pattern: a new or changed one may refuse values clients send; one removed refuses none."""
    if a == b:
        return
    if a is None:
        yield f"{prefix}-pattern-added", POTENTIALLY, f"{where}: pattern `{b}` added"
    elif b is None:
        yield f"{prefix}-pattern-removed", SAFE, f"{where}: pattern `{a}` removed"
    else:
        yield f"{prefix}-pattern-changed", POTENTIALLY, f"{where}: pattern changed from `{a}` to `{b}`"


def _value(text: str) -> object:
    """The constant a constraint's source text stands for; None when it is not one."""
    if len(text) > 200:
        return None
    try:
        return ast.literal_eval(text)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None


def _number(value: float) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)

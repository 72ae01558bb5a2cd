"""Pure functions of Python's standard library, applied to known strings: ``urlparse(url).path``, ``urljoin(a, b)``.

They compute from their arguments alone (no file, no network, no environment), so a URL prefix
built with them from constants is known, as Python would build it. Anything else about them is
left to the evaluator's rules for library objects.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote, urljoin, urlparse, urlsplit

from docgen.link.values import Const, External, Instance, Value

if TYPE_CHECKING:
    from docgen.link.evaluate import Evaluator

_PARSERS: dict[str, Callable[[str], Any]] = {
    "urllib.parse.urlparse": urlparse,
    "urllib.parse.urlsplit": urlsplit,
}
_PARTS = frozenset({"scheme", "netloc", "path", "params", "query", "fragment", "hostname", "port"})
PURE_FUNCTIONS: dict[str, Callable[..., str]] = {
    "urllib.parse.urljoin": urljoin,
    "urllib.parse.quote": quote,
    "urllib.parse.unquote": unquote,
}
"""Functions of strings to a string, applied when every argument is a known string."""


def pure_call(dotted: str, arguments: list[Value]) -> Value | None:
    """``urljoin("/a/", "b")`` and the like of known strings, None when an argument is not one."""
    function = PURE_FUNCTIONS.get(dotted)
    known = all(isinstance(a, Const) and isinstance(a.value, str) for a in arguments)
    if function is None or not arguments or not known:
        return None
    try:
        return Const(function(*(a.value for a in arguments if isinstance(a, Const))))
    except (TypeError, ValueError):
        return None


def parsed_part(evaluator: Evaluator, instance: Instance, name: str, depth: int) -> Value | None:
    """``urlparse(url).path`` (any part) of a known ``url``, None for another object or attribute."""
    if not isinstance(instance.cls, External) or instance.cls.dotted not in _PARSERS or name not in _PARTS:
        return None
    where = evaluator.scope_at(instance.scope_key)
    call = instance.call
    if where is None or len(call.positional) != 1 or call.kwargs:
        return None
    url = evaluator.eval(call.positional[0], where, depth + 1)
    if not isinstance(url, Const) or not isinstance(url.value, str):
        return None
    try:
        return Const(getattr(_PARSERS[instance.cls.dotted](url.value), name))
    except ValueError:  # an invalid port
        return None

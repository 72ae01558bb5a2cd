r"""aiohttp's vocabulary: resource paths and their variables, HTTP method names, the verbs of class-based views.

A resource path's variables are ``{name}`` (any text up to the next ``/``) or ``{name:regex}``
(the regex may hold one level of braces, ``{id:\d{4}}``), as aiohttp's ``DynamicResource`` parses
them. The catalog writes both ``{name}``; a variable whose regex only matches digits is an ``int``,
any other a ``str`` whose regex is its ``pattern``.
"""

from __future__ import annotations

import re

from docgen.extract._shared.common import Handler, method_of
from docgen.link.contract import LinkContext
from docgen.link.evaluate import Const, DefRef, External, Value
from docgen.model import HttpMethod, Param, ParamLocation

VARIABLE = re.compile(r"\{([_a-zA-Z][_a-zA-Z0-9]*)(?::((?:[^{}]|\{[^{}]*\})+))?\}")
"""A path variable: ``{name}`` or ``{name:regex}`` (group 2)."""
_DIGITS = frozenset({r"\d+", "[0-9]+", r"\d*", "[0-9]*"})
VIEW_VERBS = tuple(m for m in HttpMethod if m not in (HttpMethod.WEBSOCKET, HttpMethod.ANY))
"""The methods a ``web.View`` dispatches to a method of the same lower-case name."""


def openapi_path(path: str) -> str:
    """``/files/{name:.+}`` → ``/files/{name}``."""
    return VARIABLE.sub(lambda m: "{" + m.group(1) + "}", path)


def path_params(raw_path: str, described: dict[str, str]) -> tuple[Param, ...]:
    """The path variables of ``raw_path``, typed by their regex, described by the handler's docstring."""
    params: dict[str, Param] = {}
    for match in VARIABLE.finditer(raw_path):
        name, regex = match.group(1), match.group(2)
        digits = regex in _DIGITS
        params.setdefault(
            name,
            Param(
                name=name,
                in_=ParamLocation.PATH,
                type="int" if digits else "str",
                required=True,
                description=described.get(name, ""),
                constraints={"pattern": repr(regex)} if regex and not digits else {},
            ),
        )
    return tuple(params.values())


def method_name(value: Value) -> HttpMethod | None:
    """``"GET"``, ``"*"`` (any), ``hdrs.METH_POST`` → the method; None when it is not one docgen knows."""
    if isinstance(value, External) and value.dotted.rpartition(".")[2].startswith("METH_"):
        text = value.dotted.rpartition(".")[2].removeprefix("METH_")
        text = "*" if text == "ANY" else text
    elif isinstance(value, Const) and isinstance(value.value, str):
        text = value.value.upper()
    else:
        return None
    if text == "*":
        return HttpMethod.ANY
    return HttpMethod.named(text)


def view_verbs(context: LinkContext, cls: DefRef, method: HttpMethod) -> list[tuple[HttpMethod, Handler | None]]:
    """What a class-based view answers when registered for ``method``: each verb it defines for ANY."""
    if method is not HttpMethod.ANY:
        return [(method, method_of(context, cls, method.value.lower()))]
    found = [(verb, method_of(context, cls, verb.value.lower())) for verb in VIEW_VERBS]
    return [(verb, handler) for verb, handler in found if handler is not None] or [(HttpMethod.ANY, None)]

"""Source text of definitions for the reference, with secrets masked: signatures and defaults.

A default is a secret when it is a string under a secret-looking name (``password="hunter2"``,
and the same for dict keys and keyword arguments), a random-looking string under a weaker name
(``signing_key``), or any string in a known token format (``ghp_...``, ``Bearer ...``).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from docgen.diagnostics import Code
from docgen.link.contract import LinkContext
from docgen.link.unparse import unparse
from docgen.model import Location
from docgen.model.facts import Expr, FunctionDef, Op
from docgen.scrub import has_token, high_entropy, is_prose

_SECRET_NAME = re.compile(
    r"(password|passwd|pwd|secret|token|credentials?|dsn|conn_?str|connection_?string|api_?key|private_?key|"
    r"access_?key|authorization|passphrase|cookie|session_?id)$|secret|password|passwd|authorization|api_?key",
    re.IGNORECASE,
)
"""Names whose values are secrets whatever they look like (``db_password``, ``API_KEY``, ``Authorization``)."""


_WEAK_SECRET_NAME = re.compile(r"(key|auth|sig|signature|salt|hash|pin)$", re.IGNORECASE)
"""Names that hold a secret only when the value looks random (``signing_key`` yes, ``sort_key = 'name'`` no)."""


_NOT_SECRET = frozenset({"None", "''", '""', "...", "True", "False"})


MASK = "'***'"


def secret_warning(context: LinkContext, where: Location) -> Callable[[str], None]:
    """A callback for :func:`signature` that warns DG401 once per parameter and place."""

    def warn(name: str) -> None:
        context.warn_once(Code.SECRET_REDACTED, f"possible secret in the default of '{name}' redacted", where)

    return warn


def redact_source(name: str, default: Expr) -> tuple[str, bool]:
    """A default's source text with its secrets masked, and whether anything was.

    A secret is a string under a secret-looking name (``password="hunter2"``, and the same for
    dict keys and keyword arguments: ``{"Authorization": "..."}``), a random-looking string under
    a weaker name (``signing_key``), or any string in a known token format (``ghp_...``,
    ``Bearer ...``). A string, f-string or call holding a secret is masked whole (``'***'``);
    in a dict, list or tuple only the secret items are.
    """
    redacted = _redact(default, name)
    if redacted is default:
        return unparse(default), False
    if default.op in (Op.STR, Op.FSTRING, Op.CALL, Op.BINOP):
        return MASK, True
    return unparse(redacted), True


_MASKED_EXPR = Expr(Op.STR, "***")


_VALUE_KEYWORDS = frozenset({"default", "example", "examples"})


def _redact(expr: Expr, name: str) -> Expr:
    """``expr`` with its secret strings replaced by ``'***'``; the same object when there are none."""
    if expr.op is Op.STR and isinstance(expr.value, str):
        return _MASKED_EXPR if _is_secret(name, expr.value) else expr
    if expr.op is Op.FSTRING:
        literal = "".join(str(p.value) for p in expr.args if p.op is Op.STR)
        return _MASKED_EXPR if _is_secret(name, literal, formatted=True) else expr
    if expr.op is Op.DICT:
        items = list(expr.args)
        for i in range(0, len(items) - 1, 2):
            key = items[i]
            items[i + 1] = _redact(items[i + 1], str(key.value) if key.op is Op.STR else "")
        return _rebuilt(expr, tuple(items), expr.kwargs)
    if expr.op in (Op.LIST, Op.TUPLE, Op.SET, Op.BINOP, Op.IFEXP):
        return _rebuilt(expr, tuple(_redact(a, name) for a in expr.args), expr.kwargs)
    if expr.op is Op.CALL and expr.args:
        # positional arguments and `default=` carry the value of `name`; other keywords their own
        positional = (expr.args[0], *(_redact(a, name) for a in expr.args[1:]))
        keywords = tuple((k, _redact(v, name if k in _VALUE_KEYWORDS else k)) for k, v in expr.kwargs)
        return _rebuilt(expr, positional, keywords)
    return expr


def _rebuilt(expr: Expr, args: tuple[Expr, ...], kwargs: tuple[tuple[str, Expr], ...]) -> Expr:
    unchanged = all(a is b for a, b in zip(args, expr.args, strict=True)) and all(
        a[1] is b[1] for a, b in zip(kwargs, expr.kwargs, strict=True)
    )
    return expr if unchanged else Expr(expr.op, expr.value, args, kwargs, expr.line)


def is_secret_literal(name: str, value: str, formatted: bool = False) -> bool:
    """Whether a string ``value`` written under ``name`` is a secret, by the rules defaults are masked by."""
    return _is_secret(name, value, formatted)


def _is_secret(name: str, value: str, formatted: bool = False) -> bool:
    """Whether a string literal under ``name`` (a parameter, field, dict key or keyword) is a secret."""
    if has_token(value):
        return True
    if not value.strip() or repr(value) in _NOT_SECRET or is_prose(value) or _names_itself(name, repr(value)):
        return False
    if _SECRET_NAME.search(name):
        return True
    return not formatted and bool(_WEAK_SECRET_NAME.search(name)) and high_entropy(value)


def _names_itself(name: str, literal: str) -> bool:
    """``FOREIGN_KEY = "foreign_key"``: a value that just spells its own name is no secret."""

    def norm(text: str) -> str:
        return re.sub(r"[^a-z0-9]", "", text.lower())

    return norm(literal.strip("'\"")) == norm(name)


def signature(definition: FunctionDef, skip_first: bool = False, on_secret: Callable[[str], None] | None = None) -> str:
    """``(a: int, b: str = 'x', *, c=1) -> R`` for a function definition, secret defaults masked.

    ``on_secret`` is called with the name of each parameter whose default was masked.
    """
    parts: list[str] = []
    params = definition.params[1:] if skip_first and definition.params else definition.params
    star_done = False
    previous = ""
    for p in params:
        if p.kind == "keyword_only" and not star_done:
            parts.append("*")
            star_done = True
        if previous == "positional_only" and p.kind != "positional_only":
            parts.append("/")
        text = {"var_positional": "*", "var_keyword": "**"}.get(p.kind, "") + p.name
        if p.kind == "var_positional":
            star_done = True
        if p.annotation is not None:
            text += f": {unparse(p.annotation)}"
        if p.default is not None:
            default, masked = redact_source(p.name, p.default)
            if masked and on_secret is not None:
                on_secret(p.name)
            text += f" = {default}" if p.annotation is not None else f"={default}"
        parts.append(text)
        previous = p.kind
    if previous == "positional_only":
        parts.append("/")
    result = f"({', '.join(parts)})"
    if definition.returns is not None:
        result += f" -> {unparse(definition.returns)}"
    return result

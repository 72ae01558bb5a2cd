"""Expr trees back to Python source text, for display (annotations, defaults, placeholders)."""

from __future__ import annotations

from docgen.model.facts import Expr, Op

_MAX = 300


def unparse(expr: Expr | None) -> str:
    """Source text for ``expr`` (normalised spacing), truncated for display."""
    if expr is None:
        return ""
    text = _unparse(expr)
    return text if len(text) <= _MAX else text[: _MAX - 1] + "…"


def unparse_whole(expr: Expr, limit: int) -> str | None:
    """Source text for ``expr``, untruncated; None when it is longer than ``limit`` characters."""
    text = _unparse(expr)
    return text if len(text) <= limit else None


def short(expr: Expr) -> str:
    """An expression's source for a message, 80 characters at most."""
    source = unparse(expr)
    return source if len(source) <= 80 else source[:79] + "…"


def comparison_operators(text: str) -> list[str]:
    """``"is not =="`` → ``["is not", "=="]``: the operator words of a chain, the two-word ones joined."""
    out: list[str] = []
    for word in text.split():
        if out and (out[-1], word) in (("is", "not"), ("not", "in")):
            out[-1] = f"{out[-1]} {word}"
        else:
            out.append(word)
    return out


def _unparse(e: Expr) -> str:
    op = e.op
    if op is Op.NAME:
        return str(e.value)
    if op is Op.ATTR:
        return f"{_unparse(e.args[0])}.{e.value}"
    if op is Op.CALL:
        args = [_unparse(a) for a in e.args[1:]]
        args += [f"**{_unparse(v)}" if k == "**" else f"{k}={_unparse(v)}" for k, v in e.kwargs]
        return f"{_unparse(e.args[0])}({', '.join(args)})"
    if op is Op.STR:
        return repr(e.value)
    if op is Op.BYTES:
        return "b" + repr(e.value)
    if op is Op.NUM:
        return repr(e.value)
    if op is Op.CONST:
        return "..." if e.value == "..." else repr(e.value)
    if op is Op.LIST:
        return "[" + ", ".join(_unparse(a) for a in e.args) + "]"
    if op is Op.TUPLE:
        inner = ", ".join(_unparse(a) for a in e.args)
        return f"({inner},)" if len(e.args) == 1 else f"({inner})"
    if op is Op.SET:
        return "{" + ", ".join(_unparse(a) for a in e.args) + "}"
    if op is Op.DICT:
        pairs = []
        for k, v in zip(e.args[::2], e.args[1::2], strict=False):
            pairs.append(_unparse(k) if k.op is Op.STARRED else f"{_unparse(k)}: {_unparse(v)}")
        return "{" + ", ".join(pairs) + "}"
    if op is Op.FSTRING:
        body = "".join(
            str(p.value).replace("{", "{{").replace("}", "}}")
            if p.op is Op.STR
            else "{" + _unparse(p.args[0]) + (f":{p.value}" if p.value else "") + "}"
            for p in e.args
        )
        return "f" + repr(body)
    if op is Op.BINOP:
        return f"{_unparse(e.args[0])} {e.value} {_unparse(e.args[1])}"
    if op is Op.UNARY:
        return f"{e.value}{_unparse(e.args[0])}"
    if op is Op.BOOLOP:
        return f" {e.value} ".join(_unparse(a) for a in e.args)
    if op is Op.COMPARE:
        ops = comparison_operators(str(e.value))
        text = _unparse(e.args[0])
        for o, a in zip(ops, e.args[1:], strict=False):
            text += f" {o} {_unparse(a)}"
        return text
    if op is Op.SUBSCRIPT:
        return f"{_unparse(e.args[0])}[{', '.join(_unparse(a) for a in e.args[1:])}]"
    if op is Op.STARRED:
        return f"{e.value}{_unparse(e.args[0])}"
    if op is Op.YIELD:
        return ("yield from " if e.value == "from" else "yield ") + _unparse(e.args[0])
    if op is Op.IFEXP:
        return f"{_unparse(e.args[0])} if {_unparse(e.args[1])} else {_unparse(e.args[2])}"
    return str(e.value) if e.value is not None else "…"

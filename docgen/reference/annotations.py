"""What the names in a definition's annotations, bases and documented raised types refer to.

The reference links a type to the page that documents it; for that, each name as written
(``Context``, ``cabc.Sequence``, a string annotation ``"Command"``) is resolved once, at
analysis time, in the scope the definition is in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from docgen.link.annotations import dotted_expr
from docgen.link.contract import LinkContext
from docgen.link.evaluate import DefRef, External
from docgen.link.redact import redact_source
from docgen.link.unparse import unparse
from docgen.link.values import ModuleRef
from docgen.model import Docstring, SymbolParam
from docgen.model.facts import Expr, FunctionDef, Op

DOTTED_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")
"""A name or dotted name (``Optional``, ``app.models.User``), as annotations and docstrings write them."""
_MAX_REFS = 64
"""At most this many names are resolved per definition (a pathological annotation stays cheap)."""


def dotted_names(expr: Expr | None) -> Iterator[tuple[str, Expr]]:
    """Every name or attribute chain in ``expr`` (``cabc.Sequence``), with the expression for it.

    A string (a forward reference) that is one dotted name counts as that name.
    """
    if expr is None:
        return
    if expr.op in (Op.NAME, Op.ATTR) and (text := _chain(expr)):
        yield text, expr
        return
    if expr.op is Op.STR and isinstance(expr.value, str):
        text = expr.value.strip()
        if DOTTED_NAME.fullmatch(text):
            yield text, dotted_expr(text)
        else:
            for word in DOTTED_NAME.findall(text):
                yield word, dotted_expr(word)
        return
    for child in expr.args:
        yield from dotted_names(child)


def _chain(expr: Expr) -> str:
    """``a.b.c`` for a pure attribute chain on a name, empty otherwise."""
    if expr.op is Op.NAME and isinstance(expr.value, str):
        return expr.value
    if expr.op is Op.ATTR and expr.args and isinstance(expr.value, str):
        head = _chain(expr.args[0])
        return f"{head}.{expr.value}" if head else ""
    return ""


def resolve_refs(context: LinkContext, dotted: str, names: Iterable[tuple[str, Expr]]) -> dict[str, str]:
    """Each name's dotted target, evaluated where the definition ``dotted`` is (names that do not resolve left out)."""
    scope = context.program.defining_scope(dotted)
    if scope is None:
        return {}
    refs: dict[str, str] = {}
    for text, expr in names:
        if text in refs:
            continue
        if len(refs) >= _MAX_REFS:
            break
        value = context.evaluator.eval(expr, scope)
        if isinstance(value, DefRef | External):
            refs[text] = value.dotted
        elif isinstance(value, ModuleRef):
            refs[text] = value.name
    return refs


def raised_names(docstring: Docstring | None) -> Iterator[tuple[str, Expr]]:
    """The names of the exception types a docstring's Raises section gives."""
    for item in docstring.raises if docstring else ():
        for word in DOTTED_NAME.findall(item.name):
            yield word, dotted_expr(word)


def annotation_names(definition: FunctionDef) -> Iterator[tuple[str, Expr]]:
    """The names in a function's parameter and return annotations."""
    for p in definition.params:
        yield from dotted_names(p.annotation)
    yield from dotted_names(definition.returns)


def params_of(definition: FunctionDef, skip_first: bool) -> tuple[SymbolParam, ...]:
    """The declared parameters (the first left out when ``skip_first``), secret defaults masked."""
    params = definition.params[1:] if skip_first and definition.params else definition.params
    return tuple(
        SymbolParam(
            name=p.name,
            kind=p.kind,
            annotation=unparse(p.annotation) if p.annotation is not None else "",
            default=redact_source(p.name, p.default)[0] if p.default is not None else "",
        )
        for p in params
    )

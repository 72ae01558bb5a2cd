"""The values a choice field accepts, from its ``choices`` as written in the source.

``choices`` may be a literal (``[("a", "A"), ...]``, ``["a", "b"]``), a name bound to one (a module
constant, a class attribute such as ``Project.STATUSES``), or a Django ``Choices`` class
(``Status.choices`` or ``Status`` itself: each member's value, the first item of a tuple).
Grouped choices, computed ones and members docgen cannot read leave the values unknown.
"""

from __future__ import annotations

import ast
import json
import keyword

from docgen.extract._shared.json_literal import json_literal
from docgen.link.contract import LinkContext
from docgen.link.evaluate import Const, DefRef, Seq, Value
from docgen.link.program import Scope
from docgen.link.values import Dict
from docgen.model.facts import Assign, ClassDef, Expr, Op

_CHOICES = frozenset(
    {
        "django.db.models.Choices",
        "django.db.models.TextChoices",
        "django.db.models.IntegerChoices",
        "django.db.models.enums.Choices",
        "django.db.models.enums.TextChoices",
        "django.db.models.enums.IntegerChoices",
    }
)
_SCALARS = (str, int, float, bool)


def choice_values(context: LinkContext, text: str, scope: Scope) -> str | None:
    """The JSON text of the values ``choices`` (source text, read in ``scope``) allows; None when unknown."""
    expr = _dotted(text.removesuffix(".choices"))
    value = context.evaluator.eval(expr, scope) if expr is not None else None
    if value is None:  # a literal, as written
        values = _literal(text)
    elif isinstance(value, DefRef) and value.is_class:
        values = _members(context, value) if not context.evaluator.lineage(value).isdisjoint(_CHOICES) else None
    else:
        values = _listed(value)
    return json.dumps(values, ensure_ascii=False) if values else None


def _members(context: LinkContext, cls: DefRef) -> list[object] | None:
    """The member values of a Django ``Choices`` class."""
    definition = context.program.definition(cls.dotted)
    scope = context.program.body_scope(cls.dotted)
    if not isinstance(definition, ClassDef) or scope is None:
        return None
    values: list[object] = []
    for stmt in definition.body:
        if not isinstance(stmt, Assign) or stmt.value is None or len(stmt.targets) != 1:
            continue
        target = stmt.targets[0]
        if target.op is not Op.NAME or str(target.value).startswith("_") or stmt.op != "=":
            continue
        first = stmt.value.args[0] if stmt.value.op is Op.TUPLE and stmt.value.args else stmt.value
        text = json_literal(context, first, scope)
        value = json.loads(text) if text is not None else None
        if not isinstance(value, _SCALARS):
            return None
        values.append(value)
    return values


def _listed(value: Value) -> list[object] | None:
    """The values of a choices list: the first item of each pair, or the items themselves; a dict's keys."""
    if isinstance(value, Dict):
        keys: list[object] = [key for key, _ in value.entries]
        return keys if keys and all(isinstance(k, _SCALARS) for k in keys) else None
    if not isinstance(value, Seq):
        return None
    values: list[object] = []
    for item in value.items:
        if isinstance(item, Seq) and item.items:
            item = item.items[0]
        if not isinstance(item, Const) or not isinstance(item.value, _SCALARS):
            return None
        values.append(item.value)
    return values


def _literal(text: str) -> list[object] | None:
    """The values of a choices literal written out (``["a", "b"]``, ``[(1, "One")]``); None otherwise."""
    try:
        value = ast.literal_eval(text) if len(text) <= 2000 else None
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None
    if not isinstance(value, list | tuple):
        return None
    values = [item[0] if isinstance(item, list | tuple) and item else item for item in value]
    return values if all(isinstance(v, _SCALARS) for v in values) else None


def _dotted(text: str) -> Expr | None:
    """``a.b.c`` as a name/attribute expression; None when the text is not a dotted name."""
    parts = text.strip().split(".")
    if not all(p.isidentifier() and not keyword.iskeyword(p) for p in parts):
        return None
    expr = Expr(Op.NAME, parts[0])
    for part in parts[1:]:
        expr = Expr(Op.ATTR, part, (expr,))
    return expr


def child_choice_values(context: LinkContext, child: str, scope: Scope) -> str | None:
    """The JSON text of the values a ``child=ChoiceField(choices=...)`` allows; None for another child."""
    try:
        node = ast.parse(child, mode="eval").body
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    if not isinstance(node, ast.Call) or _class_name(node.func) not in ("ChoiceField",):
        return None
    choices = next((k.value for k in node.keywords if k.arg == "choices"), node.args[0] if node.args else None)
    return choice_values(context, ast.unparse(choices), scope) if choices is not None else None


def _class_name(node: ast.expr) -> str:
    return node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else ""

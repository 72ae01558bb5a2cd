"""Sequences built from other sequences: comprehensions, sets, dicts, indexing.

``[f"/{p}" for p in PREFIXES]`` is known when ``PREFIXES`` is: its element is evaluated once per
item, each ``for`` clause binding its target as a ``for`` loop binds it (nested clauses in
order). A comprehension with an ``if`` clause (or ``async for``) stays unknown: which items pass
depends on running it. A set is the sequence of its items in source order (routes and
registrations do not depend on a set's order), and so are ``set(x)`` and ``frozenset(x)`` of a
known sequence. ``list(x)`` and ``tuple(x)`` stay unknown: a function that returns ``list(arg)``
in one branch and something else in another would otherwise be read as that branch, since a
call's value is its function's first known return and the branch's condition is not known.

A dict literal whose keys are known constants is a :class:`~docgen.link.values.Dict` (``**d`` of a
known one merged in), and so are ``dict()`` and ``dict(key=value)``; ``d[key]``, ``d.get(key,
default)``, ``d.items()``, ``d.keys()`` and ``d.values()`` read it. A key that is not known makes
the whole dict unknown: which entry it replaces cannot be told.
"""

from __future__ import annotations

from docgen.link.bindings import BindingEvaluator
from docgen.link.budget import MAX_ITEMS, MAX_PARTLY_KNOWN_TEXT, MAX_TEXT
from docgen.link.conditions import truth
from docgen.link.program import Scope
from docgen.link.unparse import short, unparse
from docgen.link.values import Const, Dict, DictKey, Seq, Unknown, Value
from docgen.model.facts import Expr, Op

_COPIES = frozenset({"builtins.set", "builtins.frozenset", "builtins.list", "builtins.tuple"})


class SequenceEvaluator(BindingEvaluator):
    """Evaluates comprehensions and sets (the base of :class:`~docgen.link.evaluate.Evaluator`)."""

    def comprehension(self, expr: Expr, scope: Scope, depth: int) -> Value:
        """A list, set or generator comprehension over known sequences, its ``if`` clauses decided, else unknown."""
        if any(key != "if" for key, _ in expr.kwargs) or len(expr.args) < 3:  # `async`, or no clauses
            return Unknown(unparse(expr))
        scopes = [scope]
        clauses = expr.args[1:]
        for index, (target, iterable) in enumerate(zip(clauses[::2], clauses[1::2], strict=False)):
            bound: list[Scope] = []
            for outer in scopes:
                items = iterated(self.eval(iterable, outer, depth + 1))
                if not isinstance(items, Seq):
                    return Unknown(unparse(expr))
                for item in items.items:
                    names = _targets(target, item)
                    if names is None or len(bound) >= MAX_ITEMS:
                        return Unknown(unparse(expr))
                    inner = outer.child(names, f"#comp{expr.line}.{index}.{len(bound)}")
                    self._scopes[inner.key] = inner
                    bound.append(inner)
            scopes = bound
        kept = []
        for inner in scopes:  # every `if` tested where all the clauses' variables are bound: the same filter
            tests = [truth(self.eval, test, inner, depth + 1) for _, test in expr.kwargs]
            if None in tests:
                return Unknown(unparse(expr))
            if all(tests):
                kept.append(inner)
        return Seq(tuple(self.eval(expr.args[0], inner, depth + 1) for inner in kept))

    def item(self, base: Value, index: Value) -> Value | None:
        """``base[index]`` for a known sequence and an integer index inside it, or a known dict and key, else None."""
        if isinstance(base, Seq) and isinstance(index, Const) and isinstance(index.value, int):
            return base.items[index.value] if -len(base.items) <= index.value < len(base.items) else None
        key = dict_key(index) if isinstance(base, Dict) else None
        return base.get(key[0]) if isinstance(base, Dict) and key is not None else None

    def mapping(self, expr: Expr, scope: Scope, depth: int) -> Value:
        """A dict literal (``{"a": 1, **other}``) whose keys are known constants, else unknown."""
        entries: dict[DictKey, Value] = {}
        for key, value in zip(expr.args[::2], expr.args[1::2], strict=False):
            if key.op is Op.STARRED:  # `**other`
                other = self.eval(key.args[0], scope, depth + 1)
                if not isinstance(other, Dict):
                    return Unknown(unparse(expr))
                entries.update(other.entries)
                continue
            known = dict_key(self.eval(key, scope, depth + 1))
            if known is None:
                return Unknown(unparse(expr))
            entries[known[0]] = self.eval(value, scope, depth + 1)
        return Dict(tuple(entries.items())) if len(entries) <= MAX_ITEMS else Unknown(unparse(expr))

    def dict_method(self, base: Dict, method: str, call: Expr, scope: Scope, depth: int) -> Value:
        """``d.get(key[, default])``, ``d.items()``, ``d.keys()`` or ``d.values()`` of a known dict, else unknown."""
        args = call.positional
        if method == "get" and 1 <= len(args) <= 2 and not call.kwargs:
            key = dict_key(self.eval(args[0], scope, depth + 1))
            if key is None:
                return Unknown(unparse(call))
            found = base.get(key[0])
            if found is not None:
                return found
            return self.eval(args[1], scope, depth + 1) if len(args) == 2 else Const(None)
        if args or call.kwargs:
            return Unknown(unparse(call))
        if method == "items":
            return Seq(tuple(Seq((Const(k), v)) for k, v in base.entries))
        if method == "keys":
            return Seq(tuple(Const(k) for k, _ in base.entries))
        if method == "values":
            return Seq(tuple(v for _, v in base.entries))
        return Unknown(unparse(call))

    def copied_sequence(self, builtin: str, call: Expr, scope: Scope, depth: int) -> Value:
        """``list(x)``, ``tuple(x)``, ``set(x)`` of a known sequence (a dict: its keys); ``dict``, enumerate, zip, len.

        Anything else, or of an unknown value, is unknown.
        """
        if builtin == "builtins.dict":
            return self._dict_call(call, scope, depth)
        if builtin == "builtins.len" and len(call.positional) == 1 and not call.kwargs:
            # a loop docgen cannot count leaves one unknown item for its runs: then the length is not known
            sized = iterated(self.eval(call.positional[0], scope, depth + 1))
            known = isinstance(sized, Seq) and not any(isinstance(item, Unknown) for item in sized.items)
            return Const(len(sized.items)) if known and isinstance(sized, Seq) else Unknown(unparse(call))
        if builtin in ("builtins.enumerate", "builtins.zip"):
            return self._paired(builtin, call, scope, depth)
        if builtin not in _COPIES or len(call.positional) > 1 or call.kwargs:
            return Unknown(unparse(call))
        if not call.positional:
            return Seq(())
        value = iterated(self.eval(call.positional[0], scope, depth + 1))
        return value if isinstance(value, Seq) else Unknown(unparse(call))

    def _paired(self, builtin: str, call: Expr, scope: Scope, depth: int) -> Value:
        """``enumerate(xs[, start])`` as ``(index, item)`` pairs, ``zip(xs, ys, ...)`` as tuples, of known sequences."""
        if call.kwargs and not (builtin == "builtins.enumerate" and [k for k, _ in call.kwargs] == ["start"]):
            return Unknown(unparse(call))
        if builtin == "builtins.enumerate":
            start_expr = call.kwarg("start") or (call.positional[1] if len(call.positional) == 2 else None)
            start = self.eval(start_expr, scope, depth + 1) if start_expr is not None else Const(0)
            items = self.eval(call.positional[0], scope, depth + 1) if 1 <= len(call.positional) <= 2 else None
            if not isinstance(items, Seq) or not (isinstance(start, Const) and type(start.value) is int):
                return Unknown(unparse(call))
            return Seq(tuple(Seq((Const(start.value + i), item)) for i, item in enumerate(items.items)))
        sequences = [iterated(self.eval(arg, scope, depth + 1)) for arg in call.positional]
        if not sequences or not all(isinstance(s, Seq) for s in sequences):
            return Unknown(unparse(call))
        columns = [s.items for s in sequences if isinstance(s, Seq)]
        return Seq(tuple(Seq(items) for items in zip(*columns, strict=False)))

    def _dict_call(self, call: Expr, scope: Scope, depth: int) -> Value:
        """``dict()``, ``dict(a=1, **known)`` or ``dict(known, a=1)``: a known dict, else unknown."""
        entries: dict[DictKey, Value] = {}
        if len(call.positional) > 1:
            return Unknown(unparse(call))
        if call.positional:
            copied = self.eval(call.positional[0], scope, depth + 1)
            if not isinstance(copied, Dict):
                return Unknown(unparse(call))
            entries.update(copied.entries)
        for key, value in call.kwargs:
            item = self.eval(value, scope, depth + 1)
            if key != "**":
                entries[key] = item
            elif isinstance(item, Dict):  # `dict(a=1, **other)`
                entries.update(item.entries)
            else:
                return Unknown(unparse(call))
        return Dict(tuple(entries.items()))

    def _bounded(self, value: Value, expr: Expr, scope: Scope) -> Value:
        """``value``, or unknown (with a DG915 at the expression) when it is too big to be a real one.

        ``a1 = a0 + a0; a2 = a1 + a1; ...`` doubles a string per line: without a bound sixty
        lines ask for more memory than there is.
        """
        if isinstance(value, Seq):
            size, limit, what = len(value.items), MAX_ITEMS, "items"
        elif isinstance(value, Const) and isinstance(value.value, str):
            size, limit, what = len(value.value), MAX_TEXT, "characters"
        elif isinstance(value, Unknown):
            size, limit, what = len(value.text), MAX_PARTLY_KNOWN_TEXT, "characters"
        else:
            return value
        if size <= limit:
            return value
        source = short(expr)
        message = f"the value of {source!r} would hold more than {limit} {what}: it is unknown"
        self.cut_once(
            "size", message + ", as is any other this big in this module", scope.module, expr.line or self.line
        )
        return Unknown(source)


def iterated(value: Value) -> Value:
    """What a loop over ``value`` walks: a dict's keys, else the value itself."""
    return Seq(tuple(Const(k) for k, _ in value.entries)) if isinstance(value, Dict) else value


def dict_key(value: Value) -> tuple[DictKey] | None:
    """``(key,)`` when ``value`` can be a :class:`Dict` key (a str, int, bool or None constant), else None."""
    if isinstance(value, Const) and (value.value is None or isinstance(value.value, str | int)):
        return (value.value,)
    return None


def _targets(target: Expr, item: Value) -> dict[str, object] | None:
    """The names a ``for`` target binds to ``item`` (``k, v`` unpacks a known pair), None if it cannot."""
    if target.op is Op.NAME:
        return {str(target.value): item}
    if target.op in (Op.TUPLE, Op.LIST) and isinstance(item, Seq) and len(item.items) == len(target.args):
        names: dict[str, object] = {}
        for part, value in zip(target.args, item.items, strict=True):
            inner = _targets(part, value)
            if inner is None:
                return None
            names.update(inner)
        return names
    return None

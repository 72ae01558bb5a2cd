"""Conversion of LibCST expressions into the facts' :class:`~docgen.model.facts.Expr` trees.

Line numbers come from a parallel walk of the same file's ``ast`` tree (much cheaper than LibCST's
whole-tree PositionProvider, see ARCHITECTURE.md), or from that provider when ``ast`` could not
parse the file.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping, Sequence

import libcst as cst
from libcst.metadata import CodeRange

from docgen.model.facts import Expr, Op

MAX_DEPTH = 80
"""Deeper expressions are kept as UNKNOWN: nothing useful for docs nests that deep."""

_UNKNOWN_TEXT = 200

_BINOPS: dict[type[cst.BaseBinaryOp], str] = {
    cst.Add: "+",
    cst.Subtract: "-",
    cst.Multiply: "*",
    cst.Divide: "/",
    cst.FloorDivide: "//",
    cst.Modulo: "%",
    cst.Power: "**",
    cst.BitOr: "|",
    cst.BitAnd: "&",
    cst.BitXor: "^",
    cst.LeftShift: "<<",
    cst.RightShift: ">>",
    cst.MatrixMultiply: "@",
}
_UNARY: dict[type[cst.BaseUnaryOp], str] = {
    cst.Minus: "-",
    cst.Plus: "+",
    cst.Not: "not ",
    cst.BitInvert: "~",
}
_CONSTS = {"True": True, "False": False, "None": None}


class ExprConverter:
    """Turns LibCST expressions of one module into Expr trees, with line numbers."""

    def __init__(self, module: cst.Module, positions: Mapping[cst.CSTNode, CodeRange] | None = None) -> None:
        self._module = module
        self._positions = positions

    def line(self, node: cst.CSTNode, mirror: ast.AST | None, default: int = 0) -> int:
        """The line of ``node``, from its ``ast`` mirror or the position metadata."""
        if mirror is not None and hasattr(mirror, "lineno"):
            return int(mirror.lineno)
        if self._positions is not None and node in self._positions:
            return self._positions[node].start.line
        return default

    def end_line(self, node: cst.CSTNode, mirror: ast.AST | None, default: int = 0) -> int:
        """The last line of ``node``."""
        if mirror is not None and getattr(mirror, "end_lineno", None):
            return int(mirror.end_lineno)  # type: ignore[attr-defined]
        if self._positions is not None and node in self._positions:
            return self._positions[node].end.line
        return default

    def source(self, node: cst.CSTNode) -> str:
        """The source text of a node, truncated for display."""
        text = self._module.code_for_node(node).strip()
        return text if len(text) <= _UNKNOWN_TEXT else text[: _UNKNOWN_TEXT - 1] + "…"

    def convert(self, node: cst.BaseExpression, mirror: ast.AST | None = None, depth: int = 0) -> Expr:
        """Convert ``node`` (with its ``ast`` mirror, when known) into an Expr."""
        if depth > MAX_DEPTH:
            return Expr(Op.UNKNOWN, "…")
        d = depth + 1
        if isinstance(node, cst.Name):
            if node.value in _CONSTS:
                return Expr(Op.CONST, _CONSTS[node.value])
            return Expr(Op.NAME, node.value)
        if isinstance(node, cst.Attribute):
            inner = mirror.value if isinstance(mirror, ast.Attribute) else None
            return Expr(Op.ATTR, node.attr.value, (self.convert(node.value, inner, d),))
        if isinstance(node, cst.Call):
            return self._call(node, mirror if isinstance(mirror, ast.Call) else None, d)
        if isinstance(node, cst.SimpleString | cst.ConcatenatedString):
            return self._string(node, mirror, d)
        if isinstance(node, cst.FormattedString):
            return self._fstring(node, mirror if isinstance(mirror, ast.JoinedStr) else None, d)
        if isinstance(node, cst.Integer | cst.Float | cst.Imaginary):
            return Expr(Op.NUM, node.evaluated_value)
        if isinstance(node, cst.Ellipsis):
            return Expr(Op.CONST, "...")
        if isinstance(node, cst.List | cst.Tuple | cst.Set):
            op = Op.LIST if isinstance(node, cst.List) else Op.TUPLE if isinstance(node, cst.Tuple) else Op.SET
            mirrors = getattr(mirror, "elts", None)
            return Expr(op, None, self._elements(node.elements, mirrors, d))
        if isinstance(node, cst.Dict):
            return self._dict(node, mirror if isinstance(mirror, ast.Dict) else None, d)
        if isinstance(node, cst.BinaryOperation):
            left, right = (mirror.left, mirror.right) if isinstance(mirror, ast.BinOp) else (None, None)
            op_text = _BINOPS.get(type(node.operator), "?")
            return Expr(Op.BINOP, op_text, (self.convert(node.left, left, d), self.convert(node.right, right, d)))
        if isinstance(node, cst.UnaryOperation):
            inner = mirror.operand if isinstance(mirror, ast.UnaryOp) else None
            operand = self.convert(node.expression, inner, d)
            if isinstance(node.operator, cst.Minus) and operand.op is Op.NUM and isinstance(operand.value, int | float):
                return Expr(Op.NUM, -operand.value)
            return Expr(Op.UNARY, _UNARY.get(type(node.operator), "?"), (operand,))
        if isinstance(node, cst.BooleanOperation):
            word = "and" if isinstance(node.operator, cst.And) else "or"
            return Expr(Op.BOOLOP, word, (self.convert(node.left, None, d), self.convert(node.right, None, d)))
        if isinstance(node, cst.Comparison):
            parts = [self.convert(node.left, None, d)] + [self.convert(t.comparator, None, d) for t in node.comparisons]
            ops = " ".join(self._module.code_for_node(t.operator).strip() for t in node.comparisons)
            return Expr(Op.COMPARE, ops, tuple(parts))
        if isinstance(node, cst.Subscript):
            return self._subscript(node, mirror if isinstance(mirror, ast.Subscript) else None, d)
        if isinstance(node, cst.IfExp):
            return Expr(
                Op.IFEXP,
                None,
                (
                    self.convert(node.body, getattr(mirror, "body", None), d),
                    self.convert(node.test, getattr(mirror, "test", None), d),
                    self.convert(node.orelse, getattr(mirror, "orelse", None), d),
                ),
            )
        if isinstance(node, cst.Lambda):
            return Expr(Op.LAMBDA, self.source(node))
        if isinstance(node, cst.Yield):
            return self._yield(node, mirror, d)
        if isinstance(node, cst.ListComp | cst.SetComp | cst.GeneratorExp):
            return self._comprehension(node, mirror, d)
        if isinstance(node, cst.NamedExpr):  # `(name := value)` is value; the binding: assignment_expressions
            return self.convert(node.value, getattr(mirror, "value", None), d)
        return Expr(Op.UNKNOWN, self.source(node))

    def _yield(self, node: cst.Yield, mirror: ast.AST | None, d: int) -> Expr:
        """``yield x`` (``yield`` alone yields None) or ``yield from x``."""
        inner = getattr(mirror, "value", None)
        if isinstance(node.value, cst.From):
            return Expr(Op.YIELD, "from", (self.convert(node.value.item, inner, d),))
        operand = self.convert(node.value, inner, d) if node.value is not None else Expr(Op.CONST, None)
        return Expr(Op.YIELD, "yield", (operand,))

    def _comprehension(
        self, node: cst.ListComp | cst.SetComp | cst.GeneratorExp, mirror: ast.AST | None, d: int
    ) -> Expr:
        """The element, then each ``for`` clause's target and iterable; ``if`` (and ``async``) clauses as keywords."""
        generators = list(getattr(mirror, "generators", None) or [])
        parts = [self.convert(node.elt, getattr(mirror, "elt", None), d)]
        conditions: list[tuple[str, Expr]] = []
        clause: cst.CompFor | None = node.for_in
        while clause is not None:
            twin = generators.pop(0) if generators else None
            parts += [self.convert(clause.target, None, d), self.convert(clause.iter, getattr(twin, "iter", None), d)]
            conditions += [("if", self.convert(c.test, None, d)) for c in clause.ifs]
            if clause.asynchronous is not None:
                conditions.append(("async", Expr(Op.CONST, True)))
            clause = clause.inner_for_in
        return Expr(Op.COMP, self.source(node), tuple(parts), tuple(conditions), self.line(node, mirror))

    def _call(self, node: cst.Call, mirror: ast.Call | None, d: int) -> Expr:
        positional: list[Expr] = []
        keywords: list[tuple[str, Expr]] = []
        ast_pos = list(mirror.args) if mirror else []
        ast_kw = list(mirror.keywords) if mirror else []
        for arg in node.args:
            if arg.keyword is not None or arg.star == "**":
                km = ast_kw.pop(0).value if ast_kw else None
                key = arg.keyword.value if arg.keyword is not None else "**"
                keywords.append((key, self.convert(arg.value, km, d)))
            else:
                pm = ast_pos.pop(0) if ast_pos else None
                if arg.star == "*":
                    inner = pm.value if isinstance(pm, ast.Starred) else None
                    positional.append(Expr(Op.STARRED, "*", (self.convert(arg.value, inner, d),)))
                else:
                    positional.append(self.convert(arg.value, pm, d))
        callee = self.convert(node.func, mirror.func if mirror else None, d)
        return Expr(Op.CALL, None, (callee, *positional), tuple(keywords), self.line(node, mirror))

    def _string(self, node: cst.SimpleString | cst.ConcatenatedString, mirror: ast.AST | None, d: int) -> Expr:
        try:
            value = node.evaluated_value
        except Exception:
            value = None
        if isinstance(value, bytes):
            return Expr(Op.BYTES, value.decode("latin-1"))
        if isinstance(value, str):
            return Expr(Op.STR, value)
        if isinstance(node, cst.ConcatenatedString):
            parts: list[Expr] = []
            for side in (node.left, node.right):
                part = self.convert(side, None, d)
                parts.extend(part.args if part.op is Op.FSTRING else (part,))
            return Expr(Op.FSTRING, None, tuple(parts))
        return Expr(Op.UNKNOWN, self.source(node))

    def _fstring(self, node: cst.FormattedString, mirror: ast.JoinedStr | None, d: int) -> Expr:
        mirrors = list(mirror.values) if mirror else []
        literal_only = [m for m in mirrors if isinstance(m, ast.Constant)]
        parts: list[Expr] = []
        for part in node.parts:
            if isinstance(part, cst.FormattedStringText):
                text = literal_only.pop(0).value if literal_only else part.value
                parts.append(Expr(Op.STR, str(text)))
            elif isinstance(part, cst.FormattedStringExpression):
                fm = next((m for m in mirrors if isinstance(m, ast.FormattedValue)), None)
                if fm is not None:
                    mirrors.remove(fm)
                spec = self._module.code_for_node(part.format_spec[0]) if part.format_spec else None
                inner = self.convert(part.expression, fm.value if fm else None, d)
                parts.append(Expr(Op.FORMAT, spec, (inner,)))
        return Expr(Op.FSTRING, None, tuple(parts))

    def _elements(
        self, elements: Sequence[cst.BaseElement], mirrors: list[ast.expr] | None, d: int
    ) -> tuple[Expr, ...]:
        out: list[Expr] = []
        for i, element in enumerate(elements):
            m = mirrors[i] if mirrors is not None and i < len(mirrors) else None
            if isinstance(element, cst.StarredElement):
                inner = m.value if isinstance(m, ast.Starred) else None
                out.append(Expr(Op.STARRED, "*", (self.convert(element.value, inner, d),)))
            else:
                out.append(self.convert(element.value, m, d))
        return tuple(out)

    def _dict(self, node: cst.Dict, mirror: ast.Dict | None, d: int) -> Expr:
        items: list[Expr] = []
        for i, element in enumerate(node.elements):
            km = mirror.keys[i] if mirror and i < len(mirror.keys) else None
            vm = mirror.values[i] if mirror and i < len(mirror.values) else None
            if isinstance(element, cst.StarredDictElement):
                items += [Expr(Op.STARRED, "**", (self.convert(element.value, vm, d),)), Expr(Op.CONST, None)]
            elif isinstance(element, cst.DictElement):
                items += [self.convert(element.key, km, d), self.convert(element.value, vm, d)]
        return Expr(Op.DICT, None, tuple(items))

    def _subscript(self, node: cst.Subscript, mirror: ast.Subscript | None, d: int) -> Expr:
        value = self.convert(node.value, mirror.value if mirror else None, d)
        if mirror is None:
            index_mirrors: list[ast.expr | None] = [None] * len(node.slice)
        elif len(node.slice) > 1 and isinstance(mirror.slice, ast.Tuple):
            index_mirrors = list(mirror.slice.elts)
        else:
            index_mirrors = [mirror.slice]
        indices: list[Expr] = []
        for element, m in zip(node.slice, index_mirrors + [None] * len(node.slice), strict=False):
            if isinstance(element.slice, cst.Index):
                indices.append(self.convert(element.slice.value, m, d))
            else:
                indices.append(Expr(Op.UNKNOWN, self.source(element.slice)))
        return Expr(Op.SUBSCRIPT, None, (value, *indices))


_HEADERS: dict[type[cst.CSTNode], str] = {
    cst.If: "test",
    cst.While: "test",
    cst.For: "iter",
    cst.Expr: "value",
    cst.Assign: "value",
    cst.AnnAssign: "value",
    cst.AugAssign: "value",
    cst.Return: "value",
}
_OWN_SCOPES = (cst.Lambda, cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)


def assignment_expressions(statement: cst.CSTNode) -> list[tuple[str, cst.BaseExpression]]:
    """The ``(name, value)`` of each ``name := value`` a statement's own expression runs, in the order it runs them.

    ``if prefix := os.environ.get("PREFIX"):`` binds ``prefix`` as ``prefix = ...`` just before the
    test would; the summary records them so. Those inside a lambda or a comprehension, which run
    per call or per item, are left out, as are the statement's nested blocks (converted on their own).
    """
    field = _HEADERS.get(type(statement))
    header = getattr(statement, field, None) if field else None
    found: list[tuple[str, cst.BaseExpression]] = []
    if isinstance(header, cst.BaseExpression):
        _collect(header, found)
    return found


def _collect(node: cst.CSTNode, found: list[tuple[str, cst.BaseExpression]]) -> None:
    if isinstance(node, _OWN_SCOPES):
        return
    for child in node.children:
        _collect(child, found)
    if isinstance(node, cst.NamedExpr) and isinstance(node.target, cst.Name):
        found.append((node.target.value, node.value))

"""Types as the code means them: each name of an annotation resolved in the module that wrote it.

A field typed ``Optional[ConsoleType]`` means the ``ConsoleType`` its module imports, not any
class of that name (a tree may define four), and ``Optional[NonNegativeInteger]`` means what the
alias ``NonNegativeInteger = Annotated[int, Field(ge=0)]`` stands for. The annotation text stays
as written, for pages; :class:`TypeNames` gives ``resolved_type``, the same annotation with each
name replaced by what it is: an analysed class by its dotted name (a model's catalog id), an
imported third-party name by its dotted name (``datetime.datetime``), a type alias by its own
resolved value. Schemas are built from it (:mod:`docgen.render.type_schema`).

Names that are not found are left as written; aliases nest at most :data:`MAX_ALIAS_DEPTH` deep.
"""

from __future__ import annotations

import ast
from dataclasses import replace
from typing import TypeVar

from docgen.link.evaluate import Evaluator
from docgen.link.program import Program, Scope
from docgen.link.unparse import unparse, unparse_whole
from docgen.link.values import DefRef, External
from docgen.model import Framework, Model, ModelField, ModelKind, Param, Response, Route
from docgen.model.facts import Expr, Op

MAX_ALIAS_DEPTH = 6
MAX_TYPE_CHARS = 4000
"""The longest annotation read (a type alias of a union of a few dozen classes, resolved, fits)."""
_ALIAS_VALUES = (ast.Subscript, ast.BinOp, ast.Name, ast.Attribute, ast.Call)
"""What a module-level assignment's value may be to be read as a type alias."""
_ALIAS_OPS = frozenset({Op.SUBSCRIPT, Op.BINOP, Op.NAME, Op.ATTR, Op.CALL})
"""The expressions an alias is followed to (a call: ``NewType("Name", int)``)."""
SCALARS = frozenset(
    {
        "builtins.str",
        "builtins.int",
        "builtins.float",
        "builtins.bool",
        "builtins.bytes",
        "datetime.datetime",
        "datetime.date",
        "datetime.time",
        "datetime.timedelta",
        "decimal.Decimal",
        "uuid.UUID",
        "pathlib.Path",
    }
)
"""Types whose subclasses validate and serialise as they do."""
ANNOTATED_MODELS = frozenset(
    {
        ModelKind.PYDANTIC,
        ModelKind.PYDANTIC_SETTINGS,
        ModelKind.SQLMODEL,
        ModelKind.SQLALCHEMY,
        ModelKind.DATACLASS,
        ModelKind.ATTRS,
        ModelKind.TYPEDDICT,
        ModelKind.NAMEDTUPLE,
        ModelKind.MSGSPEC,
        ModelKind.BEANIE,
        ModelKind.ODMANTIC,
        ModelKind.STRAWBERRY,
    }
)
"""Model kinds whose field types are Python annotations (not a library's own field names)."""
ANNOTATED_ROUTES = frozenset({Framework.FASTAPI, Framework.STARLETTE, Framework("litestar"), Framework.NINJA})
"""Frameworks whose parameter and response types are the handler's annotations."""
_OPAQUE = {"Literal"}
"""Subscripts whose arguments are values, not types."""
_METADATA = {"Annotated"}
"""Subscripts whose arguments after the first are metadata, not types."""

_Typed = TypeVar("_Typed", ModelField, Param, Response)
_Resolution = str | ast.expr | None
"""A dotted name, an alias's resolved expression, or None (left as written)."""


class TypeNames:
    """Resolves the names of annotations, module by module (memoised per module and name)."""

    def __init__(self, program: Program, evaluator: Evaluator, models: frozenset[str] = frozenset()) -> None:
        self.program = program
        self.evaluator = evaluator
        self.models = models
        self._memo: dict[tuple[str, str], _Resolution] = {}
        self._modules = {f.path: module for module, f in program.modules.items()}

    def resolved(self, text: str, module: str | None) -> str | None:
        """``text`` with its names resolved in ``module``; None when that changes nothing (or cannot be read)."""
        tree = _parse(text)
        if tree is None or module is None or not self.program.has_module(module):
            return None
        done = ast.unparse(self._expr(tree, module, 0))
        return done if done != ast.unparse(tree) else None

    def module_of(self, path: str | None, fallback: str | None) -> str | None:
        """The analysed module of file ``path``, else ``fallback``."""
        return self._modules.get(path or "", fallback)

    # --- models and routes ---------------------------------------------------------------------

    def model(self, model: Model) -> Model:
        """``model`` with ``resolved_type`` set on the fields whose types it changes (annotated kinds only)."""
        if model.kind not in ANNOTATED_MODELS:
            return model
        fields = tuple(self._field(f, model.module) for f in model.fields)
        return model if fields == model.fields else replace(model, fields=fields)

    def route(self, route: Route, module: str | None) -> Route:
        """``route`` with ``resolved_type`` set on its parameters, body fields and responses (read in ``module``).

        Only types that are annotations count: those of frameworks reading handler signatures,
        and a response type another framework named a model by (a Flask-RESTX ``Todo`` is the
        name of a RESTX model, not of a Python class).
        """
        annotated = route.framework in ANNOTATED_ROUTES
        params, body = route.params, route.request_body
        if annotated:
            params = tuple(self._typed(p, module) for p in route.params)
            if body is not None and body.fields:
                body = replace(body, fields=tuple(self._typed(p, module) for p in body.fields))
        responses = tuple(self._typed(r, module) if annotated or r.model else r for r in route.responses)
        if params == route.params and body == route.request_body and responses == route.responses:
            return route
        return replace(route, params=params, request_body=body, responses=responses)

    def _field(self, field: ModelField, module: str) -> ModelField:
        if field.resolved_type is not None:  # resolved by its extractor (a generic's field in a subclass)
            return field
        return self._typed(field, self.module_of(field.location.path if field.location else None, module))

    def _typed(self, record: _Typed, module: str | None) -> _Typed:
        """``record`` (a field, parameter or response) with ``resolved_type`` set when resolving changes its type."""
        resolved = self.resolved(record.type, module) if record.type else None
        return replace(record, resolved_type=resolved) if resolved else record

    # --- names ---------------------------------------------------------------------------------

    def _value_name(self, value: object, written: str) -> str | None:
        """The dotted name of an analysed class, or of a third-party object imported under another name.

        An analysed class that is no model but a subclass of a scalar type (``class DateTime(datetime)``)
        is that type, as validation libraries read it. None for other values, and for a third-party
        name its last part already says (``datetime``, ``Optional``): schemas map those by that part.
        """
        if isinstance(value, DefRef) and value.is_class:
            if value.dotted not in self.models:
                scalar = next((c.dotted for c in self.evaluator.mro(value) if c.dotted in SCALARS), None)
                return scalar or value.dotted
            return value.dotted
        if isinstance(value, External) and value.dotted.rsplit(".", 1)[-1] != written.rsplit(".", 1)[-1]:
            return value.dotted
        return None

    def _expr(self, node: ast.expr, module: str, depth: int) -> ast.expr:
        if isinstance(node, ast.Name | ast.Attribute):
            found = self._dotted(node, module, depth)
            if isinstance(found, str):
                parsed = _parse(found)
                return parsed if parsed is not None else node
            return found if found is not None else node
        if isinstance(node, ast.Constant) and isinstance(node.value, str):  # a forward reference
            inner = _parse(node.value)
            return self._expr(inner, module, depth) if inner is not None else node
        if isinstance(node, ast.Subscript):
            base = self._expr(node.value, module, depth)
            short = (_dotted_text(node.value) or "").rsplit(".", 1)[-1]
            if short in _OPAQUE:
                return ast.Subscript(value=base, slice=node.slice, ctx=ast.Load())
            items = list(node.slice.elts) if isinstance(node.slice, ast.Tuple) else [node.slice]
            kept = 1 if short in _METADATA else len(items)
            items = [self._expr(i, module, depth) for i in items[:kept]] + items[kept:]
            index = ast.Tuple(elts=items, ctx=ast.Load()) if isinstance(node.slice, ast.Tuple) else items[0]
            return ast.Subscript(value=base, slice=index, ctx=ast.Load())
        if isinstance(node, ast.BinOp):
            left, right = self._expr(node.left, module, depth), self._expr(node.right, module, depth)
            return ast.BinOp(left=left, op=node.op, right=right)
        if isinstance(node, ast.List | ast.Tuple):  # Callable[[A, B], C]
            return type(node)(elts=[self._expr(e, module, depth) for e in node.elts], ctx=ast.Load())
        return node

    def _dotted(self, node: ast.Name | ast.Attribute, module: str, depth: int) -> _Resolution:
        text = _dotted_text(node)
        if text is None:
            return None
        owner, _, last = text.rpartition(".")
        if not owner:
            return self._name(module, last, depth)
        expr, scope = dotted_expr(text), self.program.module_scope(module)
        value = self.evaluator.eval(expr, scope)
        found = self._value_name(value, text)
        if found is not None or isinstance(value, External):
            return found
        return self._alias(expr, scope, depth)  # `types.PositiveInt`: an alias in an imported module

    def _name(self, module: str, name: str, depth: int) -> _Resolution:
        key = (module, name)
        if key not in self._memo:
            self._memo[key] = None  # guards a self-referential alias
            self._memo[key] = self._lookup(module, name, depth)
        return self._memo[key]

    def _lookup(self, module: str, name: str, depth: int) -> _Resolution:
        expr, scope = Expr(Op.NAME, name), self.program.module_scope(module)
        value = self.evaluator.eval(expr, scope)
        found = self._value_name(value, name)
        if found is not None or isinstance(value, External):
            return found
        return self._alias(expr, scope, depth)

    def _alias(self, expr: Expr, scope: Scope, depth: int) -> _Resolution:
        """What a type alias the name ``expr`` is bound to stands for, resolved where the alias is written.

        The evaluator follows the name (through imports and modules) to its assignment
        (:meth:`~docgen.link.bindings.BindingEvaluator.alias_expr`); None when it leads to none.
        """
        if depth >= MAX_ALIAS_DEPTH:
            return None
        value, where = self.evaluator.alias_expr(expr, scope, ops=_ALIAS_OPS)
        if value is expr:
            return None
        written = _alias_value(value)
        alias = _parse(written) if written else None
        return self._expr(alias, where.module, depth + 1) if isinstance(alias, _ALIAS_VALUES) else None


def _alias_value(expr: Expr) -> str | None:
    """The type an alias's value gives: itself, ``NewType("Name", int)``'s second argument, or a call.

    A call counts when it makes a pydantic constrained type (``conint(gt=0)``), which schemas read
    by its function.
    """
    callee = unparse(expr.args[0]).rsplit(".", 1)[-1] if expr.op is Op.CALL else ""
    if callee == "NewType" and len(expr.positional) == 2:
        return unparse_whole(expr.positional[1], MAX_TYPE_CHARS)
    if expr.op is Op.CALL and callee not in CONSTRAINED_TYPES:
        return None
    return unparse_whole(expr, MAX_TYPE_CHARS)


CONSTRAINED_TYPES = frozenset(
    {"conint", "confloat", "condecimal", "constr", "conbytes", "conlist", "conset", "confrozenset", "condate"}
)
"""Pydantic's functions making a constrained type, which an alias may be bound to."""


def dotted_expr(dotted: str) -> Expr:
    """``a.b.c`` as the facts write it: a name and its attribute chain."""
    head, *rest = dotted.split(".")
    expr = Expr(Op.NAME, head)
    for part in rest:
        expr = Expr(Op.ATTR, part, (expr,))
    return expr


def _dotted_text(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _dotted_text(node.value)
        return f"{base}.{node.attr}" if base else None
    return None


def _parse(text: str) -> ast.expr | None:
    if not text or len(text) > MAX_TYPE_CHARS or "…" in text:
        return None
    try:
        return ast.parse(text, mode="eval").body
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None

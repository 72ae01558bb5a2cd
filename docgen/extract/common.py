"""Helpers shared by extractors: handler lookup, type display, model references, secret masking."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus

from docgen.extract.base import LinkContext
from docgen.link.evaluate import Const, DefRef, External, Instance, Seq, Value
from docgen.link.program import Scope
from docgen.link.unparse import unparse
from docgen.model import Location, Model, ModelKind, Param, ParamLocation
from docgen.model.facts import ClassDef, Expr, FunctionDef, Op
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
VALIDATION_CONSTRAINTS = (
    "gt", "ge", "lt", "le", "min_length", "max_length", "pattern", "regex", "multiple_of", "max_digits",
    "decimal_places", "min_items", "max_items",
)  # fmt: skip
"""Keyword arguments of pydantic's Field and FastAPI's Query/Path/Body... that constrain a value."""


@dataclass(frozen=True, slots=True)
class Handler:
    """A function found by evaluating a handler reference.

    Attributes:
        dotted: ``module.qualname``.
        definition: Its definition.
        scope: The scope it is defined in.
    """

    dotted: str
    definition: FunctionDef
    scope: Scope


def find_handler(context: LinkContext, value: Value) -> Handler | None:
    """The analysed function a value refers to, if any."""
    if not isinstance(value, DefRef) or value.is_class:
        return None
    definition = context.program.definition(value.dotted)
    scope = context.program.defining_scope(value.dotted)
    if isinstance(definition, FunctionDef) and scope is not None:
        return Handler(value.dotted, definition, scope)
    return None


def from_outside(value: Value | None) -> bool:
    """Whether a value comes from code docgen did not read (an imported name, or a call of one)."""
    return isinstance(value, External) or (isinstance(value, Instance) and isinstance(value.cls, External))


def handler_at(context: LinkContext, scope: Scope, definition: FunctionDef) -> Handler:
    """The Handler for a definition met while walking ``scope``."""
    return Handler(f"{scope.module}.{definition.qualname}", definition, scope)


def class_def(context: LinkContext, ref: DefRef) -> ClassDef | None:
    """The definition of an analysed class."""
    definition = context.program.definition(ref.dotted)
    return definition if isinstance(definition, ClassDef) else None


def strings(value: Value) -> tuple[str, ...]:
    """The string items of a list/tuple value (or a lone string)."""
    if isinstance(value, Const) and isinstance(value.value, str):
        return (value.value,)
    if isinstance(value, Seq):
        return tuple(str(v.value) for v in value.items if isinstance(v, Const) and isinstance(v.value, str))
    return ()


def model_ref(context: LinkContext, annotation: Expr | None, scope: Scope) -> str | None:
    """The id of the first known model named in a type annotation (``list[Item] | None`` → Item)."""
    if annotation is None:
        return None
    stack = [annotation]
    while stack:
        expr = stack.pop(0)
        if expr.op in (Op.NAME, Op.ATTR):
            value = context.evaluator.eval(expr, scope)
            if isinstance(value, DefRef) and value.dotted in context.models:
                return value.dotted
        elif expr.op is Op.STR and isinstance(expr.value, str):
            name = expr.value.strip().split("[")[0]
            named = context.evaluator.lookup(scope, name) if name.isidentifier() else None
            if isinstance(named, DefRef) and named.dotted in context.models:
                return named.dotted
        elif expr.op in (Op.SUBSCRIPT, Op.BINOP, Op.TUPLE, Op.LIST):
            stack.extend(expr.args[1:] if expr.op is Op.SUBSCRIPT else expr.args)
    return None


FIELD_MODELS = frozenset(
    {ModelKind.PYDANTIC, ModelKind.SQLMODEL, ModelKind.DATACLASS, ModelKind.ATTRS, ModelKind.MSGSPEC}
)
"""Model kinds whose fields a framework can read parameters from (not enums, not ORM tables)."""


def params_model(
    context: LinkContext, annotation: Expr | None, scope: Scope, kinds: frozenset[ModelKind] = FIELD_MODELS
) -> Model | None:
    """The model a parameter-model annotation names: the class itself (``Filters``), not ``Filters | None``."""
    if annotation is None or annotation.op not in (Op.NAME, Op.ATTR):
        return None
    found = context.models.get(model_ref(context, annotation, scope) or "")
    return found if found is not None and found.kind in kinds else None


_STATUS_NAME = re.compile(r"HTTP_(\d{3})")


def status_code(context: LinkContext, expr: Expr | None, scope: Scope) -> str | None:
    """A status code as text: ``201``, ``status.HTTP_201_CREATED``, ``HTTPStatus.CREATED``; None if unknown."""
    if expr is None:
        return None
    value = context.evaluator.eval(expr, scope)
    if isinstance(value, Const) and isinstance(value.value, int | str):
        return str(value.value)
    if isinstance(value, External) and value.dotted.startswith("http.HTTPStatus."):
        member = short_name(value.dotted)
        return str(HTTPStatus[member].value) if member in HTTPStatus.__members__ else None
    match = _STATUS_NAME.search(value.dotted if isinstance(value, External) else unparse(expr))
    return match.group(1) if match else None


def field_params(model: Model, location: ParamLocation, *, dashed: bool = False) -> list[Param]:
    """One parameter per field of a parameter model; ``dashed`` turns ``x_token`` into ``x-token`` (headers)."""
    return [
        Param(
            f.alias or (f.name.replace("_", "-") if dashed else f.name),
            location,
            f.type,
            f.required,
            None if f.required else f.default,
            f.description,
            dict(f.constraints),
        )
        for f in model.fields
    ]


def external_name(context: LinkContext, expr: Expr, scope: Scope) -> str | None:
    """The dotted name of an external thing ``expr`` refers to (``fastapi.Query``)."""
    value = context.evaluator.eval(expr, scope)
    return value.dotted if isinstance(value, External) else None


def callee_name(context: LinkContext, call: Expr, scope: Scope) -> str | None:
    """The dotted name of what a call calls, when it is external or analysed."""
    if call.op is not Op.CALL:
        return None
    value = context.evaluator.eval(call.args[0], scope)
    if isinstance(value, External | DefRef):
        return value.dotted
    return None


def short_name(dotted: str) -> str:
    """The last component of a dotted name."""
    return dotted.rpartition(".")[2]


def masked_default(context: LinkContext, name: str, default: Expr | None, where: Location) -> str | None:
    """A default's source text, masked (with a DG401 warning) when it looks like a secret."""
    if default is None:
        return None
    text, masked = redact_source(name, default)
    if masked:
        context.warn("DG401", f"possible secret in the default of '{name}' redacted", where)
    return text


def secret_warning(context: LinkContext, where: Location) -> Callable[[str], None]:
    """A callback for :func:`signature` that warns DG401 once per parameter and place."""

    def warn(name: str) -> None:
        message = f"possible secret in the default of '{name}' redacted"
        seen = context.reporter.diagnostics
        if not any(d.code == "DG401" and d.location == where and d.message == message for d in seen):
            context.warn("DG401", message, where)

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


def _is_secret(name: str, value: str, formatted: bool = False) -> bool:
    """Whether a string literal under ``name`` (a parameter, field, dict key or keyword) is a secret."""
    if has_token(value):
        return True
    if not value.strip() or repr(value) in _NOT_SECRET or is_prose(value) or _names_itself(name, repr(value)):
        return False
    if _SECRET_NAME.search(name):
        return True
    return not formatted and bool(_WEAK_SECRET_NAME.search(name)) and high_entropy(value)


STARLETTE_PATH_PARAM = re.compile(r"{([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?}")
"""A Starlette/FastAPI path parameter, ``{name}`` or ``{name:convertor}``."""


def openapi_path(path: str) -> str:
    """``/items/{id:uuid}`` → ``/items/{id}``: convertors dropped, as OpenAPI and the catalog write paths."""
    return STARLETTE_PATH_PARAM.sub(r"{\1}", path)


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

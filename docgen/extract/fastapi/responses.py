"""What a FastAPI route responds: its status, response model and extra ``responses=``."""

from __future__ import annotations

from collections.abc import Sequence

from docgen.extract._shared.common import Handler, model_ref, status_code
from docgen.extract.fastapi.params import NOT_PARAMS, type_name
from docgen.link.contract import LinkContext
from docgen.link.evaluate import Const, DefRef, External
from docgen.link.program import Scope, returns_of
from docgen.link.unparse import unparse
from docgen.model import HttpMethod, Response
from docgen.model.facts import Expr, Op


def route_responses(
    context: LinkContext,
    handler: Handler | None,
    options: tuple[tuple[str, Expr], ...],
    scope: Scope,
    methods: tuple[HttpMethod, ...],
    inherited: Sequence[tuple[Expr, Scope]] = (),
) -> tuple[Response, ...]:
    """The responses of a route registered with ``options``, its handler's return type as the default.

    Args:
        context: The link context.
        handler: The route's handler, when it is analysed.
        options: The registration's keyword arguments (``status_code=``, ``response_model=``, ``responses=``).
        scope: The scope the registration is evaluated in.
        methods: The route's methods; a websocket route has no responses.
        inherited: The ``responses=`` of the app, routers and inclusions above the route, from
            the top down, each with its scope: FastAPI merges them, the nearer one winning a status.

    Returns:
        The responses, sorted by status.
    """
    if HttpMethod.WEBSOCKET in methods:
        return ()
    status = status_code(context, _option(options, "status_code"), scope) or "200"
    model_expr = _option(options, "response_model")
    if model_expr is None and handler is not None:
        model_expr = handler.definition.returns
        handler_scope = handler.scope
        if model_expr is not None and (
            type_name(model_expr) in NOT_PARAMS | {"None", "Response"}
            or _response_class(context, model_expr, handler_scope)
        ):
            model_expr = None  # FastAPI infers no response model from a Response class
    else:
        handler_scope = scope
    if model_expr is not None and model_expr.op is Op.CONST and model_expr.value is None:
        model_expr = None
    written = unparse(model_expr) if model_expr is not None else ""
    if not written and status not in _NO_BODY and _json_class(context, _option(options, "response_class"), scope):
        written = "Any"  # FastAPI documents a JSON response of any shape
    out = [
        Response(
            status=status,
            type=written,
            model=model_ref(context, model_expr, handler_scope),
            description="Successful Response",
        )
    ]
    by_status: dict[str, Response] = {}
    for expr, where in (*inherited, (_option(options, "responses"), scope)):
        by_status |= {r.status: r for r in _declared(context, expr, where) if r.status != status}
    out += by_status.values()
    return tuple(sorted(out, key=lambda r: r.status))


def with_validation_error(responses: tuple[Response, ...], takes_input: bool) -> tuple[Response, ...]:
    """Add the 422 FastAPI answers when a route's parameters or body fail validation.

    As FastAPI does: only for a route with a parameter or a body, and not when ``responses=``
    already documents ``422``, ``4XX`` or ``default``.
    """
    if not takes_input or not responses or any(r.status in _VALIDATION_SLOTS for r in responses):
        return responses
    error = Response(status="422", type=VALIDATION_ERROR, description="Validation Error")
    return tuple(sorted((*responses, error), key=lambda r: r.status))


VALIDATION_ERROR = "HTTPValidationError"
"""The body of FastAPI's 422 response, by the name of its schema in FastAPI's document."""
_VALIDATION_SLOTS = frozenset({"422", "4XX", "default"})
_NO_BODY = frozenset({"204", "304"})


def _declared(context: LinkContext, extra: Expr | None, scope: Scope) -> list[Response]:
    """The responses a ``responses=`` dict (or a name bound to one) declares: ``{404: {"model": M}}``."""
    found = _dict_literal(context, extra, scope) if extra is not None else None
    if found is None:
        return []
    extra, scope = found
    out = []
    for key, value in zip(extra.args[::2], extra.args[1::2], strict=False):
        code = status_code(context, key, scope)
        if not code:
            continue
        entry, where = _dict_literal(context, value, scope) or (value, scope)
        model = _dict_item(entry, "model")
        description = _dict_item(entry, "description")
        out.append(
            Response(
                status=code,
                type=unparse(model) if model is not None else "",
                model=model_ref(context, model, where),
                description=_text(context, description, where),
            )
        )
    return out


def _text(context: LinkContext, expr: Expr | None, scope: Scope) -> str:
    """The string ``expr`` is (a literal, or a name or parameter bound to one); empty when unknown."""
    if expr is None:
        return ""
    if expr.op is Op.STR:
        return str(expr.value)
    value = context.evaluator.eval(expr, scope)
    return value.value if isinstance(value, Const) and isinstance(value.value, str) else ""


def _dict_literal(context: LinkContext, expr: Expr, scope: Scope, depth: int = 0) -> tuple[Expr, Scope] | None:
    """The dict literal ``expr`` stands for, with the scope it is written in, or None.

    Followed: a name bound to one (here or imported), and a call of an analysed function that
    returns one (``responses=common_responses()``), its parameters bound to the call's arguments.
    """
    expr, scope = context.evaluator.alias_expr(expr, scope, ops=frozenset({Op.DICT, Op.CALL}))
    if expr.op is Op.DICT:
        return expr, scope
    if expr.op is not Op.CALL or depth >= _MAX_CALLS:
        return None
    callee = context.evaluator.eval(expr.args[0], scope)
    if not isinstance(callee, DefRef) or callee.is_class:
        return None
    body = context.evaluator.call_scope_for(callee.dotted, expr, scope) or context.program.body_scope(callee.dotted)
    returned = next((r.value for r in returns_of(body.statements) if r.value is not None), None) if body else None
    return _dict_literal(context, returned, body, depth + 1) if returned is not None and body is not None else None


_MAX_CALLS = 4
"""How many nested calls are followed to the dict a ``responses=`` value returns."""
_JSON_CLASSES = frozenset({"JSONResponse", "ORJSONResponse", "UJSONResponse"})


def _response_class(context: LinkContext, expr: Expr, scope: Scope) -> bool:
    """Whether an annotation names one of FastAPI's or Starlette's response classes (``FileResponse``)."""
    value = context.evaluator.eval(expr, scope) if expr.op in (Op.NAME, Op.ATTR) else None
    dotted = value.dotted if isinstance(value, External) else ""
    return dotted.startswith(("fastapi.", "starlette.")) and dotted.endswith("Response")


def _json_class(context: LinkContext, expr: Expr | None, scope: Scope) -> bool:
    """Whether ``response_class=`` is FastAPI's default JSON response (or one of its JSON kin)."""
    if expr is None:
        return True
    value = context.evaluator.eval(expr, scope)
    dotted = getattr(value, "dotted", "") or unparse(expr)
    return dotted.rsplit(".", 1)[-1] in _JSON_CLASSES


def _dict_item(expr: Expr, key: str) -> Expr | None:
    if expr.op is not Op.DICT:
        return None
    return next((v for k, v in zip(expr.args[::2], expr.args[1::2], strict=False) if k.value == key), None)


def _option(options: tuple[tuple[str, Expr], ...], name: str) -> Expr | None:
    return next((v for k, v in options if k == name), None)

"""What quart-schema's decorators say about a Quart route: its request body and its response models.

``@validate_request(Model, source=DataSource.FORM)`` / ``@document_request(...)`` give the body
(``source`` picks the media type) and each ``@validate_response(Model, status_code)`` /
``@document_response(...)`` one response (200 when no status is given), and
``@validate_querystring(Model)`` / ``@document_querystring(...)`` one query parameter per field of
the model. Headers (``validate_headers``) and the combined ``validate``/``document`` decorators
are not read.
"""

from __future__ import annotations

from dataclasses import dataclass

from docgen.extract._shared.common import field_params, model_ref, params_model, short_name, status_code
from docgen.link.contract import LinkContext
from docgen.link.evaluate import External
from docgen.link.program import Scope
from docgen.link.unparse import unparse
from docgen.model import Body, Param, ParamLocation, Response
from docgen.model.facts import Expr, Op

_REQUEST = frozenset({"validate_request", "document_request"})
_RESPONSE = frozenset({"validate_response", "document_response"})
_QUERYSTRING = frozenset({"validate_querystring", "document_querystring"})
_MEDIA_TYPES = {
    "JSON": "application/json",
    "FORM": "application/x-www-form-urlencoded",
    "FORM_MULTIPART": "multipart/form-data",
}
"""``quart_schema.DataSource`` members → the media type the body is read from."""


@dataclass(frozen=True, slots=True)
class SchemaDocs:
    """The request body and responses quart-schema decorators declare on one handler.

    Attributes:
        request_body: From ``validate_request``/``document_request``, if any.
        responses: From ``validate_response``/``document_response``, by status.
        params: Query parameters from ``validate_querystring``/``document_querystring``.
    """

    request_body: Body | None = None
    responses: tuple[Response, ...] = ()
    params: tuple[Param, ...] = ()


def schema_docs(context: LinkContext, decorators: tuple[Expr, ...], scope: Scope) -> SchemaDocs:
    """What the quart-schema decorators among ``decorators`` (evaluated in ``scope``) declare."""
    body = None
    responses: dict[str, Response] = {}
    params: list[Param] = []
    for deco in decorators:
        kind = _quart_schema_call(context, deco, scope)
        if kind is None or not deco.positional:
            continue
        model = deco.positional[0]
        if kind in _REQUEST:
            body = Body(
                type=unparse(model),
                model=model_ref(context, model, scope),
                media_type=_media_type(context, deco, scope),
            )
        elif kind in _QUERYSTRING:
            found = params_model(context, model, scope)
            params += field_params(found, ParamLocation.QUERY) if found else []
        else:
            code = deco.positional[1] if len(deco.positional) > 1 else deco.kwarg("status_code")
            status = "200" if code is None else status_code(context, code, scope) or unparse(code)
            responses.setdefault(
                status, Response(status=status, type=unparse(model), model=model_ref(context, model, scope))
            )
    return SchemaDocs(body, tuple(sorted(responses.values(), key=lambda r: r.status)), tuple(params))


def _quart_schema_call(context: LinkContext, deco: Expr, scope: Scope) -> str | None:
    """``validate_request`` etc. when ``deco`` calls that quart-schema decorator factory."""
    if deco.op is not Op.CALL:
        return None
    callee = context.evaluator.eval(deco.args[0], scope)
    if not isinstance(callee, External) or callee.dotted.partition(".")[0] != "quart_schema":
        return None
    name = short_name(callee.dotted)
    return name if name in _REQUEST | _RESPONSE | _QUERYSTRING else None


def _media_type(context: LinkContext, deco: Expr, scope: Scope) -> str:
    source = deco.kwarg("source")
    value = context.evaluator.eval(source, scope) if source is not None else None
    member = short_name(value.dotted) if isinstance(value, External) else "JSON"
    return _MEDIA_TYPES.get(member, "application/json")

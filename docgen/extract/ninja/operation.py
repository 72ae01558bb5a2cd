"""What django-ninja's OpenAPI document says of an operation besides its parameters.

Responses, security schemes and the operation id:

* ``response=`` is a type (the 200 response), or a dict from status to type; without it ninja
  documents a 200 response with no content. Each status is described by its HTTP phrase.
* An ``auth=`` object whose class derives from ninja's ``HttpBearer``, ``HttpBasicAuth`` or
  ``APIKeyHeader`` / ``APIKeyQuery`` / ``APIKeyCookie`` is a security scheme named after its class
  (``auth.__class__.__name__``); an API key's parameter is its class's ``param_name`` (``key``).
  A plain function (``django_auth``, a callable) declares no scheme.
* The operation id is ``operation_id=``, else ``<module>_<function>`` with dots as underscores.
"""

from __future__ import annotations

from http import HTTPStatus

from docgen.extract._shared.common import const_at, model_ref, status_code
from docgen.link.contract import LinkContext
from docgen.link.evaluate import Const, DefRef, Instance
from docgen.link.program import Scope
from docgen.link.unparse import unparse
from docgen.model import Response
from docgen.model.facts import Expr, Op
from docgen.model.security import SecurityScheme

_KEY_LOCATIONS = (("APIKeyHeader", "header"), ("APIKeyQuery", "query"), ("APIKeyCookie", "cookie"))


def responses(context: LinkContext, expr: Expr | None, scope: Scope) -> tuple[Response, ...]:
    """The responses ``response=`` documents (``None``: ninja's 200 without content)."""
    if expr is None:
        return (Response(status="200", description=_phrase("200")),)
    if expr.op is Op.DICT:
        out = []
        for key, value in zip(expr.args[::2], expr.args[1::2], strict=False):
            code = status_code(context, key, scope)
            if code is not None and code.isdigit():
                out.append(_response(context, code, value, scope))
        return tuple(sorted(out, key=lambda r: r.status))
    return (_response(context, "200", expr, scope),)


def _response(context: LinkContext, status: str, expr: Expr, scope: Scope) -> Response:
    if expr.op is Op.CONST and expr.value is None:
        return Response(status=status, description=_phrase(status))
    return Response(
        status=status, type=unparse(expr), model=model_ref(context, expr, scope), description=_phrase(status)
    )


def _phrase(status: str) -> str:
    try:
        return HTTPStatus(int(status)).phrase
    except ValueError:
        return "Unknown Status Code"


def security_scheme(context: LinkContext, item: Instance) -> SecurityScheme | None:
    """The OpenAPI security scheme an ``auth=`` object declares, None when it declares none."""
    lineage = context.evaluator.lineage(item.cls)
    name = item.cls.dotted.rsplit(".", 1)[-1]
    if any(n.endswith(".HttpBearer") for n in lineage):
        return SecurityScheme(name=name, type="http", scheme="bearer")
    if any(n.endswith(".HttpBasicAuth") for n in lineage):
        return SecurityScheme(name=name, type="http", scheme="basic")
    for marker, location in _KEY_LOCATIONS:
        if any(n.endswith(f".{marker}") for n in lineage):
            value = context.evaluator.class_attribute(item.cls, "param_name") if isinstance(item.cls, DefRef) else None
            parameter = value.value if isinstance(value, Const) and isinstance(value.value, str) else "key"
            return SecurityScheme(name=name, type="apiKey", location=location, parameter=parameter)
    return None


def operation_id(context: LinkContext, expr: Expr | None, scope: Scope, handler: str | None) -> str | None:
    """``operation_id=``, else ninja's ``<module>_<function>`` (dots as underscores)."""
    given = const_at(context, expr, scope) if expr is not None else None
    if isinstance(given, str) and given:
        return given
    return handler.replace(".", "_") if handler else None

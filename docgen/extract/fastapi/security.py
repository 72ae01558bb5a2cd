"""FastAPI's security dependencies (``OAuth2PasswordBearer(tokenUrl=...)``, ``HTTPBearer()``, ``APIKeyHeader(name=)``).

An instance of one of ``fastapi.security``'s classes (or of a user subclass) used as a dependency
is an auth requirement of the route and an OpenAPI security scheme, as FastAPI's own document
gives it: named ``scheme_name=`` or the instance's class name, typed by the class
(``OAuth2PasswordBearer``: the ``password`` flow with its ``tokenUrl``; ``HTTPBearer``: ``http``
``bearer``; ``APIKeyHeader(name="X-Key")``: ``apiKey`` in a header named ``X-Key``...).
"""

from __future__ import annotations

from docgen.extract._shared.common import const_str, short_name
from docgen.link.contract import LinkContext
from docgen.link.evaluate import DefRef, External, Instance
from docgen.link.program import Scope
from docgen.model import SecurityScheme
from docgen.model.facts import Expr, Op

KINDS = {
    "OAuth2PasswordBearer": "oauth2",
    "OAuth2AuthorizationCodeBearer": "oauth2",
    "OAuth2": "oauth2",
    "OpenIdConnect": "openid_connect",
    "APIKeyHeader": "api_key",
    "APIKeyQuery": "api_key",
    "APIKeyCookie": "api_key",
    "HTTPBearer": "http_bearer",
    "HTTPBasic": "http_basic",
    "HTTPDigest": "http_digest",
}
"""FastAPI's security classes → the auth kind docgen gives them."""


def security_of(context: LinkContext, expr: Expr, scope: Scope) -> tuple[str, SecurityScheme | None] | None:
    """``(kind, scheme)`` when ``expr`` is an instance of a FastAPI security class, else None."""
    value = context.evaluator.eval(expr, scope)
    if not isinstance(value, Instance):
        return None
    for name in context.evaluator.lineage(value.cls):
        base = short_name(name)
        if name.startswith(("fastapi.security", "fastapi.openapi")) or (base in KINDS and name.startswith("fastapi")):
            return KINDS.get(base, "security"), _scheme(context, value, base)
    return None


def _scheme(context: LinkContext, instance: Instance, base: str) -> SecurityScheme | None:
    """The scheme an instance of ``base`` (a FastAPI security class, or its subclass) declares."""
    where = context.call_scope(instance)
    call = instance.call

    def option(keyword: str, index: int | None = None) -> str:
        expr = call.kwarg(keyword)
        if expr is None and index is not None and len(call.positional) > index:
            expr = call.positional[index]
        return (const_str(context.evaluator.eval(expr, where)) or "") if expr is not None else ""

    cls = instance.cls
    own = cls.dotted if isinstance(cls, DefRef | External) else base
    name = option("scheme_name") or short_name(own)
    if base == "OAuth2PasswordBearer":
        return SecurityScheme(name=name, type="oauth2", flow="password", token_url=option("tokenUrl", 0))
    if base == "OAuth2AuthorizationCodeBearer":
        return SecurityScheme(
            name=name,
            type="oauth2",
            flow="authorizationCode",
            authorization_url=option("authorizationUrl", 0),
            token_url=option("tokenUrl", 1),
        )
    if base.startswith("APIKey"):
        location = base.removeprefix("APIKey").lower()
        return SecurityScheme(name=name, type="apiKey", location=location, parameter=option("name", 0))
    if base in ("HTTPBearer", "HTTPBasic", "HTTPDigest"):
        return SecurityScheme(name=name, type="http", scheme=base.removeprefix("HTTP").lower())
    if base == "OpenIdConnect":
        return SecurityScheme(name=name, type="openIdConnect", openid_url=option("openIdConnectUrl", 0))
    return _declared(context, instance, name)


def _declared(context: LinkContext, instance: Instance, name: str) -> SecurityScheme | None:
    """The scheme a user class on ``SecurityBase`` declares in ``__init__`` as ``self.model = ...``.

    FastAPI publishes a security dependency's ``model``: ``OAuth2Model(flows=OAuthFlowsModel(
    password={"tokenUrl": ...}))`` or ``HTTPBase(scheme=...)``, read with ``__init__``'s
    parameters bound to the instance's constructor call, under the ``self.scheme_name`` it sets.
    """
    name = const_str(context.evaluator.attribute(instance, "scheme_name", instance.call)) or name
    model = context.evaluator.attribute(instance, "model", instance.call)
    if not isinstance(model, Instance):
        return None
    where = context.call_scope(model)  # __init__'s, its parameters bound to the constructor call's arguments
    call = model.call

    def text(expr: Expr | None) -> str:
        return (const_str(context.evaluator.eval(expr, where)) or "") if expr is not None else ""

    kinds = {short_name(n) for n in context.evaluator.lineage(model.cls)}
    if "OAuth2" in kinds:  # fastapi.openapi.models.OAuth2, however it is imported
        flows = call.kwarg("flows")
        for flow in ("password", "authorizationCode", "clientCredentials", "implicit"):
            spec = _unwrapped(flows.kwarg(flow)) if flows is not None and flows.op is Op.CALL else None
            if spec is not None:
                return SecurityScheme(
                    name=name,
                    type="oauth2",
                    flow=flow,
                    token_url=text(_item(spec, "tokenUrl")),
                    authorization_url=text(_item(spec, "authorizationUrl")),
                )
        return SecurityScheme(name=name, type="oauth2")
    if kinds & {"HTTPBase", "HTTPBearer"}:
        return SecurityScheme(name=name, type="http", scheme=text(call.kwarg("scheme")) or "bearer")
    return None


def _unwrapped(expr: Expr | None) -> Expr | None:
    """``cast(T, x)`` as ``x``."""
    if expr is not None and expr.op is Op.CALL and len(expr.positional) == 2 and expr.args[0].value == "cast":
        return expr.positional[1]
    return expr


def _item(spec: Expr, key: str) -> Expr | None:
    """``key`` of a dict literal, or keyword of a call (``OAuthFlowPassword(tokenUrl=...)``)."""
    if spec.op is Op.DICT:
        return next((v for k, v in zip(spec.args[::2], spec.args[1::2], strict=False) if k.value == key), None)
    return spec.kwarg(key) if spec.op is Op.CALL else None

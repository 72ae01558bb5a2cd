"""What a Flask or Quart route carries: the registration payload, decorator auth, and the Route built from it.

Shared by the Flask extractor and the extractors built on Flask's graph (flask-restx, class
registries): each adds :class:`FlaskView` payloads to endpoints and describes them with
:func:`describe_flask`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from docgen.extract._shared.common import Handler, short_name, strings
from docgen.link.contract import LinkContext
from docgen.link.evaluate import DefRef, External
from docgen.link.program import Scope
from docgen.link.routegraph import Chain, Endpoint
from docgen.link.unparse import unparse
from docgen.model import Auth, Body, Framework, Param, ParamLocation, Response, Route
from docgen.model.facts import Expr, Op
from docgen.reference.docstrings import parse_docstring

_RULE_VAR = re.compile(r"<(?:(?P<conv>[A-Za-z_][A-Za-z0-9_]*)(?:\([^)]*\))?:)?(?P<name>[A-Za-z_][A-Za-z0-9_]*)>")
_CONVERTER_TYPES = {"int": "int", "float": "float", "path": "str", "string": "str", "uuid": "UUID", "any": "str"}
_AUTH_KINDS = (
    (re.compile(r"jwt_required|fresh_jwt_required|token_required"), "http_bearer"),
    (
        re.compile(r"roles_required|roles_accepted|permissions?_required|permissions_accepted|admin_required"),
        "permission",
    ),
    (re.compile(r"login_required|auth_required|requires_auth|login_user_required"), "login_required"),
)


@dataclass(frozen=True, slots=True)
class FlaskView:
    """How a Flask route's handler was registered: what ``describe`` needs to build the route.

    Attributes:
        handler: The function or method that runs, when it is analysed.
        auth: Requirements from decorators on the handler (and its class).
        endpoint: The endpoint name without the blueprint prefix.
        summary: Overrides the docstring summary (flask-restx ``doc=``/``description=``).
        request_body: The documented request body.
        responses: Documented responses.
        tags: Extra tags (a flask-restx namespace).
        params: Parameters other than the rule's (quart-schema ``validate_querystring``).
    """

    handler: Handler | None
    auth: tuple[Auth, ...] = ()
    endpoint: str = ""
    summary: str = ""
    request_body: Body | None = None
    responses: tuple[Response, ...] = ()
    tags: tuple[str, ...] = ()
    params: tuple[Param, ...] = ()


def flask_path(rule: str) -> str:
    """``/u/<int:id>`` → ``/u/{id}`` (OpenAPI style)."""
    return _RULE_VAR.sub(lambda m: "{" + m.group("name") + "}", rule)


def handler_auth(context: LinkContext, decorators: tuple[Expr, ...], scope: Scope) -> tuple[Auth, ...]:
    """Auth requirements from login-style decorators on a handler.

    Matches the resolved decorator name: ``login_required``, ``@auth.login_required``
    (flask-httpauth), ``roles_required("admin")``, ``jwt_required()``, ``auth_required(...)``,
    pgAdmin's ``pga_login_required``.
    """
    found = []
    for decorator in decorators:
        target = decorator.args[0] if decorator.op is Op.CALL else decorator
        value = context.evaluator.eval(target, scope)
        name = value.dotted if isinstance(value, DefRef | External) else unparse(target)
        for pattern, kind in _AUTH_KINDS:
            if pattern.search(short_name(name)):
                scopes = strings(context.evaluator.eval(Expr(Op.LIST, args=decorator.positional), scope))
                found.append(Auth(kind=kind, name=name, scopes=scopes if kind == "permission" else (), level="route"))
                break
    return tuple(found)


def describe_flask(context: LinkContext, endpoint: Endpoint, chain: Chain, path: str) -> list[Route]:
    """Routes for a Flask endpoint whose payload is a :class:`FlaskView`.

    The route name is the endpoint prefixed by the names of the blueprints along the chain, as
    Flask names nested blueprints' endpoints (``api.rooms.live``).
    """
    blueprint = ".".join(chain.names)
    view = endpoint.payload
    if not isinstance(view, FlaskView):
        return []
    doc = parse_docstring(view.handler.definition.docstring, context.docstring_style) if view.handler else None
    docs = {p.name: p.description for p in doc.params} if doc else {}
    params = tuple(
        Param(
            name=m.group("name"),
            in_=ParamLocation.PATH,
            type=_CONVERTER_TYPES.get(m.group("conv") or "string", m.group("conv") or "str"),
            required=True,
            default=None,
            description=docs.get(m.group("name"), ""),
        )
        for m in _RULE_VAR.finditer(path)
    )
    framework = Framework.QUART if chain.framework is Framework.QUART else Framework.FLASK
    name = f"{blueprint}.{view.endpoint}" if blueprint and view.endpoint else view.endpoint or None
    return [
        Route(
            id="",
            method=method,
            path=flask_path(path),
            handler=endpoint.handler,
            implementation=endpoint.implementation,
            app=chain.app,
            location=endpoint.location,
            framework=framework,
            params=params + view.params,
            request_body=view.request_body,
            responses=view.responses,
            auth=chain.auth + view.auth,
            tags=chain.tags + view.tags,
            summary=view.summary or (doc.summary if doc else ""),
            description=doc.description if doc else "",
            deprecated=bool(doc and doc.deprecated),
            name=name,
            group=chain.group,
            raw_path=path,
        )
        for method in endpoint.methods
    ]

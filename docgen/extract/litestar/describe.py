"""A Litestar endpoint as catalog routes: its full path, parameters, body, responses, auth and docs.

The path is every layer's joined and normalised as Litestar serves it. The handler decorator's
keywords describe the route (``status_code=``, ``guards=``, ``tags=``, ``summary=``,
``description=``, ``deprecated=``, ``include_in_schema=``, ``name=``, ``operation_id=``,
``responses=``), the docstring what they leave out, and the signature its parameters (see
:mod:`docgen.extract.litestar.params`). The response is the return annotation, with Litestar's
default status: 201 for POST, 204 for DELETE, 200 otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from http import HTTPStatus

from docgen.extract._shared.common import STARLETTE_PATH_PARAM, Handler, const_str, model_ref, openapi_path, status_code
from docgen.extract.litestar.handlers import LITESTAR, Decorator, normalize
from docgen.extract.litestar.layers import Layer, dependencies_of, flag, guards_auth, tags_of
from docgen.extract.litestar.params import SignatureReader, ordered_params
from docgen.link.contract import LinkContext
from docgen.link.program import Scope
from docgen.link.routegraph import Chain, Endpoint
from docgen.link.unparse import unparse
from docgen.model import HttpMethod, Response, Route
from docgen.model.facts import Expr, Op
from docgen.reference.docstrings import parse_docstring

_NO_RESPONSES = frozenset({HttpMethod.WEBSOCKET, HttpMethod.ANY})
Option = Callable[[str], "Expr | None"]


def describe_endpoint(
    context: LinkContext,
    endpoint: Endpoint,
    chain: Chain,
    path: str,
    handler: Handler | None,
    decorator: Decorator | None,
    layers: list[Layer],
) -> list[Route]:
    """The routes of one endpoint reached through ``chain`` at ``path``, one per method.

    Args:
        context: The link context.
        endpoint: The endpoint.
        chain: How its node is reached from the application.
        path: The joined path, before Litestar's normalisation.
        handler: Its handler, when analysed.
        decorator: The handler's route decorator (None for a ``WebsocketListener``).
        layers: The options of the layers along the chain, from the top down.
    """
    full = normalize(path)
    path_params = STARLETTE_PATH_PARAM.findall(full)
    scope = decorator.scope if decorator is not None else None
    option = decorator.option if decorator is not None else _no_option
    dependencies = {name: provider for layer in layers for name, provider in layer.dependencies}
    if scope is not None:
        dependencies.update(dependencies_of(context, option("dependencies"), scope))
    doc = parse_docstring(handler.definition.docstring, context.docstring_style) if handler else None
    reader = SignatureReader(
        context, {n for n, _ in path_params}, dependencies, {p.name: p.description for p in doc.params} if doc else {}
    )
    if handler is not None:
        reader.read(handler)
    auth = chain.auth + (guards_auth(context, option("guards"), scope, "route") if scope is not None else ())
    tags = chain.tags + (tags_of(context, option("tags"), scope) if scope is not None else ())
    in_schema = True
    for shown in (*(layer.in_schema for layer in layers), _flag(context, option, scope)):
        in_schema = in_schema if shown is None else shown  # the closest layer that says counts
    no_body = not _NO_RESPONSES.isdisjoint(endpoint.methods)
    responses = () if no_body else _responses(context, handler, decorator, endpoint.methods)
    name = _text(context, option("name"), scope) or (handler.definition.name if handler else None)
    return [
        Route(
            id="",
            method=method,
            path=openapi_path(full),
            handler=endpoint.handler,
            app=chain.app,
            location=endpoint.location,
            framework=LITESTAR,
            params=ordered_params(reader.params, path_params),
            request_body=None if no_body else reader.body,
            responses=responses,
            auth=tuple(dict.fromkeys(auth)),
            tags=tuple(dict.fromkeys(tags)),
            summary=_text(context, option("summary"), scope) or (doc.summary if doc else ""),
            description=_text(context, option("description"), scope) or (doc.description if doc else ""),
            deprecated=_flag(context, option, scope, "deprecated") is True or bool(doc and doc.deprecated),
            name=name,
            group=chain.group,
            include_in_schema=in_schema,
            raw_path=full,
            operation_id=_text(context, option("operation_id"), scope) or None,
        )
        for method in endpoint.methods
    ]


def _responses(
    context: LinkContext, handler: Handler | None, decorator: Decorator | None, methods: tuple[HttpMethod, ...]
) -> tuple[Response, ...]:
    """The handler's return annotation at its status, and the extra ``responses={code: ResponseSpec(...)}``."""
    scope = decorator.scope if decorator is not None else None
    option = decorator.option if decorator is not None else _no_option
    given = status_code(context, option("status_code"), scope) if scope is not None else None
    status = given or ("201" if HttpMethod.POST in methods else "204" if HttpMethod.DELETE in methods else "200")
    returns = handler.definition.returns if handler is not None else None
    if returns is not None and returns.op is Op.CONST and returns.value is None:
        returns = None
    out = [
        Response(
            status=status,
            type=unparse(returns) if returns is not None else "",
            model=model_ref(context, returns, handler.scope) if returns is not None and handler else None,
            description=_text(context, option("response_description"), scope) or _phrase(status),
        )
    ]
    extra = option("responses")
    if extra is not None and extra.op is Op.DICT and scope is not None:
        for key, spec in zip(extra.args[::2], extra.args[1::2], strict=False):
            code = status_code(context, key, scope)
            if not code or code == status or spec.op is not Op.CALL:
                continue
            container = spec.kwarg("data_container") or (spec.positional[0] if spec.positional else None)
            out.append(
                Response(
                    status=code,
                    type=unparse(container) if container is not None else "",
                    model=model_ref(context, container, scope),
                    description=_text(context, spec.kwarg("description"), scope) or _phrase(code),
                )
            )
    return tuple(sorted(out, key=lambda r: r.status))


def _phrase(status: str) -> str:
    """What Litestar writes for a status it is not told about: the status's description."""
    try:
        return HTTPStatus(int(status)).description
    except ValueError:
        return ""


def _no_option(name: str) -> Expr | None:
    del name
    return None


def _text(context: LinkContext, expr: Expr | None, scope: Scope | None) -> str:
    if expr is None or scope is None:
        return ""
    return const_str(context.evaluator.eval(expr, scope)) or ""


def _flag(context: LinkContext, option: Option, scope: Scope | None, name: str = "include_in_schema") -> bool | None:
    return flag(context, option(name), scope) if scope is not None else None


__all__ = ["describe_endpoint"]

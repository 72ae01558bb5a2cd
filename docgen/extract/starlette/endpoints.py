"""Endpoints of Starlette routes: the handler a route's ``endpoint`` names, its methods, place and docstring."""

from __future__ import annotations

from docgen.extract._shared.common import Handler, find_handler, method_of, short_name
from docgen.link.contract import LinkContext
from docgen.link.evaluate import DefRef, External, Instance, Value
from docgen.model import HttpMethod, Location

HTTP_ENDPOINTS = frozenset({"starlette.endpoints.HTTPEndpoint"})
WEBSOCKET_ENDPOINTS = frozenset({"starlette.endpoints.WebSocketEndpoint"})


ENDPOINT_VERBS = ("get", "head", "post", "put", "patch", "delete", "options")
"""The methods ``HTTPEndpoint`` dispatches to, in Starlette's order."""


Resolved = list[tuple[HttpMethod, str | None, Handler | None]]
"""``(method, handler dotted name, handler function)`` of each endpoint of one route."""


def resolve_endpoint(
    context: LinkContext, value: Value, websocket: bool, explicit: tuple[HttpMethod, ...]
) -> Resolved | None:
    """The endpoints an endpoint value gives, or None when it is not an analysed function or class."""
    if isinstance(value, DefRef) and not value.is_class:
        handler = find_handler(context, value)
        if handler is None:
            return None
        methods = (HttpMethod.WEBSOCKET,) if websocket else explicit or (HttpMethod.GET,)
        return [(m, handler.dotted, handler) for m in methods]
    if isinstance(value, DefRef) and (websocket or context.is_a(value, WEBSOCKET_ENDPOINTS)):
        return [(HttpMethod.WEBSOCKET, value.dotted, None)]
    if isinstance(value, DefRef) and context.is_a(value, HTTP_ENDPOINTS):
        found: Resolved = []
        for verb in ENDPOINT_VERBS:
            handler = method_of(context, value, verb)
            method = HttpMethod(verb.upper())
            if handler is not None and (not explicit or method in explicit):
                found.append((method, handler.name, handler))
        return found
    if isinstance(value, DefRef):  # any other class is an ASGI app: every method
        return [(HttpMethod.ANY, value.dotted, None)]
    if isinstance(value, Instance) and isinstance(value.cls, DefRef):  # a callable object
        handler = method_of(context, value.cls, "__call__")
        return [(HttpMethod.ANY, handler.dotted if handler else value.cls.dotted, handler)]
    return None


def definition_location(context: LinkContext, dotted: str | None, handler: Handler | None) -> Location | None:
    """Where a handler function, or an endpoint class, is defined."""
    if handler is not None:
        return context.location(handler.scope.module, handler.definition.line, handler.definition.end_line)
    definition = context.program.definition(dotted or "")
    scope = context.program.defining_scope(dotted or "")
    if definition is None or scope is None:
        return None
    return context.location(scope.module, definition.line, definition.end_line)


def default_name(value: Value) -> str | None:
    """Starlette's default route name: the endpoint function's or class's name."""
    if isinstance(value, DefRef | External):
        return short_name(value.dotted)
    if isinstance(value, Instance):
        return short_name(value.cls.dotted)
    return None


def docstring_of(context: LinkContext, dotted: str) -> str | None:
    """The docstring of the analysed definition ``dotted``, if any."""
    definition = context.program.definition(dotted)
    return definition.docstring if definition is not None else None

"""Litestar route handlers: the decorator a function or method carries, its methods and paths.

A handler is a function decorated with ``@get``/``@post``/``@put``/``@patch``/``@delete``/``@head``,
``@route(path, http_method=[...])``, ``@websocket``/``@websocket_listener`` or ``@asgi``; its path
is given positionally or as ``path=``, one string or a list (none: ``/``). A controller's handlers
are the decorated methods it defines or inherits, the first definition of a name along the MRO
counting, as ``dir()`` finds them. Paths are normalised as Litestar does: a leading slash, no
trailing one, no doubled ones.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from docgen.diagnostics import Code
from docgen.extract._shared.common import Handler, short_name, strings
from docgen.link.contract import LinkContext
from docgen.link.evaluate import Const, DefRef, External, Seq, Unknown, Value, placeholder, text_of
from docgen.link.program import Scope
from docgen.link.unparse import unparse
from docgen.model import Framework, HttpMethod, Location
from docgen.model.facts import Assign, Expr, FunctionDef, Op

LITESTAR = Framework("litestar")
_VERBS = {"get": "GET", "post": "POST", "put": "PUT", "patch": "PATCH", "delete": "DELETE", "head": "HEAD"}
_OTHER = {"route": "", "websocket": "WEBSOCKET", "websocket_listener": "WEBSOCKET", "asgi": "ANY"}
_SLASHES = re.compile(r"/{2,}")


def is_litestar(value: Value | None, name: str) -> bool:
    """Whether ``value`` is Litestar's own ``name`` (``litestar.get``, ``litestar.handlers.get``...)."""
    return isinstance(value, External) and value.dotted.startswith("litestar.") and short_name(value.dotted) == name


def derives_from(context: LinkContext, value: Value, name: str) -> bool:
    """Whether ``value`` is (an instance of) a class deriving from Litestar's class ``name``."""
    cls = context.class_of(value)
    return cls is not None and any(
        n.startswith("litestar.") and short_name(n) == name for n in context.evaluator.lineage(cls)
    )


@dataclass(frozen=True, slots=True)
class Decorator:
    """The Litestar route decorator of a handler.

    Attributes:
        kind: Its name (``get``, ``route``, ``websocket``...).
        call: The decorator call, whose keywords describe the route.
        scope: The scope it is evaluated in (the handler's defining scope).
    """

    kind: str
    call: Expr
    scope: Scope

    def option(self, name: str) -> Expr | None:
        """The decorator's keyword argument ``name``, if given."""
        return self.call.kwarg(name)


def decorator_of(context: LinkContext, definition: FunctionDef, scope: Scope) -> Decorator | None:
    """The Litestar route decorator ``definition`` carries, if any."""
    for deco in definition.decorators:
        if deco.op is not Op.CALL:
            continue
        callee = context.evaluator.eval(deco.args[0], scope)
        kind = short_name(callee.dotted) if isinstance(callee, External) else ""
        if (kind in _VERBS or kind in _OTHER) and is_litestar(callee, kind):
            return Decorator(kind, deco, scope)
    return None


def methods_of(context: LinkContext, decorator: Decorator, where: Location) -> tuple[HttpMethod, ...]:
    """The methods a decorator registers; ``route``'s come from ``http_method=`` (a DG904 when unknown)."""
    if decorator.kind in _VERBS:
        return (HttpMethod(_VERBS[decorator.kind]),)
    if decorator.kind != "route":
        return (HttpMethod(_OTHER[decorator.kind]),)
    expr = decorator.option("http_method")
    if expr is None:
        context.warn(Code.NOT_EVALUATED, "route() without http_method=: its routes are not listed", where)
        return ()
    value = context.evaluator.eval(expr, decorator.scope)
    items = value.items if isinstance(value, Seq) else (value,)
    names = [_method_name(item) for item in items]
    known = tuple(m for m in HttpMethod.listed(names) if m.standard)  # Litestar refuses extension methods
    if any(HttpMethod.named(n) not in known for n in names):
        message = f"http_method={unparse(expr)} holds what is not an HTTP method Litestar accepts: left out"
        context.warn(Code.NOT_EVALUATED, message, where)
    return known


def _method_name(value: Value) -> str:
    if isinstance(value, Const) and isinstance(value.value, str):
        return value.value.upper()
    if isinstance(value, External):  # HttpMethod.GET
        return short_name(value.dotted).upper()
    return ""


def paths_of(context: LinkContext, decorator: Decorator, where: Location) -> tuple[str, ...]:
    """The normalised paths of a route decorator (``/`` when it gives none), each once."""
    call = decorator.call
    expr = call.positional[0] if call.positional else call.kwarg("path")
    return path_values(context, expr, decorator.scope, where)


def path_values(context: LinkContext, expr: Expr | None, scope: Scope, where: Location) -> tuple[str, ...]:
    """The normalised paths one path argument gives: a string, a list of them, or a ``{?...}`` placeholder."""
    if expr is None:
        return ("/",)
    value = context.evaluator.eval(expr, scope)
    if isinstance(value, Const) and value.value is None:
        return ("/",)
    if isinstance(value, Seq) and len(strings(value)) == len(value.items):
        found = strings(value)
    else:
        found = (path_text(context, expr, scope, where),)
    return tuple(dict.fromkeys(normalize(p) for p in found))


def path_text(context: LinkContext, expr: Expr | None, scope: Scope, where: Location) -> str:
    """A path argument as text; what cannot be known is a ``{?...}`` placeholder, with a DG904."""
    if expr is None:
        return ""
    value = context.evaluator.eval(expr, scope)
    text = text_of(value)[0] if isinstance(value, Const | Unknown) else placeholder(value, expr)
    if "{?" in text:
        context.warn(Code.NOT_EVALUATED, f"route path {text!r} could not be fully evaluated", where)
    return text


def normalize(path: str) -> str:
    """A path as Litestar serves it: ``api/items/`` → ``/api/items``."""
    return _SLASHES.sub("/", "/" + path.strip("/"))


def controller_handlers(context: LinkContext, cls: DefRef) -> Iterator[tuple[Handler, Decorator]]:
    """The decorated methods a controller defines or inherits from analysed bases (the MRO's first wins)."""
    seen: set[str] = set()
    for klass in context.evaluator.mro(cls):
        body = context.program.body_scope(klass.dotted) if isinstance(klass, DefRef) else None
        if body is None:
            continue
        for name, stmts in body.bindings.items():
            if name in seen:
                continue
            seen.add(name)
            definition = stmts[-1]
            if isinstance(definition, FunctionDef):
                decorator = decorator_of(context, definition, body)
                if decorator is not None:
                    yield Handler(f"{klass.dotted}.{name}", definition, body), decorator


def class_binding(context: LinkContext, cls: DefRef, name: str) -> tuple[Expr, Scope] | None:
    """The expression a class attribute is bound to in ``cls`` or an analysed base, with its scope."""
    for klass in context.evaluator.mro(cls):
        body = context.program.body_scope(klass.dotted) if isinstance(klass, DefRef) else None
        if body is not None and name in body.bindings:
            stmt = body.bindings[name][-1]
            if isinstance(stmt, Assign) and stmt.value is not None:
                return stmt.value, body
            return None
    return None

"""What a ``FastAPI(...)`` constructor says: its API's title, version, description and servers, and app attributes.

The attributes are those ``FastAPI.__init__`` sets from its parameters (``app.docs_url``).
"""

from __future__ import annotations

from docgen.extract._shared.common import text_at
from docgen.link.contract import LinkContext
from docgen.link.evaluate import Const, External, Instance, Value, placeholder
from docgen.link.program import Scope
from docgen.model import ApiInfo
from docgen.model.facts import Expr, Op

DEFAULT_TITLE = "FastAPI"
DEFAULT_VERSION = "0.1.0"
"""What FastAPI's own document says when the constructor names no title or version."""

APP_CLASSES = frozenset({"fastapi.FastAPI", "fastapi.applications.FastAPI"})

CONSTRUCTOR_DEFAULTS: dict[str, object] = {
    "title": DEFAULT_TITLE,
    "version": DEFAULT_VERSION,
    "summary": None,
    "description": "",
    "openapi_url": "/openapi.json",
    "openapi_version": "3.1.0",
    "docs_url": "/docs",
    "redoc_url": "/redoc",
    "swagger_ui_oauth2_redirect_url": "/docs/oauth2-redirect",
    "root_path": "",
}
"""The app attributes ``FastAPI.__init__`` sets from its parameters of the same name, and their defaults."""


def app_attribute(context: LinkContext, instance: Instance, name: str, depth: int) -> Value | None:
    """``app.<name>`` of an app ``FastAPI(...)`` made: the argument it was given, else FastAPI's default.

    None (the evaluator goes on its own way) for other objects and other attributes, for an app of
    a subclass, whose ``__init__`` may pass its own values, and for a call with ``**options``.
    """
    call = instance.call
    if (
        name not in CONSTRUCTOR_DEFAULTS
        or not (isinstance(instance.cls, External) and instance.cls.dotted in APP_CLASSES)
        or call.op is not Op.CALL
        or call.kwarg("**") is not None
    ):
        return None
    passed, scope = call.kwarg(name), context.scope_at(instance.scope_key)
    if passed is None:
        return Const(CONSTRUCTOR_DEFAULTS[name])
    return context.evaluator.eval(passed, scope, depth) if scope is not None else None


def api_info(context: LinkContext, call: Expr, scope: Scope) -> ApiInfo:
    """The ``info`` (and ``servers``) of the document FastAPI serves for the app ``call`` makes.

    A value docgen cannot know is written as a visible ``{?source}``.
    """
    return ApiInfo(
        title=text_at(context, call.kwarg("title"), scope) or DEFAULT_TITLE,
        version=text_at(context, call.kwarg("version"), scope) or DEFAULT_VERSION,
        summary=text_at(context, call.kwarg("summary"), scope),
        description=text_at(context, call.kwarg("description"), scope),
        servers=_servers(context, call.kwarg("servers"), scope),
    )


def _servers(context: LinkContext, expr: Expr | None, scope: Scope) -> tuple[str, ...]:
    """The ``url`` of each ``{"url": ...}`` of a literal ``servers=`` list."""
    if expr is None or (expr.op is Op.CONST and expr.value is None):
        return ()
    if expr.op not in (Op.LIST, Op.TUPLE):
        return (placeholder(context.evaluator.eval(expr, scope), expr),)
    urls = []
    for item in expr.args:
        url = next((v for k, v in zip(item.args[::2], item.args[1::2], strict=False) if k.value == "url"), None)
        if item.op is Op.DICT and url is not None:
            urls.append(text_at(context, url, scope))
    return tuple(urls)

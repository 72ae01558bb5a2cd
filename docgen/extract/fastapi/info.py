"""What a ``FastAPI(...)`` constructor says of its API: title, version, summary, description, servers."""

from __future__ import annotations

from docgen.extract._shared.common import text_at
from docgen.link.contract import LinkContext
from docgen.link.evaluate import placeholder
from docgen.link.program import Scope
from docgen.model import ApiInfo
from docgen.model.facts import Expr, Op

DEFAULT_TITLE = "FastAPI"
DEFAULT_VERSION = "0.1.0"
"""What FastAPI's own document says when the constructor names no title or version."""


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

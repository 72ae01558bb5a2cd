"""Injection sinks docgen decides from the facts: SQL (DG404), markup (DG405), CORS (DG409), JWT (DG411).

Each rule looks at one call with what the enclosing function (or module top level) has bound so
far (:class:`docgen.check.strings.Scope`):

- DG404: a string built at run time (f-string, ``%``, ``.format``, ``+``) is the SQL of
  ``execute``/``executemany``/``executescript``, ``raw``, ``RawSQL``, SQLAlchemy's ``text()``,
  or one of the ``where``/``select``/``tables`` clauses of ``extra``. Parameterised queries
  (``execute("... %s", (x,))``) pass fixed SQL and are not reported.
- DG405: ``mark_safe``/``Markup`` of anything but safe text (fixed, translated, escaped, a rendered
  template, or put together from such, through local names too), ``render_template_string`` of
  anything but fixed text, ``HTMLResponse``/``HttpResponse`` of a string built at run time, unless
  it names a media type other than HTML (``content_type="text/plain"``).
- DG409: CORS allowing every origin (``"*"``) together with credentials, in one call.
- DG411: ``jwt.decode`` told not to verify the signature (``options={"verify_signature": False}``
  or ``verify=False``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from docgen.check.strings import Scope, is_safe_markup
from docgen.diagnostics import Code
from docgen.model.facts import Expr, Import, Op

SQL_EXECUTE = frozenset({"execute", "executemany", "executescript", "raw", "RawSQL"})
"""Calls whose first argument (or ``sql=``/``query=``) is SQL sent as it is."""

SQL_CLAUSES = frozenset({"where", "select", "tables", "order_by"})
"""Keywords of Django's ``QuerySet.extra`` that hold raw SQL."""

MARKUP = frozenset({"mark_safe", "Markup", "SafeString"})
"""Calls that declare their argument safe HTML, exempt from escaping."""

HTML_RESPONSES = frozenset({"HTMLResponse", "HttpResponse"})
"""Responses whose body is sent as HTML."""


@dataclass(frozen=True, slots=True)
class Hit:
    """One call a sink rule reports.

    Attributes:
        code: The rule.
        message: What is wrong, without the values involved.
        line: The call's line.
    """

    code: str
    message: str
    line: int


def sink_hits(call: Expr, scope: Scope, imports: dict[str, Import]) -> Iterator[Hit]:
    """The sink rules ``call`` breaks, given what its scope has bound and the module's imports."""
    name = _last(call.callee)
    if name is None:
        return
    line = call.line
    if name in SQL_EXECUTE or (name == "text" and _from_sqlalchemy(call.callee, imports)):
        sql = _first(call, "sql", "query", "statement")
        if sql is not None and scope.is_built(sql):
            yield Hit(Code.SQL_INJECTION, f"SQL passed to {name}() is built from run-time values", line)
    elif name == "extra" and any(_holds_built(call.kwarg(k), scope) for k in SQL_CLAUSES):
        yield Hit(Code.SQL_INJECTION, "SQL passed to extra() is built from run-time values", line)
    elif name in MARKUP or name == "render_template_string":
        text = _first(call, "source")
        if text is not None and not is_safe_markup(text, scope.fixed(), frozenset(scope.safe), scope.helpers):
            yield Hit(Code.UNSAFE_MARKUP, f"{name}() of text that is not fixed", line)
    elif name in HTML_RESPONSES and not _other_media(call):
        body = _first(call, "content")
        if body is not None and scope.is_built(body):
            yield Hit(Code.UNSAFE_MARKUP, f"{name} built from run-time values is sent as HTML unescaped", line)
    if _cors_open(call, scope):
        yield Hit(Code.CORS_CREDENTIALS, "CORS allows every origin ('*') together with credentials", line)
    if name == "decode" and _is_jwt(call.callee, imports) and _unverified(call, scope):
        yield Hit(Code.JWT_UNVERIFIED, "JWT decoded without verifying its signature", line)


def _other_media(call: Expr) -> bool:
    """Whether a response names a fixed media type that is not HTML (``content_type="text/plain"``)."""
    media = call.kwarg("content_type") or call.kwarg("media_type")
    if media is None and len(call.positional) > 1 and _last(call.callee) == "HttpResponse":
        media = call.positional[1]  # HttpResponse(content, content_type)
    return media is not None and media.op is Op.STR and not str(media.value).lower().startswith("text/html")


def _last(expr: Expr | None) -> str | None:
    if expr is not None and expr.op in {Op.NAME, Op.ATTR}:
        return str(expr.value)
    return None


def _first(call: Expr, *keywords: str) -> Expr | None:
    """The first positional argument, else the first of ``keywords`` given."""
    if call.positional and call.positional[0].op is not Op.STARRED:
        return call.positional[0]
    for keyword in keywords:
        if (value := call.kwarg(keyword)) is not None:
            return value
    return None


def _holds_built(expr: Expr | None, scope: Scope) -> bool:
    if expr is None:
        return False
    if expr.op in {Op.LIST, Op.TUPLE, Op.DICT}:
        return any(scope.is_built(arg) for arg in expr.args)
    return scope.is_built(expr)


def _root(expr: Expr | None) -> str | None:
    """The name an attribute chain starts from (``sa`` for ``sa.sql.text``)."""
    while expr is not None and expr.op is Op.ATTR and expr.args:
        expr = expr.args[0]
    return str(expr.value) if expr is not None and expr.op is Op.NAME else None


def _imported_from(name: str | None, imports: dict[str, Import], package: str) -> bool:
    found = imports.get(name or "")
    return found is not None and (found.module == package or found.module.startswith(f"{package}."))


def _from_sqlalchemy(callee: Expr | None, imports: dict[str, Import]) -> bool:
    return _imported_from(_root(callee), imports, "sqlalchemy")


def _is_jwt(callee: Expr | None, imports: dict[str, Import]) -> bool:
    """``jwt.decode`` (PyJWT, python-jose, authlib's ``jwt``) or a ``decode`` imported from them."""
    root = _root(callee)
    if callee is not None and callee.op is Op.ATTR:
        found = imports.get(root or "")
        named = found.name if found is not None and found.name else (found.module if found else root)
        return (named or "").rpartition(".")[2] == "jwt"
    return any(_imported_from(root, imports, package) for package in ("jwt", "jose"))


def _resolved(expr: Expr | None, scope: Scope) -> Expr | None:
    """A module constant's value for its name; other expressions as they are."""
    if expr is not None and expr.op is Op.NAME and str(expr.value) in scope.constants:
        return scope.constants[str(expr.value)]
    return expr


def _unverified(call: Expr, scope: Scope) -> bool:
    verify = _resolved(call.kwarg("verify"), scope)
    if verify is not None and verify.op is Op.CONST and verify.value is False:
        return True
    options = _resolved(call.kwarg("options"), scope)
    if options is None or options.op is not Op.DICT:
        return False
    pairs = zip(options.args[::2], options.args[1::2], strict=False)
    return any(
        k.op is Op.STR and k.value == "verify_signature" and v.op is Op.CONST and v.value is False for k, v in pairs
    )


def _cors_open(call: Expr, scope: Scope) -> bool:
    """``allow_origins=["*"]`` (Starlette, FastAPI) or ``origins="*"`` (Flask-CORS) with credentials on."""
    origins = _resolved(call.kwarg("allow_origins") or call.kwarg("origins"), scope)
    credentials = _resolved(call.kwarg("allow_credentials") or call.kwarg("supports_credentials"), scope)
    if origins is None or credentials is None or not (credentials.op is Op.CONST and credentials.value is True):
        return False
    return is_wildcard(origins)


def is_wildcard(expr: Expr) -> bool:
    """``"*"``, or a list, tuple or set holding ``"*"``."""
    if expr.op is Op.STR:
        return expr.value == "*"
    return expr.op in {Op.LIST, Op.TUPLE, Op.SET} and any(a.op is Op.STR and a.value == "*" for a in expr.args)

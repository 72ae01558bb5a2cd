"""What FastAPI reads from a form without the analysed code saying it: uploads and its own form classes."""

from __future__ import annotations

from docgen.link.contract import LinkContext
from docgen.link.evaluate import External, Value
from docgen.link.program import Scope
from docgen.model import Param, ParamLocation
from docgen.model.facts import Expr, Op

FORM = "application/x-www-form-urlencoded"
UPLOADS = frozenset({"fastapi.UploadFile", "fastapi.datastructures.UploadFile", "starlette.datastructures.UploadFile"})
"""A parameter of this type (alone, in a list or optional) is a file of a multipart body, ``File()`` or not."""


def _field(name: str, type_: str, required: bool, default: str | None = None) -> Param:
    return Param(name=name, in_=ParamLocation.QUERY, type=type_, required=required, default=default)


_OAUTH2_FORM = (
    _field("grant_type", "str | None", False, "None"),
    _field("username", "str", True),
    _field("password", "str", True),
    _field("scope", "str", False, "''"),
    _field("client_id", "str | None", False, "None"),
    _field("client_secret", "str | None", False, "None"),
)
KNOWN_FORMS: dict[str, tuple[Param, ...]] = {
    "fastapi.security.OAuth2PasswordRequestForm": _OAUTH2_FORM,
    "fastapi.security.oauth2.OAuth2PasswordRequestForm": _OAUTH2_FORM,
    "fastapi.security.OAuth2PasswordRequestFormStrict": (_field("grant_type", "str", True), *_OAUTH2_FORM[1:]),
    "fastapi.security.oauth2.OAuth2PasswordRequestFormStrict": (_field("grant_type", "str", True), *_OAUTH2_FORM[1:]),
}
"""FastAPI's own dependency classes that read a form: their fields, as ``__init__`` declares them (FastAPI 0.115)."""


def known_form(value: Value) -> tuple[Param, ...]:
    """The form fields a ``Depends()`` on one of FastAPI's form classes reads; () for anything else."""
    return KNOWN_FORMS.get(value.dotted, ()) if isinstance(value, External) else ()


def is_upload(context: LinkContext, annotation: Expr, scope: Scope) -> bool:
    """Whether a parameter's type is an upload: ``UploadFile``, ``list[UploadFile]``, ``UploadFile | None``."""
    stack = [annotation]
    while stack:
        expr = stack.pop()
        if expr.op in (Op.NAME, Op.ATTR):
            value = context.evaluator.eval(expr, scope)
            if isinstance(value, External) and value.dotted in UPLOADS:
                return True
        elif expr.op in (Op.SUBSCRIPT, Op.BINOP):
            stack.extend(expr.args[1:] if expr.op is Op.SUBSCRIPT else expr.args)
    return False

"""The OpenAPI security schemes drf-spectacular gives DRF authentication classes.

An authentication class has the scheme of the first ``OpenApiAuthenticationExtension`` that
targets it: the project's own (``target_class`` a class or its dotted name, ``name``, and a
``get_security_definition``, its own or inherited, returning a dict literal or a dict of constants
and ``self.target`` attributes), then drf-spectacular's for DRF's session,
basic and token authentication (an http bearer scheme for ``keyword = "Bearer"``) and simplejwt's
JWT authentication. Only the exact class matches, unless the extension sets ``match_subclasses``
(drf-spectacular's token one does).
``SPECTACULAR_SETTINGS["AUTHENTICATION_WHITELIST"]``, when set, keeps only the classes it lists.
A project extension whose definition is neither gives no scheme.
"""

from __future__ import annotations

import json

from docgen.extract._shared.common import const_at
from docgen.extract._shared.fields import ClassInfo, analysed_mro, classes
from docgen.extract._shared.json_literal import json_literal
from docgen.extract.django.settings import spectacular_setting
from docgen.extract.django.views import ViewClasses
from docgen.link.contract import LinkContext
from docgen.link.evaluate import Const, DefRef, External, Value
from docgen.link.program import Scope
from docgen.link.unparse import unparse
from docgen.model import SecurityScheme
from docgen.model.facts import Assign, Expr, FunctionDef, Op, Return

_EXTENSION = "drf_spectacular.extensions.OpenApiAuthenticationExtension"
_JWT = SecurityScheme(name="jwtAuth", type="http", scheme="bearer")
_BEARER = SecurityScheme(name="tokenAuth", type="http", scheme="bearer")
_BUILTIN = (
    ("rest_framework.authentication.SessionAuthentication", False, "cookieAuth", "apiKey cookie"),
    ("rest_framework.authentication.BasicAuthentication", False, "basicAuth", "http basic"),
    ("rest_framework.authentication.TokenAuthentication", True, "tokenAuth", "apiKey header"),
)
_SIMPLEJWT = "rest_framework_simplejwt.authentication."
_JWT_CLASSES = ("JWTAuthentication", "JWTTokenUserAuthentication", "JWTStatelessUserAuthentication")

_KNOWN_ATTRIBUTES = {("rest_framework.authentication.TokenAuthentication", "keyword"): "Token"}
"""Class attributes of DRF's authentication classes an extension's definition may read (``self.target.keyword``)."""

Extension = tuple[str, bool, SecurityScheme | None]
"""``(target class, whether subclasses match, scheme)``; no scheme when it is not a literal."""


class SecuritySchemes:
    """The security schemes of a project's authentication classes, as drf-spectacular finds them."""

    def __init__(self, context: LinkContext, views: ViewClasses, settings: str | None) -> None:
        self.context = context
        self.views = views
        self.whitelist = self._whitelist(settings)
        cookie = context.evaluator.member(settings, "SESSION_COOKIE_NAME") if settings else None
        cookie_name = cookie.value if isinstance(cookie, Const) and isinstance(cookie.value, str) else "sessionid"
        parameters = {"cookieAuth": cookie_name, "tokenAuth": "Authorization"}
        builtin: list[Extension] = [
            (target, subclasses, _scheme(name, kind, parameters.get(name, "")))
            for target, subclasses, name, kind in _BUILTIN
        ]
        builtin += [(f"{_SIMPLEJWT}{name}", False, _JWT) for name in _JWT_CLASSES]
        self._extensions: list[Extension] | None = None
        self._builtin = builtin

    def of(self, value: Value) -> SecurityScheme | None:
        """The scheme of an authentication class, None when drf-spectacular documents none."""
        cls = self.views.class_of(value)
        if cls is None or (self.whitelist is not None and cls.dotted not in self.whitelist):
            return None
        if self._extensions is None:
            self._extensions = self._project_extensions()
        lineage = self.views.lineage(cls)
        for target, subclasses, scheme in self._extensions + self._builtin:
            if cls.dotted == target or (subclasses and target in lineage):
                return _BEARER if scheme is not None and self._bearer_token(cls, scheme) else scheme
        return None

    def _bearer_token(self, cls: DefRef | External, scheme: SecurityScheme) -> bool:
        """Whether a ``TokenAuthentication`` subclass sends ``Authorization: Bearer`` (an http bearer scheme)."""
        if scheme.name != "tokenAuth" or not isinstance(cls, DefRef):
            return False
        return self.context.evaluator.class_attribute(cls, "keyword") == Const("Bearer")

    def _whitelist(self, settings: str | None) -> set[str] | None:
        listed = spectacular_setting(self.context, settings, "AUTHENTICATION_WHITELIST")
        if listed is None or listed == Const(None):
            return None
        return {_dotted(item) for item in getattr(listed, "items", (listed,))} - {""}

    def _project_extensions(self) -> list[Extension]:
        """The project's ``OpenApiAuthenticationExtension`` subclasses."""
        found: list[Extension] = []
        for info in classes(self.context):
            if _EXTENSION not in info.lineage or info.dotted == _EXTENSION:
                continue
            ref = DefRef(info.dotted, True)
            target = self.context.evaluator.class_attribute(ref, "target_class")
            name = self.context.evaluator.class_attribute(ref, "name")
            subclasses = self.context.evaluator.class_attribute(ref, "match_subclasses")
            if target is None or not isinstance(name, Const) or not isinstance(name.value, str):
                continue
            scheme = _from_definition(name.value, self._definition(info, target))
            found.append((_dotted(target), subclasses == Const(True), scheme))
        return found

    def _definition(self, info: ClassInfo, target: Value) -> object:
        """What the extension's ``get_security_definition`` (its own or an analysed base's) returns.

        A dict literal, or a dict display whose values are constants or ``self.target.<attribute>``
        (a class attribute of the target class); None otherwise.
        """
        for klass in analysed_mro(self.context, info):
            for stmt in klass.definition.body:
                if not isinstance(stmt, FunctionDef) or stmt.name != "get_security_definition":
                    continue
                returns = [s.value for s in stmt.body if isinstance(s, Return) and s.value is not None]
                if len(returns) != 1:
                    return None
                text = json_literal(self.context, returns[0], klass.scope)
                if text is not None:
                    return json.loads(text)
                local = {  # keyword = self.target.keyword
                    str(a.targets[0].value): a.value
                    for a in stmt.body
                    if isinstance(a, Assign) and len(a.targets) == 1 and a.targets[0].op is Op.NAME and a.value
                }
                return self._display(returns[0], klass.scope, target, local)
        return None

    def _display(self, expr: Expr, scope: Scope, target: Value, local: dict[str, Expr]) -> dict[str, str] | None:
        if expr.op is not Op.DICT:
            return None
        out: dict[str, str] = {}
        for key, value in zip(expr.args[::2], expr.args[1::2], strict=False):
            if key is None or key.op is not Op.STR:
                continue
            if value.op is Op.NAME and str(value.value) in local:
                value = local[str(value.value)]
            if value.op is Op.ATTR and unparse(value.args[0]) == "self.target":
                found = self._target_attribute(target, str(value.value))
            else:
                found = const_at(self.context, value, scope)
            if isinstance(found, str):
                out[str(key.value)] = found
        return out

    def _target_attribute(self, target: Value, name: str) -> object:
        dotted = _dotted(target)
        cls = DefRef(dotted, True) if dotted in self.context.program.definitions else None
        if cls is not None:
            value = self.context.evaluator.class_attribute(cls, name)
            return value.value if isinstance(value, Const) else None
        return _KNOWN_ATTRIBUTES.get((self.context.evaluator.hierarchies.canonical(dotted), name))


def _scheme(name: str, kind: str, parameter: str) -> SecurityScheme:
    scheme_type, _, where = kind.partition(" ")
    if scheme_type == "http":
        return SecurityScheme(name=name, type="http", scheme=where)
    return SecurityScheme(name=name, type="apiKey", location=where, parameter=parameter)


def _from_definition(name: str, definition: object) -> SecurityScheme | None:
    """A scheme from an OpenAPI security scheme object; None unless it is an apiKey or http one."""
    if not isinstance(definition, dict):
        return None
    kind = definition.get("type")
    if kind == "http" and isinstance(definition.get("scheme"), str):
        return SecurityScheme(name=name, type="http", scheme=definition["scheme"])
    if kind == "apiKey" and isinstance(definition.get("in"), str) and isinstance(definition.get("name"), str):
        return SecurityScheme(name=name, type="apiKey", location=definition["in"], parameter=definition["name"])
    return None


def _dotted(value: Value) -> str:
    if isinstance(value, Const) and isinstance(value.value, str):
        return value.value
    return value.dotted if isinstance(value, DefRef | External) else ""

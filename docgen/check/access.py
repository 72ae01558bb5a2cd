"""Access checks docgen cannot read but can see are there: what keeps DG402 from claiming a route is open.

DG402 says a state-changing route has no authentication. The readers know the frameworks' own
mechanisms (dependencies, permission classes, ``login_required``...); a project's own decorator
(``@organizer_permission_required(...)``, ``@login_optionally_required``), a permission mixin
among a view's bases (``EventPermissionRequiredMixin``), or Tornado's ``@web.authenticated``
checks access in a way they do not model. Saying such a route "changes state without
authentication" would be wrong far more often than right, so when the handler or its class
shows one, by name, the route is not reported.
"""

from __future__ import annotations

import re

from docgen.enrich.bandit import words_of
from docgen.link.contract import LinkContext
from docgen.link.unparse import unparse
from docgen.link.values import Const, DefRef, Seq
from docgen.model import Framework, Route
from docgen.model.facts import ClassDef, Expr, FunctionDef, Op

ACCESS_NAME = re.compile(r"auth|login|logged|permission|perm_|_perm|required|protect|staff|admin|superuser|token", re.I)
"""Names of decorators and base classes that check who may call (``login_optionally_required``)."""
ENFORCING_MIDDLEWARE = re.compile(r"permission|login_?required|require_?login|access|restrict", re.I)
"""Names of middleware that refuse callers (an ``AuthenticationMiddleware`` only says who the caller is)."""
_METHOD_RESTRICTIONS = frozenset({"require_POST", "require_GET", "require_safe", "require_http_methods"})
"""Django's decorators that restrict the methods, not the callers."""


def unread_access_check(context: LinkContext, route: Route, middleware: str | None = None) -> str | None:
    """The decorator or base class of the route's handler that checks access by its name, if one does.

    For a Django route, also ``middleware`` (:func:`access_middleware`): it may guard every URL,
    and which it exempts is its code's business.
    """
    if route.framework in (Framework.DJANGO, Framework.DRF) and middleware is not None:
        return middleware
    # the function that runs (an inherited verb), then the route's own view class, whose bases mix the checks in
    for dotted in dict.fromkeys(d for d in (route.implementation, route.handler) if d):
        found = _access_of(context, dotted)
        if found is not None:
            return found
    return None


def _access_of(context: LinkContext, dotted: str) -> str | None:
    """The access check a function's decorators, or its class's decorators and bases, name."""
    program = context.program
    definition = program.definition(dotted)
    if isinstance(definition, FunctionDef):
        found = _decorated(definition.decorators)
        if found is not None:
            return found
    owner = dotted.rpartition(".")[0]
    cls = program.definition(owner)
    if not isinstance(cls, ClassDef):
        return None
    found = _decorated(cls.decorators)
    if found is not None:
        return found
    for klass in context.evaluator.mro(DefRef(owner, True))[1:]:
        name = klass.dotted.rpartition(".")[2]
        if ACCESS_NAME.search(name):
            return name
    return None


def _decorated(decorators: tuple[Expr, ...]) -> str | None:
    for decorator in decorators:
        target = decorator.args[0] if decorator.op is Op.CALL and decorator.args else decorator
        name = unparse(target)
        last = name.rpartition(".")[2]
        if last not in _METHOD_RESTRICTIONS and ACCESS_NAME.search(last):
            return name
    return None


def access_middleware(context: LinkContext) -> str | None:
    """A middleware of the analysed code named as refusing callers, listed in a module's ``MIDDLEWARE``."""
    program = context.program
    found = None
    for module in sorted(program.modules):
        if "MIDDLEWARE" not in program.module_scope(module).bindings:
            continue
        listed = context.evaluator.member(module, "MIDDLEWARE")
        items = listed.items if isinstance(listed, Seq) else ()
        for item in items:
            dotted = item.value if isinstance(item, Const) and isinstance(item.value, str) else ""
            owner, _, name = dotted.rpartition(".")
            if owner and program.has_module(owner) and ENFORCING_MIDDLEWARE.search(name):
                found = dotted
                break
        if found is not None:
            break
    return found


CREDENTIAL_ENDPOINTS = frozenset(
    {
        "login",
        "log_in",
        "logon",
        "signin",
        "sign_in",
        "token",
        "access_token",
        "refresh",
        "refresh_token",
        "token_refresh",
        "register",
        "signup",
        "sign_up",
        "password_reset",
        "reset_password",
        "forgot_password",
    }
)
"""Handler names and final path segments (``-`` read as ``_``) of endpoints that issue credentials."""

CREDENTIAL_VIEWS = frozenset(
    f"django.contrib.auth.views.{name}"
    for name in ("LoginView", "PasswordResetView", "PasswordResetConfirmView", "PasswordResetDoneView")
)
"""Django's views that hand out credentials or resets: public by design, whoever subclasses them."""
_CREDENTIAL_NAME = re.compile(r"Log[Ii]n|Sign[IU][np]|Register|PasswordReset|ResetPassword|ForgotPassword")


SESSION_ENDINGS = frozenset({"logout", "log_out", "logoff", "signout", "sign_out"})
"""Handler names and final path segments of endpoints that end the caller's own session: no one else's state."""
REDIRECT_VIEWS = frozenset({"django.views.generic.base.RedirectView"})
"""Views that answer every method with a redirect and change nothing."""


def changes_nothing_of_others(context: LinkContext, route: Route) -> bool:
    """Whether ``route`` ends the caller's session (a logout) or only redirects, so it needs no authentication."""
    handler = route.handler or ""
    names = {handler.rpartition(".")[2].lower(), route.path.rstrip("/").rpartition("/")[2].lower().replace("-", "_")}
    if not names.isdisjoint(SESSION_ENDINGS):
        return True
    view = (route.implementation or handler).rpartition(".")[0]
    if view in REDIRECT_VIEWS:
        return True
    owner = handler.rpartition(".")[0]
    if not owner or not isinstance(context.program.definition(owner), ClassDef):
        return False
    return any(klass.dotted in REDIRECT_VIEWS for klass in context.evaluator.mro(DefRef(owner, True)))


def is_credential_endpoint(context: LinkContext, route: Route) -> bool:
    """Whether ``route`` hands out credentials (login, token, sign-up, a reset), so it cannot require them.

    By its handler's name or its path's last segment (:data:`CREDENTIAL_ENDPOINTS`), a handler
    whose name ends in a login (``nostr_login``), or its view class: one named for a login, sign-up
    or reset, or a subclass of :data:`CREDENTIAL_VIEWS`.
    """
    names = {(route.handler or "").rpartition(".")[2].lower()}
    last = route.path.rstrip("/").rpartition("/")[2]
    if last and not last.startswith("{"):
        names.add(last.lower().replace("-", "_"))
    if not names.isdisjoint(CREDENTIAL_ENDPOINTS):
        return True
    words = words_of((route.handler or "").rpartition(".")[2])
    if words[-1:] in (["login"], ["logon"], ["signin"]) or words[-2:] == ["sign", "in"]:
        return True  # a login of one kind or another: nostr_login, ldap_login, oauth_sign_in
    owner = (route.handler or "").rpartition(".")[0]
    if not owner or not isinstance(context.program.definition(owner), ClassDef):
        return False
    if _CREDENTIAL_NAME.search(owner.rpartition(".")[2]):
        return True
    return any(klass.dotted in CREDENTIAL_VIEWS for klass in context.evaluator.mro(DefRef(owner, True)))

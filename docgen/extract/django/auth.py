"""Authentication and permission requirements of Django and DRF views.

Django: ``login_required``, ``permission_required(...)``, ``user_passes_test``,
``staff_member_required`` on function views or through ``method_decorator`` (on the class with
``name="dispatch"`` or on the handler method), and ``LoginRequiredMixin`` /
``PermissionRequiredMixin`` / ``UserPassesTestMixin`` in a class's bases. DRF: the view's
``permission_classes`` / ``authentication_classes`` (combinations such as
``IsAuthenticated & IsAdminUser`` keep their source text), else the ``REST_FRAMEWORK`` settings'
``DEFAULT_PERMISSION_CLASSES`` / ``DEFAULT_AUTHENTICATION_CLASSES`` (level ``settings``); DRF's own
defaults otherwise (simplejwt's token views set none of either). A view whose permissions are
only ``AllowAny`` requires no auth.
"""

from __future__ import annotations

from docgen.extract._shared.common import Handler, short_name, strings
from docgen.extract.django.drf_security import SecuritySchemes
from docgen.extract.django.views import ClassRef, ViewClasses, decorator_name
from docgen.link.contract import LinkContext
from docgen.link.evaluate import Const, DefRef, External, Seq, Unknown, Value
from docgen.link.program import Scope
from docgen.model import Auth
from docgen.model.facts import ClassDef, Expr, Op

_DECORATORS = {
    "django.contrib.auth.decorators.login_required": "login_required",
    "django.contrib.auth.decorators.permission_required": "permission",
    "django.contrib.auth.decorators.user_passes_test": "permission",
    "django.contrib.admin.views.decorators.staff_member_required": "permission",
    "rest_framework.decorators.permission_classes": "drf_permission",
    "rest_framework.decorators.authentication_classes": "drf_authentication",
}
_MIXINS = {
    "django.contrib.auth.mixins.LoginRequiredMixin": "login_required",
    "django.contrib.auth.mixins.PermissionRequiredMixin": "permission",
    "django.contrib.auth.mixins.UserPassesTestMixin": "permission",
    # Django decorates these views' dispatch with login_required
    "django.contrib.auth.views.PasswordChangeView": "login_required",
    "django.contrib.auth.views.PasswordChangeDoneView": "login_required",
}
_METHOD_DECORATOR = "django.utils.decorators.method_decorator"
_THIRD_PARTY: dict[str, dict[str, Value]] = {
    "rest_framework_simplejwt.views.TokenViewBase": {"permission_classes": Seq(()), "authentication_classes": Seq(())},
}
"""Class attributes of third-party views that are not analysed: simplejwt's token views take anyone."""
_ALLOW_ANY = "AllowAny"
DRF_DEFAULTS = {
    "DEFAULT_PERMISSION_CLASSES": (External("rest_framework.permissions.AllowAny"),),
    "DEFAULT_AUTHENTICATION_CLASSES": (
        External("rest_framework.authentication.SessionAuthentication"),
        External("rest_framework.authentication.BasicAuthentication"),
    ),
}
"""DRF's own defaults, used when the settings do not name others."""


class ViewAuth:
    """Works out the auth of views, knowing the project's DRF defaults."""

    def __init__(
        self, context: LinkContext, views: ViewClasses, drf_settings: dict[str, Value], settings: str | None
    ) -> None:
        self.context = context
        self.views = views
        self.schemes = SecuritySchemes(context, views, settings)
        self.defaults = {key: drf_settings.get(key, Seq(items)) for key, items in DRF_DEFAULTS.items()}

    def function(self, decorators: tuple[Expr, ...], scope: Scope, is_drf: bool) -> tuple[Auth, ...]:
        """Auth of a function view, from its decorators (and DRF's defaults for an ``@api_view``)."""
        found, drf = self._decorators(decorators, scope)
        if not is_drf:
            return tuple(found)
        return self._drf(drf.get("permission"), drf.get("authentication"), "route") + tuple(found)

    def wrapping(self, wrappers: tuple[tuple[Expr, Scope], ...]) -> tuple[Auth, ...]:
        """Auth of the calls wrapping a view in its pattern (``login_required(View.as_view())``)."""
        return tuple(auth for call, scope in wrappers for auth in self.function((call.args[0],), scope, False))

    def view_class(self, cls: ClassRef, handler: Handler | None, is_drf: bool) -> tuple[Auth, ...]:
        """Auth of a class-based view's route handled by ``handler``."""
        found: list[Auth] = []
        lineage = self.views.mro(cls)
        for klass in lineage:
            kind = _MIXINS.get(klass.dotted) if isinstance(klass, External) else None
            if kind is not None:
                found.append(Auth(kind=kind, name=short_name(klass.dotted), scopes=self._permission_scopes(cls, kind)))
        for klass in lineage:
            definition = self.context.program.definition(klass.dotted) if isinstance(klass, DefRef) else None
            scope = self.context.program.defining_scope(klass.dotted)
            if isinstance(definition, ClassDef) and scope is not None:
                found.extend(self._method_decorators(definition.decorators, scope, ("dispatch",)))
        if handler is not None:
            found.extend(self._method_decorators(handler.definition.decorators, handler.scope, None))
        if not is_drf:
            return tuple(found)
        permission = self._class_value(cls, "permission_classes")
        authentication = self._class_value(cls, "authentication_classes")
        return self._drf(permission, authentication, "route") + tuple(found)

    def _class_value(self, cls: ClassRef, name: str) -> Value | None:
        """A class attribute of the view: its own or an analysed base's, else a known third-party base's."""
        found = self.context.evaluator.class_attribute(cls, name) if isinstance(cls, DefRef) else None
        if found is not None:
            return found
        return next(
            (_THIRD_PARTY[k.dotted][name] for k in self.views.mro(cls) if name in _THIRD_PARTY.get(k.dotted, {})), None
        )

    def _permission_scopes(self, cls: ClassRef, kind: str) -> tuple[str, ...]:
        if kind != "permission" or not isinstance(cls, DefRef):
            return ()
        value = self.context.evaluator.class_attribute(cls, "permission_required")
        return strings(value) if value is not None else ()

    def _drf(self, permission: Value | None, authentication: Value | None, level: str) -> tuple[Auth, ...]:
        """Auth records for DRF permission and authentication classes (view level, else settings)."""
        perm_level = level if permission is not None else "settings"
        auth_level = level if authentication is not None else "settings"
        permissions = _names(permission if permission is not None else self.defaults["DEFAULT_PERMISSION_CLASSES"])
        if all(p == _ALLOW_ANY for p in permissions):
            return ()
        authentications = (
            authentication if authentication is not None else self.defaults["DEFAULT_AUTHENTICATION_CLASSES"]
        )
        return tuple(
            Auth(kind="permission", name=p, scopes=(), level=perm_level) for p in permissions if p != _ALLOW_ANY
        ) + tuple(
            Auth(kind="authentication", name=name, scopes=(), level=auth_level, scheme=self.schemes.of(item))
            for name, item in _named(authentications)
        )

    def _decorators(self, decorators: tuple[Expr, ...], scope: Scope) -> tuple[list[Auth], dict[str, Value]]:
        """Django auth decorators as Auth records, and DRF ``@permission_classes``-style values."""
        found: list[Auth] = []
        drf: dict[str, Value] = {}
        for decorator in decorators:
            name, call = decorator_name(self.context, decorator, scope)
            kind = _DECORATORS.get(name or "")
            if kind is None:
                continue
            if kind.startswith("drf_"):
                listed = call.positional[0] if call.op is Op.CALL and call.positional else None
                if listed is not None:
                    drf[kind[4:]] = self.context.evaluator.eval(listed, scope)
                continue
            scopes: tuple[str, ...] = ()
            if kind == "permission" and call.op is Op.CALL and call.positional:
                scopes = strings(self.context.evaluator.eval(call.positional[0], scope))
            found.append(Auth(kind=kind, name=short_name(name or ""), scopes=scopes))
        return found, drf

    def _method_decorators(
        self, decorators: tuple[Expr, ...], scope: Scope, names: tuple[str, ...] | None
    ) -> list[Auth]:
        """Auth from ``method_decorator(deco, name=...)`` (only for ``names`` when given) and plain decorators."""
        found: list[Auth] = []
        for decorator in decorators:
            name, call = decorator_name(self.context, decorator, scope)
            if name != _METHOD_DECORATOR or call.op is not Op.CALL:
                if names is None:
                    found.extend(self._decorators((decorator,), scope)[0])
                continue
            target = call.kwarg("name")
            value = self.context.evaluator.eval(target, scope) if target is not None else None
            if names is not None and not (isinstance(value, Const) and value.value in names):
                continue
            inner = call.positional[0] if call.positional else call.kwarg("decorator")
            if inner is None:
                continue
            items = inner.args if inner.op in (Op.LIST, Op.TUPLE) else (inner,)
            found.extend(self._decorators(items, scope)[0])
        return found


def _names(value: Value) -> list[str]:
    """Display names of the classes in a permission/authentication list."""
    return [name for name, _ in _named(value)]


def _named(value: Value) -> list[tuple[str, Value]]:
    """The classes of a permission/authentication list, with their display names."""
    items = value.items if isinstance(value, Seq) else (value,)
    named: list[tuple[str, Value]] = []
    for item in items:
        if isinstance(item, DefRef | External):
            named.append((short_name(item.dotted), item))
        elif isinstance(item, Const) and isinstance(item.value, str):
            named.append((short_name(item.value), item))
        elif isinstance(item, Unknown):
            named.append((item.text, item))
    return named

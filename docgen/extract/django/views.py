"""What a Django or DRF view answers: the HTTP methods and the handler behind each.

Covers function views (``require_http_methods``/``require_GET``/``require_POST``/``require_safe``,
DRF ``@api_view``), class-based views (the lowercase HTTP-method names the class defines or
inherits, filtered by ``http_method_names``; ``options`` only when overridden) and DRF viewset
actions. The frameworks' own classes are not analysed code, so :data:`KNOWN` records, for each of
them, its bases and the methods it defines: an inherited handler is named after the class that
defines it (``rest_framework.mixins.ListModelMixin.list``), as the runtime reports it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docgen.extract._shared.common import Handler, find_handler, last_assignment, strings
from docgen.link.contract import LinkContext
from docgen.link.evaluate import Const, DefRef, External, Instance, Value
from docgen.link.program import Scope
from docgen.model import HttpMethod
from docgen.model.facts import ClassDef, Expr, FunctionDef, Op

VERBS = ("get", "post", "put", "patch", "delete", "head", "options", "trace")
"""Django's ``View.http_method_names``: the method names a class-based view may define."""


@dataclass(frozen=True, slots=True)
class Known:
    """A view class (or mixin) of Django or DRF: what the table knows about it.

    Attributes:
        bases: Canonical dotted names of its bases, in order.
        defines: Method names it defines itself (HTTP verbs, viewset actions).
        http_method_names: Its ``http_method_names`` when it narrows Django's default.
    """

    bases: tuple[str, ...] = ()
    defines: frozenset[str] = field(default_factory=frozenset)
    http_method_names: tuple[str, ...] | None = None


def _k(*bases: str, defines: str = "", methods: tuple[str, ...] | None = None) -> Known:
    return Known(bases, frozenset(defines.split()), methods)


_G = "django.views.generic."
_VIEW, _TRM, _CM = f"{_G}base.View", f"{_G}base.TemplateResponseMixin", f"{_G}base.ContextMixin"
_MOM, _SOM = f"{_G}list.MultipleObjectMixin", f"{_G}detail.SingleObjectMixin"
_SOTRM = f"{_G}detail.SingleObjectTemplateResponseMixin"
_FORM, _MFORM, _PFV = f"{_G}edit.FormMixin", f"{_G}edit.ModelFormMixin", f"{_G}edit.ProcessFormView"
_APIVIEW, _GENERIC = "rest_framework.views.APIView", "rest_framework.generics.GenericAPIView"
_M = "rest_framework.mixins."
_CREATE, _LIST, _RETRIEVE = f"{_M}CreateModelMixin", f"{_M}ListModelMixin", f"{_M}RetrieveModelMixin"
_UPDATE, _DESTROY = f"{_M}UpdateModelMixin", f"{_M}DestroyModelMixin"
_VSM = "rest_framework.viewsets.ViewSetMixin"
_JWT, _SPECTACULAR = "rest_framework_simplejwt.views.TokenViewBase", "drf_spectacular.views.SpectacularAPIView"

KNOWN: dict[str, Known] = {
    _VIEW: _k(defines="options"),
    _TRM: _k(),
    _CM: _k(),
    f"{_G}base.TemplateView": _k(_TRM, _CM, _VIEW, defines="get"),
    f"{_G}base.RedirectView": _k(_VIEW, defines="get head post options delete put patch"),
    _MOM: _k(_CM),
    f"{_G}list.BaseListView": _k(_MOM, _VIEW, defines="get"),
    f"{_G}list.MultipleObjectTemplateResponseMixin": _k(_TRM),
    f"{_G}list.ListView": _k(f"{_G}list.MultipleObjectTemplateResponseMixin", f"{_G}list.BaseListView"),
    _SOM: _k(_CM),
    f"{_G}detail.BaseDetailView": _k(_SOM, _VIEW, defines="get"),
    _SOTRM: _k(_TRM),
    f"{_G}detail.DetailView": _k(_SOTRM, f"{_G}detail.BaseDetailView"),
    _FORM: _k(_CM),
    _MFORM: _k(_FORM, _SOM),
    _PFV: _k(_VIEW, defines="get post put"),
    f"{_G}edit.BaseFormView": _k(_FORM, _PFV),
    f"{_G}edit.FormView": _k(_TRM, f"{_G}edit.BaseFormView"),
    f"{_G}edit.BaseCreateView": _k(_MFORM, _PFV, defines="get post"),
    f"{_G}edit.CreateView": _k(_SOTRM, f"{_G}edit.BaseCreateView"),
    f"{_G}edit.BaseUpdateView": _k(_MFORM, _PFV, defines="get post"),
    f"{_G}edit.UpdateView": _k(_SOTRM, f"{_G}edit.BaseUpdateView"),
    f"{_G}edit.DeletionMixin": _k(defines="delete post"),
    f"{_G}edit.BaseDeleteView": _k(f"{_G}edit.DeletionMixin", _FORM, f"{_G}detail.BaseDetailView", defines="post"),
    f"{_G}edit.DeleteView": _k(_SOTRM, f"{_G}edit.BaseDeleteView"),
    f"{_G}dates.BaseDateListView": _k(_MOM, _VIEW, defines="get"),
    **{
        f"{_G}dates.{name}": _k(_TRM, f"{_G}dates.BaseDateListView")
        for name in (
            "ArchiveIndexView",
            "YearArchiveView",
            "MonthArchiveView",
            "WeekArchiveView",
            "DayArchiveView",
            "TodayArchiveView",
        )
    },
    f"{_G}dates.DateDetailView": _k(_SOTRM, f"{_G}detail.BaseDetailView"),
    "django.contrib.auth.views.LoginView": _k(f"{_G}edit.FormView"),
    "django.contrib.auth.views.LogoutView": _k(f"{_G}base.TemplateView", defines="post", methods=("post", "options")),
    "django.contrib.auth.views.PasswordChangeView": _k(f"{_G}edit.FormView"),
    "django.contrib.auth.views.PasswordResetView": _k(f"{_G}edit.FormView"),
    "django.contrib.auth.views.PasswordResetConfirmView": _k(f"{_G}edit.FormView"),
    "django.contrib.auth.views.PasswordChangeDoneView": _k(f"{_G}base.TemplateView"),
    "django.contrib.auth.views.PasswordResetDoneView": _k(f"{_G}base.TemplateView"),
    "django.contrib.auth.views.PasswordResetCompleteView": _k(f"{_G}base.TemplateView"),
    "django.views.i18n.JavaScriptCatalog": _k(_VIEW, defines="get"),
    "django.views.i18n.JSONCatalog": _k("django.views.i18n.JavaScriptCatalog"),
    "django.contrib.auth.mixins.LoginRequiredMixin": _k(),
    "django.contrib.auth.mixins.PermissionRequiredMixin": _k(),
    "django.contrib.auth.mixins.UserPassesTestMixin": _k(),
    _APIVIEW: _k(_VIEW, defines="options"),
    _GENERIC: _k(_APIVIEW),
    _CREATE: _k(defines="create"),
    _LIST: _k(defines="list"),
    _RETRIEVE: _k(defines="retrieve"),
    _UPDATE: _k(defines="update partial_update"),
    _DESTROY: _k(defines="destroy"),
    "rest_framework.generics.CreateAPIView": _k(_CREATE, _GENERIC, defines="post"),
    "rest_framework.generics.ListAPIView": _k(_LIST, _GENERIC, defines="get"),
    "rest_framework.generics.RetrieveAPIView": _k(_RETRIEVE, _GENERIC, defines="get"),
    "rest_framework.generics.DestroyAPIView": _k(_DESTROY, _GENERIC, defines="delete"),
    "rest_framework.generics.UpdateAPIView": _k(_UPDATE, _GENERIC, defines="put patch"),
    "rest_framework.generics.ListCreateAPIView": _k(_LIST, _CREATE, _GENERIC, defines="get post"),
    "rest_framework.generics.RetrieveUpdateAPIView": _k(_RETRIEVE, _UPDATE, _GENERIC, defines="get put patch"),
    "rest_framework.generics.RetrieveDestroyAPIView": _k(_RETRIEVE, _DESTROY, _GENERIC, defines="get delete"),
    "rest_framework.generics.RetrieveUpdateDestroyAPIView": _k(
        _RETRIEVE, _UPDATE, _DESTROY, _GENERIC, defines="get put patch delete"
    ),
    _VSM: _k(),
    "rest_framework.viewsets.ViewSet": _k(_VSM, _APIVIEW),
    "rest_framework.viewsets.GenericViewSet": _k(_VSM, _GENERIC),
    "rest_framework.viewsets.ReadOnlyModelViewSet": _k(_RETRIEVE, _LIST, "rest_framework.viewsets.GenericViewSet"),
    "rest_framework.viewsets.ModelViewSet": _k(
        _CREATE, _RETRIEVE, _UPDATE, _DESTROY, _LIST, "rest_framework.viewsets.GenericViewSet"
    ),
    "rest_framework.routers.APIRootView": _k(_APIVIEW, defines="get"),
    "rest_framework.authtoken.views.ObtainAuthToken": _k(_APIVIEW, defines="post"),
    _JWT: _k(_GENERIC, defines="post"),
    **{
        f"rest_framework_simplejwt.views.{name}": _k(_JWT)
        for name in (
            "TokenObtainPairView",
            "TokenRefreshView",
            "TokenVerifyView",
            "TokenBlacklistView",
            "TokenObtainSlidingView",
            "TokenRefreshSlidingView",
        )
    },
    _SPECTACULAR: _k(_APIVIEW, defines="get"),
    "drf_spectacular.views.SpectacularJSONAPIView": _k(_SPECTACULAR),
    "drf_spectacular.views.SpectacularYAMLAPIView": _k(_SPECTACULAR),
    "drf_spectacular.views.SpectacularSwaggerView": _k(_APIVIEW, defines="get"),
    "drf_spectacular.views.SpectacularRedocView": _k(_APIVIEW, defines="get"),
    "rest_framework.routers.BaseRouter": _k(),
    "rest_framework.routers.SimpleRouter": _k("rest_framework.routers.BaseRouter"),
    "rest_framework.routers.DefaultRouter": _k("rest_framework.routers.SimpleRouter"),
}
"""Django's generic views, auth views and mixins; DRF's views, generics, mixins, viewsets and routers;
the token views of DRF and djangorestframework-simplejwt and drf-spectacular's schema views."""

_SUBMODULES = {
    "rest_framework.viewsets": ("generics", "mixins", "views"),
    "rest_framework.generics": ("mixins", "views"),
}
"""DRF modules that import sibling modules, so ``viewsets.mixins.ListModelMixin`` names the mixin."""
_ALIASES = {
    "django.views.View": _VIEW,
    **{f"{_G}{name.rpartition('.')[2]}": name for name in KNOWN if name.startswith(_G)},
    **{
        f"{module}.{name.removeprefix('rest_framework.')}": name
        for module, siblings in _SUBMODULES.items()
        for name in KNOWN
        if name.startswith(tuple(f"rest_framework.{s}." for s in siblings))
    },
}
"""Re-exports (``django.views.generic.TemplateView``, ``rest_framework.viewsets.mixins.ListModelMixin``)
→ the defining module's name."""

_BASE_OPTIONS = frozenset({_VIEW, _APIVIEW})
"""Classes whose ``options`` every view has: it counts only when a subclass overrides it."""
_METHOD_DECORATORS = {
    "django.views.decorators.http.require_GET": ("GET",),
    "django.views.decorators.http.require_POST": ("POST",),
    "django.views.decorators.http.require_safe": ("GET", "HEAD"),
}
REQUIRE_METHODS = "django.views.decorators.http.require_http_methods"
API_VIEW = "rest_framework.decorators.api_view"
APIVIEW = _APIVIEW
VIEWSET = _VSM

ClassRef = DefRef | External


class ViewClasses:
    """Method resolution over analysed view classes and the frameworks' own (see :data:`KNOWN`)."""

    def __init__(self, context: LinkContext) -> None:
        self.context = context
        context.evaluator.hierarchies.add_known({name: known.bases for name, known in KNOWN.items()}, _ALIASES)

    def class_of(self, value: Value) -> ClassRef | None:
        """The class a value names (an instance's class), with re-exported names made canonical."""
        if isinstance(value, Instance):
            value = value.cls
        if isinstance(value, External):
            return External(self.context.evaluator.hierarchies.canonical(value.dotted))
        if isinstance(value, DefRef) and value.is_class:
            return value
        return None

    def mro(self, cls: ClassRef) -> tuple[ClassRef, ...]:
        """The class's C3 method resolution order (cycles in broken code cut, with a DG914)."""
        return self.context.evaluator.mro(cls)

    def lineage(self, cls: ClassRef) -> set[str]:
        """Dotted names of the class and everything it inherits from."""
        return {c.dotted for c in self.mro(cls)}

    def defining(self, cls: ClassRef, name: str) -> tuple[str, Handler | None] | None:
        """``(module.DefiningClass.name, handler)`` for the method ``name`` the class resolves to."""
        for klass in self.mro(cls):
            if isinstance(klass, DefRef):
                handler = find_handler(self.context, DefRef(f"{klass.dotted}.{name}", False))
                if handler is not None:
                    return handler.dotted, handler
            elif name in (KNOWN.get(klass.dotted) or Known()).defines:
                return f"{klass.dotted}.{name}", None
        return None

    def dispatch_override(self, cls: ClassRef) -> tuple[str, Handler | None] | None:
        """The analysed ``dispatch`` a class-based view without verb methods answers every method with.

        ``class LogoutView(View)`` defining only ``dispatch``: Django calls it for any method.
        Only when the class's whole MRO is known (analysed classes and :data:`KNOWN` ones): a base
        docgen does not read may define the verbs.
        """
        if not all(isinstance(k, DefRef) or k.dotted in KNOWN for k in self.mro(cls)):
            return None
        defined = self.defining(cls, "dispatch")
        return defined if defined is not None and defined[1] is not None else None

    def http_method_names(self, cls: ClassRef, initkwargs: dict[str, Value]) -> tuple[str, ...]:
        """The class's ``http_method_names`` (from ``as_view(...)``, the class, or Django's default)."""
        given = initkwargs.get("http_method_names")
        if given is None and isinstance(cls, DefRef):
            given = self.context.evaluator.class_attribute(cls, "http_method_names")
        names = strings(given) if given is not None else ()
        if names:
            return tuple(n.lower() for n in names)
        for klass in self.mro(cls):
            known = KNOWN.get(klass.dotted) if isinstance(klass, External) else None
            if known is not None and known.http_method_names is not None:
                return known.http_method_names
        return VERBS

    def class_methods(
        self, cls: ClassRef, initkwargs: dict[str, Value]
    ) -> list[tuple[HttpMethod, str, Handler | None]]:
        """``(method, handler name, handler)`` for each HTTP method a class-based view answers."""
        found = []
        for verb in self.http_method_names(cls, initkwargs):
            if verb not in VERBS:
                continue
            defined = self.defining(cls, verb)
            if defined is None:
                continue
            if verb == "options" and defined[0].rpartition(".")[0] in _BASE_OPTIONS:
                continue
            found.append((HttpMethod(verb.upper()), defined[0], defined[1]))
        return found


def decorator_name(context: LinkContext, decorator: Expr, scope: Scope) -> tuple[str | None, Expr]:
    """The dotted name a decorator resolves to (the called factory for ``@deco(...)``), and its call."""
    target = decorator.args[0] if decorator.op is Op.CALL else decorator
    value = context.evaluator.eval(target, scope)
    return (value.dotted if isinstance(value, External | DefRef) else None), decorator


def function_methods(
    context: LinkContext, decorators: tuple[Expr, ...], scope: Scope
) -> tuple[tuple[HttpMethod, ...], bool]:
    """The methods a function view's decorators allow, and whether it is a DRF ``@api_view``.

    ``require_http_methods([...])``, ``require_GET``, ``require_POST``, ``require_safe`` and
    ``@api_view([...])`` (GET when no list is given) restrict the methods; otherwise ``ANY``.
    """
    for decorator in decorators:
        name, call = decorator_name(context, decorator, scope)
        if name in _METHOD_DECORATORS:
            return tuple(HttpMethod(m) for m in _METHOD_DECORATORS[name]), False
        if name in (REQUIRE_METHODS, API_VIEW):
            listed = call.positional[0] if call.op is Op.CALL and call.positional else call.kwarg("http_method_names")
            names = strings(context.evaluator.eval(listed, scope)) if listed is not None else ()
            if not names and name == API_VIEW:
                names = ("GET",)
            methods = HttpMethod.listed(names)
            return methods or (HttpMethod.ANY,), name == API_VIEW
    return (HttpMethod.ANY,), False


def class_body_functions(context: LinkContext, cls: DefRef) -> list[FunctionDef]:
    """The methods defined directly in an analysed class's body."""
    definition = context.program.definition(cls.dotted)
    if not isinstance(definition, ClassDef):
        return []
    return [s for s in definition.body if isinstance(s, FunctionDef)]


def dict_strings(context: LinkContext, expr: Expr, scope: Scope) -> list[tuple[str, str]]:
    """The string pairs of a dict literal (``{"get": "list"}``)."""
    if expr.op is not Op.DICT:
        return []
    pairs = []
    for key, value in zip(expr.args[::2], expr.args[1::2], strict=False):
        k, v = context.evaluator.eval(key, scope), context.evaluator.eval(value, scope)
        if isinstance(k, Const) and isinstance(v, Const) and isinstance(k.value, str) and isinstance(v.value, str):
            pairs.append((k.value, v.value))
    return pairs


def bound_expr(context: LinkContext, expr: Expr, scope: Scope) -> tuple[Expr, Scope] | None:
    """The call or lambda a name is bound to (``home = HomeView.as_view()``), across imports."""
    found = last_assignment(context, expr, scope)
    if found is None:
        return None
    stmt, where = found
    return (stmt.value, where) if stmt.value is not None and stmt.value.op in (Op.CALL, Op.LAMBDA) else None

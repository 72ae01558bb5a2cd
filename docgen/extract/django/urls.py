"""Django urlconf trees: every route the root urlconf serves, down to each view's methods and handlers.

The root is the settings' ``ROOT_URLCONF`` (the settings module is the one ``manage.py``/``wsgi.py``
name in ``DJANGO_SETTINGS_MODULE``, else one binding ``ROOT_URLCONF``; ``from x import *`` chains
are followed). Without one, every ``urls`` module no other urlconf includes is a root. Patterns are
``path()``, ``re_path()``, ``url()`` and ``URLPattern(RegexPattern(route), view)``; ``include()``
takes a dotted name, a module, a pattern list or a ``(patterns, app_name)`` tuple; ``urlpatterns +=
[...]``, ``.append``/``.extend``, ``urlpatterns = [...] + urlpatterns`` and loops over the app
registry (:mod:`.registry`) are followed by the evaluator. Views are functions (also wrapped:
``csrf_exempt(view)``, an analysed ``@wraps(view)`` decorator), lambdas, factory calls returning a
function, ``View.as_view()`` classes (DRF APIViews and viewsets included) and DRF routers'
``router.urls``; ``obj.urls`` of an object another extractor mounts (``LinkContext.mounts``: ninja's
``api.urls``) is an edge to it.

Not listed, on purpose: Django admin (``admin.site.urls``), DRF's browsable-API login
(``rest_framework.urls``) and ``static()``/``staticfiles_urlpatterns()`` file serving, which are the
framework's own and not the app's API. Other urlconfs outside the analysed code (third-party apps
such as ``django_rq.urls``) are followed when ``extra-paths`` holds their source; otherwise each
gets a DG904 diagnostic. Routes found there are reported at the ``include()`` that mounts them.
"""

from __future__ import annotations

from dataclasses import replace

from docgen.diagnostics import Code
from docgen.extract._shared.common import Handler, class_handler, const_str, find_handler
from docgen.extract._shared.wrappers import VIEWISH, plain_function
from docgen.extract.django.auth import ViewAuth
from docgen.extract.django.docs import Docs, view_docs
from docgen.extract.django.drf import Routers
from docgen.extract.django.drf_names import with_operation_ids
from docgen.extract.django.drf_schema import DrfOperations
from docgen.extract.django.paths import Piece, join_pieces, path_variants
from docgen.extract.django.registry import AppRegistry
from docgen.extract.django.resolvers import (
    DEFAULT_LANGUAGE,
    I18N_PATTERNS,
    URL_RESOLVERS,
    resolver_parts,
    teach_language,
)
from docgen.extract.django.settings import drf_settings, root_urlconfs, settings_module, spectacular_info
from docgen.extract.django.views import (
    APIVIEW,
    VIEWSET,
    ClassRef,
    ViewClasses,
    bound_expr,
    dict_strings,
    function_methods,
)
from docgen.extract.django.walk import (
    ADMIN,
    At,
    Found,
    describe_value,
    direct_pattern,
    guarded_items,
    names_app,
    outside_module,
    publish,
)
from docgen.link.contract import Extractor, LinkContext
from docgen.link.evaluate import Choice, Const, External, Instance, ModuleRef, Seq, Unknown, Value, text_of
from docgen.link.program import Scope
from docgen.link.routegraph import Chain, Edge, Endpoint, RouteGraph
from docgen.link.unparse import unparse
from docgen.model import Auth, Framework, HttpMethod, Location, Route
from docgen.model.facts import Expr, Op

PATTERNS = {
    "django.urls.path": False,
    "django.urls.conf.path": False,
    "django.urls.re_path": True,
    "django.urls.conf.re_path": True,
    "django.conf.urls.url": True,
}
"""Pattern functions → whether their pattern is a regex."""
INCLUDES = frozenset({"django.urls.include", "django.urls.conf.include", "django.conf.urls.include"})
_WRAPPING = frozenset({"rest_framework.urlpatterns.format_suffix_patterns"})
_FILE_SERVING = frozenset({"django.conf.urls.static.static", "django.contrib.staticfiles.urls.staticfiles_urlpatterns"})
ROUTER_URLS = "docgen.drf.router.urls"
MOUNTED_URLS = "docgen.mounted.urls"
"""Stand-in classes of the values ``router.urls`` / ``api.urls`` evaluate to (keyed like the object)."""
_MAX_UNWRAP = 8


class DjangoExtractor(Extractor):
    """Routes of Django urlconfs, with Django and DRF views (function, class-based, viewsets)."""

    name = "django"
    packages = frozenset({"django", "rest_framework", "rest_framework_simplejwt", "drf_spectacular", "drf_yasg"})

    def collect_routes(self, *, context: LinkContext, graph: RouteGraph) -> None:  # noqa: D102
        settings = settings_module(context)
        roots, known = root_urlconfs(context, settings)
        if not roots:
            return
        walker = _Walker(context, settings)
        found = {module: walker.walk(module) for module in roots}
        with_operation_ids(context, settings, (f.endpoints for f in found.values()), walker.operations.lists)
        included = set().union(*(f.included - {m} for m, f in found.items()))
        for module, result in found.items():
            if known or module not in included:
                publish(context, graph, result, spectacular_info(context, settings))

    def describe(self, *, context: LinkContext, endpoint: Endpoint, chain: Chain, path: str) -> list[Route]:  # noqa: D102
        route = endpoint.payload
        return [replace(route, path=path, app=chain.app)] if isinstance(route, Route) else []


class _Walker:
    """Walks urlconf trees down to views, with what every walk shares (view classes, routers, auth)."""

    def __init__(self, context: LinkContext, settings: str | None) -> None:
        self.context = context
        self.settings = settings
        if settings is not None:  # `django.conf.settings` and `django.apps.apps`
            AppRegistry(context, settings).install()
        teach_language(context, self._setting("LANGUAGE_CODE"))
        self.views = ViewClasses(context)
        self.routers = Routers(context, self.views)
        drf = drf_settings(context, settings)
        for key, value in drf.items():
            context.evaluator.add_external_alias(f"rest_framework.settings.api_settings.{key}", value)
        self.auth = ViewAuth(context, self.views, drf, settings)
        self.operations = DrfOperations(context, self.views, drf, settings)
        self._routers: dict[str, Instance] = {}
        context.evaluator.add_attribute_hook("django.urls", self._urls_attribute)
        self.found = Found("")

    def _urls_attribute(self, instance: Instance, name: str, depth: int) -> Value | None:
        """``router.urls`` and a mounted object's ``urls`` keep which router or object they belong to."""
        del depth
        if name != "urls":
            return None
        if self.routers.is_router(instance):
            self._routers[instance.key] = instance
            return Instance(External(ROUTER_URLS), instance.key, instance.call, instance.scope_key)
        cls = self.views.class_of(instance)
        mounted = self.context.mounts.get(name, frozenset())
        if cls is not None and not self.views.lineage(cls).isdisjoint(mounted):
            return Instance(External(MOUNTED_URLS), instance.key, instance.call, instance.scope_key)
        return None

    def walk(self, root: str) -> Found:
        """Everything the urlconf ``root`` serves."""
        self.found = Found(root)
        self._module(root, At((), (), root, Location(self.context.program.modules[root].path)))
        return self.found

    def _warn(self, message: str, where: Location, code: str = Code.NOT_EVALUATED) -> None:
        self.found.warnings.append((code, message, where))

    # --- the urlconf tree ---------------------------------------------------------------------

    def _module(self, module: str, at: At) -> None:
        if module in at.stack:
            self._warn(f"urlconf {module!r} includes itself: this inclusion is dropped", at.location, Code.CYCLE_CUT)
            return
        if self.context.program.is_library(module) and at.entry is None:
            at = replace(at, entry=at.location)
        self.found.included.add(module)
        patterns = self.context.evaluator.member(module, "urlpatterns")
        self._patterns(patterns, replace(at, stack=(*at.stack, module), group=module))

    def _patterns(self, value: Value, at: At) -> None:
        for item, item_at in guarded_items(value, at):
            if isinstance(item, Seq):
                self._patterns(item, item_at)
            elif isinstance(item, Instance) and isinstance(item.cls, External):
                self._item(item, item_at)
            else:
                text = text_of(item)[0] if isinstance(item, Unknown) else describe_value(item)
                self._warn(f"url pattern {text!r} could not be evaluated", at.location)

    def _item(self, item: Instance, at: At) -> None:
        dotted = item.cls.dotted
        scope = self.context.call_scope(item)
        identity = (item.scope_key, id(item.call))
        if identity in at.expanding:
            where = self.context.location(scope.module, item.call.line)
            self._warn(
                f"url pattern {unparse(item.call)!r} includes itself: this inclusion is dropped", where, Code.CYCLE_CUT
            )
            return
        at = replace(at, expanding=(*at.expanding, identity))
        direct = direct_pattern(self.context, item, scope)
        if dotted in PATTERNS or direct is not None:
            call, regex = direct or (item.call, PATTERNS[dotted])
            self._pattern(call, scope, regex, at)
        elif dotted == ROUTER_URLS and item.key in self._routers:
            self._router(self._routers[item.key], at)
        elif dotted == MOUNTED_URLS:
            self._mount(item, at)
        elif dotted == I18N_PATTERNS or dotted in URL_RESOLVERS:
            self._resolver(item, scope, at)
        elif dotted in _WRAPPING and item.call.positional:
            self._patterns(self.context.evaluator.eval(item.call.positional[0], scope), at)
        elif dotted not in _FILE_SERVING:
            self._warn(f"url pattern {unparse(item.call)!r} is not a path()/re_path()/url()", at.location)

    def _pattern(self, call: Expr, scope: Scope, regex: bool, at: At) -> None:
        args = call.positional
        location = at.entry or self.context.location(scope.module, call.line)
        route_expr = args[0] if args else call.kwarg("route") or call.kwarg("regex")
        view = args[1] if len(args) > 1 else call.kwarg("view")
        name_expr = args[3] if len(args) > 3 else call.kwarg("name")
        if route_expr is None or view is None:
            self._warn(f"url pattern {unparse(call)!r} has no route or view", location)
            return
        text, known = text_of(self.context.evaluator.eval(route_expr, scope))
        if not known:
            self._warn(f"url pattern {text!r} could not be fully evaluated", location)
        name = self.context.evaluator.eval(name_expr, scope) if name_expr is not None else None
        named = name.value if isinstance(name, Const) and isinstance(name.value, str) else None
        self._view(view, scope, replace(at, pieces=(*at.pieces, Piece(text, regex)), location=location, name=named))

    def _view(self, expr: Expr, scope: Scope, at: At, depth: int = 0) -> None:
        """Whatever a pattern's view argument is: an include, a router, a view, a wrapped view."""
        if expr.op is Op.LAMBDA:
            self._emit(at, HttpMethod.ANY, f"{scope.module}.{scope.prefix()}<lambda>", None, None, Framework.DJANGO)
            return
        if expr.op is Op.CALL and expr.args[0].op is Op.ATTR and expr.args[0].value == "as_view":
            self._class_view(expr, scope, at)
            return
        value = self.context.evaluator.eval(expr, scope)
        if isinstance(value, Instance) and isinstance(value.cls, External) and value.cls.dotted in INCLUDES:
            target = value.call.positional[0] if value.call.positional else value.call.kwarg("arg")
            include_scope = self.context.call_scope(value)
            if target is None:
                self._warn(f"{unparse(value.call)!r} includes nothing", at.location)
            else:
                self._included(self.context.evaluator.eval(target, include_scope), include_scope, at)
        elif isinstance(value, Seq):
            self._included(value, scope, at)
        elif isinstance(value, Instance) and value.cls == External(ROUTER_URLS) and value.key in self._routers:
            self._router(self._routers[value.key], at)
        elif isinstance(value, Instance) and value.cls == External(MOUNTED_URLS):
            self._mount(value, at)
        elif isinstance(value, External) and value.dotted.startswith(ADMIN):
            return
        elif plain_function(value, self.context, expr):
            self._function_view(find_handler(self.context, value), value.dotted, at)
        elif expr.op is Op.CALL and expr.positional and expr.positional[0].op in VIEWISH and depth < _MAX_UNWRAP:
            self._view(expr.positional[0], scope, replace(at, wrappers=(*at.wrappers, (expr, scope))), depth + 1)
        elif isinstance(value, External):
            self._emit(at, HttpMethod.ANY, value.dotted, None, None, Framework.DJANGO)
        elif (followed := bound_expr(self.context, expr, scope)) is not None and depth < _MAX_UNWRAP:
            self._view(followed[0], followed[1], at, depth + 1)
        else:
            self._warn(f"view {unparse(expr)!r} could not be evaluated", at.location)
            self._emit(at, HttpMethod.ANY, None, None, None, Framework.DJANGO)

    def _resolver(self, item: Instance, scope: Scope, at: At) -> None:
        """``URLResolver(pattern, urls)`` and ``i18n_patterns(*urls)``: the urls under the pattern's prefix."""
        piece, urls = resolver_parts(self.context, item, scope, self._setting("LANGUAGE_CODE"))
        at = replace(at, location=at.entry or self.context.location(scope.module, item.call.line))
        if "{?" in piece.text:
            self._warn(f"url resolver pattern {piece.text!r} could not be fully evaluated", at.location)
        for value in urls:
            self._included(value, scope, replace(at, pieces=(*at.pieces, piece)))

    def _setting(self, name: str) -> str:
        """A string setting of the project (Django's default language when the settings do not say)."""
        value = self.context.evaluator.member(self.settings, name) if self.settings is not None else None
        if isinstance(value, Choice):  # a setting an undecided test picks: each option, marked (docgen.link.choices)
            return text_of(value)[0]
        return const_str(value) or DEFAULT_LANGUAGE

    def _mount(self, mounted: Instance, at: At) -> None:
        """An edge to the node of an object another extractor mounts (``api.urls``), at this prefix."""
        path, _ = join_pieces(at.pieces)
        self.found.edges.append(Edge("", mounted.key, path.lstrip("/"), False, at.location, conditions=at.conditions))

    def _included(self, value: Value, scope: Scope, at: At) -> None:
        """What ``include(x)`` includes: a dotted module name, a module, a list, ``(list, app_name)``."""
        if isinstance(value, Seq) and 2 <= len(value.items) <= 3 and names_app(value.items):
            value = value.items[0]  # (patterns, app_name[, namespace])
        program = self.context.program
        if isinstance(value, ModuleRef) or (isinstance(value, Const) and program.has_module(str(value.value))):
            self._module(value.name if isinstance(value, ModuleRef) else str(value.value), at)
        elif isinstance(value, Const | External) and (outside := outside_module(value)) is not None:
            self._warn(
                f"urlconf {outside!r} is outside the analysed code: its routes are not listed "
                "(add the directory holding its package, or the virtualenv, to extra-paths)",
                at.location,
            )
        elif isinstance(value, Seq | Instance):
            self._patterns(value, replace(at, group=scope.module))
        elif not isinstance(value, Const | External):
            text = text_of(value)[0] if isinstance(value, Unknown) else describe_value(value)
            self._warn(f"included urlconf {text!r} could not be evaluated", at.location)

    # --- views ---------------------------------------------------------------------------------

    def _function_view(self, handler: Handler | None, dotted: str, at: At) -> None:
        if handler is None:
            self._emit(at, HttpMethod.ANY, dotted, None, None, Framework.DJANGO)
            return
        methods, is_drf = function_methods(self.context, handler.definition.decorators, handler.scope)
        auth = self.auth.function(handler.definition.decorators, handler.scope, is_drf)
        for wrapper, scope in at.wrappers:  # login_required(view), require_POST(view)
            narrowed, _ = function_methods(self.context, (wrapper.args[0],), scope)
            methods = narrowed if narrowed != (HttpMethod.ANY,) else methods
            auth += self.auth.function((wrapper.args[0],), scope, False)
        docs = view_docs(self.context, self.views, None, "", handler)
        framework = Framework.DRF if is_drf else Framework.DJANGO
        for method in methods:
            self._emit(at, method, handler.dotted, handler, None, framework, auth, docs)

    def _class_view(self, call: Expr, scope: Scope, at: At) -> None:
        cls = self.views.class_of(self.context.evaluator.eval(call.args[0].args[0], scope))
        if cls is None:
            self._warn(f"view class of {unparse(call)!r} could not be evaluated", at.location)
            self._emit(at, HttpMethod.ANY, None, None, None, Framework.DJANGO)
            return
        lineage = self.views.lineage(cls)
        framework = Framework.DRF if APIVIEW in lineage else Framework.DJANGO
        if VIEWSET in lineage:  # Users.as_view({"get": "list"})
            actions = call.positional[0] if call.positional else call.kwarg("actions")
            for verb, action in dict_strings(self.context, actions, scope) if actions is not None else []:
                defined = self.views.defining(cls, action)
                if defined is not None and verb.upper() in HttpMethod.__members__:
                    self._class_route(at, cls, HttpMethod(verb.upper()), action, defined, framework)
            return
        initkwargs = {k: self.context.evaluator.eval(v, scope) for k, v in call.kwargs}
        found = self.views.class_methods(cls, initkwargs)
        for method, dotted, handler in found:
            self._class_route(at, cls, method, method.lower(), (dotted, handler), framework)
        dispatch = self.views.dispatch_override(cls) if not found else None
        if dispatch is not None:  # a view overriding only dispatch answers every method with it
            self._class_route(at, cls, HttpMethod.ANY, "dispatch", dispatch, framework)
        elif not found:  # a third-party base class whose methods docgen does not know
            self._emit(at, HttpMethod.ANY, None, None, cls, framework)

    def _class_route(
        self,
        at: At,
        cls: ClassRef,
        method: HttpMethod,
        action: str,
        defined: tuple[str, Handler | None],
        framework: Framework,
    ) -> None:
        dotted, handler = defined
        auth = self.auth.view_class(cls, handler, framework is Framework.DRF) + self.auth.wrapping(at.wrappers)
        docs = view_docs(self.context, self.views, cls, action, handler)
        name, implementation = class_handler(cls.dotted, dotted.rpartition(".")[2], dotted)
        self._emit(at, method, name, handler, cls, framework, auth, docs, implementation, action)

    def _router(self, router: Instance, at: At) -> None:
        for route in self.routers.routes(router):
            piece = Piece(route.pattern, route.regex)
            location = at.entry or route.location
            here = replace(at, pieces=(*at.pieces, piece), group=router.key, location=location, name=route.name)
            defined = (route.handler, route.definition)
            self._class_route(here, route.viewset, route.method, route.action, defined, Framework.DRF)

    def _emit(
        self,
        at: At,
        method: HttpMethod,
        handler_name: str | None,
        handler: Handler | None,
        cls: ClassRef | None,
        framework: Framework,
        auth: tuple[Auth, ...] = (),
        docs: Docs | None = None,
        implementation: str | None = None,
        action: str = "",
    ) -> None:
        docs = docs or (view_docs(self.context, self.views, cls, method.lower(), None) if cls else Docs())
        location = at.location
        if handler is not None and at.entry is None:
            location = self.context.location(handler.scope.module, handler.definition.line, handler.definition.end_line)
        for path, params in path_variants(at.pieces):  # an optional group: one route per served path
            route = Route(
                id="",
                method=method,
                path=path,
                handler=handler_name,
                implementation=implementation,
                app=None,
                location=location,
                framework=framework,
                params=params,
                auth=auth,
                tags=docs.tags,
                summary=docs.summary,
                description=docs.description,
                deprecated=docs.deprecated,
                name=at.name,
                group=at.group,
                include_in_schema=docs.include_in_schema,
                raw_path="".join(p.text for p in at.pieces),
            )
            if framework is Framework.DRF and method is not HttpMethod.ANY:
                route = self.operations.documented(route, cls, action, docs)
            endpoint = Endpoint("", (method,), path, handler_name, location, route, implementation, at.conditions)
            self.found.endpoints.append(endpoint)

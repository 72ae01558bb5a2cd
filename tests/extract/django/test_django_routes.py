"""Django urlconf routes from inline sources: includes, patterns, function views, class-based views, auth."""

from __future__ import annotations

from types import MappingProxyType

import pytest

import docgen.extract
from docgen.link.contract import Extractor, LinkContext
from docgen.link.evaluate import Instance
from docgen.link.routegraph import Chain, Endpoint, Node, RouteGraph
from docgen.model import Auth, Framework, HttpMethod, Param, ParamLocation, Route
from docgen.testing import handlers_table, link_sources, routes_table

MANAGE = """
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.prod")
    from django.core.management import execute_from_command_line
    execute_from_command_line(sys.argv)
"""


def test_urlconf_tree_from_root_urlconf_with_every_include_form() -> None:
    linked, diagnostics = link_sources(
        {
            "manage.py": MANAGE,
            "config/__init__.py": "",
            "config/settings/__init__.py": "",
            "config/settings/base.py": 'ROOT_URLCONF = "config.urls"\nMEDIA_PREFIX = "media"\n',
            "config/settings/prod.py": "from .base import *  # noqa\nDEBUG = False\n",
            "config/urls.py": """
            from django.conf import settings
            from django.conf.urls.static import static
            from django.contrib import admin
            from django.urls import include, path, re_path

            import shop.urls
            from shop import views

            urlpatterns = [
                path("admin/", admin.site.urls),
                path("", views.home, name="home"),
                path("shop/", include("shop.urls", namespace="shop")),
                path("again/", include(shop.urls)),
                re_path(r"^blog/", include("blog.urls")),
                path("files/" + settings.MEDIA_PREFIX + "/<path:name>", views.home),
            ]
            urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
        """,
            "shop/__init__.py": "",
            "shop/views.py": """
            def home(request): ...
            def item(request, pk): ...
            def legacy(request, year, slug): ...
            def search(request, a, b): ...
        """,
            "shop/urls.py": """
            from django.urls import include, path, re_path
            from . import views

            app_name = "shop"
            _items = [path("<int:pk>/", views.item, name="item")]

            urlpatterns = [
                path("items/", include((_items, app_name), namespace="items")),
                re_path(r"^old/(?P<year>[0-9]{4})/(?P<slug>[-\\w]+)/?$", views.legacy),
            ]
            urlpatterns.append(re_path(r"^search/([a-z]+)/(\\d+)\\.json$", views.search))
        """,
            "blog/__init__.py": "",
            "blog/urls.py": """
            from django.conf.urls import url
            from django.urls import path
            from shop import views

            urlpatterns = [url(r"^$", views.home, name="blog-index")]
            urlpatterns.extend([path("<uuid:post>/", views.item)])
            urlpatterns = [path("debug/", views.home)] + urlpatterns
        """,
        }
    )
    assert [str(d) for d in diagnostics] == []
    assert routes_table(linked) == [
        ("ANY", "/", "shop.views.home"),
        ("ANY", "/again/items/{pk}/", "shop.views.item"),
        ("ANY", "/again/old/{year}/{slug}/", "shop.views.legacy"),
        ("ANY", "/again/search/{arg0}/{arg1}.json", "shop.views.search"),
        ("ANY", "/blog/", "shop.views.home"),
        ("ANY", "/blog/debug/", "shop.views.home"),
        ("ANY", "/blog/{post}/", "shop.views.item"),
        ("ANY", "/files/media/{name}", "shop.views.home"),
        ("ANY", "/shop/items/{pk}/", "shop.views.item"),
        ("ANY", "/shop/old/{year}/{slug}/", "shop.views.legacy"),
        ("ANY", "/shop/search/{arg0}/{arg1}.json", "shop.views.search"),
    ]
    by_path = {r.path: r for r in linked.routes}
    item = by_path["/shop/items/{pk}/"]
    assert item.raw_path == "shop/items/<int:pk>/"
    assert item.params == (Param(name="pk", in_=ParamLocation.PATH, type="int"),)
    assert item.name == "item"
    assert item.group == "shop.urls"
    assert item.app == "config.urls:urlpatterns"
    assert item.framework is Framework.DJANGO
    assert by_path["/shop/old/{year}/{slug}/"].raw_path == "shop/^old/(?P<year>[0-9]{4})/(?P<slug>[-\\w]+)/?$"
    assert by_path["/blog/{post}/"].params == (Param(name="post", in_=ParamLocation.PATH, type="UUID"),)
    assert by_path["/blog/"].raw_path == "^blog/^$"
    assert linked.frameworks == (Framework.DJANGO,)


def test_function_view_methods_auth_wrappers_lambdas_and_factories() -> None:
    linked, diagnostics = link_sources(
        {
            "mysite/settings.py": 'ROOT_URLCONF = "mysite.urls"\n',
            "mysite/__init__.py": "",
            "mysite/views.py": '''
            from django.contrib.auth.decorators import login_required, permission_required
            from django.views.decorators.csrf import csrf_exempt
            from django.views.decorators.http import require_GET, require_http_methods, require_POST, require_safe

            @require_http_methods(["GET", "POST"])
            def both(request):
                """Read or write.

                Longer text.
                """

            @require_GET
            def only_get(request): ...

            @login_required
            @require_POST
            def only_post(request): ...

            @require_safe
            @permission_required("shop.view_item")
            def safe(request): ...

            def plain(request): ...

            def static_file(name):
                def serve_file(request): ...
                return serve_file
        ''',
            "mysite/urls.py": """
            from django.contrib.auth.decorators import login_required
            from django.http import HttpResponse
            from django.urls import path
            from django.views.decorators.csrf import csrf_exempt
            from . import views

            urlpatterns = [
                path("both/", views.both),
                path("get/", views.only_get),
                path("post/", csrf_exempt(views.only_post)),
                path("safe/", views.safe),
                path("private/", login_required(views.plain)),
                path("ping/", lambda request: HttpResponse("pong")),
                path("sw.js", views.static_file("sw.js")),
            ]
        """,
        }
    )
    assert diagnostics == []
    assert routes_table(linked) == [
        ("GET", "/both/", "mysite.views.both"),
        ("POST", "/both/", "mysite.views.both"),
        ("GET", "/get/", "mysite.views.only_get"),
        ("ANY", "/ping/", "mysite.urls.<lambda>"),
        ("POST", "/post/", "mysite.views.only_post"),
        ("ANY", "/private/", "mysite.views.plain"),
        ("GET", "/safe/", "mysite.views.safe"),
        ("HEAD", "/safe/", "mysite.views.safe"),
        ("ANY", "/sw.js", "mysite.views.static_file.<locals>.serve_file"),
    ]
    by_path = {r.path: r for r in linked.routes}
    assert by_path["/both/"].summary == "Read or write."
    assert by_path["/both/"].description == "Longer text."
    assert by_path["/post/"].auth == (Auth(kind="login_required", name="login_required"),)
    assert by_path["/safe/"].auth == (Auth(kind="permission", name="permission_required", scopes=("shop.view_item",)),)
    assert by_path["/private/"].auth == (Auth(kind="login_required", name="login_required"),)
    assert by_path["/both/"].location.path == "mysite/views.py"


def test_class_based_views_methods_follow_django_generic_views() -> None:
    linked, diagnostics = link_sources(
        {
            "web/settings.py": 'ROOT_URLCONF = "web.urls"\n',
            "web/__init__.py": "",
            "web/views.py": '''
            from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
            from django.contrib.auth.decorators import login_required
            from django.utils.decorators import method_decorator
            from django.views import View
            from django.views.generic import CreateView, DeleteView, DetailView, FormView, ListView, TemplateView

            class About(TemplateView):
                """The about page."""
                template_name = "about.html"

            class Items(LoginRequiredMixin, ListView):
                pass

            class Item(DetailView):
                pass

            class Contact(FormView):
                pass

            class NewItem(PermissionRequiredMixin, CreateView):
                permission_required = "shop.add_item"

            class RemoveItem(DeleteView):
                pass

            class Base(View):
                def get(self, request): ...

            @method_decorator(login_required, name="dispatch")
            class Api(Base):
                http_method_names = ["get", "post", "options"]

                def post(self, request): ...
                def put(self, request): ...
                def options(self, request): ...

            home = About.as_view()
        ''',
            "web/urls.py": """
            from django.urls import path
            from django.views.generic.base import RedirectView
            from django.views.i18n import JavaScriptCatalog, JSONCatalog
            from . import views

            urlpatterns = [
                path("", views.home, name="home"),
                path("items/", views.Items.as_view()),
                path("items/<slug:slug>/", views.Item.as_view()),
                path("contact/", views.Contact.as_view()),
                path("new/", views.NewItem.as_view()),
                path("delete/<int:pk>/", views.RemoveItem.as_view()),
                path("api/", views.Api.as_view()),
                path("old/", RedirectView.as_view(url="/", http_method_names=["get"])),
                path("docs/", RedirectView.as_view(url="/static/docs/")),
                path("js/", JavaScriptCatalog.as_view(packages=["web"])),
                path("json/", JSONCatalog.as_view()),
            ]
        """,
        }
    )
    assert diagnostics == []
    redirect = "django.views.generic.base.RedirectView"
    generic = "django.views.generic"
    assert handlers_table(linked) == [
        ("GET", "/", "web.views.About.get", f"{generic}.base.TemplateView.get"),
        ("GET", "/api/", "web.views.Api.get", "web.views.Base.get"),
        ("OPTIONS", "/api/", "web.views.Api.options", None),
        ("POST", "/api/", "web.views.Api.post", None),
        ("GET", "/contact/", "web.views.Contact.get", f"{generic}.edit.ProcessFormView.get"),
        ("POST", "/contact/", "web.views.Contact.post", f"{generic}.edit.ProcessFormView.post"),
        ("PUT", "/contact/", "web.views.Contact.put", f"{generic}.edit.ProcessFormView.put"),
        ("DELETE", "/delete/{pk}/", "web.views.RemoveItem.delete", f"{generic}.edit.DeletionMixin.delete"),
        ("GET", "/delete/{pk}/", "web.views.RemoveItem.get", f"{generic}.detail.BaseDetailView.get"),
        ("POST", "/delete/{pk}/", "web.views.RemoveItem.post", f"{generic}.edit.BaseDeleteView.post"),
        *[(m, "/docs/", f"{redirect}.{m.lower()}", None) for m in ("DELETE", "GET", "HEAD", "OPTIONS", "PATCH")],
        ("POST", "/docs/", f"{redirect}.post", None),
        ("PUT", "/docs/", f"{redirect}.put", None),
        ("GET", "/items/", "web.views.Items.get", f"{generic}.list.BaseListView.get"),
        ("GET", "/items/{slug}/", "web.views.Item.get", f"{generic}.detail.BaseDetailView.get"),
        ("GET", "/js/", "django.views.i18n.JavaScriptCatalog.get", None),
        ("GET", "/json/", "django.views.i18n.JSONCatalog.get", "django.views.i18n.JavaScriptCatalog.get"),
        ("GET", "/new/", "web.views.NewItem.get", f"{generic}.edit.BaseCreateView.get"),
        ("POST", "/new/", "web.views.NewItem.post", f"{generic}.edit.BaseCreateView.post"),
        ("PUT", "/new/", "web.views.NewItem.put", f"{generic}.edit.ProcessFormView.put"),
        ("GET", "/old/", f"{redirect}.get", None),
    ]
    by_key = {(str(r.method), r.path): r for r in linked.routes}
    assert by_key["GET", "/"].summary == "The about page."
    assert by_key["GET", "/"].name == "home"
    assert by_key["GET", "/"].location.path == "web/urls.py"
    assert by_key["GET", "/items/"].auth == (Auth(kind="login_required", name="LoginRequiredMixin"),)
    assert by_key["POST", "/new/"].auth == (
        Auth(kind="permission", name="PermissionRequiredMixin", scopes=("shop.add_item",)),
    )
    assert by_key["POST", "/api/"].auth == (Auth(kind="login_required", name="login_required"),)
    assert by_key["GET", "/api/"].location.path == "web/views.py"


def test_without_root_urlconf_every_urls_module_not_included_elsewhere_is_a_root() -> None:
    linked, diagnostics = link_sources(
        {
            "proj/__init__.py": "",
            "proj/urls.py": """
            from django.urls import include, path
            urlpatterns = [path("app/", include("app.urls"))]
        """,
            "app/__init__.py": "",
            "app/views.py": "def index(request): ...\n",
            "app/urls.py": """
            from django.urls import include, path
            from . import views
            urlpatterns = [path("", views.index), path("rq/", include("django_rq.urls"))]
        """,
            "tests/urls.py": """
            from django.urls import path
            from app import views
            urlpatterns = [path("test-only/", views.index)]
        """,
        }
    )
    assert routes_table(linked) == [("ANY", "/app/", "app.views.index")]
    assert linked.routes[0].app == "proj.urls:urlpatterns"
    assert [str(d) for d in diagnostics] == [
        "app/urls.py:3: DG904 urlconf 'django_rq.urls' is outside the analysed code: its routes are not listed "
        "(add the directory holding its package, or the virtualenv, to extra-paths)"
    ]


def test_unknown_pieces_keep_the_route_with_a_placeholder_and_a_diagnostic() -> None:
    linked, diagnostics = link_sources(
        {
            "s/settings.py": 'ROOT_URLCONF = "s.urls"\n',
            "s/__init__.py": "",
            "s/urls.py": """
            import os
            from django.urls import path
            from s.views import index, make_view

            urlpatterns = [
                path(os.environ["PREFIX"] + "/", index),
                path("dyn/", make_view()),
            ]
        """,
            "s/views.py": """
            def index(request): ...
            def make_view():
                return build()
        """,
        }
    )
    assert routes_table(linked) == [
        ("ANY", "/dyn/", None),
        ("ANY", "/{?os.environ['PREFIX']}/", "s.views.index"),
    ]
    assert [d.code for d in diagnostics] == ["DG904", "DG904"]


def test_method_decorators_on_handlers_and_wrapped_pattern_lists() -> None:
    linked, diagnostics = link_sources(
        {
            "proj/settings.py": 'ROOT_URLCONF = "proj.urls"\n',
            "proj/__init__.py": "",
            "proj/views.py": """
            from django.contrib.auth.decorators import login_required, permission_required
            from django.utils.decorators import method_decorator
            from django.views.generic import View

            class Report(View):
                def get(self, request): ...

                @method_decorator([login_required, permission_required("reports.export")])
                def post(self, request): ...
        """,
            "proj/urls.py": """
            from django.urls import path
            from rest_framework.urlpatterns import format_suffix_patterns
            from proj.views import Report

            urlpatterns = format_suffix_patterns([path("report/", Report.as_view())])
        """,
        }
    )
    assert diagnostics == []
    assert routes_table(linked) == [
        ("GET", "/report/", "proj.views.Report.get"),
        ("POST", "/report/", "proj.views.Report.post"),
    ]
    assert linked.routes[0].auth == ()
    assert linked.routes[1].auth == (
        Auth(kind="login_required", name="login_required"),
        Auth(kind="permission", name="permission_required", scopes=("reports.export",)),
    )


class _Widgets(Extractor):
    """A plug-in framework whose ``Widgets`` objects a Django urlconf includes through ``widgets.urls``."""

    name = "widgets"
    mounts = MappingProxyType({"urls": frozenset({"widgetlib.Widgets"})})

    def collect_routes(self, *, context: LinkContext, graph: RouteGraph) -> None:
        for module in context.program.modules:
            scope = context.program.module_scope(module)
            for name in scope.bindings:
                value = context.evaluator.lookup(scope, name)
                ours = isinstance(value, Instance) and value.key == f"{module}:{name}"
                if ours and context.is_a(value, frozenset({"widgetlib.Widgets"})):
                    where = context.location(module, 1)
                    graph.add_node(Node(value.key, Framework("widgets"), False, "", f"{module}:{name}", where))
                    graph.add_endpoint(Endpoint(value.key, (HttpMethod.GET,), "/list", f"{module}.listing", where))

    def describe(self, *, context: LinkContext, endpoint: Endpoint, chain: Chain, path: str) -> list[Route]:
        del context
        return [
            Route(
                id="",
                method=HttpMethod.GET,
                path=path,
                handler=endpoint.handler,
                app=chain.app,
                location=endpoint.location,
                framework=Framework("widgets"),
            )
        ]


def test_a_plugin_object_a_urlconf_includes_through_its_urls_is_mounted_there(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(docgen.extract.BUILTIN, _Widgets.name, _Widgets)
    linked, _ = link_sources(
        {
            "proj/__init__.py": "",
            "proj/settings.py": 'ROOT_URLCONF = "proj.urls"\n',
            "proj/urls.py": """
            from django.urls import include, path
            from proj.shop import widgets

            urlpatterns = [path("shop/", widgets.urls), path("again/", include(widgets.urls))]
        """,
            "proj/shop.py": """
            from widgetlib import Widgets

            widgets = Widgets()
        """,
        }
    )
    assert routes_table(linked) == [
        ("GET", "/again/list", "proj.shop.listing"),
        ("GET", "/shop/list", "proj.shop.listing"),
    ]


def test_i18n_patterns_serve_their_lists_under_the_default_language_as_the_runtime_lists_them() -> None:
    linked, _ = link_sources(
        {
            "proj/__init__.py": "",
            "proj/settings.py": 'ROOT_URLCONF = "proj.urls"\nLANGUAGE_CODE = "de"\n',
            "proj/views.py": "def home(request): ...\ndef about(request): ...\ndef ping(request): ...\n",
            "proj/urls.py": """
            from django.conf.urls.i18n import i18n_patterns
            from django.urls import path
            from proj import views

            first = [path("", views.home)]
            urlpatterns = [path("ping", views.ping)]
            urlpatterns += i18n_patterns(*first, path("about/", views.about))
            urlpatterns += i18n_patterns(path("plain/", views.about), prefix_default_language=False)
        """,
        }
    )
    assert routes_table(linked) == [
        ("ANY", "/de/", "proj.views.home"),
        ("ANY", "/de/about/", "proj.views.about"),
        ("ANY", "/ping", "proj.views.ping"),
        ("ANY", "/plain/", "proj.views.about"),
    ]


def test_a_pattern_list_made_by_a_call_keeps_the_lists_added_to_it_afterwards() -> None:
    linked, diagnostics = link_sources(
        {
            "proj/__init__.py": "",
            "proj/settings.py": 'ROOT_URLCONF = "proj.urls"\n',
            "proj/views.py": "def home(request): ...\ndef robots(request): ...\ndef health(request): ...\n",
            "proj/urls.py": """
            from django.conf.urls.i18n import i18n_patterns
            from django.urls import path
            from proj import views

            urlpatterns = i18n_patterns(path("", views.home))
            urlpatterns += [path("robots.txt", views.robots)]
            urlpatterns += [path("health", views.health)]
        """,
        }
    )
    assert routes_table(linked) == [
        ("ANY", "/en-us/", "proj.views.home"),
        ("ANY", "/health", "proj.views.health"),
        ("ANY", "/robots.txt", "proj.views.robots"),
    ]
    assert [d.code for d in diagnostics if d.code.startswith("DG9")] == []


def test_a_project_inside_a_package_resolves_imports_made_through_the_package_name() -> None:
    # the analysed directory ("src", as link_sources names it) is a package and a Django project
    # root: its files are named views, urls...; code may also import them as src.views
    linked, diagnostics = link_sources(
        {
            "__init__.py": "",
            "manage.py": 'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings")\n',
            "settings.py": 'ROOT_URLCONF = "urls"\n',
            "views.py": "def home(request): ...\n",
            "urls.py": """
            from django.urls import path
            from src.views import home
            import src.views

            urlpatterns = [path("", home), path("again/", src.views.home)]
        """,
        }
    )
    assert routes_table(linked) == [("ANY", "/", "views.home"), ("ANY", "/again/", "views.home")]
    assert [d.code for d in diagnostics if d.code.startswith("DG9")] == []


def test_the_language_prefix_comes_from_settings_a_star_import_brings() -> None:
    linked, _ = link_sources(
        {
            "proj/__init__.py": "",
            "proj/base_settings.py": 'LANGUAGE_CODE = "fr"\n',
            "proj/settings.py": 'from proj.base_settings import *\nROOT_URLCONF = "proj.urls"\n',
            "proj/views.py": "def home(request): ...\n",
            "proj/urls.py": """
            from django.conf.urls.i18n import i18n_patterns
            from django.urls import path
            from proj import views

            urlpatterns = i18n_patterns(path("", views.home))
        """,
        }
    )
    assert routes_table(linked) == [("ANY", "/fr/", "proj.views.home")]


def test_a_view_class_named_like_its_base_is_the_users_class() -> None:
    """``class DeleteView(Mixin, DeleteView)`` rebinds the imported name; its base is Django's class."""
    linked, diagnostics = link_sources(
        {
            "manage.py": MANAGE.replace("config.settings.prod", "config.settings"),
            "config/__init__.py": "",
            "config/settings.py": 'ROOT_URLCONF = "config.urls"\n',
            "config/urls.py": """
            from django.urls import path
            from shop.views import options

            urlpatterns = [path("options/<int:pk>/delete", options.DeleteView.as_view())]
            """,
            "shop/__init__.py": "",
            "shop/mixins.py": """
            class SoftDeleteMixin:
                def delete(self, request, *args, **kwargs): ...
            """,
            "shop/views/__init__.py": "",
            "shop/views/options.py": """
            from django.views.generic import DeleteView
            from shop.mixins import SoftDeleteMixin

            class DeleteView(SoftDeleteMixin, DeleteView):
                pass
            """,
        }
    )
    assert diagnostics == []
    generic, view = "django.views.generic", "shop.views.options.DeleteView"
    assert handlers_table(linked) == [
        ("DELETE", "/options/{pk}/delete", f"{view}.delete", "shop.mixins.SoftDeleteMixin.delete"),
        ("GET", "/options/{pk}/delete", f"{view}.get", f"{generic}.detail.BaseDetailView.get"),
        ("POST", "/options/{pk}/delete", f"{view}.post", f"{generic}.edit.BaseDeleteView.post"),
    ]


def test_a_view_class_overriding_only_dispatch_answers_every_method_with_it() -> None:
    """Django calls ``dispatch`` for any method: ANY, handled by the (inherited) override.

    A class built on a base docgen does not read may define verbs: it stays ANY without a handler.
    """
    linked, diagnostics = link_sources(
        {
            "proj/__init__.py": "",
            "proj/settings.py": 'ROOT_URLCONF = "proj.urls"\n',
            "proj/views.py": """
            from django.views.generic import View
            from thirdparty.views import Base

            class Redirecting:
                def dispatch(self, request, *args, **kwargs): ...

            class LogoutView(View):
                def dispatch(self, request, *args, **kwargs): ...

            class CheckoutView(Redirecting, View):
                pass

            class ExternalView(Base):
                def dispatch(self, request, *args, **kwargs): ...
            """,
            "proj/urls.py": """
            from django.urls import path
            from proj import views

            urlpatterns = [
                path("logout", views.LogoutView.as_view()),
                path("checkout", views.CheckoutView.as_view()),
                path("external", views.ExternalView.as_view()),
            ]
            """,
        }
    )
    assert handlers_table(linked) == [
        ("ANY", "/checkout", "proj.views.CheckoutView.dispatch", "proj.views.Redirecting.dispatch"),
        ("ANY", "/external", None, None),
        ("ANY", "/logout", "proj.views.LogoutView.dispatch", None),
    ]
    assert [d.code for d in diagnostics if d.code.startswith("DG9")] == []


def test_an_optional_capturing_group_serves_the_path_with_and_without_it() -> None:
    linked, diagnostics = link_sources(
        {
            "proj/__init__.py": "",
            "proj/settings.py": 'ROOT_URLCONF = "proj.urls"\n',
            "proj/urls.py": r"""
            from django.urls import re_path

            def remove(request, pk, logs=None): ...
            def page(request, slug=None): ...
            def start(request, code): ...

            urlpatterns = [
                re_path(r"^(?P<pk>\d+)/delete/(?P<logs>session|logs)?$", remove),
                re_path(r"^pages/(?:(?P<slug>[-\w]+)/)?$", page),
                re_path(r"^start/([0-9a-f]{32})$", start),
                re_path(r"^settings/?$", page),
                re_path(r"^avatar/(?P<size>\d+)x(?P=size)\.png$", page),
            ]
            """,
        }
    )
    assert diagnostics == []
    assert [(str(r.method), r.path, [x.name for x in r.params]) for r in linked.routes] == [
        ("ANY", "/avatar/{size}x{size}.png", ["size"]),  # a backreference is the same value again
        ("ANY", "/pages/", []),
        ("ANY", "/pages/{slug}/", ["slug"]),
        ("ANY", "/settings/", []),
        ("ANY", "/start/{arg0}", ["arg0"]),
        ("ANY", "/{pk}/delete/", ["pk"]),
        ("ANY", "/{pk}/delete/{logs}", ["pk", "logs"]),
    ]


def test_a_urlpattern_built_from_a_regex_or_route_pattern_is_the_route_it_matches() -> None:
    linked, diagnostics = link_sources(
        {
            "proj/__init__.py": "",
            "proj/settings.py": 'ROOT_URLCONF = "proj.urls"\n',
            "proj/views.py": "def hook(request): ...\ndef page(request): ...\n",
            "proj/helpers.py": """
            from django.urls.resolvers import RegexPattern, RoutePattern, URLPattern

            def event_url(route, view, name=None):
                pattern = RegexPattern(route, name=name, is_endpoint=True)
                pattern._require_live = False
                return URLPattern(pattern, view, {}, name)

            def event_path(route, view):
                return URLPattern(RoutePattern(route, is_endpoint=True), view)
            """,
            "proj/urls.py": """
            from django.urls import include, re_path
            from proj import views
            from proj.helpers import event_path, event_url

            urlpatterns = [
                re_path(r"^(?P<event>[^/]+)/", include([event_url(r"^webhook/$", views.hook, name="hook")])),
                event_path("pages/<int:pk>/", views.page),
            ]
            """,
        }
    )
    assert routes_table(linked) == [
        ("ANY", "/pages/{pk}/", "proj.views.page"),
        ("ANY", "/{event}/webhook/", "proj.views.hook"),
    ]
    assert diagnostics == []


def test_an_analysed_wraps_decorator_serves_the_view_it_wraps() -> None:
    linked, _ = link_sources(
        {
            "proj/__init__.py": "",
            "proj/settings.py": 'ROOT_URLCONF = "proj.urls"\n',
            "proj/access.py": """
            from functools import wraps

            def staff_only(view):
                @wraps(view)
                def wrapper(request, *args, **kwargs):
                    return view(request, *args, **kwargs)
                return wrapper

            def logged(view):
                def inner(request):
                    return view(request)
                return inner
            """,
            "proj/views.py": """
            from django.views import View

            class Memory(View):
                def get(self, request): ...
                def post(self, request): ...

            def ping(request): ...
            """,
            "proj/urls.py": """
            from django.urls import path
            from proj.access import logged, staff_only
            from proj import views

            urlpatterns = [
                path("memory/", staff_only(views.Memory.as_view())),
                path("ping/", staff_only(views.ping)),
                path("logged/", logged(views.ping)),
            ]
            """,
        }
    )
    assert handlers_table(linked) == [
        ("ANY", "/logged/", "proj.access.logged.<locals>.inner", None),
        ("GET", "/memory/", "proj.views.Memory.get", None),
        ("POST", "/memory/", "proj.views.Memory.post", None),
        ("ANY", "/ping/", "proj.views.ping", None),
    ]


def test_a_class_view_wrapped_in_its_pattern_gets_the_wrappers_auth() -> None:
    linked, _ = link_sources(
        {
            "proj/__init__.py": "",
            "proj/settings.py": 'ROOT_URLCONF = "proj.urls"\n',
            "proj/views.py": """
            from django.views import View

            class Edit(View):
                def post(self, request): ...
            """,
            "proj/urls.py": """
            from django.contrib.auth.decorators import login_required
            from django.urls import path
            from proj.views import Edit

            urlpatterns = [path("edit/", login_required(Edit.as_view())), path("open/", Edit.as_view())]
            """,
        }
    )
    assert [(str(r.method), r.path, [(a.kind, a.name) for a in r.auth]) for r in linked.routes] == [
        ("POST", "/edit/", [("login_required", "login_required")]),
        ("POST", "/open/", []),
    ]

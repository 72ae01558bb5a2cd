"""DRF routes from inline sources: APIViews, generics, @api_view, routers and viewsets, auth, schema docs."""

from __future__ import annotations

from docgen.model import Auth, Framework, Param, ParamLocation, SecurityScheme
from docgen.testing import handlers_table, link_sources, routes_table

SETTINGS = """
ROOT_URLCONF = "proj.urls"
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ("rest_framework.authentication.TokenAuthentication",),
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "PAGE_SIZE": 100,
}
"""
TOKEN = SecurityScheme(name="tokenAuth", type="apiKey", location="header", parameter="Authorization")
COOKIE = SecurityScheme(name="cookieAuth", type="apiKey", location="cookie", parameter="sessionid")
SETTINGS_AUTH = (
    Auth(kind="permission", name="IsAuthenticated", scopes=(), level="settings"),
    Auth(kind="authentication", name="TokenAuthentication", scopes=(), level="settings", scheme=TOKEN),
)


def test_apiviews_generics_and_api_view_functions() -> None:
    linked, diagnostics = link_sources(
        {
            "proj/__init__.py": "",
            "proj/settings.py": SETTINGS,
            "proj/urls.py": """
            from django.urls import include, path
            urlpatterns = [path("api/", include("books.urls"))]
        """,
            "books/__init__.py": "",
            "books/api.py": '''
            from django.utils.decorators import method_decorator
            from drf_spectacular.utils import extend_schema
            from rest_framework import generics
            from rest_framework.authentication import SessionAuthentication
            from rest_framework.decorators import api_view, permission_classes
            from rest_framework.permissions import AllowAny, IsAdminUser, IsAuthenticated
            from rest_framework.views import APIView

            class Health(APIView):
                """Service health."""
                permission_classes = (AllowAny,)

                def get(self, request): ...

            @method_decorator(name="get", decorator=extend_schema(tags=["Books"], summary="List books"))
            class BookList(generics.ListCreateAPIView):
                """Books."""
                authentication_classes = (SessionAuthentication,)

                def post(self, request, *args, **kwargs):
                    """Create a book."""

            class BookDetail(generics.RetrieveUpdateDestroyAPIView):
                permission_classes = [IsAuthenticated & IsAdminUser]
                http_method_names = ["get", "patch", "delete"]

            class Mine(BookDetail):
                def get(self, request, pk): ...

            @extend_schema(exclude=True)
            @api_view(["GET", "POST"])
            @permission_classes([IsAdminUser])
            def stats(request): ...

            @api_view()
            def ping(request): ...
        ''',
            "books/urls.py": """
            from django.urls import path
            from . import api

            urlpatterns = [
                path("health/", api.Health.as_view()),
                path("books/", api.BookList.as_view(), name="book-list"),
                path("books/<int:pk>/", api.BookDetail.as_view(), name="book-detail"),
                path("mine/<int:pk>/", api.Mine.as_view()),
                path("stats/", api.stats),
                path("ping/", api.ping),
            ]
        """,
        }
    )
    assert diagnostics == []
    generic = "rest_framework.generics"
    assert routes_table(linked) == [
        ("GET", "/api/books/", "books.api.BookList.get"),
        ("POST", "/api/books/", "books.api.BookList.post"),
        ("DELETE", "/api/books/{pk}/", "books.api.BookDetail.delete"),
        ("GET", "/api/books/{pk}/", "books.api.BookDetail.get"),
        ("PATCH", "/api/books/{pk}/", "books.api.BookDetail.patch"),
        ("GET", "/api/health/", "books.api.Health.get"),
        ("DELETE", "/api/mine/{pk}/", "books.api.Mine.delete"),
        ("GET", "/api/mine/{pk}/", "books.api.Mine.get"),
        ("PATCH", "/api/mine/{pk}/", "books.api.Mine.patch"),
        ("GET", "/api/ping/", "books.api.ping"),
        ("GET", "/api/stats/", "books.api.stats"),
        ("POST", "/api/stats/", "books.api.stats"),
    ]
    assert {(m, p): i for m, p, _, i in handlers_table(linked) if i} == {
        ("GET", "/api/books/"): f"{generic}.ListCreateAPIView.get",
        ("DELETE", "/api/books/{pk}/"): f"{generic}.RetrieveUpdateDestroyAPIView.delete",
        ("GET", "/api/books/{pk}/"): f"{generic}.RetrieveUpdateDestroyAPIView.get",
        ("PATCH", "/api/books/{pk}/"): f"{generic}.RetrieveUpdateDestroyAPIView.patch",
        ("DELETE", "/api/mine/{pk}/"): f"{generic}.RetrieveUpdateDestroyAPIView.delete",
        ("PATCH", "/api/mine/{pk}/"): f"{generic}.RetrieveUpdateDestroyAPIView.patch",
    }
    by_key = {(str(r.method), r.path): r for r in linked.routes}
    assert {r.framework for r in linked.routes} == {Framework.DRF}
    assert by_key["GET", "/api/health/"].auth == ()
    assert by_key["GET", "/api/health/"].summary == "Service health."
    assert by_key["GET", "/api/books/"].auth == (
        Auth(kind="permission", name="IsAuthenticated", scopes=(), level="settings"),
        Auth(kind="authentication", name="SessionAuthentication", scopes=(), level="route", scheme=COOKIE),
    )
    assert by_key["GET", "/api/mine/{pk}/"].auth[1] == SETTINGS_AUTH[1]
    assert by_key["GET", "/api/books/"].tags == ("Books",)
    assert by_key["GET", "/api/books/"].summary == "List books"
    assert by_key["POST", "/api/books/"].summary == "Create a book."
    assert by_key["GET", "/api/books/"].location.path == "books/urls.py"
    assert by_key["GET", "/api/books/{pk}/"].auth == (
        Auth(kind="permission", name="IsAuthenticated & IsAdminUser", scopes=(), level="route"),
        Auth(kind="authentication", name="TokenAuthentication", scopes=(), level="settings", scheme=TOKEN),
    )
    assert by_key["GET", "/api/books/{pk}/"].name == "book-detail"
    assert by_key["GET", "/api/stats/"].auth == (
        Auth(kind="permission", name="IsAdminUser", scopes=(), level="route"),
        Auth(kind="authentication", name="TokenAuthentication", scopes=(), level="settings", scheme=TOKEN),
    )
    assert not by_key["GET", "/api/stats/"].include_in_schema


def test_router_routes_of_viewsets_mixins_lookups_and_actions() -> None:
    linked, diagnostics = link_sources(
        {
            "proj/__init__.py": "",
            "proj/settings.py": 'ROOT_URLCONF = "proj.urls"\n',
            "proj/urls.py": """
            from django.urls import include, path, re_path
            from rest_framework import routers
            from shop import api

            router = routers.DefaultRouter()
            router.register(r"items", api.ItemViewSet, basename="item")
            router.register("tags", api.TagViewSet)

            flat = routers.SimpleRouter(trailing_slash=False)
            flat.register("users", api.UserViewSet, basename="user")

            urlpatterns = [
                re_path(r"^api/", include(router.urls)),
                path("admin-api/", include((flat.urls, "shop"), namespace="flat")),
            ]
            urlpatterns += routers.SimpleRouter().urls
        """,
            "shop/__init__.py": "",
            "shop/models.py": "class Tag: ...\n",
            "shop/api.py": '''
            from rest_framework import mixins, viewsets
            from rest_framework.decorators import action
            from shop.models import Tag

            class ItemViewSet(viewsets.ModelViewSet):
                lookup_field = "slug"

                def list(self, request):
                    """All items."""

                @action(detail=True, methods=["post"], url_path="set-price", url_name="price")
                def set_price(self, request, slug=None): ...

                @set_price.mapping.delete
                def clear_price(self, request, slug=None): ...

                @action(detail=False)
                def recent(self, request): ...

            class TagViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
                queryset = Tag.objects.all()
                lookup_url_kwarg = "tag_id"
                lookup_value_regex = "[0-9]+"

            class UserViewSet(viewsets.ViewSet):
                def list(self, request): ...
                def retrieve(self, request, pk=None): ...
        ''',
        }
    )
    assert diagnostics == []
    mixins = "rest_framework.mixins"
    assert routes_table(linked) == [
        ("GET", "/admin-api/users", "shop.api.UserViewSet.list"),
        ("GET", "/admin-api/users/{pk}", "shop.api.UserViewSet.retrieve"),
        ("GET", "/api/", "rest_framework.routers.APIRootView.get"),  # the DefaultRouter's root
        ("GET", "/api/items/", "shop.api.ItemViewSet.list"),
        ("POST", "/api/items/", "shop.api.ItemViewSet.create"),
        ("GET", "/api/items/recent/", "shop.api.ItemViewSet.recent"),
        ("DELETE", "/api/items/{slug}/", "shop.api.ItemViewSet.destroy"),
        ("GET", "/api/items/{slug}/", "shop.api.ItemViewSet.retrieve"),
        ("PATCH", "/api/items/{slug}/", "shop.api.ItemViewSet.partial_update"),
        ("PUT", "/api/items/{slug}/", "shop.api.ItemViewSet.update"),
        ("DELETE", "/api/items/{slug}/set-price/", "shop.api.ItemViewSet.clear_price"),
        ("POST", "/api/items/{slug}/set-price/", "shop.api.ItemViewSet.set_price"),
        ("GET", "/api/tags/", "shop.api.TagViewSet.list"),
        ("GET", "/api/tags/{tag_id}/", "shop.api.TagViewSet.retrieve"),
    ]
    assert {(m, p): i for m, p, _, i in handlers_table(linked) if i} == {
        ("POST", "/api/items/"): f"{mixins}.CreateModelMixin.create",
        ("DELETE", "/api/items/{slug}/"): f"{mixins}.DestroyModelMixin.destroy",
        ("GET", "/api/items/{slug}/"): f"{mixins}.RetrieveModelMixin.retrieve",
        ("PATCH", "/api/items/{slug}/"): f"{mixins}.UpdateModelMixin.partial_update",
        ("PUT", "/api/items/{slug}/"): f"{mixins}.UpdateModelMixin.update",
        ("GET", "/api/tags/"): f"{mixins}.ListModelMixin.list",
        ("GET", "/api/tags/{tag_id}/"): f"{mixins}.RetrieveModelMixin.retrieve",
    }
    by_key = {(str(r.method), r.path): r for r in linked.routes}
    detail = by_key["GET", "/api/items/{slug}/"]
    assert detail.raw_path == "^api/^items/(?P<slug>[^/.]+)/$"
    assert detail.name == "item-detail"
    assert detail.params == (Param(name="slug", in_=ParamLocation.PATH, type="str"),)
    assert detail.group == "proj.urls:router"
    assert detail.framework is Framework.DRF
    assert by_key["POST", "/api/items/{slug}/set-price/"].name == "item-price"
    assert by_key["GET", "/api/items/recent/"].name == "item-recent"
    assert by_key["GET", "/api/items/"].summary == "All items."
    assert by_key["GET", "/api/tags/"].name == "tag-list"
    assert by_key["GET", "/api/tags/{tag_id}/"].raw_path == "^api/^tags/(?P<tag_id>[0-9]+)/$"
    assert by_key["GET", "/admin-api/users"].raw_path == "admin-api/^users$"
    assert by_key["GET", "/api/items/"].auth == ()  # DRF's default permission: AllowAny
    root = by_key["GET", "/api/"]
    assert (root.raw_path, root.name, root.include_in_schema) == ("^api/^$", "api-root", False)


def test_viewset_as_view_with_explicit_actions_and_router_urls_added_to_urlpatterns() -> None:
    linked, diagnostics = link_sources(
        {
            "proj/__init__.py": "",
            "proj/settings.py": 'ROOT_URLCONF = "proj.urls"\n',
            "proj/urls.py": """
            from django.urls import path
            from rest_framework.routers import SimpleRouter
            from rest_framework.viewsets import ReadOnlyModelViewSet

            class Notes(ReadOnlyModelViewSet):
                pass

            router = SimpleRouter()
            router.register("notes", Notes, basename="note")
            urlpatterns = [path("all/", Notes.as_view({"get": "list"}), name="all-notes")]
            urlpatterns += router.urls
        """,
        }
    )
    assert diagnostics == []
    assert routes_table(linked) == [
        ("GET", "/all/", "proj.urls.Notes.list"),
        ("GET", "/notes/", "proj.urls.Notes.list"),
        ("GET", "/notes/{pk}/", "proj.urls.Notes.retrieve"),
    ]
    assert {(m, p): i for m, p, _, i in handlers_table(linked) if i} == {
        ("GET", "/all/"): "rest_framework.mixins.ListModelMixin.list",
        ("GET", "/notes/"): "rest_framework.mixins.ListModelMixin.list",
        ("GET", "/notes/{pk}/"): "rest_framework.mixins.RetrieveModelMixin.retrieve",
    }


def test_two_routers_urls_joined_with_plus_are_both_included() -> None:
    linked, diagnostics = link_sources(
        {
            "proj/__init__.py": "",
            "proj/settings.py": 'ROOT_URLCONF = "proj.urls"\n',
            "proj/views.py": """
            from rest_framework import viewsets

            class Books(viewsets.ReadOnlyModelViewSet): ...
            class Authors(viewsets.ReadOnlyModelViewSet): ...
        """,
            "proj/urls.py": """
            from django.urls import include, path
            from rest_framework import routers
            from proj.views import Authors, Books

            router = routers.SimpleRouter()
            router.register("books", Books, basename="book")
            other = routers.SimpleRouter()
            other.register("authors", Authors, basename="author")
            urlpatterns = [path("api/", include(router.urls + other.urls))]
        """,
        }
    )
    assert [(m, p) for m, p, _ in routes_table(linked)] == [
        ("GET", "/api/authors/"),
        ("GET", "/api/authors/{pk}/"),
        ("GET", "/api/books/"),
        ("GET", "/api/books/{pk}/"),
    ]
    assert [d.code for d in diagnostics if d.code.startswith("DG9")] == []

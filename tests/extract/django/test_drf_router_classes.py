"""DRF router classes from inline sources: their own ``routes``, the api-root view, mixins by module path."""

from __future__ import annotations

from docgen.testing import handlers_table, link_sources, routes_table

VIEWSETS = """
from rest_framework import viewsets
from rest_framework.decorators import action

class BulkDeleteMixin:
    def bulk_destroy(self, request): ...

class Users(BulkDeleteMixin, viewsets.ModelViewSet):
    @action(detail=True, methods=["post"])
    def lock(self, request, pk=None): ...

class Notes(viewsets.ReadOnlyModelViewSet): ...
"""


def _link(routers: str, urls: str) -> tuple[list[tuple[str, str, str | None]], list[str]]:
    linked, diagnostics = link_sources(
        {
            "proj/__init__.py": "",
            "proj/settings.py": 'ROOT_URLCONF = "proj.urls"\n',
            "proj/views.py": VIEWSETS,
            "proj/routers.py": routers,
            "proj/urls.py": urls,
        }
    )
    return routes_table(linked), [f"{d.code} {d.message}" for d in diagnostics]


def test_a_router_subclass_extends_a_copy_of_drfs_routes_in_its_class_body() -> None:
    routes, diagnostics = _link(
        """
        import copy
        from rest_framework.routers import DefaultRouter, SimpleRouter

        class BulkDeleteRouter(DefaultRouter):
            routes = copy.deepcopy(SimpleRouter.routes)
            routes[0].mapping.update({"delete": "bulk_destroy"})

        class NoRoot(BulkDeleteRouter):
            include_root_view = False
        """,
        """
        from django.urls import include, path
        from proj.routers import BulkDeleteRouter, NoRoot
        from proj.views import Notes, Users

        bulk = BulkDeleteRouter()
        bulk.register("users", Users, basename="user")
        bulk.register("notes", Notes, basename="note")
        quiet = NoRoot()
        quiet.register("people", Users, basename="person")
        urlpatterns = [path("api/", include(bulk.urls)), path("v2/", include(quiet.urls))]
        """,
    )
    assert diagnostics == []
    assert routes == [
        ("GET", "/api/", "rest_framework.routers.APIRootView.get"),
        ("GET", "/api/notes/", "proj.views.Notes.list"),
        ("GET", "/api/notes/{pk}/", "proj.views.Notes.retrieve"),
        ("DELETE", "/api/users/", "proj.views.Users.bulk_destroy"),
        ("GET", "/api/users/", "proj.views.Users.list"),
        ("POST", "/api/users/", "proj.views.Users.create"),
        ("DELETE", "/api/users/{pk}/", "proj.views.Users.destroy"),
        ("GET", "/api/users/{pk}/", "proj.views.Users.retrieve"),
        ("PATCH", "/api/users/{pk}/", "proj.views.Users.partial_update"),
        ("PUT", "/api/users/{pk}/", "proj.views.Users.update"),
        ("POST", "/api/users/{pk}/lock/", "proj.views.Users.lock"),
        ("DELETE", "/v2/people/", "proj.views.Users.bulk_destroy"),
        ("GET", "/v2/people/", "proj.views.Users.list"),
        ("POST", "/v2/people/", "proj.views.Users.create"),
        ("DELETE", "/v2/people/{pk}/", "proj.views.Users.destroy"),
        ("GET", "/v2/people/{pk}/", "proj.views.Users.retrieve"),
        ("PATCH", "/v2/people/{pk}/", "proj.views.Users.partial_update"),
        ("PUT", "/v2/people/{pk}/", "proj.views.Users.update"),
        ("POST", "/v2/people/{pk}/lock/", "proj.views.Users.lock"),
    ]


def test_a_router_with_its_own_route_list_and_its_own_root_view() -> None:
    routes, diagnostics = _link(
        """
        from rest_framework.routers import APIRootView, DefaultRouter, DynamicRoute, Route, SimpleRouter

        class Root(APIRootView):
            def get(self, request, *args, **kwargs): ...

        class ReadRouter(DefaultRouter):
            APIRootView = Root
            routes = [
                Route(url=r"^{prefix}/all{trailing_slash}$", mapping={"get": "list"}, name="{basename}-list",
                      detail=False, initkwargs={}),
                Route(r"^{prefix}/{lookup}$", {"get": "retrieve", "delete": "bulk_destroy"}, "{basename}-one",
                      True, {}),
                DynamicRoute(url=r"^{prefix}/{lookup}/do/{url_path}$", name="{basename}-{url_name}", detail=True,
                             initkwargs={}),
            ]
            routes.append(Route(url=r"^{prefix}/count$", mapping={"get": "count"}, name="n", detail=False,
                                initkwargs={}))

        class Plain(SimpleRouter):
            routes = SimpleRouter.routes + [
                Route(url=r"^{prefix}/first$", mapping={"get": "first"}, name="f", detail=False, initkwargs={})
            ]
            routes[0].mapping["patch"] = "bulk_destroy"
            routes[-1].mapping["put"] = "bulk_destroy"
        """,
        """
        from django.urls import include, path
        from proj.routers import Plain, ReadRouter
        from proj.views import Notes, Users

        read = ReadRouter()
        read.register("users", Users, basename="user")
        plain = Plain()
        plain.register("notes", Notes)
        plain.register("users", Users, basename="u")
        urlpatterns = [path("r/", include(read.urls)), path("p/", include(plain.urls))]
        """,
    )
    assert diagnostics == []
    assert routes == [
        ("GET", "/p/notes/", "proj.views.Notes.list"),
        ("GET", "/p/notes/{pk}/", "proj.views.Notes.retrieve"),
        ("GET", "/p/users/", "proj.views.Users.list"),
        ("PATCH", "/p/users/", "proj.views.Users.bulk_destroy"),
        ("POST", "/p/users/", "proj.views.Users.create"),
        ("PUT", "/p/users/first", "proj.views.Users.bulk_destroy"),
        ("DELETE", "/p/users/{pk}/", "proj.views.Users.destroy"),
        ("GET", "/p/users/{pk}/", "proj.views.Users.retrieve"),
        ("PATCH", "/p/users/{pk}/", "proj.views.Users.partial_update"),
        ("PUT", "/p/users/{pk}/", "proj.views.Users.update"),
        ("POST", "/p/users/{pk}/lock/", "proj.views.Users.lock"),
        ("GET", "/r/", "proj.routers.Root.get"),
        ("GET", "/r/users/all/", "proj.views.Users.list"),
        ("DELETE", "/r/users/{pk}", "proj.views.Users.bulk_destroy"),
        ("GET", "/r/users/{pk}", "proj.views.Users.retrieve"),
        ("POST", "/r/users/{pk}/do/lock", "proj.views.Users.lock"),
    ]


def test_a_change_of_routes_docgen_does_not_follow_is_reported() -> None:
    routes, diagnostics = _link(
        """
        from rest_framework.routers import DefaultRouter

        def extra():
            return []

        class Odd(DefaultRouter):
            APIRootView = extra()
            routes = list(DefaultRouter.routes)
            routes.extend(extra())
        """,
        """
        from proj.routers import Odd
        from proj.views import Notes

        router = Odd()
        router.register("notes", Notes, basename="note")
        urlpatterns = router.urls
        """,
    )
    assert routes == [("GET", "/notes/", "proj.views.Notes.list"), ("GET", "/notes/{pk}/", "proj.views.Notes.retrieve")]
    assert diagnostics == [
        "DG904 this change of the router's routes is not followed",
        "DG904 the api-root view of 'Odd()' is not a known view class",
    ]


def test_mixins_named_through_the_viewsets_module_resolve_to_drfs_mixins() -> None:
    linked, diagnostics = link_sources(
        {
            "proj/__init__.py": "",
            "proj/settings.py": 'ROOT_URLCONF = "proj.urls"\n',
            "proj/urls.py": """
            from rest_framework import routers, viewsets

            class Certificates(viewsets.mixins.ListModelMixin, viewsets.mixins.RetrieveModelMixin,
                               viewsets.GenericViewSet):
                def create(self, request): ...

            router = routers.SimpleRouter()
            router.register("certificates", Certificates, basename="cert")
            urlpatterns = router.urls
            """,
        }
    )
    assert diagnostics == []
    assert handlers_table(linked) == [
        ("GET", "/certificates/", "proj.urls.Certificates.list", "rest_framework.mixins.ListModelMixin.list"),
        ("POST", "/certificates/", "proj.urls.Certificates.create", None),
        (
            "GET",
            "/certificates/{pk}/",
            "proj.urls.Certificates.retrieve",
            "rest_framework.mixins.RetrieveModelMixin.retrieve",
        ),
    ]


def test_a_router_overriding_get_lookup_regex_names_objects_its_way() -> None:
    linked, diagnostics = link_sources(
        {
            "proj/__init__.py": "",
            "proj/settings.py": 'ROOT_URLCONF = "proj.urls"\n',
            "proj/views.py": """
            from rest_framework import viewsets

            class Pages(viewsets.ReadOnlyModelViewSet):
                lookup_fields = ("book__slug", "slug")

            class Books(viewsets.ReadOnlyModelViewSet):
                lookup_field = "slug"
            """,
            "proj/routers.py": """
            from rest_framework import routers

            class MultiRouter(routers.DefaultRouter):
                def get_lookup_regex(self, viewset, lookup_prefix=""):
                    base_regex = "(?P<{lookup_prefix}{lookup_url_kwarg}>{lookup_value})"
                    lookup_field = getattr(viewset, "lookup_field", "pk")
                    lookup_fields = getattr(viewset, "lookup_fields", None)
                    if lookup_fields is None:
                        lookup_fields = [lookup_field]
                    lookup_value = getattr(viewset, "lookup_value_regex", "[^/]+")
                    return "/".join(
                        base_regex.format(
                            lookup_prefix=lookup_prefix, lookup_url_kwarg=field, lookup_value=lookup_value
                        )
                        for field in lookup_fields
                    )
            """,
            "proj/urls.py": """
            from django.urls import include, path
            from proj.routers import MultiRouter
            from proj.views import Books, Pages

            router = MultiRouter()
            router.register("pages", Pages, basename="page")
            router.register("books", Books, basename="book")
            urlpatterns = [path("api/", include(router.urls))]
            """,
        }
    )
    assert [r for r in routes_table(linked) if "{" in r[1]] == [
        ("GET", "/api/books/{slug}/", "proj.views.Books.retrieve"),
        ("GET", "/api/pages/{book__slug}/{slug}/", "proj.views.Pages.retrieve"),
    ]
    assert [d.message for d in diagnostics if d.code == "DG904"] == []


def test_a_router_subclass_changes_its_routes_in_its_init() -> None:
    routes, diagnostics = _link(
        """
        from rest_framework.routers import DefaultRouter, Route

        class BulkRouter(DefaultRouter):
            def __init__(self, *args, label=None, **kwargs):
                super().__init__(*args, **kwargs)
                self.label = label
                self.routes[0].mapping.update({"put": "bulk_update", "delete": "bulk_destroy"})

        class CountingRouter(BulkRouter):
            include_root_view = False

            def __init__(self, **kwargs):
                super().__init__(**kwargs)
                self.routes = self.routes + [
                    Route(url=r"^{prefix}/count$", mapping={"get": "list"}, name="n", detail=False, initkwargs={})
                ]
                self.routes[2].mapping["post"] = "destroy"

        class Forgetful(BulkRouter):
            include_root_view = False

            def __init__(self):
                self.label = None
        """,
        """
        from django.urls import include, path
        from proj.routers import BulkRouter, CountingRouter, Forgetful
        from proj.views import Notes, Users

        bulk = BulkRouter(label="v1")
        bulk.register("users", Users, basename="user")
        bulk.register("notes", Notes, basename="note")
        counting = CountingRouter(trailing_slash=False)
        counting.register("people", Users, basename="person")
        plain = Forgetful()
        plain.register("people", Users, basename="p")
        urlpatterns = [
            path("api/", include(bulk.urls)), path("v2/", include(counting.urls)), path("v3/", include(plain.urls))
        ]
        """,
    )
    assert diagnostics == []
    assert routes == [
        ("GET", "/api/", "rest_framework.routers.APIRootView.get"),
        ("GET", "/api/notes/", "proj.views.Notes.list"),
        ("GET", "/api/notes/{pk}/", "proj.views.Notes.retrieve"),
        ("DELETE", "/api/users/", "proj.views.Users.bulk_destroy"),
        ("GET", "/api/users/", "proj.views.Users.list"),
        ("POST", "/api/users/", "proj.views.Users.create"),
        ("DELETE", "/api/users/{pk}/", "proj.views.Users.destroy"),
        ("GET", "/api/users/{pk}/", "proj.views.Users.retrieve"),
        ("PATCH", "/api/users/{pk}/", "proj.views.Users.partial_update"),
        ("PUT", "/api/users/{pk}/", "proj.views.Users.update"),
        ("POST", "/api/users/{pk}/lock/", "proj.views.Users.lock"),
        ("DELETE", "/v2/people", "proj.views.Users.bulk_destroy"),
        ("GET", "/v2/people", "proj.views.Users.list"),
        ("POST", "/v2/people", "proj.views.Users.create"),
        ("GET", "/v2/people/count", "proj.views.Users.list"),
        ("DELETE", "/v2/people/{pk}", "proj.views.Users.destroy"),
        ("GET", "/v2/people/{pk}", "proj.views.Users.retrieve"),
        ("PATCH", "/v2/people/{pk}", "proj.views.Users.partial_update"),
        ("POST", "/v2/people/{pk}", "proj.views.Users.destroy"),
        ("PUT", "/v2/people/{pk}", "proj.views.Users.update"),
        ("POST", "/v2/people/{pk}/lock", "proj.views.Users.lock"),
        ("GET", "/v3/people/", "proj.views.Users.list"),
        ("POST", "/v3/people/", "proj.views.Users.create"),
        ("DELETE", "/v3/people/{pk}/", "proj.views.Users.destroy"),
        ("GET", "/v3/people/{pk}/", "proj.views.Users.retrieve"),
        ("PATCH", "/v3/people/{pk}/", "proj.views.Users.partial_update"),
        ("PUT", "/v3/people/{pk}/", "proj.views.Users.update"),
        ("POST", "/v3/people/{pk}/lock/", "proj.views.Users.lock"),
    ]


def test_a_conditional_change_of_the_routes_in_an_init_is_reported() -> None:
    routes, diagnostics = _link(
        """
        from rest_framework.routers import SimpleRouter

        class MaybeBulk(SimpleRouter):
            def __init__(self, bulk=False):
                super().__init__()
                if bulk:
                    self.routes[0].mapping.update({"delete": "bulk_destroy"})
        """,
        """
        from django.urls import include, path
        from proj.routers import MaybeBulk
        from proj.views import Users

        router = MaybeBulk(bulk=True)
        router.register("users", Users, basename="user")
        urlpatterns = [path("api/", include(router.urls))]
        """,
    )
    assert diagnostics == ["DG904 this conditional change of the router's routes is not followed"]
    assert routes == [
        ("GET", "/api/users/", "proj.views.Users.list"),
        ("POST", "/api/users/", "proj.views.Users.create"),
        ("DELETE", "/api/users/{pk}/", "proj.views.Users.destroy"),
        ("GET", "/api/users/{pk}/", "proj.views.Users.retrieve"),
        ("PATCH", "/api/users/{pk}/", "proj.views.Users.partial_update"),
        ("PUT", "/api/users/{pk}/", "proj.views.Users.update"),
        ("POST", "/api/users/{pk}/lock/", "proj.views.Users.lock"),
    ]

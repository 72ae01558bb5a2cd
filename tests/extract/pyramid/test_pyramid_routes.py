"""Pyramid routes from inline sources: add_route and the views bound to it, view_config, includes, prefixes.

The expected routes are the ones Pyramid 2.1's introspector lists for the same sources (routes with
views, one per view and request method; Pyramid's pattern without the leading slash it adds when
matching).
"""

from __future__ import annotations

from docgen.model import Framework
from docgen.testing import link_sources, routes_table

APP = """
from pyramid.config import Configurator

from shop import views


def main(global_config, **settings):
    with Configurator(settings=settings) as config:
        config.add_route("home", "/")
        config.add_view(views.home, route_name="home")
        config.add_route("health", "health")
        config.add_view("shop.views.health", route_name="health", request_method="GET")
        config.add_route("never", "/never")
        config.add_static_view("static", "shop:static")
        config.include("shop.api", route_prefix="/api/v1")
        config.include(".admin")
        config.scan()
        return config.make_wsgi_app()
"""

VIEWS = '''
def home(request):
    """The landing page."""


def health(request): ...
'''

API = """
from pyramid.view import view_config, view_defaults


def includeme(config):
    config.add_route("items", "/items")
    config.add_route("item", "/items/{item_id:\\\\d+}")
    config.add_route("files", "/files/*subpath")


@view_config(route_name="items", request_method="GET")
@view_config(route_name="items", request_method="POST")
def items(request): ...


@view_defaults(route_name="item")
class ItemViews:
    def __init__(self, request):
        self.request = request

    @view_config(request_method=("GET", "HEAD"))
    def show(self): ...

    @view_config(request_method="DELETE")
    def remove(self): ...


@view_config(context=ItemViews, name="edit")
def edit(request): ...


@view_config(route_name="files", attr="serve")
class Files:
    def __init__(self, request): ...

    def serve(self): ...
"""

ADMIN = """
def includeme(config):
    config.add_route("stats", "/admin/stats")
    config.add_view(stats, route_name="stats")


def stats(request): ...
"""


def test_routes_views_includes_and_scanned_decorators() -> None:
    linked, diagnostics = link_sources(
        {
            "shop/__init__.py": APP,
            "shop/views.py": VIEWS,
            "shop/api.py": API,
            "shop/admin.py": ADMIN,
        }
    )
    assert sorted(routes_table(linked), key=lambda r: (r[1], r[0])) == [
        ("ANY", "/", "shop.views.home"),
        ("ANY", "/admin/stats", "shop.admin.stats"),
        ("ANY", "/api/v1/files/{subpath}", "shop.api.Files.serve"),
        ("GET", "/api/v1/items", "shop.api.items"),
        ("POST", "/api/v1/items", "shop.api.items"),
        ("DELETE", "/api/v1/items/{item_id}", "shop.api.ItemViews.remove"),
        ("GET", "/api/v1/items/{item_id}", "shop.api.ItemViews.show"),
        ("HEAD", "/api/v1/items/{item_id}", "shop.api.ItemViews.show"),
        ("GET", "/health", "shop.views.health"),
        ("ANY", "/static/{subpath}", None),
    ]
    assert {r.framework for r in linked.routes} == {Framework("pyramid")}
    item = next(r for r in linked.routes if r.path == "/api/v1/items/{item_id}" and r.handler.endswith("remove"))
    assert (item.raw_path, [p.name for p in item.params]) == ("/api/v1/items/{item_id:\\d+}", ["item_id"])
    assert next(r for r in linked.routes if r.path == "/").summary == "The landing page."
    assert [(d.code, str(d.location), d.message) for d in diagnostics if d.code.startswith("DG9")] == [
        (
            "DG904",
            "shop/api.py:27",  # the @view_config line
            "1 Pyramid view found by traversal (context= without route_name) not listed: their URLs come from"
            " the resource tree at run time",
        )
    ]


def test_decorated_views_count_only_when_the_code_scans() -> None:
    linked, _ = link_sources(
        {
            "solo/__init__.py": """
            from pyramid.config import Configurator
            from pyramid.view import view_config

            @view_config(route_name="ping")
            def ping(request): ...

            config = Configurator()
            config.add_route("ping", "/ping")
            app = config.make_wsgi_app()
        """,
        }
    )
    assert routes_table(linked) == []  # no scan(): Pyramid never registers the decorated view


def test_route_prefix_contexts_prefix_their_block_and_each_decorator_is_a_view() -> None:
    linked, diagnostics = link_sources(
        {
            "blog/__init__.py": """
            from pyramid.config import Configurator


            def main(global_config, **settings):
                config = Configurator(settings=settings)
                with config.route_prefix_context("/v2"):
                    config.add_route("posts", "/posts")
                    config.add_static_view("assets", "blog:assets")
                    with config.route_prefix_context("admin/"):
                        config.add_route("users", "/users/{user_id}")
                    config.include("blog.feeds", route_prefix="feeds")
                config.add_route("root", "/")
                config.scan()
                return config.make_wsgi_app()
            """,
            "blog/views.py": """
            from pyramid.view import view_config


            @view_config(route_name="posts", request_method="GET", accept="text/html")
            @view_config(route_name="posts", request_method="GET", accept="application/json")
            @view_config(route_name="posts", request_method=("POST", "PUSH"))
            def posts(request): ...


            @view_config(route_name="users")
            def user(request): ...


            @view_config(route_name="root")
            def root(request): ...
            """,
            "blog/feeds.py": """
            def includeme(config):
                config.add_route("atom", "/atom")
                config.add_view(atom, route_name="atom", request_method="GET")


            def atom(request): ...
            """,
        }
    )
    # Pyramid 2.1's introspector for these sources: v2/posts GET twice (one view per accept),
    # POST and the custom PUSH; v2/assets/*subpath; v2/admin/users/{user_id}; v2/feeds/atom; /.
    assert sorted(routes_table(linked), key=lambda r: (r[1], r[0])) == [
        ("ANY", "/", "blog.views.root"),
        ("ANY", "/v2/admin/users/{user_id}", "blog.views.user"),
        ("ANY", "/v2/assets/{subpath}", None),
        ("GET", "/v2/feeds/atom", "blog.feeds.atom"),
        ("GET", "/v2/posts", "blog.views.posts"),
        ("GET", "/v2/posts", "blog.views.posts"),
        ("POST", "/v2/posts", "blog.views.posts"),
        ("PUSH", "/v2/posts", "blog.views.posts"),
    ]
    assert [(d.code, str(d.location), d.message) for d in diagnostics if d.code.startswith("DG9")] == []


def test_a_configurators_route_prefix_set_by_assignment_prefixes_what_it_adds_after() -> None:
    app = """
    from pyramid.config import Configurator


    def root(request): ...


    def items(request): ...


    def main(global_config, **settings):
        config = Configurator(settings=settings)
        config.add_route("root", "/")
        config.route_prefix = "v1"
        config.add_route("items", "/items")
        config.route_prefix = None
        config.add_route("health", "/health")
        for name in ("root", "items", "health"):
            config.add_view(root if name == "root" else items, route_name=name)
        return config.make_wsgi_app()
    """
    linked, diagnostics = link_sources({"app.py": app})
    assert routes_table(linked) == [
        ("ANY", "/", "app.root"),
        ("ANY", "/health", "app.items"),
        ("ANY", "/v1/items", "app.items"),
    ]
    assert [d.message for d in diagnostics] == []

"""aiohttp routes from inline sources: router calls, route definitions, route tables, sub-applications, views.

Every expected route list below is what aiohttp 3.14's own router reports for the same code
(``app.router.routes()``, sub-applications' routes under their prefix, a ``web.View`` as one route
per method it defines), without the HEAD route it adds beside each GET, except where a comment
says otherwise. A view's verb is named after the registered class (``Items.options``) where
aiohttp's router holds the base's function (``Base.options``), as for every framework.
"""

from __future__ import annotations

import pytest

from docgen.link import reach
from docgen.model import Framework, ParamLocation
from docgen.testing import handlers_table, link_sources, routes_table

VIEWS = '''
from aiohttp import web


class Base(web.View):
    async def options(self):
        """CORS preflight."""


class Items(Base):
    async def get(self):
        """List items."""

    async def post(self): ...


class Item(Base):
    """One item."""

    async def get(self):
        """Read one item.

        Args:
            item_id: The item's id.
        """

    async def delete(self): ...
'''


def test_router_calls_on_a_module_level_application() -> None:
    linked, diagnostics = link_sources(
        {
            "shop/__init__.py": "",
            "shop/views.py": VIEWS,
            "shop/app.py": """
            import functools

            from aiohttp import hdrs, web

            from shop.views import Item, Items

            async def index(request): ...
            async def create(request): ...
            async def replace(request): ...
            async def change(request): ...
            async def remove(request): ...
            async def probe(request): ...
            async def anything(request): ...
            async def page(request, size): ...
            async def report(request): ...

            app = web.Application()
            app.router.add_get("/", index, name="index")
            app.router.add_post("/orders", create)
            app.router.add_put("/orders/{order_id:\\\\d+}", replace)
            app.router.add_patch("/orders/{order_id:\\\\d+}", change)
            app.router.add_delete("/orders/{order_id:\\\\d+}", remove)
            app.router.add_head("/ping", probe)
            app.router.add_route(hdrs.METH_OPTIONS, "/any", anything)
            app.router.add_route("*", "/any", anything)
            app.router.add_route("get", "/pages", functools.partial(page, size=10))
            app.router.add_view("/items", Items)
            app.router.add_view("/items/{item_id}", Item, name="item")
            router = app.router
            router.add_static("/static/", "./static", name="static")
            reports = router.add_resource("/reports/{year:[0-9]{4}}", name="reports")
            reports.add_route("GET", report)
        """,
        }
    )
    assert handlers_table(linked)[3:9] == [  # a view's inherited verb runs its base's method
        ("GET", "/items", "shop.views.Items.get", None),
        ("OPTIONS", "/items", "shop.views.Items.options", "shop.views.Base.options"),
        ("POST", "/items", "shop.views.Items.post", None),
        ("DELETE", "/items/{item_id}", "shop.views.Item.delete", None),
        ("GET", "/items/{item_id}", "shop.views.Item.get", None),
        ("OPTIONS", "/items/{item_id}", "shop.views.Item.options", "shop.views.Base.options"),
    ]
    assert routes_table(linked) == [
        ("GET", "/", "shop.app.index"),
        ("ANY", "/any", "shop.app.anything"),
        ("OPTIONS", "/any", "shop.app.anything"),
        ("GET", "/items", "shop.views.Items.get"),
        ("OPTIONS", "/items", "shop.views.Items.options"),
        ("POST", "/items", "shop.views.Items.post"),
        ("DELETE", "/items/{item_id}", "shop.views.Item.delete"),
        ("GET", "/items/{item_id}", "shop.views.Item.get"),
        ("OPTIONS", "/items/{item_id}", "shop.views.Item.options"),
        ("POST", "/orders", "shop.app.create"),
        ("DELETE", "/orders/{order_id}", "shop.app.remove"),
        ("PATCH", "/orders/{order_id}", "shop.app.change"),
        ("PUT", "/orders/{order_id}", "shop.app.replace"),
        ("GET", "/pages", "shop.app.page"),
        ("HEAD", "/ping", "shop.app.probe"),
        ("GET", "/reports/{year}", "shop.app.report"),
        ("GET", "/static/{filename}", None),
    ]
    by_id = {r.id: r for r in linked.routes}
    assert {r.app for r in linked.routes} == {"shop.app:app"}
    assert by_id["GET /"].framework == Framework("aiohttp")
    assert [(r.name, r.raw_path) for r in (by_id["GET /"], by_id["GET /static/{filename}"])] == [
        ("index", "/"),
        ("static", "/static/{filename}"),
    ]
    item = by_id["GET /items/{item_id}"]
    assert (item.name, item.summary, item.location.path) == ("item", "Read one item.", "shop/views.py")
    assert [(p.name, p.in_, p.type, p.description) for p in item.params] == [
        ("item_id", ParamLocation.PATH, "str", "The item's id.")
    ]
    assert by_id["DELETE /items/{item_id}"].summary == "One item."  # no docstring: the view class's
    order = by_id["PUT /orders/{order_id}"]
    assert (order.raw_path, [(p.name, p.type, p.constraints) for p in order.params]) == (
        "/orders/{order_id:\\d+}",
        [("order_id", "int", {})],
    )
    year = by_id["GET /reports/{year}"]
    assert (year.name, [(p.name, p.type, p.constraints) for p in year.params]) == (
        "reports",
        [("year", "str", {"pattern": "'[0-9]{4}'"})],
    )
    assert [d.code for d in diagnostics if d.code.startswith("DG9")] == []


def test_route_definitions_and_route_tables_added_to_nested_sub_applications() -> None:
    linked, _ = link_sources(
        {
            "svc/__init__.py": "",
            "svc/views.py": VIEWS,
            "svc/api.py": """
            from aiohttp import web

            from svc.views import Item

            routes = web.RouteTableDef()

            @routes.get("/users")
            async def users(request):
                \"\"\"List users.\"\"\"

            @routes.route("PUT", "/users/{user_id}", name="put-user")
            async def put_user(request): ...

            @routes.view("/proxy/{path:.+}")
            async def proxy(request): ...

            @routes.view("/stock")
            class Stock(web.View):
                async def get(self): ...

            routes.static("/files", "./files")

            async def status(request): ...
            async def hook(request): ...

            definitions = [
                web.get("/status", status),
                web.route("POST", "/hook", hook),
                web.view("/item/{item_id}", Item),
            ]
        """,
            "svc/main.py": """
            from aiohttp import web

            from svc.api import definitions, routes

            async def home(request): ...

            v1 = web.Application()
            v1.add_routes(routes)
            api = web.Application()
            api.add_routes(definitions)
            api.add_subapp("/v1/", v1)
            app = web.Application()
            app.add_routes([web.get("/", home), web.static("/assets", "./assets")])
            app.add_subapp("/api", api)
        """,
        }
    )
    assert routes_table(linked) == [
        ("GET", "/", "svc.main.home"),
        ("POST", "/api/hook", "svc.api.hook"),
        ("DELETE", "/api/item/{item_id}", "svc.views.Item.delete"),
        ("GET", "/api/item/{item_id}", "svc.views.Item.get"),
        ("OPTIONS", "/api/item/{item_id}", "svc.views.Item.options"),
        ("GET", "/api/status", "svc.api.status"),
        ("GET", "/api/v1/files/{filename}", None),
        ("ANY", "/api/v1/proxy/{path}", "svc.api.proxy"),
        ("GET", "/api/v1/stock", "svc.api.Stock.get"),
        ("GET", "/api/v1/users", "svc.api.users"),
        ("PUT", "/api/v1/users/{user_id}", "svc.api.put_user"),
        ("GET", "/assets/{filename}", None),
    ]
    assert {r.app for r in linked.routes} == {"svc.main:app"}
    users = next(r for r in linked.routes if r.handler == "svc.api.users")
    assert (users.summary, users.group, users.location.path) == ("List users.", "svc.api:routes", "svc/api.py")
    put_user = next(r for r in linked.routes if r.handler == "svc.api.put_user")
    assert put_user.name == "put-user"


def test_registrations_in_functions_called_with_the_application() -> None:
    linked, diagnostics = link_sources(
        {
            "blog/__init__.py": "",
            "blog/handlers.py": """
            async def index(request): ...
            async def post(request): ...
            async def about(request): ...
            async def contact(request): ...
            async def feed(request): ...
            async def health(request): ...
        """,
            "blog/routes.py": """
            from blog import handlers

            PAGES = [("/about", handlers.about), ("/contact", handlers.contact)]

            def add_page(app, path, handler):
                app.router.add_get(path, handler)

            def setup_routes(app, prefix=""):
                app.router.add_get(prefix + "/", handlers.index)
                app.router.add_get(prefix + "/posts/{slug}", handlers.post)
                for path, handler in PAGES:
                    app.router.add_get(prefix + path, handler)
                add_page(app, "/feed", handlers.feed)
        """,
            "blog/main.py": """
            from aiohttp import web

            from blog import handlers
            from blog.routes import setup_routes

            def create_api():
                api = web.Application()
                api.router.add_get("/health", handlers.health)
                return api

            async def create_app():
                app = web.Application()
                setup_routes(app, prefix="/blog")
                app.add_subapp("/api", create_api())
                return app

            def main():
                web.run_app(create_app())

            if __name__ == "__main__":
                main()
        """,
        }
    )
    assert routes_table(linked) == [
        ("GET", "/api/health", "blog.handlers.health"),
        ("GET", "/blog/", "blog.handlers.index"),
        ("GET", "/blog/about", "blog.handlers.about"),
        ("GET", "/blog/contact", "blog.handlers.contact"),
        ("GET", "/blog/posts/{slug}", "blog.handlers.post"),
        ("GET", "/feed", "blog.handlers.feed"),
    ]
    assert {r.app for r in linked.routes} == {"blog.main:create_app.<locals>.app"}
    assert [d.code for d in diagnostics if d.code.startswith("DG9")] == []


def test_a_class_holding_its_application_and_an_application_subclass() -> None:
    linked, diagnostics = link_sources(
        {
            "bot/__init__.py": "",
            "bot/api.py": """
            from aiohttp import web

            routes = web.RouteTableDef()

            @routes.get("/version")
            async def version(request): ...

            def init(config):
                app = web.Application()
                app.add_routes(routes)
                return app
        """,
            "bot/server.py": """
            from aiohttp import web

            class Server:
                def __init__(self, api, config):
                    self.config = config
                    self.app = web.Application()
                    self.setup_ui()
                    self.app.add_subapp("/_api/v1", api)

                def setup_ui(self):
                    self.app.router.add_get("/ui/", self.index)
                    self.add_route("POST", "/hooks/{name}", self.hook)

                def add_route(self, method, path, handler):
                    self.app.router.add_route(method, path, handler)

                async def index(self, request): ...
                async def hook(self, request): ...

            class Admin(web.Application):
                def __init__(self):
                    super().__init__()
                    self.router.add_get("/admin", self.dashboard)

                async def dashboard(self, request): ...
        """,
            "bot/__main__.py": """
            from bot.api import init
            from bot.server import Admin, Server

            class Bot:
                def prepare(self):
                    api = init(self.config)
                    self.server = Server(api, self.config)
                    self.admin = Admin()
        """,
        }
    )
    assert routes_table(linked) == [
        ("GET", "/_api/v1/version", "bot.api.version"),
        ("GET", "/admin", "bot.server.Admin.dashboard"),
        ("POST", "/hooks/{name}", "bot.server.Server.hook"),
        ("GET", "/ui/", "bot.server.Server.index"),
    ]
    apps = {r.handler: r.app for r in linked.routes}
    # the objects a Bot stores: its server's app, its admin app (a Bot's methods see one Bot)
    assert apps["bot.api.version"] == apps["bot.server.Server.index"] == "bot.__main__:Bot().server.app"
    assert apps["bot.server.Admin.dashboard"] == "bot.__main__:Bot().admin"
    assert [d.code for d in diagnostics if d.code.startswith("DG9")] == []


def test_registrations_wrapped_in_other_calls_looped_over_or_with_handler_objects() -> None:
    linked, diagnostics = link_sources(
        {
            "api.py": """
            from aiohttp import web

            from plugins import cors

            class Health:
                async def __call__(self, request): ...

            async def a(request): ...
            async def b(request): ...
            async def c(request): ...

            ROUTES = [("GET", "/a", a), ("POST", "/b", b)]

            app = web.Application()
            for method, path, handler in ROUTES:
                app.router.add_route(method, path, handler)
            cors.add(app.router.add_get("/c", c))
            app.router.add_resource("/d").add_route("PUT", c)
            app.router.add_get("/health", Health())
            for spec in ROUTES:
                app.router.add_route(*spec)
        """
        }
    )
    assert routes_table(linked) == [
        ("GET", "/a", "api.a"),
        ("POST", "/b", "api.b"),
        ("GET", "/c", "api.c"),
        ("PUT", "/d", "api.c"),
        ("GET", "/health", "api.Health.__call__"),  # aiohttp names the wrapper it puts around the object
    ]
    # add_route(*spec) registers /a and /b a second time; docgen does not unpack a call's *args
    assert [(d.code, str(d.location), d.message) for d in diagnostics if d.code.startswith("DG9")] == [
        ("DG904", "api.py:21", "route method '*spec' could not be evaluated: route skipped"),
    ]


def test_what_cannot_be_known_is_a_placeholder_and_a_warning() -> None:
    linked, diagnostics = link_sources(
        {
            "app.py": """
            from aiohttp import web

            from settings import conf

            async def home(request): ...
            async def handle(request): ...

            app = web.Application()
            app.router.add_get(conf.PREFIX + "/home", home)
            app.router.add_route(conf.METHOD, "/x", handle)
            app.add_routes(conf.ROUTES)
            app.add_subapp("/sub", conf.SUBAPP)
        """,
        }
    )
    assert routes_table(linked) == [("GET", "{?conf.PREFIX}/home", "app.home")]
    assert [(d.code, str(d.location), d.message) for d in diagnostics if d.code.startswith("DG9")] == [
        ("DG904", "app.py:9", "route path '{?conf.PREFIX}/home' could not be fully evaluated"),
        ("DG904", "app.py:10", "route method 'conf.METHOD' could not be evaluated: route skipped"),
        ("DG904", "app.py:11", "route definitions 'conf.ROUTES' could not be evaluated: not listed"),
        ("DG904", "app.py:12", "sub-application 'conf.SUBAPP' is not known: its routes are not listed"),
    ]


def test_test_code_registers_nothing_even_when_called_with_the_application() -> None:
    linked, _ = link_sources(
        {
            "svc/__init__.py": "",
            "svc/tests/__init__.py": "",
            "svc/tests/utils.py": """
            async def record(request): ...

            def add_recording(app):
                app.router.add_get("/{tail:.*}", record)
        """,
            "svc/tests/test_app.py": """
            from aiohttp import web

            async def fake(request): ...

            app = web.Application()
            app.router.add_get("/fake", fake)
        """,
            "svc/pytest_plugin.py": """
            from aiohttp import web

            from svc.tests.utils import add_recording

            def recording_server():
                app = web.Application()
                add_recording(app)
                return app
        """,
            "svc/devserver.py": """
            from aiohttp import web

            from svc.tests.utils import add_recording

            async def home(request): ...

            app = web.Application()
            app.router.add_get("/", home)
            add_recording(app)
        """,
        }
    )
    assert routes_table(linked) == [("GET", "/", "svc.devserver.home")]


def test_code_without_aiohttp_is_not_walked_and_aiohttp_is_no_unread_framework() -> None:
    linked, diagnostics = link_sources(
        {
            "app.py": """
            from aiohttp import web

            async def home(request): ...

            app = web.Application()
            app.router.add_get("/", home)
        """
        }
    )
    assert routes_table(linked) == [("GET", "/", "app.home")]
    assert [d.code for d in diagnostics if d.code == "DG913"] == []


def test_calls_past_the_walk_budget_are_not_followed_and_say_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reach, "MAX_BOUND_WALKS", 1)
    linked, diagnostics = link_sources(
        {
            "app.py": """
            from aiohttp import web

            async def a(request): ...
            async def b(request): ...

            def add(app, path, handler):
                app.router.add_get(path, handler)

            app = web.Application()
            add(app, "/a", a)
            add(app, "/b", b)
        """
        }
    )
    assert routes_table(linked) == [("GET", "/a", "app.a")]
    assert [(d.code, str(d.location), d.message) for d in diagnostics if d.code.startswith("DG9")] == [
        ("DG915", "app.py:11", "more than 1 calls hand objects to functions: the rest are not followed"),
    ]


def test_the_server_is_read_through_a_plain_import_and_a_client_only_tree_is_not_walked() -> None:
    served, _ = link_sources(
        {
            "svc.py": """
            import aiohttp as http

            async def ping(request): ...

            app = http.web.Application()
            app.router.add_get("/ping", ping)
            """
        }
    )
    assert [(r.method.value, r.path, r.handler) for r in served.routes] == [("GET", "/ping", "svc.ping")]
    client, diagnostics = link_sources(
        {
            "fetch.py": """
            import aiohttp
            from aiohttp import ClientSession

            async def get(url):
                async with ClientSession() as session:
                    return await session.get(url)
            """
        }
    )
    assert client.routes == ()
    assert [d.code for d in diagnostics if d.code.startswith("DG9") and d.code != "DG920"] == []

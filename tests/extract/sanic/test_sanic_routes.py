"""Sanic routes from inline sources: decorators, blueprints, groups, versions, class views, loops, factories.

The expected routes are the ones Sanic 25.12 itself registers for the same sources.
"""

from __future__ import annotations

from docgen.model import Framework
from docgen.testing import link_sources, routes_table

VIEWS = '''
from sanic import Blueprint
from sanic.views import HTTPMethodView

items = Blueprint("items", url_prefix="/items")
users = Blueprint("users", url_prefix="users", version=2)


@items.route("/<item_id:int>", methods=["GET", "PUT"])
async def item(request, item_id):
    """One item.

    Args:
        item_id: The item's id.
    """


@items.post("/")
async def create(request): ...


@items.get("/old", version=1)
async def old(request): ...


@users.get("/<name>")
async def user(request, name): ...


@users.websocket("/feed")
async def feed(request, ws): ...


class Base(HTTPMethodView):
    async def get(self, request, slug): ...


class Page(Base):
    async def delete(self, request, slug): ...


items.add_route(Page.as_view(), "/pages/<slug:slug>")
'''

APP = """
from sanic import Blueprint, Sanic

from shop.views import items, users

admin = Blueprint("admin", url_prefix="/admin")
api = Blueprint.group(items, users, url_prefix="/api", version=3)
strict = Blueprint("strict", url_prefix="/strict", strict_slashes=True)


@admin.route("/stats", methods=frozenset({"GET", "POST"}))
async def stats(request): ...


@strict.get("/kept/")
async def kept(request): ...


@strict.get("/dropped/", strict_slashes=False)
async def dropped(request): ...


async def health(request): ...


def more(app):
    app.blueprint(strict)
    app.blueprint([admin], url_prefix="/also")


def create_app():
    app = Sanic("shop")
    app.blueprint(api)
    app.blueprint(admin, url_prefix="/backoffice")
    app.add_route(health, "/health", methods=["GET", "HEAD"])

    @app.get("/")
    async def index(request): ...

    more(app)
    return app
"""


def test_blueprints_groups_versions_views_and_a_factory_with_a_setup_helper() -> None:
    linked, diagnostics = link_sources({"shop/__init__.py": "", "shop/views.py": VIEWS, "shop/app.py": APP})
    assert sorted(routes_table(linked), key=lambda r: (r[1], r[0])) == [
        ("GET", "/", "shop.app.create_app.<locals>.index"),
        ("GET", "/also/stats", "shop.app.stats"),
        ("POST", "/also/stats", "shop.app.stats"),
        ("GET", "/backoffice/stats", "shop.app.stats"),
        ("POST", "/backoffice/stats", "shop.app.stats"),
        ("GET", "/health", "shop.app.health"),
        ("HEAD", "/health", "shop.app.health"),
        ("GET", "/strict/dropped", "shop.app.dropped"),
        ("GET", "/strict/kept/", "shop.app.kept"),
        ("GET", "/v1/api/items/old", "shop.views.old"),
        ("WEBSOCKET", "/v2/api/users/feed", "shop.views.feed"),
        ("GET", "/v2/api/users/{name}", "shop.views.user"),
        ("POST", "/v3/api/items", "shop.views.create"),
        ("DELETE", "/v3/api/items/pages/{slug}", "shop.views.Page.delete"),
        ("GET", "/v3/api/items/pages/{slug}", "shop.views.Base.get"),
        ("GET", "/v3/api/items/{item_id}", "shop.views.item"),
        ("PUT", "/v3/api/items/{item_id}", "shop.views.item"),
    ]
    put = next(r for r in linked.routes if r.method == "PUT")
    assert (put.framework, put.summary, put.app, put.raw_path) == (
        Framework("sanic"),
        "One item.",
        "shop.app:create_app.<locals>.app",
        "/v3/api/items/<item_id:int>",
    )
    assert [(p.name, p.type, p.description) for p in put.params] == [("item_id", "int", "The item's id.")]
    assert [d.code for d in diagnostics if d.code.startswith("DG9")] == []


def test_routes_from_a_loop_a_self_attached_view_and_an_unknown_prefix() -> None:
    linked, diagnostics = link_sources(
        {
            "svc/__init__.py": "",
            "svc/settings.py": 'import os\n\nPREFIX = os.environ["API_PREFIX"]\n',
            "svc/app.py": """
            from sanic import Sanic
            from sanic.views import HTTPMethodView

            from svc import settings

            app = Sanic("svc")


            async def ping(request): ...


            async def echo(request, word): ...


            ROUTES = [("/ping", ping), ("/echo/<word:alpha>", echo)]

            for uri, handler in ROUTES:
                app.add_route(handler, uri, methods=["GET", "POST"])


            class Items(HTTPMethodView, attach=app, uri="/items/<item_id:uuid>"):
                async def get(self, request, item_id): ...

                async def patch(self, request, item_id): ...


            @app.get(settings.PREFIX + "/status")
            async def status(request): ...
            """,
        }
    )
    assert sorted(routes_table(linked), key=lambda r: (r[1], r[0])) == [
        ("GET", "/echo/{word}", "svc.app.echo"),
        ("POST", "/echo/{word}", "svc.app.echo"),
        ("GET", "/items/{item_id}", "svc.app.Items.get"),
        ("PATCH", "/items/{item_id}", "svc.app.Items.patch"),
        ("GET", "/ping", "svc.app.ping"),
        ("POST", "/ping", "svc.app.ping"),
        ("GET", "/{?os.environ['API_PREFIX']}/status", "svc.app.status"),
    ]
    patch = next(r for r in linked.routes if r.method == "PATCH")
    assert [(p.name, p.type) for p in patch.params] == [("item_id", "UUID")]
    assert [(d.code, d.message, d.location.line if d.location else None) for d in diagnostics if d.code == "DG904"] == [
        ("DG904", "Sanic URI \"{?os.environ['API_PREFIX']}/status\" could not be fully evaluated", 27)
    ]

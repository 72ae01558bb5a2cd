"""Falcon routes from inline sources: resources and responders, suffixes, tables in loops, sinks, static routes.

The expected routes are the ones Falcon 4.4 itself routes for the same sources.
"""

from __future__ import annotations

from docgen.model import Framework
from docgen.testing import link_sources, routes_table

RESOURCES = '''
class Base:
    def on_get(self, req, resp, item_id):
        """Read one item.

        Args:
            item_id: The item's id.
        """

    on_head = on_get


class Item(Base):
    def on_delete(self, req, resp, item_id): ...


class Items:
    def on_get(self, req, resp): ...

    def on_post(self, req, resp): ...

    def on_get_export(self, req, resp): ...


class Owner:
    def on_get(self, req, resp, owner_id): ...


def endpoints(conf):
    table = [("/items", Items()), ("/items/{item_id:int}", Item())]
    if conf.admin:
        table.extend([("/owners/{owner_id:uuid}", Owner())])
    return table
'''

SERVER = """
import falcon

from api import resources


def legacy(req, resp): ...


class Server:
    def __init__(self, conf):
        self.conf = conf
        self.app = None
        self._routes()

    def _routes(self):
        catalog = [("/v1", resources.endpoints(self.conf))]
        self.app = falcon.App()
        for version, endpoints in catalog:
            for path, resource in endpoints:
                self.app.add_route(version + path, resource)
        self.app.add_route("/v1/items/export", resources.Items(), suffix="export")
        self.app.add_sink(legacy, "/legacy")
        self.app.add_static_route("/static", "/srv/static")
"""


def test_a_table_of_resources_added_in_nested_loops_by_a_method_of_a_server_class() -> None:
    linked, diagnostics = link_sources({"api/__init__.py": "", "api/resources.py": RESOURCES, "api/server.py": SERVER})
    assert sorted(routes_table(linked), key=lambda r: (r[1], r[0])) == [
        ("ANY", "/legacy", "api.server.legacy"),
        ("GET", "/static/{path}", None),
        ("GET", "/v1/items", "api.resources.Items.on_get"),
        ("POST", "/v1/items", "api.resources.Items.on_post"),
        ("GET", "/v1/items/export", "api.resources.Items.on_get_export"),
        ("DELETE", "/v1/items/{item_id}", "api.resources.Item.on_delete"),
        ("GET", "/v1/items/{item_id}", "api.resources.Base.on_get"),
        ("HEAD", "/v1/items/{item_id}", "api.resources.Base.on_get"),
        ("GET", "/v1/owners/{owner_id}", "api.resources.Owner.on_get"),
    ]
    head = next(r for r in linked.routes if r.method == "HEAD")
    assert (head.framework, head.app, head.summary, head.raw_path) == (
        Framework("falcon"),
        "api.server:Server().app",
        "Read one item.",
        "/v1/items/{item_id:int}",
    )
    assert [(p.name, p.type, p.description) for p in head.params] == [("item_id", "int", "The item's id.")]
    owner = next(r for r in linked.routes if r.path.startswith("/v1/owners"))
    assert [(p.name, p.type) for p in owner.params] == [("owner_id", "UUID")]
    assert [d.code for d in diagnostics if d.code.startswith("DG9")] == []


def test_an_asgi_app_with_a_websocket_responder_and_a_resource_that_cannot_be_known() -> None:
    linked, diagnostics = link_sources(
        {
            "live.py": """
            import importlib

            from falcon import asgi


            class Feed:
                async def on_get(self, req, resp): ...

                async def on_websocket(self, req, ws): ...


            def create_app():
                app = asgi.App()
                app.add_route("/feed", Feed())
                app.add_route("/plugin", importlib.import_module("plugins").Resource())
                return app
            """
        }
    )
    assert routes_table(linked) == [
        ("GET", "/feed", "live.Feed.on_get"),
        ("WEBSOCKET", "/feed", "live.Feed.on_websocket"),
        ("ANY", "/plugin", None),
    ]
    assert [(d.code, d.message, d.location.line if d.location else None) for d in diagnostics if d.code == "DG904"] == [
        (
            "DG904",
            "Falcon resource \"{?importlib.import_module('plugins').Resource()}\" could not be resolved: "
            "its responders are listed as one ANY route",
            15,
        )
    ]

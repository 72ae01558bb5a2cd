"""Bottle routes from inline sources: decorators, verb shortcuts, the default app, call form, mounts."""

from __future__ import annotations

from docgen.model import Framework
from docgen.testing import link_sources, routes_table


def test_decorators_shortcuts_wildcards_call_form_and_mounts() -> None:
    linked, diagnostics = link_sources(
        {
            "shop/__init__.py": "",
            "shop/api.py": '''
            from bottle import Bottle

            api = Bottle()

            @api.route("/items/<item_id:int>", method=["GET", "PUT"])
            def item(item_id):
                """One item.

                Args:
                    item_id: The item's id.
                """

            @api.post("/items")
            def create(): ...

            @api.route(["/old/:slug#[a-z]+#", "/new/<slug>"])
            def page(slug): ...

            def health(): ...

            api.route("/health", "GET", health)
        ''',
            "shop/app.py": """
            import bottle
            from shop.api import api

            root = bottle.Bottle()
            root.mount("/api/", api)

            @bottle.get("/ping")
            def ping(): ...
        """,
        }
    )
    assert routes_table(linked) == [
        ("GET", "/api/health", "shop.api.health"),
        ("POST", "/api/items", "shop.api.create"),
        ("GET", "/api/items/{item_id}", "shop.api.item"),
        ("PUT", "/api/items/{item_id}", "shop.api.item"),
        ("GET", "/api/new/{slug}", "shop.api.page"),
        ("GET", "/api/old/{slug}", "shop.api.page"),
        ("GET", "/ping", "shop.app.ping"),
    ]
    item = next(r for r in linked.routes if r.method == "PUT")
    assert (item.framework, item.summary, item.app) == (Framework("bottle"), "One item.", "shop.app:root")
    assert [(p.name, p.description) for p in item.params] == [("item_id", "The item's id.")]
    assert [d.code for d in diagnostics if d.code.startswith("DG9")] == []


def test_a_copy_of_bottle_inside_the_package_is_bottle() -> None:
    linked, _ = link_sources(
        {
            "srv/__init__.py": "",
            "srv/vendor/__init__.py": "from srv.vendor.bottle import *\n",
            "srv/vendor/bottle.py": "class Bottle:\n    def route(self, path=None, method='GET', callback=None): ...\n",
            "srv/app.py": """
            from srv.vendor import Bottle

            app = Bottle()

            @app.route("/simple/:project/")
            def simple(project): ...
        """,
        }
    )
    assert routes_table(linked) == [("GET", "/simple/{project}/", "srv.app.simple")]


def test_an_extension_method_is_a_route_and_what_is_no_method_is_skipped_with_a_warning() -> None:
    linked, diagnostics = link_sources(
        {
            "dav.py": """
            from bottle import Bottle

            app = Bottle()

            @app.route("/files", method=["GET", "PROPFIND", "list files"])
            def files(): ...

            @app.get("/ping")
            def ping(): ...
        """
        }
    )
    assert routes_table(linked) == [
        ("GET", "/files", "dav.files"),
        ("PROPFIND", "/files", "dav.files"),
        ("GET", "/ping", "dav.ping"),
    ]
    assert [(d.code, d.message) for d in diagnostics if d.code.startswith("DG9")] == [
        ("DG904", "method 'LIST FILES' is not an HTTP method; skipped")
    ]

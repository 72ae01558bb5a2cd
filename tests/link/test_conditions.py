"""Statements under ``if``: a branch whose condition is known to fail registers nothing; an unknown one counts."""

from __future__ import annotations

from docgen.testing import link_sources, routes_table


def test_fastapi_routers_included_only_under_known_true_conditions() -> None:
    linked, diagnostics = link_sources(
        {
            "app/__init__.py": "",
            "app/config.py": """
            import os

            class Settings:
                SCOPES: bool = False
                METRICS = True
                MODE = os.getenv("APP_MODE", "server")

            settings = Settings()
            """,
            "app/main.py": """
            import os
            from typing import TYPE_CHECKING
            from fastapi import APIRouter, FastAPI
            from app.config import settings

            app = FastAPI()
            scopes = APIRouter(prefix="/scopes")
            metrics = APIRouter(prefix="/metrics")
            debug = APIRouter(prefix="/debug")
            flagged = APIRouter(prefix="/flagged")

            @scopes.get("/")
            def list_scopes(): ...

            @metrics.get("/")
            def read_metrics(): ...

            @debug.get("/")
            def read_debug(): ...

            @flagged.get("/")
            def read_flagged(): ...

            def mount(target):
                if settings.SCOPES:
                    target.include_router(scopes)
                elif settings.MODE == "server" and not settings.SCOPES:
                    target.include_router(metrics)
                else:
                    target.include_router(debug)
                if os.environ.get("FLAG") or settings.MODE != "server":  # None when unset
                    target.include_router(flagged)
                if os.environ.get("LEVEL", "1") > os.environ.get("LIMIT", "0"):
                    target.include_router(flagged, prefix="/v1")

            mount(app)

            if TYPE_CHECKING:
                app.include_router(debug)

            if __name__ == "__main__":
                app.include_router(debug)
            """,
        }
    )
    assert routes_table(linked) == [
        ("GET", "/metrics/", "app.main.read_metrics"),
        ("GET", "/v1/flagged/", "app.main.read_flagged"),
    ]
    notes = sorted((str(d.location), d.message) for d in diagnostics if d.code == "DG916" and d.severity == "info")
    tail = "with the values in the code"
    assert notes == [
        ("app/main.py:26", f"1 route left out: registered only if `settings.SCOPES` is true, and it is false {tail}"),
        (
            "app/main.py:30",
            "1 route left out: registered only if `settings.MODE == 'server' and not settings.SCOPES` is false,"
            f" and it is true {tail}",
        ),
        ("app/main.py:39", f"1 route left out: registered only if `TYPE_CHECKING` is true, and it is false {tail}"),
        (
            "app/main.py:42",
            f"1 route left out: registered only if `__name__ == '__main__'` is true, and it is false {tail}",
        ),
    ]


def test_django_url_patterns_added_under_a_false_setting_are_left_out() -> None:
    linked, _ = link_sources(
        {
            "proj/__init__.py": "",
            "proj/settings.py": 'ROOT_URLCONF = "proj.urls"\nDEBUG = False\nFEATURES = ["shop"]\n',
            "proj/views.py": "def home(request): ...\ndef shop(request): ...\ndef toolbar(request): ...\n",
            "proj/urls.py": """
            from django.conf import settings
            from django.urls import path
            from proj import views

            urlpatterns = [path("", views.home)]
            if "shop" in settings.FEATURES:
                urlpatterns += [path("shop/", views.shop)]
            if settings.DEBUG:
                urlpatterns.append(path("__debug__/", views.toolbar))
            if "blog" in settings.FEATURES:
                urlpatterns += [path("blog/", views.home)]
            """,
        }
    )
    assert routes_table(linked) == [
        ("ANY", "/", "proj.views.home"),
        ("ANY", "/shop/", "proj.views.shop"),
    ]


def test_a_name_bound_in_both_branches_takes_the_branch_that_runs() -> None:
    linked, _ = link_sources(
        {
            "svc/__init__.py": "",
            "svc/app.py": """
            from flask import Flask

            LEGACY = False
            if LEGACY:
                PREFIX = "/old"
            else:
                PREFIX = "/v2"

            app = Flask(__name__)

            @app.route(PREFIX + "/items")
            def items(): ...

            @app.route(("/old" if LEGACY else "/new") + ("/a" if PREFIX == "/v2" else "/b"))
            def moved(): ...

            if LEGACY or PREFIX == "/old":
                @app.route("/legacy")
                def legacy(): ...
            """,
        }
    )
    assert routes_table(linked) == [("GET", "/new/a", "svc.app.moved"), ("GET", "/v2/items", "svc.app.items")]


def test_a_flask_blueprint_registered_only_under_a_false_config_default_is_served_nowhere() -> None:
    linked, diagnostics = link_sources(
        {
            "web/__init__.py": """
            from flask import Flask
            from web.admin import admin
            from web.public import public

            class Config:
                ENABLE_ADMIN = False

            def create_app():
                app = Flask(__name__)
                app.config.from_object(Config)
                app.register_blueprint(public)
                if app.config["ENABLE_ADMIN"]:
                    app.register_blueprint(admin, url_prefix="/admin")
                return app
            """,
            "web/admin.py": """
            from flask import Blueprint

            admin = Blueprint("admin", __name__)

            @admin.route("/users")
            def users(): ...
            """,
            "web/public.py": """
            from flask import Blueprint

            public = Blueprint("public", __name__)

            @public.route("/")
            def index(): ...
            """,
        }
    )
    assert routes_table(linked) == [("GET", "/", "web.public.index")]
    assert [(str(d.location), d.message) for d in diagnostics if d.code == "DG916"] == [
        (
            "web/__init__.py:13",
            "1 route left out: registered only if `app.config['ENABLE_ADMIN']` is true,"
            " and it is false with the values in the code",
        )
    ]


def test_what_an_optional_import_failing_would_change_does_not_count() -> None:
    linked, diagnostics = link_sources(
        {
            "svc/__init__.py": "",
            "svc/tools.py": """
            from fastapi import APIRouter

            TOOLS_AVAILABLE = True
            try:
                import toolkit
            except ImportError:
                TOOLS_AVAILABLE = False
            try:
                PREFIX = toolkit.PREFIX
            except (KeyError, AttributeError):
                PREFIX = "/tools"

            router = APIRouter()
            if TOOLS_AVAILABLE:
                @router.get(PREFIX + "/list")
                def list_tools(): ...
            """,
            "svc/main.py": """
            from fastapi import FastAPI
            from svc.tools import router

            app = FastAPI()
            app.include_router(router)
            """,
        }
    )
    assert routes_table(linked) == [("GET", "/tools/list", "svc.tools.list_tools")]
    assert [d.code for d in diagnostics if d.code == "DG916"] == []


def test_what_follows_a_return_whose_condition_holds_is_not_registered() -> None:
    linked, diagnostics = link_sources(
        {
            "svc/__init__.py": "",
            "svc/main.py": """
            from fastapi import FastAPI

            DEBUG = False

            def register_debug(app, enabled):
                if not enabled:
                    return
                @app.get("/debug")
                def debug(): ...

            def register_health(app, enabled):
                if not enabled:
                    return
                @app.get("/health")
                def health(): ...

            app = FastAPI()
            register_debug(app, enabled=DEBUG)
            register_health(app, True)
            """,
        }
    )
    assert routes_table(linked) == [("GET", "/health", "svc.main.register_health.<locals>.health")]
    assert [(str(d.location), d.message) for d in diagnostics if d.code == "DG916"] == [
        (
            "svc/main.py:9",
            "1 route left out: registered after the `return` of line 7, which runs (`not enabled` is true)"
            " with the values in the code",
        ),
    ]


def test_routes_registered_under_a_condition_that_cannot_be_told_say_so() -> None:
    linked, _ = link_sources(
        {
            "svc/__init__.py": "",
            "svc/main.py": """
            import os
            from fastapi import APIRouter, FastAPI

            admin = APIRouter(prefix="/admin")

            @admin.get("/users")
            def users(): ...

            def mount_admin(app):
                app.include_router(admin)

            app = FastAPI()
            if os.getenv("ADMIN", "off") == "on" or os.environ.get("ADMIN_ALWAYS"):
                pass
            if not os.environ.get("READ_ONLY", ""):
                @app.post("/items")
                def create(): ...
            if app.debug:
                mount_admin(app)

            @app.get("/items")
            def listing(): ...
            """,
        }
    )
    assert [(r.method, r.path, r.conditions) for r in linked.routes] == [
        ("GET", "/admin/users", ("app.debug",)),
        ("GET", "/items", ()),
        ("POST", "/items", ()),
    ]


def test_a_flask_blueprint_registered_under_an_undecided_setting_is_marked_conditional() -> None:
    linked, _ = link_sources(
        {
            "web/__init__.py": """
            import os
            from flask import Flask, Blueprint

            admin = Blueprint("admin", __name__)

            @admin.route("/users")
            def users(): ...

            app = Flask(__name__)
            if os.environ.get("WITH_ADMIN"):  # unset: None, so not registered
                app.register_blueprint(admin, url_prefix="/off")
            if app.config.get("ADMIN_ENABLED", os.environ["ADMIN"]):
                app.register_blueprint(admin, url_prefix="/admin")

            @app.route("/")
            def index(): ...
            """,
        }
    )
    assert [(r.method, r.path, r.conditions) for r in linked.routes] == [
        ("GET", "/", ()),
        ("GET", "/admin/users", ("app.config.get('ADMIN_ENABLED', os.environ['ADMIN'])",)),
    ]


def test_conditions_that_read_what_they_guard_end_undecided() -> None:
    linked, diagnostics = link_sources(
        {
            "svc/__init__.py": "",
            "svc/app.py": """
            from flask import Flask

            app = Flask(__name__)
            if not B:
                A = "/a"
            if not A:
                B = "/b"
            if PREFIX == "/p":
                PREFIX = "/p"
            if ROUTES:
                ROUTES = ROUTES + ["/r"]

            @app.route(A + "/x")
            def x(): ...
            """,
        }
    )
    assert [(r.path, r.conditions) for r in linked.routes] == [("/a/x", ())]
    assert [d.code for d in diagnostics if d.code.startswith("DG9") and d.code != "DG920"] == []


def test_a_functions_return_is_the_first_whose_conditions_may_hold_for_the_call() -> None:
    linked, diagnostics = link_sources(
        {
            "svc/__init__.py": "",
            "svc/main.py": """
            from fastapi import APIRouter, FastAPI
            from svc.paths import make_path, versioned

            app = FastAPI()
            items = APIRouter()
            legacy = APIRouter()
            plain = APIRouter()

            @items.get("/")
            def list_items(): ...

            @legacy.get("/")
            def list_legacy(): ...

            @plain.get("/")
            def list_plain(): ...

            app.include_router(items, prefix=make_path("items"))
            app.include_router(plain, prefix=make_path())
            app.include_router(legacy, prefix=versioned(2))
            """,
            "svc/paths.py": """
            def make_path(name=None):
                if name is None:
                    return "/default"
                return "/" + name

            def versioned(version):
                if version == 2:
                    return lookup(version)
                return "/v1"
            """,
        }
    )
    assert routes_table(linked) == [
        ("GET", "/default/", "svc.main.list_plain"),
        ("GET", "/items/", "svc.main.list_items"),
        ("GET", "{?lookup(version)}/", "svc.main.list_legacy"),
    ]
    assert [d.code for d in diagnostics] == ["DG904"]


def test_a_binding_adjusted_under_a_test_of_itself_keeps_the_value_before_unless_the_test_passes() -> None:
    linked, diagnostics = link_sources(
        {
            "main.py": """
            from aiohttp import web

            def page(request): ...

            class Server:
                def __init__(self, config):
                    self.config = config
                    self.app = web.Application()
                    self.setup_ui()

                def setup_ui(self):
                    ui_base = self.config["server.ui_base_path"]
                    if ui_base == "/":
                        ui_base = ""
                    self.app.router.add_get(f"{ui_base}/manifest.json", page)
                    prefix = "/static"
                    if not prefix:
                        prefix = "/s"
                    self.app.router.add_get(f"{prefix}/x", page)
                    other = "/"
                    if other == "/":
                        other = "/root"
                    self.app.router.add_get(f"{other}/y", page)
            """,
        }
    )
    assert routes_table(linked) == [
        ("GET", "/root/y", "main.page"),
        ("GET", "/static/x", "main.page"),
        ("GET", "{?ui_base}/manifest.json", "main.page"),
    ]
    assert [(d.code, d.location.line, d.message) for d in diagnostics] == [
        ("DG904", 15, "route path '{?ui_base}/manifest.json' could not be fully evaluated"),
    ]


def test_a_condition_with_two_word_operators_is_written_as_in_the_source() -> None:
    linked, _ = link_sources(
        {
            "svc/__init__.py": "",
            "svc/main.py": """
            from pathlib import Path
            from fastapi import FastAPI

            def register(app, statics="svc", skip=()):
                if statics is not None and Path(statics).is_dir():
                    pass
                else:
                    @app.get("/")
                    def index(): ...
                if "x" not in skip and statics is not None:
                    @app.get("/x")
                    def x(): ...

            app = FastAPI()
            register(app)
            """,
        }
    )
    assert [(r.method, r.path, r.conditions) for r in linked.routes] == [
        ("GET", "/", ("not (statics is not None and Path(statics).is_dir())",)),
        ("GET", "/x", ()),
    ]


def test_a_name_bound_to_an_unset_variable_is_none_in_a_test_walrus_or_assignment() -> None:
    linked, diagnostics = link_sources(
        {
            "app/main.py": """
            import os
            from flask import Flask

            app = Flask(__name__)
            PREFIX = os.environ.get("APP_PREFIX")

            def prefixed(route):
                if prefix := os.environ.get("STATIC_PREFIX"):
                    return prefix.rstrip("/") + route
                return route

            def rooted(route):
                if PREFIX:
                    return PREFIX + route
                return "/root" + route

            @app.route(prefixed("/health"))
            def health(): ...

            @app.route(rooted("/version"))
            def version(): ...

            for path, methods in [("/a", ["GET"]), ("/b", [os.environ.get("METHOD")])]:
                app.add_url_rule(path, path, health, methods=methods)
            """,
        }
    )
    assert routes_table(linked) == [
        ("GET", "/a", "main.health"),
        ("GET", "/b", "main.health"),
        ("GET", "/health", "main.health"),
        ("GET", "/root/version", "main.version"),
    ]
    unknown = [(str(d.location), d.message) for d in diagnostics if d.code == "DG904"]
    assert unknown == [
        (
            "app/main.py:24",
            "methods=methods ([{?os.environ.get('METHOD')}]) could not be fully evaluated: the route is listed as GET",
        )
    ]


def test_a_module_rebinding_under_a_test_of_the_name_itself_counts_only_when_the_test_passes() -> None:
    linked, _ = link_sources(
        {
            "app/main.py": """
            from fastapi import APIRouter, FastAPI

            EMPTY = ""
            if EMPTY:
                EMPTY = "/" + EMPTY.strip("/")
            GIVEN = "api/"
            if GIVEN:
                GIVEN = "/" + GIVEN.strip("/")

            app = FastAPI()
            router = APIRouter()

            @router.get("/items")
            def items(): ...

            if not EMPTY:
                app.include_router(router, prefix="/unprefixed")
            else:
                app.include_router(router, prefix="/prefixed" + EMPTY)
            if GIVEN:
                app.include_router(router, prefix=GIVEN)
            """,
        }
    )
    assert routes_table(linked) == [
        ("GET", "/api/items", "main.items"),
        ("GET", "/unprefixed/items", "main.items"),
    ]


def test_a_route_registered_after_what_a_try_may_fail_on_is_conditional() -> None:
    linked, diagnostics = link_sources(
        {
            "app.py": """
            import json

            from aiohttp import web

            routes = web.RouteTableDef()

            try:
                with open(".dev-open-cfg.yaml") as file:
                    cfg = json.load(file)

                @routes.post("/debug/open")
                async def open_file(request): ...
            except Exception:
                pass

            try:
                import orjson

                @routes.get("/fast")
                async def fast(request): ...
            except ImportError:
                pass

            try:
                @routes.get("/first")
                async def first(request): ...
                loaded = True
            except Exception:
                raise

            app = web.Application()
            app.add_routes(routes)
        """
        }
    )
    # a failed import is not a condition (the code is read as installed), nor is what a re-raising handler guards
    assert [(str(r.method), r.path, r.conditions) for r in linked.routes] == [
        ("POST", "/debug/open", ("the try block of line 7 raises nothing before it",)),
        ("GET", "/fast", ()),
        ("GET", "/first", ()),
    ]
    assert diagnostics == []

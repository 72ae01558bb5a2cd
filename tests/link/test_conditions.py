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
                if os.environ.get("FLAG"):  # unknown: both ways count
                    target.include_router(flagged)

            mount(app)

            if TYPE_CHECKING:
                app.include_router(debug)

            if __name__ == "__main__":
                app.include_router(debug)
            """,
        }
    )
    assert routes_table(linked) == [
        ("GET", "/flagged/", "app.main.read_flagged"),
        ("GET", "/metrics/", "app.main.read_metrics"),
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
        ("app/main.py:37", f"1 route left out: registered only if `TYPE_CHECKING` is true, and it is false {tail}"),
        (
            "app/main.py:40",
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

            if LEGACY or PREFIX == "/old":
                @app.route("/legacy")
                def legacy(): ...
            """,
        }
    )
    assert routes_table(linked) == [("GET", "/v2/items", "svc.app.items")]

"""Dicts in the analysed code: literals with known keys, stores into them (in loops too), and reading them."""

from __future__ import annotations

from docgen.testing import link_sources, routes_table


def test_a_dict_filled_per_loop_iteration_from_a_function_returning_a_dict_literal() -> None:
    linked, diagnostics = link_sources(
        {
            "proj/__init__.py": "",
            "proj/settings.py": 'ROOT_URLCONF = "proj.urls"\nAPI_ROOT = "/pulp/"\nV4 = False\n',
            "proj/views.py": "def home(request): ...\ndef status(request): ...\n",
            "proj/roots.py": """
            from django.conf import settings

            def find_root(version="v3", lstrip=False):
                if lstrip:
                    return settings.API_ROOT.lstrip("/"), f"{settings.API_ROOT}api/{version}/".lstrip("/")
                return settings.API_ROOT, f"{settings.API_ROOT}api/{version}/"
            """,
            "proj/urls.py": """
            from django.conf import settings
            from django.urls import include, path
            from proj import views
            from proj.roots import find_root

            def _setup(vers):
                root, full = find_root(version=vers, lstrip=True)
                return {"FULL": full, "ROOT": root}

            if settings.V4:
                VERSIONS = ["<str:version>"]
            else:
                VERSIONS = ["v3"]
            PATH_VARS = {}
            for v in VERSIONS:
                PATH_VARS[v] = _setup(vers=v)

            def _status(version):
                return [path("status/", views.status)]

            for v in VERSIONS:
                PATH_VARS[v]["status"] = _status(v)

            urlpatterns = []
            for v in VERSIONS:
                urlpatterns.append(path(PATH_VARS[v]["FULL"], views.home))
                urlpatterns.append(path(PATH_VARS[v].get("ROOT") + "r/", include(PATH_VARS[v]["status"])))
            """,
        }
    )
    assert routes_table(linked) == [
        ("ANY", "/pulp/api/v3/", "proj.views.home"),
        ("ANY", "/pulp/r/status/", "proj.views.status"),
    ]
    assert diagnostics == []


def test_dict_calls_methods_and_loops_over_items_keys_and_an_empty_dict() -> None:
    linked, diagnostics = link_sources(
        {
            "main.py": """
            from fastapi import APIRouter, FastAPI

            app = FastAPI()
            each = APIRouter()

            @each.get("/each")
            def get_each():
                return []

            OTHER = dict(a="/x", **{"b": "/y"})
            OTHER.update({"c": "/z"}, d="/w")
            OTHER.setdefault("a", "/no")
            OTHER.setdefault("e", "/e")
            for key, value in OTHER.items():
                app.include_router(each, prefix="/" + key + value)
            for key in {"k": 1}.keys():
                app.include_router(each, prefix="/" + key)
            for value in {"k": "/val"}.values():
                app.include_router(each, prefix=value)
            for key in {}:
                app.include_router(each, prefix=key)
            for key in dict():
                app.include_router(each, prefix=key)
            app.include_router(each, prefix=OTHER.get("missing", "/default"))
            KEPT = {"a": "/kept"}
            KEPT["b"] = unknown_value
            app.include_router(each, prefix=KEPT["a"])
            """,
        }
    )
    assert routes_table(linked) == [
        ("GET", "/a/x/each", "main.get_each"),
        ("GET", "/b/y/each", "main.get_each"),
        ("GET", "/c/z/each", "main.get_each"),
        ("GET", "/d/w/each", "main.get_each"),
        ("GET", "/default/each", "main.get_each"),
        ("GET", "/e/e/each", "main.get_each"),
        ("GET", "/k/each", "main.get_each"),
        ("GET", "/kept/each", "main.get_each"),
        ("GET", "/val/each", "main.get_each"),
    ]
    assert diagnostics == []


def test_a_dict_stored_into_with_keys_docgen_cannot_know_is_unknown() -> None:
    linked, diagnostics = link_sources(
        {
            "main.py": """
            from fastapi import APIRouter, FastAPI
            from somewhere import NAMES, key

            app = FastAPI()
            each = APIRouter()

            @each.get("/each")
            def get_each():
                return []

            PREFIXES = {"a": "/a"}
            for i in range(1_000_000):
                PREFIXES[i] = f"/v{i}"
            KNOWN = {"a": "/a"}
            for name in NAMES:
                KNOWN[name] = "/n"
            LATER = {"a": "/a"}
            LATER.pop("a")
            STORED = {"a": "/a"}
            STORED[key] = "/b"
            app.include_router(each, prefix=PREFIXES["a"])
            app.include_router(each, prefix=KNOWN["a"])
            app.include_router(each, prefix=LATER["a"])
            app.include_router(each, prefix=STORED["a"])
            """,
        }
    )
    assert routes_table(linked) == [
        ("GET", "{?KNOWN['a']}/each", "main.get_each"),
        ("GET", "{?LATER['a']}/each", "main.get_each"),
        ("GET", "{?PREFIXES['a']}/each", "main.get_each"),
        ("GET", "{?STORED['a']}/each", "main.get_each"),
    ]

    def prefix(source: str) -> str:
        return f'prefix "{source}" could not be evaluated statically; shown as a placeholder'

    def uncounted(name: str, loop: str) -> str:
        return f"{name!r} is changed in a loop over {loop!r}, which docgen cannot count: it is unknown"

    assert [(d.code, d.location.line, d.message) for d in diagnostics] == [
        ("DG904", 12, uncounted("PREFIXES", "range(1000000)")),
        ("DG904", 21, prefix("{?PREFIXES['a']}")),
        ("DG904", 15, uncounted("KNOWN", "NAMES")),
        ("DG904", 22, prefix("{?KNOWN['a']}")),
        ("DG904", 23, prefix("{?LATER['a']}")),
        ("DG904", 24, prefix("{?STORED['a']}")),
    ]

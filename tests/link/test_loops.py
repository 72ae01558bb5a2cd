"""Loops in the analysed code: a list or string changed in a loop has the value the loop gives it."""

from __future__ import annotations

from docgen.testing import link_sources, routes_table


def test_a_url_list_changed_in_loops_has_one_pattern_per_item_and_a_placeholder_where_it_cannot_count() -> None:
    linked, diagnostics = link_sources(
        {
            "proj/__init__.py": "",
            "proj/settings.py": 'ROOT_URLCONF = "proj.urls"\n',
            "proj/views.py": "def home(request): ...\ndef page(request): ...\n",
            "proj/urls.py": """
            from django.urls import path
            from proj import views

            PAGES = ["about", "terms"]
            urlpatterns = [path("", views.home)]
            for name in PAGES:
                urlpatterns += [path(name + "/", views.page)]
            for n in range(3):
                urlpatterns.append(path(f"v{n}/", views.page))
            prefix = "api"
            for part in ["v1", "beta"]:
                prefix += "/" + part
            urlpatterns.append(path(prefix + "/", views.home))
            """,
        }
    )
    assert routes_table(linked) == [
        ("ANY", "/", "proj.views.home"),
        ("ANY", "/about/", "proj.views.page"),
        ("ANY", "/api/v1/beta/", "proj.views.home"),
        ("ANY", "/terms/", "proj.views.page"),
        ("ANY", "/v{?n}/", "proj.views.page"),
    ]
    assert [(d.code, str(d.location), d.message) for d in diagnostics] == [
        ("DG904", "proj/urls.py:9", "url pattern 'v{?n}/' could not be fully evaluated")
    ]


def test_what_a_loop_docgen_cannot_count_registers_is_conditional_and_an_empty_loop_registers_nothing() -> None:
    linked, diagnostics = link_sources(
        {
            "main.py": """
            from fastapi import APIRouter, FastAPI

            app = FastAPI()
            each = APIRouter()

            @each.get("/each")
            def get_each():
                return []

            def handler():
                return {}

            def add_route(app, path):
                app.add_api_route(path="/x" + path, endpoint=handler, methods=["GET"])

            def initialize(endpoints):
                for endpoint in endpoints:
                    add_route(app, endpoint.get("path", None))

            for name in ["/a", "/b"]:
                app.include_router(each, prefix=name)
            for name in []:
                app.include_router(each, prefix="/empty" + name)
            for name in {}.keys():
                app.include_router(each, prefix="/never" + name)
            for name in NAMES:
                app.include_router(each, prefix="/maybe")
            """,
        }
    )
    assert [(str(r.method), r.path, r.handler, r.conditions) for r in linked.routes] == [
        ("GET", "/a/each", "main.get_each", ()),
        ("GET", "/b/each", "main.get_each", ()),
        ("GET", "/maybe/each", "main.get_each", ("NAMES",)),
        ("GET", "/x{?endpoint.get('path', None)}", "main.handler", ("endpoints",)),
    ]
    assert [(d.code, d.location.line, d.message) for d in diagnostics] == [
        ("DG904", 10, "route path \"/x{?endpoint.get('path', None)}\" could not be fully evaluated"),
    ]


def test_a_counter_kept_by_hand_in_a_loop_is_the_count_of_the_runs_before() -> None:
    linked, diagnostics = link_sources(
        {
            "app.py": """
            from flask import Flask

            app = Flask(__name__)
            OPERATIONS = {"obj": [{"get": "one"}, {"get": "all", "post": "add"}], "sql": [{"get": "sql"}]}


            def view(): ...


            def commands():
                found = []
                for op in OPERATIONS:
                    idx = 0
                    for ops in OPERATIONS[op]:
                        found.append({"cmd": op, "req": idx == 0, "methods": [m.upper() for m in ops]})
                        idx += 1
                return found


            for c in commands():
                if c["req"]:
                    app.add_url_rule("/" + c["cmd"] + "/<int:id>", view_func=view, methods=c["methods"])
                else:
                    app.add_url_rule("/" + c["cmd"] + "/", view_func=view, methods=c["methods"])
        """
        }
    )
    # each run reads the count of the runs before it: the first entry of each operation takes an id
    assert [(str(r.method), r.path, r.conditions) for r in linked.routes] == [
        ("GET", "/obj/", ()),
        ("POST", "/obj/", ()),
        ("GET", "/obj/{id}", ()),
        ("GET", "/sql/{id}", ()),
    ]
    assert [d.code for d in diagnostics if d.code == "DG904"] == []


def test_the_length_of_a_known_list_is_known_and_of_one_built_in_an_uncounted_loop_is_not() -> None:
    linked, _ = link_sources(
        {
            "app.py": """
            from flask import Flask

            app = Flask(__name__)
            OPERATIONS = {"avails": [{}, {"get": "avails"}]}


            def view(): ...


            for op, entries in OPERATIONS.items():
                idx = 0
                for ops in entries:
                    methods = [m.upper() for m in ops]
                    if len(methods) > 0:
                        app.add_url_rule("/" + op + ("/<int:id>" if idx == 0 else "/"), view_func=view, methods=methods)
                    idx += 1


            def listed(names):
                found = []
                for name in names:
                    found.append(name)
                return found


            if len(listed(app.config["NAMES"])) > 2:
                app.add_url_rule("/many", view_func=view)
        """
        }
    )
    # the empty entry registers nothing; the length of a list of unknown size stays undecided
    assert [(str(r.method), r.path, r.conditions) for r in linked.routes] == [
        ("GET", "/avails/", ()),
        ("GET", "/many", ("len(listed(app.config['NAMES'])) > 2",)),
    ]

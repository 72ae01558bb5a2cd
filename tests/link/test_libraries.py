"""Third-party source read through ``extra-paths``: found like imports, linked, never documented for itself."""

from __future__ import annotations

import textwrap
from dataclasses import replace
from pathlib import Path

import pytest

from docgen.cli import main
from docgen.diagnostics import Reporter
from docgen.link.libraries import Libraries, search_roots
from docgen.model import Auth, Location
from docgen.model.facts import ModuleFacts
from docgen.model.source import SourceFile
from docgen.parse.summary import summarise
from docgen.testing import handlers_table, link_sources, routes_table

PROJECT = {
    "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\n",
    "proj/__init__.py": "",
    "proj/settings.py": "ROOT_URLCONF = 'proj.urls'\n",
    "proj/urls.py": """
        from django.urls import include, path
        from proj import views

        urlpatterns = [
            path("home/", views.home),
            path("queues/", include("rq_dash.urls")),
        ]
    """,
    "proj/views.py": '''
        def home(request):
            """The home page."""
    ''',
}
RQ_DASH = {
    "rq_dash/__init__.py": "",
    "rq_dash/urls.py": """
        from django.urls import re_path
        from . import views

        urlpatterns = [
            re_path(r"^$", views.stats, name="rq_home"),
            re_path(r"^(?P<queue_index>[\\d]+)/stop/$", views.stop_job, name="rq_stop_job"),
        ]
    """,
    "rq_dash/views.py": '''
        from django.contrib.admin.views.decorators import staff_member_required
        from django.views.decorators.http import require_POST


        @staff_member_required
        def stats(request):
            return None


        @require_POST
        def stop_job(request, queue_index):
            """Stop a started job."""
    ''',
    "rq_dash/models.py": """
        from django.db import models


        class Queue(models.Model):
            name = models.CharField(max_length=20)
    """,
}
STAFF = Auth(kind="permission", name="staff_member_required")


def test_an_included_third_party_urlconf_is_read_from_extra_paths() -> None:
    linked, diagnostics = link_sources(PROJECT, libraries=RQ_DASH)
    assert routes_table(linked) == [
        ("ANY", "/home/", "proj.views.home"),
        ("ANY", "/queues/", "rq_dash.views.stats"),
        ("POST", "/queues/{queue_index}/stop/", "rq_dash.views.stop_job"),
    ]
    stats, stop = linked.routes[1], linked.routes[2]
    assert stats.auth == (STAFF,)
    assert stop.auth == ()
    assert stop.summary == "Stop a started job."
    assert [p.name for p in stop.params] == ["queue_index"]
    assert stop.raw_path == "queues/^(?P<queue_index>[\\d]+)/stop/$"
    # Reported where the analysed code mounts them: the include() line.
    assert stats.location == stop.location == Location("proj/urls.py", 6, 6)
    assert diagnostics == []


def test_third_party_code_is_resolved_but_never_documented_itself() -> None:
    linked, _ = link_sources(PROJECT, libraries=RQ_DASH)
    assert [m.id for m in linked.models] == []
    assert {s.module for s in linked.symbols} == {"manage", "proj", "proj.settings", "proj.urls", "proj.views"}
    assert [m.name for m in linked.modules] == ["manage", "proj", "proj.settings", "proj.urls", "proj.views"]
    # Coverage counts the user's routes only: the library's undocumented view is not a DG101.
    assert [(f.code, f.message, str(f.location)) for f in linked.findings if f.code != "DG105"] == [
        ("DG402", "POST /queues/{queue_index}/stop/ changes state without authentication", "proj/urls.py:6")
    ]
    assert linked.spans == {"proj.views.home": Location("proj/views.py", 1, 2)}


def test_without_extra_paths_the_include_is_a_diagnostic() -> None:
    linked, diagnostics = link_sources(PROJECT)
    assert routes_table(linked) == [("ANY", "/home/", "proj.views.home")]
    assert [str(d) for d in diagnostics] == [
        "proj/urls.py:6: DG904 urlconf 'rq_dash.urls' is outside the analysed code: its routes are not listed "
        "(add the directory holding its package, or the virtualenv, to extra-paths)"
    ]


def test_natively_modelled_frameworks_are_never_read_from_extra_paths() -> None:
    """A Django copy in site-packages must not turn django.urls.path into a library function."""
    fake_django = {
        "django/__init__.py": "",
        "django/urls/__init__.py": "def path(route, view, name=None):\n    return None\n",
    }
    linked, _ = link_sources(PROJECT, libraries={**RQ_DASH, **fake_django})
    assert [r.path for r in linked.routes] == ["/home/", "/queues/", "/queues/{queue_index}/stop/"]


def _parse(file: SourceFile) -> ModuleFacts:
    return summarise(file.path, file.module, file.is_package, file.sha, file.data)


def _write(root: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def test_modules_are_found_like_imports_and_unusual_names_are_refused(tmp_path: Path) -> None:
    _write(tmp_path, {"pkg/__init__.py": "A = 1\n", "pkg/mod.py": "B = 2\n", "solo.py": "", "json/__init__.py": ""})
    libraries = Libraries((tmp_path,), frozenset({"django"}), _parse, 1000, Reporter())
    package, module = libraries.load("pkg"), libraries.load("pkg.mod")
    assert package is not None and (package.module, package.is_package) == ("pkg", True)
    assert module is not None and (module.module, module.is_package) == ("pkg.mod", False)
    assert module.path == (tmp_path / "pkg/mod.py").as_posix()
    assert libraries.load("solo") is not None
    assert libraries.load("json") is None  # the standard library's name
    assert libraries.load("pkg.missing") is None
    assert libraries.load("pkg..mod") is None
    assert libraries.load("pkg.mod/../mod") is None


def test_files_of_the_analysed_tree_are_not_read_again_as_library_code(tmp_path: Path) -> None:
    """An editable install's .pth points into the analysed tree, where modules have other names."""
    _write(tmp_path, {"src/app/__init__.py": "", "src/app/views.py": "X = 1\n"})
    analysed = [tmp_path / "src/app/__init__.py", tmp_path / "src/app/views.py"]
    libraries = Libraries((tmp_path / "src",), frozenset(), _parse, 1000, Reporter(), analysed=analysed)
    assert libraries.load("app.views") is None
    assert Libraries((tmp_path / "src",), frozenset(), _parse, 1000, Reporter()).load("app.views") is not None


def test_oversized_and_broken_library_files_are_reported_once_each(tmp_path: Path) -> None:
    _write(tmp_path, {"big.py": "X = 1\n" * 400, "broken.py": "def (:\n"})
    reporter = Reporter()
    libraries = Libraries((tmp_path,), frozenset(), _parse, 1000, reporter)
    assert libraries.load("big") is None
    assert libraries.load("broken") is None
    name = tmp_path.name
    assert [str(d) for d in reporter.diagnostics] == [
        f"{name}/big.py: DG909 third-party module big not read: larger than max-file-bytes",
        f"{name}/broken.py: DG909 third-party module broken could not be parsed",
    ]


def test_a_virtualenv_stands_for_its_site_packages_and_pth_path_lines(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    site = venv / "lib/python3.11/site-packages"
    editable = tmp_path / "editable_src"
    editable.mkdir()
    _write(
        venv,
        {
            "pyvenv.cfg": "home = /usr/bin\n",
            "lib/python3.11/site-packages/a.pth": f"# comment\n{editable}\nimport os; os.system('x')\nmissing\n",
        },
    )
    reporter = Reporter()
    roots = search_roots([venv, tmp_path / "nowhere", tmp_path / "empty_venv"], reporter)
    assert roots == (site.resolve(), editable.resolve())
    assert [str(d) for d in reporter.diagnostics] == [
        f"DG909 extra path {tmp_path / 'nowhere'} is not a directory; ignored",
        f"DG909 extra path {tmp_path / 'empty_venv'} is not a directory; ignored",
    ]


def test_extract_takes_extra_path_on_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    _write(tmp_path / "src", PROJECT)
    _write(tmp_path / "site-packages", RQ_DASH)
    out = tmp_path / "catalog.json"
    argv = ["--isolated", "extract", str(tmp_path / "src"), "-o", str(out)]
    assert main([*argv, "--extra-path", str(tmp_path / "site-packages")]) == 0
    assert [r["path"] for r in json.loads(out.read_text())["routes"]] == [
        "/home/",
        "/queues/",
        "/queues/{queue_index}/stop/",
    ]
    assert main(argv) == 0
    assert [r["path"] for r in json.loads(out.read_text())["routes"]] == ["/home/"]
    capsys.readouterr()


def test_library_files_are_parsed_in_a_worker_and_cached(tmp_path: Path) -> None:
    import hashlib

    from docgen.config import load_config
    from docgen.parse import LibraryParser

    (tmp_path / "root").mkdir()
    cache = tmp_path / "cache"
    config = load_config(tmp_path / "root", isolated=True, overrides={"cache_dir": str(cache), "jobs": 2})
    data = b"def f():\n    return 1\n"
    file = SourceFile("/lib/m.py", Path("/lib/m.py"), "m", False, data, hashlib.sha256(data).hexdigest())
    parser = LibraryParser(config)
    try:
        facts = parser(file)
    finally:
        parser.close()
    assert (facts.parsed, facts.module, facts.lines) == (True, "m", 2)
    assert len(list(cache.rglob("*.facts"))) == 1
    again = LibraryParser(replace(config, jobs=1))
    assert again(replace(file, data=b"")) == facts  # same content hash: read from the cache, not parsed


FASTAPI_USERS = {
    "fastapi_users/__init__.py": "from fastapi_users.fastapi_users import FastAPIUsers\n",
    "fastapi_users/fastapi_users.py": """
        from fastapi_users.router import get_auth_router


        class FastAPIUsers:
            def get_auth_router(self, backend):
                return get_auth_router(backend)
    """,
    "fastapi_users/router.py": '''
        from fastapi import APIRouter, Form


        def get_auth_router(backend):
            router = APIRouter()

            @router.post("/login")
            async def login(username: str = Form(), password: str = Form()):
                """Log in."""

            @router.post("/logout")
            async def logout(token: str):
                """Log out."""

            return router


        example = APIRouter()


        @example.get("/never-mounted")
        def never(): ...
    ''',
}


def test_a_router_a_library_factory_builds_is_listed_under_each_include() -> None:
    linked, diagnostics = link_sources(
        {
            "main.py": """
            from fastapi import FastAPI
            from fastapi_users import FastAPIUsers

            users = FastAPIUsers()
            app = FastAPI()
            app.include_router(users.get_auth_router("jwt"), prefix="/auth/jwt", tags=["auth"])
            app.include_router(users.get_auth_router("cookie"), prefix="/auth/cookie")
        """,
        },
        libraries=FASTAPI_USERS,
    )
    handler = "fastapi_users.router.get_auth_router.<locals>"
    assert routes_table(linked) == [
        ("POST", "/auth/cookie/login", f"{handler}.login"),
        ("POST", "/auth/cookie/logout", f"{handler}.logout"),
        ("POST", "/auth/jwt/login", f"{handler}.login"),
        ("POST", "/auth/jwt/logout", f"{handler}.logout"),
    ]
    assert [(str(r.location), r.tags, r.summary, r.app) for r in linked.routes] == [
        ("main.py:7", (), "Log in.", "main:app"),
        ("main.py:7", (), "Log out.", "main:app"),
        ("main.py:6", ("auth",), "Log in.", "main:app"),
        ("main.py:6", ("auth",), "Log out.", "main:app"),
    ]
    login = linked.routes[0]
    assert login.request_body is not None
    assert [(p.name, p.type, p.required) for p in login.request_body.fields] == [
        ("username", "str", True),
        ("password", "str", True),
    ]
    assert [(p.name, str(p.in_)) for p in linked.routes[1].params] == [("token", "query")]
    assert diagnostics == []


def test_a_blueprint_from_a_library_is_listed_under_the_app_that_registers_it() -> None:
    app = {
        "app.py": """
            from flask import Flask
            from dashboard import dashboard_bp
            from metrics import metrics_bp

            app = Flask(__name__)
            app.register_blueprint(dashboard_bp, url_prefix="/admin/dash")
            app.register_blueprint(metrics_bp)
        """,
    }
    dashboard = {
        "dashboard/__init__.py": "from dashboard.views import bp as dashboard_bp\n",
        "dashboard/views.py": '''
            from flask import Blueprint

            bp = Blueprint("dash", __name__, url_prefix="/dash")


            @bp.get("/<int:panel>")
            def panel(panel):
                """One panel."""


            other = Blueprint("other", __name__)


            @other.get("/never-registered")
            def never(): ...
        ''',
    }
    linked, diagnostics = link_sources(app, libraries=dashboard)
    assert routes_table(linked) == [("GET", "/admin/dash/{panel}", "dashboard.views.panel")]
    route = linked.routes[0]
    assert (str(route.location), route.name, route.summary) == ("app.py:6", "dash.panel", "One panel.")
    assert [str(d) for d in diagnostics] == [
        "app.py:7: DG904 blueprint 'metrics_bp' is not in the analysed code: its routes are not listed"
        " (a blueprint from an installed package is read with extra-paths)"
    ]


def test_a_drf_router_in_a_third_party_urlconf_gives_its_viewset_routes() -> None:
    project = {**PROJECT, "proj/urls.py": PROJECT["proj/urls.py"].replace("rq_dash.urls", "accounts.urls")}
    accounts = {
        "accounts/__init__.py": "",
        "accounts/urls.py": """
            from rest_framework.routers import SimpleRouter
            from accounts import views

            router = SimpleRouter()
            router.register("users", views.UserViewSet)
            urlpatterns = router.urls
        """,
        "accounts/views.py": """
            from rest_framework import mixins, viewsets


            class UserViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
                pass
        """,
    }
    linked, diagnostics = link_sources(project, libraries=accounts)
    assert routes_table(linked) == [
        ("ANY", "/home/", "proj.views.home"),
        ("GET", "/queues/users/", "accounts.views.UserViewSet.list"),
    ]
    assert {(m, p): i for m, p, _, i in handlers_table(linked) if i} == {
        ("GET", "/queues/users/"): "rest_framework.mixins.ListModelMixin.list",
    }
    assert str(linked.routes[1].location) == "proj/urls.py:6"
    # Its undocumented view is the library's, not a DG101 of the project's.
    assert [f.code for f in linked.findings if f.code.startswith("DG1") and f.code != "DG105"] == []
    assert diagnostics == []


STRAWBERRY = {
    "strawberry/__init__.py": "def type(cls):\n    return cls\n\nclass Schema:\n    def __init__(self, query): ...\n",
    "strawberry/fastapi/__init__.py": "from strawberry.fastapi.router import GraphQLRouter\n",
    "strawberry/fastapi/router.py": """
    from fastapi import APIRouter

    class GraphQLRouter(APIRouter):
        def __init__(self, schema, path: str = ""):
            super().__init__()
            self.schema = schema

            @self.get(path)
            async def handle_http_get(): ...

            @self.post(path)
            async def handle_http_post(): ...

            @self.websocket(path)
            async def websocket_endpoint(websocket): ...
    """,
}


def test_a_natively_read_librarys_web_integration_is_read_from_extra_paths_for_its_routes() -> None:
    project = {
        "svc/__init__.py": "",
        "svc/main.py": """
        import strawberry
        from fastapi import FastAPI
        from strawberry.fastapi import GraphQLRouter

        @strawberry.type
        class Query:
            hello: str

        app = FastAPI()
        app.include_router(GraphQLRouter(strawberry.Schema(query=Query)), prefix="/graphql")
        """,
    }
    linked, _ = link_sources(project, libraries=STRAWBERRY)
    router = "strawberry.fastapi.router.GraphQLRouter.__init__.<locals>"
    assert [(r.method.value, r.path, r.handler) for r in linked.routes] == [
        ("GET", "/graphql", f"{router}.handle_http_get"),
        ("POST", "/graphql", f"{router}.handle_http_post"),
        ("WEBSOCKET", "/graphql", f"{router}.websocket_endpoint"),
    ]
    assert [m.name for m in linked.models] == ["Query"]  # strawberry itself stays known by name
    unread, diagnostics = link_sources(project)
    assert unread.routes == ()
    # what it cannot read, and that FastAPI is imported but none of its routes were found
    assert [d.code for d in diagnostics if d.code.startswith("DG9") and d.code != "DG920"] == ["DG904", "DG917"]

"""Module identity: import roots judged by the tree's imports, namespace packages, services, clashes."""

from __future__ import annotations

from docgen.model import Diagnostic, Severity
from docgen.testing import link_sources, routes_table


def modules_of(linked: object) -> list[tuple[str, str]]:
    return [(m.name, m.path) for m in linked.modules]  # type: ignore[attr-defined]


def shown(diagnostics: list[Diagnostic]) -> list[tuple[Severity, str, str | None, str]]:
    return [(d.severity, d.code, d.location.path if d.location else None, d.message) for d in diagnostics]


def test_a_namespace_subpackage_is_named_inside_its_package_and_its_router_keeps_the_prefix() -> None:
    linked, diagnostics = link_sources(
        {
            "pkg/__init__.py": "",
            "pkg/main.py": """
                from fastapi import FastAPI
                from pkg.feature.views import router

                app = FastAPI()
                app.include_router(router, prefix="/feature")
            """,
            "pkg/feature/views.py": """
                from fastapi import APIRouter
                from pkg.feature.schemas import Item

                router = APIRouter(prefix="/items")

                @router.get("/{item_id}")
                def read_item(item_id: int) -> Item: ...
            """,
            "pkg/feature/schemas.py": """
                from pydantic import BaseModel

                class Item(BaseModel):
                    name: str
            """,
        }
    )
    assert modules_of(linked) == [
        ("pkg", "pkg/__init__.py"),
        ("pkg.feature.schemas", "pkg/feature/schemas.py"),
        ("pkg.feature.views", "pkg/feature/views.py"),
        ("pkg.main", "pkg/main.py"),
    ]
    assert routes_table(linked) == [("GET", "/feature/items/{item_id}", "pkg.feature.views.read_item")]
    assert [(m.module, m.name) for m in linked.models] == [("pkg.feature.schemas", "Item")]
    assert linked.routes[0].app == "pkg.main:app"
    assert diagnostics == []


def test_relative_imports_tie_a_namespace_subpackage_to_its_package() -> None:
    linked, diagnostics = link_sources(
        {
            "pkg/__init__.py": "",
            "pkg/settings.py": 'API = "/api"\nVERSION = "/v1"\n',
            "pkg/main.py": """
                from fastapi import FastAPI
                from . import settings
                from .feature import views

                app = FastAPI()
                app.include_router(views.router, prefix=settings.API)
            """,
            "pkg/feature/views.py": """
                from fastapi import APIRouter
                from ..settings import VERSION
                from .paths import ITEMS

                router = APIRouter(prefix=VERSION)

                @router.get(ITEMS)
                def items(): ...
            """,
            "pkg/feature/paths.py": 'ITEMS = "/items"\n',
        }
    )
    assert [name for name, _ in modules_of(linked)] == [
        "pkg",
        "pkg.feature.paths",
        "pkg.feature.views",
        "pkg.main",
        "pkg.settings",
    ]
    assert routes_table(linked) == [("GET", "/api/v1/items", "pkg.feature.views.items")]
    assert diagnostics == []


def test_a_top_level_namespace_package_under_src_is_named_from_src() -> None:
    linked, diagnostics = link_sources(
        {
            "pyproject.toml": '[project]\nname = "company-app"\n',
            "src/company/app/__init__.py": "",
            "src/company/app/main.py": """
                from fastapi import FastAPI
                from company.app.api.routes import router

                app = FastAPI()
                app.include_router(router, prefix="/api")
            """,
            "src/company/app/api/__init__.py": "",
            "src/company/app/api/routes.py": """
                from fastapi import APIRouter
                from company.app.api.deps import PREFIX

                router = APIRouter(prefix=PREFIX)

                @router.get("/health")
                def health(): ...
            """,
            "src/company/app/api/deps.py": 'PREFIX = "/v2"\n',
        }
    )
    assert [name for name, _ in modules_of(linked)] == [
        "company.app",
        "company.app.api",
        "company.app.api.deps",
        "company.app.api.routes",
        "company.app.main",
    ]
    assert routes_table(linked) == [("GET", "/api/v2/health", "company.app.api.routes.health")]
    assert diagnostics == []


SERVICE = {
    "app/__init__.py": "",
    "app/main.py": """
        from fastapi import FastAPI
        from app.routes import router

        app = FastAPI()
        app.include_router(router, prefix="/{name}")
    """,
    "app/routes.py": """
        from fastapi import APIRouter
        from app.models import {model}

        router = APIRouter()

        @router.get("/")
        def list_{name}() -> list[{model}]: ...
    """,
    "app/models.py": """
        from pydantic import BaseModel

        class {model}(BaseModel):
            id: int
    """,
}


def services(**extra: str) -> dict[str, str]:
    files = dict(extra)
    for name, model in (("orders", "Order"), ("users", "User")):
        for path, text in SERVICE.items():
            files[f"services/{name}/{path}"] = text.replace("{name}", name).replace("{model}", model)
    return files


def test_two_services_with_an_app_package_each_keep_both_and_resolve_each_from_its_own_root() -> None:
    linked, diagnostics = link_sources(services())
    assert [name for name, _ in modules_of(linked)] == [
        "orders.app",
        "orders.app.main",
        "orders.app.models",
        "orders.app.routes",
        "users.app",
        "users.app.main",
        "users.app.models",
        "users.app.routes",
    ]
    assert routes_table(linked) == [
        ("GET", "/orders/", "orders.app.routes.list_orders"),
        ("GET", "/users/", "users.app.routes.list_users"),
    ]
    assert [(r.app, r.responses[0].model) for r in linked.routes] == [
        ("orders.app.main:app", "orders.app.models.Order"),
        ("users.app.main:app", "users.app.models.User"),
    ]
    assert sorted((m.module, m.name) for m in linked.models) == [
        ("orders.app.models", "Order"),
        ("users.app.models", "User"),
    ]
    assert shown(diagnostics) == [
        (
            Severity.INFO,
            "DG942",
            "services/orders/app/__init__.py",
            "services/orders/app/__init__.py and services/users/app/__init__.py both have the module name app, each"
            " from its own directory (services/orders and services/users; 4 module names are shared): all are"
            " documented, named from services (orders.app and users.app); to give them their own names, analyse each"
            " directory on its own, or make them one package with __init__.py files",
        )
    ]


def test_a_shared_name_imported_from_outside_both_roots_is_reported_not_guessed() -> None:
    gateway = """
        from fastapi import FastAPI
        from app.routes import router

        gateway = FastAPI()
        gateway.include_router(router, prefix="/gw")
    """
    linked, diagnostics = link_sources(services(**{"gateway/main.py": gateway}))
    assert routes_table(linked) == [
        ("GET", "/orders/", "orders.app.routes.list_orders"),
        ("GET", "/users/", "users.app.routes.list_users"),
    ]
    assert [d for d in shown(diagnostics) if d[1] == "DG904"] == [
        (
            Severity.WARNING,
            "DG904",
            "gateway/main.py",
            "router 'router' is imported from app.routes, which services/orders/app/routes.py and"
            " services/users/app/routes.py each are (from their own import roots): which one is meant is not"
            " known, so its routes are not listed",
        )
    ]


def test_a_module_beside_a_package_of_its_name_is_reported_and_the_package_kept() -> None:
    linked, diagnostics = link_sources(
        {"pkg/__init__.py": "", "pkg/x.py": "A = 1\n", "pkg/x/__init__.py": "B = 2\n", "pkg/x/y.py": ""}
    )
    assert modules_of(linked) == [
        ("pkg", "pkg/__init__.py"),
        ("pkg.x", "pkg/x/__init__.py"),
        ("pkg.x.y", "pkg/x/y.py"),
    ]
    assert shown(diagnostics) == [
        (
            Severity.WARNING,
            "DG942",
            "pkg/x.py",
            "pkg/x.py and pkg/x/__init__.py are both module pkg.x: Python imports the package, so pkg/x.py is"
            " never imported and is not documented; rename or remove one",
        )
    ]


def test_without_evidence_a_folder_without_init_is_a_subpackage_inside_a_package_and_top_level_outside() -> None:
    linked, diagnostics = link_sources(
        {
            "pkg/__init__.py": "",
            "pkg/migrations/env.py": "from pkg import models\n",
            "pkg/models.py": "",
            "scripts/seed.py": "from helpers import rows\n",
            "scripts/helpers.py": "rows = []\n",
        }
    )
    assert modules_of(linked) == [
        ("helpers", "scripts/helpers.py"),
        ("pkg", "pkg/__init__.py"),
        ("pkg.migrations.env", "pkg/migrations/env.py"),
        ("pkg.models", "pkg/models.py"),
        ("seed", "scripts/seed.py"),
    ]
    assert diagnostics == []


CORE = {
    "core/__init__.py": "",
    "core/app/__init__.py": "",
    "core/app/manage.py": """
        import os
        from django.core.management import execute_from_command_line

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.app.settings")
        execute_from_command_line()
    """,
    "core/app/settings.py": 'ROOT_URLCONF = "core.app.urls"\n',
    "core/app/urls.py": """
        from django.urls import path
        from core.app.views import status

        urlpatterns = [path("status/", status)]
    """,
    "core/app/views.py": "def status(request): ...\n",
}


def test_a_manage_py_inside_a_package_does_not_make_its_folder_the_import_root() -> None:
    linked, diagnostics = link_sources(CORE)
    assert modules_of(linked) == [
        ("core", "core/__init__.py"),
        ("core.app", "core/app/__init__.py"),
        ("core.app.manage", "core/app/manage.py"),
        ("core.app.settings", "core/app/settings.py"),
        ("core.app.urls", "core/app/urls.py"),
        ("core.app.views", "core/app/views.py"),
    ]
    assert routes_table(linked) == [("ANY", "/status/", "core.app.views.status")]
    assert diagnostics == []


def test_a_manage_py_whose_settings_are_named_from_its_folder_is_the_project_root() -> None:
    files = {path.replace("core/app/", "site/"): text.replace("core.app.", "") for path, text in CORE.items()}
    del files["core/__init__.py"]
    linked, diagnostics = link_sources(files)
    assert modules_of(linked) == [
        ("manage", "site/manage.py"),
        ("settings", "site/settings.py"),
        ("site", "site/__init__.py"),
        ("urls", "site/urls.py"),
        ("views", "site/views.py"),
    ]
    assert routes_table(linked) == [("ANY", "/status/", "views.status")]
    assert diagnostics == []


def test_scripts_of_one_name_in_several_folders_are_each_documented_not_overwritten() -> None:
    linked, diagnostics = link_sources(
        {"tools/a/helpers.py": "A = 1\n", "tools/b/helpers.py": "B = 2\n", "tools/c/helpers.py": "C = 3\n"}
    )
    assert modules_of(linked) == [
        ("a.helpers", "tools/a/helpers.py"),
        ("b.helpers", "tools/b/helpers.py"),
        ("c.helpers", "tools/c/helpers.py"),
    ]
    assert shown(diagnostics) == [
        (
            Severity.INFO,
            "DG942",
            "tools/a/helpers.py",
            "tools/a/helpers.py, tools/b/helpers.py and tools/c/helpers.py all have the module name helpers, each"
            " from its own directory (tools/a, tools/b and tools/c): all are documented, named from tools"
            " (a.helpers, b.helpers and c.helpers); to give them their own names, analyse each directory on its"
            " own, or make them one package with __init__.py files",
        )
    ]

"""Routes of routers no application serves: listed under no application, unless an application serves them."""

from __future__ import annotations

from docgen.testing import link_sources


def _routes(files: dict[str, str]) -> list[tuple[str, str, str | None, str | None]]:
    linked, _ = link_sources(files)
    return [(str(r.method), r.path, r.handler, r.app) for r in linked.routes]


ROUTERS = """
from fastapi import APIRouter

users = APIRouter(prefix="/users")

@users.get("")
def list_users(): ...

admin = APIRouter(prefix="/admin")

@admin.delete("/cache")
def clear_cache(): ...
"""


def test_a_router_rebuilt_only_to_describe_the_served_api_adds_no_routes() -> None:
    routes = _routes(
        {
            "svc/__init__.py": "",
            "svc/routers.py": ROUTERS,
            "svc/main.py": """
            from fastapi import FastAPI
            from svc.routers import users

            app = FastAPI()
            app.include_router(users, prefix="/v1")
            """,
            "svc/schema.py": """
            from fastapi import APIRouter
            from fastapi.openapi.utils import get_openapi
            from svc.routers import admin, users

            def openapi_schema():
                router = APIRouter()
                router.include_router(users, prefix="/v1")
                router.include_router(admin)
                return get_openapi(title="svc", version="1", routes=router.routes)
            """,
        }
    )
    assert routes == [
        ("DELETE", "/admin/cache", "svc.routers.clear_cache", None),
        ("GET", "/v1/users", "svc.routers.list_users", "svc.main:app"),
    ]


def test_a_library_router_nothing_mounts_is_listed_under_no_application() -> None:
    routes = _routes(
        {
            "lib/__init__.py": "",
            "lib/routers.py": ROUTERS,
            "lib/demo.py": """
            from fastapi import FastAPI
            from lib.routers import admin

            app = FastAPI()
            app.include_router(admin, prefix="/demo")
            """,
        }
    )
    assert routes == [
        ("DELETE", "/demo/admin/cache", "lib.routers.clear_cache", "lib.demo:app"),
        ("GET", "/users", "lib.routers.list_users", None),
    ]

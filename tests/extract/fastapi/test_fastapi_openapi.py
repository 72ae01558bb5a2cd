"""FastAPI as its own OpenAPI document gives it: security schemes and requirements, operation summaries.

The expected ``securitySchemes`` and ``security`` are what FastAPI 0.103 generates for the same
source (``app.openapi()``).
"""

from __future__ import annotations

from dataclasses import replace

from openapi_spec_validator import validate

from docgen.model import SecurityScheme
from docgen.render.openapi import openapi_document
from docgen.testing import link_sources
from tests.render import catalog_factory as cf

APP = """
from fastapi import Depends, FastAPI, Security
from fastapi.security import APIKeyHeader, HTTPBearer, OAuth2PasswordBearer

app = FastAPI()
oauth2 = OAuth2PasswordBearer(tokenUrl="token")
api_key = APIKeyHeader(name="X-API-Key", scheme_name="ApiKey")


class Bearer(HTTPBearer):
    pass


bearer = Bearer()


def current_user(token: str = Depends(oauth2)):
    return token


@app.get("/me")
def me(user=Depends(current_user)): ...


@app.get("/items")
def items(key: str = Security(api_key), token=Depends(bearer)): ...


@app.get("/scoped")
def scoped(token: str = Security(oauth2, scopes=["items:read"])): ...


@app.get("/open")
def open_route(): ...
"""


def test_security_dependencies_are_schemes_and_each_operation_lists_its_requirements() -> None:
    linked, _ = link_sources({"app.py": APP})
    by_path = {r.path: r for r in linked.routes}
    assert by_path["/me"].auth[0].scheme == SecurityScheme(
        name="OAuth2PasswordBearer", type="oauth2", flow="password", token_url="token"
    )
    doc = openapi_document(replace(cf.catalog(), routes=tuple(linked.routes), models=()), cf.config())
    validate(doc)
    assert doc["components"]["securitySchemes"] == {
        "ApiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
        "Bearer": {"type": "http", "scheme": "bearer"},
        "OAuth2PasswordBearer": {"type": "oauth2", "flows": {"password": {"scopes": {}, "tokenUrl": "token"}}},
    }
    security = {path: doc["paths"][path]["get"].get("security") for path in ("/me", "/items", "/scoped", "/open")}
    assert security == {
        "/me": [{"OAuth2PasswordBearer": []}],
        "/items": [{"ApiKey": []}, {"Bearer": []}],
        "/scoped": [{"OAuth2PasswordBearer": ["items:read"]}],
        "/open": None,
    }


def test_the_published_summary_is_summary_else_the_route_name_title_cased_beside_the_docstring_one() -> None:
    linked, _ = link_sources(
        {
            "app.py": '''
            from fastapi import FastAPI

            app = FastAPI()

            @app.get("/x", summary="Given")
            def read_x():
                """Read x."""

            @app.get("/items")
            def read_items_v2():
                """List the items."""

            @app.get("/y", name="custom_name")
            def read_y(): ...
        '''
        }
    )
    routes = {r.path: (r.summary, r.operation_summary) for r in linked.routes}
    assert routes == {"/x": ("Given", ""), "/items": ("List the items.", "Read Items V2"), "/y": ("", "Custom Name")}
    doc = openapi_document(replace(cf.catalog(), routes=tuple(linked.routes), models=()), cf.config())
    assert {p: doc["paths"][p]["get"]["summary"] for p in doc["paths"]} == {
        "/x": "Given",
        "/items": "Read Items V2",
        "/y": "Custom Name",
    }  # FastAPI 0.128's app.openapi() for the same source


def test_include_in_schema_and_deprecated_of_a_router_or_an_inclusion_reach_every_route_below() -> None:
    linked, _ = link_sources(
        {
            "app.py": """
            from fastapi import APIRouter, FastAPI

            app = FastAPI()
            admin = APIRouter()
            old = APIRouter(prefix="/old", deprecated=True)
            internal = APIRouter(include_in_schema=False)

            @admin.get("/stats")
            def stats(): ...

            @old.get("/thing")
            def thing(): ...

            @internal.get("/ping")
            def ping(): ...

            @app.get("/kept")
            def kept(): ...

            app.include_router(admin, prefix="/admin", include_in_schema=False, deprecated=True)
            app.include_router(old)
            app.include_router(internal)
        """
        }
    )
    flags = {r.path: (r.include_in_schema, r.deprecated) for r in linked.routes}
    assert flags == {
        "/admin/stats": (False, True),
        "/old/thing": (True, True),
        "/ping": (False, False),
        "/kept": (True, False),
    }
    doc = openapi_document(replace(cf.catalog(), routes=tuple(linked.routes), models=()), cf.config())
    assert {p: doc["paths"][p]["get"].get("deprecated", False) for p in doc["paths"]} == {
        "/old/thing": True,
        "/kept": False,
    }  # FastAPI 0.128's app.openapi() for the same source

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


def checked(token=Depends(bearer)): ...


def logged(token=Depends(bearer)): ...


@app.get("/twice")
def twice(a=Depends(checked), b=Depends(logged)): ...
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
    paths = ("/me", "/items", "/scoped", "/open", "/twice")
    security = {path: doc["paths"][path]["get"].get("security") for path in paths}
    assert security == {
        "/me": [{"OAuth2PasswordBearer": []}],
        "/items": [{"ApiKey": []}, {"Bearer": []}],
        "/scoped": [{"OAuth2PasswordBearer": ["items:read"]}],
        "/open": None,
        "/twice": [{"Bearer": []}],  # one scheme two dependencies use: one requirement (FastAPI 0.165 alike)
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


VALIDATED = """
from fastapi import Depends, FastAPI, Header, Query, WebSocket
from fastapi.security import OAuth2PasswordBearer
from pydantic import BaseModel

app = FastAPI()
oauth2 = OAuth2PasswordBearer(tokenUrl="t")


class In(BaseModel):
    a: int


def header(h: str = Header()):
    return h


@app.get("/none")
def none(): ...


@app.get("/query")
def query(q: int): ...


@app.post("/body")
def body(x: In): ...


@app.get("/token")
def token(t: str = Depends(oauth2)): ...


@app.get("/dependency")
def dependency(v=Depends(header)): ...


@app.get("/four", responses={"4XX": {"description": "x"}})
def four(q: int): ...


@app.get("/own", responses={422: {"description": "mine"}})
def own(q: int): ...


@app.websocket("/ws")
async def ws(socket: WebSocket, q: int): ...


def session(t: str = Query(None, include_in_schema=False)):
    return t


@app.get("/hidden")
def hidden(t=Depends(session)): ...
"""


def test_a_route_with_parameters_or_a_body_answers_422_with_fastapis_validation_error() -> None:
    """As FastAPI 0.128 and 0.165 publish it: not for a security dependency nor over responses=; hidden params count."""
    linked, _ = link_sources({"app.py": VALIDATED})
    doc = openapi_document(replace(cf.catalog(), routes=tuple(linked.routes), models=()), cf.config())
    validate(doc)
    described = {
        path: {status: r["description"] for status, r in next(iter(item.values()))["responses"].items()}
        for path, item in doc["paths"].items()
    }
    assert described == {
        "/none": {"200": "Successful Response"},
        "/query": {"200": "Successful Response", "422": "Validation Error"},
        "/body": {"200": "Successful Response", "422": "Validation Error"},
        "/token": {"200": "Successful Response"},
        "/dependency": {"200": "Successful Response", "422": "Validation Error"},
        "/four": {"200": "Successful Response", "4XX": "x"},
        "/own": {"200": "Successful Response", "422": "mine"},
        "/hidden": {"200": "Successful Response", "422": "Validation Error"},  # a hidden parameter is validated
    }
    assert doc["paths"]["/query"]["get"]["responses"]["422"]["content"] == {
        "application/json": {"schema": {"$ref": "#/components/schemas/HTTPValidationError"}}
    }
    assert sorted(doc["components"]["schemas"]) == ["HTTPValidationError", "ValidationError"]
    assert doc["components"]["schemas"]["ValidationError"]["required"] == ["loc", "msg", "type"]
    assert [r.responses for r in linked.routes if r.path == "/ws"] == [()]


MERGED = """
from fastapi import APIRouter, FastAPI

app = FastAPI(responses={500: {"description": "Server error"}})
router = APIRouter(
    prefix="/items", responses={404: {"description": "Not found"}, 409: {"description": "Router conflict"}}
)


@router.get("/{item_id}", responses={409: {"description": "Item conflict"}})
def get_item(item_id: int): ...


@router.delete("/{item_id}", status_code=204)
def delete_item(item_id: int): ...


app.include_router(router, responses={403: {"description": "Forbidden"}, 404: {"description": "Inclusion not found"}})


@app.get("/health")
def health(): ...
"""


def test_responses_of_the_app_routers_and_inclusions_are_merged_the_nearer_winning() -> None:
    """The descriptions FastAPI 0.128's ``app.openapi()`` gives for the same source."""
    linked, _ = link_sources({"app.py": MERGED})
    doc = openapi_document(replace(cf.catalog(), routes=tuple(linked.routes), models=()), cf.config())
    validate(doc)
    described = {
        f"{method} {path}": {status: r["description"] for status, r in op["responses"].items()}
        for path, item in doc["paths"].items()
        for method, op in item.items()
    }
    assert described == {
        "get /items/{item_id}": {
            "200": "Successful Response",
            "403": "Forbidden",
            "404": "Not found",
            "409": "Item conflict",
            "422": "Validation Error",
            "500": "Server error",
        },
        "delete /items/{item_id}": {
            "204": "Successful Response",
            "403": "Forbidden",
            "404": "Not found",
            "409": "Router conflict",
            "422": "Validation Error",
            "500": "Server error",
        },
        "get /health": {"200": "Successful Response", "500": "Server error"},
    }


def test_info_and_servers_come_from_the_app_serving_the_most_routes() -> None:
    """As FastAPI's ``app.openapi()`` gives them; a value docgen cannot know is a visible ``{?…}``."""
    linked, _ = link_sources(
        {
            "settings.py": 'NAME = "Shop API"\n',
            "app.py": """
import os
from fastapi import FastAPI
from settings import NAME

app = FastAPI(
    title=NAME,
    version=os.environ["VERSION"],
    summary="Buy things.",
    description="All of the **shop**.",
    servers=[{"url": "https://api.example.com", "description": "production"}],
)
admin = FastAPI()


@app.get("/items")
def items(): ...


@app.get("/carts")
def carts(): ...


@admin.get("/stats")
def stats(): ...
""",
        }
    )
    assert [(a.id, a.routes, a.info.title, a.info.version) for a in linked.apps] == [
        ("app:admin", 1, "FastAPI", "0.1.0"),
        ("app:app", 2, "Shop API", "{?os.environ['VERSION']}"),
    ]
    doc = openapi_document(replace(cf.catalog(), routes=linked.routes, apps=linked.apps, models=()), cf.config())
    validate(doc)
    assert doc["info"] == {
        "title": "Shop API",
        "version": "{?os.environ['VERSION']}",
        "summary": "Buy things.",
        "description": "All of the **shop**.",
    }
    assert doc["servers"] == [{"url": "https://api.example.com"}]


MOUNTED = """
from fastapi import APIRouter, FastAPI

app = FastAPI()
inner = FastAPI()
router = APIRouter(prefix="/.well-known")


@router.get("/jwks.json")
def well_known_jwks(): ...


inner.include_router(router)
admin = FastAPI()


@admin.get("/users")
def list_users(): ...


app.mount("/admin", admin)
app.mount("/", inner)
"""


def test_operation_ids_are_those_of_the_mounted_app_an_app_mounted_at_the_root_keeping_its_slash() -> None:
    """The ids FastAPI 0.128's ``openapi()`` of each mounted app gives."""
    linked, _ = link_sources({"app.py": MOUNTED})
    assert sorted((r.path, r.operation_id) for r in linked.routes) == [
        ("/.well-known/jwks.json", "well_known_jwks__well_known_jwks_json_get"),
        ("/admin/users", "list_users_users_get"),
    ]


SEVERAL = """
from fastapi import APIRouter, Depends, FastAPI
from fastapi.security import APIKeyCookie, HTTPBearer

app = FastAPI()
cookie = APIKeyCookie(name="session", auto_error=False)
bearer = HTTPBearer(auto_error=False)


def session(token=Depends(cookie)): ...


def api_key(credentials=Depends(bearer)): ...


def audit_logger(s=Depends(session), k=Depends(api_key)): ...


router = APIRouter(dependencies=[Depends(audit_logger)])


@router.get("/routed")
def routed(): ...


app.include_router(router)


@app.get("/logged")
def logged(log=Depends(audit_logger)): ...
"""


def test_every_scheme_below_one_dependency_is_a_requirement_of_its_own() -> None:
    """FastAPI 0.128's ``openapi()`` for the same source: both schemes, on the route and from the router."""
    linked, _ = link_sources({"app.py": SEVERAL})
    doc = openapi_document(replace(cf.catalog(), routes=tuple(linked.routes), models=()), cf.config())
    validate(doc)
    security = {path: item["get"].get("security") for path, item in doc["paths"].items()}
    assert security == {
        "/routed": [{"APIKeyCookie": []}, {"HTTPBearer": []}],
        "/logged": [{"APIKeyCookie": []}, {"HTTPBearer": []}],
    }
    assert doc["components"]["securitySchemes"] == {
        "APIKeyCookie": {"type": "apiKey", "in": "cookie", "name": "session"},
        "HTTPBearer": {"type": "http", "scheme": "bearer"},
    }
    auth = {r.path: [(a.name, a.kind, a.level) for a in r.auth] for r in linked.routes}
    assert auth == {
        "/logged": [("audit_logger", "api_key", "route"), ("audit_logger", "http_bearer", "route")],
        "/routed": [("audit_logger", "api_key", "router"), ("audit_logger", "http_bearer", "router")],
    }


CUSTOM = """
from typing import Any, Optional, cast

from fastapi import Depends, FastAPI, Request
from fastapi.openapi.models import HTTPBase, OAuth2 as OAuth2Model, OAuthFlows as OAuthFlowsModel
from fastapi.security.base import SecurityBase

app = FastAPI()


class CookieOrBearer(SecurityBase):
    def __init__(self, tokenUrl: str, scheme_name: Optional[str] = None, auto_error: bool = True):
        self.tokenUrl = tokenUrl
        self.scheme_name = scheme_name or self.__class__.__name__
        self.auto_error = auto_error
        self.model = OAuth2Model(flows=OAuthFlowsModel(password=cast(Any, {"tokenUrl": tokenUrl, "scopes": {}})))

    async def __call__(self, request: Request) -> Optional[str]:
        return request.cookies.get("token")


class TenantBasic(SecurityBase):
    def __init__(self):
        self.scheme_name = "tenant"
        self.model = HTTPBase(scheme="basic")

    async def __call__(self, request: Request) -> Optional[str]:
        return request.headers.get("Authorization")


oauth = CookieOrBearer(tokenUrl="/login", auto_error=False)


def current_user(token: str = Depends(oauth)): ...


@app.get("/me")
def me(user=Depends(current_user)): ...


@app.get("/tenant")
def tenant(t=Depends(TenantBasic())): ...
"""


def test_a_user_class_on_security_base_is_the_scheme_its_model_declares() -> None:
    """FastAPI 0.128's ``openapi()`` for the same source: the ``model`` and ``scheme_name`` its ``__init__`` sets."""
    linked, _ = link_sources({"app.py": CUSTOM})
    doc = openapi_document(replace(cf.catalog(), routes=tuple(linked.routes), models=()), cf.config())
    validate(doc)
    assert {path: item["get"].get("security") for path, item in doc["paths"].items()} == {
        "/me": [{"CookieOrBearer": []}],
        "/tenant": [{"tenant": []}],
    }
    assert doc["components"]["securitySchemes"] == {
        "CookieOrBearer": {"type": "oauth2", "flows": {"password": {"scopes": {}, "tokenUrl": "/login"}}},
        "tenant": {"type": "http", "scheme": "basic"},
    }


NAMED_COMMON = """
NOT_FOUND = {404: {"description": "Could not find the node"}}
"""
NAMED_APP = """
from fastapi import APIRouter, FastAPI

from common import NOT_FOUND

responses = {409: {"description": "Conflict"}}
app = FastAPI()
router = APIRouter(responses=NOT_FOUND)


@router.post("/nodes", responses=responses)
def create_node(name: str): ...


app.include_router(router)
"""


def test_responses_bound_to_a_name_here_or_in_another_module_are_read() -> None:
    """FastAPI 0.128's ``openapi()`` for the same two modules."""
    linked, _ = link_sources({"common.py": NAMED_COMMON, "app.py": NAMED_APP})
    assert [(r.status, r.description) for r in linked.routes[0].responses] == [
        ("200", "Successful Response"),
        ("404", "Could not find the node"),
        ("409", "Conflict"),
        ("422", "Validation Error"),
    ]


def test_a_generic_models_use_is_its_own_component_as_pydantic_names_it() -> None:
    # FastAPI 0.115 / pydantic 2.11 for this source: GET /clients answers with
    # {"$ref": "#/components/schemas/Page_Client_"}, Page_Client_ having count and results: Client[].
    linked, _ = link_sources(
        {
            "svc/__init__.py": "",
            "svc/schemas.py": """
            from typing import Generic, TypeVar
            from pydantic import BaseModel

            T = TypeVar("T")

            class Page(BaseModel, Generic[T]):
                count: int
                results: list[T]

            class Client(BaseModel):
                name: str
            """,
            "svc/main.py": """
            from fastapi import FastAPI
            from svc import schemas

            app = FastAPI()

            @app.get("/clients", response_model=schemas.Page[schemas.Client])
            def clients(): ...
            """,
        }
    )
    (page,) = (m for m in linked.models if m.name == "Page")
    assert page.type_params == ("T",)
    (route,) = linked.routes
    assert (route.responses[0].model, route.responses[0].resolved_type) == (
        "svc.schemas.Page",
        "svc.schemas.Page[svc.schemas.Client]",
    )
    doc = openapi_document(replace(cf.catalog(), routes=tuple(linked.routes), models=linked.models), cf.config())
    validate(doc)
    ok = doc["paths"]["/clients"]["get"]["responses"]["200"]
    assert ok["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Page_Client_"}
    assert doc["components"]["schemas"]["Page_Client_"] == {
        "title": "Page[Client]",
        "type": "object",
        "properties": {
            "count": {"type": "integer"},
            "results": {"type": "array", "items": {"$ref": "#/components/schemas/Client"}},
        },
        "required": ["count", "results"],
    }

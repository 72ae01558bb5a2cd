"""FastAPI routes from inline sources: prefixes, factories, parameters, bodies, responses, auth."""

from __future__ import annotations

from docgen.model import Auth, Body, Framework, Param, ParamLocation, Response, SecurityScheme
from docgen.testing import link_sources, routes_table

SETTINGS = """
import os

class Settings:
    API_V1_STR: str = "/api/v1"
    ADMIN: str = os.getenv("ADMIN_PREFIX", "/admin")

settings = Settings()
"""


def test_prefixes_from_settings_constants_and_router_prefix_across_modules() -> None:
    linked, diagnostics = link_sources(
        {
            "app/__init__.py": "",
            "app/core/__init__.py": "",
            "app/core/config.py": SETTINGS,
            "app/api/__init__.py": "from .router import api_router\n",
            "app/api/router.py": """
            from fastapi import APIRouter
            from app.api.routes import items, users
            from app.core.config import settings

            USERS = "/users"
            api_router = APIRouter()
            api_router.include_router(items.router, prefix="/items", tags=["items"])
            api_router.include_router(users.router, prefix=USERS)
            api_router.include_router(users.router, prefix=settings.ADMIN + USERS)
        """,
            "app/api/routes/__init__.py": "",
            "app/api/routes/items.py": """
            from fastapi import APIRouter
            router = APIRouter()

            @router.get("/")
            async def list_items(): ...

            @router.post("/", status_code=201)
            async def create_item(): ...
        """,
            "app/api/routes/users.py": """
            from fastapi import APIRouter
            router = APIRouter(prefix="/u")

            @router.delete("/{user_id}")
            def remove(user_id: int): ...
        """,
            "app/main.py": """
            from fastapi import FastAPI
            from app.api import api_router
            from app.core.config import settings

            def create_app() -> FastAPI:
                application = FastAPI()
                application.include_router(api_router, prefix=settings.API_V1_STR)
                return application

            app = create_app()

            @app.get("/health")
            def health(): ...
        """,
        }
    )
    assert diagnostics == []
    assert routes_table(linked) == [
        ("DELETE", "/api/v1/admin/users/u/{user_id}", "app.api.routes.users.remove"),
        ("GET", "/api/v1/items/", "app.api.routes.items.list_items"),
        ("POST", "/api/v1/items/", "app.api.routes.items.create_item"),
        ("DELETE", "/api/v1/users/u/{user_id}", "app.api.routes.users.remove"),
        ("GET", "/health", "app.main.health"),
    ]
    assert {r.app for r in linked.routes} == {"app.main:app"}
    assert linked.routes[1].tags == ("items",)
    assert linked.routes[2].responses == (
        Response(status="201", type="Any", model=None, description="Successful Response"),
    )
    assert linked.frameworks == (Framework.FASTAPI,)


def test_loops_over_router_tuples_and_mounted_sub_apps() -> None:
    linked, _ = link_sources(
        {
            "svc/__init__.py": "",
            "svc/api/__init__.py": "",
            "svc/api/flows.py": """
            from fastapi import APIRouter
            router = APIRouter(prefix="/flows")
            @router.get("/{id:uuid}")
            def read_flow(id): ...
        """,
            "svc/api/runs.py": """
            from fastapi import APIRouter
            router = APIRouter(prefix="/runs")
            @router.websocket("/out")
            async def stream(websocket): ...
        """,
            "svc/server.py": """
            import svc.api as api
            from fastapi import FastAPI

            ROUTERS = (api.flows.router, api.runs.router)

            def create_api_app(health_path: str = "/health") -> FastAPI:
                api_app = FastAPI()
                for router in ROUTERS:
                    api_app.include_router(router)

                @api_app.get(health_path)
                def health_check(): ...

                return api_app

            def create_app():
                app = FastAPI()
                app.mount("/api", app=create_api_app())
                return app
        """,
        }
    )
    assert routes_table(linked) == [
        ("GET", "/api/flows/{id}", "svc.api.flows.read_flow"),
        ("GET", "/api/health", "svc.server.create_api_app.<locals>.health_check"),
        ("WEBSOCKET", "/api/runs/out", "svc.api.runs.stream"),
    ]
    assert linked.routes[0].raw_path == "/api/flows/{id:uuid}"
    assert {r.app for r in linked.routes} == {"svc.server:create_app.<locals>.app"}


def test_parameters_by_location_with_annotated_aliases_and_dependencies() -> None:
    linked, _ = link_sources(
        {
            "app/__init__.py": "",
            "app/schemas.py": """
            from pydantic import BaseModel
            class ItemIn(BaseModel):
                name: str
        """,
            "app/deps.py": """
            from typing import Annotated
            from fastapi import Depends, Header
            from fastapi.security import OAuth2PasswordBearer

            oauth2 = OAuth2PasswordBearer(tokenUrl="token")

            def get_db(): ...

            def current_user(token: Annotated[str, Depends(oauth2)], x_tenant: str = Header(...)): ...

            SessionDep = Annotated[object, Depends(get_db)]
            CurrentUser = Annotated[object, Depends(current_user)]
        """,
            "app/main.py": '''
            from typing import Annotated
            from fastapi import FastAPI, Query, Path, Cookie
            from app.deps import CurrentUser, SessionDep
            from app.schemas import ItemIn

            app = FastAPI()

            @app.put("/items/{item_id}", response_model=ItemIn, responses={404: {"description": "Not found"}})
            def put_item(
                item_id: Annotated[int, Path(ge=1)],
                item: ItemIn,
                db: SessionDep,
                user: CurrentUser,
                q: Annotated[str | None, Query(max_length=50, description="Search.")] = None,
                limit: int = 10,
                session: str = Cookie(None),
            ):
                """Replace an item.

                Args:
                    limit: How many to return.
                """
        ''',
        }
    )
    (route,) = linked.routes
    assert route.params == (
        Param(
            name="item_id",
            in_=ParamLocation.PATH,
            type="int",
            required=True,
            default=None,
            description="",
            constraints={"ge": "1"},
        ),
        Param(
            name="x-tenant",
            in_=ParamLocation.HEADER,
            type="str",
            required=True,
            default=None,
            description="",
            constraints={},
        ),
        Param(
            name="q",
            in_=ParamLocation.QUERY,
            type="str | None",
            required=False,
            default="None",
            description="Search.",
            constraints={"max_length": "50"},
        ),
        Param(
            name="limit",
            in_=ParamLocation.QUERY,
            type="int",
            required=False,
            default="10",
            description="How many to return.",
            constraints={},
        ),
        Param(
            name="session",
            in_=ParamLocation.COOKIE,
            type="str",
            required=False,
            default="None",
            description="",
            constraints={},
        ),
    )
    assert route.request_body == Body(
        type="ItemIn", model="app.schemas.ItemIn", media_type="application/json", required=True
    )
    assert route.responses == (
        Response(
            status="200",
            type="ItemIn",
            model="app.schemas.ItemIn",
            description="Successful Response",
            resolved_type="app.schemas.ItemIn",
        ),
        Response(status="404", type="", model=None, description="Not found"),
        Response(status="422", type="HTTPValidationError", model=None, description="Validation Error"),
    )
    scheme = SecurityScheme(name="OAuth2PasswordBearer", type="oauth2", flow="password", token_url="token")
    assert route.auth == (Auth(kind="oauth2", name="current_user", scopes=(), level="route", scheme=scheme),)
    assert route.summary == "Replace an item."


def test_router_level_dependencies_give_auth_and_unknown_prefix_is_a_visible_placeholder() -> None:
    linked, diagnostics = link_sources(
        {
            "app.py": """
            from fastapi import APIRouter, Depends, FastAPI
            from somewhere import PREFIX

            def require_admin(): ...

            admin = APIRouter(dependencies=[Depends(require_admin)])

            @admin.post("/reset", deprecated=True, include_in_schema=False)
            def reset(): ...

            app = FastAPI()
            app.include_router(admin, prefix=PREFIX)
        """,
        }
    )
    (route,) = linked.routes
    assert (route.method, route.path, route.deprecated, route.include_in_schema) == (
        "POST",
        "{?PREFIX}/reset",
        True,
        False,
    )
    assert route.auth == (Auth(kind="dependency", name="require_admin", scopes=(), level="router"),)
    assert [str(d) for d in diagnostics] == [
        "app.py:12: DG904 prefix '{?PREFIX}' could not be evaluated statically; shown as a placeholder"
    ]


def test_api_route_and_add_api_route_methods() -> None:
    linked, _ = link_sources(
        {
            "app.py": """
            from fastapi import FastAPI
            app = FastAPI()

            @app.api_route("/both", methods=["GET", "POST"])
            def both(): ...

            def legacy(): ...

            app.add_api_route("/legacy", legacy, methods=["PATCH"])
            app.add_api_websocket_route("/ws", legacy)
        """,
        }
    )
    assert routes_table(linked) == [
        ("GET", "/both", "app.both"),
        ("POST", "/both", "app.both"),
        ("PATCH", "/legacy", "app.legacy"),
        ("WEBSOCKET", "/ws", "app.legacy"),
    ]


def test_a_router_from_outside_the_analysed_code_is_reported_not_dropped_silently() -> None:
    linked, diagnostics = link_sources(
        {
            "main.py": """
            from fastapi import FastAPI
            from fastapi_users import get_auth_router
            import other

            app = FastAPI()
            app.include_router(get_auth_router("jwt"), prefix="/auth/jwt")
            app.include_router(other.router)


            def include(app, router):
                app.include_router(router)
        """,
        }
    )
    assert routes_table(linked) == []
    assert [str(d) for d in diagnostics] == [
        "main.py:6: DG904 router \"get_auth_router('jwt')\" is not in the analysed code: its routes are not listed"
        " (a router from an installed package is read with extra-paths)",
        "main.py:7: DG904 router 'other.router' is not in the analysed code: its routes are not listed"
        " (a router from an installed package is read with extra-paths)",
        "main.py:1: DG917 FastAPI (fastapi) is imported by 1 module but docgen found none of its routes: they are"
        " registered in a way it does not follow (the other warnings name what it could not evaluate); if the"
        " registering code is installed rather than in the tree, add it with `extra-paths`",
    ]


def test_query_and_header_parameter_models_give_one_parameter_per_field() -> None:
    linked, diagnostics = link_sources(
        {
            "main.py": """
            from enum import Enum
            from typing import Annotated, Literal
            from fastapi import FastAPI, Header, Query
            from pydantic import BaseModel, Field


            class FilterParams(BaseModel):
                limit: int = Field(100, gt=0, le=100, description="Page size.")
                order_by: Literal["created_at", "updated_at"] = "created_at"


            class CommonHeaders(BaseModel):
                x_token: str


            class Status(Enum):
                OPEN = "open"


            app = FastAPI()


            @app.get("/items/")
            async def read_items(
                filters: Annotated[FilterParams, Query()],
                headers: Annotated[CommonHeaders, Header()],
                status: Annotated[Status | None, Query()] = None,
            ): ...
        """,
        }
    )
    assert linked.routes[0].params == (
        Param(
            name="limit",
            in_=ParamLocation.QUERY,
            type="int",
            required=False,
            default="100",
            description="Page size.",
            constraints={"gt": "0", "le": "100"},
        ),
        Param(
            name="order_by",
            in_=ParamLocation.QUERY,
            type="Literal['created_at', 'updated_at']",
            required=False,
            default="'created_at'",
        ),
        Param(name="x-token", in_=ParamLocation.HEADER, type="str", required=True),
        Param(
            name="status",
            in_=ParamLocation.QUERY,
            type="Status | None",
            required=False,
            default="None",
            resolved_type="main.Status | None",
        ),  # an enum is one value, not a model
    )
    assert diagnostics == []


def test_status_codes_given_as_names() -> None:
    linked, _ = link_sources(
        {
            "main.py": """
            from http import HTTPStatus
            from fastapi import FastAPI, status

            app = FastAPI()


            @app.post("/a", status_code=status.HTTP_201_CREATED)
            def a(): ...


            @app.post("/b", status_code=HTTPStatus.ACCEPTED)
            def b(): ...
        """,
        }
    )
    assert [[r.status for r in route.responses] for route in linked.routes] == [["201"], ["202"]]


def test_a_prefix_built_with_plus_equals_is_the_joined_string() -> None:
    linked, _ = link_sources(
        {
            "app.py": """
            from fastapi import APIRouter, FastAPI

            PREFIX = "/api"
            PREFIX += "/v1"
            app = FastAPI()
            router = APIRouter(prefix=PREFIX)

            @router.get("/items")
            def items(): ...

            app.include_router(router)
        """
        }
    )
    assert routes_table(linked) == [("GET", "/api/v1/items", "app.items")]


def test_a_prefix_read_through_settings_objects_takes_passed_values_then_field_defaults() -> None:
    linked, _ = link_sources(
        {
            "pkg/__init__.py": "",
            "pkg/config.py": """
            from dataclasses import dataclass, field
            from pydantic import BaseModel, Field
            from pydantic_settings import BaseSettings

            class RunSettings(BaseModel):
                root_path: str = "/run"

            @dataclass
            class Paths:
                api: str = field(default="/paths")

            class Config(BaseSettings):
                run: RunSettings = Field(default_factory=RunSettings)
                other: RunSettings = RunSettings(root_path="/other")
                paths: Paths = Field(default_factory=Paths)
                named: str = Field("/named", description="a positional default")

            class Shifted(BaseModel):
                root_path: str = "/default"

                def __init__(self, root_path: str = ""):
                    super().__init__(root_path="/shifted" + root_path)

            shifted = Shifted(root_path="/y")

            def load_config():
                return Config(**load_settings())

            config = load_config()
        """,
            "pkg/server.py": """
            from fastapi import APIRouter, FastAPI
            from pkg.config import config, shifted

            app = FastAPI()
            run = APIRouter(prefix=config.run.root_path)
            other = APIRouter(prefix=config.other.root_path)
            paths = APIRouter(prefix=config.paths.api)
            named = APIRouter(prefix=config.named)
            own = APIRouter(prefix=shifted.root_path)

            @run.get("/x")
            @other.get("/x")
            @paths.get("/x")
            @named.get("/x")
            @own.get("/x")
            def x(): ...

            for router in (run, other, paths, named, own):
                app.include_router(router)
        """,
        }
    )
    assert [path for _, path, _ in routes_table(linked)] == [
        "/named/x",
        "/other/x",
        "/paths/x",
        "/run/x",
        "{?shifted.root_path}/x",  # Shifted's own __init__ stores the argument its own way
    ]


def test_a_helper_that_includes_routers_into_what_it_is_given_does_so_once_per_call() -> None:
    linked, _ = link_sources(
        {
            "auth.py": """
            from fastapi import APIRouter, FastAPI

            token_router = APIRouter()

            @token_router.post("/token")
            def token(): ...

            def include_routers(router: APIRouter) -> APIRouter:
                router.include_router(token_router, prefix="/api")
                return router

            default_router = include_routers(APIRouter())
            tenant_router = include_routers(APIRouter(prefix="/{tenant}"))
            app = FastAPI()
            app.include_router(default_router)
            app.include_router(tenant_router)
        """
        }
    )
    assert routes_table(linked) == [("POST", "/api/token", "auth.token"), ("POST", "/{tenant}/api/token", "auth.token")]


def test_a_server_class_builds_the_app_in_a_method_and_registers_in_others() -> None:
    linked, diagnostics = link_sources(
        {
            "srv/__init__.py": "",
            "srv/api.py": """
            from fastapi import APIRouter

            def init_data_router(publisher):
                router = APIRouter()

                @router.get("/data/config")
                async def get_config(): ...

                return router
        """,
            "srv/pubsub.py": """
            from fastapi import APIRouter

            class PubSub:
                def __init__(self):
                    self.router = APIRouter()

                    @self.router.websocket("/ws")
                    async def endpoint(websocket): ...
        """,
            "srv/server.py": """
            from fastapi import FastAPI
            from srv.api import init_data_router
            from srv.pubsub import PubSub

            class Server:
                def __init__(self, publisher=None):
                    self.publisher = publisher
                    self.pubsub = PubSub()
                    self.app: FastAPI = self._init_app()

                def _init_app(self):
                    app = FastAPI()
                    self._configure_routes(app)
                    return app

                def _configure_routes(self, app: FastAPI):
                    app.include_router(init_data_router(self.publisher), tags=["Data"])
                    app.include_router(self.pubsub.router)

                    @app.get("/healthcheck")
                    def healthcheck(): ...
        """,
            "srv/main.py": """
            def create_app(*args, **kwargs):
                from srv.server import Server

                server = Server(*args, **kwargs)
                return server.app

            app = create_app()
        """,
        }
    )
    assert routes_table(linked) == [
        ("GET", "/data/config", "srv.api.init_data_router.<locals>.get_config"),
        ("GET", "/healthcheck", "srv.server.Server._configure_routes.<locals>.healthcheck"),
        ("WEBSOCKET", "/ws", "srv.pubsub.PubSub.__init__.<locals>.endpoint"),
    ]
    assert {r.app for r in linked.routes} == {"srv.main:app"}
    assert diagnostics == []


CONFI = {
    "conflib/__init__.py": "from conflib.core import *\n",
    "conflib/core.py": """
    import inspect
    from decouple import config, undefined

    class Entry:
        def __init__(self, key, *, default=undefined, cast=None):
            self.key = key
            self.default = default
            self.cast = cast

    class Confi:
        def __init__(self, prefix=None, is_model=True):
            self._is_model = is_model
            self._prefix = prefix
            for name, entry in inspect.getmembers(self, self._is_entry):
                self._save(name, entry)

        def _is_entry(self, entry):
            return isinstance(entry, Entry)

        def _save(self, name, entry):
            setattr(self, name, self._evaluate(name, entry.default, entry.cast))

        def _process(self, key, *, default=undefined, cast=None):
            if self._is_model:
                res = Entry(key, default=default, cast=cast)
                return res
            return self._evaluate(key, default, cast)

        def _evaluate(self, key, default=undefined, cast=None):
            try:
                res = config(key, cast=cast)
            except Exception:
                res = default
            return res

        def str(self, key, default=undefined, description=None):
            return self._process(key, default=default, cast=str)
    """,
}


def test_a_settings_entry_whose_constructor_replaces_it_reads_as_the_default_its_getter_passes_through() -> None:
    linked, diagnostics = link_sources(
        {
            "app/__init__.py": "",
            "app/config.py": """
            from conflib import Confi, Entry

            confi = Confi(prefix="APP_")

            class AppConfig(Confi):
                DATA_ROUTE = confi.str("DATA_ROUTE", "/data/config", description="where")
                NO_DEFAULT = confi.str("NO_DEFAULT")

            class Plain:
                ENTRY_ROUTE = confi.str("ENTRY_ROUTE", "/entry")

            app_config = AppConfig(prefix="APP_")
            plain = Plain()
        """,
            "app/main.py": """
            from fastapi import APIRouter, FastAPI
            from app.config import app_config, plain

            router = APIRouter()

            @router.get(app_config.DATA_ROUTE)
            def data(): ...

            @router.get(app_config.NO_DEFAULT)
            def unset(): ...

            @router.get(plain.ENTRY_ROUTE)
            def entry(): ...

            app = FastAPI()
            app.include_router(router)
        """,
        },
        CONFI,
    )
    # A class that never stores attributes by computed names keeps its entry object: unknown.
    assert routes_table(linked) == [
        ("GET", "/data/config", "app.main.data"),
        ("GET", "{?app_config.NO_DEFAULT}", "app.main.unset"),
        ("GET", "{?plain.ENTRY_ROUTE}", "app.main.entry"),
    ]
    assert [(d.code, str(d.location)) for d in diagnostics] == [
        ("DG904", "app/main.py:10"),
        ("DG904", "app/main.py:13"),
    ]


def test_app_attributes_are_the_constructor_arguments_or_fastapis_defaults() -> None:
    linked, diagnostics = link_sources(
        {
            "svc/main.py": """
            from fastapi import FastAPI

            app = FastAPI(docs_url=None, openapi_url="/api/schema.json")
            other = FastAPI(**{"docs_url": "/d"})

            @app.get(app.swagger_ui_oauth2_redirect_url, include_in_schema=False)
            async def redirect(): ...

            @app.get(app.openapi_url + "/copy")
            async def schema_copy(): ...

            @other.get(other.redoc_url)
            async def other_redoc(): ...
        """
        }
    )
    assert routes_table(linked) == [
        ("GET", "/api/schema.json/copy", "main.schema_copy"),
        ("GET", "/docs/oauth2-redirect", "main.redirect"),
        ("GET", "{?other.redoc_url}", "main.other_redoc"),
    ]
    assert [d.code for d in diagnostics] == ["DG904"]


def test_a_body_parameter_two_dependencies_read_is_one_body_not_an_embedded_pair() -> None:
    linked, _ = link_sources(
        {
            "svc/main.py": """
            from fastapi import Body, Depends, FastAPI
            from pydantic import BaseModel

            class FieldIn(BaseModel):
                slug: str

            app = FastAPI()

            async def kind_of(field_in: FieldIn): ...

            async def validated(field_in: FieldIn, kind=Depends(kind_of)) -> FieldIn: ...

            @app.post("/fields")
            async def create(field_in: FieldIn = Depends(validated)): ...

            @app.post("/pairs")
            async def pair(field_in: FieldIn, note: str = Body()): ...
        """
        }
    )
    fields, pairs = (next(r for r in linked.routes if r.path == path) for path in ("/fields", "/pairs"))
    assert fields.request_body == Body(
        type="FieldIn", model="main.FieldIn", media_type="application/json", required=True
    )
    assert pairs.request_body is not None
    assert [(f.name, f.type) for f in pairs.request_body.fields] == [("field_in", "FieldIn"), ("note", "str")]


def test_a_librarys_pydantic_model_is_a_body_as_fastapi_reads_it() -> None:
    linked, _ = link_sources(
        {
            "svc/main.py": """
            from typing import Annotated
            from fastapi import Body, FastAPI
            from shared.schemas import DataUpdate, Plain

            app = FastAPI()

            @app.post("/data")
            def publish(update: DataUpdate, note: Annotated[DataUpdate, "doc"], plain: Plain): ...
            """
        },
        libraries={
            "shared/__init__.py": "",
            "shared/schemas.py": """
            from pydantic import BaseModel

            class DataUpdate(BaseModel):
                id: str

            class Plain:
                pass
            """,
        },
    )
    (route,) = linked.routes
    assert [(p.name, p.in_.value, p.type) for p in route.params] == [("plain", "query", "Plain")]
    assert route.request_body is not None
    assert [(f.name, f.type) for f in route.request_body.fields] == [
        ("update", "DataUpdate"),
        ("note", "DataUpdate"),
    ]


def test_uploads_and_fastapis_password_form_are_form_bodies() -> None:
    linked, _ = link_sources(
        {
            "svc/main.py": """
            from typing import Optional
            from fastapi import Depends, FastAPI, UploadFile
            from fastapi.security import OAuth2PasswordRequestForm

            app = FastAPI()

            @app.post("/login")
            def login(form_data: OAuth2PasswordRequestForm = Depends()): ...

            @app.post("/files")
            def upload(session_id: str, file: UploadFile, extra: Optional[list[UploadFile]] = None): ...
            """
        }
    )
    login, files = sorted(linked.routes, key=lambda r: r.path, reverse=True)
    assert login.params == ()
    assert login.request_body is not None
    assert login.request_body.media_type == "application/x-www-form-urlencoded"
    assert [(f.name, f.type, f.required) for f in login.request_body.fields] == [
        ("grant_type", "str | None", False),
        ("username", "str", True),
        ("password", "str", True),
        ("scope", "str", False),
        ("client_id", "str | None", False),
        ("client_secret", "str | None", False),
    ]
    assert [(p.name, p.in_.value) for p in files.params] == [("session_id", "query")]
    assert files.request_body is not None
    assert files.request_body.media_type == "multipart/form-data"
    assert [(f.name, f.type, f.required) for f in files.request_body.fields] == [
        ("file", "UploadFile", True),
        ("extra", "Optional[list[UploadFile]]", False),
    ]

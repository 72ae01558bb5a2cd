"""Litestar routes from inline sources: apps, routers, controllers, decorators, parameters, bodies, auth."""

from __future__ import annotations

from docgen.model import Auth, Body, Diagnostic, Framework, Param, ParamLocation, Response
from docgen.testing import link_sources, routes_table


def _dg9(diagnostics: list[Diagnostic]) -> list[tuple[str, str]]:
    return [(d.code, d.message) for d in diagnostics if d.code.startswith("DG9")]


def test_decorators_paths_routers_and_the_app_path() -> None:
    linked, diagnostics = link_sources(
        {
            "shop/__init__.py": "",
            "shop/handlers.py": """
            from litestar import get, post, put, patch, delete, head, route
            from litestar.enums import HttpMethod

            @get()
            def index() -> str: ...

            @get(path="/items/")
            def list_items() -> list[str]: ...

            @post(["/items", "/items/new/", "items/new"])
            def create() -> None: ...

            @put("/items/{item_id:int}")
            def replace(item_id: int) -> None: ...

            @patch("/items/{item_id:int}")
            def update(item_id: int) -> None: ...

            @delete("/items/{item_id:int}")
            def remove(item_id: int) -> None: ...

            @head("/items")
            def probe() -> None: ...

            @route("/sync", http_method=["GET", HttpMethod.POST])
            def sync() -> None: ...
        """,
            "shop/app.py": """
            from litestar import Litestar, Router
            from shop import handlers

            inner = Router("/inner", route_handlers=[handlers.sync])
            api = Router(path="/api//", route_handlers=[handlers.list_items, handlers.create, inner])
            app = Litestar(
                [handlers.index, api, handlers.replace, handlers.update, handlers.remove, handlers.probe],
                path="/v2",
            )
        """,
        }
    )
    assert routes_table(linked) == [
        ("GET", "/v2", "shop.handlers.index"),
        ("GET", "/v2/api/inner/sync", "shop.handlers.sync"),
        ("POST", "/v2/api/inner/sync", "shop.handlers.sync"),
        ("GET", "/v2/api/items", "shop.handlers.list_items"),
        ("POST", "/v2/api/items", "shop.handlers.create"),
        ("POST", "/v2/api/items/new", "shop.handlers.create"),
        ("HEAD", "/v2/items", "shop.handlers.probe"),
        ("DELETE", "/v2/items/{item_id}", "shop.handlers.remove"),
        ("PATCH", "/v2/items/{item_id}", "shop.handlers.update"),
        ("PUT", "/v2/items/{item_id}", "shop.handlers.replace"),
    ]
    first = linked.routes[0]
    assert (first.framework, first.app, first.group, first.raw_path) == (
        Framework("litestar"),
        "shop.app:app",
        "shop.app:app",
        "/v2",
    )
    statuses = {(str(r.method), r.path): [x.status for x in r.responses] for r in linked.routes}
    assert statuses[("POST", "/v2/api/items")] == ["201"]
    assert statuses[("DELETE", "/v2/items/{item_id}")] == ["204"]
    assert statuses[("PUT", "/v2/items/{item_id}")] == ["200"]
    assert statuses[("GET", "/v2/api/inner/sync")] == ["201"]  # one handler for GET and POST: POST's default
    assert _dg9(diagnostics) == []


def test_controllers_inherited_handlers_and_path_parameters() -> None:
    linked, diagnostics = link_sources(
        {
            "svc/__init__.py": "",
            "svc/base.py": """
            from litestar import Controller, get, delete

            class CRUD(Controller):
                @get("/")
                async def list_all(self) -> list[int]: ...

                @get("/{pk:int}")
                async def one(self, pk: int) -> int: ...

                @delete("/{pk:int}")
                async def remove(self, pk: int) -> None: ...

                def helper(self): ...
        """,
            "svc/reports.py": """
            from litestar import get, post
            from svc.base import CRUD

            PREFIX = "/api/v1"

            class ReportController(CRUD):
                path = f"{PREFIX}/report"
                tags = ["Reports"]

                @get("/{pk:int}")
                async def one(self, pk: int) -> dict: ...

                remove = None

                @post("/")
                async def create(self) -> dict: ...

            class LogController(CRUD):
                path = "/api/v1/report/{report_id:int}/log"
        """,
            "svc/app.py": """
            from litestar import Litestar
            from svc.reports import LogController, ReportController

            app = Litestar(route_handlers=[ReportController, LogController])
        """,
        }
    )
    assert routes_table(linked) == [
        ("GET", "/api/v1/report", "svc.base.CRUD.list_all"),
        ("POST", "/api/v1/report", "svc.reports.ReportController.create"),
        ("GET", "/api/v1/report/{pk}", "svc.reports.ReportController.one"),
        ("GET", "/api/v1/report/{report_id}/log", "svc.base.CRUD.list_all"),
        ("DELETE", "/api/v1/report/{report_id}/log/{pk}", "svc.base.CRUD.remove"),
        ("GET", "/api/v1/report/{report_id}/log/{pk}", "svc.base.CRUD.one"),
    ]
    log_one = linked.routes[5]
    assert log_one.params == (
        Param(name="report_id", in_=ParamLocation.PATH, type="int", required=True),
        Param(name="pk", in_=ParamLocation.PATH, type="int", required=True),
    )
    assert (log_one.group, log_one.tags) == ("svc.reports.LogController", ())
    assert linked.routes[0].tags == ("Reports",)
    assert _dg9(diagnostics) == []


def test_query_header_cookie_parameters_body_responses_and_docs() -> None:
    linked, diagnostics = link_sources(
        {
            "api/__init__.py": "",
            "api/schemas.py": """
            import msgspec
            from pydantic import BaseModel

            class ItemIn(msgspec.Struct):
                name: str
                price: float = 0.0

            class ItemOut(BaseModel):
                id: int
                name: str
        """,
            "api/app.py": '''
            from typing import Annotated, Optional
            from litestar import Litestar, get, post
            from litestar.enums import RequestEncodingType
            from litestar.params import Body, Parameter
            from litestar.openapi import ResponseSpec
            from api.schemas import ItemIn, ItemOut

            @get(
                "/items/{item_id:int}",
                summary="Fetch one item",
                tags=["items"],
                deprecated=True,
                responses={404: ResponseSpec(data_container=dict, description="No such item")},
            )
            async def read(
                item_id: int,
                request,
                state,
                verbose: bool,
                page: int = Parameter(ge=1, default=1, description="Page number"),
                q: Optional[str] = None,
                token: Annotated[str, Parameter(header="X-Token")] = "",
                session: str = Parameter(cookie="sid", required=False),
            ) -> ItemOut:
                """Read an item.

                More words.

                Args:
                    verbose: Say more.
                """

            @post("/items", status_code=202, name="make", operation_id="makeItem", include_in_schema=False)
            async def create(data: ItemIn) -> ItemOut: ...

            @post("/upload")
            async def upload(data: Annotated[dict, Body(media_type=RequestEncodingType.MULTI_PART)]) -> None: ...

            app = Litestar([read, create, upload])
        ''',
        }
    )
    read, create, upload = (
        next(r for r in linked.routes if r.handler == f"api.app.{n}") for n in ("read", "create", "upload")
    )
    assert read.params == (
        Param(name="item_id", in_=ParamLocation.PATH, type="int", required=True),
        Param(name="verbose", in_=ParamLocation.QUERY, type="bool", required=True, description="Say more."),
        Param(
            name="page",
            in_=ParamLocation.QUERY,
            type="int",
            required=False,
            default="1",
            description="Page number",
            constraints={"ge": "1"},
        ),
        Param(name="q", in_=ParamLocation.QUERY, type="Optional[str]", required=False, default="None"),
        Param(name="X-Token", in_=ParamLocation.HEADER, type="str", required=False, default="''"),
        Param(name="sid", in_=ParamLocation.COOKIE, type="str", required=False),
    )
    assert (read.summary, read.description, read.tags, read.deprecated) == (
        "Fetch one item",
        "More words.",
        ("items",),
        True,
    )
    assert read.responses == (
        Response(
            status="200",
            type="ItemOut",
            model="api.schemas.ItemOut",
            description="Request fulfilled, document follows",
            resolved_type="api.schemas.ItemOut",
        ),
        Response(status="404", type="dict", description="No such item"),
    )
    assert read.request_body is None
    assert create.request_body == Body(type="ItemIn", model="api.schemas.ItemIn")
    assert (create.name, create.operation_id, create.include_in_schema) == ("make", "makeItem", False)
    assert [(r.status, r.model) for r in create.responses] == [("202", "api.schemas.ItemOut")]
    assert upload.request_body == Body(type="dict", media_type="multipart/form-data")
    assert [(r.status, r.type) for r in upload.responses] == [("201", "")]
    assert _dg9(diagnostics) == []


def test_layered_guards_tags_dependencies_and_schema_visibility() -> None:
    linked, _ = link_sources(
        {
            "app/__init__.py": "",
            "app/deps.py": """
            from litestar.params import Parameter

            def provide_tenant(tenant_id: str = Parameter(header="X-Tenant")) -> str: ...

            def provide_db(tenant: str) -> object: ...

            def is_admin(connection, handler) -> None: ...

            def require(permission: str, view: str):
                def guard(connection, handler) -> None: ...
                return guard
        """,
            "app/main.py": """
            from litestar import Controller, Litestar, Router, get
            from litestar.di import Provide
            from app.deps import is_admin, provide_db, provide_tenant, require

            DEPENDENCIES = {"tenant": Provide(provide_tenant)}

            class Hidden(Controller):
                path = "/hidden"
                include_in_schema = False
                guards = [require("can_read", "Hidden")]
                dependencies = {"db": Provide(provide_db)}

                @get("/")
                async def listing(self, db: object, limit: int = 5) -> list[int]: ...

                @get("/shown", include_in_schema=True, guards=[is_admin])
                async def shown(self, db: object) -> int: ...

            admin = Router("/admin", route_handlers=[Hidden], guards=[is_admin], tags=["admin"])
            app = Litestar(route_handlers=[admin], dependencies=DEPENDENCIES)
        """,
        }
    )
    assert routes_table(linked) == [
        ("GET", "/admin/hidden", "app.main.Hidden.listing"),
        ("GET", "/admin/hidden/shown", "app.main.Hidden.shown"),
    ]
    listing, shown = linked.routes
    assert listing.params == (
        Param(name="X-Tenant", in_=ParamLocation.HEADER, type="str", required=True),
        Param(name="limit", in_=ParamLocation.QUERY, type="int", required=False, default="5"),
    )
    assert listing.auth == (
        Auth(kind="guard", name="is_admin", level="router"),
        Auth(kind="guard", name="require", scopes=("can_read", "Hidden"), level="controller"),
    )
    assert shown.auth[-1] == Auth(kind="guard", name="is_admin", level="route")
    assert (listing.include_in_schema, shown.include_in_schema) == (False, True)
    assert listing.tags == ("admin",)


def test_factories_lists_built_elsewhere_register_and_helpers() -> None:
    linked, diagnostics = link_sources(
        {
            "web/__init__.py": "",
            "web/routes.py": """
            from litestar import Controller, get

            @get("/a")
            def a() -> None: ...

            @get("/b")
            def b() -> None: ...

            @get("/c")
            def c() -> None: ...

            class Users(Controller):
                path = "/users"

                @get()
                def listing(self) -> None: ...

            HANDLERS = [a]
            HANDLERS += [b]
            HANDLERS.append(c)
        """,
            "web/app.py": """
            from litestar import Litestar, Router
            from web.routes import HANDLERS, Users

            def attach(router: Router) -> None:
                router.register(Users)

            api = Router("/api", route_handlers=[*HANDLERS])
            attach(api)

            def create_app() -> Litestar:
                handlers = [api]
                handlers.extend(HANDLERS)
                app = Litestar(route_handlers=handlers)
                app.register(Users)
                return app
        """,
        }
    )
    assert routes_table(linked) == [
        ("GET", "/a", "web.routes.a"),
        ("GET", "/api/a", "web.routes.a"),
        ("GET", "/api/b", "web.routes.b"),
        ("GET", "/api/c", "web.routes.c"),
        ("GET", "/api/users", "web.routes.Users.listing"),
        ("GET", "/b", "web.routes.b"),
        ("GET", "/c", "web.routes.c"),
        ("GET", "/users", "web.routes.Users.listing"),
    ]
    assert {r.app for r in linked.routes} == {"web.app:create_app.<locals>.app"}
    assert _dg9(diagnostics) == []


def test_websockets_litestar_own_handlers_and_what_cannot_be_known() -> None:
    linked, diagnostics = link_sources(
        {
            "rt/__init__.py": "",
            "rt/app.py": """
            import os
            from litestar import Litestar, WebSocket, websocket, get, route
            from litestar.handlers import WebsocketListener
            from litestar.static_files import create_static_files_router
            from plugin_pkg import PluginController

            REGISTRY = [PluginController]  # whether each is enabled is not known

            def handlers_from_config():
                return [h for h in REGISTRY if h.enabled]

            class Echo(WebsocketListener):
                path = "/echo"

                async def on_receive(self, data: str) -> str: ...

            @websocket("/ws")
            async def stream(socket: WebSocket) -> None: ...

            @get(os.environ["ITEMS_PATH"])
            def items() -> None: ...

            @route("/odd")
            def odd() -> None: ...

            @route("/dav", http_method=["GET", "PROPFIND"])
            def dav() -> None: ...

            def plain() -> None: ...

            app = Litestar(
                route_handlers=[
                    Echo,
                    stream,
                    items,
                    odd,
                    dav,
                    plain,
                    PluginController,
                    create_static_files_router(path="/static", directories=["assets"]),
                    *handlers_from_config(),
                ]
            )
        """,
        }
    )
    assert routes_table(linked) == [
        ("GET", "/dav", "rt.app.dav"),
        ("WEBSOCKET", "/echo", "rt.app.Echo.on_receive"),
        ("WEBSOCKET", "/ws", "rt.app.stream"),
        ("GET", "/{?os.environ['ITEMS_PATH']}", "rt.app.items"),
    ]
    assert [(r.responses, r.request_body) for r in linked.routes[1:3]] == [((), None), ((), None)]
    assert _dg9(diagnostics) == [
        ("DG904", "route path \"{?os.environ['ITEMS_PATH']}\" could not be fully evaluated"),
        ("DG904", "route() without http_method=: its routes are not listed"),
        ("DG904", "http_method=['GET', 'PROPFIND'] holds what is not an HTTP method Litestar accepts: left out"),
        ("DG904", "rt.app.plain has no Litestar route decorator docgen can read: its routes are not listed"),
        (
            "DG904",
            "route handler 'plugin_pkg.PluginController' is not in the analysed code: its routes are not listed"
            " (an installed package's are read with extra-paths)",
        ),
        (
            "DG904",
            "route handler '[h for h in REGISTRY if h.enabled]' could not be evaluated statically: "
            "its routes are not listed",
        ),
    ]


def test_paths_built_with_comprehensions_sets_and_copies() -> None:
    linked, diagnostics = link_sources(
        {
            "ui/__init__.py": "",
            "ui/spa.py": """
            from litestar import Controller, Litestar, get

            PAGES: frozenset[str] = frozenset({"dashboard", "chart"})
            VERSIONS = {"v1": "/api/v1", "v2": "/api/v2"}
            PATHS = (
                ["/"]
                + [f"/{page}/{{path:path}}" for page in PAGES]
                + [f"/{page}" for page in set(PAGES)]
            )

            class SPA(Controller):
                path = "/"

                @get(PATHS)
                async def page(self, path: str = "") -> str: ...

                @get([f"{base}/{name}" for base, name in [("/docs", "a"), ("/docs", "b")]])
                async def docs(self) -> str: ...

            app = Litestar([SPA])
        """,
        }
    )
    assert routes_table(linked) == [
        ("GET", "/", "ui.spa.SPA.page"),
        ("GET", "/chart", "ui.spa.SPA.page"),
        ("GET", "/chart/{path}", "ui.spa.SPA.page"),
        ("GET", "/dashboard", "ui.spa.SPA.page"),
        ("GET", "/dashboard/{path}", "ui.spa.SPA.page"),
        ("GET", "/docs/a", "ui.spa.SPA.docs"),
        ("GET", "/docs/b", "ui.spa.SPA.docs"),
    ]
    chart = linked.routes[2]
    assert (chart.raw_path, chart.params) == (
        "/chart/{path:path}",
        (Param(name="path", in_=ParamLocation.PATH, type="str", required=True),),
    )
    assert _dg9(diagnostics) == []


def test_dto_bodies_and_dataclass_attrs_models() -> None:
    linked, diagnostics = link_sources(
        {
            "people/__init__.py": "",
            "people/app.py": """
            from dataclasses import dataclass
            from attrs import define
            from litestar import Litestar, get, post
            from litestar.dto import DataclassDTO, DTOConfig, DTOData

            @dataclass
            class User:
                id: int
                name: str

            @define
            class Pet:
                name: str
                age: int = 0

            class UserIn(DataclassDTO[User]):
                config = DTOConfig(exclude={"id"})

            @post("/users", dto=UserIn, return_dto=None, description="Create a user.")
            async def create_user(data: DTOData[User]) -> User: ...

            @post("/pets")
            async def create_pet(data: Pet) -> list[Pet]: ...

            app = Litestar([create_user, create_pet])
        """,
        }
    )
    pets, users = linked.routes
    assert (users.request_body, users.description) == (
        Body(type="DTOData[User]", model="people.app.User"),
        "Create a user.",
    )
    assert [(r.status, r.type, r.model) for r in users.responses] == [("201", "User", "people.app.User")]
    assert pets.request_body == Body(type="Pet", model="people.app.Pet")
    assert [(r.type, r.model) for r in pets.responses] == [("list[Pet]", "people.app.Pet")]
    assert {m.id: str(m.kind) for m in linked.models} == {"people.app.Pet": "attrs", "people.app.User": "dataclass"}
    assert _dg9(diagnostics) == []

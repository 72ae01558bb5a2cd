"""Starlette routes from inline sources: route lists, mounts, hosts, endpoint classes, factories."""

from __future__ import annotations

from docgen.model import Framework, HttpMethod, Param, ParamLocation
from docgen.testing import handlers_table, link_sources, routes_table

ENDPOINTS = """
from starlette.endpoints import HTTPEndpoint, WebSocketEndpoint


async def homepage(request):
    '''The home page.'''


async def item(request): ...


async def websocket(ws): ...


class Users(HTTPEndpoint):
    '''Users, all of them.'''

    async def get(self, request):
        '''List users.'''

    async def post(self, request): ...

    def helper(self): ...


class Chat(WebSocketEndpoint):
    encoding = "json"

    async def on_receive(self, websocket, data): ...
"""


def _codes(diagnostics: list) -> list[tuple[str, str]]:
    return [(d.code, d.message) for d in diagnostics]


def test_route_list_with_functions_endpoint_classes_and_websockets() -> None:
    linked, diagnostics = link_sources(
        {
            "app/__init__.py": "",
            "app/endpoints.py": ENDPOINTS,
            "app/main.py": """
            from starlette.applications import Starlette
            from starlette.routing import Route, WebSocketRoute
            from app.endpoints import Chat, Users, homepage, item, websocket

            app = Starlette(
                debug=True,
                routes=[
                    Route("/", homepage),
                    Route("/items/{item_id:int}", endpoint=item, methods=["GET", "HEAD", "POST"], name="item"),
                    Route("/users", Users),
                    WebSocketRoute("/ws", websocket),
                    WebSocketRoute("/chat", Chat),
                ],
            )
            """,
        }
    )
    assert _codes(diagnostics) == []
    assert routes_table(linked) == [
        ("GET", "/", "app.endpoints.homepage"),
        ("WEBSOCKET", "/chat", "app.endpoints.Chat"),
        ("GET", "/items/{item_id}", "app.endpoints.item"),
        ("POST", "/items/{item_id}", "app.endpoints.item"),
        ("GET", "/users", "app.endpoints.Users.get"),
        ("POST", "/users", "app.endpoints.Users.post"),
        ("WEBSOCKET", "/ws", "app.endpoints.websocket"),
    ]
    by_id = {r.id: r for r in linked.routes}
    assert {r.app for r in linked.routes} == {"app.main:app"}
    assert {r.framework for r in linked.routes} == {Framework.STARLETTE}
    assert Framework.STARLETTE in linked.frameworks
    assert by_id["GET /items/{item_id}"].params == (
        Param(name="item_id", in_=ParamLocation.PATH, type="int", required=True),
    )
    assert by_id["GET /items/{item_id}"].raw_path == "/items/{item_id:int}"
    assert by_id["GET /items/{item_id}"].name == "item"
    assert (by_id["GET /"].summary, by_id["GET /"].name) == ("The home page.", "homepage")
    assert (by_id["GET /users"].summary, by_id["POST /users"].summary) == ("List users.", "Users, all of them.")
    assert by_id["GET /users"].name == "Users"
    assert by_id["GET /users"].location.line == 17  # the method, not the class
    assert by_id["WEBSOCKET /chat"].location.line == 25


def test_route_lists_in_other_modules_mounted_twice_concatenated_and_nested() -> None:
    linked, diagnostics = link_sources(
        {
            "app/__init__.py": "",
            "app/endpoints.py": ENDPOINTS,
            "app/users.py": """
            from starlette.routing import Route
            from app.endpoints import Users, item

            routes = [Route("/", Users)]
            routes.append(Route("/{user_id}", item, methods=["DELETE"]))
            """,
            "app/routes.py": """
            from starlette.routing import Mount, Route, Router
            from app import users
            from app.endpoints import homepage, item

            PREFIX = "/v1"
            extra = [Route("/about", homepage)]
            admin = Router([Route("/stats", item)])
            routes = [
                Route("/", homepage),
                Mount(PREFIX, routes=[Mount("/users", routes=users.routes), *extra]),
                Mount("/legacy/users", routes=users.routes),
                Mount("/admin", app=admin),
            ] + [Route("/last", item)]
            """,
            "app/main.py": """
            from starlette.applications import Starlette
            from app.routes import routes

            app = Starlette(routes=routes)
            """,
        }
    )
    assert _codes(diagnostics) == []
    assert routes_table(linked) == [
        ("GET", "/", "app.endpoints.homepage"),
        ("GET", "/admin/stats", "app.endpoints.item"),
        ("GET", "/last", "app.endpoints.item"),
        ("GET", "/legacy/users/", "app.endpoints.Users.get"),
        ("POST", "/legacy/users/", "app.endpoints.Users.post"),
        ("DELETE", "/legacy/users/{user_id}", "app.endpoints.item"),
        ("GET", "/v1/about", "app.endpoints.homepage"),
        ("GET", "/v1/users/", "app.endpoints.Users.get"),
        ("POST", "/v1/users/", "app.endpoints.Users.post"),
        ("DELETE", "/v1/users/{user_id}", "app.endpoints.item"),
    ]
    assert {r.app for r in linked.routes} == {"app.main:app"}
    by_id = {r.id: r for r in linked.routes}
    assert by_id["GET /admin/stats"].group == "app.routes:admin"
    assert by_id["GET /v1/about"].group == "app.main:app"


def test_fastapi_app_mounted_in_a_starlette_app_gets_the_mount_path() -> None:
    linked, diagnostics = link_sources(
        {
            "app/__init__.py": "",
            "app/api.py": """
            from fastapi import APIRouter, FastAPI

            router = APIRouter(prefix="/items")

            @router.get("/{item_id}")
            def read_item(item_id: int): ...

            api = FastAPI()
            api.include_router(router)

            @api.post("/orders", status_code=201)
            def create_order(): ...
            """,
            "app/main.py": """
            from starlette.applications import Starlette
            from starlette.routing import Mount, Route
            from app.api import api

            async def health(request): ...

            app = Starlette(routes=[Route("/health", health), Mount("/api", app=api)])
            """,
        }
    )
    assert _codes(diagnostics) == []
    assert routes_table(linked) == [
        ("GET", "/api/items/{item_id}", "app.api.read_item"),
        ("POST", "/api/orders", "app.api.create_order"),
        ("GET", "/health", "app.main.health"),
    ]
    assert {r.app for r in linked.routes} == {"app.main:app"}
    by_id = {r.id: r for r in linked.routes}
    assert by_id["GET /api/items/{item_id}"].params == (
        Param(name="item_id", in_=ParamLocation.PATH, type="int", required=True),
    )
    assert by_id["POST /api/orders"].operation_id == "create_order_orders_post"  # its path inside the mounted app
    assert by_id["GET /health"].framework is Framework.STARLETTE


def test_starlette_router_and_app_mounted_on_a_fastapi_app() -> None:
    linked, diagnostics = link_sources(
        {
            "app/__init__.py": "",
            "app/main.py": """
            from fastapi import FastAPI
            from starlette.applications import Starlette
            from starlette.routing import Route, Router

            async def ping(request): ...

            legacy = Router(routes=[Route("/ping", ping)])
            app = FastAPI()
            app.mount("/legacy", legacy)
            app.mount("/inline", Starlette(routes=[Route("/ping", ping, methods=["post"])]))

            @app.get("/")
            def root(): ...
            """,
        }
    )
    assert _codes(diagnostics) == []
    assert routes_table(linked) == [
        ("GET", "/", "app.main.root"),
        ("POST", "/inline/ping", "app.main.ping"),
        ("GET", "/legacy/ping", "app.main.ping"),
    ]
    assert {r.app for r in linked.routes} == {"app.main:app"}


def test_static_files_mount_gives_no_route_and_an_unknown_app_a_diagnostic() -> None:
    linked, diagnostics = link_sources(
        {
            "app/__init__.py": "",
            "app/main.py": """
            from starlette.applications import Starlette
            from starlette.routing import Mount, Route
            from starlette.staticfiles import StaticFiles
            from somewhere import make_asgi

            async def home(request): ...

            app = Starlette(
                routes=[
                    Route("/", home),
                    Mount("/static", app=StaticFiles(directory="static"), name="static"),
                    Mount("/graphql", make_asgi()),
                ]
            )
            """,
        }
    )
    assert routes_table(linked) == [("GET", "/", "app.main.home")]
    assert _codes(diagnostics) == [
        ("DG904", "mounted app 'make_asgi()' at '/graphql' is not a Starlette or FastAPI app: routes unknown")
    ]
    assert diagnostics[0].location is not None and diagnostics[0].location.line == 12


def test_host_serves_its_app_routes_at_their_own_paths() -> None:
    linked, diagnostics = link_sources(
        {
            "app/__init__.py": "",
            "app/main.py": """
            from starlette.applications import Starlette
            from starlette.routing import Host, Mount, Route, Router

            async def docs(request): ...

            docs_site = Router(routes=[Route("/", docs)])
            app = Starlette(
                routes=[
                    Host("docs.example.org", app=docs_site),
                    Mount("/v1", routes=[Host("{sub}.example.org", docs_site)]),
                ]
            )
            """,
        }
    )
    assert _codes(diagnostics) == []
    assert routes_table(linked) == [("GET", "/", "app.main.docs"), ("GET", "/v1/", "app.main.docs")]
    assert {r.app for r in linked.routes} == {"app.main:app"}


def test_app_factories_with_local_routes_and_parameters() -> None:
    linked, diagnostics = link_sources(
        {
            "app/__init__.py": "",
            "app/factory.py": """
            from starlette.applications import Starlette
            from starlette.routing import Route

            def build(routes, debug=False):
                return Starlette(debug=debug, routes=routes)
            """,
            "app/main.py": """
            from starlette.applications import Starlette
            from starlette.routing import Route, WebSocketRoute
            from app.factory import build

            async def status(request): ...

            def create_app() -> Starlette:
                async def feed(ws): ...

                routes = [Route("/status", status), WebSocketRoute("/feed", feed)]
                application = Starlette(routes=routes)
                return application

            app = create_app()
            admin = build([Route("/admin/status", status, methods=["GET", "PUT"])])
            """,
        }
    )
    assert _codes(diagnostics) == []
    assert routes_table(linked) == [
        ("GET", "/admin/status", "app.main.status"),
        ("PUT", "/admin/status", "app.main.status"),
        ("WEBSOCKET", "/feed", "app.main.create_app.<locals>.feed"),
        ("GET", "/status", "app.main.status"),
    ]
    assert [r.app for r in linked.routes] == ["app.main:admin", "app.main:admin", "app.main:app", "app.main:app"]


def test_endpoint_classes_inherit_methods_and_methods_argument_limits_them() -> None:
    linked, diagnostics = link_sources(
        {
            "app/__init__.py": "",
            "app/main.py": """
            from starlette.applications import Starlette
            from starlette.endpoints import HTTPEndpoint
            from starlette.routing import Route

            class ReadOnly(HTTPEndpoint):
                async def get(self, request): ...
                async def head(self, request): ...

            class Items(ReadOnly):
                async def put(self, request): ...
                async def delete(self, request): ...

            class Empty(HTTPEndpoint):
                pass

            app = Starlette(routes=[
                Route("/items", Items),
                Route("/frozen", Items, methods=["GET", "PUT"]),
                Route("/empty", Empty),
            ])
            """,
        }
    )
    assert routes_table(linked) == [
        ("GET", "/frozen", "app.main.Items.get"),
        ("PUT", "/frozen", "app.main.Items.put"),
        ("DELETE", "/items", "app.main.Items.delete"),
        ("GET", "/items", "app.main.Items.get"),
        ("HEAD", "/items", "app.main.Items.head"),  # written out, not added by Starlette
        ("PUT", "/items", "app.main.Items.put"),
    ]
    assert {(m, p): i for m, p, _, i in handlers_table(linked) if i} == {
        ("GET", "/frozen"): "app.main.ReadOnly.get",
        ("GET", "/items"): "app.main.ReadOnly.get",
        ("HEAD", "/items"): "app.main.ReadOnly.head",
    }
    assert _codes(diagnostics) == [("DG904", "endpoint class 'app.main.Empty' defines no HTTP method")]


def test_route_decorator_on_endpoint_classes_and_hidden_routes() -> None:
    linked, diagnostics = link_sources(
        {
            "app/__init__.py": "",
            "app/main.py": """
            from starlette.applications import Starlette
            from starlette.endpoints import HTTPEndpoint, WebSocketEndpoint
            from starlette.routing import Route

            async def metrics(request): ...

            app = Starlette(routes=[Route("/metrics", metrics, include_in_schema=False)])

            @app.route("/orders", name="orders")
            class Orders(HTTPEndpoint):
                async def post(self, request): ...

            @app.websocket_route("/events")
            class Events(WebSocketEndpoint):
                pass
            """,
        }
    )
    assert _codes(diagnostics) == []
    assert routes_table(linked) == [
        ("WEBSOCKET", "/events", "app.main.Events"),
        ("GET", "/metrics", "app.main.metrics"),
        ("POST", "/orders", "app.main.Orders.post"),
    ]
    by_id = {r.id: r for r in linked.routes}
    assert by_id["GET /metrics"].include_in_schema is False
    assert by_id["POST /orders"].include_in_schema is True
    assert by_id["POST /orders"].name == "orders"
    assert by_id["WEBSOCKET /events"].method is HttpMethod.WEBSOCKET


def test_add_route_with_a_function_endpoint() -> None:
    linked, diagnostics = link_sources(
        {
            "app/__init__.py": "",
            "app/main.py": """
            from starlette.applications import Starlette

            async def home(request): ...

            app = Starlette()
            app.add_route("/", home, methods=["GET", "POST"])
            """,
        }
    )
    assert _codes(diagnostics) == []
    assert routes_table(linked) == [("GET", "/", "app.main.home"), ("POST", "/", "app.main.home")]


def test_add_route_with_endpoint_classes() -> None:
    linked, diagnostics = link_sources(
        {
            "app/__init__.py": "",
            "app/endpoints.py": ENDPOINTS,
            "app/main.py": """
            from starlette.applications import Starlette
            from app.endpoints import Chat, Users

            app = Starlette()
            app.add_route("/users", Users)
            app.add_websocket_route("/chat", Chat)
            """,
        }
    )
    assert _codes(diagnostics) == []
    assert routes_table(linked) == [
        ("WEBSOCKET", "/chat", "app.endpoints.Chat"),
        ("GET", "/users", "app.endpoints.Users.get"),
        ("POST", "/users", "app.endpoints.Users.post"),
    ]


def test_unknown_pieces_stay_visible_with_diagnostics() -> None:
    linked, diagnostics = link_sources(
        {
            "app/__init__.py": "",
            "app/main.py": """
            import os
            from starlette.applications import Starlette
            from starlette.routing import Mount, Route
            from plugins import plugin_routes, handler

            async def home(request): ...

            app = Starlette(routes=[
                Route(os.environ["BASE"] + "/home", home),
                Route("/ext", handler),
                Route("/missing", not_defined),
                Mount("/plugins", routes=plugin_routes),
            ])
            """,
        }
    )
    assert routes_table(linked) == [
        ("GET", "/ext", None),
        ("GET", "/missing", None),
        ("GET", "{?os.environ['BASE']}/home", "app.main.home"),
    ]
    assert _codes(diagnostics) == [
        ("DG904", "route path \"{?os.environ['BASE']}/home\" could not be fully evaluated"),
        ("DG904", "endpoint 'not_defined' could not be resolved to a function or class"),
        ("DG904", "route list 'plugin_routes' could not be evaluated"),
    ]
    assert [d.location.line for d in diagnostics if d.location] == [9, 11, 12]


def test_a_lambda_endpoint_is_named_as_python_names_it() -> None:
    linked, diagnostics = link_sources(
        {
            "app/__init__.py": "",
            "app/main.py": """
            from starlette.applications import Starlette
            from starlette.responses import FileResponse
            from starlette.routing import Route

            def static_file(mount_path, full_path):
                return Route(mount_path, lambda _: FileResponse(path=full_path))

            app = Starlette(
                routes=[
                    Route("/health", lambda request: None, methods=["GET", "HEAD"]),
                    static_file("/favicon.png", "/static/favicon.png"),
                ]
            )
        """,
        }
    )
    assert _codes(diagnostics) == []
    assert routes_table(linked) == [
        ("GET", "/favicon.png", "app.main.static_file.<locals>.<lambda>"),
        ("GET", "/health", "app.main.<lambda>"),  # HEAD comes with GET, as elsewhere
    ]

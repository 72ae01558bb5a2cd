"""Static evaluation through objects: what methods store on ``self``, what a method call binds, loops that unpack."""

from __future__ import annotations

from docgen.testing import link_sources, routes_table


def test_an_attribute_stored_on_self_in_init_is_read_with_the_constructor_arguments() -> None:
    linked, _ = link_sources(
        {
            "api.py": """
            from fastapi import APIRouter, FastAPI

            class Service:
                def __init__(self, name, version="v1"):
                    self.prefix = "/" + name
                    self.router = APIRouter(prefix=self.prefix + "/" + version)

            orders = Service("orders")
            users = Service("users", version="v2")

            @orders.router.get("/list")
            def list_orders(): ...

            @users.router.get("/list")
            def list_users(): ...

            app = FastAPI()
            app.include_router(orders.router)
            app.include_router(users.router)
        """
        }
    )
    assert routes_table(linked) == [
        ("GET", "/orders/v1/list", "api.list_orders"),
        ("GET", "/users/v2/list", "api.list_users"),
    ]
    assert [r.group for r in linked.routes] == ["api:orders.router", "api:users.router"]


def test_a_base_init_reads_what_the_subclass_init_passes_up_not_the_creating_call() -> None:
    linked, _ = link_sources(
        {
            "server.py": """
            from starlette.applications import Starlette
            from starlette.routing import Mount, Route

            class Server:
                def __init__(self, app_path_prefix: str = ""):
                    self._app_path_prefix = app_path_prefix

                def build_routes(self):
                    return []

                def create_app(self):
                    return Starlette(routes=self.build_routes())

            class Web(Server):
                def __init__(self, context, app_path_prefix: str = "", poll=None):
                    self._context = context
                    super().__init__(app_path_prefix)

                def info(self, request): ...

                def build_routes(self):
                    routes = [Route("/info", self.info)]
                    if self._app_path_prefix:
                        return [Mount(self._app_path_prefix, routes=routes)]
                    return routes

            class Legacy(Web):
                def __init__(self, context):
                    Web.__init__(self, context, "/old")

            def create(context, path_prefix: str = ""):
                return Web(context, path_prefix, None).create_app()

            app = Web("ctx", "/dagster").create_app()
            legacy = Legacy("ctx").create_app()
        """,
        }
    )
    # the creating call's first argument is the context, not the prefix the base stores
    assert routes_table(linked) == [
        ("GET", "/dagster/info", "server.Web.info"),
        ("GET", "/info", "server.Web.info"),
        ("GET", "/old/info", "server.Web.info"),
    ]


def test_a_method_called_through_an_object_binds_it_as_self_and_the_arguments_after_it() -> None:
    linked, _ = link_sources(
        {
            "api.py": """
            from fastapi import APIRouter, FastAPI

            class Paths:
                root = "/api"

                def join(self, leaf, version="v1"):
                    return self.root + "/" + version + leaf

                @staticmethod
                def plain(leaf):
                    return "/static" + leaf

            paths = Paths()
            router = APIRouter(prefix=paths.join("/items", version="v2"))
            other = APIRouter(prefix=Paths.plain("/files"))

            @router.get("/")
            @other.get("/")
            def handler(): ...

            app = FastAPI()
            app.include_router(router)
            app.include_router(other)
        """
        }
    )
    assert routes_table(linked) == [("GET", "/api/v2/items/", "api.handler"), ("GET", "/static/files/", "api.handler")]


def test_a_loop_unpacking_pairs_binds_each_name() -> None:
    linked, _ = link_sources(
        {
            "api.py": """
            from fastapi import FastAPI

            def a(): ...
            def b(): ...

            app = FastAPI()
            for path, endpoint in (("/a", a), ("/b", b)):
                app.add_api_route(path, endpoint)
        """
        }
    )
    assert routes_table(linked) == [("GET", "/a", "api.a"), ("GET", "/b", "api.b")]

"""django-ninja routes from inline sources: APIs, routers, prefixes from the urlconf, params, auth, tags."""

from __future__ import annotations

from docgen.model import Auth, Body, Framework, Param, ParamLocation, Response
from docgen.model.security import SecurityScheme
from docgen.testing import link_sources, routes_table


def test_api_routers_and_prefix_from_the_urlconf() -> None:
    linked, diagnostics = link_sources(
        {
            "proj/__init__.py": "",
            "proj/settings.py": 'ROOT_URLCONF = "proj.urls"\n',
            "proj/urls.py": """
            from django.urls import path
            from proj.api import api

            urlpatterns = [path("api/v1/", api.urls)]
        """,
            "proj/api.py": '''
            from ninja import NinjaAPI
            from ninja.security import HttpBearer

            class Bearer(HttpBearer):
                def authenticate(self, request, token): ...

            api = NinjaAPI(auth=Bearer())
            api.add_router("/events/", "events.api.router", tags=["Events"])

            @api.get("/health", auth=None)
            def health(request):
                """Is it up?"""
        ''',
            "events/__init__.py": "",
            "events/schemas.py": """
            from ninja import Schema

            class EventIn(Schema):
                title: str
        """,
            "events/api.py": '''
            from ninja import Router
            from events.schemas import EventIn

            router = Router()

            @router.get("/")
            def list_events(request, limit: int = 10): ...

            @router.post("/")
            def create_event(request, payload: EventIn): ...

            @router.api_operation(["PUT", "PATCH"], "/{int:event_id}")
            def change_event(request, event_id: int, payload: EventIn):
                """Change an event.

                Args:
                    event_id: Which event.
                """
        ''',
        }
    )
    assert diagnostics == []
    assert routes_table(linked) == [
        ("GET", "/api/v1/events/", "events.api.list_events"),
        ("POST", "/api/v1/events/", "events.api.create_event"),
        ("PATCH", "/api/v1/events/{event_id}", "events.api.change_event"),
        ("PUT", "/api/v1/events/{event_id}", "events.api.change_event"),
        ("GET", "/api/v1/health", "proj.api.health"),
    ]
    by_key = {(str(r.method), r.path): r for r in linked.routes}
    change = by_key["PUT", "/api/v1/events/{event_id}"]
    assert change.params == (
        Param(
            name="event_id", in_=ParamLocation.PATH, type="int", required=True, default=None, description="Which event."
        ),
    )
    assert change.request_body == Body(type="EventIn", model="events.schemas.EventIn")  # a ninja Schema is a model
    assert change.tags == ("Events",)
    bearer = SecurityScheme(name="Bearer", type="http", scheme="bearer")  # ninja names a scheme after its class
    assert change.auth == (Auth(kind="http_bearer", name="Bearer", scopes=(), level="app", scheme=bearer),)
    assert change.raw_path == "/api/v1/events/{int:event_id}"
    assert change.app == "proj.urls:urlpatterns"
    assert change.framework is Framework.NINJA
    assert by_key["GET", "/api/v1/events/"].params == (
        Param(name="limit", in_=ParamLocation.QUERY, type="int", required=False, default="10"),
    )
    assert by_key["GET", "/api/v1/health"].auth == ()
    assert by_key["GET", "/api/v1/health"].summary == "Is it up?"
    assert Framework.NINJA in linked.frameworks


def test_an_api_never_included_is_listed_on_its_own() -> None:
    linked, _ = link_sources(
        {
            "solo/__init__.py": "",
            "solo/api.py": """
            from ninja import NinjaAPI, Router

            api = NinjaAPI()
            items = Router(tags=["items"])
            api.add_router("items", items)

            @items.delete("/{item_id}")
            def remove(request, item_id): ...
        """,
        }
    )
    assert routes_table(linked) == [("DELETE", "/items/{item_id}", "solo.api.remove")]
    assert linked.routes[0].app is None
    assert linked.routes[0].tags == ("items",)
    assert linked.routes[0].params == (Param(name="item_id", in_=ParamLocation.PATH, type="str"),)


def test_a_registered_converter_with_a_hyphen_in_its_name_leaves_the_parameter_name() -> None:
    linked, _ = link_sources(
        {
            "certs/__init__.py": "",
            "certs/api.py": """
            from ninja import NinjaAPI

            api = NinjaAPI()

            @api.get("/ca/{ca-serial:serial}/certs/{ca-serial:cert_serial}/")
            def view_certificate(request, serial: str, cert_serial: str): ...
        """,
        }
    )
    assert routes_table(linked) == [("GET", "/ca/{serial}/certs/{cert_serial}/", "certs.api.view_certificate")]
    assert [(p.name, p.type) for p in linked.routes[0].params] == [("serial", "str"), ("cert_serial", "str")]


def test_responses_security_schemes_operation_ids_and_query_schemas_as_ninja_documents_them() -> None:
    linked, _ = link_sources(
        {
            "shop/__init__.py": "",
            "shop/api.py": """
            from ninja import NinjaAPI, Query, Schema
            from ninja.security import APIKeyHeader, HttpBasicAuth

            class Basic(HttpBasicAuth):
                def authenticate(self, request, username, password): ...

            class Key(APIKeyHeader):
                param_name = "X-Key"

                def authenticate(self, request, key): ...

            class Item(Schema):
                name: str

            class Error(Schema):
                detail: str

            class Filters(Schema):
                expired: bool = False
                profile: str | None = None

            api = NinjaAPI(auth=Basic())

            @api.get("/items/", response=list[Item])
            def list_items(request, filters: Filters = Query(...)): ...

            @api.get("/items/{int:item_id}", response={200: Item, 404: Error}, auth=Key(), operation_id="one")
            def get_item(request, item_id: int): ...

            @api.delete("/items/{int:item_id}")
            def delete_item(request, item_id: int, reason: Query[Filters]): ...
        """,
        }
    )
    by_key = {(str(r.method), r.path): r for r in linked.routes}
    listed, one = by_key["GET", "/items/"], by_key["GET", "/items/{item_id}"]
    deleted = by_key["DELETE", "/items/{item_id}"]
    listed_type = "list[shop.api.Item]"
    assert listed.responses == (
        Response(status="200", type="list[Item]", model="shop.api.Item", description="OK", resolved_type=listed_type),
    )
    assert one.responses == (
        Response(status="200", type="Item", model="shop.api.Item", description="OK", resolved_type="shop.api.Item"),
        Response(
            status="404", type="Error", model="shop.api.Error", description="Not Found", resolved_type="shop.api.Error"
        ),
    )
    assert deleted.responses == (Response(status="200", description="OK"),)
    assert [a.scheme for a in listed.auth] == [SecurityScheme(name="Basic", type="http", scheme="basic")]
    assert [a.scheme for a in one.auth] == [
        SecurityScheme(name="Key", type="apiKey", location="header", parameter="X-Key")
    ]
    assert (listed.operation_id, one.operation_id) == ("shop_api_list_items", "one")
    query = [(p.name, p.in_, p.required, p.default) for p in listed.params]
    assert query == [("expired", ParamLocation.QUERY, False, "False"), ("profile", ParamLocation.QUERY, False, "None")]
    assert [(p.name, p.in_) for p in deleted.params] == [
        ("item_id", ParamLocation.PATH),
        ("expired", ParamLocation.QUERY),
        ("profile", ParamLocation.QUERY),
    ]
    assert listed.request_body is None and deleted.request_body is None

"""django-ninja routes from inline sources: APIs, routers, prefixes from the urlconf, params, auth, tags."""

from __future__ import annotations

from docgen.model import Auth, Body, Framework, Param, ParamLocation
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
    assert change.auth == (Auth(kind="http_bearer", name="Bearer", scopes=(), level="app"),)
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

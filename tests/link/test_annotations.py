"""Annotation names resolved in the module that wrote them: classes by id, aliases expanded."""

from __future__ import annotations

from docgen.testing import link_sources

SOURCES = {
    "svc/__init__.py": "",
    "svc/common.py": """
    from enum import Enum

    class ConsoleType(str, Enum):
        telnet = "telnet"
    """,
    "svc/kinds.py": """
    from datetime import datetime as Stamp
    from enum import Enum
    from typing import NewType

    Moment = Stamp
    Count = NewType("Count", int)

    class Clock(Stamp):  # a datetime subclass: validated as a datetime
        pass

    class ConsoleType(str, Enum):
        none = "none"
    """,
    "svc/nodes.py": """
    from typing import Annotated, Literal, Optional
    from fastapi import FastAPI
    from pydantic import BaseModel, Field, conint
    from svc import kinds
    from svc.common import ConsoleType

    NonNegative = Annotated[int, Field(ge=0)]
    Loop = Optional["Loop"]
    Port = conint(gt=0, le=65535)

    class Node(BaseModel):
        console: Optional[ConsoleType] = None
        count: Optional[NonNegative] = None
        when: "kinds.Moment"
        total: kinds.Count
        at: kinds.Clock
        flags: list[str]
        loop: Loop = None
        kind: Literal["a", "b"] = "a"
        port: Optional[Port] = None

    app = FastAPI()

    @app.get("/nodes")
    def nodes(console: ConsoleType, limit: NonNegative = 10): ...
    """,
}


def test_field_and_parameter_types_have_their_names_resolved_where_written() -> None:
    linked, _ = link_sources(SOURCES)
    node = next(m for m in linked.models if m.id == "svc.nodes.Node")
    assert [(f.name, f.type, f.resolved_type) for f in node.fields] == [
        ("console", "Optional[ConsoleType]", "Optional[svc.common.ConsoleType]"),
        ("count", "Optional[NonNegative]", "Optional[Annotated[int, Field(ge=0)]]"),
        ("when", "'kinds.Moment'", "datetime.datetime"),
        ("total", "kinds.Count", "int"),
        ("at", "kinds.Clock", "datetime.datetime"),
        ("flags", "list[str]", None),
        ("loop", "Loop", "Optional[Loop]"),
        ("kind", "Literal['a', 'b']", None),
        ("port", "Optional[Port]", "Optional[conint(gt=0, le=65535)]"),
    ]
    (route,) = linked.routes
    assert [(p.name, p.type, p.resolved_type) for p in route.params] == [
        ("console", "ConsoleType", "svc.common.ConsoleType"),
        ("limit", "int", None),  # FastAPI's reader expands Annotated aliases itself
    ]


def test_import_string_and_import_module_of_known_names_are_what_they_name() -> None:
    linked, diagnostics = link_sources(
        {
            "site/__init__.py": "",
            "site/settings.py": 'ROUTES = "site.api.urls"\nVIEW = "site.api.views.Ping"\n',
            "site/api/__init__.py": "",
            "site/api/views.py": """
            from django.views import View

            class Ping(View):
                def get(self, request): ...
            """,
            "site/api/urls.py": """
            from django.urls import path
            from django.utils.module_loading import import_string
            from site.settings import VIEW

            urlpatterns = [path("ping/", import_string(VIEW).as_view())]
            """,
            "site/urls.py": """
            from importlib import import_module
            from django.urls import include, path
            from site.settings import ROUTES

            urlpatterns = [path("api/", include(import_module(ROUTES)))]
            """,
        }
    )
    assert [(r.method.value, r.path, r.handler) for r in linked.routes] == [
        ("GET", "/api/ping/", "site.api.views.Ping.get")
    ]
    assert [d.code for d in diagnostics if d.code.startswith("DG9")] == []

"""Response schemas in serialization mode: pydantic 2.0 to 2.3 require every field a response carries."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from openapi_spec_validator import validate

from docgen.render.openapi import openapi_document
from docgen.render.openapi_output import serialization_defaults_required
from docgen.testing import link_sources
from tests.render import catalog_factory as cf

APP = """
from fastapi import FastAPI
from pydantic import BaseModel


class Theme(BaseModel):
    name: str
    dark: bool = False


class Tenant(BaseModel):
    slug: str
    theme: Theme


class Plain(BaseModel):
    slug: str


class Page(BaseModel):
    tenant: Tenant
    plain: Plain


app = FastAPI()


@app.post("/tenants", response_model=Tenant)
def create(tenant: Tenant, plain: Plain): ...


@app.get("/page", response_model=Page)
def page(): ...
"""


def _document(ceiling: str | None, linked: Any = None) -> dict[str, Any]:
    linked = linked or link_sources({"app.py": APP})[0]
    base = cf.catalog()
    project = replace(base.project, pydantic=2, pydantic_ceiling=ceiling)
    doc = openapi_document(
        replace(base, project=project, routes=tuple(linked.routes), models=linked.models), cf.config()
    )
    validate(doc)
    return doc


def test_pydantic_2_3_writes_a_model_used_both_ways_once_per_mode() -> None:
    """FastAPI 0.103.1 / pydantic 2.3.0 for the same source."""
    doc = _document("2.3")
    schemas = doc["components"]["schemas"]
    assert {
        k: v.get("required") for k, v in schemas.items() if k not in ("HTTPValidationError", "ValidationError")
    } == {
        "Body_create_tenants_post": ["tenant", "plain"],
        "Page": ["tenant", "plain"],
        "Plain": ["slug"],
        "Tenant-Input": ["slug", "theme"],
        "Tenant-Output": ["slug", "theme"],
        "Theme-Input": ["name"],
        "Theme-Output": ["name", "dark"],
    }
    assert schemas["Tenant-Input"]["properties"]["theme"] == {"$ref": "#/components/schemas/Theme-Input"}
    assert schemas["Tenant-Output"]["properties"]["theme"] == {"$ref": "#/components/schemas/Theme-Output"}
    assert schemas["Page"]["properties"]["tenant"] == {"$ref": "#/components/schemas/Tenant-Output"}
    create = doc["paths"]["/tenants"]["post"]
    body = create["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/Body_create_tenants_post"}
    assert schemas["Body_create_tenants_post"]["properties"]["tenant"] == {"$ref": "#/components/schemas/Tenant-Input"}
    assert create["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Tenant-Output"
    }


def test_from_pydantic_2_4_one_schema_serves_both_modes() -> None:
    doc = _document(None)
    schemas = doc["components"]["schemas"]
    assert {"Tenant", "Theme", "Page", "Plain"} <= set(schemas)
    assert schemas["Theme"]["required"] == ["name"]


@pytest.mark.parametrize(
    ("pydantic", "ceiling", "required"),
    [(2, "2.3", True), (2, "2.0", True), (2, "2.4", False), (2, "2.11", False), (2, None, False), (1, "1.10", False)],
)
def test_which_pydantic_releases_require_defaults_in_responses(
    pydantic: int, ceiling: str | None, required: bool
) -> None:
    assert serialization_defaults_required(pydantic, ceiling) is required


SETTINGS = """
from datetime import timedelta
from fastapi import FastAPI
from pydantic import BaseModel, ConfigDict, Field


class Base(BaseModel):
    model_config = ConfigDict(ser_json_timedelta="float", json_schema_serialization_defaults_required=True)


class Trigger(Base):
    within: timedelta
    retries: int = 0
    secret: str = Field("", exclude=True)
    name: str


app = FastAPI()


@app.put("/triggers", response_model=Trigger)
def put(trigger: Trigger): ...
"""


def test_a_models_serialization_settings_shape_its_response_schema() -> None:
    """FastAPI 0.150 / pydantic 2.14 for the same source."""
    linked, _ = link_sources({"app.py": SETTINGS})
    trigger = next(m for m in linked.models if m.name == "Trigger")
    assert (trigger.serialization.defaults_required, trigger.serialization.timedelta) == (True, "float")
    assert trigger.fields[2].constraints == {"exclude": "True"}
    doc = _document(None, linked)
    schemas = doc["components"]["schemas"]
    assert "Trigger" not in schemas
    plain = {k: {n: v for n, v in p.items() if n != "title"} for k, p in schemas["Trigger-Input"]["properties"].items()}
    assert (plain, schemas["Trigger-Input"]["required"]) == (
        {
            "within": {"type": "string", "format": "duration"},
            "retries": {"type": "integer", "default": 0},
            "secret": {"type": "string", "default": ""},
            "name": {"type": "string"},
        },
        ["within", "name"],
    )
    sent = {k: {n: v for n, v in p.items() if n != "title"} for k, p in schemas["Trigger-Output"]["properties"].items()}
    assert sent == {
        "within": {"type": "number"},
        "retries": {"type": "integer", "default": 0},
        "name": {"type": "string"},
    }
    assert schemas["Trigger-Output"]["required"] == ["within", "retries", "name"]

"""FastAPI's document for responses declared through calls, pydantic 1 generics, dict bodies and response classes.

The expected values are what FastAPI generates for the same source (``app.openapi()``).
"""

from __future__ import annotations

from dataclasses import replace

from openapi_spec_validator import validate

from docgen.render.openapi import openapi_document
from docgen.testing import link_sources
from tests.render import catalog_factory as cf

BUILT_COMMON = """
from pydantic import BaseModel


class Denied(BaseModel):
    msg: str


def denied(text: str):
    return {"description": text, "model": Denied}


def api_responses():
    return {400: {"description": "Bad request"}, 403: denied("Access denied")}
"""
BUILT_APP = """
from fastapi import APIRouter, FastAPI

from common import api_responses

app = FastAPI()
router = APIRouter(responses=api_responses())


@router.get("/nodes")
def nodes(limit: int): ...


app.include_router(router)
"""


def test_responses_a_function_returns_are_read_with_the_dicts_its_calls_return() -> None:
    """FastAPI 0.165's ``openapi()`` for the same two modules: 400 and 403 from the router, 403 with its model."""
    linked, _ = link_sources({"common.py": BUILT_COMMON, "app.py": BUILT_APP})
    assert [(r.status, r.description, r.model) for r in linked.routes[0].responses] == [
        ("200", "Successful Response", None),
        ("400", "Bad request", None),
        ("403", "Access denied", "common.Denied"),
        ("422", "Validation Error", None),
    ]


V1_GENERICS = """
from typing import Generic, TypeVar
from fastapi import FastAPI
from pydantic import BaseModel
from pydantic.generics import GenericModel

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    data: list[T]


class Sheet(GenericModel, Generic[T]):
    rows: list[T]


class Book(Sheet[T], Generic[T]):
    title: str


class Item(BaseModel):
    name: str


app = FastAPI()


@app.get("/page", response_model=Page[Item])
def page(): ...


@app.get("/sheet", response_model=Sheet[Item])
def sheet(): ...


@app.get("/book", response_model=Book[Item])
def book(): ...
"""


def test_pydantic_1_makes_a_generic_model_of_a_generic_model_class_only() -> None:
    # FastAPI 0.116 / pydantic 1.10 for the same source: Page[Item] is Page (its data any items),
    # Sheet[Item] and Book[Item] their own components.
    linked, _ = link_sources({"app.py": V1_GENERICS})
    base = cf.catalog()
    catalog = replace(
        base, project=replace(base.project, pydantic=1), routes=tuple(linked.routes), models=linked.models
    )
    doc = openapi_document(catalog, cf.config())
    validate(doc)
    refs = {
        p: item["get"]["responses"]["200"]["content"]["application/json"]["schema"] for p, item in doc["paths"].items()
    }
    assert refs == {
        "/book": {"$ref": "#/components/schemas/Book_Item_"},
        "/page": {"$ref": "#/components/schemas/Page"},
        "/sheet": {"$ref": "#/components/schemas/Sheet_Item_"},
    }


def test_a_dict_parameter_is_the_request_body() -> None:
    # FastAPI 0.116 for the same source: /settings has a JSON object body and no query parameter;
    # /search keeps q and tags in the query.
    linked, _ = link_sources(
        {
            "app.py": """
            from typing import Optional
            from fastapi import FastAPI, Query

            app = FastAPI()

            @app.patch("/settings")
            def settings(data: dict): ...

            @app.put("/labels")
            def labels(data: Optional[dict[str, int]] = None): ...

            @app.get("/search")
            def search(q: str, tags: list[str] = Query([])): ...
            """
        }
    )
    doc = openapi_document(replace(cf.catalog(), routes=tuple(linked.routes), models=()), cf.config())
    validate(doc)
    settings = doc["paths"]["/settings"]["patch"]
    assert "parameters" not in settings
    assert settings["requestBody"] == {
        "required": True,
        "content": {"application/json": {"schema": {"type": "object"}}},
    }
    labels = doc["paths"]["/labels"]["put"]
    assert ("parameters" in labels, labels["requestBody"]["required"]) == (False, False)
    assert [p["name"] for p in doc["paths"]["/search"]["get"]["parameters"]] == ["q", "tags"]


def test_a_response_class_as_the_return_annotation_is_no_response_model() -> None:
    # FastAPI 0.116 for the same source: /backup answers a file (no content schema), /report any JSON.
    linked, _ = link_sources(
        {
            "app.py": """
            from fastapi import FastAPI
            from fastapi.responses import FileResponse

            app = FastAPI()

            @app.get("/backup", response_class=FileResponse)
            def backup() -> FileResponse: ...

            @app.get("/report")
            def report() -> FileResponse: ...
            """
        }
    )
    doc = openapi_document(replace(cf.catalog(), routes=tuple(linked.routes), models=()), cf.config())
    validate(doc)
    ok = {path: item["get"]["responses"]["200"] for path, item in doc["paths"].items()}
    assert ok == {
        "/backup": {"description": "Successful Response"},
        "/report": {"description": "Successful Response", "content": {"application/json": {"schema": {}}}},
    }


def test_a_subclass_of_a_parametrised_generic_model_resolves_its_type_argument_where_it_names_it() -> None:
    # FastAPI 0.115 / pydantic 2.11: LabelsPage.data is an array of the DatasetLabel of svc.labels,
    # not of the other DatasetLabel, and not unknown in svc.utils, which defines the generic.
    linked, _ = link_sources(
        {
            "svc/__init__.py": "",
            "svc/utils.py": """
            from typing import Generic, Optional, TypeVar
            from pydantic import BaseModel

            DataType = TypeVar("DataType")

            class Page(BaseModel, Generic[DataType]):
                data: list[DataType]
                next_cursor: Optional[str]
            """,
            "svc/other.py": """
            from pydantic import BaseModel

            class DatasetLabel(BaseModel):
                id: int
            """,
            "svc/labels.py": """
            from fastapi import FastAPI
            from pydantic import BaseModel
            from .utils import Page

            class DatasetLabel(BaseModel):
                name: str

            class LabelsPage(Page[DatasetLabel]):
                pass

            app = FastAPI()

            @app.get("/labels")
            def labels() -> LabelsPage: ...
            """,
        }
    )
    (page,) = (m for m in linked.models if m.name == "LabelsPage")
    assert [(f.name, f.type, f.resolved_type) for f in page.fields] == [
        ("data", "list[DatasetLabel]", "list[svc.labels.DatasetLabel]"),
        ("next_cursor", "Optional[str]", None),
    ]
    doc = openapi_document(replace(cf.catalog(), routes=tuple(linked.routes), models=linked.models), cf.config())
    data = doc["components"]["schemas"]["LabelsPage"]["properties"]["data"]
    assert data == {"type": "array", "items": {"$ref": "#/components/schemas/DatasetLabel"}}
    assert list(doc["components"]["schemas"]["DatasetLabel"]["properties"]) == ["name"]

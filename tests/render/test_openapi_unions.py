"""Discriminated unions: ``oneOf`` with a ``discriminator``, as pydantic writes them."""

from __future__ import annotations

from dataclasses import replace

from openapi_spec_validator import validate

from docgen.render.openapi import openapi_document
from docgen.render.type_schema import TypeMapper
from docgen.testing import link_sources
from tests.render import catalog_factory as cf

REFS = {"Cat": "Cat", "Dog": "Dog"}
CAT, DOG = {"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}


def test_an_annotated_union_with_a_discriminator_is_one_of_its_members() -> None:
    mapper = TypeMapper(REFS)
    assert mapper.schema('Annotated[Union[Cat, Dog], Field(discriminator="kind")]') == {
        "oneOf": [CAT, DOG],
        "discriminator": {"propertyName": "kind"},
    }
    assert mapper.schema("Annotated[Cat | Dog | None, Discriminator('kind')]") == {
        "anyOf": [{"oneOf": [CAT, DOG], "discriminator": {"propertyName": "kind"}}, {"type": "null"}]
    }
    assert mapper.schema('Annotated[Cat | Dog, Field(description="pet")]') == {"anyOf": [CAT, DOG]}


def test_a_field_with_a_discriminator_is_one_of_its_members() -> None:
    # pydantic 2.12 for the same model: pet is {"anyOf": [{"oneOf": [Cat, Dog], "discriminator": ...}, null]}.
    linked, _ = link_sources(
        {
            "app.py": """
            from typing import Literal, Optional, Union
            from pydantic import BaseModel, Field

            class Cat(BaseModel):
                kind: Literal["cat"]

            class Dog(BaseModel):
                kind: Literal["dog"]

            class Owner(BaseModel):
                pet: Optional[Union[Cat, Dog]] = Field(None, discriminator="kind")
                pets: list[Union[Cat, Dog]]
            """
        }
    )
    base = cf.catalog()
    project = replace(base.project, pydantic=2)
    doc = openapi_document(replace(base, project=project, routes=(), models=linked.models), cf.config())
    validate(doc)
    properties = doc["components"]["schemas"]["Owner"]["properties"]
    assert {k: {n: v for n, v in p.items() if n != "title"} for k, p in properties.items()} == {
        "pet": {"anyOf": [{"oneOf": [CAT, DOG], "discriminator": {"propertyName": "kind"}}, {"type": "null"}]},
        "pets": {"type": "array", "items": {"anyOf": [CAT, DOG]}},
    }


def _union_app(count: int) -> str:
    classes = "".join(f"\nclass BackendConfigNumber{i}(BaseModel):\n    type: Literal['b{i}']\n" for i in range(count))
    members = ", ".join(f"BackendConfigNumber{i}" for i in range(count))
    return f"""
from typing import Literal, Union
from fastapi import FastAPI
from pydantic import BaseModel
{classes}

AnyBackend = Union[{members}]


class Project(BaseModel):
    config: AnyBackend


class Listing(BaseModel):
    items: list[Project]


app = FastAPI()


@app.post("/backends", response_model=AnyBackend)
def create(body: AnyBackend): ...


@app.get("/projects", response_model=Union[Listing, list[Project]])
def projects(): ...
"""


def test_a_union_body_or_response_is_the_union_however_long_its_alias() -> None:
    # FastAPI 0.165 for the same source: the body, the response and Project.config are anyOf the
    # twenty models (their alias is over 500 characters long), /projects anyOf Listing and Project[].
    linked, _ = link_sources({"app.py": _union_app(20)})
    doc = openapi_document(replace(cf.catalog(), routes=tuple(linked.routes), models=linked.models), cf.config())
    validate(doc)
    members = [{"$ref": f"#/components/schemas/BackendConfigNumber{i}"} for i in range(20)]
    create = doc["paths"]["/backends"]["post"]
    assert create["requestBody"]["content"]["application/json"]["schema"] == {"anyOf": members}
    assert create["responses"]["200"]["content"]["application/json"]["schema"] == {"anyOf": members}
    config = doc["components"]["schemas"]["Project"]["properties"]["config"]
    assert {k: v for k, v in config.items() if k != "title"} == {"anyOf": members}
    listing = doc["paths"]["/projects"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert listing == {
        "anyOf": [
            {"$ref": "#/components/schemas/Listing"},
            {"type": "array", "items": {"$ref": "#/components/schemas/Project"}},
        ]
    }

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

"""A pydantic model's ``alias_generator`` names its fields; a root model's schema is its root's."""

from __future__ import annotations

from dataclasses import replace

from docgen.extract.models.pydantic_aliases import to_camel, to_pascal, to_snake
from docgen.render.openapi import openapi_document
from docgen.testing import link_sources
from tests.render import catalog_factory as cf


def test_the_generators_give_what_pydantic_2_gives() -> None:
    # pydantic 2.14.4's pydantic.alias_generators for the same names
    names = ["first_name", "last_seen_at", "already", "http_2_xx", "_private", "user_id2", "v2_api"]
    assert [to_camel(n) for n in names] == [
        "firstName",
        "lastSeenAt",
        "already",
        "http2Xx",
        "_private",
        "userId2",
        "v2Api",
    ]
    assert [to_pascal(n) for n in names] == [
        "FirstName", "LastSeenAt", "Already", "Http2Xx", "_Private", "UserId2", "V2Api"
    ]  # fmt: skip
    assert [to_snake(n) for n in ["firstName", "HTTPResponse", "first-name", "v2Api"]] == [
        "first_name", "http_response", "first_name", "v_2_api"
    ]  # fmt: skip


def test_generated_aliases_and_root_models_in_the_models_and_the_openapi_document() -> None:
    # FastAPI 0.165 / pydantic 2.14 for this source (Upper with model_config): Out's properties are
    # firstName, lastSeenAt, userId (explicit aliases win), Upper's are NAME; Identifier is a string.
    linked, _ = link_sources(
        {
            "svc/__init__.py": "",
            "svc/app.py": """
            from fastapi import FastAPI
            from pydantic import BaseModel, ConfigDict, Field, RootModel
            from pydantic.alias_generators import to_camel

            def shout(name: str) -> str:
                return name.upper()

            class Identifier(RootModel[str]):
                pass

            class Camel(BaseModel):
                model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)
                first_name: str
                last_seen_at: int = 0

            class Out(Camel):
                user_id: Identifier
                kept_as: str = Field("x", alias="KEPT")

            class Upper(BaseModel):
                class Config:
                    alias_generator = shout
                name: str

            app = FastAPI()

            @app.post("/x")
            def x(body: Out, other: Upper) -> Identifier: ...
            """,
        }
    )
    models = {m.name: m for m in linked.models}
    assert [(f.name, f.alias) for f in models["Out"].fields] == [
        ("first_name", "firstName"),
        ("last_seen_at", "lastSeenAt"),
        ("user_id", "userId"),
        ("kept_as", "KEPT"),
    ]
    assert [(f.name, f.alias) for f in models["Upper"].fields] == [("name", "NAME")]
    doc = openapi_document(replace(cf.catalog(), routes=tuple(linked.routes), models=linked.models), cf.config())
    schemas = doc["components"]["schemas"]
    assert list(schemas["Out"]["properties"]) == ["firstName", "lastSeenAt", "userId", "KEPT"]
    assert schemas["Out"]["required"] == ["firstName", "userId"]
    assert schemas["Identifier"] == {"title": "Identifier", "type": "string"}
    ok = doc["paths"]["/x"]["post"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok == {"$ref": "#/components/schemas/Identifier"}

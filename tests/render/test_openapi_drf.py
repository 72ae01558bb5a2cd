"""The OpenAPI export of DRF routes: serializer components by direction, envelopes, schema paths."""

from __future__ import annotations

from openapi_spec_validator import validate

from docgen.model import (
    ApiInfo,
    Application,
    Body,
    Framework,
    Location,
    Model,
    ModelField,
    ModelKind,
    Param,
    ParamLocation,
    Relation,
    RelationKind,
)
from docgen.model import Response as Answer
from docgen.render.openapi import openapi_document
from tests.render import catalog_factory as cf

BOOK, AUTHOR = "shop.serializers.BookSerializer", "shop.serializers.AuthorSerializer"


def _serializers() -> tuple[Model, ...]:
    author = Model(
        id=AUTHOR,
        name="AuthorSerializer",
        module="shop.serializers",
        kind=ModelKind.DRF_SERIALIZER,
        fields=(ModelField(name="name", type="CharField"),),
        location=Location("shop/serializers.py", 3),
    )
    book = Model(
        id=BOOK,
        name="BookSerializer",
        module="shop.serializers",
        kind=ModelKind.DRF_SERIALIZER,
        fields=(
            ModelField(name="id", type="IntegerField", required=False, constraints={"read_only": "True"}),
            ModelField(name="title", type="CharField", constraints={"max_length": "100"}),
            ModelField(name="price", type="DecimalField", required=False, constraints={"allow_null": "True"}),
            ModelField(name="secret", type="CharField", constraints={"write_only": "True"}),
            ModelField(name="kind", type="ChoiceField", constraints={"choices": "[('a', 'A'), ('b', 'B')]"}),
            ModelField(
                name="tags", type="ListField", required=False, constraints={"child": "serializers.IntegerField()"}
            ),
            ModelField(name="authors", type="list[AuthorSerializer]", constraints={"many": "True"}),
            ModelField(name="shelf", type="PrimaryKeyRelatedField", required=False),
            ModelField(name="extra", type="MyField", required=False),
            ModelField(
                name="state", type="ChoiceField", required=False, constraints={"choices": "S.choices", "enum": "[1, 2]"}
            ),
            ModelField(name="phase", type="PhaseField", constraints={"base": "ReadOnlyField", "read_only": "True"}),
            ModelField(name="done", type="SerializerMethodField", constraints={"read_only": "True", "returns": "bool"}),
            ModelField(name="meta", type="ObjectField", required=False, constraints={"schema": '{"type": "object"}'}),
        ),
        relations=(Relation(kind=RelationKind.NESTED, field="authors", target=AUTHOR),),
        location=Location("shop/serializers.py", 8),
    )
    return author, book


def _document() -> dict[str, object]:
    pk = (Param(name="pk", in_=ParamLocation.PATH, type="int"),)
    routes = (
        cf.route(
            "GET",
            "/books/",
            params=(),
            request_body=None,
            responses=(
                Answer(status="200", type=f"rest_framework.pagination.PageNumberPagination[list[{BOOK}]]", model=BOOK),
            ),
        ),
        cf.route(
            "POST",
            "/books/",
            params=(),
            request_body=Body(type=f"list[{BOOK}]", model=BOOK, other_media_types=("multipart/form-data",)),
            responses=(Answer(status="201", type=BOOK, model=BOOK),),
        ),
        cf.route(
            "PATCH",
            "/books/{pk}/",
            params=pk,
            schema_path="/books/{id}/",
            request_body=Body(type=BOOK, model=BOOK, required=False),
            responses=(Answer(status="200", type=BOOK, model=BOOK),),
        ),
        cf.route(
            "DELETE",
            "/books/{pk}/",
            params=pk,
            schema_path="/books/{id}/",
            request_body=None,
            responses=(Answer(status="204", description="No response body"),),
        ),
    )
    written = '{"type": "object", "properties": {"q": {"type": "string"}}}'
    search = cf.route(
        "POST",
        "/search/",
        params=(),
        request_body=Body(type="dict", required=False, schema=written),
        responses=(Answer(status="200", type="dict", schema=written),),
    )
    return openapi_document(cf.catalog(routes=(*routes, search), models=_serializers()), cf.config())


def test_serializer_components_by_direction() -> None:
    schemas = _document()["components"]["schemas"]  # type: ignore[index]
    assert schemas["BookSerializer"] == {
        "title": "BookSerializer",
        "type": "object",
        "properties": {
            "id": {"type": "integer", "readOnly": True},
            "title": {"type": "string"},
            "price": {"anyOf": [{"type": "string", "format": "decimal"}, {"type": "null"}]},
            "kind": {"enum": ["a", "b"], "type": "string"},
            "tags": {"type": "array", "items": {"type": "integer"}},
            "authors": {"type": "array", "items": {"$ref": "#/components/schemas/AuthorSerializer"}},
            "shelf": {"type": "integer"},
            "extra": {"description": "Type not mapped to JSON Schema: MyField"},
            "state": {"enum": [1, 2], "type": "integer"},
            "phase": {"type": "string", "readOnly": True},
            "done": {"type": "boolean", "readOnly": True},
            "meta": {"type": "object"},
        },
        "required": ["id", "title", "kind", "authors", "phase", "done"],
    }
    request = schemas["BookSerializerRequest"]
    assert list(request["properties"]) == [
        "title",
        "price",
        "secret",
        "kind",
        "tags",
        "authors",
        "shelf",
        "extra",
        "state",
        "meta",
    ]
    assert request["properties"]["secret"] == {"type": "string", "writeOnly": True}
    assert request["properties"]["authors"]["items"] == {"$ref": "#/components/schemas/AuthorSerializerRequest"}
    assert request["required"] == ["title", "secret", "kind", "authors"]
    patched = schemas["PatchedBookSerializerRequest"]
    assert list(patched["properties"]) == list(request["properties"])
    assert "required" not in patched
    assert schemas["AuthorSerializerRequest"]["required"] == ["name"]


def test_operations_use_the_components_envelopes_and_schema_paths() -> None:
    doc = _document()
    validate(doc)
    paths = doc["paths"]
    listed = paths["/books/"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]  # type: ignore[index]
    assert listed == {
        "type": "object",
        "properties": {
            "count": {"type": "integer"},
            "next": {"type": ["string", "null"], "format": "uri"},
            "previous": {"type": ["string", "null"], "format": "uri"},
            "results": {"type": "array", "items": {"$ref": "#/components/schemas/BookSerializer"}},
        },
        "required": ["count", "results"],
    }
    create = paths["/books/"]["post"]  # type: ignore[index]
    listed = {"type": "array", "items": {"$ref": "#/components/schemas/BookSerializerRequest"}}
    assert create["requestBody"]["content"] == {
        "application/json": {"schema": listed},
        "multipart/form-data": {"schema": listed},
    }
    assert "/books/{pk}/" not in paths  # type: ignore[operator]
    patch = paths["/books/{id}/"]["patch"]  # type: ignore[index]
    assert patch["parameters"] == [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}]
    assert patch["requestBody"] == {
        "required": False,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PatchedBookSerializerRequest"}}},
    }
    assert paths["/books/{id}/"]["delete"]["responses"] == {"204": {"description": "No response body"}}  # type: ignore[index]


def test_schemas_written_out_in_the_source_are_used_as_they_are() -> None:
    search = _document()["paths"]["/search/"]["post"]  # type: ignore[index]
    written = {"type": "object", "properties": {"q": {"type": "string"}}}
    assert search["requestBody"] == {"required": False, "content": {"application/json": {"schema": written}}}
    assert search["responses"]["200"]["content"] == {"application/json": {"schema": written}}


def test_a_field_listed_twice_is_one_required_property() -> None:
    twice = Model(
        id="shop.serializers.TagSerializer",
        name="TagSerializer",
        module="shop.serializers",
        kind=ModelKind.DRF_SERIALIZER,
        fields=(ModelField(name="name", type="CharField"), ModelField(name="name", type="CharField")),
        location=Location("shop/serializers.py", 30),
    )
    doc = openapi_document(cf.catalog(models=(twice,)), cf.config())
    validate(doc)
    tag = doc["components"]["schemas"]["TagSerializer"]
    assert (tag["properties"], tag["required"]) == ({"name": {"type": "string"}}, ["name"])


def test_a_drf_operation_has_a_summary_only_when_extend_schema_gives_one() -> None:
    routes = (
        cf.route("GET", "/notes/", framework=Framework.DRF, summary="List the notes.", operation_summary=""),
        cf.route("POST", "/notes/", framework=Framework.DRF, summary="Create.", operation_summary="Add a note"),
        cf.route("GET", "/items/{item_id}", summary="Read one item."),
    )
    doc = openapi_document(cf.catalog(routes=routes), cf.config())
    summaries = {(p, m): op.get("summary") for p, item in doc["paths"].items() for m, op in item.items()}
    assert summaries == {
        ("/notes/", "get"): None,  # a docstring is drf-spectacular's description, never its summary
        ("/notes/", "post"): "Add a note",
        ("/items/{item_id}", "get"): "Read one item.",
    }


def test_without_split_components_one_component_serves_requests_and_patches_have_their_own() -> None:
    drf_app = Application(
        id="shop.urls:urlpatterns",
        framework=Framework.DJANGO,
        location=Location("shop/urls.py", 1),
        info=ApiInfo(split_components=False),
        routes=9,
    )
    book = {"$ref": "#/components/schemas/BookSerializer"}
    routes = (
        cf.route("POST", "/books/", params=(), request_body=Body(type=BOOK, model=BOOK)),
        cf.route("PATCH", "/books/{pk}/", params=(), request_body=Body(type=BOOK, model=BOOK, required=False)),
    )
    doc = openapi_document(cf.catalog(routes=routes, models=_serializers(), apps=(drf_app,)), cf.config())
    validate(doc)
    schemas = doc["components"]["schemas"]
    assert doc["paths"]["/books/"]["post"]["requestBody"]["content"]["application/json"]["schema"] == book
    patched = doc["paths"]["/books/{pk}/"]["patch"]["requestBody"]["content"]["application/json"]["schema"]
    assert patched == {"$ref": "#/components/schemas/PatchedBookSerializer"}
    every = ["id", "title", "price", "secret", "kind", "tags", "authors", "shelf", "extra", "state", "phase"]
    assert list(schemas["BookSerializer"]["properties"]) == [*every, "done", "meta"]
    assert schemas["BookSerializer"]["required"] == ["id", "title", "secret", "kind", "authors", "phase", "done"]
    assert list(schemas["PatchedBookSerializer"]["properties"]) == [*every, "done", "meta"]
    assert "required" not in schemas["PatchedBookSerializer"]
    assert not {"BookSerializerRequest", "PatchedBookSerializerRequest", "AuthorSerializerRequest"} & schemas.keys()


def test_with_blank_choice_members_a_blank_choice_is_a_oneof_member_of_its_own() -> None:
    drf_app = Application(
        id="shop.urls:urlpatterns",
        framework=Framework.DJANGO,
        location=Location("shop/urls.py", 1),
        info=ApiInfo(blank_choice_members=True),
        routes=9,
    )
    style = Model(
        id="shop.serializers.StyleSerializer",
        name="StyleSerializer",
        module="shop.serializers",
        kind=ModelKind.DRF_SERIALIZER,
        fields=(
            ModelField(name="code", type="ChoiceField", constraints={"choices": "[('', 'None'), ('bcp', 'BCP')]"}),
            ModelField(name="kind", type="ChoiceField", constraints={"choices": "[('a', 'A'), ('b', 'B')]"}),
        ),
        location=Location("shop/serializers.py", 40),
    )
    doc = openapi_document(cf.catalog(models=(style,), apps=(drf_app,)), cf.config())
    validate(doc)
    properties = doc["components"]["schemas"]["StyleSerializer"]["properties"]
    assert properties == {
        "code": {"oneOf": [{"enum": ["bcp"], "type": "string"}, {"enum": [""]}]},
        "kind": {"enum": ["a", "b"], "type": "string"},
    }

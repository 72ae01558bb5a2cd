"""The OpenAPI 3.1 export."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from openapi_spec_validator import validate

from docgen.cli import cli
from docgen.model import Body, Framework, Model, ModelField, ModelKind, Param, ParamLocation, Response
from docgen.render import render_site
from docgen.render.openapi import openapi_document
from docgen.render.type_schema import TypeMapper
from tests.render import catalog_factory as cf


def test_document_validates_and_has_both_operations() -> None:
    doc = openapi_document(cf.catalog(), cf.config())
    validate(doc)
    assert doc["openapi"] == "3.1.0"
    assert doc["info"] == {"title": "Shop", "version": "0123456789ab"}
    assert list(doc["paths"]) == ["/items/", "/items/{item_id}"]
    assert doc["paths"]["/items/"]["post"]["operationId"] == "create_item"
    assert doc["paths"]["/items/{item_id}"]["get"]["operationId"] == "read_item"


def test_a_conditional_route_lists_its_conditions() -> None:
    catalog = cf.catalog(routes=(cf.create_route(), cf.route(conditions=("settings.ADMIN", "not app.debug"))))
    doc = openapi_document(catalog, cf.config())
    validate(doc)
    assert doc["paths"]["/items/{item_id}"]["get"]["x-docgen-conditions"] == ["settings.ADMIN", "not app.debug"]
    assert "x-docgen-conditions" not in doc["paths"]["/items/"]["post"]


def test_parameters() -> None:
    get = openapi_document(cf.catalog(), cf.config())["paths"]["/items/{item_id}"]["get"]
    assert get["parameters"] == [
        {
            "name": "item_id",
            "in": "path",
            "required": True,
            "schema": {"type": "integer", "minimum": 1},
            "description": "The item id.",
        },
        {
            "name": "q",
            "in": "query",
            "required": False,
            "schema": {"anyOf": [{"type": "string"}, {"type": "null"}]},
        },
    ]


def test_request_body_and_responses_reference_components() -> None:
    post = openapi_document(cf.catalog(), cf.config())["paths"]["/items/"]["post"]
    ref = {"$ref": "#/components/schemas/Item"}
    assert post["requestBody"] == {"required": True, "content": {"application/json": {"schema": ref}}}
    assert post["responses"] == {"201": {"description": "Created.", "content": {"application/json": {"schema": ref}}}}


def test_component_schemas() -> None:
    schemas = openapi_document(cf.catalog(), cf.config())["components"]["schemas"]
    assert schemas["Item"] == {
        "title": "Item",
        "description": "An item for sale.",
        "type": "object",
        "properties": {
            "id": {"type": "integer", "description": "Primary key."},
            "name": {"type": "string", "maxLength": 50},
            "price": {"anyOf": [{"type": "number"}, {"type": "null"}]},
            "tags": {"type": "array", "items": {"type": "string"}, "default": []},
            "owner": {"$ref": "#/components/schemas/Owner"},
        },
        "required": ["id", "name"],
    }


@pytest.mark.parametrize(
    ("annotation", "expected"),
    [
        ("str", {"type": "string"}),
        ("int", {"type": "integer"}),
        ("float", {"type": "number"}),
        ("bool", {"type": "boolean"}),
        ("list[int]", {"type": "array", "items": {"type": "integer"}}),
        ("List[str]", {"type": "array", "items": {"type": "string"}}),
        ("set[str]", {"type": "array", "items": {"type": "string"}, "uniqueItems": True}),
        ("tuple[int, str]", {"type": "array", "prefixItems": [{"type": "integer"}, {"type": "string"}]}),
        ("dict[str, int]", {"type": "object", "additionalProperties": {"type": "integer"}}),
        ("dict", {"type": "object"}),
        ("Optional[int]", {"anyOf": [{"type": "integer"}, {"type": "null"}]}),
        ("int | None", {"anyOf": [{"type": "integer"}, {"type": "null"}]}),
        ("Union[int, str, None]", {"anyOf": [{"type": "integer"}, {"type": "string"}, {"type": "null"}]}),
        ("Annotated[int, Field(gt=0)]", {"type": "integer"}),
        ('Literal["a", "b"]', {"enum": ["a", "b"], "type": "string"}),
        ("Literal[1, 2.5]", {"enum": [1, 2.5], "type": "number"}),
        ('Literal[1, "a"]', {"enum": [1, "a"]}),
        ("datetime.datetime", {"type": "string", "format": "date-time"}),
        ("uuid.UUID", {"type": "string", "format": "uuid"}),
        ("pendulum.DateTime", {"type": "string", "format": "date-time"}),
        ("conint(gt=0)", {"type": "integer"}),
        # pydantic's own types, as pydantic 2 writes their JSON Schema
        ("pydantic.UUID4", {"type": "string", "format": "uuid4"}),
        ("SecretStr", {"type": "string", "format": "password", "writeOnly": True}),
        ("NonNegativeFloat", {"type": "number", "minimum": 0}),
        ("AwareDatetime", {"type": "string", "format": "date-time"}),
        ("IPvAnyAddress", {"type": "string", "format": "ipvanyaddress"}),
        (
            "dict[str, Union[StrictBool, StrictInt, StrictFloat, str]]",
            {
                "type": "object",
                "additionalProperties": {
                    "anyOf": [{"type": "boolean"}, {"type": "integer"}, {"type": "number"}, {"type": "string"}]
                },
            },
        ),
        ("Item", {"$ref": "#/components/schemas/Item"}),
        ('"Item"', {"$ref": "#/components/schemas/Item"}),
        (
            "list[Item] | None",
            {"anyOf": [{"type": "array", "items": {"$ref": "#/components/schemas/Item"}}, {"type": "null"}]},
        ),
        ("Frobnicator", {"description": "Type not mapped to JSON Schema: Frobnicator"}),
        ("int[[", {"description": "Type not mapped to JSON Schema: int[["}),
        ("(" * 300 + ")" * 300, {"description": "Type not mapped to JSON Schema: " + "(" * 120}),
        ("", {}),
    ],
)
def test_type_mapping(annotation: str, expected: dict[str, object]) -> None:
    assert TypeMapper({"Item": "Item"}).schema(annotation) == expected


def test_websocket_any_and_duplicates_are_listed_as_omitted() -> None:
    routes = (
        cf.route("WEBSOCKET", "/ws", params=()),
        cf.route("ANY", "/legacy", params=()),
        cf.route("PUSH", "/items/{item_id}", params=()),
        cf.route(),
        cf.route(id="GET /items/{item_id}#2", handler="app.v2.read_item"),
        cf.route("PUT", "/items/{item_id}", responses=(Response(status="status.HTTP_200_OK"),)),
    )
    doc = openapi_document(cf.catalog(routes=routes), cf.config())
    validate(doc)
    assert list(doc["paths"]) == ["/items/{item_id}"]
    assert sorted(doc["paths"]["/items/{item_id}"]) == ["get", "put"]
    assert doc["paths"]["/items/{item_id}"]["put"]["responses"] == {
        "default": {"description": "Response (not documented in the source)"}
    }
    assert doc["x-docgen-omitted"] == [
        {"route": "GET /items/{item_id}#2", "reason": "another route already documents this method and path"},
        {"route": "PUSH /items/{item_id}", "reason": "PUSH routes are not OpenAPI operations"},
        {"route": "PUT /items/{item_id}", "reason": "response status 'status.HTTP_200_OK' is not valid"},
        {"route": "ANY /legacy", "reason": "ANY routes are not OpenAPI operations"},
        {"route": "WEBSOCKET /ws", "reason": "WEBSOCKET routes are not OpenAPI operations"},
    ]


def test_unique_operation_ids_and_undeclared_path_params() -> None:
    routes = (
        cf.route("GET", "/a/{x}", params=(), handler="app.a.read"),
        cf.route("GET", "/b/{y:path}", params=(), handler="app.b.read"),
    )
    doc = openapi_document(cf.catalog(routes=routes), cf.config())
    validate(doc)
    assert doc["paths"]["/a/{x}"]["get"]["operationId"] == "read"
    assert doc["paths"]["/b/{y}"]["get"]["operationId"] == "read_get_b_y"
    assert doc["paths"]["/b/{y}"]["get"]["parameters"] == [
        {"name": "y", "in": "path", "required": True, "schema": {"type": "string"}}
    ]


def test_form_bodies_enums_and_name_clashes() -> None:
    form = Body(
        media_type="multipart/form-data",
        fields=(
            Param(name="file", in_=ParamLocation.QUERY, type="UploadFile"),
            Param(name="note", in_=ParamLocation.QUERY, type="str", required=False),
        ),
    )
    colour = replace(
        cf.owner_model(),
        id="app.enums.Colour",
        name="Colour",
        kind=ModelKind.ENUM,
        fields=(ModelField(name="RED", default="'red'"), ModelField(name="AUTO", default="auto()")),
    )
    clash = replace(cf.owner_model(), id="app.v2.schemas.Owner", module="app.v2.schemas")
    catalog = cf.catalog(
        routes=(cf.route("POST", "/upload", params=(), request_body=form),),
        models=(*cf.catalog().models, colour, clash),
    )
    doc = openapi_document(catalog, cf.config(api=replace(cf.config().api, servers=("https://api.example.com",))))
    validate(doc)
    assert doc["servers"] == [{"url": "https://api.example.com"}]
    assert doc["paths"]["/upload"]["post"]["requestBody"]["content"] == {
        "multipart/form-data": {"schema": {"$ref": "#/components/schemas/Body_read_item"}}
    }
    schemas = doc["components"]["schemas"]
    assert schemas["Body_read_item"] == {
        "title": "Body_read_item",
        "type": "object",
        "properties": {"file": {"type": "string", "format": "binary"}, "note": {"type": "string"}},
        "required": ["file"],
    }
    assert list(schemas) == ["Colour", "Item", "Owner", "app.v2.schemas.Owner", "Body_read_item"]
    assert schemas["Colour"] == {"title": "Colour", "enum": ["red", "AUTO"], "type": "string"}


def test_a_default_its_own_schema_refuses_is_left_out_and_listed() -> None:
    colour = replace(
        cf.owner_model(),
        id="app.enums.Colour",
        name="Colour",
        kind=ModelKind.ENUM,
        fields=(ModelField(name="RED", default="'red'"), ModelField(name="BLUE", default="'blue'")),
    )
    paint = replace(
        cf.owner_model(),
        id="app.schemas.Paint",
        name="Paint",
        fields=(
            ModelField(name="colour", type="Optional[Colour]", required=False, default="'green'"),
            ModelField(name="shade", type="Colour", required=False, default="'red'"),
            ModelField(name="coats", type="int", required=False, default="True"),
            ModelField(name="ratio", type="float", required=False, default="2"),
        ),
    )
    limit = Param(name="limit", in_=ParamLocation.QUERY, type="int", required=False, default="'ten'")
    route = cf.route(params=(limit,))
    doc = openapi_document(cf.catalog(routes=(route,), models=(colour, paint)), cf.config())
    validate(doc)
    assert doc["components"]["schemas"]["Paint"]["properties"] == {
        "colour": {"anyOf": [{"$ref": "#/components/schemas/Colour"}, {"type": "null"}]},
        "shade": {"$ref": "#/components/schemas/Colour", "default": "red"},
        "coats": {"type": "integer"},
        "ratio": {"type": "number", "default": 2},
    }
    assert doc["paths"][route.path]["get"]["parameters"][0]["schema"] == {"type": "integer"}
    assert doc["x-docgen-omitted"] == [
        {"schema": "Paint.colour", "reason": "default 'green' is not valid for its schema"},
        {"schema": "Paint.coats", "reason": "default True is not valid for its schema"},
        {"schema": "GET /items/{item_id} query limit", "reason": "default 'ten' is not valid for its schema"},
    ]


def test_a_resolved_type_picks_the_model_its_module_means_among_namesakes() -> None:
    def kind(module: str) -> Model:
        fields = (ModelField(name="A", default="'a'"),)
        return replace(
            cf.owner_model(), id=f"{module}.Kind", name="Kind", module=module, kind=ModelKind.ENUM, fields=fields
        )

    node = replace(
        cf.owner_model(),
        id="app.nodes.Node",
        name="Node",
        fields=(
            ModelField(name="kind", type="Optional[Kind]", resolved_type="Optional[app.b.Kind]"),
            ModelField(name="other", type="Kind"),
        ),
    )
    doc = openapi_document(cf.catalog(models=(kind("app.a"), kind("app.b"), node)), cf.config())
    validate(doc)
    assert doc["components"]["schemas"]["Node"]["properties"] == {
        "kind": {"anyOf": [{"$ref": "#/components/schemas/app.b.Kind"}, {"type": "null"}]},
        "other": {"description": "Type not mapped to JSON Schema: Kind"},
    }


def test_a_str_enum_member_written_as_a_one_item_tuple_has_the_string_as_value() -> None:
    fields = (ModelField(name="PCNET", default="('PCnet-PCI II',)"), ModelField(name="E1000", default="'e1000'"))
    adapter = replace(cf.owner_model(), id="app.enums.Adapter", name="Adapter", kind=ModelKind.ENUM, fields=fields)
    pair = replace(adapter, id="app.enums.Pair", name="Pair", fields=(ModelField(name="AB", default="('a', 'b')"),))
    str_enum = replace(adapter, bases=("builtins.str", "enum.Enum"))
    schemas = openapi_document(cf.catalog(models=(str_enum, pair)), cf.config())["components"]["schemas"]
    assert schemas["Adapter"]["enum"] == ["PCnet-PCI II", "e1000"]
    assert schemas["Pair"]["enum"] == [["a", "b"]]  # a plain Enum keeps its tuple


def test_a_model_forbidding_or_allowing_extra_fields_says_so_as_pydantic_does() -> None:
    strict = replace(cf.owner_model(), extra="forbid")
    loose = replace(cf.owner_model(), id="app.schemas.Loose", name="Loose", extra="allow")
    ignoring = replace(cf.owner_model(), id="app.schemas.Quiet", name="Quiet", extra="ignore")
    schemas = openapi_document(cf.catalog(models=(strict, loose, ignoring)), cf.config())["components"]["schemas"]
    assert [schemas[k].get("additionalProperties") for k in ("Owner", "Loose", "Quiet")] == [False, True, None]


def test_beside_drf_a_plain_django_view_is_not_an_operation_as_in_drf_spectacular() -> None:
    api = cf.route("GET", "/api/items/", framework=Framework.DRF, params=())
    page = cf.route("GET", "/docs/", framework=Framework.DJANGO, params=())
    doc = openapi_document(cf.catalog(routes=(api, page)), cf.config())
    assert list(doc["paths"]) == ["/api/items/"]
    assert doc["x-docgen-omitted"] == [
        {"route": "GET /docs/", "reason": "a plain Django view beside DRF's (not in its schema)"}
    ]
    alone = openapi_document(cf.catalog(routes=(page,)), cf.config())
    assert list(alone["paths"]) == ["/docs/"]


def test_site_ships_openapi_json() -> None:
    files = render_site(cf.catalog(), cf.config()).files
    assert json.loads(files["openapi.json"]) == openapi_document(cf.catalog(), cf.config())
    assert files["openapi.json"].endswith(b"}\n")


def test_a_none_default_is_not_written_and_does_not_make_the_type_nullable() -> None:
    """As FastAPI documents ``q: str = None`` (pydantic 1 and 2): a plain string, not required."""
    query = Param(name="q", in_=ParamLocation.QUERY, type="str", required=False, default="None")
    limit = Param(name="limit", in_=ParamLocation.QUERY, type="int", required=False, default="10")
    route = replace(cf.catalog().routes[0], params=(query, limit))
    doc = openapi_document(cf.catalog(routes=(route,)), cf.config())
    (operation,) = doc["paths"][route.path].values()
    assert [(p["name"], p["schema"]) for p in operation["parameters"] if p["in"] == "query"] == [
        ("q", {"type": "string"}),
        ("limit", {"type": "integer", "default": 10}),
    ]


def test_a_list_or_dict_response_model_is_an_array_or_object_of_the_model() -> None:
    route = cf.catalog().routes[0]
    responses = (
        Response(status="200", type="list[Item]", model="app.schemas.Item", description="Successful Response"),
        Response(status="201", type="dict[str, Item]", model="app.schemas.Item", description="Created"),
    )
    doc = openapi_document(cf.catalog(routes=(replace(route, responses=responses),)), cf.config())
    (operation,) = doc["paths"][route.path].values()
    content = {status: r["content"]["application/json"]["schema"] for status, r in operation["responses"].items()}
    assert content == {
        "200": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}},
        "201": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/Item"}},
    }


def test_pydantic_1_writes_optional_without_null() -> None:
    mapper = TypeMapper({"Item": "Item"}, nulls=False)
    assert mapper.schema("Optional[int]") == {"type": "integer"}
    assert mapper.schema("Item | None") == {"$ref": "#/components/schemas/Item"}
    assert mapper.schema("Union[int, str, None]") == {"anyOf": [{"type": "integer"}, {"type": "string"}]}
    assert mapper.schema("None") == {"type": "null"}


def test_a_project_requiring_pydantic_1_gets_its_optional_header_as_fastapi_writes_it(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "svc"\ndependencies = ["fastapi", "pydantic>=1.9,<2"]\n', encoding="utf-8"
    )
    (tmp_path / "app.py").write_text(
        "from typing import Optional\n\nfrom fastapi import FastAPI, Header\n\napp = FastAPI()\n\n\n"
        '@app.get("/items")\ndef items(authorization: Optional[str] = Header(None)) -> list[str]:\n    return []\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        cli,
        ["--isolated", "extract", str(tmp_path), "--format", "openapi"],
        env={"DOCGEN_CACHE_DIR": str(tmp_path / ".c")},
    )
    assert result.exit_code == 0, result.output
    (parameter,) = json.loads(result.stdout)["paths"]["/items"]["get"]["parameters"]
    assert parameter == {
        "name": "authorization",
        "in": "header",
        "required": False,
        "schema": {"type": "string"},
    }

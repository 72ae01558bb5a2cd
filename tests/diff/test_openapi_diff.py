"""``docgen diff --openapi A B``: two OpenAPI documents, as FastAPI writes them, compared with the same rules."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from tests.diff.scratch import rows, run

VALIDATION = {
    "description": "Validation Error",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/HTTPValidationError"}}},
}


def _ok(status: str, ref: str | None = None) -> dict[str, Any]:
    schema = {"$ref": f"#/components/schemas/{ref}"} if ref else {}
    return {status: {"description": "Successful Response", "content": {"application/json": {"schema": schema}}}}


BASE: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "FastAPI", "version": "0.1.0"},
    "paths": {
        "/items/{item_id}": {
            "get": {
                "summary": "Read Item",
                "operationId": "read_item_items__item_id__get",
                "parameters": [
                    {
                        "name": "item_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer", "title": "Item Id"},
                    },
                    {
                        "name": "q",
                        "in": "query",
                        "required": False,
                        "schema": {"anyOf": [{"type": "string"}, {"type": "null"}], "title": "Q"},
                    },
                ],
                "responses": {**_ok("200", "Item"), "422": VALIDATION},
            }
        },
        "/items": {
            "post": {
                "summary": "Create Item",
                "operationId": "create_item_items_post",
                "requestBody": {
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ItemIn"}}},
                    "required": True,
                },
                "responses": {**_ok("201", "Item"), "422": VALIDATION},
            }
        },
        "/legacy": {"get": {"summary": "Legacy", "operationId": "legacy_legacy_get", "responses": _ok("200")}},
        "/users": {"get": {"summary": "Users", "operationId": "users_users_get", "responses": _ok("200")}},
    },
    "components": {
        "schemas": {
            "HTTPValidationError": {
                "properties": {"detail": {"items": {"$ref": "#/components/schemas/ValidationError"}, "type": "array"}},
                "type": "object",
                "title": "HTTPValidationError",
            },
            "Item": {
                "properties": {
                    "name": {"type": "string", "title": "Name"},
                    "price": {"type": "number", "title": "Price"},
                },
                "type": "object",
                "required": ["name", "price"],
                "title": "Item",
            },
            "ItemIn": {
                "properties": {"name": {"type": "string", "title": "Name"}},
                "type": "object",
                "required": ["name"],
                "title": "ItemIn",
            },
        }
    },
}


def _head() -> dict[str, Any]:
    """The next version: a path parameter renamed, ``q`` required, a header added, ``sku`` required in the
    body, 201 become 202, ``price`` gone from ``Item``, ``/legacy`` gone, ``/users`` behind OAuth2, ``/health`` new."""
    doc = copy.deepcopy(BASE)
    paths = doc["paths"]
    read = paths.pop("/items/{item_id}")["get"]
    read["parameters"][0] |= {"name": "id", "schema": {"type": "integer", "title": "Id"}}
    read["parameters"][1]["required"] = True
    read["parameters"].append({"name": "x-lang", "in": "header", "required": True, "schema": {"type": "string"}})
    paths["/items/{id}"] = {"get": read}
    create = paths["/items"]["post"]
    create["responses"] = {**_ok("202", "Item"), "422": VALIDATION}
    del paths["/legacy"]
    paths["/users"]["get"]["security"] = [{"OAuth2PasswordBearer": []}]
    paths["/health"] = {"get": {"summary": "Health", "operationId": "health_health_get", "responses": _ok("200")}}
    schemas = doc["components"]["schemas"]
    del schemas["Item"]["properties"]["price"]
    schemas["Item"]["required"] = ["name"]
    schemas["ItemIn"]["properties"]["sku"] = {"type": "string", "title": "Sku"}
    schemas["ItemIn"]["required"] = ["name", "sku"]
    doc["components"]["securitySchemes"] = {
        "OAuth2PasswordBearer": {"type": "oauth2", "flows": {"password": {"scopes": {}, "tokenUrl": "token"}}}
    }
    return doc


@pytest.fixture
def documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.json").write_text(json.dumps(BASE, separators=(",", ":")), encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps(_head(), separators=(",", ":")), encoding="utf-8")
    return "a.json", "b.json"


def test_two_documents_are_classified_exactly(documents: tuple[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--format", "json", "--openapi", *documents)
    assert (code, err) == (1, "")
    assert rows(out) == [
        ("breaking", "new-required-request-property", "POST", "/items", "required request property `sku` added"),
        ("breaking", "response-success-status-removed", "POST", "/items", "success status 201 removed"),
        (
            "breaking",
            "new-required-request-parameter",
            "GET",
            "/items/{id}",
            "required header parameter `x-lang` added",
        ),
        ("breaking", "request-parameter-became-required", "GET", "/items/{id}", "query parameter `q` became required"),
        (
            "breaking",
            "response-required-property-removed",
            "GET",
            "/items/{id}",
            "response property `price` removed (status 200)",
        ),
        ("breaking", "api-path-removed-without-deprecation", "GET", "/legacy", "path removed without deprecation"),
        ("breaking", "api-security-added", "GET", "/users", "authentication `OAuth2PasswordBearer` (oauth2) required"),
        ("non-breaking", "endpoint-added", "GET", "/health", "endpoint added"),
        ("non-breaking", "response-success-status-added", "POST", "/items", "success status 202 added"),
        (
            "non-breaking",
            "request-path-parameter-renamed",
            "GET",
            "/items/{id}",
            "path parameter `item_id` renamed to `id`",
        ),
    ]
    data = json.loads(out)
    assert (data["base"], data["head"]) == (
        {"ref": "a.json", "commit": None, "note": "", "routes": 4},
        {"ref": "b.json", "commit": None, "note": "", "routes": 4},
    )
    assert data["changes"][5]["location"] == {"path": "a.json", "line": 1}  # a removed route: the base document
    assert data["changes"][0]["location"] == {"path": "b.json", "line": 1}  # FastAPI writes one line


def test_a_document_against_itself_has_no_changes(
    documents: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "--openapi", documents[1], documents[1])
    assert (code, out) == (0, "API changes from b.json to b.json: no API changes\n")


def test_yaml_and_fail_on_never(tmp_path: Path, documents: tuple[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    yaml = pytest.importorskip("yaml")
    (tmp_path / "b.yaml").write_text(yaml.safe_dump(_head()), encoding="utf-8")
    code, out, _ = run(capsys, "--format", "json", "--fail-on", "never", "--openapi", "a.json", "b.yaml")
    assert code == 0
    assert len(rows(out)) == 10
    assert json.loads(out)["changes"][0]["location"] == {"path": "b.yaml", "line": 0}  # not JSON: no line


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["HEAD", "--openapi", "a.json", "b.json"], "give either git refs or --openapi A B, not both"),
        (["--openapi", "a.json", "missing.json"], "cannot read the OpenAPI document missing.json: FileNotFoundError"),
        (
            ["--openapi", "a.json", "bad.json"],
            "bad.json does not parse as JSON: Expecting value: line 1 column 1 (char 0)",
        ),
        (
            ["--openapi", "a.json", "swagger.json"],
            "swagger.json is not an OpenAPI 3.x document (no `openapi: 3.x` at its top)",
        ),
    ],
)
def test_bad_documents_are_exit_2(
    tmp_path: Path, documents: tuple[str, str], capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    (tmp_path / "bad.json").write_text("nope", encoding="utf-8")
    (tmp_path / "swagger.json").write_text('{"swagger": "2.0", "paths": {}}', encoding="utf-8")
    assert run(capsys, *args) == (2, "", f"docgen: error: {message}\n")


def test_enums_of_a_document_are_judged_by_direction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    base = copy.deepcopy(BASE)
    schemas = base["components"]["schemas"]
    schemas["Status"] = {"type": "string", "enum": ["open", "closed"], "title": "Status"}
    schemas["Item"]["properties"]["status"] = {"$ref": "#/components/schemas/Status"}
    schemas["ItemIn"]["properties"]["size"] = {"type": "string", "enum": ["s", "m"]}
    base["paths"]["/items/{item_id}"]["get"]["parameters"].append(
        {"name": "sort", "in": "query", "required": False, "schema": {"type": "string", "enum": ["asc", "desc"]}}
    )
    head = copy.deepcopy(base)
    head["components"]["schemas"]["Status"]["enum"] = ["open", "closed", "held"]
    head["components"]["schemas"]["ItemIn"]["properties"]["size"]["enum"] = ["s"]
    head["paths"]["/items/{item_id}"]["get"]["parameters"][2]["schema"]["enum"] = ["asc", "desc", "random"]
    (tmp_path / "a.json").write_text(json.dumps(base), encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps(head), encoding="utf-8")
    code, out, _ = run(capsys, "--format", "json", "--openapi", "a.json", "b.json")
    assert rows(out) == [
        (
            "breaking",
            "request-property-enum-value-removed",
            "POST",
            "/items",
            "enum value `m` removed from request property `size`",
        ),
        (
            "potentially-breaking",
            "response-property-enum-value-added",
            "POST",
            "/items",
            "enum value `held` added to response property `status` (status 201)",
        ),
        (
            "potentially-breaking",
            "response-property-enum-value-added",
            "GET",
            "/items/{item_id}",
            "enum value `held` added to response property `status` (status 200)",
        ),
        (
            "non-breaking",
            "request-parameter-enum-value-added",
            "GET",
            "/items/{item_id}",
            "enum value `random` added to query parameter `sort`",
        ),
    ]
    assert code == 1

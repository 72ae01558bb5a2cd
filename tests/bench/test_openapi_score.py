"""Unit tests for bench/openapi_score.py, openapi_measures.py and openapi_shape.py (inline documents)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

_BENCH = str(Path(__file__).resolve().parents[2] / "bench")
if _BENCH not in sys.path:  # the bench scripts import each other as top-level modules
    sys.path.insert(0, _BENCH)

import openapi_score as score_mod  # noqa: E402
from openapi_shape import difference, differences, shape  # noqa: E402

Json = dict[str, Any]
JSON_OBJ = "application/json"


def doc(paths: Json, schemas: Json | None = None, schemes: Json | None = None, **top: Any) -> Json:
    components: Json = {"schemas": schemas or {}}
    if schemes:
        components["securitySchemes"] = schemes
    return {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": paths, "components": components, **top}


def ok(schema: Json | None = None, status: str = "200") -> Json:
    entry: Json = {"description": "Successful Response"}
    if schema is not None:
        entry["content"] = {JSON_OBJ: {"schema": schema}}
    return {status: entry}


def ref(name: str) -> Json:
    return {"$ref": f"#/components/schemas/{name}"}


def run(truth: Json, docgen: Json, mount: str = "/api") -> Json:
    docs, errors = score_mod.truth_documents(truth, mount)
    assert errors == []
    return score_mod.score(docs, docgen)


# --- shapes -----------------------------------------------------------------------------------


def test_nullable_forms_are_one_shape_and_annotations_are_ignored() -> None:
    d = doc({})
    any_of = shape({"anyOf": [{"type": "integer", "title": "N"}, {"type": "null"}], "default": None}, d)
    assert any_of == {"type": ["integer"], "nullable": True}
    assert shape({"type": ["integer", "null"], "description": "x"}, d) == any_of
    assert shape({"type": "integer", "nullable": True, "format": "int64", "minimum": 0}, d) == any_of
    assert shape({"type": "integer"}, d) == {"type": ["integer"]}
    assert shape({"enum": ["a", None, "b"]}, d) == {"enum": ['"a"', '"b"'], "nullable": True}


def test_refs_are_resolved_so_component_names_do_not_matter() -> None:
    user = {"title": "U", "type": "object", "properties": {"id": {"type": "integer"}}, "required": ["id"]}
    truth = doc({}, {"User": user})
    other = doc({}, {"app.models.User": {**user, "title": "Other"}})
    expected = {"type": ["object"], "properties": {"id": {"required": True, "schema": {"type": ["integer"]}}}}
    assert shape({"type": "array", "items": ref("User")}, truth) == {"type": ["array"], "items": expected}
    assert shape(ref("User"), truth) == shape(ref("app.models.User"), other) == expected
    assert shape({"allOf": [ref("User")], "description": "wrapped"}, truth) == expected
    assert shape(ref("Missing"), truth) == {"unresolved": "#/components/schemas/Missing"}


def test_cycles_become_back_references_counted_in_refs() -> None:
    node = {"type": "object", "properties": {"children": {"type": "array", "items": ref("Node")}}}
    a = {"type": "object", "properties": {"b": ref("B")}}
    b = {"type": "object", "properties": {"a": {"anyOf": [ref("A"), {"type": "null"}]}}}
    d = doc({}, {"Node": node, "A": a, "B": b})
    children = shape(ref("Node"), d)["properties"]["children"]["schema"]
    assert children == {"type": ["array"], "items": {"recursive": 1}}
    inner = shape(ref("A"), d)["properties"]["b"]["schema"]["properties"]["a"]["schema"]
    assert inner == {"recursive": 2, "nullable": True}
    renamed = doc({}, {"Tree": {"type": "object", "properties": {"children": {"type": "array", "items": ref("Tree")}}}})
    assert shape(ref("Node"), d) == shape(ref("Tree"), renamed)


def test_difference_names_the_first_structural_difference() -> None:
    d = doc({})
    out = shape({"type": "object", "properties": {"id": {"type": "integer"}, "name": {"type": "string"}}}, d)
    listed = shape({"type": "array", "items": {"type": "object", "properties": {"id": {"type": "integer"}}}}, d)
    assert difference(listed, out) == (
        "array vs object",
        "",
        "truth array[object{id}] / docgen object{id,name}",
    )
    assert difference(listed, {"type": ["array"], "items": out}) == ("properties extra in docgen", "[]", "name")
    required = shape({"type": "object", "properties": {"id": {"type": "integer"}}, "required": ["id"]}, d)
    assert difference(required, listed["items"]) == ("required in truth only", ".id", "")
    assert (
        difference(shape({"type": ["string", "null"]}, d), shape({"type": "string"}, d))[0] == "nullable in truth only"
    )
    assert difference({"type": ["string"], "enum": ['"a"']}, {"enum": ['"a"']})[0] == "enum typed string vs untyped"
    assert difference({}, None)[0] == "truth any JSON, docgen no content"
    assert difference(out, out) is None


def test_differences_lists_every_spot_but_not_below_a_sort_change() -> None:
    d = doc({})
    truth = shape(
        {
            "type": "object",
            "additionalProperties": False,
            "properties": {"a": {"type": "string"}, "b": {"type": "array", "items": {"type": "integer"}}},
            "required": ["a"],
        },
        d,
    )
    docgen = shape(
        {"type": "object", "properties": {"a": {"type": ["string", "null"]}, "b": {"type": "object"}, "c": {}}}, d
    )
    assert differences(truth, docgen) == [
        ("properties extra in docgen", "", "c"),
        ("required in truth only", ".a", ""),
        ("nullable in docgen only", ".a", "truth string / docgen string?"),
        ("array vs object", ".b", "truth array[integer] / docgen object"),
        ("additionalProperties: truth false vs docgen absent", "{}", ""),
    ]
    closed = {"type": "object", "additionalProperties": False, "properties": {"x": {"type": "integer"}}}
    strings = {"type": "array", "items": {"type": "string"}}
    union = shape({"anyOf": [closed, strings, {"type": "null"}]}, d)
    open_union = shape({"anyOf": [strings, {**closed, "additionalProperties": True}]}, d)
    assert [m.get("type") for m in union["anyOf"]] == [["object"], ["array"]]  # sorted as JSON text
    assert [m.get("type") for m in open_union["anyOf"]] == [["array"], ["object"]]
    assert differences(union, open_union) == [  # members are paired by sort, not by position
        ("nullable in truth only", "", "truth anyOf[object{x},array[string]]? / docgen anyOf[array[string],object{x}]"),
        ("additionalProperties: truth false vs docgen absent", ".anyOf[0]{}", ""),
    ]


# --- operations and measures ------------------------------------------------------------------


def test_missing_and_extra_operations_and_the_mount() -> None:
    truth = doc(
        {"/items": {"get": {"responses": ok()}, "post": {"responses": ok()}}, "/x": {"get": {"responses": ok()}}}
    )
    docgen = doc(
        {
            "/api/items": {"get": {"responses": ok()}, "post": {"responses": ok()}},
            "/api/y": {"get": {"responses": ok()}},
            "/ui-settings": {"get": {"responses": ok()}},
        }
    )
    res = run(truth, docgen)
    assert res["mounts"] == {"app": "/api"}
    assert (res["matched"], res["truth_operations"], res["docgen_operations"]) == (2, 3, 4)
    assert res["outside"] == ["GET /ui-settings"]
    assert res["figures"]["operations recall"] == 0.6667
    assert res["figures"]["operations precision"] == 0.6667
    assert res["differences"]["operations recall"] == {"not found": ["GET /api/x"]}
    assert res["differences"]["operations precision"] == {"not found": ["GET /api/y"]}
    plain = run(truth, {**docgen, "paths": {"/items": docgen["paths"]["/api/items"]}})
    assert plain["mounts"] == {"app": ""}
    assert (plain["matched"], plain["outside"]) == (2, [])


def test_mounted_documents_and_the_parents_own_route_at_the_mount_path() -> None:
    truth = {
        "openapi": doc({"/admin": {"get": {"operationId": "top", "responses": ok()}}}),
        "openapi_url": None,
        "openapi_mounts": [
            {
                "mount": "/admin/api",
                "openapi_url": "/openapi.json",
                "document": doc({"/c": {"get": {"responses": ok()}}}),
            },
            {"mount": "/admin", "openapi_url": None, "document": doc({"/": {"get": {"operationId": "dash"}}})},
            {"mount": "", "openapi_url": "/openapi.json", "error": "PydanticSchemaGenerationError: no"},
        ],
    }
    docgen = doc(
        {
            "/admin": {"get": {"operationId": "top", "responses": ok()}},
            "/admin/": {"get": {"operationId": "dash"}},
            "/admin/api/c": {"get": {"responses": ok()}},
        }
    )
    docs, errors = score_mod.truth_documents(truth)
    assert [(d.label, d.mounts) for d in docs] == [
        ("app", ("/api", "")),
        ("mount /admin/api", ("/admin/api",)),
        ("mount /admin", ("/admin",)),
    ]
    assert errors == ["mount /: PydanticSchemaGenerationError: no"]
    res = score_mod.score(docs, docgen)
    assert (res["matched"], res["truth_operations"]) == (3, 3)
    assert res["mounts"] == {"app": "", "mount /admin/api": "/admin/api", "mount /admin": "/admin"}
    assert res["figures"]["operationId"] == 1.0


def test_params_types_and_bodies() -> None:
    item_id = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
    version = {"name": "x-version", "in": "header", "required": False, "schema": {"type": "string"}}
    truth = doc(
        {
            "/items/{id}": {
                "parameters": [item_id],
                "put": {
                    "parameters": [
                        version,
                        {"name": "q", "in": "query", "schema": {"anyOf": [{"type": "string"}, {"type": "null"}]}},
                    ],
                    "requestBody": {"content": {JSON_OBJ: {"schema": ref("In")}}},
                    "responses": ok(ref("In")) | {"422": {"description": "Validation Error"}},
                },
                "get": {"responses": ok({"type": "array", "items": ref("In")})},
            }
        },
        {"In": {"type": "object", "properties": {"a": {"type": "string"}}}},
    )
    docgen = doc(
        {
            "/api/items/{id}": {
                "put": {
                    "parameters": [
                        item_id,
                        {"name": "q", "in": "query", "required": False, "schema": {"type": "string"}},
                        {"name": "session", "in": "cookie", "required": False, "schema": {"type": "string"}},
                    ],
                    "requestBody": {
                        "content": {
                            "multipart/form-data": {
                                "schema": {"type": "object", "properties": {"a": {"type": "string"}}}
                            }
                        }
                    },
                    "responses": ok({"type": "object", "properties": {"a": {"type": "string"}}}, "201"),
                },
                "get": {"requestBody": {"content": {JSON_OBJ: {"schema": {}}}}, "responses": ok(ref("In"))},
            }
        },
        {"In": {"type": "object", "properties": {"a": {"type": "string"}}}},
    )
    res = run(truth, docgen)
    f, diffs = res["figures"], res["differences"]
    assert (f["params"], f["param types"], f["body presence"], f["body media"], f["body schema"]) == (
        0.0,
        0.5,
        0.5,
        0.0,
        0.5,
    )
    assert (f["success status"], f["response schema"], f["other statuses"]) == (0.5, 0.5, 0.5)
    assert diffs["params"] == {  # the GET lacks the path item's parameter
        "docgen has extra cookie param": ["PUT /api/items/{id}: session"],
        "docgen lacks header param": ["PUT /api/items/{id}: x-version"],
        "docgen lacks path param": ["GET /api/items/{id}: id"],
    }
    assert res["sole"]["params"] == {"docgen lacks path param": 1}  # the PUT has two kinds
    assert diffs["param types"] == {
        "query param: nullable in truth only": ["PUT /api/items/{id}: q: truth string? / docgen string"]
    }
    assert diffs["body presence"] == {"body in docgen only": ["GET /api/items/{id}"]}
    assert diffs["body media"] == {
        "truth [] vs docgen [application/json]": ["GET /api/items/{id}"],
        "truth [application/json] vs docgen [multipart/form-data]": ["PUT /api/items/{id}"],
    }
    assert diffs["success status"] == {"truth [200] vs docgen [201]": ["PUT /api/items/{id}"]}
    assert diffs["other statuses"] == {"truth [422] vs docgen []": ["PUT /api/items/{id}"]}
    assert diffs["response schema"] == {
        "array vs object": ["GET /api/items/{id}: truth array[object{a}] / docgen object{a}"]
    }


def test_security_requirements_and_scheme_types() -> None:
    bearer = {"type": "http", "scheme": "bearer"}
    key = {"type": "apiKey", "in": "header", "name": "X-Key"}
    truth = doc(
        {
            "/a": {"get": {"security": [{"OAuth2PasswordBearer": []}], "responses": ok()}},
            "/b": {"get": {"responses": ok()}},
            "/c": {"get": {"security": [{"Key": []}], "responses": ok()}},
            "/d": {"get": {"responses": ok()}},
        },
        schemes={"OAuth2PasswordBearer": {"type": "oauth2", "flows": {}}, "Key": key},
    )
    docgen = doc(
        {
            "/a": {"get": {"security": [{"bearer": []}], "responses": ok()}},
            "/b": {"get": {"security": [{}], "responses": ok()}},
            "/c": {"get": {"responses": ok()}},
            "/d": {"get": {"security": [{"missing": []}], "responses": ok()}},
        },
        schemes={"bearer": bearer, "Key": key},
        security=[{"Key": []}],
    )
    res = run(truth, docgen)
    assert (res["figures"]["security"], res["figures"]["security schemes"]) == (0.75, 0.5)
    assert res["differences"]["security schemes"] == {
        "truth [] vs docgen [undefined]": ["GET /d"],
        "truth [oauth2] vs docgen [http bearer]": ["GET /a"],
    }
    assert res["differences"]["security"] == {"security requirement in docgen only": ["GET /d: docgen True"]}


def test_tags_operation_id_summary_deprecated() -> None:
    truth = doc(
        {
            "/a": {
                "get": {
                    "tags": ["x", "y"],
                    "operationId": "read_a_get",
                    "summary": "Read A",
                    "deprecated": True,
                    "responses": ok(),
                }
            }
        }
    )
    docgen = doc(
        {"/a": {"get": {"tags": ["y", "x"], "operationId": "read_a", "summary": "Read the a.", "responses": ok()}}}
    )
    res = run(truth, docgen)
    f = res["figures"]
    assert (f["tags"], f["operationId"], f["summary"], f["deprecated"], f["params"]) == (0.0, 0.0, 0.0, 0.0, 1.0)
    assert res["differences"]["tags"] == {"tags order differs": ["GET /a: truth ['x', 'y'] / docgen ['y', 'x']"]}
    assert res["differences"]["operationId"] == {
        "operationId differs": ["GET /a: truth 'read_a_get' / docgen 'read_a'"]
    }
    assert res["differences"]["deprecated"] == {"docgen lacks deprecated": ["GET /a: truth True"]}


def test_a_multi_method_routes_shared_operation_id_is_read_with_each_operations_method() -> None:
    def item(get_id: str, post_id: str) -> Json:
        return {"get": {"operationId": get_id, "responses": ok()}, "post": {"operationId": post_id, "responses": ok()}}

    truth = doc({"/u": item("user_u_post", "user_u_post"), "/v": item("v_get", "v_get_post")})
    docgen = doc({"/u": item("user_u_get", "user_u_post"), "/v": item("v_get", "v_post")})
    res = run(truth, docgen)
    assert res["figures"]["operationId"] == 0.75
    assert res["differences"]["operationId"] == {
        "operationId differs": ["POST /v: truth 'v_get_post' / docgen 'v_post'"]
    }


def test_a_bare_document_is_a_truth_and_equal_documents_score_one() -> None:
    truth = doc(
        {"/a": {"post": {"requestBody": {"content": {JSON_OBJ: {"schema": ref("A")}}}, "responses": ok(ref("A"))}}},
        {"A": {"type": "object"}},
    )
    res = run(truth, truth)
    assert res["mounts"] == {"app": ""}
    assert set(res["figures"].values()) == {1.0}
    assert all(d == {} for d in res["differences"].values())


def test_info_agreement_is_the_share_of_title_version_summary_and_description() -> None:
    truth = doc({"/x": {"get": {"responses": ok()}}}, info={"title": "Shop", "version": "2", "description": "d"})
    docgen = doc({"/x": {"get": {"responses": ok()}}}, info={"title": "Shop", "version": "abc123"})
    res = run(truth, docgen)
    assert res["figures"]["info"] == 0.5
    assert res["differences"]["info"] == {
        "differs": ["version: truth '2' / docgen 'abc123'", "description: truth 'd' / docgen None"]
    }

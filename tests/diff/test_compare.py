"""The comparison of two sides' routes, on catalog records built inline (the rules the scratch app does not reach)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import pytest

from docgen.diff import compare, endpoint_key
from docgen.diff.properties import ModelIndex
from docgen.model import (
    Auth,
    Body,
    Framework,
    HttpMethod,
    Location,
    Model,
    ModelField,
    ModelKind,
    Param,
    ParamLocation,
    Response,
    Route,
)
from docgen.model.security import SecurityScheme


@dataclass(frozen=True)
class Side:
    routes: tuple[Route, ...]
    models: tuple[Model, ...] = ()


def route(path: str = "/items", method: str = "POST", **changes: Any) -> Route:
    return Route(
        id=f"{method} {path}",
        method=HttpMethod(method),
        path=path,
        handler="app.handler",
        app="app:app",
        location=Location("app.py", 3),
        framework=Framework.FASTAPI,
        **changes,
    )


def model(*fields: tuple[str, bool], name: str = "Item") -> Model:
    return Model(
        id=f"app.{name}",
        name=name,
        module="app",
        kind=ModelKind.PYDANTIC,
        location=Location("app.py", 1),
        fields=tuple(ModelField(name=n, type="str", required=r) for n, r in fields),
    )


def part(name: str, *, required: bool = True) -> Param:
    return Param(name=name, in_=ParamLocation.QUERY, required=required)


def changes(before: Side, after: Side) -> list[tuple[str, str, str]]:
    return [(c.level.value, c.rule, c.message) for c in compare(before, after)]


def test_endpoint_key_erases_path_parameter_names_only() -> None:
    assert endpoint_key(route("/a/{x}/b/{y}", "GET")) == ("GET", "/a/{}/b/{}")


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (
            {"deprecated": True},
            {},
            [("non-breaking", "endpoint-reactivated", "endpoint no longer deprecated")],
        ),
        (
            {"params": (Param(name="q", in_=ParamLocation.QUERY, required=True),)},
            {"params": (Param(name="q", in_=ParamLocation.QUERY, required=False),)},
            [("non-breaking", "request-parameter-became-optional", "query parameter `q` became optional")],
        ),
        (
            {"params": (Param(name="q", in_=ParamLocation.QUERY, type="Optional[int]"),)},
            {"params": (Param(name="q", in_=ParamLocation.QUERY, type="int|None"),)},
            [],
        ),
        (
            {},
            {"request_body": Body(type="Item", required=True)},
            [("breaking", "request-body-added-required", "required request body added")],
        ),
        (
            {},
            {"request_body": Body(type="Item", required=False)},
            [("non-breaking", "request-body-added-optional", "optional request body added")],
        ),
        (
            {"request_body": Body(type="Item")},
            {},
            [("potentially-breaking", "request-body-removed", "request body removed")],
        ),
        (
            {
                "request_body": Body(
                    fields=(
                        Param(name="a", in_=ParamLocation.QUERY),
                        Param(name="b", in_=ParamLocation.QUERY, required=False),
                    )
                )
            },
            {
                "request_body": Body(
                    fields=(
                        Param(name="b", in_=ParamLocation.QUERY),
                        Param(name="c", in_=ParamLocation.QUERY, required=False),
                    )
                )
            },
            [
                ("breaking", "request-property-became-required", "request property `b` became required"),
                ("potentially-breaking", "request-property-removed", "request property `a` removed"),
                ("non-breaking", "new-optional-request-property", "optional request property `c` added"),
            ],
        ),
        (
            {"auth": ()},
            {"params": (Param(name="id", in_=ParamLocation.PATH, type="int"),), "path": "/items/{id}"},
            [
                ("breaking", "api-path-removed-without-deprecation", "path removed without deprecation"),
                ("non-breaking", "endpoint-added", "endpoint added"),
            ],
        ),
    ],
)
def test_route_rules(before: dict[str, Any], after: dict[str, Any], expected: list[tuple[str, str, str]]) -> None:
    old = route(before.pop("path", "/items"), **before)
    new = route(after.pop("path", "/items"), **after)
    assert changes(Side((old,)), Side((new,))) == expected


def test_response_properties_follow_the_models_of_each_side() -> None:
    response = (Response(status="200", model="app.Item"),)
    old = Side((route(responses=response),), (model(("id", True), ("note", False)),))
    new = Side((route(responses=response),), (model(("id", True), ("tags", True)),))
    assert changes(old, new) == [
        ("potentially-breaking", "response-optional-property-removed", "response property `note` removed (status 200)"),
        ("non-breaking", "response-property-added", "response property `tags` added (status 200)"),
    ]


def test_a_path_parameter_type_change_is_breaking_and_a_body_of_unknown_shape_is_not_compared() -> None:
    before = route(
        "/items/{id}",
        params=(Param(name="id", in_=ParamLocation.PATH, type="int"),),
        request_body=Body(type="Item", model="app.Missing"),
    )
    after = route(
        "/items/{key}",
        params=(Param(name="key", in_=ParamLocation.PATH, type="str"),),
        request_body=Body(type="Item", model="app.Item"),
    )
    assert changes(Side((before,)), Side((after,), (model(("x", True)),))) == [
        ("breaking", "request-parameter-type-changed", "path parameter `key` type changed from `int` to `str`"),
        ("non-breaking", "request-path-parameter-renamed", "path parameter `id` renamed to `key`"),
    ]


def test_an_enum_returned_whole_is_not_read_as_an_object_of_properties() -> None:
    def color(*members: str) -> Model:
        fields = tuple(ModelField(name=m, type="", required=False, default=repr(m)) for m in members)
        return Model(
            id="app.Color",
            name="Color",
            module="app",
            kind=ModelKind.ENUM,
            location=Location("app.py", 1),
            fields=fields,
        )

    returns = {"responses": (Response(status="200", type="Color", model="app.Color"),)}
    before = Side((route("/color", "GET", **returns),), (color("red", "blue"),))
    after = Side((route("/color", "GET", **returns),), (color("red"),))
    assert changes(before, after) == []


def test_authentication_is_compared_by_what_a_client_sends() -> None:
    bearer = SecurityScheme(name="HTTPBearer", type="http", scheme="bearer")
    cookie = SecurityScheme(name="APIKeyCookie", type="apiKey", location="cookie", parameter="session")

    def auth(name: str, scheme: SecurityScheme | None = None, kind: str = "http_bearer") -> Auth:
        return Auth(kind=kind, name=name, scheme=scheme)

    before = Side(
        (
            route(
                auth=(
                    auth("is_admin", bearer),
                    auth("is_admin", cookie, "api_key"),
                    auth("staff_only", kind="dependency"),
                )
            ),
        )
    )
    renamed = Side((route(auth=(auth("is_admin_api", bearer), auth("staff_only", kind="dependency"))),))
    assert changes(before, renamed) == [
        ("non-breaking", "api-security-removed", "authentication `is_admin` (api_key) no longer required"),
    ]
    assert changes(renamed, Side((route(auth=(auth("staff", kind="dependency"),)),))) == [
        ("breaking", "api-security-added", "authentication `staff` (dependency) required"),
        ("non-breaking", "api-security-removed", "authentication `is_admin_api` (http_bearer) no longer required"),
        ("non-breaking", "api-security-removed", "authentication `staff_only` (dependency) no longer required"),
    ]


def test_response_properties_inside_nested_and_generic_models_are_compared_by_path() -> None:
    def item(*names: str) -> Model:
        fields = tuple(ModelField(name=n, type="str", required=True) for n in names)
        return Model(
            id="app.Item",
            name="Item",
            module="app",
            kind=ModelKind.PYDANTIC,
            location=Location("app.py", 1),
            fields=fields,
        )

    page = Model(
        id="app.Page",
        name="Page",
        module="app",
        kind=ModelKind.PYDANTIC,
        location=Location("app.py", 5),
        type_params=("T",),
        fields=(
            ModelField(name="count", type="int", required=True),
            ModelField(name="items", type="list[T]", required=True),
            ModelField(name="first", type="Item", required=False, resolved_type="app.Item"),
        ),
    )
    listed = Response(status="200", type="Page[Item]", model="app.Page", resolved_type="app.Page[app.Item]")
    before = Side((route("/items", "GET", responses=(listed,)),), (page, item("name")))
    after = Side((route("/items", "GET", responses=(listed,)),), (page, item("name", "color")))
    assert changes(before, after) == [
        ("non-breaking", "response-property-added", "response property `first.color` added (status 200)"),
        ("non-breaking", "response-property-added", "response property `items[].color` added (status 200)"),
    ]


def test_a_list_of_a_model_written_by_its_name_is_followed_when_one_model_has_that_name() -> None:
    def shop(*names: str) -> Model:
        fields = tuple(ModelField(name=n, type="str", required=True) for n in names)
        return Model(
            id="app.Item",
            name="Item",
            module="app",
            kind=ModelKind.PYDANTIC,
            location=Location("a.py", 1),
            fields=fields,
        )

    cart = Model(
        id="app.Cart",
        name="Cart",
        module="app",
        kind=ModelKind.PYDANTIC,
        location=Location("a.py", 9),
        fields=(ModelField(name="items", type="list[Item]", required=True),),
    )
    other = replace(shop(), id="other.Item", module="other")
    answer = Response(status="200", type="Cart", model="app.Cart")
    one = changes(
        Side((route("/c", "GET", responses=(answer,)),), (cart, shop("sku"))),
        Side((route("/c", "GET", responses=(answer,)),), (cart, shop("sku", "qty"))),
    )
    assert one == [("non-breaking", "response-property-added", "response property `items[].qty` added (status 200)")]
    two = changes(
        Side((route("/c", "GET", responses=(answer,)),), (cart, shop("sku"), other)),
        Side((route("/c", "GET", responses=(answer,)),), (cart, shop("sku", "qty"), other)),
    )
    assert two == []  # two models called Item: which one the list holds is not known
    assert ModelIndex([cart, shop(), other]).by_name == {"Cart": "app.Cart", "Item": None}

"""Model component schemas as each pydantic major writes them: enums, named tuples."""

from __future__ import annotations

from dataclasses import replace

from docgen.model import ModelField, ModelKind
from docgen.render.openapi import openapi_document
from tests.render import catalog_factory as cf


def test_pydantic_1_types_an_enum_by_its_mixin_and_pydantic_2_by_its_values() -> None:
    # pydantic 1.10 / 2.12 for the same enums: a plain Enum of strings has no type in 1.10.
    fields = (ModelField(name="A", default="'a'"),)
    plain = replace(
        cf.owner_model(), id="app.Plain", name="Plain", kind=ModelKind.ENUM, fields=fields, bases=("enum.Enum",)
    )
    text = replace(plain, id="app.Text", name="Text", bases=("builtins.str", "enum.Enum"))
    sub = replace(plain, id="app.Sub", name="Sub", bases=("app.Text",))
    number = replace(
        plain, id="app.Number", name="Number", fields=(ModelField(name="ONE", default="1"),), bases=("enum.IntEnum",)
    )

    def types(pydantic: int) -> dict[str, str | None]:
        catalog = cf.catalog(models=(plain, text, sub, number))
        catalog = replace(catalog, project=replace(catalog.project, pydantic=pydantic))
        schemas = openapi_document(catalog, cf.config())["components"]["schemas"]
        return {name: schemas[name].get("type") for name in ("Plain", "Text", "Sub", "Number")}

    assert types(1) == {"Plain": None, "Text": "string", "Sub": "string", "Number": "integer"}
    assert types(2) == {"Plain": "string", "Text": "string", "Sub": "string", "Number": "integer"}


def test_a_named_tuple_is_an_array_of_its_fields() -> None:
    # pydantic 2.12 and 1.10 for `class Point(NamedTuple): x: int; label: str | None = None`.
    fields = (ModelField(name="x", type="int"), ModelField(name="label", type="str", required=False, default="None"))
    point = replace(cf.owner_model(), id="app.Point", name="Point", kind=ModelKind.NAMEDTUPLE, fields=fields)

    def schema(pydantic: int) -> dict[str, object]:
        catalog = cf.catalog(models=(point,))
        catalog = replace(catalog, project=replace(catalog.project, pydantic=pydantic))
        found = openapi_document(catalog, cf.config())["components"]["schemas"]["Point"]
        return {k: v for k, v in found.items() if k not in ("title", "description")}

    assert schema(2) == {
        "type": "array",
        "prefixItems": [{"type": "integer"}, {"type": "string"}],
        "minItems": 1,
        "maxItems": 2,
    }
    assert schema(1) == {"type": "array", "items": {}, "minItems": 2, "maxItems": 2}

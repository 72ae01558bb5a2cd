"""django-ninja schemas from inline sources: Schema and FilterSchema as pydantic models, ModelSchema with model fields.

The expected fields are the ones ninja 1.x gives the same classes (``Schema.model_fields``).
"""

from __future__ import annotations

from docgen.model import Model, ModelKind
from docgen.testing import link_sources

MODELS = """
from django.db import models


class Owner(models.Model):
    name = models.CharField(max_length=50)


class Order(models.Model):
    slug = models.SlugField(max_length=40)
    status = models.CharField(max_length=10, choices=[("new", "New")], default="new")
    note = models.TextField(blank=True)
    owner = models.ForeignKey(Owner, on_delete=models.CASCADE)
    created = models.DateTimeField(auto_now_add=True)
    secret = models.CharField(max_length=10)
"""

SCHEMAS = '''
from datetime import datetime

from ninja import Field, FilterSchema, ModelSchema, Schema

from shop.models import Order


class OrderFilter(FilterSchema):
    """Filters of the order list."""

    status: str | None = None


class Revoke(Schema):
    reason: str = Field(description="Why.")
    when: datetime | None = None


class OrderOut(ModelSchema):
    """An order."""

    serial: str | None = Field(alias="owner.name", default=None)
    created: datetime = Field(description="When it was placed.")

    class Meta:
        model = Order
        fields = sorted(["status", "slug", "created", "owner"])


class OrderAll(ModelSchema):
    class Meta:
        model = Order
        exclude = ["secret"]
        fields_optional = ["slug"]
'''


def _models() -> dict[str, Model]:
    linked, _ = link_sources({"shop/__init__.py": "", "shop/models.py": MODELS, "shop/schemas.py": SCHEMAS})
    return {m.id.rpartition(".")[2]: m for m in linked.models if m.id.startswith("shop.schemas.")}


def test_schemas_and_filter_schemas_are_pydantic_models() -> None:
    models = _models()
    assert sorted(models) == ["OrderAll", "OrderFilter", "OrderOut", "Revoke"]
    assert {m.kind for m in models.values()} == {ModelKind.PYDANTIC}
    assert [(f.name, f.type, f.required) for f in models["Revoke"].fields] == [
        ("reason", "str", True),
        ("when", "datetime | None", False),
    ]
    assert [(f.name, f.type, f.required) for f in models["OrderFilter"].fields] == [("status", "str | None", False)]


def test_a_model_schema_takes_the_meta_fields_of_its_django_model_after_its_own() -> None:
    out = _models()["OrderOut"]
    assert [(f.name, f.type, f.required) for f in out.fields] == [
        ("serial", "str | None", False),
        ("created", "datetime", True),
        ("owner", "int", True),
        ("slug", "str", True),
        ("status", "str", False),
    ]
    assert out.fields[4].constraints == {"max_length": "10", "choices": "[('new', 'New')]"}


def test_a_model_schema_with_exclude_takes_every_other_field_and_fields_optional_loosens_one() -> None:
    every = _models()["OrderAll"]
    assert [(f.name, f.type, f.required) for f in every.fields] == [
        ("id", "int | None", False),
        ("slug", "str | None", False),
        ("status", "str", False),
        ("note", "str | None", False),
        ("owner", "int", True),
        ("created", "datetime", True),
    ]

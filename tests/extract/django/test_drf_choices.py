"""Serializer fields as DRF builds them: choice values, read-only field classes, multi-table parent links."""

from __future__ import annotations

from docgen.testing import link_sources

MODELS = """
from django.db import models
from django.utils.translation import gettext_lazy as _

SIZES = [(1, "Small"), (2, "Large")]

class Base(models.Model):
    name = models.CharField(max_length=10)

class Item(Base):
    class Status(models.TextChoices):
        NEW = "new", _("New")
        DONE = "done", _("Done")

    status = models.CharField(max_length=8, choices=Status.choices)
    size = models.IntegerField(choices=SIZES)
"""
SERIALIZERS = """
from rest_framework import serializers
from .models import Item

class ItemSerializer(serializers.ModelSerializer):
    kind = serializers.ReadOnlyField()
    colour = serializers.ChoiceField(choices=["red", "blue"])
    shade = serializers.ChoiceField(choices=Item.Status)

    class Meta:
        model = Item
        fields = "__all__"
"""


def test_choices_read_only_classes_and_parent_links() -> None:
    linked, diagnostics = link_sources(
        {"shop/__init__.py": "", "shop/models.py": MODELS, "shop/serializers.py": SERIALIZERS}
    )
    assert diagnostics == []
    (serializer,) = [m for m in linked.models if m.name == "ItemSerializer"]
    fields = {f.name: f for f in serializer.fields}
    assert list(fields) == ["id", "name", "status", "size", "kind", "colour", "shade"]  # no base_ptr
    assert fields["status"].constraints["enum"] == '["new", "done"]'
    assert fields["size"].constraints["enum"] == "[1, 2]"
    assert fields["colour"].constraints["enum"] == '["red", "blue"]'
    assert fields["shade"].constraints["enum"] == '["new", "done"]'
    assert (fields["kind"].required, fields["kind"].constraints) == (False, {"read_only": "True"})

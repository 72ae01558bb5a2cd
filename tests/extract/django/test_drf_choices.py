"""Serializer fields as DRF builds them: choices, read-only and project field classes, method field types."""

from __future__ import annotations

from docgen.render.openapi import openapi_document
from docgen.testing import link_sources
from tests.render import catalog_factory as cf

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
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from .models import Item

class StateField(serializers.ReadOnlyField):
    pass

@extend_schema_field({"type": "object", "additionalProperties": True})
class ObjectField(serializers.JSONField):
    pass

class ItemSerializer(serializers.ModelSerializer):
    kind = serializers.ReadOnlyField()
    colour = serializers.ChoiceField(choices=["red", "blue"])
    shade = serializers.ChoiceField(choices=Item.Status)
    state = StateField()
    done = serializers.SerializerMethodField()
    count = serializers.SerializerMethodField(read_only=False)
    extra = ObjectField(required=False)

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_done(self, obj): ...

    def get_count(self, obj) -> int: ...

    class Meta:
        model = Item
        fields = "__all__"
"""


def test_choices_field_classes_method_types_and_parent_links() -> None:
    linked, diagnostics = link_sources(
        {"shop/__init__.py": "", "shop/models.py": MODELS, "shop/serializers.py": SERIALIZERS}
    )
    assert diagnostics == []
    (serializer,) = [m for m in linked.models if m.name == "ItemSerializer"]
    fields = {f.name: f for f in serializer.fields}
    names = ["id", "name", "status", "size", "kind", "colour", "shade", "state", "done", "count", "extra"]
    assert list(fields) == names  # no base_ptr
    assert fields["status"].constraints["enum"] == '["new", "done"]'
    assert fields["size"].constraints["enum"] == "[1, 2]"
    assert fields["colour"].constraints["enum"] == '["red", "blue"]'
    assert fields["shade"].constraints["enum"] == '["new", "done"]'
    assert (fields["kind"].required, fields["kind"].constraints) == (False, {"read_only": "True"})
    assert (fields["state"].required, fields["state"].constraints) == (
        False,
        {"base": "ReadOnlyField", "read_only": "True"},
    )
    assert fields["done"].constraints == {"read_only": "True", "returns": "bool"}
    assert fields["count"].constraints == {"read_only": "True", "returns": "int"}  # DRF forces read_only
    assert fields["extra"].constraints == {
        "base": "JSONField",
        "schema": '{"type": "object", "additionalProperties": true}',
    }


def test_a_list_of_choices_gets_the_choices_as_its_items_enum() -> None:
    source = """
from rest_framework import serializers


class Action:
    CREATED = "CREATED"
    DELETED = "DELETED"
    ACTIONS = {CREATED: {"name": "Created"}, DELETED: {"name": "Deleted"}}


class HookSerializer(serializers.Serializer):
    actions = serializers.ListField(child=serializers.ChoiceField(choices=Action.ACTIONS), default=[])
    tags = serializers.ListField(child=serializers.CharField())
"""
    linked, diagnostics = link_sources({"hooks/__init__.py": "", "hooks/serializers.py": source})
    assert diagnostics == []
    (serializer,) = [m for m in linked.models if m.name == "HookSerializer"]
    fields = {f.name: f for f in serializer.fields}
    assert fields["actions"].constraints["child_enum"] == '["CREATED", "DELETED"]'
    assert "child_enum" not in fields["tags"].constraints
    catalog = cf.catalog(models=(serializer,))
    schema = openapi_document(catalog, cf.config())["components"]["schemas"]["HookSerializer"]
    assert schema["properties"]["actions"]["items"] == {"enum": ["CREATED", "DELETED"], "type": "string"}
    assert schema["properties"]["tags"]["items"] == {"type": "string"}


def test_a_non_editable_model_field_is_read_only_without_its_choices_or_length() -> None:
    models = """
from django.db import models

KINDS = [(1, "One"), (2, "Two")]

class Plural(models.Model):
    kind = models.IntegerField(choices=KINDS, editable=False)
    code = models.CharField(max_length=5, editable=False, null=True)
    size = models.IntegerField(choices=KINDS)
"""
    serializers = """
from rest_framework import serializers
from .models import Plural

class PluralSerializer(serializers.ModelSerializer):
    class Meta:
        model = Plural
        fields = ["kind", "code", "size"]
"""
    linked, diagnostics = link_sources(
        {"lang/__init__.py": "", "lang/models.py": models, "lang/serializers.py": serializers}
    )
    assert diagnostics == []
    (serializer,) = [m for m in linked.models if m.name == "PluralSerializer"]
    fields = {f.name: (f.type, f.required, f.constraints) for f in serializer.fields}
    assert fields == {
        "kind": ("IntegerField", False, {"read_only": "True"}),
        "code": ("CharField", False, {"read_only": "True", "allow_null": "True"}),
        "size": ("ChoiceField", True, {"choices": "KINDS", "enum": "[1, 2]"}),
    }


def test_a_project_model_field_class_maps_as_the_django_class_it_derives_from() -> None:
    models = """
from django.db import models

class RegexField(models.CharField):
    pass

class Component(models.Model):
    key_filter = RegexField(max_length=500, blank=True)
"""
    serializers = """
from rest_framework import serializers
from .models import Component

class ComponentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Component
        fields = ["key_filter"]
"""
    linked, diagnostics = link_sources(
        {"trans/__init__.py": "", "trans/models.py": models, "trans/serializers.py": serializers}
    )
    assert diagnostics == []
    (component,) = [m for m in linked.models if m.name == "Component"]
    assert [(f.name, f.type, f.constraints.get("base")) for f in component.fields] == [
        ("id", "AutoField", None),
        ("key_filter", "RegexField", "CharField"),
    ]
    (serializer,) = [m for m in linked.models if m.name == "ComponentSerializer"]
    assert [(f.name, f.type) for f in serializer.fields] == [("key_filter", "CharField")]


def test_a_field_class_passing_options_to_its_parent_init_has_them_wherever_it_is_used() -> None:
    source = """
from rest_framework import serializers


class TaskField(serializers.HyperlinkedRelatedField):
    def __init__(self, **kwargs):
        super().__init__("api:task-detail", read_only=True, allow_null=True, **kwargs)


class ComponentSerializer(serializers.Serializer):
    task_url = TaskField(lookup_field="task_id")
    other_url = serializers.HyperlinkedRelatedField(view_name="x", queryset=None)
"""
    linked, diagnostics = link_sources({"trans/__init__.py": "", "trans/serializers.py": source})
    assert diagnostics == []
    (serializer,) = [m for m in linked.models if m.name == "ComponentSerializer"]
    fields = {
        f.name: (f.required, f.constraints.get("read_only"), f.constraints.get("allow_null")) for f in serializer.fields
    }
    assert fields == {"task_url": (False, "True", "True"), "other_url": (True, None, None)}

"""Django reverse accessors from inline sources: related_name, defaults, placeholders, abstract bases."""

from __future__ import annotations

from docgen.model import Model, Relation, RelationKind
from docgen.testing import link_sources

SETTINGS = """
INSTALLED_APPS = ["people", "shop.apps.ShopConfig"]
AUTH_USER_MODEL = "people.Member"
"""
APPS = """
from django.apps import AppConfig

class ShopConfig(AppConfig):
    name = "shop"
    label = "Store"
"""
PEOPLE = """
from django.db import models


class Member(models.Model):
    name = models.CharField(max_length=50)
    friends = models.ManyToManyField("self")
    follows = models.ManyToManyField("self", symmetrical=False, related_name="followers")
"""
SHOP = """
from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models

RELATED = "carts"


class Owned(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="%(app_label)s_%(class)ss"
    )
    editor = models.ForeignKey("people.Member", on_delete=models.CASCADE, related_name="+")

    class Meta:
        abstract = True


class Shelf(Owned):
    name = models.CharField(max_length=20)


class Order(Owned):
    shelf = models.ForeignKey("Shelf", on_delete=models.CASCADE, related_name="orders_+")
    invoice = models.OneToOneField("store.Invoice", on_delete=models.CASCADE)
    tags = GenericRelation("TaggedItem")


class Invoice(models.Model):
    number = models.CharField(max_length=20)


class Cart(models.Model):
    member = models.ForeignKey("people.Member", on_delete=models.CASCADE, related_name=RELATED)
    shelf = models.ForeignKey(Shelf, on_delete=models.CASCADE, related_name=compute_name())


class ExpressOrder(Order):
    deadline = models.DateField()


class CheapOrder(Order):
    class Meta:
        proxy = True
"""


def _models() -> dict[str, Model]:
    linked, _ = link_sources(
        {
            "proj/settings.py": SETTINGS,
            "people/__init__.py": "",
            "people/models.py": PEOPLE,
            "shop/__init__.py": "",
            "shop/apps.py": APPS,
            "shop/models.py": SHOP,
        }
    )
    return {m.name: m for m in linked.models}


def _reverse(model: Model) -> list[tuple[str, str, str | None]]:
    return [(r.field, r.target, r.opposite) for r in model.relations if r.kind is RelationKind.REVERSE]


def test_related_names_of_an_abstract_base_expand_per_concrete_model() -> None:
    models = _models()
    assert models["Order"].relations[:3] == (
        Relation(kind=RelationKind.FOREIGN_KEY, field="owner", target="people.models.Member", opposite="store_orders"),
        Relation(kind=RelationKind.FOREIGN_KEY, field="editor", target="people.models.Member", opposite=None),
        Relation(kind=RelationKind.FOREIGN_KEY, field="shelf", target="shop.models.Shelf", opposite=None),
    )
    # settings.AUTH_USER_MODEL, "app_label.Model" and a constant related_name reach the same model;
    # "+" and names ending in "+" give none, nor does a symmetrical many-to-many to the model itself
    assert _reverse(models["Member"]) == [
        ("followers", "people.models.Member", "follows"),
        ("carts", "shop.models.Cart", "member"),
        ("store_orders", "shop.models.Order", "owner"),
        ("store_shelfs", "shop.models.Shelf", "owner"),
    ]


def test_default_accessors_one_to_one_and_placeholders() -> None:
    models = _models()
    assert _reverse(models["Invoice"]) == [("order", "shop.models.Order", "invoice")]
    # a related_name docgen cannot read is a visible placeholder
    assert _reverse(models["Shelf"]) == [("{?compute_name()}", "shop.models.Cart", "shelf")]


def test_a_child_model_gives_its_parent_one_accessor_and_inherits_the_parents_relations() -> None:
    models = _models()
    express = models["ExpressOrder"]
    assert [r.field for r in express.relations] == ["owner", "editor", "shelf", "invoice", "order_ptr"]
    # Member.store_orders and Invoice.order come from Order alone, not from the child or the proxy
    assert models["CheapOrder"].relations == models["Order"].relations[:4]
    assert _reverse(models["Order"]) == [("expressorder", "shop.models.ExpressOrder", "order_ptr")]
    assert [f for f, *_ in _reverse(models["Invoice"])] == ["order"]


def test_reverse_accessors_and_generic_relations_are_not_fields() -> None:
    models = _models()
    assert [f.name for f in models["Member"].fields] == ["id", "name", "friends", "follows"]
    assert [f.name for f in models["Order"].fields] == ["id", "owner", "editor", "shelf", "invoice"]
    assert [r.field for r in models["Order"].relations if r.kind is not RelationKind.REVERSE] == [
        "owner",
        "editor",
        "shelf",
        "invoice",
    ]

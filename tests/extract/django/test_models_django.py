"""Django models from inline sources: field options, relations, Meta, abstract and multi-table inheritance."""

from __future__ import annotations

from docgen.model import Model, ModelKind, Relation, RelationKind
from docgen.testing import link_sources

ID = ("id", "AutoField", False, None, {"primary_key": "True", "auto_created": "True"}, "")

SETTINGS = """
INSTALLED_APPS = ["django.contrib.auth", "shop.apps.ShopConfig", "accounts"]
AUTH_USER_MODEL = "accounts.Customer"
"""
APPS = """
from django.apps import AppConfig

class ShopConfig(AppConfig):
    name = "shop"
    label = "store"
"""
ACCOUNTS = '''
from django.contrib.auth.models import AbstractUser
from django.db import models


class Customer(AbstractUser):
    """A person who buys things."""

    nickname = models.CharField(max_length=30, blank=True)
'''
SHOP = '''
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ProductManager(models.Manager):
    pass


class Timestamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, help_text="When it was made")

    class Meta:
        abstract = True
        ordering = ["-created_at"]


class Category(Timestamped):
    name = models.CharField(_("name"), max_length=100, unique=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE)


class Product(Timestamped):
    """Something for sale.

    Attributes:
        price: Unit price in cents.
    """

    STATUS = [("draft", "Draft"), ("live", "Live")]

    title = models.CharField(max_length=200, help_text=_("Shown in listings"))
    status = models.CharField(max_length=10, choices=STATUS, default="draft")
    price = models.PositiveIntegerField()
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="products")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    tags = models.ManyToManyField("store.Tag", blank=True)
    sku = models.CharField(max_length=20)
    """Stock keeping unit."""

    objects = ProductManager()

    class Meta:
        db_table = "products"
        unique_together = ("category", "title")
        indexes = [models.Index(fields=["status", "-price"], name="status_price")]
        constraints = [
            models.UniqueConstraint(fields=["sku"], name="unique_sku"),
            models.CheckConstraint(check=models.Q(price__gte=0), name="price_positive"),
        ]

    def __str__(self) -> str:
        return self.title


class Tag(models.Model):
    slug = models.SlugField(primary_key=True)


class Profile(models.Model):
    user = models.OneToOneField("accounts.Customer", on_delete=models.CASCADE, primary_key=True)
    api_key = models.CharField(max_length=64, default="sk_live_4eC39HqLyjWDarjtT1zdp7dc")
'''


def _models() -> tuple[dict[str, Model], list[str]]:
    linked, diagnostics = link_sources(
        {
            "proj/settings.py": SETTINGS,
            "shop/__init__.py": "",
            "shop/apps.py": APPS,
            "shop/models.py": SHOP,
            "accounts/__init__.py": "",
            "accounts/models.py": ACCOUNTS,
        }
    )
    models = {m.id: m for m in linked.models if m.kind is ModelKind.DJANGO}
    return models, [f"{d.code} {d.location}" for d in diagnostics if d.code.startswith("DG4")]


def _fields(model: Model) -> list[tuple[object, ...]]:
    return [(f.name, f.type, f.required, f.default, f.constraints, f.description) for f in model.fields]


def test_concrete_models_only_abstract_bases_lend_their_fields_and_meta() -> None:
    models, _ = _models()
    assert sorted(models) == [
        "accounts.models.Customer",
        "shop.models.Category",
        "shop.models.Product",
        "shop.models.Profile",
        "shop.models.Tag",
    ]
    category = models["shop.models.Category"]
    assert _fields(category) == [
        ID,
        (
            "created_at",
            "DateTimeField",
            False,
            None,
            {"auto_now_add": "True", "ordering": "desc"},
            "When it was made",
        ),
        ("name", "CharField", True, None, {"max_length": "100", "unique": "True", "verbose_name": "_('name')"}, ""),
        (
            "parent",
            "ForeignKey",
            False,
            None,
            {"null": "True", "blank": "True", "on_delete": "models.CASCADE", "to": "'self'"},
            "",
        ),
    ]
    assert category.relations == (
        Relation(kind=RelationKind.FOREIGN_KEY, field="parent", target="shop.models.Category", opposite="category_set"),
        Relation(kind=RelationKind.REVERSE, field="category_set", target="shop.models.Category", opposite="parent"),
        Relation(kind=RelationKind.REVERSE, field="products", target="shop.models.Product", opposite="category"),
    )
    assert category.bases == ("shop.models.Timestamped",)
    assert category.table == "store_category"  # the AppConfig's label


def test_field_options_relations_meta_and_descriptions() -> None:
    product = _models()[0]["shop.models.Product"]
    assert product.table == "products"
    assert product.summary == "Something for sale."
    assert _fields(product) == [
        ID,
        ("created_at", "DateTimeField", False, None, {"auto_now_add": "True"}, "When it was made"),
        (
            "title",
            "CharField",
            True,
            None,
            {"max_length": "200", "unique_together": "(category, title)"},
            "Shown in listings",
        ),
        (
            "status",
            "CharField",
            False,
            "'draft'",
            {"max_length": "10", "choices": "STATUS", "indexes": "status_price (status, price)"},
            "",
        ),
        (
            "price",
            "PositiveIntegerField",
            True,
            None,
            {"indexes": "status_price (status, price)"},
            "Unit price in cents.",
        ),
        (
            "category",
            "ForeignKey",
            True,
            None,
            {
                "on_delete": "models.PROTECT",
                "related_name": "'products'",
                "to": "Category",
                "unique_together": "(category, title)",
            },
            "",
        ),
        ("owner", "ForeignKey", True, None, {"on_delete": "models.CASCADE", "to": "settings.AUTH_USER_MODEL"}, ""),
        ("tags", "ManyToManyField", False, None, {"blank": "True", "to": "'store.Tag'"}, ""),
        (
            "sku",
            "CharField",
            True,
            None,
            {"max_length": "20", "unique_constraint": "unique_sku (sku)"},
            "Stock keeping unit.",
        ),
    ]
    assert product.relations == (
        Relation(kind=RelationKind.FOREIGN_KEY, field="category", target="shop.models.Category", opposite="products"),
        Relation(
            kind=RelationKind.FOREIGN_KEY, field="owner", target="accounts.models.Customer", opposite="product_set"
        ),
        Relation(kind=RelationKind.MANY_TO_MANY, field="tags", target="shop.models.Tag", opposite="product_set"),
    )


def test_declared_primary_keys_replace_the_implicit_id_and_secret_defaults_are_masked() -> None:
    models, warnings = _models()
    assert [f.name for f in models["shop.models.Tag"].fields] == ["slug"]
    profile = models["shop.models.Profile"]
    assert _fields(profile) == [
        (
            "user",
            "OneToOneField",
            True,
            None,
            {"on_delete": "models.CASCADE", "primary_key": "True", "to": "'accounts.Customer'"},
            "",
        ),
        ("api_key", "CharField", False, "'***'", {"max_length": "64"}, ""),
    ]
    assert profile.relations == (
        Relation(kind=RelationKind.ONE_TO_ONE, field="user", target="accounts.models.Customer", opposite="profile"),
    )
    assert models["shop.models.Tag"].relations == (
        Relation(kind=RelationKind.REVERSE, field="product_set", target="shop.models.Product", opposite="tags"),
    )
    assert warnings == ["DG401 shop/models.py:62"]


def test_contrib_auth_abstract_user_fields_are_known() -> None:
    customer = _models()[0]["accounts.models.Customer"]
    assert [f.name for f in customer.fields] == [
        "id",
        "password",
        "last_login",
        "is_superuser",
        "username",
        "first_name",
        "last_name",
        "email",
        "is_staff",
        "is_active",
        "date_joined",
        "groups",
        "user_permissions",
        "nickname",
    ]
    assert customer.relations == (
        Relation(
            kind=RelationKind.MANY_TO_MANY,
            field="groups",
            target="django.contrib.auth.models.Group",
            opposite="user_set",
        ),
        Relation(
            kind=RelationKind.MANY_TO_MANY,
            field="user_permissions",
            target="django.contrib.auth.models.Permission",
            opposite="user_set",
        ),
        # settings.AUTH_USER_MODEL and "accounts.Customer" targets give the user model its accessors
        Relation(kind=RelationKind.REVERSE, field="product_set", target="shop.models.Product", opposite="owner"),
        Relation(kind=RelationKind.REVERSE, field="profile", target="shop.models.Profile", opposite="user"),
    )
    assert customer.table == "accounts_customer"


MTI = """
from django.db import models


class Place(models.Model):
    name = models.CharField(max_length=50)


class Restaurant(Place):
    serves_pizza = models.BooleanField(default=False)


class Menu(models.Model):
    restaurant = models.ForeignKey(Restaurant, on_delete=models.CASCADE)


class Branded(Place):
    brand = models.CharField(max_length=20)

    class Meta:
        abstract = True


class Franchise(Branded):
    owner_name = models.CharField(max_length=20)


class Bar(Place):
    place = models.OneToOneField(Place, parent_link=True, on_delete=models.CASCADE, related_name="+")


class CheapPlace(Place):
    class Meta:
        proxy = True
        ordering = ["name"]


class Mixin:
    ignored = models.CharField(max_length=5)


class Named(models.Model):
    name = models.CharField(max_length=50)
    slug = models.SlugField()

    class Meta:
        abstract = True


class Stall(Mixin, Named):
    slug = None
"""


def test_multi_table_inheritance_parent_fields_then_pointer() -> None:
    linked, _ = link_sources({"places/__init__.py": "", "places/models.py": MTI})
    models = {m.name: m for m in linked.models}
    assert [f.name for f in models["Restaurant"].fields] == ["id", "name", "place_ptr", "serves_pizza"]
    assert models["Restaurant"].relations == (
        Relation(kind=RelationKind.ONE_TO_ONE, field="place_ptr", target="places.models.Place", opposite="restaurant"),
        Relation(kind=RelationKind.REVERSE, field="menu_set", target="places.models.Menu", opposite="restaurant"),
    )
    assert models["Restaurant"].table == "places_restaurant"
    assert models["Menu"].relations == (
        Relation(
            kind=RelationKind.FOREIGN_KEY, field="restaurant", target="places.models.Restaurant", opposite="menu_set"
        ),
    )
    # the parent links give the parent one accessor per child; related_name="+" gives none
    assert models["Place"].relations == (
        Relation(kind=RelationKind.REVERSE, field="franchise", target="places.models.Franchise", opposite="place_ptr"),
        Relation(
            kind=RelationKind.REVERSE, field="restaurant", target="places.models.Restaurant", opposite="place_ptr"
        ),
    )
    assert models["Bar"].relations == (
        Relation(kind=RelationKind.ONE_TO_ONE, field="place", target="places.models.Place", opposite=None),
    )
    # an abstract base with a concrete parent passes the parent link on
    assert [f.name for f in models["Franchise"].fields] == ["id", "name", "place_ptr", "brand", "owner_name"]
    assert "Branded" not in models
    # a declared parent link replaces the implicit pointer
    assert [f.name for f in models["Bar"].fields] == ["id", "name", "place"]
    # a proxy has its parent's fields and table
    cheap = models["CheapPlace"]
    assert [(f.name, f.constraints.get("ordering")) for f in cheap.fields] == [("id", None), ("name", "asc")]
    assert cheap.table == "places_place"
    # fields of plain mixins are not fields; ``slug = None`` removes an abstract base's field
    assert [f.name for f in models["Stall"].fields] == ["id", "name"]

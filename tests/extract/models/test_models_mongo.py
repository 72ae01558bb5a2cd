"""MongoDB document models from inline sources: Beanie, ODMantic and MongoEngine."""

from __future__ import annotations

from docgen.model import Model, ModelKind, Relation, RelationKind
from docgen.testing import link_sources

BEANIE = '''
from typing import Optional

from beanie import BackLink, Document, Indexed, Link
from pydantic import BaseModel, Field


class Category(Document):
    name: Indexed(str, unique=True)
    products: list[BackLink["Product"]] = Field(original_field="category")

    class Settings:
        name = "categories"


class Dimensions(BaseModel):
    width: float


class Product(Document):
    """Something to sell."""

    name: str = Field(max_length=100, description="Display name")
    price: float = Field(gt=0)
    category: Link[Category]
    related: Optional[list[Link["Product"]]] = None
    size: Dimensions
'''
ODMANTIC = """
from odmantic import EmbeddedModel, Field, Model, Reference


class Address(EmbeddedModel):
    street: str


class PublisherModel(Model):
    name: str = Field(unique=True)
    address: Address


class Book(Model):
    model_config = {"collection": "books"}

    isbn: str = Field(primary_field=True)
    publisher: PublisherModel = Reference(key_name="publisher_id")
"""
MONGOENGINE = """
import mongoengine as me


class Base(me.Document):
    created = me.DateTimeField(required=True)
    meta = {"abstract": True}


class Comment(me.EmbeddedDocument):
    text = me.StringField(required=True, max_length=500)


class User(Base):
    email = me.EmailField(required=True, unique=True, help_text="Login e-mail")
    name = me.StringField(max_length=50, db_field="n", default="anon")
    api_token = me.StringField(default="ghp_16C7e42F292c6912E7710c838347Ae178B4a")


class Post(Base):
    title = me.StringField(required=True)
    author = me.ReferenceField(User, reverse_delete_rule=me.CASCADE)
    tags = me.ListField(me.StringField(max_length=30))
    comments = me.ListField(me.EmbeddedDocumentField(Comment))
    editors = me.ListField(me.ReferenceField("User"))
    parent = me.ReferenceField("self")
    meta = {"collection": "blog_posts", "indexes": ["title"]}
"""
PRIMARY = ("id", {"primary_key": "True"}, "_id")


def _models(source: str) -> dict[str, Model]:
    linked, _ = link_sources({"app/__init__.py": "", "app/documents.py": source})
    return {m.name: m for m in linked.models}


def _fields(model: Model) -> list[tuple[object, ...]]:
    return [(f.name, f.type, f.required, f.default, f.constraints, f.description, f.alias) for f in model.fields]


def test_beanie_documents_links_indexes_and_collections() -> None:
    models = _models(BEANIE)
    assert {n: (m.kind, m.table) for n, m in models.items()} == {
        "Category": (ModelKind.BEANIE, "categories"),
        "Dimensions": (ModelKind.PYDANTIC, None),
        "Product": (ModelKind.BEANIE, "Product"),
    }
    object_id = ("id", "PydanticObjectId | None", False, None, {"primary_key": "True"}, "", "_id")
    assert _fields(models["Category"]) == [
        object_id,
        ("name", "Indexed(str, unique=True)", True, None, {"indexed": "True", "unique": "True"}, "", None),
        ("products", "list[BackLink['Product']]", False, None, {}, "", None),
    ]
    assert _fields(models["Product"]) == [
        object_id,
        ("name", "str", True, None, {"max_length": "100"}, "Display name", None),
        ("price", "float", True, None, {"gt": "0"}, "", None),
        ("category", "Link[Category]", True, None, {}, "", None),
        ("related", "Optional[list[Link['Product']]]", False, "None", {}, "", None),
        ("size", "Dimensions", True, None, {}, "", None),
    ]
    assert models["Product"].relations == (
        Relation(kind=RelationKind.FOREIGN_KEY, field="category", target="app.documents.Category"),
        Relation(kind=RelationKind.MANY_TO_MANY, field="related", target="app.documents.Product"),
    )
    assert models["Category"].relations == (
        Relation(kind=RelationKind.RELATIONSHIP, field="products", target="app.documents.Product"),
    )


def test_odmantic_models_references_primary_fields_and_collections() -> None:
    models = _models(ODMANTIC)
    assert {n: (m.kind, m.table) for n, m in models.items()} == {
        "Address": (ModelKind.ODMANTIC, None),
        "PublisherModel": (ModelKind.ODMANTIC, "publisher"),
        "Book": (ModelKind.ODMANTIC, "books"),
    }
    assert [f.name for f in models["Address"].fields] == ["street"]
    assert _fields(models["PublisherModel"]) == [
        ("id", "ObjectId", False, None, {"primary_key": "True"}, "", "_id"),
        ("name", "str", True, None, {"unique": "True"}, "", None),
        ("address", "Address", True, None, {}, "", None),
    ]
    assert _fields(models["Book"]) == [
        ("isbn", "str", True, None, {"primary_field": "True"}, "", None),
        ("publisher", "PublisherModel", True, None, {"key_name": "'publisher_id'"}, "", "publisher_id"),
    ]
    assert models["Book"].relations == (
        Relation(kind=RelationKind.FOREIGN_KEY, field="publisher", target="app.documents.PublisherModel"),
    )


def test_mongoengine_documents_fields_references_and_abstract_bases() -> None:
    models = _models(MONGOENGINE)
    assert {n: (m.kind, m.table) for n, m in models.items()} == {
        "Comment": (ModelKind.MONGOENGINE, None),
        "User": (ModelKind.MONGOENGINE, "user"),
        "Post": (ModelKind.MONGOENGINE, "blog_posts"),
    }
    object_id = ("id", "ObjectIdField", False, None, {"primary_key": "True"}, "", "_id")
    created = ("created", "DateTimeField", True, None, {}, "", None)
    assert _fields(models["Comment"]) == [("text", "StringField", True, None, {"max_length": "500"}, "", None)]
    assert _fields(models["User"]) == [
        object_id,
        created,
        ("email", "EmailField", True, None, {"unique": "True"}, "Login e-mail", None),
        ("name", "StringField", False, "'anon'", {"max_length": "50"}, "", "n"),
        ("api_token", "StringField", False, "'***'", {}, "", None),
    ]
    assert _fields(models["Post"]) == [
        object_id,
        created,
        ("title", "StringField", True, None, {}, "", None),
        ("author", "ReferenceField", False, None, {"reverse_delete_rule": "me.CASCADE"}, "", None),
        ("tags", "ListField[StringField]", False, None, {}, "", None),
        ("comments", "ListField[EmbeddedDocumentField(Comment)]", False, None, {}, "", None),
        ("editors", "ListField[ReferenceField(User)]", False, None, {}, "", None),
        ("parent", "ReferenceField", False, None, {}, "", None),
    ]
    assert models["Post"].relations == (
        Relation(kind=RelationKind.FOREIGN_KEY, field="author", target="app.documents.User"),
        Relation(kind=RelationKind.NESTED, field="comments", target="app.documents.Comment"),
        Relation(kind=RelationKind.MANY_TO_MANY, field="editors", target="app.documents.User"),
        Relation(kind=RelationKind.FOREIGN_KEY, field="parent", target="app.documents.Post"),
    )

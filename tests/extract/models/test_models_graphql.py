"""GraphQL schema types from inline sources: Strawberry types and resolvers, Graphene object types."""

from __future__ import annotations

from docgen.model import Model, ModelKind, Relation, RelationKind
from docgen.testing import link_sources

STRAWBERRY = '''
import enum
from typing import Optional

import strawberry


@strawberry.enum
class Genre(enum.Enum):
    FICTION = "fiction"
    SCIENCE = "science"


@strawberry.type(description="A writer")
class Author:
    name: str
    books: list["Book"]
    secret: strawberry.Private[str]


@strawberry.type
class Book:
    """A book."""

    title: str
    genre: Genre
    author: Optional[Author] = None
    page_count: int = strawberry.field(default=0, description="Pages")

    @strawberry.field(description="Price in cents")
    def price(self, currency: str = "EUR") -> int:
        return 0


@strawberry.input
class BookInput:
    title: str
    author_name: str | None = None


@strawberry.type
class Query:
    @strawberry.field
    def books(self, info: strawberry.Info, first: int = 10) -> list[Book]:
        """All books."""
        return []

    @strawberry.field
    def book(self, id: strawberry.ID) -> Optional[Book]:
        return None


@strawberry.type
class Mutation:
    @strawberry.mutation
    def add_book(self, book: BookInput) -> Book:
        """Create a book."""
        return Book(title=book.title)
'''
GRAPHENE = '''
import graphene
from graphene_django import DjangoObjectType

from shop.models import Product


class Color(graphene.Enum):
    RED = 1
    BLUE = 2


class Publisher(graphene.ObjectType):
    name = graphene.String(required=True, description="Company name")


class Magazine(graphene.ObjectType):
    """A magazine."""

    title = graphene.String(required=True)
    issues = graphene.List(graphene.NonNull(graphene.Int))
    publisher = graphene.Field(Publisher)
    color = Color()
    tags = graphene.List(graphene.String, required=True)

    def resolve_issues(root, info):
        """Issue numbers."""
        return []


class ProductType(DjangoObjectType):
    class Meta:
        model = Product
        fields = ("id", "name", "unit_price")

    on_sale = graphene.Boolean()


class Query(graphene.ObjectType):
    magazine = graphene.Field(Magazine, id=graphene.ID(required=True))
    magazines = graphene.List(Magazine, first=graphene.Int(default_value=10))
'''
DJANGO = """
from django.db import models


class Product(models.Model):
    name = models.CharField(max_length=50, help_text="What it is called")
    unit_price = models.PositiveIntegerField()
    secret_note = models.TextField(blank=True)
"""


def _models(files: dict[str, str], kind: ModelKind) -> dict[str, Model]:
    linked, _ = link_sources({"app/__init__.py": "", **files})
    return {m.name: m for m in linked.models if m.kind is kind}


def _fields(model: Model) -> list[tuple[object, ...]]:
    return [(f.name, f.type, f.required, f.default, f.constraints, f.description, f.alias) for f in model.fields]


def test_strawberry_types_inputs_enums_and_nested_relations() -> None:
    models = _models({"app/schema.py": STRAWBERRY}, ModelKind.STRAWBERRY)
    assert sorted(models) == ["Author", "Book", "BookInput", "Genre", "Mutation", "Query"]
    assert models["Author"].summary == "A writer"
    assert _fields(models["Author"]) == [
        ("name", "str", True, None, {}, "", None),
        ("books", "list['Book']", True, None, {}, "", None),
    ]
    assert _fields(models["Book"]) == [
        ("title", "str", True, None, {}, "", None),
        ("genre", "Genre", True, None, {}, "", None),
        ("author", "Optional[Author]", False, "None", {}, "", None),
        ("page_count", "int", False, "0", {}, "Pages", "pageCount"),
        ("price", "int", True, None, {"args": "(currency: str = 'EUR')"}, "Price in cents", None),
    ]
    assert models["Book"].relations == (
        Relation(kind=RelationKind.NESTED, field="genre", target="app.schema.Genre"),
        Relation(kind=RelationKind.NESTED, field="author", target="app.schema.Author"),
    )
    assert _fields(models["BookInput"]) == [
        ("title", "str", True, None, {}, "", None),
        ("author_name", "str | None", False, "None", {}, "", "authorName"),
    ]
    assert [(f.name, f.default) for f in models["Genre"].fields] == [("FICTION", "'fiction'"), ("SCIENCE", "'science'")]


def test_strawberry_query_and_mutation_resolvers_are_fields() -> None:
    models = _models({"app/schema.py": STRAWBERRY}, ModelKind.STRAWBERRY)
    assert _fields(models["Query"]) == [
        ("books", "list[Book]", True, None, {"args": "(first: int = 10)"}, "All books.", None),
        ("book", "Optional[Book]", False, None, {"args": "(id: strawberry.ID)"}, "", None),
    ]
    assert _fields(models["Mutation"]) == [
        ("add_book", "Book", True, None, {"args": "(book: BookInput)"}, "Create a book.", "addBook"),
    ]
    assert models["Mutation"].relations == (
        Relation(kind=RelationKind.NESTED, field="add_book", target="app.schema.Book"),
    )


def test_graphene_object_types_in_graphql_notation() -> None:
    models = _models({"app/gschema.py": GRAPHENE}, ModelKind.GRAPHENE)
    assert sorted(models) == ["Color", "Magazine", "ProductType", "Publisher", "Query"]
    assert _fields(models["Magazine"]) == [
        ("title", "String!", True, None, {}, "", None),
        ("issues", "[Int!]", False, None, {}, "Issue numbers.", None),
        ("publisher", "Publisher", False, None, {}, "", None),
        ("color", "Color", False, None, {}, "", None),
        ("tags", "[String]!", True, None, {}, "", None),
    ]
    assert models["Magazine"].relations == (
        Relation(kind=RelationKind.NESTED, field="publisher", target="app.gschema.Publisher"),
        Relation(kind=RelationKind.NESTED, field="color", target="app.gschema.Color"),
    )
    assert _fields(models["Query"]) == [
        ("magazine", "Magazine", False, None, {"args": "id: ID!"}, "", None),
        ("magazines", "[Magazine]", False, None, {"args": "first: Int"}, "", None),
    ]
    assert [(f.name, f.default) for f in models["Color"].fields] == [("RED", "1"), ("BLUE", "2")]


def test_graphene_django_object_type_takes_the_model_fields() -> None:
    files = {"app/gschema.py": GRAPHENE, "shop/__init__.py": "", "shop/models.py": DJANGO}
    product = _models(files, ModelKind.GRAPHENE)["ProductType"]
    assert [(f.name, f.type, f.description, f.alias) for f in product.fields] == [
        ("id", "AutoField", "", None),
        ("name", "CharField", "What it is called", None),
        ("unit_price", "PositiveIntegerField", "", "unitPrice"),
        ("on_sale", "Boolean", "", "onSale"),
    ]

"""DRF serializers from inline sources: declared, nested and model-derived fields, Meta options."""

from __future__ import annotations

from docgen.model import Model, ModelKind, Relation, RelationKind
from docgen.testing import link_sources

MODELS = """
from django.db import models


class Author(models.Model):
    name = models.CharField(max_length=100, help_text="Full name")
    email = models.EmailField(unique=True)


class Book(models.Model):
    KINDS = [("novel", "Novel"), ("essay", "Essay")]

    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=KINDS, default="novel")
    author = models.ForeignKey(Author, on_delete=models.CASCADE)
    tags = models.ManyToManyField("Tag", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    isbn = models.CharField(max_length=13, null=True)


class Tag(models.Model):
    label = models.SlugField()
"""
SERIALIZERS = '''
from rest_framework import serializers

from library.models import Author, Book


class AuthorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Author
        fields = "__all__"


class BookSerializer(serializers.ModelSerializer):
    """A book as the API shows it."""

    author = AuthorSerializer(read_only=True)
    reviews = serializers.ListField(child=serializers.CharField(), required=False)
    rating = serializers.SerializerMethodField()
    password = serializers.CharField(write_only=True, default="hunter2")

    class Meta:
        model = Book
        fields = ["id", "title", "kind", "author", "tags", "created_at", "rating", "reviews", "summary", "password"]
        read_only_fields = ("title",)
        extra_kwargs = {"kind": {"required": True, "help_text": "Which shelf"}}

    def get_rating(self, obj) -> float:
        """Average rating of the book's reviews."""
        return 0.0

    def validate_kind(self, value):
        return value


class BookUpdateSerializer(BookSerializer):
    reviews = None

    class Meta(BookSerializer.Meta):
        exclude = ("isbn", "created_at")
        fields = None


class ShelfSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50, help_text="Shelf name")
    books = BookSerializer(many=True)
    capacity = serializers.IntegerField(min_value=1, default=10)
'''


def _models() -> dict[str, Model]:
    linked, _ = link_sources(
        {"library/__init__.py": "", "library/models.py": MODELS, "library/serializers.py": SERIALIZERS}
    )
    return {m.name: m for m in linked.models if m.kind is ModelKind.DRF_SERIALIZER}


def _fields(model: Model) -> list[tuple[object, ...]]:
    return [(f.name, f.type, f.required, f.default, f.constraints, f.description) for f in model.fields]


def test_model_serializer_all_fields_come_from_the_django_model() -> None:
    author = _models()["AuthorSerializer"]
    assert _fields(author) == [
        ("id", "IntegerField", False, None, {"read_only": "True"}, ""),
        ("name", "CharField", True, None, {"max_length": "100"}, "Full name"),
        ("email", "EmailField", True, None, {}, ""),
    ]


def test_declared_nested_method_and_model_fields_in_meta_order() -> None:
    book = _models()["BookSerializer"]
    assert book.summary == "A book as the API shows it."
    assert _fields(book) == [
        ("id", "IntegerField", False, None, {"read_only": "True"}, ""),
        ("title", "CharField", False, None, {"max_length": "200", "read_only": "True"}, ""),
        (
            "kind",
            "ChoiceField",
            True,
            "'novel'",
            {"max_length": "10", "choices": "KINDS", "validators": "validate_kind", "enum": '["novel", "essay"]'},
            "Which shelf",
        ),
        ("author", "AuthorSerializer", False, None, {"read_only": "True"}, ""),
        ("tags", "PrimaryKeyRelatedField", False, None, {"many": "True"}, ""),
        ("created_at", "DateTimeField", False, None, {"read_only": "True"}, ""),
        (
            "rating",
            "SerializerMethodField",
            False,
            None,
            {"read_only": "True", "returns": "float"},  # the method's annotation
            "Average rating of the book's reviews.",
        ),
        ("reviews", "ListField", False, None, {"child": "serializers.CharField()"}, ""),
        ("summary", "ReadOnlyField", False, None, {"read_only": "True"}, ""),
        ("password", "CharField", False, "'***'", {"write_only": "True"}, ""),
    ]
    assert book.relations == (
        Relation(kind=RelationKind.NESTED, field="author", target="library.serializers.AuthorSerializer"),
    )


def test_inherited_meta_with_exclude_and_a_removed_field() -> None:
    update = _models()["BookUpdateSerializer"]
    assert [f.name for f in update.fields] == ["id", "title", "kind", "author", "tags", "rating", "password"]
    assert update.bases == ("library.serializers.BookSerializer",)


def test_plain_serializer_with_many_nested() -> None:
    shelf = _models()["ShelfSerializer"]
    assert _fields(shelf) == [
        ("name", "CharField", True, None, {"max_length": "50"}, "Shelf name"),
        ("books", "list[BookSerializer]", True, None, {"many": "True"}, ""),
        ("capacity", "IntegerField", False, "10", {"min_value": "1"}, ""),
    ]
    assert shelf.relations == (
        Relation(kind=RelationKind.NESTED, field="books", target="library.serializers.BookSerializer"),
    )

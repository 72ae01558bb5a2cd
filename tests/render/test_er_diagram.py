"""ER diagrams of inline models: one edge per relationship, its true cardinality, one type vocabulary.

A foreign key, the relationship that loads it and the ``back_populates`` (or Django reverse
accessor) on the other side are one edge; a ``secondary`` table or a ``ManyToManyField`` is a
many-to-many edge, one through an association model is that model's two foreign keys.
"""

from __future__ import annotations

import pytest

from docgen.model import Model, ModelField
from docgen.render.er_types import python_type
from docgen.render.schema_diagram import er_diagram, module_diagrams
from docgen.testing import link_sources

SA = {
    "shop/__init__.py": "",
    "shop/base.py": """
from sqlalchemy.orm import DeclarativeBase
class Base(DeclarativeBase):
    pass
""",
    "shop/users.py": """
from sqlalchemy import Boolean, Column, DateTime, Integer, String
from sqlalchemy.orm import relationship
from shop.base import Base

class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
    email = Column(String(255), unique=True, nullable=False)
    joined = Column(DateTime(timezone=True))
    active = Column(Boolean, default=True)
    orders = relationship("Order", back_populates="user")
    profile = relationship("Profile", back_populates="user", uselist=False)
""",
    "shop/orders.py": """
from typing import TYPE_CHECKING
from sqlalchemy import Column, ForeignKey, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship
from shop.base import Base
if TYPE_CHECKING:
    from shop.users import User

order_tags = Table(
    "order_tags",
    Base.metadata,
    Column("order_id", ForeignKey("orders.id")),
    Column("tag_id", ForeignKey("tags.id")),
)

class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str | None]
    user: Mapped["User"] = relationship(back_populates="orders")
    tags: Mapped[list["Tag"]] = relationship(secondary=order_tags, back_populates="orders")

class Tag(Base):
    __tablename__ = "tags"
    id: Mapped[int] = mapped_column(primary_key=True)
    orders: Mapped[list[Order]] = relationship(secondary=order_tags, back_populates="tags")

class Profile(Base):
    __tablename__ = "profiles"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    user: Mapped["User"] = relationship(back_populates="profile")
""",
}
DJ = {
    "blog/__init__.py": "",
    "blog/models.py": """
from django.db import models

class Author(models.Model):
    name = models.CharField(max_length=100, unique=True)

class Bio(models.Model):
    author = models.OneToOneField(Author, on_delete=models.CASCADE, related_name="bio")
    text = models.TextField()

class Tag(models.Model):
    label = models.SlugField()

class Post(models.Model):
    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="posts")
    editor = models.ForeignKey(Author, null=True, on_delete=models.SET_NULL, related_name="edited")
    tags = models.ManyToManyField(Tag, related_name="posts")
    readers = models.ManyToManyField(Author, through="Reading", related_name="read")
    published = models.DateTimeField(null=True)

class Reading(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE)
    reader = models.ForeignKey(Author, on_delete=models.CASCADE)
    at = models.DateTimeField(auto_now_add=True)
""",
}


def _models(files: dict[str, str]) -> list[Model]:
    linked, _ = link_sources(files)
    return sorted(linked.models, key=lambda m: m.id)


def test_sqlalchemy_foreign_keys_back_populates_pairs_one_to_one_and_secondary() -> None:
    models = _models(SA)
    assert er_diagram(models, models, related_only=True) == (
        "erDiagram\n"
        "    Order {\n        int id PK\n        int user_id FK\n        str note\n    }\n"
        "    Profile {\n        int id PK\n        int user_id FK\n    }\n"
        "    Tag {\n        int id PK\n    }\n"
        "    User {\n        int id PK\n        str email UK\n        datetime joined\n        bool active\n    }\n"
        "    Order }o--o{ Tag : tags\n"
        "    Order }o--|| User : user_id\n"
        "    Profile |o--o| User : user_id"
    )


def test_a_classic_model_page_draws_the_foreign_keys_other_modules_hold() -> None:
    models = _models(SA)
    users = [m for m in models if m.module == "shop.users"]
    page = module_diagrams(users, models)
    assert page["neighbourhoods"] == {}  # one related model: the page's diagram is its neighbourhood
    assert page["diagram"] is not None
    assert page["diagram"].splitlines()[-2:] == ["    Order }o--|| User : user_id", "    Profile |o--o| User : user_id"]


def test_django_foreign_keys_one_to_one_many_to_many_and_through_models() -> None:
    models = _models(DJ)
    assert er_diagram(models, models, related_only=True) == (
        "erDiagram\n"
        "    Author {\n        int id PK\n        str name UK\n    }\n"
        "    Bio {\n        int id PK\n        Author author FK\n        str text\n    }\n"
        "    Post {\n        int id PK\n        Author author FK\n        Author editor FK\n"
        "        list[Tag] tags\n        list[Author] readers\n        datetime published\n    }\n"
        "    Reading {\n        int id PK\n        Post post FK\n        Author reader FK\n        datetime at\n    }\n"
        "    Tag {\n        int id PK\n        str label\n    }\n"
        "    Bio |o--|| Author : author\n"
        "    Post }o--|| Author : author\n"
        "    Post }o--o| Author : editor\n"
        "    Post }o--o{ Tag : tags\n"
        "    Reading }o--|| Post : post\n"
        "    Reading }o--|| Author : reader"
    )


def test_each_model_of_a_page_gets_its_neighbourhood() -> None:
    models = _models(DJ)
    page = module_diagrams(models, models)
    tag = page["neighbourhoods"]["blog.models.Tag"]
    assert tag.splitlines()[0] == "erDiagram"
    assert [line for line in tag.splitlines() if "--" in line] == ["    Post }o--o{ Tag : tags"]
    assert [line.strip() for line in tag.splitlines() if line.endswith("{")] == ["Post {", "Tag {"]
    edges = {
        model_id: sum("--" in line for line in text.splitlines()) for model_id, text in page["neighbourhoods"].items()
    }
    assert edges == {
        "blog.models.Author": 4,
        "blog.models.Bio": 1,
        "blog.models.Post": 4,
        "blog.models.Reading": 2,
        "blog.models.Tag": 1,
    }


@pytest.mark.parametrize(
    ("written", "resolved", "shown"),
    [
        ("String(255)", None, "str"),
        ("sa.DateTime(timezone=True)", None, "datetime"),
        ("Numeric(8, 2)", None, "Decimal"),
        ("ARRAY(Integer)", None, "list[int]"),
        ("models.CharField", None, "str"),
        ("StringField", None, "str"),
        ("Map[Text, Integer]", None, "dict[str,int]"),
        ("'User'", "app.models.User", "User"),
        ("list['Book']", "list[app.models.Book]", "list[Book]"),
        ("Optional[int]", None, "int"),
        ("str | None", None, "str"),
        ("", None, "any"),
    ],
)
def test_every_orm_s_column_types_are_python_types(written: str, resolved: str | None, shown: str) -> None:
    assert python_type(ModelField(name="x", type=written, resolved_type=resolved)) == shown


def test_a_foreign_key_to_a_model_outside_the_tree_is_typed_by_its_name() -> None:
    models = _models(
        {
            "notes/__init__.py": "",
            "notes/models.py": """
                from django.conf import settings
                from django.db import models

                class Note(models.Model):
                    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.CASCADE)
            """,
        }
    )
    assert er_diagram(models, models) == (
        "erDiagram\n    Note {\n        int id PK\n        User owner FK\n    }\n    Note }o--o| User : owner"
    )


def test_a_classic_foreign_key_column_is_nullable_unless_it_says_not() -> None:
    models = _models(
        {
            "app/__init__.py": "",
            "app/models.py": """
                from sqlalchemy import Column, ForeignKey, Integer
                from sqlalchemy.orm import declarative_base, relationship

                Base = declarative_base()

                class Parent(Base):
                    __tablename__ = "parent"
                    id = Column(Integer, primary_key=True)
                    children = relationship("Child", backref="parent")

                class Child(Base):
                    __tablename__ = "child"
                    id = Column(Integer, primary_key=True)
                    parent_id = Column(Integer, ForeignKey("parent.id"))
                    owner_id = Column(ForeignKey("parent.id"), nullable=False)
            """,
        }
    )
    assert [line for line in (er_diagram(models, models) or "").splitlines() if "--" in line] == [
        "    Child }o--|| Parent : owner_id",
        "    Child }o--o| Parent : parent_id",
    ]

"""SQLAlchemy declarative, Flask-SQLAlchemy and SQLModel tables from inline sources."""

from __future__ import annotations

from docgen.model import Model, ModelKind, Relation, RelationKind
from docgen.testing import link_sources

DECLARATIVE = '''
from typing import List, Optional

import sqlalchemy as sa
from sqlalchemy import Column, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, declarative_base, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Author(Base):
    """Someone who writes."""

    __tablename__ = "authors"
    __table_args__ = (
        UniqueConstraint("first_name", "last_name", name="uq_author_name"),
        Index("ix_author_email", "email", unique=True),
        {"comment": "people"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    first_name: Mapped[str] = mapped_column(String(50))
    last_name: Mapped[str] = mapped_column(String(50), comment="Family name")
    email: Mapped[Optional[str]]
    books: Mapped[List["Book"]] = relationship(back_populates="author")


class Book(Base):
    __tablename__ = "books"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("authors.id"))
    author: Mapped["Author"] = relationship(back_populates="books")

    @sa.orm.declared_attr.directive
    @classmethod
    def __table_args__(cls):
        return (sa.Index("ix_book_title_author", cls.title, cls.author_id).ddl_if(dialect="postgresql"),)


Legacy = declarative_base()


class Tag(Legacy):
    __tablename__ = "tags"
    id = Column(Integer, primary_key=True)
    name = Column(String(30), nullable=False, unique=True, default="misc")
    parent_id = Column(Integer, ForeignKey("tags.id"))
    parent = relationship("Tag", remote_side=[id])
'''


def _models(files: dict[str, str]) -> dict[str, Model]:
    linked, _ = link_sources({"app/__init__.py": "", **files})
    return {m.name: m for m in linked.models}


def _fields(model: Model) -> list[tuple[object, ...]]:
    return [(f.name, f.type, f.required, f.default, f.constraints, f.description) for f in model.fields]


def test_mapped_columns_relationships_and_table_args() -> None:
    models = _models({"app/models.py": DECLARATIVE})
    assert sorted(models) == ["Author", "Book", "Tag"]
    author = models["Author"]
    assert (author.kind, author.table, author.bases, author.summary) == (
        ModelKind.SQLALCHEMY,
        "authors",
        ("app.models.Base",),
        "Someone who writes.",
    )
    unique = {"unique_constraint": "uq_author_name (first_name, last_name)"}
    assert _fields(author) == [
        ("id", "int", False, None, {"primary_key": "True"}, ""),
        ("first_name", "str", True, None, unique, ""),
        ("last_name", "str", True, None, {"comment": "'Family name'", **unique}, "Family name"),
        ("email", "Optional[str]", False, None, {"indexes": "ix_author_email (email) unique"}, ""),
        ("books", "List['Book']", False, None, {"back_populates": "'author'"}, ""),
    ]
    # back_populates: both sides are declared, each names the other; no reverse relation is added
    assert author.relations == (
        Relation(kind=RelationKind.RELATIONSHIP, field="books", target="app.models.Book", opposite="author"),
    )
    book = models["Book"]
    index = {"indexes": "ix_book_title_author (title, author_id)"}
    assert _fields(book) == [
        ("id", "int", False, None, {"primary_key": "True"}, ""),
        ("title", "str", True, None, {"index": "True", **index}, ""),
        ("author_id", "int", True, None, {"foreign_key": "authors.id", **index}, ""),
        ("author", "'Author'", False, None, {"back_populates": "'books'"}, ""),
    ]
    assert book.relations == (
        Relation(kind=RelationKind.FOREIGN_KEY, field="author_id", target="app.models.Author"),
        Relation(kind=RelationKind.RELATIONSHIP, field="author", target="app.models.Author", opposite="books"),
    )


def test_classic_columns_with_a_declarative_base_factory() -> None:
    tag = _models({"app/models.py": DECLARATIVE})["Tag"]
    assert _fields(tag) == [
        ("id", "Integer", False, None, {"primary_key": "True"}, ""),
        ("name", "String(30)", False, "'misc'", {"nullable": "False", "unique": "True"}, ""),
        ("parent_id", "Integer", False, None, {"foreign_key": "tags.id"}, ""),
        ("parent", "relationship", False, None, {}, ""),
    ]
    assert tag.relations == (
        Relation(kind=RelationKind.FOREIGN_KEY, field="parent_id", target="app.models.Tag"),
        Relation(kind=RelationKind.RELATIONSHIP, field="parent", target="app.models.Tag"),
    )


FLASK = """
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


class UserRole(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("user_role.id"), nullable=False)
    name = db.Column(db.String(64), nullable=False, comment="Role name")
"""


def test_flask_sqlalchemy_models_derive_their_table_name() -> None:
    role = _models({"app/model.py": FLASK})["UserRole"]
    assert (role.kind, role.table) == (ModelKind.SQLALCHEMY, "user_role")
    assert _fields(role) == [
        ("id", "db.Integer", False, None, {"primary_key": "True"}, ""),
        ("user_id", "db.Integer", True, None, {"nullable": "False", "foreign_key": "user_role.id"}, ""),
        ("name", "db.String(64)", True, None, {"nullable": "False", "comment": "'Role name'"}, "Role name"),
    ]
    assert role.relations == (Relation(kind=RelationKind.FOREIGN_KEY, field="user_id", target="app.model.UserRole"),)


SQLMODEL = """
from typing import Optional

from sqlmodel import Field, Relationship, SQLModel


class TeamBase(SQLModel):
    name: str = Field(index=True, max_length=40)


class Team(TeamBase, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    heroes: list["Hero"] = Relationship(back_populates="team")


class Hero(SQLModel, table=True):
    __tablename__ = "heroes"

    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(unique=True, description="Hero name")
    team_id: Optional[int] = Field(default=None, foreign_key="team.id")
    team: Optional[Team] = Relationship(back_populates="heroes")
"""


def test_sqlmodel_tables_columns_and_relationships() -> None:
    models = _models({"app/tables.py": SQLMODEL})
    assert {n: (m.kind, m.table) for n, m in models.items()} == {
        "TeamBase": (ModelKind.PYDANTIC, None),
        "Team": (ModelKind.SQLMODEL, "team"),
        "Hero": (ModelKind.SQLMODEL, "heroes"),
    }
    assert _fields(models["Team"]) == [
        ("name", "str", True, None, {"max_length": "40", "index": "True"}, ""),
        ("id", "Optional[int]", False, "None", {"primary_key": "True"}, ""),
        ("heroes", "list['Hero']", False, None, {"back_populates": "'team'"}, ""),
    ]
    assert _fields(models["Hero"]) == [
        ("id", "Optional[int]", False, "None", {"primary_key": "True"}, ""),
        ("name", "str", True, None, {"unique": "True"}, "Hero name"),
        ("team_id", "Optional[int]", False, "None", {"foreign_key": "'team.id'"}, ""),
        ("team", "Optional[Team]", False, None, {"back_populates": "'heroes'"}, ""),
    ]
    assert models["Hero"].relations == (
        Relation(kind=RelationKind.FOREIGN_KEY, field="team_id", target="app.tables.Team"),
        Relation(kind=RelationKind.RELATIONSHIP, field="team", target="app.tables.Team", opposite="heroes"),
    )
    assert models["Team"].relations == (
        Relation(kind=RelationKind.RELATIONSHIP, field="heroes", target="app.tables.Hero", opposite="team"),
    )


def test_a_class_decorated_as_declarative_is_a_base_and_its_subclasses_are_tables() -> None:
    linked, _ = link_sources(
        {
            "db/__init__.py": "",
            "db/base.py": """
            from sqlalchemy import Column, DateTime
            from sqlalchemy.orm import as_declarative

            @as_declarative()
            class Base:
                pass

            class BaseTable(Base):
                __abstract__ = True
                created_at = Column(DateTime)
        """,
            "db/users.py": """
            from sqlalchemy import Column, Integer, String
            from db.base import BaseTable

            class User(BaseTable):
                __tablename__ = "users"
                user_id = Column(Integer, primary_key=True)
                name = Column(String)
        """,
        }
    )
    assert [(m.id, m.table, [f.name for f in m.fields]) for m in linked.models] == [
        ("db.users.User", "users", ["created_at", "user_id", "name"])
    ]


def test_a_declarative_base_a_function_makes_and_returns_is_a_base() -> None:
    linked, _ = link_sources(
        {
            "app/db_schema.py": """
            from sqlalchemy.orm import as_declarative, declarative_base

            Base = declarative_base()

            def versioned_base(plugin, version):
                @as_declarative(metadata=Base.metadata)
                class VersionedBase:
                    _plugin = plugin
                    _version = version

                return VersionedBase
        """,
            "app/series.py": """
            from sqlalchemy import Column, Integer, String
            from app import db_schema

            Base = db_schema.versioned_base("series", 3)

            class Series(Base):
                __tablename__ = "series"
                id = Column(Integer, primary_key=True)
                name = Column(String)
        """,
        }
    )
    assert [(m.id, m.table, [f.name for f in m.fields]) for m in linked.models] == [
        ("app.series.Series", "series", ["id", "name"])
    ]


BACKREF = """
from sqlalchemy import Column, ForeignKey, Integer
from sqlalchemy.orm import DeclarativeBase, backref, relationship


class Base(DeclarativeBase):
    pass


class Parent(Base):
    __tablename__ = "parents"
    id = Column(Integer, primary_key=True)
    children = relationship("Child", backref="parent")
    favourite_id = Column(Integer, ForeignKey("children.id"))
    favourite = relationship("Child", backref=backref("favourite_of", uselist=False), foreign_keys=[favourite_id])


class Child(Base):
    __tablename__ = "children"
    id = Column(Integer, primary_key=True)
    parent_id = Column(Integer, ForeignKey("parents.id"))
    toys = relationship("Toy", backref=None)


class Toy(Base):
    __tablename__ = "toys"
    id = Column(Integer, primary_key=True)
    child_id = Column(Integer, ForeignKey("children.id"))
"""


def test_a_backref_gives_the_target_a_reverse_relation_not_a_column() -> None:
    models = _models({"app/family.py": BACKREF})
    child = models["Child"]
    assert [f.name for f in child.fields] == ["id", "parent_id", "toys"]
    assert child.relations == (
        Relation(kind=RelationKind.FOREIGN_KEY, field="parent_id", target="app.family.Parent"),
        Relation(kind=RelationKind.RELATIONSHIP, field="toys", target="app.family.Toy"),
        Relation(kind=RelationKind.REVERSE, field="parent", target="app.family.Parent", opposite="children"),
        Relation(kind=RelationKind.REVERSE, field="favourite_of", target="app.family.Parent", opposite="favourite"),
    )
    assert models["Parent"].relations[0] == Relation(
        kind=RelationKind.RELATIONSHIP, field="children", target="app.family.Child", opposite="parent"
    )
    assert models["Toy"].relations == (
        Relation(kind=RelationKind.FOREIGN_KEY, field="child_id", target="app.family.Child"),
    )


def test_declared_attr_methods_of_a_mixin_are_columns_and_relationships() -> None:
    linked, _ = link_sources(
        {
            "db/__init__.py": "",
            "db/models.py": '''
            import sqlalchemy as sa
            from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship

            class Base(DeclarativeBase):
                pass

            class AuditMixin:
                created_on: Mapped[int | None] = mapped_column(sa.Integer, nullable=True)

                @declared_attr
                def created_by_fk(cls) -> Mapped[int | None]:
                    """Who created the row."""
                    return mapped_column(sa.Integer, sa.ForeignKey("ab_user.id"), nullable=True)

                @declared_attr
                def created_by(cls) -> Mapped["User | None"]:
                    name = cls.__name__
                    return relationship("User", foreign_keys=f"[{name}.created_by_fk]")

                @declared_attr.directive
                def __tablename__(cls) -> str:
                    return cls.__name__.lower()

                def helper(self) -> int:
                    return 1

            class User(Base):
                __tablename__ = "ab_user"
                id: Mapped[int] = mapped_column(primary_key=True)

            class Chart(AuditMixin, Base):
                id: Mapped[int] = mapped_column(primary_key=True)
        ''',
        }
    )
    chart = next(m for m in linked.models if m.id == "db.models.Chart")
    assert [(f.name, f.type, f.required) for f in chart.fields] == [
        ("created_on", "int | None", False),
        ("created_by_fk", "int | None", False),
        ("created_by", "'User | None'", False),
        ("id", "int", False),
    ]
    assert chart.fields[1].description == "Who created the row."
    assert chart.relations == (
        Relation(kind=RelationKind.FOREIGN_KEY, field="created_by_fk", target="db.models.User"),
        Relation(kind=RelationKind.RELATIONSHIP, field="created_by", target="db.models.User"),
    )

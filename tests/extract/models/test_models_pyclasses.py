"""Plain-Python data classes from inline sources: dataclasses, attrs, TypedDict, NamedTuple, Enum, msgspec."""

from __future__ import annotations

from docgen.model import Model, ModelKind
from docgen.testing import link_sources

SOURCE = '''
import enum
from dataclasses import dataclass, field
from typing import ClassVar, NamedTuple, NotRequired, Required, TypedDict

import attr
import attrs
import msgspec
from django.db import models


@dataclass(frozen=True)
class Point:
    """A point.

    Attributes:
        x: Horizontal position.
    """

    x: int
    y: int = 0
    tags: list[str] = field(default_factory=list)
    label: str = field(default="origin")
    origin: ClassVar[str] = "here"


@attr.s
class Legacy:
    name = attr.ib(type=str)
    size = attr.ib(default=3)


@attrs.define
class Modern:
    name: str
    items: list[int] = attrs.field(factory=list)


class Movie(TypedDict, total=False):
    title: Required[str]
    year: int


class Book(TypedDict):
    title: str
    isbn: NotRequired[str]


class Pair(NamedTuple):
    left: int
    right: int = 1


class Color(enum.Enum):
    RED = "red"
    GREEN = "green"


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"


class Provider(enum.Enum):
    STRIPE = "stripe"
    API_KEY = "sk_live_4eC39HqLyjWDarjtT1zdp7dc"


class Event(msgspec.Struct, kw_only=True):
    name: str
    when: float = 0.0
    extra: dict = msgspec.field(default_factory=dict)
'''


def _models() -> dict[str, Model]:
    linked, _ = link_sources({"app/__init__.py": "", "app/types.py": SOURCE})
    return {m.name: m for m in linked.models}


def _fields(model: Model) -> list[tuple[object, ...]]:
    return [(f.name, f.type, f.required, f.default, f.description) for f in model.fields]


def test_kinds() -> None:
    assert {name: model.kind for name, model in _models().items()} == {
        "Point": ModelKind.DATACLASS,
        "Legacy": ModelKind.ATTRS,
        "Modern": ModelKind.ATTRS,
        "Movie": ModelKind.TYPEDDICT,
        "Book": ModelKind.TYPEDDICT,
        "Pair": ModelKind.NAMEDTUPLE,
        "Color": ModelKind.ENUM,
        "Status": ModelKind.ENUM,
        "Provider": ModelKind.ENUM,
        "Event": ModelKind.MSGSPEC,
    }


def test_dataclass_and_attrs_defaults_and_factories() -> None:
    models = _models()
    assert _fields(models["Point"]) == [
        ("x", "int", True, None, "Horizontal position."),
        ("y", "int", False, "0", ""),
        ("tags", "list[str]", False, "list()", ""),
        ("label", "str", False, "'origin'", ""),
    ]
    assert _fields(models["Legacy"]) == [("name", "str", True, None, ""), ("size", "", False, "3", "")]
    assert _fields(models["Modern"]) == [("name", "str", True, None, ""), ("items", "list[int]", False, "list()", "")]


def test_typeddict_totality_and_required_markers() -> None:
    models = _models()
    assert _fields(models["Movie"]) == [("title", "Required[str]", True, None, ""), ("year", "int", False, None, "")]
    assert _fields(models["Book"]) == [("title", "str", True, None, ""), ("isbn", "NotRequired[str]", False, None, "")]


def test_namedtuple_enum_choices_and_msgspec() -> None:
    models = _models()
    assert _fields(models["Pair"]) == [("left", "int", True, None, ""), ("right", "int", False, "1", "")]
    assert _fields(models["Color"]) == [("RED", "", False, "'red'", ""), ("GREEN", "", False, "'green'", "")]
    assert _fields(models["Status"]) == [("DRAFT", "", False, "('draft', 'Draft')", "")]
    assert _fields(models["Provider"]) == [("STRIPE", "", False, "'stripe'", ""), ("API_KEY", "", False, "'***'", "")]
    assert _fields(models["Event"]) == [
        ("name", "str", True, None, ""),
        ("when", "float", False, "0.0", ""),
        ("extra", "dict", False, "dict()", ""),
    ]


def test_inherited_fields_follow_python_s_method_resolution_order_in_a_diamond() -> None:
    linked, _ = link_sources(
        {
            "shapes.py": """
        from dataclasses import dataclass

        @dataclass
        class A:
            a: int = 0

        @dataclass
        class B(A):
            b: int = 0

        @dataclass
        class C(A):
            c: int = 0

        @dataclass
        class D(B, C):
            d: int = 0
    """
        }
    )
    fields = {m.name: [f.name for f in m.fields] for m in linked.models}
    assert fields["D"] == ["a", "c", "b", "d"]  # dataclasses.fields(D) at runtime


def test_a_dataclass_field_named_like_a_dunder_is_a_field_and_a_private_one_is_mangled() -> None:
    linked, _ = link_sources(
        {
            "jobs/__init__.py": "",
            "jobs/items.py": """
            from dataclasses import dataclass

            @dataclass
            class _Item:
                __tablename__: str
                __token: str = ""
                id: int = 0
            """,
        }
    )
    [model] = linked.models
    assert [(f.name, f.required) for f in model.fields] == [
        ("__tablename__", True),
        ("_Item__token", False),
        ("id", False),
    ]


def test_an_undecorated_subclass_of_a_dataclass_is_one_with_its_decorated_bases_fields() -> None:
    linked, _ = link_sources(
        {
            "nodes/__init__.py": "",
            "nodes/tree.py": """
            import attrs
            from dataclasses import dataclass

            @dataclass(frozen=True)
            class Node:
                ast_node: object
                depth: int = 0

            class Name(Node):
                label: str = "name"

                def compile(self): ...

            class Leaf(Name): ...

            @attrs.define
            class Tagged(Node):
                tag: str = ""

            class Plain:
                size: int = 0
            """,
        }
    )
    models = {m.name: (m.kind, [f.name for f in m.fields]) for m in linked.models}
    assert models == {
        "Node": (ModelKind.DATACLASS, ["ast_node", "depth"]),
        "Name": (ModelKind.DATACLASS, ["ast_node", "depth"]),
        "Leaf": (ModelKind.DATACLASS, ["ast_node", "depth"]),
        "Tagged": (ModelKind.ATTRS, ["ast_node", "depth", "tag"]),
    }

"""Cassandra cqlengine models and user-defined types from inline sources."""

from __future__ import annotations

from docgen.model import Model, ModelKind, Relation, RelationKind
from docgen.render import render_site
from docgen.testing import link_sources
from tests.render import catalog_factory as cf

BASE = '''
from cassandra.cqlengine import columns
from cassandra.cqlengine import models


class Stamped(models.Model):
    """Columns every table has."""

    __abstract__ = True
    __keyspace__ = "shop"

    created = columns.DateTime(required=True)
    note = columns.Text()
'''
TABLES = '''
import uuid

from cassandra.cqlengine import columns
from cassandra.cqlengine.models import Model
from cassandra.cqlengine.usertype import UserType

from app.base import Stamped

CqlModel = Model


class Address(UserType):
    """A postal address."""

    street = columns.Text(required=True)
    zipcode = columns.Integer()


class Audited:
    audit = columns.Text()


class UserTimeline(Audited, Stamped):
    """Posts by user, newest first."""

    user_id = columns.UUID(partition_key=True)
    bucket = columns.Integer(partition_key=True)
    posted = columns.TimeUUID(primary_key=True, clustering_order="DESC")
    body = columns.Text(max_length=500)
    """What was posted."""
    note = columns.Text(static=True)
    tags = columns.Set(columns.Text)
    counts = columns.Map(columns.Text, columns.Integer)
    homes = columns.List(columns.UserDefinedType(Address))
    home = columns.UserDefinedType(Address, db_field="addr")
    pair = columns.Tuple(columns.Text, columns.Integer)


class Item(CqlModel):
    __table_name__ = "Items"

    id = columns.UUID(primary_key=True, default=uuid.uuid4)
    sku = columns.Text(primary_key=True)
    price = columns.Decimal(index=True)


class ItemViews(Model):
    item_id = columns.UUID(primary_key=True)
    views = columns.Counter()
'''
MORE = """
from cassandra.cqlengine import columns
from cassandra.cqlengine.models import Model
from django_cassandra_engine.models import DjangoCassandraModel

from config import KEYSPACE, PREFIX


class Email(columns.Text):
    pass


class Animal(Model):
    owner = columns.UUID(primary_key=True)
    kind = columns.Text(discriminator_column=True, index=True)
    email = Email(required=True)


class Dog(Animal):
    __discriminator_value__ = "dog"

    bark = columns.Text()


class AuditLog(Model):
    __table_name__ = "AuditLog"
    __table_name_case_sensitive__ = True

    id = columns.TimeUUID(primary_key=True)


class Event(Model):
    __table_name__ = PREFIX + "_events"
    __keyspace__ = KEYSPACE

    id = columns.TimeUUID(primary_key=True)


class Reading(DjangoCassandraModel):
    sensor = columns.Text(primary_key=True)
    at = columns.DateTime(primary_key=True, clustering_order="ASC")
    value = columns.Double()
"""
PRIMARY = {"primary_key": "True"}


def _fields(model: Model) -> list[tuple[object, ...]]:
    return [(f.name, f.type, f.required, f.default, f.constraints, f.description, f.alias) for f in model.fields]


def _linked(files: dict[str, str]) -> tuple[dict[str, Model], list[tuple[str, str, int, str]]]:
    linked, diagnostics = link_sources({"app/__init__.py": "", **files})
    found = [(d.code, d.location.path, d.location.line, d.message) for d in diagnostics if d.location is not None]
    return {m.name: m for m in linked.models}, found


def test_tables_keys_collections_udts_and_abstract_bases_in_other_modules() -> None:
    models, diagnostics = _linked({"app/base.py": BASE, "app/tables.py": TABLES})
    assert diagnostics == []
    assert {n: (m.kind, m.table, m.bases) for n, m in models.items()} == {
        "Address": (ModelKind.CQLENGINE, None, ("cassandra.cqlengine.usertype.UserType",)),
        "Item": (ModelKind.CQLENGINE, "items", ("cassandra.cqlengine.models.Model",)),
        "ItemViews": (ModelKind.CQLENGINE, "item_views", ("cassandra.cqlengine.models.Model",)),
        "UserTimeline": (ModelKind.CQLENGINE, "shop.user_timeline", ("app.tables.Audited", "app.base.Stamped")),
    }
    assert _fields(models["Address"]) == [
        ("street", "Text", True, None, {}, "", None),
        ("zipcode", "Integer", False, None, {}, "", None),
    ]
    partition = {"primary_key": "True", "partition_key": "True"}
    assert _fields(models["UserTimeline"]) == [
        ("created", "DateTime", True, None, {}, "", None),
        ("note", "Text", False, None, {"static": "True"}, "", None),
        ("user_id", "UUID", True, None, partition, "", None),
        ("bucket", "Integer", True, None, partition, "", None),
        (
            "posted",
            "TimeUUID",
            True,
            None,
            {"primary_key": "True", "clustering_order": "'DESC'", "clustering_key": "True"},
            "",
            None,
        ),
        ("body", "Text", False, None, {"max_length": "500"}, "What was posted.", None),
        ("tags", "Set[Text]", False, "set", {}, "", None),
        ("counts", "Map[Text, Integer]", False, "dict", {}, "", None),
        ("homes", "List[UserDefinedType[Address]]", False, "list", {}, "", None),
        ("home", "UserDefinedType[Address]", False, None, {}, "", "addr"),
        ("pair", "Tuple[Text, Integer]", False, None, {}, "", None),
    ]
    assert models["UserTimeline"].summary == "Posts by user, newest first."
    assert models["UserTimeline"].relations == (
        Relation(kind=RelationKind.NESTED, field="homes", target="app.tables.Address"),
        Relation(kind=RelationKind.NESTED, field="home", target="app.tables.Address"),
    )
    assert _fields(models["Item"]) == [
        ("id", "UUID", False, "uuid.uuid4", partition, "", None),
        ("sku", "Text", True, None, {"primary_key": "True", "clustering_key": "True"}, "", None),
        ("price", "Decimal", False, None, {"index": "True"}, "", None),
    ]
    assert _fields(models["ItemViews"]) == [
        ("item_id", "UUID", True, None, partition, "", None),
        ("views", "Counter", False, "0", {}, "", None),
    ]


def test_polymorphic_models_custom_columns_table_names_and_django_cassandra_engine() -> None:
    models, diagnostics = _linked({"app/more.py": MORE})
    assert {n: (m.table, m.bases) for n, m in models.items()} == {
        "Animal": ("animal", ("cassandra.cqlengine.models.Model",)),
        "AuditLog": ("AuditLog", ("cassandra.cqlengine.models.Model",)),
        "Dog": ("animal", ("app.more.Animal",)),
        "Event": ("{?KEYSPACE}.{?PREFIX}_events", ("cassandra.cqlengine.models.Model",)),
        "Reading": ("reading", ("django_cassandra_engine.models.DjangoCassandraModel",)),
    }
    assert {m.kind for m in models.values()} == {ModelKind.CQLENGINE}
    owner = ("owner", "UUID", True, None, {"primary_key": "True", "partition_key": "True"}, "", None)
    email = ("email", "Email", True, None, {}, "", None)
    assert _fields(models["Animal"]) == [
        owner,
        ("kind", "Text", False, None, {"discriminator_column": "True", "index": "True"}, "", None),
        email,
    ]
    assert _fields(models["Dog"]) == [
        owner,
        (
            "kind",
            "Text",
            False,
            None,
            {"discriminator_column": "True", "index": "True", "discriminator_value": "'dog'"},
            "",
            None,
        ),
        email,
        ("bark", "Text", False, None, {}, "", None),
    ]
    assert _fields(models["Reading"]) == [
        ("sensor", "Text", True, None, {"primary_key": "True", "partition_key": "True"}, "", None),
        (
            "at",
            "DateTime",
            True,
            None,
            {"primary_key": "True", "clustering_order": "'ASC'", "clustering_key": "True"},
            "",
            None,
        ),
        ("value", "Double", False, None, {}, "", None),
    ]
    assert diagnostics == [
        ("DG904", "app/more.py", 32, "__table_name__ of Event could not be evaluated statically"),
        ("DG904", "app/more.py", 33, "__keyspace__ of Event could not be evaluated statically"),
    ]


def test_model_pages_show_the_kind_table_keys_and_the_udt_relation() -> None:
    linked, _ = link_sources({"app/__init__.py": "", "app/base.py": BASE, "app/tables.py": TABLES})
    site = render_site(cf.catalog(models=linked.models), cf.config())
    page = site.pages["models/app.tables.md"].splitlines()
    assert '<span class="dg-badge dg-badge-kind">cqlengine</span> table <code>shop.user&#95;timeline</code>' in page
    assert (
        '| <code>posted</code><br><span class="dg-field-meta"><span class="dg-required">required</span></span> | '
        '<code>TimeUUID</code> | <span class="dg-field-meta"><code>clustering&#95;<wbr>key&#61;True</code>, '
        "<code>clustering&#95;<wbr>order&#61;&#39;DESC&#39;</code>, <code>primary&#95;<wbr>key&#61;True</code></span> |"
    ) in page
    assert "| <code>home</code> | nested | [Address](app.tables.md#address) |" in page
    overview = site.pages["models/index.md"].splitlines()
    assert "| [UserTimeline](app.tables.md#usertimeline) | cqlengine | <code>app.tables</code> | 11 |" in overview
    assert overview[overview.index("## Database schema") + 5 : overview.index("    UserTimeline {")] == [
        "erDiagram",
        "    Address {",
        "        str street",
        "        int zipcode",
        "    }",
    ]
    assert "    UserTimeline }o--o| Address : homes" in overview

"""One type vocabulary for the ER diagrams: the Python type a column's value has, whatever the ORM.

A 2.0 ``Mapped[int]`` column, a classic ``Column(Integer)``, a Django ``IntegerField`` and a
pydantic ``int`` all show as ``int``; a forward reference (``Mapped["User"]``, a class imported
under ``TYPE_CHECKING``) shows as the class its module names (the field's resolved type), and
``X | None`` as ``X`` (optionality is the relation's cardinality, not the column's type).
"""

from __future__ import annotations

import re

from docgen.model import ModelField

_SQL_TYPES = {
    **dict.fromkeys(("Integer", "BigInteger", "SmallInteger", "INTEGER", "BIGINT", "SMALLINT", "INT"), "int"),
    **dict.fromkeys(("String", "Text", "Unicode", "UnicodeText", "VARCHAR", "NVARCHAR", "CHAR", "NCHAR"), "str"),
    **dict.fromkeys(("TEXT", "CLOB", "CITEXT", "Email", "EmailType", "URLType"), "str"),
    **dict.fromkeys(("Boolean", "BOOLEAN"), "bool"),
    **dict.fromkeys(("DateTime", "DATETIME", "TIMESTAMP"), "datetime"),
    **dict.fromkeys(("Date", "DATE"), "date"),
    **dict.fromkeys(("Time", "TIME"), "time"),
    "Interval": "timedelta",
    **dict.fromkeys(("Numeric", "NUMERIC", "DECIMAL"), "Decimal"),
    **dict.fromkeys(("Float", "FLOAT", "REAL", "Double", "DOUBLE", "DOUBLE_PRECISION"), "float"),
    **dict.fromkeys(("LargeBinary", "BLOB", "BINARY", "VARBINARY", "BYTEA", "PickleType"), "bytes"),
    **dict.fromkeys(("JSON", "JSONB", "HSTORE"), "dict"),
    **dict.fromkeys(("Uuid", "UUID", "UUIDType"), "UUID"),
}
"""SQLAlchemy's column types and the Python type of their values (``TypeEngine.python_type``)."""

_DJANGO_TYPES = {
    **dict.fromkeys(("AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField"), "int"),
    **dict.fromkeys(("SmallIntegerField", "PositiveIntegerField", "PositiveBigIntegerField"), "int"),
    "PositiveSmallIntegerField": "int",
    **dict.fromkeys(("CharField", "TextField", "SlugField", "EmailField", "URLField", "FileField"), "str"),
    **dict.fromkeys(("FilePathField", "ImageField", "GenericIPAddressField", "IPAddressField"), "str"),
    **dict.fromkeys(("CICharField", "CIEmailField", "CITextField"), "str"),
    **dict.fromkeys(("BooleanField", "NullBooleanField"), "bool"),
    "BinaryField": "bytes",
    "DateField": "date",
    "DateTimeField": "datetime",
    "TimeField": "time",
    "DurationField": "timedelta",
    "DecimalField": "Decimal",
    "FloatField": "float",
    "UUIDField": "UUID",
    "JSONField": "dict",
    "HStoreField": "dict",
    "ArrayField": "list",
}
"""Django's field classes and the Python type of their values."""

_ODM_TYPES = {
    # cqlengine columns
    **dict.fromkeys(("Ascii", "Inet"), "str"),
    **dict.fromkeys(("BigInt", "VarInt", "SmallInt", "TinyInt", "Counter"), "int"),
    **dict.fromkeys(("TimeUUID",), "UUID"),
    "Blob": "bytes",
    "Map": "dict",
    "List": "list",
    "Set": "set",
    "Tuple": "tuple",
    # mongoengine fields
    **dict.fromkeys(("StringField", "EmailField", "URLField"), "str"),
    **dict.fromkeys(("IntField", "LongField", "SequenceField"), "int"),
    **dict.fromkeys(("DictField", "MapField"), "dict"),
    "ListField": "list",
    "ObjectIdField": "ObjectId",
}
"""Cassandra's and MongoEngine's column and field classes, as Python types."""

_VOCABULARY = {**_SQL_TYPES, **_ODM_TYPES, **_DJANGO_TYPES}

_OPTIONAL = re.compile(r"^(?:typing\.)?Optional\[(.*)\]$")
_NONE = re.compile(r"\s*\|\s*None\b|\bNone\s*\|\s*")
_DOTTED = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+")


def is_column_type(text: str) -> bool:
    """Whether ``text`` is a classic ``Column``'s SQL type (``Integer``, ``sa.String(40)``), not an annotation."""
    head = re.match(r"\s*([A-Za-z_][A-Za-z0-9_.]*)", text or "")
    return head is not None and head.group(1).rsplit(".", 1)[-1] in _SQL_TYPES and "[" not in text


def python_type(field: ModelField, target_name: str | None = None) -> str:
    """The Python type of ``field``'s values, as a Mermaid attribute type (``int``, ``list[Book]``).

    ``target_name`` is the name of the model a relation field points to: a Django ``ForeignKey``
    or ``OneToOneField`` holds one of it, a ``ManyToManyField`` a list of them.
    """
    written = (field.type or "").strip()
    head = re.match(r"[A-Za-z_][A-Za-z0-9_.]*", written)
    name = head.group(0).rsplit(".", 1)[-1] if head else ""
    if target_name and name in ("ForeignKey", "OneToOneField", "ParentalKey"):
        return target_name
    if target_name and ("ManyToMany" in name or name == "TaggableManager"):
        return f"list[{target_name}]"
    if name in _VOCABULARY and "[" not in written:
        return _VOCABULARY[name]  # String(255), DateTime(timezone=True), models.CharField
    if name in ("Enum", "ARRAY") and "(" in written:
        inner = python_type(ModelField(name=field.name, type=written.split("(", 1)[1].rstrip(")").split(",")[0]))
        return inner if name == "Enum" and inner != "any" else f"list[{inner}]" if name == "ARRAY" else "str"
    return _mermaid_type(field.resolved_type or written)


def _mermaid_type(text: str) -> str:
    """A Python annotation without quotes, ``None`` or module paths, in Mermaid's attribute-type characters.

    Column classes inside it are their Python types too (cqlengine's ``Map[Text, Integer]`` is
    ``dict[str,int]``).
    """
    text = text.replace("'", "").replace('"', "").strip()
    while optional := _OPTIONAL.match(text):
        text = optional.group(1)
    text = _NONE.sub("", text).strip()
    text = _DOTTED.sub(lambda m: m.group(0).rsplit(".", 1)[-1], text)
    text = re.sub(r"[A-Za-z_][A-Za-z0-9_]*", lambda m: _VOCABULARY.get(m.group(0), m.group(0)), text)
    text = re.sub(r"\s*,\s*", ",", text)
    text = re.sub(r"[^A-Za-z0-9_\[\],]+", "_", text).strip("_")
    if not text or not text[0].isalpha() or text.count("[") != text.count("]"):
        return "any"
    return text

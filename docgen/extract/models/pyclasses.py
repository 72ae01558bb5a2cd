"""Plain-Python data classes: dataclasses, attrs classes, TypedDict, NamedTuple, Enum (and Django choices), msgspec."""

from __future__ import annotations

from functools import partial

from docgen.extract._shared.common import callee_name, short_name
from docgen.extract._shared.fields import (
    ClassInfo,
    analysed_mro,
    build_model,
    classes,
    decorated_by,
    default_of,
    factory_default,
    is_classvar,
)
from docgen.link.contract import Extractor, LinkContext
from docgen.link.unparse import unparse
from docgen.model import Model, ModelField, ModelKind, Relation
from docgen.model.facts import Assign, Op, Stmt

DATACLASS = frozenset({"dataclasses.dataclass", "pydantic.dataclasses.dataclass"})
ATTRS = frozenset(
    {
        "attr.s",
        "attr.attrs",
        "attr.define",
        "attr.frozen",
        "attr.mutable",
        "attrs.define",
        "attrs.frozen",
        "attrs.mutable",
        "attr.dataclass",
    }
)
TYPEDDICT = frozenset({"typing.TypedDict", "typing_extensions.TypedDict"})
NAMEDTUPLE = frozenset({"typing.NamedTuple"})
ENUM = frozenset(
    {
        "enum.Enum",
        "enum.IntEnum",
        "enum.StrEnum",
        "enum.Flag",
        "enum.IntFlag",
        "django.db.models.Choices",
        "django.db.models.TextChoices",
        "django.db.models.IntegerChoices",
        "django.db.models.enums.TextChoices",
        "django.db.models.enums.IntegerChoices",
    }
)
MSGSPEC = frozenset({"msgspec.Struct"})
_FIELD_FUNCS = frozenset({"field", "ib", "attrib", "Factory"})


class PyClassesExtractor(Extractor):
    """Data classes of the standard library and small libraries."""

    name = "pyclasses"
    packages = frozenset({"attr", "attrs", "msgspec", "typing_extensions"})

    def collect_models(self, *, context: LinkContext) -> list[Model]:  # noqa: D102
        models = []
        for info in classes(context):
            kind = _kind(context, info)
            if kind is ModelKind.ENUM:
                models.append(build_model(context, info, kind, read_member))
            elif kind is ModelKind.TYPEDDICT:
                models.append(build_model(context, info, kind, partial(read_field, total=_total(context, info))))
            elif kind is ModelKind.DATACLASS and not decorated_by(context, info, DATACLASS):
                models.append(build_model(context, info, kind, read_field, body=_dataclass_body))
            elif kind is not None:
                models.append(build_model(context, info, kind, read_field))
        return models


def _total(context: LinkContext, info: ClassInfo) -> bool:
    """A TypedDict's ``total=`` keyword (True unless it says False)."""
    for key, value in info.definition.keywords:
        if key == "total":
            return not (value.op is Op.CONST and value.value is False)
    return True


def _dataclass_body(context: LinkContext, klass: ClassInfo) -> tuple[Stmt, ...]:
    """The statements declaring fields, in a class the dataclass decorator processed (only those declare any)."""
    return klass.definition.body if decorated_by(context, klass, DATACLASS) else ()


def _kind(context: LinkContext, info: ClassInfo) -> ModelKind | None:
    if decorated_by(context, info, DATACLASS):
        return ModelKind.DATACLASS
    if decorated_by(context, info, ATTRS):
        return ModelKind.ATTRS
    # An undecorated subclass of a dataclass is one too (it inherits ``__dataclass_fields__``),
    # with the fields of its decorated bases only: its own annotations are not fields.
    if any(decorated_by(context, k, DATACLASS) for k in analysed_mro(context, info)):
        return ModelKind.DATACLASS
    checks = (
        (TYPEDDICT, ModelKind.TYPEDDICT),
        (NAMEDTUPLE, ModelKind.NAMEDTUPLE),
        (ENUM, ModelKind.ENUM),
        (MSGSPEC, ModelKind.MSGSPEC),
    )
    for names, kind in checks:
        if not info.lineage.isdisjoint(names):
            return kind
    return None


def read_field(
    context: LinkContext, klass: ClassInfo, stmt: Assign, name: str, total: bool = True
) -> tuple[ModelField, list[Relation]] | None:
    """``name: T = default`` (with ``field(default=..., default_factory=...)``), or attrs' ``name = attr.ib()``.

    In a TypedDict, ``NotRequired[...]`` keys and those of a ``total=False`` class (unless
    ``Required[...]``) are not required.
    """
    value = stmt.value
    is_field_call = (
        value is not None
        and value.op is Op.CALL
        and short_name(callee_name(context, value, klass.scope) or "") in _FIELD_FUNCS
    )
    if (stmt.op != ":" and not (stmt.op == "=" and is_field_call)) or is_classvar(stmt.annotation):
        return None
    if name.startswith("__") and not name.endswith("__") and klass.definition.name.strip("_"):
        name = f"_{klass.definition.name.lstrip('_')}{name}"  # a private name, mangled in the class body
    default_expr = value
    if is_field_call and value is not None:
        factory = value.kwarg("default_factory") or value.kwarg("factory")
        default_expr = value.kwarg("default") or (factory_default(factory) if factory is not None else None)
    required = default_expr is None
    head = stmt.annotation.args[0] if stmt.annotation is not None and stmt.annotation.op is Op.SUBSCRIPT else None
    wrapper = short_name(unparse(head)) if head is not None else ""
    if wrapper == "NotRequired" or (not total and wrapper != "Required"):
        required = False
    written_type = value.kwarg("type") if is_field_call and value is not None and stmt.annotation is None else None
    return ModelField(
        name=name,
        type=unparse(stmt.annotation or written_type),
        required=required,
        default=default_of(context, klass, name, default_expr, stmt.line),
        location=context.location(klass.scope.module, stmt.line),
    ), []


def read_member(
    context: LinkContext, klass: ClassInfo, stmt: Assign, name: str
) -> tuple[ModelField, list[Relation]] | None:
    """An enum member ``NAME = value`` (its value masked when it looks like a secret)."""
    if stmt.value is None or name.startswith("_") or stmt.op not in ("=", ":"):
        return None
    value = default_of(context, klass, name, stmt.value, stmt.line)
    return ModelField(
        name=name, type="", required=False, default=value, location=context.location(klass.scope.module, stmt.line)
    ), []

"""django-ninja schemas: ``Schema`` and ``FilterSchema`` are pydantic models, ``ModelSchema`` adds model fields.

A ``ModelSchema``'s ``class Meta`` names the Django model (``model``) and which of its fields the
schema takes (``fields``, a list or ``"__all__"``, or every field but ``exclude``), as ninja's
``create_schema`` builds it: after the schema's own annotated fields (which replace a model field
of the same name), the model fields in the order ``fields`` lists them (the model's order for
``"__all__"`` or ``exclude``), typed as ninja types them (``CharField`` → ``str``, a foreign key →
the target's key type); ``X | None`` and not required when the model field is a primary key,
nullable, blank or named in ``fields_optional``, not required when it has a default. A model
docgen did not find (a third-party one) leaves the declared fields and the names ``fields`` lists.
"""

from __future__ import annotations

from dataclasses import replace

from docgen.extract._shared.common import strings
from docgen.extract._shared.fields import ClassInfo
from docgen.link.contract import LinkContext
from docgen.link.evaluate import DefRef, Seq, Value
from docgen.model import Model, ModelField
from docgen.model.facts import Assign, Op

SCHEMAS = frozenset({"ninja.Schema", "ninja.schema.Schema", "ninja.FilterSchema", "ninja.filter_schema.FilterSchema"})
MODEL_SCHEMAS = frozenset({"ninja.ModelSchema", "ninja.orm.ModelSchema", "ninja.orm.metaclass.ModelSchema"})

_TYPES = {
    **dict.fromkeys(
        ("AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField", "SmallIntegerField"), "int"
    ),
    **dict.fromkeys(("PositiveIntegerField", "PositiveBigIntegerField", "PositiveSmallIntegerField"), "int"),
    **dict.fromkeys(("CharField", "TextField", "SlugField", "EmailField", "URLField", "FileField"), "str"),
    **dict.fromkeys(("FilePathField", "ImageField", "CICharField", "CIEmailField", "CITextField"), "str"),
    "BooleanField": "bool",
    "NullBooleanField": "bool",
    "BinaryField": "bytes",
    "DateField": "date",
    "DateTimeField": "datetime",
    "TimeField": "time",
    "DurationField": "timedelta",
    "DecimalField": "Decimal",
    "FloatField": "float",
    "UUIDField": "UUID",
    "JSONField": "Any",
    "GenericIPAddressField": "IPvAnyAddress",
    "ArrayField": "list",
    "HStoreField": "dict",
    "ForeignKey": "int",
    "OneToOneField": "int",
    "ManyToManyField": "list[int]",
}


def with_model_fields(context: LinkContext, info: ClassInfo, model: Model) -> Model:
    """A ``ModelSchema`` with the Django model fields its ``Meta`` selects, after its own fields."""
    meta = context.evaluator.class_attribute(DefRef(info.dotted, True), "Meta")
    if not isinstance(meta, DefRef) or not meta.is_class:
        return model
    source_ref = context.evaluator.class_attribute(meta, "model")
    source = context.models.get(source_ref.dotted) if isinstance(source_ref, DefRef) else None
    listed = _names(context, meta, "fields")
    exclude = set(_names(context, meta, "exclude") or ())
    optional = _names(context, meta, "fields_optional") or ()
    available = [f for f in source.fields if f.name not in exclude] if source is not None else []
    if listed is not None and listed != ["__all__"]:
        by_name = {f.name: f for f in available}
        unknown = ModelField(name="", type="", required=False)  # the model is not analysed: only the name
        chosen = [by_name.get(n) or replace(unknown, name=n) for n in listed if n in by_name or source is None]
    else:
        chosen = available
    declared = {f.name for f in model.fields}
    every = "__all__" in optional
    added = [_schema_field(f, every or f.name in optional) for f in chosen if f.name not in declared]
    return replace(model, fields=(*model.fields, *added))


def _schema_field(field: ModelField, optional: bool) -> ModelField:
    """The pydantic field ninja builds for a Django model field."""
    constraints = field.constraints
    automatic = constraints.get("primary_key") == "True" or field.type in ("AutoField", "BigAutoField")
    nullable = automatic or optional or any(constraints.get(k) == "True" for k in ("null", "blank"))
    python = _TYPES.get(field.type, field.type)
    return replace(
        field,
        type=f"{python} | None" if nullable and python else python,
        required=not nullable and field.default is None,
        constraints={k: v for k, v in constraints.items() if k in ("max_length", "choices")},
    )


def _names(context: LinkContext, meta: DefRef, name: str) -> list[str] | None:
    """A ``Meta`` option's strings (``sorted([...])`` and ``list(...)`` of a literal read through), or None."""
    scope = context.program.body_scope(meta.dotted)
    stmt = scope.bindings[name][-1] if scope is not None and name in scope.bindings else None
    if scope is None or not isinstance(stmt, Assign) or stmt.value is None:
        return None
    expr = stmt.value
    wrapped = expr.op is Op.CALL and expr.args[0].op is Op.NAME and expr.args[0].value in ("sorted", "list", "tuple")
    value: Value = context.evaluator.eval(expr.args[1] if wrapped and len(expr.args) == 2 else expr, scope)
    found = list(strings(value))
    if wrapped and expr.args[0].value == "sorted" and isinstance(value, Seq):
        found.sort()
    return found

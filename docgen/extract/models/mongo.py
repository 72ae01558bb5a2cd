"""MongoDB document models: Beanie and ODMantic (pydantic-based) and MongoEngine documents.

* Beanie ``Document``: pydantic fields (read as the pydantic extractor reads them) after the
  implicit ``id`` (alias ``_id``); ``Indexed(T, unique=True)`` gives ``indexed``/``unique``
  constraints; ``Link[X]`` is a foreign-key relation (``list[Link[X]]`` many-to-many), ``BackLink[X]``
  a relationship; the collection (``table``) is ``Settings.name``, else the class name.
* ODMantic ``Model``/``EmbeddedModel``: pydantic fields; ``Reference()`` fields are foreign-key
  relations; ``Field(primary_field=True)`` replaces the implicit ``id``; the collection is
  ``model_config["collection"]`` (v0: ``Config.collection``), else the snake-cased class name
  without a ``Model`` suffix.
* MongoEngine ``Document``/``EmbeddedDocument`` (and ``db.Document`` of flask-mongoengine): fields
  made by ``*Field(...)`` calls with their options (``required``, ``default``, ``db_field`` as the
  alias, ``help_text`` as the description); ``ReferenceField`` is a foreign key (in a ``ListField``,
  many-to-many), ``EmbeddedDocumentField`` nests; an implicit ``id`` unless a field is the primary
  key; ``meta = {"abstract": True}`` documents only lend their fields; the collection is
  ``meta["collection"]``, else the snake-cased class name.
"""

from __future__ import annotations

import re
from dataclasses import replace

from docgen.extract._shared.common import callee_name, short_name
from docgen.extract._shared.fields import (
    ClassInfo,
    analysed_mro,
    annotation_class,
    build_model,
    classes,
    default_of,
    kwargs_text,
    resolve_targets,
)
from docgen.extract.models.pydantic import read_field as read_pydantic_field
from docgen.link.contract import Extractor, LinkContext
from docgen.link.unparse import unparse
from docgen.model import Model, ModelField, ModelKind, Relation, RelationKind
from docgen.model.facts import Assign, ClassDef, Expr, Op

ODMANTIC = frozenset(
    {"odmantic.Model", "odmantic.EmbeddedModel", "odmantic.model.Model", "odmantic.model.EmbeddedModel"}
)
OPTIONS = (
    "unique",
    "unique_with",
    "primary_key",
    "choices",
    "max_length",
    "min_length",
    "min_value",
    "max_value",
    "regex",
    "null",
    "sparse",
    "reverse_delete_rule",
)
_REFERENCES = frozenset({"ReferenceField", "LazyReferenceField", "CachedReferenceField", "GenericReferenceField"})
_EMBEDDED = frozenset({"EmbeddedDocumentField", "EmbeddedDocumentListField", "GenericEmbeddedDocumentField"})


def _kind(info: ClassInfo) -> ModelKind | None:
    for name in info.lineage:
        if name.startswith("beanie.") and short_name(name) == "Document":
            return ModelKind.BEANIE
        if name in ODMANTIC:
            return ModelKind.ODMANTIC
        if name.startswith(("mongoengine.", "flask_mongoengine.")) and short_name(name).endswith("Document"):
            return ModelKind.MONGOENGINE
    return None


class MongoExtractor(Extractor):
    """Document models of the MongoDB ODMs."""

    name = "mongo"
    packages = frozenset({"beanie", "mongoengine", "flask_mongoengine", "odmantic"})

    def collect_models(self, *, context: LinkContext) -> list[Model]:  # noqa: D102
        models = []
        for info in classes(context):
            kind = _kind(info)
            if kind is ModelKind.MONGOENGINE and not _abstract(info):
                models.append(_mongoengine(context, info))
            elif kind is not None and kind is not ModelKind.MONGOENGINE:
                models.append(_pydantic_document(context, info, kind))
        return resolve_targets(models)


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


# --- Beanie and ODMantic ------------------------------------------------------------------------


def _pydantic_document(context: LinkContext, info: ClassInfo, kind: ModelKind) -> Model:
    model = build_model(context, info, kind, _read_pydantic_document)
    fields = list(model.fields)
    relations = list(model.relations)
    embedded = "EmbeddedModel" in {short_name(n) for n in info.lineage}
    primary = any(f.constraints.get("primary_field") == "True" or f.name == "id" for f in fields)
    if not embedded and not primary:
        id_type = "PydanticObjectId | None" if kind is ModelKind.BEANIE else "ObjectId"
        fields.insert(
            0,
            ModelField(
                name="id", type=id_type, required=False, default=None, constraints={"primary_key": "True"}, alias="_id"
            ),
        )
    for i, field in enumerate(fields):
        target = _link_target(field.type)
        if target is not None:
            relations.append(Relation(kind=target[0], field=field.name, target=target[1]))
            if target[0] is RelationKind.RELATIONSHIP:  # back links are filled in when fetched
                fields[i] = replace(field, required=False)
    table = None if embedded else _collection(context, info, kind)
    return replace(model, fields=tuple(fields), relations=tuple(relations), table=table)


def _read_pydantic_document(
    context: LinkContext, klass: ClassInfo, stmt: Assign, name: str
) -> tuple[ModelField, list[Relation]] | None:
    read = read_pydantic_field(context, klass, stmt, name)
    if read is None or stmt.annotation is None:
        return read
    field, relations = read
    options = dict(field.constraints)
    annotation = stmt.annotation
    if annotation.op is Op.CALL and short_name(unparse(annotation.args[0])) == "Indexed":
        options["indexed"] = "True"  # Indexed(str, unique=True)
        options.update(kwargs_text(annotation, ("unique",)))
    value = stmt.value
    if value is not None and value.op is Op.CALL:
        called = short_name(callee_name(context, value, klass.scope) or unparse(value.args[0]))
        if called == "Reference":
            relations = [
                *relations,
                Relation(kind=RelationKind.FOREIGN_KEY, field=name, target=annotation_class(annotation)),
            ]
            field = replace(field, required=True, default=None)
        options.update(kwargs_text(value, ("primary_field", "key_name", "index", "unique")))
        key = value.kwarg("key_name")
        if key is not None and key.op is Op.STR:
            field = replace(field, alias=str(key.value))
    return replace(field, constraints=options), relations


def _link_target(type_text: str) -> tuple[RelationKind, str] | None:
    """``Link[X]`` → foreign key, ``list[Link[X]]`` → many-to-many, ``BackLink[X]`` → relationship."""
    found = re.search(r"\b(Back)?Link\[\s*['\"]?([\w.]+)", type_text)
    if found is None:
        return None
    if found.group(1):
        return RelationKind.RELATIONSHIP, found.group(2)
    many = re.match(r"\s*(Optional\[)?\s*(list|List|set|Set)\[", type_text) is not None
    return (RelationKind.MANY_TO_MANY if many else RelationKind.FOREIGN_KEY), found.group(2)


def _collection(context: LinkContext, info: ClassInfo, kind: ModelKind) -> str:
    """The collection name from ``Settings.name`` (Beanie) or ``model_config``/``Config`` (ODMantic)."""
    for klass in analysed_mro(context, info):
        for stmt in klass.definition.body:
            if isinstance(stmt, ClassDef) and stmt.name in ("Settings", "Config"):
                for inner in stmt.body:
                    if not isinstance(inner, Assign) or inner.targets[0].value not in ("name", "collection"):
                        continue
                    if inner.value is not None and inner.value.op is Op.STR:
                        return str(inner.value.value)
            if isinstance(stmt, Assign) and stmt.targets[0].value == "model_config" and stmt.value is not None:
                text = _option(stmt.value, "collection")
                if text:
                    return text
    if kind is ModelKind.BEANIE:
        return info.definition.name
    name = info.definition.name
    return _snake(name[:-5] if name.endswith("Model") and name != "Model" else name)


def _option(expr: Expr, key: str) -> str:
    """A string option of a ``{...}`` literal or a ``ConfigDict(...)`` call."""
    if expr.op is Op.CALL:
        value = expr.kwarg(key)
        return str(value.value) if value is not None and value.op is Op.STR else ""
    if expr.op is Op.DICT:
        for k, v in zip(expr.args[::2], expr.args[1::2], strict=False):
            if k is not None and k.op is Op.STR and k.value == key and v.op is Op.STR:
                return str(v.value)
    return ""


# --- MongoEngine ----------------------------------------------------------------------------------


def _meta(info: ClassInfo) -> Expr | None:
    for stmt in info.definition.body:
        if isinstance(stmt, Assign) and stmt.targets[0].value == "meta" and stmt.value is not None:
            return stmt.value
    return None


def _abstract(info: ClassInfo) -> bool:
    meta = _meta(info)
    if meta is None or meta.op is not Op.DICT:
        return False
    pairs = zip(meta.args[::2], meta.args[1::2], strict=False)
    return any(k is not None and k.value == "abstract" and v.value is True for k, v in pairs)


def _mongoengine(context: LinkContext, info: ClassInfo) -> Model:
    model = build_model(context, info, ModelKind.MONGOENGINE, _read_mongoengine_field)
    fields = list(model.fields)
    embedded = any(short_name(n).endswith("EmbeddedDocument") for n in info.lineage)
    if not embedded and not any(f.constraints.get("primary_key") == "True" for f in fields):
        fields.insert(
            0,
            ModelField(
                name="id",
                type="ObjectIdField",
                required=False,
                default=None,
                constraints={"primary_key": "True"},
                alias="_id",
            ),
        )
    meta = _meta(info)
    collection = _option(meta, "collection") if meta is not None else ""
    table = None if embedded else collection or _snake(info.definition.name)
    relations = tuple(replace(r, target=info.dotted) if r.target == "self" else r for r in model.relations)
    return replace(model, fields=tuple(fields), relations=relations, table=table)


def _read_mongoengine_field(
    context: LinkContext, klass: ClassInfo, stmt: Assign, name: str
) -> tuple[ModelField, list[Relation]] | None:
    value = stmt.value
    if value is None or value.op is not Op.CALL or name.startswith("_") or name == "meta":
        return None
    field_class = short_name(callee_name(context, value, klass.scope) or unparse(value.args[0]))
    if not field_class.endswith("Field"):
        return None
    options = kwargs_text(value, OPTIONS)
    relations = []
    type_text = field_class
    inner = value.positional[0] if value.positional else None
    if inner is not None and inner.op is Op.CALL and field_class in ("ListField", "SortedListField", "MapField"):
        inner_class = short_name(unparse(inner.args[0]))
        target = inner.positional[0] if inner.positional else None
        written = f"({target.value if target.op is Op.STR else unparse(target)})" if target is not None else ""
        type_text = f"{field_class}[{inner_class}{written}]"
        if inner_class in _REFERENCES and target is not None:
            relations.append(
                Relation(kind=RelationKind.MANY_TO_MANY, field=name, target=_document_ref(context, target, klass))
            )
        elif inner_class in _EMBEDDED and target is not None:
            relations.append(
                Relation(kind=RelationKind.NESTED, field=name, target=_document_ref(context, target, klass))
            )
    elif inner is not None and field_class in _REFERENCES:
        relations.append(
            Relation(kind=RelationKind.FOREIGN_KEY, field=name, target=_document_ref(context, inner, klass))
        )
    elif inner is not None and field_class in _EMBEDDED:
        relations.append(Relation(kind=RelationKind.NESTED, field=name, target=_document_ref(context, inner, klass)))
    required = value.kwarg("required")
    description = value.kwarg("help_text")
    alias = value.kwarg("db_field")
    return ModelField(
        name=name,
        type=type_text,
        required=required is not None and required.op is Op.CONST and required.value is True,
        default=default_of(context, klass, name, value.kwarg("default"), stmt.line),
        constraints=options,
        description=str(description.value) if description is not None and description.op is Op.STR else "",
        alias=str(alias.value) if alias is not None and alias.op is Op.STR else None,
        location=context.location(klass.scope.module, stmt.line),
    ), relations


def _document_ref(context: LinkContext, expr: Expr, klass: ClassInfo) -> str:
    if expr.op is Op.STR:
        return "self" if expr.value == "self" else str(expr.value)
    value = context.evaluator.eval(expr, klass.scope)
    return getattr(value, "dotted", "") or unparse(expr)

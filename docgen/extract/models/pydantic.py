"""Pydantic (v1 and v2) models and settings, and SQLModel tables.

Fields are annotated class attributes. ``Field(...)`` (as the value or inside ``Annotated[...]``)
gives constraints, ``description``, ``alias`` and the default (``default_factory=list`` shown as
``list()``, what each instance gets); ``constr(...)``/``conint(...)`` types give their constraints.
A ``RootModel[T]`` has the field ``root: T`` (v1: ``__root__``). Validators are listed on the
fields they check, as the constraint ``validators="check_a, check_b"`` (``@validator``/
``@field_validator`` of the class and its bases; ``"*"`` means every field).
``model_config``/``class Config`` with ``frozen=True`` (v1: ``allow_mutation=False``) marks every
field ``frozen``. In v1 models (``pydantic.v1``, ``GenericModel``, v1 ``BaseSettings``, and every
model of a project whose packaging pins pydantic 1) an ``Optional`` field without a default
defaults to None; in v2 it is required. SQLModel ``table=True`` classes are tables whose
``Relationship`` and ``foreign_key`` targets are resolved to model ids where the class or table is
found.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import partial

from docgen.extract._shared.common import PYDANTIC_BASES, VALIDATION_CONSTRAINTS, callee_name, short_name
from docgen.extract._shared.fields import (
    ClassInfo,
    analysed_mro,
    annotation_class,
    annotation_optional,
    build_model,
    classes,
    default_of,
    factory_default,
    is_classvar,
    kwargs_text,
    resolve_targets,
    with_entries,
)
from docgen.extract.models.ninja_schemas import MODEL_SCHEMAS, SCHEMAS, with_model_fields
from docgen.extract.models.pydantic_aliases import alias_generator
from docgen.link.contract import Extractor, LinkContext
from docgen.link.evaluate import Const, DefRef, External
from docgen.link.program import Scope
from docgen.link.unparse import unparse
from docgen.model import Model, ModelField, ModelKind, Relation, RelationKind, Serialization
from docgen.model.facts import Assign, ClassDef, Expr, FunctionDef, Op

BASES = PYDANTIC_BASES
SETTINGS = frozenset(
    {
        "pydantic_settings.BaseSettings",
        "pydantic.BaseSettings",
        "pydantic.v1.BaseSettings",
        "pydantic.env_settings.BaseSettings",
    }
)
SQLMODEL = frozenset({"sqlmodel.SQLModel", "sqlmodel.main.SQLModel"})
ROOT = frozenset({"pydantic.RootModel", "pydantic.root_model.RootModel"})
V1 = frozenset(
    {
        "pydantic.v1.BaseModel",
        "pydantic.v1.main.BaseModel",
        "pydantic.generics.GenericModel",
        "pydantic.BaseSettings",
        "pydantic.v1.BaseSettings",
        "pydantic.env_settings.BaseSettings",
    }
)
CONSTRAINTS = (*VALIDATION_CONSTRAINTS, "strict", "frozen", "unique_items", "const", "discriminator", "exclude")
_VALIDATORS = frozenset({"validator", "field_validator"})
_SKIP = frozenset({"model_config", "Config", "Meta", "__tablename__", "__table_args__", "model_fields"})


class PydanticExtractor(Extractor):
    """Models deriving from pydantic's BaseModel, BaseSettings or SQLModel, and django-ninja's schemas.

    It runs after the Django models extractor: a ninja ``ModelSchema`` takes fields of the
    Django model its ``Meta`` names (see :mod:`docgen.extract.models.ninja_schemas`).
    """

    name = "pydantic"
    packages = frozenset({"pydantic", "pydantic_settings", "sqlmodel"})

    def collect_models(self, *, context: LinkContext) -> list[Model]:  # noqa: D102
        models = []
        for info in classes(context):
            if info.lineage.isdisjoint(BASES | SETTINGS | SQLMODEL | SCHEMAS | MODEL_SCHEMAS):
                continue
            if not info.lineage.isdisjoint(SQLMODEL):
                table = _table_kwarg(context, info)
                kind = ModelKind.SQLMODEL if table else ModelKind.PYDANTIC
            else:
                kind = ModelKind.PYDANTIC_SETTINGS if not info.lineage.isdisjoint(SETTINGS) else ModelKind.PYDANTIC
            pinned_v1 = context.majors.get("pydantic") == 1  # `from pydantic import BaseModel` is v1's
            reader = partial(read_field, v1=pinned_v1 or not info.lineage.isdisjoint(V1))
            model = build_model(context, info, kind, reader, _tablename(context, info, kind))
            if not info.lineage.isdisjoint(MODEL_SCHEMAS):
                model = with_model_fields(context, info, model)
            models.append(_finish(context, info, model))
        return resolve_targets(models)


def _tablename(context: LinkContext, info: ClassInfo, kind: ModelKind) -> str | None:
    if kind is not ModelKind.SQLMODEL:
        return None
    value = context.evaluator.class_attribute(DefRef(info.dotted, True), "__tablename__")
    return value.value if isinstance(value, Const) and isinstance(value.value, str) else info.definition.name.lower()


def _finish(context: LinkContext, info: ClassInfo, model: Model) -> Model:
    """Add the root field of root models, validators, and the ``frozen`` and ``extra`` configuration to a model."""
    fields = model.fields
    if not info.lineage.isdisjoint(ROOT) and not any(f.name == "root" for f in fields):
        root_type = _root_type(context, info)
        location = context.location(info.scope.module, info.definition.line)
        fields = (ModelField(name="root", type=root_type, required=True, default=None, location=location), *fields)
    entries: list[tuple[str, str, str]] = []
    for name, method in _validators(context, info):
        targets = [f.name for f in fields] if name == "*" else [name]
        entries += [(target, "validators", method) for target in targets]
    if _frozen(context, info):
        entries += [(f.name, "frozen", "True") for f in fields if "frozen" not in f.constraints]
    fields = _generated_aliases(context, info, _join_validators(with_entries(fields, entries)))
    written, qualified = _type_arguments(context, info)
    if written:  # the type as the subclass's reader sees it, and as resolved where the subclass names its classes
        fields = tuple(_specialised(f, written, qualified) for f in fields)
    extra, serialization = _extra(context, info), _serialization(context, info)
    if fields == model.fields and extra is None and serialization is None:
        return model
    return replace(model, fields=fields, extra=extra, serialization=serialization)


def _serialization(context: LinkContext, info: ClassInfo) -> Serialization | None:
    """What the nearest configuration changes in the JSON schema of what the model serialises, if anything."""
    required = _is_true(_config(context, info, "json_schema_serialization_defaults_required"))
    timedelta = _config(context, info, "ser_json_timedelta")
    mode = str(timedelta.value) if timedelta is not None and timedelta.op is Op.STR else None
    if not required and mode is None:
        return None
    return Serialization(defaults_required=required, timedelta=mode)


def _join_validators(fields: tuple[ModelField, ...]) -> tuple[ModelField, ...]:
    """``with_entries`` joins with ``"; "``; validator names read better as a comma list."""
    return tuple(
        replace(f, constraints={**f.constraints, "validators": f.constraints["validators"].replace("; ", ", ")})
        if "validators" in f.constraints
        else f
        for f in fields
    )


def _type_arguments(context: LinkContext, info: ClassInfo) -> tuple[dict[str, str], dict[str, str]]:
    """``{"T": "Item"}`` for a class deriving from a parametrised generic model ``Page[Item]``, and with dotted names.

    The second gives each analysed class its dotted name (``{"T": "app.items.Item"}``).
    """
    written: dict[str, str] = {}
    qualified: dict[str, str] = {}
    for base in info.definition.bases:
        if base.op is not Op.SUBSCRIPT:
            continue
        value = context.evaluator.eval(base.args[0], info.outer)
        generic = context.program.definition(value.dotted) if isinstance(value, DefRef) else None
        if not isinstance(generic, ClassDef):
            continue
        params = [p.strip().split(":")[0].strip() for p in generic.type_params.split(",") if p.strip()]
        for outer in generic.bases:
            if outer.op is Op.SUBSCRIPT and short_name(unparse(outer.args[0])) == "Generic":
                params = [unparse(a) for a in outer.args[1:]]
        written.update(zip(params, (unparse(a) for a in base.args[1:]), strict=False))
        qualified.update(
            zip(params, (unparse(_qualified(context, a, info.outer)) for a in base.args[1:]), strict=False)
        )
    return written, qualified


def _qualified(context: LinkContext, expr: Expr, scope: Scope) -> Expr:
    """``expr`` with each name of an analysed class as its dotted name, as ``scope`` reads it.

    The generic's fields are read in the generic's module, where a class named in the subclass's
    ``Page[Item]`` may not be known, or be another class of that name.
    """
    if expr.op in (Op.NAME, Op.ATTR):
        value = context.evaluator.eval(expr, scope)
        return Expr(Op.NAME, value.dotted) if isinstance(value, DefRef) else expr
    if not expr.args:
        return expr
    return replace(expr, args=tuple(_qualified(context, a, scope) for a in expr.args))


def _specialised(field: ModelField, written: dict[str, str], qualified: dict[str, str]) -> ModelField:
    """A generic's field with its type arguments substituted, resolved with dotted names where they differ."""
    shown, resolved = _substitute(field.type, written), _substitute(field.type, qualified)
    return replace(field, type=shown, resolved_type=resolved if resolved != shown else field.resolved_type)


def _substitute(type_text: str, substitutions: dict[str, str]) -> str:
    pattern = re.compile(r"\b(" + "|".join(re.escape(k) for k in substitutions) + r")\b")
    return pattern.sub(lambda m: substitutions[m.group(1)], type_text)


def _root_type(context: LinkContext, info: ClassInfo) -> str:
    """``T`` of the ``RootModel[T]`` the class (or an analysed base) derives from."""
    for klass in analysed_mro(context, info):
        for base in klass.definition.bases:
            if base.op is Op.SUBSCRIPT and len(base.args) > 1:
                value = context.evaluator.eval(base.args[0], klass.outer)
                if isinstance(value, External) and value.dotted in ROOT:
                    return unparse(base.args[1])
    return ""


def _validators(context: LinkContext, info: ClassInfo) -> list[tuple[str, str]]:
    """``(field name or "*", method name)`` for each field validator of the class and its bases."""
    found = []
    for klass in reversed(list(analysed_mro(context, info))):
        for stmt in klass.definition.body:
            if not isinstance(stmt, FunctionDef):
                continue
            for decorator in stmt.decorators:
                if decorator.op is not Op.CALL:
                    continue
                called = callee_name(context, decorator, klass.scope) or ""
                if called.startswith("pydantic") and short_name(called) in _VALIDATORS:
                    names = [a.value for a in decorator.positional if a.op is Op.STR]
                    found += [(str(n), stmt.name) for n in names]
    return found


def _frozen(context: LinkContext, info: ClassInfo) -> bool:
    """Whether the nearest configuration that says so makes instances frozen (configs inherit)."""
    frozen = _config(context, info, "frozen")
    if frozen is not None:
        return _is_true(frozen)
    mutable = _config(context, info, "allow_mutation")
    return mutable is not None and mutable.op is Op.CONST and mutable.value is False


def _extra(context: LinkContext, info: ClassInfo) -> str | None:
    """What the nearest configuration does with undeclared fields (``forbid``, ``allow``, ``ignore``), if it says."""
    value = _config(context, info, "extra")
    if value is None:
        return None
    if value.op is Op.STR or value.op is Op.ATTR:  # extra="forbid"
        text = str(value.value)
    else:
        return None
    return text if text in ("forbid", "allow", "ignore") else None


def _config(context: LinkContext, info: ClassInfo, key: str) -> Expr | None:
    """The value the nearest class setting ``key`` gives: ``model_config``, ``class Config`` or a class keyword."""
    found = _config_at(context, info, key)
    return found[0] if found is not None else None


def _config_at(context: LinkContext, info: ClassInfo, key: str) -> tuple[Expr, Scope] | None:
    """That value and the scope it is read in (the module of the class setting it)."""
    for klass in analysed_mro(context, info):
        options: list[tuple[str, Expr]] = list(klass.definition.keywords)
        for stmt in klass.definition.body:
            if isinstance(stmt, Assign) and stmt.targets[0].value == "model_config" and stmt.value is not None:
                value = stmt.value
                if value.op is Op.CALL:
                    options += list(value.kwargs)
                elif value.op is Op.DICT:
                    keys, values = value.args[::2], value.args[1::2]
                    options += [(str(k.value), v) for k, v in zip(keys, values, strict=False) if k.op is Op.STR]
            elif isinstance(stmt, ClassDef) and stmt.name == "Config":
                options += [
                    (str(s.targets[0].value), s.value)
                    for s in stmt.body
                    if isinstance(s, Assign) and s.value is not None
                ]
        for name, expr in options:
            if name == key:
                return expr, klass.outer
    return None


def _generated_aliases(context: LinkContext, info: ClassInfo, fields: tuple[ModelField, ...]) -> tuple[ModelField, ...]:
    """``fields`` with the aliases the model's ``alias_generator`` gives those without an explicit one."""
    option = _config_at(context, info, "alias_generator")
    generate = alias_generator(context, *option) if option is not None else None
    if generate is None:
        return fields
    out = []
    for f in fields:
        alias = generate(f.name) if f.alias is None else None
        out.append(replace(f, alias=alias) if alias and alias != f.name else f)
    return tuple(out)


def _is_true(expr: Expr | None) -> bool:
    return expr is not None and expr.op is Op.CONST and expr.value is True


def _table_kwarg(context: LinkContext, info: ClassInfo) -> bool:
    for key, value in info.definition.keywords:
        if key == "table":
            evaluated = context.evaluator.eval(value, info.outer)
            return isinstance(evaluated, Const) and evaluated.value is True
    return False


def _field_call(context: LinkContext, klass: ClassInfo, stmt: Assign) -> Expr | None:
    """The ``Field(...)``/``Relationship(...)`` call of a declaration: its value or in ``Annotated`` (or its alias)."""
    candidates = [stmt.value] if stmt.value is not None else []
    annotation = stmt.annotation
    if annotation is not None and annotation.op in (Op.NAME, Op.ATTR):  # an alias of Annotated[T, Field(...)]
        annotation = context.evaluator.alias_expr(annotation, klass.scope)[0]
    if (
        annotation is not None
        and annotation.op is Op.SUBSCRIPT
        and short_name(unparse(annotation.args[0])) == "Annotated"
    ):
        candidates += list(annotation.args[2:])
    for expr in candidates:
        if expr is not None and expr.op is Op.CALL:
            dotted = callee_name(context, expr, klass.scope) or unparse(expr.args[0])
            name = short_name(dotted)
            if name in ("Field", "Relationship") or (dotted.startswith("fastapi.") and name in _FASTAPI_FIELDS):
                return expr
    return None


_FASTAPI_FIELDS = frozenset({"Query", "Path", "Body", "Header", "Cookie", "Form", "File"})
"""FastAPI's parameter functions: each makes a pydantic ``FieldInfo``, a model field's ``Field(...)`` too."""


def read_field(
    context: LinkContext, klass: ClassInfo, stmt: Assign, name: str, v1: bool = False
) -> tuple[ModelField, list[Relation]] | None:
    """A field from ``name: T = value``; plain assignments and private names are not fields."""
    private = name.startswith("_") and name != "__root__"
    if stmt.op != ":" or private or name in _SKIP or is_classvar(stmt.annotation):
        return None
    value = stmt.value
    relations: list[Relation] = []
    constraints: dict[str, str] = {}
    description = ""
    alias = None
    call = _field_call(context, klass, stmt)
    annotation = stmt.annotation
    if (
        annotation is not None
        and annotation.op is Op.CALL
        and short_name(unparse(annotation.args[0])).startswith("con")
    ):
        constraints = kwargs_text(annotation, CONSTRAINTS)  # constr(max_length=5), conint(gt=0)
    default_expr = value if value is not call else None
    explicit_required = value is not None and value.op is Op.CONST and value.value == "..."
    if call is not None:
        constraints.update(kwargs_text(call, CONSTRAINTS))
        for key, arg in call.kwargs:
            if key == "description" and arg.op is Op.STR:
                description = str(arg.value)
            elif key in ("alias", "serialization_alias", "validation_alias") and arg.op is Op.STR and alias is None:
                alias = str(arg.value)
            elif key in ("primary_key", "foreign_key", "unique", "index", "nullable"):
                constraints[key] = unparse(arg)
        if value is call:
            default_expr = call.kwarg("default") or (call.positional[0] if call.positional else None)
        factory = call.kwarg("default_factory")
        if factory is not None:
            default_expr = factory_default(factory)
        foreign = call.kwarg("foreign_key")
        if foreign is not None and foreign.op is Op.STR:
            relations.append(Relation(kind=RelationKind.FOREIGN_KEY, field=name, target=str(foreign.value)))
        if short_name(unparse(call.args[0])) == "Relationship":
            back = call.kwarg("back_populates")
            opposite = str(back.value) if back is not None and back.op is Op.STR else None
            target = annotation_class(annotation)
            relations.append(Relation(kind=RelationKind.RELATIONSHIP, field=name, target=target, opposite=opposite))
            constraints.update(kwargs_text(call, ("back_populates", "link_model", "cascade_delete")))

    if default_expr is not None and default_expr.op is Op.CONST and default_expr.value == "...":
        default_expr, explicit_required = None, True
    loaded = any(r.kind is RelationKind.RELATIONSHIP for r in relations)  # loaded by the ORM, not passed
    required = default_expr is None and not loaded
    if required and v1 and not explicit_required and annotation_optional(annotation):
        required, default_expr = False, Expr(Op.CONST, None)
    if call is not None and annotation is not None and annotation.op is Op.SUBSCRIPT and call in annotation.args:
        annotation = annotation.args[1]  # Annotated[T, Field(...)]: the Field is shown as constraints
    field = ModelField(
        name=name,
        type=unparse(annotation),
        required=required,
        default=default_of(context, klass, name, default_expr, stmt.line),
        constraints=constraints,
        description=description,
        alias=alias,
        location=context.location(klass.scope.module, stmt.line),
    )
    return field, relations

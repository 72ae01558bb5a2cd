"""Django REST framework serializers: declared, nested and model-derived fields.

Declared fields are the class attributes that are DRF fields (``serializers.CharField(...)``) or
serializers (nested: type ``AuthorSerializer`` or ``list[AuthorSerializer]`` with ``many=True``, and
a ``nested`` relation to the serializer's id), inherited from parent serializers; ``name = None``
removes an inherited one. A ``ModelSerializer`` adds the fields ``Meta.fields`` names (in that
order; ``"__all__"``, or every field but ``Meta.exclude``), taken from the Django model ``Meta.model``
(found by the Django model extractor): the serializer field DRF would build (``ForeignKey`` →
``PrimaryKeyRelatedField``, fields with ``choices`` → ``ChoiceField``, a project's field class as the
Django class it derives from, unknown ones ``ModelField``), the
model's default and ``help_text``, ``read_only`` for automatic and non-editable fields (then
without their ``choices``, length or validators, as DRF builds them). Names that
are neither (model properties) become ``ReadOnlyField``. ``Meta.read_only_fields`` and
``Meta.extra_kwargs`` apply last.

``required`` is DRF's: an explicit ``required=``, else not when ``read_only``, with a ``default``, or
(model fields) when the model field has a default or is ``null``/``blank``. Field options are
constraints; ``help_text`` is the description; ``validate_<field>`` methods are listed as
``validators``; a ``SerializerMethodField`` takes its method's docstring summary as description.
A project's own field class notes the DRF class it derives from as ``base`` (and its
``@extend_schema_field`` type as ``returns`` or schema as ``schema``, JSON); a method field
notes what its method returns (``returns``, type text). Read-only field classes
(``ReadOnlyField``, ``SerializerMethodField``...) are ``read_only``; a
choice field whose ``choices`` docgen can read gets their values as an ``enum`` constraint (JSON).
"""

from __future__ import annotations

from dataclasses import replace

from docgen.extract._shared.common import callee_name, short_name, strings
from docgen.extract._shared.fields import ClassInfo, analysed_mro, build_model, classes, default_of, kwargs_text
from docgen.extract.django.choices import child_choice_values, choice_values
from docgen.extract.django.drf_fields import declared_schema, drf_base, init_options, method_returns
from docgen.extract.django.meta import literal_text
from docgen.extract.django.models import collect as django_models
from docgen.link.contract import Extractor, LinkContext
from docgen.link.evaluate import Const, DefRef, External, Seq, Value
from docgen.link.program import Scope
from docgen.link.unparse import unparse
from docgen.model import Model, ModelField, ModelKind, Relation, RelationKind
from docgen.model.facts import Assign, ClassDef, Expr, FunctionDef, Op
from docgen.reference.docstrings import parse_docstring

SERIALIZERS = frozenset(
    {
        "rest_framework.serializers.Serializer",
        "rest_framework.serializers.BaseSerializer",
        "rest_framework.serializers.ModelSerializer",
        "rest_framework.serializers.HyperlinkedModelSerializer",
    }
)
OPTIONS = (
    "read_only",
    "write_only",
    "allow_null",
    "allow_blank",
    "allow_empty",
    "max_length",
    "min_length",
    "max_value",
    "min_value",
    "source",
    "many",
    "choices",
    "label",
    "validators",
    "format",
    "child",
    "method_name",
    "slug_field",
    "view_name",
)
_MODEL_TO_SERIALIZER = {
    "AutoField": "IntegerField",
    "BigAutoField": "IntegerField",
    "SmallAutoField": "IntegerField",
    "BigIntegerField": "IntegerField",
    "SmallIntegerField": "IntegerField",
    "PositiveIntegerField": "IntegerField",
    "PositiveSmallIntegerField": "IntegerField",
    "PositiveBigIntegerField": "IntegerField",
    "IntegerField": "IntegerField",
    "TextField": "CharField",
    "CharField": "CharField",
    "SlugField": "SlugField",
    "EmailField": "EmailField",
    "URLField": "URLField",
    "UUIDField": "UUIDField",
    "BooleanField": "BooleanField",
    "NullBooleanField": "BooleanField",
    "DateTimeField": "DateTimeField",
    "DateField": "DateField",
    "TimeField": "TimeField",
    "DurationField": "DurationField",
    "DecimalField": "DecimalField",
    "FloatField": "FloatField",
    "JSONField": "JSONField",
    "FileField": "FileField",
    "ImageField": "ImageField",
    "FilePathField": "FilePathField",
    "GenericIPAddressField": "IPAddressField",
    "ForeignKey": "PrimaryKeyRelatedField",
    "OneToOneField": "PrimaryKeyRelatedField",
    "ManyToManyField": "PrimaryKeyRelatedField",
}
_THIRD_PARTY = ("rest_framework.", "rest_flex_fields.", "drf_", "rest_framework_simplejwt.")
_CARRIED = ("max_length", "choices", "validators")
_READ_ONLY = frozenset({"SerializerMethodField", "ReadOnlyField", "HyperlinkedIdentityField", "StringRelatedField"})
"""Field classes that are always read-only."""
_CHOICE_FIELDS = frozenset({"ChoiceField", "MultipleChoiceField"})


class DRFSerializersExtractor(Extractor):
    """Serializer classes of Django REST framework."""

    name = "drf_serializers"
    packages = frozenset({"rest_framework", "rest_flex_fields", "rest_framework_simplejwt"})

    def collect_models(self, *, context: LinkContext) -> list[Model]:  # noqa: D102
        infos = [info for info in classes(context) if is_serializer(context, info)]
        if not infos:
            return []
        reader = _Reader({info.dotted for info in infos})
        tables = django_models(context)
        return [_serializer(context, info, reader, tables) for info in infos]


def is_serializer(context: LinkContext, info: ClassInfo) -> bool:
    """Whether a class is a DRF serializer.

    Third-party serializer bases (drf-flex-fields, simplejwt...) count, and so do bases that
    cannot be resolved but are named like serializers (``TaskSerializer = load_func(settings.X)``).
    """
    if not info.lineage.isdisjoint(SERIALIZERS):
        return True
    definitions = context.program.definitions  # a dict: ``lineage - definitions.keys()`` would walk all of it
    for name in (n for n in info.lineage if n not in definitions):
        if _serializer_name(name) and (name.startswith(_THIRD_PARTY) or ".serializers." in name):
            return True
    for klass in analysed_mro(context, info):
        for base in klass.definition.bases:
            value = context.evaluator.eval(base, klass.outer)
            if not isinstance(value, DefRef | External) and _serializer_name(unparse(base)):
                return True
    return False


def _serializer_name(dotted: str) -> bool:
    return dotted.endswith("Serializer") and not dotted.endswith("ListSerializer")


class _Reader:
    """Reads declared fields of serializer class bodies (mixins that are not serializers lend none)."""

    def __init__(self, serializers: set[str]) -> None:
        self.serializers = serializers

    def __call__(
        self, context: LinkContext, klass: ClassInfo, stmt: Assign, name: str
    ) -> tuple[ModelField, list[Relation]] | None:
        value = stmt.value
        if klass.dotted not in self.serializers or value is None or value.op is not Op.CALL or name.startswith("_"):
            return None
        callee = context.evaluator.eval(value.args[0], klass.scope)
        nested = isinstance(callee, DefRef) and callee.dotted in self.serializers
        field_class = short_name(callee_name(context, value, klass.scope) or unparse(value.args[0]))
        if not nested and not (field_class.endswith("Field") or field_class.endswith("Serializer")):
            return None
        options = init_options(context, callee, OPTIONS) | kwargs_text(value, OPTIONS)
        many = options.get("many") == "True"
        type_text = f"list[{field_class}]" if nested and many else field_class
        default_expr = value.kwarg("default")
        required = _required(value, options, default_expr)
        description = literal_text(context, value.kwarg("help_text"), klass.scope)
        base = "" if nested else drf_base(context, callee)
        declared_type, declared_schema_text = declared_schema(context, callee) if base else ("", "")
        extra = {"base": base, "returns": declared_type, "schema": declared_schema_text}
        options |= {key: text for key, text in extra.items() if text}
        if field_class in _READ_ONLY or base in _READ_ONLY:  # DRF forces read_only on these
            options["read_only"] = "True"
            required = False
        if "SerializerMethodField" in (field_class, base):
            method = options.get("method_name", f"get_{name}").strip("'\"")
            description = description or _method_summary(context, klass, method)
            if returns := method_returns(context, klass, method):
                options["returns"] = returns
        field = ModelField(
            name=name,
            type=type_text,
            required=required,
            default=default_of(context, klass, name, default_expr, stmt.line),
            constraints=options,
            description=description,
            location=context.location(klass.scope.module, stmt.line),
        )
        relations = (
            [Relation(kind=RelationKind.NESTED, field=name, target=callee.dotted)]
            if isinstance(callee, DefRef) and nested
            else []
        )
        return field, relations


def _required(call: Expr, options: dict[str, str], default: Expr | None) -> bool:
    explicit = call.kwarg("required")
    if explicit is not None and explicit.op is Op.CONST:
        return explicit.value is True
    return options.get("read_only") != "True" and default is None


def _method_summary(context: LinkContext, klass: ClassInfo, method: str) -> str:
    method = method.strip("'\"")
    for stmt in klass.definition.body:
        if isinstance(stmt, FunctionDef) and stmt.name == method:
            doc = parse_docstring(stmt.docstring, context.docstring_style)
            return doc.summary if doc else ""
    return ""


def _serializer(context: LinkContext, info: ClassInfo, reader: _Reader, tables: dict[str, Model]) -> Model:
    model = build_model(context, info, ModelKind.DRF_SERIALIZER, reader)
    declared = {f.name: f for f in model.fields if f.name not in _removed(info)}
    meta = _Meta(context, info)
    source = tables.get(meta.model or "")
    derived = meta.model is not None or meta.fields is not None
    fields = _model_fields(meta, declared, source) if derived else list(declared.values())
    fields = [_validated(context, info, meta.adjust(f)) for f in fields]
    fields = [
        _enumerated(context, f, info.scope if f.name in declared else _declaring(context, meta, f)) for f in fields
    ]
    relations = tuple(r for r in model.relations if r.field in {f.name for f in fields})
    return replace(model, fields=tuple(fields), relations=relations)


def _removed(info: ClassInfo) -> set[str]:
    return {
        str(s.targets[0].value)
        for s in info.definition.body
        if isinstance(s, Assign) and s.value is not None and s.value.op is Op.CONST and s.value.value is None
    }


def _model_fields(meta: _Meta, declared: dict[str, ModelField], source: Model | None) -> list[ModelField]:
    """The fields a ModelSerializer ends up with, in DRF's order."""
    available = {f.name: f for f in source.fields} if source else {}
    names = meta.fields
    if names is None or names == ["__all__"]:  # parent links of multi-table inheritance are not serialized
        listed = [n for n, f in available.items() if f.constraints.get("parent_link") != "True"]
        names = listed + [n for n in declared if n not in available]
    names = [n for n in names if n not in meta.exclude]
    result = []
    for name in names:
        if name in declared:
            result.append(declared[name])
        elif name in available:
            result.append(_from_model_field(available[name]))
        elif source is not None:
            result.append(
                ModelField(
                    name=name, type="ReadOnlyField", required=False, default=None, constraints={"read_only": "True"}
                )
            )
        else:  # the model is not analysed: only the name is known
            result.append(ModelField(name=name, type="", required=False))
    return result


def _from_model_field(field: ModelField) -> ModelField:
    """The serializer field DRF builds for a Django model field."""
    options = {k: v for k, v in field.constraints.items() if k in _CARRIED}
    automatic = field.constraints.get("auto_created") == "True" or field.type in ("AutoField", "BigAutoField")
    stamped = any(field.constraints.get(k) == "True" for k in ("auto_now", "auto_now_add"))
    if automatic or stamped or field.constraints.get("editable") == "False":
        options = {"read_only": "True"}  # DRF stops there: no choices, length or validators
    mapped = _MODEL_TO_SERIALIZER.get(field.type) or _MODEL_TO_SERIALIZER.get(field.constraints.get("base", ""))
    field_class = "ChoiceField" if "choices" in options else mapped or "ModelField"
    if field.constraints.get("null") == "True":
        options["allow_null"] = "True"
    if field.type == "ManyToManyField":
        options["many"] = "True"
    required = field.required and options.get("read_only") != "True"
    return replace(field, type=field_class, required=required, constraints=options)


def _enumerated(context: LinkContext, field: ModelField, scope: Scope | None) -> ModelField:
    """A choice field with the values of its ``choices`` as an ``enum`` constraint (JSON), when known."""
    if scope is not None and field.type in ("ListField", "DictField") and "child" in field.constraints:
        values = child_choice_values(context, field.constraints["child"], scope)  # child=ChoiceField(choices=...)
        return replace(field, constraints={**field.constraints, "child_enum": values}) if values else field
    choices = field.constraints.get("choices")
    if field.type not in _CHOICE_FIELDS or choices is None or scope is None:
        return field
    values = choice_values(context, choices, scope)
    return replace(field, constraints={**field.constraints, "enum": values}) if values is not None else field


def _declaring(context: LinkContext, meta: _Meta, field: ModelField) -> Scope | None:
    """The body scope of the model class (``Meta.model`` or a base) that declares a model field."""
    if not meta.model:
        return None
    where = field.location
    for klass in context.evaluator.mro(DefRef(meta.model, True)):
        definition = context.program.definition(klass.dotted) if isinstance(klass, DefRef) else None
        scope = context.program.body_scope(klass.dotted)
        if not isinstance(definition, ClassDef) or scope is None or where is None:
            continue
        if (
            context.location(scope.module, 0).path == where.path
            and definition.line <= where.line <= definition.end_line
        ):
            return scope
    return context.program.body_scope(meta.model)


def _validated(context: LinkContext, info: ClassInfo, field: ModelField) -> ModelField:
    """The field with the ``validate_<name>`` methods of the serializer and its bases listed."""
    methods = [
        stmt.name
        for klass in analysed_mro(context, info)
        for stmt in klass.definition.body
        if isinstance(stmt, FunctionDef) and stmt.name == f"validate_{field.name}"
    ]
    if not methods:
        return field
    written = [field.constraints["validators"]] if "validators" in field.constraints else []
    listed = ", ".join(dict.fromkeys(written + methods))
    return replace(field, constraints={**field.constraints, "validators": listed})


class _Meta:
    """A serializer's (possibly inherited) ``Meta`` options."""

    def __init__(self, context: LinkContext, info: ClassInfo) -> None:
        self.context = context
        meta = context.evaluator.class_attribute(DefRef(info.dotted, True), "Meta")
        self.ref = meta if isinstance(meta, DefRef) and meta.is_class else None
        model = self._value("model")
        self.model = model.dotted if isinstance(model, DefRef | External) else None if model is None else ""
        fields = self._value("fields")
        listed = isinstance(fields, Seq) or (isinstance(fields, Const) and isinstance(fields.value, str))
        self.fields = list(strings(fields)) if fields is not None and listed else None
        self.exclude = set(self._strings("exclude"))
        self.read_only = set(self._strings("read_only_fields"))
        self.extra = self._extra_kwargs()

    def _value(self, name: str) -> Value | None:
        return self.context.evaluator.class_attribute(self.ref, name) if self.ref else None

    def _strings(self, name: str) -> tuple[str, ...]:
        value = self._value(name)
        return strings(value) if value is not None else ()

    def _extra_kwargs(self) -> dict[str, dict[str, Expr]]:
        """``Meta.extra_kwargs`` as written (a dict literal of dict literals)."""
        if self.ref is None:
            return {}
        for klass in self.context.evaluator.mro(self.ref):
            scope = self.context.program.body_scope(getattr(klass, "dotted", ""))
            if scope is None or "extra_kwargs" not in scope.bindings:
                continue
            stmt = scope.bindings["extra_kwargs"][-1]
            value = stmt.value if isinstance(stmt, Assign) else None
            if value is None or value.op is not Op.DICT:
                return {}
            found = {}
            for key, options in zip(value.args[::2], value.args[1::2], strict=False):
                if key is not None and key.op is Op.STR and options.op is Op.DICT:
                    pairs = zip(options.args[::2], options.args[1::2], strict=False)
                    found[str(key.value)] = {str(k.value): v for k, v in pairs if k is not None and k.op is Op.STR}
            return found
        return {}

    def adjust(self, field: ModelField) -> ModelField:
        """Apply ``read_only_fields`` and ``extra_kwargs`` to a field."""
        options = dict(field.constraints)
        required, description = field.required, field.description
        if field.name in self.read_only:
            options["read_only"], required = "True", False
        for key, expr in self.extra.get(field.name, {}).items():
            if key == "required":
                required = expr.op is Op.CONST and expr.value is True
            elif key == "help_text" and expr.op is Op.STR:
                description = str(expr.value)
            elif key in OPTIONS:
                options[key] = unparse(expr)
                if key == "read_only" and options[key] == "True":
                    required = False
        return replace(field, constraints=options, required=required, description=description)

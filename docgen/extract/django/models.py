"""Django ORM models: fields and their options, relations, ``Meta``, abstract and multi-table inheritance.

The fields are the ones Django's ``_meta.fields`` + ``_meta.many_to_many`` would list, found the way
``ModelBase`` finds them:

* a class is a model when its lineage reaches ``django.db.models.Model`` (or one of the abstract
  bases of ``django.contrib`` and a few well-known packages, whose fields are known:
  :mod:`docgen.extract.django.known_bases`);
* ``Meta.abstract = True`` classes are not models of their own; their fields are inherited.
  Field-looking attributes of plain mixins are not fields, as in Django;
* a concrete parent (multi-table inheritance) gives its fields first, then the implicit one-to-one
  ``<parent>_ptr`` (unless a ``parent_link=True`` field is declared); proxies have their parent's
  fields;
* an implicit ``id`` ``AutoField`` comes first unless a primary key is declared or inherited, or
  a parent link is the primary key.

A field's ``type`` is the field class's name (``CharField``, ``ForeignKey``); its options are
constraints, with ``base``, the first class of a project field class's MRO that is not analysed
(``RegexField(CharField)``: ``CharField``); ``help_text`` is its description. ``required`` follows
Django REST framework's rule: not when there is a default, or
``null``/``blank``/``auto_now``/``auto_now_add``. ForeignKey, OneToOneField and ManyToManyField
become relations whose target is the model's catalog id when docgen found it (``"self"``,
``"app_label.Model"``, ``"Model"``, a class, or ``settings.AUTH_USER_MODEL``), else the reference as
written. Each names the accessor it gives its target (``opposite``): ``related_name`` with
``%(class)s`` / ``%(app_label)s`` expanded for the concrete model, else ``<model>_set`` (``<model>``
for a one-to-one); none for a name ending in ``+`` or a symmetrical many-to-many to the model
itself. The link stage adds them to the targets as reverse relations (they are not fields:
``_meta.fields`` lists forward fields only).

``Meta`` becomes the model's ``table`` (``db_table``, else ``<app_label>_<model name>``) and
constraint entries on the fields it names (see :mod:`docgen.extract.django.meta`).
"""

from __future__ import annotations

from dataclasses import replace

from docgen.extract._shared.common import short_name
from docgen.extract._shared.fields import ClassInfo, build_model, classes, default_of, kwargs_text
from docgen.extract.django.known_bases import KNOWN_BASES, NOT_REQUIRED_FLAGS, PACKAGES, known_fields
from docgen.extract.django.meta import AppLabels, MetaReader, literal_text
from docgen.link.contract import Extractor, LinkContext
from docgen.link.evaluate import Const, DefRef, External
from docgen.link.unparse import unparse
from docgen.model import Model, ModelField, ModelKind, Relation, RelationKind
from docgen.model.facts import Assign, Expr, Op

MODEL_BASES = frozenset({"django.db.models.Model", "django.db.models.base.Model", "django.contrib.gis.db.models.Model"})
OPTIONS = (
    "to",
    "max_length",
    "null",
    "blank",
    "unique",
    "db_index",
    "primary_key",
    "choices",
    "verbose_name",
    "editable",
    "on_delete",
    "related_name",
    "to_field",
    "through",
    "max_digits",
    "decimal_places",
    "auto_now",
    "auto_now_add",
    "db_column",
    "db_table",
    "upload_to",
    "validators",
    "unique_for_date",
    "parent_link",
    "symmetrical",
    "db_default",
)
_NOT_FIELDS = frozenset({"GenericForeignKey", "GenericRelation"})
_AUTO = frozenset({"AutoField", "BigAutoField", "SmallAutoField", "GeneratedField"})
_EXTERNAL_TARGETS = {
    "auth.Group": "django.contrib.auth.models.Group",
    "auth.Permission": "django.contrib.auth.models.Permission",
}


class DjangoModelsExtractor(Extractor):
    """Concrete and proxy Django models (abstract ones only lend their fields)."""

    name = "django_models"
    packages = frozenset({"django"}) | PACKAGES

    def collect_models(self, *, context: LinkContext) -> list[Model]:  # noqa: D102
        return list(collect(context).values())


def collect(context: LinkContext) -> dict[str, Model]:
    """Every concrete or proxy Django model of the program, by id (DRF serializers read them too)."""
    registry = _Registry(context)
    models: dict[str, Model] = {}
    for dotted in registry.infos:
        model = registry.model(dotted)
        if model is not None:
            models[dotted] = model
    return models


def relation_kind(field_class: str) -> RelationKind | None:
    """The relation a Django field class makes (``ForeignKey`` → foreign key), if any."""
    if "OneToOne" in field_class:
        return RelationKind.ONE_TO_ONE
    if "ManyToMany" in field_class or field_class == "TaggableManager":
        return RelationKind.MANY_TO_MANY
    if "ForeignKey" in field_class or field_class in ("ForeignObject", "ParentalKey"):
        return RelationKind.FOREIGN_KEY
    return None


def _literal(field: ModelField, option: str) -> str | None:
    """A string option of a known field, unquoted (None when not given)."""
    text = field.constraints.get(option)
    return text.strip("'") if text is not None else None


def _is_true(expr: Expr | None) -> bool:
    return expr is not None and expr.op is Op.CONST and expr.value is True


class _Registry:
    """The Django model classes of one program and the models built from them (memoised)."""

    def __init__(self, context: LinkContext) -> None:
        self.context = context
        bases = MODEL_BASES | KNOWN_BASES.keys()
        self.infos = {info.dotted: info for info in classes(context) if not info.lineage.isdisjoint(bases)}
        self.meta = MetaReader(context)
        self.labels = AppLabels(context)
        self._built: dict[str, Model | None] = {}
        self._by_name: dict[str, list[str]] = {}
        for dotted, info in self.infos.items():
            self._by_name.setdefault(info.definition.name, []).append(dotted)

    def model(self, dotted: str) -> Model | None:
        """The model of a concrete or proxy class (None for abstract ones), built once."""
        if dotted not in self._built:
            self._built[dotted] = None  # guards inheritance cycles
            info = self.infos[dotted]
            self._built[dotted] = None if self.meta.is_abstract(info) else self._build(info)
        return self._built[dotted]

    def _build(self, info: ClassInfo) -> Model:
        base = build_model(self.context, info, ModelKind.DJANGO, self.read_field)
        proxy = self.meta.value(info, "proxy") is True
        parents = [p for p in self._concrete_parents(info) if p is not None]
        inherited: dict[str, ModelField] = {}
        relations: dict[str, Relation] = {}
        for parent in parents:
            for field in parent.fields:
                inherited.setdefault(field.name, field)
            for relation in parent.relations:
                relations.setdefault(relation.field, relation)
        own: list[ModelField] = []
        if not proxy:
            removed = self._removed(info)
            declared = [f for f in base.fields if f.name not in inherited and f.name not in removed]
            by_name = {f.name: f for f in declared}
            for relation in base.relations:
                if relation.field in by_name:
                    relations.setdefault(relation.field, self._resolved(relation, by_name[relation.field], info))
            links = {relations[f.name].target for f in declared if f.constraints.get("parent_link") == "True"}
            for parent in parents:
                if parent.id not in links:
                    own.append(self._pointer(parent))
                    accessor = self._accessor(RelationKind.ONE_TO_ONE, None, info)
                    relations[own[-1].name] = Relation(
                        kind=RelationKind.ONE_TO_ONE, field=own[-1].name, target=parent.id, opposite=accessor
                    )
            before, after = known_fields(self.context, info, {*inherited, *by_name})
            for field in before + after:
                kind = relation_kind(field.type)
                if kind is not None:
                    target = field.constraints.get("to", "").strip("'")
                    target = self.labels.user_model() if target == "settings.AUTH_USER_MODEL" else target
                    written = Relation(
                        kind=kind, field=field.name, target=target, opposite=_literal(field, "related_name")
                    )
                    relations[field.name] = self._resolved(written, field, info)
            own += before + declared + after
            if not parents and not any(f.constraints.get("primary_key") == "True" for f in own):
                own.insert(
                    0,
                    ModelField(
                        name="id",
                        type="AutoField",
                        required=False,
                        default=None,
                        constraints={"primary_key": "True", "auto_created": "True"},
                    ),
                )
        fields = self.meta.apply(info, tuple(inherited.values()) + tuple(own))
        table = parents[0].table if parents and proxy else self._table(info)
        ordered = tuple(relations[f.name] for f in fields if f.name in relations)
        return replace(base, fields=fields, relations=ordered, table=table)

    def _resolved(self, relation: Relation, field: ModelField, info: ClassInfo) -> Relation:
        """A relation as ``info`` has it: its target a model id, its accessor (``related_name`` as written) named."""
        target = self._target(relation.target, info)
        symmetrical = field.constraints.get("symmetrical", "True" if relation.target == "self" else "False")
        to_itself = relation.kind is RelationKind.MANY_TO_MANY and target == info.dotted
        if field.type == "TaggableManager" or (to_itself and symmetrical == "True"):
            accessor = None  # a symmetrical relation to the model itself has no reverse accessor
        else:
            accessor = self._accessor(relation.kind, relation.opposite, info)
        return replace(relation, target=target, opposite=accessor)

    def _accessor(self, kind: RelationKind, related_name: str | None, info: ClassInfo) -> str | None:
        """The accessor a relation declared for ``info`` gives its target: ``related_name`` or Django's default."""
        name = info.definition.name.lower()
        if related_name:
            expanded = related_name.replace("%(class)s", name).replace("%(app_label)s", self._app_label(info).lower())
            return None if expanded.endswith("+") else expanded
        return name if kind is RelationKind.ONE_TO_ONE else f"{name}_set"

    def _concrete_parents(self, info: ClassInfo, depth: int = 0) -> list[Model | None]:
        """Concrete models among the bases, looking through abstract bases (they pass theirs on)."""
        found: list[Model | None] = []
        for base in info.definition.bases:
            value = self.context.evaluator.eval(base, info.outer)
            if not isinstance(value, DefRef) or value.dotted not in self.infos or value.dotted == info.dotted:
                continue
            parent = self.infos[value.dotted]
            if not self.meta.is_abstract(parent):
                found.append(self.model(value.dotted))
            elif depth < 20:
                found += [p for p in self._concrete_parents(parent, depth + 1) if p not in found]
        return found

    def _pointer(self, parent: Model) -> ModelField:
        """The implicit ``<parent>_ptr`` link of multi-table inheritance."""
        options = {"to": parent.id, "primary_key": "True", "parent_link": "True", "auto_created": "True"}
        return ModelField(
            name=f"{parent.name.lower()}_ptr", type="OneToOneField", required=False, default=None, constraints=options
        )

    def _removed(self, info: ClassInfo) -> set[str]:
        """Inherited fields a class removes with ``name = None``."""
        return {
            str(s.targets[0].value)
            for s in info.definition.body
            if isinstance(s, Assign) and s.value is not None and s.value.op is Op.CONST and s.value.value is None
        }

    def _table(self, info: ClassInfo) -> str:
        table = self.meta.value(info, "db_table")
        if isinstance(table, str):
            return table
        return f"{self._app_label(info)}_{info.definition.name.lower()}"

    def _app_label(self, info: ClassInfo) -> str:
        label = self.meta.value(info, "app_label")
        return label if isinstance(label, str) else self.labels.label(info.scope.module)

    def _target(self, target: str, info: ClassInfo) -> str:
        """A relation target as a model id where one is found."""
        if target in self.infos or target.count(".") > 1:
            return target
        if target == "self":
            return info.dotted
        label, _, name = target.rpartition(".")
        candidates = self._by_name.get(name, [])
        wanted = label or self.labels.label(info.scope.module)
        exact = [c for c in candidates if self.labels.label(self.infos[c].scope.module) == wanted]
        if len(exact) == 1:
            return exact[0]
        if len(candidates) == 1:
            return candidates[0]
        return _EXTERNAL_TARGETS.get(target, target)

    def _model_class(self, dotted: str) -> bool:
        """Whether ``dotted`` is a model class: analysed, or a library's (a vendored or installed abstract base)."""
        if dotted in self.infos:
            return True
        bases = MODEL_BASES | KNOWN_BASES.keys()
        return not self.context.evaluator.lineage(DefRef(dotted, True)).isdisjoint(bases)

    def read_field(
        self, context: LinkContext, klass: ClassInfo, stmt: Assign, name: str
    ) -> tuple[ModelField, list[Relation]] | None:
        """A field declared as ``name = models.XField(...)`` in a model or abstract model body."""
        value = stmt.value
        if not self._model_class(klass.dotted) or value is None or value.op is not Op.CALL or stmt.op not in ("=", ":"):
            return None
        field_class = self._field_class(value, klass)
        if field_class is None:
            return None
        relation = relation_kind(field_class)
        options = kwargs_text(value, OPTIONS)
        base = self._framework_base(value, klass)
        if base and base != field_class:
            options["base"] = base
        first = value.positional[0] if value.positional else None
        if relation is not None and first is not None:
            options["to"] = unparse(first)
        elif first is not None:
            options.setdefault("verbose_name", unparse(first))
        default_expr = value.kwarg("default")
        flags = any(_is_true(value.kwarg(k)) for k in NOT_REQUIRED_FLAGS)
        required = default_expr is None and not flags and field_class not in _AUTO
        description = literal_text(context, value.kwarg("help_text"), klass.scope) or literal_text(
            context, value.kwarg("db_comment"), klass.scope
        )
        field = ModelField(
            name=name,
            type=field_class,
            required=required,
            default=default_of(context, klass, name, default_expr, stmt.line),
            constraints=options,
            description=description,
            location=context.location(klass.scope.module, stmt.line),
        )
        relations = []
        if relation is not None:
            target = self._written_target(value.kwarg("to") or first, klass)
            related_name = self._related_name(value.kwarg("related_name"), klass)
            relations.append(Relation(kind=relation, field=name, target=target, opposite=related_name))
        return field, relations

    def _related_name(self, expr: Expr | None, klass: ClassInfo) -> str | None:
        """``related_name`` as written (None when not given); one docgen cannot read is a ``{?...}`` placeholder."""
        if expr is None:
            return None
        value = self.context.evaluator.eval(expr, klass.scope)
        return value.value if isinstance(value, Const) and isinstance(value.value, str) else f"{{?{unparse(expr)}}}"

    def _field_class(self, call: Expr, klass: ClassInfo) -> str | None:
        """The short name of a field class called in a model body, or None if it is not a field."""
        callee = self.context.evaluator.eval(call.args[0], klass.scope)
        names = [short_name(callee.dotted)] if isinstance(callee, External) else []
        if isinstance(callee, DefRef) and callee.is_class:
            names = [short_name(n) for n in sorted(self.context.evaluator.lineage(callee))]
            names.insert(0, short_name(callee.dotted))
        elif not names:
            names = [short_name(unparse(call.args[0]))]
        if names[0] in _NOT_FIELDS:
            return None
        if any(n.endswith("Field") or relation_kind(n) is not None for n in names):
            return names[0]
        return None

    def _framework_base(self, call: Expr, klass: ClassInfo) -> str:
        """The short name of the first class not analysed in a project field class's MRO (``CharField``)."""
        callee = self.context.evaluator.eval(call.args[0], klass.scope)
        if not isinstance(callee, DefRef) or not callee.is_class:
            return ""
        return next((short_name(c.dotted) for c in self.context.evaluator.mro(callee) if isinstance(c, External)), "")

    def _written_target(self, expr: Expr | None, klass: ClassInfo) -> str:
        """A relation target before resolution: a class id, or the string/name as written."""
        if expr is None:
            return ""
        value = self.context.evaluator.eval(expr, klass.scope)
        if isinstance(value, DefRef):
            return value.dotted
        if isinstance(value, Const) and isinstance(value.value, str):
            return value.value
        if isinstance(value, External) and value.dotted.endswith("settings.AUTH_USER_MODEL"):
            return self.labels.user_model()
        if isinstance(value, External):
            return value.dotted
        return unparse(expr)

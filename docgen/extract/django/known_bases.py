"""Abstract Django model bases outside the analysed code, and the fields they give the models built on them.

Their source is not read (it is installed, not analysed), so their fields are known here, as the
packages declare them: ``django.contrib.auth`` and ``sessions``, django-extensions, django-model-utils,
django-mptt, django-treebeard, django-otp and django-lifecycle. Fields declared in a base's body come
before the model's own fields, as Django orders them; django-mptt's metaclass adds ``lft``, ``rght``, ``tree_id`` and
``level`` when the first concrete tree model is made, so they come after its own fields, under the
names its ``MPTTMeta`` gives them (``left_attr = "left"``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from docgen.extract._shared.fields import ClassInfo
from docgen.link.contract import LinkContext
from docgen.link.evaluate import Const, DefRef
from docgen.model import ModelField

NOT_REQUIRED_FLAGS = ("null", "blank", "auto_now", "auto_now_add")
"""Field options that make a field not required (as Django REST framework decides)."""


def _known(name: str, type_: str, **options: str) -> ModelField:
    required = not any(options.get(k) == "True" for k in NOT_REQUIRED_FLAGS) and "default" not in options
    default = options.pop("default", None)
    return ModelField(name=name, type=type_, required=required, default=default, constraints=options)


@dataclass(frozen=True, slots=True)
class KnownBase:
    """The fields a known abstract base gives the models built on it.

    Attributes:
        fields: Its fields, in order.
        last: Whether they come after the model's own fields (a metaclass adds them), not before.
        options: The inner class whose attributes rename them (``MPTTMeta``), if any.
        renames: Field name → the attribute of ``options`` that renames it.
    """

    fields: tuple[ModelField, ...]
    last: bool = False
    options: str = ""
    renames: Mapping[str, str] = field(default_factory=dict)


_BASE_USER = (
    _known("password", "CharField", max_length="128"),
    _known("last_login", "DateTimeField", null="True", blank="True"),
)
_PERMISSIONS = (
    _known("is_superuser", "BooleanField", default="False"),
    _known("groups", "ManyToManyField", to="'auth.Group'", blank="True", related_name="'user_set'"),
    _known("user_permissions", "ManyToManyField", to="'auth.Permission'", blank="True", related_name="'user_set'"),
)
_ABSTRACT_USER = (
    *_BASE_USER,
    *_PERMISSIONS[:1],
    _known("username", "CharField", max_length="150", unique="True"),
    _known("first_name", "CharField", max_length="150", blank="True"),
    _known("last_name", "CharField", max_length="150", blank="True"),
    _known("email", "EmailField", blank="True"),
    _known("is_staff", "BooleanField", default="False"),
    _known("is_active", "BooleanField", default="True"),
    _known("date_joined", "DateTimeField", default="timezone.now"),
    *_PERMISSIONS[1:],
)
_EXTENSIONS_TIMESTAMPED = (
    _known(
        "created",
        "CreationDateTimeField",
        verbose_name="_('created')",
        editable="False",
        blank="True",
        auto_now_add="True",
    ),
    _known(
        "modified",
        "ModificationDateTimeField",
        verbose_name="_('modified')",
        editable="False",
        blank="True",
        auto_now="True",
    ),
)
_UTILS_TIMESTAMPED = (
    _known("created", "AutoCreatedField", verbose_name="_('created')", editable="False", default="now"),
    _known("modified", "AutoLastModifiedField", verbose_name="_('modified')", editable="False", default="now"),
)
_MPTT = KnownBase(
    fields=tuple(
        _known(name, "PositiveIntegerField", **({"db_index": "True"} if name == "tree_id" else {}), editable="False")
        for name in ("lft", "rght", "tree_id", "level")
    ),
    last=True,
    options="MPTTMeta",
    renames={"lft": "left_attr", "rght": "right_attr", "tree_id": "tree_id_attr", "level": "level_attr"},
)
_MP_NODE = KnownBase(
    fields=(
        _known("path", "CharField", max_length="255", unique="True"),
        _known("depth", "PositiveIntegerField"),
        _known("numchild", "PositiveIntegerField", default="0"),
    )
)
_NS_NODE = KnownBase(
    fields=tuple(_known(name, "PositiveIntegerField", db_index="True") for name in ("lft", "rgt", "tree_id", "depth"))
)

KNOWN_BASES: dict[str, KnownBase] = {
    # in the order each package defines them; AbstractUser first, as it holds its bases' fields in order
    "django.contrib.auth.models.AbstractUser": KnownBase(_ABSTRACT_USER),
    "django.contrib.auth.models.AbstractBaseUser": KnownBase(_BASE_USER),
    "django.contrib.auth.base_user.AbstractBaseUser": KnownBase(_BASE_USER),
    "django.contrib.auth.models.PermissionsMixin": KnownBase(_PERMISSIONS),
    "django.contrib.sessions.base_session.AbstractBaseSession": KnownBase(
        (
            _known("session_key", "CharField", max_length="40", primary_key="True"),
            _known("session_data", "TextField"),
            _known("expire_date", "DateTimeField", db_index="True"),
        )
    ),
    "django_extensions.db.models.TimeStampedModel": KnownBase(_EXTENSIONS_TIMESTAMPED),
    "model_utils.models.TimeStampedModel": KnownBase(_UTILS_TIMESTAMPED),
    "model_utils.models.TimeFramedModel": KnownBase(
        tuple(_known(n, "DateTimeField", verbose_name=f"_({n!r})", null="True", blank="True") for n in ("start", "end"))
    ),
    "model_utils.models.StatusModel": KnownBase(
        (
            # the default is the first of the model's STATUS choices, set when the class is ready
            _known("status", "StatusField", verbose_name="_('status')", max_length="100", default="STATUS[0][0]"),
            _known(
                "status_changed", "MonitorField", verbose_name="_('status changed')", monitor="'status'", default="now"
            ),
        )
    ),
    "model_utils.models.SoftDeletableModel": KnownBase((_known("is_removed", "BooleanField", default="False"),)),
    "model_utils.models.UUIDModel": KnownBase(
        (_known("id", "UUIDField", primary_key="True", version="4", editable="False", default="uuid.uuid4"),)
    ),
    "mptt.models.MPTTModel": _MPTT,
    "treebeard.mp_tree.MP_Node": _MP_NODE,
    "treebeard.ns_tree.NS_Node": _NS_NODE,
    "treebeard.al_tree.AL_Node": KnownBase(()),
    "treebeard.models.Node": KnownBase(()),
    # django-otp: the abstract base of every one-time-password device model
    "django_otp.models.Device": KnownBase(
        (
            _known("user", "ForeignKey", to="settings.AUTH_USER_MODEL", on_delete="models.CASCADE"),
            _known("name", "CharField", max_length="64"),
            _known("confirmed", "BooleanField", default="True"),
        )
    ),
    # django-lifecycle: hooks on save and delete, no fields of its own
    "django_lifecycle.LifecycleModel": KnownBase(()),
    "django_lifecycle.models.LifecycleModel": KnownBase(()),
}
"""Abstract bases outside the analysed code whose fields Django models inherit, by dotted name."""

PACKAGES = frozenset({"django_extensions", "django_lifecycle", "django_otp", "model_utils", "mptt", "treebeard"})
"""The third-party packages of :data:`KNOWN_BASES` (read here, so not reported as unread)."""


def known_fields(context: LinkContext, info: ClassInfo, taken: set[str]) -> tuple[list[ModelField], list[ModelField]]:
    """The fields ``info`` gets from known bases and does not have already: (before its own, after them).

    The bases' fields come in the order the packages define them (Django orders fields by when they
    were made), the first of a name winning.
    """
    order = list(KNOWN_BASES)
    found = {getattr(k, "dotted", "") for k in context.evaluator.mro(DefRef(info.dotted, True))}
    before: dict[str, ModelField] = {}
    after: dict[str, ModelField] = {}
    for base in (KNOWN_BASES[name] for name in sorted(found & KNOWN_BASES.keys(), key=order.index)):
        for known in base.fields:
            name = _renamed(context, info, base, known.name)
            if name not in taken and name not in before and name not in after:
                (after if base.last else before)[name] = replace(known, name=name)
    return list(before.values()), list(after.values())


def _renamed(context: LinkContext, info: ClassInfo, base: KnownBase, name: str) -> str:
    """The name a known base's field has in ``info``: an options class attribute (nearest first) renames it."""
    attribute = base.renames.get(name)
    if attribute is None:
        return name
    for klass in context.evaluator.mro(DefRef(info.dotted, True)):
        options = f"{getattr(klass, 'dotted', '')}.{base.options}"
        scope = context.program.body_scope(options)
        if scope is not None and attribute in scope.bindings:
            value = context.evaluator.class_attribute(DefRef(options, True), attribute)
            return value.value if isinstance(value, Const) and isinstance(value.value, str) else name
    return name

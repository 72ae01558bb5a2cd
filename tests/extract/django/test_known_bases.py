"""Fields of well-known third-party abstract model bases (django-mptt, django-model-utils, treebeard)."""

from __future__ import annotations

from docgen.model import Model, Relation, RelationKind
from docgen.testing import link_sources

TREES = """
from django.db import models
from mptt.models import MPTTModel, TreeForeignKey
from treebeard.al_tree import AL_Node
from treebeard.mp_tree import MP_Node
from treebeard.ns_tree import NS_Node


class Genre(MPTTModel):
    name = models.CharField(max_length=50)
    parent = TreeForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")


class SubGenre(Genre):
    note = models.TextField()


class Renamed(MPTTModel):
    parent = TreeForeignKey("self", null=True, on_delete=models.CASCADE)

    class MPTTMeta:
        left_attr = "left"
        level_attr = "depth"


class TreeBase(MPTTModel):
    parent = TreeForeignKey("self", null=True, on_delete=models.CASCADE)

    class Meta:
        abstract = True

    class MPTTMeta:
        right_attr = "right"


class Section(TreeBase):
    title = models.CharField(max_length=50)
    level = models.IntegerField()


class Category(MP_Node):
    name = models.CharField(max_length=30)


class Folder(NS_Node):
    name = models.CharField(max_length=30)


class Place(AL_Node):
    parent = models.ForeignKey("self", null=True, on_delete=models.CASCADE, related_name="children_set")
    node_order_by = ["name"]
    name = models.CharField(max_length=30)
"""
UTILS = """
from django.contrib.auth.models import AbstractUser
from django.db import models
from model_utils import Choices
from model_utils.models import SoftDeletableModel, StatusModel, TimeFramedModel, TimeStampedModel, UUIDModel


class Article(TimeStampedModel, SoftDeletableModel):
    title = models.CharField(max_length=100)


class Job(UUIDModel, StatusModel, TimeFramedModel):
    STATUS = Choices("queued", "done")


class Staff(AbstractUser):
    badge = models.CharField(max_length=10)


class Manager(Staff):
    budget = models.IntegerField()
"""
ID = ("id", "AutoField", False, None)
MPTT_FIELD = ("PositiveIntegerField", True, None)


def _models(source: str) -> dict[str, Model]:
    linked, _ = link_sources({"app/__init__.py": "", "app/models.py": source})
    return {m.name: m for m in linked.models}


def _fields(model: Model) -> list[tuple[object, ...]]:
    return [(f.name, f.type, f.required, f.default) for f in model.fields]


def test_mptt_adds_its_tree_fields_after_the_models_own() -> None:
    models = _models(TREES)
    assert _fields(models["Genre"]) == [
        ID,
        ("name", "CharField", True, None),
        ("parent", "TreeForeignKey", False, None),
        *[(name, *MPTT_FIELD) for name in ("lft", "rght", "tree_id", "level")],
    ]
    assert [(f.name, f.constraints) for f in models["Genre"].fields[3:5]] == [
        ("lft", {"editable": "False"}),
        ("rght", {"editable": "False"}),
    ]
    assert models["Genre"].fields[5].constraints == {"db_index": "True", "editable": "False"}
    assert models["Genre"].relations == (
        Relation(kind=RelationKind.FOREIGN_KEY, field="parent", target="app.models.Genre", opposite="children"),
        Relation(kind=RelationKind.REVERSE, field="children", target="app.models.Genre", opposite="parent"),
        Relation(kind=RelationKind.REVERSE, field="subgenre", target="app.models.SubGenre", opposite="genre_ptr"),
    )
    # a child model inherits them from its parent, once
    assert [f.name for f in models["SubGenre"].fields] == [
        "id",
        "name",
        "parent",
        "lft",
        "rght",
        "tree_id",
        "level",
        "genre_ptr",
        "note",
    ]


def test_mpttmeta_renames_the_tree_fields_and_a_declared_one_is_kept() -> None:
    models = _models(TREES)
    assert [f.name for f in models["Renamed"].fields] == ["id", "parent", "left", "rght", "tree_id", "depth"]
    # an abstract base's MPTTMeta applies to its subclasses; a field the model declares is not added again
    section = models["Section"]
    assert [(f.name, f.type) for f in section.fields] == [
        ("id", "AutoField"),
        ("parent", "TreeForeignKey"),
        ("title", "CharField"),
        ("level", "IntegerField"),
        ("lft", "PositiveIntegerField"),
        ("right", "PositiveIntegerField"),
        ("tree_id", "PositiveIntegerField"),
    ]
    assert "TreeBase" not in models


def test_treebeard_node_fields() -> None:
    models = _models(TREES)
    assert _fields(models["Category"]) == [
        ID,
        ("path", "CharField", True, None),
        ("depth", "PositiveIntegerField", True, None),
        ("numchild", "PositiveIntegerField", False, "0"),
        ("name", "CharField", True, None),
    ]
    assert [f.name for f in models["Folder"].fields] == ["id", "lft", "rgt", "tree_id", "depth", "name"]
    assert models["Folder"].fields[1].constraints == {"db_index": "True"}
    assert [f.name for f in models["Place"].fields] == ["id", "parent", "name"]


def test_model_utils_bases_in_the_order_the_package_defines_them() -> None:
    models = _models(UTILS)
    assert _fields(models["Article"]) == [
        ID,
        ("created", "AutoCreatedField", False, "now"),
        ("modified", "AutoLastModifiedField", False, "now"),
        ("is_removed", "BooleanField", False, "False"),
        ("title", "CharField", True, None),
    ]
    # UUIDModel's id is the primary key: no implicit id
    assert _fields(models["Job"]) == [
        ("start", "DateTimeField", False, None),
        ("end", "DateTimeField", False, None),
        ("status", "StatusField", False, "STATUS[0][0]"),
        ("status_changed", "MonitorField", False, "now"),
        ("id", "UUIDField", False, "uuid.uuid4"),
    ]
    assert models["Job"].fields[4].constraints == {"primary_key": "True", "version": "4", "editable": "False"}


def test_a_child_of_a_user_model_inherits_the_known_fields_once() -> None:
    manager = _models(UTILS)["Manager"]
    names = [f.name for f in manager.fields]
    assert names[:3] == ["id", "password", "last_login"]
    assert names[-3:] == ["badge", "staff_ptr", "budget"]
    assert len(names) == len(set(names)) == 16


def test_a_django_lifecycle_model_is_a_django_model_with_only_its_own_fields() -> None:
    models = _models(
        """
from django.db import models
from django_lifecycle import LifecycleModel, hook, AFTER_CREATE


class Base(LifecycleModel):
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class Task(Base):
    name = models.CharField(max_length=50)

    @hook(AFTER_CREATE)
    def announce(self): ...
"""
    )
    assert sorted(models) == ["Task"]
    assert [f.name for f in models["Task"].fields] == ["id", "created", "name"]


def test_a_django_otp_device_has_the_user_name_and_confirmed_fields_of_its_base() -> None:
    linked, _ = link_sources(
        {
            "proj/__init__.py": "",
            "proj/settings.py": 'AUTH_USER_MODEL = "accounts.User"\nROOT_URLCONF = "proj.urls"\n',
            "accounts/__init__.py": "",
            "accounts/models.py": """
            from django.contrib.auth.models import AbstractBaseUser
            from django.db import models
            from django_otp.models import Device


            class User(AbstractBaseUser):
                email = models.EmailField(unique=True)


            class U2FDevice(Device):
                json_data = models.TextField()
            """,
        }
    )
    device = {m.name: m for m in linked.models}["U2FDevice"]
    assert _fields(device) == [
        ID,
        ("user", "ForeignKey", True, None),
        ("name", "CharField", True, None),
        ("confirmed", "BooleanField", False, "True"),
        ("json_data", "TextField", True, None),
    ]
    assert device.relations[0] == Relation(
        kind=RelationKind.FOREIGN_KEY, field="user", target="accounts.models.User", opposite="u2fdevice_set"
    )

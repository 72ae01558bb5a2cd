"""marshmallow schemas from inline sources: fields, data_key, nesting, Meta, validators, auto schemas."""

from __future__ import annotations

from docgen.model import Model, ModelKind, Relation, RelationKind
from docgen.testing import link_sources

MODELS = """
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


class Pet(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(40), nullable=False)
"""
SCHEMAS = '''
from flask_marshmallow import Marshmallow
from marshmallow import Schema, fields, validate, validates

from app.models import Pet

ma = Marshmallow()


class TagSchema(Schema):
    label = fields.Str(required=True, validate=validate.Length(max=20))


class UserSchema(Schema):
    """A user."""

    id = fields.Int(dump_only=True)
    email = fields.Email(required=True, data_key="emailAddress", metadata={"description": "Login e-mail"})
    role = fields.Str(load_default="member")
    tags = fields.List(fields.Nested(TagSchema))
    friends = fields.Nested("UserSchema", many=True, exclude=("friends",))
    best = fields.Nested(lambda: UserSchema(only=("id",)))
    password = fields.Str(load_only=True, load_default="hunter2")

    class Meta:
        additional = ("created_at",)
        exclude = ("role",)

    @validates("email")
    def check_email(self, value):
        pass


class AdminSchema(UserSchema):
    level = ma.Int(required=True, description="Admin level")


class PetSchema(ma.SQLAlchemyAutoSchema):
    class Meta:
        model = Pet

    owner = fields.Nested(UserSchema)
'''


def _linked() -> tuple[dict[str, Model], list[str]]:
    linked, diagnostics = link_sources({"app/__init__.py": "", "app/models.py": MODELS, "app/schemas.py": SCHEMAS})
    models = {m.name: m for m in linked.models if m.kind is ModelKind.MARSHMALLOW}
    return models, [f"{d.code} {d.location}" for d in diagnostics]


def _fields(model: Model) -> list[tuple[object, ...]]:
    return [(f.name, f.type, f.required, f.default, f.constraints, f.description, f.alias) for f in model.fields]


USER_FIELDS = [
    ("id", "Int", False, None, {"dump_only": "True"}, "", None),
    ("email", "Email", True, None, {"validators": "check_email"}, "Login e-mail", "emailAddress"),
    ("tags", "List[TagSchema]", False, None, {}, "", None),
    ("friends", "list[UserSchema]", False, None, {"many": "True", "exclude": "('friends',)"}, "", None),
    ("best", "UserSchema", False, None, {}, "", None),
    ("password", "Str", False, "'***'", {"load_only": "True"}, "", None),
    ("created_at", "", False, None, {}, "", None),
]
USER_RELATIONS = (
    Relation(kind=RelationKind.NESTED, field="tags", target="app.schemas.TagSchema"),
    Relation(kind=RelationKind.NESTED, field="friends", target="app.schemas.UserSchema"),
    Relation(kind=RelationKind.NESTED, field="best", target="app.schemas.UserSchema"),
)


def test_schema_fields_aliases_nesting_meta_and_validators() -> None:
    models, diagnostics = _linked()
    assert sorted(models) == ["AdminSchema", "PetSchema", "TagSchema", "UserSchema"]
    assert _fields(models["TagSchema"]) == [
        ("label", "Str", True, None, {"validate": "validate.Length(max=20)"}, "", None)
    ]
    user = models["UserSchema"]
    assert user.summary == "A user."
    assert _fields(user) == USER_FIELDS
    assert user.relations == USER_RELATIONS
    assert diagnostics == ["DG401 app/schemas.py:22"]  # once, although AdminSchema inherits the field


def test_inherited_fields_and_flask_marshmallow_fields() -> None:
    admin = _linked()[0]["AdminSchema"]
    assert _fields(admin) == [
        *USER_FIELDS[:-1],
        ("level", "Int", True, None, {}, "Admin level", None),
        USER_FIELDS[-1],
    ]
    assert admin.bases == ("app.schemas.UserSchema",)


def test_sqlalchemy_auto_schema_gets_the_model_columns() -> None:
    pet = _linked()[0]["PetSchema"]
    assert [(f.name, f.type, f.required) for f in pet.fields] == [
        ("owner", "UserSchema", False),
        ("id", "db.Integer", False),
        ("name", "db.String(40)", False),
    ]
    assert pet.relations == (Relation(kind=RelationKind.NESTED, field="owner", target="app.schemas.UserSchema"),)

"""Pydantic v1/v2 models and settings from inline sources: fields, constraints, validators, generics, roots."""

from __future__ import annotations

import pytest

from docgen.model import Model, ModelKind
from docgen.testing import link_sources

V2 = '''
from typing import Annotated, Generic, Optional, TypeVar, Union

from pydantic import BaseModel, ConfigDict, Field, RootModel, constr, field_validator

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """One page of results."""

    items: list[T]
    total: int = Field(..., ge=0, description="How many there are")
    next: Optional[str] = None


class Item(BaseModel):
    """An item.

    Attributes:
        name: The item's name.
    """

    model_config = ConfigDict(frozen=True)

    name: str = Field(min_length=1, max_length=50)
    price: Annotated[float, Field(gt=0, description="Unit price")]
    tags: list[str] = Field(default_factory=list)
    sku: constr(pattern=r"^[A-Z]{3}$")
    owner_id: int = Field(alias="ownerId")
    note: Union[str, None]
    kind: str = "plain"
    """What kind of item."""
    registry: "ClassVar[dict]" = {}

    @field_validator("name", "sku")
    @classmethod
    def not_blank(cls, value: str) -> str:
        return value

    @field_validator("*")
    @classmethod
    def strip(cls, value: str) -> str:
        return value


class ItemPage(Page[Item]):
    pass


class Tags(RootModel[list[str]]):
    """Free-form tags."""


class Labels(Tags):
    pass
'''

V1 = """
from typing import Optional

from pydantic.v1 import BaseModel, Field, validator


class User(BaseModel):
    name: str
    nickname: Optional[str]
    email: Optional[str] = Field(..., description="Required although optional")

    class Config:
        allow_mutation = False

    @validator("email", "nickname")
    def lower(cls, value):
        return value


class Envelope(BaseModel):
    __root__: list[User]
"""


def _models(files: dict[str, str]) -> dict[str, Model]:
    linked, _ = link_sources({"app/__init__.py": "", **files})
    return {m.name: m for m in linked.models}


def _fields(model: Model) -> list[tuple[object, ...]]:
    return [(f.name, f.type, f.required, f.default, f.constraints, f.description, f.alias) for f in model.fields]


def test_v2_field_constraints_aliases_defaults_validators_and_config() -> None:
    item = _models({"app/schemas.py": V2})["Item"]
    assert item.kind is ModelKind.PYDANTIC
    assert item.summary == "An item."
    frozen = {"frozen": "True"}
    assert _fields(item) == [
        (
            "name",
            "str",
            True,
            None,
            {"min_length": "1", "max_length": "50", "validators": "not_blank, strip", **frozen},
            "The item's name.",
            None,
        ),
        ("price", "float", True, None, {"gt": "0", "validators": "strip", **frozen}, "Unit price", None),
        ("tags", "list[str]", False, "list()", {"validators": "strip", **frozen}, "", None),
        (
            "sku",
            "constr(pattern='^[A-Z]{3}$')",
            True,
            None,
            {"pattern": "'^[A-Z]{3}$'", "validators": "not_blank, strip", **frozen},
            "",
            None,
        ),
        ("owner_id", "int", True, None, {"validators": "strip", **frozen}, "", "ownerId"),
        ("note", "Union[str, None]", True, None, {"validators": "strip", **frozen}, "", None),
        ("kind", "str", False, "'plain'", {"validators": "strip", **frozen}, "What kind of item.", None),
    ]


def test_generic_models_substitute_their_type_arguments() -> None:
    models = _models({"app/schemas.py": V2})
    assert _fields(models["Page"]) == [
        ("items", "list[T]", True, None, {}, "", None),
        ("total", "int", True, None, {"ge": "0"}, "How many there are", None),
        ("next", "Optional[str]", False, "None", {}, "", None),
    ]
    assert models["Page"].bases == ("pydantic.BaseModel", "typing.Generic")
    assert [(f.name, f.type) for f in models["ItemPage"].fields] == [
        ("items", "list[Item]"),
        ("total", "int"),
        ("next", "Optional[str]"),
    ]
    assert models["ItemPage"].bases == ("app.schemas.Page",)


def test_a_fastapi_parameter_function_as_a_field_default_is_its_field_info() -> None:
    # pydantic 1.10 and 2.12 alike: Query(...) is a FieldInfo, so username is required, email not.
    source = """
    from fastapi import Query
    from pydantic import BaseModel

    class Register(BaseModel):
        email: str | None = Query(default=None)
        username: str = Query(default=..., min_length=2, description="Login name")
        password: str = Query(..., max_length=50)
    """
    models = _models({"app/schemas.py": source})
    assert _fields(models["Register"]) == [
        ("email", "str | None", False, "None", {}, "", None),
        ("username", "str", True, None, {"min_length": "2"}, "Login name", None),
        ("password", "str", True, None, {"max_length": "50"}, "", None),
    ]


def test_a_field_typed_with_an_alias_of_annotated_takes_the_aliases_field_settings() -> None:
    # pydantic 2.12 for the same source: labels is not required, described as the alias says.
    sources = {
        "app/types.py": """
        from typing import Annotated
        from pydantic import Field

        Labels = Annotated[dict[str, str], Field(default_factory=dict, description="Key-value labels")]
        """,
        "app/schemas.py": """
        from pydantic import BaseModel
        from app.types import Labels

        class Run(BaseModel):
            labels: Labels
        """,
    }
    models = _models(sources)
    assert _fields(models["Run"]) == [("labels", "Labels", False, "dict()", {}, "Key-value labels", None)]


def test_root_models_have_a_root_field_inherited_by_subclasses() -> None:
    models = _models({"app/schemas.py": V2})
    assert _fields(models["Tags"]) == [("root", "list[str]", True, None, {}, "", None)]
    assert _fields(models["Labels"]) == [("root", "list[str]", True, None, {}, "", None)]


def test_v1_optional_fields_default_to_none_and_config_class_freezes() -> None:
    models = _models({"app/v1.py": V1})
    frozen = {"frozen": "True"}
    assert _fields(models["User"]) == [
        ("name", "str", True, None, frozen, "", None),
        ("nickname", "Optional[str]", False, "None", {"validators": "lower", **frozen}, "", None),
        (
            "email",
            "Optional[str]",
            True,
            None,
            {"validators": "lower", **frozen},
            "Required although optional",
            None,
        ),
    ]
    assert _fields(models["Envelope"]) == [("__root__", "list[User]", True, None, {}, "", None)]


SETTINGS = """
from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="APP_")

    database_url: str = "postgresql://app:s3cret@db:5432/app"
    secret_key: SecretStr = SecretStr("change-me")
    aws_access_key_id: str = "AKIAIOSFODNN7EXAMPLE"
    stripe: str = Field("sk_live_4eC39HqLyjWDarjtT1zdp7dc", description="Stripe API key")
    password: str = "hunter2"
    token: str | None = None
    debug: bool = False
    workers: int = 4
"""


def test_settings_defaults_that_look_like_secrets_are_masked_with_a_warning() -> None:
    linked, diagnostics = link_sources({"app/__init__.py": "", "app/settings.py": SETTINGS})
    (settings,) = linked.models
    assert settings.kind is ModelKind.PYDANTIC_SETTINGS
    assert [(f.name, f.default, f.required) for f in settings.fields] == [
        ("database_url", "'***'", False),
        ("secret_key", "'***'", False),
        ("aws_access_key_id", "'***'", False),
        ("stripe", "'***'", False),
        ("password", "'***'", False),
        ("token", "None", False),
        ("debug", "False", False),
        ("workers", "4", False),
    ]
    assert [(d.code, str(d.location)) for d in diagnostics] == [
        ("DG401", "app/settings.py:8"),
        ("DG401", "app/settings.py:9"),
        ("DG401", "app/settings.py:10"),
        ("DG401", "app/settings.py:11"),
        ("DG401", "app/settings.py:12"),
    ]
    assert all("redacted" in d.message and "hunter2" not in d.message for d in diagnostics)


def test_the_nearest_extra_configuration_is_the_models() -> None:
    models = _models(
        {
            "app/schemas.py": """
            from pydantic import BaseModel, ConfigDict, Extra

            class Action(BaseModel):
                model_config = ConfigDict(extra="forbid")
                name: str

            class Rename(Action):
                to: str

            class Loose(Action, extra="allow"):
                pass

            class Legacy(BaseModel):
                class Config:
                    extra = Extra.ignore

            class Plain(BaseModel):
                x: int
            """
        }
    )
    assert {name: m.extra for name, m in models.items()} == {
        "Action": "forbid",
        "Legacy": "ignore",
        "Loose": "allow",
        "Plain": None,
        "Rename": "forbid",
    }


@pytest.mark.parametrize(("pin", "required"), [("pydantic==1.10.13", False), ("pydantic>=2.5", True), (None, True)])
def test_a_project_pinning_pydantic_1_gets_v1s_optional_fields(pin: str | None, required: bool) -> None:
    files = {
        "app/models.py": """
        from pydantic import BaseModel

        class Tenant(BaseModel):
            logo_url: str | None
            name: str
        """
    }
    if pin is not None:
        files["pyproject.toml"] = f'[project]\nname = "app"\ndependencies = ["{pin}"]\n'
    linked, _ = link_sources(files)
    (model,) = linked.models
    assert [(f.name, f.required) for f in model.fields] == [("logo_url", required), ("name", True)]

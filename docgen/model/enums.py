"""The closed vocabularies of the catalog, in one place."""

from __future__ import annotations

from enum import StrEnum


class HttpMethod(StrEnum):
    """An HTTP method a route answers; ``ANY`` for views that take every method."""

    GET = "GET"
    POST = "POST"
    PUT = "PUT"
    PATCH = "PATCH"
    DELETE = "DELETE"
    HEAD = "HEAD"
    OPTIONS = "OPTIONS"
    TRACE = "TRACE"
    WEBSOCKET = "WEBSOCKET"
    ANY = "ANY"

    @property
    def changes_state(self) -> bool:
        """Whether a request with this method is expected to modify server state."""
        return self in {HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE, HttpMethod.ANY}


class ParamLocation(StrEnum):
    """Where a request parameter travels (OpenAPI's ``in``)."""

    PATH = "path"
    QUERY = "query"
    HEADER = "header"
    COOKIE = "cookie"


class Framework(StrEnum):
    """A web framework docgen recognises."""

    FASTAPI = "fastapi"
    STARLETTE = "starlette"
    FLASK = "flask"
    QUART = "quart"
    DJANGO = "django"
    DRF = "drf"
    NINJA = "django-ninja"


class ModelKind(StrEnum):
    """The library or construct that defines a data model."""

    PYDANTIC = "pydantic"
    PYDANTIC_SETTINGS = "pydantic_settings"
    SQLALCHEMY = "sqlalchemy"
    SQLMODEL = "sqlmodel"
    DJANGO = "django"
    DRF_SERIALIZER = "drf_serializer"
    MARSHMALLOW = "marshmallow"
    DATACLASS = "dataclass"
    ATTRS = "attrs"
    TYPEDDICT = "typeddict"
    NAMEDTUPLE = "namedtuple"
    ENUM = "enum"
    MSGSPEC = "msgspec"
    BEANIE = "beanie"
    MONGOENGINE = "mongoengine"
    ODMANTIC = "odmantic"
    STRAWBERRY = "strawberry"
    GRAPHENE = "graphene"


class RelationKind(StrEnum):
    """How one database model refers to another."""

    FOREIGN_KEY = "foreign_key"
    ONE_TO_ONE = "one_to_one"
    MANY_TO_MANY = "many_to_many"
    RELATIONSHIP = "relationship"
    NESTED = "nested"


class SymbolKind(StrEnum):
    """What a documented code symbol is."""

    MODULE = "module"
    CLASS = "class"
    FUNCTION = "function"
    METHOD = "method"


class CoverageKind(StrEnum):
    """What docstring coverage counts; every item is counted under exactly one kind."""

    MODULE = "module"
    CLASS = "class"
    FUNCTION = "function"
    METHOD = "method"
    ROUTE = "route"
    MODEL = "model"
    FIELD = "field"


class Severity(StrEnum):
    """How serious a diagnostic or finding is."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Stage(StrEnum):
    """The pipeline stage that produced a diagnostic."""

    CONFIG = "config"
    DISCOVER = "discover"
    PARSE = "parse"
    LINK = "link"
    ENRICH = "enrich"
    RENDER = "render"
    SITE = "site"


class FindingSource(StrEnum):
    """The tool that reported a quality finding."""

    RUFF = "ruff"
    DOCGEN = "docgen"


class HistoryStatus(StrEnum):
    """How complete the git history behind the catalog is."""

    AVAILABLE = "available"
    PARTIAL = "partial"
    UNAVAILABLE = "unavailable"


class DocstringStyle(StrEnum):
    """A docstring convention; ``auto`` detects it per docstring."""

    AUTO = "auto"
    GOOGLE = "google"
    NUMPY = "numpy"
    SPHINX = "sphinx"

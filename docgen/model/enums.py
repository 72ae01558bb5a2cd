"""The vocabularies of the catalog, in one place: closed enums, and open names plug-ins extend."""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import StrEnum
from typing import ClassVar

METHOD_TOKEN = r"[!#$%&'*+.^_`|~0-9A-Z-]+"
"""An HTTP method as frameworks keep it: an RFC 9110 token, upper-case."""

_SAFE = frozenset({"GET", "HEAD", "OPTIONS", "TRACE", "WEBSOCKET", "QUERY", "PROPFIND", "REPORT", "SEARCH"})


class HttpMethod(StrEnum):
    """An HTTP method a route answers; ``ANY`` for views that take every method.

    HTTP's method set is open (RFC 9110, section 16.1): besides the members, any upper-case token
    is a method (``HttpMethod("PUSH")``, WebDAV's ``PROPFIND``), made on first use like a flag
    enum's pseudo-members, so the members keep their identity and a route a framework serves on an
    extension method is not lost.
    """

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

    @classmethod
    def _missing_(cls, value: object) -> HttpMethod | None:
        if not isinstance(value, str) or not re.fullmatch(METHOD_TOKEN, value):
            return None
        member = str.__new__(cls, value)
        member._name_ = value
        member._value_ = value
        return cls._value2member_map_.setdefault(value, member)  # type: ignore[return-value]

    @classmethod
    def named(cls, name: str) -> HttpMethod | None:
        """The HTTP method a framework's method list names (``"get"``, ``"PUSH"``), upper-cased.

        None for a string that is no method token, and for docgen's own ``WEBSOCKET`` and ``ANY``,
        which no request carries.
        """
        try:
            method = cls(name.upper())
        except ValueError:
            return None
        return None if method in (cls.WEBSOCKET, cls.ANY) else method

    @classmethod
    def listed(cls, names: Iterable[str]) -> tuple[HttpMethod, ...]:
        """The HTTP methods ``names`` name (see :meth:`named`), in order, each once."""
        return tuple(dict.fromkeys(m for m in map(cls.named, names) if m is not None))

    @property
    def standard(self) -> bool:
        """Whether this is one of the members, not an extension method."""
        return self.value in type(self).__members__

    @property
    def changes_state(self) -> bool:
        """Whether a request with this method is expected to modify server state.

        Every method but the safe ones: an extension method is not assumed safe unless HTTP's
        method registry says it is.
        """
        return self.value not in _SAFE


class ParamLocation(StrEnum):
    """Where a request parameter travels (OpenAPI's ``in``)."""

    PATH = "path"
    QUERY = "query"
    HEADER = "header"
    COOKIE = "cookie"


class OpenName(str):
    """A name from an open vocabulary: docgen's own constants, and any an extractor plug-in brings.

    A closed enum would make a third-party extractor unable to say which framework it read or
    what kind of model it found; an open name is a plain string in the catalog, with docgen's own
    values as class constants (``Framework.FASTAPI``) and listed by :meth:`known`.
    """

    __slots__ = ()
    _known: ClassVar[tuple[str, ...]] = ()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r})"

    @property
    def value(self) -> str:
        """The name itself, as an enum member's ``value``: templates written for the enum still work."""
        return str(self)

    @classmethod
    def known(cls) -> tuple[str, ...]:
        """The values docgen's own extractors use, in declaration order."""
        return cls._known

    @classmethod
    def _declare(cls, **constants: str) -> None:
        for attr, value in constants.items():
            setattr(cls, attr, cls(value))
        cls._known = tuple(constants.values())


class Framework(OpenName):
    """A web framework an extractor read routes for."""

    __slots__ = ()
    FASTAPI: ClassVar[Framework]
    STARLETTE: ClassVar[Framework]
    FLASK: ClassVar[Framework]
    QUART: ClassVar[Framework]
    DJANGO: ClassVar[Framework]
    DRF: ClassVar[Framework]
    NINJA: ClassVar[Framework]


class ModelKind(OpenName):
    """The library or construct that defines a data model."""

    __slots__ = ()
    PYDANTIC: ClassVar[ModelKind]
    PYDANTIC_SETTINGS: ClassVar[ModelKind]
    SQLALCHEMY: ClassVar[ModelKind]
    SQLMODEL: ClassVar[ModelKind]
    DJANGO: ClassVar[ModelKind]
    DRF_SERIALIZER: ClassVar[ModelKind]
    MARSHMALLOW: ClassVar[ModelKind]
    DATACLASS: ClassVar[ModelKind]
    ATTRS: ClassVar[ModelKind]
    TYPEDDICT: ClassVar[ModelKind]
    NAMEDTUPLE: ClassVar[ModelKind]
    ENUM: ClassVar[ModelKind]
    MSGSPEC: ClassVar[ModelKind]
    BEANIE: ClassVar[ModelKind]
    MONGOENGINE: ClassVar[ModelKind]
    ODMANTIC: ClassVar[ModelKind]
    CQLENGINE: ClassVar[ModelKind]
    STRAWBERRY: ClassVar[ModelKind]
    GRAPHENE: ClassVar[ModelKind]


Framework._declare(
    FASTAPI="fastapi",
    STARLETTE="starlette",
    FLASK="flask",
    QUART="quart",
    DJANGO="django",
    DRF="drf",
    NINJA="django-ninja",
)
ModelKind._declare(
    PYDANTIC="pydantic",
    PYDANTIC_SETTINGS="pydantic_settings",
    SQLALCHEMY="sqlalchemy",
    SQLMODEL="sqlmodel",
    DJANGO="django",
    DRF_SERIALIZER="drf_serializer",
    MARSHMALLOW="marshmallow",
    DATACLASS="dataclass",
    ATTRS="attrs",
    TYPEDDICT="typeddict",
    NAMEDTUPLE="namedtuple",
    ENUM="enum",
    MSGSPEC="msgspec",
    BEANIE="beanie",
    MONGOENGINE="mongoengine",
    ODMANTIC="odmantic",
    CQLENGINE="cqlengine",
    STRAWBERRY="strawberry",
    GRAPHENE="graphene",
)


class RelationKind(StrEnum):
    """How one database model refers to another (``REVERSE``: through a relation of the other model to it)."""

    FOREIGN_KEY = "foreign_key"
    ONE_TO_ONE = "one_to_one"
    MANY_TO_MANY = "many_to_many"
    RELATIONSHIP = "relationship"
    NESTED = "nested"
    REVERSE = "reverse"


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
    SECURITY = "security"  # Ruff's flake8-bandit (S) rules, run by docgen's security pass with its own settings


class SecuritySeverity(StrEnum):
    """How much harm a security finding can do, as bandit and GitHub code scanning rank it."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def score(self) -> float:
        """The numeric rating GitHub code scanning reads from SARIF's ``security-severity`` (0-10)."""
        return _SECURITY_SCORES[self]

    def at_least(self, threshold: SecuritySeverity) -> bool:
        """Whether this severity is ``threshold`` or graver."""
        return self.score >= threshold.score


_SECURITY_SCORES = {SecuritySeverity.HIGH: 8.0, SecuritySeverity.MEDIUM: 5.5, SecuritySeverity.LOW: 3.0}


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

"""The applications that serve the routes, and what they say of their API."""

from __future__ import annotations

from dataclasses import dataclass, field

from docgen.model.enums import Framework
from docgen.model.location import Location


@dataclass(frozen=True, slots=True, kw_only=True)
class ApiInfo:
    """What an application's constructor says of its API (FastAPI's ``title=``, ``version=``...).

    Attributes:
        title: The API's title.
        version: The API's version.
        summary: A one-line summary of the API.
        description: Its description (Markdown).
        servers: The server URLs it declares (``servers=[{"url": ...}]``).
        split_components: Whether its document gives a DRF serializer request components of their
            own (drf-spectacular's ``COMPONENT_SPLIT_REQUEST``); when False one component, read-only
            and write-only fields included, serves requests and responses.
        blank_choice_members: Whether a DRF choice field that takes ``""`` is written ``oneOf`` its
            other choices and a blank one (drf-spectacular's ``ENUM_ADD_EXPLICIT_BLANK_NULL_CHOICE``).
    """

    title: str = ""
    version: str = ""
    summary: str = ""
    description: str = ""
    servers: tuple[str, ...] = ()
    split_components: bool = True
    blank_choice_members: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Application:
    """An application object that serves routes (``FastAPI()``, ``Flask(__name__)``...).

    Attributes:
        id: ``module:variable`` naming it, as the ``app`` of its routes does.
        framework: Its framework.
        location: Where it is created.
        info: What it says of its API.
        routes: How many routes it serves.
    """

    id: str
    framework: Framework
    location: Location
    info: ApiInfo = field(default_factory=ApiInfo)
    routes: int = 0

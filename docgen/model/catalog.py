"""The catalog: every record docgen learns about a codebase, as frozen dataclasses.

The catalog is the contract between the pipeline stages and with external tools (its JSON form
is written by ``docgen extract``). Records refer to each other by stable string ids, never by
object identity, so the JSON form round-trips exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docgen.model.apihistory import ApiHistory
from docgen.model.application import Application
from docgen.model.coverage import Coverage
from docgen.model.enums import (
    Framework,
    HttpMethod,
    ModelKind,
    ParamLocation,
    RelationKind,
)
from docgen.model.findings import Diagnostic, Finding
from docgen.model.graphql import GraphQLType
from docgen.model.health import Health
from docgen.model.history import History
from docgen.model.location import Location
from docgen.model.security import SecurityScheme
from docgen.model.serialization import Serialization
from docgen.model.symbols import Module, Symbol

SCHEMA_VERSION = 1
"""Bumped whenever a field is renamed or removed, or its meaning changes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Param:
    """A request parameter of a route (not the body).

    Attributes:
        name: Name as sent by the client (alias applied).
        in_: Where it travels; written ``in`` in JSON.
        type: Type as written in the source, or as implied by a path converter.
        required: Whether a request without it is rejected.
        default: Default value as source text, when one exists.
        description: From ``description=``, the docstring, or empty.
        constraints: Validation constraints such as ``ge`` or ``max_length``, as source text.
        resolved_type: ``type`` with its names resolved in the handler's module (see
            :attr:`ModelField.resolved_type`); None when the same as ``type``.
    """

    name: str
    in_: ParamLocation = field(metadata={"json": "in"})
    type: str = ""
    required: bool = True
    default: str | None = None
    description: str = ""
    constraints: dict[str, str] = field(default_factory=dict)
    resolved_type: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Body:
    """A request body.

    Attributes:
        type: Type as written in the source (e.g. ``ItemCreate`` or ``list[Item]``).
        model: Catalog id of the model it refers to, when docgen found that model.
        media_type: The media type (``application/json``, ``multipart/form-data``, ...).
        required: Whether a body must be sent.
        fields: For bodies assembled from several parameters (FastAPI ``Body``/``Form``/``File``),
            one entry per part.
        schema: A JSON Schema the source writes out itself (drf-spectacular's
            ``extend_schema(request={...})``), as JSON text; empty otherwise.
        other_media_types: Further media types the same body may be sent as (a DRF view's
            other parsers), after ``media_type``.
    """

    type: str = ""
    model: str | None = None
    media_type: str = "application/json"
    required: bool = True
    fields: tuple[Param, ...] = ()
    schema: str = ""
    other_media_types: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Response:
    """One documented response of a route.

    Attributes:
        status: Status code as a string (``"200"``), or ``"default"``.
        type: Type of the body as written in the source, if known.
        model: Catalog id of the model of the body, when docgen found it.
        description: What the response means.
        schema: A JSON Schema of the body the source writes out itself, as JSON text; empty otherwise.
        resolved_type: ``type`` with its names resolved (see :attr:`ModelField.resolved_type`);
            None when the same as ``type``.
    """

    status: str
    type: str = ""
    model: str | None = None
    description: str = ""
    schema: str = ""
    resolved_type: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Auth:
    """An authentication or authorisation requirement of a route.

    Attributes:
        kind: The mechanism, e.g. ``oauth2``, ``api_key``, ``http_bearer``, ``dependency``,
            ``login_required``, ``permission``.
        name: The dependency, decorator or class that enforces it, as written.
        scopes: OAuth2 scopes or required permissions.
        level: Where it is declared: ``route``, ``router``, ``app`` or ``settings``.
        scheme: The OpenAPI security scheme it is, when the framework declares one.
    """

    kind: str
    name: str
    scopes: tuple[str, ...] = ()
    level: str = "route"
    scheme: SecurityScheme | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Route:
    """One (method, path) an application serves.

    Attributes:
        id: Stable id, ``METHOD path`` plus ``#n`` when the pair repeats.
        method: Upper-case method, ``WEBSOCKET``, or ``ANY``.
        path: Full served path, OpenAPI style (``/items/{item_id}``).
        handler: Dotted ``module.qualname`` of the function that runs; for a class-based view,
            the class the code registers and the verb or action (``pkg.views.TagList.get``),
            also when the class inherits that method.
        implementation: The function that runs when it is not the handler's own: the
            inherited method (``rest_framework.generics.ListAPIView.get``); None otherwise.
        app: ``module:variable`` of the application serving it, or None when never attached.
        location: Where the handler (or the registering call) is defined.
        framework: The framework that serves it.
        params: Path, query, header and cookie parameters.
        request_body: The request body, if any.
        responses: Documented responses.
        auth: Authentication requirements from every level.
        tags: OpenAPI-style tags / grouping labels.
        summary: One-line summary (docstring or ``summary=``).
        description: Longer description (Markdown).
        deprecated: Whether the route is marked deprecated.
        name: The route name the framework knows it by, if any.
        group: The router, blueprint or url module it belongs to (for page grouping).
        include_in_schema: False when hidden from the framework's own OpenAPI schema.
        raw_path: The path pattern as written, pieces joined across prefixes.
        operation_id: The id the framework gives the operation in the OpenAPI document it
            generates itself (FastAPI), when it has one.
        operation_summary: The summary that document gives it (FastAPI: ``summary=``, else the
            route name title-cased), when it differs from ``summary``; for DRF, drf-spectacular's
            (``extend_schema(summary=)`` only: a docstring gives it none).
        schema_path: The path that document lists it under, when it differs from ``path``
            (DRF's schema generators write ``{pk}`` as the model's primary-key name); its
            parameters are ``path``'s, in the same order.
        conditions: Conditions of ``if`` branches around its registration that docgen could not
            decide (``os.getenv('ENABLE_X')``, ``not settings.LEGACY``): it is served only when they hold.
    """

    id: str
    method: HttpMethod
    path: str
    handler: str | None
    app: str | None
    location: Location
    framework: Framework
    implementation: str | None = None
    params: tuple[Param, ...] = ()
    request_body: Body | None = None
    responses: tuple[Response, ...] = ()
    auth: tuple[Auth, ...] = ()
    tags: tuple[str, ...] = ()
    summary: str = ""
    description: str = ""
    deprecated: bool = False
    name: str | None = None
    group: str = ""
    include_in_schema: bool = True
    raw_path: str = ""
    operation_id: str | None = None
    operation_summary: str = ""
    schema_path: str | None = None
    conditions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ModelField:
    """One field of a data model.

    Attributes:
        name: Attribute name.
        type: Type as written in the source.
        required: Whether a value must be supplied.
        default: Default as source text (masked when it looks like a secret).
        constraints: Validation or column options, as source text (``max_length``, ``unique``...).
        description: From ``description=``/``help_text=``, an attribute docstring, or the class
            docstring's Attributes section.
        alias: Serialisation alias, when it differs from the name.
        location: Where the field is declared.
        resolved_type: ``type`` with its names resolved where the declaring module tells them
            (models by catalog id, aliases expanded, imports by dotted name); None when the
            same as ``type``.
    """

    name: str
    type: str = ""
    required: bool = True
    default: str | None = None
    constraints: dict[str, str] = field(default_factory=dict)
    description: str = ""
    alias: str | None = None
    location: Location | None = None
    resolved_type: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Relation:
    """A reference from one model to another.

    Attributes:
        kind: The kind of relation; ``reverse`` for an accessor another model's relation gives this one.
        field: The field that holds it (for a reverse relation, the accessor's name).
        target: Catalog id of the target model, or its name as written when not found (for a reverse
            relation, the model whose relation makes it).
        opposite: The name at the other end: for a forward relation, the accessor it gives the
            target model (Django's ``related_name`` or ``<model>_set``, SQLAlchemy's ``backref`` or
            ``back_populates``), None when it gives none; for a reverse relation, the field of the
            target model that makes it.
    """

    kind: RelationKind
    field: str
    target: str
    opposite: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Model:
    """A data model (schema, ORM table, serializer, dataclass...).

    Attributes:
        id: Stable id, ``module.Class``.
        name: Class name.
        module: Dotted module name.
        kind: The library or construct defining it.
        fields: Fields, inherited ones included, in declaration order.
        bases: Base classes, as resolved dotted names where known.
        type_params: The type variables of a generic model (``Generic[T]``), in order; a type
            ``Page[Item]`` is the model with ``T`` standing for ``Item``.
        relations: References to other models.
        location: Where the class is defined.
        summary: Docstring summary.
        description: Docstring long description.
        table: Database table name, for ORM models.
        extra: What the model does with fields it does not declare, when its configuration says:
            ``forbid`` (rejected), ``allow`` (kept) or ``ignore``.
        graphql: What the model is in a GraphQL schema, for the types of a GraphQL library.
        serialization: What its configuration changes in the JSON it serialises, when it changes anything.
    """

    id: str
    name: str
    module: str
    kind: ModelKind
    location: Location
    fields: tuple[ModelField, ...] = ()
    bases: tuple[str, ...] = ()
    type_params: tuple[str, ...] = ()
    relations: tuple[Relation, ...] = ()
    summary: str = ""
    description: str = ""
    table: str | None = None
    extra: str | None = None
    graphql: GraphQLType | None = None
    serialization: Serialization | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Project:
    """The analysed project.

    Attributes:
        name: Display name.
        frameworks: Frameworks detected.
        docgen_version: Version of docgen that wrote the catalog.
        ruff_version: Version of Ruff used, when it ran.
        repo_url: Repository web address (without credentials), when known.
        pydantic: The major version of pydantic the project's requirements allow, when they allow one.
        pydantic_ceiling: The highest pydantic release they allow (``"2.3"``), when they bound it
            below a next major (``pydantic==2.3.0``, ``<2.4``).
        package: The distribution name its packaging files declare, when they declare one.
        version: The version they declare, when written as a literal.
        description: The one-line summary they declare, when written as a literal.
    """

    name: str
    frameworks: tuple[Framework, ...] = ()
    docgen_version: str = ""
    ruff_version: str | None = None
    repo_url: str | None = None
    pydantic: int | None = None
    pydantic_ceiling: str | None = None
    package: str | None = None
    version: str | None = None
    description: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Catalog:
    """Everything docgen learned about a codebase.

    Attributes:
        project: The project itself.
        modules: Analysed modules, sorted by name.
        routes: Routes, sorted by path then method.
        apps: The applications serving them, sorted by id.
        models: Data models, sorted by id.
        symbols: Code symbols, sorted by id.
        findings: Quality findings, sorted by location.
        history: Git history.
        api_history: Each route's releases (added, changed, deprecated); None when not examined.
        diagnostics: What docgen could not do.
        coverage: Docstring coverage per kind and per module.
        health: Complexity, churn, hotspots and ownership.
        schema_version: Version of this schema.
    """

    project: Project
    modules: tuple[Module, ...] = ()
    routes: tuple[Route, ...] = ()
    apps: tuple[Application, ...] = ()
    models: tuple[Model, ...] = ()
    symbols: tuple[Symbol, ...] = ()
    findings: tuple[Finding, ...] = ()
    history: History = field(default_factory=History)
    api_history: ApiHistory | None = None
    diagnostics: tuple[Diagnostic, ...] = ()
    coverage: Coverage = field(default_factory=Coverage)
    health: Health = field(default_factory=Health)
    schema_version: int = SCHEMA_VERSION

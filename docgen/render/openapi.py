"""An OpenAPI 3.1 document of the catalog's routes and models (``openapi.json``).

Routes that OpenAPI cannot express (WebSocket, ``ANY``, a second route for the same method
and path, an unparsable status), routes hidden with ``include_in_schema=False`` and defaults
their own schema refuses are left out and listed under ``x-docgen-omitted`` so a reader can
tell "not documented" from "not found".
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from typing import Any

from docgen.config import Config
from docgen.model import (
    ApiInfo,
    Body,
    Catalog,
    Framework,
    HttpMethod,
    Model,
    ModelKind,
    Param,
    ParamLocation,
    Route,
)
from docgen.model.apihistory import RouteHistory
from docgen.model.codec import to_data
from docgen.render.drf_schemas import Direction, SerializerSchemas, paginated, paginated_items
from docgen.render.framework_schemas import framework_schemas
from docgen.render.openapi_defaults import drop_unfit_defaults, literal, with_constraints
from docgen.render.openapi_generics import GenericModels
from docgen.render.openapi_models import field_schema, model_schema, typed_enums, with_default
from docgen.render.openapi_output import (
    Output,
    output_rule,
    separate_output_schemas,
    serialization_defaults_required,
)
from docgen.render.type_schema import TypeMapper

OPENAPI_VERSION = "3.1.0"
_CONTAINER = re.compile(
    r"^(?:typing\.)?(?:list|List|Sequence|Iterable|set|Set|frozenset|tuple|Tuple|dict|Dict|Mapping)\["
)
_LIST_TYPE = re.compile(r"^(?:typing\.)?(?:list|List|Sequence|Iterable|set|Set|tuple|Tuple)\[")
_UNION_TYPE = re.compile(r"^(?:typing\.)?(?:Union|Optional)\[|^[^\[]*\|")
"""A union at the top of an annotation (``Union[A, B]``, ``Optional[A]``, ``A | list[B]``)."""
_STATUS = re.compile(r"[1-5](?:[0-9]{2}|XX)|default")
_SERIALIZED_KINDS = frozenset({ModelKind.PYDANTIC, ModelKind.SQLMODEL, ModelKind.DATACLASS})
"""The models pydantic writes a serialization schema of, every field required (pydantic 2.0 to 2.3)."""
_OPERATIONS = frozenset(map(HttpMethod, ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE")))


def openapi_document(catalog: Catalog, config: Config) -> dict[str, Any]:
    """Build the OpenAPI 3.1 document of ``catalog``.

    Args:
        catalog: The analysed codebase.
        config: Settings (``api.servers``).

    Returns:
        A JSON-compatible dict that passes ``openapi_spec_validator.validate``.
    """
    keys = _component_keys(catalog.models)
    refs = dict(keys)
    names: dict[str, list[str]] = {}
    for model in catalog.models:
        names.setdefault(model.name, []).append(model.id)
    refs |= {name: keys[ids[0]] for name, ids in names.items() if len(ids) == 1}
    builtin = framework_schemas({r.type for route in catalog.routes for r in route.responses}, {*refs, *keys.values()})
    refs |= {name: name for name in builtin}
    generics = GenericModels(catalog.models, refs, field_schema, catalog.project.pydantic)
    mapper = TypeMapper(refs, generics.specialise, nulls=catalog.project.pydantic != 1)
    main = _main_info(catalog)
    doc: dict[str, Any] = {"openapi": OPENAPI_VERSION, "info": _info(catalog, main)}
    servers = config.api.servers or main.servers
    if servers:
        doc["servers"] = [{"url": url} for url in servers]
    serializers = {m.id: m for m in catalog.models if m.kind is ModelKind.DRF_SERIALIZER}
    drf = SerializerSchemas(
        serializers,
        keys,
        lambda key: {"$ref": f"#/components/schemas/{key}"},
        mapper,
        main.split_components,
        main.blank_choice_members,
    )
    body_schemas: dict[str, Any] = {}
    paths, omitted = _paths(catalog.routes, _Mappers(mapper, drf, generics), body_schemas)
    if catalog.api_history is not None:
        _add_history(paths, catalog.routes, catalog.api_history.routes)
    doc["paths"] = paths
    models = sorted(catalog.models, key=lambda m: m.id)
    typed = typed_enums(catalog.models) if catalog.project.pydantic == 1 else None
    schemas = {keys[m.id]: drf.component(m) if m.id in serializers else model_schema(m, mapper, typed) for m in models}
    body_schemas |= {key: schema for key, schema in drf.built.items() if schema.get("properties")}
    body_schemas |= generics.built
    doc["components"] = {"schemas": schemas | dict(sorted(body_schemas.items())) | builtin}
    if Framework.FASTAPI in catalog.project.frameworks and catalog.project.pydantic != 1:
        outputs = _output_rules(catalog, keys, generics.built)
        if outputs:
            separate_output_schemas(doc["components"]["schemas"], paths, outputs)
    omitted += drop_unfit_defaults(doc["components"]["schemas"], paths)
    security = _security_schemes(catalog.routes)
    if security:
        doc["components"]["securitySchemes"] = security
    tags = sorted({tag for route in catalog.routes for tag in route.tags if route.method in _OPERATIONS})
    if tags:
        doc["tags"] = [{"name": tag} for tag in tags]
    if omitted:
        doc["x-docgen-omitted"] = omitted
    return doc


def _output_rules(catalog: Catalog, keys: dict[str, str], generic: Collection[str]) -> dict[str, Output]:
    """By component key, how each pydantic model's serialization schema differs from its validation schema."""
    legacy = serialization_defaults_required(catalog.project.pydantic, catalog.project.pydantic_ceiling)
    rules: dict[str, Output] = {}
    for model in catalog.models:
        if model.kind not in _SERIALIZED_KINDS or model.id not in keys:
            continue
        settings = model.serialization
        rule = output_rule(
            all_required=legacy or (settings is not None and settings.defaults_required),
            excluded=[f.alias or f.name for f in model.fields if f.constraints.get("exclude") == "True"],
            seconds=settings is not None and settings.timedelta == "float",
        )
        if rule is not None:
            rules[keys[model.id]] = rule
    everything = output_rule(all_required=True)
    if legacy and everything is not None:
        rules |= dict.fromkeys(generic, everything)
    return rules


@dataclass(frozen=True, slots=True)
class _Mappers:
    """How route types become schemas: ``types`` maps annotations, ``drf`` DRF serializers by direction."""

    types: TypeMapper
    drf: SerializerSchemas
    generics: GenericModels


def _main_info(catalog: Catalog) -> ApiInfo:
    """What the application serving the most routes says of its API (the first by id on a tie)."""
    apps = sorted(catalog.apps, key=lambda a: (-a.routes, a.id))
    return apps[0].info if apps else ApiInfo()


def _info(catalog: Catalog, app: ApiInfo) -> dict[str, Any]:
    """``info``: the main application's title and version, else the project's name and commit."""
    head = catalog.history.head
    info: dict[str, Any] = {
        "title": app.title or catalog.project.name or "API",
        "version": app.version or (head[:12] if head else "unversioned"),
    }
    if app.summary:
        info["summary"] = app.summary
    if app.description:
        info["description"] = app.description
    return info


def openapi_json(catalog: Catalog, config: Config) -> bytes:
    """The OpenAPI document as stable, indented UTF-8 JSON."""
    return (json.dumps(openapi_document(catalog, config), indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _component_keys(models: tuple[Model, ...]) -> dict[str, str]:
    """Model id → component key: the model name, or its sanitised id when the name repeats."""
    keys: dict[str, str] = {}
    used: set[str] = set()
    for model in sorted(models, key=lambda m: m.id):
        for candidate in (model.name, model.id, f"{model.id}_{len(used)}"):
            key = re.sub(r"[^A-Za-z0-9._-]", "_", candidate) or "Model"
            if key not in used:
                break
        used.add(key)
        keys[model.id] = key
    return keys


def _paths(
    routes: tuple[Route, ...], mapper: _Mappers, body_schemas: dict[str, Any]
) -> tuple[dict[str, Any], list[dict[str, str]]]:
    paths: dict[str, dict[str, Any]] = {}
    omitted: list[dict[str, str]] = []
    operation_ids: set[str] = set()
    drf = any(r.framework is Framework.DRF for r in routes)
    for route in sorted(routes, key=lambda r: (r.path, r.method.value, r.id)):
        if route.method not in _OPERATIONS:
            omitted.append({"route": route.id, "reason": f"{route.method.value} routes are not OpenAPI operations"})
            continue
        if not route.include_in_schema:
            omitted.append({"route": route.id, "reason": "hidden from the schema (include_in_schema=False)"})
            continue
        if route.framework is Framework.DJANGO and drf:  # drf-spectacular's document: DRF views only
            omitted.append({"route": route.id, "reason": "a plain Django view beside DRF's (not in its schema)"})
            continue
        path = _schema_path(route)
        item = paths.setdefault(path, {})
        method = route.method.value.lower()
        if method in item:
            omitted.append({"route": route.id, "reason": "another route already documents this method and path"})
            continue
        item[method] = _operation(route, path, mapper, operation_ids, omitted, body_schemas)
    return paths, omitted


def _schema_path(route: Route) -> str:
    """The path the document lists ``route`` under: converters dropped (``{id:int}`` is ``{id}``), rooted."""
    path = re.sub(r"\{([^{}:]+):[^{}]*\}", r"{\1}", route.schema_path or route.path)
    return path if path.startswith("/") else "/" + path


def _add_history(paths: dict[str, Any], routes: tuple[Route, ...], history: dict[str, RouteHistory]) -> None:
    """``x-docgen-history`` on each operation whose route has a history: the releases that added, changed it."""
    for route in routes:
        if route.id in history and route.include_in_schema and route.method in _OPERATIONS:
            operation = paths.get(_schema_path(route), {}).get(route.method.value.lower())
            if operation is not None and "x-docgen-history" not in operation:
                operation["x-docgen-history"] = to_data(history[route.id])


def _operation(
    route: Route,
    path: str,
    mappers: _Mappers,
    operation_ids: set[str],
    omitted: list[dict[str, str]],
    body_schemas: dict[str, Any],
) -> dict[str, Any]:
    operation: dict[str, Any] = {"operationId": _operation_id(route, path, operation_ids)}
    if route.tags:
        operation["tags"] = list(route.tags)
    summary = route.operation_summary or ("" if route.framework is Framework.DRF else route.summary)
    if summary:  # drf-spectacular gives a summary only when extend_schema(summary=) does
        operation["summary"] = summary
    if route.description:
        operation["description"] = route.description
    mapper = mappers.types
    parameters = _parameters(route, path, mapper)
    if parameters:
        operation["parameters"] = parameters
    body = route.request_body
    direction = Direction.PATCHED if route.method is HttpMethod.PATCH else Direction.REQUEST
    serializer = mappers.drf.ref(body.model, direction) if body and body.model in mappers.drf.models else None
    if body is not None and (serializer is not None or body.model not in mappers.drf.models):
        operation["requestBody"] = _request_body(body, mapper, operation["operationId"], body_schemas, serializer)
    operation["responses"] = _responses(route, mapper, omitted, mappers.generics.is_generic)
    if route.deprecated:
        operation["deprecated"] = True
    requirements: list[dict[str, list[str]]] = []
    for a in route.auth:  # a scheme two dependencies use is one requirement (FastAPI's flat dependencies)
        requirement = {a.scheme.name: list(a.scopes)} if a.scheme is not None else None
        if requirement is not None and requirement not in requirements:
            requirements.append(requirement)
    if requirements:
        operation["security"] = requirements
    if route.auth:
        operation["x-docgen-auth"] = [
            {"kind": a.kind, "name": a.name, "scopes": list(a.scopes), "level": a.level} for a in route.auth
        ]
    if route.conditions:  # registered only if these hold, which the code alone does not tell
        operation["x-docgen-conditions"] = list(route.conditions)
    return operation


def _security_schemes(routes: tuple[Route, ...]) -> dict[str, Any]:
    """``components.securitySchemes``: every scheme the routes' auth declares, by name (the first of a name kept)."""
    found: dict[str, Any] = {}
    for auth in (a for r in routes if r.method in _OPERATIONS for a in r.auth if a.scheme is not None):
        scheme = auth.scheme
        if scheme is None or scheme.name in found:
            continue
        entry: dict[str, Any] = {"type": scheme.type}
        if scheme.type == "http":
            entry["scheme"] = scheme.scheme
        elif scheme.type == "apiKey":
            entry |= {"in": scheme.location, "name": scheme.parameter}
        elif scheme.type == "openIdConnect":
            entry["openIdConnectUrl"] = scheme.openid_url
        elif scheme.type == "oauth2":
            flow: dict[str, Any] = {"scopes": {}}
            if scheme.authorization_url:
                flow["authorizationUrl"] = scheme.authorization_url
            flow["tokenUrl"] = scheme.token_url
            entry["flows"] = {scheme.flow or "password": flow}
        found[scheme.name] = entry
    return dict(sorted(found.items()))


def _operation_id(route: Route, path: str, used: set[str]) -> str:
    """A unique operationId: the handler's name, qualified by method and path when it repeats."""
    if route.operation_id and route.operation_id not in used:
        used.add(route.operation_id)
        return route.operation_id
    base = route.handler.rsplit(".", 1)[-1] if route.handler else f"{route.method.value}_{path}"
    base = _identifier(base) or "operation"
    if base in used:
        base = _identifier(f"{base}_{route.method.value}_{path}").lower()
    candidate, n = base, 1
    while candidate in used:
        n += 1
        candidate = f"{base}_{n}"
    used.add(candidate)
    return candidate


def _identifier(text: str) -> str:
    return re.sub(r"_+", "_", re.sub(r"[^A-Za-z0-9_]+", "_", text)).strip("_")


def _parameters(route: Route, path: str, mapper: TypeMapper) -> list[dict[str, Any]]:
    templated = re.findall(r"\{([^{}]+)\}", path)
    served = re.findall(r"\{([^{}:]+)", route.path)
    renamed = dict(zip(served, templated, strict=True)) if len(served) == len(templated) else {}
    seen: set[tuple[str, str]] = set()
    parameters: list[dict[str, Any]] = []
    for param in route.params:
        if param.in_ is ParamLocation.PATH and param.name in renamed:
            param = replace(param, name=renamed[param.name])
        key = (param.name, param.in_.value)
        if key in seen or (param.in_ is ParamLocation.PATH and param.name not in templated):
            continue
        seen.add(key)
        parameters.append(_parameter(param, mapper))
    for name in templated:
        if (name, "path") not in seen:
            seen.add((name, "path"))
            parameters.append({"name": name, "in": "path", "required": True, "schema": {"type": "string"}})
    return parameters


def _parameter(param: Param, mapper: TypeMapper) -> dict[str, Any]:
    schema = mapper.schema(param.resolved_type or param.type)
    schema = with_default(with_constraints(schema, param.constraints), literal(param.default))
    parameter: dict[str, Any] = {
        "name": param.name,
        "in": param.in_.value,
        "required": True if param.in_ is ParamLocation.PATH else param.required,
        "schema": schema,
    }
    if param.description:
        parameter["description"] = param.description
    return parameter


def _request_body(
    body: Body, mapper: TypeMapper, operation_id: str, body_schemas: dict[str, Any], serializer: dict[str, Any] | None
) -> dict[str, Any]:
    schema: dict[str, Any]
    if body.schema:  # written out in the source
        schema = json.loads(body.schema)
    elif serializer is not None:  # a DRF serializer: its request component
        schema = {"type": "array", "items": serializer} if _LIST_TYPE.match(body.type) else serializer
    elif body.fields:
        # A body assembled from several parameters gets its own component, named as FastAPI names it.
        properties = {f.name: _parameter(f, mapper)["schema"] for f in body.fields}
        required = [f.name for f in body.fields if f.required]
        name = f"Body_{operation_id}"
        body_schemas[name] = {"title": name, "type": "object", "properties": properties}
        if required:
            body_schemas[name]["required"] = required
        schema = {"$ref": f"#/components/schemas/{name}"}
    elif body.model and _UNION_TYPE.search(body.type):  # A | B: the union, not its first model
        schema = mapper.schema(body.type)
    else:
        schema = mapper.ref(body.model) or mapper.schema(body.type)
        if body.model and _LIST_TYPE.match(body.type):  # list[Model]: an array of the model
            schema = {"type": "array", "items": schema}
    media_types = (body.media_type or "application/json", *body.other_media_types)
    return {"required": body.required, "content": {media: {"schema": schema} for media in media_types}}


def _responses(
    route: Route, mapper: TypeMapper, omitted: list[dict[str, str]], generic: Callable[[str | None], bool]
) -> dict[str, Any]:
    responses: dict[str, Any] = {}
    for response in route.responses:
        if not _STATUS.fullmatch(response.status) or response.status in responses:
            omitted.append({"route": route.id, "reason": f"response status {response.status[:40]!r} is not valid"})
            continue
        entry: dict[str, Any] = {"description": response.description or "Response"}
        written = response.resolved_type or response.type
        schema = mapper.ref(response.model) or (mapper.schema(written) if written else None)
        if response.model and (
            _CONTAINER.match(response.type) or _UNION_TYPE.search(response.type) or generic(response.model)
        ):  # list[Out], Out | list[Out], Page[Out]
            schema = mapper.schema(written)
        elif response.model and response.type.endswith("]"):  # a DRF paginator's envelope
            schema = paginated(response.type, mapper.schema(paginated_items(response.type))) or schema
        schema = json.loads(response.schema) if response.schema else schema
        if schema is not None:
            entry["content"] = {"application/json": {"schema": schema}}
        responses[response.status] = entry
    return responses or {"default": {"description": "Response (not documented in the source)"}}

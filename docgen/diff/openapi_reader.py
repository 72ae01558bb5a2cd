"""Reading an OpenAPI 3.x document into the records the comparison takes: routes and models.

``docgen diff --openapi A B`` compares two documents with the same rules as two refs: each
operation becomes a :class:`~docgen.model.Route` (its parameters, request body, responses and
security), each ``components.schemas`` entry a :class:`~docgen.model.Model` whose fields are
the schema's properties (an enum's: its values). Types are written as the document writes them
(``integer``, ``array[Item]``, ``string | integer``; an inline enum ``Literal['a', 'b']``),
``null`` left out (optionality is the ``required`` rules' concern). Local ``$ref``s are
followed; a schema given inline in a body is compared property by property, any other is not.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docgen.errors import UsageError
from docgen.model import Auth, Body, Location, Model, ModelField, Param, ParamLocation, Response, Route
from docgen.model.enums import Framework, HttpMethod, ModelKind

OPERATIONS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
"""The keys of a path item that are operations, in OpenAPI's order."""

DOCUMENT = Framework("openapi")
"""The ``framework`` of a route read from a document."""

SCHEMA = ModelKind("json-schema")
"""The ``kind`` of a model read from ``components.schemas``."""

_JSON_FIRST = ("application/json",)


@dataclass(frozen=True, slots=True)
class OpenApiDocument:
    """What the comparison reads of one document.

    Attributes:
        routes: One route per operation, in the document's order.
        models: One model per component schema.
    """

    routes: tuple[Route, ...]
    models: tuple[Model, ...]


def read_openapi(path: Path) -> OpenApiDocument:
    """Read the OpenAPI 3.x document at ``path`` (JSON, or YAML for ``.yaml``/``.yml``).

    Raises:
        UsageError: The file cannot be read, does not parse, or is not an OpenAPI 3.x document.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read the OpenAPI document {path}: {exc.__class__.__name__}") from exc
    data = _parse(text, path)
    if not isinstance(data, dict) or not str(data.get("openapi", "")).startswith("3."):
        raise UsageError(f"{path} is not an OpenAPI 3.x document (no `openapi: 3.x` at its top)")
    return _Reader(data, path.as_posix(), text).document()


class _Reader:
    """One document's operations and schemas, with its ``$ref``s followed."""

    def __init__(self, data: dict[str, Any], name: str, text: str) -> None:
        """``name`` is the document's path as given: the location of its routes and models."""
        self.data = data
        self.name = name
        self.lines = [line.replace('": ', '":') for line in text.splitlines()]  # keys as `"key":`
        self._lines: dict[str, int] = {}
        self.components = _mapping(data.get("components"))
        schemes = _mapping(self.components.get("securitySchemes"))
        self.scheme_types = {key: str(_mapping(self.resolve(value)).get("type", "")) for key, value in schemes.items()}

    def document(self) -> OpenApiDocument:
        routes = []
        for path, item in _mapping(self.data.get("paths")).items():
            item = _mapping(self.resolve(item))
            shared = item.get("parameters", [])
            for method in OPERATIONS:
                if isinstance(item.get(method), dict):
                    routes.append(self.route(str(path), method, item[method], shared))
        schemas = _mapping(self.components.get("schemas"))
        models = tuple(self.model(str(name), _mapping(schema)) for name, schema in schemas.items())
        return OpenApiDocument(routes=tuple(routes), models=models)

    def resolve(self, node: Any) -> Any:
        """``node`` with a local ``$ref`` followed (up to 20 hops); anything else as it is."""
        for _ in range(20):
            if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
                return node
            ref = node["$ref"]
            if not ref.startswith("#/"):
                return {}
            target: Any = self.data
            for part in ref[2:].split("/"):
                target = _mapping(target).get(part.replace("~1", "/").replace("~0", "~"))
            node = target
        return {}

    def route(self, path: str, method: str, operation: dict[str, Any], shared: Any) -> Route:
        params: dict[tuple[str, str], Param] = {}
        for raw in [*_list(shared), *_list(operation.get("parameters"))]:
            param = self.param(_mapping(self.resolve(raw)))
            if param is not None:
                params[(param.name, param.in_)] = param  # an operation's own parameter overrides its path's
        return Route(
            id=f"{method.upper()} {path}",
            method=HttpMethod(method.upper()),
            path=path,
            handler=str(operation["operationId"]) if "operationId" in operation else None,
            app=None,
            location=Location(self.name, self.line_of(path)),
            framework=DOCUMENT,
            params=tuple(params.values()),
            request_body=self.body(_mapping(self.resolve(operation.get("requestBody")))),
            responses=tuple(self.responses(_mapping(operation.get("responses")))),
            auth=self.auth(operation.get("security", self.data.get("security"))),
            summary=str(operation.get("summary", "")),
            deprecated=operation.get("deprecated") is True,
            operation_id=str(operation["operationId"]) if "operationId" in operation else None,
        )

    def param(self, raw: Mapping[str, Any]) -> Param | None:
        try:
            where = ParamLocation(str(raw.get("in")))
        except ValueError:
            return None
        if not isinstance(raw.get("name"), str):
            return None
        schema = self.resolve(raw.get("schema", {}))
        return Param(
            name=raw["name"],
            in_=where,
            type=self.type_text(raw.get("schema", {})),
            required=where is ParamLocation.PATH or raw.get("required") is True,
            default=_default(schema),
            description=str(raw.get("description", "")),
            constraints=schema_constraints(_mapping(schema)),
            resolved_type=_ref_name(_mapping(raw.get("schema"))),
        )

    def body(self, raw: Mapping[str, Any]) -> Body | None:
        content = _mapping(raw.get("content"))
        if not content:
            return None
        media = next((m for m in (*_JSON_FIRST, *content) if m in content), "")
        schema = _mapping(_mapping(content[media]).get("schema"))
        model = _ref_name(schema)
        fields: tuple[Param, ...] = ()
        if model is None:
            fields = self.properties(_mapping(self.resolve(schema)))
        return Body(
            type=self.type_text(schema),
            model=model,
            media_type=media,
            required=raw.get("required") is True,
            fields=fields,
            other_media_types=tuple(m for m in content if m != media),
        )

    def responses(self, raw: Mapping[str, Any]) -> list[Response]:
        out = []
        for status, value in raw.items():
            response = _mapping(self.resolve(value))
            content = _mapping(response.get("content"))
            media = next((m for m in (*_JSON_FIRST, *content) if m in content), "")
            schema = _mapping(_mapping(content.get(media)).get("schema")) if media else {}
            out.append(
                Response(
                    status=str(status),
                    type=self.type_text(schema) if schema else "",
                    model=_ref_name(schema),
                    description=str(response.get("description", "")),
                )
            )
        return out

    def auth(self, raw: Any) -> tuple[Auth, ...]:
        """The schemes a request must satisfy; none when one alternative is ``{}`` (no credentials)."""
        requirements = [_mapping(r) for r in _list(raw)]
        if any(not r for r in requirements):
            return ()
        found = {}
        for requirement in requirements:
            for name, scopes in requirement.items():
                kind = self.scheme_types.get(str(name), "")
                found[(kind, str(name))] = Auth(kind=kind, name=str(name), scopes=tuple(map(str, _list(scopes))))
        return tuple(found.values())

    def model(self, name: str, schema: Mapping[str, Any]) -> Model:
        """A component: an object's properties as fields, or an enum's values as its members."""
        resolved = _mapping(self.resolve(schema))
        if isinstance(resolved.get("enum"), list):
            members = tuple(ModelField(name=str(v), default=repr(v)) for v in resolved["enum"] if v is not None)
            where = Location(self.name)
            return Model(id=name, name=name, module="", kind=ModelKind.ENUM, location=where, fields=members)
        fields = tuple(
            ModelField(
                name=p.name,
                type=p.type,
                required=p.required,
                default=p.default,
                description=p.description,
                constraints=p.constraints,
                resolved_type=p.resolved_type,
            )
            for p in self.properties(resolved)
        )
        return Model(id=name, name=name, module="", kind=SCHEMA, location=Location(self.name), fields=fields)

    def properties(self, schema: Mapping[str, Any]) -> tuple[Param, ...]:
        """An object schema's properties as body parts (``in`` is unused for them)."""
        required = set(map(str, _list(schema.get("required"))))
        return tuple(
            Param(
                name=str(name),
                in_=ParamLocation.QUERY,
                type=self.type_text(prop),
                required=str(name) in required,
                default=_default(_mapping(self.resolve(prop))),
                description=str(_mapping(prop).get("description", "")),
                constraints=schema_constraints(_mapping(self.resolve(prop))),
                resolved_type=_ref_name(_mapping(prop)),
            )
            for name, prop in _mapping(schema.get("properties")).items()
        )

    def type_text(self, schema: Any) -> str:
        """``integer``, ``Item`` (a component), ``array[Item]``, ``string | integer``; '' when unsaid."""
        schema = _mapping(schema)
        name = _ref_name(schema)
        if name is not None:
            return name
        for key in ("anyOf", "oneOf", "allOf"):
            if isinstance(schema.get(key), list):
                parts = [self.type_text(s) for s in schema[key] if _mapping(s).get("type") != "null"]
                return (" & " if key == "allOf" else " | ").join(p for p in parts if p)
        if isinstance(schema.get("enum"), list):  # read as Python writes it, so its values compare as an enum's
            return f"Literal[{', '.join(repr(v) for v in schema['enum'] if v is not None)}]"
        kinds = schema.get("type")
        if isinstance(kinds, list):
            return " | ".join(str(k) for k in kinds if k != "null")
        if kinds == "array":
            return f"array[{self.type_text(schema.get('items'))}]"
        return str(kinds) if isinstance(kinds, str) else ""

    def line_of(self, path: str) -> int:
        """The first line of the document naming ``path`` as a key (1 in a one-line document), else 0."""
        if path not in self._lines:  # once per path, not per operation
            key = json.dumps(path) + ":"
            self._lines[path] = next((n for n, line in enumerate(self.lines, 1) if key in line), 0)
        return self._lines[path]


def _parse(text: str, path: Path) -> Any:
    """The document's data: YAML for a ``.yaml``/``.yml`` file, else JSON."""
    if path.suffix.lower() in (".yaml", ".yml"):
        import yaml  # only for YAML documents

        try:
            return yaml.safe_load(text)
        except (yaml.YAMLError, RecursionError) as exc:
            raise UsageError(f"{path} does not parse as YAML: {str(exc).splitlines()[0]}") from exc
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise UsageError(f"{path} does not parse as JSON: {exc}") from exc


def _ref_name(schema: Mapping[str, Any]) -> str | None:
    """The component a schema refers to (``Item`` for ``#/components/schemas/Item``), also in ``anyOf: [ref, null]``."""
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
        return ref.rpartition("/")[2]
    for key in ("anyOf", "oneOf", "allOf"):
        options = [_mapping(s) for s in _list(schema.get(key)) if _mapping(s).get("type") != "null"]
        if len(options) == 1:
            return _ref_name(options[0])
    return None


_CONSTRAINTS = {
    "maxLength": "max_length",
    "minLength": "min_length",
    "maxItems": "max_items",
    "minItems": "min_items",
    "maximum": "le",
    "minimum": "ge",
    "exclusiveMaximum": "lt",
    "exclusiveMinimum": "gt",
    "pattern": "pattern",
}
"""JSON Schema's validation keywords by the names the catalog gives them (pydantic's)."""


def schema_constraints(schema: Mapping[str, Any]) -> dict[str, str]:
    """A schema's validation keywords as the catalog writes constraints: names and source text.

    A nullable one (``anyOf`` of a type and ``null``) is read from its one other branch.
    """
    branches = [_mapping(s) for s in _list(schema.get("anyOf")) if _mapping(s).get("type") != "null"]
    if len(branches) == 1:
        schema = {**branches[0], **schema}
    found: dict[str, str] = {}
    for keyword, name in _CONSTRAINTS.items():
        value = schema.get(keyword)
        if isinstance(value, int | float | str) and not isinstance(value, bool):
            found[name] = repr(value)
    for flag, bound, name in (("exclusiveMaximum", "le", "lt"), ("exclusiveMinimum", "ge", "gt")):
        if schema.get(flag) is True and bound in found:  # OpenAPI 3.0: a flag on maximum / minimum
            found[name] = found.pop(bound)
    return found


def _default(schema: Mapping[str, Any]) -> str | None:
    return json.dumps(schema["default"]) if "default" in schema else None


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []

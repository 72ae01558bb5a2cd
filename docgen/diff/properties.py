"""Comparing the properties of bodies and the values of enums, by direction (request or response).

A change is judged by who has to cope with it, as oasdiff does: a request's values are the
client's to send, so taking one away (an enum value, optionality) breaks it, while a
response's values are the client's to read, so a new enum value or a property that may now
be missing or null is what breaks it. Each rule yields ``(rule id, level, message)``; the
caller names the endpoint.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from docgen.diff.constraints import REQUEST_PROPERTY, RESPONSE_PROPERTY, constraint_changes, normalised
from docgen.model import Body, Model, ModelKind, Param
from docgen.model.apidiff import ChangeLevel

BREAKING = ChangeLevel.BREAKING
POTENTIALLY = ChangeLevel.POTENTIALLY_BREAKING
SAFE = ChangeLevel.NON_BREAKING

Rule = tuple[str, ChangeLevel, str]
"""A rule hit: its id, its level and the message."""


@dataclass(frozen=True, slots=True)
class Property:
    """A property of a request or response body, as the comparison reads it.

    Attributes:
        name: Its name as sent (the alias when there is one).
        type: Its type as written.
        required: Whether it must be present.
        values: The values it may take when its type is an enum or a ``Literal``; None otherwise.
        model: Whether its type names a model of the catalog (compared by name only, not field by field).
        constraints: Its validation constraints, as :func:`~docgen.diff.constraints.normalised` reads them.
    """

    name: str
    type: str
    required: bool
    values: tuple[str, ...] | None = None
    model: bool = False
    constraints: Mapping[str, object] = field(default_factory=dict)


def plain(type_text: str) -> str:
    """A type as written, without spaces and without ``None`` (optionality is the ``required`` rules' concern).

    ``dict[str,int]`` is ``dict[str, int]``; ``str | None`` and ``Optional[str]`` are ``str``.
    """
    text = "".join(type_text.split())
    if text.startswith("Optional[") and text.endswith("]"):
        text = text.removeprefix("Optional[")[:-1]
    return text.replace("|None", "").removeprefix("None|")


def nullable(type_text: str) -> bool:
    """Whether a type as written admits ``None`` (``str | None``, ``Optional[str]``)."""
    text = "".join(type_text.split())
    return text.startswith("Optional[") or "|None" in text or text.startswith("None|")


def enum_values(type_text: str, resolved: str | None, models: Mapping[str, Model]) -> tuple[str, ...] | None:
    """The values of an enum type (its members' values, or their names) or of a ``Literal[...]``; None for others."""
    enum = models.get(resolved) if resolved else None
    if enum is not None and enum.kind is ModelKind.ENUM:
        return tuple(_literal_text(f.default) or f.name for f in enum.fields)
    text = plain(type_text)
    if not (text.startswith(("Literal[", "typing.Literal[")) and text.endswith("]")):
        return None
    try:
        found = ast.literal_eval(f"({text.partition('[')[2][:-1]},)")
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return None
    return tuple(str(v) for v in found)


def _literal_text(source: str | None) -> str:
    """The value a constant written in the source stands for (``'red'`` is ``red``), '' when not a constant."""
    if not source:
        return ""
    try:
        value = ast.literal_eval(source)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return ""
    if isinstance(value, tuple) and len(value) == 1:  # a str or int mixin's member written as a tuple
        value = value[0]
    return str(value)


def body_properties(body: Body, models: Mapping[str, Model]) -> dict[str, Property] | None:
    """The properties of a body: its parts, or its model's fields; None when unknown."""
    if body.fields:
        return {p.name: _param_property(p, models) for p in body.fields}
    return model_properties(body.model, models)


def _param_property(p: Param, models: Mapping[str, Model]) -> Property:
    resolved = p.resolved_type
    values = enum_values(p.type, resolved, models)
    model = resolved in models and values is None
    return Property(p.name, p.type, p.required, values, model, normalised(p.constraints, p.type))


MAX_NESTING = 4
"""Models inside models followed this deep (``tenant.logo_url`` is one level)."""


def model_properties(
    model_id: str | None, models: Mapping[str, Model], resolved: str | None = None
) -> dict[str, Property] | None:
    """The properties of the model ``model_id`` by path as sent; None when it is not in ``models`` or is an enum.

    A property whose type is a model of the catalog is followed: its properties are there too, as
    ``tenant.logo_url`` (``results[].name`` inside a list). ``resolved`` is the resolved type that
    names the model (``app.Page[app.Item]``): a generic model's type parameters stand for its
    arguments. Each model once per path, :data:`MAX_NESTING` deep.
    """
    model = models.get(model_id) if model_id else None
    if model is None or model.kind is ModelKind.ENUM:  # an enum's members are its values, not properties
        return None
    found: dict[str, Property] = {}
    _collect(model, _arguments(model, resolved), models, "", (model.id,), found)
    return found


def _collect(
    model: Model,
    bound: Mapping[str, str],
    models: Mapping[str, Model],
    prefix: str,
    seen: tuple[str, ...],
    out: dict[str, Property],
) -> None:
    for f in model.fields:
        path, resolved = prefix + (f.alias or f.name), f.resolved_type
        values = enum_values(f.type, resolved, models)
        constraints = normalised(f.constraints, f.type)
        out[path] = Property(path, f.type, f.required, values, resolved in models and values is None, constraints)
        nested, many = _nested(f.type, resolved, bound, models)
        if values is None and nested is not None and nested not in seen and len(seen) <= MAX_NESTING:
            inner = models[nested]
            _collect(inner, {}, models, f"{path}[]." if many else f"{path}.", (*seen, nested), out)


def _arguments(model: Model, resolved: str | None) -> dict[str, str]:
    """``{type parameter: argument}`` of a generic model as ``resolved`` (``app.Page[app.Item]``) names it."""
    params = model.type_params
    if not params or not resolved or not resolved.endswith("]") or "[" not in resolved:
        return {}
    inner = resolved[resolved.index("[") + 1 : -1]
    parts, depth, start = [], 0, 0
    for i, char in enumerate(inner):
        depth += char == "["
        depth -= char == "]"
        if char == "," and depth == 0:
            parts.append(inner[start:i].strip())
            start = i + 1
    parts.append(inner[start:].strip())
    return dict(zip(params, parts, strict=False)) if len(parts) == len(params) else {}


class ModelIndex(dict[str, Model]):
    """Models by id, and the one id of each name (None where several models share it), made once per catalog."""

    def __init__(self, models: Iterable[Model]) -> None:
        super().__init__((m.id, m) for m in models)
        self.by_name: dict[str, str | None] = {}
        for model in self.values():
            self.by_name[model.name] = None if model.name in self.by_name else model.id


def _by_name(name: str, models: Mapping[str, Model]) -> str | None:
    """The id of the one model called ``name`` (a list's item type is written unresolved); None if not exactly one."""
    if name in models:
        return name
    short = name.rpartition(".")[2]
    if isinstance(models, ModelIndex):
        return models.by_name.get(short)
    found = [m.id for m in models.values() if m.name == short]
    return found[0] if len(found) == 1 else None


_SEQUENCES = ("list[", "List[", "tuple[", "Tuple[", "Sequence[", "set[", "Set[")


def _nested(
    written: str, resolved: str | None, bound: Mapping[str, str], models: Mapping[str, Model]
) -> tuple[str | None, bool]:
    """The model a property's type names (alone, optional, or as the items of a list), and whether in a list."""
    text = plain(resolved or bound.get(plain(written)) or "")
    if not text:
        stripped = plain(written)
        for start in _SEQUENCES:
            if stripped.startswith(start) and stripped.endswith("]"):
                item = stripped[len(start) : -1].strip()
                target = bound.get(item) or _by_name(item, models)
                return (target, True) if target in models else (None, False)
        return None, False
    return (text, False) if text in models else (None, False)


def parameter_enum(
    where: str, a: Param, b: Param, old: Mapping[str, Model], new: Mapping[str, Model]
) -> Iterator[Rule]:
    """A request parameter's enum values: one removed breaks the clients sending it, one added breaks nothing."""
    before, after = enum_values(a.type, a.resolved_type, old), enum_values(b.type, b.resolved_type, new)
    if before is None or after is None:
        return
    for value in _missing(before, after):
        yield "request-parameter-enum-value-removed", BREAKING, f"enum value `{value}` removed from {where}"
    for value in _missing(after, before):
        yield "request-parameter-enum-value-added", SAFE, f"enum value `{value}` added to {where}"


def request_properties(old: Mapping[str, Property], new: Mapping[str, Property]) -> Iterator[Rule]:
    """The request body's properties: added, removed, their optionality, type and enum values."""
    for name in sorted(old.keys() - new.keys()):
        yield "request-property-removed", POTENTIALLY, f"request property `{name}` removed"
    for name in sorted(new.keys() - old.keys()):
        if new[name].required:
            yield "new-required-request-property", BREAKING, f"required request property `{name}` added"
        else:
            yield "new-optional-request-property", SAFE, f"optional request property `{name}` added"
    for name in sorted(old.keys() & new.keys()):
        a, b = old[name], new[name]
        where = f"request property `{name}`"
        if b.required and not a.required:
            yield "request-property-became-required", BREAKING, f"{where} became required"
        elif a.required and not b.required:
            yield "request-property-became-optional", SAFE, f"{where} became optional"
        yield from _type_changed("request-property-type-changed", where, a, b)
        if a.values is not None and b.values is not None:
            for value in _missing(a.values, b.values):
                yield "request-property-enum-value-removed", BREAKING, f"enum value `{value}` removed from {where}"
            for value in _missing(b.values, a.values):
                yield "request-property-enum-value-added", SAFE, f"enum value `{value}` added to {where}"
        yield from constraint_changes(REQUEST_PROPERTY, where, a.constraints, b.constraints)


def response_properties(old: Mapping[str, Property], new: Mapping[str, Property], status: str) -> Iterator[Rule]:
    """A success response's properties: removed, added, their optionality, nullability, type and enum values."""
    for name in sorted(old.keys() - new.keys()):
        where = f"response property `{name}` removed (status {status})"
        if old[name].required:
            yield "response-required-property-removed", BREAKING, where
        else:
            yield "response-optional-property-removed", POTENTIALLY, where
    for name in sorted(new.keys() - old.keys()):
        yield "response-property-added", SAFE, f"response property `{name}` added (status {status})"
    for name in sorted(old.keys() & new.keys()):
        a, b = old[name], new[name]
        where, status_note = f"response property `{name}`", f"(status {status})"
        if a.required and not b.required:
            yield "response-property-became-optional", BREAKING, f"{where} became optional {status_note}"
        elif b.required and not a.required:
            yield "response-property-became-required", SAFE, f"{where} became required {status_note}"
        if nullable(b.type) and not nullable(a.type) and a.type:
            yield "response-property-became-nullable", BREAKING, f"{where} became nullable {status_note}"
        yield from _type_changed("response-property-type-changed", f"{where} {status_note}", a, b)
        if a.values is not None and b.values is not None:
            for value in _missing(b.values, a.values):
                message = f"enum value `{value}` added to {where} {status_note}"
                yield "response-property-enum-value-added", POTENTIALLY, message
            for value in _missing(a.values, b.values):
                message = f"enum value `{value}` removed from {where} {status_note}"
                yield "response-property-enum-value-removed", SAFE, message
        changes = constraint_changes(RESPONSE_PROPERTY, where, a.constraints, b.constraints, response=True)
        for rule, level, message in changes:
            yield rule, level, f"{message} {status_note}"


def _type_changed(rule: str, where: str, a: Property, b: Property) -> Iterator[Rule]:
    """A property's type written differently.

    Two model names are not compared (their fields are another matter), nor two enums (their values are).
    """
    if (a.model and b.model) or (a.values is not None and b.values is not None):
        return
    if a.type and b.type and plain(a.type) != plain(b.type):
        yield rule, BREAKING, f"{where} type changed from `{a.type}` to `{b.type}`"


def _missing(values: tuple[str, ...], others: tuple[str, ...]) -> list[str]:
    """The values of ``values`` that ``others`` lacks, in their order."""
    kept = set(others)
    return [v for v in values if v not in kept]

"""Comparing two catalogs' routes: the classified changes of every endpoint from base to head.

Endpoints are matched by method and path with the path parameters' names erased
(``/items/{id}`` and ``/items/{item_id}`` are one endpoint, whose parameter was renamed).
Rule ids are oasdiff's check ids where oasdiff has the check, so a team that knows one tool
reads the other; ``request-path-parameter-renamed``, ``request-parameter-location-changed``
and ``endpoint-removed`` are docgen's own.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from itertools import zip_longest
from typing import Protocol

from docgen.diff.constraints import PARAMETER, constraint_changes, normalised
from docgen.diff.properties import (
    ModelIndex,
    body_properties,
    enum_values,
    model_properties,
    parameter_enum,
    plain,
    request_properties,
    response_properties,
)
from docgen.model import Model, Param, ParamLocation, Route
from docgen.model.apidiff import ApiChange, ChangeLevel

BREAKING = ChangeLevel.BREAKING
POTENTIALLY = ChangeLevel.POTENTIALLY_BREAKING
SAFE = ChangeLevel.NON_BREAKING

_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


class Api(Protocol):
    """What is compared of each side: its routes and models (a catalog, or a code analysis)."""

    @property
    def routes(self) -> Sequence[Route]:
        """The routes served."""
        ...

    @property
    def models(self) -> Sequence[Model]:
        """The models the routes' bodies refer to."""
        ...


def compare(base: Api, head: Api) -> list[ApiChange]:
    """The changes from ``base``'s routes to ``head``'s, breaking first."""
    old, new = _endpoints(base.routes), _endpoints(head.routes)
    served = {path for _, path in new}
    sides = _Sides(base, head)
    changes: list[ApiChange] = []
    for key in sorted(old.keys() | new.keys()):
        for before, after in zip_longest(old.get(key, ()), new.get(key, ())):
            if after is None:
                changes.append(_removed(before, path_remains=key[1] in served))
            elif before is None:
                changes.append(_change("endpoint-added", SAFE, after, "endpoint added"))
            else:
                changes.extend(_route_changes(before, after, sides))
    return sorted(changes, key=ApiChange.sort_key)


def endpoint_key(route: Route) -> tuple[str, str]:
    """The method and the path with its parameters' names erased: what a client calls."""
    return path_key(str(route.method), route.path)


def path_key(method: str, path: str) -> tuple[str, str]:
    """:func:`endpoint_key` of a method and a path (those of an :class:`~docgen.model.apidiff.ApiChange`)."""
    return method, _PLACEHOLDER.sub("{}", path)


def _endpoints(routes: Sequence[Route]) -> dict[tuple[str, str], list[Route]]:
    """Routes by endpoint key, in catalog order (a key served twice pairs in that order)."""
    grouped: dict[tuple[str, str], list[Route]] = defaultdict(list)
    for route in routes:
        grouped[endpoint_key(route)].append(route)
    return grouped


class _Sides:
    """The models of both catalogs, by id, to read the properties of bodies."""

    def __init__(self, base: Api, head: Api) -> None:
        self.base = ModelIndex(base.models)
        self.head = ModelIndex(head.models)


def _change(rule: str, level: ChangeLevel, route: Route, message: str) -> ApiChange:
    return ApiChange(
        rule=rule, level=level, method=str(route.method), path=route.path, message=message, location=route.location
    )


def _removed(route: Route, *, path_remains: bool) -> ApiChange:
    """An endpoint gone from head: breaking unless it was deprecated first."""
    if route.deprecated:
        return _change("endpoint-removed", POTENTIALLY, route, "deprecated endpoint removed")
    if path_remains:
        return _change("api-removed-without-deprecation", BREAKING, route, "endpoint removed without deprecation")
    return _change("api-path-removed-without-deprecation", BREAKING, route, "path removed without deprecation")


def _route_changes(before: Route, after: Route, sides: _Sides) -> Iterator[ApiChange]:
    """Every change of one endpoint present on both sides."""
    if before.deprecated != after.deprecated:
        if after.deprecated:
            yield _change("endpoint-deprecated", SAFE, after, "endpoint deprecated")
        else:
            yield _change("endpoint-reactivated", SAFE, after, "endpoint no longer deprecated")
    yield from _path_params(before, after, sides)
    yield from _other_params(before, after, sides)
    yield from _body(before, after, sides)
    yield from _responses(before, after, sides)
    yield from _auth(before, after)


def _path_params(before: Route, after: Route, sides: _Sides) -> Iterator[ApiChange]:
    """Path parameters pair by position: a new name at the same place is a rename."""
    old_names = [m[0][1:-1] for m in _PLACEHOLDER.finditer(before.path)]
    new_names = [m[0][1:-1] for m in _PLACEHOLDER.finditer(after.path)]
    old_params = {p.name: p for p in before.params if p.in_ is ParamLocation.PATH}
    new_params = {p.name: p for p in after.params if p.in_ is ParamLocation.PATH}
    for old, new in zip(old_names, new_names, strict=True):  # equal keys: same number of placeholders
        if old != new:
            yield _change("request-path-parameter-renamed", SAFE, after, f"path parameter `{old}` renamed to `{new}`")
        if old in old_params and new in new_params:
            yield from _type_change(old_params[old], new_params[new], after, sides)


def _other_params(before: Route, after: Route, sides: _Sides) -> Iterator[ApiChange]:
    """Query, header and cookie parameters, matched by name."""
    old = {p.name: p for p in before.params if p.in_ is not ParamLocation.PATH}
    new = {p.name: p for p in after.params if p.in_ is not ParamLocation.PATH}
    for name in sorted(old.keys() - new.keys()):
        p = old[name]
        yield _change("request-parameter-removed", POTENTIALLY, after, f"{p.in_} parameter `{name}` removed")
    for name in sorted(new.keys() - old.keys()):
        p = new[name]
        if p.required:
            yield _change(
                "new-required-request-parameter", BREAKING, after, f"required {p.in_} parameter `{name}` added"
            )
        else:
            yield _change("new-optional-request-parameter", SAFE, after, f"optional {p.in_} parameter `{name}` added")
    for name in sorted(old.keys() & new.keys()):
        a, b = old[name], new[name]
        if a.in_ != b.in_:
            message = f"parameter `{name}` moved from {a.in_} to {b.in_}"
            yield _change("request-parameter-location-changed", BREAKING, after, message)
        if b.required and not a.required:
            yield _change(
                "request-parameter-became-required", BREAKING, after, f"{b.in_} parameter `{name}` became required"
            )
        elif a.required and not b.required:
            yield _change(
                "request-parameter-became-optional", SAFE, after, f"{b.in_} parameter `{name}` became optional"
            )
        yield from _type_change(a, b, after, sides)


def _type_change(a: Param, b: Param, after: Route, sides: _Sides) -> Iterator[ApiChange]:
    """A parameter's type written differently (an enum's or ``Literal``'s values on both sides), its constraints."""
    where = f"{b.in_} parameter `{b.name}`"
    enums = list(parameter_enum(where, a, b, sides.base, sides.head))
    if enums or (
        enum_values(a.type, a.resolved_type, sides.base) is not None
        and enum_values(b.type, b.resolved_type, sides.head) is not None
    ):
        for rule, level, message in enums:
            yield _change(rule, level, after, message)
    elif a.type and b.type and plain(a.type) != plain(b.type):
        message = f"{where} type changed from `{a.type}` to `{b.type}`"
        yield _change("request-parameter-type-changed", BREAKING, after, message)
    old, new = normalised(a.constraints, a.type), normalised(b.constraints, b.type)
    for rule, level, message in constraint_changes(PARAMETER, where, old, new):
        yield _change(rule, level, after, message)


def _body(before: Route, after: Route, sides: _Sides) -> Iterator[ApiChange]:
    """The request body: added, removed, became required, and its properties."""
    a, b = before.request_body, after.request_body
    if a is None and b is None:
        return
    if a is None:
        assert b is not None
        rule, level, kind = (
            ("request-body-added-required", BREAKING, "required")
            if b.required
            else ("request-body-added-optional", SAFE, "optional")
        )
        yield _change(rule, level, after, f"{kind} request body added")
        return
    if b is None:
        yield _change("request-body-removed", POTENTIALLY, after, "request body removed")
        return
    if b.required and not a.required:
        yield _change("request-body-became-required", BREAKING, after, "request body became required")
    old, new = body_properties(a, sides.base), body_properties(b, sides.head)
    if old is None or new is None:
        return  # a body whose shape docgen does not know is not compared property by property
    for rule, level, message in request_properties(old, new):
        yield _change(rule, level, after, message)


def _responses(before: Route, after: Route, sides: _Sides) -> Iterator[ApiChange]:
    """Success statuses removed or added, and the properties of the success bodies on both sides."""
    old = {r.status: r for r in before.responses if r.status.startswith("2")}
    new = {r.status: r for r in after.responses if r.status.startswith("2")}
    for status in sorted(old.keys() - new.keys()):
        yield _change("response-success-status-removed", BREAKING, after, f"success status {status} removed")
    for status in sorted(new.keys() - old.keys()):
        yield _change("response-success-status-added", SAFE, after, f"success status {status} added")
    for status in sorted(old.keys() & new.keys()):
        a = model_properties(old[status].model, sides.base, old[status].resolved_type)
        b = model_properties(new[status].model, sides.head, new[status].resolved_type)
        if a is not None and b is not None:
            for rule, level, message in response_properties(a, b, status):
                yield _change(rule, level, after, message)


def _auth(before: Route, after: Route) -> Iterator[ApiChange]:
    """Authentication requirements added (clients without credentials now fail) or removed.

    A requirement is what a client must send: its security scheme when the framework declares one
    (type, HTTP scheme, where an API key goes), so a renamed dependency enforcing the same scheme
    is no change; else the dependency or decorator, by kind and name.
    """
    old, new = _requirements(before), _requirements(after)
    for key in sorted(new.keys() - old.keys()):
        kind, name = new[key]
        yield _change("api-security-added", BREAKING, after, f"authentication `{name}` ({kind}) required")
    for key in sorted(old.keys() - new.keys()):
        kind, name = old[key]
        yield _change("api-security-removed", SAFE, after, f"authentication `{name}` ({kind}) no longer required")


def _requirements(route: Route) -> dict[tuple[str, ...], tuple[str, str]]:
    """Each requirement of the route, by what identifies it (see :func:`_auth`), with a kind and name to show."""
    found: dict[tuple[str, ...], tuple[str, str]] = {}
    for auth in sorted(route.auth, key=lambda a: (a.kind, a.name)):
        scheme = auth.scheme
        if scheme is not None:
            key: tuple[str, ...] = (
                "scheme",
                scheme.type,
                scheme.scheme or "",
                scheme.location or "",
                scheme.parameter or "",
            )
        else:
            key = ("dependency", auth.kind, auth.name)
        found.setdefault(key, (auth.kind, auth.name))
    return found

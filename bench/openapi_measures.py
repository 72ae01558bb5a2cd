"""What is compared per OpenAPI operation: one extractor and one difference classifier per measure.

Each measure reads a comparable value from an operation (``Op``: the operation, its path item and
the document its ``$ref``s resolve in). Two matched operations agree on a measure when the values
are equal (``param types``: when every parameter both sides have has the same schema shape). A
disagreement is put under one or more kinds (``docgen lacks header param``, ``array vs object``,
...) with a short detail, so the report can group like differences. ``bench/openapi_score.py``
matches the operations and computes the ratios; ``bench/openapi_shape.py`` owns schema shapes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from crosscheck import operation_params, resolve_ref
from openapi_shape import Shape, differences, shape, summary

Json = dict[str, Any]
Diff = tuple[str, str]  # (kind, detail)


@dataclass(frozen=True, slots=True)
class Op:
    """One operation of a document: ``op`` under ``item`` (its path item), refs resolved in ``doc``."""

    method: str
    path: str
    op: Json
    item: Json
    doc: Json


def _params(o: Op) -> frozenset[tuple[str, str, bool]]:
    return operation_params(o.doc, o.item, o.op)


def _param_types(o: Op) -> dict[tuple[str, str], Shape]:
    out: dict[tuple[str, str], Shape] = {}
    for raw in [*o.item.get("parameters", []), *o.op.get("parameters", [])]:
        p = resolve_ref(o.doc, raw)
        schema = p.get("schema")
        if schema is None and isinstance(p.get("content"), dict) and p["content"]:
            schema = (p["content"][_preferred(p["content"])] or {}).get("schema")
        out[str(p.get("name", "")), str(p.get("in", ""))] = shape(schema, o.doc)
    return out


def _preferred(content: Json) -> str:
    """The media type compared: JSON when offered, else the first in sorted order."""
    return "application/json" if "application/json" in content else sorted(content)[0]


def _body(o: Op) -> Json | None:
    body = o.op.get("requestBody")
    return resolve_ref(o.doc, body) if isinstance(body, dict) else None


def _content_shape(o: Op, holder: Json | None) -> Shape | None:
    content = (holder or {}).get("content")
    if not isinstance(content, dict) or not content:
        return None
    return shape((content[_preferred(content)] or {}).get("schema"), o.doc)


def _success(o: Op) -> list[str]:
    return sorted(str(s) for s in (o.op.get("responses") or {}) if str(s).startswith("2"))


def _other_statuses(o: Op) -> list[str]:
    """The documented statuses that are not successes (422s, 404s, ``4XX``, ``default``)."""
    return sorted(str(s) for s in (o.op.get("responses") or {}) if not str(s).startswith("2"))


def _response_shape(o: Op) -> Shape | None:
    codes = _success(o)
    if not codes:
        return None
    response = resolve_ref(o.doc, (o.op.get("responses") or {}).get(codes[0]) or {})
    return _content_shape(o, response)


def _requirements(o: Op) -> list[Json]:
    found = o.op.get("security", o.doc.get("security"))
    return [r for r in found or [] if isinstance(r, dict)]


def _schemes(o: Op) -> frozenset[str]:
    """The types of the schemes the operation's requirements name: ``http bearer``, ``apiKey header``,
    ``oauth2``, ``openIdConnect``, ``mutualTLS`` (``undefined`` when the name has no scheme)."""
    defined = (o.doc.get("components") or {}).get("securitySchemes") or {}
    out = set()
    for requirement in _requirements(o):
        for name in requirement:
            scheme = resolve_ref(o.doc, defined.get(name) or {})
            kind = str(scheme.get("type") or "undefined")
            if kind == "http":
                kind += f" {str(scheme.get('scheme', '')).lower()}"
            elif kind == "apiKey":
                kind += f" {scheme.get('in', '')}"
            out.add(kind)
    return frozenset(out)


# --- difference kinds -------------------------------------------------------------------------


def _params_diff(t: frozenset[tuple[str, str, bool]], d: frozenset[tuple[str, str, bool]]) -> list[Diff]:
    tn = {(n, w): r for n, w, r in t}
    dn = {(n, w): r for n, w, r in d}
    out = [(f"docgen lacks {w} param", n) for n, w in sorted(tn.keys() - dn.keys())]
    out += [(f"docgen has extra {w} param", n) for n, w in sorted(dn.keys() - tn.keys())]
    for n, w in sorted(tn.keys() & dn.keys()):
        if tn[n, w] != dn[n, w]:
            out.append((f"{w} param required in {'truth' if tn[n, w] else 'docgen'} only", n))
    return out


def _param_types_agree(t: dict[tuple[str, str], Shape], d: dict[tuple[str, str], Shape]) -> bool:
    return all(t[k] == d[k] for k in t.keys() & d.keys())


def _param_types_diff(t: dict[tuple[str, str], Shape], d: dict[tuple[str, str], Shape]) -> list[Diff]:
    out = []
    for key in sorted(t.keys() & d.keys()):
        for kind, where, detail in differences(t[key], d[key]):
            out.append((f"{key[1]} param: {kind}", f"{key[0]}{where}{': ' + detail if detail else ''}"))
    return out


def _shape_diff(t: Shape | None, d: Shape | None) -> list[Diff]:
    return [(kind, ": ".join(x for x in (where, detail) if x)) for kind, where, detail in differences(t, d)]


def _presence_diff(t: bool, d: bool) -> list[Diff]:
    return [("body in truth only" if t else "body in docgen only", "")]


def _value_diff(what: str) -> Callable[[Any, Any], list[Diff]]:
    def diff(t: Any, d: Any) -> list[Diff]:
        if t in (None, "", [], False, frozenset()):
            return [(f"{what} in docgen only", f"docgen {d!r}")]
        if d in (None, "", [], False, frozenset()):
            return [(f"docgen lacks {what}", f"truth {t!r}")]
        if isinstance(t, list) and sorted(t) == sorted(d):
            return [(f"{what} order differs", f"truth {t!r} / docgen {d!r}")]
        return [(f"{what} differs", f"truth {t!r} / docgen {d!r}")]

    return diff


def _pair_diff(t: Any, d: Any) -> list[Diff]:
    return [(f"truth {_brief(t)} vs docgen {_brief(d)}", "")]


def _brief(value: Any) -> str:
    if isinstance(value, frozenset | list | tuple):
        return "[" + ",".join(sorted(map(str, value))) + "]"
    return str(value)


@dataclass(frozen=True, slots=True)
class Measure:
    """A measure: the value read from an operation, when two values agree, and how they differ."""

    name: str
    read: Callable[[Op], Any]
    diff: Callable[[Any, Any], list[Diff]]
    agree: Callable[[Any, Any], bool] = lambda t, d: bool(t == d)
    show: Callable[[Any], str] = str


_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def _operation_id(o: Op) -> str | None:
    """The operationId, a route's shared one read as this operation's own.

    FastAPI names every operation of a route with several methods after one of them,
    ``list(route.methods)[0]`` of a set, whose order changes with the process's hash seed: the
    same id on each (a duplicate OpenAPI forbids). That id ends in ``_<method>`` for a method of the
    path item; it is read with this operation's method instead, as a unique id would have it.
    """
    given = o.op.get("operationId")
    if not isinstance(given, str):
        return None
    own = o.method.lower()
    shared = [m for m in _METHODS if m != own and (o.item.get(m) or {}).get("operationId") == given]
    for method in (m for m in _METHODS if shared and given.endswith(f"_{m}")):
        return f"{given[: -len(method)]}{own}"
    return given


def _media(o: Op) -> tuple[str, ...]:
    content = (_body(o) or {}).get("content")
    return tuple(sorted(content)) if isinstance(content, dict) else ()


MEASURES: tuple[Measure, ...] = (
    Measure("params", _params, _params_diff),
    Measure("param types", _param_types, _param_types_diff, _param_types_agree),
    Measure("body presence", lambda o: _body(o) is not None, _presence_diff),
    Measure("body media", _media, _pair_diff),
    Measure("body schema", lambda o: _content_shape(o, _body(o)), _shape_diff, show=summary),
    Measure("success status", _success, _pair_diff),
    Measure("response schema", _response_shape, _shape_diff, show=summary),
    Measure("other statuses", _other_statuses, _pair_diff),
    Measure("security", lambda o: any(_requirements(o)), _value_diff("security requirement")),
    Measure("security schemes", _schemes, _pair_diff),
    Measure("tags", lambda o: list(o.op.get("tags") or []), _value_diff("tags")),
    Measure("operationId", _operation_id, _value_diff("operationId")),
    Measure("summary", lambda o: o.op.get("summary"), _value_diff("summary")),
    Measure("deprecated", lambda o: bool(o.op.get("deprecated")), _value_diff("deprecated")),
)
"""The measures, in report order (the names are the report's row labels)."""

"""The structural shape of a JSON Schema inside an OpenAPI document, and the first way two differ.

``shape(schema, doc)`` turns a schema into a canonical, name-free form, so that docgen's schema
and the framework's compare equal when a client would see the same structure. What it keeps:

* ``type``: the sorted list of JSON types, ``"null"`` taken out (``type: [X, "null"]`` and
  OpenAPI 3.0 ``nullable: true`` become ``nullable``);
* ``nullable``: True when null is allowed (also ``anyOf``/``oneOf`` with a ``{"type": "null"}``
  member, which is read as the nullable other member, and a ``None`` enum value);
* ``properties``: per property name, its ``required`` flag (from the object's ``required`` list)
  and its shape;
* ``additional``: the shape of ``additionalProperties`` when it is a non-empty schema, or
  ``"closed"`` when it is ``false`` (``true``, ``{}`` and absent are all omitted);
* ``items`` (the shape of an array's items) and ``prefix`` (``prefixItems``, or 3.0 list
  ``items``);
* ``enum``: the sorted JSON texts of the values (``const`` counts as a one-value enum);
* ``anyOf`` / ``oneOf`` / ``allOf``: the sorted shapes of the members; one member left (after null
  is taken out) stands for the schema itself;
* ``$ref``: resolved in ``doc`` (``#/...`` pointers, chains followed, sibling keywords overlaid on
  the target) and replaced by the target's shape, so component names never matter; a reference to a
  schema already being expanded becomes ``{"recursive": n}`` (n = how many references up the cycle
  closes), a reference to nothing becomes ``{"unresolved": ref}``, and expansion deeper than
  ``MAX_DEPTH`` references becomes ``{"deep": true}``.

Everything else is ignored: ``title``, ``description``, ``examples``/``example``, ``default``,
``format``, validation constraints (``minimum``, ``maxLength``, ``pattern``, ...), ``readOnly``,
``writeOnly``, ``deprecated``, ``discriminator``, ``not``, ``x-*`` extensions. An empty shape
``{}`` means "any JSON value".

``differences(truth, docgen)`` lists the structural differences of two shapes as (kind, where,
detail) triples: the kind groups like differences across operations (``array vs object``,
``nullable in docgen only``, ``properties missing in docgen``), ``where`` is the spot inside the
schema (``.results[].state``: property ``results``, its items, their property ``state``), the
detail shows both sides briefly.
"""

from __future__ import annotations

import json
from typing import Any

Json = dict[str, Any]
Shape = dict[str, Any]
Found = tuple[str, str, str]  # (kind, where, detail)

MAX_DEPTH = 40
_COMBINATORS = ("anyOf", "oneOf", "allOf")
_OWN_KEYS = ("type", "properties", "additional", "items", "prefix", "enum", *_COMBINATORS)
NULL: Shape = {"nullable": True}


def pointer(doc: Json, ref: str) -> Any:
    """The value a local ``#/a/b`` reference points to in ``doc``, None when there is none."""
    if not ref.startswith("#"):
        return None
    target: Any = doc
    for part in ref[1:].lstrip("/").split("/") if ref != "#" else []:
        key = part.replace("~1", "/").replace("~0", "~")
        if not isinstance(target, dict) or key not in target:
            return None
        target = target[key]
    return target


def shape(schema: Any, doc: Json, stack: tuple[str, ...] = ()) -> Shape:
    """The canonical structural form of ``schema`` (see the module docstring)."""
    if schema is False:
        return {"never": True}
    if not isinstance(schema, dict):
        return {}
    ref = schema.get("$ref")
    if isinstance(ref, str):
        if ref in stack:
            return {"recursive": len(stack) - stack.index(ref)}
        if len(stack) >= MAX_DEPTH:
            return {"deep": True}
        target = pointer(doc, ref)
        if not isinstance(target, dict):
            return {"unresolved": ref}
        siblings = {k: v for k, v in schema.items() if k != "$ref"}
        return shape({**target, **siblings}, doc, (*stack, ref))
    out: Shape = {}
    nullable = _own_parts(schema, doc, stack, out)
    for comb in _COMBINATORS:
        members = schema.get(comb)
        if not isinstance(members, list):
            continue
        shapes = [shape(m, doc, stack) for m in members]
        kept = [s for s in shapes if s != NULL]
        nullable |= len(kept) < len(shapes)
        if len(kept) == 1 and not any(k in out for k in _OWN_KEYS):
            single = dict(kept[0])
            nullable |= bool(single.pop("nullable", False))
            out.update(single)
        elif kept:
            out[comb] = sorted(kept, key=_text)
    if nullable:
        out["nullable"] = True
    return out


def _own_parts(schema: Json, doc: Json, stack: tuple[str, ...], out: Shape) -> bool:
    """Fill ``out`` with the schema's own structural keywords; return whether it allows null."""
    raw = schema.get("type")
    types = [raw] if isinstance(raw, str) else [t for t in raw or [] if isinstance(t, str)]
    nullable = "null" in types or schema.get("nullable") is True
    if kept := sorted({t for t in types if t != "null"}):
        out["type"] = kept
    properties = schema.get("properties")
    if isinstance(properties, dict):
        required = set(schema.get("required") or [])
        out["properties"] = {
            name: {"required": name in required, "schema": shape(sub, doc, stack)}
            for name, sub in sorted(properties.items())
        }
    extra = schema.get("additionalProperties")
    if extra is False:
        out["additional"] = "closed"
    elif isinstance(extra, dict) and extra:
        out["additional"] = shape(extra, doc, stack)
    items = schema.get("items")
    if isinstance(items, dict):
        out["items"] = shape(items, doc, stack)
    prefix = schema.get("prefixItems", items if isinstance(items, list) else None)
    if isinstance(prefix, list):
        out["prefix"] = [shape(s, doc, stack) for s in prefix]
    values = schema.get("enum", [schema["const"]] if "const" in schema else None)
    if isinstance(values, list):
        nullable |= None in values
        out["enum"] = sorted(json.dumps(v, sort_keys=True) for v in values if v is not None)
    return nullable


def _text(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


# --- differences ------------------------------------------------------------------------------


def describe(s: Shape | None) -> str:
    """The outermost sort of a shape: ``object``, ``array``, ``enum``, ``anyOf``, ``any``, ..."""
    if s is None:
        return "no schema"
    for key in ("recursive", "unresolved", "deep", "never", "enum", *_COMBINATORS):
        if key in s:
            return "cycle" if key == "recursive" else key
    if "type" in s:
        return "|".join(s["type"])
    if "properties" in s:
        return "untyped object"
    if "items" in s:
        return "untyped array"
    return "any"


def summary(s: Shape | None, depth: int = 2) -> str:
    """A short text of a shape: ``array[object{id,name}]``, ``string?`` (nullable), ``enum[3]``."""
    if s is None:
        return "none"
    text = describe(s)
    if "enum" in s:
        text = f"enum[{','.join(s['enum'][:4])}{',…' if len(s['enum']) > 4 else ''}]"
    elif "properties" in s:
        names = list(s["properties"])
        text = f"{text}{{{','.join(names[:5])}{',…' if len(names) > 5 else ''}}}" if depth else f"{text}{{…}}"
    elif "items" in s:
        text = f"{text}[{summary(s['items'], depth - 1) if depth else '…'}]"
    elif any(c in s for c in _COMBINATORS):
        comb = next(c for c in _COMBINATORS if c in s)
        text = f"{comb}[{','.join(summary(m, depth - 1) for m in s[comb])}]" if depth else f"{comb}[…]"
    elif "additional" in s and s["additional"] != "closed":
        text = f"{text}{{str: {summary(s['additional'], depth - 1)}}}"
    return text + ("?" if s.get("nullable") else "")


def difference(t: Shape | None, d: Shape | None, where: str = "") -> Found | None:
    """The first structural difference of two shapes, None when they are equal."""
    found = differences(t, d, where)
    return found[0] if found else None


def differences(t: Shape | None, d: Shape | None, where: str = "") -> list[Found]:
    """Every structural difference of two shapes as (kind, where, detail), outermost first; below a
    spot whose sort differs (``array vs object``) nothing more is compared."""
    if t == d:
        return []
    detail = f"truth {summary(t)} / docgen {summary(d)}"
    if t is None or d is None:
        if t == {} or d == {}:
            return [
                (
                    "truth any JSON, docgen no content" if d is None else "truth no content, docgen any JSON",
                    where,
                    detail,
                )
            ]
        return [("docgen has no schema" if d is None else "truth has no schema", where, detail)]
    if describe(t) != describe(d):
        return [(f"{describe(t)} vs {describe(d)}", where, detail)]
    out: list[Found] = []
    if t.get("type") != d.get("type"):  # an enum or a union typed on one side only
        types = ["|".join(s.get("type") or ["untyped"]) for s in (t, d)]
        out.append((f"{describe(t)} typed {types[0]} vs {types[1]}", where, detail))
    if t.get("nullable", False) != d.get("nullable", False):
        out.append(("nullable in truth only" if t.get("nullable") else "nullable in docgen only", where, detail))
    if t.get("enum") != d.get("enum"):
        out.append(("enum values differ", where, detail))
    out += _properties_differences(t.get("properties") or {}, d.get("properties") or {}, where)
    for key, step in (("items", "[]"), ("additional", "{}")):
        a, b = t.get(key), d.get(key)
        if a == b:
            continue
        if isinstance(a, dict) and isinstance(b, dict):
            out += differences(a, b, where + step)
        else:
            label = {"items": "items", "additional": "additionalProperties"}[key]
            texts = ["false" if x == "closed" else "absent" if x is None else summary(x) for x in (a, b)]
            out.append((f"{label}: truth {texts[0]} vs docgen {texts[1]}", where + step, ""))
    for key in ("prefix", *_COMBINATORS):
        a, b = list(t.get(key) or []), list(d.get(key) or [])
        if a == b:
            continue
        if len(a) != len(b):
            out.append((f"{key} member count differs", where, detail))
            continue
        pairs = list(zip(a, b, strict=True)) if key == "prefix" else _paired(a, b)
        for i, (x, y) in enumerate(pairs):
            out += differences(x, y, f"{where}.{key}[{i}]")
    return out or [("other", where, detail)]


def _paired(a: list[Shape], b: list[Shape]) -> list[tuple[Shape, Shape]]:
    """Union members paired for comparison: members both sides have are set aside, then each truth
    member goes with the first docgen member of the same sort (``object`` with ``object``), the
    rest in order."""
    a, b = [x for x in a if x not in b], [y for y in b if y not in a]
    pairs = []
    for x in list(a):
        y = next((y for y in b if describe(y) == describe(x)), None)
        if y is not None:
            pairs.append((x, y))
            a.remove(x)
            b.remove(y)
    return pairs + list(zip(a, b, strict=False))


def _properties_differences(t: Json, d: Json, where: str) -> list[Found]:
    out: list[Found] = []
    for kind, names in (("missing in docgen", t.keys() - d.keys()), ("extra in docgen", d.keys() - t.keys())):
        listed = sorted(names)
        if listed:
            out.append((f"properties {kind}", where, ", ".join(listed[:6]) + (" …" if len(listed) > 6 else "")))
    for name in sorted(t.keys() & d.keys()):
        if t[name]["required"] != d[name]["required"]:
            out.append((f"required in {'truth' if t[name]['required'] else 'docgen'} only", f"{where}.{name}", ""))
        out += differences(t[name]["schema"], d[name]["schema"], f"{where}.{name}")
    return out

"""Mermaid ER diagrams of the models of one page, built from sanitised identifiers only.

Diagram text goes verbatim into a fenced block, so every name in it is reduced to
``[A-Za-z0-9_]``: nothing from the analysed code can inject Mermaid directives, HTML or
template syntax.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from docgen.model import Model, RelationKind
from docgen.render.er_edges import Edge, relation_edges
from docgen.render.er_types import python_type
from docgen.render.sanitize import is_inert

MAX_FIELDS = 12
"""Columns shown per entity; the fields table on the page has them all."""

SPLIT_AT = 30
"""A whole-schema diagram of more entities is drawn one app at a time (when there are several)."""

_memo: list[tuple[object, list[Edge]]] = []


def identifier(text: str, fallback: str = "x") -> str:
    """``text`` reduced to a Mermaid-safe identifier (letters, digits, underscores)."""
    cleaned = re.sub(r"[^A-Za-z0-9_]+", "_", text).strip("_")[:60]
    if not cleaned:
        return fallback
    return cleaned if cleaned[0].isalpha() else f"{fallback}_{cleaned}"


def er_diagram(models: Iterable[Model], all_models: Iterable[Model], *, related_only: bool = False) -> str | None:
    """An ``erDiagram`` of ``models``, the models they relate to and those relations, or None without any.

    Each relationship is one edge (see :mod:`docgen.render.er_edges`), whichever of the two
    models declares it. With ``related_only``, models without any relation are left out (the
    whole-codebase view).
    """
    page_models = list(models)
    known = {m.id: m for m in all_models}
    ids = {m.id for m in page_models}
    edges = [e for e in _edges(all_models, known) if e.source in ids or e.target in ids]
    if not edges:
        return None
    shown: dict[str, Model] = {m.id: m for m in page_models if not related_only}
    for edge in edges:
        for end in (edge.source, edge.target):
            if end in known:
                shown.setdefault(end, known[end])
    return _text(shown.values(), edges, known)


def module_diagrams(models: Iterable[Model], all_models: Iterable[Model]) -> dict[str, Any]:
    """A module page's diagrams: ``diagram`` (all its models) and ``neighbourhoods`` (model id → text)."""
    page = list(models)
    diagram = er_diagram(page, all_models)
    return {"diagram": diagram, "neighbourhoods": neighbourhood_diagrams(page, all_models, diagram)}


def neighbourhood_diagrams(
    models: Iterable[Model], all_models: Iterable[Model], page_diagram: str | None = None
) -> dict[str, str]:
    """Per model, the diagram of it and its direct neighbours (model id → text).

    A neighbourhood that is the whole ``page_diagram`` (one related model on the page, or two
    related only to each other) is left out: the page's diagram shows it already.
    """
    diagrams = {m.id: er_diagram([m], all_models) for m in models}
    return {model_id: text for model_id, text in diagrams.items() if text is not None and text != page_diagram}


def schema_diagrams(models: Iterable[Model], all_models: Iterable[Model]) -> list[tuple[str, str]]:
    """The whole-codebase diagram of ``models`` as ``(app, text)`` pairs.

    One pair with an empty app while it draws at most :data:`SPLIT_AT` entities, or when its
    models are all of one app; beyond that, one diagram per app (see :func:`app_of`), each with
    the models of other apps its models relate to.
    """
    database = list(models)
    whole = er_diagram(database, all_models, related_only=True)
    if whole is None:
        return []
    by_app: dict[str, list[Model]] = {}
    for model in sorted(database, key=lambda m: m.id):
        by_app.setdefault(app_of(model.module), []).append(model)
    if whole.count(" {\n") <= SPLIT_AT or len(by_app) == 1:
        return [("", whole)]
    parts = ((app, er_diagram(group, all_models, related_only=True)) for app, group in sorted(by_app.items()))
    return [(app, text) for app, text in parts if text is not None]


def app_of(module: str) -> str:
    """The app a models module belongs to: the package above its ``models`` module or package.

    ``shop.models`` and ``shop.models.orders`` are ``shop`` (a Django app, a Flask blueprint's
    package); a module outside any ``models`` package is its own app.
    """
    parts = module.split(".")
    return ".".join(parts[: parts.index("models")]) if "models" in parts[1:] else module


def _edges(all_models: Iterable[Model], known: dict[str, Model]) -> list[Edge]:
    """The edges of every model (computed once for the same sequence of models)."""
    if _memo and _memo[0][0] is all_models:
        return _memo[0][1]
    edges = relation_edges(known.values())
    _memo[:] = [(all_models, edges)]
    return edges


def _text(shown: Iterable[Model], edges: list[Edge], known: dict[str, Model]) -> str | None:
    entities = []
    for model in sorted(shown, key=lambda m: m.id):
        columns = _columns(model, known)
        if not columns:
            continue
        entities.append(f"    {identifier(model.name, 'Model')} {{")
        entities += [f"        {column}" for column in columns[:MAX_FIELDS]]
        entities.append("    }")
    lines = [f"    {_name(e.source, known)} {e.arrow} {_name(e.target, known)} : {identifier(e.label)}" for e in edges]
    text = "\n".join(["erDiagram", *entities, *lines])
    return text if is_inert(text) else None


def _name(model_id: str, known: dict[str, Model]) -> str:
    model = known.get(model_id)
    return identifier(model.name if model else model_id.rsplit(".", 1)[-1], "Model")


def _columns(model: Model, known: dict[str, Model]) -> list[str]:
    """``type name KEYS`` per field; relationship attributes (no column: the edge shows them) left out."""
    relations = {r.field: r for r in model.relations if r.kind is not RelationKind.REVERSE}
    columns = []
    for field in model.fields:
        relation = relations.get(field.name)
        if relation is not None and relation.kind is RelationKind.RELATIONSHIP:
            continue
        target = known.get(relation.target) if relation is not None else None
        keys = []
        if field.constraints.get("primary_key") == "True":
            keys.append("PK")
        if relation is not None and relation.kind in (RelationKind.FOREIGN_KEY, RelationKind.ONE_TO_ONE):
            keys.append("FK")
        if field.constraints.get("unique") == "True" and "PK" not in keys:
            keys.append("UK")
        target_name = target.name if target is not None else None
        if relation is not None and target is None:  # a model outside the tree (django.contrib.auth's User)
            target_name = identifier(relation.target.strip("'\"").rsplit(".", 1)[-1], "Model")
        type_text = python_type(field, target_name)
        columns.append(" ".join([type_text, identifier(field.name), ", ".join(keys)]).rstrip())
    return columns

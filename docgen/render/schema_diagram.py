"""Mermaid ER diagrams of the models of one page, built from sanitised identifiers only.

Diagram text goes verbatim into a fenced block, so every name in it is reduced to
``[A-Za-z0-9_]``: nothing from the analysed code can inject Mermaid directives, HTML or
template syntax.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from docgen.model import Model, RelationKind
from docgen.render.sanitize import is_inert

MAX_FIELDS = 12
"""Fields shown per entity; the fields table on the page has them all."""

_CARDINALITY = {
    RelationKind.FOREIGN_KEY: "}o--||",
    RelationKind.ONE_TO_ONE: "|o--||",
    RelationKind.MANY_TO_MANY: "}o--o{",
    RelationKind.RELATIONSHIP: "}o--o{",
    RelationKind.NESTED: "}o--o|",
}


def identifier(text: str, fallback: str = "x") -> str:
    """``text`` reduced to a Mermaid-safe identifier (letters, digits, underscores)."""
    cleaned = re.sub(r"[^A-Za-z0-9_]+", "_", text).strip("_")[:60]
    if not cleaned:
        return fallback
    return cleaned if cleaned[0].isalpha() else f"{fallback}_{cleaned}"


def er_diagram(models: Iterable[Model], all_models: Iterable[Model], *, related_only: bool = False) -> str | None:
    """An ``erDiagram`` of ``models`` and the models they relate to, or None without relations.

    With ``related_only``, models without any relation are left out (the whole-codebase view).
    """
    page_models = list(models)
    known = {m.id: m for m in all_models}
    lines: list[str] = []
    shown: dict[str, Model] = {m.id: m for m in page_models if not related_only or m.relations}
    for model in page_models:
        for relation in sorted(model.relations, key=lambda r: (r.field, r.target)):
            if relation.kind is RelationKind.REVERSE:
                continue  # the source model's relation draws the line
            target = known.get(relation.target)
            if target is not None:
                shown.setdefault(target.id, target)
            target_name = identifier(target.name if target else relation.target.rsplit(".", 1)[-1], "Model")
            arrow = _CARDINALITY.get(relation.kind, "}o--o|")
            lines.append(f"    {identifier(model.name, 'Model')} {arrow} {target_name} : {identifier(relation.field)}")
    if not lines:
        return None
    entities = []
    for model in sorted(shown.values(), key=lambda m: m.id):
        if not model.fields:
            continue
        entities.append(f"    {identifier(model.name, 'Model')} {{")
        for field in model.fields[:MAX_FIELDS]:
            entities.append(f"        {identifier(_base_type(field.type), 't')} {identifier(field.name)}")
        entities.append("    }")
    text = "\n".join(["erDiagram", *entities, *lines])
    return text if is_inert(text) else None


def _base_type(type_text: str) -> str:
    """The outermost type name (``Optional[int]`` → ``Optional``), for the diagram's type column."""
    match = re.match(r"\s*([A-Za-z_][A-Za-z0-9_.]*)", type_text or "")
    return match.group(1).rsplit(".", 1)[-1] if match else "any"

"""Reverse relations: the accessor a model's relation gives the model it points to, added to that model.

Extractors say in a forward relation which name the target model gets (``Relation.opposite``:
Django's ``related_name`` or ``<model>_set``, SQLAlchemy's ``backref``); this pass, run once over
every model found, gives the target a ``reverse`` relation of that name pointing back at the
source model, whatever the framework. The accessor is not one of the target's fields: the ORM adds
it at runtime and it has no column of its own.
"""

from __future__ import annotations

from dataclasses import replace

from docgen.model import Model, Relation, RelationKind


def with_reverse_relations(models: list[Model]) -> list[Model]:
    """``models`` with the reverse relations their forward relations give the models they point to.

    Several models giving one target the same accessor share one relation by inheritance (the ORMs
    reject two unrelated ones): it comes from the model the others inherit it from, the one whose
    fields they all have. A name the target already has as a field or relation (SQLAlchemy's
    ``back_populates``, declared on both sides) is not added again. A model's reverse relations
    follow its own, ordered by source model and field.
    """
    by_id = {m.id: m for m in models}
    claims: dict[tuple[str, str], list[tuple[Model, Relation]]] = {}
    for model in models:
        for relation in model.relations:
            if relation.target in by_id and relation.opposite and relation.kind is not RelationKind.REVERSE:
                claims.setdefault((relation.target, relation.opposite), []).append((model, relation))
    added: dict[str, list[Relation]] = {}
    for (target_id, accessor), claimants in claims.items():
        target = by_id[target_id]
        if accessor in {f.name for f in target.fields} | {r.field for r in target.relations}:
            continue
        source, relation = _base_of(claimants)
        added.setdefault(target_id, []).append(
            Relation(kind=RelationKind.REVERSE, field=accessor, target=source.id, opposite=relation.field)
        )
    for given in added.values():
        given.sort(key=lambda r: (r.target, r.opposite or ""))  # by source model and field, whatever found them
    return [replace(m, relations=m.relations + tuple(added[m.id])) if m.id in added else m for m in models]


def _base_of(claimants: list[tuple[Model, Relation]]) -> tuple[Model, Relation]:
    """The claimant whose fields every other one has (the base they inherit from), else the first.

    Of several with the same fields (a proxy and its model), the one not derived from another.
    """
    names = [{f.name for f in model.fields} for model, _ in claimants]
    bases = [c for c, own in zip(claimants, names, strict=True) if all(own <= other for other in names)]
    ids = {model.id for model, _ in bases}
    return next((c for c in bases if ids.isdisjoint(c[0].bases)), bases[0] if bases else claimants[0])

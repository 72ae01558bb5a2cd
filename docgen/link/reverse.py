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

    A relation a model inherits from a base model is the base's (it gives one accessor, to the
    base); a name the target already has as a field or relation (SQLAlchemy's ``back_populates``,
    declared on both sides) is not added again. A model's reverse relations follow its own, ordered by
    source model and field.
    """
    by_id = {m.id: m for m in models}
    added: dict[str, list[Relation]] = {}
    for model in models:
        inherited = {(r.field, r.opposite) for b in model.bases if b in by_id for r in by_id[b].relations}
        for relation in model.relations:
            target = by_id.get(relation.target)
            if (
                target is None
                or relation.kind is RelationKind.REVERSE
                or not relation.opposite
                or (relation.field, relation.opposite) in inherited
            ):
                continue
            given = added.setdefault(target.id, [])
            taken = {f.name for f in target.fields} | {r.field for r in (*target.relations, *given)}
            if relation.opposite not in taken:
                given.append(
                    Relation(
                        kind=RelationKind.REVERSE, field=relation.opposite, target=model.id, opposite=relation.field
                    )
                )
    for given in added.values():
        given.sort(key=lambda r: (r.target, r.opposite or ""))  # by source model and field, whatever found them
    return [replace(m, relations=m.relations + tuple(added[m.id])) if added.get(m.id) else m for m in models]

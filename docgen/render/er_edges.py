"""The relationships between models, one per relationship, with the cardinality the schema gives it.

An ORM declares one relationship in up to three places: the foreign key column
(``author_id = mapped_column(ForeignKey("authors.id"))``), the relationship attribute that loads
it (``author = relationship(back_populates="books")``) and the attribute on the other side
(``books = relationship(back_populates="author")``); Django's reverse accessors are a fourth. They
are one edge: the foreign key draws it (many-to-one, one-to-one when the column is unique or a
side holds one object); a relationship attribute is drawn only when no foreign key between the two
models makes it (its ``secondary`` table makes it many-to-many), and a ``back_populates`` pair once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from docgen.model import Model, ModelField, Relation, RelationKind
from docgen.render.er_types import is_column_type

_COLUMN_KINDS = frozenset({RelationKind.FOREIGN_KEY, RelationKind.ONE_TO_ONE, RelationKind.MANY_TO_MANY})
_COLLECTION = re.compile(r"^\s*(?:typing\.)?(?:list|List|set|Set|frozenset|FrozenSet|Sequence|Collection|Iterable)\[")


@dataclass(frozen=True, slots=True)
class Edge:
    """One relationship as the diagram draws it: ``source arrow target : label``.

    Attributes:
        source: Id of the model holding the key (the "many" side of a many-to-one).
        target: Id of the model it points to, or the reference as written when not found.
        arrow: Mermaid's cardinality, read from ``source`` to ``target`` (``}o--||``).
        label: The field that makes it.
    """

    source: str
    target: str
    arrow: str
    label: str


def relation_edges(models: Iterable[Model]) -> list[Edge]:
    """Every relationship between ``models``, once each, in the order of their source models and fields."""
    by_id = {m.id: m for m in models}
    edges: list[Edge] = []
    drawn_pairs: set[tuple[str, str, str]] = set()
    for model in sorted(by_id.values(), key=lambda m: m.id):
        fields = {f.name: f for f in model.fields}
        for relation in sorted(model.relations, key=lambda r: (r.field, r.target)):
            field = fields.get(relation.field)
            if relation.kind in _COLUMN_KINDS:
                edge = _column_edge(model, relation, field, by_id)
            elif relation.kind is RelationKind.RELATIONSHIP:
                edge = _relationship_edge(model, relation, field, by_id, drawn_pairs)
            elif relation.kind is RelationKind.NESTED:
                edge = Edge(model.id, relation.target, "}o--o|", relation.field)
            else:
                edge = None  # a reverse accessor: the other model's relation draws the line
            if edge is not None:
                edges.append(edge)
    return edges


def _column_edge(model: Model, relation: Relation, field: ModelField | None, by_id: Mapping[str, Model]) -> Edge | None:
    """The edge of a foreign key, one-to-one or many-to-many field."""
    if relation.kind is RelationKind.MANY_TO_MANY:
        if _through_model(field, relation, by_id):
            return None  # the association model's two foreign keys draw it
        return Edge(model.id, relation.target, "}o--o{", relation.field)
    one = (
        relation.kind is RelationKind.ONE_TO_ONE or _option(field, "unique") or _single_reverse(model, relation, by_id)
    )
    near = "|o" if one else "}o"
    far = "o|" if _nullable(field) else "||"
    return Edge(model.id, relation.target, f"{near}--{far}", relation.field)


def _relationship_edge(
    model: Model,
    relation: Relation,
    field: ModelField | None,
    by_id: Mapping[str, Model],
    drawn: set[tuple[str, str, str]],
) -> Edge | None:
    """The edge of a relationship attribute that no foreign key draws (else None)."""
    target = by_id.get(relation.target)
    partner = _partner(model, relation, target)
    if partner is not None and partner[0].kind in _COLUMN_KINDS:
        return None  # e.g. a Beanie BackLink: the Link it mirrors draws the edge
    if _option(field, "secondary") or (partner is not None and _option(partner[1], "secondary")):
        return _once(drawn, model, relation, partner, Edge(model.id, relation.target, "}o--o{", relation.field))
    if target is not None and (_keys(model, target.id) or _keys(target, model.id)):
        return None  # the foreign key between the two draws it
    many_here = _collection(field)
    many_there = partner is not None and _collection(partner[1])
    if many_here and many_there:
        arrow = "}o--o{"
    elif many_here:
        arrow = "||--o{"
    elif many_there:
        arrow = "}o--o|"
    else:
        arrow = "|o--o|" if partner is not None else "}o--o|"
    return _once(drawn, model, relation, partner, Edge(model.id, relation.target, arrow, relation.field))


def _once(
    drawn: set[tuple[str, str, str]],
    model: Model,
    relation: Relation,
    partner: tuple[Relation, ModelField | None] | None,
    edge: Edge,
) -> Edge | None:
    """``edge``, unless the other side of its ``back_populates`` pair drew it already."""
    ends = sorted([(model.id, relation.field), (relation.target, partner[0].field if partner else "")])
    key = (ends[0][0], ends[1][0], f"{ends[0][1]}|{ends[1][1]}")
    if partner is not None and key in drawn:
        return None
    drawn.add(key)
    return edge


def _partner(model: Model, relation: Relation, target: Model | None) -> tuple[Relation, ModelField | None] | None:
    """The target's relation naming this one as its other side (``back_populates``), with its field."""
    if target is None:
        return None
    for other in target.relations:
        if other.kind is RelationKind.REVERSE or other.target != model.id:
            continue
        if other.field == relation.opposite or (other.opposite and other.opposite == relation.field):
            return other, next((f for f in target.fields if f.name == other.field), None)
    return None


def _keys(model: Model, target_id: str) -> list[Relation]:
    """``model``'s foreign keys to ``target_id``."""
    return [r for r in model.relations if r.kind is RelationKind.FOREIGN_KEY and r.target == target_id]


def _single_reverse(model: Model, relation: Relation, by_id: Mapping[str, Model]) -> bool:
    """Whether the target loads this foreign key's rows as one object (``uselist=False``, a scalar ``Mapped``).

    Only when the foreign key is the one link between the two models; otherwise which
    relationship it backs is not known.
    """
    target = by_id.get(relation.target)
    if target is None or target.id == model.id or len(_keys(model, target.id)) != 1:
        return False
    fields = {f.name: f for f in target.fields}
    backs = [r for r in target.relations if r.kind is RelationKind.RELATIONSHIP and r.target == model.id]
    return len(backs) == 1 and _scalar(fields.get(backs[0].field))


def _through_model(field: ModelField | None, relation: Relation, by_id: Mapping[str, Model]) -> bool:
    """Whether a many-to-many field names an association model (``through=``) that has both foreign keys."""
    through = (field.constraints.get("through", "") if field else "").strip("'\"")
    if not through:
        return False
    name = through.rpartition(".")[2]
    found = [m for m in by_id.values() if m.id == through or m.name == name]
    return len(found) == 1 and bool(_keys(found[0], relation.target))


def _option(field: ModelField | None, name: str) -> bool:
    value = field.constraints.get(name) if field is not None else None
    return value is not None and value not in ("False", "None")


def _nullable(field: ModelField | None) -> bool:
    """Whether a key column may be empty: ``nullable=True``, Django's ``null=True``, or an optional type.

    Without ``nullable=``, a SQLAlchemy column is nullable unless its ``Mapped[...]`` annotation
    says otherwise: a classic ``Column(Integer, ForeignKey(...))`` (its type an SQL type, or none)
    is.
    """
    if field is None:
        return False
    options = field.constraints
    if "nullable" in options or "null" in options:
        return options.get("nullable", options.get("null")) == "True"
    text = field.type or ""
    if "foreign_key" in options and (not text or is_column_type(text)):
        return True
    return bool(re.search(r"\|\s*None\b|\bNone\s*\||Optional\[", text))


def _collection(field: ModelField | None) -> bool:
    """Whether a relationship attribute holds a collection (``Mapped[list[X]]``, ``uselist=True``)."""
    if field is None:
        return False
    if "uselist" in field.constraints:
        return field.constraints["uselist"] == "True"
    return bool(_COLLECTION.match(field.resolved_type or field.type or ""))


def _scalar(field: ModelField | None) -> bool:
    """Whether a relationship attribute is known to hold one object (``uselist=False`` or ``Mapped[X]``)."""
    if field is None:
        return False
    if "uselist" in field.constraints:
        return field.constraints["uselist"] == "False"
    text = field.resolved_type or field.type or ""
    return text not in ("", "relationship") and not _COLLECTION.match(text)

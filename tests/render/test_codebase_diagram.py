"""The whole-codebase ER diagram draws only database models that take part in a relation."""

from __future__ import annotations

from docgen.model import Location, Model, ModelField, ModelKind, Relation, RelationKind
from docgen.render.schema_diagram import er_diagram


def model(name: str, kind: ModelKind, relations: tuple[Relation, ...] = ()) -> Model:
    return Model(
        id=f"app.{name}",
        name=name,
        module="app",
        kind=kind,
        location=Location("app.py", 1, 1),
        fields=(ModelField(name="id", type="int"),),
        relations=relations,
    )


def test_related_only_leaves_out_models_without_relations() -> None:
    user = model("User", ModelKind.SQLALCHEMY)
    order = model(
        "Order", ModelKind.SQLALCHEMY, (Relation(kind=RelationKind.FOREIGN_KEY, field="user_id", target="app.User"),)
    )
    lonely = model("AuditLog", ModelKind.SQLALCHEMY)
    everything = [user, order, lonely]
    assert er_diagram([user, order, lonely], everything, related_only=True) == (
        "erDiagram\n"
        "    Order {\n        int id\n    }\n"
        "    User {\n        int id\n    }\n"
        "    Order }o--|| User : user_id"
    )
    assert er_diagram([lonely], everything, related_only=True) is None

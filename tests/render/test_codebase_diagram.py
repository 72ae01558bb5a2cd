"""The whole-codebase ER diagram draws only database models that take part in a relation."""

from __future__ import annotations

from docgen.model import Location, Model, ModelField, ModelKind, Relation, RelationKind
from docgen.render.schema_diagram import er_diagram


def model(name: str, kind: ModelKind, relations: tuple[Relation, ...] = ()) -> Model:
    return Model(
        f"app.{name}", name, "app", kind, Location("app.py", 1, 1), (ModelField("id", "int"),), relations=relations
    )


def test_related_only_leaves_out_models_without_relations() -> None:
    user = model("User", ModelKind.SQLALCHEMY)
    order = model("Order", ModelKind.SQLALCHEMY, (Relation(RelationKind.FOREIGN_KEY, "user_id", "app.User"),))
    lonely = model("AuditLog", ModelKind.SQLALCHEMY)
    everything = [user, order, lonely]
    assert er_diagram([user, order, lonely], everything, related_only=True) == (
        "erDiagram\n"
        "    Order {\n        int id\n    }\n"
        "    User {\n        int id\n    }\n"
        "    Order }o--|| User : user_id"
    )
    assert er_diagram([lonely], everything, related_only=True) is None

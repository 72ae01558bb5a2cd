"""The whole-codebase ER diagram draws only database models that take part in a relation."""

from __future__ import annotations

from docgen.model import Location, Model, ModelField, ModelKind, Relation, RelationKind
from docgen.render.schema_diagram import er_diagram, schema_diagrams


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


def test_a_large_schema_is_split_by_module_with_the_neighbours_of_other_modules() -> None:
    def table(module: str, name: str, target: str | None = None) -> Model:
        relations = (Relation(kind=RelationKind.FOREIGN_KEY, field="parent_id", target=target),) if target else ()
        return Model(
            id=f"{module}.{name}",
            name=name,
            module=module,
            kind=ModelKind.DJANGO,
            location=Location("app.py", 1, 1),
            fields=(ModelField(name="id", type="AutoField"),),
            relations=relations,
        )

    shop = [table("shop.models", "Shop")] + [table("shop.models", f"S{i}", "shop.models.Shop") for i in range(10)]
    blog = [table("blog.models", "Post", "shop.models.Shop")]
    blog += [table("blog.models", f"B{i}", "blog.models.Post") for i in range(10)]
    everything = shop + blog
    assert schema_diagrams(shop[:3], everything) == [("", er_diagram(shop[:3], everything, related_only=True))]
    parts = schema_diagrams(everything, everything)
    assert [module for module, _ in parts] == ["blog.models", "shop.models"]
    blog_part = parts[0][1].splitlines()
    assert sum(line.endswith(" {") for line in blog_part) == 12  # its 11 models and the Shop its Post points to
    assert sum("--" in line for line in blog_part) == 11
    assert "    Post }o--|| Shop : parent_id" in blog_part
    assert sum("--" in line for line in parts[1][1].splitlines()) == 11  # the shop's 10 and the blog's Post

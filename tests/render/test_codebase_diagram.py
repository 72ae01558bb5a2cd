"""The whole-codebase ER diagram draws only database models that take part in a relation."""

from __future__ import annotations

from docgen.model import Location, Model, ModelField, ModelKind, Relation, RelationKind
from docgen.render.schema_diagram import app_of, er_diagram, schema_diagrams


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


def test_a_large_schema_is_split_by_app_with_the_neighbours_of_other_apps() -> None:
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

    shop = [table("shop.models", "Shop")] + [table("shop.models", f"S{i}", "shop.models.Shop") for i in range(15)]
    blog = [table("blog.models.posts", "Post", "shop.models.Shop")]
    blog += [table(f"blog.models.m{i % 2}", f"B{i}", "blog.models.posts.Post") for i in range(15)]
    everything = shop + blog
    assert schema_diagrams(shop[:3], everything) == [("", er_diagram(shop[:3], everything, related_only=True))]
    parts = schema_diagrams(everything, everything)
    assert [app for app, _ in parts] == ["blog", "shop"]  # blog.models.posts, .m0 and .m1 are one app
    blog_part = parts[0][1].splitlines()
    assert sum(line.endswith(" {") for line in blog_part) == 17  # its 16 models and the Shop its Post points to
    assert sum("--" in line for line in blog_part) == 16
    assert "    Post }o--|| Shop : parent_id" in blog_part
    assert sum("--" in line for line in parts[1][1].splitlines()) == 16  # the shop's 15 and the blog's Post
    one_app = [table("big.models.a", "Hub")] + [
        table(f"big.models.m{i}", f"T{i}", "big.models.a.Hub") for i in range(40)
    ]
    assert [app for app, _ in schema_diagrams(one_app, one_app)] == [""]  # one app: one diagram, with pan and zoom


def test_the_app_of_a_models_module() -> None:
    assert [app_of(m) for m in ("shop.models", "shop.models.orders", "shop.tables", "models")] == [
        "shop",
        "shop",
        "shop.tables",
        "models",
    ]

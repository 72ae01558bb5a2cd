"""GraphQL SDL (``docgen extract --format graphql``) equal to what Strawberry and Graphene print.

The fixtures under ``graphql/`` are read, never imported; their ``.graphql`` files are the
libraries' own output for them, taken when the fixtures were written.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from docgen.cli import cli
from docgen.model import GraphQLField, GraphQLType
from docgen.render.graphql_sdl import graphql_sdl
from docgen.testing import link_sources

FIXTURES = Path(__file__).parent / "graphql"


def _sdl(name: str) -> str:
    analysis, _ = link_sources({f"{name}.py": (FIXTURES / f"{name}.py").read_text(encoding="utf-8")})
    return graphql_sdl(analysis.models)


def test_strawberry_schema_prints_as_strawberry_prints_it() -> None:
    assert _sdl("strawberry_app") == (FIXTURES / "strawberry_app.graphql").read_text(encoding="utf-8")


def test_graphene_schema_prints_as_graphene_prints_it() -> None:
    assert _sdl("graphene_app") == (FIXTURES / "graphene_app.graphql").read_text(encoding="utf-8")


def test_types_carry_what_the_schema_says() -> None:
    analysis, _ = link_sources({"app.py": (FIXTURES / "strawberry_app.py").read_text(encoding="utf-8")})
    types = {m.graphql.name: m.graphql for m in analysis.models if m.graphql is not None}
    assert types["Review"] == GraphQLType(
        name="Review",
        kind="type",
        library="strawberry",
        fields=(
            GraphQLField(name="stars", type="Int!"),
            GraphQLField(name="body", type="String", deprecation="Use text."),
            GraphQLField(name="content", type="String!", description="What the reviewer wrote,\nin full."),
        ),
    )
    assert types["Subscription"].fields == (
        GraphQLField(
            name="reviews",
            type="Review!",
            args=(GraphQLField(name="bookId", type="ID!"), GraphQLField(name="minStars", type="Int!", default="1")),
        ),
    )
    assert [(t.name, t.root) for t in types.values() if t.root] == [
        ("Mutation", "mutation"),
        ("RootQuery", "query"),
        ("Subscription", "subscription"),
    ]


def test_roots_by_name_without_a_schema_call_and_unreached_types_left_out() -> None:
    source = """
import strawberry


@strawberry.type
class Book:
    title: str


@strawberry.type
class Orphan:
    x: int


@strawberry.type
class Query:
    @strawberry.field
    def book(self, title: str = "Dune") -> Book | None:
        return None
"""
    analysis, _ = link_sources({"app.py": source})
    assert graphql_sdl(analysis.models) == (
        'type Book {\n  title: String!\n}\n\ntype Query {\n  book(title: String! = "Dune"): Book\n}\n'
    )


def test_an_unevaluated_default_stays_visible() -> None:
    source = """
import strawberry

LIMIT = compute()


@strawberry.type
class Query:
    @strawberry.field
    def books(self, limit: int = LIMIT) -> list[str]:
        return []
"""
    analysis, diagnostics = link_sources({"app.py": source})
    assert graphql_sdl(analysis.models) == "type Query {\n  books(limit: Int! = {?LIMIT}): [String!]!\n}\n"
    assert [(d.code, d.message, d.location.line if d.location else 0) for d in diagnostics if d.code == "DG904"] == [
        ("DG904", "GraphQL default {?LIMIT} could not be evaluated statically", 9)
    ]


def test_extract_format_graphql_writes_the_sdl(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text((FIXTURES / "graphene_app.py").read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "schema.graphql"
    result = CliRunner().invoke(
        cli,
        ["--isolated", "extract", str(tmp_path), "--format", "graphql", "-o", str(out)],
        env={"DOCGEN_CACHE_DIR": str(tmp_path / ".c")},
    )
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == (FIXTURES / "graphene_app.graphql").read_text(encoding="utf-8")


def test_no_schema_is_an_empty_sdl_and_a_warning(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text("x = 1\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli,
        ["--isolated", "extract", str(tmp_path), "--format", "graphql"],
        env={"DOCGEN_CACHE_DIR": str(tmp_path / ".c")},
    )
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "no Strawberry or Graphene schema types found" in result.stderr


def test_a_default_named_by_a_constant_is_its_value() -> None:
    source = """
import strawberry

PAGE = 25
ORDER = "newest"


@strawberry.type
class Query:
    @strawberry.field
    def books(self, first: int = PAGE, order: str = ORDER) -> list[str]:
        return []
"""
    analysis, diagnostics = link_sources({"app.py": source})
    assert (
        graphql_sdl(analysis.models)
        == 'type Query {\n  books(first: Int! = 25, order: String! = "newest"): [String!]!\n}\n'
    )
    assert [d.code for d in diagnostics if d.code.startswith("DG9")] == []


PAGE_SOURCE = """
import strawberry


@strawberry.type
class Book:
    title: str


@strawberry.type
class Query:
    @strawberry.field(description="Books by title.", deprecation_reason="Use search.")
    def books(self, title: str = "Dune") -> list[Book]:
        return []


schema = strawberry.Schema(query=Query)
"""


def test_the_site_has_a_graphql_page_per_operation_and_the_sdl(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "app.py").write_text(PAGE_SOURCE, encoding="utf-8")
    out = tmp_path / "docs-tree"
    result = CliRunner().invoke(
        cli,
        ["--isolated", "build", str(tmp_path / "src"), "--docs-only", str(out)],
        env={"DOCGEN_CACHE_DIR": str(tmp_path / ".c")},
    )
    assert result.exit_code == 0, result.output
    page = (out / "docs" / "api" / "graphql.md").read_text(encoding="utf-8")
    assert page.split("\n## ", 1)[1] == (
        "Query { #query }\n"
        "\n"
        "### <code>books</code> { #query-books }\n"
        "\n"
        "```graphql\n"
        'books(title: String! = "Dune"): [Book!]!\n'
        "```\n"
        "\n"
        '!!! warning "Deprecated"\n'
        "    Use search.\n"
        "\n"
        "Books by title.\n"
        "\n"
        "| Argument | Type | Default | Description |\n"
        "|----------|------|---------|-------------|\n"
        "| <code>title</code> | <code>String&#33;</code> | <code>&quot;Dune&quot;</code> |  |\n"
        "\n"
        "Returns <code>&#91;Book&#33;&#93;&#33;</code> ([the type](../models/app.md#book)).\n"
    )
    assert (out / "docs" / "schema.graphql").read_text(encoding="utf-8") == (
        'type Book {\n  title: String!\n}\n\ntype Query {\n  """Books by title."""\n'
        '  books(title: String! = "Dune"): [Book!]! @deprecated(reason: "Use search.")\n}\n'
    )
    assert "GraphQL: api/graphql.md" in (out / "mkdocs.yml").read_text(encoding="utf-8")

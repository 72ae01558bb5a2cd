"""The GraphQL page: each schema's operations (its Query, Mutation and Subscription fields) and its SDL.

One section per operation, in the schema's order: its signature in GraphQL notation, its
description, its arguments (type, default, description) and what it returns, linked to the
type's model section when the type is documented. The site also carries each schema as
``schema.graphql`` (the SDL ``docgen extract --format graphql`` writes).
"""

from __future__ import annotations

from dataclasses import dataclass

from docgen.model import GraphQLField, Model
from docgen.render.graphql_sdl import ROOTS, graphql_sdl, input_value, named_type

PAGE = "api/graphql.md"
SDL_FILE = "schema.graphql"


@dataclass(frozen=True, slots=True)
class Operation:
    """One field of a root type, as its section shows it."""

    kind: str
    field: GraphQLField
    signature: str
    returns: str
    returns_model: str | None


def graphql_operations(models: tuple[Model, ...]) -> tuple[Operation, ...]:
    """The operations of every schema, roots in query, mutation, subscription order."""
    types = [m.graphql for m in models if m.graphql is not None]
    by_name = {(t.library, t.name): m.id for m in models if (t := m.graphql) is not None}
    out = []
    for root in ROOTS:
        for schema_type in (t for t in types if t.root == root):
            for field in schema_type.fields:
                out.append(
                    Operation(
                        kind=root,
                        field=field,
                        signature=signature(field),
                        returns=field.type,
                        returns_model=by_name.get((schema_type.library, named_type(field.type))),
                    )
                )
    return tuple(out)


def signature(field: GraphQLField) -> str:
    """``books(limit: Int! = 10): [Book!]!``."""
    args = f"({', '.join(input_value(a) for a in field.args)})" if field.args else ""
    return f"{field.name}{args}: {field.type}"


def has_graphql(models: tuple[Model, ...]) -> bool:
    """Whether any model is a GraphQL schema type."""
    return any(m.graphql is not None for m in models)


def schema_file(models: tuple[Model, ...]) -> bytes:
    """The site's ``schema.graphql``."""
    return graphql_sdl(models).encode("utf-8")

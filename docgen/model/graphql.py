"""A data model's place in a GraphQL schema, as the schema library builds it (Strawberry, Graphene).

The :class:`~docgen.model.catalog.Model` of a GraphQL type keeps docgen's general view of it (its
fields as Python declares them, docstrings, relations); :class:`GraphQLType` is what the schema
says: field names as served (camel-cased), types in GraphQL notation (``[Book!]!``), arguments,
defaults as GraphQL literals and only the descriptions the library puts in the schema. The SDL
export (``docgen extract --format graphql``) prints it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class GraphQLField:
    """A field of an object, interface or input type, or an argument of a field.

    Attributes:
        name: The name the schema serves (``pageCount``).
        type: Its type in GraphQL notation (``[String!]!``).
        default: Its default as a GraphQL literal (``10``, ``FICTION``, ``null``), for arguments
            and input fields that have one.
        description: The description the schema carries.
        args: The field's arguments, in order.
        deprecation: The deprecation reason, when the field is deprecated.
    """

    name: str
    type: str
    default: str | None = None
    description: str = ""
    args: tuple[GraphQLField, ...] = ()
    deprecation: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class GraphQLType:
    """A named type of a GraphQL schema.

    Attributes:
        name: The schema's name for it.
        kind: ``type``, ``input``, ``interface`` or ``enum``.
        library: ``strawberry`` or ``graphene``: the library that builds the schema.
        description: The description the schema carries.
        fields: Fields (``type``, ``input``, ``interface``).
        values: Enum values, in order.
        interfaces: The interfaces an object type implements, by schema name.
        root: ``query``, ``mutation`` or ``subscription`` when the schema's root of that operation
            is this type.
    """

    name: str
    kind: str
    library: str
    description: str = ""
    fields: tuple[GraphQLField, ...] = ()
    values: tuple[str, ...] = ()
    interfaces: tuple[str, ...] = ()
    root: str | None = None

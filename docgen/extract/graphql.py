"""GraphQL schema types (Strawberry, Graphene)."""

from __future__ import annotations

from docgen.extract.base import Extractor, LinkContext
from docgen.model import Model


class GraphQLExtractor(Extractor):
    """GraphQL schema types (Strawberry, Graphene)."""

    name = "graphql"

    def collect_models(self, *, context: LinkContext) -> list[Model]:  # noqa: D102
        del context
        return []

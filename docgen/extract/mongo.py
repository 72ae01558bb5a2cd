"""MongoDB document models (Beanie, MongoEngine, ODMantic)."""

from __future__ import annotations

from docgen.extract.base import Extractor, LinkContext
from docgen.model import Model


class MongoExtractor(Extractor):
    """MongoDB document models (Beanie, MongoEngine, ODMantic)."""

    name = "mongo"

    def collect_models(self, *, context: LinkContext) -> list[Model]:  # noqa: D102
        del context
        return []

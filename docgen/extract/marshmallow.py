"""marshmallow schemas."""

from __future__ import annotations

from docgen.extract.base import Extractor, LinkContext
from docgen.model import Model


class MarshmallowExtractor(Extractor):
    """marshmallow schemas."""

    name = "marshmallow"

    def collect_models(self, *, context: LinkContext) -> list[Model]:  # noqa: D102
        del context
        return []

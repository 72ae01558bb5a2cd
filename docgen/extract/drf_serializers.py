"""Django REST framework serializers."""

from __future__ import annotations

from docgen.extract.base import Extractor, LinkContext
from docgen.model import Model


class DRFSerializersExtractor(Extractor):
    """Django REST framework serializers."""

    name = "drf_serializers"

    def collect_models(self, *, context: LinkContext) -> list[Model]:  # noqa: D102
        del context
        return []

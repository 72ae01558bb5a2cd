"""Django ORM models."""

from __future__ import annotations

from docgen.extract.base import Extractor, LinkContext
from docgen.model import Model


class DjangoModelsExtractor(Extractor):
    """Django ORM models."""

    name = "django_models"

    def collect_models(self, *, context: LinkContext) -> list[Model]:  # noqa: D102
        del context
        return []

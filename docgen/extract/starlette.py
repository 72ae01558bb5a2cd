"""Starlette routes: ``Route``/``WebSocketRoute``/``Mount``/``Host`` lists, ``Router``s and endpoint classes."""

from __future__ import annotations

from docgen.extract.base import Extractor


class StarletteExtractor(Extractor):
    """Routes of Starlette route lists (a stub until the full extractor lands)."""

    name = "starlette"

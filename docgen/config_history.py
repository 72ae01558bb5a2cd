"""The ``[tool.docgen.history]`` table: how far back the endpoint pages' history looks."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class HistoryOptions:
    """``[tool.docgen.history]``: each endpoint's releases (added, changed, deprecated) on its page.

    Attributes:
        releases: How many of the newest releases are examined (tags, or commits when the
            repository has none); each is analysed once per build. 0: no history.
    """

    releases: int = 20

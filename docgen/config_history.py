"""The ``[tool.docgen.history]`` table: how far back the endpoint pages' history looks."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class HistoryOptions:
    """``[tool.docgen.history]``: each endpoint's releases (added, changed, deprecated) on its page.

    Each release examined is analysed once (then kept in the cache directory): the default
    examines as many tags as the Changelog page shows, so history costs nothing more. A
    repository without tags has no releases; its newest commits stand for them only when
    ``commits`` says how many.

    Attributes:
        releases: How many of the newest tags are examined. 0: no history.
        commits: For a repository without tags, how many of its newest commits are. 0: no history.
    """

    releases: int = 5
    commits: int = 0

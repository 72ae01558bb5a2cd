"""The ``[tool.docgen.health]`` table: how much history the Health page's lines changed cover."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class HealthOptions:
    """``[tool.docgen.health]``: the code health record and page.

    Attributes:
        churn_commits: Over how many of the newest commits each file's lines added and deleted
            are counted (a ``git log --numstat`` of its own, bounded so a long history stays
            cheap); commits and authors always cover the whole history. 0: lines not counted.
    """

    churn_commits: int = 1000

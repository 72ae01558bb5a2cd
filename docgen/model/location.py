"""A place in the analysed source tree: what every record and diagnostic points at."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Location:
    """A place in the analysed source tree.

    Attributes:
        path: Repo-relative POSIX path of the file.
        line: First line (1-based); 0 when the whole file is meant.
        end_line: Last line, inclusive; equal to ``line`` for one-line spans.
    """

    path: str
    line: int = 0
    end_line: int = 0

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path

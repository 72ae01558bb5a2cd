"""A source file selected for analysis: what discover hands to parse (and link, for library files)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A Python source file selected for analysis.

    Attributes:
        path: Repo-relative POSIX path.
        abspath: Absolute path on disk.
        module: Dotted name Python would import it by.
        is_package: Whether it is a package's ``__init__``.
        data: The file's bytes, as read once.
        sha: SHA-256 of ``data`` (the cache key).
    """

    path: str
    abspath: Path
    module: str
    is_package: bool
    data: bytes
    sha: str

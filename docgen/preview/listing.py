"""The live preview's file listing: walk the tree again only when an edit may have changed what is in it.

Discovery walks every folder, applies the excludes and ``.gitignore`` files and reads every file:
on a 900-module tree, more than half a second per rebuild. When every path the watcher reports
is a file of the last listing that is still a regular file, the listing stands (no file came or
went, no ignore file or configuration changed: those are not listed files) and only those files
are read again; what discovery reported is reported again. Anything else walks the tree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from docgen.api import discover_code
from docgen.config import Config
from docgen.diagnostics import Reporter
from docgen.discover import read_source
from docgen.model import Diagnostic
from docgen.model.source import SourceFile


@dataclass(frozen=True, slots=True)
class _Discovered:
    """One full discovery: its configuration in and out, its files, what it reported."""

    given: Config
    config: Config
    files: tuple[SourceFile, ...]
    reported: tuple[Diagnostic, ...]


class Listing:
    """Discovery for successive rebuilds, told by :meth:`edited` which paths changed since the last one."""

    def __init__(self) -> None:
        self._last: _Discovered | None = None
        self._edited: frozenset[Path] | None = None
        self.walked = False

    def edited(self, paths: Iterable[Path] | None) -> None:
        """The paths changed since the last rebuild; None when they are not known (walk the tree)."""
        self._edited = None if paths is None else frozenset(p.resolve() for p in paths)

    def discover(self, config: Config, reporter: Reporter) -> tuple[list[SourceFile], Config]:
        """The files to analyse and the configuration, as :func:`docgen.api.discover_code` gives them."""
        last, edited = self._last, self._edited
        self._edited = None
        kept = self._reread(last, edited, reporter) if last is not None and last.given == config else None
        self.walked = kept is None
        if kept is not None and last is not None:
            reporter.extend(last.reported)
            self._last = replace(last, files=kept)
            return list(kept), last.config
        start = len(reporter.diagnostics)
        files, resolved = discover_code(config, reporter)
        self._last = _Discovered(config, resolved, tuple(files), tuple(reporter.diagnostics[start:]))
        return files, resolved

    def _reread(
        self, last: _Discovered, edited: frozenset[Path] | None, reporter: Reporter
    ) -> tuple[SourceFile, ...] | None:
        """The last listing with the edited files read again; None when it may no longer stand."""
        if edited is None:
            return None
        index = {f.abspath.resolve(): i for i, f in enumerate(last.files)}
        if any(p not in index or not p.is_file() for p in edited):  # paths resolved: links followed
            return None
        files = list(last.files)
        quiet = Reporter()
        for path in edited:
            old = files[index[path]]
            new = read_source(last.config.root, old.path, old.abspath, last.config.max_file_bytes, quiet)
            if new is None or quiet.diagnostics:
                return None
            files[index[path]] = new
        return tuple(files)

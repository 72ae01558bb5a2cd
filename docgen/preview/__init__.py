"""Incremental builds for the live preview: only changed pages are written and rendered again.

Each rebuild analyses the tree keeping what the edit provably left unchanged (the facts cache
re-parses only the files that changed; :mod:`docgen.preview.analysis` links again only when the
facts linking read changed) and renders only the pages whose inputs changed
(:mod:`docgen.render.reuse`), and writes into its MkDocs project only the files whose bytes
changed, so unchanged pages keep their modification times. MkDocs then builds in dirty mode, which reads and
renders only the pages whose Markdown is newer than their HTML, into one of two output folders:
the one not being served. The served path is a symlink, replaced in one step once the build is
done, so readers keep getting the previous pages while a rebuild works. A change of
``mkdocs.yml`` (the nav, the settings), of the theme overrides or of the set of pages makes the
next build a full one; after a full build the other output is made a copy of it. In dirty mode
the search plugin indexes only the pages it rendered: their entries replace theirs in the
previous index.

A rebuild that finds a new syntax error in the source changes nothing: the last good pages stay
and the error is reported, for the preview to show it.

The preview leaves out the code reference's source pages: every save would change one, so a
save that changes no documentation (a comment, a line of code) would still build a page.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from docgen.api import analyse
from docgen.config import Config
from docgen.diagnostics import Code, QuietReporter, Reporter, format_diagnostic
from docgen.model import Diagnostic, Severity
from docgen.preview.analysis import Reanalysis
from docgen.render import PageMemo, render_site
from docgen.render.environment import THEME_TEMPLATES
from docgen.render.mkdocs_config import DOCS_DIR, OVERRIDES_DIR
from docgen.site import run_mkdocs, write_file, write_project
from docgen.site_files import scan_built_site

SEARCH_INDEX = "search/search_index.json"


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one rebuild did.

    Attributes:
        pages: Docs-relative paths of the Markdown pages written again (all of them on a full build).
        total: Number of Markdown pages in the site.
        full: Whether MkDocs rendered every page.
        error: ``path:line: DG901 ...`` of a new syntax error; nothing was rebuilt.
        diagnostics: Everything the rebuild reported.
        rendered: Docs-relative paths of the pages whose Markdown was rendered again (their
            inputs changed), whether or not it came out different.
        relinked: Whether the code was linked again (else the last link held, see
            :mod:`docgen.preview.analysis`).
    """

    pages: tuple[str, ...] = ()
    total: int = 0
    full: bool = False
    error: str | None = None
    diagnostics: tuple[Diagnostic, ...] = ()
    rendered: tuple[str, ...] = ()
    relinked: bool = True


class Preview:
    """The preview's working folder: a MkDocs project, two outputs, and ``site``, the served one."""

    def __init__(self, config: Config, workdir: Path) -> None:
        self.config = replace(config, site=replace(config.site, source_pages=False))
        self.project = workdir / "project"
        self.site = workdir / "site"
        self._outputs = (workdir / "build-a", workdir / "build-b")
        self._next = 0
        self._full = [True, True]
        self._written: dict[Path, bytes] = {}
        self._seen: set[Path] = set()
        self._changed: set[Path] = set()
        self._broken: set[str] | None = None
        self._stages = Reanalysis()
        self._memo = PageMemo()

    def rebuild(self, edited: Iterable[Path] | None = None) -> Outcome:
        """Analyse, render, build what changed aside and swap it in; the served site is untouched until then.

        ``edited`` are the paths changed since the last rebuild, when the caller knows them (the
        tree is then walked again only if they may have changed what is in it).

        Raises:
            DocgenError: A stage failed; the served site is the previous one.
        """
        self._stages.listing.edited(edited)
        reporter = QuietReporter()
        catalog = analyse(self.config, reporter, self._stages)
        broken = {d.location.path: d for d in reporter.diagnostics if d.code == Code.SYNTAX_ERROR and d.location}
        new = sorted(set(broken) - self._broken) if self._broken is not None else []
        if new:
            return Outcome(error=format_diagnostic(broken[new[0]]), diagnostics=tuple(reporter.diagnostics))
        rendered = render_site(catalog, self.config, memo=self._memo)
        rendered_now, relinked = self._memo.rendered, self._stages.relinked
        known = set(self._written)
        self._seen, self._changed = set(), set()
        total = write_project(rendered, self.config, self.project, reporter, self._put)
        for gone in known - self._seen:
            gone.unlink(missing_ok=True)
            del self._written[gone]
            self._changed.add(gone)
        docs = self.project / DOCS_DIR
        pages = sorted(p.relative_to(docs).as_posix() for p in self._changed if _is_page(p, docs))
        added_or_removed = any(_is_page(p, docs) and (p in known) != (p in self._seen) for p in self._changed)
        overrides = self.project / OVERRIDES_DIR
        if added_or_removed or any(p.name == "mkdocs.yml" or p.is_relative_to(overrides) for p in self._changed):
            self._full = [True, True]
        if not self._changed and not any(self._full) and self.site.exists():
            self._broken = set(broken)
            diagnostics = tuple(reporter.diagnostics)
            return Outcome(total=total, diagnostics=diagnostics, rendered=rendered_now, relinked=relinked)
        full = self._publish(reporter)
        self._broken = set(broken)
        return Outcome(
            pages=tuple(sorted(rendered.pages)) if full else tuple(pages),
            total=total,
            full=full,
            diagnostics=tuple(reporter.diagnostics),
            rendered=rendered_now,
            relinked=relinked,
        )

    def _publish(self, reporter: Reporter) -> bool:
        """Build into the output not served, point ``site`` at it; return whether the build was a full one."""
        index = self._next
        output, other = self._outputs[index], self._outputs[1 - index]
        full = self._full[index]
        started = time.time()
        self._full[index] = True  # until this build succeeds: a failed one may leave the output half-written
        run_mkdocs(self.project / "mkdocs.yml", output, reporter, dirty=not full, template_cache=THEME_TEMPLATES)
        if not full:
            merge_search_index(output / SEARCH_INDEX, other / SEARCH_INDEX)
        scan_built_site(output, reporter, since=started)
        self._full[index] = False
        link = self.site.with_name(".site-next")
        link.unlink(missing_ok=True)
        link.symlink_to(output, target_is_directory=True)
        link.replace(self.site)
        if full:  # the other output starts from this one, so its next build can be a dirty one
            shutil.rmtree(other, ignore_errors=True)
            shutil.copytree(output, other, symlinks=True)
            self._full[1 - index] = False
        self._next = 1 - index
        return full

    def _put(self, root: Path, rel: str, data: bytes) -> None:
        """Write a project file unless it already holds ``data`` (its modification time then stays)."""
        path = root / rel
        self._seen.add(path)
        if self._written.get(path) == data:
            return
        write_file(root, rel, data)
        self._written[path] = data
        self._changed.add(path)


def _is_page(path: Path, docs: Path) -> bool:
    return path.suffix == ".md" and path.is_relative_to(docs)


def merge_search_index(built: Path, previous: Path) -> None:
    """Complete the index of a dirty build: the previous index's entries for the pages it did not render.

    Entries are matched by page (their ``location`` without the ``#anchor``). Nothing changes when
    either file is missing or not a search index.
    """
    try:
        new = json.loads(built.read_text(encoding="utf-8"))
        old = json.loads(previous.read_text(encoding="utf-8"))
        new_docs, old_docs = new["docs"], old["docs"]
    except (OSError, ValueError, KeyError, TypeError):
        return
    rendered = {_page_of(entry) for entry in new_docs}
    kept: list[Any] = [entry for entry in old_docs if _page_of(entry) not in rendered]
    built.write_text(json.dumps({**new, "docs": kept + new_docs}, ensure_ascii=False), encoding="utf-8")


def _page_of(entry: Any) -> str:
    location = entry.get("location", "") if isinstance(entry, dict) else ""
    return str(location).partition("#")[0]


def new_diagnostics(outcome: Outcome, before: set[str]) -> list[str]:
    """The outcome's diagnostics as docgen prints them, leaving out those in ``before`` (printed last time)."""
    printed = (f"docgen: {_LEVEL[d.severity]}: {format_diagnostic(d)}" for d in outcome.diagnostics)
    return [text for text in printed if text not in before]


_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "warning"}

"""Where every route, model and module is documented, and the relative links between pages.

The index is built once per render from the catalog in a stable order; each page template gets
a :class:`PageLinks` bound to its own path, so every link it writes is relative (the site works
from any base URL and offline from ``file://``).
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

from markupsafe import Markup

from docgen.config import Config
from docgen.model import Commit, History, HistoryStatus, Location
from docgen.render.filters import safe_url


@dataclass(frozen=True, slots=True)
class Target:
    """A place in the site: a docs-relative page path and an anchor on it (may be empty)."""

    page: str
    anchor: str = ""


@dataclass(slots=True)
class SiteIndex:
    """Where each catalog record is documented.

    Attributes:
        routes: Route id → its endpoint section.
        models: Model id → its section on a models page.
        modules: Module name → its code-reference page.
        symbols: Symbol id → its section on a code-reference page.
    """

    routes: dict[str, Target] = field(default_factory=dict)
    models: dict[str, Target] = field(default_factory=dict)
    modules: dict[str, Target] = field(default_factory=dict)
    symbols: dict[str, Target] = field(default_factory=dict)

    def find(self, kind: str, key: str) -> Target | None:
        """The entry for ``key`` in the table ``kind`` (``routes``, ``models``, ``modules``, ``symbols``)."""
        table: dict[str, Target] = getattr(self, kind)
        return table.get(key)


@dataclass(frozen=True, slots=True)
class Lookup:
    """One site-index entry a page's links looked up: the table, the key, and what was there."""

    kind: str
    key: str
    target: Target | None


@dataclass(frozen=True, slots=True)
class ChangeNote:
    """What the page says about when a piece of code last changed.

    Attributes:
        status: ``known``, ``unknown`` (not in the history) or ``unavailable`` (no git history).
        commit: The last commit touching it, when known.
        approximate: True when the history is partial (shallow clone).
        commit_url: Link to the commit on the repository host, when one can be built.
    """

    status: str
    commit: Commit | None = None
    approximate: bool = False
    commit_url: str | None = None


@dataclass(frozen=True, slots=True)
class PageLinks:
    """Link and history helpers for the page at ``here``, used by the page templates.

    Attributes:
        _index: Where everything is documented (a template reads it only through the methods,
            which note each entry looked up: the sandbox keeps it from ``_`` names).
        here: Docs-relative path of the page being rendered.
        config: The settings (repository URL, edit URI).
        history: The catalog's git history.
        lookups: When given, every index entry looked up is added to it.
    """

    _index: SiteIndex
    here: str
    config: Config
    history: History
    lookups: list[Lookup] | None = None

    def _find(self, kind: str, key: str | None) -> Target | None:
        target = self._index.find(kind, key or "")
        if self.lookups is not None:
            self.lookups.append(Lookup(kind, key or "", target))
        return target

    def rel(self, target: Target) -> Markup:
        """The relative Markdown link from this page to ``target``.

        Safe to emit verbatim: page paths and anchors are slugs docgen made (``[a-z0-9._-]``).
        """
        path = posixpath.relpath(target.page, posixpath.dirname(self.here) or ".")
        return Markup(f"{path}#{target.anchor}" if target.anchor else path)

    def page(self, path: str) -> Markup:
        """The relative link from this page to another docs-relative page."""
        return self.rel(Target(path))

    def route(self, route_id: str | None) -> Markup | None:
        """Link to a route's endpoint section, or None when it is not documented."""
        target = self._find("routes", route_id)
        return self.rel(target) if target else None

    def model(self, model_id: str | None) -> Markup | None:
        """Link to a model's section, or None when the id is not a catalog model."""
        target = self._find("models", model_id)
        return self.rel(target) if target else None

    def module(self, name: str | None) -> Markup | None:
        """Link to a module's code-reference page, or None."""
        target = self._find("modules", name)
        return self.rel(target) if target else None

    def symbol(self, symbol_id: str | None) -> Markup | None:
        """Link to a symbol's section of the code reference, or None."""
        target = self._find("symbols", symbol_id)
        return self.rel(target) if target else None

    def source(self, location: Location | None) -> str | None:
        """The repository web address of ``location`` (file and line), when a repository is set."""
        if location is None:
            return None
        base = _source_base(self.config, self.history.head)
        if base is None:
            return None
        url = f"{base}/{quote(location.path)}"
        return f"{url}#L{location.line}" if location.line else url

    def source_file(self, path: str) -> str | None:
        """The repository web address of a whole file."""
        return self.source(Location(path))

    def changed(self, location: Location | None, symbol_id: str | None = None) -> ChangeNote:
        """When the code at ``location`` (or the symbol ``symbol_id``) last changed, per git."""
        history = self.history
        if history.status is HistoryStatus.UNAVAILABLE:
            return ChangeNote("unavailable")
        commit = history.symbols.get(symbol_id) if symbol_id else None
        if commit is None and location is not None and location.path in history.files:
            commit = history.files[location.path].last
        if commit is None:
            return ChangeNote("unknown", approximate=history.status is HistoryStatus.PARTIAL)
        return ChangeNote(
            "known",
            commit=commit,
            approximate=history.status is HistoryStatus.PARTIAL,
            commit_url=self.commit(commit.sha),
        )

    def commit(self, sha: str) -> str | None:
        """The web address of a commit on GitHub or GitLab, when the repository is hosted there."""
        repo = safe_url(self.config.repo_url)
        if repo is None or not re.fullmatch(r"[0-9a-f]{7,64}", sha):
            return None
        host = urlsplit(repo).hostname or ""
        if host == "github.com" or host.startswith("github."):
            return f"{repo.rstrip('/')}/commit/{sha}"
        if "gitlab" in host:
            return f"{repo.rstrip('/')}/-/commit/{sha}"
        return None


def _source_base(config: Config, head: str | None) -> str | None:
    """``<repo_url>/<edit_uri>``, or a host default (``blob/<head>``) when edit_uri is unset."""
    repo = safe_url(config.repo_url)
    if config.edit_uri:
        absolute = safe_url(config.edit_uri)
        if absolute is not None:
            return absolute.rstrip("/")
        return f"{repo.rstrip('/')}/{config.edit_uri.strip('/')}" if repo else None
    if repo is None:
        return None
    ref = head if head and re.fullmatch(r"[0-9a-f]{7,64}", head) else "HEAD"
    host = urlsplit(repo).hostname or ""
    if "gitlab" in host:
        return f"{repo.rstrip('/')}/-/blob/{ref}"
    if "github" in host or "gitea" in host or "codeberg" in host:
        return f"{repo.rstrip('/')}/blob/{ref}"
    return None

"""What the site takes from the repository's releases: the Changelog page, and each endpoint's history.

Both come from one reading of the releases (each analysed once per build): the newest
``max(site.changelog-releases, history.releases)`` of them, of which each shows its own share.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from docgen.changelog.apicache import ReleaseCache
from docgen.changelog.build import read_commits, read_releases
from docgen.changelog.history import Trail, trail
from docgen.config import Config
from docgen.diagnostics import QuietReporter
from docgen.diff.allow import check_entries
from docgen.diff.gitrefs import Repository
from docgen.errors import GitRefError
from docgen.model.changelog import Changelog
from docgen.parse.cache import default_cache_dir

LOGGER = logging.getLogger("docgen")


@dataclass(frozen=True, slots=True)
class SiteReleases:
    """The site's share of the releases.

    Attributes:
        changelog: The releases the Changelog page shows; None for no page.
        history: The trail the endpoint pages' history is read from; None for no history.
    """

    changelog: Changelog | None = None
    history: Trail | None = None


def site_releases(config: Config, configure: Callable[[Path], Config], *, page: bool = True) -> SiteReleases:
    """The Changelog page's releases (unless not ``page``) and the endpoints' history trail, each None when not made.

    There is no page when ``site.changelog-releases`` is 0 or the repository has no tag, and no
    history when ``history.releases`` is 0 (without tags: ``history.commits``); neither when
    ``config.root`` is not in a git work tree or it has no commit yet. An untagged repository's
    history is read from its newest commits (named by their short hash). The released trees' APIs are kept in the cache
    directory (unless it is inside the work tree, which is never written), so a rebuild
    analyses only the releases it has not seen. A git failure past that is logged and leaves
    both out. The released code's own diagnostics are counted in one debug line, not reported:
    they do not concern the code the site documents, and would fail ``--strict`` for old releases.
    """
    shown, steps = config.site.changelog_releases if page else 0, config.history.releases
    if shown == 0 and steps == 0 and config.history.commits == 0:
        return SiteReleases()
    try:
        repo = Repository(config.root)
        tagged = bool(repo.tags())
        repo.commit("HEAD")
    except GitRefError:  # not a git work tree, or no commit yet: the Changes page says history is unavailable
        return SiteReleases()
    steps = steps if tagged else config.history.commits
    if not tagged and steps == 0:
        return SiteReleases()
    reporter = QuietReporter()
    try:
        allowed = check_entries(config.diff.allow_breaking)
        folder = (config.cache_dir or default_cache_dir()).resolve()
        cache = None if folder.is_relative_to(repo.top) else ReleaseCache(folder)
        if tagged:
            limit = max(shown, steps)
            read = read_releases(config.root, configure, reporter, allowed, limit=limit, repo=repo, cache=cache)
        else:
            read = read_commits(repo, configure, reporter, allowed, steps, cache)
        if read.complete and repo.shallow():
            read = replace(read, complete=False)  # the oldest commit at hand is not the history's first
    except GitRefError as exc:
        LOGGER.warning("no Changelog page and no endpoint history: %s", exc)
        return SiteReleases()
    LOGGER.debug("releases: %d diagnostics of released code not reported", len(reporter.diagnostics))
    return SiteReleases(
        changelog=_newest(read.changelog, shown) if tagged and shown else None,
        history=trail(read, steps) if steps else None,
    )


def _newest(changelog: Changelog, count: int) -> Changelog:
    """``changelog`` with only its newest ``count`` releases (the others counted as omitted)."""
    dropped = max(0, len(changelog.releases) - count)
    return Changelog(releases=changelog.releases[:count], omitted=changelog.omitted + dropped)

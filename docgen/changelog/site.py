"""The site's Changelog page data: the newest releases, only when the repository has tags."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from docgen.changelog.build import build_changelog
from docgen.config import Config
from docgen.diagnostics import QuietReporter
from docgen.diff.allow import check_entries
from docgen.diff.gitrefs import Repository
from docgen.errors import GitRefError
from docgen.model.changelog import Changelog

LOGGER = logging.getLogger("docgen")


def site_changelog(config: Config, configure: Callable[[Path], Config]) -> Changelog | None:
    """The releases the Changelog page shows (at most ``site.changelog-releases``), or None for no page.

    There is no page when the setting is 0, when ``config.root`` is not in a git work tree, or
    when the repository has no tag; a git failure past that is logged and leaves the page out.
    The released code's own diagnostics are counted in one debug line, not reported: they do
    not concern the code the site documents, and would fail ``--strict`` for old releases.
    """
    cap = config.site.changelog_releases
    if cap == 0:
        return None
    try:
        repo = Repository(config.root)
        if not repo.tags():
            return None
    except GitRefError:
        return None  # not a git work tree: the Changes page already says history is unavailable
    reporter = QuietReporter()
    try:
        allowed = check_entries(config.diff.allow_breaking)
        found = build_changelog(config.root, configure, reporter, allowed, limit=cap, repo=repo)
    except GitRefError as exc:
        LOGGER.warning("no Changelog page: %s", exc)
        return None
    LOGGER.debug("changelog: %d diagnostics of released code not reported", len(reporter.diagnostics))
    return found

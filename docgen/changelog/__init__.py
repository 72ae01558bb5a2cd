"""``docgen changelog``: releases from git tags, each with its API changes and its commits."""

from docgen.changelog.build import build_changelog

__all__ = ["build_changelog"]

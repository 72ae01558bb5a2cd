"""The changelog as Markdown: releases newest first, their API changes by level, their commits by type."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docgen.model.apidiff import ChangeLevel
from docgen.model.changelog import Changelog, Release
from docgen.render.diffreport import LEVEL_TITLES, LevelSection


@dataclass(frozen=True, slots=True)
class ReleaseSection:
    """One release for the template, with its API changes split by level (breaking first).

    Attributes:
        release: The release.
        levels: Its changes' levels that have changes, most severe first.
    """

    release: Release
    levels: tuple[LevelSection, ...]


def format_markdown(
    changelog: Changelog, templates_dir: Path | None = None, *, contained: bool = False, title: str = "Changelog"
) -> str:
    """The changelog page; how many older releases were left out is said under the title.

    ``contained`` reads ``templates_dir`` as an untrusted repository's (no symlink out of it).
    """
    from docgen.render.environment import make_environment  # Jinja loads only when rendering

    template = make_environment(templates_dir, contained=contained).get_template("changelog.md.j2")
    sections = [_section(release) for release in changelog.releases]
    text = template.render(title=title, note=omitted_note(changelog), sections=sections)
    return text.rstrip("\n") + "\n"


def page_context(changelog: Changelog, cap: int) -> dict[str, object]:
    """The Changelog page's template values: its releases, and a note on the cap when releases were left out."""
    note = omitted_note(changelog)
    if note:
        note = f"{note} The page shows the newest {cap} (setting `site.changelog-releases`)."
    return {"note": note, "sections": [_section(release) for release in changelog.releases]}


def omitted_note(changelog: Changelog) -> str:
    """``3 older releases are not shown.``, or '' when every release is."""
    if not changelog.omitted:
        return ""
    count = changelog.omitted
    return f"{count} older release{'' if count == 1 else 's'} {'is' if count == 1 else 'are'} not shown."


def _section(release: Release) -> ReleaseSection:
    changes = release.diff.changes if release.diff else ()
    levels = (
        LevelSection(level, LEVEL_TITLES[level], tuple(c for c in changes if c.level is level)) for level in ChangeLevel
    )
    return ReleaseSection(release, tuple(level for level in levels if level.changes))

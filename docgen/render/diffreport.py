"""The ``docgen diff`` reports: plain text for a terminal, JSON for scripts, Markdown for a pull request."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from docgen.model.apidiff import ApiChange, ApiDiff, ChangeLevel, Side

MARKER = "<!-- docgen-diff -->"
"""The hidden first line of the Markdown comment (written by its template), so a bot can find and update it."""

LEVEL_TITLES = {
    ChangeLevel.BREAKING: "Breaking",
    ChangeLevel.POTENTIALLY_BREAKING: "Potentially breaking",
    ChangeLevel.NON_BREAKING: "Non-breaking",
}


@dataclass(frozen=True, slots=True)
class LevelSection:
    """The changes of one level, for the Markdown report.

    Attributes:
        level: The level.
        title: Its title (``Potentially breaking``).
        changes: Its changes, in report order.
    """

    level: ChangeLevel
    title: str
    changes: tuple[ApiChange, ...]


def side_text(side: Side) -> str:
    """``main (1a2b3c4d)``, ``HEAD~1 (1a2b3c4d; no default branch found)``, ``working tree``."""
    if side.commit and side.label == side.commit:
        return side.label[:8]  # a commit named by its hash: the short hash says it all
    details = "; ".join(part for part in (side.commit[:8] if side.commit else "", side.note) if part)
    return f"{side.label} ({details})" if details else side.label


def summary_text(diff: ApiDiff) -> str:
    """``2 breaking, 0 potentially breaking, 1 non-breaking change(s)`` (`` (1 accepted)``), or ``no API changes``."""
    if not diff.changes:
        return "no API changes"
    counts = ", ".join(f"{diff.count(level)} {LEVEL_TITLES[level].lower()}" for level in ChangeLevel)
    accepted = f" ({diff.accepted} accepted)" if diff.accepted else ""
    return f"{counts} change{'' if len(diff.changes) == 1 else 's'}{accepted}"


def format_text(diff: ApiDiff) -> str:
    """One line per change (level, endpoint, rule, message, where), under a header naming the sides."""
    lines = [f"API changes from {side_text(diff.base)} to {side_text(diff.head)}: {summary_text(diff)}"]
    if diff.changes:
        lines.append("")
    for change in diff.changes:
        where = f"  ({change.location})" if change.location else ""
        accepted = f"  [accepted: {change.accepted}]" if change.accepted else ""
        line = f"{change.level.value:<20} {change.method} {change.path}  {change.rule}: {change.message}{where}"
        lines.append(line + accepted)
    return "\n".join(lines) + "\n"


def format_json(diff: ApiDiff) -> str:
    """The comparison as JSON: both sides, counts per level, and the changes."""

    def side(s: Side) -> dict[str, object]:
        return {"ref": s.label, "commit": s.commit, "note": s.note, "routes": s.routes}

    def change(c: ApiChange) -> dict[str, object]:
        location = {"path": c.location.path, "line": c.location.line} if c.location else None
        return {
            "id": c.rule,
            "level": c.level.value,
            "method": c.method,
            "path": c.path,
            "message": c.message,
            "location": location,
            "accepted": c.accepted or None,
        }

    data = {
        "base": side(diff.base),
        "head": side(diff.head),
        "summary": {**{level.value: diff.count(level) for level in ChangeLevel}, "accepted": diff.accepted},
        "changes": [change(c) for c in diff.changes],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def format_markdown(diff: ApiDiff, templates_dir: Path | None = None, *, contained: bool = False) -> str:
    """A pull-request comment: the hidden marker, counts, then one collapsible section per level, breaking first.

    ``contained`` reads ``templates_dir`` as an untrusted repository's (no symlink out of it).
    """
    from docgen.render.environment import make_environment  # Jinja loads only for this format

    sections = [
        LevelSection(level, LEVEL_TITLES[level], tuple(c for c in diff.changes if c.level is level))
        for level in ChangeLevel
    ]
    template = make_environment(templates_dir, contained=contained).get_template("diff_comment.md.j2")
    return template.render(
        diff=diff,
        base=side_text(diff.base),
        head=side_text(diff.head),
        sections=[s for s in sections if s.changes],
        counts=[(s.title, len(s.changes)) for s in sections],
    )


FORMATTERS: dict[str, Callable[[ApiDiff], str]] = {"text": format_text, "json": format_json}
"""The formats that need nothing but the comparison (Markdown may read override templates)."""

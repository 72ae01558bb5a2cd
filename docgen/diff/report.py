"""The ``docgen diff`` report in the format asked for, and the GitHub job summary."""

from __future__ import annotations

import os
from pathlib import Path

from docgen.config import Config
from docgen.model.apidiff import ApiDiff
from docgen.render import diffci, diffreport


def render_report(diff: ApiDiff, fmt: str, config: Config, prefix: str) -> str:
    """The report of ``diff`` in ``fmt``; the CI formats' paths get ``prefix/`` (see :func:`diffci.rebased`).

    Markdown reads the override templates of ``config`` (contained when they are an untrusted repository's).
    """
    if fmt == "markdown":
        return diffreport.format_markdown(diff, config.templates_dir, contained=config.untrusted("templates_dir"))
    if fmt in diffci.FORMATTERS:
        return diffci.FORMATTERS[fmt](diffci.rebased(diff, prefix))
    return diffreport.FORMATTERS[fmt](diff)


def append_step_summary(diff: ApiDiff, config: Config) -> None:
    """Append the Markdown report to the file ``$GITHUB_STEP_SUMMARY`` names, when it names one."""
    if summary := os.environ.get("GITHUB_STEP_SUMMARY"):
        with Path(summary).open("a", encoding="utf-8") as out:
            out.write(render_report(diff, "markdown", config, ""))

"""The commands about a git repository's history and setup: ``diff``, ``changelog`` and ``init``.

Registered on the group by :mod:`docgen.cli`; the helpers both share are in :mod:`docgen.cli_support`.
"""

from __future__ import annotations

from pathlib import Path

import click

from docgen.cli_support import command_config, relative_prefix, reporting, shown
from docgen.errors import ExitCode, UsageError

_PATH = click.argument("path", type=click.Path(path_type=Path), default=Path())

_DIFF_FORMATS = ("text", "markdown", "json", "sarif", "github", "junit")


@click.command()
@click.argument("refs", nargs=-1, metavar="[BASE] [HEAD]")
@click.option(
    "-p", "--path", type=click.Path(path_type=Path), default=Path(), help="The directory to analyse (default: here)."
)
@click.option("--format", "fmt", type=click.Choice(_DIFF_FORMATS), default="text", help="Report format.")
@click.option(
    "--fail-on",
    type=click.Choice(["breaking", "potentially-breaking", "warning", "non-breaking", "never"]),
    help="Exit 1 when a change at or above this level is found (default: breaking).",
)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write the report to FILE instead of stdout.")
@click.option(
    "--openapi",
    nargs=2,
    type=click.Path(path_type=Path),
    metavar="A.json B.json",
    help="Compare two OpenAPI 3.x documents (JSON or YAML) instead of git refs.",
)
@click.pass_context
def diff(
    ctx: click.Context,
    refs: tuple[str, ...],
    path: Path,
    fmt: str,
    fail_on: str | None,
    output: Path | None,
    openapi: tuple[Path, Path] | None,
) -> int:
    """API changes from BASE to HEAD (or BASE..HEAD), breaking ones first.

    BASE defaults to the merge base of HEAD with the default branch (HEAD~1 when there is none),
    HEAD to the working tree. Both refs are read from git objects: nothing is checked out.
    """
    from docgen.diff import FAIL_ON, diff_documents, diff_refs, parse_refs
    from docgen.diff.allow import check_entries
    from docgen.diff.report import append_step_summary, render_report
    from docgen.render.diffreport import summary_text

    config = command_config(ctx, path)
    allowed = check_entries(config.diff.allow_breaking)
    if openapi:
        if refs:
            raise UsageError("give either git refs or --openapi A B, not both")
        result = diff_documents(*openapi, allowed)
    else:
        with reporting(ctx) as reporter:
            wanted, configure = parse_refs(refs, config.diff.base), lambda root: command_config(ctx, root)
            result = diff_refs(config.root, wanted, configure, reporter, allowed)
    text = render_report(result, fmt, config, "" if openapi else relative_prefix(config.root))
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"Wrote {fmt} report of {summary_text(result)} to {shown(output)}", err=True)
    if fmt == "github":
        append_step_summary(result, config)
    threshold = FAIL_ON[fail_on or config.diff.fail_on]
    return ExitCode.FINDINGS if result.reaches(threshold) else ExitCode.OK


@click.command()
@_PATH
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write the changelog to FILE instead of stdout.")
@click.option("--since", metavar="TAG", help="Only the releases after TAG.")
@click.pass_context
def changelog(ctx: click.Context, path: Path, output: Path | None, since: str | None) -> int:
    """Markdown changelog of PATH's repository: releases from tags, newest first, their API changes and commits."""
    from docgen.changelog import build_changelog
    from docgen.diff.allow import check_entries
    from docgen.render.changelog import format_markdown

    config = command_config(ctx, path)
    allowed = check_entries(config.diff.allow_breaking)
    with reporting(ctx) as reporter:
        found = build_changelog(config.root, lambda root: command_config(ctx, root), reporter, allowed, since=since)
    text = format_markdown(found, config.templates_dir, contained=config.untrusted("templates_dir"))
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"Wrote the changelog of {len(found.releases)} releases to {shown(output)}", err=True)
    return ExitCode.OK


@click.command()
@_PATH
@click.option(
    "--ci", type=click.Choice(["github", "gitlab", "none"]), multiple=True, help="CI files to write (default: both)."
)
@click.option("--force", is_flag=True, help="Overwrite the CI files when they exist.")
def init(path: Path, ci: tuple[str, ...], force: bool) -> int:
    """Add a CI workflow (GitHub, GitLab), a pre-commit hook and a [tool.docgen] table to PATH."""
    from docgen.scaffold import describe, plan_init, write_init

    if not path.is_dir():
        raise UsageError(f"{path} is not a directory (docgen init writes into an existing repository)")
    planned = plan_init(path, ci or ("github", "gitlab"), force=force)
    click.echo(f"docgen init writes into {shown(path)}:\n{describe(planned)}", nl=False)
    write_init(path, planned)
    return ExitCode.OK


COMMANDS = (diff, changelog, init)
"""The commands this module defines, for the group to register."""

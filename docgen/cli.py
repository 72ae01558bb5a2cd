"""The command line: commands map onto docgen.api; the only place that prints and sets exit codes."""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from docgen import __version__, cli_repo
from docgen.cli_support import command_config, relative_prefix, reporting, shown
from docgen.console import setup_logging
from docgen.diagnostics import Code
from docgen.errors import DocgenError, ExitCode, UsageError, strict_violation
from docgen.interrupts import INTERRUPTS, interrupt, leave, stop_children

BUG_REPORT = "this is a bug in docgen: please report it with the output of the same command run with -v"

LOGGER = logging.getLogger("docgen")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="docgen")
@click.option("-c", "--config", "config_file", type=click.Path(path_type=Path), help="Read settings from this file.")
@click.option("--isolated", is_flag=True, help="Ignore configuration files and DOCGEN_* variables.")
@click.option(
    "--trust-repo-config",
    is_flag=True,
    help="Trust the configuration found in the analysed repository (paths outside it, cache-dir, any mkdocs.yml).",
)
@click.option("-q", "--quiet", is_flag=True, help="Only print errors.")
@click.option("-v", "--verbose", is_flag=True, help="Print debug logs and tracebacks.")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", help="Colour output.")
@click.option("--no-progress", is_flag=True, help="Do not show the progress display (shown only on a terminal).")
@click.pass_context
def cli(
    ctx: click.Context,
    config_file: Path | None,
    isolated: bool,
    trust_repo_config: bool,
    quiet: bool,
    verbose: bool,
    color: str,
    no_progress: bool,
) -> None:
    """docgen: API documentation and code-quality sites for Python backends, without importing them."""
    progress = setup_logging(LOGGER, quiet, verbose, color, not no_progress)
    ctx.call_on_close(progress.stop)
    ctx.obj = {
        "config_file": config_file,
        "isolated": isolated,
        "trust_repo_config": trust_repo_config,
        "verbose": verbose,
        "progress": progress,
    }


for _command in cli_repo.COMMANDS:
    cli.add_command(_command)


_PATH = click.argument("path", type=click.Path(path_type=Path), default=Path())


def _extra_paths(ctx: click.Context, param: click.Parameter, value: tuple[Path, ...]) -> None:
    del param
    ctx.meta["extra_paths"] = value


def _with_path(command: Any) -> Any:
    """PATH, and ``--extra-path`` (repeatable, kept in ``ctx.meta`` for :func:`~docgen.cli_support.command_config`)."""
    extra = click.option(
        "--extra-path",
        multiple=True,
        type=click.Path(path_type=Path),
        expose_value=False,
        callback=_extra_paths,
        help="Also read third-party source here (a virtualenv or site-packages) to resolve imports; repeatable.",
    )
    return _PATH(extra(command))


@cli.command()
@_with_path
@click.option("-o", "--site-dir", type=click.Path(path_type=Path), help="Where to write the site (default ./site).")
@click.option("--strict", is_flag=True, help="Exit 1 when any warning occurred.")
@click.option(
    "--docs-only", type=click.Path(path_type=Path), help="Write Markdown and mkdocs.yml here instead of HTML."
)
@click.option("--site-url", help="The public address of the site.")
@click.option(
    "--engine", type=click.Choice(["mkdocs", "zensical"]), help="What builds the HTML (default mkdocs; or set engine)."
)
@click.pass_context
def build(
    ctx: click.Context,
    path: Path,
    site_dir: Path | None,
    strict: bool,
    docs_only: Path | None,
    site_url: str | None,
    engine: str | None,
) -> int:
    """Analyse PATH and build its documentation site."""
    from docgen.api import build as run_build
    from docgen.api import check_build

    config = command_config(ctx, path, site_url=site_url, strict=strict or None, engine=engine)
    target = (docs_only or site_dir or config.site_dir or Path("site")).resolve()
    from docgen.changelog.site import site_releases

    with reporting(ctx) as reporter:
        check_build(config, target, docs_only=docs_only is not None)  # before the releases are read
        reporter.stage("releases")
        releases = site_releases(config, lambda root: command_config(ctx, root))
        history = releases.history.for_routes if releases.history else None
        result = run_build(
            config,
            target,
            docs_only=docs_only is not None,
            reporter=reporter,
            changelog=releases.changelog,
            history=history,
        )
    catalog = result.catalog
    click.echo(
        f"Built {result.site.pages} pages for {len(catalog.routes)} routes, {len(catalog.models)} models, "
        f"{len(catalog.modules)} modules into {shown(target)}"
    )
    return _verdict(catalog, reporter, config.strict)


@cli.command()
@_with_path
@click.option(
    "--format", "fmt", type=click.Choice(["json", "openapi", "graphql"]), default="json", help="Output format."
)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to FILE instead of stdout.")
@click.option("--strict", is_flag=True, help="Exit 1 when any warning occurred.")
@click.option("--history", is_flag=True, help="Add each route's releases (added, changed, deprecated) from git.")
@click.pass_context
def extract(ctx: click.Context, path: Path, fmt: str, output: Path | None, strict: bool, history: bool) -> int:
    """Write the catalog of PATH as JSON, as an OpenAPI 3.1 document, or its GraphQL schemas as SDL."""
    import json
    from dataclasses import replace

    from docgen.api import analyse
    from docgen.changelog.site import site_releases
    from docgen.model.codec import dumps

    config = command_config(ctx, path, strict=strict or None)
    with reporting(ctx) as reporter:
        trail = site_releases(config, lambda root: command_config(ctx, root), page=False).history if history else None
        catalog = analyse(config, reporter)
    if trail is not None:
        catalog = replace(catalog, api_history=trail.for_routes(catalog.routes))
    if fmt == "json":
        text = dumps(catalog)
    elif fmt == "graphql":
        from docgen.render.graphql_sdl import graphql_sdl

        text = graphql_sdl(catalog.models)
        if not text:
            LOGGER.warning("no Strawberry or Graphene schema types found under %s: the SDL is empty", shown(path))
    else:
        from docgen.render.openapi import openapi_document

        text = json.dumps(openapi_document(catalog, config), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(
            f"Wrote {fmt} for {len(catalog.routes)} routes and {len(catalog.models)} models to {shown(output)}",
            err=True,
        )
    return _verdict(catalog, reporter, config.strict)


_CHECK_FORMATS = ("text", "json", "sarif", "junit", "gitlab", "github")


@cli.command()
@_with_path
@click.option("--select", multiple=True, help="Only report these rule codes or prefixes (comma-separated, or ALL).")
@click.option("--ignore", multiple=True, help="Never report these rule codes or prefixes (comma-separated).")
@click.option(
    "--fail-under", type=click.FloatRange(0, 100), help="Fail when docstring coverage is below PCT.", metavar="PCT"
)
@click.option("--format", "fmt", type=click.Choice(_CHECK_FORMATS), default="text", help="Report format.")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write the report to FILE instead of stdout.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings or coverage is too low.")
@click.option(
    "--fail-on-severity",
    type=click.Choice(["high", "medium", "low"]),
    help="Fail only on security findings of this severity or graver (others are still reported).",
)
@click.option("--statistics", is_flag=True, help="Count findings per rule instead of listing them (text, json).")
@click.pass_context
def check(
    ctx: click.Context,
    path: Path,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    fail_under: float | None,
    fmt: str,
    output: Path | None,
    exit_zero: bool,
    fail_on_severity: str | None,
    statistics: bool,
) -> int:
    """Check PATH: undocumented routes, models and code, docstring/signature mismatches, security and Ruff findings."""
    from docgen.api import analyse
    from docgen.model import SecuritySeverity
    from docgen.render import reports

    if statistics and fmt not in {"text", "json"}:
        raise UsageError(f"--statistics works with --format text or json, not {fmt}")
    overrides = {"check.select": _codes(select), "check.ignore": _codes(ignore), "check.fail_under": fail_under}
    config = command_config(ctx, path, **overrides)
    _check_selectors(config.check)
    with reporting(ctx) as reporter:
        catalog = analyse(config, reporter)
    report = reports.CheckReport(
        findings=reports.rebase(catalog.findings, relative_prefix(config.root)),
        coverage=catalog.coverage,
        fail_under=config.check.fail_under,
        diagnostics=catalog.diagnostics,
        version=__version__,
        fail_on_severity=SecuritySeverity(fail_on_severity) if fail_on_severity else None,
    )
    text = reports.format_text(report, show_statistics=statistics) if fmt == "text" else reports.FORMATTERS[fmt](report)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        count = len(report.findings)
        click.echo(f"Wrote {fmt} report of {count} finding{'' if count == 1 else 's'} to {shown(output)}", err=True)
    if fmt == "github" and (summary := os.environ.get("GITHUB_STEP_SUMMARY")):
        with Path(summary).open("a", encoding="utf-8") as out:
            contained = config.untrusted("templates_dir")
            out.write(reports.github_summary(report, config.templates_dir, contained=contained))
    return _check_verdict(catalog, reporter, report, exit_zero)


def _codes(values: tuple[str, ...]) -> tuple[str, ...] | None:
    """``--select DG1,E7 --select F`` as ``("DG1", "E7", "F")``; None when the flag was not given."""
    codes = tuple(code.strip() for value in values for code in value.split(",") if code.strip())
    return codes or None


def _check_selectors(options: Any) -> None:
    from docgen.check.selection import invalid_selectors

    per_file = [code for codes in options.per_file_ignores.values() for code in codes]
    bad = invalid_selectors([*options.select, *options.ignore, *per_file])
    if bad:
        listed = ", ".join(repr(b) for b in bad)
        raise UsageError(
            f"not a rule code or prefix: {listed} (write codes like DG101, prefixes like DG1 or E, or ALL)"
        )


def _check_verdict(catalog: Any, reporter: Any, report: Any, exit_zero: bool) -> int:
    """1 for findings or low coverage (0 with --exit-zero); 2 when part was not analysed and nothing was found."""
    verdict = _verdict(catalog, reporter, strict=False)
    if verdict != ExitCode.OK:
        return verdict
    if not report.passed:
        return ExitCode.OK if exit_zero else ExitCode.FINDINGS
    from docgen.model import Severity

    incomplete = [d for d in catalog.diagnostics if d.severity is Severity.ERROR or d.code == Code.RUFF_FAILED]
    if incomplete:
        problems = f"{len(incomplete)} problem{'' if len(incomplete) == 1 else 's'}"
        LOGGER.error("no findings, but the check is incomplete (%s reported above)", problems)
        return ExitCode.ERROR
    return ExitCode.OK


@cli.command()
@_with_path
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
@click.option("--open", "open_browser", is_flag=True, help="Open the site in a browser.")
@click.pass_context
def serve(ctx: click.Context, path: Path, dev_addr: str, open_browser: bool) -> int:
    """Preview the site of PATH, rebuilding and reloading when a source file changes."""
    from docgen.serve import serve as run_serve

    config = command_config(ctx, path)
    if config.engine != "mkdocs":
        LOGGER.warning("docgen serve previews with MkDocs; engine '%s' is used by docgen build", config.engine)
    host, _, port = dev_addr.rpartition(":")
    if not port.isdigit():
        raise UsageError(f"--dev-addr must be HOST:PORT, not {dev_addr!r}")
    run_serve(
        config, host or "127.0.0.1", int(port), open_browser=open_browser, echo=lambda text: click.echo(text, err=True)
    )
    return ExitCode.OK


@cli.command("config")
@_with_path
@click.option("--format", "fmt", type=click.Choice(["toml", "json"]), default="toml", help="Output format.")
@click.pass_context
def show_config(ctx: click.Context, path: Path, fmt: str) -> int:
    """Print the resolved settings for PATH."""
    import dataclasses
    import json

    config = command_config(ctx, path)
    data = _plain(dataclasses.asdict(config))
    if fmt == "json":
        click.echo(json.dumps(data, indent=2))
    else:
        source = str(config.config_file) if config.config_file else "defaults"
        click.echo(f"# settings from {source}")
        for key, value in data.items():
            click.echo(f"{key.replace('_', '-')} = {json.dumps(value)}")
    return ExitCode.OK


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted(_plain(v) for v in value)
    if isinstance(value, Path):
        return str(value)
    return value


def _verdict(catalog: Any, reporter: Any, strict: bool) -> int:
    """0, or 1 under --strict with warnings, or 2 when nothing could be analysed."""
    parsed = [m for m in catalog.modules if m.lines or m.docstring]
    if catalog.modules and not parsed and reporter.diagnostics:
        LOGGER.error("nothing could be analysed")
        return ExitCode.ERROR
    if strict_violation(strict, len(reporter.diagnostics)) is not None:
        counts: dict[str, int] = {}
        for d in reporter.diagnostics:
            counts[d.code] = counts.get(d.code, 0) + 1
        summary = ", ".join(f"{code}: {n}" for code, n in sorted(counts.items()))
        LOGGER.error("strict mode: %d warnings (%s)", len(reporter.diagnostics), summary)
        return ExitCode.FINDINGS
    return ExitCode.OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run docgen with ``argv`` (default: the process arguments) and return the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    verbose = "-v" in args or "--verbose" in args
    in_main = threading.current_thread() is threading.main_thread()
    previous = {sig: signal.signal(sig, interrupt) for sig in INTERRUPTS} if in_main else {}
    try:
        result = cli.main(args=args, prog_name="docgen", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        return ExitCode.ERROR
    except (click.exceptions.Abort, KeyboardInterrupt):  # click turns KeyboardInterrupt into Abort
        stop_children()
        click.echo("docgen: interrupted", err=True)
        if argv is None:  # the process's own command line, not a caller in the same process
            leave(ExitCode.INTERRUPTED)
        return ExitCode.INTERRUPTED
    except DocgenError as exc:
        click.echo(f"docgen: error: {exc}", err=True)
        if verbose:
            traceback.print_exc()
        return exc.exit_code
    except Exception as exc:
        click.echo(f"docgen: internal error: {type(exc).__name__}: {exc} ({BUG_REPORT})", err=True)
        if verbose:
            traceback.print_exc()
        return ExitCode.BUG
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return int(result) if isinstance(result, int) else ExitCode.OK

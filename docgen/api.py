"""The pipeline: config → discover → parse → link → enrich → catalog → render → site."""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from docgen import __version__
from docgen.config import Config
from docgen.diagnostics import Reporter
from docgen.discover import discover
from docgen.enrich.git import read_history
from docgen.enrich.ruff import run_ruff
from docgen.extract import load as load_extractors
from docgen.link import Linked, link
from docgen.model import Catalog, Project
from docgen.model.facts import ModuleFacts
from docgen.parse import LibraryParser, parse_all
from docgen.rules import select_findings
from docgen.scrub import scrub_catalog

if TYPE_CHECKING:
    from docgen.site import SiteResult


def analyse(config: Config, reporter: Reporter | None = None) -> Catalog:
    """Read the codebase under ``config.root`` and return everything learned about it."""
    reporter = reporter or Reporter()
    reporter.stage("discover")
    files = discover(config, reporter)
    reporter.stage("parse")
    facts = parse_all(files, config, reporter)
    reporter.stage("link")
    linked = link_program(facts, config, reporter)
    reporter.stage("lint")
    ruff = run_ruff(config.root, [f.path for f in files], mode=config.check.ruff, reporter=reporter)
    reporter.stage("history")
    history = read_history(config.root, [f.path for f in files], linked.spans, reporter=reporter)
    project = Project(
        name=config.site_name or config.root.name,
        frameworks=linked.frameworks,
        docgen_version=__version__,
        ruff_version=ruff.version,
        repo_url=config.repo_url or None,
    )
    config_dir = config.config_file.parent if config.config_file else None
    catalog = Catalog(
        project=project,
        modules=linked.modules,
        routes=linked.routes,
        models=linked.models,
        symbols=linked.symbols,
        findings=select_findings(ruff.findings + linked.findings, config.check, config.root, config_dir),
        history=history,
        coverage=linked.coverage,
    )
    catalog = scrub_catalog(catalog, reporter)  # secrets masked once, before any output is made
    return replace(catalog, diagnostics=tuple(reporter.diagnostics))


def link_program(facts: list[ModuleFacts], config: Config, reporter: Reporter) -> Linked:
    """The link stage, given the configured extractors and (with ``extra-paths``) a library parser.

    Plug-ins planted under the analysed tree are not extractors: ``load`` is told where it is.
    """
    analysed = tuple(p for p in (config.root, config.repo_root) if p is not None)
    extractors = load_extractors(config.frameworks, analysed, reporter)
    with LibraryParser(config) if config.extra_paths else nullcontext() as parser:
        return link(facts, config, reporter, extractors, parser)


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a build produced.

    Attributes:
        catalog: The analysed catalog.
        site: Where the site (or the Markdown tree) was published, and its page count.
    """

    catalog: Catalog
    site: SiteResult


def build(config: Config, site_dir: Path, *, docs_only: bool = False, reporter: Reporter | None = None) -> BuildResult:
    """Analyse the codebase and publish its documentation site into ``site_dir``."""
    from docgen.publish import probe_writable
    from docgen.render import render_site  # MkDocs and Jinja load only when a site is built
    from docgen.site import build_site, check_output_dir

    reporter = reporter or Reporter()
    check_output_dir(config.root, site_dir)
    probe_writable(site_dir)  # a read-only output fails now, not after the whole analysis (B09)
    catalog = analyse(config, reporter)
    reporter.stage("render")
    rendered = render_site(catalog, config)
    reporter.stage("site")
    site = build_site(rendered, config, site_dir, docs_only=docs_only, reporter=reporter)
    return BuildResult(catalog=replace(catalog, diagnostics=tuple(reporter.diagnostics)), site=site)

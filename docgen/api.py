"""The pipeline: config → discover → parse → link → reference → check → enrich → catalog → render → site."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from docgen import __version__
from docgen.check import assess, assess_health, select_findings
from docgen.config import Config
from docgen.diagnostics import Reporter
from docgen.discover import discover_tree
from docgen.enrich.git import read_history
from docgen.enrich.metadata import project_metadata
from docgen.enrich.requirements import ANY_MINOR, declared, highest_release, major_version
from docgen.enrich.ruff import RuffResult, run_ruff
from docgen.extract import load as load_extractors
from docgen.link import Linked, link
from docgen.model import (
    Application,
    Catalog,
    Coverage,
    Finding,
    Framework,
    Location,
    Model,
    Module,
    Project,
    Route,
    Symbol,
)
from docgen.model.facts import ModuleFacts
from docgen.model.source import SourceFile
from docgen.moduleid import ModuleNames, name_modules
from docgen.parse import LibraryParser, parse_all
from docgen.reference import describe_code
from docgen.scrub import scrub_catalog

if TYPE_CHECKING:
    from docgen.model.apihistory import ApiHistory
    from docgen.model.changelog import Changelog
    from docgen.site import SiteResult


class Stages:
    """The stages :func:`analyse` runs whose work a caller may keep between runs (the live preview does).

    These run each stage afresh; a subclass may reuse what it can prove unchanged.
    """

    def discover(self, config: Config, reporter: Reporter) -> tuple[list[SourceFile], Config]:
        """:func:`discover_code`."""
        return discover_code(config, reporter)

    def read_code(self, facts: list[ModuleFacts], config: Config, reporter: Reporter) -> CodeAnalysis:
        """:func:`read_code`."""
        return read_code(facts, config, reporter)

    def lint(self, config: Config, files: list[SourceFile], reporter: Reporter) -> RuffResult:
        """Ruff over ``files``."""
        return run_ruff(config.root, [f.path for f in files], mode=config.check.ruff, reporter=reporter)

    def scrub(self, catalog: Catalog, reporter: Reporter) -> Catalog:
        """:func:`~docgen.scrub.scrub_catalog`."""
        return scrub_catalog(catalog, reporter)


def analyse(config: Config, reporter: Reporter | None = None, stages: Stages | None = None) -> Catalog:
    """Read the codebase under ``config.root`` and return everything learned about it (with ``stages``)."""
    reporter = reporter or Reporter()
    stages = stages or Stages()
    files, config, code = _read_tree(config, reporter, stages)
    reporter.stage("lint")
    ruff = stages.lint(config, files, reporter)
    reporter.stage("history")
    history = read_history(
        config.root, [f.path for f in files], code.spans, reporter=reporter, churn_commits=config.health.churn_commits
    )
    metadata = project_metadata(config.root)
    pydantic = declared(config.root, "pydantic")  # the packaging is read once for both
    project = Project(
        name=config.site_name or config.root.name,
        frameworks=code.frameworks,
        docgen_version=__version__,
        ruff_version=ruff.version,
        repo_url=config.repo_url or None,
        pydantic=major_version(pydantic),
        pydantic_ceiling=ceiling_of(pydantic),
        package=metadata.name,
        version=metadata.version,
        description=metadata.description,
    )
    config_dir = config.config_file.parent if config.config_file else None
    catalog = Catalog(
        project=project,
        modules=code.modules,
        routes=code.routes,
        apps=code.apps,
        models=code.models,
        symbols=code.symbols,
        findings=select_findings(ruff.findings + code.findings, config.check, config.root, config_dir),
        history=history,
        coverage=code.coverage,
        health=assess_health(code.modules, code.symbols, ruff.complexity if ruff.complexity_ran else None, history),
    )
    catalog = stages.scrub(catalog, reporter)  # secrets masked once, before any output is made
    return replace(catalog, diagnostics=tuple(reporter.diagnostics))


def analyse_code(config: Config, reporter: Reporter) -> CodeAnalysis:
    """Read the code under ``config.root`` without Ruff and git: discover, parse and link only.

    ``docgen diff`` runs this on each side it compares; the facts cache, keyed by content, makes
    the files both sides share cost nothing the second time.
    """
    return _read_tree(config, reporter, Stages())[2]


def _read_tree(config: Config, reporter: Reporter, stages: Stages) -> tuple[list[SourceFile], Config, CodeAnalysis]:
    """Discover, parse and link: the files, the configuration with vendored folders added, what linking found."""
    reporter.stage("discover")
    files, config = stages.discover(config, reporter)
    reporter.stage("parse")
    with _uncollected():
        facts = parse_all(files, config, reporter)
    reporter.stage("link")
    with _long_lived():
        return files, config, stages.read_code(facts, config, reporter)


@contextmanager
def _uncollected() -> Iterator[None]:
    """Keep the cyclic garbage collector from running while the block builds long-lived records (the facts).

    Decoding cached facts makes millions of records that all live on, and makes no reference
    cycles: each full collection the allocations trigger walks every record made so far, for
    nothing (on a 1,800-file tree, a fifth of a warm extract's CPU time). What the block made is
    then frozen (kept out of collections, as :func:`_long_lived` does for the link stage, whose
    end hands it back) and the collector's state restored: enabling it with its counters past
    their thresholds would otherwise start a full collection at once.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


@contextmanager
def _long_lived() -> Iterator[None]:
    """Keep the cyclic garbage collector off what exists now (the facts) while the block runs.

    Linking allocates millions of small objects, and each full collection would walk every record
    of every module's facts again, though they live until the end: a fifth of the link stage's
    time on a large tree. Frozen objects are still freed by reference counting; they are handed
    back to the collector when the block ends.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def discover_code(config: Config, reporter: Reporter) -> tuple[list[SourceFile], Config]:
    """The files to analyse, and the configuration with the tree's vendored package folders as extra paths.

    Vendored packages (a folder of the tree holding ``*.dist-info``) are read as installed ones
    are, under their own import names, and not documented as the project's code.
    """
    tree = discover_tree(config, reporter)
    if tree.installed:
        config = replace(config, extra_paths=(*config.extra_paths, *tree.installed))
    return tree.files, config


@dataclass(frozen=True, slots=True)
class CodeAnalysis:
    """What reading the code found, before Ruff and git.

    Attributes:
        modules: Analysed modules.
        routes: Routes, sorted by path then method.
        apps: The applications serving the routes, sorted by id.
        models: Models, sorted by id.
        symbols: Code symbols, sorted by id.
        findings: docgen's own findings about the code (DG1xx, DG2xx, DG402), suppressions applied.
        spans: Handler id → its definition's span, for per-route history.
        frameworks: Frameworks detected.
        coverage: Docstring coverage.
    """

    modules: tuple[Module, ...]
    routes: tuple[Route, ...]
    apps: tuple[Application, ...]
    models: tuple[Model, ...]
    symbols: tuple[Symbol, ...]
    findings: tuple[Finding, ...]
    spans: dict[str, Location]
    frameworks: tuple[Framework, ...]
    coverage: Coverage


def read_code(facts: list[ModuleFacts], config: Config, reporter: Reporter) -> CodeAnalysis:
    """Name the modules from the tree's imports, link the program, describe its code and check it."""
    facts, names = name_modules(facts, config.root, reporter)
    linked = link_program(facts, config, reporter, names)
    reference = describe_code(linked.context, facts)
    checked = assess(linked.context, reference.modules, reference.symbols, linked.routes, linked.models)
    return CodeAnalysis(
        modules=reference.modules,
        routes=linked.routes,
        apps=linked.apps,
        models=linked.models,
        symbols=reference.symbols,
        findings=checked.findings,
        spans=linked.spans,
        frameworks=linked.frameworks,
        coverage=checked.coverage,
    )


def link_program(
    facts: list[ModuleFacts], config: Config, reporter: Reporter, names: ModuleNames | None = None
) -> Linked:
    """The link stage, given the configured extractors and (with ``extra-paths``) a library parser.

    Plug-ins planted under the analysed tree are not extractors: ``load`` is told where it is.
    """
    analysed = tuple(p for p in (config.root, config.repo_root) if p is not None)
    extractors = load_extractors(config.frameworks, analysed, reporter)
    with LibraryParser(config) if config.extra_paths else nullcontext() as parser:
        return link(facts, config, reporter, extractors, parser, names, pinned_majors(config.root))


PINNED = ("pydantic",)
"""Libraries whose meaning depends on their major version (pydantic 1 reads ``Optional`` fields as optional)."""


def pinned_majors(root: Path) -> dict[str, int]:
    """The major version the project's packaging pins, by library of :data:`PINNED` (absent: not one major)."""
    found = {library: major_version(declared(root, library)) for library in PINNED}
    return {library: major for library, major in found.items() if major is not None}


def release_ceiling(root: Path, library: str) -> str | None:
    """The highest ``major.minor`` release of ``library`` the project's packaging allows, when it bounds one."""
    return ceiling_of(declared(root, library))


def ceiling_of(specifiers: list[str]) -> str | None:
    """The highest ``major.minor`` release ``specifiers`` allow (``"2.3"``), when they bound one."""
    highest = highest_release(specifiers)
    return f"{highest[0]}.{highest[1]}" if highest is not None and highest[1] < ANY_MINOR else None


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a build produced.

    Attributes:
        catalog: The analysed catalog.
        site: Where the site (or the Markdown tree) was published, and its page count.
    """

    catalog: Catalog
    site: SiteResult


def build(
    config: Config,
    site_dir: Path,
    *,
    docs_only: bool = False,
    reporter: Reporter | None = None,
    changelog: Changelog | None = None,
    history: Callable[[Sequence[Route]], ApiHistory] | None = None,
) -> BuildResult:
    """Analyse the codebase and publish its documentation site into ``site_dir``.

    ``changelog`` adds its page; ``history`` gives the routes' history (the releases that added,
    changed and deprecated each), read from the repository's releases before the analysis.
    """
    from docgen.render import render_site  # MkDocs and Jinja load only when a site is built
    from docgen.site import build_site

    reporter = reporter or Reporter()
    check_build(config, site_dir, docs_only=docs_only)
    catalog = analyse(config, reporter)
    if history is not None:
        catalog = replace(catalog, api_history=history(catalog.routes))
    reporter.stage("render")
    rendered = render_site(catalog, config, changelog)
    reporter.stage("site")
    site = build_site(rendered, config, site_dir, docs_only=docs_only, reporter=reporter)
    return BuildResult(catalog=replace(catalog, diagnostics=tuple(reporter.diagnostics)), site=site)


def check_build(config: Config, site_dir: Path, *, docs_only: bool = False) -> None:
    """Fail now, before any analysis, when the site cannot be built: output dir, writability, engine.

    Raises:
        DocgenError: The output dir overlaps the source or cannot be written (B09), or the engine is missing.
    """
    from docgen.publish import probe_writable
    from docgen.site import check_output_dir
    from docgen.site_engines import site_engine

    check_output_dir(config.root, site_dir)
    probe_writable(site_dir)  # a read-only output fails now, not after the whole analysis (B09)
    if not docs_only:
        site_engine(config, site_dir)  # so does a missing engine

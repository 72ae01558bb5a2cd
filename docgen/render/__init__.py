"""The render stage: the catalog as Markdown pages, a nav, ``openapi.json`` and the site's assets.

Rendering is pure: it reads the catalog, the settings and docgen's (or the operator's)
templates, and returns a :class:`RenderedSite` value; the site stage writes and builds it.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from docgen.config import Config
from docgen.errors import BuildError
from docgen.model import Catalog
from docgen.model.changelog import Changelog
from docgen.render import graphql_page
from docgen.render.console_page import console_files, with_console
from docgen.render.environment import RepositoryTemplates, make_environment, sanitise_page, site_template_dir
from docgen.render.links import Lookup, PageLinks
from docgen.render.mkdocs_config import mkdocs_config
from docgen.render.openapi import openapi_json
from docgen.render.pages import plan_site
from docgen.render.reference_view import Hierarchy
from docgen.render.reuse import PageMemo
from docgen.render.sanitize import DocRenderer, neutralise
from docgen.render.source_view import source_files, source_paths

__all__ = ["PageMemo", "RenderedSite", "render_site"]


@dataclass(frozen=True, slots=True)
class RenderedSite:
    """Everything the site stage needs to publish a site.

    Attributes:
        pages: Docs-relative POSIX path → Markdown text.
        nav: The MkDocs nav (lists and one-key dicts of str; labels HTML-escaped).
        files: Docs-relative path → bytes of extra files (``openapi.json``, vendored assets).
        theme_files: Path relative to the theme ``custom_dir`` → bytes (template overrides).
        mkdocs: docgen's ``mkdocs.yml`` as a dict (before merging the user's).
        site_name: The site's display name (plain text).
    """

    pages: dict[str, str]
    nav: list[Any]
    files: dict[str, bytes] = field(default_factory=dict)
    theme_files: dict[str, bytes] = field(default_factory=dict)
    mkdocs: dict[str, Any] = field(default_factory=dict)
    site_name: str = ""


def render_site(
    catalog: Catalog, config: Config, changelog: Changelog | None = None, memo: PageMemo | None = None
) -> RenderedSite:
    """Render every page of the site for ``catalog`` (and a Changelog page for ``changelog``).

    With ``memo`` (the pages of the last render), a page whose inputs are unchanged is not rendered again.

    Raises:
        BuildError: A page template (docgen's or an override) failed.
    """
    plan = with_console(plan_site(catalog, config, changelog), config)
    untrusted = config.templates_dir is not None and config.untrusted("templates_dir")
    env = make_environment(config.templates_dir, contained=untrusted)
    repository = RepositoryTemplates(env, config.templates_dir) if untrusted and config.templates_dir else None
    docs = DocRenderer()
    site_name = config.site_name or catalog.project.name or "API documentation"
    source_targets = source_paths(catalog.modules)
    module_pages = {name: target.page for name, target in plan.index.modules.items()}
    sources = (
        source_files(catalog.modules, config, source_targets, module_pages, site_name)
        if config.site.source_pages
        else {}
    )
    shared = {
        "catalog": catalog,
        "project": catalog.project,
        "history": catalog.history,
        "api_history": catalog.api_history.routes if catalog.api_history else {},
        "doc": docs,
        "options": {
            "mermaid": config.site.mermaid,
            "last_updated": config.site.last_updated,
            "code_samples": config.api.code_samples,
        },
        "hierarchy": Hierarchy(catalog.symbols),
        "sources": {path: page for path, page in source_targets.items() if page in sources},
    }
    pages: dict[str, str] = {}
    if memo is not None:
        memo.start(env, config, site_name)
    for page in plan.pages:
        inputs = memo.inputs(env, page.template, (page.template, page.title, page.context), shared) if memo else ()
        if memo is not None and (kept := memo.reused(page.path, inputs, plan.index)) is not None:
            pages[page.path] = kept
            continue
        lookups: list[Lookup] = []
        links = PageLinks(plan.index, page.path, config, catalog.history, lookups if memo else None)
        try:
            text = env.get_template(page.template).render(shared, **page.context, title=page.title, links=links)
            if repository is not None and repository.used_by(page.template):
                text = sanitise_page(text)
        except jinja2.TemplateError as exc:
            if isinstance(exc, jinja2.TemplateSyntaxError):
                where = f"{Path(exc.filename or exc.name or page.template).name}:{exc.lineno}"
            else:
                where = page.template
            raise BuildError(f"template {where} failed rendering {page.path}: {exc}") from exc
        pages[page.path] = neutralise(text)
        if memo is not None:
            memo.keep(page.path, inputs, lookups, pages[page.path])
    if memo is not None:
        memo.finish()
    template_root = site_template_dir()
    files = {"openapi.json": openapi_json(catalog, config), **_read_tree(template_root / "assets", "assets")}
    files |= console_files(config)
    if graphql_page.has_graphql(catalog.models):
        files[graphql_page.SDL_FILE] = graphql_page.schema_file(catalog.models)
    if not config.site.mermaid:
        files = {path: data for path, data in files.items() if "mermaid" not in path and "svg-pan-zoom" not in path}
    files |= sources
    return RenderedSite(
        pages=pages,
        nav=plan.nav,
        files=files,
        theme_files=_read_tree(template_root / "overrides", ""),
        mkdocs=mkdocs_config(html.escape(site_name, quote=True), plan.nav, config),
        site_name=site_name,
    )


def _read_tree(root: Path, prefix: str) -> dict[str, bytes]:
    """Every regular file under ``root`` by POSIX path (prefixed), in sorted order."""
    if not root.is_dir():
        return {}
    files: dict[str, bytes] = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink()):
        relative = path.relative_to(root).as_posix()
        files[f"{prefix}/{relative}" if prefix else relative] = path.read_bytes()
    return files

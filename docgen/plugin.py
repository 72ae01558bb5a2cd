"""The MkDocs plugin adapter: docgen's generated pages inside a user's own MkDocs site.

``plugins: [search, docgen]`` in a ``mkdocs.yml`` analyses ``source`` (relative to the
``mkdocs.yml``), adds the generated pages and assets as virtual files (never written into
``docs_dir``, so ``mkdocs serve`` does not loop), appends the generated sections to an implicit
nav, watches the source during ``mkdocs serve``, and logs docgen's warnings through MkDocs'
logger, so ``mkdocs build --strict`` counts them. It runs the same pipeline as the CLI.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config import config_options
from mkdocs.config.base import Config as MkDocsConfigBase
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, get_navigation

from docgen.diagnostics import Reporter
from docgen.errors import DocgenError

LOGGER = get_plugin_logger("docgen")


class DocgenPluginConfig(MkDocsConfigBase):
    """Options of the ``docgen`` MkDocs plugin."""

    source = config_options.Type(str, default=".")
    """The directory to analyse, relative to ``mkdocs.yml``."""
    config_file = config_options.Optional(config_options.Type(str))
    """A docgen configuration file (default: searched from ``source``)."""
    section = config_options.Type(str, default="")
    """Put every generated page under this folder of the site (e.g. ``reference``)."""


class DocgenPlugin(BasePlugin[DocgenPluginConfig]):
    """Adds docgen's pages for ``source`` to the MkDocs site being built."""

    def __init__(self) -> None:
        self._pages: dict[str, str] = {}
        self._files: dict[str, bytes] = {}
        self._nav: list[Any] = []
        self._root: Path | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Analyse the source and render the pages, once per build.

        Raises:
            PluginError: docgen could not do the job (bad settings, missing source); one line.
        """
        try:
            return self._analyse(config)
        except DocgenError as exc:
            raise PluginError(f"docgen: {exc}") from exc

    def _analyse(self, config: MkDocsConfig) -> MkDocsConfig:
        from docgen.api import analyse
        from docgen.config import load_config
        from docgen.render import render_site

        base = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        self._root = (base / self.config.source).resolve()
        docgen_config = load_config(
            self._root,
            config_file=(base / self.config.config_file) if self.config.config_file else None,
            overrides={"site_name": config.site_name},
        )
        if not self._root.is_dir():
            raise DocgenError(f"plugin option 'source' names {self.config.source!r}, which is not a directory")
        reporter = Reporter()
        own = logging.getLogger("docgen")
        forward = _ToMkDocs()
        own.addHandler(forward)  # MkDocs counts only its own loggers' warnings (--strict)
        try:
            catalog = analyse(docgen_config, reporter)
        finally:
            own.removeHandler(forward)
        rendered = render_site(catalog, docgen_config)
        prefix = self.config.section.strip("/")
        self._pages = {_under(prefix, name): text for name, text in rendered.pages.items()}
        self._files = {_under(prefix, name): data for name, data in rendered.files.items()}
        self._nav = _prefixed(rendered.nav, prefix)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Add the generated pages and assets as virtual files (user files of the same name win)."""
        for name, text in sorted(self._pages.items()):
            if files.get_file_from_path(name) is None:
                files.append(File.generated(config, name, content=text, inclusion=InclusionLevel.INCLUDED))
        for name, data in sorted(self._files.items()):
            if files.get_file_from_path(name) is None:
                files.append(File.generated(config, name, content=data))
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """With an implicit nav, replace MkDocs' alphabetical one by the user's pages then docgen's."""
        if config.nav is not None:
            return nav
        generated = set(self._pages)
        own = [f.src_uri for f in files.documentation_pages() if f.src_uri not in generated]
        config.nav = [*own, *self._nav]
        return get_navigation(files, config)

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        """Rebuild when the analysed source changes."""
        if self._root is not None:
            server.watch(str(self._root), recursive=True)
        return server


class _ToMkDocs(logging.Handler):
    """Re-logs docgen's diagnostics on MkDocs' plugin logger."""

    def emit(self, record: logging.LogRecord) -> None:
        LOGGER.log(record.levelno, record.getMessage())


def _under(prefix: str, name: str) -> str:
    return f"{prefix}/{name}" if prefix else name


def _prefixed(nav: list[Any], prefix: str) -> list[Any]:
    if not prefix:
        return nav
    out: list[Any] = []
    for item in nav:
        if isinstance(item, str):
            out.append(_under(prefix, item))
        elif isinstance(item, dict):
            out.append({k: _under(prefix, v) if isinstance(v, str) else _prefixed(v, prefix) for k, v in item.items()})
    return out


__all__ = ["DocgenPlugin", "DocgenPluginConfig"]

"""Live preview: build into a temporary directory, serve it on localhost, rebuild on source changes.

Rebuilds go through the same pipeline as ``docgen build``; the per-file facts cache makes them
re-parse only the files that changed. The temporary directory is removed on exit.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from pathlib import Path

from docgen.api import build
from docgen.config import Config
from docgen.diagnostics import Reporter
from docgen.errors import DocgenError

LOGGER = logging.getLogger("docgen")


def serve(config: Config, host: str, port: int, *, open_browser: bool, echo: Callable[[str], None]) -> None:
    """Serve the site of ``config.root`` until interrupted, rebuilding when the source changes."""
    from mkdocs.livereload import LiveReloadServer

    with tempfile.TemporaryDirectory(prefix="docgen-serve-") as tmp:
        site_dir = Path(tmp) / "site"

        def rebuild() -> None:
            try:
                result = build(config, site_dir, reporter=Reporter())
            except DocgenError as exc:  # keep serving the previous site
                LOGGER.error("rebuild failed: %s", exc)
                return
            echo(f"Rebuilt {result.site.pages} pages ({len(result.catalog.routes)} routes)")

        rebuild()
        server = LiveReloadServer(builder=rebuild, host=host, port=port, root=str(site_dir))
        server.watch(str(config.root), recursive=True)
        if config.templates_dir is not None:
            server.watch(str(config.templates_dir), recursive=True)
        echo(f"Serving {config.root.name} on http://{host}:{port}/ (Ctrl+C to stop)")
        try:
            server.serve(open_in_browser=open_browser)
        except KeyboardInterrupt:
            echo("Stopped.")
        finally:
            server.shutdown()

"""Live preview: build into a temporary directory, serve it on localhost, rebuild what a saved change touches.

File events under the source (``.git``, excluded folders, docgen's own sites, the cache and
editors' scratch files left out) are gathered until none has come for :data:`DEBOUNCE` seconds,
then one rebuild runs in a thread of its own (:class:`docgen.preview.Preview`: only the pages
whose Markdown changed are rendered again, built aside and swapped in), while the server goes on
answering with the previous pages. Each rebuild prints one line: what changed, the pages rebuilt
and how long it took. A new syntax error keeps the last good pages and shows a banner naming the
file and line on every page until it is fixed. The temporary directory is removed on exit.
"""

from __future__ import annotations

import fnmatch
import gc
import html
import logging
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.livereload import _SCRIPT_TEMPLATE, LiveReloadServer

from docgen.config import SITE_MARKER, Config
from docgen.errors import DocgenError
from docgen.parse import kept_between_runs
from docgen.parse.cache import default_cache_dir
from docgen.preview import Outcome, Preview, new_diagnostics

LOGGER = logging.getLogger("docgen")
DEBOUNCE = 0.1
"""Seconds without a new file event before a rebuild starts: a burst of saves is one rebuild."""
_ALWAYS_IGNORED = frozenset({".git", ".hg", ".svn", "__pycache__"})
_SCRATCH_SUFFIXES = (".swp", ".swx", ".swo", ".tmp", "~")
_SHOWN_NAMES = 3
RELOAD_SCRIPT = "/.docgen-preview/livereload.js"
"""Where the server answers with MkDocs' reload script, which the pages load as a file."""


class PreviewServer(LiveReloadServer):
    """MkDocs' live-reload server, told by docgen when new pages are in place (it never builds itself).

    Pages are served from ``root`` while a rebuild works; :meth:`published` makes the browsers
    reload, and :attr:`banner` (an error to show) is inserted at the top of every HTML page.
    MkDocs inlines its reload script, which the pages' Content-Security-Policy (``script-src
    'self'``) blocks: here the pages load it from :data:`RELOAD_SCRIPT` instead.
    """

    def __init__(self, host: str, port: int, root: Path) -> None:
        super().__init__(builder=lambda: None, host=host, port=port, root=str(root))
        self._watched_paths[str(root)] = 1  # MkDocs adds the reload script only when it watches something
        self.banner = ""

    def published(self, banner: str = "") -> None:
        """New pages (or a new banner) are in place: answer the browsers' reload polls."""
        with self._epoch_cond:
            self.banner = banner
            epoch = max(self._visible_epoch + 1, round(time.monotonic() * 1000))
            self._wanted_epoch = self._visible_epoch = epoch
            self._epoch_cond.notify_all()

    def _serve_request(self, environ: dict[str, Any], start_response: Any) -> Any:
        if environ.get("PATH_INFO") != RELOAD_SCRIPT:
            return super()._serve_request(environ, start_response)
        query = urllib.parse.parse_qs(environ.get("QUERY_STRING", ""))
        epoch, request = (int(query.get(key, ["0"])[0] or 0) for key in ("epoch", "request"))
        script = _SCRIPT_TEMPLATE.substitute(epoch=epoch, request_id=request).encode()
        start_response("200 OK", [("Content-Type", "application/javascript"), ("Content-Length", str(len(script)))])
        return [script]

    def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
        """The reload script as a file of this server (the pages' CSP forbids inline scripts), and the banner."""
        request = round(time.monotonic() * 1000)
        tags = f'<script src="{RELOAD_SCRIPT}?epoch={epoch}&amp;request={request}"></script>'
        if self.banner:
            tags = (
                '<div class="docgen-preview-error" role="alert" style="position:fixed;top:0;left:0;right:0;'
                "z-index:10000;padding:.6em 1em;background:#b00020;color:#fff;font:14px/1.4 monospace;"
                f'white-space:pre-wrap">{html.escape(self.banner)}</div>{tags}'
            )
        end = content.rfind(b"</body>")
        end = len(content) if end < 0 else end
        return content[:end] + tags.encode() + content[end:]


class Watcher:
    """Gathers the changed files under the watched folders, leaving out what never affects the site."""

    def __init__(self, config: Config, ignored: tuple[Path, ...]) -> None:
        self.roots = tuple(p.resolve() for p in (config.root, config.templates_dir, config.docs_dir) if p)
        self._ignored = tuple(p.resolve() for p in ignored)
        self._excludes = (*config.exclude, *config.extend_exclude)
        self._changes: set[Path] = set()
        self._last = 0.0
        self._cond = threading.Condition()

    def relevant(self, path: Path) -> bool:
        """Whether a change of ``path`` may change the site."""
        name = path.name
        if name.startswith(".#") or name.endswith(_SCRATCH_SUFFIXES) or name == "4913":  # editors' scratch files
            return False
        if name.startswith(".docgen-probe-") or ".docgen.lock" in name:  # a docgen build's lock and write probe
            return False
        if any(path.is_relative_to(p) for p in self._ignored):
            return False
        root = next((r for r in self.roots if path.is_relative_to(r)), None)
        if root is None:
            return False
        folders = path.relative_to(root).parts[:-1]
        if any(part in _ALWAYS_IGNORED or _matches(part, self._excludes) for part in folders):
            return False
        folder = path.parent
        while folder != root and folder.is_relative_to(root):
            if (folder / SITE_MARKER).exists():  # a site docgen built
                return False
            folder = folder.parent
        return True

    def changed(self, *paths: str) -> None:
        """Note file events (watchdog's paths); relevant ones wake :meth:`wait`."""
        found = {Path(p).absolute() for p in paths if p}
        found = {p for p in found if self.relevant(p)}
        if not found:
            return
        with self._cond:
            self._changes |= found
            self._last = time.monotonic()
            self._cond.notify_all()

    def wait(self, stop: threading.Event) -> set[Path]:
        """The files changed, once no event has come for :data:`DEBOUNCE` seconds; empty when ``stop`` is set."""
        with self._cond:
            while not self._changes and not stop.is_set():
                self._cond.wait(0.25)
            while not stop.is_set() and (quiet := time.monotonic() - self._last) < DEBOUNCE:
                self._cond.wait(DEBOUNCE - quiet)
            changes, self._changes = self._changes, set()
        return set() if stop.is_set() else changes

    def schedule(self, observer: Any) -> None:
        """Watch every root with ``observer`` (a watchdog observer)."""
        from watchdog.events import FileSystemEvent, FileSystemEventHandler

        watcher = self

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event: FileSystemEvent) -> None:
                if not event.is_directory and event.event_type != "opened" and event.event_type != "closed_no_write":
                    watcher.changed(str(event.src_path), str(getattr(event, "dest_path", "") or ""))

        for root in self.roots:
            observer.schedule(Handler(), str(root), recursive=True)


def _matches(name: str, patterns: tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatchcase(name, p) for p in patterns)


def describe(changes: set[Path], roots: tuple[Path, ...]) -> str:
    """The changed files by name, relative to their root (the first few, then how many more).

    Files gone by now are named only when nothing else is: most are editors' temporary copies.
    """
    names = []
    for path in {p for p in changes if p.exists()} or changes:
        root = next((r for r in roots if path.is_relative_to(r)), None)
        names.append(path.relative_to(root).as_posix() if root else path.name)
    names.sort()
    shown = ", ".join(names[:_SHOWN_NAMES])
    return shown + (f" and {len(names) - _SHOWN_NAMES} more" if len(names) > _SHOWN_NAMES else "")


def summary(what: str, outcome: Outcome, millis: int) -> str:
    """The one line printed for a rebuild."""
    if outcome.error is not None:
        return f"{what}: not rebuilt, {outcome.error}; the last good pages are served ({millis} ms)"
    kind = "full build" if outcome.full else "incremental"
    return f"{what}: {len(outcome.pages)} of {outcome.total} pages rebuilt ({kind}) in {millis} ms"


class Rebuilder:
    """Rebuilds the preview, prints its line and the diagnostics not printed before, returns the banner to show.

    A rebuild that fails keeps the previous site served and says why on it: a stage's error
    (:class:`DocgenError`) as it is, any other one as an internal error with its traceback in
    the log, so one bad rebuild never stops the ones after it.
    """

    def __init__(self, preview: Preview, echo: Callable[[str], None]) -> None:
        self.preview = preview
        self.echo = echo
        self.printed: set[str] = set()

    def __call__(self, what: str, changes: set[Path] | None = None) -> str:
        """Rebuild for ``what`` changed (as :func:`describe` names them): ``changes``, the paths, when known."""
        started = time.perf_counter()
        collecting = gc.isenabled()
        gc.disable()  # no full collection while the user waits (see settle)
        try:
            outcome = self.preview.rebuild(changes)
        except DocgenError as exc:
            LOGGER.error("rebuild failed: %s", exc)
            return f"docgen could not rebuild the site: {exc}"
        except Exception as exc:  # a defect: keep watching, and say so
            LOGGER.exception("rebuild failed: internal error")
            return f"docgen could not rebuild the site: internal error ({type(exc).__name__}: {exc})"
        finally:
            gc.freeze()
            if collecting:
                gc.enable()
        for text in new_diagnostics(outcome, self.printed):
            self.echo(text)
        self.printed = set(new_diagnostics(outcome, set()))
        self.echo(summary(what, outcome, round((time.perf_counter() - started) * 1000)))
        return "" if outcome.error is None else f"{outcome.error}\nThe pages shown are from the last good build."


COLLECT_EVERY = 16
"""Rebuilds between two full garbage collections of what the preview keeps (see :func:`settle`)."""


def settle(rebuilds: int) -> None:
    """After a rebuild is served: every :data:`COLLECT_EVERY` rebuilds, the one full garbage collection.

    The preview keeps the facts, the catalog and the pages between rebuilds: millions of objects.
    Each rebuild adds enough new ones that every third or so started a full collection walking
    them all (0.6 s on django's package) while the user waited. A rebuild runs with the cyclic
    collector off and ends by freezing what exists (kept out of collections; reference counting
    still frees what is dropped, cycles wait for this pass), see :class:`Rebuilder`; here, after
    the pages are served, all is unfrozen and collected once.
    """
    if rebuilds and rebuilds % COLLECT_EVERY == 0:
        gc.unfreeze()
        gc.collect()
        gc.freeze()


def serve(config: Config, host: str, port: int, *, open_browser: bool, echo: Callable[[str], None]) -> None:
    """Serve the site of ``config.root`` until interrupted, rebuilding when the source changes."""
    from watchdog.observers import Observer

    with tempfile.TemporaryDirectory(prefix="docgen-serve-") as tmp, kept_between_runs(config):
        preview = Preview(config, Path(tmp))
        rebuild = Rebuilder(preview, echo)
        first = rebuild(config.root.name)
        server = PreviewServer(host, port, preview.site)
        server.banner = first
        cache = config.cache_dir or default_cache_dir()
        watcher = Watcher(config, ignored=(Path(tmp), cache))
        observer = Observer()
        watcher.schedule(observer)
        stop = threading.Event()

        def loop() -> None:
            rebuilds = 0
            while changes := watcher.wait(stop):
                server.published(rebuild(describe(changes, watcher.roots), changes))
                rebuilds += 1
                settle(rebuilds)

        builder = threading.Thread(target=loop, name="docgen-rebuild", daemon=True)
        observer.start()
        builder.start()
        echo(f"Serving {config.root.name} on http://{host}:{port}/ (Ctrl+C to stop)")
        try:
            server.serve(open_in_browser=open_browser)
        except KeyboardInterrupt:
            echo("Stopped.")
        finally:
            stop.set()
            observer.stop()
            server.shutdown()
            builder.join(timeout=30)

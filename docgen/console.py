"""The terminal side of the command line: whether to colour, how log lines look, the progress display.

Colour follows ``--color``: ``always``, ``never``, or ``auto`` — on when stderr is a terminal
(not ``TERM=dumb``), unless ``NO_COLOR`` is set; ``FORCE_COLOR`` turns it on anyway
(https://no-color.org, https://force-color.org). The progress display (the stage running, with
a spinner and the time spent) is drawn on stderr only when stderr is a terminal and
``--no-progress`` was not given; it is transient, so what stays on screen is the warnings and
the result. Nothing here is used when docgen runs as a library or a MkDocs plugin.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Mapping
from typing import TextIO

from rich.console import Console
from rich.live import Live
from rich.spinner import Spinner
from rich.text import Text

_LEVELS = {logging.ERROR: ("error", "\x1b[31m"), logging.WARNING: ("warning", "\x1b[33m")}
_RESET = "\x1b[0m"

STAGE_TEXT = {
    "releases": "comparing the releases",
    "discover": "finding files",
    "parse": "parsing",
    "link": "linking routes and models",
    "lint": "running Ruff",
    "history": "reading git history",
    "render": "rendering pages",
    "site": "building the site",
}
"""What the progress display says while each pipeline stage runs."""


def wants_color(choice: str, stream: TextIO, environ: Mapping[str, str] | None = None) -> bool:
    """Whether to colour output on ``stream`` for ``--color choice``."""
    env = os.environ if environ is None else environ
    if choice != "auto":
        return choice == "always"
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR"):
        return True
    return _is_terminal(stream) and env.get("TERM") != "dumb"


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # closed, or not a real file
        return False


class LogFormatter(logging.Formatter):
    """``docgen: warning: message``, the level word coloured when ``color``."""

    def __init__(self, color: bool) -> None:
        super().__init__()
        self.color = color

    def format(self, record: logging.LogRecord) -> str:  # noqa: D102
        word, ansi = _LEVELS.get(record.levelno, ("info", ""))
        if self.color and ansi:
            word = f"{ansi}{word}{_RESET}"
        return f"docgen: {word}: {record.getMessage()}"


class Progress(logging.Handler):
    """The stage being run, on a terminal's stderr; also the log handler while it is shown.

    Log lines go through the same console as the display, so a warning prints above it instead
    of tearing it. ``stage`` is given to :class:`~docgen.diagnostics.Reporter` as ``on_stage``.
    """

    def __init__(self, stream: TextIO, color: bool, enabled: bool) -> None:
        super().__init__()
        self.enabled = enabled
        self.setFormatter(LogFormatter(color))
        self._stream = stream
        self._console = Console(file=stream, force_terminal=enabled, no_color=not color, highlight=False)
        self._live: Live | None = None

    def stage(self, name: str) -> None:
        """Show that stage ``name`` runs (starting the display at the first stage)."""
        if not self.enabled:
            return
        text = f"docgen: {STAGE_TEXT.get(name, name)}…"
        spinner = Spinner("dots", text=text, style="cyan")
        if self._live is None:
            self._live = Live(spinner, console=self._console, transient=True, refresh_per_second=8)
            self._live.start()
        else:
            self._live.update(spinner, refresh=True)

    def stop(self) -> None:
        """Remove the display (it leaves nothing on screen)."""
        if self._live is not None:
            self._live.stop()
            self._live = None

    def emit(self, record: logging.LogRecord) -> None:  # noqa: D102
        try:
            line = self.format(record)
            if self._live is not None:
                self._console.print(Text.from_ansi(line), soft_wrap=True)
            else:
                self._stream.write(line + "\n")
                self._stream.flush()
        except Exception:  # a broken pipe must not become a second error
            self.handleError(record)


def setup_logging(logger: logging.Logger, quiet: bool, verbose: bool, color: str, progress: bool) -> Progress:
    """Docgen's log lines on stderr, through the progress display (drawn only on a terminal)."""
    stream = sys.stderr
    handler = Progress(stream, wants_color(color, stream), progress and not quiet and _is_terminal(stream))
    logger.handlers[:] = [handler]
    logger.propagate = False
    logger.setLevel(logging.ERROR if quiet else logging.DEBUG if verbose else logging.WARNING)
    return handler

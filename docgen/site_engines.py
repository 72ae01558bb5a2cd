"""The site engines: what turns a written project (``docs/``, ``overrides/``, ``mkdocs.yml``) into HTML.

:class:`MkDocsEngine` (the default) runs MkDocs and Material for MkDocs in this process.
:class:`ZensicalEngine` runs Zensical, which reads the same ``mkdocs.yml``, as a child process
(``python -m zensical build``): its Rust core writes its messages to the process's own standard
error, not through Python's logging, and a panic there must not take docgen down. Zensical keeps
an incremental cache keyed by the project's absolute path, so the engine builds in a fixed folder
of docgen's cache dir that it keeps in step with the staged project; the HTML is then moved out
into the staging directory, and :mod:`docgen.site` publishes it as it does MkDocs' output.
Either engine's warnings are re-reported as DG930, and a failure is a
:class:`~docgen.errors.BuildError` naming what Zensical or MkDocs named (the page, the template).
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from docgen.config import Config
from docgen.diagnostics import LOGGER, Code, Reporter
from docgen.errors import BuildError, UsageError
from docgen.model import Stage
from docgen.parse.cache import default_cache_dir

INSTALL_ZENSICAL = "pip install 'docgen-backend[zensical]'"
"""How to install Zensical next to docgen (the ``zensical`` extra)."""
WORK_MARKER = ".docgen-zensical"
"""In every folder Zensical builds in under the cache dir: docgen made it and may empty it."""
_KEPT = frozenset({".cache", "site", WORK_MARKER})
"""Entries of the work folder that are Zensical's (its cache, its output) or the marker, not the project's."""


class SiteEngine(Protocol):
    """Builds the project in a folder (``mkdocs.yml`` at its top) into a new HTML folder."""

    @property
    def name(self) -> str:
        """The engine's name, as the ``engine`` setting spells it."""

    def build(self, project: Path, output: Path, reporter: Reporter) -> None:
        """Build ``project/mkdocs.yml`` into ``output`` (which does not exist yet).

        Raises:
            BuildError: The engine failed; the message names the page or setting when it can.
        """


def zensical_installed() -> bool:
    """Whether Zensical can be run by this interpreter (its package is importable)."""
    return importlib.util.find_spec("zensical") is not None


def site_engine(config: Config, site_dir: Path) -> SiteEngine:
    """The engine ``config.engine`` names, building the site published into ``site_dir``.

    Raises:
        UsageError: The engine is Zensical and it is not installed (the message says how to install it).
    """
    if config.engine == "mkdocs":
        return MkDocsEngine()
    if not zensical_installed():
        raise UsageError(f"engine 'zensical' needs Zensical, which is not installed: {INSTALL_ZENSICAL}")
    key = hashlib.sha256(str(site_dir.resolve()).encode("utf-8")).hexdigest()[:16]
    work = (config.cache_dir or default_cache_dir()).resolve() / "zensical" / key
    if work.is_relative_to(config.root.resolve()):
        LOGGER.info("the cache dir is inside the analysed tree; Zensical builds without its cache")
        return ZensicalEngine()
    return ZensicalEngine(work=work)


@dataclass(frozen=True, slots=True)
class MkDocsEngine:
    """MkDocs and Material for MkDocs, in process."""

    name: str = "mkdocs"

    def build(self, project: Path, output: Path, reporter: Reporter) -> None:
        """Build with :func:`run_mkdocs`."""
        run_mkdocs(project / "mkdocs.yml", output, reporter)


@dataclass(frozen=True, slots=True)
class ZensicalEngine:
    """Zensical, as a child process of this interpreter.

    Attributes:
        work: The folder to build in, so that Zensical's cache makes the next build of the same
            site incremental; None builds in the staged project itself (no cache kept).
        name: The engine's name.
    """

    work: Path | None = None
    name: str = "zensical"

    def build(self, project: Path, output: Path, reporter: Reporter) -> None:
        """Build with ``python -m zensical build`` and move its HTML to ``output``."""
        root = self._root(project)
        built = root / "site"  # Zensical's default site_dir; docgen's mkdocs.yml never sets one
        shutil.rmtree(built, ignore_errors=True)
        command = [sys.executable, "-m", "zensical", "build", "--config-file", str(root / "mkdocs.yml")]
        env = {**os.environ, "NO_COLOR": "1"}
        try:
            done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, errors="replace")
        except OSError as exc:
            raise BuildError(f"Zensical build failed: cannot run {sys.executable}: {exc}") from exc
        warnings, error = read_zensical_output(done.stdout + "\n" + done.stderr)
        for message in warnings:
            reporter.warn(Code.SITE_BUILD_WARNING, message, Stage.SITE)
        if done.returncode != 0 or not built.is_dir():
            detail = error or f"exit status {done.returncode}"
            raise BuildError(f"Zensical build failed: {detail}")
        shutil.move(built, output)

    def _root(self, project: Path) -> Path:
        """Where to build: the work folder brought in step with ``project``, or ``project`` itself."""
        work = self.work
        if work is None:
            return project
        if work.is_dir() and any(work.iterdir()) and not (work / WORK_MARKER).is_file():
            LOGGER.info("%s is not docgen's; Zensical builds without its cache", work)
            return project
        work.mkdir(parents=True, exist_ok=True)
        (work / WORK_MARKER).write_text("Zensical's build folder for one docgen site.\n", encoding="utf-8")
        mirror(project, work)
        return work


def mirror(source: Path, target: Path) -> None:
    """Make the files under ``target`` those of ``source``, writing only what differs.

    Zensical's cache and output (``.cache``, ``site``) and the marker are left alone; files and
    folders ``source`` no longer has are removed, so a page dropped from the site is dropped there.
    """
    wanted = sorted(
        (Path(folder) / name).relative_to(source).as_posix()
        for folder, _dirs, filenames in os.walk(source)
        for name in filenames
    )
    keep = set(wanted)
    folders: list[Path] = []
    for folder, dirnames, filenames in os.walk(target):  # first the stale entries, so no write follows a link
        base = Path(folder)
        if base == target:
            dirnames[:] = [d for d in dirnames if d not in _KEPT]
            filenames = [f for f in filenames if f not in _KEPT]
        for name in list(dirnames):
            path = base / name
            if path.is_symlink():
                path.unlink()
            elif path.relative_to(target).as_posix() in keep:  # a folder where a file is to go
                shutil.rmtree(path)
            else:
                folders.append(path)
                continue
            dirnames.remove(name)
        for name in filenames:
            if (base / name).is_symlink() or (base / name).relative_to(target).as_posix() not in keep:
                (base / name).unlink()
    for path in reversed(folders):  # deepest first
        if not any(path.iterdir()):
            path.rmdir()
    for rel in wanted:
        data, dest = (source / rel).read_bytes(), target / rel
        if not dest.is_file() or dest.read_bytes() != data:
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(data)


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_HEADLINE = re.compile(r"^(Warning|Error):\s*(.+)$")
_WHERE = re.compile(r"╭─\[\s*(.+?)\s*\]")
_SOURCE = re.compile(r"^\s*\d+\s*│ (.*)$")
_FAILURE = re.compile(r"^(?:[A-Za-z_][\w.]*(?:Error|Exception)|Error): (.+)$")
_FIELD = re.compile(r":(\d+):(\d+)$")


def read_zensical_output(text: str) -> tuple[list[str], str]:
    """Zensical's warnings (``page.md:3:5: message: target``) and its last error message in ``text``.

    Zensical prints each issue as a headline (``Warning: page does not exist``), a frame naming the
    page, line and column, and the source line; the error of a failed build is the last
    ``...Error: message`` line of the traceback it prints. Everything else goes to the debug log.
    """
    issues: list[dict[str, str]] = []
    error = ""
    current: dict[str, str] | None = None
    for raw in text.splitlines():
        line = _ANSI.sub("", raw).rstrip()
        if match := _HEADLINE.match(line):
            current = {"kind": match.group(1), "message": match.group(2)}
            issues.append(current)
        elif current is not None and (match := _WHERE.search(line)) and "where" not in current:
            current["where"] = match.group(1)
        elif current is not None and (match := _SOURCE.match(line)) and "source" not in current:
            current["source"] = match.group(1)
        elif match := _FAILURE.match(line.strip()):
            error = match.group(1).removeprefix("Python error: ")
        elif line.strip():
            LOGGER.debug("zensical: %s", line.strip())
    errors = [_issue(i) for i in issues if i["kind"] == "Error"]
    return [_issue(i) for i in issues if i["kind"] == "Warning"], error or "; ".join(errors)


def _issue(issue: dict[str, str]) -> str:
    """One warning's text: where, what, and the link target the column points at."""
    message, where = issue["message"], issue.get("where", "")
    if not where:
        return message
    target = ""
    if (field := _FIELD.search(where)) and "source" in issue:
        rest = issue["source"][int(field.group(2)) - 1 :]
        target = re.split(r"[)\]\s\"'>]", rest, maxsplit=1)[0]
    return f"{where}: {message}" + (f": {target}" if target else "")


class _Capture(logging.Handler):
    """Collects MkDocs' warnings and errors; passes lower levels on to docgen's debug log."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.warnings: list[str] = []
        self.errors: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage().strip()
        if record.levelno >= logging.ERROR:
            self.errors.append(message)
        elif record.levelno >= logging.WARNING:
            self.warnings.append(message)
        else:
            LOGGER.debug("mkdocs: %s", message)


def run_mkdocs(
    config_file: Path, site_dir: Path, reporter: Reporter, *, dirty: bool = False, template_cache: Any = None
) -> None:
    """Build ``config_file`` into ``site_dir`` with MkDocs, reporting its warnings as DG930.

    ``dirty`` (the live preview) keeps ``site_dir`` and renders only the pages whose Markdown is
    newer than their HTML there; MkDocs' warning that it does so is not reported.
    ``template_cache`` (a Jinja bytecode cache) keeps the theme's compiled templates from one
    build to the next.

    Raises:
        BuildError: MkDocs failed; the message names the failing page, plugin or setting.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    capture = _Capture()
    mkdocs_logger = logging.getLogger("mkdocs")
    propagate = mkdocs_logger.propagate
    mkdocs_logger.addHandler(capture)
    mkdocs_logger.propagate = False  # its records are re-reported through docgen's logger
    try:
        cfg = load_config(config_file=str(config_file), site_dir=str(site_dir))
        if template_cache is not None:
            _cache_templates(cfg.theme, template_cache)
        cfg.plugins.on_startup(command="build", dirty=dirty)
        try:
            build(cfg, dirty=dirty)
        finally:
            cfg.plugins.on_shutdown()
    except Exception as exc:  # MkDocs, its plugins and themes raise anything; the build failed
        detail = "; ".join(capture.errors) or f"{type(exc).__name__}: {exc}"
        raise BuildError(f"MkDocs build failed: {detail}") from exc
    finally:
        mkdocs_logger.removeHandler(capture)
        mkdocs_logger.propagate = propagate
        for message in capture.warnings:
            if dirty and message.startswith("A 'dirty' build is being performed"):
                continue
            reporter.warn(Code.SITE_BUILD_WARNING, message, Stage.SITE)


def _cache_templates(theme: Any, cache: Any) -> None:
    """Make the environments ``theme`` creates use ``cache`` for compiled templates."""
    make_env = theme.get_env

    def get_env() -> Any:
        env = make_env()
        env.bytecode_cache = cache
        return env

    theme.get_env = get_env

"""The site stage: check the output location, build with the site engine in a staging dir, scan it, publish it.

The site is built in a staging directory next to the output (same filesystem), scanned for
secrets (SR-18), then swapped in by :mod:`docgen.publish`, so readers and failed builds never see
half a site. docgen only ever replaces a directory carrying its ``.docgen-site`` marker, keeps
every entry of the site it replaces that it did not write (``CNAME``, ``.git``, ``.nojekyll``),
and holds a lock file next to the output while it works.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from docgen.config import Config
from docgen.diagnostics import LOGGER, Code, Reporter
from docgen.errors import BuildError, StrictModeError, UnsafeOutputError, strict_violation
from docgen.model import Stage
from docgen.publish import MARKER, BuildLock, make_staging, publish, remove_stale_staging, write_marker
from docgen.render import RenderedSite
from docgen.render.mkdocs_config import DOCS_DIR, OVERRIDES_DIR, load_user_config, merge_config
from docgen.site_engines import SiteEngine, site_engine
from docgen.site_engines import run_mkdocs as run_mkdocs  # the live preview's and the tests' import
from docgen.site_files import is_credential_file, masked_copy, scan_built_site


@dataclass(frozen=True, slots=True)
class SiteResult:
    """What the site stage published.

    Attributes:
        site_dir: The published directory (resolved).
        pages: Number of Markdown pages in the site.
        docs_only: True when the Markdown tree and mkdocs.yml were published instead of HTML.
        warnings: Number of site build warnings reported as DG930.
    """

    site_dir: Path
    pages: int
    docs_only: bool = False
    warnings: int = 0


def check_output_dir(source_root: Path, site_dir: Path) -> None:
    """Refuse an output location docgen must not write to; call it before writing anything.

    An output inside the source (``./site`` in a project root) is accepted while it is missing,
    empty or docgen's: discovery never analyses a directory holding docgen's marker.

    Raises:
        UnsafeOutputError: ``site_dir`` (symlinks resolved) is ``/``, the home directory or a
            parent of it, is the source directory or holds it, or is an existing non-empty
            directory without docgen's marker (analysed sources or the user's files).
    """
    source = source_root.resolve()
    target = site_dir.resolve()
    home = Path.home().resolve()
    if target == Path(target.anchor) or home.is_relative_to(target):
        raise UnsafeOutputError(f"refusing to write the site to {target}: it is the root or home directory")
    if source.is_relative_to(target):
        raise UnsafeOutputError(f"refusing to write the site to {target}: it overlaps the source directory {source}")
    if target.exists():
        if not target.is_dir():
            raise UnsafeOutputError(f"refusing to write the site to {target}: it exists and is not a directory")
        if not (target / MARKER).is_file() and any(target.iterdir()):
            raise UnsafeOutputError(
                f"refusing to replace {target}: it is not empty and was not created by docgen "
                f"(no {MARKER} file); source is {source}; choose another output (-o) or move its files away"
            )


def build_site(
    rendered: RenderedSite, config: Config, site_dir: Path, *, docs_only: bool = False, reporter: Reporter
) -> SiteResult:
    """Build the site (or only its Markdown tree) and publish it into ``site_dir``.

    Args:
        rendered: The rendered pages, nav, assets and MkDocs settings.
        config: docgen's settings (source root, user mkdocs.yml, docs dir, strict mode, engine).
        site_dir: Where to publish.
        docs_only: Publish the Markdown tree and a ``mkdocs.yml`` instead of HTML (no engine runs).
        reporter: Receives the engine's warnings as DG930.

    Returns:
        Where the site went and how many pages it has.

    Raises:
        UnsafeOutputError: ``site_dir`` is not docgen's to write.
        UsageError: The configured engine is not installed.
        BuildInProgressError: Another build holds the lock.
        BuildError: The engine or a write failed; the previous site is untouched.
        StrictModeError: Strict mode and warnings; nothing was published.
    """
    check_output_dir(config.root, site_dir)
    site_dir = site_dir.resolve()
    engine = None if docs_only else site_engine(config, site_dir)
    warnings_before = len(reporter.diagnostics)
    try:
        site_dir.parent.mkdir(parents=True, exist_ok=True)
        with BuildLock(site_dir.with_name(site_dir.name + ".docgen.lock")):
            remove_stale_staging(site_dir.parent)
            staging = make_staging(site_dir.parent)
            try:
                pages = _build_in(staging, rendered, config, site_dir, engine, reporter)
            finally:
                shutil.rmtree(staging, ignore_errors=True)
    except OSError as exc:
        where = Path(exc.filename).name if exc.filename else site_dir.name
        raise BuildError(f"cannot write {where}: {exc.strerror or exc}; the previous site is unchanged") from exc
    warnings = sum(1 for d in reporter.diagnostics[warnings_before:] if d.code == Code.SITE_BUILD_WARNING)
    return SiteResult(site_dir=site_dir, pages=pages, docs_only=docs_only, warnings=warnings)


def _build_in(
    staging: Path, rendered: RenderedSite, config: Config, site_dir: Path, engine: SiteEngine | None, reporter: Reporter
) -> int:
    """Write, build (unless ``engine`` is None: docs only) and publish from ``staging``; return the page count."""
    project = staging / "project"
    pages = write_project(rendered, config, project, reporter)
    output = project if engine is None else staging / "html"
    _check_strict(config, reporter)
    if engine is not None:
        engine.build(project, output, reporter)
        _check_strict(config, reporter)
    scan_built_site(output, reporter)
    _check_strict(config, reporter)
    write_marker(output)
    publish(output, site_dir, staging, reporter)
    return pages


def _check_strict(config: Config, reporter: Reporter) -> None:
    if (why := strict_violation(config.strict, len(reporter.diagnostics))) is not None:
        raise StrictModeError(f"{why}; the site was not published")


Writer = Callable[[Path, str, bytes], None]
"""Writes bytes to a path relative to a folder (:func:`write_file`, or the preview's, which skips unchanged files)."""


def write_project(
    rendered: RenderedSite, config: Config, project: Path, reporter: Reporter, write: Writer | None = None
) -> int:
    """Write docs/, overrides/ and mkdocs.yml through ``write``; return the number of Markdown pages."""
    write = write or write_file
    docs = project / DOCS_DIR
    for rel, text in sorted(rendered.pages.items()):
        write(docs, rel, text.encode("utf-8"))
    for rel, data in sorted(rendered.files.items()):
        write(docs, rel, data)
    for rel, data in sorted(rendered.theme_files.items()):
        write(project / OVERRIDES_DIR, rel, data)
    extra_pages = []
    if config.docs_dir:
        label = _shown(config.docs_dir, config.root)
        extra_pages = copy_user_docs(config.docs_dir, docs, set(rendered.pages), reporter, label, write)
    settings = dict(rendered.mkdocs)
    if extra_pages:
        settings["nav"] = [settings["nav"][0], {"Guide": extra_pages}, *settings["nav"][1:]]
    if config.mkdocs_config is not None:
        trusted = not config.untrusted("mkdocs_config")
        settings = _merge_user_settings(settings, config.mkdocs_config, reporter, trusted=trusted)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's, when PyYAML has it: the same text, faster
    text = yaml.dump(settings, Dumper=dumper, sort_keys=False, allow_unicode=True, default_flow_style=False)
    write(project, "mkdocs.yml", text.encode("utf-8"))
    return len(rendered.pages) + len(extra_pages)


def copy_user_docs(
    source: Path,
    docs: Path,
    generated: set[str],
    reporter: Reporter,
    label: str = "docs-dir",
    write: Writer | None = None,
) -> list[str]:
    """Copy hand-written pages and assets from ``source`` into the docs tree.

    Credential-looking files and symlinks leading outside ``source`` are skipped with a
    warning; known token formats in text files are masked with a DG401 warning naming the file
    and line (``label`` is how ``source`` is shown). A hand-written page replaces the generated
    page of the same path.

    Returns:
        The docs-relative paths of the hand-written Markdown pages that are not generated ones.
    """
    root = source.resolve()
    if not root.is_dir():
        raise BuildError(f"docs-dir {source.name} is not a directory")
    pages: list[str] = []
    for folder, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in {".git", "__pycache__"})
        for name in sorted(filenames):
            path = Path(folder) / name
            rel = path.relative_to(root).as_posix()
            why = None
            if is_credential_file(rel):
                why = "it looks like a credential file"
            elif path.is_symlink() and not path.resolve().is_relative_to(root):
                why = "symlink leads outside the docs dir"
            if why is not None:
                reporter.warn(Code.SITE_BUILD_WARNING, f"docs-dir/{rel} not copied: {why}", Stage.SITE)
                continue
            if not path.is_file():
                continue
            (write or write_file)(docs, rel, masked_copy(path, f"{label}/{rel}", reporter))
            if rel in generated:
                LOGGER.info("docs-dir/%s replaces the generated page", rel)
            elif rel.endswith(".md"):
                pages.append(rel)
    return pages


def _shown(path: Path, root: Path) -> str:
    """``path`` relative to the repository root when it is inside it, else its name."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.name


def _merge_user_settings(
    settings: dict[str, Any], user_file: Path, reporter: Reporter, *, trusted: bool
) -> dict[str, Any]:
    try:
        user = load_user_config(user_file, trusted=trusted)
    except (OSError, yaml.YAMLError, ValueError) as exc:
        raise BuildError(f"cannot use {user_file.name} (mkdocs-config): {exc}") from exc
    merged, ignored = merge_config(settings, user)
    for key in ignored:
        reporter.warn(
            Code.SITE_BUILD_WARNING,
            f"{user_file.name}: '{key}' is set by docgen; the user value is ignored",
            Stage.SITE,
        )
    return merged


def write_file(root: Path, rel: str, data: bytes) -> None:
    """Write ``data`` to ``root/rel``, refusing paths that would leave ``root``."""
    parts = PurePosixPath(rel).parts
    if not parts or PurePosixPath(rel).is_absolute() or any(p in {"", ".", ".."} for p in parts):
        raise BuildError(f"refusing to write {rel!r}: not a relative path inside the site")
    path = root.joinpath(*parts)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)

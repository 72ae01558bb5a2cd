"""Source pages of the code reference: each analysed module's code, highlighted, one anchor per line.

A reference entry links to ``reference/_source/<file>.html#L-<line>``, so the code is readable
offline, without a repository host. A source page is a static HTML file of its own, written
beside the Markdown pages and copied as it is by the site engine: no Markdown pass, no theme,
no navigation and no search entry, so a large package's source costs a highlight and a file
write per module instead of a second page per module (:mod:`docgen.render.source_html`).
Secrets are masked first (:mod:`docgen.render.source_redact`); a file that cannot be tokenized
gets no page. The code is untrusted: every character of it is escaped.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
from collections.abc import Iterable
from pathlib import Path

from docgen.cachefiles import read_entry, write_entry
from docgen.config import Config
from docgen.model import Module
from docgen.parse.cache import default_cache_dir
from docgen.render.filters import RESERVED_STEMS, SlugRegistry, slugify
from docgen.render.source_html import FORMAT, code_lines, code_runs, document
from docgen.render.source_redact import masked_source
from docgen.scrub import show_invisible

SOURCE_DIR = "reference/_source"
MAX_SOURCE_BYTES = 1_000_000
"""Larger files get no source page (the reference still links to the repository, when set)."""

_CACHE = "source-runs"
"""Folder of the cache dir holding each source text's highlighted runs, by the text's digest.

Entries are data (JSON lists of class and text), never markup: the HTML is made from them, escaped,
on every build, so a planted entry cannot put markup on a page."""


def source_paths(modules: Iterable[Module]) -> dict[str, str]:
    """The source page of each module's file: repo-relative path → docs-relative page path."""
    slugs = SlugRegistry(RESERVED_STEMS)
    return {
        path: f"{SOURCE_DIR}/{slugs.claim(slugify(path.replace('/', '.'), keep_dots=True))}.html"
        for path in sorted({m.path for m in modules})
    }


def read_source(root: Path, path: str) -> str | None:
    """The text of ``root/path``; None when missing, too large, not UTF-8, or (through links) outside ``root``."""
    base = root.resolve()
    target = (root / path).resolve()
    if not target.is_relative_to(base) or not target.is_file():
        return None
    try:
        if target.stat().st_size > MAX_SOURCE_BYTES:
            return None
        return target.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def highlighted(code: str) -> str:
    """``code`` as highlighted HTML lines, each after its anchored number (``#L-12``), everything escaped.

    Bidi and zero-width characters are shown as visible escapes, as everywhere else (Trojan Source).
    """
    return code_lines(code_runs(show_invisible(code)))


def page_dir(page: str) -> str:
    """The folder a docs-relative Markdown page is published as (``reference/a.md`` → ``reference/a``).

    The site's URLs are directory URLs: the page is that folder's ``index.html``.
    """
    stem = page.removesuffix(".md")
    return (posixpath.dirname(stem) or ".") if posixpath.basename(stem) == "index" else stem


def source_files(
    modules: Iterable[Module], config: Config, paths: dict[str, str], module_pages: dict[str, str], site_name: str
) -> dict[str, bytes]:
    """The HTML of every source page ``paths`` plans whose file can be read under the analysed root.

    Args:
        modules: The analysed modules.
        config: The settings (the analysed root, the cache dir).
        paths: Repo-relative file → docs-relative source page (:func:`source_paths`).
        module_pages: Module name → its docs-relative reference page, which the source page links back to.
        site_name: The site's display name (plain text).
    """
    files: dict[str, bytes] = {}
    names = {m.path: m.name for m in modules}
    cache: Path | None = (config.cache_dir or default_cache_dir()).resolve() / _CACHE
    if cache is not None and cache.is_relative_to(config.root.resolve()):
        cache = None  # never written into the analysed tree, as the facts cache is not
    for path, page in paths.items():
        text = read_source(config.root, path)
        if text is None or (lines := _lines(text, cache)) is None:
            continue
        name = names.get(path, path)
        here = posixpath.dirname(page)
        back = module_pages.get(name)
        files[page] = document(
            title=f"Source of {name}",
            path=path,
            lines=lines,
            site_name=site_name,
            root=posixpath.relpath(".", here) + "/",
            module=posixpath.relpath(page_dir(back), here) + "/" if back else None,
        ).encode("utf-8")
    return files


def _lines(text: str, cache: Path | None) -> str | None:
    """The highlighted lines of a file's text (masked first); its runs are kept in the cache by the text's digest."""
    entry = cache / hashlib.sha256(f"{FORMAT}\0{text}".encode()).hexdigest() if cache else None
    runs = _read_runs(entry) if entry else None
    if runs is None:
        code = masked_source(text)
        if code is None:
            return None
        runs = code_runs(show_invisible(code))
        if entry:
            write_entry(entry, json.dumps(runs, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    return code_lines(runs)


def _read_runs(entry: Path) -> list[tuple[str, str]] | None:
    """The runs kept at ``entry``; None when absent or not a list of pairs of strings (a miss)."""
    data = read_entry(entry, 16 * MAX_SOURCE_BYTES)
    if data is None:
        return None
    try:
        runs = json.loads(data)
    except ValueError:
        return None
    if not isinstance(runs, list) or not all(
        isinstance(r, list) and len(r) == 2 and isinstance(r[0], str) and isinstance(r[1], str) for r in runs
    ):
        return None
    return [(r[0], r[1]) for r in runs]

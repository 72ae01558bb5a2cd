"""The API of a released tree (its routes and models), cached by its analysed files, settings and docgen's code.

A release's tree never changes, so a site build need not analyse it again: the entry is found
by a digest of the tree's files (path and blob id, the configuration files among them), the
settings it was analysed with (paths relative to the tree) and docgen's own source files, so
an edit of docgen's code or a setting is a miss. Entries are JSON data decoded into the
catalog's record types only; anything else at an entry's place (truncated, of another
format, a symlink, a FIFO) is a miss, and the next store replaces it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docgen import __version__
from docgen.cachefiles import read_entry, write_entry
from docgen.config import Config
from docgen.model import Model, Route
from docgen.model.codec import from_data, to_data

FORMAT = 1
"""Bumped whenever an entry's layout changes."""

_MAX_ENTRY = 256 * 1024**2
_UNKEYED = frozenset({"root", "config_file", "repo_root", "repo_settings", "trust_repo_config", "cache_dir"})
"""Settings that say where things are, not what is found (the tree's own paths are keyed relative to it)."""


@dataclass(frozen=True, slots=True)
class ApiSnapshot:
    """What the comparison reads of one side: its routes and models.

    Attributes:
        routes: The routes served.
        models: The models their bodies refer to.
    """

    routes: tuple[Route, ...] = ()
    models: tuple[Model, ...] = ()


class ReleaseCache:
    """A directory of released trees' APIs, one JSON entry per (files, settings, docgen code).

    Attributes:
        folder: The directory of this format's entries.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder / f"releases-{__version__}-{FORMAT}"
        self._code = _code_digest()

    def key(self, files: Sequence[tuple[str, str]], config: Config) -> str:
        """The entry's key for a tree of ``files`` (path, blob id) analysed with ``config``."""
        settings = {f.name: _keyed(getattr(config, f.name), config.root) for f in dataclasses.fields(config)}
        text = json.dumps(
            [self._code, list(files), {k: v for k, v in settings.items() if k not in _UNKEYED}], default=repr
        )
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def get(self, key: str) -> ApiSnapshot | None:
        """The snapshot stored under ``key``; None when absent or not a valid entry for it."""
        data = read_entry(self.folder / key[:2] / f"{key}.json", _MAX_ENTRY)
        if data is None:
            return None
        try:
            entry = json.loads(data)
            if entry["format"] != FORMAT or entry["key"] != key:
                return None
            return from_data(ApiSnapshot, entry["api"])
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
            return None

    def put(self, key: str, snapshot: ApiSnapshot) -> None:
        """Store ``snapshot`` atomically; a failure to write only costs a future analysis."""
        try:
            data = json.dumps({"format": FORMAT, "key": key, "api": to_data(snapshot)}, ensure_ascii=False)
            encoded = data.encode("utf-8")
        except (TypeError, ValueError, UnicodeEncodeError):
            return
        write_entry(self.folder / key[:2] / f"{key}.json", encoded)


def _keyed(value: Any, root: Path) -> Any:
    """A setting as the key holds it: paths inside the tree relative to it, other values as they are."""
    if isinstance(value, Path):
        return value.relative_to(root).as_posix() if value.is_relative_to(root) else value.as_posix()
    if isinstance(value, tuple):
        return [_keyed(v, root) for v in value]
    return value


def _code_digest() -> str:
    """A digest of docgen's own source files (name, size and modification time of each)."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        try:
            info = path.stat()
        except OSError:
            continue
        digest.update(f"{path.relative_to(package).as_posix()}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()

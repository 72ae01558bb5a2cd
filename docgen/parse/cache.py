"""The per-file facts cache: ModuleFacts keyed by content hash, stored outside the analysed tree."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from docgen import __version__
from docgen.cachefiles import read_entry, write_entry
from docgen.diagnostics import Code, Reporter
from docgen.model import Stage
from docgen.model.facts import FACTS_VERSION, ModuleFacts
from docgen.model.facts_codec import FactsDecodeError, decode_facts, encode_facts
from docgen.model.source import SourceFile

_SUFFIX = ".facts"
_MAX_ENTRY = 256 * 1024**2
"""A larger file at an entry's place was not written by docgen (entries are about the source's size)."""


def default_cache_dir() -> Path:
    """``$DOCGEN_CACHE_DIR``, else ``$XDG_CACHE_HOME/docgen``, else ``~/.cache/docgen``."""
    if explicit := os.environ.get("DOCGEN_CACHE_DIR"):
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "docgen"


@dataclass(frozen=True, slots=True)
class FactsCache:
    """A directory of facts entries, one file per (docgen version, path, module, content).

    Entries are data, never code (see :mod:`docgen.model.facts_codec`): versioned, digest-checked
    MessagePack that decodes only into the facts record classes. Anything else found at an
    entry's place (truncated, corrupt, of another version, a planted file, a symlink or a FIFO)
    is a cache miss, and the next :meth:`put` replaces it.

    Attributes:
        folder: The cache directory for this docgen version.
    """

    folder: Path

    @classmethod
    def open(cls, folder: Path, root: Path, reporter: Reporter) -> FactsCache | None:
        """The cache under ``folder``, or None (with a warning) when it cannot be used safely."""
        folder = folder.resolve()
        if folder.is_relative_to(root.resolve()):
            reporter.warn(
                Code.FILE_CHANGED, f"cache dir {folder.name} is inside the analysed tree; caching off", Stage.PARSE
            )
            return None
        versioned = folder / f"facts-{__version__}-{FACTS_VERSION}"
        try:
            versioned.mkdir(parents=True, exist_ok=True)
        except OSError:
            return None
        return cls(versioned)

    def _file(self, path: str, module: str, is_package: bool, sha: str) -> Path:
        key = hashlib.sha256(f"{path}\0{module}\0{is_package}\0{sha}".encode()).hexdigest()
        return self.folder / key[:2] / f"{key}{_SUFFIX}"

    def get(self, file: SourceFile) -> ModuleFacts | None:
        """The cached facts of ``file``; None when absent or not a valid entry for this file."""
        data = read_entry(self._file(file.path, file.module, file.is_package, file.sha), _MAX_ENTRY)
        if data is None:
            return None
        try:
            facts = decode_facts(data)
        except FactsDecodeError:
            return None
        wanted = (file.path, file.module, file.is_package, file.sha)
        return facts if (facts.path, facts.module, facts.is_package, facts.sha) == wanted else None

    def put(self, facts: ModuleFacts) -> None:
        """Store ``facts`` atomically; a failure to write only costs a future re-parse."""
        try:
            data = encode_facts(facts)
        except (TypeError, ValueError, OverflowError, RecursionError):
            return  # e.g. a string with a lone surrogate, which MessagePack cannot hold
        self.store(facts, data)

    def store(self, facts: ModuleFacts, data: bytes) -> None:
        """Store ``data``, the :func:`~docgen.model.facts_codec.encode_facts` of ``facts``, as :meth:`put` does."""
        write_entry(self._file(facts.path, facts.module, facts.is_package, facts.sha), data)

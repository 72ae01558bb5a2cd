"""The per-file facts cache: ModuleFacts keyed by content hash, stored outside the analysed tree."""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from dataclasses import dataclass
from pathlib import Path

from docgen import __version__
from docgen.diagnostics import Reporter
from docgen.discover import SourceFile
from docgen.model import Stage
from docgen.model.facts import FACTS_VERSION, ModuleFacts


def default_cache_dir() -> Path:
    """``$DOCGEN_CACHE_DIR``, else ``$XDG_CACHE_HOME/docgen``, else ``~/.cache/docgen``."""
    if explicit := os.environ.get("DOCGEN_CACHE_DIR"):
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "docgen"


@dataclass(frozen=True, slots=True)
class FactsCache:
    """A directory of pickled facts, one file per (docgen version, path, module, content).

    Only docgen writes there, and it is never inside the analysed tree, so unpickling reads
    docgen's own output, never the analysed repository's files.

    Attributes:
        folder: The cache directory for this docgen version.
    """

    folder: Path

    @classmethod
    def open(cls, folder: Path, root: Path, reporter: Reporter) -> FactsCache | None:
        """The cache under ``folder``, or None (with a warning) when it cannot be used safely."""
        folder = folder.resolve()
        if folder.is_relative_to(root.resolve()):
            reporter.warn("DG906", f"cache dir {folder.name} is inside the analysed tree; caching off", Stage.PARSE)
            return None
        versioned = folder / f"facts-{__version__}-{FACTS_VERSION}"
        try:
            versioned.mkdir(parents=True, exist_ok=True)
        except OSError:
            return None
        return cls(versioned)

    def _file(self, path: str, module: str, is_package: bool, sha: str) -> Path:
        key = hashlib.sha256(f"{path}\0{module}\0{is_package}\0{sha}".encode()).hexdigest()
        return self.folder / key[:2] / f"{key}.pickle"

    def get(self, file: SourceFile) -> ModuleFacts | None:
        """The cached facts of ``file``, if present and readable."""
        try:
            data = self._file(file.path, file.module, file.is_package, file.sha).read_bytes()
            facts = pickle.loads(data)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError, ValueError):
            return None
        return facts if isinstance(facts, ModuleFacts) else None

    def put(self, facts: ModuleFacts) -> None:
        """Store ``facts`` atomically; a failure to write only costs a future re-parse."""
        target = self._file(facts.path, facts.module, facts.is_package, facts.sha)
        try:
            target.parent.mkdir(exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
            with os.fdopen(fd, "wb") as out:
                pickle.dump(facts, out, protocol=pickle.HIGHEST_PROTOCOL)
            Path(tmp).replace(target)
        except (OSError, pickle.PicklingError, RecursionError):
            return

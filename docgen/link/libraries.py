"""Third-party source read for resolution only: what the analysed code imports from installed packages.

``extra-paths`` names directories of source outside the analysed tree: a virtualenv, a
``site-packages`` folder, vendored code. When linking meets an import the analysed code cannot
satisfy (``include("django_rq.urls")``, ``from fastapi_users import FastAPIUsers``), the module is
looked up there the way the import system would (``pkg/mod.py``, ``pkg/mod/__init__.py``), parsed
through the facts cache, and linked like any other module. It is never imported or run, and
nothing in it is documented for its own sake: its routes appear only when the analysed code
mounts them, and its models, symbols and findings never do.

Two kinds of package are never read, so their names stay the external names extractors
recognise: the standard library, and the packages an extractor models natively
(:attr:`docgen.link.contract.Extractor.packages`, e.g. Django or FastAPI themselves).
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from docgen.diagnostics import Code, Reporter
from docgen.model import Location, Stage
from docgen.model.facts import ModuleFacts
from docgen.model.source import SourceFile

Parser = Callable[[SourceFile], ModuleFacts]
"""Parses one library file (through the facts cache)."""


def search_roots(paths: Iterable[Path], reporter: Reporter) -> tuple[Path, ...]:
    """The directories modules are looked up in, in order, from the configured ``extra-paths``.

    A virtualenv (a directory with ``pyvenv.cfg``) stands for its ``site-packages``. Plain path
    lines of ``.pth`` files there (editable installs) are followed; lines that would run code
    (``import ...``) are not.
    """
    roots: list[Path] = []
    for path in paths:
        if not path.is_dir():
            reporter.warn(Code.EXTRA_PATH_UNUSABLE, f"extra path {path} is not a directory; ignored", Stage.LINK)
            continue
        found = _site_packages(path) if (path / "pyvenv.cfg").is_file() else [path]
        if not found:
            reporter.warn(Code.EXTRA_PATH_UNUSABLE, f"virtualenv {path} has no site-packages; ignored", Stage.LINK)
        for folder in found:
            roots += [folder, *_pth_dirs(folder)]
    return tuple(dict.fromkeys(r.resolve() for r in roots))


def _site_packages(venv: Path) -> list[Path]:
    return sorted(venv.glob("lib/python3*/site-packages")) + sorted(venv.glob("Lib/site-packages"))


def _pth_dirs(folder: Path) -> list[Path]:
    dirs: list[Path] = []
    for pth in sorted(folder.glob("*.pth")):
        try:
            lines = pth.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            continue
        for line in lines:
            line = line.strip()
            if line and not line.startswith(("#", "import ", "import\t")) and (target := folder / line).is_dir():
                dirs.append(target)
    return dirs


class Libraries:
    """Finds and parses modules under the search roots, on demand.

    Args:
        roots: Directories to search, in order (see :func:`search_roots`).
        native: Top-level packages never read (extractors know them by name).
        readable: Modules under ``native`` packages read all the same (with their submodules).
        parse: Turns a found file into facts.
        max_file_bytes: Larger files are not read.
        reporter: Where unreadable modules are reported (once each).
        analysed: The analysed files: never read again as library code (an editable install's
            ``.pth`` points into the tree, where modules have other names).
    """

    def __init__(
        self,
        roots: tuple[Path, ...],
        native: frozenset[str],
        parse: Parser,
        max_file_bytes: int,
        reporter: Reporter,
        analysed: Iterable[Path] = (),
        readable: frozenset[str] = frozenset(),
    ) -> None:
        self.roots = roots
        self._readable = readable
        self._analysed = frozenset(p.resolve() for p in analysed)
        self._skip = native | frozenset(sys.stdlib_module_names)
        self._parse = parse
        self._max_bytes = max_file_bytes
        self._reporter = reporter

    def load(self, module: str) -> ModuleFacts | None:
        """The facts of ``module`` from the first root that has it, or None."""
        parts = module.split(".")
        skipped = parts[0] in self._skip and not any(module == r or module.startswith(f"{r}.") for r in self._readable)
        if not self.roots or skipped or not all(p.isidentifier() for p in parts):
            return None
        for root in self.roots:
            package = root.joinpath(*parts, "__init__.py")
            if package.is_file():
                return self._read(root, package, module, is_package=True)
            plain = root.joinpath(*parts[:-1], f"{parts[-1]}.py")
            if plain.is_file():
                return self._read(root, plain, module, is_package=False)
        return None

    def _inside_analysed(self, path: Path) -> bool:
        """Whether ``path`` is one of the analysed files (a vendored package folder's are not)."""
        return path.resolve() in self._analysed

    def _read(self, root: Path, path: Path, module: str, is_package: bool) -> ModuleFacts | None:
        if self._inside_analysed(path):
            return None
        where = Location(f"{root.name}/{path.relative_to(root).as_posix()}")
        try:
            if path.stat().st_size > self._max_bytes:
                raise OSError("larger than max-file-bytes")
            data = path.read_bytes()
        except OSError as exc:
            self._reporter.warn(
                Code.EXTRA_PATH_UNUSABLE, f"third-party module {module} not read: {exc}", Stage.LINK, where
            )
            return None
        file = SourceFile(path.as_posix(), path, module, is_package, data, hashlib.sha256(data).hexdigest())
        facts = self._parse(file)
        if not facts.parsed:
            self._reporter.warn(
                Code.EXTRA_PATH_UNUSABLE, f"third-party module {module} could not be parsed", Stage.LINK, where
            )
            return None
        return facts

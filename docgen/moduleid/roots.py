"""Import roots: the directory on ``sys.path`` each part of the tree is imported from, judged by the tree's imports.

The layout (:mod:`docgen.moduleid.layout`) names a file from the directory above the top of its
``__init__.py`` chain. Above that directory Python may still go on through namespace packages
(PEP 420: ``src/company/app/`` with no ``company/__init__.py``, a ``feature/`` folder without one
inside a package), or stop there because that directory is on ``sys.path`` (each service of a
repository, a folder of scripts). The layout cannot tell these apart; the code can: a file whose
path below a directory R is ``a/b/c.py`` and that the tree imports as ``a.b.c`` is imported from
R. So each group of files the layout names from one directory (a :class:`Unit`) takes, among that
directory and its ancestors, the one its files are imported from most often; relative imports
that leave a unit tie it to the root of the unit they reach, and a relative import needs the
packages it climbs. Without evidence a unit keeps the layout's names, and a Django project root
(which Django itself puts on ``sys.path``) is never moved.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from docgen.model.facts import ClassDef, For, FunctionDef, Import, ModuleFacts, Stmt
from docgen.moduleid.layout import import_root, is_django_project, is_identifier_path, package_of, relative_base

MAX_CANDIDATES = 16
"""Most ancestors of a unit's directory considered as its import root."""


@dataclass(slots=True)
class Unit:
    """The files the layout names from one directory, and the import root chosen for them.

    Attributes:
        start: The directory the layout names the files from.
        files: Their facts, with the layout's names.
        candidates: Directories they may be imported from: ``start``, then its ancestors, nearest
            first, as long as every directory between is a valid package name.
        fixed: Whether ``start`` is a Django project root (kept whatever the imports say).
        root: The chosen import root, one of ``candidates``.
        hits: How many imports of the tree name the files from each candidate.
    """

    start: Path
    files: list[ModuleFacts] = field(default_factory=list)
    candidates: tuple[Path, ...] = ()
    fixed: bool = False
    root: Path = Path()
    hits: dict[Path, int] = field(default_factory=dict)

    def prefix(self, root: Path) -> str:
        """The dotted package path from ``root`` down to ``start`` (empty when they are one)."""
        return ".".join(self.start.relative_to(root).parts)

    def name_from(self, root: Path, file: ModuleFacts) -> str:
        """The name ``file`` has when imported from ``root``."""
        prefix = self.prefix(root)
        return f"{prefix}.{file.module}" if prefix and file.module else prefix or file.module


def iter_imports(body: tuple[Stmt, ...]) -> Iterator[Import]:
    """Every import of a body, in nested function, class and loop bodies too."""
    for stmt in body:
        if isinstance(stmt, Import):
            yield stmt
        elif isinstance(stmt, FunctionDef | ClassDef | For):
            yield from iter_imports(stmt.body)


def relative_parts(file: ModuleFacts, stmt: Import) -> list[str]:
    """What a relative import wrote after its dots (``models`` of ``from ..models import x``)."""
    base = relative_base(package_of(file.module, file.is_package), stmt.level)
    parts = stmt.module.split(".") if stmt.module else []
    return parts[len(base) :]


def relative_target(path: Path, stmt: Import, written: list[str]) -> Path:
    """The directory, or module path without its suffix, a relative import in the file at ``path`` names."""
    folder = path.parent
    for _ in range(stmt.level - 1):
        folder = folder.parent
    return folder.joinpath(*written)


def module_path(path: Path, file: ModuleFacts) -> Path:
    """A file's path as imports name it: without ``.py``, a package's ``__init__`` as its directory."""
    return path.parent if file.is_package else path.with_suffix("")


def units_of(facts: list[ModuleFacts], root: Path) -> list[Unit]:
    """The files grouped by the directory the layout names them from, each with its candidate roots."""
    units: dict[Path, Unit] = {}
    for file in facts:
        start = import_root(root / file.path, file.module, file.is_package)
        units.setdefault(start, Unit(start)).files.append(file)
    for unit in units.values():
        unit.candidates = _candidates(unit.start)
        unit.fixed = is_django_project(unit.start)
        unit.root = unit.start
    return sorted(units.values(), key=lambda u: (len(u.start.parts), str(u.start)))


def _candidates(start: Path) -> tuple[Path, ...]:
    found = [start]
    for folder in start.parents[: MAX_CANDIDATES - 1]:
        if not is_identifier_path(start.relative_to(folder).parts):
            break
        found.append(folder)
    return tuple(found)


def choose_roots(units: list[Unit], root: Path) -> None:
    """Set each unit's import root from the imports of the whole tree (outer units first)."""
    imports = {f.path: list(iter_imports(f.body)) for unit in units for f in unit.files}
    absolute: Counter[str] = Counter()
    for found in imports.values():
        for stmt in found:
            if stmt.level == 0:
                absolute[stmt.module] += 1
                if stmt.name not in (None, "*"):
                    absolute[f"{stmt.module}.{stmt.name}"] += 1
    owner = {module_path(root / f.path, f): unit for unit in units for f in unit.files}
    folders = {(root / f.path).parent: unit for unit in units for f in unit.files}
    packages = {(root / f.path).parent for unit in units for f in unit.files if f.is_package}
    links = _links(units, imports, owner, root)
    decided = {id(unit) for unit in units if unit.fixed}
    for unit in units:
        unit.hits = {c: sum(absolute[unit.name_from(c, f)] for f in unit.files) for c in unit.candidates}
        if not unit.fixed:
            tied = [other for other in links.get(id(unit), []) if id(other) in decided]
            inside = unit.start.parent in packages  # a folder without __init__.py in a regular package
            unit.root = _choose(unit, _packages_needed(unit, imports), tied, _enclosing(unit, folders), inside)
            decided.add(id(unit))


def _links(
    units: list[Unit], imports: dict[str, list[Import]], owner: dict[Path, Unit], root: Path
) -> dict[int, list[Unit]]:
    """For each unit, the other units its files reach with relative imports or are reached from."""
    links: dict[int, list[Unit]] = {}
    for unit in units:
        for file in unit.files:
            path = root / file.path
            for stmt in imports[file.path]:
                if stmt.level == 0:
                    continue
                target = relative_target(path, stmt, relative_parts(file, stmt))
                other = owner.get(target) or (owner.get(target / stmt.name) if stmt.name not in (None, "*") else None)
                if other is not None and other is not unit:
                    links.setdefault(id(unit), []).append(other)
                    links.setdefault(id(other), []).append(unit)
    return links


def _choose(unit: Unit, need: int, tied: list[Unit], enclosing: Unit | None, inside: bool) -> Path:
    """The candidate most imports agree with, among those ``need`` package levels or more above ``start``.

    A relative import between the unit and one decided before counts as an import naming the
    files from that unit's root. Ties go to the layout's own directory, then to the root of the
    unit holding the directory above (a subdirectory inherits it), then to the nearest; for a
    folder without ``__init__.py`` inside a regular package (``inside``) the inherited root comes
    first: Python imports it as a namespace subpackage of that package (``pkg.feature.views``).
    """
    valid = [c for c in unit.candidates if len(unit.start.relative_to(c).parts) >= need]
    if not valid:
        return unit.start
    votes = Counter(other.root for other in tied)

    def rank(candidate: Path) -> tuple[int, int, int]:
        score = unit.hits[candidate] + votes[candidate]
        inherited = enclosing is not None and candidate == enclosing.root
        first, second = (inherited, candidate == unit.start) if inside else (candidate == unit.start, inherited)
        return -score, 0 if first else 1 if second else 2, unit.candidates.index(candidate)

    return min(valid, key=rank)


def _packages_needed(unit: Unit, imports: dict[str, list[Import]]) -> int:
    """How many package levels above ``start`` the unit's relative imports climb (0: none)."""
    need = 0
    for file in unit.files:
        package = package_of(file.module, file.is_package)
        depth = package.count(".") + 1 if package else 0
        for stmt in imports[file.path]:
            if stmt.level:
                need = max(need, stmt.level - depth)
    return need


def _enclosing(unit: Unit, folders: dict[Path, Unit]) -> Unit | None:
    """The unit with files in the nearest directory above ``start`` (a subdirectory's parent unit)."""
    for folder in unit.start.parents:
        other = folders.get(folder)
        if other is not None and other is not unit:
            return other
    return None

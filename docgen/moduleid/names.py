"""Module names: the name each analysed file has in the catalog, and the other names the tree imports it by.

A file's name is its path below its import root (:mod:`docgen.moduleid.roots`). Two files of
different roots can have one name (``app.models`` of each service of a repository): then both
are kept, named from the nearest directory holding both roots (``orders.app.models``,
``users.app.models``), with a DG942 naming the files, and each file's imports still resolve from
its own root. A module shadowed by a package of its name (``x.py`` beside ``x/__init__.py``) is
never imported by Python: it is reported and left out.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from docgen.diagnostics import Code, Reporter
from docgen.model import Diagnostic, Location, Severity, Stage
from docgen.model.facts import ModuleFacts
from docgen.moduleid.rewrite import paths_named, renamed
from docgen.moduleid.roots import Unit, choose_roots, units_of

MAX_LISTED = 4
"""Most file paths or names a diagnostic lists."""

Clash = tuple[str, list[tuple[Unit, ModuleFacts]]]
"""A name given to files of different import roots, with each file and its unit."""


@dataclass(frozen=True, slots=True)
class ModuleNames:
    """How names written in the analysed code lead to the names docgen gave its files.

    Attributes:
        paths: A module's path (without ``.py``; a package as its directory) or a directory of
            the tree → the name docgen gave it.
        roots: A module's name → the directory it is imported from (where its absolute imports start).
        aliases: A name that one file has from another import root the tree uses → the file's
            name (``label_studio.core.utils`` → ``core.utils`` in a Django project that is a
            package too).
        shared: A name several files have, each from its own import root → their paths.
    """

    paths: Mapping[Path, str] = field(default_factory=dict)
    roots: Mapping[str, Path] = field(default_factory=dict)
    aliases: Mapping[str, str] = field(default_factory=dict)
    shared: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def resolve(self, name: str, importer: str | None = None) -> str:
        """The name docgen gave the module that ``importer`` (a module's name) imports as ``name``.

        As Python does, from the importer's own import root first; then by the names the tree's
        files have from the other roots it imports them from; else ``name`` is not the tree's.
        """
        root = self.roots.get(importer) if importer is not None else None
        if root is not None and name:
            found = self.paths.get(root.joinpath(*name.split(".")))
            if found is not None:
                return found
        return self.aliases.get(name, name)

    def sharing(self, dotted: str) -> tuple[str, tuple[str, ...]] | None:
        """The name several files have that ``dotted`` is, or is an attribute of, and those files' paths."""
        parts = dotted.split(".")
        for end in range(len(parts), 0, -1):
            module = ".".join(parts[:end])
            if module in self.shared:
                return module, self.shared[module]
        return None


def name_modules(facts: list[ModuleFacts], root: Path, reporter: Reporter) -> tuple[list[ModuleFacts], ModuleNames]:
    """The facts under their final names, with imports resolved, and how the tree's names lead to them."""
    units = units_of(facts, root)
    choose_roots(units, root)
    naming = _naming_roots(units, root, reporter)
    names = {f.path: unit.name_from(naming[id(unit)], f) for unit in units for f in unit.files}
    kept = _unshadowed(facts, names, reporter)
    aliases, shared = _other_names(units, names, {f.path for f in kept})
    roots = {names[f.path]: unit.root for unit in units for f in unit.files}
    table = ModuleNames(paths_named(kept, names, root), roots, aliases, shared)
    return [renamed(f, names[f.path], root, table.paths, table.resolve) for f in kept], table


def _naming_roots(units: list[Unit], root: Path, reporter: Reporter) -> dict[int, Path]:
    """Where each unit's names start: its import root, unless its names clash with another root's.

    Clashing units are named from the nearest directory holding all their roots, merged until
    no two roots give one name.
    """
    naming = {id(u): u.root for u in units}
    group = {id(u): id(u) for u in units}  # union-find over units whose names clash
    clashes: list[Clash] = []
    for _ in range(len(units)):
        found = _clashes(units, naming)
        if not found:
            break
        clashes.extend(found)
        for _, files in found:
            first = _find(group, id(files[0][0]))
            for unit, _ in files[1:]:
                group[_find(group, id(unit))] = first
        components: dict[int, list[Unit]] = defaultdict(list)
        for unit in units:
            components[_find(group, id(unit))].append(unit)
        for members in (m for m in components.values() if len(m) > 1):
            top = Path(os.path.commonpath([naming[id(u)] for u in members]))
            naming.update((id(u), top) for u in members)
    _report_clashes(clashes, group, naming, root, reporter)
    return naming


def _clashes(units: list[Unit], naming: dict[int, Path]) -> list[Clash]:
    """Names given to files of different roots, with those files."""
    by_name: dict[str, list[tuple[Unit, ModuleFacts]]] = defaultdict(list)
    for unit in units:
        for file in unit.files:
            by_name[unit.name_from(naming[id(unit)], file)].append((unit, file))
    return [(n, m) for n, m in sorted(by_name.items()) if len({naming[id(u)] for u, _ in m}) > 1]


def _find(group: dict[int, int], key: int) -> int:
    while group[key] != key:
        group[key] = group[group[key]]
        key = group[key]
    return key


def _report_clashes(
    clashes: list[Clash],
    group: dict[int, int],
    naming: dict[int, Path],
    root: Path,
    reporter: Reporter,
) -> None:
    """One DG942 per set of roots whose names clashed: the first clash's files, how many names, the new names."""
    by_component: dict[int, list[Clash]] = defaultdict(list)
    for clash in clashes:
        by_component[_find(group, id(clash[1][0][0]))].append(clash)
    for found in by_component.values():
        name, members = found[0]
        paths = sorted(f.path for _, f in members)
        roots = sorted({_shown(u.root, root) for u, _ in members})
        new = sorted(u.name_from(naming[id(u)], f) for u, f in members)
        more = f"; {len(found)} module names are shared" if len(found) > 1 else ""
        message = (
            f"{listed(paths)} {'both' if len(paths) == 2 else 'all'} have the module name {name}, each from its own"
            f" directory ({listed(roots)}{more}): all are documented, named from"
            f" {_shown(naming[id(members[0][0])], root)} ({listed(new)}); to give them their own names, analyse"
            " each directory on its own, or make them one package with __init__.py files"
        )
        reporter.report(Diagnostic(Severity.INFO, Code.MODULE_CLASH, message, Stage.DISCOVER, Location(paths[0])))


def _unshadowed(facts: list[ModuleFacts], names: dict[str, str], reporter: Reporter) -> list[ModuleFacts]:
    """The facts without modules that a package of the same name shadows (Python imports the package)."""
    packages = {names[f.path]: f.path for f in facts if f.is_package}
    kept = []
    for file in facts:
        package = packages.get(names[file.path])
        if file.is_package or package is None:
            kept.append(file)
            continue
        message = (
            f"{file.path} and {package} are both module {names[file.path]}: Python imports the package, "
            f"so {file.path} is never imported and is not documented; rename or remove one"
        )
        reporter.warn(Code.MODULE_CLASH, message, Stage.DISCOVER, Location(file.path))
    return kept


def _other_names(
    units: list[Unit], names: dict[str, str], kept: set[str]
) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """The names the tree imports files by from the roots its imports use, beyond their own.

    Returns the names that lead to one file (→ its name) and those that several files have
    (→ their paths).
    """
    own = set(names.values())
    files: dict[str, set[str]] = defaultdict(set)
    for unit in units:
        roots = {unit.root, *(c for c, hits in unit.hits.items() if hits)}
        for file in unit.files:
            if file.path in kept:
                for candidate in roots:
                    files[unit.name_from(candidate, file)].add(file.path)
    aliases = {n: names[next(iter(p))] for n, p in files.items() if len(p) == 1 and n not in own}
    shared = {n: tuple(sorted(p)) for n, p in files.items() if len(p) > 1 and n not in own}
    return aliases, shared


def listed(items: list[str], most: int = MAX_LISTED) -> str:
    """``a, b and c``; past ``most`` items, the first ones and how many more."""
    if len(items) > most:
        return ", ".join(items[:most]) + f" and {len(items) - most} more"
    return ", ".join(items[:-1]) + f" and {items[-1]}" if len(items) > 1 else "".join(items)


def _shown(path: Path, root: Path) -> str:
    """A directory as diagnostics show it: relative to the analysed root when inside it."""
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()

"""Docstring coverage: which modules, definitions, routes, models and fields are counted, and which are documented.

Every counted item belongs to exactly one kind, so the total counts nothing twice: a class that
is a model counts as a model, a function that handles a route counts as that route (once per
route it serves), and a field declared once and inherited by several models counts once.

Not counted: private names (any dotted part starting with ``_``, which covers ``__init__`` and
every dunder: constructor arguments are documented in the class docstring by convention), empty
modules (an empty ``__init__.py`` has nothing to document), and the definitions in ``skip``
(overloads, property setters, nested ``Meta``/``Config`` classes: see :mod:`docgen.check.quality`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Set
from dataclasses import dataclass

from docgen.model import (
    Coverage,
    CoverageKind,
    KindCoverage,
    Location,
    Model,
    ModelField,
    Module,
    ModuleCoverage,
    Route,
    Symbol,
    SymbolKind,
)

_SYMBOL_KINDS = {
    SymbolKind.CLASS: CoverageKind.CLASS,
    SymbolKind.FUNCTION: CoverageKind.FUNCTION,
    SymbolKind.METHOD: CoverageKind.METHOD,
}


@dataclass(frozen=True, slots=True)
class Item:
    """One counted item.

    Attributes:
        kind: Its kind.
        name: How findings name it (``Book.title``, ``GET /items``, ``Service.run``).
        module: The module it belongs to, for per-module rows.
        location: Where it is defined.
        documented: Whether it carries documentation.
    """

    kind: CoverageKind
    name: str
    module: str
    location: Location
    documented: bool


def is_private(dotted: str) -> bool:
    """Whether any part of a dotted name starts with ``_``."""
    return any(part.startswith("_") for part in dotted.split("."))


def coverage_items(
    modules: Iterable[Module],
    symbols: Iterable[Symbol],
    routes: Iterable[Route],
    models: Iterable[Model],
    skip: Set[tuple[str, int]] = frozenset(),
) -> list[Item]:
    """Every counted item, in kind order then catalog order.

    ``skip`` names definitions not to count by ``(symbol id, line)``: an overload and its
    implementation share an id, and so do a property and its setter.
    """
    modules, models, symbols = list(modules), list(models), list(symbols)
    by_path = {m.path: m.name for m in modules}
    routes = list(routes)
    claimed = {m.id for m in models} | {h for r in routes for h in (r.handler, r.implementation) if h}
    items = [
        Item(CoverageKind.MODULE, m.name, m.name, Location(m.path, 1, 1), _documented(m.docstring))
        for m in modules
        if m.lines and not is_private(m.name)
    ]
    items += [
        Item(_SYMBOL_KINDS[s.kind], s.id.removeprefix(f"{s.module}."), s.module, s.location, _documented(s.docstring))
        for s in symbols
        if s.kind in _SYMBOL_KINDS
        and s.id not in claimed
        and (s.id, s.location.line) not in skip
        and not is_private(s.id)
    ]
    items += [
        Item(
            CoverageKind.ROUTE,
            f"{r.method} {r.path}",
            _module(r.location, by_path, r.handler),
            r.location,
            bool(r.summary),
        )
        for r in routes
    ]
    items += [Item(CoverageKind.MODEL, m.name, m.module, m.location, bool(m.summary)) for m in models]
    classes = [s for s in symbols if s.kind is SymbolKind.CLASS]
    items += _field_items(models, by_path, classes)
    return items


def measure(items: Iterable[Item], modules: Iterable[Module]) -> Coverage:
    """Count ``items`` per kind (every kind gets a row) and per module (modules with items only)."""
    kinds: dict[CoverageKind, list[int]] = {kind: [0, 0] for kind in CoverageKind}
    per_module: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for item in items:
        for counts in (kinds[item.kind], per_module[item.module]):
            counts[0] += item.documented
            counts[1] += 1
    paths = {m.name: m.path for m in modules}
    rows = tuple(
        ModuleCoverage(name, paths.get(name, ""), documented, total)
        for name, (documented, total) in sorted(per_module.items())
    )
    return Coverage(
        kinds=tuple(KindCoverage(kind, documented, total) for kind, (documented, total) in kinds.items()),
        modules=rows,
        documented=sum(d for d, _ in kinds.values()),
        total=sum(t for _, t in kinds.values()),
    )


def _documented(docstring: object) -> bool:
    return bool(getattr(docstring, "summary", ""))


def _module(location: Location, by_path: dict[str, str], dotted: str | None) -> str:
    if location.path in by_path:
        return by_path[location.path]
    return (dotted or "").rpartition(".")[0]


def _field_items(models: list[Model], by_path: dict[str, str], classes: list[Symbol]) -> Iterator[Item]:
    """One item per field declaration: inherited copies share the declaration's location.

    A field is named after the class declaring it (a mixin, a base model), found by its span.
    """
    copies: dict[tuple[str, int, str], list[tuple[Model, ModelField]]] = defaultdict(list)
    for model in models:
        for f in model.fields:
            key = (f.location.path, f.location.line, f.name) if f.location else (model.id, 0, f.name)
            copies[key].append((model, f))
    by_file: dict[str, list[Symbol]] = defaultdict(list)
    for cls in classes:
        by_file[cls.location.path].append(cls)
    for found in copies.values():
        model, f = found[0]
        location = f.location or model.location
        owner = _innermost(by_file[location.path], location) if f.location else None
        documented = any(copy.description for _, copy in found)
        name = f"{owner.name if owner else model.name}.{f.name}"
        yield Item(CoverageKind.FIELD, name, by_path.get(location.path, model.module), location, documented)


def _innermost(classes: list[Symbol], location: Location) -> Symbol | None:
    """The innermost of ``classes`` (those of ``location``'s file) whose definition spans ``location``."""
    spanning = [c for c in classes if c.location.line <= location.line <= c.location.end_line]
    return max(spanning, key=lambda c: c.location.line, default=None)

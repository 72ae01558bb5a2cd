"""Docstring coverage records: documented and total counts per kind of item and per module."""

from __future__ import annotations

from dataclasses import dataclass

from docgen.model.enums import CoverageKind


def percent(documented: int, total: int) -> float:
    """``documented`` as a percentage of ``total`` (unrounded); 100.0 when there is nothing to document."""
    return 100 * documented / total if total else 100.0


@dataclass(frozen=True, slots=True)
class KindCoverage:
    """How many items of one kind carry documentation.

    Attributes:
        kind: What is counted.
        documented: How many have documentation.
        total: How many there are.
    """

    kind: CoverageKind
    documented: int = 0
    total: int = 0

    @property
    def percent(self) -> float:
        """Coverage in percent (100.0 when there is nothing to document)."""
        return percent(self.documented, self.total)


@dataclass(frozen=True, slots=True)
class ModuleCoverage:
    """How many of the items defined in one module carry documentation.

    Attributes:
        module: Dotted module name.
        path: Repo-relative POSIX path of its file.
        documented: How many of its items have documentation.
        total: How many items it defines (the module itself included when it is counted).
    """

    module: str
    path: str
    documented: int = 0
    total: int = 0

    @property
    def percent(self) -> float:
        """Coverage in percent (100.0 when there is nothing to document)."""
        return percent(self.documented, self.total)


@dataclass(frozen=True, slots=True)
class Coverage:
    """Docstring coverage of the analysed code.

    What counts, and when it is documented: public modules with content (a docstring summary),
    public classes, functions and methods that are neither models nor route handlers (a docstring
    summary), routes (a summary), models (a docstring summary) and model fields, each declaration
    once (a description). Names with a ``_`` part (``__init__`` and other dunders included) are
    private and not counted.

    Attributes:
        kinds: One row per kind, in :class:`~docgen.model.enums.CoverageKind` order.
        modules: One row per module that defines something counted, sorted by module name.
        documented: Documented items of every kind.
        total: Counted items of every kind.
    """

    kinds: tuple[KindCoverage, ...] = ()
    modules: tuple[ModuleCoverage, ...] = ()
    documented: int = 0
    total: int = 0

    @property
    def percent(self) -> float:
        """Overall coverage in percent (100.0 when there is nothing to document)."""
        return percent(self.documented, self.total)

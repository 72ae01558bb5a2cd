"""Code health of the analysed tree: Ruff's complexity numbers joined to the code reference and the git churn.

A function's complexity comes from the complexity pass (:mod:`docgen.enrich.mccabe`), found by
the line of its name; the file and module records add up what the history says of each file.
A file's complexity is the sum over its outermost functions, not the maximum: every function is
code someone has to read and change, so a file of many moderately branchy functions outranks one
with a single complicated function; nested functions are already part of their enclosing
function's number and are not counted twice. The hotspot score is ``commits * complexity``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from docgen.model import (
    FileChurn,
    FileHealth,
    FunctionComplexity,
    Health,
    History,
    HistoryStatus,
    Location,
    Module,
    Ownership,
    Symbol,
    SymbolKind,
)

_CALLABLES = frozenset({SymbolKind.FUNCTION, SymbolKind.METHOD})


def assess_health(
    modules: Sequence[Module],
    symbols: Sequence[Symbol],
    complexity: Sequence[FunctionComplexity] | None,
    history: History,
) -> Health:
    """Join the measured functions to their symbols, and rank files by hotspot and modules by ownership.

    Args:
        modules: The analysed modules (a file's module name).
        symbols: The code reference's symbols (a function's id and its lines).
        complexity: The complexity pass's measurements; None when it did not run.
        history: The git history, with each file's churn.

    Returns:
        The health records; without history every file's commits and hotspot are 0, and
        without lines counted (no history, or a churn window of 0) every file's churn is None.

    """
    functions = _identified(complexity or (), symbols)
    names = {m.path: m.name for m in modules}
    read = history.status is not HistoryStatus.UNAVAILABLE
    churn, window = (history.churn, history.churn_window) if read else ({}, 0)
    return Health(
        complexity_ran=complexity is not None,
        history=read,
        churn_window=window,
        functions=functions,
        files=_files(functions, symbols, churn, names, counted=window > 0),
        ownership=_ownership(churn, names),
    )


def bus_factor(commits: Iterable[int]) -> int:
    """The fewest authors (given their commit counts) whose commits are more than half of all of them."""
    counts = sorted(commits, reverse=True)
    total, covered = sum(counts), 0
    for number, count in enumerate(counts, start=1):
        covered += count
        if 2 * covered > total:
            return number
    return 0


def _identified(measured: Iterable[FunctionComplexity], symbols: Sequence[Symbol]) -> tuple[FunctionComplexity, ...]:
    """The measurements, each with the id of the function or method defined by that name on that line."""
    by_line = {(s.location.path, s.location.line, s.name): s.id for s in symbols if s.kind in _CALLABLES}
    return tuple(
        FunctionComplexity(f.name, f.location, f.complexity, by_line.get((f.location.path, f.location.line, f.name)))
        for f in measured
    )


def _files(
    functions: Sequence[FunctionComplexity],
    symbols: Sequence[Symbol],
    churn: dict[str, FileChurn],
    names: dict[str, str],
    *,
    counted: bool,
) -> tuple[FileHealth, ...]:
    """One record per file with functions or commits, hottest first; churn only when lines were ``counted``."""
    spans: dict[str, list[Location]] = defaultdict(list)
    for symbol in symbols:
        if symbol.kind in _CALLABLES:
            spans[symbol.location.path].append(symbol.location)
    per_file: dict[str, list[FunctionComplexity]] = defaultdict(list)
    for function in functions:
        per_file[function.location.path].append(function)
    records = []
    for path in sorted(per_file.keys() | churn.keys()):
        measured = per_file.get(path, [])
        outermost = [f.complexity for f in measured if not _nested(f.location, spans.get(path, ()))]
        total = sum(outermost)
        changed = churn.get(path)
        commits = changed.commits if changed else 0
        lines = (changed.added or 0) + (changed.deleted or 0) if changed else 0
        records.append(
            FileHealth(
                path=path,
                module=names.get(path, ""),
                functions=len(measured),
                complexity=total,
                max_complexity=max((f.complexity for f in measured), default=0),
                commits=commits,
                churn=lines if counted else None,
                hotspot=commits * total,
            )
        )
    return tuple(sorted(records, key=lambda r: (-r.hotspot, -r.complexity, -r.commits, r.path)))


def _nested(where: Location, spans: Iterable[Location]) -> bool:
    """Whether the function defined at ``where`` lies inside another function's lines."""
    return any(span.line < where.line <= span.end_line for span in spans)


def _ownership(churn: dict[str, FileChurn], names: dict[str, str]) -> tuple[Ownership, ...]:
    """One record per analysed module with commits, smallest bus factor first, then most commits."""
    records = [
        Ownership(
            module=names[path],
            path=path,
            commits=changed.commits,
            authors=changed.authors,
            bus_factor=bus_factor(a.commits for a in changed.authors),
        )
        for path, changed in churn.items()
        if path in names
    ]
    return tuple(sorted(records, key=lambda r: (r.bus_factor, -r.commits, r.module, r.path)))

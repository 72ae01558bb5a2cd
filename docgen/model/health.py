"""The catalog's records of code health: complexity per function, hotspots per file, ownership per module.

Complexity is McCabe's cyclomatic complexity as Ruff's C901 rule counts it; churn and authorship
come from the git history (:class:`~docgen.model.history.FileChurn`): commits and authors over
the whole history, lines changed over a window of the newest commits. A file's hotspot score is
its commits times its complexity, so the files that are both complicated and often changed,
where defects gather and changes cost most, rank first.
"""

from __future__ import annotations

from dataclasses import dataclass

from docgen.model.history import AuthorShare
from docgen.model.location import Location


@dataclass(frozen=True, slots=True)
class FunctionComplexity:
    """The cyclomatic complexity of one function or method.

    Attributes:
        name: The function's name as defined (``get_item``; not qualified).
        location: The line of its ``def`` (its name), in its file.
        complexity: McCabe's number as Ruff counts it: 1 plus one per branch (``if``/``elif``,
            loop, ``except``, ``match`` case, comprehension...; ``and``/``or`` are not counted),
            a nested function's included.
        symbol: The code-reference symbol it is (``pkg.mod.Class.method``); None for a function
            the reference does not list (one nested in another function).
    """

    name: str
    location: Location
    complexity: int
    symbol: str | None = None


@dataclass(frozen=True, slots=True)
class FileHealth:
    """Complexity and churn of one analysed file, and the hotspot score they give.

    Attributes:
        path: Repo-relative POSIX path.
        module: Dotted module name.
        functions: How many functions and methods it defines (nested ones included).
        complexity: The sum of its outermost functions' complexity (a nested function's is
            already part of its enclosing function's).
        max_complexity: The complexity of its most complex function.
        commits: Commits that changed it (0 without history).
        churn: Lines added plus lines deleted by those of its commits among the last
            :attr:`Health.churn_window` commits; None when lines were not counted.
        hotspot: ``commits * complexity``.
    """

    path: str
    module: str
    functions: int
    complexity: int
    max_complexity: int
    commits: int = 0
    churn: int | None = None
    hotspot: int = 0


@dataclass(frozen=True, slots=True)
class Ownership:
    """Who changed one module, and how few people hold most of its history.

    Attributes:
        module: Dotted module name.
        path: Repo-relative POSIX path of its file.
        commits: Commits that changed it.
        authors: Its authors, most commits first.
        bus_factor: The fewest authors whose commits together are more than half of ``commits``.
    """

    module: str
    path: str
    commits: int
    authors: tuple[AuthorShare, ...]
    bus_factor: int


@dataclass(frozen=True, slots=True)
class Health:
    """Complexity, churn, hotspots and ownership of the analysed code.

    Attributes:
        complexity_ran: Whether Ruff measured complexity (False: ``functions`` is empty and
            every file's complexity 0, which does not mean simple code).
        history: Whether git history was read (False: no commits, churn or ownership).
        churn_window: How many of the newest commits the files' lines changed were counted over
            (0: not counted, every file's ``churn`` is None).
        functions: Every function's complexity, sorted by location.
        files: Files with functions or commits, hottest first (then most complex, then by path).
        ownership: Modules with commits, smallest bus factor first (then most commits, then by name).
    """

    complexity_ran: bool = False
    history: bool = False
    churn_window: int = 0
    functions: tuple[FunctionComplexity, ...] = ()
    files: tuple[FileHealth, ...] = ()
    ownership: tuple[Ownership, ...] = ()

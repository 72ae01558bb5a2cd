"""How much link-stage work one module may cost: evaluation steps and wall time, charged per module.

Static evaluation is memoised and depth-bounded, but hostile code can still make it expensive
(mutually recursive helpers whose arguments differ at every call, loops over long literal lists,
values that double at each binding). Every evaluation step is charged to the module whose scope
it runs in; a module over its budget gets :class:`~docgen.link.values.Unknown` for everything
still to evaluate in it, and one diagnostic naming it. The limits are far above what real
applications need (the largest module of the devset apps stays under a tenth of them).

Time is docgen's own CPU time, not wall time: evaluation only computes, so CPU time bounds it as
well, and a machine busy with other work (or a process paused) does not cut an evaluation that
would have finished; the values a run finds do not depend on the machine's load.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from docgen.diagnostics import Code, Reporter
from docgen.model import Location, Stage

MAX_STEPS = 2_000_000
"""Evaluation steps one module may take."""

MAX_SECONDS = 20.0
"""CPU seconds (docgen's process) one module's evaluation may take."""

MAX_RECURSION = 3
"""Recursive calls (of a function whose call is still being evaluated) nested in one evaluation, all
functions together: deeper ones are unknown, so mutual recursion with branching stays small."""

MAX_ITEMS = 10_000
"""Most items a statically evaluated list or tuple may hold (longer ones are unknown)."""

MAX_TEXT = 100_000
"""Most characters a statically evaluated string may hold (longer ones are unknown)."""

MAX_PARTLY_KNOWN_TEXT = 4_096
"""Most characters of a partly known string (its ``{?…}`` placeholders included)."""

_CLOCK_EVERY = 1024
"""Steps between two readings of the clock (reading it at every step would cost more than the step)."""


@dataclass(slots=True)
class Budget:
    """Steps and seconds spent per module, and the modules that ran out.

    Attributes:
        reporter: Where the one diagnostic per exhausted module goes (none: only counted).
        path_of: The file of a module, for the diagnostic's location.
        max_steps: Evaluation steps one module may take.
        max_seconds: CPU seconds one module may take.
        clock: The clock seconds are read from (the process's CPU time).
        spent: Module → steps taken so far.
        seconds: Module → seconds charged so far (sampled every few steps).
        exhausted: Modules over their budget.
        current: The module charged last (names the file when an extractor fails).
    """

    reporter: Reporter | None = None
    path_of: Callable[[str], str] = lambda module: module.replace(".", "/") + ".py"
    max_steps: int = MAX_STEPS
    max_seconds: float = MAX_SECONDS
    clock: Callable[[], float] = time.process_time
    spent: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    exhausted: set[str] = field(default_factory=set)
    current: str = ""
    _ticks: int = 0
    _clock: float = 0.0

    def __post_init__(self) -> None:
        self._clock = self.clock()

    def charge(self, module: str) -> bool:
        """Charge one step to ``module``; whether the module is (now) over its budget."""
        self.current = module
        if module in self.exhausted:
            return True
        steps = self.spent[module] = self.spent.get(module, 0) + 1
        self._ticks += 1
        if self._ticks >= _CLOCK_EVERY:
            self._ticks = 0
            now = self.clock()
            self.seconds[module] = self.seconds.get(module, 0.0) + now - self._clock
            self._clock = now
            if self.seconds[module] > self.max_seconds:
                self._exceed(module, f"{self.max_seconds:g} CPU seconds of evaluation")
                return True
        if steps > self.max_steps:
            self._exceed(module, f"{self.max_steps} evaluation steps")
            return True
        return False

    def _exceed(self, module: str, what: str) -> None:
        self.exhausted.add(module)
        if self.reporter is not None:
            message = f"static evaluation of module {module!r} exceeded {what}: its remaining values are unknown"
            self.reporter.warn(Code.BUDGET_EXCEEDED, message, Stage.LINK, Location(self.path_of(module)))

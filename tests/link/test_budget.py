"""The evaluation budget: CPU time docgen spends on a module, not the time the machine gives other work."""

from __future__ import annotations

import time

from docgen.diagnostics import Reporter
from docgen.link.budget import Budget


def test_time_the_process_does_not_run_is_not_charged_to_the_module_being_evaluated() -> None:
    """A machine busy with other processes (here: a pause) must not cut an evaluation that computes little."""
    reporter = Reporter()
    budget = Budget(reporter, max_seconds=0.05)
    for _ in range(3):
        for _ in range(1024):
            assert not budget.charge("proj.settings")
        time.sleep(0.06)
    assert not budget.charge("proj.settings")
    assert budget.exhausted == set()
    assert reporter.diagnostics == []


def test_a_module_whose_evaluation_computes_past_the_limit_is_cut_once_with_a_dg915() -> None:
    reporter = Reporter()
    ticks = iter(range(1_000_000))
    budget = Budget(reporter, max_seconds=2.5, clock=lambda: float(next(ticks)))
    cut_at = next(step for step in range(1, 10_000) if budget.charge("proj.slow"))
    assert (cut_at, budget.exhausted, budget.seconds) == (3 * 1024, {"proj.slow"}, {"proj.slow": 3.0})
    assert budget.charge("proj.slow")
    assert [(d.code, str(d.location), d.message) for d in reporter.diagnostics] == [
        (
            "DG915",
            "proj/slow.py",
            "static evaluation of module 'proj.slow' exceeded 2.5 CPU seconds of evaluation: "
            "its remaining values are unknown",
        )
    ]

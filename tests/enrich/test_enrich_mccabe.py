"""Tests for the complexity pass (docgen.enrich.mccabe): a real Ruff run, and the C901 message reader."""

from __future__ import annotations

from pathlib import Path

from docgen.diagnostics import Reporter
from docgen.enrich.mccabe import complexities
from docgen.enrich.ruff import run_ruff
from docgen.model import Finding, FindingSource, FunctionComplexity, Location

SOURCE = """\
import functools


@functools.cache
def pick(x, y):
    if x:
        return 1
    elif y:
        return 2
    return 3


class Shelf:
    def count(self, books):
        total = 0
        for book in books:
            if book:
                total += 1

        def inner():
            return total

        return inner
"""


def test_every_function_is_measured_whatever_the_repo_selects(tmp_path: Path) -> None:
    (tmp_path / "ruff.toml").write_text('[lint]\nselect = ["E711"]\n', encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / "shop.py").write_text(SOURCE, encoding="utf-8")
    reporter = Reporter()
    result = run_ruff(tmp_path, ["shop.py"], reporter=reporter)
    assert result.complexity_ran
    # pick: 1 + if + elif = 3 (Ruff does not count `and`/`or`); count: 1 + for + if + the nested def (1) = 4; inner: 1.
    assert result.complexity == (
        FunctionComplexity("pick", Location("shop.py", 5, 5), 3),
        FunctionComplexity("count", Location("shop.py", 14, 14), 4),
        FunctionComplexity("inner", Location("shop.py", 20, 20), 1),
    )
    assert result.findings == ()  # C901 is a measurement, never a quality finding
    assert reporter.diagnostics == []
    assert list(tmp_path.rglob(".ruff_cache")) == []


def test_ruff_off_measures_nothing(tmp_path: Path) -> None:
    (tmp_path / "shop.py").write_text(SOURCE, encoding="utf-8")
    result = run_ruff(tmp_path, ["shop.py"], mode="off", reporter=Reporter())
    assert (result.complexity_ran, result.complexity) == (False, ())


def test_only_c901_messages_of_the_expected_form_are_read() -> None:
    def finding(code: str, message: str, line: int) -> Finding:
        return Finding(code, message, Location("a.py", line, line), FindingSource.RUFF)

    found = complexities(
        [
            finding("C901", "`b` is too complex (12 > 0)", 9),
            finding("C901", "`a` is too complex (2 > 0)", 3),
            finding("C901", "something else (2 > 0)", 4),
            finding("E711", "`x` is too complex (5 > 0)", 5),
        ]
    )
    assert found == (
        FunctionComplexity("a", Location("a.py", 3, 3), 2),
        FunctionComplexity("b", Location("a.py", 9, 9), 12),
    )

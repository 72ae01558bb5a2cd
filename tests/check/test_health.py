"""Tests for docgen.check.health: a repository built in tmp_path with fixed authors and dates, analysed end to end."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from pathlib import Path

import pytest

from docgen.api import analyse
from docgen.check.health import assess_health, bus_factor
from docgen.config import load_config
from docgen.model import (
    AuthorShare,
    FileChurn,
    FileHealth,
    FunctionComplexity,
    History,
    HistoryStatus,
    Location,
    Module,
    Ownership,
    Symbol,
    SymbolKind,
)

SHOP_V1 = """\
def price(book, member):
    if member:
        return book * 0.9
    elif book > 100:
        return book - 5
    return book
"""

SHOP_V2 = (
    SHOP_V1
    + """

class Till:
    def total(self, items):
        return sum(items)
"""
)

UTIL = "def noop():\n    return None\n"


def _git(root: Path, *args: str, author: str = "Ada", date: str = "2024-01-02T03:04:05+00:00") -> None:
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": author,
        "GIT_AUTHOR_EMAIL": f"{author.lower()}@example.com",
        "GIT_COMMITTER_NAME": "Committer",
        "GIT_COMMITTER_EMAIL": "committer@example.com",
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
    }
    subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, check=True)


def _commit(root: Path, files: Mapping[str, str], message: str, author: str, date: str) -> None:
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", message, author=author, date=date)


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    root = tmp_path / "shop"
    root.mkdir()
    _git(root, "init", "-q", "-b", "main")
    _commit(root, {"shop.py": SHOP_V1, "util.py": UTIL}, "Prices", "Ada", "2024-01-02T03:04:05+00:00")
    _commit(root, {"shop.py": SHOP_V2}, "A till", "Bob", "2024-02-03T04:05:06+00:00")
    return root


def test_hotspots_complexity_and_ownership_of_a_small_repository(shop: Path, tmp_path: Path) -> None:
    config = load_config(shop, overrides={"cache_dir": str(tmp_path / "cache")})
    health = analyse(config).health
    assert (health.complexity_ran, health.history, health.churn_window) == (True, True, 2)
    assert health.functions == (
        FunctionComplexity("price", Location("shop.py", 1, 1), 3, "shop.price"),  # 1 + if + elif
        FunctionComplexity("total", Location("shop.py", 10, 10), 1, "shop.Till.total"),
        FunctionComplexity("noop", Location("util.py", 1, 1), 1, "util.noop"),
    )
    assert health.files == (
        # 2 commits x (3 + 1); 6 lines added, then 5 more: 11 changed
        FileHealth("shop.py", "shop", functions=2, complexity=4, max_complexity=3, commits=2, churn=11, hotspot=8),
        FileHealth("util.py", "util", functions=1, complexity=1, max_complexity=1, commits=1, churn=2, hotspot=1),
    )
    assert health.ownership == (
        Ownership("util", "util.py", 1, (AuthorShare("Ada", 1, 1.0),), bus_factor=1),
        Ownership("shop", "shop.py", 2, (AuthorShare("Bob", 1, 0.5), AuthorShare("Ada", 1, 0.5)), bus_factor=2),
    )


def test_lines_changed_cover_the_configured_window_and_commits_all_of_the_history(shop: Path, tmp_path: Path) -> None:
    def files(window: int) -> tuple[int, list[tuple[str, int, int | None, int]]]:
        overrides = {"cache_dir": str(tmp_path / "cache"), "health.churn_commits": window}
        health = analyse(load_config(shop, overrides=overrides)).health
        return health.churn_window, [(f.path, f.commits, f.churn, f.hotspot) for f in health.files]

    # the last commit only: shop.py's 5 new lines; util.py was last changed before it
    assert files(1) == (1, [("shop.py", 2, 5, 8), ("util.py", 1, 0, 1)])
    assert files(0) == (0, [("shop.py", 2, None, 8), ("util.py", 1, None, 1)])


def test_complexity_c901_never_becomes_a_quality_finding(shop: Path, tmp_path: Path) -> None:
    catalog = analyse(load_config(shop, overrides={"cache_dir": str(tmp_path / "cache")}))
    assert [f.code for f in catalog.findings if f.code.startswith("C9")] == []


def test_bus_factor_is_the_fewest_authors_over_half_the_commits() -> None:
    assert [bus_factor(c) for c in ([3, 1], [2, 2], [1, 1, 1], [1, 5, 1, 1], [4, 3, 3], [])] == [1, 2, 2, 1, 2, 0]


def test_nested_functions_count_once_and_unmatched_ones_keep_no_symbol() -> None:
    outer = Symbol(id="m.outer", kind=SymbolKind.FUNCTION, name="outer", module="m", location=Location("m.py", 1, 8))
    measured = [
        FunctionComplexity("outer", Location("m.py", 1, 1), 5),  # Ruff's number includes inner's
        FunctionComplexity("inner", Location("m.py", 3, 3), 2),
        FunctionComplexity("after", Location("m.py", 10, 10), 4),
    ]
    churn = {"m.py": FileChurn(commits=3, added=10, deleted=4, authors=(AuthorShare("Ada", 3, 1.0),))}
    history = History(status=HistoryStatus.AVAILABLE, churn=churn, churn_window=3)
    health = assess_health([Module(name="m", path="m.py")], [outer], measured, history)
    assert [f.symbol for f in health.functions] == ["m.outer", None, None]
    assert health.files == (
        FileHealth("m.py", "m", 3, complexity=9, max_complexity=5, commits=3, churn=14, hotspot=27),
    )


def test_without_history_or_ruff_there_are_no_hotspots() -> None:
    health = assess_health([Module(name="m", path="m.py")], [], None, History())
    assert (health.complexity_ran, health.history, health.files, health.ownership) == (False, False, (), ())
    assert health.churn_window == 0

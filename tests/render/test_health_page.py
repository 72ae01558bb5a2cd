"""Tests for the Health page: chart geometry (docgen.render.health) and the rendered Markdown with its SVG."""

from __future__ import annotations

import re
from dataclasses import replace

from docgen.model import AuthorShare, FileHealth, FunctionComplexity, Health, Location, Ownership
from docgen.render import render_site
from docgen.render.health import BANDS, health_report, nice_ceiling
from tests.render import catalog_factory as cf

HEALTH = Health(
    complexity_ran=True,
    history=True,
    churn_window=40,
    functions=(
        FunctionComplexity("create_item", Location("app/api/items.py", 30, 30), 12, "app.api.items.create_item"),
        FunctionComplexity("read_item", Location("app/api/items.py", 10, 10), 3, "app.api.items.read_item"),
        FunctionComplexity("helper", Location("app/schemas.py", 4, 4), 1),
    ),
    files=(
        FileHealth(
            "app/api/items.py", "app.api.items", 2, complexity=15, max_complexity=12, commits=4, churn=90, hotspot=60
        ),
        FileHealth("app/schemas.py", "app.schemas", 1, complexity=1, max_complexity=1, commits=2, churn=8, hotspot=2),
    ),
    ownership=(
        Ownership("app.schemas", "app/schemas.py", 2, (AuthorShare("Grace Hopper", 2, 1.0),), bus_factor=1),
        Ownership(
            "app.api.items",
            "app/api/items.py",
            4,
            (AuthorShare("Ada Lovelace", 2, 0.5), AuthorShare("Grace Hopper", 2, 0.5)),
            bus_factor=2,
        ),
    ),
)


def test_nice_ceiling_picks_round_steps() -> None:
    assert [nice_ceiling(v) for v in (0, 1, 3, 7, 12, 100, 333)] == [
        (1, 1),
        (1, 1),
        (3, 1),
        (8, 2),
        (15, 5),
        (100, 20),
        (400, 100),
    ]


def test_histogram_counts_functions_per_band_and_scatter_places_files() -> None:
    report = health_report(HEALTH)
    assert [(bar.label, bar.count) for bar in report.bars if bar.count] == [("1", 1), ("3", 1), ("11-20", 1)]
    assert len(report.bars) == len(BANDS) == 9
    assert report.histogram is not None and report.scatter is not None
    # y axis 0..1 function (one tick per function); the plot spans y 12..276, so a bar of 1 is 264 high
    assert {bar.height for bar in report.bars} == {0.0, 264.0}
    # x: commits 0..4 over x 56..624; y: complexity 0..15 over y 276..12; the hottest is drawn last
    assert [(p.file.path, p.x, p.y) for p in report.points] == [
        ("app/schemas.py", 340.0, 258.4),
        ("app/api/items.py", 624.0, 12.0),
    ]
    assert [t.label for t in report.scatter.x_ticks] == ["0", "1", "2", "3", "4"]
    assert [t.label for t in report.scatter.y_ticks] == ["0", "5", "10", "15"]


def test_health_page_has_both_charts_and_the_tables() -> None:
    catalog = cf.catalog(health=HEALTH)
    site = render_site(catalog, cf.config())
    assert {"Health": "health.md"} in site.nav
    page = site.pages["health.md"]
    assert len(re.findall(r'<circle class="dg-point"', page)) == 2
    assert len(re.findall(r'<rect class="dg-bar"', page)) == 9
    assert "<title>app/api/items.py: 4 commits, complexity 15, hotspot 60</title>" in page
    assert "<title>complexity 11-20: 1 function</title>" in page
    assert "and the lines added and\ndeleted in it by the last 40 commits (the lines changed);" in page
    assert "| File | Commits | Lines changed (last 40 commits) | Functions |" in page
    rows = [line for line in page.splitlines() if line.startswith("| [")]
    assert rows[:2] == [
        "| [<code>app/api/items.py</code>](reference/app.api.items.md) | 4 | 90 | 2 | 15 | 12 | 60 |",
        "| [<code>app/schemas.py</code>](reference/app.schemas.md) | 2 | 8 | 1 | 1 | 1 | 2 |",
    ]
    assert "| [<code>app.schemas</code>](reference/app.schemas.md) | 2 | 1 | Grace Hopper (100 %) |" in page
    assert "| 4 | 2 | Ada Lovelace (50 %), Grace Hopper (50 %) |" in page
    # no blank line inside an SVG: Markdown would end the HTML block there
    for svg in re.findall(r"<svg.*?</svg>", page, flags=re.DOTALL):
        assert "\n\n" not in svg


def test_health_page_without_lines_counted_has_no_lines_column() -> None:
    files = tuple(replace(f, churn=None) for f in HEALTH.files)
    page = render_site(cf.catalog(health=replace(HEALTH, churn_window=0, files=files)), cf.config()).pages["health.md"]
    assert "Churn is the commits that changed a file over the whole history; a file's hotspot" in page
    assert "Lines changed" not in page
    assert "| [<code>app/api/items.py</code>](reference/app.api.items.md) | 4 | 2 | 15 | 12 | 60 |" in page


def test_health_page_without_history_or_ruff_says_so_and_draws_nothing() -> None:
    page = render_site(cf.catalog(), cf.config()).pages["health.md"]
    assert "Ruff did not run, so no function's complexity was measured." in page
    assert "Git history could not be read, so churn, hotspots and ownership are not shown." in page
    assert "<svg" not in page


def test_a_window_of_one_commit_is_said_so() -> None:
    page = render_site(cf.catalog(health=replace(HEALTH, churn_window=1)), cf.config()).pages["health.md"]
    assert "and the lines added and\ndeleted in it by the last commit (the lines changed);" in page
    assert "| File | Commits | Lines changed (last commit) | Functions |" in page

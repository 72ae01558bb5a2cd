"""Rule selection: select/ignore specificity, opt-in rules, per-file-ignores, selector validation."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen.check.selection import invalid_selectors, is_selected, select_findings
from docgen.config import CheckOptions
from docgen.model import Finding, FindingSource, Location


@pytest.mark.parametrize(
    ("code", "select", "ignore", "expected"),
    [
        ("DG101", (), (), True),
        ("E711", (), (), True),
        ("DG103", (), (), False),  # opt-in
        ("DG103", ("DG1",), (), True),
        ("DG103", ("ALL",), (), True),
        ("E711", ("DG1",), (), False),
        ("DG101", ("ALL",), ("DG1",), False),
        ("DG101", ("DG101",), ("DG1",), True),  # the more specific selector wins
        ("DG101", ("DG1",), ("DG101",), False),
        ("DG101", ("DG1",), ("DG1",), False),  # a tie goes to ignore
        ("DG101", (), ("ALL",), False),
    ],
)
def test_is_selected(code: str, select: tuple[str, ...], ignore: tuple[str, ...], expected: bool) -> None:
    assert is_selected(code, select, ignore) is expected


def finding(code: str, path: str, line: int = 1) -> Finding:
    return Finding(code, f"{code} message", Location(path, line, line), FindingSource.DOCGEN)


def test_select_findings_applies_per_file_ignores_relative_to_the_config_dir_and_sorts() -> None:
    root = Path("/project/src")
    findings = [
        finding("DG104", "app/views.py", 9),
        finding("DG105", "app/__init__.py"),
        finding("DG104", "tests/test_views.py"),
        finding("DG101", "app/legacy.py"),
        finding("DG402", "app/legacy.py"),
        finding("DG101", "app/views.py", 3),
    ]
    options = CheckOptions(
        per_file_ignores={"tests/*": ("DG",), "__init__.py": ("DG105",), "./src/app/legacy.py": ("DG1",)}
    )
    kept = select_findings(findings, options, root, config_dir=Path("/project"))
    assert [(f.code, f.location.path, f.location.line) for f in kept] == [
        ("DG402", "app/legacy.py", 1),
        ("DG101", "app/views.py", 3),
        ("DG104", "app/views.py", 9),
    ]


def test_invalid_selectors() -> None:
    assert invalid_selectors(["DG1", "E", "ALL", "F401", "dg1", "DG-1", "", "all"]) == ["dg1", "DG-1", "", "all"]

"""The secret scrub: its memo (records seen last run are not walked again), and the characters it makes visible."""

from __future__ import annotations

import pytest

import docgen.scrub as scrub
from docgen.diagnostics import Reporter
from docgen.model import Catalog, Finding, Location, Project
from docgen.model.findings import FindingSource
from docgen.scrub import ScrubMemo, mask_tokens, scrub_catalog, show_invisible

TOKEN = "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8"


def _finding(message: str) -> Finding:
    return Finding(code="DG101", message=message, location=Location("shop/app.py", 3), source=FindingSource.DOCGEN)


def _scrubbed(memo: ScrubMemo, *findings: Finding) -> tuple[Catalog, list[str]]:
    reporter = Reporter()
    catalog = scrub_catalog(Catalog(project=Project(name="shop"), findings=findings), reporter, memo)
    return catalog, [f"{d.code} {d.location}" for d in reporter.diagnostics]


def test_a_finding_made_anew_but_equal_is_scrubbed_as_last_time_and_its_warning_raised_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    masked: list[str] = []
    monkeypatch.setattr(scrub, "mask_tokens", lambda text: masked.append(text) or mask_tokens(text))
    memo = ScrubMemo()
    first, warned = _scrubbed(memo, _finding(f"token {TOKEN} in a docstring"), _finding("plain"))
    assert warned == ["DG401 shop/app.py:3"]
    assert TOKEN not in first.findings[0].message
    again = (_finding(f"token {TOKEN} in a docstring"), _finding("plain"))  # new objects, equal values
    masked.clear()
    second, warned = _scrubbed(memo, *again)
    assert [t for t in masked if t] == ["shop"]  # only the project's name is read again
    assert warned == ["DG401 shop/app.py:3"]
    assert second.findings == first.findings
    assert second.findings[1] is again[1]  # nothing to mask: the record given, not last run's
    third, warned = _scrubbed(memo, _finding(f"other {TOKEN}"))
    assert (warned, TOKEN in third.findings[0].message) == (["DG401 shop/app.py:3"], False)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("🤷\u200d♂️ both", "🤷\u200d♂️ both"),  # an emoji sequence: the joiner is part of one glyph
        ("👍🏽\u200d🔥", "👍🏽\u200d🔥"),
        ("is\u200dadmin", "is<U+200D>admin"),
        ("🤷\u200dadmin", "🤷<U+200D>admin"),
        ("\u202euser\u2066", "<U+202E>user<U+2066>"),
        ("zero\u200bwidth", "zero<U+200B>width"),
    ],
)
def test_invisible_characters_are_shown_but_an_emojis_joiner_is_not_one(text: str, shown: str) -> None:
    assert show_invisible(text) == shown

"""Inline ``# docgen: ignore[...]`` comments: found in comments only, kept in the per-file facts."""

from __future__ import annotations

from docgen.model.facts import Suppression
from docgen.parse.summary import summarise
from docgen.parse.suppressions import find_suppressions

SOURCE = """\
TEXT = "# docgen: ignore[DG101]"
def f():  # docgen: ignore[dg101, DG2] - reason
    pass  # noqa: E501  # docgen: ignore
# docgen: ignore-file
# docgen: ignore[]
x = 1  #docgen:ignore[DG402,DG105]
"""


def test_comments_name_codes_prefixes_or_everything_and_strings_do_not_count() -> None:
    assert find_suppressions(SOURCE) == (
        Suppression(2, ("DG101", "DG2")),
        Suppression(3, ()),
        Suppression(6, ("DG402", "DG105")),
    )


def test_a_source_that_stops_tokenizing_keeps_the_comments_before_the_error() -> None:
    assert find_suppressions('x = 1  # docgen: ignore[DG1]\n"""unterminated\n') == (Suppression(1, ("DG1",)),)


def test_facts_carry_suppressions() -> None:
    facts = summarise("m.py", "m", False, "sha", SOURCE.encode())
    assert facts.suppressions == find_suppressions(SOURCE)
    assert summarise("n.py", "n", False, "sha", b"x = 1\n").suppressions == ()

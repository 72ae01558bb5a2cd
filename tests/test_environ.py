"""patched_environ sets and removes variables for one block and restores what was there."""

from __future__ import annotations

import os

import pytest

from docgen.environ import patched_environ


def test_set_and_removed_variables_are_restored_after_the_block(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DG_T_KEPT", "before")
    monkeypatch.setenv("DG_T_GONE", "there")
    monkeypatch.delenv("DG_T_NEW", raising=False)
    with patched_environ({"DG_T_KEPT": "inside", "DG_T_NEW": "1"}, remove=["DG_T_GONE", "DG_T_ABSENT"]):
        assert (os.environ["DG_T_KEPT"], os.environ["DG_T_NEW"], "DG_T_GONE" in os.environ) == ("inside", "1", False)
    assert (os.environ["DG_T_KEPT"], os.environ["DG_T_GONE"]) == ("before", "there")
    assert "DG_T_NEW" not in os.environ and "DG_T_ABSENT" not in os.environ


def test_the_environment_is_restored_when_the_block_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DG_T_KEPT", "before")
    with pytest.raises(KeyError), patched_environ(remove=["DG_T_KEPT"]):
        raise KeyError("x")
    assert os.environ["DG_T_KEPT"] == "before"

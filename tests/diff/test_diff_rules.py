"""``docgen diff`` rule by rule: each commit of the scratch app's history is classified exactly."""

from __future__ import annotations

import pytest

from tests.diff.scratch import STEPS, Repo, rows, run


@pytest.mark.parametrize("index", range(len(STEPS)), ids=[name for name, _, _ in STEPS])
def test_each_commit_is_classified_exactly(
    history: tuple[Repo, dict[str, str]], capsys: pytest.CaptureFixture[str], index: int
) -> None:
    repo, commits = history
    name, _, expected = STEPS[index]
    before = STEPS[index - 1][0] if index else "start"
    code, out, _ = run(capsys, "--path", str(repo.path), "--format", "json", commits[before], commits[name])
    assert rows(out) == expected
    assert code == (1 if any(level == "breaking" for level, *_ in expected) else 0)


@pytest.mark.parametrize(
    ("step", "fail_on", "code"),
    [
        ("parameter-removed", None, 0),
        ("parameter-removed", "potentially-breaking", 1),
        ("parameter-removed", "warning", 1),
        ("endpoint-added", "potentially-breaking", 0),
        ("endpoint-added", "non-breaking", 1),
        ("endpoint-removed", "never", 0),
    ],
)
def test_fail_on_threshold(
    history: tuple[Repo, dict[str, str]], capsys: pytest.CaptureFixture[str], step: str, fail_on: str | None, code: int
) -> None:
    repo, commits = history
    flags = ["--fail-on", fail_on] if fail_on else []
    assert run(capsys, "-p", str(repo.path), *flags, f"{commits[step]}~1", commits[step])[0] == code

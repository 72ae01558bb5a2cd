"""A hostile ``.git/config`` and ``.gitattributes`` run nothing while docgen reads the history.

Every repository-config key that makes git run a program is planted, each writing its own
canary: ``core.fsmonitor``, ``core.pager``, ``core.hooksPath`` (a hook for every read-side
event), ``diff.external``, a ``textconv`` and a ``clean``/``smudge``/``process`` filter bound to
``*.py`` through ``.gitattributes``, ``core.sshCommand``, ``gpg.program`` with a signed-looking
log, ``core.askPass`` and ``uploadpack.packObjectsHook``. The file is modified after the commit,
so the blame of the working tree (the path where textconv and clean filters apply) is taken.
"""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from tests.security._planted import Planted, plant

KEYS = {
    "core.fsmonitor": "fsmonitor",
    "core.pager": "pager",
    "core.sshCommand": "ssh",
    "core.askPass": "askpass",
    "diff.external": "external",
    "diff.evil.textconv": "textconv",
    "diff.evil.command": "diffcommand",
    "filter.evil.clean": "clean",
    "filter.evil.smudge": "smudge",
    "filter.evil.process": "process",
    "gpg.program": "gpg",
    "gpg.ssh.program": "gpgssh",
    "uploadpack.packObjectsHook": "packobjects",
    "credential.helper": "credential",
}
HOOKS = ("pre-commit", "post-checkout", "post-index-change", "reference-transaction", "fsmonitor-watchman")


def _program(repo: Planted, name: str) -> str:
    """A script that writes the canary ``name`` (and passes its input through, like a filter)."""
    canary = repo.tmp / f"canary-{name}"
    repo.canaries.append(canary)
    script = repo.tmp / "bin" / name
    script.parent.mkdir(exist_ok=True)
    script.write_text(f"#!/bin/sh\ntouch '{canary}'\ncat\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return str(script)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Planted:
    planted = plant(tmp_path, monkeypatch)
    planted.write("more.py", '"""More."""\n\n\ndef f() -> int:\n    """One."""\n    return 1\n')
    planted.commit()
    planted.write(".gitattributes", "*.py diff=evil filter=evil\n")
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    for hook in HOOKS:
        (hooks / hook).symlink_to(_program(planted, f"hook-{hook}"))
    for key, name in KEYS.items():
        planted.git("config", key, _program(planted, name))
    planted.git("config", "core.hooksPath", str(hooks))
    planted.git("config", "log.showSignature", "true")
    # Uncommitted edits: blame then reads the working tree, where textconv and clean filters run.
    planted.write("more.py", '"""More, edited."""\n\n\ndef f() -> int:\n    """One."""\n    return 1\n')
    return planted


def test_no_program_named_by_the_repository_config_runs_during_a_build(
    repo: Planted, capsys: pytest.CaptureFixture[str]
) -> None:
    code, stderr = repo.run(capsys)
    assert code == 0, stderr
    repo.assert_contained()
    assert "Answer pong" in repo.page("app")
    assert [line for line in stderr if "DG92" in line] == []  # the history was read, not skipped


def test_no_program_named_by_the_repository_config_runs_during_check(
    repo: Planted, capsys: pytest.CaptureFixture[str]
) -> None:
    code, stderr = repo.run(capsys, command="check")
    repo.assert_contained()
    assert code == 0, stderr

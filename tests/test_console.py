"""--color and the progress display: colour only where wanted, progress only on a terminal."""

from __future__ import annotations

import io
import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest

from docgen.console import wants_color

APP = '"""App."""\nimport missing_module\n\n\ndef ping() -> str:\n    """Answer pong."""\n    return "pong"\n'


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("choice", "tty", "env", "expected"),
    [
        ("always", False, {}, True),
        ("never", True, {"FORCE_COLOR": "1"}, False),
        ("auto", True, {}, True),
        ("auto", False, {}, False),
        ("auto", True, {"NO_COLOR": "1"}, False),
        ("auto", True, {"NO_COLOR": ""}, True),  # set but empty does not count (no-color.org)
        ("auto", False, {"FORCE_COLOR": "1"}, True),
        ("auto", True, {"TERM": "dumb"}, False),
    ],
)
def test_colour_follows_the_flag_then_no_color_force_color_and_the_terminal(
    choice: str, tty: bool, env: dict[str, str], expected: bool
) -> None:
    stream = _Tty() if tty else io.StringIO()
    assert wants_color(choice, stream, env) is expected


def _run(tmp_path: Path, *args: str, terminal: bool) -> tuple[int, str]:
    """``docgen [args] extract repo`` with stderr on a pseudo-terminal (or a pipe); stderr's text."""
    repo = tmp_path / "repo"
    repo.mkdir(exist_ok=True)
    (repo / "app.py").write_text(APP, encoding="utf-8")
    env = {**os.environ, "DOCGEN_CACHE_DIR": str(tmp_path / "cache"), "TERM": "xterm"}
    env.pop("NO_COLOR", None)
    env.pop("FORCE_COLOR", None)
    argv = [sys.executable, "-m", "docgen", *args, "extract", str(repo), "-o", str(tmp_path / "c.json")]
    if not terminal:
        done = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=300, check=False)
        return done.returncode, done.stderr
    leader, follower = pty.openpty()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=follower, env=env)
    os.close(follower)
    chunks = []
    while True:
        ready, _, _ = select.select([leader], [], [], 60)
        if not ready:
            break
        try:
            data = os.read(leader, 4096)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(leader)
    return child.wait(timeout=60), b"".join(chunks).decode(errors="replace")


def test_a_pipe_gets_the_warnings_only_uncoloured(tmp_path: Path) -> None:
    code, stderr = _run(tmp_path, terminal=False)
    assert code == 0
    assert stderr.splitlines() == [
        "docgen: warning: DG920 not a git repository: history, authors and dates omitted",
        f"Wrote json for 0 routes and 0 models to {tmp_path / 'c.json'}",
    ]


def test_color_always_colours_the_level_word_on_a_pipe(tmp_path: Path) -> None:
    code, stderr = _run(tmp_path, "--color", "always", terminal=False)
    assert code == 0
    assert stderr.splitlines() == [
        "docgen: \x1b[33mwarning\x1b[0m: DG920 not a git repository: history, authors and dates omitted",
        f"Wrote json for 0 routes and 0 models to {tmp_path / 'c.json'}",
    ]


def test_a_terminal_shows_the_stages_then_clears_them_and_no_progress_hides_them(tmp_path: Path) -> None:
    code, shown = _run(tmp_path, terminal=True)
    assert code == 0
    assert "docgen: parsing…" in shown and "docgen: linking routes and models…" in shown
    assert "DG920 not a git repository" in shown
    assert shown.rstrip().endswith("c.json")  # the display was cleared before the result line
    code, hidden = _run(tmp_path, "--no-progress", terminal=True)
    assert code == 0
    assert "…" not in hidden
    assert "DG920 not a git repository" in hidden

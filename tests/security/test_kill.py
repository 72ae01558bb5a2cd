"""A killed or interrupted docgen leaves nothing behind: no process, no half site, no blocked caller.

``docgen build`` of a generated tree runs in a session of its own with its output on pipes (as
``$(docgen ...)`` reads it) and is signalled at points found by watching it, not by guessing
delays: while its parse workers are alive, and while MkDocs writes the staging directory. After
the signal no process of its session may be alive within 5 s, the caller's read of its output
must end at once, the previous site must be byte-identical, and the next build must succeed and
leave no staging directory. The helpers are those of ``bench/kill.py``.
"""

from __future__ import annotations

import importlib.util
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

pytestmark = pytest.mark.slow
MODULES = 200


def _bench() -> ModuleType:
    path = Path(__file__).parents[2] / "bench" / "kill.py"
    spec = importlib.util.spec_from_file_location("bench_kill", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


kill = _bench()


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, str]]:
    """A committed tree of MODULES modules, built once: (root, site, environment)."""
    work = tmp_path_factory.mktemp("kill")
    root, site = work / "repo", work / "out" / "site"
    kill.make_tree(root, MODULES)
    git = ["git", "-C", str(root), "-c", "user.name=Dev", "-c", "user.email=dev@example.com"]
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "-c", "commit.gpgsign=false", "commit", "-q", "-m", "Initial"], check=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "DOCGEN_"))}
    env["DOCGEN_CACHE_DIR"] = str(work / "cache" / "first")
    _seconds, first = kill.build(root, site, env)
    assert first.returncode == 0, first.stderr
    return root, site, env


def _staging_in(out: Path) -> Callable[[int], bool]:
    """A kill point: MkDocs is writing the site into a staging directory of ``out``."""
    return lambda sid: any(p.name.startswith(".docgen-staging-") for p in out.iterdir())


@pytest.mark.parametrize("point", ["parsing", "publishing"])
def test_kill_9_leaves_no_process_no_blocked_caller_and_the_previous_site(
    tree: tuple[Path, Path, dict[str, str]], point: str
) -> None:
    root, site, env = tree
    before = kill.snapshot(site)
    when: Callable[[int], bool] = kill.parsing if point == "parsing" else _staging_in(site.parent)
    runs = []
    for i in range(2):
        cold = {**env, "DOCGEN_CACHE_DIR": str(root.parent / "cache" / f"{point}{i}")}  # every run parses
        runs.append(kill.killed_build(root, site, when, env=cold))
    assert [(r.reached, r.survivors) for r in runs] == [(True, ())] * 2
    assert all(r.survivors_gone is not None and r.survivors_gone < 5 for r in runs)
    assert all(r.pipes_closed < 5 for r in runs)
    assert all(r.returncode == -signal.SIGKILL for r in runs)
    assert kill.snapshot(site) == before
    if point == "parsing":
        assert all(r.helpers >= 3 for r in runs)  # the forkserver, a worker and the resource tracker were up


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_an_interrupt_of_the_process_group_is_one_line_and_exit_130(
    tree: tuple[Path, Path, dict[str, str]], signum: int
) -> None:
    """As a terminal's Ctrl+C or a CI runner's cancel: every process of the group gets the signal."""
    root, site, env = tree
    before = kill.snapshot(site)
    cold = {**env, "DOCGEN_CACHE_DIR": str(root.parent / "cache" / f"signal{signum}")}
    run = kill.killed_build(root, site, kill.parsing, signum=signum, group=True, env=cold)
    assert (run.reached, run.returncode, run.survivors) == (True, 130, ())
    assert run.survivors_gone is not None
    assert [line for line in run.stderr.splitlines() if line.strip()] == ["docgen: interrupted"]
    assert kill.snapshot(site) == before


def test_the_next_build_succeeds_and_leaves_no_staging_directory(tree: tuple[Path, Path, dict[str, str]]) -> None:
    root, site, env = tree
    for i in range(2):
        cold = {**env, "DOCGEN_CACHE_DIR": str(root.parent / "cache" / f"next{i}")}
        assert kill.killed_build(root, site, kill.parsing, env=cold).reached
    _seconds, done = kill.build(root, site, env)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"]

"""Kill tests of ``docgen build``: ``kill -9`` at random points, then look for what it left behind (not a test).

Usage: python bench/kill.py [--runs 10] [--modules 300] [--seed 0] [--work DIR]

A tree of ``--modules`` small documented modules is generated under ``--work`` (default a
temporary directory) and built once, so a previous site exists. Each run then starts ``docgen
build`` in a session of its own with its output on pipes (as ``$(docgen ...)`` does), kills it
with SIGKILL after a random delay within the measured build time, and reports: how long the
caller waited for the pipes to close after the kill, how long until no process of the session
was left (the target is under 5 s), whether the previous site is intact, and whether the next
build succeeds and leaves no ``.docgen-staging-*`` directory. The tests reuse these helpers.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

DOCGEN = Path(sys.executable).with_name("docgen")


@dataclass(frozen=True, slots=True)
class KillRun:
    """What one killed build left behind.

    Attributes:
        reached: Whether docgen was still running when the point of the kill came.
        at: Seconds between the start of docgen and the signal.
        helpers: Processes of docgen's session other than docgen itself just before the signal
            (forkserver, resource tracker, workers, git, ruff).
        pipes_closed: Seconds from the signal until the caller read EOF on docgen's stdout and
            stderr (infinity: not within the grace period plus 30 s).
        survivors_gone: Seconds from the signal until no process of docgen's session was alive
            (None: some were still alive after the grace period).
        survivors: Command lines of the processes still alive at the end of the grace period.
        returncode: docgen's exit status (negative: the signal's number).
        stderr: What docgen wrote on stderr.
    """

    reached: bool
    at: float
    helpers: int
    pipes_closed: float
    survivors_gone: float | None
    survivors: tuple[str, ...]
    returncode: int | None
    stderr: str


def make_tree(root: Path, modules: int) -> None:
    """A package of ``modules`` small documented modules under ``root``, configured for docgen."""
    package = root / "app"
    package.mkdir(parents=True, exist_ok=True)
    (package / "__init__.py").write_text('"""The app."""\n', encoding="utf-8")
    for i in range(modules):
        functions = "".join(
            f'\n\ndef f{j}(a: int) -> int:\n    """Return a ({i}.{j})."""\n    return a\n' for j in range(3)
        )
        (package / f"m{i}.py").write_text(f'"""Module {i}."""\n{functions}', encoding="utf-8")


def session(pid: int) -> list[tuple[int, str]]:
    """The live processes (pid, command line) of session ``pid``, zombies excluded."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        state, sid = fields[0], int(fields[3])
        if sid == pid and state != "Z":
            found.append((int(entry.name), cmdline.strip()))
    return found


def parsing(sid: int) -> bool:
    """Whether parse workers of session ``sid`` are alive (the forkserver and a process it forked)."""
    return sum("multiprocessing.forkserver" in cmd for _pid, cmd in session(sid)) >= 2


def killed_build(
    root: Path,
    site: Path,
    at: float | Callable[[int], bool],
    *,
    signum: int = signal.SIGKILL,
    group: bool = False,
    grace: float = 5.0,
    env: dict[str, str] | None = None,
) -> KillRun:
    """Start ``docgen build root -o site`` in a session of its own and signal it, then see what remains.

    Args:
        root: The tree to build (also the working directory).
        site: The output directory.
        at: Seconds after the start, or a predicate on the session id polled every 10 ms
            (e.g. :func:`parsing`) that says when.
        signum: The signal.
        group: Signal the whole process group, as the terminal's Ctrl+C does; else docgen alone.
        grace: How long processes of the session may outlive the signal.
        env: docgen's environment.
    """
    process = subprocess.Popen(
        [str(DOCGEN), "--no-progress", "build", str(root), "-o", str(site)],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        env=env,
        text=True,
    )
    drained = threading.Event()
    stderr: list[str] = []

    def drain() -> None:  # as the shell does for $(docgen ...): read until every writer closed the pipes
        stderr.append(process.communicate()[1])
        drained.set()

    threading.Thread(target=drain, daemon=True).start()
    started, sid = time.monotonic(), process.pid
    if callable(at):
        while process.poll() is None and not at(sid) and time.monotonic() - started < 300:
            time.sleep(0.01)
    else:
        time.sleep(at)
    reached = process.poll() is None
    helpers = len(session(sid)) - 1
    with contextlib.suppress(ProcessLookupError):
        (os.killpg if group else os.kill)(sid, signum)
    signalled = time.monotonic()
    pipes_closed = time.monotonic() - signalled if drained.wait(grace + 30) else float("inf")
    gone: float | None = None
    while time.monotonic() - signalled < grace:
        if not session(sid):
            gone = time.monotonic() - signalled
            break
        time.sleep(0.05)
    survivors = tuple(cmd for _pid, cmd in session(sid))
    for pid, _cmd in session(sid):  # leave the machine clean whatever happened
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    return KillRun(
        reached,
        signalled - started,
        helpers,
        pipes_closed,
        gone,
        survivors,
        process.poll(),
        "".join(stderr),
    )


def snapshot(site: Path) -> dict[str, bytes]:
    """Every file of ``site`` by relative path, with its content."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def build(root: Path, site: Path, env: dict[str, str] | None = None) -> tuple[float, subprocess.CompletedProcess[str]]:
    """Run a whole ``docgen build``; its duration and result."""
    start = time.monotonic()
    done = subprocess.run(
        [str(DOCGEN), "--no-progress", "build", str(root), "-o", str(site)],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    return time.monotonic() - start, done


def main() -> int:
    """Run the kill series and print one line per run, then a summary."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--modules", type=int, default=300)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--work", type=Path)
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="docgen-kill-"))
    root, out = work / "repo", work / "out"
    make_tree(root, args.modules)
    site = out / "site"
    env = {**os.environ, "DOCGEN_CACHE_DIR": str(work / "cache" / "first")}
    seconds, first = build(root, site, env)
    if first.returncode != 0:
        print(first.stderr, file=sys.stderr)
        return 1
    before = snapshot(site)
    print(f"cold build of {args.modules} modules: {seconds:.1f} s")
    rng = random.Random(args.seed)
    failures = 0
    for i in range(args.runs):
        cold = {**env, "DOCGEN_CACHE_DIR": str(work / "cache" / str(i))}  # every killed build parses
        run = killed_build(root, site, rng.uniform(0.05, seconds), env=cold)
        intact = snapshot(site) == before
        ok = run.survivors_gone is not None and intact and run.pipes_closed < 5
        failures += not ok
        gone = f"{run.survivors_gone:.2f} s" if run.survivors_gone is not None else f"NO: {list(run.survivors)}"
        print(
            f"run {i}: kill at {run.at:.2f} s ({run.helpers} helper processes); "
            f"pipes closed {run.pipes_closed:.2f} s; all gone {gone}; site intact {intact}"
        )
    _seconds, after = build(root, site, env)
    staging = sorted(p.name for p in out.iterdir() if p.name.startswith(".docgen-staging-"))
    print(f"next build: exit {after.returncode}; staging directories left: {staging}")
    return 1 if failures or after.returncode != 0 or staging else 0


if __name__ == "__main__":
    sys.exit(main())

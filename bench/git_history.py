"""Cost of the history stage's git log passes on a long synthetic history, or a real one (not a test).

Usage: python bench/git_history.py [--commits 8000] [--files 200] [--window 1000] [--repeat 3] [--repo DIR]

Without ``--repo`` a repository of FILES Python modules (~120 lines each) and COMMITS commits
(each editing a few lines of 1-3 modules, by one of 12 authors) is written with ``git
fast-import`` under a temporary directory. It then prints the median wall time of the raw
passes (the full-history ``git log --name-only`` that every history needs, the same with
``--numstat``, and ``--numstat --max-count=WINDOW``, the churn window), then of the whole enrich
git stage (:func:`docgen.enrich.git.read_history` over every ``.py`` file, no blame). Run it with
``PYTHONPATH`` pointing at another docgen tree to compare versions: a ``read_history`` without a
churn window is timed as it is. The machine is shared and noisy: read the ratios.
"""

from __future__ import annotations

import argparse
import inspect
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from docgen.diagnostics import Reporter
from docgen.enrich.git import read_history

_LOG = ["log", "-z", "--no-renames", "--diff-merges=first-parent", "--no-ext-diff", "--no-textconv"]
_FORMAT = "--pretty=tformat:%x1e%H%x1f%P%x1f%ct%x1f%aN%x1f%s"


def _module(index: int, revision: int) -> bytes:
    """A module of ~120 lines; ``revision`` changes a few of its lines."""
    lines = [f'"""Module {index}."""', ""]
    for n in range(30):
        lines += [f"def f{n}(x):", f"    return x + {n if n % 7 else revision}", "", ""]
    return ("\n".join(lines) + "\n").encode()


def build(root: Path, commits: int, files: int, seed: int = 1) -> None:
    """A fresh repository at ``root`` with ``commits`` commits over ``files`` modules, via fast-import."""
    rng = random.Random(seed)
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    revisions = [0] * files
    stream: list[bytes] = []
    for number in range(commits):
        touched = range(files) if number == 0 else rng.sample(range(files), rng.randint(1, 3))
        author = f"Author {rng.randrange(12)}"
        message = f"Change {number}".encode()
        stream += [
            b"commit refs/heads/main\n",
            f"author {author} <a@example.invalid> {1_600_000_000 + 600 * number} +0000\n".encode(),
            f"committer Bench <b@example.invalid> {1_600_000_000 + 600 * number} +0000\n".encode(),
            b"data %d\n%s\n" % (len(message), message),
        ]
        for index in touched:
            revisions[index] += 1
            data = _module(index, revisions[index])
            stream += [f"M 100644 inline app/m{index}.py\n".encode(), b"data %d\n" % len(data), data, b"\n"]
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=b"".join(stream), check=True)
    subprocess.run(["git", "checkout", "-q", "main"], cwd=root, check=True)


def timed(fn: Callable[[], Any], repeat: int) -> float:
    """The median wall seconds of ``repeat`` calls of ``fn``."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=8000)
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--window", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--repo", type=Path, help="an existing repository (read only) instead of a synthetic one")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="docgen-bench-git-") as scratch:
        root = args.repo or Path(scratch) / "repo"
        if args.repo is None:
            start = time.perf_counter()
            build(root, args.commits, args.files)
            print(f"built {args.commits} commits x {args.files} files in {time.perf_counter() - start:.1f} s")
        git = ["git", "-C", str(root)]
        count = subprocess.run([*git, "rev-list", "--count", "HEAD"], capture_output=True, check=True).stdout
        print(f"repository {root}: {int(count)} commits")
        passes = {
            "git log --name-only (full history)": [*_LOG, "--name-only", _FORMAT, "HEAD"],
            "git log --numstat (full history)": [*_LOG, "--numstat", _FORMAT, "HEAD"],
            f"git log --numstat --max-count={args.window}": [
                *_LOG,
                "--numstat",
                f"--max-count={args.window}",
                _FORMAT,
                "HEAD",
            ],
        }
        for label, argv in passes.items():
            seconds = timed(partial(subprocess.run, [*git, *argv], capture_output=True, check=True), args.repeat)
            print(f"{label:<45} {seconds:7.3f} s")
        listed = subprocess.run([*git, "ls-files", "-z", "--", "*.py"], capture_output=True, check=True).stdout
        paths = [os.fsdecode(p) for p in listed.split(b"\0") if p]
        windowed = "churn_commits" in inspect.signature(read_history).parameters
        read_history(root, paths, {}, reporter=Reporter())  # untimed: imports GitPython, warms git's caches
        for window in (args.window, 0) if windowed else (None,):
            extra = {} if window is None else {"churn_commits": window}
            seconds = timed(partial(read_history, root, paths, {}, reporter=Reporter(), **extra), args.repeat)
            label = "read_history (this tree's passes)" if window is None else f"read_history, churn window {window}"
            print(f"{label:<45} {seconds:7.3f} s  ({len(paths)} files)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Extract time and peak memory of two docgen versions on one source tree, alternated in one run.

Usage: python bench/versus.py SOURCE_DIR --base REF [--head REF] [--repeat N]

Each ref is checked out in a temporary git worktree of this repository and runs ``python -m
docgen extract SOURCE_DIR --format json`` in a child process with a cold cache of its own (parse
workers included: ``PYTHONPATH`` points at the ref's tree), the two refs alternating so that load
on the shared machine hits both alike. Prints the median wall and CPU time (CPU time is the
steadier figure on a loaded machine) and the peak RSS of each, and the ratios head/base, the
figures the speed target is stated in (not a test).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def run_once(tree: Path, source: Path, work: Path) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (parse workers included) and peak RSS (MB, the largest child so far)."""
    cache = Path(tempfile.mkdtemp(prefix="cache-", dir=work))
    env = {**os.environ, "PYTHONPATH": str(tree), "DOCGEN_CACHE_DIR": str(cache)}
    out = work / "catalog.json"
    command = [sys.executable, "-m", "docgen", "extract", str(source), "--format", "json", "-o", str(out)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, cwd=work, env=env, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return seconds, cpu, after.ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("--base", required=True, help="the git ref compared against")
    parser.add_argument("--head", default="HEAD", help="the git ref measured (default: HEAD)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="docgen-versus-", dir="/tmp") as tmp:
        work = Path(tmp)
        trees = {}
        for label, ref in (("base", args.base), ("head", args.head)):
            trees[label] = work / label
            subprocess.run(
                ["git", "-C", str(REPO), "worktree", "add", "-q", "--detach", str(trees[label]), ref], check=True
            )
        try:
            seconds: dict[str, list[float]] = {"base": [], "head": []}
            cpu: dict[str, list[float]] = {"base": [], "head": []}
            peak: dict[str, float] = {"base": 0.0, "head": 0.0}
            for _ in range(args.repeat):
                for label, tree in trees.items():
                    took, used, _ = run_once(tree, args.source.resolve(), work)
                    seconds[label].append(took)
                    cpu[label].append(used)
            for label, tree in trees.items():  # peak RSS: children's maximum is cumulative, so one child per process
                probe = subprocess.run(
                    [sys.executable, __file__, "--peak", str(tree), str(args.source.resolve()), str(work)],
                    capture_output=True,
                    text=True,
                    check=False,
                )
                peak[label] = float(probe.stdout.strip() or 0)
        finally:
            for tree in trees.values():
                subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(tree)], check=False)
    median = {label: statistics.median(values) for label, values in seconds.items()}
    median_cpu = {label: statistics.median(values) for label, values in cpu.items()}
    report = {
        label: {
            "ref": ref,
            "median_s": round(median[label], 2),
            "median_cpu_s": round(median_cpu[label], 2),
            "peak_rss_mb": round(peak[label]),
        }
        for label, ref in (("base", args.base), ("head", args.head))
    } | {
        "ratio_time": round(median["head"] / median["base"], 2),
        "ratio_cpu": round(median_cpu["head"] / median_cpu["base"], 2),
        "ratio_memory": round(peak["head"] / peak["base"], 2) if peak["base"] else None,
    }
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--peak":
        print(run_once(Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4]))[2])
        sys.exit(0)
    sys.exit(main())

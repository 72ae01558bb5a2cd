"""Stage timings of a docgen build, with ratios measured in the same run (not a test).

Usage: python bench/perf.py SOURCE_DIR [--repeat N] [--no-site]

Prints, per stage, the median wall time over N runs: discover, parse with a cold cache, parse
with a warm cache (the incremental-rebuild case), link, Ruff, git, render and the MkDocs build;
then the ratios that matter: warm/cold parse, and docgen's parse against a bare ``ast.parse``
of the same files (the floor in shared/PERFORMANCE.md). The machine is shared and noisy: read
the ratios, not the absolute seconds.
"""

from __future__ import annotations

import argparse
import ast
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docgen.api import read_code
from docgen.config import load_config
from docgen.diagnostics import Reporter
from docgen.discover import discover
from docgen.enrich.git import read_history
from docgen.enrich.ruff import run_ruff
from docgen.parse import parse_all


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-site", action="store_true")
    args = parser.parse_args()
    rows: list[tuple[str, float]] = []
    with tempfile.TemporaryDirectory(prefix="docgen-perf-") as tmp:
        reporter = Reporter()

        def config(cache: str) -> Any:
            return load_config(args.source, isolated=True, overrides={"cache_dir": cache})

        warm = config(str(Path(tmp) / "warm"))
        seconds, files = timed(lambda: discover(warm, reporter), args.repeat)
        rows.append(("discover", seconds))
        counter = iter(range(10**6))
        seconds, _ = timed(
            lambda: parse_all(files, config(str(Path(tmp) / f"cold{next(counter)}")), reporter), args.repeat
        )
        rows.append(("parse, cold cache", seconds))
        parse_all(files, warm, reporter)
        seconds, facts = timed(lambda: parse_all(files, warm, reporter), args.repeat)
        rows.append(("parse, warm cache", seconds))
        seconds, _ = timed(lambda: [ast.parse(f.data) for f in files], args.repeat)
        rows.append(("ast.parse floor (1 process)", seconds))
        seconds, linked = timed(lambda: read_code(facts, warm, reporter), args.repeat)
        rows.append(("link", seconds))
        paths = [f.path for f in files]
        seconds, _ = timed(lambda: run_ruff(warm.root, paths, reporter=reporter), args.repeat)
        rows.append(("ruff", seconds))
        seconds, _ = timed(
            lambda: read_history(
                warm.root, paths, linked.spans, reporter=reporter, churn_commits=warm.health.churn_commits
            ),
            args.repeat,
        )
        rows.append(("git", seconds))
        if not args.no_site:
            from docgen.api import analyse
            from docgen.render import render_site
            from docgen.site import build_site

            catalog = analyse(warm, Reporter())
            seconds, rendered = timed(lambda: render_site(catalog, warm), args.repeat)
            rows.append(("render", seconds))
            site = Path(tmp) / "site"
            seconds, result = timed(lambda: build_site(rendered, warm, site, reporter=Reporter()), 1)
            rows.append((f"mkdocs build ({result.pages} pages)", seconds))
    table = dict(rows)
    print(f"{args.source}: {len(files)} files, {sum(len(f.data) for f in files) / 1e6:.1f} MB")
    for name, seconds in rows:
        print(f"  {name:<32} {seconds:8.2f} s")
    print(f"  warm/cold parse                  {table['parse, warm cache'] / table['parse, cold cache']:8.3f}")
    print(
        f"  cold parse / ast.parse floor     {table['parse, cold cache'] / table['ast.parse floor (1 process)']:8.1f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

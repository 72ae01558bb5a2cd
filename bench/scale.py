"""Build time against repository size: per-module cost of generated backends of N modules (not a test).

Usage: python bench/scale.py [--sizes 4000,20000] [--work DIR] [--cli] [--profile STAGE] [--analysis-only]

For each N, a synthetic FastAPI backend of N modules is generated under ``--work`` (default a
temporary directory under /tmp; never the repository) and committed to a fresh git repository:
packages of 100 modules, each a mix of routers (a few routes each, included into the package
router, itself included into the app), Pydantic models (some referring to models of another
package), services (functions and classes with Google docstrings importing models) and
utilities. Each size is then measured in a child process of its own, with a fresh cache dir:
discover, parse (cold), link, Ruff, git, render and the MkDocs build, each timed; ``--cli`` also
times an end-to-end cold ``docgen build``. The table gives seconds and milliseconds per module per
stage, and the ratio per-module(largest N) / per-module(smallest N): 1.0 is linear, the target
is at most 1.5. The machine is shared and noisy: compare ratios measured in one run.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

PACKAGE_SIZE = 100
"""Modules per generated package (plus its ``__init__.py``, which counts as one of them)."""

STAGES = ("discover", "parse", "link", "ruff", "git", "render", "mkdocs")


def _router(pkg: int, mod: int, n_pkgs: int) -> str:
    other = (pkg + 1) % n_pkgs
    name = f"Item{pkg}_{mod}"
    return f'''"""Routes for items of kind {pkg}.{mod}."""

from fastapi import APIRouter, HTTPException

from app.p{pkg}.m{mod + 2} import helper_{pkg}_{mod + 2}
from app.p{other}.models_{other} import Shared{other}

router = APIRouter(prefix="/r{mod}", tags=["p{pkg}"])


@router.get("/", response_model=list[Shared{other}])
async def list_{name.lower()}(limit: int = 10, offset: int = 0) -> list[Shared{other}]:
    """List {name} records.

    Args:
        limit: Page size.
        offset: First record.
    """
    return []


@router.get("/{{item_id}}", response_model=Shared{other})
async def get_{name.lower()}(item_id: int) -> Shared{other}:
    """Read one {name} record."""
    if item_id < 0:
        raise HTTPException(status_code=404, detail="missing")
    return Shared{other}(id=item_id, name=helper_{pkg}_{mod + 2}("x"))


@router.post("/", status_code=201)
async def create_{name.lower()}(body: Shared{other}) -> Shared{other}:
    """Create a {name} record."""
    return body
'''


def _models(pkg: int, mod: int, n_pkgs: int) -> str:
    other = (pkg + 7) % n_pkgs
    return f'''"""Pydantic models of module {pkg}.{mod}."""

from pydantic import BaseModel, Field

from app.p{other}.models_{other} import Shared{other}


class Model{pkg}_{mod}(BaseModel):
    """A record of kind {pkg}.{mod}.

    Attributes:
        id: The key.
        name: A label.
    """

    id: int
    name: str = Field(default="", max_length=80)
    tags: list[str] = []
    parent: Shared{other} | None = None


class Model{pkg}_{mod}Create(BaseModel):
    """Input for creating a Model{pkg}_{mod}."""

    name: str
    count: int = Field(ge=0, default=1)
'''


def _shared_models(pkg: int) -> str:
    return f'''"""Models shared by the routers of package {pkg}."""

from pydantic import BaseModel


class Shared{pkg}(BaseModel):
    """A record every router of package {pkg} returns."""

    id: int
    name: str
    note: str | None = None
'''


def _service(pkg: int, mod: int) -> str:
    if mod % 4 == 3:
        imported, prev = f"from app.p{pkg}.m{mod - 1} import helper_{pkg}_{mod - 1}", f"helper_{pkg}_{mod - 1}"
    else:
        imported, prev = f"from app.p{pkg}.models{mod - 1} import Model{pkg}_{mod - 1}", "str"
    return f'''"""Business logic of module {pkg}.{mod}."""

from __future__ import annotations

import logging

{imported}

LOG = logging.getLogger(__name__)
LIMIT = {mod * 3}


def helper_{pkg}_{mod}(value: str) -> str:
    """Normalise ``value``.

    Args:
        value: The raw text.

    Returns:
        The text, stripped and lower-cased.
    """
    return value.strip().lower()


def combine_{pkg}_{mod}(left: str, right: str = "") -> str:
    """Join two values through the previous module's helper."""
    return {prev}(left) + right


class Service{pkg}_{mod}:
    """Holds the state of a unit of work.

    Args:
        name: What the unit is called.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.count = 0

    def run(self, times: int = 1) -> int:
        """Run ``times`` steps and return the total count."""
        for _ in range(times):
            self.count += 1
        LOG.debug("ran %s", self.name)
        return self.count

    @property
    def label(self) -> str:
        """The display label."""
        return self.name.title()
'''


def _package_init(pkg: int, routers: list[int]) -> str:
    imports = "\n".join(f"from app.p{pkg} import r{mod}" for mod in routers)
    includes = "\n".join(f"router.include_router(r{mod}.router)" for mod in routers)
    return f'''"""Package {pkg}: its routers under one prefix."""

from fastapi import APIRouter

{imports}

router = APIRouter(prefix="/p{pkg}")
{includes}
'''


def generate(root: Path, n_modules: int) -> int:
    """Write a FastAPI backend of ``n_modules`` modules under ``root`` and commit it to git.

    Returns:
        The number of ``.py`` files written.
    """
    n_pkgs = max(1, n_modules // PACKAGE_SIZE)
    app = root / "app"
    app.mkdir(parents=True)
    written = 0
    for pkg in range(n_pkgs):
        directory = app / f"p{pkg}"
        directory.mkdir()
        (directory / f"models_{pkg}.py").write_text(_shared_models(pkg))
        routers: list[int] = []
        for mod in range(1, PACKAGE_SIZE - 1):
            kind = mod % 4
            if kind == 0:
                routers.append(mod)
                (directory / f"r{mod}.py").write_text(_router(pkg, mod, n_pkgs))
            elif kind == 1:
                (directory / f"models{mod}.py").write_text(_models(pkg, mod, n_pkgs))
            else:
                (directory / f"m{mod}.py").write_text(_service(pkg, mod))
        (directory / "__init__.py").write_text(_package_init(pkg, routers))
        written += len(list(directory.glob("*.py")))
    imports = "\n".join(f"from app import p{pkg}" for pkg in range(n_pkgs))
    includes = "\n".join(f'app.include_router(p{pkg}.router, prefix="/api")' for pkg in range(n_pkgs))
    (app / "__init__.py").write_text('"""The generated backend."""\n')
    (app / "main.py").write_text(
        f'"""The ASGI application."""\n\nfrom fastapi import FastAPI\n\n{imports}\n\n'
        f'app = FastAPI(title="Generated")\n{includes}\n'
    )
    (root / "pyproject.toml").write_text('[project]\nname = "generated"\nversion = "0"\n')
    env = {**os.environ, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.invalid"}
    env |= {"GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.invalid"}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "generated"]):
        subprocess.run(["git", *args], cwd=root, env=env, check=True)
    return written + 2


def _cpu() -> float:
    """CPU seconds of this process and its reaped children (less noisy than wall time when shared)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure(root: Path, cache: Path, site: Path, profile: str | None, analysis_only: bool = False) -> dict[str, Any]:
    """Time every stage of a cold build of ``root`` in this process (the child's side)."""
    from dataclasses import replace

    from docgen import __version__
    from docgen.api import read_code
    from docgen.check.selection import select_findings
    from docgen.config import load_config
    from docgen.diagnostics import Reporter
    from docgen.discover import discover
    from docgen.enrich.git import read_history
    from docgen.enrich.ruff import run_ruff
    from docgen.model import Catalog, Project
    from docgen.parse import parse_all
    from docgen.render import render_site
    from docgen.site import build_site

    config = load_config(root, isolated=True, overrides={"cache_dir": str(cache)})
    reporter = Reporter()
    seconds: dict[str, float] = {}
    cpu_seconds: dict[str, float] = {}

    def timed(stage: str, fn: Any, *args: Any, **kwargs: Any) -> Any:
        profiler = None
        if profile == stage:
            import cProfile

            profiler = cProfile.Profile(time.process_time)  # CPU time: other load does not count
            profiler.enable()
        start, cpu = time.perf_counter(), _cpu()
        result = fn(*args, **kwargs)
        seconds[stage] = time.perf_counter() - start
        cpu_seconds[stage] = _cpu() - cpu
        if profiler is not None:
            import pstats

            profiler.disable()
            pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(40)
        return result

    files = timed("discover", discover, config, reporter)
    facts = timed("parse", parse_all, files, config, reporter)
    linked = timed("link", read_code, facts, config, reporter)
    paths = [f.path for f in files]
    ruff = timed("ruff", run_ruff, config.root, paths, mode=config.check.ruff, reporter=reporter)
    history = timed("git", read_history, config.root, paths, linked.spans, reporter=reporter)
    project = Project(name="generated", frameworks=linked.frameworks, docgen_version=__version__)
    catalog = Catalog(
        project=replace(project, ruff_version=ruff.version),
        modules=linked.modules,
        routes=linked.routes,
        models=linked.models,
        symbols=linked.symbols,
        findings=select_findings(ruff.findings + linked.findings, config.check, config.root, None),
        history=history,
        coverage=linked.coverage,
    )
    if analysis_only:  # --analysis-only: the stages up to the catalog
        seconds["render"] = cpu_seconds["render"] = seconds["mkdocs"] = cpu_seconds["mkdocs"] = 0.0
        pages = 0
    else:
        rendered = timed("render", render_site, catalog, config)
        pages = len(rendered.pages)
        if profile not in (None, "mkdocs"):  # a profile of an earlier stage needs no site
            seconds["mkdocs"] = cpu_seconds["mkdocs"] = 0.0
        else:
            timed("mkdocs", build_site, rendered, config, site, reporter=reporter)
    return {
        "files": len(files),
        "modules": len(catalog.modules),
        "routes": len(catalog.routes),
        "models": len(catalog.models),
        "pages": pages,
        "seconds": seconds,
        "cpu": cpu_seconds,
    }


def _child(root: Path, work: Path, profile: str | None, analysis_only: bool = False) -> dict[str, Any]:
    cache, site = work / "cache", work / "site"
    shutil.rmtree(cache, ignore_errors=True)
    shutil.rmtree(site, ignore_errors=True)
    command = [sys.executable, __file__, "--measure", str(root), "--work", str(work)]
    command += ["--profile", profile] if profile else []
    command += ["--analysis-only"] if analysis_only else []
    out = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


def _cli_build(root: Path, work: Path) -> tuple[float, float]:
    cache, site = work / "cli-cache", work / "cli-site"
    shutil.rmtree(cache, ignore_errors=True)
    shutil.rmtree(site, ignore_errors=True)
    env = {**os.environ, "DOCGEN_CACHE_DIR": str(cache)}
    start, cpu = time.perf_counter(), _children_cpu()
    subprocess.run(
        [sys.executable, "-m", "docgen", "-q", "--no-progress", "build", str(root), "-o", str(site)],
        check=True,
        env=env,
        cwd=work,
    )
    return time.perf_counter() - start, _children_cpu() - cpu


def _children_cpu() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return children.ru_utime + children.ru_stime


def _table(results: dict[int, dict[str, Any]], key: str) -> str:
    """One table: ``key`` is ``seconds`` (wall) or ``cpu``; the ratio is last N's ms/module over the first's."""
    sizes = sorted(results)
    head = f"{key:<10}" + "".join(f"{f'N={n} s':>12}{'ms/mod':>9}" for n in sizes) + f"{'ratio':>8}"
    lines = [head]
    rows = [*STAGES, "total"] + (["cli build"] if "cli" in results[sizes[0]][key] else [])
    for stage in rows:
        cells, per = "", []
        for n in sizes:
            row = results[n][key]
            value = sum(row[s] for s in STAGES) if stage == "total" else row["cli" if stage == "cli build" else stage]
            per.append(value / results[n]["files"] * 1000)
            cells += f"{value:12.2f}{per[-1]:9.3f}"
        ratio = per[-1] / per[0] if per[0] else float("nan")
        lines.append(f"{stage:<10}{cells}{ratio:8.2f}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="4000,20000", help="comma-separated module counts")
    parser.add_argument("--work", type=Path, help="where trees are generated (default: a new /tmp dir)")
    parser.add_argument("--cli", action="store_true", help="also time an end-to-end cold `docgen build`")
    parser.add_argument("--profile", choices=STAGES, help="print a cProfile of this stage (stderr)")
    parser.add_argument("--analysis-only", action="store_true", help="time discover..git only (no render, no site)")
    parser.add_argument("--keep", action="store_true", help="keep the generated trees")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        result = measure(args.measure, args.work / "cache", args.work / "site", args.profile, args.analysis_only)
        sys.stdout.write(json.dumps(result) + "\n")
        return 0
    work = args.work or Path(tempfile.mkdtemp(prefix="docgen-scale-", dir="/tmp"))
    results: dict[int, dict[str, Any]] = {}
    try:
        for n in sorted(int(s) for s in args.sizes.split(",")):
            root = work / f"n{n}" / "repo"
            if not root.exists():
                start = time.perf_counter()
                generate(root, n)
                sys.stderr.write(f"generated N={n} in {time.perf_counter() - start:.1f} s\n")
            results[n] = _child(root, work / f"n{n}", args.profile, args.analysis_only)
            if args.cli:
                results[n]["seconds"]["cli"], results[n]["cpu"]["cli"] = _cli_build(root, work / f"n{n}")
            r = results[n]
            sys.stderr.write(
                f"N={n}: {r['files']} files, {r['modules']} modules, {r['routes']} routes, "
                f"{r['models']} models, {r['pages']} pages: "
                f"{json.dumps({k: round(v, 2) for k, v in r['seconds'].items()})}\n"
            )
    finally:
        if not args.keep and args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    sys.stdout.write(_table(results, "seconds") + "\n\n" + _table(results, "cpu") + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

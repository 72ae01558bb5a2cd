"""docgen against the mkdocstrings code-reference recipe, with MkDocs and with Zensical, in one run (not a test).

Usage: python bench/peers.py [--work DIR] [--packages django,prefect-server,click] [--sizes 100,1000,3000]
                             [--recipe-python /tmp/venv-recipe/bin/python] [--django DIR] [--no-recipe]

For each package, side by side and one after the other (the machine is shared: compare the ratios
of one run, not figures of different runs), every command in a child process timed by
``/usr/bin/time`` (wall seconds, CPU seconds of it and its children, peak RSS of the largest):

- ``docgen build`` with ``--engine mkdocs`` and ``--engine zensical``, cold (an empty cache dir:
  no facts, no Zensical cache) then warm (the same command again, nothing changed);
- the site engine alone on docgen's ``--docs-only`` tree of the same package: ``mkdocs build``,
  and ``zensical build`` cold then warm (its cache), the figure "warm rebuild ≤ engine + 10 %" is
  stated against;
- the mkdocstrings "automatic code reference pages" recipe (mkdocs-gen-files writes one
  ``::: module`` page per module, mkdocs-literate-nav and mkdocs-section-index make the nav,
  mkdocstrings-python renders them statically, ``allow_inspection: false``, Material theme;
  modules in a folder without ``__init__.py`` are left out, griffe cannot collect them), run
  by ``--recipe-python``, an interpreter of its own virtualenv so docgen's dependencies are left
  alone; cold then warm (MkDocs keeps no cache, so warm differs only by the OS's file cache).

Then pages per second of each engine alone at generated backends of ``--sizes`` modules
(bench/scale.py's generator; docgen writes about 1.2 pages per module), cold and, for Zensical,
warm. The packages: Django (``--django``, the folder holding the ``django`` package; else the
wheel is fetched with ``pip download`` into the work dir and unpacked), prefect's server package
(``--prefect``) and click (copied from this interpreter's site-packages). The targets of the
issue, printed with the figures whether met or not: with Zensical, docgen cold >= 3x faster
than the recipe, warm >= 6x, and docgen's warm build <= the engine's warm build alone + 10 %.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

from scale import generate  # noqa: E402  (bench/ is not a package)

RECIPE_SCRIPT = '''"""The mkdocstrings recipe: one page per module and a literate nav."""

from pathlib import Path

import mkdocs_gen_files

root = Path({root!r})
nav = mkdocs_gen_files.Nav()
for path in sorted((root / {package!r}).rglob("*.py")):
    module_path = path.relative_to(root).with_suffix("")
    doc_path = path.relative_to(root).with_suffix(".md")
    full_doc_path = Path("reference", doc_path)
    parts = tuple(module_path.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
        doc_path = doc_path.with_name("index.md")
        full_doc_path = full_doc_path.with_name("index.md")
    elif parts[-1] == "__main__" or not all(p.isidentifier() for p in parts):
        continue
    if any(not (root.joinpath(*parts[:i]) / "__init__.py").is_file() for i in range(1, len(module_path.parts))):
        continue  # in a folder without __init__.py: griffe does not find it inside a regular package
    nav[parts] = doc_path.as_posix()
    with mkdocs_gen_files.open(full_doc_path, "w") as fd:
        fd.write(f"::: {{'.'.join(parts)}}\\n")
with mkdocs_gen_files.open("reference/SUMMARY.md", "w") as nav_file:
    nav_file.writelines(nav.build_literate_nav())
'''


@dataclass(frozen=True)
class Run:
    """One timed command."""

    seconds: float
    cpu: float
    peak_mb: float
    pages: int
    ok: bool

    def cell(self) -> str:
        if not self.ok:
            return "failed"
        return f"{self.seconds:7.1f} s {self.cpu:7.1f} cpu {self.peak_mb:5.0f} MB {self.pages:5d} p"


def timed(command: list[str], cwd: Path, env: dict[str, str], pages: Path | None = None) -> Run:
    """Run ``command`` under /usr/bin/time; ``pages``: count the HTML pages built there (else docgen's count)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        done = subprocess.run(
            ["/usr/bin/time", "-f", "%e %U %S %M", "-o", report.name, *command],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        wall, user, system, rss = report.read().split()[-4:]
    if done.returncode != 0:
        print(f"  FAILED ({done.returncode}): {' '.join(command)}\n{done.stderr[-2000:]}", file=sys.stderr)
    count = (
        len([p for p in pages.rglob("*.html") if p.name != "404.html" and "assets" not in p.parts])
        if pages is not None and pages.is_dir()
        else int(m.group(1))
        if (m := re.search(r"Built (\d+) pages", done.stdout + done.stderr))
        else 0
    )
    return Run(float(wall), float(user) + float(system), int(rss) / 1024, count, done.returncode == 0)


def docgen_env(cache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOCGEN_")}
    return env | {"PYTHONPATH": str(REPO), "DOCGEN_CACHE_DIR": str(cache), "NO_COLOR": "1"}


def docgen(source: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "docgen", "--isolated", "-q", "--no-progress", "build", str(source), *args]


def measure_docgen(name: str, source: Path, work: Path) -> dict[str, Run]:
    """docgen cold and warm with each engine, then each engine alone on docgen's docs-only tree."""
    runs: dict[str, Run] = {}
    for engine in ("mkdocs", "zensical"):
        cache, site = work / f"cache-{name}-{engine}", work / f"site-{name}-{engine}"
        for path in (cache, site):
            shutil.rmtree(path, ignore_errors=True)
        for state in ("cold", "warm"):
            runs[f"docgen+{engine} {state}"] = timed(
                docgen(source, "-o", str(site), "--engine", engine), work, docgen_env(cache)
            )
    tree = work / f"docs-{name}"
    shutil.rmtree(tree, ignore_errors=True)
    runs["docgen --docs-only (warm)"] = timed(
        docgen(source, "--docs-only", str(tree)), work, docgen_env(work / f"cache-{name}-mkdocs")
    )
    runs |= engines_alone(tree, work / f"mkdocs-{name}")
    return runs


def engines_alone(tree: Path, mkdocs_out: Path) -> dict[str, Run]:
    """``mkdocs build`` and ``zensical build`` (cold, then warm) on a Markdown tree with its mkdocs.yml."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOCGEN_")} | {"NO_COLOR": "1"}
    shutil.rmtree(mkdocs_out, ignore_errors=True)
    runs = {
        "mkdocs alone": timed(
            [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(mkdocs_out)], tree, env, pages=mkdocs_out
        )
    }
    for state in ("cold", "warm"):
        runs[f"zensical alone {state}"] = timed(
            [sys.executable, "-m", "zensical", "build"], tree, env, pages=tree / "site"
        )
    return runs


def measure_recipe(name: str, source: Path, work: Path, python: str) -> dict[str, Run]:
    """The mkdocstrings recipe on the package at ``source``, cold and warm."""
    project = work / f"recipe-{name}"
    shutil.rmtree(project, ignore_errors=True)
    (project / "docs").mkdir(parents=True)
    (project / "docs" / "index.md").write_text(f"# {name}\n", encoding="utf-8")
    (project / "gen_ref_pages.py").write_text(
        RECIPE_SCRIPT.format(root=str(source.parent), package=source.name), encoding="utf-8"
    )
    settings = {
        "site_name": name,
        "theme": {"name": "material"},
        "nav": [{"Home": "index.md"}, {"Code Reference": "reference/"}],
        "plugins": [
            "search",
            {"gen-files": {"scripts": ["gen_ref_pages.py"]}},
            {"literate-nav": {"nav_file": "SUMMARY.md"}},
            "section-index",
            {
                "mkdocstrings": {
                    "handlers": {"python": {"paths": [str(source.parent)], "options": {"allow_inspection": False}}}
                }
            },
        ],
    }
    (project / "mkdocs.yml").write_text(json.dumps(settings, indent=2), encoding="utf-8")  # JSON is YAML
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH"}} | {"NO_COLOR": "1"}
    site = project / "site"
    return {
        f"recipe {state}": timed([python, "-m", "mkdocs", "build", "-q", "-d", str(site)], project, env, pages=site)
        for state in ("cold", "warm")
    }


def packages(args: argparse.Namespace, work: Path) -> dict[str, Path]:
    """Each package's folder (the one holding its ``__init__.py``), fetched or copied into ``work`` if need be."""
    wanted = args.packages.split(",")
    django = args.django
    if django is None and "django" in wanted:
        django = work / "django-src"
        if not (django / "django").is_dir():
            wheels = work / "wheels"
            subprocess.run(
                [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "django", "-d", str(wheels)], check=True
            )
            with zipfile.ZipFile(next(wheels.glob("django-*.whl"))) as wheel:
                wheel.extractall(django)
    import click

    click_copy = work / "click-src" / "click"
    if not click_copy.is_dir():
        shutil.copytree(Path(click.__file__).parent, click_copy, ignore=shutil.ignore_patterns("__pycache__"))
    found = {"prefect-server": args.prefect, "click": click_copy}
    if django is not None:
        found["django"] = django / "django"
    return {name: found[name] for name in wanted}


def ratio(slow: Run | None, fast: Run | None) -> str:
    if slow is None or fast is None or not (slow.ok and fast.ok) or fast.seconds == 0:
        return "n/a"
    return f"{slow.seconds / fast.seconds:.2f}x"


def report(name: str, runs: dict[str, Run]) -> None:
    print(f"\n## {name}\n")
    for label, run in runs.items():
        print(f"  {label:28} {run.cell()}")
    get = runs.get
    recipe_cold, recipe_warm = get("recipe cold"), get("recipe warm")
    z_cold, z_warm = get("docgen+zensical cold"), get("docgen+zensical warm")
    m_cold, m_warm = get("docgen+mkdocs cold"), get("docgen+mkdocs warm")
    print(
        f"  recipe / docgen+zensical: cold {ratio(recipe_cold, z_cold)} (target >= 3x),"
        f" warm {ratio(recipe_warm, z_warm)} (target >= 6x)"
    )
    print(f"  recipe / docgen+mkdocs:   cold {ratio(recipe_cold, m_cold)}, warm {ratio(recipe_warm, m_warm)}")
    print(
        f"  docgen+zensical warm / zensical alone warm: {ratio(z_warm, get('zensical alone warm'))} (target <= 1.10x)"
    )
    print(f"  docgen+mkdocs warm / mkdocs alone:          {ratio(m_warm, get('mkdocs alone'))} (target <= 1.10x)")


def scaling(sizes: list[int], work: Path) -> None:
    """Pages per second of each engine alone on docgen's tree of generated backends."""
    print("\n## engines alone on generated backends: pages per second\n")
    print(
        f"  {'modules':>7} {'pages':>6} {'mkdocs':>8} {'zensical cold':>14} {'zensical warm':>14} {'docgen warm+z':>14}"
    )
    for size in sizes:
        root = work / f"generated-{size}"
        shutil.rmtree(root, ignore_errors=True)
        generate(root, size)
        cache, tree = work / f"cache-generated-{size}", work / f"docs-generated-{size}"
        shutil.rmtree(cache, ignore_errors=True)
        shutil.rmtree(tree, ignore_errors=True)
        made = timed(docgen(root, "--docs-only", str(tree)), work, docgen_env(cache))
        runs = engines_alone(tree, work / f"mkdocs-generated-{size}")
        site = work / f"site-generated-{size}"
        shutil.rmtree(site, ignore_errors=True)
        timed(docgen(root, "-o", str(site), "--engine", "zensical"), work, docgen_env(cache))  # fills Zensical's cache
        warm = timed(docgen(root, "-o", str(site), "--engine", "zensical"), work, docgen_env(cache))

        def rate(run: Run, pages: int) -> str:
            return f"{pages / run.seconds:8.0f}" if run.ok and run.seconds else "  failed"

        pages = made.pages
        print(
            f"  {size:7d} {pages:6d} {rate(runs['mkdocs alone'], pages)} {rate(runs['zensical alone cold'], pages):>14}"
            f" {rate(runs['zensical alone warm'], pages):>14} {rate(warm, pages):>14}"
        )
        seconds = ", ".join(f"{k} {v.seconds:.1f}" for k, v in {**runs, "docgen warm+z": warm}.items())
        print(f"          seconds: {seconds}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, help="where sites, trees and caches go (default: a new /tmp dir)")
    parser.add_argument("--packages", default="django,prefect-server,click")
    parser.add_argument("--sizes", default="100,1000,3000", help="generated backends' module counts ('' for none)")
    parser.add_argument("--recipe-python", default="/tmp/venv-recipe/bin/python")
    parser.add_argument("--no-recipe", action="store_true")
    parser.add_argument("--django", type=Path, help="the folder holding the django package")
    parser.add_argument("--prefect", type=Path, default=Path("/work/corpus/prefect/prefect/server"))
    args = parser.parse_args()
    work = (args.work or Path(tempfile.mkdtemp(prefix="docgen-peers-"))).resolve()
    work.mkdir(parents=True, exist_ok=True)
    print(f"work dir {work}; {os.cpu_count()} cores; times are wall seconds, cpu seconds, peak RSS, pages")
    for name, source in packages(args, work).items():
        runs = measure_docgen(name, source, work)
        if not args.no_recipe:
            runs |= measure_recipe(name, source, work, args.recipe_python)
        report(name, runs)
    if args.sizes:
        scaling([int(s) for s in args.sizes.split(",")], work)
    return 0


if __name__ == "__main__":
    sys.exit(main())

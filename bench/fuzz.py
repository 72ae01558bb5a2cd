"""Fuzz docgen with hostile modules: crashes, hangs and peak memory per run (not a test).

Usage: python bench/fuzz.py [--modules 5000] [--per-tree 100] [--timeout 120] [--seed 0]
                            [--work DIR] [--keep] [--build-every 10]

Three sources of modules, mixed:

* **grammar**: programs drawn from Python's grammar by hypothesmith (syntactically valid,
  semantically anything);
* **mutants**: the framework snippets of docgen's own tests (every string constant of
  ``tests/extract/**/*.py`` that parses as a module), mutated: statements duplicated, dropped or
  shuffled, names swapped for one another (``r = [Mount("/a", routes=r)]`` arises this way),
  calls given their own result as argument, string constants doubled or made huge, lists
  wrapped in themselves, and the text cut at a random byte (syntax errors);
* **bombs**: hand-made worst cases (inheritance cycles, self-including url lists and route
  lists, 10^5-term chains, deep nesting, doubling values, star-import cycles, huge literals).

The modules are written into trees of ``--per-tree`` files (a few with the names frameworks look
for: ``urls.py``, ``settings.py``, ``app.py``) and each tree is given to ``docgen extract`` in a
child process with ``--timeout`` seconds (every ``--build-every``-th tree to ``docgen build``).
A **crash** is an exit code other than 0/1/2, a Python traceback on stderr or a DG908 (an
extractor failed); a **hang** is a run over the timeout. Peak memory is the largest total RSS of
the run's processes (docgen, parse workers, Ruff), sampled every 50 ms.
Targets: 0 crashes, 0 hangs, peak < 500 MB. The report lists every failing tree with the lines
naming the file; ``--keep`` keeps the trees for reproduction.
"""

from __future__ import annotations

import argparse
import ast
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SNIPPET_SOURCES = sorted((REPO / "tests" / "extract").rglob("test_*.py"))
MEMORY_TARGET_MB = 500
FRAMEWORK_NAMES = ("urls.py", "settings.py", "app.py", "main.py", "views.py", "models.py", "api.py")


# --- bombs ----------------------------------------------------------------------------------------


def bombs() -> list[tuple[str, str]]:
    """Hand-made worst cases, each ``(name, source)``."""
    doubling = "\n".join(['a0 = "/x"'] + [f"a{i} = a{i - 1} + a{i - 1}" for i in range(1, 64)])
    list_doubling = "\n".join(['r0 = [path("x/", v)]'] + [f"r{i} = r{i - 1} + r{i - 1}" for i in range(1, 40)])
    return [
        ("cycle_self.py", "class A(A, A):\n    pass\n"),
        ("cycle_pair.py", "class A(B):\n    pass\nclass B(A):\n    pass\n"),
        ("cycle_wide.py", "".join(f"class C{i}(C{(i + 1) % 50}, C{(i + 7) % 50}):\n    pass\n" for i in range(50))),
        (
            "diamond.py",
            "class B0: ...\n" + "".join(f"class B{i}(B{i - 1}, B{max(i - 2, 0)}): ...\n" for i in range(1, 300)),
        ),
        ("urls.py", "from django.urls import include, path\nurlpatterns = [path('b/', include(urlpatterns))]\n"),
        (
            "urls_module.py",
            "from django.urls import include, path\nurlpatterns = [path('b/', include('urls_module'))]\n",
        ),
        ("settings.py", "ROOT_URLCONF = 'urls'\nINSTALLED_APPS = ['django.contrib.admin']\n"),
        (
            "starlette_self.py",
            "from starlette.applications import Starlette\nfrom starlette.routing import Mount\n"
            "r = [Mount('/a', routes=r)]\napp = Starlette(routes=r)\n",
        ),
        (
            "fastapi_self.py",
            "from fastapi import APIRouter, FastAPI\napp = FastAPI()\nr = APIRouter()\n"
            "r.include_router(r)\napp.include_router(r)\napp.mount('/m', app)\n",
        ),
        (
            "flask_self.py",
            "from flask import Blueprint, Flask\napp = Flask(__name__)\nbp = Blueprint('b', __name__)\n"
            "bp.register_blueprint(bp)\napp.register_blueprint(bp)\n",
        ),
        ("plus_chain.py", "x = " + " + ".join(["1"] * 100_000) + "\n"),
        (
            "str_chain.py",
            "from flask import Flask\napp = Flask(__name__)\n@app.get("
            + " + ".join(['"/a"'] * 20_000)
            + ")\ndef f(): ...\n",
        ),
        ("nesting.py", "x = " + "(" * 5_000 + "1" + ")" * 5_000 + "\n"),
        ("list_nesting.py", "x = " + "[" * 3_000 + "]" * 3_000 + "\n"),
        ("if_nesting.py", "".join("    " * i + "if x:\n" for i in range(90)) + "    " * 90 + "pass\n"),
        (
            "doubling.py",
            "from flask import Flask\napp = Flask(__name__)\n" + doubling + "\n@app.get(a63)\ndef f(): ...\n",
        ),
        ("list_doubling.py", "from django.urls import path\ndef v(r): ...\n" + list_doubling + "\nurlpatterns = r39\n"),
        ("star_a.py", "from star_b import *\nfrom star_a import *\nX = Y\n"),
        ("star_b.py", "from star_a import *\nY = X\n"),
        ("alias_loop.py", "a = b\nb = c\nc = a\nclass K(a): ...\n"),
        ("decorators.py", "".join("@d\n" for _ in range(10_000)) + "def f(): ...\n"),
        ("huge_list.py", "X = [" + ", ".join(str(i) for i in range(200_000)) + "]\n"),
        ("huge_str.py", 'X = "' + "x" * 3_000_000 + '"\n'),
        ("long_line.py", "x = 1" + "; x = x" * 50_000 + "\n"),
        ("many_defs.py", "".join(f"def f{i}(a, b=1, *c, d, **e):\n    '''Doc {i}.'''\n" for i in range(20_000))),
        ("lambda_nest.py", "f = " + "lambda: " * 500 + "0\n"),
        ("fstring_nest.py", "x = 1\ny = " + "f'{" * 4 + "x" + "}'" * 4 + "\n"),
        ("recursive_call.py", "def f(x):\n    return f(f(x))\nP = f('/a')\n"),
        ("null_bytes.py", "x = 1\n\x00\x00\ny = 2\n"),
        ("bad_coding.py", "# coding: klingon\nx = 1\n"),
        ("bom.py", "\ufeffx = 1\n"),
        ("invalid_utf8.py", "x = '\udcff'\n"),
    ]


# --- grammar --------------------------------------------------------------------------------------


def grammar_modules(count: int, seed: int, batch: int = 200) -> Iterator[str]:
    """``count`` programs from hypothesmith's grammar strategy (deterministic for a seed).

    Drawn in runs of ``batch`` examples with seeds of their own: one long run slows down as
    Hypothesis works harder to find examples it has not yet seen.
    """
    import hypothesmith
    from hypothesis import HealthCheck, given, settings
    from hypothesis import seed as with_seed
    from hypothesis.errors import NonInteractiveExampleWarning

    made = 0
    for run in range(seed * 1000, seed * 1000 + count // batch + 1):
        found: list[str] = []

        @with_seed(run)
        @settings(max_examples=batch, database=None, deadline=None, suppress_health_check=list(HealthCheck))
        @given(hypothesmith.from_grammar())
        def collect(source: str) -> None:
            found.append(source)  # noqa: B023 (the function runs right here, in this iteration)

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", NonInteractiveExampleWarning)
            warnings.simplefilter("ignore", SyntaxWarning)  # hypothesmith compiles what it draws
            collect()
        yield from found[: count - made]
        made += min(len(found), count - made)
        if made >= count:
            return


# --- mutants --------------------------------------------------------------------------------------


def snippets() -> list[str]:
    """The module-shaped string constants of the framework tests."""
    found = []
    for path in SNIPPET_SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and "import" in node.value:
                text = _dedent(node.value)
                try:
                    ast.parse(text)
                except SyntaxError:
                    continue
                found.append(text)
    return found


def _dedent(text: str) -> str:
    import textwrap

    return textwrap.dedent(text).lstrip("\n")


def mutate(source: str, rng: random.Random) -> str:
    """One to three random mutations of ``source``."""
    for _ in range(rng.randint(1, 3)):
        source = rng.choice(MUTATIONS)(source, rng)
    return source


def _lines(source: str, rng: random.Random) -> str:
    lines = source.splitlines()
    if not lines:
        return source
    i = rng.randrange(len(lines))
    choice = rng.randrange(3)
    if choice == 0:
        lines.insert(i, lines[i])
    elif choice == 1:
        del lines[i]
    else:
        j = rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines) + "\n"


_NAME = re.compile(r"\b[A-Za-z_][A-Za-z0-9_]*\b")


def _swap_names(source: str, rng: random.Random) -> str:
    names = sorted(set(_NAME.findall(source)))
    if len(names) < 2:
        return source
    a, b = rng.sample(names, 2)
    return re.sub(rf"\b{re.escape(a)}\b", b, source, count=rng.randint(1, 3))


def _self_reference(source: str, rng: random.Random) -> str:
    """``x = [...]`` becomes ``x = [..., x]``; ``routes=[...]`` gets the list's own name."""
    assigns = re.findall(r"^(\w+) = \[", source, flags=re.M)
    if not assigns:
        return source
    name = rng.choice(assigns)
    return re.sub(rf"^{name} = \[", f"{name} = [{name}, ", source, count=1, flags=re.M)


def _strings(source: str, rng: random.Random) -> str:
    factor = rng.choice((2, 100, 10_000))
    return re.sub(r'"([^"\n]{1,20})"', lambda m: '"' + m.group(1) * factor + '"', source, count=2)


def _wrap_call(source: str, rng: random.Random) -> str:
    calls = re.findall(r"\b(\w+)\(", source)
    if not calls:
        return source
    name = rng.choice(calls)
    return source.replace(f"{name}(", f"{name}({name}(", 1).replace(")", "))", 1)


def _truncate(source: str, rng: random.Random) -> str:
    return source[: rng.randrange(len(source) + 1)]


def _deepen(source: str, rng: random.Random) -> str:
    """Append a chain of nested classes (the nesting CPython accepts: under 100 levels)."""
    depth = rng.choice((10, 50, 90))
    chain = "".join("    " * i + f"class D{i}:\n" for i in range(depth))
    body = "".join(f"    {line}\n" for line in chain.splitlines())
    return f"{source}\nclass Deep(object):\n{body}" + "    " * (depth + 1) + "pass\n"


MUTATIONS: tuple[Callable[[str, random.Random], str], ...] = (
    _lines,
    _swap_names,
    _self_reference,
    _strings,
    _wrap_call,
    _truncate,
    _deepen,
)


# --- running --------------------------------------------------------------------------------------


@dataclass
class Run:
    """One docgen run over one tree."""

    tree: Path
    command: str
    seconds: float
    code: int | None
    peak_mb: float
    problems: list[str] = field(default_factory=list)

    @property
    def crashed(self) -> bool:
        return bool(self.problems) and self.code is not None

    @property
    def hung(self) -> bool:
        return self.code is None


def write_tree(root: Path, modules: list[tuple[str, str]]) -> None:
    """Write ``(name, source)`` modules under ``root`` (errors of encoding written as raw bytes)."""
    root.mkdir(parents=True)
    for name, source in modules:
        (root / name).write_bytes(source.encode("utf-8", "surrogateescape"))


def run_docgen(tree: Path, out: Path, command: str, timeout: float) -> Run:
    """``docgen extract`` (or ``build``) over ``tree`` in a child, with its time, exit code and peak RSS."""
    target = out / ("site" if command == "build" else "catalog.json")
    argv = [sys.executable, "-m", "docgen", command, str(tree), "-o", str(target)]
    env = {**os.environ, "DOCGEN_CACHE_DIR": str(out / "cache")}
    start = time.monotonic()
    with (out / "stderr.txt").open("wb") as err:
        child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=err, env=env, start_new_session=True)
        code: int | None
        try:
            _, status, peak = _wait(child, timeout)
            code = os.waitstatus_to_exitcode(status)
        except TimeoutError as timed_out:
            os.killpg(child.pid, 9)
            os.wait4(child.pid, 0)
            code, peak = None, timed_out.args[0]
    seconds = time.monotonic() - start
    stderr = (out / "stderr.txt").read_text(encoding="utf-8", errors="replace")
    problems = [line[:300] for line in stderr.splitlines() if "Traceback" in line or " DG908 " in line]
    if code not in (0, 1, 2, None):
        problems.append(f"exit code {code}: " + " | ".join(stderr.splitlines()[-3:])[:300])
    return Run(tree, command, seconds, code, peak, problems)


def _wait(child: subprocess.Popen[bytes], timeout: float) -> tuple[int, int, float]:
    """Wait for ``child``; its exit status and the peak total RSS (MB) of its session, sampled."""
    deadline = time.monotonic() + timeout
    peak = 0.0
    while True:
        peak = max(peak, session_rss_mb(child.pid))
        pid, status, _ = os.wait4(child.pid, os.WNOHANG)
        if pid:
            child.returncode = os.waitstatus_to_exitcode(status)
            return pid, status, peak
        if time.monotonic() > deadline:
            raise TimeoutError(peak)
        time.sleep(0.05)


_PAGE_MB = os.sysconf("SC_PAGE_SIZE") / 2**20


def session_rss_mb(session: int) -> float:
    """Resident memory (MB) of every process of a session: docgen, its parse workers, Ruff, git.

    The child's own ``ru_maxrss`` would not do: it starts at this process's size (a fork shares
    its pages) and leaves out the workers.
    """
    total = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as stat_file:  # noqa: PTH123 (hot loop)
                fields = stat_file.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == session:  # field 6, the session id (after the state, ppid, pgrp)
            total += int(fields[21])  # field 24, rss in pages
    return total * _PAGE_MB


def modules(total: int, seed: int) -> Iterator[tuple[str, str, str]]:
    """``(kind, name, source)``: the bombs, then grammar programs and mutants in equal parts."""
    rng = random.Random(seed)
    made = 0
    for name, source in bombs():
        yield "bomb", name, source
        made += 1
    rest = total - made
    bases = snippets()
    grammar = grammar_modules(rest // 2, seed)
    for i in range(rest):
        if i % 2 == 0:
            source = next(grammar, None)
            if source is not None:
                yield "grammar", f"g{i}.py", source
                continue
        yield "mutant", f"m{i}.py", mutate(rng.choice(bases), rng)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--modules", type=int, default=5000, help="modules in all (default 5000)")
    parser.add_argument("--per-tree", type=int, default=100, help="modules per docgen run (default 100)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per run before it counts as a hang")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--build-every", type=int, default=10, help="every Nth tree runs `docgen build` (0: never)")
    parser.add_argument("--work", type=Path, help="where trees are written (default: a new /tmp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the trees (for reproducing a failure)")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="docgen-fuzz-"))
    work.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    kinds: dict[str, int] = {}
    trees: list[list[tuple[str, str]]] = [[]]
    made = 0
    for kind, name, source in modules(args.modules, args.seed):
        kinds[kind] = kinds.get(kind, 0) + 1
        if len(trees[-1]) >= args.per_tree:
            trees.append([])
        tree = trees[-1]
        if (
            kind != "bomb"
            and len(tree) < len(FRAMEWORK_NAMES)
            and not any(n == FRAMEWORK_NAMES[len(tree)] for n, _ in tree)
        ):
            name = FRAMEWORK_NAMES[len(tree)]
        tree.append((name, source))
        made += 1
    generated = time.monotonic() - started
    print(
        f"fuzz: {made} modules ({', '.join(f'{k} {v}' for k, v in kinds.items())}) in {len(trees)} trees, "
        f"generated in {generated:.0f} s; work dir {work}",
        flush=True,
    )
    runs: list[Run] = []
    for index, tree_modules in enumerate(trees):
        tree = work / f"tree{index:04d}" / "src"
        write_tree(tree, tree_modules)
        command = "build" if args.build_every and index % args.build_every == 0 else "extract"
        run = run_docgen(tree, tree.parent, command, args.timeout)
        runs.append(run)
        status = "HANG" if run.hung else ("CRASH" if run.crashed else f"exit {run.code}")
        print(
            f"  tree{index:04d} {command:7} {len(tree_modules):4} modules {run.seconds:6.1f} s "
            f"{run.peak_mb:6.0f} MB  {status}",
            flush=True,
        )
        for problem in run.problems:
            print(f"      {problem}", flush=True)
        if not args.keep and not run.problems and not run.hung and run.peak_mb < MEMORY_TARGET_MB:
            shutil.rmtree(tree.parent)  # a failing tree stays, for reproduction
    crashes = [r for r in runs if r.crashed]
    hangs = [r for r in runs if r.hung]
    peak = max(r.peak_mb for r in runs)
    slowest = max(runs, key=lambda r: r.seconds)
    print()
    print(
        f"modules {made}   runs {len(runs)}   crashes {len(crashes)}   hangs {len(hangs)}   "
        f"peak RSS {peak:.0f} MB   slowest run {slowest.seconds:.1f} s ({slowest.tree.parent.name})   "
        f"total {time.monotonic() - started:.0f} s"
    )
    print(
        "targets: 0 crashes, 0 hangs, peak < 500 MB:", "MET" if not crashes and not hangs and peak < 500 else "NOT MET"
    )
    met = not crashes and not hangs and peak < MEMORY_TARGET_MB
    if not args.keep and met:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())

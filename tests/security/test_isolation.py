"""Running docgen from a repository's root imports nothing from it: no shadow module, no planted entry point.

The repository plants a module named after every standard-library module and every dependency
(and a ``docgen/`` package), each writing a canary when imported, then ``docgen build``,
``extract`` and ``check .`` run as the CI does: a subprocess whose working directory is the
repository. The runs must succeed with no canary written, the secret in the environment
nowhere in their output, and the repository unchanged.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

import docgen.extract
import docgen.parse
from docgen.config import load_config
from docgen.model.source import SourceFile

BIN = Path(sys.executable).parent
DEPENDENCIES = (
    "libcst", "pathspec", "click", "yaml", "yaml_env_tag", "jinja2", "markupsafe", "markdown", "mkdocs",
    "material", "pymdownx", "nh3", "git", "gitdb", "docstring_parser", "rich", "pygments",
    "msgspec", "typing_extensions", "sitecustomize", "usercustomize",
)  # fmt: skip
COMMANDS = {
    "build": ["build", ".", "-o"],
    "extract": ["extract", ".", "-o"],
    "check": ["check", ".", "--exit-zero", "-o"],
}
APP = '"""The app."""\n\n\ndef ping() -> str:\n    """Answer pong."""\n    return "pong"\n'


def _before_main() -> set[str]:
    """Modules ``python -m`` itself imports (runpy's) before docgen's ``__main__`` can drop the current directory."""
    code = "import runpy, sys; print(' '.join(sys.modules))"
    loaded = subprocess.run([sys.executable, "-P", "-c", code], capture_output=True, text=True, check=True).stdout
    return {name.split(".")[0] for name in loaded.split()}


def _plant(root: Path, canaries: Path, names: set[str]) -> None:
    """A module per name at the repository root, each writing ``canaries/<name>`` when imported."""
    for name in names:
        (root / f"{name}.py").write_text(f"open({str(canaries / name)!r}, 'w').close()\n", encoding="utf-8")


def _manifest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
        for p in sorted(root.rglob("*"))
    }


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository with one documented package; canaries go to ``tmp_path/canaries``."""
    root = tmp_path / "repo"
    (root / "app").mkdir(parents=True)
    (root / "app" / "__init__.py").write_text(APP, encoding="utf-8")
    (tmp_path / "canaries").mkdir()
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    return root


def _run(repo: Path, launcher: list[str], command: str, **extra: str) -> tuple[subprocess.CompletedProcess[str], str]:
    """Run ``command`` over ``.`` from the repository root, as CI does; the result and the secret planted."""
    secret = f"tok-{secrets.token_hex(16)}"
    out = repo.parent / f"out-{command}"
    env = {
        **os.environ,
        "SECRET_TOKEN": secret,
        "DOCGEN_CACHE_DIR": str(repo.parent / "cache"),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    for key in ("PYTHONPATH", "PYTHONSAFEPATH", "PYTHONNOUSERSITE", "DOCGEN_TRUST_REPO_CONFIG"):
        env.pop(key, None)
    env.update(extra)
    argv = [*launcher, "--no-progress", *COMMANDS[command], str(out)]
    done = subprocess.run(argv, cwd=repo, env=env, capture_output=True, text=True, timeout=300, check=False)
    written = [p.read_text(errors="replace") for p in [out, *out.rglob("*")] if p.is_file()]
    assert not any(secret in text for text in [done.stdout, done.stderr, *written])
    return done, secret


@pytest.mark.parametrize("command", list(COMMANDS))
def test_the_console_script_imports_no_module_of_the_repository(repo: Path, command: str) -> None:
    names = {n for n in sys.stdlib_module_names if not n.startswith("_")} | set(DEPENDENCIES)
    canaries = repo.parent / "canaries"
    _plant(repo, canaries, names)
    (repo / "docgen").mkdir()
    (repo / "docgen" / "__init__.py").write_text(f"open({str(canaries / 'docgen')!r}, 'w').close()\n", "utf-8")
    before = _manifest(repo)
    done, _secret = _run(repo, [str(BIN / "docgen")], command)
    assert (done.returncode, sorted(p.name for p in canaries.iterdir())) == (0, []), done.stderr
    assert _manifest(repo) == before


@pytest.mark.parametrize("command", list(COMMANDS))
def test_python_m_docgen_imports_no_module_of_the_repository(repo: Path, command: str) -> None:
    """As the console script; only what ``python -m`` imports before docgen starts is Python's own doing."""
    names = ({n for n in sys.stdlib_module_names if not n.startswith("_")} | set(DEPENDENCIES)) - _before_main()
    assert {"tomllib", "multiprocessing", "pathlib", "libcst", "click", "concurrent"} <= names
    canaries = repo.parent / "canaries"
    _plant(repo, canaries, names)
    before = _manifest(repo)
    done, _secret = _run(repo, [str(BIN / "python"), "-m", "docgen"], command)
    assert (done.returncode, sorted(p.name for p in canaries.iterdir())) == (0, []), done.stderr
    assert _manifest(repo) == before


def _plant_entry_point(root: Path, canary: Path, module: str) -> None:
    """A ``*.dist-info`` registering an extractor whose module writes ``canary`` when imported."""
    info = root / "evil-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: evil\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[docgen.extractors]\nevil = {module}:Evil\n", encoding="utf-8")
    extractor = "from docgen.link.contract import Extractor\nclass Evil(Extractor):\n    name = 'evil'\n"
    code = f"open({str(canary)!r}, 'w').close()\n{extractor}"
    (root / f"{module}.py").write_text(code, encoding="utf-8")


@pytest.mark.parametrize(
    ("launcher", "pythonpath"),
    [(["python", "-m", "docgen"], False), (["docgen"], True)],
    ids=["python-m", "console-script-with-PYTHONPATH"],
)
def test_an_entry_point_planted_in_the_repository_is_not_loaded(
    repo: Path, launcher: list[str], pythonpath: bool
) -> None:
    """Even when the operator's PYTHONPATH names the repository, only installed distributions count."""
    canary = repo.parent / "canaries" / "evil"
    _plant_entry_point(repo, canary, "evil_plugin")
    argv = [str(BIN / launcher[0]), *launcher[1:]]
    done, _secret = _run(repo, argv, "extract", **({"PYTHONPATH": str(repo)} if pythonpath else {}))
    assert (done.returncode, canary.exists()) == (0, False), done.stderr


def test_entry_points_come_only_from_installed_distributions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same plant on ``sys.path`` is found when it is outside the tree, ignored under the root or the cwd."""
    outside, root, elsewhere = tmp_path / "installed", tmp_path / "repo", tmp_path / "elsewhere"
    for folder in (outside, root, elsewhere):
        folder.mkdir()
    _plant_entry_point(outside, tmp_path / "loaded", "evil_outside")
    monkeypatch.syspath_prepend(str(outside))
    monkeypatch.chdir(elsewhere)
    assert "evil" in docgen.extract.available(root)  # the plant works: an installed one loads
    assert (tmp_path / "loaded").exists()
    monkeypatch.delitem(sys.modules, "evil_outside")
    (tmp_path / "loaded").unlink()
    monkeypatch.chdir(outside)  # now the same distribution lies in the current directory
    assert "evil" not in docgen.extract.available()
    monkeypatch.chdir(elsewhere)
    assert "evil" not in docgen.extract.available(outside)  # or under the analysed root
    assert not (tmp_path / "loaded").exists()


def test_workers_start_with_a_safe_import_path_and_no_user_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    pool = docgen.parse._new_pool(1, 256 * 1024**2)
    try:
        flags = pool.submit(eval, "__import__('sys').flags.safe_path, __import__('sys').flags.no_user_site")
        assert flags.result(timeout=60) == (True, 1)
        env = pool.submit(eval, "__import__('os').environ.get('DOCGEN_POOL_PARENT')")
        assert env.result(timeout=60) is None
    finally:
        pool.shutdown()


def test_workers_are_capped_at_cpus_files_and_the_memory_budget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sizes: list[tuple[int, int]] = []
    monkeypatch.setattr(
        docgen.parse, "_parse_in_pool", lambda files, jobs, timeout, memory, cache: sizes.append((jobs, memory)) or []
    )
    config = load_config(tmp_path, isolated=True, overrides={"jobs": 64})
    small_budget = load_config(tmp_path, isolated=True, overrides={"jobs": 64, "parse_memory": 128})
    files = [SourceFile(f"m{i}.py", tmp_path / f"m{i}.py", f"m{i}", False, b"", "0" * 64) for i in range(3)]
    cpus = len(os.sched_getaffinity(0))
    docgen.parse._parse(files, config)
    docgen.parse._parse(files * 40, config)
    docgen.parse._parse(files * 40, small_budget)
    mb = 1024**2
    assert sizes == [(min(3, cpus), 320 * mb), (min(5, cpus), 320 * mb), (min(2, cpus), 128 * mb)]  # 64 MB a worker


def test_a_build_run_from_elsewhere_ignores_a_plant_on_pythonpath_inside_the_analysed_repository(
    repo: Path, tmp_path: Path
) -> None:
    """The link stage passes the analysed root and repository to the registry, not only the cwd."""
    canary = tmp_path / "canaries" / "evil-sub"
    sub = repo / "vendor"
    sub.mkdir()
    _plant_entry_point(sub, canary, "evil_vendored")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(sub), "DOCGEN_CACHE_DIR": str(tmp_path / "cache")}
    argv = [str(BIN / "docgen"), "extract", str(repo), "-o", str(tmp_path / "out.json")]
    done = subprocess.run(argv, cwd=elsewhere, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert (done.returncode, canary.exists()) == (0, False), done.stderr

"""Ruff findings for the analysed files: one read-only Ruff run, its JSON mapped to catalog findings.

Ruff is never allowed to write into the analysed tree (``--no-cache``, ``--no-fix``), runs with an
argument list from an absolute executable path, a wall-clock timeout that kills its whole process
group, and (on Linux) an address-space limit. The analysed repo's own Ruff configuration is
honoured when Ruff accepts it; otherwise docgen falls back to :data:`DEFAULT_RULES`, says so with
a DG910 warning, and labels the result with :data:`DEFAULT_RULES_LABEL`. When Ruff crashes (a
stack overflow on a pathological file), the file list is halved until the file is found: it is
reported (DG912) and the other files' findings are kept.

A second run, the security pass, lints the same files with Ruff's flake8-bandit (S) rules and
docgen's own settings (:mod:`docgen.enrich.bandit`), whatever the repo's config says: its findings
are rated security findings, and the first run's S findings give way to them. A third run, the
complexity pass (:mod:`docgen.enrich.mccabe`), measures every function's cyclomatic complexity.
"""

from __future__ import annotations

import importlib
import json
import os
import re
import shutil
import signal
import subprocess
import time
import tomllib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from docgen.diagnostics import Code, Reporter
from docgen.enrich.bandit import IdiomLines, default_settings, is_idiom, is_security_rule, rate, security_flags
from docgen.enrich.mccabe import complexities, complexity_flags
from docgen.enrich.ruffparse import PathMapper, error_summary, finding, panics
from docgen.enrich.ruffproc import Completed, RuffFailure, execute
from docgen.model import Diagnostic, Finding, FunctionComplexity, Location, Stage

DEFAULT_RULES: tuple[str, ...] = ("E4", "E7", "E9", "F", "W", "B")
"""Rules used when the repo has no Ruff config, or Ruff rejects it.

Ruff's classic defaults (pycodestyle errors E4/E7/E9 and Pyflakes F) plus pycodestyle warnings (W)
and flake8-bugbear (B): likely bugs and hygiene, no style opinions. Docstring presence (D1) is left
out because docgen's own coverage checks (DG1xx) report undocumented APIs.
"""

DEFAULT_RULES_LABEL = "docgen default rules"
"""``RuffResult.config`` when :data:`DEFAULT_RULES` were used."""

CONFIG_FILES: tuple[str, ...] = (".ruff.toml", "ruff.toml", "pyproject.toml")
"""Ruff config file names, in Ruff's own precedence order within one directory."""

MAX_ARGV_BYTES = 100_000
"""Upper bound on the bytes of file arguments per Ruff invocation (Linux caps one argv at 2 MB)."""

MAX_CRASH_RETRIES = 40
"""Reruns allowed per lint pass to find the file that crashed Ruff (2 per halving: 2**20 files)."""

_SAFE_FLAGS: tuple[str, ...] = ("--output-format", "json", "--no-cache", "--no-fix", "--exit-zero")
_MAX_CONFIG_BYTES = 2 * 1024**2
_THREAD_ID = re.compile(r"thread ('[^']*') \(\d+\)")


@dataclass(frozen=True, slots=True)
class RuffResult:
    """What the Ruff run produced.

    Attributes:
        findings: Ruff's findings, sorted by (path, line, code).
        version: Ruff's version (``0.17.6``), when it could be asked.
        ran: Whether Ruff ran to completion; False means the lint section is omitted, never
            that the code is clean.
        config: The configuration used: the repo's config file (POSIX path relative to the
            analysed root) or :data:`DEFAULT_RULES_LABEL`; None when Ruff did not run.
        security_ran: Whether the security pass ran to completion (its findings are among
            ``findings``, with source ``security``).
        complexity: Every function's cyclomatic complexity, from the complexity pass, sorted by location.
        complexity_ran: Whether the complexity pass ran to completion.

    """

    findings: tuple[Finding, ...] = ()
    version: str | None = None
    ran: bool = False
    config: str | None = None
    security_ran: bool = False
    complexity: tuple[FunctionComplexity, ...] = ()
    complexity_ran: bool = False


class _RuffRejected(RuffFailure):
    """Ruff exited 2: with the repo's config this means the config was rejected."""


def run_ruff(
    root: Path, paths: Sequence[str], *, mode: str = "auto", reporter: Reporter, timeout: float = 300.0
) -> RuffResult:
    """Lint the analysed files with Ruff and return its findings.

    Args:
        root: The analysed root; Ruff runs with it as working directory.
        paths: Repo-relative POSIX paths of the analysed ``.py`` files.
        mode: ``auto`` runs Ruff when it is installed; ``off`` never runs it.
        reporter: Receives DG910 (Ruff failed or rejected the config) and DG911 (not found).
        timeout: Wall-clock budget in seconds for every Ruff process of this call together.

    Returns:
        The findings (the security pass's among them, rated), the functions' complexity, Ruff's
        version and the configuration used; ``ran`` is False when the lint section must be omitted.

    Raises:
        ValueError: ``mode`` is neither ``auto`` nor ``off``.

    """
    if mode == "off":
        return RuffResult()
    if mode != "auto":
        raise ValueError(f"unknown ruff mode {mode!r} (expected 'auto' or 'off')")
    exe = find_ruff()
    if exe is None:
        reporter.warn(Code.RUFF_MISSING, "ruff not found — lint section omitted", Stage.ENRICH)
        return RuffResult()
    root = Path(root).absolute()
    deadline = time.monotonic() + timeout
    crashed: set[str] = set()
    lint = _lint_pass(exe, root, paths, deadline, timeout, reporter, crashed)
    # A Ruff that could not lint at all, or crashed on a file, would fail the same way again: one warning is enough.
    rest = [p for p in paths if p not in crashed]
    security = _security_pass(exe, root, rest, deadline, reporter) if lint.ran else None
    measured = _complexity_pass(exe, root, rest, deadline, reporter) if lint.ran else None
    if measured is not None:
        lint = replace(lint, complexity=measured, complexity_ran=True)
    if security is None:
        return lint
    kept = tuple(f for f in lint.findings if not is_security_rule(f.code))
    findings = tuple(sorted((*kept, *security), key=lambda f: (f.location.path, f.location.line, f.code, f.message)))
    return replace(lint, findings=findings, security_ran=True)


def _lint_pass(
    exe: str, root: Path, paths: Sequence[str], deadline: float, timeout: float, reporter: Reporter, crashed: set[str]
) -> RuffResult:
    """The lint run, with the repo's configuration when Ruff accepts it, else docgen's defaults."""
    try:
        version = _ruff_version(exe, root, deadline)
        config = find_repo_config(root)
        if config is not None:
            try:
                findings = _lint(exe, root, paths, _repo_flags(), deadline, reporter, crashed)
                return RuffResult(findings, version, ran=True, config=config)
            except _RuffRejected as exc:
                reporter.warn(Code.RUFF_FAILED, f"ruff rejected {config}: {exc}", Stage.ENRICH)
        findings = _lint(exe, root, paths, _default_flags(), deadline, reporter, crashed)
        return RuffResult(findings, version, ran=True, config=DEFAULT_RULES_LABEL)
    except subprocess.TimeoutExpired:
        reporter.warn(Code.RUFF_FAILED, f"ruff timed out after {timeout:g}s", Stage.ENRICH)
    except RuffFailure as exc:
        reporter.warn(Code.RUFF_FAILED, f"ruff failed: {exc} — lint section omitted", Stage.ENRICH)
    return RuffResult(version=None, ran=False)


def _security_pass(
    exe: str, root: Path, paths: Sequence[str], deadline: float, reporter: Reporter
) -> tuple[Finding, ...] | None:
    """The security pass's rated findings; None (with a DG910 warning) when it could not run.

    A file Ruff panics on (and goes on) makes it panic in both runs: the warning is not repeated.
    """
    own = _Unrepeated(target=reporter)
    try:
        findings = _lint(exe, root, paths, ["check", *_SAFE_FLAGS, *security_flags()], deadline, own)
    except subprocess.TimeoutExpired:
        reporter.warn(Code.RUFF_FAILED, "ruff's security pass timed out — security findings omitted", Stage.ENRICH)
    except RuffFailure as exc:
        reporter.warn(Code.RUFF_FAILED, f"ruff's security pass failed: {exc} — its findings omitted", Stage.ENRICH)
    else:
        lines = IdiomLines(root)
        return tuple(rate(f) for f in findings if is_security_rule(f.code) and not is_idiom(f, lines.at(f)))
    return None


def _complexity_pass(
    exe: str, root: Path, paths: Sequence[str], deadline: float, reporter: Reporter
) -> tuple[FunctionComplexity, ...] | None:
    """The complexity pass's measurements; None (with a DG910 warning) when it could not run."""
    try:
        found = _lint(
            exe, root, paths, ["check", *_SAFE_FLAGS, *complexity_flags()], deadline, _Unrepeated(target=reporter)
        )
    except subprocess.TimeoutExpired:
        reporter.warn(Code.RUFF_FAILED, "ruff's complexity pass timed out — complexity omitted", Stage.ENRICH)
    except RuffFailure as exc:
        reporter.warn(Code.RUFF_FAILED, f"ruff's complexity pass failed: {exc} — complexity omitted", Stage.ENRICH)
    else:
        return complexities(found)
    return None


@dataclass(slots=True)
class _Unrepeated(Reporter):
    """Passes on to ``target`` the diagnostics it has not had yet."""

    target: Reporter = field(default_factory=Reporter)

    def report(self, diagnostic: Diagnostic) -> None:
        """Report ``diagnostic`` to the target, unless it has it already."""
        if diagnostic not in self.target.diagnostics:
            self.target.report(diagnostic)


def find_ruff() -> str | None:
    """Return the absolute path of Ruff: the installed ``ruff`` package's executable, else PATH's.

    PATH entries that are relative (``.``, empty) are skipped, so a ``ruff`` file inside the
    analysed repo is never picked up from the working directory.
    """
    found: str | None
    try:
        found = str(importlib.import_module("ruff.__main__").find_ruff_bin())
    except (ImportError, AttributeError, FileNotFoundError):
        found = None
    if found is None:
        absolute = [entry for entry in os.get_exec_path() if Path(entry).is_absolute()]
        found = shutil.which("ruff", path=os.pathsep.join(absolute))
    return str(Path(found).resolve()) if found else None


def find_repo_config(root: Path) -> str | None:
    """Find the Ruff config file that Ruff itself would use for files under ``root``.

    Looks in ``root`` and its parents up to the directory holding ``.git`` (the repo top), the
    way Ruff resolves the closest config; a ``pyproject.toml`` counts only with a ``[tool.ruff]``
    table (or when it is not valid TOML but mentions one: Ruff will then reject it).

    Returns:
        The config's POSIX path relative to ``root`` (``pyproject.toml``, ``../ruff.toml``), or
        None when the repo has no Ruff config.

    """
    for directory in _config_search_dirs(root):
        for name in CONFIG_FILES:
            candidate = directory / name
            if candidate.is_file() and (name != "pyproject.toml" or _has_ruff_table(candidate)):
                return Path(os.path.relpath(candidate, root)).as_posix()
    return None


def _config_search_dirs(root: Path) -> list[Path]:
    chain = [root, *root.parents]
    for index, directory in enumerate(chain):
        if (directory / ".git").exists():
            return chain[: index + 1]
    return [root]


def _has_ruff_table(pyproject: Path) -> bool:
    try:
        with pyproject.open("rb") as handle:
            data = handle.read(_MAX_CONFIG_BYTES)
    except OSError:
        return False
    try:
        parsed = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        return b"tool.ruff" in data
    tool = parsed.get("tool")
    return isinstance(tool, dict) and "ruff" in tool


def _repo_flags() -> list[str]:
    # --force-exclude: the repo's own excludes apply even to files passed explicitly.
    return ["check", *_SAFE_FLAGS, "--force-exclude"]


def _default_flags() -> list[str]:
    return ["check", *_SAFE_FLAGS, "--isolated", "--select", ",".join(DEFAULT_RULES), *default_settings()]


def _ruff_version(exe: str, root: Path, deadline: float) -> str | None:
    try:
        done = execute([exe, "--version"], root, min(deadline, time.monotonic() + 30.0))
    except (RuffFailure, subprocess.TimeoutExpired):
        return None
    words = done.stdout.decode("utf-8", "replace").split()
    return words[-1] if done.returncode == 0 and words else None


def _lint(
    exe: str,
    root: Path,
    paths: Sequence[str],
    flags: list[str],
    deadline: float,
    reporter: Reporter,
    crashed: set[str] | None = None,
) -> tuple[Finding, ...]:
    """Run Ruff over ``paths`` (in argv-sized chunks) and return the sorted findings.

    A chunk on which Ruff crashes (a signal, a stack overflow, a panic outside a file) is split
    in halves and rerun, at most :data:`MAX_CRASH_RETRIES` times per call, so one file that
    crashes Ruff costs only its own findings (DG912); files still unresolved when the retries
    run out get one DG912 together. The files Ruff crashed on are added to ``crashed``.
    """
    mapper = PathMapper(root, paths)
    findings: list[Finding] = []
    crashes: list[tuple[list[str], str]] = []  # (files Ruff crashed on, why); one file when found
    retries, succeeded = MAX_CRASH_RETRIES, False
    pending = list(reversed(list(_chunks(paths, MAX_ARGV_BYTES))))
    while pending:
        chunk = pending.pop()
        done = execute([exe, *flags, "--", *chunk], root, deadline)
        if done.returncode == 2:
            raise _RuffRejected(error_summary(done.stderr, root))
        if done.returncode in (0, 1):
            findings.extend(_findings(done, mapper))
            _report_panics(done.stderr, mapper, reporter)
            succeeded = True
        elif len(chunk) > 1 and retries >= 2:
            retries -= 2  # narrow the crash down: rerun each half
            pending += [chunk[len(chunk) // 2 :], chunk[: len(chunk) // 2]]
        else:
            why = _THREAD_ID.sub(r"thread \1", error_summary(done.stderr, root))  # ids differ per run
            crashes.append((chunk, f"{_exit_status(done.returncode)}: {why}"))
    if crashes and not succeeded and len(paths) > 1:
        raise RuffFailure(crashes[0][1])  # Ruff crashes on every file: not one file's fault
    _report_crashes(crashes, reporter)
    if crashed is not None:
        crashed.update(path for files, _ in crashes for path in files)
    findings.sort(key=lambda f: (f.location.path, f.location.line, f.code, f.message))
    return tuple(findings)


def _findings(done: Completed, mapper: PathMapper) -> list[Finding]:
    try:
        records = json.loads(done.stdout)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise RuffFailure(f"output is not JSON ({exc.__class__.__name__})") from exc
    if not isinstance(records, list):
        raise RuffFailure("output is not a JSON list of diagnostics")
    return list(filter(None, (finding(record, mapper) for record in records)))


def _report_crashes(crashes: list[tuple[list[str], str]], reporter: Reporter) -> None:
    """One DG912 per file found to crash Ruff, one for each group the retries could not split."""
    for files, why in crashes:
        if len(files) == 1:
            message = f"ruff crashed on this file ({why}); its lint findings are omitted, the other files' kept"
        else:
            message = (
                f"ruff crashed on a set of {len(files)} files, not narrowed down within {MAX_CRASH_RETRIES} "
                f"retries ({why}); their lint findings are omitted, the other files' kept"
            )
        reporter.warn(Code.RUFF_CRASHED, message, Stage.ENRICH, Location(files[0]))


def _exit_status(returncode: int) -> str:
    if returncode >= 0:
        return f"exit {returncode}"
    try:
        return f"killed by {signal.Signals(-returncode).name}"
    except ValueError:
        return f"killed by signal {-returncode}"


def _chunks(paths: Sequence[str], limit: int) -> Iterator[list[str]]:
    chunk: list[str] = []
    size = 0
    for path in paths:
        cost = len(os.fsencode(path)) + 1
        if chunk and size + cost > limit:
            yield chunk
            chunk, size = [], 0
        chunk.append(path)
        size += cost
    if chunk:
        yield chunk


def _report_panics(stderr: str, mapper: PathMapper, reporter: Reporter) -> None:
    for path, why in panics(stderr, mapper):
        location = Location(path) if path else None
        reporter.warn(Code.RUFF_FAILED, f"ruff panicked on this file: {why}", Stage.ENRICH, location)

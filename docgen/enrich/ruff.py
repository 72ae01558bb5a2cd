"""Ruff findings for the analysed files: one read-only Ruff run, its JSON mapped to catalog findings.

Ruff is never allowed to write into the analysed tree (``--no-cache``, ``--no-fix``), runs with an
argument list from an absolute executable path, a wall-clock timeout that kills its whole process
group, and (on Linux) an address-space limit. The analysed repo's own Ruff configuration is
honoured when Ruff accepts it; otherwise docgen falls back to :data:`DEFAULT_RULES`, says so with
a DG910 warning, and labels the result with :data:`DEFAULT_RULES_LABEL`.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docgen.diagnostics import Reporter
from docgen.model import Finding, FindingSource, Location, Severity, Stage

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

MEMORY_LIMIT = 4 * 1024**3
"""Address-space limit for the Ruff process (Linux only); Ruff needs ~150 MiB on django."""

SYNTAX_ERROR_CODE = "invalid-syntax"
"""Code given to syntax errors, which older Ruff versions report with ``code: null``."""

_SAFE_FLAGS: tuple[str, ...] = ("--output-format", "json", "--no-cache", "--no-fix", "--exit-zero")
_MAX_CONFIG_BYTES = 2 * 1024**2
_MAX_MESSAGE = 300
_SNIPPET = re.compile(r"^\d*\s*\|")  # the "12 | source" lines of a TOML error


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

    """

    findings: tuple[Finding, ...] = ()
    version: str | None = None
    ran: bool = False
    config: str | None = None


class _RuffFailure(Exception):
    """Ruff could not produce a usable result; the message says why (for a DG910 warning)."""


class _RuffRejected(_RuffFailure):
    """Ruff exited 2: with the repo's config this means the config was rejected."""


@dataclass(frozen=True, slots=True)
class _Completed:
    returncode: int
    stdout: bytes
    stderr: str


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
        The findings, Ruff's version and the configuration used; ``ran`` is False when the lint
        section must be omitted.

    Raises:
        ValueError: ``mode`` is neither ``auto`` nor ``off``.

    """
    if mode == "off":
        return RuffResult()
    if mode != "auto":
        raise ValueError(f"unknown ruff mode {mode!r} (expected 'auto' or 'off')")
    exe = find_ruff()
    if exe is None:
        reporter.warn("DG911", "ruff not found — lint section omitted", Stage.ENRICH)
        return RuffResult()
    root = Path(root).absolute()
    deadline = time.monotonic() + timeout
    try:
        version = _ruff_version(exe, root, deadline)
        config = find_repo_config(root)
        if config is not None:
            try:
                findings = _lint(exe, root, paths, _repo_flags(), deadline, reporter)
                return RuffResult(findings, version, ran=True, config=config)
            except _RuffRejected as exc:
                reporter.warn("DG910", f"ruff rejected {config}: {exc}", Stage.ENRICH)
        findings = _lint(exe, root, paths, _default_flags(), deadline, reporter)
        return RuffResult(findings, version, ran=True, config=DEFAULT_RULES_LABEL)
    except subprocess.TimeoutExpired:
        reporter.warn("DG910", f"ruff timed out after {timeout:g}s", Stage.ENRICH)
    except _RuffFailure as exc:
        reporter.warn("DG910", f"ruff failed: {exc} — lint section omitted", Stage.ENRICH)
    return RuffResult(version=None, ran=False)


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
    return ["check", *_SAFE_FLAGS, "--isolated", "--select", ",".join(DEFAULT_RULES)]


def _ruff_version(exe: str, root: Path, deadline: float) -> str | None:
    try:
        done = _execute([exe, "--version"], root, min(deadline, time.monotonic() + 30.0))
    except (_RuffFailure, subprocess.TimeoutExpired):
        return None
    words = done.stdout.decode("utf-8", "replace").split()
    return words[-1] if done.returncode == 0 and words else None


def _lint(
    exe: str, root: Path, paths: Sequence[str], flags: list[str], deadline: float, reporter: Reporter
) -> tuple[Finding, ...]:
    """Run Ruff over ``paths`` (in argv-sized chunks) and return the sorted findings."""
    mapper = _PathMapper(root, paths)
    findings: list[Finding] = []
    for chunk in _chunks(paths, MAX_ARGV_BYTES):
        done = _execute([exe, *flags, "--", *chunk], root, deadline)
        if done.returncode == 2:
            raise _RuffRejected(_error_summary(done.stderr, root))
        if done.returncode not in (0, 1):
            raise _RuffFailure(f"exit {done.returncode}: {_error_summary(done.stderr, root)}")
        try:
            records = json.loads(done.stdout)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise _RuffFailure(f"output is not JSON ({exc.__class__.__name__})") from exc
        if not isinstance(records, list):
            raise _RuffFailure("output is not a JSON list of diagnostics")
        findings.extend(filter(None, (_finding(record, mapper) for record in records)))
        _report_panics(done.stderr, mapper, reporter)
    findings.sort(key=lambda f: (f.location.path, f.location.line, f.code, f.message))
    return tuple(findings)


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


def _execute(argv: list[str], cwd: Path, deadline: float) -> _Completed:
    """Run one Ruff process; on timeout kill its process group and raise ``TimeoutExpired``."""
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise subprocess.TimeoutExpired(argv, 0)
    try:
        proc = subprocess.Popen(
            argv,
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
    except OSError as exc:
        raise _RuffFailure(f"could not start ruff ({exc.strerror or exc.__class__.__name__})") from exc
    _limit_memory(proc.pid)
    try:
        out, err = proc.communicate(timeout=remaining)
    except BaseException:
        _kill_group(proc)
        proc.communicate()
        raise
    return _Completed(proc.returncode, out, err.decode("utf-8", "replace"))


def _limit_memory(pid: int) -> None:
    if not sys.platform.startswith("linux"):
        return
    import resource  # POSIX only

    # The process may have exited already, or the limit may be fixed lower: the timeout still applies.
    with contextlib.suppress(OSError, ValueError):
        resource.prlimit(pid, resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    if sys.platform == "win32":
        proc.kill()
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)


class _PathMapper:
    """Maps the absolute file names in Ruff's JSON back to the analysed repo-relative paths."""

    def __init__(self, root: Path, paths: Sequence[str]) -> None:
        self._root = root
        self._paths = paths
        self._by_abs = {os.path.normpath(root / p): p for p in paths}
        self._by_real: dict[str, str] | None = None

    def relative(self, filename: str) -> str | None:
        path = self._by_abs.get(os.path.normpath(self._root / filename))
        if path is not None:
            return path
        if self._by_real is None:  # symlinked root or tmp dir: compare resolved paths, once
            self._by_real = {str((self._root / p).resolve()): p for p in self._paths}
        return self._by_real.get(str((self._root / filename).resolve()))


def _finding(record: Any, mapper: _PathMapper) -> Finding | None:
    """One Ruff JSON diagnostic as a Finding; None for records that name no analysed file."""
    if not isinstance(record, dict) or not isinstance(record.get("filename"), str):
        return None
    path = mapper.relative(record["filename"])
    if path is None:
        return None
    code = record.get("code") or SYNTAX_ERROR_CODE
    message = str(record.get("message") or "")
    if code == "E902" and "UTF-8" in message:
        message = "ruff: unsupported encoding (the file is not UTF-8)"
    line = _row(record.get("location"))
    url = record.get("url")
    return Finding(
        code=str(code),
        message=message,
        location=Location(path, line, max(line, _row(record.get("end_location")))),
        source=FindingSource.RUFF,
        severity=Severity.WARNING,
        url=url if isinstance(url, str) and url.startswith("https://") else None,
        column=_row(record.get("location"), "column"),
    )


def _row(location: Any, key: str = "row") -> int:
    row = location.get(key) if isinstance(location, dict) else None
    return row if isinstance(row, int) and row > 0 else 0


def _report_panics(stderr: str, mapper: _PathMapper, reporter: Reporter) -> None:
    marker = "Panicked while linting "
    for line in stderr.splitlines():
        _, found, rest = line.partition(marker)
        if found:
            name, _, why = rest.partition(": ")
            path = mapper.relative(name.strip())
            location = Location(path) if path else None
            reporter.warn("DG910", f"ruff panicked on this file: {_clip(why)}", Stage.ENRICH, location)


def _error_summary(stderr: str, root: Path) -> str:
    """Condense Ruff's error output to one line, without the root's absolute path.

    Ruff prints ``ruff failed``, then ``Cause:`` lines, then for TOML errors a source snippet and
    the reason. The snippet is left out: it may quote a file that a hostile config points at.
    """
    lines = [line.strip() for line in stderr.splitlines()]
    lines = [line for line in lines if line and line != "ruff failed" and not _SNIPPET.match(line)]
    causes = [index for index, line in enumerate(lines) if line.startswith("Cause:")]
    if causes:
        lines = [lines[i].removeprefix("Cause:").strip() for i in causes] + lines[causes[-1] + 1 :][:1]
    text = ": ".join(lines[:4]) or "no error message"
    for prefix in {f"{root.resolve()}{os.sep}", f"{root}{os.sep}"}:
        text = text.replace(prefix, "")
    return _clip(text)


def _clip(text: str) -> str:
    text = text.replace("\n", " ").strip()
    return text if len(text) <= _MAX_MESSAGE else text[: _MAX_MESSAGE - 1] + "…"

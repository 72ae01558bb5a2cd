"""Readers of what Ruff prints: its JSON diagnostics as findings, its panics and error lines; runs no Ruff.

Everything Ruff prints about the analysed repository is untrusted (file names, messages, config
errors quoting files): messages are clipped to one line and file names are mapped back to the
analysed paths, never taken as paths to open.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from docgen.model import Finding, FindingSource, Location, Severity

SYNTAX_ERROR_CODE = "invalid-syntax"
"""Code given to syntax errors, which older Ruff versions report with ``code: null``."""

_MAX_MESSAGE = 300
_SNIPPET = re.compile(r"^\d*\s*\|")  # the "12 | source" lines of a TOML error
_PANIC = "Panicked while linting "


def panics(stderr: str, mapper: PathMapper) -> Iterator[tuple[str | None, str]]:
    """``(analysed path or None, why)`` for each file Ruff says it panicked on (it goes on with the rest)."""
    for line in stderr.splitlines():
        _, found, rest = line.partition(_PANIC)
        if found:
            name, _, why = rest.partition(": ")
            yield mapper.relative(name.strip()), clip(why)


class PathMapper:
    """Maps the absolute file names in Ruff's JSON back to the analysed repo-relative paths."""

    def __init__(self, root: Path, paths: Sequence[str]) -> None:
        self._root = root
        self._paths = paths
        self._by_abs = {os.path.normpath(root / p): p for p in paths}
        self._by_real: dict[str, str] | None = None

    def relative(self, filename: str) -> str | None:
        """The analysed path Ruff's ``filename`` names, or None when it names none of them."""
        path = self._by_abs.get(os.path.normpath(self._root / filename))
        if path is not None:
            return path
        if self._by_real is None:  # symlinked root or tmp dir: compare resolved paths, once
            self._by_real = {str((self._root / p).resolve()): p for p in self._paths}
        return self._by_real.get(str((self._root / filename).resolve()))


def finding(record: Any, mapper: PathMapper) -> Finding | None:
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


def error_summary(stderr: str, root: Path) -> str:
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
    return clip(text)


def clip(text: str) -> str:
    """``text`` on one line, at most 300 characters."""
    text = text.replace("\n", " ").strip()
    return text if len(text) <= _MAX_MESSAGE else text[: _MAX_MESSAGE - 1] + "…"

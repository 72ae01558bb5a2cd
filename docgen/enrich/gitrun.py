"""Hardened, read-only git calls through GitPython, shared by the history reading and ``docgen diff``.

Every call runs the absolute ``git`` found by :func:`~docgen.enrich.gitenv.find_git` with
:data:`~docgen.enrich.gitenv.GIT_OPTIONS` before its arguments and
:data:`~docgen.enrich.gitenv.GIT_ENV` in its environment, under a timeout after which it is
killed (RELIABILITY.md SR-12..SR-15). Callers remove the stray ``GIT_DIR``-like variables
(:func:`~docgen.enrich.gitenv.without_stray_git_env`) around their calls.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
import tempfile
from types import ModuleType
from typing import TYPE_CHECKING, BinaryIO, cast

from docgen.enrich.gitenv import ENV_LOCK, GIT_ENV, GIT_OPTIONS

if TYPE_CHECKING:
    from git import Git

_DUBIOUS = re.compile(r"dubious ownership in repository at '([^']*)'")


class GitFailure(Exception):
    """A git call failed; ``str()`` says why in one line.

    Attributes:
        status: git's exit status (negative for a signal, None when git could not start).

    """

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


def import_gitpython(exe: str | None) -> ModuleType:
    """Import GitPython; its import-time self-check runs the absolute git and may fail quietly."""
    if "git" in sys.modules:
        return sys.modules["git"]
    overrides = {"GIT_PYTHON_REFRESH": "quiet", "GIT_PYTHON_GIT_EXECUTABLE": exe or "git"}
    with ENV_LOCK:
        saved = {name: os.environ.get(name) for name in overrides}
        os.environ.update(overrides)
        try:
            return importlib.import_module("git")
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value


class GitRunner:
    """Runs hardened git commands from one directory through a GitPython command object.

    Attributes:
        command: GitPython's ``Git`` of the directory (``repo.git``, or ``git.Git(path)``).
        exe: The absolute ``git`` to run.
    """

    def __init__(self, command: Git, exe: str) -> None:
        self.command = command
        self.exe = exe

    def run(self, *args: str, timeout: float, stdin: bytes | None = None) -> bytes:
        """Run ``git <GIT_OPTIONS> <args>``, with ``stdin`` as its input, and return its stdout.

        Raises:
            GitFailure: git could not start, exited non-zero, or timed out (then it was killed).

        """
        if stdin is None:
            return self._execute(args, timeout, None)
        with tempfile.TemporaryFile() as source:  # a real file: git reads it while GitPython reads git's output
            source.write(stdin)
            source.seek(0)
            return self._execute(args, timeout, cast(BinaryIO, source))

    def _execute(self, args: tuple[str, ...], timeout: float, source: BinaryIO | None) -> bytes:
        from git.exc import GitCommandNotFound

        try:
            status, out, err = self.command.execute(
                [self.exe, *GIT_OPTIONS, *args],
                istream=source,
                with_extended_output=True,
                with_exceptions=False,
                stdout_as_string=False,
                strip_newline_in_stdout=False,
                env=GIT_ENV,
                kill_after_timeout=None if sys.platform == "win32" else timeout,
            )
        except (GitCommandNotFound, OSError) as exc:
            raise GitFailure(f"git could not be run ({exc.__class__.__name__})") from exc
        if status == 0:
            return out
        if err.startswith("Timeout:"):
            raise GitFailure(f"git {args[0]} timed out after {timeout:g}s", status)
        dubious = _DUBIOUS.search(err)
        if dubious:
            path = dubious[1]
            raise GitFailure(
                f"dubious ownership of the repository at {path} (if you trust it, run "
                f"`git config --global --add safe.directory {path}`)",
                status,
            )
        first = next((line.strip() for line in err.splitlines() if line.strip()), f"exit status {status}")
        raise GitFailure(f"git {args[0]} failed: {first[:300]}", status)

"""One Ruff process, run safely: an argument list, its own session, a timeout that kills its group, a memory cap."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

MEMORY_LIMIT = 512 * 1024**2
"""Address-space limit for the Ruff process (Linux only). Ruff needs ~150 MiB on django, but one
generated file (50,000 statements on a line) takes it to 5.6 GB and 5 minutes: over the limit Ruff
aborts, and the retries without the file that did it keep every other file's findings."""


class RuffFailure(Exception):
    """Ruff could not produce a usable result; the message says why (for a DG910 warning)."""


@dataclass(frozen=True, slots=True)
class Completed:
    """What one Ruff process gave back: its exit status and output."""

    returncode: int
    stdout: bytes
    stderr: str


def execute(argv: list[str], cwd: Path, deadline: float) -> Completed:
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
        raise RuffFailure(f"could not start ruff ({exc.strerror or exc.__class__.__name__})") from exc
    _limit_memory(proc.pid)
    try:
        out, err = proc.communicate(timeout=remaining)
    except BaseException:
        _kill_group(proc)
        proc.communicate()
        raise
    return Completed(proc.returncode, out, err.decode("utf-8", "replace"))


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

"""Isolation of the parse workers: an import path the analysed tree cannot reach, and death with docgen.

The workers come from the standard library's forkserver, which starts as ``python -c``: without
help, the current directory (usually the analysed repository) would come first on its
``sys.path``, so a repository-local ``tomllib.py`` or ``libcst/`` would be imported and run. The
forkserver is therefore started with ``PYTHONSAFEPATH`` and ``PYTHONNOUSERSITE``, its output on
``/dev/null`` (results come back through the pool, so it never holds the caller's pipe), and
tied to docgen's life: importing this module first in the forkserver (as a preload) makes it
die with docgen, and every worker it forks die with it from its first instruction (Linux
parent-death signal), so a ``kill -9`` of docgen leaves no process behind.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing.forkserver
import os
import signal
import sys
import threading
from collections.abc import Iterator

from docgen.environ import patched_environ
from docgen.errors import UsageError

PARENT_ENV = "DOCGEN_POOL_PARENT"
"""Set (to docgen's pid) only while the forkserver starts; the forkserver removes it."""

ISOLATING_ENV = {"PYTHONSAFEPATH": "1", "PYTHONNOUSERSITE": "1"}
"""What keeps the current directory and the user site off the forkserver's import path."""

_PR_SET_PDEATHSIG = 1
_START_LOCK = threading.Lock()


def start_forkserver(preload: list[str]) -> None:
    """Start the forkserver (and resource tracker) isolated, or keep the one running.

    Args:
        preload: Modules the forkserver imports once, so workers start warm; this module is
            always imported first.

    Raises:
        UsageError: When the interpreter ignores the environment (``-E``) without ``-P``, so the
            forkserver's import path cannot be made safe.
    """
    if sys.flags.ignore_environment and not (sys.flags.isolated or sys.flags.safe_path):
        raise UsageError(
            "python -E cannot keep the current directory off the parse workers' import path: add -P, or use -I"
        )
    multiprocessing.forkserver.set_forkserver_preload([__name__, *preload])
    with _START_LOCK, patched_environ({**ISOLATING_ENV, PARENT_ENV: str(os.getpid())}), _output_to_devnull():
        multiprocessing.forkserver.ensure_running()


def init_worker() -> None:
    """In a new worker (already tied to the forkserver): leave Ctrl+C to docgen, die quietly on SIGTERM."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


@contextlib.contextmanager
def _output_to_devnull() -> Iterator[None]:
    """Point fds 1 and 2 at /dev/null while helper processes are spawned (they inherit them)."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    saved = [os.dup(1), os.dup(2)]
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, 1)
        os.dup2(null, 2)
        yield
    finally:
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        for fd in (*saved, null):
            os.close(fd)


def _die_with_parent() -> None:
    """Ask Linux to SIGKILL this process when its parent dies (a no-op elsewhere)."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def _bind_forkserver() -> None:
    """In the forkserver docgen just started: die with docgen (even if it is already gone), ignore Ctrl+C."""
    parent = os.environ.pop(PARENT_ENV, None)
    if parent is None:  # imported anywhere else
        return
    _die_with_parent()
    if str(os.getppid()) != parent:
        os._exit(0)
    # Inherited by the workers; the terminal's Ctrl+C is docgen's to handle.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    forkserver = os.getpid()

    def bind_worker() -> None:  # from the worker's first instruction, not after its slow start-up
        _die_with_parent()
        if os.getppid() != forkserver:  # the forkserver died before prctl took effect
            os._exit(0)

    os.register_at_fork(after_in_child=bind_worker)


_bind_forkserver()

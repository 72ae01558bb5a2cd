"""Ctrl+C and SIGTERM: unwind once, and leave no worker process behind."""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
import sys

INTERRUPTS = (signal.SIGINT, signal.SIGTERM)


def interrupt(signum: int, frame: object) -> None:
    """Ctrl+C or SIGTERM unwinds once, so staging directories and locks are cleaned up.

    A second signal during that clean-up ends the process at once, quietly, instead of raising
    into it (which would print a traceback).
    """
    del signum, frame
    for sig in INTERRUPTS:
        signal.signal(sig, signal.SIG_DFL)
    raise KeyboardInterrupt


def stop_children() -> None:
    """Kill the worker processes still alive after an interrupt.

    A worker forked while the signal was delivered (a pool starting up) never got it: the
    interpreter's exit would wait for it, and for the pool, without end.
    """
    for child in multiprocessing.active_children():
        with contextlib.suppress(OSError):
            child.kill()


def leave(code: int) -> None:
    """End the interrupted process now, with ``code``, its output flushed.

    The interpreter's own exit would run the standard library's worker-pool exit hooks, which
    race with the pool's thread on Python 3.11 (a traceback about a bad file descriptor, or a wait
    that never ends, after the one line docgen prints); everything docgen cleans up is already
    cleaned up by then.
    """
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)

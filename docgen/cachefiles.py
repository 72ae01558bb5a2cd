"""Files of docgen's caches (parsed facts, released APIs): read without following links, written atomically.

A cache folder may be shared or planted: an entry is read only when it is a regular file (never
through a symlink, never blocking on a FIFO) and not larger than the caller's cap, and written to
a temporary file in the same folder that then replaces the entry, so a reader never sees half of
one. Failing to read or write only costs the work the entry would have saved.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def read_entry(path: Path, max_bytes: int) -> bytes | None:
    """The bytes of a regular file at ``path`` of at most ``max_bytes``; None otherwise."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > max_bytes:
            return None
        with os.fdopen(fd, "rb", closefd=False) as entry:
            data = entry.read(max_bytes + 1)
        return data if len(data) <= max_bytes else None
    except OSError:
        return None
    finally:
        os.close(fd)


def write_entry(target: Path, data: bytes) -> None:
    """Replace ``target`` with ``data`` atomically (its folder made when missing); nothing raised."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        Path(tmp).replace(target)
    except OSError:
        Path(tmp).unlink(missing_ok=True)

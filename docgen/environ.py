"""Process environment changes that last for one block: variables set, others removed, all restored after."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator, Mapping


@contextlib.contextmanager
def patched_environ(set_to: Mapping[str, str] | None = None, remove: Iterable[str] = ()) -> Iterator[None]:
    """Within the block, ``os.environ`` has ``set_to`` set and ``remove`` unset; afterwards, what it had.

    Not thread-safe by itself: callers that may run concurrently hold their own lock around it.
    """
    values = dict(set_to or {})
    names = {*values, *remove}
    saved = {name: os.environ.get(name) for name in names}
    for name in names - values.keys():
        os.environ.pop(name, None)
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value

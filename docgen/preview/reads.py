"""Which facts a block of code read, and whether new facts differ from old ones only where nothing was read.

While :func:`recorded_reads` runs, reading the :data:`WATCHED` fields of any facts record (a
docstring, a file's hash) is noted by record. :func:`alike` then tells whether new facts equal the
old ones except in watched fields that were never read: a computation over the old facts that
read only what the new ones share gives the same result over the new facts, so it need not run
again (the live preview's link stage, for an edit of docstrings nothing linked reads).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import fields, is_dataclass
from typing import Any

from docgen.model.facts import Assign, ClassDef, FunctionDef, ModuleFacts

WATCHED: dict[str, tuple[type, ...]] = {
    "docstring": (ModuleFacts, FunctionDef, ClassDef, Assign),
    "sha": (ModuleFacts,),
}
"""Facts fields whose reads are recorded, by name, with the record classes that have them."""

Reads = set[tuple[int, str]]
"""``(id(record), field)`` for every watched field read."""


class _Recording:
    """Stands in for a record class's slot descriptor: reads go through it and are noted."""

    def __init__(self, slot: Any, name: str, reads: Reads) -> None:
        self._slot = slot
        self._name = name
        self._reads = reads

    def __get__(self, record: object, owner: type | None = None) -> Any:
        if record is None:
            return self._slot
        self._reads.add((id(record), self._name))
        return self._slot.__get__(record, owner)

    def __set__(self, record: object, value: Any) -> None:
        self._slot.__set__(record, value)

    def __delete__(self, record: object) -> None:
        self._slot.__delete__(record)


@contextmanager
def recorded_reads() -> Iterator[Reads]:
    """Record, until the block ends, which records' :data:`WATCHED` fields are read (in this process).

    The records read must stay alive while the result is used: ids are only unique among
    living objects. Records made inside the block and dropped again can only add false reads.
    """
    reads: Reads = set()
    swapped: list[tuple[type, str, Any]] = []
    try:
        for name, classes in WATCHED.items():
            for cls in classes:
                slot = cls.__dict__[name]
                setattr(cls, name, _Recording(slot, name, reads))
                swapped.append((cls, name, slot))
        yield reads
    finally:
        for cls, name, slot in reversed(swapped):
            setattr(cls, name, slot)


def carry(old: object, new: object, reads: Reads) -> None:
    """Note in ``reads`` a read of ``new``'s watched fields as one of ``old``'s too, where ``new`` copies ``old``.

    ``new`` is ``old`` rewritten (a module renamed, its imports resolved): a computation over the
    copy read the original's docstrings through it, so an edit of the original is one it read.
    """
    if old is new or type(old) is not type(new):
        return
    if isinstance(old, tuple):
        assert isinstance(new, tuple)
        if len(old) == len(new):
            for a, b in zip(old, new, strict=True):
                carry(a, b, reads)
        return
    if not is_dataclass(old):
        return
    for name, classes in WATCHED.items():
        if isinstance(old, classes) and (id(new), name) in reads:
            reads.add((id(old), name))
    for item in fields(old):
        carry(getattr(old, item.name), getattr(new, item.name), reads)


def alike(old: object, new: object, reads: Reads) -> bool:
    """Whether ``new`` equals ``old`` except in watched fields of ``old``'s records that ``reads`` lacks."""
    if old is new:
        return True
    if type(old) is not type(new):
        return False
    if isinstance(old, tuple):
        assert isinstance(new, tuple)
        return len(old) == len(new) and all(alike(a, b, reads) for a, b in zip(old, new, strict=True))
    if not is_dataclass(old):
        return old == new
    watched = {name for name, classes in WATCHED.items() if isinstance(old, classes)}
    for item in fields(old):
        before, after = getattr(old, item.name), getattr(new, item.name)
        if item.name in watched and (id(old), item.name) not in reads:
            continue
        if not alike(before, after, reads):
            return False
    return True

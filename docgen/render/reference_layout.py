"""Where the code reference puts things: symbol anchors, and the nav of the reference and models sections.

The nav nests modules by package when there are many; migrations, tests and generated code
(``*_pb2``) come after the rest of their package, so a big app's nav does not open with 68
migrations. A big flat package stays one section: with ``navigation.prune`` a collapsed
section costs nothing on other pages, so it is never cut into alphabetical ranges.
"""

from __future__ import annotations

import re
from typing import Any

from docgen.render.filters import nav_title, slugify

ASIDE_PARTS = frozenset({"migrations", "tests", "test", "conftest", "generated", "_generated"})
"""Module name parts that mark code a reader rarely looks for."""


def symbol_anchor(qualname: str) -> str:
    """The anchor of a symbol on its module's page: ``Command.__init__`` → ``command-init``.

    Runs of underscores become a dash: Markdown would read the ``__`` of ``{ #command-__init__ }``
    as strong emphasis, leaving the attribute list unread (the heading then shows it, and the
    anchor does not exist).
    """
    return slugify(re.sub(r"_{2,}", "-", qualname.replace(".", "-")))


def is_aside(name: str) -> bool:
    """Whether the module ``name`` is a migration, a test or generated code."""
    return any(
        part in ASIDE_PARTS or part.startswith("test_") or part.endswith(("_test", "_tests", "_pb2", "_pb2_grpc"))
        for part in name.split(" ")[0].split(".")
    )


def package_nav(entries: list[tuple[str, str]], size: int) -> list[Any]:
    """The nav of modules ``entries`` (dotted name or page title, page path): flat up to ``size``, else by package.

    Migrations, tests and generated code come last at every level.
    """
    return _grouped(sorted(entries, key=lambda entry: (is_aside(entry[0]), entry[0])), 0, size)


def _grouped(entries: list[tuple[str, str]], depth: int, size: int) -> list[Any]:
    if len(entries) <= size:
        return [{nav_title(name): path} for name, path in entries]
    groups: dict[str, list[tuple[str, str]]] = {}
    for name, path in entries:
        groups.setdefault(".".join(name.split(".")[: depth + 1]), []).append((name, path))
    if len(groups) == 1:
        ((_, items),) = groups.items()
        if all(len(name.split(".")) <= depth + 1 for name, _ in items):
            return [{nav_title(name): path} for name, path in items]
        return _grouped(items, depth + 1, size)
    nav: list[Any] = []
    for prefix in sorted(groups, key=lambda p: (is_aside(p), p)):
        items = groups[prefix]
        if len(items) == 1:
            nav.append({nav_title(items[0][0]): items[0][1]})
        else:
            nav.append({nav_title(prefix): _grouped(items, depth + 1, size)})
    return nav

"""How deep a file nests, found before LibCST is given it (its parser's time grows with the cube of it)."""

from __future__ import annotations

import ast

MAX_NESTING = 1_000
"""Deepest syntax tree LibCST is given: its parser's time grows with the cube of the nesting
(a 4,000-term ``"a" + "b" + ...`` takes 16 s, 20,000 terms hours), CPython's stays linear."""


def too_deep(tree: ast.Module) -> int | None:
    """The line of the first node nested deeper than :data:`MAX_NESTING`, if any.

    Every level of nesting takes at least one character of source, so a node spanning fewer
    than half the limit on one line cannot hide a deep tree: only long lines are walked down.
    """
    stack: list[tuple[ast.AST, int]] = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_NESTING:
            return getattr(node, "lineno", 0)
        if (
            isinstance(node, ast.expr | ast.stmt)
            and not getattr(node, "decorator_list", None)  # decorators lie outside a definition's span
            and node.end_col_offset is not None
            and node.end_lineno == node.lineno
            and node.end_col_offset - node.col_offset < MAX_NESTING // 2
        ):
            continue
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return None

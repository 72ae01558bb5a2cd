"""Accepted breaks: breaking changes the team has declared on purpose, reported but not failing the run.

Two ways to declare one: an inline ``# docgen: allow-breaking[RULE, ...]`` comment on the
route's definition (its decorators, its ``def`` line and signature, or the registering
statement) in the side the change is reported at (the head, or the base for a removed
endpoint), and ``[tool.docgen.diff] allow-breaking``: ``"RULE"`` for every endpoint, or
``"RULE METHOD PATH"`` for one. A comment or entry naming no known rule accepts nothing.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from docgen.errors import UsageError
from docgen.model.apidiff import RULES, ApiChange, ChangeLevel

FROM_BASE = frozenset({"endpoint-removed", "api-removed-without-deprecation", "api-path-removed-without-deprecation"})
"""The rules reported at the base side's route (the endpoint is gone from the head)."""

_COMMENT = re.compile(r"#\s*docgen:\s*allow-breaking\[(?P<rules>[^\]]*)\]")
_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def accept(
    changes: Iterable[ApiChange], allowed: Sequence[str], base_root: Path | None, head_root: Path | None
) -> list[ApiChange]:
    """The changes, the breaking and potentially breaking ones that are declared accepted marked so.

    Args:
        changes: The comparison's changes.
        allowed: The configured ``allow-breaking`` entries.
        base_root: The directory the base side's route locations are relative to (None: no source).
        head_root: The same for the head side.
    """
    comments = _Comments()
    out = []
    for change in changes:
        reason = ""
        if change.level is not ChangeLevel.NON_BREAKING:
            reason = _configured(change, allowed)
            root = base_root if change.rule in FROM_BASE else head_root
            if not reason and root is not None and change.location is not None:
                reason = comments.allowing(change, root)
        out.append(replace(change, accepted=reason) if reason else change)
    return out


def check_entries(entries: Sequence[str]) -> Sequence[str]:
    """The configured ``allow-breaking`` entries, each checked.

    Raises:
        UsageError: An entry is not ``RULE`` or ``RULE METHOD PATH``, or names no known rule.
    """
    for entry in entries:
        parts = entry.split()
        if len(parts) not in (1, 3):
            raise UsageError(f"[tool.docgen.diff] allow-breaking entry {entry!r}: write RULE, or RULE METHOD PATH")
        if parts[0] not in RULES:
            raise UsageError(f"[tool.docgen.diff] allow-breaking entry {entry!r}: unknown rule {parts[0]!r}")
    return entries


def _configured(change: ApiChange, allowed: Sequence[str]) -> str:
    for entry in allowed:
        parts = entry.split()
        if parts[:1] == [change.rule] and (len(parts) == 1 or parts[1:] == [change.method, change.path]):
            return f"allow-breaking = {entry!r} in the configuration"
    return ""


_NOT_CODE = frozenset({tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT})


@dataclass(frozen=True, slots=True)
class _Source:
    """What one source file says about accepted breaks.

    Attributes:
        rules: Line -> the rules an ``allow-breaking`` comment on it names.
        code: The lines where a code token ends (a definition's header ends at one).
        tree: The parsed module; None when it does not parse or has no such comment.
    """

    rules: dict[int, frozenset[str]]
    code: frozenset[int] = frozenset()
    tree: ast.Module | None = None


class _Comments:
    """The ``allow-breaking`` comments of the source files read so far."""

    def __init__(self) -> None:
        self.files: dict[Path, _Source] = {}

    def allowing(self, change: ApiChange, root: Path) -> str:
        """Where a comment on ``change``'s route accepts its rule (``app/main.py:18``), else ''."""
        assert change.location is not None
        source = self._read(root / change.location.path)
        for line in _definition_lines(source, change.location.line):
            if change.rule in source.rules.get(line, ()):
                return f"# docgen: allow-breaking at {change.location.path}:{line}"
        return ""

    def _read(self, path: Path) -> _Source:
        if path not in self.files:
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                text = ""
            self.files[path] = _scan(text) if "allow-breaking" in text else _Source({})
        return self.files[path]


def _scan(text: str) -> _Source:
    """The comments (comment tokens only, not strings), the code lines and the tree of a source text."""
    rules: dict[int, frozenset[str]] = {}
    code: set[int] = set()
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.COMMENT and (match := _COMMENT.search(token.string)):
                rules[token.start[0]] = frozenset(r for r in re.split(r"[,\s]+", match["rules"]) if r in RULES)
            elif token.type not in _NOT_CODE:
                code.add(token.end[0])
        tree = ast.parse(text) if rules else None
    except (tokenize.TokenError, SyntaxError, ValueError, RecursionError, MemoryError):
        return _Source(rules)
    return _Source(rules, frozenset(code), tree)


def _definition_lines(source: _Source, line: int) -> range:
    """The lines of the definition at ``line``: decorators to signature, or the whole statement; else ``line``."""
    if source.tree is None or line <= 0:
        return range(line, line + 1)
    for node in ast.walk(source.tree):  # outermost first
        if isinstance(node, _DEFINITIONS) and line in (node.lineno, *(d.lineno for d in node.decorator_list)):
            start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            body = node.body[0].lineno
            end = max((n for n in source.code if node.lineno <= n < body), default=node.lineno)
            return range(start, end + 1)
        if isinstance(node, ast.stmt) and not isinstance(node, _DEFINITIONS) and node.lineno == line:
            return range(node.lineno, (node.end_lineno or node.lineno) + 1)
    return range(line, line + 1)

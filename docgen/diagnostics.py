"""docgen's own diagnostic codes, and the one logger and collector every stage reports through.

Recoverable problems are logged as ``path:line: CODE message`` and kept, so the CLI can count
them for ``--strict`` and list them in reports.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from enum import StrEnum

from docgen.model import Diagnostic, Location, Severity, Stage

LOGGER = logging.getLogger("docgen")

MAX_MESSAGE = 1000
"""Most characters of a diagnostic's message (a value from the analysed code can be any size)."""

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # a terminal acts on these: a file name may hold any
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


class Code(StrEnum):
    """Every code docgen reports; the value is the code, :attr:`meaning` its one-line description."""

    meaning: str

    def __new__(cls, value: str, meaning: str = "") -> Code:  # noqa: D102 (members are made, not called)
        member = str.__new__(cls, value)
        member._value_ = value
        member.meaning = meaning
        return member

    # DG1xx: documentation coverage (findings of `docgen check`)
    UNDOCUMENTED_ROUTE = "DG101", "undocumented route"
    UNDOCUMENTED_MODEL = "DG102", "undocumented model"
    UNDOCUMENTED_FIELD = "DG103", "undocumented model field"
    UNDOCUMENTED_SYMBOL = "DG104", "undocumented public class, function or method"
    UNDOCUMENTED_MODULE = "DG105", "undocumented public module"
    # DG2xx: docstring and signature disagree (findings of `docgen check`)
    EXTRA_DOCUMENTED_PARAM = "DG201", "docstring documents a parameter the signature does not have"
    UNDOCUMENTED_PARAM = "DG202", "parameter missing from a docstring that documents parameters"
    RETURN_OF_NONE_DOCUMENTED = "DG203", "docstring documents a return value of a function returning None"
    # DG4xx: security
    SECRET_REDACTED = "DG401", "possible secret in a default value (redacted)"
    UNAUTHENTICATED_WRITE = "DG402", "state-changing route without authentication"
    INVISIBLE_CHARACTER = "DG403", "bidi control or zero-width character in the source text (Trojan Source)"
    SQL_INJECTION = "DG404", "SQL built from run-time values (f-string, %, format, +) reaches a query call"
    UNSAFE_MARKUP = "DG405", "text that is not fixed is marked safe HTML or rendered as a template"
    DEBUG_ENABLED = "DG406", "DEBUG = True in a settings module"
    ANY_HOST = "DG407", "ALLOWED_HOSTS accepts every host ('*') in a settings module"
    SECRET_KEY_COMMITTED = "DG408", "SECRET_KEY is a literal in a settings module"
    CORS_CREDENTIALS = "DG409", "CORS allows every origin together with credentials"
    CSRF_EXEMPT = "DG410", "CSRF protection turned off (csrf_exempt) on a view that may change state"
    JWT_UNVERIFIED = "DG411", "JWT decoded without verifying its signature"
    # DG9xx: could not analyse
    SYNTAX_ERROR = "DG901", "file could not be parsed"
    UNDECODABLE = "DG902", "file could not be decoded"
    FILE_SKIPPED = "DG903", "file skipped (too large, binary, not Python or not a regular file)"
    NOT_EVALUATED = "DG904", "path or prefix could not be evaluated statically"
    NOT_FOLLOWED = "DG905", "file or directory not followed (symlink, permission)"
    FILE_CHANGED = "DG906", "file changed or vanished during the run"
    PARSER_FAILED = "DG907", "parser crashed, needed more than parse-memory or timed out"
    EXTRACTOR_FAILED = "DG908", "extractor failed on a file"
    EXTRA_PATH_UNUSABLE = "DG909", "extra path unusable, or a third-party module in it unreadable"
    RUFF_FAILED = "DG910", "Ruff failed or rejected the configuration"
    RUFF_MISSING = "DG911", "Ruff not available"
    RUFF_CRASHED = "DG912", "Ruff crashed on a file: the file's lint findings are omitted, the others kept"
    UNREAD_FRAMEWORK = "DG913", "the code imports a web framework docgen cannot read: its routes are not listed"
    CYCLE_CUT = "DG914", "cyclic definition cut short (a class inheriting from itself, an inclusion cycle)"
    BUDGET_EXCEEDED = (
        "DG915",
        "link-stage budget exceeded (evaluation steps, time, size or nesting): the rest is unknown",
    )
    DORMANT_ROUTES = (
        "DG916",
        "routes left out: registered only under an `if` whose condition is known to fail (a setting's default)",
    )
    NO_ROUTES_FOUND = (
        "DG917",
        "the code imports a web framework docgen reads, but none of its routes were found: they are not listed",
    )
    NO_HISTORY = "DG920", "git history unavailable"
    PARTIAL_HISTORY = "DG921", "git history partial (shallow clone)"
    SYMBOL_HISTORY_LIMITED = "DG922", "per-symbol history capped or failed"
    SUBMODULE_MISSING = "DG923", "git submodule not initialised: its code is not analysed"
    SITE_BUILD_WARNING = "DG930", "site build warning"
    CASE_COLLISION = "DG940", "file or module names differ only in case (they collide on case-insensitive filesystems)"
    VENDORED = "DG941", "folder of installed packages inside the tree, read as third-party code"
    MODULE_CLASH = "DG942", "two files have one module name (from two import roots, or a module beside its package)"


CODES: dict[str, str] = {code.value: code.meaning for code in Code}
"""Every code docgen reports, with its one-line meaning."""

NOT_ANALYSED = frozenset(
    {
        *(Code.SYNTAX_ERROR, Code.UNDECODABLE, Code.FILE_SKIPPED, Code.NOT_EVALUATED, Code.NOT_FOLLOWED),
        *(Code.FILE_CHANGED, Code.PARSER_FAILED, Code.EXTRACTOR_FAILED, Code.EXTRA_PATH_UNUSABLE),
        *(Code.RUFF_FAILED, Code.RUFF_MISSING, Code.RUFF_CRASHED, Code.UNREAD_FRAMEWORK, Code.CYCLE_CUT),
        *(Code.BUDGET_EXCEEDED, Code.NO_ROUTES_FOUND, Code.SUBMODULE_MISSING),
    }
)
"""Codes saying part of the code, or of its lint, was not analysed: the home page warns of these.

The others are notes on an analysis that went through: a secret redacted (DG401), routes left
out because their condition is known to fail (DG916), git history missing or partial (the home
page says so on its own line), names that collide, vendored folders, site build warnings.
"""


@dataclass(slots=True)
class Reporter:
    """Collects diagnostics of one run and logs each as it arrives.

    Attributes:
        diagnostics: Everything reported so far, in arrival order.
        on_stage: Told the name of each pipeline stage as it starts (the CLI's progress display).
    """

    diagnostics: list[Diagnostic] = field(default_factory=list)
    on_stage: Callable[[str], None] | None = None

    def stage(self, name: str) -> None:
        """A pipeline stage (``parse``, ``link``...) starts."""
        if self.on_stage is not None:
            self.on_stage(name)

    def report(self, diagnostic: Diagnostic) -> None:
        """Record and log one diagnostic (a message longer than :data:`MAX_MESSAGE` is shortened)."""
        if len(diagnostic.message) > MAX_MESSAGE:
            cut = f"{diagnostic.message[: MAX_MESSAGE - 40]}… ({len(diagnostic.message)} characters)"
            diagnostic = replace(diagnostic, message=cut)
        self.diagnostics.append(diagnostic)
        level = logging.ERROR if diagnostic.severity is Severity.ERROR else logging.WARNING
        LOGGER.log(level, "%s", format_diagnostic(diagnostic))

    def warn(self, code: str, message: str, stage: Stage, location: Location | None = None) -> None:
        """Record a warning."""
        self.report(Diagnostic(Severity.WARNING, code, message, stage, location))

    def extend(self, diagnostics: list[Diagnostic] | tuple[Diagnostic, ...]) -> None:
        """Record several diagnostics."""
        for diagnostic in diagnostics:
            self.report(diagnostic)


class QuietReporter(Reporter):
    """Collects diagnostics without logging them.

    The live preview prints only what is new; the Changelog page's released code is not the code
    the site documents.
    """

    def report(self, diagnostic: Diagnostic) -> None:
        """Record one diagnostic."""
        self.diagnostics.append(diagnostic)


def format_diagnostic(diagnostic: Diagnostic) -> str:
    r"""``path:line: CODE message``, with control characters of file names escaped (``\n``, ``\x1b``)."""
    return _CONTROL.sub(lambda m: _ESCAPES.get(m.group(), f"\\x{ord(m.group()):02x}"), str(diagnostic))


def diagnostic(
    code: str, message: str, stage: Stage, location: Location | None = None, severity: Severity = Severity.WARNING
) -> Diagnostic:
    """Make a diagnostic record (a shorthand used by every stage)."""
    return Diagnostic(severity, code, message, stage, location)

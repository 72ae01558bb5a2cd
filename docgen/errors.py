"""docgen's exit codes and exception tree; only the CLI turns these into exit codes and messages."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """The process exit codes, as INTERFACE.md documents them."""

    OK = 0
    FINDINGS = 1  # quality gate failed, or --strict with warnings
    ERROR = 2  # bad usage or configuration, nothing could be analysed, the build failed
    BUG = 3  # an internal error (a defect in docgen)
    INTERRUPTED = 130  # Ctrl+C or SIGTERM


class DocgenError(Exception):
    """Base of every error docgen raises on purpose.

    Attributes:
        exit_code: The process exit code the CLI maps this error to.
    """

    exit_code = ExitCode.ERROR


class UsageError(DocgenError):
    """A bad command-line option, a missing path, or another mistake in how docgen was called."""


class ConfigError(DocgenError):
    """The configuration is invalid; carries every problem found, not only the first.

    Attributes:
        problems: One message per invalid key or value.
        source: The configuration file concerned, if any.
    """

    def __init__(self, problems: list[str], source: str | None = None) -> None:
        self.problems = problems
        self.source = source
        where = f"{source}: " if source else ""
        super().__init__(where + "; ".join(problems))


class UnsafeOutputError(DocgenError):
    """The output directory overlaps the source, or is not docgen's to replace."""


class BuildError(DocgenError):
    """MkDocs (or another step of the site build) failed; the previous site was kept."""


class StrictModeError(BuildError):
    """``--strict`` was set and warnings occurred, so nothing was published."""

    exit_code = ExitCode.FINDINGS


class BuildInProgressError(DocgenError):
    """Another docgen build holds the output directory's lock."""


def strict_violation(strict: bool, warnings: int) -> str | None:
    """Why ``--strict`` fails this run (``warnings`` warnings occurred), or None: decided here only."""
    return f"{warnings} warning(s) in strict mode" if strict and warnings else None


class GitRefError(DocgenError):
    """A git ref could not be resolved or read, or the directory is not in a git repository."""

"""docgen's exception tree; only the CLI turns these into exit codes and messages."""

from __future__ import annotations


class DocgenError(Exception):
    """Base of every error docgen raises on purpose.

    Attributes:
        exit_code: The process exit code the CLI maps this error to.
    """

    exit_code = 2


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

    exit_code = 1


class BuildInProgressError(DocgenError):
    """Another docgen build holds the output directory's lock."""


class GitRefError(DocgenError):
    """A git ref given by the user does not name a commit, or is not a safe ref name."""

"""What every command shares: its settings, its reporter and how it names paths.

Below :mod:`docgen.cli` and :mod:`docgen.cli_repo`, which both use it (neither imports the other's
helpers).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from docgen.diagnostics import Reporter
from docgen.errors import UsageError


@contextlib.contextmanager
def reporting(ctx: click.Context) -> Iterator[Reporter]:
    """A reporter for one command's pipeline, telling the progress display which stage runs.

    The display is gone when the block ends, before the command prints its result.
    """
    progress = (ctx.find_root().obj or {}).get("progress")
    try:
        yield Reporter(on_stage=progress.stage if progress is not None else None)
    finally:
        if progress is not None:
            progress.stop()


def command_config(ctx: click.Context, path: Path, **overrides: Any) -> Any:
    """The settings for analysing ``path``: the group's options, ``--extra-path`` and ``overrides``.

    Raises:
        UsageError: ``path`` is not a readable directory.
    """
    from docgen.config import load_config

    if not path.is_dir() or not os.access(path, os.R_OK | os.X_OK):
        raise UsageError(f"source path {path} is not a readable directory")
    obj = ctx.find_root().obj or {}
    if extra := ctx.meta.get("extra_paths"):
        overrides["extra_paths"] = [str(p.resolve()) for p in extra]
    return load_config(
        path,
        config_file=obj.get("config_file"),
        isolated=obj.get("isolated", False),
        overrides=overrides,
        trust_repo_config=obj.get("trust_repo_config", False),
    )


def relative_prefix(root: Path) -> str:
    """The analysed directory relative to the working directory ('' when they are the same), or absolute."""
    try:
        relative = root.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return root.resolve().as_posix()
    return "" if relative == Path() else relative.as_posix()


def shown(path: Path) -> str:
    """``path`` relative to the working directory when it is below it, else as given."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)

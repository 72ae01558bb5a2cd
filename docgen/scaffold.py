"""``docgen init``: the CI, pre-commit and settings files it adds to a repository, never overwriting one unasked."""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from docgen.errors import UsageError
from docgen.render.environment import site_template_dir

CI_FILES: dict[str, tuple[str, str]] = {
    "github": (".github/workflows/docgen.yml", "github-workflow.yml"),
    "gitlab": (".gitlab-ci.docgen.yml", "gitlab-ci.yml"),
}
"""CI system → (the file written, relative to PATH; the shipped file it copies, in ``site_template/init``)."""

PRE_COMMIT = (".pre-commit-config.yaml", "pre-commit-config.yaml")
PYPROJECT = ("pyproject.toml", "pyproject-table.toml")


class Action(StrEnum):
    """What ``docgen init`` does with one file."""

    CREATE = "create"
    OVERWRITE = "overwrite"
    APPEND = "append"
    SKIP = "skip"


@dataclass(frozen=True, slots=True)
class Planned:
    """One file ``docgen init`` handles.

    Attributes:
        path: Relative to PATH, POSIX.
        action: What is done with it.
        text: What is written (or appended); for a skipped file, what it would have held.
        reason: Why it is skipped or appended to, else empty.
    """

    path: str
    action: Action
    text: str
    reason: str = ""


def plan_init(root: Path, ci: Sequence[str], *, force: bool) -> list[Planned]:
    """The files ``docgen init`` writes into ``root``, for the CI systems ``ci`` (``github``, ``gitlab``).

    The CI files and ``.pre-commit-config.yaml`` are created, or overwritten with ``force``; an
    existing ``.pre-commit-config.yaml`` is never replaced (it holds the other hooks): the entry
    to add is shown instead. ``[tool.docgen]`` is appended to ``pyproject.toml`` (created when
    missing) only when neither it nor a ``docgen.toml`` configures docgen already.

    Raises:
        UsageError: A CI file exists and ``force`` is not given (every such file is named), or
            ``pyproject.toml`` cannot be read.
    """
    wanted = [CI_FILES[name] for name in ci if name in CI_FILES]
    planned = [_copy(root, target, shipped, force) for target, shipped in wanted]
    taken = [p.path for p in planned if p.action is Action.SKIP]
    if taken:
        listed = ", ".join(taken)
        raise UsageError(
            f"{listed} already exist{'s' if len(taken) == 1 else ''}: run docgen init --force to overwrite"
        )
    hooks = _copy(root, *PRE_COMMIT, force=False)
    if hooks.action is Action.SKIP:
        hooks = Planned(hooks.path, Action.SKIP, "", "it has the docgen-check hook")
        if "docgen-check" not in (root / PRE_COMMIT[0]).read_text(encoding="utf-8", errors="replace"):
            hooks = Planned(hooks.path, Action.SKIP, _shipped(PRE_COMMIT[1]), "it exists: add the hook below")
    return [*planned, hooks, _settings(root)]


def write_init(root: Path, planned: Sequence[Planned]) -> None:
    """Write (or append) every planned file that is not skipped; nothing is ever deleted."""
    for item in planned:
        target = root / item.path
        if item.action is Action.APPEND:
            existing = target.read_text(encoding="utf-8")
            separator = "" if not existing else "\n" if existing.endswith("\n") else "\n\n"
            with target.open("a", encoding="utf-8") as out:
                out.write(separator + item.text)
        elif item.action is not Action.SKIP:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(item.text, encoding="utf-8")


def describe(planned: Sequence[Planned]) -> str:
    """One line per file (``  create    .github/workflows/docgen.yml``, ``  skip ... (why)``).

    A skipped ``.pre-commit-config.yaml`` is followed by the hook entry to add to it.
    """
    lines = [
        f"  {item.action.value:<9} {item.path}" + (f"  ({item.reason})" if item.reason else "") for item in planned
    ]
    hooks = next((item for item in planned if item.path == PRE_COMMIT[0] and item.action is Action.SKIP), None)
    if hooks is not None and hooks.text:
        lines += ["", f"The docgen-check hook for {PRE_COMMIT[0]}:", "", hooks.text.rstrip("\n")]
    return "\n".join(lines) + "\n"


def _shipped(name: str) -> str:
    return (site_template_dir() / "init" / name).read_text(encoding="utf-8")


def _copy(root: Path, target: str, shipped: str, force: bool) -> Planned:
    """A copy of a shipped file: created, overwritten with ``force``, else skipped when present."""
    exists = (root / target).exists() or (root / target).is_symlink()
    if not exists:
        return Planned(target, Action.CREATE, _shipped(shipped))
    return Planned(target, Action.OVERWRITE if force else Action.SKIP, _shipped(shipped))


def _settings(root: Path) -> Planned:
    """The ``[tool.docgen]`` table: appended to pyproject.toml unless docgen is configured already.

    Raises:
        UsageError: pyproject.toml is not valid TOML.
    """
    table = _shipped(PYPROJECT[1])
    if (root / "docgen.toml").is_file():
        return Planned(PYPROJECT[0], Action.SKIP, table, "docgen.toml configures docgen")
    path = root / PYPROJECT[0]
    if not path.exists():
        return Planned(PYPROJECT[0], Action.CREATE, table)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"{path}: cannot be read as TOML ({exc}); fix it, then run docgen init again") from exc
    if "docgen" in data.get("tool", {}):
        return Planned(PYPROJECT[0], Action.SKIP, table, "it has a [tool.docgen] table")
    return Planned(PYPROJECT[0], Action.APPEND, table, "[tool.docgen] added at the end")

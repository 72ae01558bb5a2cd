"""Whether the git repository found for the analysed root holds the root's own history.

A ``.git`` file (``gitdir: …``), a ``.git`` symlink or a ``commondir`` file can point git at any
repository on the machine, and the analysed tree is untrusted: read as is, such a pointer would
publish the history of another checkout on the runner. The history (the common git directory:
objects and refs) is read only when it is the tree's own, its enclosing repository's, or that of
a linked worktree whose administrative directory, outside the tree, points back at it.
"""

from __future__ import annotations

import os
from pathlib import Path

_MAX_POINTER_BYTES = 4096


def foreign_repository(
    root: Path, git_dir: str | os.PathLike[str], common_dir: str | os.PathLike[str], work_tree: str | os.PathLike[str]
) -> str | None:
    """Why the repository must not be read, or None when its history is the analysed root's.

    Args:
        root: The analysed root (inside ``work_tree``).
        git_dir: The repository's git directory, as GitPython found it.
        common_dir: Where its objects and refs live (``git_dir`` unless a ``commondir`` file says).
        work_tree: The top of its work tree.

    Returns:
        None when the common directory is inside ``root`` (the tree's own data), inside the work
        tree whose ``.git`` is a real directory (the usual checkout), inside the git directory of
        the nearest repository enclosing the work tree (a submodule), or it belongs to a linked
        worktree whose administrative directory lies outside ``root`` and names this work tree's
        ``.git``; otherwise the reason, naming the ``.git`` entry.

    """
    root = root.resolve()
    gitdir, common, top = Path(git_dir).resolve(), Path(common_dir).resolve(), Path(work_tree).resolve()
    dotgit = top / ".git"
    if common.is_relative_to(root) or (dotgit.is_dir() and not dotgit.is_symlink() and common.is_relative_to(top)):
        return None  # the tree's own repository, or the one it was checked out in
    if not gitdir.is_relative_to(root) and _points_back(gitdir, dotgit):
        return None  # a linked worktree (git worktree add) set up outside the analysed tree
    enclosing = next((folder for folder in top.parents if os.path.lexists(folder / ".git")), None)
    if enclosing is not None:
        enclosing_gitdir = git_dir_of(enclosing / ".git")
        if enclosing_gitdir is not None and common.is_relative_to(enclosing_gitdir):
            return None  # a submodule: its git directory lives in the superproject's
    entry = Path(os.path.relpath(dotgit, root)).as_posix()
    return f"{entry} points at a repository whose work tree does not contain the analysed directory"


def git_dir_of(dotgit: Path) -> Path | None:
    """The resolved git directory a ``.git`` entry stands for (a directory, or a ``gitdir:`` file)."""
    if dotgit.is_dir():
        return dotgit.resolve()
    text = _read_pointer(dotgit)
    if text is None or not text.startswith("gitdir:"):
        return None
    return (dotgit.parent / text.removeprefix("gitdir:").strip()).resolve()


def _points_back(gitdir: Path, dotgit: Path) -> bool:
    """Whether a worktree administrative directory's ``gitdir`` file names ``dotgit``."""
    text = _read_pointer(gitdir / "gitdir")
    return text is not None and (gitdir / text.strip()).resolve() == dotgit.resolve()


def _read_pointer(path: Path) -> str | None:
    try:
        if not path.is_file():
            return None
        with path.open("rb") as handle:
            return handle.read(_MAX_POINTER_BYTES).decode("utf-8", "replace").splitlines()[0]
    except (OSError, IndexError):
        return None

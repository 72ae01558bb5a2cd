"""``docgen diff``: which refs to compare, each side's code read from git objects, their routes compared."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from docgen.api import CodeAnalysis, analyse_code
from docgen.config import Config
from docgen.diagnostics import Reporter
from docgen.diff.allow import accept
from docgen.diff.compare import compare
from docgen.diff.gitrefs import Repository
from docgen.diff.openapi_reader import read_openapi
from docgen.errors import GitRefError, UsageError
from docgen.model.apidiff import ApiDiff, ChangeLevel, Side

WORKING_TREE = "working tree"

FAIL_ON: dict[str, ChangeLevel | None] = {
    "breaking": ChangeLevel.BREAKING,
    "potentially-breaking": ChangeLevel.POTENTIALLY_BREAKING,
    "warning": ChangeLevel.POTENTIALLY_BREAKING,
    "non-breaking": ChangeLevel.NON_BREAKING,
    "never": None,
}
"""``--fail-on`` values: the least severe level that fails the run (``warning`` is oasdiff's word)."""


@dataclass(frozen=True, slots=True)
class Refs:
    """The two sides asked for: a ref each, None for the default (base) or the working tree (head)."""

    base: str | None
    head: str | None


def parse_refs(args: Sequence[str], configured_base: str = "") -> Refs:
    """``[BASE] [HEAD]`` or ``BASE..HEAD`` (either end may be empty, meaning ``HEAD``).

    Raises:
        UsageError: More than two refs, or a range given with a second ref.
    """
    if len(args) > 2:
        raise UsageError(f"docgen diff takes at most two refs (BASE HEAD, or BASE..HEAD), not {len(args)}")
    if args and ".." in args[0]:
        if len(args) == 2:
            raise UsageError(f"give either BASE..HEAD or BASE HEAD, not {args[0]!r} and {args[1]!r}")
        if "..." in args[0]:
            raise UsageError(f"{args[0]!r}: write BASE..HEAD (two dots); the merge base is the default base")
        base, _, head = args[0].partition("..")
        return Refs(base or "HEAD", head or "HEAD")
    if not args:
        return Refs(configured_base or None, None)
    return Refs(args[0], args[1] if len(args) == 2 else None)


def diff_refs(
    root: Path, refs: Refs, configure: Callable[[Path], Config], reporter: Reporter, allowed: Sequence[str] = ()
) -> ApiDiff:
    """Compare the API of ``root`` at ``refs.base`` with the one at ``refs.head``.

    Args:
        root: The analysed directory, inside a git work tree.
        refs: The sides; a missing base is the merge base of ``HEAD`` with the default branch
            (``HEAD~1`` when none is found), a missing head the working tree as it is.
        configure: The configuration for a directory standing for ``root`` (the operator's
            options applied; the repository's configuration read from that directory).
        reporter: Receives the analyses' diagnostics.
        allowed: The configured accepted breaks (see :mod:`docgen.diff.allow`); inline
            ``# docgen: allow-breaking[RULE]`` comments are read from each side's files.

    Returns:
        The comparison. Each ref's files are written into a scratch directory that is removed
        afterwards; the repository is only read.

    Raises:
        GitRefError: ``root`` is not in a git repository, or a ref names no commit.
    """
    repo = Repository(root)
    base = _base_side(repo, refs.base)
    head = Side(label=refs.head, commit=repo.commit(refs.head)) if refs.head else Side(label=WORKING_TREE)
    with tempfile.TemporaryDirectory(prefix="docgen-diff-") as scratch:
        base_root, old = _read_side(repo, base, Path(scratch) / "base", configure, reporter)
        head_root, new = _read_side(repo, head, Path(scratch) / "head", configure, reporter)
        changes = accept(compare(old, new), allowed, base_root, head_root)
    return ApiDiff(
        base=Side(label=base.label, commit=base.commit, note=base.note, routes=len(old.routes)),
        head=Side(label=head.label, commit=head.commit, note=head.note, routes=len(new.routes)),
        changes=tuple(changes),
    )


def diff_documents(base: Path, head: Path, allowed: Sequence[str] = ()) -> ApiDiff:
    """Compare the API the OpenAPI 3.x document ``base`` describes with the one ``head`` does.

    ``allowed`` are the configured accepted breaks (a document has no inline comments).

    Raises:
        UsageError: A document cannot be read or is not an OpenAPI 3.x document.
    """
    old, new = read_openapi(base), read_openapi(head)
    return ApiDiff(
        base=Side(label=base.as_posix(), routes=len(old.routes)),
        head=Side(label=head.as_posix(), routes=len(new.routes)),
        changes=tuple(accept(compare(old, new), allowed, None, None)),
    )


def _base_side(repo: Repository, ref: str | None) -> Side:
    """The base as given, or the merge base of ``HEAD`` with the default branch, or ``HEAD~1``."""
    if ref:
        return Side(label=ref, commit=repo.commit(ref))
    head = repo.commit("HEAD")
    branch = repo.default_branch()
    if branch is not None:
        found = repo.merge_base(head, repo.commit(branch))
        if found is not None:
            return Side(label=f"merge base of HEAD and {branch}", commit=found)
    try:
        parent = repo.commit("HEAD~1")
    except GitRefError as exc:
        raise GitRefError("no default branch was found and HEAD has no parent: name the base ref") from exc
    return Side(label="HEAD~1", commit=parent, note="no default branch found")


def _read_side(
    repo: Repository, side: Side, scratch: Path, configure: Callable[[Path], Config], reporter: Reporter
) -> tuple[Path, CodeAnalysis]:
    """The directory standing for the analysed one on this side, and its code analysis.

    The working tree is read in place, a commit from its exported files.
    """
    root = repo.root if side.commit is None else repo.export(side.commit, scratch)
    return root, analyse_code(configure(root), reporter)

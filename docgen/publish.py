"""Publishing into the output directory: write probe, staging dirs, the marker's manifest, the atomic swap, the lock.

The site is built in a staging directory next to the output (same filesystem) that records its
owner, so the next run can remove the staging directories of runs that were killed. The marker
file (``.docgen-site``) lists every file docgen wrote; on a rebuild every entry of the old site
that is not in that list (``CNAME``, ``.git``, ``.nojekyll``, anything the user added) is carried
over into the new site before the swap.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import tempfile
from pathlib import Path

from docgen.config import SITE_MARKER
from docgen.diagnostics import LOGGER, Code, Reporter
from docgen.errors import BuildInProgressError, UnsafeOutputError
from docgen.model import Stage

MARKER = SITE_MARKER
"""File docgen writes into every site it publishes; only marked directories are ever replaced."""

MARKER_TEXT = "Built by docgen; docgen may replace this directory."
STAGING_PREFIX = ".docgen-staging-"
OWNER_FILE = ".docgen-owner"
"""In every staging directory: the pid and host of the run that made it."""

_LEGACY_USER_FILES = frozenset({"CNAME"})
"""Kept from an old site whose marker has no manifest (besides its hidden entries)."""
_MAX_MARKER_BYTES = 64 * 1024 * 1024


def probe_writable(site_dir: Path) -> None:
    """Check, before any analysis, that the site's parent can be written (B09).

    Creates and removes a temporary file in the output's parent, or in the nearest existing
    ancestor when the parent is still to be created.

    Raises:
        UnsafeOutputError: That directory is not writable, or an ancestor is not a directory.
    """
    folder = site_dir.absolute().parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        raise UnsafeOutputError(f"cannot write the site to {site_dir}: {folder} is not a directory")
    try:
        fd, name = tempfile.mkstemp(prefix=".docgen-probe-", dir=folder)
        os.close(fd)
        Path(name).unlink()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise UnsafeOutputError(
            f"cannot write the site to {site_dir}: {folder} is not writable ({reason}); nothing was analysed"
        ) from exc


def make_staging(parent: Path) -> Path:
    """A new staging directory in ``parent``, holding an owner record (this pid and host)."""
    staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=parent))
    owner = {"pid": os.getpid(), "host": socket.gethostname()}
    (staging / OWNER_FILE).write_text(json.dumps(owner) + "\n", encoding="utf-8")
    return staging


def remove_stale_staging(parent: Path) -> list[str]:
    """Remove staging directories in ``parent`` left by docgen runs that no longer exist.

    Only directories with docgen's prefix whose owner record names a process of this host that is
    not alive are removed; anything else (a live run, another host's run, a directory without an
    owner record, a symlink) is left alone.

    Returns:
        The names of the directories removed.
    """
    removed: list[str] = []
    try:
        entries = sorted(parent.iterdir())
    except OSError:
        return removed
    for entry in entries:
        if not entry.name.startswith(STAGING_PREFIX) or entry.is_symlink() or not entry.is_dir():
            continue
        owner = _owner(entry)
        if owner is None or owner[1] != socket.gethostname() or _alive(owner[0]):
            continue
        LOGGER.info("removing %s, left by docgen run %d that no longer exists", entry.name, owner[0])
        shutil.rmtree(entry, ignore_errors=True)
        removed.append(entry.name)
    return removed


def _owner(staging: Path) -> tuple[int, str] | None:
    """(pid, host) from a staging directory's owner record, when it is docgen's."""
    record = staging / OWNER_FILE
    try:
        if record.is_symlink() or not record.is_file():
            return None
        data = json.loads(record.read_text(encoding="utf-8")[:1000])
    except (OSError, ValueError):
        return None
    pid, host = (data.get("pid"), data.get("host")) if isinstance(data, dict) else (None, None)
    if not isinstance(pid, int) or not isinstance(host, str) or not staging.name.startswith(f"{STAGING_PREFIX}{pid}-"):
        return None
    return pid, host


def write_marker(output: Path) -> None:
    """Write the marker into a finished site: its text, then the manifest of every file in it."""
    files = []
    for folder, dirnames, filenames in os.walk(output):
        base = Path(folder).relative_to(output)
        links = [d for d in dirnames if Path(folder, d).is_symlink()]
        files += [(base / name).as_posix() for name in [*filenames, *links]]
    manifest = json.dumps({"files": sorted(files)}, ensure_ascii=False)
    (output / MARKER).write_text(f"{MARKER_TEXT}\n{manifest}\n", encoding="utf-8")


def read_manifest(site_dir: Path) -> frozenset[str] | None:
    """The files docgen wrote into ``site_dir`` last time; None for an old marker without a manifest."""
    try:
        with (site_dir / MARKER).open(encoding="utf-8") as handle:
            text = handle.read(_MAX_MARKER_BYTES)
        _, _, rest = text.partition("\n")
        files = json.loads(rest).get("files") if rest.strip() else None
    except (OSError, ValueError, AttributeError):
        return None
    if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
        return None
    return frozenset(files)


def user_entries(site_dir: Path, manifest: frozenset[str] | None) -> list[str]:
    """Relative paths in ``site_dir`` docgen did not write; a directory with nothing of docgen's counts whole."""
    if manifest is None:
        return sorted(
            e.name
            for e in site_dir.iterdir()
            if e.name != MARKER and (e.name.startswith(".") or e.name in _LEGACY_USER_FILES)
        )
    ours = {"/".join(f.split("/")[:i]) for f in manifest for i in range(1, f.count("/") + 1)}
    found: list[str] = []
    stack = [(site_dir, "")]
    while stack:
        folder, prefix = stack.pop()
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            rel = prefix + entry.name
            if rel == MARKER:
                continue
            if entry.is_dir(follow_symlinks=False) and rel in ours:
                stack.append((Path(entry.path), rel + "/"))
            elif rel not in manifest:
                found.append(rel)
    return sorted(found)


def publish(new: Path, site_dir: Path, staging: Path, reporter: Reporter) -> None:
    """Swap ``new`` in as ``site_dir``, carrying over the old site's entries docgen did not write."""
    if not site_dir.exists():
        new.rename(site_dir)
        sync_dir(site_dir.parent)
        return
    if not (site_dir / MARKER).is_file() and any(site_dir.iterdir()):
        raise UnsafeOutputError(f"refusing to replace {site_dir}: it lost its {MARKER} marker during the build")
    moved: list[tuple[Path, Path]] = []
    try:
        for rel in user_entries(site_dir, read_manifest(site_dir)):
            source, target = site_dir / rel, new / rel
            if os.path.lexists(target):
                reporter.warn(
                    Code.SITE_BUILD_WARNING,
                    f"{site_dir.name}/{rel}: not written by docgen, replaced by the new site",
                    Stage.SITE,
                )
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            source.rename(target)
            moved.append((source, target))
        old = staging / "previous-site"
        site_dir.rename(old)
    except OSError:
        for source, target in reversed(moved):
            target.rename(source)
        raise
    try:
        new.rename(site_dir)
    except OSError:
        old.rename(site_dir)
        raise
    sync_dir(site_dir.parent)


def sync_dir(path: Path) -> None:
    """Flush a directory's entries to disk (the renames), where the platform allows it."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        LOGGER.debug("fsync of %s not supported", path.name)
    finally:
        os.close(fd)


class BuildLock:
    """An exclusive lock file holding the builder's pid (``<site_dir>.docgen.lock``).

    A lock left by a process that no longer exists is taken over.
    """

    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self) -> BuildLock:
        for _attempt in range(2):
            if self._create():
                return self
            pid = _read_pid(self.path)
            if pid is None or _alive(pid):
                raise BuildInProgressError(f"build in progress (pid {pid if pid is not None else '?'})")
            LOGGER.info("removing stale lock of pid %s", pid)
            self.path.unlink(missing_ok=True)
        raise BuildInProgressError(f"build in progress (pid {_read_pid(self.path) or '?'})")

    def __exit__(self, *exc_info: object) -> None:
        if _read_pid(self.path) == os.getpid():
            self.path.unlink(missing_ok=True)

    def _create(self) -> bool:
        """Create the lock with its content in one step (hard link), or report it exists."""
        temp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        temp.write_text(f"{os.getpid()}\n", encoding="ascii")
        try:
            os.link(temp, self.path)
        except FileExistsError:
            return False
        except OSError:  # no hard links on this filesystem: exclusive create instead
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                return False
            with os.fdopen(fd, "w", encoding="ascii") as handle:
                handle.write(f"{os.getpid()}\n")
        finally:
            temp.unlink(missing_ok=True)
        return True


def _read_pid(path: Path) -> int | None:
    try:
        return int(path.read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return None


def _alive(pid: int) -> bool:
    """Whether a process with this pid exists (it may belong to another user)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True

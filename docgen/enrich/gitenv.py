"""How every git call is made safe, and where git is.

The options and environment of every call neutralise the repository settings that run programs.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path

from docgen.environ import patched_environ

GIT_OPTIONS: tuple[str, ...] = (
    "-c", "core.fsmonitor=",
    "-c", "core.hooksPath=/dev/null",
    "-c", "protocol.allow=never",  # no transport at all: a partial clone cannot lazily fetch
    "-c", "log.showSignature=false",  # never run the repo's gpg.program
    "-c", "i18n.logOutputEncoding=UTF-8",
    "--no-pager",
    "--literal-pathspecs",
)  # fmt: skip
"""Global options of every git call: neutralise the repo-config keys that run programs."""


GIT_ENV: Mapping[str, str] = {
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_ASKPASS": "",  # set but empty: core.askPass and SSH_ASKPASS are not consulted
    "GIT_PAGER": "cat",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_NO_LAZY_FETCH": "1",
    "GIT_OPTIONAL_LOCKS": "0",
    "GIT_LITERAL_PATHSPECS": "1",
}
"""Environment added to every git call."""


STRAY_ENV: tuple[str, ...] = (
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_COMMON_DIR",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_NAMESPACE",
    "GIT_PREFIX",
)
"""Inherited variables (CI, git hooks) that would point git at another repo; removed during a read."""


ENV_LOCK = threading.Lock()


def find_git() -> str | None:
    """Return the absolute path of ``git`` from the absolute PATH entries, or None.

    Relative entries (``.``, empty) are skipped, so a ``git`` inside the analysed repo is never
    run (CVE-2023-40590, CVE-2024-22190).
    """
    absolute = [entry for entry in os.get_exec_path() if Path(entry).is_absolute()]
    found = shutil.which("git", path=os.pathsep.join(absolute))
    return str(Path(found).resolve()) if found else None


@contextlib.contextmanager
def without_stray_git_env() -> Iterator[None]:
    """Remove :data:`STRAY_ENV` from ``os.environ`` for the duration (GitPython reads it directly)."""
    with ENV_LOCK, patched_environ(remove=STRAY_ENV):
        yield

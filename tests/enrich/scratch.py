"""Scratch git repositories for the enrich tests: deterministic commits, and a git that logs its calls."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

D1, D2, D3, D4 = (
    "2024-01-02T03:04:05+00:00",
    "2024-02-03T04:05:06+00:00",
    "2024-03-04T05:06:07+00:00",
    "2024-04-05T06:07:08+00:00",
)
MAIN = "".join(f"line {n}\n" for n in range(1, 11))


class GitRepo:
    """A scratch repository with deterministic commits (the test's only way to write git state)."""

    def __init__(self, path: Path, *, init: bool = True) -> None:
        self.path = path
        self.env = {
            **os.environ,
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_AUTHOR_EMAIL": "dev@example.com",
            "GIT_COMMITTER_EMAIL": "dev@example.com",
            "GIT_COMMITTER_NAME": "Committer",
        }
        if init:
            path.mkdir(parents=True, exist_ok=True)
            self.git("init", "-q", "-b", "main")

    def git(self, *args: str, env: Mapping[str, str] | None = None) -> str:
        done = subprocess.run(
            ["git", *args], cwd=self.path, env={**self.env, **(env or {})}, capture_output=True, check=True
        )
        return done.stdout.decode().strip()

    def write(self, files: Mapping[str, str]) -> None:
        for name, text in files.items():
            target = self.path / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")

    def commit(self, files: Mapping[str, str], message: str, *, author: str = "Ada", date: str = D1) -> str:
        self.write(files)
        self.git("add", "-A", "--", *files)
        dates = {"GIT_AUTHOR_NAME": author, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
        self.git("commit", "-q", "--allow-empty", "-m", message, env=dates)
        return self.git("rev-parse", "HEAD")

    def merge(self, branch: str, message: str, *, date: str, extra: Mapping[str, str] | None = None) -> str:
        dates = {"GIT_AUTHOR_NAME": "Merger", "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
        self.git("merge", "-q", "--no-ff", "--no-commit", branch, env=dates)
        if extra:
            self.write(extra)
            self.git("add", "--", *extra)
        self.git("commit", "-q", "-m", message, env=dates)
        return self.git("rev-parse", "HEAD")


def argv_logging_git(shim: Path, log: Path) -> Path:
    """A ``git`` that appends its arguments to ``log``, then runs the real git."""
    shim.mkdir()
    real = shutil.which("git")
    (shim / "git").write_text(
        f"#!{sys.executable}\nimport os, sys\nopen({str(log)!r}, 'a').write(repr(sys.argv[1:]) + '\\n')\n"
        f"os.execv({real!r}, [{real!r}, *sys.argv[1:]])\n",
        encoding="utf-8",
    )
    (shim / "git").chmod(0o755)
    return shim / "git"


def logged(log: Path) -> list[list[str]]:
    """The argument lists :func:`argv_logging_git` wrote, in order."""
    return [ast.literal_eval(line) for line in log.read_text().splitlines()]

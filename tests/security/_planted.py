"""A planted repository and one docgen run over it, with the checks every attack test makes.

``Planted.run`` runs ``docgen`` through ``main(argv)`` with a random secret in the environment
and returns the exit code and stderr lines; ``Planted.assert_contained`` then checks that the
secret appears nowhere (stderr, stdout, output), that nothing but the output changed under
``tmp_path`` and that no canary file exists.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import stat
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from docgen.cli import main

APP = '"""The app: ping and pong."""\n\n\ndef ping() -> str:\n    """Answer pong."""\n    return "pong"\n'
"""The documented module every planted repository has."""

GIT_USER = ("-c", "user.name=Dev", "-c", "user.email=dev@example.com", "-c", "commit.gpgsign=false")


@dataclass
class Planted:
    """A repository under ``tmp_path`` with one documented module, ``app.py``.

    Attributes:
        tmp: The test's tmp_path (everything the test owns lives under it).
        root: The analysed repository.
        site: Where docgen writes the site.
        secret: A random token put in the environment for the run.
        canaries: Files an attack would write if it ran code.
    """

    tmp: Path
    root: Path
    site: Path
    secret: str
    canaries: list[Path] = field(default_factory=list)
    out: str = ""
    err: str = ""
    _before: dict[str, str] = field(default_factory=dict)

    def write(self, name: str, text: str) -> Path:
        """Write a file of the repository (parents created)."""
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def commit(self, message: str = "Initial") -> None:
        """Commit everything in the repository."""
        self.git("add", "-A")
        self.git(*GIT_USER, "commit", "-q", "-m", message)

    def git(self, *args: str, cwd: Path | None = None) -> str:
        """Run git in the repository (for setting the attack up)."""
        done = subprocess.run(["git", *args], cwd=cwd or self.root, check=True, capture_output=True, text=True)
        return done.stdout

    def run(self, capsys: pytest.CaptureFixture[str], *args: str, command: str = "build") -> tuple[int, list[str]]:
        """Run ``docgen <command> <root> <args>`` (build into ``site``); return the exit code and stderr lines."""
        self.start()
        argv = [command, str(self.root), *(("-o", str(self.site)) if command == "build" else ()), *args]
        code = main(argv)
        captured = capsys.readouterr()
        self.out, self.err = captured.out, captured.err
        return code, captured.err.splitlines()

    def start(self) -> None:
        """Record the tree before a run, for :meth:`assert_contained` (``run`` does it itself)."""
        self._before = snapshot(self.tmp, skip=(self.site,))

    def warnings(self, code: str) -> list[str]:
        """The stderr lines of the last run reporting ``code``."""
        return [line for line in self.err.splitlines() if f" {code} " in line]

    def assert_contained(self) -> None:
        """No secret anywhere, nothing changed outside the output, no canary."""
        assert self.secret not in self.out + self.err
        leaks = [p for p in _files(self.site) if self.secret.encode() in p.read_bytes()]
        assert leaks == []
        assert snapshot(self.tmp, skip=(self.site,)) == self._before
        assert [c for c in self.canaries if os.path.lexists(c)] == []

    def page(self, module: str) -> str:
        """The HTML of a module's reference page."""
        return (self.site / "reference" / module / "index.html").read_text(encoding="utf-8")


def plant(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *, git: bool = True) -> Planted:
    """A repository with ``app.py`` (documented) in a fresh git repo; the operator's cache outside the tree."""
    secret = f"tok-{secrets.token_hex(16)}"
    monkeypatch.setenv("SECRET_TOKEN", secret)
    monkeypatch.setenv("DOCGEN_CACHE_DIR", str(tmp_path / "operator-cache"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))  # a global git config written would show here
    monkeypatch.delenv("DOCGEN_TRUST_REPO_CONFIG", raising=False)
    (tmp_path / "home").mkdir()
    planted = Planted(tmp_path, tmp_path / "repo", tmp_path / "site", secret)
    planted.write("app.py", APP)
    if git:
        planted.git("init", "-q", str(planted.root), cwd=tmp_path)
    monkeypatch.chdir(planted.root)
    return planted


def snapshot(base: Path, skip: tuple[Path, ...] = ()) -> dict[str, str]:
    """Every entry under ``base`` (but ``skip``) -> its kind and content hash; never opens special files."""
    seen: dict[str, str] = {}
    for folder, dirs, names in os.walk(base):
        here = Path(folder)
        dirs[:] = [d for d in dirs if here / d not in skip and (here / d).name != "operator-cache"]
        for name in [*dirs, *names]:
            path = here / name
            info = path.lstat()
            if stat.S_ISLNK(info.st_mode):
                kind = f"link:{path.readlink()}"
            elif stat.S_ISREG(info.st_mode):
                kind = f"file:{_digest(path)}"
            else:
                kind = f"mode:{stat.S_IFMT(info.st_mode)}"
            seen[path.relative_to(base).as_posix()] = f"{kind}:{stat.S_IMODE(info.st_mode):o}"
    return seen


def _digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except PermissionError:
        return "unreadable"


def _files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()] if folder.exists() else []

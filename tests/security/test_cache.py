"""A planted, corrupt, foreign or outdated facts-cache entry is a cache miss and runs no code."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import secrets
from pathlib import Path

import msgspec
import pytest

from docgen.cli import main
from docgen.config import load_config
from docgen.diagnostics import Reporter
from docgen.discover import discover
from docgen.model.facts_codec import HEADER, decode_facts
from docgen.parse.cache import FactsCache
from docgen.parse.summary import summarise

SOURCE = '"""Original docstring."""\n\nVALUE = 1\n'
NO_GIT = "docgen: warning: DG920 not a git repository: history, authors and dates omitted\n"


class Canary:
    """Unpickling this runs ``exec``: the payload a planted cache entry would carry."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return exec, (f"open({str(self.path)!r}, 'w').write('pwned')",)


@pytest.fixture
def setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path, str]:
    """A repository, the operator's cache dir (``DOCGEN_CACHE_DIR``) and a secret in the environment."""
    repo = tmp_path / "repo"
    (repo / "pkg").mkdir(parents=True)
    (repo / "pkg" / "__init__.py").write_text("", encoding="utf-8")
    (repo / "pkg" / "mod.py").write_text(SOURCE, encoding="utf-8")
    cache = tmp_path / "cache"
    secret = secrets.token_hex(16)
    monkeypatch.setenv("DOCGEN_CACHE_DIR", str(cache))
    monkeypatch.setenv("DOCGEN_TEST_SECRET", secret)
    return repo, cache, secret


def entry_path(repo: Path, cache: Path) -> Path:
    """The exact file docgen reads for ``pkg/mod.py``."""
    config = load_config(repo, isolated=True)
    (source,) = [s for s in discover(config, Reporter()) if s.path == "pkg/mod.py"]
    store = FactsCache.open(cache, repo, Reporter())
    assert store is not None
    return store._file(source.path, source.module, source.is_package, source.sha)


def extract(repo: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["extract", str(repo), "--format", "json"])
    out, err = capsys.readouterr()
    return code, out, err


def docstring_of_mod(out: str) -> str:
    (mod,) = [m for m in json.loads(out)["modules"] if m["name"] == "pkg.mod"]
    return str(mod["docstring"]["summary"])


def files_under(path: Path) -> set[str]:
    return {p.relative_to(path).as_posix() for p in path.rglob("*")}


def plant(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def assert_miss_then_replaced(
    repo: Path, cache: Path, tmp_path: Path, result: tuple[int, str, str], secret: str
) -> None:
    """The run succeeded on freshly parsed facts, wrote only its cache entry, and leaked nothing."""
    code, out, err = result
    assert (code, err) == (0, NO_GIT)
    assert docstring_of_mod(out) == "Original docstring."
    assert secret not in out
    assert not (tmp_path / "canary").exists()
    assert files_under(repo) == {"pkg", "pkg/__init__.py", "pkg/mod.py"}
    assert {p.name for p in tmp_path.iterdir()} == {"repo", "cache"}
    target = entry_path(repo, cache)
    data = (repo / "pkg" / "mod.py").read_bytes()
    expected = summarise("pkg/mod.py", "pkg.mod", False, hashlib.sha256(data).hexdigest(), data)
    assert decode_facts(target.read_bytes()) == expected  # the planted file was at the key docgen uses


def test_a_pickle_planted_at_the_entry_key_is_a_miss_and_never_loaded(
    setup: tuple[Path, Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo, cache, secret = setup
    plant(entry_path(repo, cache), pickle.dumps(Canary(tmp_path / "canary")))
    assert_miss_then_replaced(repo, cache, tmp_path, extract(repo, capsys), secret)


def poisoned_entry(repo: Path, cache: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, bytes]:
    """A real entry of ``pkg/mod.py`` (from a first run) whose docstring says ``Poisoned``."""
    assert extract(repo, capsys)[0] == 0
    target = entry_path(repo, cache)
    entry = target.read_bytes()
    assert entry.count(b"Original") == 1
    return target, entry.replace(b"Original", b"Poisoned")


def redigest(entry: bytes, header: bytes = HEADER) -> bytes:
    payload = entry[len(HEADER) + 32 :]
    return header + hashlib.sha256(payload).digest() + payload


def test_a_flipped_byte_is_a_miss(
    setup: tuple[Path, Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo, cache, secret = setup
    target, poisoned = poisoned_entry(repo, cache, capsys)
    plant(target, poisoned)  # valid MessagePack, stale digest
    assert_miss_then_replaced(repo, cache, tmp_path, extract(repo, capsys), secret)


def test_a_truncated_entry_is_a_miss(
    setup: tuple[Path, Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo, cache, secret = setup
    target, _ = poisoned_entry(repo, cache, capsys)
    plant(target, target.read_bytes()[:-5])
    assert_miss_then_replaced(repo, cache, tmp_path, extract(repo, capsys), secret)


def test_an_entry_of_another_version_is_a_miss(
    setup: tuple[Path, Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo, cache, secret = setup
    target, poisoned = poisoned_entry(repo, cache, capsys)
    other = HEADER.replace(b"\n1 ", b"\n0 ", 1)
    assert other != HEADER
    plant(target, redigest(poisoned, other))  # a consistent entry, of an older format
    assert_miss_then_replaced(repo, cache, tmp_path, extract(repo, capsys), secret)


def test_an_entry_naming_a_class_outside_the_registry_is_a_miss(
    setup: tuple[Path, Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo, cache, secret = setup
    target, poisoned = poisoned_entry(repo, cache, capsys)
    data = msgspec.msgpack.decode(poisoned[len(HEADER) + 32 :])
    assert data[5][0][0] == "Assign"  # VALUE = 1
    data[5][0][0] = "subprocess.Popen"
    payload = msgspec.msgpack.encode(data)
    plant(target, HEADER + hashlib.sha256(payload).digest() + payload)
    assert_miss_then_replaced(repo, cache, tmp_path, extract(repo, capsys), secret)


def test_an_entry_for_another_file_is_a_miss(
    setup: tuple[Path, Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo, cache, secret = setup
    target, poisoned = poisoned_entry(repo, cache, capsys)
    data = msgspec.msgpack.decode(poisoned[len(HEADER) + 32 :])
    data[0] = "pkg/other.py"  # a valid entry copied to this file's key
    payload = msgspec.msgpack.encode(data)
    plant(target, HEADER + hashlib.sha256(payload).digest() + payload)
    assert_miss_then_replaced(repo, cache, tmp_path, extract(repo, capsys), secret)


def test_a_fifo_or_symlink_at_the_entry_key_is_a_miss_without_blocking(
    setup: tuple[Path, Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo, cache, secret = setup
    target = entry_path(repo, cache)
    target.parent.mkdir(parents=True)
    os.mkfifo(target)
    assert_miss_then_replaced(repo, cache, tmp_path, extract(repo, capsys), secret)
    target.unlink()
    target.symlink_to("/dev/zero")
    assert_miss_then_replaced(repo, cache, tmp_path, extract(repo, capsys), secret)

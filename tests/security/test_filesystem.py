"""Hostile filesystem entries in the analysed tree are one diagnostic each, and the run goes on.

Self-referential and looping symlinks, links out of the tree, unreadable directories and files,
FIFOs and sockets named ``*.py``, an uninitialised submodule, names differing only in case, an
unknown coding cookie and control characters in file names (RELIABILITY.md F01-F06, P08, G06).
Each test checks the exact diagnostic, the exit code, that ``app.py`` is still documented, and
that nothing leaks or is written outside the output.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

import pytest

from tests.security._planted import Planted, plant

W = "docgen: warning: "


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Planted:
    return plant(tmp_path, monkeypatch)


@pytest.fixture
def watchdog() -> Iterator[None]:
    """Fail instead of hanging forever if docgen blocks (on a FIFO opened for reading)."""

    def expire(signum: int, frame: FrameType | None) -> None:
        raise TimeoutError("docgen blocked")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(120)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _documented(repo: Planted) -> None:
    assert "Answer pong" in repo.page("app")


def test_symlink_loops_broken_links_and_escapes_are_skipped_one_warning_each(
    repo: Planted, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = repo.tmp / "outside.py"
    outside.write_text(f'"""Leaked."""\nTOKEN = "{repo.secret}"\n', encoding="utf-8")
    (repo.root / "t").mkdir()
    (repo.root / "t" / "x").symlink_to("x")  # ln -s x t/x
    (repo.root / "t" / "a.py").symlink_to("b.py")
    (repo.root / "t" / "b.py").symlink_to("a.py")
    (repo.root / "t" / "up").symlink_to("..")
    (repo.root / "dangling.py").symlink_to("missing.py")
    (repo.root / "leak.py").symlink_to(outside)
    code, _ = repo.run(capsys)
    assert code == 0
    assert repo.warnings("DG905") == [
        f"{W}dangling.py: DG905 broken symlink, skipped",
        f"{W}leak.py: DG905 symlink escapes source root, not followed",
        f"{W}t/a.py: DG905 symlink loop, not followed",
        f"{W}t/b.py: DG905 symlink loop, not followed",
        f"{W}t/x: DG905 symlink loop, not followed",
        f"{W}t/up: DG905 symlink loop, not followed",  # found when the walk comes back to the root
    ]
    assert "Traceback" not in repo.err
    _documented(repo)
    repo.assert_contained()


def test_unreadable_directories_gitignore_and_file_are_skipped(
    repo: Planted, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.write("locked/a.py", "A = 1\n")
    repo.write("unsearchable/b.py", "B = 1\n")
    repo.write("guarded/c.py", "C = 1\n")
    repo.write("guarded/.gitignore", "c.py\n")
    repo.write("private.py", "P = 1\n")
    modes = {"locked": 0o000, "unsearchable": 0o644, "guarded/.gitignore": 0o000, "private.py": 0o000}
    for name, mode in modes.items():
        (repo.root / name).chmod(mode)
    try:
        code, lines = _run_unprivileged(repo, capsys)
        assert code == 0, lines
        assert [line for line in lines if " DG905 " in line] == [
            f"{W}guarded: DG905 directory skipped: its .gitignore cannot be read (Permission denied)",
            f"{W}locked: DG905 cannot enter directory (Permission denied): not analysed; make it readable or "
            "exclude it",
            f"{W}unsearchable: DG905 cannot enter directory (Permission denied): not analysed; make it readable "
            "or exclude it",
            f"{W}private.py: DG905 cannot read: Permission denied",
        ]
        assert not any("Traceback" in line or "internal error" in line for line in lines)
        _documented(repo)
        repo.assert_contained()
    finally:
        for name in modes:
            (repo.root / name).chmod(0o755)


def _run_unprivileged(repo: Planted, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    """Build as a process that permissions apply to: as root, without the capabilities that bypass them."""
    if os.geteuid() != 0:
        return repo.run(capsys)
    repo.start()
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: file permissions cannot be made to apply")
    drop = "-dac_override,-dac_read_search"
    argv = [setpriv, f"--bounding-set={drop}", f"--inh-caps={drop}", sys.executable, "-m", "docgen"]
    done = subprocess.run(
        [*argv, "build", str(repo.root), "-o", str(repo.site)],
        cwd=repo.tmp,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONSAFEPATH": "1"},
        check=False,
    )
    repo.out, repo.err = done.stdout, done.stderr
    return done.returncode, done.stderr.splitlines()


def test_fifo_and_socket_named_py_are_reported_and_never_opened(
    repo: Planted, capsys: pytest.CaptureFixture[str], watchdog: None
) -> None:
    os.mkfifo(repo.root / "x.py")
    (repo.root / "via_link.py").symlink_to("x.py")
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        server.bind(str(repo.root / "sock.py"))
        code, _ = repo.run(capsys)
    finally:
        server.close()
    assert code == 0
    assert repo.warnings("DG903") == [
        f"{W}sock.py: DG903 not a regular file (a socket), skipped",
        f"{W}via_link.py: DG903 not a regular file (a FIFO), skipped",
        f"{W}x.py: DG903 not a regular file (a FIFO), skipped",
    ]
    _documented(repo)
    repo.assert_contained()


def test_uninitialised_submodule_is_reported_once(repo: Planted, capsys: pytest.CaptureFixture[str]) -> None:
    repo.write(
        ".gitmodules",
        '[submodule "lib"]\n\tpath = vendor/lib\n\turl = https://example.com/lib.git\n'
        '[submodule "ok"]\n\tpath = "vendor/ok"\n\turl = https://example.com/ok.git\n',
    )
    (repo.root / "vendor" / "lib").mkdir(parents=True)  # what a checkout without --recursive leaves
    repo.write("vendor/ok/.git", "gitdir: ../../.git/modules/ok\n")
    repo.write("vendor/ok/ok.py", '"""Initialised submodule code."""\n')
    code, _ = repo.run(capsys)
    assert code == 0
    assert repo.warnings("DG923") == [
        f"{W}vendor/lib: DG923 submodule not initialised: its code is not analysed; run git submodule update --init"
    ]
    assert "Initialised submodule code." in repo.page("ok")
    _documented(repo)
    repo.assert_contained()


def test_names_differing_only_in_case_are_one_diagnostic_and_both_documented(
    repo: Planted, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.write("pkg/__init__.py", '"""Package."""\n')
    repo.write("pkg/Models.py", '"""Upper-case models."""\n')
    repo.write("pkg/models.py", '"""Lower-case models."""\n')
    code, _ = repo.run(capsys)
    assert code == 0
    assert repo.warnings("DG940") == [
        f"{W}pkg/Models.py: DG940 pkg/Models.py and pkg/models.py differ only in case: on a case-insensitive "
        "filesystem one overwrites the other (their pages too); rename one"
    ]
    pages = [p.read_text(encoding="utf-8") for p in (repo.site / "reference").glob("pkg.*/index.html")]
    assert sorted(("Upper-case models." in p, "Lower-case models." in p) for p in pages) == [
        (False, True),
        (True, False),
    ]
    _documented(repo)
    repo.assert_contained()


def test_unknown_coding_cookie_skips_the_file(repo: Planted, capsys: pytest.CaptureFixture[str]) -> None:
    repo.write("klingon.py", '# coding: klingon\n"""Qapla."""\n')
    code, _ = repo.run(capsys)
    assert code == 0
    assert repo.warnings("DG902") == [
        "docgen: error: klingon.py: DG902 unknown encoding 'klingon' in the coding cookie; skipped (fix the cookie)"
    ]
    _documented(repo)
    repo.assert_contained()


def test_check_text_report_escapes_a_newline_in_a_path(repo: Planted, capsys: pytest.CaptureFixture[str]) -> None:
    repo.write("a\nb.py", "import os\n")
    code, _ = repo.run(capsys, "--select", "F401", command="check")
    assert code == 1
    assert repo.out.splitlines()[:2] == ["a\\x0ab.py:1:8: F401 `os` imported but unused", "Found 1 finding."]
    repo.assert_contained()

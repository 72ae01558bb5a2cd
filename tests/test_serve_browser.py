"""``docgen serve`` in headless Chromium: a save reloads the open page, a syntax error shows its banner.

Chromium is driven over ``--remote-debugging-pipe`` (DevTools messages on fds 3 and 4), so no
WebSocket client is needed. Skipped, with the reason, only when ``/usr/bin/chromium`` is absent.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking")
WAIT = 60.0
API = '''"""Endpoints."""


def first() -> int:
    """The first function."""
    return 1
'''

_ON_FDS_3_AND_4 = (
    "import os, sys; os.dup2(int(sys.argv[1]), 3); os.dup2(int(sys.argv[2]), 4); os.execv(sys.argv[3], sys.argv[3:])"
)
"""Run the command given after two descriptors with them as its fds 3 and 4 (Chromium's DevTools pipe)."""
needs_chromium = pytest.mark.skipif(
    not Path(CHROMIUM).is_file(), reason=f"{CHROMIUM} is absent: install Debian's chromium package"
)


class DevTools:
    """One headless Chromium showing ``url``, asked questions through the DevTools pipe."""

    def __init__(self, url: str, profile: Path) -> None:
        to_browser, self._write = os.pipe()
        self._read, from_browser = os.pipe()
        # above 4, so that putting them on fds 3 and 4 cannot overwrite one another
        to_browser, from_browser = (_above(fd, 10) for fd in (to_browser, from_browser))
        command = [CHROMIUM, *FLAGS, "--remote-debugging-pipe", f"--user-data-dir={profile}", url]
        self.process = subprocess.Popen(
            [sys.executable, "-c", _ON_FDS_3_AND_4, str(to_browser), str(from_browser), *command],
            pass_fds=(to_browser, from_browser),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its helper processes too can be ended, before the profile is removed
        )
        os.close(to_browser)
        os.close(from_browser)
        self._buffer = b""
        self._id = 0
        pages = [t for t in self.call("Target.getTargets")["targetInfos"] if t["type"] == "page"]
        attached = self.call("Target.attachToTarget", targetId=pages[0]["targetId"], flatten=True)
        self._session = attached["sessionId"]

    def call(self, method: str, session: str | None = None, **params: Any) -> Any:
        self._id += 1
        message: dict[str, Any] = {"id": self._id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._write, json.dumps(message).encode() + b"\0")
        while True:
            while b"\0" not in self._buffer:
                chunk = os.read(self._read, 65536)
                if not chunk:
                    raise RuntimeError("Chromium closed the DevTools pipe")
                self._buffer += chunk
            raw, _, self._buffer = self._buffer.partition(b"\0")
            reply = json.loads(raw)
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(str(reply["error"]))
                return reply["result"]

    def evaluate(self, expression: str) -> Any:
        result = self.call("Runtime.evaluate", self._session, expression=expression, returnByValue=True)
        return result["result"].get("value")

    def wait_for(self, expression: str) -> Any:
        """The value of ``expression`` once it is truthy (it is asked again until then)."""
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            value = self.evaluate(expression)
            if value:
                return value
            time.sleep(0.1)
        raise AssertionError(f"{expression} stayed false for {WAIT} s")

    def close(self) -> None:
        """End the browser and every process it started (they write to the profile until they exit)."""
        try:
            self.call("Browser.close")
            self.process.wait(timeout=10)
        except (RuntimeError, OSError, subprocess.TimeoutExpired):
            pass
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:  # until the last of the group has exited
            try:
                os.killpg(self.process.pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.05)
        os.close(self._read)
        os.close(self._write)


def _above(fd: int, lowest: int) -> int:
    """``fd`` moved to a descriptor number of at least ``lowest``."""
    moved = fcntl.fcntl(fd, fcntl.F_DUPFD, lowest)
    os.close(fd)
    return moved


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A small tree under ``docgen serve``, and the address of its module page."""
    root = tmp_path / "src"
    (root / "pkg").mkdir(parents=True)
    (root / "pkg" / "__init__.py").write_text('"""The package."""\n', encoding="utf-8")
    (root / "pkg" / "api.py").write_text(API, encoding="utf-8")
    port = free_port()
    env = {**os.environ, "DOCGEN_CACHE_DIR": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "docgen", "serve", str(root), "-a", f"127.0.0.1:{port}"]
    log = (tmp_path / "serve.log").open("w", encoding="utf-8")
    process = subprocess.Popen(command, stdout=log, stderr=log, env=env)
    url = f"http://127.0.0.1:{port}/reference/pkg.api/"
    try:
        deadline = time.monotonic() + WAIT
        while True:
            try:
                with urllib.request.urlopen(url, timeout=10) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError((tmp_path / "serve.log").read_text(encoding="utf-8")) from None
                time.sleep(0.2)
        yield root, url
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()
        print((tmp_path / "serve.log").read_text(encoding="utf-8"))  # shown when the test fails


@pytest.mark.slow
@needs_chromium
def test_a_save_reloads_the_open_page_and_a_syntax_error_shows_a_banner(served: tuple[Path, str]) -> None:
    root, url = served
    with tempfile.TemporaryDirectory(prefix="docgen-chromium-") as profile:
        browser = DevTools(url, Path(profile))
        try:
            browser.wait_for("document.body && document.body.innerText.includes('The first function.')")
            browser.evaluate("window.docgenMark = 1")  # gone once the page reloads
            (root / "pkg" / "api.py").write_text(API.replace("The first function.", "Reloaded."), encoding="utf-8")
            browser.wait_for("document.body && document.body.innerText.includes('Reloaded.')")
            assert browser.evaluate("typeof window.docgenMark") == "undefined"

            (root / "pkg" / "api.py").write_text(API.replace("return 1", "return (1"), encoding="utf-8")
            banner = browser.wait_for("document.querySelector('.docgen-preview-error')?.innerText")
            assert banner == (
                "pkg/api.py:6: DG901 syntax error at 6:12: '(' was never closed\n"
                "The pages shown are from the last good build."
            )
            assert browser.evaluate("document.body.innerText.includes('Reloaded.')") is True

            (root / "pkg" / "api.py").write_text(API.replace("The first function.", "Fixed."), encoding="utf-8")
            browser.wait_for("document.body && document.body.innerText.includes('Fixed.')")
            assert browser.evaluate("document.querySelector('.docgen-preview-error')") is None
        finally:
            browser.close()

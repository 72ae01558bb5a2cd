"""A small DevTools-protocol client for headless Chromium over ``--remote-debugging-pipe``.

Chromium's window is at least 500 px wide (``--window-size=400,…`` gives an ``innerWidth`` of 500),
so a phone-width page needs the protocol's ``Emulation.setDeviceMetricsOverride``. The pipe
(file descriptors 3 and 4, NUL-separated JSON) needs no network port and no third-party package.

    with Browser() as browser:
        page = browser.open("http://127.0.0.1:8000/", width=400)
        print(page.evaluate("document.documentElement.scrollWidth"))
        page.screenshot(Path("home-400.png"))
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType
from typing import Any

CHROMIUM = "/usr/bin/chromium"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)


class ProtocolError(RuntimeError):
    """Chromium answered a command with an error, or did not answer in time."""


class Browser:
    """One headless Chromium process driven through the DevTools pipe."""

    def __init__(self, chromium: str = CHROMIUM, timeout: float = 60) -> None:
        self._profile = tempfile.TemporaryDirectory(prefix="docgen-cdp-")
        to_chromium_r, self._to_chromium = os.pipe()
        self._from_chromium, from_chromium_w = os.pipe()
        self._timeout = timeout
        self._next = 0
        self._buffer = b""
        self._events: list[dict[str, Any]] = []

        def wire() -> None:  # in the child: the pipe ends Chromium expects on fds 3 and 4
            reading, writing = os.dup(to_chromium_r), os.dup(from_chromium_w)
            os.dup2(reading, 3)
            os.dup2(writing, 4)

        self._process = subprocess.Popen(
            [chromium, *FLAGS, "--remote-debugging-pipe", f"--user-data-dir={self._profile.name}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=wire,
            pass_fds=(3, 4),  # kept open by number: wire() put the pipe ends there
        )
        os.close(to_chromium_r)
        os.close(from_chromium_w)

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """End Chromium and remove its profile."""
        with contextlib.suppress(ProtocolError, OSError):
            self.send("Browser.close")
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait(timeout=10)
        for fd in (self._to_chromium, self._from_chromium):
            with contextlib.suppress(OSError):
                os.close(fd)
        self._profile.cleanup()

    def send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> dict[str, Any]:
        """Send one command and return its result (events that arrive meanwhile are kept)."""
        self._next += 1
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params or {}}
        if session is not None:
            message["sessionId"] = session
        os.write(self._to_chromium, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self._next:
                if "error" in reply:
                    raise ProtocolError(f"{method}: {reply['error']}")
                result: dict[str, Any] = reply.get("result", {})
                return result
            self._events.append(reply)

    def wait_for(self, method: str, session: str) -> dict[str, Any]:
        """The next event ``method`` of ``session`` (one that already arrived counts)."""
        while True:
            for index, event in enumerate(self._events):
                if event.get("method") == method and event.get("sessionId") == session:
                    del self._events[index]
                    params: dict[str, Any] = event.get("params", {})
                    return params
            self._events.append(self._read())

    def _read(self) -> dict[str, Any]:
        deadline = time.monotonic() + self._timeout
        while b"\0" not in self._buffer:
            if time.monotonic() > deadline:
                raise ProtocolError("Chromium did not answer in time")
            chunk = os.read(self._from_chromium, 1 << 16)
            if not chunk:
                raise ProtocolError("Chromium closed the pipe")
            self._buffer += chunk
        raw, _, self._buffer = self._buffer.partition(b"\0")
        message: dict[str, Any] = json.loads(raw)
        return message

    def open(self, url: str, *, width: int, height: int = 1000) -> Page:
        """A new tab of ``width`` by ``height`` CSS pixels showing ``url``, loaded (and fonts settled)."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        page = Page(self, target, session, width, height)
        self.send("Page.enable", session=session)
        self.send("Page.bringToFront", session=session)  # a background tab runs no CSS transitions
        page._metrics(height)
        self.send("Page.navigate", {"url": url}, session=session)
        self.wait_for("Page.loadEventFired", session)
        page.evaluate("document.fonts.ready.then(() => new Promise(r => setTimeout(r, 300)))")
        return page


class Page:
    """One tab of a :class:`Browser`."""

    def __init__(self, browser: Browser, target: str, session: str, width: int, height: int) -> None:
        self._browser = browser
        self._target = target
        self._session = session
        self.width = width
        self.height = height

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression (a promise is awaited), as JSON."""
        result = self._browser.send(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": True},
            session=self._session,
        )
        if "exceptionDetails" in result:
            raise ProtocolError(f"script failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def screenshot(self, path: Path, *, top: int = 0, max_height: int = 4000) -> Path:
        """A PNG of the page from ``top`` down to its end (at most ``max_height`` px), at its width.

        The viewport is made as tall as the shot and the page given time to settle first: a shot
        beyond the viewport resizes it while capturing, and Material's header tabs are caught
        fading on the resize.
        """
        height = max(min(int(self.evaluate("document.documentElement.scrollHeight")) - top, max_height), 1)
        self._metrics(top + height)
        self.evaluate("new Promise(r => setTimeout(r, 600))")
        shot = self._browser.send(
            "Page.captureScreenshot",
            {"format": "png", "clip": {"x": 0, "y": top, "width": self.width, "height": height, "scale": 1}},
            session=self._session,
        )
        self._metrics(self.height)
        path.write_bytes(base64.b64decode(shot["data"]))
        return path

    def _metrics(self, height: int) -> None:
        self._browser.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": self.width, "height": height, "deviceScaleFactor": 1, "mobile": False},
            session=self._session,
        )

    def close(self) -> None:
        """Close the tab."""
        self._browser.send("Target.closeTarget", {"targetId": self._target})

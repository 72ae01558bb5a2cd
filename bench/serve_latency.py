"""Live-preview latency: save of a docstring edit → the updated HTML served by ``docgen serve`` (not a test).

Usage: python bench/serve_latency.py [SOURCE_DIR] [--file REL] [--find TEXT] [--page URL_PATH] [--edits N]

Copies SOURCE_DIR (default: the bundled example) into a temporary directory (the original is
never edited), starts ``docgen serve`` on the copy, then N times replaces the docstring text
TEXT in REL with a new unique text and polls PAGE over HTTP until the new text is in it. Prints
each latency, their p50 and p95, and the lines docgen printed for each rebuild. Uses the docgen
found on PYTHONPATH, so the same script measures any checkout.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "bookshop"
DEFAULT_FILE = "bookshop/services/books.py"
DEFAULT_FIND = "Load a book that has not been deleted, with its author."
DEFAULT_PAGE = "/reference/bookshop.services.books/"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return str(response.read().decode("utf-8", "replace"))
    except (urllib.error.URLError, OSError):
        return ""


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path, default=EXAMPLE)
    parser.add_argument("--file", default=DEFAULT_FILE, help="File to edit, relative to SOURCE_DIR.")
    parser.add_argument("--find", default=DEFAULT_FIND, help="Docstring text in that file to replace.")
    parser.add_argument("--page", default=DEFAULT_PAGE, help="Page (URL path) that shows the docstring.")
    parser.add_argument("--edits", type=int, default=10)
    parser.add_argument("--timeout", type=float, default=120.0, help="Seconds to wait for one update.")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="serve-latency-") as tmp:
        tree = Path(tmp) / args.source.name
        shutil.copytree(args.source, tree, symlinks=True)
        target = tree / args.file
        text = target.read_text(encoding="utf-8")
        if args.find not in text:
            sys.exit(f"{args.file} does not contain {args.find!r}: pass --find with text of one of its docstrings")
        port = free_port()
        env = {**os.environ, "DOCGEN_CACHE_DIR": os.environ.get("DOCGEN_CACHE_DIR", str(Path(tmp) / "cache"))}
        command = [sys.executable, "-m", "docgen", "serve", str(tree), "-a", f"127.0.0.1:{port}"]
        process = subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env)
        lines: list[str] = []
        assert process.stderr is not None
        stderr = process.stderr
        reader = threading.Thread(target=lambda: lines.extend(iter(stderr.readline, "")), daemon=True)
        reader.start()
        url = f"http://127.0.0.1:{port}{args.page}"
        try:
            started = time.perf_counter()
            while args.find not in fetch(url):
                if process.poll() is not None or time.perf_counter() - started > args.timeout:
                    sys.exit("docgen serve did not serve the page:\n" + "".join(lines))
                time.sleep(0.2)
            print(f"first build served after {time.perf_counter() - started:.2f} s")
            time.sleep(1.0)  # let the watcher settle after the first build
            latencies: list[float] = []
            current = args.find
            for number in range(args.edits):
                new = f"Edited docstring number {number} at {time.time_ns()}."
                seen = len(lines)
                text = text.replace(current, new)
                saved = time.perf_counter()
                target.write_text(text, encoding="utf-8")
                current = new
                while new not in fetch(url):
                    if time.perf_counter() - saved > args.timeout:
                        sys.exit(f"edit {number} not served after {args.timeout} s:\n" + "".join(lines))
                    time.sleep(0.01)
                latencies.append(time.perf_counter() - saved)
                time.sleep(0.3)  # the rebuild's line is printed once it is done
                new_lines = [line.strip() for line in lines[seen:]]
                warnings = sum(1 for line in new_lines if line.startswith("docgen: warning:"))
                shown = [line for line in new_lines if not line.startswith("docgen: warning:")]
                printed = " | ".join(shown + ([f"({warnings} warnings)"] if warnings else [])) or "(nothing printed)"
                print(f"edit {number}: {latencies[-1] * 1000:.0f} ms   docgen: {printed}")
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
    p50, p95 = statistics.median(latencies), percentile(latencies, 0.95)
    print(f"save -> served: p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms over {len(latencies)} edits")
    return 0


if __name__ == "__main__":
    sys.exit(main())

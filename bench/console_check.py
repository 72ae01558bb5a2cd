"""Check the opt-in API console in headless Chromium: it renders every operation, offline, under the CSP.

Builds ``examples/bookshop`` with ``[tool.docgen.api] console`` set (a copy of the example; the
example itself has no console), serves it on 127.0.0.1 like ``browser_check.py`` and loads the
console page with Chromium's network log and console on. The check passes when the console drew
one operation per operation of the site's ``openapi.json`` (Swagger UI's ``.opblock`` elements,
ReDoc's ``operation/...`` sections), every request went to the local server, and no load was
blocked by the Content-Security-Policy nor any script failed.

    python bench/console_check.py --console redoc
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

import browser_check as bc

PAGE = "api/console/"
METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace"})
_SWAGGER_OPERATION = re.compile(r'<div class="opblock opblock-[a-z]+[" ]')  # -get, -post... or -deprecated
_REDOC_OPERATION = re.compile(r'<div id="[^"]*operation/[^"]*" data-section-id="[^"]*operation/')


@dataclass(frozen=True, slots=True)
class ConsoleResult:
    """The console page as Chromium rendered it.

    Attributes:
        console: ``swagger`` or ``redoc``.
        operations: Operations the console drew.
        requests: Every URL the page requested.
        external_requests: Those to other hosts than the local server.
        blocked: Console messages about loads or evaluations the Content-Security-Policy refused.
        script_errors: Console messages about uncaught script errors.
    """

    console: str
    operations: int
    requests: tuple[str, ...]
    external_requests: tuple[str, ...]
    blocked: tuple[str, ...]
    script_errors: tuple[str, ...]

    @property
    def ok(self) -> bool:
        """Something drawn, nothing fetched from the web, blocked or failing."""
        return self.operations > 0 and not (self.external_requests or self.blocked or self.script_errors)


def openapi_operations(site: Path) -> int:
    """How many operations the site's ``openapi.json`` has."""
    document = json.loads((site / "openapi.json").read_text(encoding="utf-8"))
    return sum(1 for item in document.get("paths", {}).values() for method in item if method in METHODS)


def with_console(project: Path, console: str, out: Path) -> Path:
    """A copy of ``project`` whose ``[tool.docgen]`` table turns the console on."""
    shutil.copytree(project, out, ignore=shutil.ignore_patterns("__pycache__", ".docgen-cache"))
    pyproject = out / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    if "[tool.docgen]" not in text:
        raise ValueError(f"{pyproject} has no [tool.docgen] table")
    pyproject.write_text(f'{text.rstrip()}\n\n[tool.docgen.api]\nconsole = "{console}"\n', encoding="utf-8")
    return out


def check_console(
    base: str, console: str, *, page: str = PAGE, chromium: str = bc.CHROMIUM, budget_ms: int = 20000
) -> ConsoleResult:
    """Load the console page and count what it drew, what it requested and what went wrong."""
    with tempfile.TemporaryDirectory(prefix="docgen-netlog-") as tmp:
        netlog = Path(tmp) / "netlog.json"
        done = bc.run_chromium(
            urljoin(base, page),
            chromium=chromium,
            budget_ms=budget_ms,
            extra=("--dump-dom", f"--log-net-log={netlog}", "--window-size=1400,1000"),
        )
        requests = bc.page_requests(netlog, base) if netlog.exists() else []
    pattern = _SWAGGER_OPERATION if console == "swagger" else _REDOC_OPERATION
    local = urlsplit(base).netloc
    messages = [m.group(1) for m in bc._CONSOLE.finditer(done.stderr)]
    return ConsoleResult(
        console,
        len(pattern.findall(done.stdout)),
        tuple(requests),
        tuple(sorted({u for u in requests if urlsplit(u).netloc != local})),
        tuple(m for m in messages if "Content Security Policy" in m or "Refused to" in m),
        tuple(m for m in messages if "Uncaught" in m),
    )


def main(argv: list[str] | None = None) -> int:
    """Build, serve, check and print; 0 PASS, 1 FAIL, 2 cannot run."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--console", choices=("swagger", "redoc"), default="swagger")
    parser.add_argument("--project", type=Path, default=bc.EXAMPLE)
    parser.add_argument("--chromium", default=bc.CHROMIUM)
    parser.add_argument("--screenshot", type=Path, help="also save a screenshot of the console page here")
    args = parser.parse_args(argv)
    if not Path(args.chromium).is_file():
        print(f"cannot run: {args.chromium} not found (apt-get install chromium)")
        return 2
    with tempfile.TemporaryDirectory(prefix="docgen-console-") as tmp:
        project = with_console(args.project, args.console, Path(tmp) / "project")
        site = Path(tmp) / "site"
        bc.build_site([sys.executable, "-m", "docgen"], project, site)
        expected = openapi_operations(site)
        with bc.serve(site, 300) as base:
            result = check_console(base, args.console, chromium=args.chromium)
            if args.screenshot is not None:
                bc.screenshot(urljoin(base, PAGE), args.screenshot, chromium=args.chromium, size="1400,1000")
    ok = result.ok and result.operations == expected
    print(f"{args.console}: {result.operations} operations drawn, {expected} in openapi.json")
    print(f"requests: {len(result.requests)}, to other hosts: {list(result.external_requests) or 'none'}")
    print(f"blocked: {list(result.blocked) or 'none'}, script errors: {list(result.script_errors) or 'none'}")
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

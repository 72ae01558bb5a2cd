"""Measure the built example site's pages in headless Chromium at a desktop and a phone width.

Each page is opened at 1400 and 400 CSS pixels (through the DevTools protocol, ``bench/cdp.py``:
Chromium's own window is never narrower than 500 px) and ``bench/layout_probe.js`` measures:

- **page overflow:** ``document.documentElement.scrollWidth`` against ``innerWidth`` (the page
  must not scroll sideways; a table too wide may scroll inside its own wrapper);
- **tables:** columns, width, whether the table scrolls inside its wrapper;
- **inline code:** code in tables whose CSS lets the browser break anywhere (``word-break`` or
  ``overflow-wrap`` not ``normal``), and code whose text wraps between two letters or digits
  (from the geometry of each character: an identifier broken inside a word).

Prints one line per page and width; exit 1 when a page overflows or breaks an identifier, 2 when
Chromium is missing.

    python bench/layout_check.py                 # builds the example
    python bench/layout_check.py --site /tmp/site --kinds endpoint,model
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

sys.path.insert(0, str(Path(__file__).resolve().parent))

import browser_check as bc  # bench scripts import each other by path
import cdp

PROBE = Path(__file__).resolve().parent / "layout_probe.js"
WIDTHS = (1400, 400)
HEIGHT = 1000


@dataclass(frozen=True, slots=True)
class Layout:
    """One page at one width, as the probe measured it.

    Attributes:
        page: The page, relative to the site root.
        width: The window's width asked for.
        measured: The probe's JSON (``width``, ``scrollWidth``, ``tables``, ``codes``,
            ``breakingStyles``, ``brokenWords``); empty when the probe did not report.
    """

    page: str
    width: int
    measured: dict[str, Any]

    @property
    def overflows(self) -> bool:
        """Whether the page scrolls sideways (or could not be measured)."""
        m = self.measured
        return not m or m["scrollWidth"] > m["width"]

    @property
    def ok(self) -> bool:
        """No page overflow, no breakable code in tables, no identifier broken inside a word."""
        m = self.measured
        return not self.overflows and not m["breakingStyles"] and not m["brokenWords"]

    def line(self) -> str:
        """A one-line summary."""
        m = self.measured
        if not m:
            return f"[FAIL] {self.page} at {self.width} px: the probe did not report"
        tables = m["tables"]
        columns = max((t["columns"] for t in tables), default=0)
        scrolling = sum(1 for t in tables if t["scrolls"])
        return (
            f"[{'ok' if self.ok else 'FAIL'}] {self.page or '/'} at {m['width']} px: "
            f"scrollWidth {m['scrollWidth']}, {len(tables)} tables (at most {columns} columns, "
            f"{scrolling} scrolling in their wrapper), {m['codes']} inline code, "
            f"{len(m['breakingStyles'])} breakable in tables, {len(m['brokenWords'])} broken inside a word"
            + (f": {m['brokenWords'][:5]}" if m["brokenWords"] else "")
        )


def measure(browser: cdp.Browser, base: str, page: str, width: int) -> Layout:
    """Open ``page`` at ``width`` px and run the probe on it."""
    tab = browser.open(urljoin(base, page), width=width, height=HEIGHT)
    try:
        return Layout(page, width, tab.evaluate(PROBE.read_text(encoding="utf-8")) or {})
    finally:
        tab.close()


def page_kinds(site: Path) -> dict[str, list[str]]:
    """The site's pages by kind: home, endpoint groups, model modules, reference modules."""

    def pages(section: str) -> list[str]:
        return sorted(p.parent.relative_to(site).as_posix() + "/" for p in site.glob(f"{section}/*/index.html"))

    return {"home": [""], "endpoint": pages("api"), "model": pages("models"), "reference": pages("reference")}


def check_site(
    site: Path, kinds: tuple[str, ...], *, chromium: str = cdp.CHROMIUM, lifetime: float = 600
) -> list[Layout]:
    """Every page of ``kinds`` at every width of :data:`WIDTHS`, measured."""
    found = page_kinds(site)
    with bc.serve(site, lifetime) as base, cdp.Browser(chromium) as browser:
        return [measure(browser, base, page, width) for kind in kinds for page in found[kind] for width in WIDTHS]


def main(argv: list[str] | None = None) -> int:
    """Build (or take) the site, measure, print; 0 when every page reads, 1 otherwise, 2 cannot run."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="measure this built site instead of building the example")
    parser.add_argument("--kinds", default="home,endpoint,model,reference", help="page kinds, comma-separated")
    parser.add_argument("--chromium", default=cdp.CHROMIUM)
    args = parser.parse_args(argv)
    if not Path(args.chromium).is_file():
        print(f"cannot run: {args.chromium} not found (apt-get install chromium)")
        return 2
    with tempfile.TemporaryDirectory(prefix="docgen-layout-build-") as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            bc.build_site([sys.executable, "-m", "docgen"], bc.EXAMPLE, site)
        layouts = check_site(site, tuple(args.kinds.split(",")), chromium=args.chromium)
    for layout in layouts:
        print(layout.line())
    ok = all(layout.ok for layout in layouts)
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

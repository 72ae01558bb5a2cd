"""Screenshots of each page kind of the example site at a desktop and a phone width, for review.

Writes ``{kind}-{width}.png`` (home, endpoint group, model module, reference module; 1400 and
400 px) into the output folder, each the page's whole length (capped at 4000 px). Headless
Chromium draws them through the DevTools protocol (``bench/cdp.py``): ``chromium --screenshot``
cannot make a window narrower than 500 px.

    python bench/screenshots.py -o /tmp/shots                 # builds the example
    python bench/screenshots.py -o /tmp/shots --site /tmp/site
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from urllib.parse import urljoin

sys.path.insert(0, str(Path(__file__).resolve().parent))

import browser_check as bc  # bench scripts import each other by path
import cdp

WIDTHS = (1400, 400)
PAGES = {
    "home": "",
    "endpoint": "api/bookshop.api.routes.books-router/",
    "model": "models/bookshop.schemas.book/",
    "reference": "reference/bookshop.api.routes.books/",
}
"""A page of each kind of the example site."""


def take(site: Path, out: Path, *, chromium: str = cdp.CHROMIUM, pages: dict[str, str] | None = None) -> list[Path]:
    """Screenshots of ``pages`` (default :data:`PAGES`) of ``site`` at each of :data:`WIDTHS`, written to ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with bc.serve(site, 600) as base, cdp.Browser(chromium) as browser:
        for kind, page in (pages or PAGES).items():
            for width in WIDTHS:
                tab = browser.open(urljoin(base, page), width=width)
                try:
                    written.append(tab.screenshot(out / f"{kind}-{width}.png"))
                finally:
                    tab.close()
    return written


def main(argv: list[str] | None = None) -> int:
    """Build (or take) the site and write the screenshots; 2 when Chromium is missing."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-o", "--out", type=Path, required=True, help="folder for the PNG files")
    parser.add_argument("--site", type=Path, help="a built site instead of building the example")
    parser.add_argument("--chromium", default=cdp.CHROMIUM)
    args = parser.parse_args(argv)
    if not Path(args.chromium).is_file():
        print(f"cannot run: {args.chromium} not found (apt-get install chromium)")
        return 2
    with tempfile.TemporaryDirectory(prefix="docgen-shots-") as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            bc.build_site([sys.executable, "-m", "docgen"], bc.EXAMPLE, site)
        for path in take(site, args.out, chromium=args.chromium):
            print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""What the built site's own search (Material's, in headless Chromium) returns first for a few queries.

Usage: ``python bench/search_rank.py SITE [QUERY ...]``. The site is served on 127.0.0.1 and each
query is opened as ``index.html?q=QUERY``, which makes Material run the search on load; the result
list of the DOM dump is printed, best first, one line per page with the sections it shows. The
size of ``search/search_index.json`` and its number of entries are printed first.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from html import unescape
from pathlib import Path
from urllib.parse import quote, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
import browser_check as bc

QUERIES = ("reviews", "books", "book_id", "POST", "create_review", "Post a reader review")
"""The example's queries: a path segment, a path segment used everywhere, a path parameter, a method,
a handler and words of a summary."""

_ITEM = re.compile(r'<li class="md-search-result__item">(.*?)</li>', re.S)
_LINK = re.compile(r'<a href="([^"]+)" class="md-search-result__link"[^>]*>.*?<h[12]>(.*?)</h[12]>', re.S)
_COUNT = re.compile(r'class="md-search-result__meta">([^<]*)<')


def search(base: str, query: str, *, chromium: str = bc.CHROMIUM) -> tuple[str, list[list[tuple[str, str]]]]:
    """Material's answer to ``query``: its count line and, per result page, (location, title) of each shown section."""
    done = bc.run_chromium(f"{base}?q={quote(query)}", chromium=chromium, budget_ms=8000, extra=("--dump-dom",))
    count = _COUNT.search(done.stdout)
    items = []
    for item in _ITEM.finditer(done.stdout):
        links = []
        for link in _LINK.finditer(item.group(1)):
            parts = urlsplit(unescape(link.group(1)))
            location = parts.path.removeprefix(urlsplit(base).path) + (f"#{parts.fragment}" if parts.fragment else "")
            links.append((location, unescape(re.sub(r"<[^>]+>", "", link.group(2))).strip()))
        items.append(links)
    return (count.group(1) if count else "no answer"), items


def index_size(site: Path) -> tuple[int, int]:
    """Bytes and entries of the site's search index."""
    path = site / "search" / "search_index.json"
    return path.stat().st_size, len(json.loads(path.read_text(encoding="utf-8"))["docs"])


def main(argv: list[str] | None = None) -> int:
    """Print the index size and the first results of each query."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("queries", nargs="*", default=list(QUERIES))
    parser.add_argument("--top", type=int, default=3, help="result pages shown per query")
    parser.add_argument("--chromium", default=bc.CHROMIUM)
    args = parser.parse_args(argv)
    size, entries = index_size(args.site)
    print(f"search_index.json: {size} bytes, {entries} entries")
    with bc.serve(args.site, 600) as base:
        for query in args.queries:
            count, items = search(base, query, chromium=args.chromium)
            print(f"{query!r}: {count}")
            for rank, links in enumerate(items[: args.top], 1):
                print(f"  {rank}. " + " | ".join(f"{title} <{location}>" for location, title in links[:3]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The code reference's source pages in a real browser: a reference link lands on its line, marked.

Skipped, with the reason, only when Debian's ``/usr/bin/chromium`` is absent.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

_BENCH = Path(__file__).resolve().parents[1] / "bench"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"bench_{name}", _BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[f"bench_{name}"] = module
    spec.loader.exec_module(module)
    return module


bc = _load("browser_check")
cdp = _load("cdp")
needs_chromium = pytest.mark.skipif(
    not Path(bc.CHROMIUM).is_file(),
    reason=f"{bc.CHROMIUM} is absent: install Debian's chromium package to run the browser check",
)
LINES = 120
"""Lines of the module: its last function is far below the first screen of its source page."""

LANDED = """(() => {
  const line = document.querySelector(':target');
  const box = line.getBoundingClientRect();
  const mark = getComputedStyle(line, '::before');
  const pre = document.querySelector('pre.dg-source');
  return {
    hash: location.hash, id: line.id, number: line.textContent,
    visible: box.top >= 0 && box.bottom <= innerHeight, scrolled: scrollY > 0,
    mark: mark.backgroundColor, markWidth: Math.round(parseFloat(mark.width)), preWidth: pre.clientWidth,
    lines: pre.querySelectorAll('a[id]').length, numbersSelectable: getComputedStyle(line).userSelect,
    back: document.querySelector('main p a').href, home: document.querySelector('header a').href,
    scripts: document.scripts.length,
  };
})()"""


@needs_chromium
def test_a_reference_link_lands_on_its_line_of_the_static_source_page_marked_across_the_code(tmp_path: Path) -> None:
    package = tmp_path / "project" / "shop"
    package.mkdir(parents=True)
    filler = "".join(f"X{i} = {i}\n" for i in range(LINES - 3))
    (package / "__init__.py").write_text('"""The shop."""\n', encoding="utf-8")
    (package / "core.py").write_text(f'{filler}def last():\n    """The last one."""\n    return 1\n', encoding="utf-8")
    bc.build_site([sys.executable, "-m", "docgen"], tmp_path / "project", tmp_path / "site")
    with bc.serve(tmp_path / "site", 120) as base, cdp.Browser() as browser:
        reference = browser.open(f"{base}reference/shop.core/", width=1200, height=600)
        links = reference.evaluate("[...document.querySelectorAll('a[href*=\"_source/\"]')].map(a => a.href)")
        reference.close()
        assert links == [
            f"{base}reference/_source/shop.core.py.html",
            f"{base}reference/_source/shop.core.py.html#L-118",
        ]
        source = browser.open(links[1], width=1200, height=600)
        landed = source.evaluate(LANDED)
    assert landed == {
        "hash": "#L-118",
        "id": "L-118",
        "number": "118",
        "visible": True,
        "scrolled": True,
        "mark": "rgba(255, 213, 79, 0.35)",
        "markWidth": landed["preWidth"],
        "preWidth": landed["preWidth"],
        "lines": LINES,
        "numbersSelectable": "none",
        "back": f"{base}reference/shop.core/",
        "home": base,
        "scripts": 0,
    }
    assert landed["preWidth"] > 1000

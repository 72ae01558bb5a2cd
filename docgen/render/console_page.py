"""The opt-in API console page (``[tool.docgen.api] console``): Swagger UI or ReDoc on ``openapi.json``.

The page holds an empty ``#dg-console`` element and says in its front matter which console it
is; the theme override (``overrides/main.html``) then adds that console's vendored stylesheet and
scripts to this page only, with ``docgen-console.js`` starting it on the site's ``openapi.json``.
The assets come from ``site_template/console/`` (npm releases of ``swagger-ui-dist`` and ``redoc``,
licences and checksums beside them) and are published only when a console is chosen.
"""

from __future__ import annotations

from dataclasses import replace
from itertools import count
from typing import Any

from docgen.config import Config
from docgen.render.environment import site_template_dir
from docgen.render.pages import PagePlan, SitePlan

PAGE = "api/console.md"
OVERVIEW = "api/index.md"
ASSETS = "assets/console"
NAV_LABEL = "Console"
TITLES = {"swagger": "API console (Swagger UI)", "redoc": "API reference (ReDoc)"}
_FOLDERS = {"swagger": "swagger-ui", "redoc": "redoc"}


def with_console(plan: SitePlan, config: Config) -> SitePlan:
    """``plan`` with the console page after the API overview, when ``api.console`` chooses one."""
    console = config.api.console
    if console not in _FOLDERS:
        return plan
    taken = {page.path for page in plan.pages}
    path = PAGE if PAGE not in taken else next(p for n in count(2) if (p := f"api/console-{n}.md") not in taken)
    page = PagePlan(path, TITLES[console], "api_console.md.j2", {"console": console})
    pages = tuple(_linked(p, path) if p.path == OVERVIEW else p for p in plan.pages)
    return replace(plan, pages=(*pages, page), nav=[_with_entry(entry, path) for entry in plan.nav])


def _linked(overview: PagePlan, path: str) -> PagePlan:
    """The API overview, told where the console page is (it links to it)."""
    return replace(overview, context={**overview.context, "console": path})


def _with_entry(entry: Any, path: str) -> Any:
    """The nav's API section with the console after its overview; other entries as they are."""
    if not isinstance(entry, dict) or not isinstance(entry.get("API"), list):
        return entry
    section = list(entry["API"])
    return {"API": [*section[:1], {NAV_LABEL: path}, *section[1:]]}


def console_files(config: Config) -> dict[str, bytes]:
    """The chosen console's vendored files, its starter and stylesheet, by site path (none when off)."""
    folder = _FOLDERS.get(config.api.console)
    if folder is None:
        return {}
    root = site_template_dir() / "console"
    files = {f"{ASSETS}/{name}": (root / name).read_bytes() for name in ("docgen-console.js", "docgen-console.css")}
    for path in sorted((root / folder).iterdir()):
        if path.is_file() and not path.is_symlink():
            files[f"{ASSETS}/{folder}/{path.name}"] = path.read_bytes()
    return files

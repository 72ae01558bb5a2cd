"""The opt-in API console: ``[tool.docgen.api] console`` adds a Swagger UI or ReDoc page on ``openapi.json``.

The setting is validated; the page, its nav entry and the console's vendored files exist only
when it is on; in headless Chromium (bench/console_check.py) the console draws every operation of
the example's ``openapi.json`` with every request served by the site and nothing refused by the CSP.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from dataclasses import replace
from pathlib import Path
from types import ModuleType

import pytest

from docgen.config import ApiOptions, load_config
from docgen.errors import ConfigError
from docgen.render import render_site
from tests.render import catalog_factory as cf

_BENCH = Path(__file__).resolve().parents[1] / "bench"


def _load(name: str) -> ModuleType:
    sys.path.insert(0, str(_BENCH))
    spec = importlib.util.spec_from_file_location(name, _BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def test_the_console_setting_is_read_from_pyproject_and_checked(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[tool.docgen.api]\nconsole = "redoc"\n', encoding="utf-8")
    assert load_config(tmp_path, environ={}).api.console == "redoc"
    assert load_config(tmp_path, isolated=True).api.console == "off"
    pyproject.write_text('[tool.docgen.api]\nconsole = "swager"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path, environ={})
    assert caught.value.problems == ["'api.console' must be one of off, swagger, redoc, not 'swager'"]
    assert str(caught.value).startswith(f"{pyproject.resolve()}: ")


def test_no_console_page_nor_files_unless_chosen() -> None:
    site = render_site(cf.catalog(), cf.config())
    assert "api/console.md" not in site.pages
    assert [path for path in site.files if path.startswith("assets/console/")] == []
    assert site.nav[1] == {"API": [{"Overview": "api/index.md"}, {"app.api.items": "api/app.api.items.md"}]}
    assert "API console" not in site.pages["api/index.md"]


@pytest.mark.parametrize(
    ("console", "title", "vendored"),
    [
        ("swagger", "API console (Swagger UI)", ["swagger-ui-bundle.js", "swagger-ui.css"]),
        ("redoc", "API reference (ReDoc)", ["redoc.standalone.js"]),
    ],
)
def test_a_chosen_console_gets_a_page_after_the_overview_and_only_its_files(
    console: str, title: str, vendored: list[str]
) -> None:
    site = render_site(cf.catalog(), cf.config(api=replace(ApiOptions(), console=console)))
    page = site.pages["api/console.md"]
    assert page.startswith(f"---\ndocgen_console: {console}\n")
    assert f"# {title}\n" in page
    assert (
        f'<div id="dg-console" class="dg-console" data-console="{console}" data-search-exclude>'
        "<p>The console starts here when its scripts run.</p></div>"
    ) in page
    assert "; to browse and try: the [API console](console.md)." in site.pages["api/index.md"]
    assert site.nav[1]["API"][:2] == [{"Overview": "api/index.md"}, {"Console": "api/console.md"}]
    folder = "swagger-ui" if console == "swagger" else "redoc"
    shipped = sorted(path for path in site.files if path.startswith("assets/console/"))
    assert shipped == sorted(
        [
            "assets/console/docgen-console.css",
            "assets/console/docgen-console.js",
            *(f"assets/console/{folder}/{name}" for name in vendored),
            f"assets/console/{folder}/LICENSE",
            f"assets/console/{folder}/VERSION",
            f"assets/console/{folder}/{vendored[0]}.LICENSE.txt",
            *([f"assets/console/{folder}/NOTICE"] if console == "swagger" else []),
        ]
    )
    assert b"https://" not in site.files["assets/console/docgen-console.js"]


needs_chromium = pytest.mark.skipif(not Path("/usr/bin/chromium").is_file(), reason="/usr/bin/chromium is absent")


@pytest.mark.slow
@needs_chromium
@pytest.mark.parametrize("console", ["swagger", "redoc"])
def test_the_console_draws_every_operation_offline(console: str, tmp_path: Path) -> None:
    check = _load("console_check")
    project = check.with_console(check.bc.EXAMPLE, console, tmp_path / "project")
    check.bc.build_site([sys.executable, "-m", "docgen"], project, tmp_path / "site")
    html = (tmp_path / "site" / "api" / "console" / "index.html").read_text(encoding="utf-8")
    assert '<script src="../../assets/console/docgen-console.js"></script>' in html
    other = (tmp_path / "site" / "api" / "index.html").read_text(encoding="utf-8")
    assert "assets/console/" not in other  # only the console page loads it
    assert check.openapi_operations(tmp_path / "site") == 18
    loaded = check.bc.external_references(tmp_path / "site", None).loaded
    # Nothing in the files loads from the web; ReDoc's one match is its URL parser, new URL("https://"+host+path)
    parser = [check.bc.Reference("assets/console/redoc/redoc.standalone.js", "url(", "https://")]
    assert loaded == (parser if console == "redoc" else [])
    with check.bc.serve(tmp_path / "site", 120) as base:
        result = check.check_console(base, console)
    assert (result.operations, result.external_requests, result.blocked, result.script_errors) == (18, (), (), ())
    assert result.requests and all(url.startswith(base) for url in result.requests)
    assert f"{base}openapi.json" in result.requests


@pytest.mark.slow
@needs_chromium
@pytest.mark.parametrize("console", ["swagger", "redoc"])
def test_markup_in_a_description_is_sanitised_by_the_console(console: str, tmp_path: Path) -> None:
    check = _load("console_check")
    project = check.with_console(check.bc.EXAMPLE, console, tmp_path / "project")
    site = tmp_path / "site"
    check.bc.build_site([sys.executable, "-m", "docgen"], project, site)
    document = json.loads((site / "openapi.json").read_text(encoding="utf-8"))
    # the description comes from the analysed code's docstrings: markup in it must not run in the reader's browser
    document["info"]["description"] = 'Lists books. <img src="x" id="dg-planted" onerror="document.title=1">'
    (site / "openapi.json").write_text(json.dumps(document), encoding="utf-8")
    with check.bc.serve(site, 120) as base:
        done = check.bc.run_chromium(
            f"{base}{check.PAGE}", chromium=check.bc.CHROMIUM, budget_ms=20000, extra=("--dump-dom",)
        )
    assert "Lists books." in done.stdout
    assert "onerror" not in done.stdout

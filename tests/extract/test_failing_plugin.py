"""An installed extractor whose every hook raises costs only its own results: one DG908 per hook."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

PLUGIN = """
from docgen.link.contract import Extractor
from docgen.link.routegraph import Endpoint, Node
from docgen.model import Framework, HttpMethod, Location


class Broken(Extractor):
    name = "broken"

    def collect_models(self, *, context):
        raise ValueError("models hook broke")

    def collect_routes(self, *, context, graph):
        where = Location("app.py", 1)
        graph.add_node(Node("broken:app", Framework.FLASK, True, "", "broken:app", where))
        graph.add_endpoint(Endpoint("broken:app", (HttpMethod.GET,), "/broken", "app.ping", where))
        raise KeyError("routes hook broke")

    def describe(self, *, context, endpoint, chain, path):
        raise RuntimeError("describe hook broke")
"""

APP = '''"""A FastAPI app."""
from fastapi import APIRouter, FastAPI

app = FastAPI()
router = APIRouter(prefix="/items")


@router.get("/{item_id}")
def read(item_id: int) -> dict:
    """Read one item."""
    return {}


@app.get("/ping")
def ping() -> str:
    """Answer pong."""
    return "pong"


app.include_router(router)
'''


def _install(site: Path) -> None:
    """A distribution with a ``docgen.extractors`` entry point, on ``sys.path`` outside the tree."""
    site.mkdir()
    (site / "broken_plugin.py").write_text(PLUGIN, encoding="utf-8")
    info = site / "broken_plugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: broken-plugin\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[docgen.extractors]\nbroken = broken_plugin:Broken\n", encoding="utf-8")


def test_every_failing_hook_is_one_dg908_and_the_other_extractors_routes_are_all_there(tmp_path: Path) -> None:
    site, root = tmp_path / "site-packages", tmp_path / "repo"
    _install(site)
    root.mkdir()
    (root / "app.py").write_text(APP, encoding="utf-8")
    here = Path(__file__).resolve().parents[2]  # this checkout's docgen, as the tests import it
    env = {**os.environ, "PYTHONPATH": f"{site}{os.pathsep}{here}", "DOCGEN_CACHE_DIR": str(tmp_path / "cache")}
    out = tmp_path / "catalog.json"
    elsewhere = tmp_path / "work"  # not a parent of the installed plug-in (that would make it untrusted)
    elsewhere.mkdir()
    done = subprocess.run(
        [sys.executable, "-m", "docgen", "extract", str(root), "-o", str(out), "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
        cwd=elsewhere,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    failures = [line for line in done.stderr.splitlines() if " DG908 " in line]
    assert failures == [
        "docgen: warning: DG908 extractor 'broken' failed: ValueError: models hook broke "
        "(its results for this run are partial)",
        "docgen: warning: app.py: DG908 extractor 'broken' failed: KeyError: 'routes hook broke' "
        "(its results for this run are partial)",
        "docgen: warning: app.py:1: DG908 extractor 'broken' failed: RuntimeError: describe hook broke "
        "(its results for this run are partial)",
    ]
    routes = [(r["method"], r["path"], r["handler"]) for r in json.loads(out.read_text(encoding="utf-8"))["routes"]]
    assert routes == [("GET", "/items/{item_id}", "app.read"), ("GET", "/ping", "app.ping")]


def test_a_plugin_that_fails_to_import_is_one_dg908_and_the_run_goes_on(tmp_path: Path) -> None:
    site, root, elsewhere = tmp_path / "site-packages", tmp_path / "repo", tmp_path / "work"
    _install(site)
    (site / "broken_plugin.py").write_text("import not_a_module_anywhere\n", encoding="utf-8")
    root.mkdir()
    elsewhere.mkdir()
    (root / "app.py").write_text(APP, encoding="utf-8")
    here = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": f"{site}{os.pathsep}{here}", "DOCGEN_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run(
        [sys.executable, "-m", "docgen", "extract", str(root), "-o", str(tmp_path / "c.json")],
        capture_output=True,
        text=True,
        env=env,
        cwd=elsewhere,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert [line for line in done.stderr.splitlines() if " DG908 " in line] == [
        "docgen: warning: DG908 extractor plug-in 'broken' (broken_plugin:Broken) could not be imported: "
        "ModuleNotFoundError: No module named 'not_a_module_anywhere'; it is skipped"
    ]

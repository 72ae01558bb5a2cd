"""An installed extractor whose every hook raises costs only its own results: one DG908 per hook."""

from __future__ import annotations

import json
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


def test_every_failing_hook_is_one_dg908_and_the_other_extractors_routes_are_all_there(
    tmp_path: Path, extract_with_plugin
) -> None:
    run = extract_with_plugin(PLUGIN, "broken = broken_plugin:Broken")
    root, out = tmp_path / "repo", tmp_path / "catalog.json"
    root.mkdir()
    (root / "app.py").write_text(APP, encoding="utf-8")
    done = run(root, "-o", str(out), "--format", "json")
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


def test_a_plugin_that_fails_to_import_is_one_dg908_and_the_run_goes_on(tmp_path: Path, extract_with_plugin) -> None:
    run = extract_with_plugin("import not_a_module_anywhere\n", "broken = broken_plugin:Broken")
    root = tmp_path / "repo"
    root.mkdir()
    (root / "app.py").write_text(APP, encoding="utf-8")
    done = run(root, "-o", str(tmp_path / "c.json"))
    assert done.returncode == 0, done.stderr
    assert [line for line in done.stderr.splitlines() if " DG908 " in line] == [
        "docgen: warning: DG908 extractor plug-in 'broken' (broken_plugin:Broken) could not be imported: "
        "ModuleNotFoundError: No module named 'not_a_module_anywhere'; it is skipped"
    ]

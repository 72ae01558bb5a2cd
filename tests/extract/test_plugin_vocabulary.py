"""A plug-in names its own framework and model kind; the catalog carries them and stays valid."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from docgen.model import Catalog, Framework, ModelKind
from docgen.model.codec import dumps, loads
from docgen.model.schema import SCHEMA_FILE

PLUGIN = """
from docgen.link.contract import Extractor
from docgen.link.routegraph import Endpoint, Node
from docgen.model import Framework, HttpMethod, Location, Model, ModelField, ModelKind, Route

ACME = Framework("acmeweb")


class Acme(Extractor):
    name = "acmeweb"

    def collect_models(self, *, context):
        where = context.location("handlers", 3)
        return [Model(id="handlers.Ping", name="Ping", module="handlers", kind=ModelKind("acme-form"),
                      location=where, fields=(ModelField(name="echo", type="str"),))]

    def collect_routes(self, *, context, graph):
        where = context.location("handlers", 1)
        graph.add_node(Node("acme:app", ACME, True, "", "acme:app", where))
        graph.add_endpoint(Endpoint("acme:app", (HttpMethod.GET,), "/ping", "handlers.ping", where))
        context.frameworks.add(ACME)

    def describe(self, *, context, endpoint, chain, path):
        return [Route(id="GET " + path, method=endpoint.methods[0], path=path, handler=endpoint.handler,
                      app=None, location=endpoint.location, framework=ACME)]
"""


def test_a_plugin_framework_and_model_kind_reach_the_catalog(tmp_path: Path, extract_with_plugin) -> None:
    run = extract_with_plugin(PLUGIN, "acmeweb = acme_plugin:Acme")
    root, out = tmp_path / "repo", tmp_path / "catalog.json"
    root.mkdir()
    (root / "handlers.py").write_text('"""Handlers."""\n\n\nclass Ping:\n    echo: str\n', encoding="utf-8")
    done = run(root, "-o", str(out), "--format", "json")
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    data = json.loads(text)
    assert data["project"]["frameworks"] == ["acmeweb"]
    assert [(r["method"], r["path"], r["framework"]) for r in data["routes"]] == [("GET", "/ping", "acmeweb")]
    assert [(m["id"], m["kind"]) for m in data["models"]] == [("handlers.Ping", "acme-form")]
    jsonschema.Draft202012Validator(json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))).validate(data)
    catalog = loads(Catalog, text)
    assert catalog.routes[0].framework == Framework("acmeweb")
    assert type(catalog.models[0].kind) is ModelKind
    assert dumps(catalog) == text


def test_docgen_s_own_names_are_constants_of_the_open_vocabularies() -> None:
    assert Framework.FASTAPI == "fastapi"
    assert repr(Framework.NINJA) == "Framework('django-ninja')"
    assert Framework.known() == ("fastapi", "starlette", "flask", "quart", "django", "drf", "django-ninja")
    assert ModelKind.known()[:3] == ("pydantic", "pydantic_settings", "sqlalchemy")
    assert len(ModelKind.known()) == 19
    assert ModelKind.CQLENGINE == "cqlengine"
    assert ModelKind("x").value == "x"

"""The route-registry extension point: plug-ins that turn class attributes into routes.

Uses a small registry written here and the pgAdmin NodeView example plug-in from
``examples/plugins/pgadmin_nodeview``, on inline sources shaped like the real code.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest

import docgen.extract
from docgen.errors import ConfigError
from docgen.extract.flask.registries import UNKNOWN, ClassRegistryExtractor, RegisteredClass, RegistryRule
from docgen.model import HttpMethod
from docgen.testing import handlers_table, link_sources, routes_table

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "plugins" / "pgadmin_nodeview"


class CrudRegistry(ClassRegistryExtractor):
    """``SomeCrud.register(bp)`` serves ``/<resource>/`` and ``/<resource>/<int:pk>`` from ``actions``."""

    name = "crud_registry"
    bases = frozenset({"crud.base.Crud"})
    register_methods = frozenset({"register"})

    def rules(self, *, view: RegisteredClass) -> Iterable[RegistryRule]:
        resource = view.attribute("resource")
        actions = view.attribute("actions")
        for action, (method, detail) in (actions if isinstance(actions, dict) else {}).items():
            path = f"/{resource}/<int:pk>" if detail else f"/{resource}/"
            yield RegistryRule(path, (HttpMethod(method),), action, f"{resource}-{action}")


@pytest.fixture
def crud_plugin(monkeypatch: pytest.MonkeyPatch) -> None:
    """Install CrudRegistry as if through its entry point."""
    monkeypatch.setitem(docgen.extract.BUILTIN, CrudRegistry.name, CrudRegistry)


@pytest.fixture
def nodeview_plugin(monkeypatch: pytest.MonkeyPatch) -> type[ClassRegistryExtractor]:
    """The example plug-in, installed as if through its entry point."""
    monkeypatch.syspath_prepend(str(EXAMPLE))
    from docgen_pgadmin_nodeview import NodeViewExtractor

    monkeypatch.setitem(docgen.extract.BUILTIN, NodeViewExtractor.name, NodeViewExtractor)
    return NodeViewExtractor


def test_a_registry_plugin_gets_class_attributes_as_data_and_its_rules_become_routes(crud_plugin: None) -> None:
    linked, diagnostics = link_sources(
        {
            "crud/__init__.py": "",
            "crud/base.py": """
            class Crud:
                actions = {"index": ("GET", False)}

                @classmethod
                def register(cls, blueprint): ...

                def index(self): ...
        """,
            "crud/books.py": """
            from flask import Blueprint
            from crud.base import Crud

            bp = Blueprint("books", __name__, url_prefix="/shop")
            EXTRA = {"show": ("GET", True)}

            class BookCrud(Crud):
                resource = "books"
                actions = dict(Crud.actions, create=("POST", False), **EXTRA)

                def create(self): ...

            BookCrud.register(bp)
            BookCrud.register(object())
        """,
        }
    )
    assert routes_table(linked) == [
        ("GET", "/shop/books/", "crud.books.BookCrud.index"),
        ("POST", "/shop/books/", "crud.books.BookCrud.create"),
        ("GET", "/shop/books/{pk}", None),
    ]
    assert {(m, p): i for m, p, _, i in handlers_table(linked) if i} == {
        ("GET", "/shop/books/"): "crud.base.Crud.index",
    }
    show = linked.routes[2]
    assert show.summary == "BookCrud has no method 'show' for this route"
    assert show.name == "books.books-show"  # Flask prefixes the blueprint name
    assert [d.code for d in diagnostics] == ["DG904"]  # registered on something that is not a blueprint


def test_attribute_reads_literals_other_classes_and_updated_module_dicts(crud_plugin: None) -> None:
    seen: dict[str, object] = {}

    class Spy(CrudRegistry):
        def rules(self, *, view: RegisteredClass) -> Iterator[RegistryRule]:
            seen.update({n: view.attribute(n) for n in ("actions", "ids", "missing", "computed")})
            seen["defines"] = (view.defines("index"), view.defines("nope"))
            yield from ()

    docgen.extract.BUILTIN[CrudRegistry.name] = Spy
    link_sources(
        {
            "crud/__init__.py": "",
            "crud/base.py": "class Crud:\n    ids = [{'type': 'int', 'id': 'gid'}]\n    def index(self): ...\n",
            "crud/app.py": """
            from flask import Flask
            from crud.base import Crud

            app = Flask(__name__)
            ops = {"a": [{"get": "list"}, {}]}
            ops.update({"b": [{}, {"post": "create"}]})

            class View(Crud):
                actions = ops
                computed = make()

            View.register(app)
        """,
        }
    )
    assert seen == {
        "actions": {"a": [{"get": "list"}, {}], "b": [{}, {"post": "create"}]},
        "ids": [{"type": "int", "id": "gid"}],
        "missing": None,
        "computed": UNKNOWN,
        "defines": (True, False),
    }


NODEVIEW_SOURCES = {
    "pgadmin/__init__.py": "",
    "pgadmin/utils.py": """
        from flask import Blueprint

        class PgAdminModule(Blueprint):
            def __init__(self, name, import_name, **kwargs):
                kwargs.setdefault("url_prefix", "/" + name)
                super().__init__(name, import_name, **kwargs)
    """,
    "pgadmin/browser/__init__.py": """
        from pgadmin.utils import PgAdminModule

        blueprint = PgAdminModule("browser", __name__)

        class CollectionNodeModule(PgAdminModule):
            browser_url_prefix = blueprint.url_prefix + "/"

            def __init__(self, import_name, **kwargs):
                kwargs.setdefault("url_prefix", self.node_path)
                PgAdminModule.__init__(self, "NODE-%s" % self.node_type, import_name, **kwargs)

            @property
            def node_type(self):
                return "%s" % (self._NODE_TYPE)

            @property
            def node_path(self):
                return self.browser_url_prefix + self.node_type
    """,
    "pgadmin/browser/utils.py": """
        from flask.views import View

        class NodeView(View):
            operations = dict({
                "obj": [{"get": "properties", "delete": "delete"}, {"get": "list", "post": "create"}],
                "children": [{"get": "children"}],
            })
            parent_ids = []
            ids = []

            @classmethod
            def register_node_view(cls, blueprint): ...

            def children(self, **kwargs): ...

        class PGChildNodeView(NodeView):
            pass
    """,
    "pgadmin/browser/casts.py": """
        from pgadmin.browser import CollectionNodeModule
        from pgadmin.browser.utils import PGChildNodeView

        class CastModule(CollectionNodeModule):
            _NODE_TYPE = "cast"

        blueprint = CastModule(__name__)

        class CastView(PGChildNodeView):
            node_type = blueprint.node_type
            parent_ids = [{"type": "int", "id": "gid"}, {"type": "int", "id": "did"}]
            ids = [{"type": "int", "id": "cid"}]
            operations = dict({
                "obj": [{"get": "properties", "delete": "delete"}, {"get": "list", "post": "create"}],
                "children": [{"get": "children"}],
                "get_type": [{"get": "get_src_and_trg_type"}, {"get": "get_src_and_trg_type"}],
                "stats": [{"get": "statistics"}],
                "ping": [{}, {}, {"get": "ping"}],
            })

            def properties(self, gid, did, cid): ...
            def list(self, gid, did): ...
            def create(self, gid, did): ...
            def delete(self, gid, did, cid=None): ...
            def get_src_and_trg_type(self, gid, did, cid=None): ...
            def ping(self): ...

        CastView.register_node_view(blueprint)
    """,
    "pgadmin/browser/mcasts.py": """
        from pgadmin.browser import CollectionNodeModule
        from pgadmin.browser.casts import CastView

        class MCastModule(CollectionNodeModule):
            _NODE_TYPE = "mcast"

        blueprint = MCastModule(__name__)

        mcast_operations = {"refresh": [{"put": "refresh"}, {}], "obj": [{"get": "properties"}]}
        mcast_operations.update({"children": [{"get": "children"}]})

        class MCastView(CastView):
            operations = mcast_operations
            ids = [{"type": "int", "id": "mid"}, {"type": "string", "id": "col"}]

            def refresh(self, gid, did, mid, col): ...

        MCastView.register_node_view(blueprint)
    """,
}


def test_pgadmin_nodeview_example_plugin_builds_the_register_node_view_urls(
    nodeview_plugin: type[ClassRegistryExtractor],
) -> None:
    linked, diagnostics = link_sources(NODEVIEW_SOURCES)
    cast = "pgadmin.browser.casts.CastView"
    assert routes_table(linked) == [
        ("GET", "/browser/cast/children/{gid}/{did}/{cid}", "pgadmin.browser.casts.CastView.children"),
        ("GET", "/browser/cast/get_type/{gid}/{did}/", f"{cast}.get_src_and_trg_type"),
        ("GET", "/browser/cast/get_type/{gid}/{did}/{cid}", f"{cast}.get_src_and_trg_type"),
        ("GET", "/browser/cast/obj/{gid}/{did}/", f"{cast}.list"),
        ("POST", "/browser/cast/obj/{gid}/{did}/", f"{cast}.create"),
        ("DELETE", "/browser/cast/obj/{gid}/{did}/{cid}", f"{cast}.delete"),
        ("GET", "/browser/cast/obj/{gid}/{did}/{cid}", f"{cast}.properties"),
        ("GET", "/browser/cast/ping", f"{cast}.ping"),
        ("GET", "/browser/cast/stats/{gid}/{did}/{cid}", None),
        ("GET", "/browser/mcast/children/{gid}/{did}/{mid}{col}", "pgadmin.browser.mcasts.MCastView.children"),
        ("GET", "/browser/mcast/obj/{gid}/{did}/{mid}{col}", "pgadmin.browser.mcasts.MCastView.properties"),
        ("PUT", "/browser/mcast/refresh/{gid}/{did}/{mid}{col}", "pgadmin.browser.mcasts.MCastView.refresh"),
    ]
    assert {(m, p): i for m, p, _, i in handlers_table(linked) if i} == {
        ("GET", "/browser/cast/children/{gid}/{did}/{cid}"): "pgadmin.browser.utils.NodeView.children",
        ("GET", "/browser/mcast/children/{gid}/{did}/{mid}{col}"): "pgadmin.browser.utils.NodeView.children",
        ("GET", "/browser/mcast/obj/{gid}/{did}/{mid}{col}"): f"{cast}.properties",
    }
    stats = next(r for r in linked.routes if "/stats/" in r.path)
    assert stats.summary == "CastView has no method 'statistics' for this route"
    assert stats.raw_path == "/browser/cast/stats/<int:gid>/<int:did>/<int:cid>"
    assert stats.name == "NODE-cast.stats_id"  # as pgAdmin names the endpoint at runtime
    assert diagnostics == []


def test_plugins_come_from_the_entry_point_group_and_unknown_names_get_a_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(EXAMPLE))
    entry = EntryPoint(
        "pgadmin_nodeview", "docgen_pgadmin_nodeview:NodeViewExtractor", docgen.extract.ENTRY_POINT_GROUP
    )
    monkeypatch.setattr(docgen.extract, "entry_points", lambda group: [entry] if group == entry.group else [])
    assert docgen.extract.available()["pgadmin_nodeview"].__name__ == "NodeViewExtractor"
    assert [type(e).__name__ for e in docgen.extract.load(("flask", "pgadmin_nodeview"))] == [
        "FlaskExtractor",
        "NodeViewExtractor",
    ]
    with pytest.raises(ConfigError) as error:
        docgen.extract.load(("pgadmin_nodevew",))
    assert "did you mean 'pgadmin_nodeview'?" in str(error.value)


def test_a_registration_a_plugin_reads_is_not_also_read_by_flasks_own_walk(crud_plugin: None) -> None:
    linked, _ = link_sources(
        {
            "crud/__init__.py": "",
            "crud/base.py": """
            class Crud:
                actions = {"index": ("GET", False)}

                @classmethod
                def register(cls, blueprint):
                    blueprint.add_url_rule("/" + cls.resource + "/", view_func=cls.dispatch)

                def dispatch(self): ...

                def index(self): ...
        """,
            "crud/books.py": """
            from flask import Blueprint
            from crud.base import Crud

            bp = Blueprint("books", __name__, url_prefix="/shop")

            class BookCrud(Crud):
                resource = "books"

            BookCrud.register(bp)
        """,
        }
    )
    # the plug-in's rule (handler from its actions table), not a second route from the method's body
    assert routes_table(linked) == [("GET", "/shop/books/", "crud.books.BookCrud.index")]

"""Cornice vendored inside the application (``myapp.core.cornice``), from inline sources.

A copy of Cornice shipped as a package of the project has Cornice's names: its ``Service`` is
``cornice.Service``, a project class deriving from it is a Cornice service, and the copy's own
code registers nothing.
"""

from __future__ import annotations

from docgen.testing import link_sources, routes_table

APP = """
from pyramid.config import Configurator


def main(global_config, **settings):
    config = Configurator(settings=settings)
    config.scan("myapp.views")
    return config.make_wsgi_app()
"""

CORE = """
from myapp.core.cornice import Service as CorniceService


class Service(CorniceService):
    default_cors_headers = ("Backoff",)
"""

VENDORED_INIT = """
from pyramid.events import NewRequest

from myapp.core.cornice.service import Service  # NOQA


def includeme(config):
    config.add_subscriber(print, NewRequest)
"""

VENDORED_SERVICE = """
import venusian


class Service:
    def __init__(self, name, path=None, description=None, **kw):
        self.name, self.path = name, path

    def add_view(self, method, view, **kwargs): ...

    def get(self, **kwargs): ...
"""

VENDORED_RESOURCE = """
from myapp.core.cornice import Service


def add_resource(klass, **kw):
    service = Service(name="collection_" + klass.__name__, path=kw["collection_path"])
    service.add_view("GET", klass.collection_get)
    return klass
"""

VIEWS = """
from myapp.core import Service
from myapp.core.cornice.service import Service as Plain

notes = Service(name="notes", path="/notes")
tags = Plain(name="tags", path="/tags")


@notes.get()
def list_notes(request): ...


@tags.get()
def list_tags(request): ...
"""


def _files(**changed: str) -> dict[str, str]:
    files = {
        "myapp/__init__.py": APP,
        "myapp/core/__init__.py": CORE,
        "myapp/core/cornice/__init__.py": VENDORED_INIT,
        "myapp/core/cornice/service.py": VENDORED_SERVICE,
        "myapp/core/cornice/resource.py": VENDORED_RESOURCE,
        "myapp/views.py": VIEWS,
    }
    return {**files, **changed}


def test_a_vendored_cornice_is_cornice_and_its_own_code_registers_nothing() -> None:
    linked, diagnostics = link_sources(_files())
    assert sorted(routes_table(linked)) == [
        ("GET", "/notes", "myapp.views.list_notes"),
        ("GET", "/tags", "myapp.views.list_tags"),
    ]
    assert [d.message for d in diagnostics] == []
    symbols = {s.id for s in linked.symbols}  # the copy is still in the code reference
    assert {"myapp.core.cornice.service.Service", "myapp.core.cornice.resource.add_resource"} <= symbols


def test_a_package_named_after_a_framework_that_imports_it_is_no_copy() -> None:
    adapter = "from cornice import Service\n\n\nclass NotesService(Service): ...\n"
    views = "from myapp.core.cornice import NotesService\n\nnotes = NotesService(name='notes', path='/n')\n\n\n"
    views += "@notes.get()\ndef list_notes(request): ...\n"
    files = {"myapp/__init__.py": APP, "myapp/core/__init__.py": "", "myapp/core/cornice/__init__.py": adapter}
    linked, _ = link_sources({**files, "myapp/views.py": views})
    assert routes_table(linked) == [("GET", "/n", "myapp.views.list_notes")]


def test_a_service_named_and_placed_by_position() -> None:
    views = VIEWS + '\nhello = Service("hello", "/hello", "Greets")\n\n\n@hello.get()\ndef say_hello(request): ...\n'
    linked, diagnostics = link_sources(_files(**{"myapp/views.py": views}))
    assert ("GET", "/hello", "myapp.views.say_hello") in routes_table(linked)
    assert [d.message for d in diagnostics] == []


def test_a_service_whose_path_is_not_written_is_a_visible_placeholder() -> None:
    views = VIEWS + '\nspread = Service("spread", **OPTIONS)\n\n\n@spread.get()\ndef spread_view(request): ...\n'
    linked, diagnostics = link_sources(_files(**{"myapp/views.py": "OPTIONS = {}\n" + views}))
    assert ("GET", "/{?path}", "myapp.views.spread_view") in routes_table(linked)
    assert [(d.code, d.message, d.location.line if d.location else None) for d in diagnostics] == [
        ("DG904", "Cornice service made without a path docgen can read: its views are listed as {?path}", 17)
    ]


def test_a_framework_read_but_none_of_whose_routes_are_found_is_a_warning() -> None:
    views = "from myapp.core import Service\n\n\ndef register(name, path):\n    return Service(name, path)\n"
    linked, diagnostics = link_sources(_files(**{"myapp/views.py": views}))
    assert routes_table(linked) == []
    assert [(d.code, str(d.location), d.message) for d in diagnostics] == [
        (
            "DG917",
            "myapp/core/__init__.py:1",
            "Cornice (cornice) is imported by 1 module but docgen found none of its routes: they are registered"
            " in a way it does not follow (the other warnings name what it could not evaluate); if the registering"
            " code is installed rather than in the tree, add it with `extra-paths`",
        ),
        (
            "DG917",
            "myapp/__init__.py:1",
            "Pyramid (pyramid) is imported by 1 module but docgen found none of its routes: they are registered"
            " in a way it does not follow (the other warnings name what it could not evaluate); if the registering"
            " code is installed rather than in the tree, add it with `extra-paths`",
        ),
    ]


def test_services_take_the_route_prefix_of_the_configurator_scanning_them_unknown_visibly() -> None:
    app = APP.replace("    config.scan(", "    core.initialize(config)\n    config.scan(")
    app = app.replace(
        "from pyramid.config import Configurator\n",
        "from pyramid.config import Configurator\n\nfrom myapp import core\n",
    )
    init = """

def initialize(config):
    api_version = "v" + config.get_settings()["api_version"]
    config.include("myapp.core", route_prefix=api_version)
    config.route_prefix = api_version


def includeme(config):
    config.scan("myapp.core.views")
"""
    views = "from myapp.core import Service\n\nhello = Service('hello', '/')\n\n\n"
    views += "@hello.get()\ndef hello_view(request): ...\n"
    files = _files(**{"myapp/__init__.py": app, "myapp/core/__init__.py": CORE + init, "myapp/core/views.py": views})
    linked, diagnostics = link_sources(files)
    prefix = "/v{?config.get_settings()['api_version']}"
    assert sorted(routes_table(linked)) == [
        ("GET", f"{prefix}/", "myapp.core.views.hello_view"),
        ("GET", f"{prefix}/notes", "myapp.views.list_notes"),
        ("GET", f"{prefix}/tags", "myapp.views.list_tags"),
    ]
    assert sorted((d.code, str(d.location)) for d in diagnostics) == [
        ("DG904", "myapp/core/__init__.py:10"),
        ("DG904", "myapp/core/__init__.py:11"),
    ]


def test_services_no_scan_registers_are_counted_in_a_warning() -> None:
    linked, diagnostics = link_sources(
        _files(**{"myapp/__init__.py": APP.replace('    config.scan("myapp.views")\n', "")})
    )
    assert routes_table(linked) == []
    assert [(d.code, str(d.location), d.message) for d in diagnostics if d.code == "DG904"] == [
        (
            "DG904",
            "myapp/views.py:8",
            "2 Cornice service views not listed: Cornice registers them when a configurator scans, and docgen"
            " found no config.scan() on a configurator it knows",
        )
    ]


def test_a_view_named_by_its_method_with_the_class_it_is_of() -> None:
    views = (
        VIEWS
        + "\n\nclass Notes:\n    def plural_get(self): ...\n\n\nnotes.add_view('POST', 'plural_get', klass=Notes)\n"
    )
    linked, diagnostics = link_sources(_files(**{"myapp/views.py": views}))
    assert ("POST", "/notes", "myapp.views.Notes.plural_get") in routes_table(linked)
    assert [d.message for d in diagnostics] == []

"""Cornice services and resources on Pyramid, from inline sources.

The expected routes are Cornice 6.1's on Pyramid 2.1, as the introspector lists them for the same
sources, without the HEAD view Cornice adds beside each GET and its 405 fallback view.
"""

from __future__ import annotations

from docgen.testing import link_sources, routes_table

APP = """
from pyramid.config import Configurator


def main(global_config, **settings):
    config = Configurator(settings=settings)
    config.include("cornice")
    config.scan("notes.views")
    return config.make_wsgi_app()
"""

VIEWS = """
from cornice import Service
from cornice.resource import resource

notes = Service(name="notes", path="/notes", description="Notes")
note = Service(name="note", path="/notes/{id:\\\\d+}")


@notes.get()
def list_notes(request): ...


@notes.post()
def add_note(request): ...


@note.get()
@note.put()
def note_view(request): ...


def delete_note(request): ...


note.add_view("DELETE", delete_note)


@resource(collection_path="/tags", path="/tags/{name}")
class Tag:
    def __init__(self, request, context=None): ...

    def collection_get(self): ...

    def get(self): ...

    def delete(self): ...
"""


def test_services_and_resources_are_routes_once_the_code_scans() -> None:
    linked, diagnostics = link_sources({"notes/__init__.py": APP, "notes/views.py": VIEWS})
    assert sorted(routes_table(linked), key=lambda r: (r[1], r[0])) == [
        ("GET", "/notes", "notes.views.list_notes"),
        ("POST", "/notes", "notes.views.add_note"),
        ("DELETE", "/notes/{id}", "notes.views.delete_note"),
        ("GET", "/notes/{id}", "notes.views.note_view"),
        ("PUT", "/notes/{id}", "notes.views.note_view"),
        ("GET", "/tags", "notes.views.Tag.collection_get"),
        ("DELETE", "/tags/{name}", "notes.views.Tag.delete"),
        ("GET", "/tags/{name}", "notes.views.Tag.get"),
    ]
    assert next(r for r in linked.routes if r.method == "DELETE" and r.path == "/notes/{id}").raw_path == (
        "/notes/{id:\\d+}"
    )
    assert [d.code for d in diagnostics if d.code == "DG913"] == []  # Cornice is read, not named as unread


def test_services_are_not_registered_without_a_scan() -> None:
    app = APP.replace('    config.scan("notes.views")\n', "")
    linked, _ = link_sources({"notes/__init__.py": app, "notes/views.py": VIEWS})
    assert routes_table(linked) == []

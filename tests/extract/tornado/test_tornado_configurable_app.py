"""A Tornado application built by a traitlets Application's methods, as Jupyter's servers build theirs."""

from __future__ import annotations

from docgen.testing import link_sources, routes_table

HANDLERS = """
from tornado import web


class Home(web.RequestHandler):
    def get(self): ...


class Token(web.RequestHandler):
    def get(self, token): ...
    def delete(self, token): ...


class NotFound(web.RequestHandler):
    def get(self, path): ...


default_handlers = [(r"/home", Home), (r"", Home)]
api_handlers = [(r"/api/tokens/([^/]+)", Token)]
"""

UTILS = """
def url_path_join(*pieces):
    initial = pieces[0].startswith("/")
    final = pieces[-1].endswith("/")
    stripped = [s.strip("/") for s in pieces]
    result = "/".join(s for s in stripped if s)
    if initial:
        result = "/" + result
    if final:
        result = result + "/"
    if result == "//":
        result = "/"
    return result
"""

APP = """
from urllib.parse import urlparse

from tornado import web
from traitlets import List, Unicode, default, observe
from traitlets.config import Application

from hub import handlers
from hub.utils import url_path_join


class URLPrefix(Unicode):
    def validate(self, obj, value):
        u = super().validate(obj, value)
        if not u.startswith("/"):
            u = "/" + u
        if not u.endswith("/"):
            u = u + "/"
        return u


class Hub(Application):
    bind_url = Unicode("http://:8000/").tag(config=True)
    base_url = URLPrefix("/").tag(config=True)
    hub_prefix = URLPrefix("/hub/")
    extra_handlers = List()

    @default("base_url")
    def _default_base_url(self):
        return Hub.base_url.validate(self, urlparse(self.bind_url).path)

    @default("hub_prefix")
    def _hub_prefix_default(self):
        return url_path_join(self.base_url, "/hub/")

    @observe("base_url")
    def _base_url_changed(self, change):
        self.hub_prefix = "/changed/"

    @staticmethod
    def add_url_prefix(prefix, handlers):
        for i, tup in enumerate(handlers):
            lis = list(tup)
            if tup[0]:
                lis[0] = url_path_join(prefix, tup[0])
            else:
                lis[0] = prefix.rstrip("/")
            handlers[i] = tuple(lis)
        return handlers

    def init_handlers(self):
        h = []
        h.extend(handlers.default_handlers)
        h.extend(handlers.api_handlers)
        h.extend(self.extra_handlers)
        self.handlers = self.add_url_prefix(self.hub_prefix, h)
        self.handlers.extend([(r"(.*)", handlers.NotFound)])

    def init_tornado_application(self):
        self.tornado_application = web.Application(self.handlers)

    def initialize(self):
        self.init_handlers()
        self.init_tornado_application()
"""


def test_the_application_a_configurable_class_builds_from_prefixed_handler_lists() -> None:
    linked, diagnostics = link_sources(
        {"hub/__init__.py": "", "hub/handlers.py": HANDLERS, "hub/utils.py": UTILS, "hub/app.py": APP}
    )
    # base_url: its @default validated through super() from urlparse(bind_url).path; hub_prefix:
    # its @default, not what the observer of a change would store; the module lists are served
    # once, inside the application, each spec under the prefix add_url_prefix rewrote in place
    assert routes_table(linked) == [
        ("GET", "/hub", "hub.handlers.Home.get"),
        ("DELETE", "/hub/api/tokens/{token}", "hub.handlers.Token.delete"),
        ("GET", "/hub/api/tokens/{token}", "hub.handlers.Token.get"),
        ("GET", "/hub/home", "hub.handlers.Home.get"),
        ("GET", "/{path}", "hub.handlers.NotFound.get"),
    ]
    assert [d for d in diagnostics if d.code.startswith("DG9")] == []

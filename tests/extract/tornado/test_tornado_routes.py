"""Tornado route tables from inline sources: handler lists, Application(...), add_handlers, verbs."""

from __future__ import annotations

from docgen.model import Framework
from docgen.testing import handlers_table, link_sources, routes_table

HANDLERS = '''
import tornado.web
import tornado.websocket


class Base(tornado.web.RequestHandler):
    def options(self, *args):
        """CORS preflight."""


class Tasks(Base):
    def get(self):
        """List tasks."""

    def post(self):
        """Create a task."""


class Task(Base):
    def get(self, task_id):
        """One task.

        Args:
            task_id: The task's id.
        """

    def delete(self, task_id): ...


class Events(tornado.websocket.WebSocketHandler):
    def open(self):
        """Stream events."""


class Plain(tornado.web.RequestHandler):
    def get(self, year, slug): ...


class Moved(tornado.web.RequestHandler):
    def get(self, path):
        """Redirect to the new place."""

    post = put = get
'''


def test_a_module_level_handler_list_of_tuples_and_url_specs() -> None:
    linked, diagnostics = link_sources(
        {
            "svc/__init__.py": "",
            "svc/handlers.py": HANDLERS,
            "svc/urls.py": """
            from tornado.web import StaticFileHandler, url
            from svc.handlers import Events, Moved, Plain, Task, Tasks

            handlers = [
                (r"/api/tasks", Tasks),
                url(r"/api/task/(.+)", Task, name="task"),
                (r"/api/events", Events),
                (r"/blog/(?P<year>[0-9]{4})/([^/]+)$", Plain),
                (r"/static/(.*)", StaticFileHandler, {"path": "static"}),
                (r"/old/((?:[^/]+/)*[^/]+)", Moved),
            ]
        """,
        }
    )
    assert routes_table(linked) == [
        ("WEBSOCKET", "/api/events", "svc.handlers.Events.open"),
        ("DELETE", "/api/task/{task_id}", "svc.handlers.Task.delete"),
        ("GET", "/api/task/{task_id}", "svc.handlers.Task.get"),
        ("OPTIONS", "/api/task/{task_id}", "svc.handlers.Task.options"),
        ("GET", "/api/tasks", "svc.handlers.Tasks.get"),
        ("OPTIONS", "/api/tasks", "svc.handlers.Tasks.options"),
        ("POST", "/api/tasks", "svc.handlers.Tasks.post"),
        ("GET", "/blog/{year}/{slug}", "svc.handlers.Plain.get"),
        ("GET", "/old/{path}", "svc.handlers.Moved.get"),
        ("POST", "/old/{path}", "svc.handlers.Moved.get"),
        ("PUT", "/old/{path}", "svc.handlers.Moved.get"),
        ("GET", "/static/{arg1}", "tornado.web.StaticFileHandler.get"),
        ("HEAD", "/static/{arg1}", "tornado.web.StaticFileHandler.head"),
    ]
    assert {(m, p): i for m, p, _, i in handlers_table(linked) if i} == {
        ("OPTIONS", "/api/task/{task_id}"): "svc.handlers.Base.options",
        ("OPTIONS", "/api/tasks"): "svc.handlers.Base.options",
    }
    task = next(r for r in linked.routes if r.handler == "svc.handlers.Task.get")
    assert (task.framework, task.name, task.summary) == (Framework("tornado"), "task", "One task.")
    assert [(p.name, p.in_.value, p.description) for p in task.params] == [("task_id", "path", "The task's id.")]
    assert [d.code for d in diagnostics if d.code.startswith("DG9")] == []


def test_lists_given_to_application_and_add_handlers_inside_functions() -> None:
    linked, diagnostics = link_sources(
        {
            "svc/__init__.py": "",
            "svc/handlers.py": HANDLERS,
            "svc/app.py": """
            import tornado.web
            from svc import handlers

            def make_app(extra):
                app = tornado.web.Application([(r"/tasks", handlers.Tasks)], debug=True)
                app.add_handlers(r"admin\\.example\\.com", [(r"/admin/task/([0-9]+)", handlers.Task)])
                return tornado.web.Application(extra)
        """,
        }
    )
    assert routes_table(linked) == [
        ("DELETE", "/admin/task/{task_id}", "svc.handlers.Task.delete"),
        ("GET", "/admin/task/{task_id}", "svc.handlers.Task.get"),
        ("OPTIONS", "/admin/task/{task_id}", "svc.handlers.Task.options"),
        ("GET", "/tasks", "svc.handlers.Tasks.get"),
        ("OPTIONS", "/tasks", "svc.handlers.Tasks.options"),
        ("POST", "/tasks", "svc.handlers.Tasks.post"),
    ]
    assert {(m, p): i for m, p, _, i in handlers_table(linked) if i} == {
        ("OPTIONS", "/admin/task/{task_id}"): "svc.handlers.Base.options",
        ("OPTIONS", "/tasks"): "svc.handlers.Base.options",
    }
    assert [(d.code, d.message) for d in diagnostics if d.code.startswith("DG9")] == [
        ("DG904", "Tornado handler list 'extra' could not be evaluated")
    ]

"""Flask and Quart routes from inline sources: blueprints, prefixes, class views, factories, auth."""

from __future__ import annotations

from docgen.model import Auth, Body, Framework, Param, ParamLocation, Response
from docgen.testing import handlers_table, link_sources, routes_table


def test_decorators_methods_and_blueprint_prefixes() -> None:
    linked, diagnostics = link_sources(
        {
            "shop/__init__.py": """
            from flask import Flask
            from shop.views import bp, api

            app = Flask(__name__)
            app.register_blueprint(bp)
            app.register_blueprint(api, url_prefix="/api/v2")

            @app.route("/")
            def index(): ...
        """,
            "shop/views.py": """
            from flask import Blueprint

            bp = Blueprint("shop", __name__, url_prefix="/shop")
            api = Blueprint("api", __name__, url_prefix="/api/v1")

            @bp.route("/items", methods=["GET", "POST", "HEAD", "OPTIONS"])
            def items(): ...

            @bp.get("/items/<int:item_id>")
            def item(item_id): ...

            @bp.delete("/items/<int:item_id>")
            def drop(item_id): ...

            @api.route("/ping", methods=("PUT", "patch", "propfind"))
            def ping(): ...
        """,
        }
    )
    assert routes_table(linked) == [
        ("GET", "/", "shop.index"),
        ("PATCH", "/api/v2/ping", "shop.views.ping"),
        ("PROPFIND", "/api/v2/ping", "shop.views.ping"),
        ("PUT", "/api/v2/ping", "shop.views.ping"),
        ("GET", "/shop/items", "shop.views.items"),
        ("POST", "/shop/items", "shop.views.items"),
        ("DELETE", "/shop/items/{item_id}", "shop.views.drop"),
        ("GET", "/shop/items/{item_id}", "shop.views.item"),
    ]
    item = next(r for r in linked.routes if r.handler == "shop.views.item")
    assert item.params == (Param(name="item_id", in_=ParamLocation.PATH, type="int"),)
    assert item.raw_path == "/shop/items/<int:item_id>"
    assert item.name == "shop.item"
    assert item.app == "shop:app"
    assert item.framework is Framework.FLASK
    assert diagnostics == []


def test_add_url_rule_functions_endpoints_and_class_views() -> None:
    linked, _ = link_sources(
        {
            "app.py": """
            from flask import Flask
            from flask.views import MethodView, View

            app = Flask(__name__)

            def health(): ...

            class Base(MethodView):
                def get(self, user_id=None): ...

            class UserAPI(Base):
                def post(self): ...
                def delete(self, user_id): ...

            class Report(View):
                methods = ["GET", "POST"]
                def dispatch_request(self): ...

            class Plain(View):
                def dispatch_request(self): ...

            user_view = UserAPI.as_view("users")
            app.add_url_rule("/health", "health", health)
            app.add_url_rule("/users/", view_func=user_view, methods=["GET", "POST"])
            app.add_url_rule("/users/<uuid:user_id>", view_func=user_view)
            app.add_url_rule("/report", view_func=Report.as_view("report"))
            app.add_url_rule("/plain", view_func=Plain.as_view("plain"))
        """,
        }
    )
    assert routes_table(linked) == [
        ("GET", "/health", "app.health"),
        ("GET", "/plain", "app.Plain.dispatch_request"),
        ("GET", "/report", "app.Report.dispatch_request"),
        ("POST", "/report", "app.Report.dispatch_request"),
        ("GET", "/users/", "app.UserAPI.get"),
        ("POST", "/users/", "app.UserAPI.post"),
        ("DELETE", "/users/{user_id}", "app.UserAPI.delete"),
        ("GET", "/users/{user_id}", "app.UserAPI.get"),
        ("POST", "/users/{user_id}", "app.UserAPI.post"),
    ]
    assert {(m, p): i for m, p, _, i in handlers_table(linked) if i} == {
        ("GET", "/users/"): "app.Base.get",
        ("GET", "/users/{user_id}"): "app.Base.get",
    }
    delete = next(r for r in linked.routes if r.method == "DELETE")
    assert delete.params == (Param(name="user_id", in_=ParamLocation.PATH, type="UUID"),)
    assert delete.name == "users"


def test_nested_blueprints_factories_and_registration_loops() -> None:
    linked, _ = link_sources(
        {
            "web/__init__.py": """
            from flask import Flask
            from web.modules import get_modules
            from web.admin import admin

            def create_app(config=None):
                app = Flask(__name__)
                for module in get_modules():
                    app.register_blueprint(module)
                app.register_blueprint(admin, url_prefix="/backoffice")
                return app
        """,
            "web/modules.py": """
            from web.blog import blog
            from web.wiki import wiki

            def get_modules():
                return [blog, wiki]
        """,
            "web/blog.py": """
            from flask import Blueprint
            blog = Blueprint("blog", __name__, url_prefix="/blog")

            @blog.route("/<path:slug>")
            def post(slug): ...
        """,
            "web/wiki.py": """
            from flask import Blueprint
            wiki = Blueprint("wiki", __name__, None, None, None, "/wiki")

            @wiki.route("/")
            def home(): ...
        """,
            "web/admin.py": """
            from flask import Blueprint
            admin = Blueprint("admin", __name__, url_prefix="/admin")
            users = Blueprint("users", __name__, url_prefix="/users")
            admin.register_blueprint(users)

            @users.route("/<int:uid>", methods=["PUT"])
            def edit(uid): ...
        """,
        }
    )
    assert routes_table(linked) == [
        ("PUT", "/backoffice/users/{uid}", "web.admin.edit"),
        ("GET", "/blog/{slug}", "web.blog.post"),
        ("GET", "/wiki/", "web.wiki.home"),
    ]
    assert {r.app for r in linked.routes} == {"web:create_app.<locals>.app"}


def test_blueprint_subclass_choosing_its_prefix_in_init() -> None:
    linked, _ = link_sources(
        {
            "pga/__init__.py": "",
            "pga/utils.py": """
            from flask import Blueprint

            class PgAdminModule(Blueprint):
                def __init__(self, name, import_name, **kwargs):
                    kwargs.setdefault("url_prefix", "/" + name)
                    kwargs.setdefault("static_folder", "static")
                    super().__init__(name, import_name, **kwargs)
        """,
            "pga/browser/__init__.py": """
            from pga.utils import PgAdminModule

            class BrowserModule(PgAdminModule):
                LABEL = "Browser"

            blueprint = BrowserModule("browser", __name__)

            class BrowserPluginModule(PgAdminModule):
                browser_url_prefix = blueprint.url_prefix + "/"

                def __init__(self, import_name, **kwargs):
                    kwargs.setdefault("url_prefix", self.node_path)
                    super().__init__("NODE-%s" % self.node_type, import_name, **kwargs)

                @property
                def node_type(self):
                    return "%s" % self._NODE_TYPE

                @property
                def node_path(self):
                    return self.browser_url_prefix + self.node_type

            @blueprint.route("/nodes/")
            def nodes(): ...
        """,
            "pga/browser/servers.py": """
            from pga.browser import BrowserPluginModule

            class ServerModule(BrowserPluginModule):
                _NODE_TYPE = "server"

            blueprint = ServerModule(__name__)

            @blueprint.route("/check/<int:sid>")
            def check(sid): ...
        """,
            "pga/misc.py": """
            from pga.utils import PgAdminModule
            blueprint = PgAdminModule("misc", __name__)
            redirects = PgAdminModule("redirects", __name__, url_prefix="/")

            @blueprint.route("/ping", methods=["GET", "POST"])
            def ping(): ...

            @redirects.route("/")
            def index(): ...
        """,
        }
    )
    assert routes_table(linked) == [
        ("GET", "/", "pga.misc.index"),
        ("GET", "/browser/nodes/", "pga.browser.nodes"),
        ("GET", "/browser/server/check/{sid}", "pga.browser.servers.check"),
        ("GET", "/misc/ping", "pga.misc.ping"),
        ("POST", "/misc/ping", "pga.misc.ping"),
    ]
    check = next(r for r in linked.routes if r.handler == "pga.browser.servers.check")
    assert check.app is None
    assert check.name == "NODE-server.check"


def test_apps_and_blueprints_passed_to_helpers_are_found_at_the_call_sites() -> None:
    linked, _ = link_sources(
        {
            "svc/__init__.py": """
            from flask import Flask, Blueprint
            from svc.mfa import EmailMethod, init_app

            def create_app():
                app = Flask(__name__)
                init_app(app)
                bp = Blueprint("mfa", __name__, url_prefix="/mfa")
                for method in get_methods():
                    method.register_endpoints(bp)
                app.register_blueprint(bp)
                return app
        """,
            "svc/mfa.py": """
            def init_app(app):
                @app.route("/login", methods=["GET", "POST"])
                def login(): ...

            class EmailMethod:
                def register_endpoints(self, blueprint):
                    blueprint.add_url_rule("/send_code", "send_code", send_code, methods=("POST",))

            def send_code(): ...
        """,
        }
    )
    assert routes_table(linked) == [
        ("GET", "/login", "svc.mfa.init_app.<locals>.login"),
        ("POST", "/login", "svc.mfa.init_app.<locals>.login"),
        ("POST", "/mfa/send_code", "svc.mfa.send_code"),
    ]


def test_auth_decorators_become_auth_records() -> None:
    linked, _ = link_sources(
        {
            "app.py": """
            from flask import Flask
            from flask_login import login_required
            from flask_security import roles_required, auth_required
            from flask_jwt_extended import jwt_required
            from flask_httpauth import HTTPBasicAuth
            from app_auth import pga_login_required

            app = Flask(__name__)
            auth = HTTPBasicAuth()

            @app.route("/a")
            @login_required
            def a(): ...

            @app.route("/b")
            @roles_required("admin", "editor")
            def b(): ...

            @app.route("/c")
            @jwt_required()
            def c(): ...

            @app.route("/d")
            @auth.login_required
            def d(): ...

            @app.route("/e")
            @pga_login_required
            def e(): ...

            @app.route("/f")
            @auth_required("token", "session")
            def f(): ...

            @app.route("/open")
            def open_(): ...
        """,
            "app_auth.py": "def pga_login_required(func):\n    return func\n",
        }
    )
    auth = {r.path: r.auth for r in linked.routes}
    assert auth == {
        "/a": (Auth(kind="login_required", name="flask_login.login_required"),),
        "/b": (Auth(kind="permission", name="flask_security.roles_required", scopes=("admin", "editor")),),
        "/c": (Auth(kind="http_bearer", name="flask_jwt_extended.jwt_required"),),
        "/d": (Auth(kind="login_required", name="flask_httpauth.HTTPBasicAuth.login_required"),),
        "/e": (Auth(kind="login_required", name="app_auth.pga_login_required"),),
        "/f": (Auth(kind="login_required", name="flask_security.auth_required"),),
        "/open": (),
    }


def test_flask_security_views_follow_the_settings_the_program_sets() -> None:
    linked, _ = link_sources(
        {
            "config.py": "SECURITY_CHANGEABLE = False\n",
            "app.py": """
            import config
            from flask import Flask
            from flask_security import Security, SQLAlchemyUserDatastore

            def create_app():
                app = Flask(__name__)
                config.SECURITY_RECOVERABLE = True
                app.config["SECURITY_CHANGEABLE"] = True
                security = Security(None, SQLAlchemyUserDatastore(None, None, None))
                security.init_app(app)
                return app
        """,
        }
    )
    assert routes_table(linked) == [
        ("GET", "/change", "flask_security.views.change_password"),
        ("POST", "/change", "flask_security.views.change_password"),
        ("GET", "/login", "flask_security.views.login"),
        ("POST", "/login", "flask_security.views.login"),
        ("GET", "/logout", "flask_security.views.logout"),
        ("POST", "/logout", "flask_security.views.logout"),
        ("GET", "/reset", "flask_security.views.forgot_password"),
        ("POST", "/reset", "flask_security.views.forgot_password"),
        ("GET", "/reset/{token}", "flask_security.views.reset_password"),
        ("POST", "/reset/{token}", "flask_security.views.reset_password"),
        ("GET", "/verify", "flask_security.views.verify"),
        ("POST", "/verify", "flask_security.views.verify"),
    ]
    assert linked.routes[0].name == "security.change_password"


def test_unknown_pieces_become_placeholders_with_a_diagnostic_and_tests_are_skipped() -> None:
    linked, diagnostics = link_sources(
        {
            "app.py": """
            import os
            from flask import Flask, Blueprint
            from helpers import suffix

            app = Flask(__name__)
            bp = Blueprint("x", __name__, url_prefix=os.environ["PREFIX"])
            app.register_blueprint(bp)

            @bp.route("/reset" + suffix("<token>"))
            def reset(token): ...
        """,
            "tests/test_app.py": """
            from flask import Flask
            app = Flask(__name__)

            @app.route("/probe")
            def probe(): ...
        """,
        }
    )
    assert routes_table(linked) == [
        ("GET", "{?os.environ['PREFIX']}/reset{?suffix('{token}')}", "app.reset"),
    ]
    assert linked.routes[0].raw_path == "{?os.environ['PREFIX']}/reset{?suffix('<token>')}"
    assert sorted(d.code for d in diagnostics) == ["DG904", "DG904"]


def test_quart_apps() -> None:
    linked, _ = link_sources(
        {
            "app.py": """
            from quart import Quart, Blueprint
            app = Quart(__name__)
            bp = Blueprint("chat", __name__, url_prefix="/chat")

            @bp.post("/send")
            async def send(): ...

            app.register_blueprint(bp)
        """,
        }
    )
    assert routes_table(linked) == [("POST", "/chat/send", "app.send")]
    assert linked.routes[0].framework is Framework.QUART


def test_custom_converters_become_plain_parameters_typed_by_the_converter() -> None:
    linked, _ = link_sources(
        {
            "app.py": """
            from flask import Flask
            app = Flask(__name__)

            @app.route('/files/<path:name>/<regex("[a-z]+"):slug>/<any(a, b):part>')
            def files(name, slug, part): ...
        """,
        }
    )
    assert routes_table(linked) == [("GET", "/files/{name}/{slug}/{part}", "app.files")]
    assert linked.routes[0].params == (
        Param(name="name", in_=ParamLocation.PATH, type="str"),
        Param(name="slug", in_=ParamLocation.PATH, type="regex"),
        Param(name="part", in_=ParamLocation.PATH, type="str"),
    )


def test_quart_websockets_are_websocket_routes_under_their_blueprint_prefixes() -> None:
    linked, diagnostics = link_sources(
        {
            "chat/__init__.py": """
            from quart import Quart
            from chat.rooms import api

            def create_app():
                app = Quart(__name__)
                app.register_blueprint(api, url_prefix="/api")
                app.add_websocket("/feed", "news", feed)
                app.add_url_rule("/raw", view_func=raw, websocket=True)

                @app.websocket("/ws")
                async def echo():
                    '''Echo every message back.'''

                @app.route("/health")
                async def health(): ...

                return app

            async def feed(): ...

            async def raw(): ...
        """,
            "chat/rooms.py": """
            from quart import Blueprint
            from quart.views import MethodView

            api = Blueprint("api", __name__, url_prefix="/v1")
            rooms = Blueprint("rooms", __name__, url_prefix="/rooms")
            api.register_blueprint(rooms)

            @rooms.websocket("/<int:room_id>/live", endpoint="live")
            async def room_live(room_id): ...

            class Stream(MethodView):
                async def get(self, name): ...
                async def post(self, name): ...

            rooms.add_websocket("/stream/<name>", view_func=Stream.as_view("stream"))
        """,
        }
    )
    assert routes_table(linked) == [
        ("WEBSOCKET", "/api/rooms/stream/{name}", "chat.rooms.Stream.get"),
        ("WEBSOCKET", "/api/rooms/{room_id}/live", "chat.rooms.room_live"),
        ("WEBSOCKET", "/feed", "chat.feed"),
        ("GET", "/health", "chat.create_app.<locals>.health"),
        ("WEBSOCKET", "/raw", "chat.raw"),
        ("WEBSOCKET", "/ws", "chat.create_app.<locals>.echo"),
    ]
    live = linked.routes[1]
    assert live.params == (Param(name="room_id", in_=ParamLocation.PATH, type="int"),)
    assert (live.name, live.raw_path, live.app) == (
        "api.rooms.live",  # nested blueprints' endpoints are named through their parents, as Flask does
        "/api/rooms/<int:room_id>/live",
        "chat:create_app.<locals>.app",
    )
    assert [r.name for r in linked.routes] == ["api.rooms.stream", "api.rooms.live", "news", "health", "raw", "echo"]
    assert linked.routes[5].summary == "Echo every message back."
    assert {r.framework for r in linked.routes} == {Framework.QUART}
    assert diagnostics == []


def test_websocket_registrations_on_flask_objects_are_not_routes() -> None:
    linked, diagnostics = link_sources(
        {
            "app.py": """
            from flask import Flask, Blueprint
            app = Flask(__name__)
            bp = Blueprint("live", __name__)

            @bp.websocket("/ws")
            def ws(): ...

            @app.route("/page")
            def page(): ...

            app.add_websocket("/feed", "feed", page)
            app.register_blueprint(bp)
        """,
        }
    )
    assert routes_table(linked) == [("GET", "/page", "app.page")]
    assert diagnostics == []


def test_quart_class_views_registered_with_add_url_rule() -> None:
    linked, diagnostics = link_sources(
        {
            "notes/__init__.py": """
            from quart import Quart
            from notes.views import bp, NoteAPI, Export

            def create_app():
                app = Quart(__name__)
                app.register_blueprint(bp, url_prefix="/v2")
                app.add_url_rule("/export", view_func=Export.as_view("export"))
                return app
        """,
            "notes/views.py": """
            from quart import Blueprint
            from quart.views import MethodView, View

            bp = Blueprint("notes", __name__, url_prefix="/notes")

            class Base(MethodView):
                async def get(self, note_id=None): ...

            class NoteAPI(Base):
                async def post(self): ...
                async def delete(self, note_id): ...

            class Export(View):
                methods = ["GET", "POST"]
                async def dispatch_request(self): ...

            note_view = NoteAPI.as_view("note")
            bp.add_url_rule("/", view_func=note_view, methods=["GET", "POST"])
            bp.add_url_rule("/<uuid:note_id>", view_func=note_view)
        """,
        }
    )
    assert routes_table(linked) == [
        ("GET", "/export", "notes.views.Export.dispatch_request"),
        ("POST", "/export", "notes.views.Export.dispatch_request"),
        ("GET", "/v2/", "notes.views.NoteAPI.get"),
        ("POST", "/v2/", "notes.views.NoteAPI.post"),
        ("DELETE", "/v2/{note_id}", "notes.views.NoteAPI.delete"),
        ("GET", "/v2/{note_id}", "notes.views.NoteAPI.get"),
        ("POST", "/v2/{note_id}", "notes.views.NoteAPI.post"),
    ]
    assert {(m, p): i for m, p, _, i in handlers_table(linked) if i} == {
        ("GET", "/v2/"): "notes.views.Base.get",
        ("GET", "/v2/{note_id}"): "notes.views.Base.get",
    }
    delete = linked.routes[4]
    assert delete.params == (Param(name="note_id", in_=ParamLocation.PATH, type="UUID"),)
    assert (delete.name, delete.app) == ("notes.note", "notes:create_app.<locals>.app")
    assert {r.framework for r in linked.routes} == {Framework.QUART}
    assert diagnostics == []


def test_quart_schema_decorators_give_request_bodies_and_responses() -> None:
    linked, diagnostics = link_sources(
        {
            "todo/__init__.py": "",
            "todo/models.py": """
            from dataclasses import dataclass
            from pydantic import BaseModel

            class TodoIn(BaseModel):
                task: str

            class Todo(TodoIn):
                id: int

            @dataclass
            class Conflict:
                message: str

            @dataclass
            class Filters:
                done: bool | None = None
        """,
            "todo/app.py": """
            from http import HTTPStatus
            from quart import Quart
            from quart.views import MethodView
            from quart_schema import (
                DataSource, QuartSchema, document_response, validate_querystring, validate_request,
                validate_response,
            )
            from todo.models import Conflict, Filters, Todo, TodoIn

            def create_app():
                app = Quart(__name__)
                QuartSchema(app)

                @app.post("/todos/")
                @validate_request(TodoIn)
                @validate_response(Todo, 201)
                @validate_response(Conflict, status_code=HTTPStatus.CONFLICT)
                async def create(data: TodoIn): ...

                @app.get("/todos/")
                @validate_querystring(Filters)
                @validate_response(list[Todo])
                async def listing(query_args: Filters): ...

                @app.route("/upload", methods=["POST"])
                @validate_request(TodoIn, source=DataSource.FORM_MULTIPART)
                @document_response(Todo)
                async def upload(data): ...

                app.add_url_rule("/todos/<int:todo_id>", view_func=TodoView.as_view("todo"))
                return app

            class TodoView(MethodView):
                @validate_request(TodoIn, source=DataSource.FORM)
                @validate_response(Todo)
                async def put(self, todo_id): ...
        """,
        }
    )
    assert routes_table(linked) == [
        ("GET", "/todos/", "todo.app.create_app.<locals>.listing"),
        ("POST", "/todos/", "todo.app.create_app.<locals>.create"),
        ("PUT", "/todos/{todo_id}", "todo.app.TodoView.put"),
        ("POST", "/upload", "todo.app.create_app.<locals>.upload"),
    ]
    listing, create, put, upload = linked.routes
    assert listing.params == (
        Param(name="done", in_=ParamLocation.QUERY, type="bool | None", required=False, default="None"),
    )  # querystring model
    assert listing.request_body is None
    assert listing.responses == (
        Response(status="200", type="list[Todo]", model="todo.models.Todo", resolved_type="list[todo.models.Todo]"),
    )
    assert create.request_body == Body(type="TodoIn", model="todo.models.TodoIn")
    assert create.responses == (
        Response(status="201", type="Todo", model="todo.models.Todo", resolved_type="todo.models.Todo"),
        Response(status="409", type="Conflict", model="todo.models.Conflict", resolved_type="todo.models.Conflict"),
    )
    assert put.params == (Param(name="todo_id", in_=ParamLocation.PATH, type="int"),)
    assert put.request_body == Body(
        type="TodoIn", model="todo.models.TodoIn", media_type="application/x-www-form-urlencoded"
    )
    assert put.responses == (
        Response(status="200", type="Todo", model="todo.models.Todo", resolved_type="todo.models.Todo"),
    )
    assert upload.request_body == Body(type="TodoIn", model="todo.models.TodoIn", media_type="multipart/form-data")
    assert upload.responses == (
        Response(status="200", type="Todo", model="todo.models.Todo", resolved_type="todo.models.Todo"),
    )
    assert diagnostics == []


def test_a_blueprint_registered_twice_under_a_new_name_and_a_quart_app_beside_a_flask_one() -> None:
    linked, diagnostics = link_sources(
        {
            "app.py": """
            from flask import Blueprint, Flask
            from quart import Quart

            app = Flask(__name__)
            bp = Blueprint("items", __name__)


            @bp.get("/items")
            def items(): ...


            app.register_blueprint(bp, url_prefix="/v1")
            app.register_blueprint(bp, url_prefix="/v2", name="items_v2")

            live = Quart(__name__)


            @live.get("/feed")
            async def feed(): ...
        """,
        }
    )
    assert [(r.path, r.name, r.framework) for r in linked.routes] == [
        ("/feed", "feed", Framework.QUART),
        ("/v1/items", "items.items", Framework.FLASK),
        ("/v2/items", "items_v2.items", Framework.FLASK),
    ]
    assert diagnostics == []


def test_a_class_method_building_url_rules_is_walked_once_per_class_it_is_called_on() -> None:
    linked, diagnostics = link_sources(
        {
            "app/__init__.py": """
            from flask import Flask

            def create_app():
                app = Flask(__name__)
                from app.groups import blueprint as groups
                from app.servers import blueprint as servers
                app.register_blueprint(groups)
                app.register_blueprint(servers)
                return app
        """,
            "app/nodes.py": """
            from flask.views import View

            class NodeView(View):
                operations = {"obj": [{"get": "properties", "delete": "delete"}, {"get": "list", "post": "create"}]}
                ids = []

                def __init__(self, **kwargs):
                    self.cmd = kwargs["cmd"]

                def dispatch_request(self, *args, **kwargs): ...

                @classmethod
                def get_node_urls(cls):
                    id_url = "/"
                    for p in cls.ids:
                        id_url += "<{0}:{1}>".format(p["type"], p["id"])
                    return id_url, "/"

                @classmethod
                def register_node_view(cls, blueprint):
                    id_url, url = cls.get_node_urls()
                    for op, (with_id, without) in cls.operations.items():
                        blueprint.add_url_rule(
                            "/{0}{1}".format(op, id_url), view_func=cls.as_view(op + "_id", cmd=op),
                            methods=[m.upper() for m in with_id],
                        )
                        blueprint.add_url_rule(
                            "/{0}{1}".format(op, url), view_func=cls.as_view(op, cmd=op),
                            methods=[m.upper() for m in without],
                        )
        """,
            "app/groups.py": """
            from flask import Blueprint
            from app.nodes import NodeView

            blueprint = Blueprint("group", __name__, url_prefix="/browser/group")

            class GroupView(NodeView):
                ids = [{"type": "int", "id": "gid"}]

            GroupView.register_node_view(blueprint)
        """,
            "app/servers.py": """
            from flask import Blueprint
            from app.nodes import NodeView

            blueprint = Blueprint("server", __name__, url_prefix="/browser/server")

            class ServerView(NodeView):
                ids = [{"type": "int", "id": "gid"}, {"type": "int", "id": "sid"}]

            ServerView.register_node_view(blueprint)
        """,
        }
    )
    # with `cls` and the blueprint of each call bound, not once with both unknown
    assert routes_table(linked) == [
        ("GET", "/browser/group/obj/", "app.groups.GroupView.dispatch_request"),
        ("POST", "/browser/group/obj/", "app.groups.GroupView.dispatch_request"),
        ("DELETE", "/browser/group/obj/{gid}", "app.groups.GroupView.dispatch_request"),
        ("GET", "/browser/group/obj/{gid}", "app.groups.GroupView.dispatch_request"),
        ("GET", "/browser/server/obj/", "app.servers.ServerView.dispatch_request"),
        ("POST", "/browser/server/obj/", "app.servers.ServerView.dispatch_request"),
        ("DELETE", "/browser/server/obj/{gid}{sid}", "app.servers.ServerView.dispatch_request"),
        ("GET", "/browser/server/obj/{gid}{sid}", "app.servers.ServerView.dispatch_request"),
    ]
    assert [d.code for d in diagnostics if d.code.startswith("DG9") and d.code != "DG920"] == []


def test_a_helper_called_twice_on_one_app_registers_each_route_once() -> None:
    linked, _ = link_sources(
        {
            "app.py": """
            from flask import Flask

            def init_app(app, bridge=False):
                @app.route("/set_language", methods=["POST"])
                def set_language_code(): ...

                if not bridge:
                    app.add_url_rule("/home", "home", set_language_code)

            app = Flask(__name__)
            init_app(app)
            init_app(app, bridge=True)
        """,
        }
    )
    # walked once per call, the two calls' routes are the same routes
    assert routes_table(linked) == [
        ("GET", "/home", "app.init_app.<locals>.set_language_code"),
        ("POST", "/set_language", "app.init_app.<locals>.set_language_code"),
    ]


def test_a_lambda_view_function_is_named_as_python_names_it() -> None:
    linked, diagnostics = link_sources(
        {
            "app.py": """
            from flask import Flask, redirect

            def init_app(app):
                app.add_url_rule("/hwi/settings/", "hwi_settings", lambda: redirect("/settings/hwi/"))

            app = Flask(__name__)
            init_app(app)
            app.add_url_rule("/ping", view_func=lambda: "pong")
        """,
        }
    )
    assert routes_table(linked) == [
        ("GET", "/hwi/settings/", "app.init_app.<locals>.<lambda>"),
        ("GET", "/ping", "app.<lambda>"),
    ]
    assert [d.code for d in diagnostics if d.code == "DG904"] == []

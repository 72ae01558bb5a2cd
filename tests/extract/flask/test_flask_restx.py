"""flask-restx / flask-restful routes from inline sources: Api, namespaces, resources, models, auth."""

from __future__ import annotations

from docgen.model import Auth, Body, Param, ParamLocation, Response
from docgen.testing import handlers_table, link_sources, routes_table

TODOS = '''
from flask_restx import Namespace, Resource, fields

ns = Namespace("todos", description="TODO operations")

todo = ns.model("Todo", {"id": fields.Integer(readonly=True), "task": fields.String(required=True)})


@ns.route("/")
class TodoList(Resource):
    """Shows a list of all todos, and lets you POST to add new tasks."""

    @ns.doc(description="List all tasks")
    @ns.marshal_list_with(todo)
    def get(self): ...

    @ns.expect(todo)
    @ns.marshal_with(todo, code=201)
    def post(self): ...


@ns.route("/<int:id>", "/by-id/<int:id>")
@ns.response(404, "Todo not found")
class Todo(Resource):
    def get(self, id):
        """Fetch a given resource."""

    def delete(self, id): ...
'''


def test_namespaces_resources_and_models_on_an_api_under_a_blueprint() -> None:
    linked, diagnostics = link_sources(
        {
            "todo/__init__.py": """
            from flask import Flask, Blueprint
            from flask_restx import Api
            from todo.todos import ns as todos

            blueprint = Blueprint("api", __name__, url_prefix="/api")
            api = Api(blueprint, version="1.0", title="TodoMVC API", prefix="/v1")
            api.add_namespace(todos)
            health = api.namespace("health", path="/status")

            @health.route("/ping")
            class Ping(Resource):
                def get(self): ...

            def create_app():
                app = Flask(__name__)
                app.register_blueprint(blueprint)
                return app
        """,
            "todo/todos.py": TODOS,
        }
    )
    assert routes_table(linked) == [
        ("GET", "/api/", "flask_restx.api.Api.render_doc"),
        ("GET", "/api/v1", "flask_restx.api.Api.render_root"),
        ("GET", "/api/v1/status/ping", "todo.Ping.get"),
        ("GET", "/api/v1/swagger.json", "flask_restx.api.SwaggerView.get"),
        ("GET", "/api/v1/todos/", "todo.todos.TodoList.get"),
        ("POST", "/api/v1/todos/", "todo.todos.TodoList.post"),
        ("DELETE", "/api/v1/todos/by-id/{id}", "todo.todos.Todo.delete"),
        ("GET", "/api/v1/todos/by-id/{id}", "todo.todos.Todo.get"),
        ("DELETE", "/api/v1/todos/{id}", "todo.todos.Todo.delete"),
        ("GET", "/api/v1/todos/{id}", "todo.todos.Todo.get"),
    ]
    by_key = {(str(r.method), r.path): r for r in linked.routes}
    listing = by_key["GET", "/api/v1/todos/"]
    assert listing.summary == "List all tasks"
    assert listing.responses == (Response(status="200", type="list[Todo]"),)  # a RESTX model's name, not a class
    assert listing.tags == ("todos",)
    create = by_key["POST", "/api/v1/todos/"]
    assert create.request_body == Body(type="Todo")
    assert create.responses == (Response(status="201", type="Todo"),)
    fetch = by_key["GET", "/api/v1/todos/{id}"]
    assert fetch.summary == "Fetch a given resource."
    assert fetch.responses == (Response(status="404", type="", model=None, description="Todo not found"),)
    assert fetch.params == (Param(name="id", in_=ParamLocation.PATH, type="int"),)
    assert {r.app for r in linked.routes} == {"todo:create_app.<locals>.app"}
    assert diagnostics == []


def test_add_namespace_path_replaces_the_namespace_path_and_init_app_attaches_later() -> None:
    linked, _ = link_sources(
        {
            "svc.py": """
            from flask import Flask
            from flask_restx import Api, Namespace, Resource

            cats = Namespace("cats", path="/felines")

            @cats.route("")
            class CatList(Resource):
                def get(self): ...

            api = Api(prefix="/api")
            api.add_namespace(cats, path="/cats")
            app = Flask(__name__)
            api.init_app(app)
        """,
        }
    )
    # as flask-restx 1.3 serves it: the Swagger UI page at doc="/" takes no prefix, the specs and the root do
    assert routes_table(linked) == [
        ("GET", "/", "flask_restx.api.Api.render_doc"),
        ("GET", "/api", "flask_restx.api.Api.render_root"),
        ("GET", "/api/cats", "svc.CatList.get"),
        ("GET", "/api/swagger.json", "flask_restx.api.SwaggerView.get"),
    ]
    assert {r.app for r in linked.routes} == {"svc:app"}


def test_flask_restful_add_resource_with_several_urls_and_method_decorators() -> None:
    linked, _ = link_sources(
        {
            "api.py": """
            from flask import Flask
            from flask_restful import Api, Resource
            from flask_httpauth import HTTPTokenAuth

            auth = HTTPTokenAuth()

            class Base(Resource):
                method_decorators = [auth.login_required]

                def get(self, todo_id=None): ...

            class Todo(Base):
                def put(self, todo_id): ...

            app = Flask(__name__)
            api = Api(app, prefix="/v1")
            api.add_resource(Todo, "/todos", "/todos/<string:todo_id>", endpoint="todo")
        """,
        }
    )
    assert routes_table(linked) == [
        ("GET", "/v1/todos", "api.Todo.get"),
        ("PUT", "/v1/todos", "api.Todo.put"),
        ("GET", "/v1/todos/{todo_id}", "api.Todo.get"),
        ("PUT", "/v1/todos/{todo_id}", "api.Todo.put"),
    ]
    assert {(m, p): i for m, p, _, i in handlers_table(linked) if i} == {
        ("GET", "/v1/todos"): "api.Base.get",
        ("GET", "/v1/todos/{todo_id}"): "api.Base.get",
    }
    assert linked.routes[0].auth == (Auth(kind="login_required", name="flask_httpauth.HTTPTokenAuth.login_required"),)
    assert linked.routes[0].name == "todo"


def test_an_api_of_a_project_subclass_adds_its_namespaces_and_resources() -> None:
    linked, _ = link_sources(
        {
            "svc/api.py": """
            from flask import Flask
            from flask_restx import Api as RestxAPI
            from flask_restx import Resource


            class API(RestxAPI):
                def pagination_parser(self, parser=None):
                    return parser


            class APIResource(Resource):
                method_decorators = []


            api_app = Flask(__name__)
            api = API(api_app, title="Service API", prefix="/v2")
        """,
            "svc/cached.py": """
            from svc.api import APIResource, api

            cached_api = api.namespace("cached", description="Cache remote resources")


            @cached_api.route("/")
            @api.doc(description="A cached copy")
            class CachedResource(APIResource):
                @api.response(200, description="Cached resource")
                def get(self): ...


            @cached_api.route("/<int:item_id>/")
            class CachedItem(APIResource):
                def delete(self, item_id): ...
        """,
        }
    )
    assert routes_table(linked) == [
        ("GET", "/", "flask_restx.api.Api.render_doc"),
        ("GET", "/v2", "flask_restx.api.Api.render_root"),
        ("GET", "/v2/cached/", "svc.cached.CachedResource.get"),
        ("DELETE", "/v2/cached/{item_id}/", "svc.cached.CachedItem.delete"),
        ("GET", "/v2/swagger.json", "flask_restx.api.SwaggerView.get"),
    ]
    assert {r.app for r in linked.routes} == {"svc.api:api_app"}


def test_an_api_serves_its_specs_root_and_page_where_its_arguments_say() -> None:
    linked, _ = link_sources(
        {
            "svc.py": """
            from flask import Flask
            from flask_restx import Api

            no_page = Flask("a")
            Api(no_page, doc=False)
            moved = Flask("c")
            Api(moved, doc="/docs/", prefix="/v3")
        """,
        }
    )
    assert sorted((r.app, r.path, r.handler) for r in linked.routes) == [
        ("svc:moved", "/docs/", "flask_restx.api.Api.render_doc"),
        ("svc:moved", "/v3", "flask_restx.api.Api.render_root"),
        ("svc:moved", "/v3/swagger.json", "flask_restx.api.SwaggerView.get"),
        ("svc:no_page", "/", "flask_restx.api.Api.render_root"),
        ("svc:no_page", "/swagger.json", "flask_restx.api.SwaggerView.get"),
    ]


def test_resources_registered_in_a_way_not_followed_are_named_in_a_warning() -> None:
    # the app's own Flask routes are listed; the flask-restx ones must not read as "none"
    linked, diagnostics = link_sources(
        {
            "svc.py": """
            from flask import Flask
            from flask_restx import Resource
            from plugins import register

            app = Flask(__name__)

            @app.route("/ping")
            def ping(): ...

            class CatList(Resource):
                def get(self): ...

            register(app, CatList, "/cats")
        """,
        }
    )
    assert routes_table(linked) == [("GET", "/ping", "svc.ping")]
    assert [str(d) for d in diagnostics if d.code == "DG917"] == [
        "svc.py:2: DG917 Flask-RESTX (flask_restx) is imported by 1 module but docgen found none of its routes: they"
        " are registered in a way it does not follow (the other warnings name what it could not evaluate); if the"
        " registering code is installed rather than in the tree, add it with `extra-paths`"
    ]

"""Flask apps' config read statically, and ``current_app`` standing for the factory's app."""

from __future__ import annotations

from docgen.testing import link_sources, routes_table

_CONFIG = """
import os

class BaseConfig:
    SPECTER_URL_PREFIX = "/spc"
    API_PREFIX = os.getenv("API_PREFIX", "/api")
    lower_case = "/ignored"
    SPECTER_URL_PREFIX = ""  # a later binding in the class body wins

class ProductionConfig(BaseConfig):
    EXT_URL_PREFIX = "/svc"
"""

_VIEWS = """
from flask import Blueprint

bp = Blueprint("views", __name__)
ext = Blueprint("ext", __name__)

@bp.route("/wallets")
def wallets(): ...

@ext.route("/swan")
def swan(): ...
"""


def test_current_app_is_the_factory_app_and_config_comes_from_from_object() -> None:
    linked, diagnostics = link_sources(
        {
            "app/__init__.py": "",
            "app/config.py": _CONFIG,
            "app/views.py": _VIEWS,
            "app/server.py": """
            from flask import Flask

            def create_app(config=None):
                if config is None:
                    config = "app.config.ProductionConfig"
                app = Flask(__name__)
                app.config.from_object(config)
                app.config["EXTRA"] = "/extra"
                app.config.update(UPDATED="/updated", API_PREFIX="/v2")
                with app.app_context():
                    from app import controller
                return app
            """,
            "app/controller.py": """
            from flask import current_app as app
            from app.views import bp, ext

            prefix = app.config["SPECTER_URL_PREFIX"]
            app.register_blueprint(bp, url_prefix=f"{prefix}/wallets")
            app.register_blueprint(ext, url_prefix=app.config.get("EXT_URL_PREFIX", "/none") + "/ext")
            app.register_blueprint(bp, url_prefix=app.config["EXTRA"], name="extra")
            app.register_blueprint(bp, url_prefix=app.config["UPDATED"], name="updated")
            app.register_blueprint(bp, url_prefix=app.config["API_PREFIX"], name="api")
            app.register_blueprint(bp, url_prefix=app.config.get("MISSING", "/default"), name="default")
            """,
        }
    )
    assert routes_table(linked) == [
        ("GET", "/default/wallets", "app.views.wallets"),
        ("GET", "/extra/wallets", "app.views.wallets"),
        ("GET", "/svc/ext/swan", "app.views.swan"),
        ("GET", "/updated/wallets", "app.views.wallets"),
        ("GET", "/v2/wallets", "app.views.wallets"),
        ("GET", "/wallets/wallets", "app.views.wallets"),
    ]
    assert [r.app for r in linked.routes] == ["app.server:create_app.<locals>.app"] * 6
    assert diagnostics == []


def test_config_classes_mappings_and_what_only_the_runtime_knows() -> None:
    linked, diagnostics = link_sources(
        {
            "app/__init__.py": "",
            "app/config.py": _CONFIG,
            "app/views.py": """
            from flask import Blueprint

            mapped = Blueprint("mapped", __name__)
            ext = Blueprint("ext", __name__)
            low = Blueprint("low", __name__)
            helped = Blueprint("helped", __name__)
            """,
            "app/routes.py": """
            from app.views import ext, helped, low, mapped

            @mapped.route("/m")
            def m(): ...

            @ext.route("/e")
            def e(): ...

            @low.route("/l")
            def lo(): ...

            @helped.route("/h")
            def h(): ...
            """,
            "app/server.py": """
            from flask import Flask
            from app.config import ProductionConfig
            from app.views import ext, helped, low, mapped

            def create_app():
                app = Flask(__name__)
                app.config.from_object(ProductionConfig)
                app.config.from_mapping({"MAPPED": "/mapped", "lower": "/no"}, KEYWORD="/kw")
                app.config.from_pyfile("instance.cfg", silent=True)
                app.register_blueprint(mapped, url_prefix=app.config["MAPPED"])
                app.register_blueprint(ext, url_prefix=app.config.get("EXT_URL_PREFIX"))
                app.register_blueprint(low, url_prefix=app.config.get("lower_case", "/low"))
                helper(app)
                return app

            def helper(app):
                app.config["HELPED"] = "/helped"
                app.register_blueprint(helped, url_prefix=app.config["HELPED"])
            """,
        }
    )
    assert routes_table(linked) == [
        ("GET", "/low/l", "app.routes.lo"),
        ("GET", "{?app.config['EXT_URL_PREFIX']}/e", "app.routes.e"),
        ("GET", "{?app.config['HELPED']}/h", "app.routes.h"),
        ("GET", "{?app.config['MAPPED']}/m", "app.routes.m"),
    ]
    assert sorted((d.code, d.location.line) for d in diagnostics) == [("DG904", 10), ("DG904", 11), ("DG904", 18)]


def test_current_app_of_several_apps_stays_unknown() -> None:
    linked, _ = link_sources(
        {
            "app/__init__.py": "",
            "app/views.py": _VIEWS,
            "app/one.py": "from flask import Flask\napp = Flask('one')\n",
            "app/two.py": "from flask import Flask\napp = Flask('two')\n",
            "app/controller.py": """
            from flask import current_app
            from app.views import bp

            current_app.register_blueprint(bp)
            """,
        }
    )
    assert routes_table(linked) == [("GET", "/swan", "app.views.swan"), ("GET", "/wallets", "app.views.wallets")]
    assert [r.app for r in linked.routes] == [None, None]


def test_a_plain_decorator_registering_the_class_it_decorates() -> None:
    linked, diagnostics = link_sources(
        {
            "app/__init__.py": """
            from flask import Blueprint, Flask
            from flask_restful import Api, Resource

            bp = Blueprint("api", __name__, url_prefix="/api")
            api = Api(bp)

            def rest_resource(resource_cls):
                api.add_resource(resource_cls, *resource_cls.endpoints)
                return resource_cls

            @rest_resource
            class Health(Resource):
                endpoints = ["/healthz/liveness", "/healthz/readyness"]

                def get(self): ...

            @rest_resource
            class Wallet(Resource):
                endpoints = ("/v1/wallets/<wallet_alias>/",)

                def get(self, wallet_alias): ...

                def delete(self, wallet_alias): ...

            app = Flask(__name__)
            app.register_blueprint(bp)
            """,
        }
    )
    assert routes_table(linked) == [
        ("GET", "/api/healthz/liveness", "app.Health.get"),
        ("GET", "/api/healthz/readyness", "app.Health.get"),
        ("DELETE", "/api/v1/wallets/{wallet_alias}/", "app.Wallet.delete"),
        ("GET", "/api/v1/wallets/{wallet_alias}/", "app.Wallet.get"),
    ]
    assert diagnostics == []

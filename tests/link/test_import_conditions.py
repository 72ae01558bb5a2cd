"""A module's registrations run only when it is imported: one imported under a condition serves its routes under it."""

from __future__ import annotations

from docgen.testing import link_sources

BLUEPRINT = """
from flask import Blueprint


class AuthBlueprint(Blueprint):
    def register(self, app, options):
        if app.config["AUTH_PROVIDER"] == "ldap":
            from . import ldap_views
        else:
            from . import basic
        if app.config["AUTH_PROVIDER"] == "saml2":
            from . import saml
        super().register(app, options)


auth = AuthBlueprint("auth", __name__)

from . import login  # noqa: E402
"""

APP = """
from flask import Flask


def create_app():
    app = Flask(__name__)
    from svc.auth import auth
    app.register_blueprint(auth)
    return app
"""


def _conditions(files: dict[str, str]) -> list[tuple[str, str, tuple[str, ...]]]:
    linked, _ = link_sources(files)
    return [(str(r.method), r.path, r.conditions) for r in linked.routes]


def test_routes_of_a_module_imported_under_a_condition_carry_it() -> None:
    files = {
        "svc/__init__.py": "",
        "svc/app.py": APP,
        "svc/auth/__init__.py": BLUEPRINT,
        "svc/auth/login.py": "from . import auth\n\n@auth.route('/login', methods=['POST'])\ndef login(): ...\n",
        "svc/auth/basic.py": "from . import auth\n\n@auth.route('/signup', methods=['POST'])\ndef signup(): ...\n",
        "svc/auth/ldap_views.py": "from . import auth\n\n@auth.route('/ldap', methods=['POST'])\ndef ldap(): ...\n",
        "svc/auth/saml.py": "from . import auth\n\n@auth.route('/saml')\ndef saml(): ...\n",
    }
    provider = "app.config['AUTH_PROVIDER']"
    assert _conditions(files) == [
        ("POST", "/ldap", (f"{provider} == 'ldap'",)),
        ("POST", "/login", ()),
        ("GET", "/saml", (f"{provider} == 'saml2'",)),
        ("POST", "/signup", (f"not ({provider} == 'ldap')",)),
    ]


def test_two_conditional_imports_give_either_condition_and_an_importing_module_passes_its_own_on() -> None:
    files = {
        "svc/__init__.py": "",
        "svc/app.py": """
        from flask import Flask
        from svc.settings import FEATURES

        app = Flask(__name__)
        if "reports" in FEATURES:
            from svc import reports
        if app.debug:
            from svc import reports
        if "admin" in FEATURES:
            from svc import admin
        """,
        "svc/settings.py": "import os\n\nFEATURES = os.environ['FEATURES'].split(',')\n",
        "svc/reports.py": "from svc.app import app\n\n@app.route('/reports')\ndef reports(): ...\n",
        "svc/admin.py": "from svc import admin_views\n",
        "svc/admin_views.py": "from svc.app import app\n\n@app.route('/admin')\ndef admin(): ...\n",
    }
    assert _conditions(files) == [
        ("GET", "/admin", ("'admin' in FEATURES",)),
        ("GET", "/reports", ("('reports' in FEATURES) or (app.debug)",)),
    ]


def test_an_unconditional_import_a_test_import_and_one_that_never_runs_leave_routes_unconditional() -> None:
    files = {
        "svc/__init__.py": "",
        "svc/app.py": """
        from typing import TYPE_CHECKING
        from flask import Flask

        app = Flask(__name__)
        if app.debug:
            from svc import both
        from svc import both
        if TYPE_CHECKING:
            from svc import typed
        """,
        "svc/both.py": "from svc.app import app\n\n@app.route('/both')\ndef both(): ...\n",
        "svc/typed.py": "from svc.app import app\n\n@app.route('/typed')\ndef typed(): ...\n",
        "svc/loaded.py": "from svc.app import app\n\n@app.route('/loaded')\ndef loaded(): ...\n",
        "tests/test_loaded.py": "import os\n\nif os.environ.get('X'):\n    from svc import loaded\n",
    }
    assert _conditions(files) == [("GET", "/both", ()), ("GET", "/loaded", ()), ("GET", "/typed", ())]


def test_a_module_a_string_names_is_loaded_by_that_name_whatever_its_conditional_imports() -> None:
    files = {
        "svc/__init__.py": "",
        "svc/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n\n@app.get('/health')\ndef health(): ...\n",
        "svc/cli.py": """
        import uvicorn

        def run(engine: str = "uvicorn"):
            if engine == "gunicorn":
                from svc.main import app
                serve(app)
            else:
                uvicorn.run("svc.main:app")
        """,
    }
    assert _conditions(files) == [("GET", "/health", ())]

"""docgen's security rules (DG404-DG411) on inline sources: exact codes and lines, and what they leave alone."""

from __future__ import annotations

from docgen.check.security import is_settings_module, is_test_code
from docgen.testing import link_sources


def _security(files: dict[str, str]) -> list[tuple[str, str, int]]:
    linked, _ = link_sources(files)
    return [(f.code, f.location.path, f.location.line) for f in linked.findings if f.security_severity]


def test_flow_within_a_function_reassignment_and_suppression() -> None:
    source = """
        def f(cursor, x):
            q = "SELECT " + x
            q = "SELECT 1"
            cursor.execute(q)
            sql = "SELECT * FROM t"
            sql += " WHERE a = " + x
            cursor.execute(sql)
            cursor.execute(f"SELECT {x}")  # docgen: ignore[DG404]
            cursor.execute(f"SELECT {x}")  # docgen: ignore[DG1]


        def g(cursor, q):
            cursor.execute(q)
    """
    assert _security({"app.py": source}) == [("DG404", "app.py", 7), ("DG404", "app.py", 9)]


def test_sql_from_model_metadata_and_repeated_placeholders_is_fixed() -> None:
    source = """
        def codes(cursor, Voucher, new_codes, names):
            rows = "VALUES " + (", ".join(["(%s)"] * len(new_codes)))
            cursor.execute(f'SELECT code FROM "{Voucher._meta.db_table}" INNER JOIN ({rows}) v(c)', list(new_codes))
            listed = ", ".join(names)
            cursor.execute(f"SELECT {listed}")
            cursor.execute("SELECT " + names * 2)
    """
    # the table name is the model's own, the placeholders are repeated fixed text; names are the caller's
    assert _security({"app.py": source}) == [("DG404", "app.py", 5), ("DG404", "app.py", 6)]


def test_test_code_is_not_checked() -> None:
    source = 'def f(cursor, x):\n    cursor.execute(f"SELECT {x}")\n'
    files = {"tests/test_db.py": source, "conftest.py": source, "app/db_test.py": source, "app/db.py": source}
    assert _security(files) == [("DG404", "app/db.py", 2)]


def test_csrf_exempt_forms_and_safe_only_views() -> None:
    views = """
        from django.utils.decorators import method_decorator
        from django.views import View
        from django.views.decorators.csrf import csrf_exempt


        @method_decorator(csrf_exempt, name="dispatch")
        class Upload(View):
            def post(self, request):
                return None


        @method_decorator(csrf_exempt, name="dispatch")
        class GitHubWebhook(View):  # called by another service: no browser session
            def post(self, request):
                return None


        @method_decorator(csrf_exempt, name="dispatch")
        class Page(View):
            def get(self, request):
                return None


        def listing(request):
            return None


        def paypal_ipn(request):
            return None
    """
    urls = """
        from django.urls import path
        from django.views.decorators.csrf import csrf_exempt

        from app import views

        urlpatterns = [path("list/", csrf_exempt(views.listing)), path("ipn/", csrf_exempt(views.paypal_ipn))]
    """
    files = {"app/__init__.py": "", "app/views.py": views, "app/urls.py": urls}
    assert _security(files) == [("DG410", "app/urls.py", 6), ("DG410", "app/views.py", 7)]


def test_jwt_decode_imported_by_name_and_flask_cors() -> None:
    source = """
        from flask import Flask
        from flask_cors import CORS
        from jwt import decode

        app = Flask(__name__)
        CORS(app, origins="*", supports_credentials=True)
        OPTIONS = {"verify_signature": False}


        def claims(token):
            return decode(token, options=OPTIONS)


        def checked(token, decoder):
            return decoder.decode(token, verify=False)
    """
    assert _security({"app.py": source}) == [("DG409", "app.py", 6), ("DG411", "app.py", 11)]


def test_settings_rules_read_unconditional_assignments_of_settings_modules_only() -> None:
    base = """
        import os

        if os.environ.get("LOCAL"):
            DEBUG = True
        SECRET_KEY = ""
        ALLOWED_HOSTS = "*"
    """
    files = {
        "proj/__init__.py": "",
        "proj/settings/__init__.py": "",
        "proj/settings/base.py": base,
        "proj/settings/local.py": "DEBUG = True\n",
        "proj/config.py": "DEBUG = True\nSECRET_KEY = 'abc'\n",
    }
    assert _security(files) == [("DG406", "proj/settings/local.py", 1)]


def test_what_counts_as_test_code_and_settings() -> None:
    assert [is_test_code(p) for p in ("tests/a.py", "a/test/b.py", "test_a.py", "a_test.py", "conftest.py")] == [
        True
    ] * 5
    assert [is_test_code(p) for p in ("contest.py", "attest/a.py", "a/testing.py")] == [False, False, False]
    names = ["settings", "proj.settings", "proj.settings.prod", "settings_prod", "proj.dev_settings"]
    assert [is_settings_module(n) for n in names] == [True] * 5
    others = ["proj.test_settings", "proj.settings.testing", "proj.config", "settingsx"]
    assert [is_settings_module(n) for n in others] == [False] * 4

"""A service with planted vulnerabilities and their safe twins: every planted one found at its line, no twin reported.

Each planted line ends in ``# planted: CODE[, CODE]``, each safe twin in ``# safe``; the expected
findings are read from those markers, so the source and what is asserted cannot drift apart.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from docgen.api import analyse
from docgen.config import load_config
from docgen.diagnostics import Reporter
from docgen.enrich.ruff import find_ruff
from docgen.model import Catalog, SecuritySeverity

SERVICE: dict[str, str] = {
    "shop/__init__.py": "",
    "shop/db.py": """
        import sqlalchemy as sa
        from django.db import connection
        from django.db.models.expressions import RawSQL
        from sqlalchemy import text

        from shop.models import Order

        TABLE = "orders"


        def search(name, order_by):
            query = f"SELECT * FROM orders WHERE name = '{name}'"
            with connection.cursor() as cursor:
                cursor.execute(query)  # planted: DG404
                cursor.execute("SELECT * FROM orders WHERE id = %s" % name)  # planted: DG404
                cursor.executemany("DELETE FROM t WHERE a = {}".format(name), [])  # planted: DG404
                cursor.execute("SELECT * FROM orders ORDER BY " + order_by)  # planted: DG404
            clause = "name = '%s'" % name
            Order.objects.extra(where=[clause])  # planted: DG404
            Order.objects.raw(f"SELECT * FROM orders WHERE name = '{name}'")  # planted: DG404
            Order.objects.annotate(x=RawSQL("SELECT %s" % name, ()))  # planted: DG404
            return sa.text(f"SELECT * FROM orders WHERE name = '{name}'")  # planted: DG404


        def search_safely(name, session):
            with connection.cursor() as cursor:
                cursor.execute("SELECT * FROM orders WHERE name = %s", (name,))  # safe
                cursor.execute(f"SELECT count(*) FROM {TABLE}")  # safe
                query = "SELECT * FROM orders"
                query += " WHERE name = %s"
                cursor.execute(query, [name])  # safe
            Order.objects.raw("SELECT * FROM orders WHERE name = %s", [name])  # safe
            Order.objects.extra(where=["name = %s"], params=[name])  # safe
            return session.execute(text("SELECT * FROM orders WHERE name = :n"), {"n": name})  # safe
    """,
    "shop/models.py": '''
        class Order:
            """An order."""

            objects = None
    ''',
    "shop/views.py": '''
        import hashlib
        import pickle
        import subprocess

        import jwt
        import requests
        import yaml
        from django.http import HttpResponse
        from django.utils.safestring import mark_safe
        from django.views.decorators.csrf import csrf_exempt
        from django.views.decorators.http import require_GET
        from flask import render_template_string
        from markupsafe import Markup
        from starlette.responses import HTMLResponse

        BANNER = "<b>sale</b>"


        def greet(request, name):
            note = mark_safe(name)  # planted: DG405
            title = Markup(request.GET["title"])  # planted: DG405
            page = render_template_string(request.args["tpl"])  # planted: DG405
            if note:
                return HTMLResponse(f"<p>Hello {name}</p>")  # planted: DG405
            return HttpResponse("<h1>" + title + page + "</h1>")  # planted: DG405


        def greet_safely(request, name):
            note = mark_safe("<b>welcome</b>")  # safe
            banner = Markup(BANNER)  # safe
            page = render_template_string("<p>{{ name }}</p>", name=name)  # safe
            if note and banner:
                return HTMLResponse("<p>Hello</p>")  # safe
            return HttpResponse(page)  # safe


        @csrf_exempt
        def update_profile(request):  # planted: DG410
            claims = jwt.decode(request.body, options={"verify_signature": False})  # planted: DG411
            legacy = jwt.decode(request.body, "key", verify=False)  # planted: DG411
            return HttpResponse(str((claims, legacy)))


        @csrf_exempt
        @require_GET
        def feed(request):  # safe
            """The public feed."""
            claims = jwt.decode(request.body, "key", algorithms=["HS256"])  # safe
            return HttpResponse(str(claims))


        @csrf_exempt
        def payment_webhook(request):  # safe
            """The payment provider's events: signed by the provider, sent without any browser session."""
            return HttpResponse(request.body)


        def tools(request, cmd, blob, url, text):
            subprocess.call(cmd, shell=True)  # planted: S602
            data = pickle.loads(blob)  # planted: S301
            config = yaml.load(text)  # planted: S506
            page = requests.get(url, verify=False, timeout=5)  # planted: S501
            signature = hashlib.md5(blob)  # planted: S324
            return eval(text), data, config, page, signature  # planted: S307


        def tools_safely(request, blob, url, text):
            done = subprocess.run(["/bin/ls", "-l"], check=False)  # safe
            config = yaml.safe_load(text)  # safe
            page = requests.get(url, timeout=5)  # safe
            digest = hashlib.sha256(blob)  # safe
            etag = hashlib.md5(blob)  # safe
            return done, config, page, digest, etag
    ''',
    "shop/api.py": '''
        from fastapi import Depends, FastAPI, Query
        from fastapi.middleware.cors import CORSMiddleware

        app = FastAPI()
        app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)  # planted: DG409
        app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=False)  # safe
        app.add_middleware(CORSMiddleware, allow_origins=["https://shop.example"], allow_credentials=True)  # safe


        def current_user():
            """The user of the request."""


        @app.get("/items")
        def items(user=Depends(current_user), q: str = Query("")):  # safe
            """List items."""
            return [user, q]
    ''',
    "config/__init__.py": "",
    "config/settings.py": """
        DEBUG = True  # planted: DG406
        ALLOWED_HOSTS = ["*"]  # planted: DG407
        SECRET_KEY = "django-insecure-0123456789abcdef"  # planted: DG408, S105
        CORS_ALLOW_ALL_ORIGINS = True  # planted: DG409
        CORS_ALLOW_CREDENTIALS = True
    """,
    "config/settings_prod.py": """
        import os

        DEBUG = os.getenv("DEBUG", "0") == "1"  # safe
        ALLOWED_HOSTS = ["shop.example"]  # safe
        SECRET_KEY = os.environ["SECRET_KEY"]  # safe
    """,
    "config/test_settings.py": '''
        """Settings of the test run."""

        DEBUG = True  # safe
        ALLOWED_HOSTS = ["*"]  # safe
        SECRET_KEY = "test-only"  # safe
    ''',
}

_MARKER = re.compile(r"#\s*(planted:\s*(?P<codes>[A-Z0-9, ]+)|safe)\s*$")


def _markers() -> tuple[set[tuple[str, int, str]], set[tuple[str, int]]]:
    planted: set[tuple[str, int, str]] = set()
    twins: set[tuple[str, int]] = set()
    for path, source in SERVICE.items():
        for number, line in enumerate(textwrap.dedent(source).lstrip("\n").splitlines(), start=1):
            found = _MARKER.search(line)
            if found and found["codes"]:
                planted |= {(path, number, code.strip()) for code in found["codes"].split(",")}
            elif found:
                twins.add((path, number))
    return planted, twins


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    if find_ruff() is None:
        pytest.skip("Ruff is not installed")
    root = tmp_path_factory.mktemp("service")
    for relative, source in SERVICE.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(source).lstrip("\n"), encoding="utf-8")
    cache = str(Path(tmp_path_factory.mktemp("cache")))
    config = load_config(root, isolated=True, overrides={"jobs": 1, "cache_dir": cache})
    return analyse(config, Reporter())


def test_every_planted_vulnerability_is_found_at_its_line_and_no_twin_is_reported(catalog: Catalog) -> None:
    planted, twins = _markers()
    assert len(planted) == 28
    assert len(twins) == 28
    security = {(f.location.path, f.location.line, f.code) for f in catalog.findings if f.security_severity}
    assert security == planted
    assert {(f.location.path, f.location.line) for f in catalog.findings} & twins == set()


def test_each_rule_has_its_severity_and_cwe(catalog: Catalog) -> None:
    rated = {(f.code, f.security_severity, f.cwe) for f in catalog.findings if f.security_severity}
    high, medium, low = SecuritySeverity.HIGH, SecuritySeverity.MEDIUM, SecuritySeverity.LOW
    assert rated == {
        ("DG404", high, 89),
        ("DG405", medium, 79),
        ("DG406", medium, 489),
        ("DG407", medium, 346),
        ("DG408", high, 798),
        ("DG409", high, 942),
        ("DG410", medium, 352),
        ("DG411", high, 347),
        ("S105", low, 259),
        ("S301", medium, 502),
        ("S307", medium, 78),
        ("S324", high, 327),
        ("S501", high, 295),
        ("S506", medium, 20),
        ("S602", high, 78),
    }

"""Tiny hostile files cannot hang, crash or flood the link stage (RELIABILITY.md: bounded stages).

Cyclic class hierarchies, url lists and route lists that include themselves, routers and
blueprints registered on themselves, and values that double at every line each end in one
diagnostic at the spot (DG914 for a cycle, DG915 for a value too big), with the rest documented.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from docgen.diagnostics import MAX_MESSAGE, Reporter
from docgen.model import Stage
from docgen.testing import link_sources, routes_table

NO_DJANGO_ROUTES = (
    "DG917",
    "urls.py",
    1,
    "Django (django) is imported by 1 module but docgen found none of its routes: they are registered in a way it"
    " does not follow (the other warnings name what it could not evaluate); if the registering code is installed"
    " rather than in the tree, add it with `extra-paths`",
)
"""What a urlconf left without a route once its cycle or oversized value is cut adds (docgen lists none)."""


def _found(diagnostics: list) -> list[tuple[str, str, int, str]]:
    return [(d.code, Path(d.location.path).name, d.location.line, d.message) for d in diagnostics if d.location]


def test_a_class_inheriting_from_itself_twice_is_one_dg914() -> None:
    _, diagnostics = link_sources({"app.py": "class A(A, A):\n    pass\n"})
    assert _found(diagnostics) == [
        ("DG914", "app.py", 1, "class hierarchy is cyclic (A -> A): the cycle is cut, bases beyond it are ignored")
    ]


def test_two_classes_inheriting_from_each_other_are_one_dg914() -> None:
    _, diagnostics = link_sources({"app.py": "class A(B):\n    pass\nclass B(A):\n    pass\n"})
    assert _found(diagnostics) == [
        ("DG914", "app.py", 3, "class hierarchy is cyclic (A -> B -> A): the cycle is cut, bases beyond it are ignored")
    ]


def test_a_django_url_list_including_itself_is_cut_with_dg914() -> None:
    source = 'from django.urls import path, include\nurlpatterns = [path("b/", include(urlpatterns))]\n'
    linked, diagnostics = link_sources({"urls.py": source})
    assert routes_table(linked) == []
    assert _found(diagnostics) == [
        (
            "DG914",
            "urls.py",
            2,
            "url pattern \"path('b/', include(urlpatterns))\" includes itself: this inclusion is dropped",
        ),
        NO_DJANGO_ROUTES,
    ]


def test_a_django_urlconf_including_its_own_module_is_cut_with_dg914() -> None:
    source = 'from django.urls import path, include\nurlpatterns = [path("b/", include("urls"))]\n'
    _, diagnostics = link_sources({"urls.py": source})
    assert _found(diagnostics) == [
        ("DG914", "urls.py", 2, "urlconf 'urls' includes itself: this inclusion is dropped"),
        NO_DJANGO_ROUTES,
    ]


def test_a_starlette_route_list_mounting_itself_is_cut_with_dg914() -> None:
    source = """
        from starlette.applications import Starlette
        from starlette.routing import Mount, Route
        async def h(request): ...
        r = [Route("/x", h), Mount("/a", routes=r)]
        app = Starlette(routes=r)
    """
    linked, diagnostics = link_sources({"app.py": source})
    assert routes_table(linked) == [("GET", "/a/x", "app.h"), ("GET", "/x", "app.h")]
    assert _found(diagnostics) == [
        ("DG914", "app.py", 4, "\"Mount('/a', routes=r)\" includes itself: this inclusion is dropped")
    ]


def test_a_fastapi_router_including_itself_is_cut_with_dg914() -> None:
    source = """
        from fastapi import APIRouter, FastAPI
        app = FastAPI()
        router = APIRouter()
        @router.get("/x")
        def x(): ...
        router.include_router(router, prefix="/a")
        app.include_router(router)
    """
    linked, diagnostics = link_sources({"app.py": source})
    assert routes_table(linked) == [("GET", "/x", "app.x")]
    assert _found(diagnostics) == [("DG914", "app.py", 6, "'app:router' includes itself: this inclusion is dropped")]


def test_a_flask_blueprint_registered_on_itself_is_cut_with_dg914() -> None:
    source = """
        from flask import Blueprint, Flask
        app = Flask(__name__)
        bp = Blueprint("bp", __name__)
        @bp.get("/x")
        def x(): ...
        bp.register_blueprint(bp, url_prefix="/a")
        app.register_blueprint(bp)
    """
    linked, diagnostics = link_sources({"app.py": source})
    assert routes_table(linked) == [("GET", "/x", "app.x")]
    assert _found(diagnostics) == [("DG914", "app.py", 6, "'app:bp' includes itself: this inclusion is dropped")]


def test_a_string_doubled_at_every_line_becomes_unknown_instead_of_exhausting_memory() -> None:
    lines = ['a0 = "/x"'] + [f"a{i} = a{i - 1} + a{i - 1}" for i in range(1, 64)]
    source = "from flask import Flask\napp = Flask(__name__)\n" + "\n".join(lines) + "\n@app.get(a63)\ndef x(): ...\n"
    linked, diagnostics = link_sources({"app.py": source})
    [(method, path, handler)] = routes_table(linked)
    assert (method, handler) == ("GET", "app.x")
    assert path == "{?a61 + a61}{?a61 + a61}"
    codes = [(d.code, d.message) for d in diagnostics]
    deep = "the value of 'a43' is unknown, as is what nests as deep elsewhere in this module"
    assert codes == [
        ("DG915", f"evaluation nested more than 60 levels deep: {deep}"),
        (
            "DG915",
            "the value of 'a52 + a52' would hold more than 4096 characters: it is unknown, "
            "as is any other this big in this module",
        ),
        ("DG904", "URL rule '{?a61 + a61}{?a61 + a61}' could not be fully evaluated"),
    ]


def test_a_url_list_doubled_at_every_line_becomes_unknown_past_the_item_limit() -> None:
    lines = ["from django.urls import path", "def v(request): ...", 'r0 = [path("x/", v)]']
    lines += [f"r{i} = r{i - 1} + r{i - 1}" for i in range(1, 15)]  # 2**14 = 16384 patterns
    linked, diagnostics = link_sources({"urls.py": "\n".join(lines) + "\nurlpatterns = r14\n"})
    assert routes_table(linked) == []
    assert [(d.code, d.message) for d in diagnostics] == [
        (
            "DG915",
            "the value of 'r13 + r13' would hold more than 10000 items: it is unknown, "
            "as is any other this big in this module",
        ),
        ("DG904", "url pattern '{?r13 + r13}' could not be evaluated"),
        (NO_DJANGO_ROUTES[0], NO_DJANGO_ROUTES[3]),
    ]


def test_a_huge_diagnostic_message_is_shortened_and_says_how_long_it_was() -> None:
    reporter = Reporter()
    reporter.warn("DG904", "x" * 5_000_000, Stage.LINK)
    [diagnostic] = reporter.diagnostics
    assert len(diagnostic.message) == MAX_MESSAGE - 40 + len("… (5000000 characters)")
    assert diagnostic.message.endswith("x… (5000000 characters)")


def test_the_command_line_documents_a_tree_with_every_bomb_and_exits_0(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "hier.py").write_text('"""Cycles."""\nclass A(A, A):\n    pass\n', encoding="utf-8")
    (root / "urls.py").write_text(
        'from django.urls import path, include\nurlpatterns = [path("b/", include(urlpatterns))]\n', encoding="utf-8"
    )
    (root / "app.py").write_text(
        "from starlette.applications import Starlette\nfrom starlette.routing import Mount\n"
        "r = [Mount('/a', routes=r)]\napp = Starlette(routes=r)\n",
        encoding="utf-8",
    )
    (root / "settings.py").write_text('ROOT_URLCONF = "urls"\n', encoding="utf-8")
    out = tmp_path / "catalog.json"
    done = subprocess.run(
        [sys.executable, "-m", "docgen", "extract", str(root), "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    warnings = sorted(line for line in done.stderr.splitlines() if "DG914" in line)
    assert warnings == [
        "docgen: warning: app.py:3: DG914 \"Mount('/a', routes=r)\" includes itself: this inclusion is dropped",
        "docgen: warning: hier.py:2: DG914 class hierarchy is cyclic (A -> A): the cycle is cut, "
        "bases beyond it are ignored",
        "docgen: warning: urls.py:2: DG914 url pattern \"path('b/', include(urlpatterns))\" includes itself: "
        "this inclusion is dropped",
    ]
    assert "RecursionError" not in done.stderr and "DG908" not in done.stderr


def test_a_long_operator_chain_is_skipped_before_libcst_whose_time_grows_with_its_cube() -> None:
    chain = " + ".join(['"/a"'] * 3_000)  # LibCST alone would take a minute on it, 20,000 terms hours
    source = f'"""Chains."""\nfrom flask import Flask\napp = Flask(__name__)\n@app.get({chain})\ndef f(): ...\n'
    # In parse workers, as docgen runs (in-process parsing, for debugging, keeps Python's small stack).
    linked, diagnostics = link_sources({"app.py": source, "ok.py": 'X = "/a" + "/b"\n'}, jobs=2)
    assert [
        (d.code, d.location.path if d.location else None, d.location.line if d.location else None, d.message)
        for d in diagnostics
    ] == [("DG907", "app.py", 4, "expression nesting deeper than 1000 levels; skipped")]
    assert routes_table(linked) == []


def test_a_chain_under_the_nesting_limit_is_read_and_what_evaluation_cannot_reach_is_visible() -> None:
    chain = " + ".join(['"/a"'] * 900)
    source = f"from flask import Flask\napp = Flask(__name__)\n@app.get({chain})\ndef f(): ...\n"
    linked, diagnostics = link_sources({"app.py": source})
    [(method, path, handler)] = routes_table(linked)
    assert (method, handler) == ("GET", "app.f")
    assert path.startswith("{?") and path.endswith("/a/a/a")
    assert [d.code for d in diagnostics] == ["DG915", "DG904"]
    assert diagnostics[0].message == (
        "evaluation nested more than 60 levels deep: "
        "\"… + … + '/a' + '/a' + '/a' + '/a' + '/a' + '/a' + '/a' + '/a' + '/a' + '/a' + '…\" is unknown, "
        "as is what nests as deep elsewhere in this module"
    )


def test_a_nested_class_chain_defined_twice_renders_in_linear_time(tmp_path: Path) -> None:
    """Each level's members were expanded once per definition: 2**depth steps for a chain defined twice."""
    chain = "".join("    " * i + f"class D{i}:\n" for i in range(40)) + "    " * 40 + "pass\n"
    root = tmp_path / "repo"
    root.mkdir()
    (root / "deep.py").write_text('"""Deep."""\n' + chain + chain, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "docgen", "build", str(root), "-o", str(tmp_path / "site")],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "site" / "reference" / "deep" / "index.html").read_text(encoding="utf-8")
    anchors = re.findall(r'id="(d0(?:-[^"]*)?)"', page)
    assert (len(anchors), len(set(anchors))) == (80, 80)  # every definition once, none repeated

"""``a or b`` / ``a and b`` as values, ``and``/``or`` tests decided by operands that read no locals, ``str(obj)``."""

from __future__ import annotations

from docgen.testing import link_sources, routes_table


def test_or_and_and_are_the_operand_that_decides_them_when_the_truths_before_it_are_known() -> None:
    linked, diagnostics = link_sources(
        {
            "app/__init__.py": "",
            "app/main.py": """
            import os
            from fastapi import APIRouter, FastAPI
            from app.lookup import read

            EMPTY = ""
            NAME = "/named"
            app = FastAPI()
            router = APIRouter()

            @router.get("/")
            def index(): ...

            app.include_router(router, prefix=EMPTY or "/fallback")
            app.include_router(router, prefix=NAME or "/never")
            app.include_router(router, prefix=NAME and "/second")
            app.include_router(router, prefix=EMPTY or EMPTY or "/third")
            app.include_router(router, prefix=os.getenv("APP_PREFIX") or "/unset")
            app.include_router(router, prefix=read() or "/maybe")
            """,
            "app/lookup.py": "def read(): return fetch()\n",
        }
    )
    assert routes_table(linked) == [
        ("GET", "/fallback/", "app.main.index"),
        ("GET", "/named/", "app.main.index"),
        ("GET", "/second/", "app.main.index"),
        ("GET", "/third/", "app.main.index"),
        ("GET", "/unset/", "app.main.index"),
        ("GET", "{?read() or '/maybe'}/", "app.main.index"),
    ]
    assert [(d.code, d.location.line, d.message) for d in diagnostics] == [
        ("DG904", 18, "prefix \"{?read() or '/maybe'}\" could not be evaluated statically; shown as a placeholder")
    ]


def test_a_test_reading_locals_is_decided_by_an_operand_that_reads_none_when_that_operand_decides_it() -> None:
    linked, diagnostics = link_sources(
        {
            "app/__init__.py": "",
            "app/main.py": """
            from fastapi import APIRouter, FastAPI
            from app.lookup import read

            STRICT = True
            LOOSE = False
            app = FastAPI()
            router = APIRouter()

            @router.get("/")
            def index(): ...

            def decided():
                current = read()
                if current == "/x" and not STRICT:
                    return "/unreached"
                return "/decided"

            def either():
                current = read()
                if current == "/x" or not LOOSE:
                    return "/taken"
                return "/other"

            app.include_router(router, prefix=decided())
            app.include_router(router, prefix=either())
            """,
            "app/lookup.py": "def read(): return fetch()\n",
        }
    )
    assert routes_table(linked) == [
        ("GET", "/decided/", "app.main.index"),
        ("GET", "/taken/", "app.main.index"),
    ]
    assert diagnostics == []


def test_str_of_an_object_is_what_the_analysed_str_it_inherits_returns() -> None:
    linked, diagnostics = link_sources(
        {
            "app/__init__.py": "",
            "app/main.py": """
            from fastapi import APIRouter, FastAPI
            from starlette.datastructures import URL

            class Prefix:
                def __init__(self, name):
                    self.name = name

                def __str__(self):
                    return "/" + self.name

            class Versioned(Prefix):
                pass

            class Remote(URL):
                pass

            app = FastAPI()
            router = APIRouter()

            @router.get("/")
            def index(): ...

            app.include_router(router, prefix=str(Prefix("shop")))
            app.include_router(router, prefix=str(Versioned("v2")))
            app.include_router(router, prefix="/" + str(7))
            app.include_router(router, prefix=str(Remote("/r")))
            """,
        }
    )
    assert routes_table(linked) == [
        ("GET", "/7/", "app.main.index"),
        ("GET", "/shop/", "app.main.index"),
        ("GET", "/v2/", "app.main.index"),
        ("GET", "{?str(Remote('/r'))}/", "app.main.index"),
    ]
    assert [(d.code, d.location.line) for d in diagnostics] == [("DG904", 26)]

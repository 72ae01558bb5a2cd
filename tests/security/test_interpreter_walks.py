"""The bounded interpreter where routes are registered: helpers that call themselves, loops of a million, long chains.

Each case registers routes through the construct and asserts the exact routes found within the
bound and the exact diagnostics saying where a bound was hit.
"""

from __future__ import annotations

import textwrap
import time
from pathlib import Path

from docgen.testing import link_sources, routes_table

Found = tuple[list[tuple[str, str, str | None]], list[tuple[str, str, int, str]]]


def _linked(source: str) -> Found:
    """Routes and located diagnostics of ``source`` (indented) as ``main.py``."""
    linked, diagnostics = link_sources({"main.py": textwrap.dedent(source)})
    found = [(d.code, Path(d.location.path).name, d.location.line, d.message) for d in diagnostics if d.location]
    return routes_table(linked), found


def _too_deep(function: str) -> str:
    return (
        f"calls handing objects to functions are followed 6 deep: this call of 'main.{function}' is not "
        "followed, and what it would register is not listed"
    )


def test_registering_helpers_that_call_themselves_or_each_other_stop_six_calls_deep() -> None:
    source = """
    from aiohttp import web


    async def handler(request):
        return web.Response()


    def register(app, n):
        app.router.add_get(f"/r{n}", handler)
        register(app, n + 1)


    def ping(app, path):
        app.router.add_get(path + "/ping", handler)
        pong(app, path + "/a")


    def pong(app, path):
        app.router.add_get(path + "/pong", handler)
        ping(app, path)


    def same(app):
        app.router.add_get("/same", handler)
        same(app)


    app = web.Application()
    register(app, 0)
    ping(app, "")
    same(app)
    """
    started = time.perf_counter()
    routes, diagnostics = _linked(source)
    assert time.perf_counter() - started < 10
    assert routes == [
        ("GET", "/a/a/a/pong", "main.handler"),
        ("GET", "/a/a/ping", "main.handler"),
        ("GET", "/a/a/pong", "main.handler"),
        ("GET", "/a/ping", "main.handler"),
        ("GET", "/a/pong", "main.handler"),
        ("GET", "/ping", "main.handler"),
        *[("GET", f"/r{n}", "main.handler") for n in range(6)],
        ("GET", "/same", "main.handler"),  # the same arguments again: walked once, no bound hit
    ]
    assert diagnostics == [
        ("DG915", "main.py", 10, _too_deep("register")),
        ("DG915", "main.py", 20, _too_deep("ping")),
    ]


def test_a_million_registrations_in_a_loop_are_one_route_with_the_loop_variable_a_placeholder() -> None:
    """``range(n)`` is not counted: the body is read once, ``i`` unknown; a string the loop changes is unknown."""
    parts = ", ".join(f'"p{i}"' for i in range(30))
    source = f"""
    from flask import Flask

    app = Flask(__name__)


    def view():
        return "x"


    for i in range(1000000):
        app.add_url_rule(f"/r{{i}}", f"r{{i}}", view)

    doubled = "a"
    for _ in range(1000000):
        doubled = doubled + doubled
    app.add_url_rule("/" + doubled, "doubled", view)

    capped = "b"
    for part in [{parts}]:
        capped = capped + capped + part
    app.add_url_rule("/" + capped, "capped", view)

    counted = "/u"
    for part in ["x", "y"]:
        counted = counted + "/" + part
    app.add_url_rule(counted, "counted", view)
    """
    started = time.perf_counter()
    routes, diagnostics = _linked(source)
    assert time.perf_counter() - started < 10
    assert routes == [
        ("GET", "/r{?i}", "main.view"),
        ("GET", "/u/x/y", "main.view"),
        ("GET", "/{?capped}", "main.view"),
        ("GET", "/{?doubled}", "main.view"),
    ]
    changed = "'doubled' is changed in a loop over 'range(1000000)', which docgen cannot count: it is unknown"
    assert diagnostics == [
        ("DG904", "main.py", 0, "URL rule '/r{?i}' could not be fully evaluated"),
        ("DG904", "main.py", 14, changed),
        ("DG904", "main.py", 0, "URL rule '/{?doubled}' could not be fully evaluated"),
        (
            "DG915",
            "main.py",
            20,
            "the value of 'capped + capped' would hold more than 100000 characters: it is unknown, "
            "as is any other this big in this module",
        ),
        ("DG904", "main.py", 0, "URL rule '/{?capped}' could not be fully evaluated"),
    ]


def test_a_chain_of_forty_helpers_and_a_chain_of_200_attributes_are_cut_where_evaluation_nests_too_deep() -> None:
    """The first value cut in each module gets a DG915 (the other cuts there are not listed one by one)."""
    helpers = "\n".join(f"def h{i}(p):\n    return h{i + 1}(p + '/x')\n" for i in range(40))
    source = """
    from flask import Flask
    from chain import PATH

    app = Flask(__name__)


    def h40(p):
        return p


    def view():
        return "x"


    app.add_url_rule(h0("/deep"), "deep", view)
    app.add_url_rule(h35("/short"), "short", view)
    app.add_url_rule(PATH, "attributes", view)
    """
    chain = f"class Node:\n    path = '/n'\n\n\nPATH = Node{'.child' * 200}.path\n"
    linked, found = link_sources({"main.py": textwrap.dedent(source) + "\n" + helpers, "chain.py": chain})
    routes = routes_table(linked)
    attributes = "{?…" + ".child" * 49 + ".chi…}"
    assert routes == [
        ("GET", "/short/x/x/x/x/x", "main.view"),
        ("GET", "{?main.h0()}", "main.view"),
        ("GET", attributes, "main.view"),
    ]
    deep = "evaluation nested more than 60 levels deep: "
    elsewhere = "is unknown, as is what nests as deep elsewhere in this module"
    chained = "'…" + ".child" * 13 + "…'"
    assert [(d.code, str(d.location), d.message) for d in found] == [
        ("DG915", "main.py:74", f"{deep}'p' {elsewhere}"),
        ("DG904", "main.py:15", "URL rule '{?main.h0()}' could not be fully evaluated"),
        ("DG915", "chain.py:5", f"{deep}{chained} {elsewhere}"),
        ("DG904", "main.py", f"URL rule {attributes!r} could not be fully evaluated"),
    ]

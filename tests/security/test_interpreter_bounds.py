"""The bounded interpreter on code that recurses, loops a million times or holds itself.

Each app registers routes through the construct: the value it cannot reach is a visible
``{?...}`` placeholder with a diagnostic at the spot, and the app's other routes are found.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from docgen.testing import link_sources, routes_table

ROUTES = """

@items.get("/items")
def list_items():
    return []


@more.get("/more")
def list_more():
    return []


@ok.get("/ping")
def ping():
    return "pong"


app.include_router(items)
app.include_router(more)
app.include_router(ok)
"""
OK = ("GET", "/ok/ping", "main.ping")


def _linked(source: str) -> tuple[list[tuple[str, str, str | None]], list[tuple[str, str, int, str]]]:
    """Routes and located diagnostics of ``source`` (indented) followed by :data:`ROUTES`."""
    linked, diagnostics = link_sources({"main.py": textwrap.dedent(source) + ROUTES})
    found = [(d.code, Path(d.location.path).name, d.location.line, d.message) for d in diagnostics if d.location]
    return routes_table(linked), found


def _recursion(function: str) -> str:
    return (
        f"recursion through 'main.{function}' is cut short (at most 3 recursive calls, none with the "
        "arguments of a call in progress): the deeper calls' values are unknown"
    )


def _prefix(text: str) -> str:
    return f"prefix {text!r} could not be evaluated statically; shown as a placeholder"


def test_recursion_with_new_arguments_and_with_the_same_ones() -> None:
    source = """
    from fastapi import APIRouter, FastAPI

    app = FastAPI()


    def deep(path):
        return deep(path + "/x")


    def forever():
        return "/v" + forever()


    items = APIRouter(prefix=deep("/api"))
    more = APIRouter(prefix=forever())
    ok = APIRouter(prefix="/ok")
    """
    routes, diagnostics = _linked(source)
    assert routes == [
        OK,
        ("GET", "{?main.deep()}/items", "main.list_items"),
        ("GET", "{?main.forever()}/more", "main.list_more"),
    ]
    assert diagnostics == [
        ("DG915", "main.py", 6, _recursion("deep")),
        ("DG904", "main.py", 14, _prefix("{?main.deep()}")),
        ("DG915", "main.py", 10, _recursion("forever")),
        ("DG904", "main.py", 15, _prefix("{?main.forever()}")),
    ]


def test_mutual_recursion_that_branches_stays_a_few_calls() -> None:
    """``tree`` calls itself twice and ``tick``/``tock`` six times a round: they used to run until the module's 20 s."""
    source = """
    from fastapi import APIRouter, FastAPI

    app = FastAPI()


    def tree(path):
        return tree(path + "/l") + tree(path + "/r")


    def tick(path, n):
        return tock(path + "/a", n) + tock(path + "/b", n) + tock(path + "/c", n)


    def tock(path, n):
        return tick(path, n + 1) + tick(path + "/d", n)


    items = APIRouter(prefix=tree("/api"))
    more = APIRouter(prefix=tick("/m", 0))
    ok = APIRouter(prefix="/ok")
    """
    routes, diagnostics = _linked(source)
    assert routes == [
        OK,
        ("GET", "{?main.tick()}/more", "main.list_more"),
        ("GET", "{?main.tree()}/items", "main.list_items"),
    ]
    assert diagnostics == [
        ("DG915", "main.py", 6, _recursion("tree")),
        ("DG904", "main.py", 18, _prefix("{?main.tree()}")),
        ("DG915", "main.py", 14, _recursion("tock")),
        ("DG904", "main.py", 19, _prefix("{?main.tick()}")),
    ]


def test_a_loop_of_a_million_iterations() -> None:
    source = """
    from fastapi import APIRouter, FastAPI

    app = FastAPI()
    items = APIRouter()
    more = APIRouter()
    each = APIRouter()


    @each.get("/each")
    def get_each():
        return []


    for i in range(1_000_000):
        app.include_router(each, prefix=f"/v{i}")

    prefix = "/ok"
    for i in range(1_000_000):
        prefix += "/x"
    ok = APIRouter(prefix=prefix)
    """
    routes, diagnostics = _linked(source)
    assert routes == [
        ("GET", "/items", "main.list_items"),
        ("GET", "/more", "main.list_more"),
        ("GET", "/v{?i}/each", "main.get_each"),
        ("GET", "{?prefix}/ping", "main.ping"),
    ]
    changed = "'prefix' is changed in a loop over 'range(1000000)', which docgen cannot count: it is unknown"
    assert diagnostics == [
        ("DG904", "main.py", 15, _prefix("/v{?i}")),
        ("DG904", "main.py", 18, changed),
        ("DG904", "main.py", 20, _prefix("{?prefix}")),
    ]


def test_loops_in_loops_past_ten_thousand_runs_leave_the_inner_variable_unknown() -> None:
    names = ", ".join(f'"n{i}"' for i in range(1000))
    source = f"""
    from fastapi import APIRouter, FastAPI

    app = FastAPI()
    items = APIRouter()
    more = APIRouter(prefix="/more")
    ok = APIRouter(prefix="/ok")
    each = APIRouter()
    each.add_api_route("/each", ping)
    THOUSAND = [{names}]

    for a in THOUSAND:
        for b in THOUSAND:
            more.include_router(each, prefix=f"/{{a}}/{{b}}")
    """
    linked, diagnostics = link_sources({"main.py": textwrap.dedent(source) + ROUTES})
    routes = routes_table(linked)
    nested = sorted(("GET", f"/more/n{i}/{{?b}}/each", "main.ping") for i in range(1000))
    assert routes == [("GET", "/items", "main.list_items"), ("GET", "/more/more", "main.list_more"), *nested, OK]
    found = [(d.code, Path(d.location.path).name, d.location.line, d.message) for d in diagnostics if d.location]
    runs = "would run its body 1000000 times with the loops around it (more than 10000): 'b' is unknown in it"
    assert found[0] == ("DG915", "main.py", 12, f"the loop over 'THOUSAND' {runs}")
    assert found[1:] == [("DG904", "main.py", 13, _prefix(f"/n{i}/{{?b}}")) for i in range(1000)]


def test_values_that_hold_themselves() -> None:
    source = """
    from fastapi import APIRouter, FastAPI

    app = FastAPI()

    x = []
    x.append(x)
    d = {}
    d["self"] = d


    class Api:
        base = "/api"
        base = base + "/v1"
        me = None


    Api.me = Api


    class Loop:
        prefix = Loop.prefix + "/l"


    items = APIRouter(prefix=x[0][0][0])
    more = APIRouter(prefix=d["self"]["self"]["prefix"])
    ok = APIRouter(prefix="/ok")
    same = APIRouter(prefix=Api.base)
    me = APIRouter(prefix=Api.me.base)
    loop = APIRouter(prefix=Loop.prefix)
    routers = [same, me, loop]
    routers.append(routers)
    for r in routers:
        r.add_api_route("/r", ping)
        app.include_router(r)
    """
    routes, diagnostics = _linked(source)
    assert routes == [
        ("GET", "/api/v1/r", "main.ping"),
        OK,
        ("GET", "{?Api.me.base}/r", "main.ping"),
        ("GET", "{?d['self']['self']['prefix']}/more", "main.list_more"),
        ("GET", "{?prefix}/l/r", "main.ping"),
        ("GET", "{?x[0][0][0]}/items", "main.list_items"),
    ]
    assert diagnostics == [
        ("DG904", "main.py", 28, _prefix("{?Api.me.base}")),
        ("DG904", "main.py", 29, _prefix("{?prefix}/l")),
        ("DG904", "main.py", 24, _prefix("{?x[0][0][0]}")),
        ("DG904", "main.py", 25, _prefix("{?d['self']['self']['prefix']}")),
    ]

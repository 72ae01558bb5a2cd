"""The route graph's chains: each way from an application down to a node, with what lies along it."""

from __future__ import annotations

from docgen.link.routegraph import Edge, Node, RouteGraph
from docgen.model import Framework, Location
from docgen.testing import link_sources


def test_chains_name_the_nodes_they_pass_through_from_the_top_down() -> None:
    graph = RouteGraph()
    here = Location("app.py", 1)
    for key, is_app, prefix in (("app", True, ""), ("api", False, "/api"), ("users", False, "/users")):
        graph.add_node(Node(key, Framework("fastapi"), is_app, prefix, key, here))
    graph.add_edge(Edge("app", "api", "", False, here))
    graph.add_edge(Edge("api", "users", "", False, here))
    graph.add_edge(Edge("app", "users", "/direct", False, here))
    chains = graph.chains("users")
    assert [(c.prefix, c.nodes) for c in chains] == [
        ("/api/users", ("app", "api", "users")),
        ("/direct/users", ("app", "users")),
    ]
    assert [c.nodes for c in graph.chains("app")] == [("app",)]


def test_an_unconditional_inclusion_at_an_unknown_prefix_is_kept_beside_a_known_one() -> None:
    linked, diagnostics = link_sources(
        {
            "main.py": """
            import os
            from fastapi import APIRouter, FastAPI

            app = FastAPI()
            r = APIRouter()

            @r.get("/x")
            def x(): ...

            for prefix in ["/a", os.environ["P"]]:
                app.include_router(r, prefix=prefix)
            """
        }
    )
    assert [(r.method.value, r.path) for r in linked.routes] == [("GET", "/a/x"), ("GET", "{?os.environ['P']}/x")]
    assert [d.code for d in diagnostics] == ["DG904"]

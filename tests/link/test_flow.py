"""What statements give names: loop targets unpacked, and ``self.x`` from what a class's methods assign."""

from __future__ import annotations

from docgen.testing import link_sources, routes_table


def test_nested_tuple_targets_are_unpacked_and_a_short_element_binds_unknowns() -> None:
    linked, _ = link_sources(
        {
            "app.py": """
            import falcon

            class A:
                def on_get(self, req, resp): ...

            app = falcon.App()
            TABLE = [(("/a", A()), "first"), (("/b", A()), "second"), ("/c",)]
            for (path, resource), label in TABLE:
                app.add_route(path, resource)
            """
        }
    )
    assert routes_table(linked) == [
        ("GET", "/a", "app.A.on_get"),
        ("GET", "/b", "app.A.on_get"),
        ("ANY", "{?path}", None),
    ]


def test_self_attributes_come_from_the_method_itself_init_or_the_only_assignment_per_instance() -> None:
    linked, _ = link_sources(
        {
            "srv.py": """
            import falcon

            class R:
                def on_get(self, req, resp): ...

            class Wrapper:
                def __init__(self, app): ...

            class Base:
                def __init__(self):
                    self.app = falcon.App()
                    self.other = None

            class Server(Base):
                def routes(self):
                    self.app.add_route("/from-init", R())

                def wrap(self):
                    self.app = Wrapper(self.app)
                    self.app.add_route("/wrapped", R())

                def build(self):
                    self.other = falcon.App()
                    self.other.add_route("/only", R())

                def two(self):
                    self.twice = falcon.App()

                def three(self):
                    self.twice = falcon.App()
                    self.never.add_route("/unknown-receiver", R())

                def four(self):
                    self.twice.add_route("/ambiguous", R())
            """
        }
    )
    assert sorted((m, p, h, r.app) for (m, p, h), r in zip(routes_table(linked), linked.routes, strict=True)) == [
        ("GET", "/from-init", "srv.R.on_get", "srv:Server().app"),
        ("GET", "/only", "srv.R.on_get", "srv:Server().other"),
    ]  # /wrapped is registered on the Wrapper; /unknown-receiver and /ambiguous on unknown objects

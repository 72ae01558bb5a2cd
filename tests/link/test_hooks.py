"""Pluggy hook calls walk the analysed hook implementations with their keyword arguments bound."""

from __future__ import annotations

from docgen.testing import link_sources, routes_table

SOURCES = {
    "srv/__init__.py": "",
    "srv/config.py": """
        from pluggy import HookimplMarker, HookspecMarker, PluginManager

        hookimpl = HookimplMarker("srv")
        hookspec = HookspecMarker("srv")


        @hookspec
        def srv_configure(config, web):
            "What plug-ins add to the application."


        def manager():
            pm = PluginManager("srv")
            return pm
    """,
    "srv/main.py": """
        from pyramid.config import Configurator


        class Server:
            def __init__(self, settings, plugins):
                self.settings = settings
                self.plugins = plugins

            def create_app(self):
                web = Configurator(settings=self.settings)
                web.add_route("root", "/")
                web.add_view(root, route_name="root")
                self.plugins.hook.srv_configure(config=self.settings, web=web)
                self.plugins.hook.srv_unknown(web=web)
                return web.make_wsgi_app()


        def root(request): ...
    """,
    "srv/metrics.py": """
        from srv.config import hookimpl


        @hookimpl(tryfirst=True)
        def srv_configure(config, web):
            web.add_route("metrics", "/metrics")
            web.add_view(metrics, route_name="metrics", request_method="GET")


        def srv_unknown(web):  # no @hookimpl: pluggy does not run it
            web.add_route("hidden", "/hidden")
            web.add_view(metrics, route_name="hidden")


        def metrics(request): ...
    """,
    "srv/replica.py": """
        from srv.config import hookimpl


        @hookimpl
        def srv_configure(web):
            web.include("srv.replica")


        def includeme(config):
            config.add_route("changes", "/+changes/{serial:\\\\d+}")
            config.add_view(changes, route_name="changes")


        def changes(request): ...
    """,
}


def test_every_implementation_of_a_called_hook_runs_with_the_call_arguments() -> None:
    linked, _ = link_sources(SOURCES)
    assert sorted(routes_table(linked), key=lambda r: r[1]) == [
        ("ANY", "/", "srv.main.root"),
        ("ANY", "/+changes/{serial}", "srv.replica.changes"),
        ("GET", "/metrics", "srv.metrics.metrics"),
    ]

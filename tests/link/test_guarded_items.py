"""Route-list items appended under a condition docgen cannot decide are registered under it, and say so."""

from __future__ import annotations

from docgen.testing import link_sources


def _conditions(source: str) -> list[tuple[str, str, str | None, tuple[str, ...]]]:
    linked, _ = link_sources({"svc/__init__.py": "", "svc/app.py": source})
    return [(str(r.method), r.path, r.handler, r.conditions) for r in linked.routes]


def test_a_starlette_route_list_item_appended_under_an_undecided_test() -> None:
    assert _conditions(
        """
        import features
        from starlette.applications import Starlette
        from starlette.routing import Route

        async def home(request): ...
        async def debug(request): ...
        async def admin(request): ...

        routes = [Route("/", home)]
        if features.debug():
            routes.append(Route("/debug", debug))
        if features.ADMIN:
            routes.insert(0, Route("/admin", admin))
        app = Starlette(routes=routes)
        """
    ) == [
        ("GET", "/", "svc.app.home", ()),
        ("GET", "/admin", "svc.app.admin", ("features.ADMIN",)),
        ("GET", "/debug", "svc.app.debug", ("features.debug()",)),
    ]


def test_tornado_and_aiohttp_tables_extended_under_an_undecided_test() -> None:
    assert _conditions(
        """
        import features
        import tornado.web
        from aiohttp import web

        class Page(tornado.web.RequestHandler):
            def get(self): ...

        async def ping(request): ...
        async def stats(request): ...

        handlers = [(r"/page", Page)]
        if features.EXTRA:
            handlers += [(r"/extra", Page)]
        application = tornado.web.Application(handlers)

        definitions = [web.get("/ping", ping)]
        if not features.QUIET:
            definitions.extend([web.get("/stats", stats)])
        aio = web.Application()
        aio.add_routes(definitions)
        """
    ) == [
        ("GET", "/extra", "svc.app.Page.get", ("features.EXTRA",)),
        ("GET", "/page", "svc.app.Page.get", ()),
        ("GET", "/ping", "svc.app.ping", ()),
        ("GET", "/stats", "svc.app.stats", ("not features.QUIET",)),
    ]


def test_a_list_returned_under_an_undecided_test_guards_the_items_a_later_return_may_not_give() -> None:
    assert _conditions(
        """
        from os import listdir, path
        from starlette.applications import Starlette
        from starlette.routing import Route

        async def home(request): ...
        async def icon(request): ...
        async def page(request): ...

        def static_routes(base):
            if not path.isdir(base):
                return [Route("/", home), Route("/favicon.png", icon)]
            routes = [Route("/", home)]
            for entry in listdir(base):
                routes.append(Route("/" + entry, page))
            return routes

        def known_routes(debug):
            if debug:
                return [Route("/", home)]
            return [Route("/", home)]

        app = Starlette(routes=static_routes("build"))
        other = Starlette(routes=known_routes(True))
        """
    ) == [
        ("GET", "/", "svc.app.home", ()),
        ("GET", "/", "svc.app.home", ()),
        ("GET", "/favicon.png", "svc.app.icon", ("not path.isdir(base)",)),
    ]


def test_guarded_items_keep_their_conditions_through_a_list_join_and_a_starred_list() -> None:
    assert _conditions(
        """
        import features
        from starlette.applications import Starlette
        from starlette.routing import Route

        async def home(request): ...
        async def extra(request): ...
        async def last(request): ...

        def optional_routes():
            if features.ON:
                return [Route("/extra", extra)]
            return []

        app = Starlette(routes=[Route("/", home)] + optional_routes() + [Route("/last", last)])
        other = Starlette(routes=[*optional_routes(), Route("/", home)])
        """
    ) == [
        ("GET", "/", "svc.app.home", ()),
        ("GET", "/", "svc.app.home", ()),
        ("GET", "/extra", "svc.app.extra", ("features.ON",)),
        ("GET", "/extra", "svc.app.extra", ("features.ON",)),
        ("GET", "/last", "svc.app.last", ()),
    ]


def test_a_conditional_expression_of_two_lists_with_an_undecided_test_gives_both_each_item_under_its_side() -> None:
    assert _conditions(
        """
        import features
        from starlette.applications import Starlette
        from starlette.routing import Route

        async def home(request): ...
        async def debug(request): ...
        async def quiet(request): ...

        both = [Route("/", home), Route("/debug", debug)] if features.DEBUG else [Route("/", home), Route("/q", quiet)]
        app = Starlette(routes=both)
        """
    ) == [
        ("GET", "/", "svc.app.home", ()),
        ("GET", "/debug", "svc.app.debug", ("features.DEBUG",)),
        ("GET", "/q", "svc.app.quiet", ("not features.DEBUG",)),
    ]

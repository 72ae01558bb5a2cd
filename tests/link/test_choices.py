"""A path or prefix an undecided test decides gives a route for each side, each under its side's condition."""

from __future__ import annotations

from docgen.link.choices import expand, marked, readable
from docgen.testing import link_sources


def _routes(files: dict[str, str]) -> list[tuple[str, str, tuple[str, ...]]]:
    linked, _ = link_sources({"svc/__init__.py": "", **files})
    return [(str(r.method), r.path, r.conditions) for r in linked.routes]


def test_marked_options_expand_to_every_combination_joined_as_paths() -> None:
    version = marked([("/v2/", ("V2",)), ("/v1/", ("not V2",))])
    text = "/api" + version + "/items" + marked([("", ("A",)), ("/x", ("not A",))])
    assert expand(text) == [
        ("/api/v2/items", ("V2", "A")),
        ("/api/v2/items/x", ("V2", "not A")),
        ("/api/v1/items", ("not V2", "A")),
        ("/api/v1/items/x", ("not V2", "not A")),
    ]
    assert readable(text) == "/api{?/v2/ | /v1/}/items{? | /x}"
    assert expand("/plain/{id}") == [("/plain/{id}", ())]


def test_a_conditional_prefix_and_an_if_else_assignment_give_both_routes() -> None:
    assert _routes(
        {
            "svc/app.py": """
            import os
            from fastapi import APIRouter, FastAPI

            router = APIRouter()

            @router.get("/items")
            def items(): ...

            if os.environ["API_V2"]:
                PREFIX = "/v2"
            else:
                PREFIX = "/v1"
            BASE = "/svc/" if os.environ["SVC"] else "/other/"

            app = FastAPI()
            app.include_router(router, prefix=PREFIX)
            app.include_router(router, prefix=f"{BASE.rstrip('/')}/x")
            """
        }
    ) == [
        ("GET", "/other/x/items", ("not os.environ['SVC']",)),
        ("GET", "/svc/x/items", ("os.environ['SVC']",)),
        ("GET", "/v1/items", ("not os.environ['API_V2']",)),
        ("GET", "/v2/items", ("os.environ['API_V2']",)),
    ]


def test_earlier_bindings_count_under_the_negation_of_later_ones_and_a_value_no_run_leaves_is_dropped() -> None:
    assert _routes(
        {
            "svc/app.py": """
            from flask import Blueprint, Flask
            import features

            bp = Blueprint("bp", __name__)

            @bp.route("/ping")
            def ping(): ...

            ROOT = "/default"
            if features.A:
                ROOT = "/a"
            else:
                ROOT = "/b"

            LEGACY = "/legacy"
            if features.NEW:
                LEGACY = "/new"

            if features.X:
                MODE = "/x"
            elif features.Y:
                MODE = "/y"
            else:
                MODE = "/z"

            app = Flask(__name__)
            app.register_blueprint(bp, url_prefix=ROOT)
            app.register_blueprint(bp, url_prefix=LEGACY, name="legacy")
            app.register_blueprint(bp, url_prefix=MODE, name="mode")
            """
        }
    ) == [
        ("GET", "/a/ping", ("features.A",)),
        ("GET", "/b/ping", ("not features.A",)),
        ("GET", "/legacy/ping", ("not features.NEW",)),
        ("GET", "/new/ping", ("features.NEW",)),
        ("GET", "/x/ping", ("features.X",)),
        ("GET", "/y/ping", ("not features.X", "features.Y")),
        ("GET", "/z/ping", ("not features.X", "not features.Y")),
    ]


def test_a_decided_test_still_picks_its_branch_and_lists_assigned_in_branches_guard_their_items() -> None:
    assert _routes(
        {
            "svc/app.py": """
            import features
            from starlette.applications import Starlette
            from starlette.routing import Route

            async def home(request): ...
            async def beta(request): ...

            DEBUG = False
            if DEBUG:
                PREFIX = "/debug"
            else:
                PREFIX = ""

            if features.BETA:
                routes = [Route(PREFIX + "/", home), Route("/beta", beta)]
            else:
                routes = [Route(PREFIX + "/", home)]
            app = Starlette(routes=routes)
            """
        }
    ) == [
        ("GET", "/", ()),
        ("GET", "/beta", ("features.BETA",)),
    ]


def test_a_side_naming_unread_code_is_a_placeholder_route_and_messages_show_the_options() -> None:
    linked, diagnostics = link_sources(
        {
            "svc/__init__.py": "",
            "svc/app.py": """
            import os
            import settings
            from fastapi import APIRouter, FastAPI

            router = APIRouter()

            @router.get("/items")
            def items(): ...

            PREFIX = settings.PREFIX if os.environ["CUSTOM"] else "/api"
            app = FastAPI()
            app.include_router(router, prefix=PREFIX)
            """,
        }
    )
    assert [(r.path, r.conditions) for r in linked.routes] == [
        ("/api/items", ("not os.environ['CUSTOM']",)),
        ("{?settings.PREFIX}/items", ("os.environ['CUSTOM']",)),
    ]
    assert [(d.code, d.message) for d in diagnostics] == [
        ("DG904", 'prefix "{?{?settings.PREFIX} | /api}" could not be evaluated statically; shown as a placeholder'),
    ]


def test_django_patterns_joined_with_a_chosen_setting_give_each_path_and_its_pattern_as_written() -> None:
    linked, _ = link_sources(
        {
            "proj/__init__.py": "",
            "proj/settings.py": """
            import os
            ROOT_URLCONF = "proj.urls"
            API = "api/v2/" if os.environ["V2"] else "api/"
            """,
            "proj/urls.py": """
            from django.conf import settings
            from django.urls import include, path, re_path
            from proj import views
            urlpatterns = [
                path(settings.API, include("proj.more")),
                re_path(r"^" + settings.API + r"old/(?P<pk>\\d+)/$", views.item),
            ]
            """,
            "proj/more.py": """
            from django.urls import path
            from proj import views
            urlpatterns = [path("items/<int:pk>/", views.item)]
            """,
            "proj/views.py": "def item(request, pk): ...",
        }
    )
    assert [(r.path, r.raw_path, r.conditions) for r in linked.routes] == [
        ("/api/items/{pk}/", "api/items/<int:pk>/", ("not os.environ['V2']",)),
        ("/api/old/{pk}/", "^api/old/(?P<pk>\\d+)/$", ("not os.environ['V2']",)),
        ("/api/v2/items/{pk}/", "api/v2/items/<int:pk>/", ("os.environ['V2']",)),
        ("/api/v2/old/{pk}/", "^api/v2/old/(?P<pk>\\d+)/$", ("os.environ['V2']",)),
    ]


def test_a_name_changed_under_many_undecided_tests_is_read_once_per_binding_not_once_per_path() -> None:
    # Each `if` reads the value before it: reading it again for every branch taken doubled the work per `if`
    # (thirty of them ran into the evaluation budget, DG915, and left the prefix unknown).
    changes = "\n".join(f'if os.environ["X{i}"]:\n    P = P + "/{i}"' for i in range(1, 31))
    source = f"""
import os
from fastapi import APIRouter, FastAPI
router = APIRouter()
@router.get("/x")
def x(): ...
P = "/a"
{changes}
app = FastAPI()
app.include_router(router, prefix=P)
"""
    linked, diagnostics = link_sources({"svc/__init__.py": "", "svc/app.py": source})
    assert [r.path for r in linked.routes] == ["/a/" + "/".join(str(i) for i in range(1, 31)) + "/x"]
    assert diagnostics == []


def test_a_language_code_an_undecided_test_picks_prefixes_i18n_patterns_with_each_option() -> None:
    linked, _ = link_sources(
        {
            "proj/__init__.py": "",
            "proj/settings.py": """
            import os
            ROOT_URLCONF = "proj.urls"
            LANGUAGE_CODE = "de" if os.environ["DE"] else "fr"
            """,
            "proj/urls.py": """
            from django.conf.urls.i18n import i18n_patterns
            from django.urls import path
            from proj import views
            urlpatterns = i18n_patterns(path("about/", views.about))
            """,
            "proj/views.py": "def about(request): ...",
        }
    )
    assert [(r.path, r.conditions) for r in linked.routes] == [
        ("/de/about/", ("os.environ['DE']",)),
        ("/fr/about/", ("not os.environ['DE']",)),
    ]

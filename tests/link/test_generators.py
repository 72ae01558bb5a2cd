"""Generator functions: a call is the sequence of the values its body yields, as far as it can be told."""

from __future__ import annotations

from docgen.testing import link_sources, routes_table

_BASE = {
    "proj/__init__.py": "",
    "proj/settings.py": 'ROOT_URLCONF = "proj.urls"\nDEBUG = False\n',
    "proj/views.py": "def home(request): ...\n",
}


def test_a_generator_call_is_what_it_yields_through_loops_branches_break_and_continue() -> None:
    linked, diagnostics = link_sources(
        {
            **_BASE,
            "proj/urls.py": """
            from django.conf import settings
            from django.urls import path
            from proj import views

            def prefixes(names):
                for name in names:
                    if name == "skip":
                        continue
                    if name == "stop":
                        break
                    yield name + "/"
                if settings.DEBUG:
                    yield "debug/"
                yield from ["a/", "b/"]
                return
                yield "never/"

            urlpatterns = [path(p, views.home) for p in prefixes(["one", "skip", "two", "stop", "three"])]
            """,
        }
    )
    assert routes_table(linked) == [
        ("ANY", "/a/", "proj.views.home"),
        ("ANY", "/b/", "proj.views.home"),
        ("ANY", "/one/", "proj.views.home"),
        ("ANY", "/two/", "proj.views.home"),
    ]
    assert diagnostics == []


def test_what_a_generator_yields_under_an_undecided_condition_is_unknown_and_what_cannot_be_followed_says_why() -> None:
    linked, diagnostics = link_sources(
        {
            **_BASE,
            "proj/urls.py": """
            from django.conf import settings
            from django.urls import path
            from proj import views

            def maybe():
                if settings.FLAG:
                    yield "flag/"
                yield "always/"

            def forever():
                while True:
                    yield "x/"

            def uncounted(names):
                for name in names:
                    yield name

            urlpatterns = [path(p, views.home) for p in maybe()]
            urlpatterns += [path(p, views.home) for p in forever()]
            urlpatterns += [path(p, views.home) for p in uncounted(settings.NAMES)]
            """,
        }
    )
    assert routes_table(linked) == [
        ("ANY", "/always/", "proj.views.home"),
        ("ANY", "/{?'flag/'}", "proj.views.home"),
    ]
    assert sorted((d.code, str(d.location), d.message) for d in diagnostics) == [
        ("DG904", "proj/urls.py", "url pattern '{?[path(p, views.home) for p in forever()]}' could not be evaluated"),
        (
            "DG904",
            "proj/urls.py",
            "url pattern '{?[path(p, views.home) for p in uncounted(settings.NAMES)]}' could not be evaluated",
        ),
        (
            "DG904",
            "proj/urls.py:12",
            "what the generator 'proj.urls.forever' yields is unknown: the yield of line 12 is in a while loop",
        ),
        (
            "DG904",
            "proj/urls.py:15",
            "what the generator 'proj.urls.uncounted' yields is unknown: the loop over 'names' cannot be counted",
        ),
        ("DG904", "proj/urls.py:18", "url pattern \"{?'flag/'}\" could not be fully evaluated"),
    ]

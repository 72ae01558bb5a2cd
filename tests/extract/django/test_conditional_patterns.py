"""Patterns added to a urlconf's list under a condition docgen cannot decide are served under it, and say so."""

from __future__ import annotations

from docgen.testing import link_sources


def test_patterns_added_under_an_undecided_condition_carry_it_and_those_under_a_false_one_are_left_out() -> None:
    linked, _ = link_sources(
        {
            "proj/__init__.py": "",
            "proj/settings.py": """
            import os

            ROOT_URLCONF = "proj.urls"
            SSO = os.environ.get("SSO")
            DEBUG = False
            """,
            "proj/views.py": "def home(request): ...\ndef sso(request): ...\ndef debug(request): ...\n"
            "def metrics(request): ...\ndef first(request): ...\n",
            "proj/sso_urls.py": "from django.urls import path\nfrom proj import views\n\n"
            "urlpatterns = [path('login/', views.sso)]\n",
            "proj/urls.py": """
            from django.conf import settings
            from django.urls import include, path
            from proj import views

            urlpatterns = [path("", views.home)]
            if settings.SSO:
                urlpatterns += [path("sso/", include("proj.sso_urls"))]
            if settings.DEBUG:
                urlpatterns.append(path("debug/", views.debug))
            if settings.SSO and not settings.DEBUG:
                urlpatterns.extend([path("metrics/", views.metrics)])
                urlpatterns.insert(0, path("first/", views.first))
            """,
        }
    )
    assert [(r.path, r.handler, r.conditions) for r in linked.routes] == [
        ("/", "proj.views.home", ()),
        ("/first/", "proj.views.first", ("settings.SSO and not settings.DEBUG",)),
        ("/metrics/", "proj.views.metrics", ("settings.SSO and not settings.DEBUG",)),
        ("/sso/login/", "proj.views.sso", ("settings.SSO",)),
    ]

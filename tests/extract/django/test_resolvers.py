"""Urlconfs under a pattern object: ``URLResolver(pattern, urls)``, a vendored locale prefix, ``get_language()``."""

from __future__ import annotations

from docgen.testing import link_sources, routes_table


def test_a_resolver_serves_its_urls_under_its_pattern_and_a_vendored_locale_pattern_under_its_str() -> None:
    linked, diagnostics = link_sources(
        {
            "proj/__init__.py": "",
            "proj/settings.py": 'ROOT_URLCONF = "proj.urls"\nLANGUAGE_CODE = "fr"\nUSE_I18N = True\n',
            "proj/views.py": "def home(request): ...\n",
            "proj/translation.py": """
            from django.conf import settings
            from django.urls import URLResolver
            from django.utils.translation import get_language

            def get_device_language():
                return lookup_device()

            def i18n_patterns(urls, prefix=None):
                if not settings.USE_I18N:
                    return list(urls)
                return [URLResolver(LocalePrefixPattern(prefix=prefix), list(urls))]

            class LocalePrefixPattern:
                def __init__(self, prefix=None, prefix_default_language=True):
                    self.prefix_default_language = prefix_default_language
                    self._prefix = prefix

                @property
                def language_prefix(self):
                    device_language = get_device_language()
                    language_code = get_language() or device_language
                    if language_code == device_language and not self.prefix_default_language:
                        return self._prefix or ""
                    return ("%s/" % language_code) + (self._prefix or "")

                def __str__(self):
                    return self.language_prefix
            """,
            "proj/urls.py": """
            from django.urls import URLResolver, include, path, re_path
            from django.urls.resolvers import RegexPattern
            from proj import views
            from proj.translation import LocalePrefixPattern, i18n_patterns

            pages = [path("home/", views.home)]
            urlpatterns = [
                re_path(r"", include(i18n_patterns(pages))),
                re_path(r"", include(i18n_patterns(pages, prefix="learn/"))),
                URLResolver(RegexPattern(r"^api/"), pages),
                URLResolver(LocalePrefixPattern(prefix_default_language=False), pages),
            ]
            """,
        }
    )
    assert routes_table(linked) == [
        ("ANY", "/api/home/", "proj.views.home"),
        ("ANY", "/fr/home/", "proj.views.home"),
        ("ANY", "/fr/learn/home/", "proj.views.home"),
        ("ANY", "/home/", "proj.views.home"),  # without the default language's prefix
    ]
    assert diagnostics == []


def test_get_language_is_the_project_language_and_a_resolver_without_urls_is_reported() -> None:
    linked, diagnostics = link_sources(
        {
            "proj/__init__.py": "",
            "proj/settings.py": 'ROOT_URLCONF = "proj.urls"\nLANGUAGE_CODE = "de"\n',
            "proj/views.py": "def home(request): ...\ndef prefix(): return compute()\n",
            "proj/urls.py": """
            from django.urls import URLResolver, path
            from django.urls.resolvers import RoutePattern
            from django.utils.translation import get_language
            from proj import views

            pages = [path("home/", views.home)]
            urlpatterns = [
                path(f"{get_language()}/about/", views.home),
                URLResolver(RoutePattern("shop/"), pages),
                URLResolver(RoutePattern("lost/")),
                URLResolver(RoutePattern(views.prefix()), pages),
            ]
            """,
        }
    )
    assert routes_table(linked) == [
        ("ANY", "/de/about/", "proj.views.home"),
        ("ANY", "/shop/home/", "proj.views.home"),
        ("ANY", "/{?compute()}home/", "proj.views.home"),
    ]
    assert [(d.code, d.location.line, d.message) for d in diagnostics] == [
        ("DG904", 10, "included urlconf \"{?URLResolver(RoutePattern('lost/'))}\" could not be evaluated"),
        ("DG904", 11, "url resolver pattern '{?compute()}' could not be fully evaluated"),
    ]

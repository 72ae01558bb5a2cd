"""Names a star import brings: their value is the imported one, changed by what the importing module does to it."""

from __future__ import annotations

from docgen.testing import link_sources, routes_table

BASE_SETTINGS = """
PAGES = ["about"]
SECTIONS = ["news"]
"""

SETTINGS = """
import configparser

from proj.base_settings import *  # noqa

ROOT_URLCONF = "proj.urls"

config = configparser.RawConfigParser()
config.read(["proj.cfg"])
DEBUG = config.getboolean("django", "debug", fallback=False)
HAS_CACHE = config.has_option("cache", "location")
if HAS_CACHE:
    CACHE = config.get("cache", "location")

PAGES += ["terms"]  # noqa
if DEBUG:
    PAGES.append("debug")
SECTIONS.append("blog")
"""

URLS = """
from django.conf import settings
from django.urls import path

from proj import views

urlpatterns = [path(f"{p}/", views.page) for p in settings.PAGES]
urlpatterns += [path(f"s/{s}/", views.section) for s in settings.SECTIONS]
"""


def test_a_list_a_star_import_brings_is_extended_by_the_settings_module_that_imports_it() -> None:
    """``from .base import *`` then ``PAGES += [...]`` / ``SECTIONS.append(...)``: the imported lists, changed.

    ``PAGES`` is bound in the settings module only by ``+=`` (it was unknown), ``SECTIONS`` not
    at all (its append was left out). The ``if`` is not read: what it appends is listed.
    """
    linked, diagnostics = link_sources(
        {
            "proj/__init__.py": "",
            "proj/base_settings.py": BASE_SETTINGS,
            "proj/settings.py": SETTINGS,
            "proj/views.py": "def page(request): ...\ndef section(request): ...\n",
            "proj/urls.py": URLS,
        }
    )
    assert routes_table(linked) == [
        ("ANY", "/about/", "proj.views.page"),
        ("ANY", "/debug/", "proj.views.page"),
        ("ANY", "/s/blog/", "proj.views.section"),
        ("ANY", "/s/news/", "proj.views.section"),
        ("ANY", "/terms/", "proj.views.page"),
    ]
    assert [d.code for d in diagnostics if d.code.startswith("DG9")] == []


def test_a_star_imported_list_the_importing_module_changes_from_itself_keeps_its_items_once() -> None:
    """``PAGES += [p + "-old" for p in PAGES]`` reads the imported list, not the one being built."""
    linked, diagnostics = link_sources(
        {
            "proj/__init__.py": "",
            "proj/base_settings.py": BASE_SETTINGS,
            "proj/settings.py": """
            from proj.base_settings import *  # noqa
            ROOT_URLCONF = "proj.urls"
            SECTIONS.extend([s + "-old" for s in SECTIONS])
            """,
            "proj/views.py": "def page(request): ...\ndef section(request): ...\n",
            "proj/urls.py": URLS,
        }
    )
    assert routes_table(linked) == [
        ("ANY", "/about/", "proj.views.page"),
        ("ANY", "/s/news-old/", "proj.views.section"),
        ("ANY", "/s/news/", "proj.views.section"),
    ]
    assert [d.code for d in diagnostics if d.code.startswith("DG9")] == []

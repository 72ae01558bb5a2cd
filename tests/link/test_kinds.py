"""``isinstance``/``issubclass`` on known classes and ``dir()`` of an analysed module, as Python decides them."""

from __future__ import annotations

from docgen.testing import link_sources, routes_table


def test_plugin_configs_are_the_installed_apps_whose_config_is_an_instance_of_the_plugin_base() -> None:
    linked, diagnostics = link_sources(
        {
            "proj/__init__.py": "",
            "proj/settings.py": """
            ROOT_URLCONF = "proj.urls"
            INSTALLED_APPS = ["django.contrib.auth", "proj.shop", "proj.blog"]
            """,
            "proj/base.py": """
            from django.apps import AppConfig

            class PluginConfig(AppConfig):
                prefix = None
            """,
            "proj/shop/__init__.py": "",
            "proj/shop/apps.py": """
            from proj import base

            class ShopConfig(base.PluginConfig):
                name = "proj.shop"
                prefix = "shop/"
            """,
            "proj/blog/__init__.py": "",
            "proj/blog/apps.py": """
            from django.apps import AppConfig

            class BlogConfig(AppConfig):
                name = "proj.blog"
                prefix = "blog/"
            """,
            "proj/views.py": "def home(request): ...\n",
            "proj/urls.py": """
            from django.apps import apps
            from django.urls import path
            from proj import views
            from proj.base import PluginConfig

            def plugins():
                for app in apps.get_app_configs():
                    if isinstance(app, PluginConfig):
                        yield app

            urlpatterns = [path(app.prefix, views.home) for app in plugins()]
            """,
        }
    )
    assert routes_table(linked) == [("ANY", "/shop/", "proj.views.home")]
    assert diagnostics == []


def test_isinstance_and_issubclass_are_decided_only_where_every_base_is_known() -> None:
    linked, diagnostics = link_sources(
        {
            "proj/__init__.py": "",
            "proj/settings.py": 'ROOT_URLCONF = "proj.urls"\n',
            "proj/views.py": "def home(request): ...\n",
            "proj/kinds.py": """
            from thirdparty import Base

            class A: ...
            class B(A): ...
            class FromLibrary(Base): ...
            class Unsure(Missing): ...
            """,
            "proj/urls.py": """
            from django.urls import path
            from thirdparty import Base, Other
            from proj import views
            from proj.kinds import A, B, FromLibrary, Unsure

            urlpatterns = [
                path(f"b-a/{issubclass(B, A)}/", views.home),
                path(f"a-b/{issubclass(A, B)}/", views.home),
                path(f"b-str-a/{isinstance(B(), (str, A))}/", views.home),
                path(f"x-str/{isinstance('x', str)}/", views.home),
                path(f"1-str/{isinstance(1, str)}/", views.home),
                path(f"x-a/{isinstance('x', A)}/", views.home),
                path(f"library-a/{isinstance(FromLibrary(), A)}/", views.home),
                path(f"library-base/{isinstance(FromLibrary(), Base)}/", views.home),
                path(f"unsure-a/{isinstance(Unsure(), A)}/", views.home),
                path(f"library-other/{issubclass(FromLibrary, Other)}/", views.home),
                path(f"function-a/{issubclass(views.home, A)}/", views.home),
            ]
            """,
        }
    )
    assert [r.path for r in linked.routes] == [
        "/1-str/False/",
        "/a-b/False/",
        "/b-a/True/",
        "/b-str-a/True/",
        "/function-a/{?issubclass(views.home, A)}/",
        "/library-a/False/",
        "/library-base/True/",
        "/library-other/{?issubclass(FromLibrary, Other)}/",
        "/unsure-a/{?isinstance(Unsure(), A)}/",
        "/x-a/False/",
        "/x-str/True/",
    ]
    assert [d.message for d in diagnostics] == [
        "url pattern 'unsure-a/{?isinstance(Unsure(), A)}/' could not be fully evaluated",
        "url pattern 'library-other/{?issubclass(FromLibrary, Other)}/' could not be fully evaluated",
        "url pattern 'function-a/{?issubclass(views.home, A)}/' could not be fully evaluated",
    ]


def test_dir_of_a_module_is_its_names_sorted_as_python_gives_them() -> None:
    linked, diagnostics = link_sources(
        {
            "proj/__init__.py": "",
            "proj/settings.py": 'ROOT_URLCONF = "proj.urls"\nDEBUG = False\n',
            "proj/views.py": "def home(request): ...\n",
            "proj/plugins/__init__.py": "from .sub import Sub\n",
            "proj/plugins/sub.py": "class Sub: ...\n",
            "proj/plugins/unused.py": "",
            "proj/listed.py": """
            import os
            from django.conf import settings
            from proj.views import home as Home

            class Zeta: ...
            value = 1
            for loop_var in ["x"]:
                pass
            for never in []:
                pass
            if settings.DEBUG:
                debug_only = True
            """,
            "proj/starred.py": "from proj.listed import *\n",
            "proj/urls.py": """
            from django.urls import path
            from proj import listed, plugins, starred, views

            urlpatterns = [path(f"listed/{n}/", views.home) for n in dir(listed)]
            urlpatterns += [path(f"package/{n}/", views.home) for n in dir(plugins)]
            urlpatterns += [path(f"starred/{n}/", views.home) for n in dir(starred)]
            """,
        }
    )
    module = ["__builtins__", "__cached__", "__doc__", "__file__", "__loader__", "__name__", "__package__"]
    listed = ["Home", "Zeta", *module, "__spec__", "loop_var", "os", "settings", "value"]
    package = ["Sub", *module[:6], "__package__", "__path__", "__spec__", "sub"]
    assert [r.path for r in linked.routes] == [f"/listed/{n}/" for n in listed] + [f"/package/{n}/" for n in package]
    assert [(d.code, str(d.location), d.message) for d in diagnostics] == [
        (
            "DG904",
            "proj/urls.py",
            "url pattern '{?[path(f\"starred/{n}/\", views.home) for n in dir(starred)]}' could not be evaluated",
        )
    ]

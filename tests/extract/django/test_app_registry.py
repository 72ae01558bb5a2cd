"""Django's app registry read statically: ``apps.get_app_configs()``, ``hasattr``, ``find_spec``, plug-in urlconfs."""

from __future__ import annotations

from docgen.testing import link_sources, routes_table

_APPS = {
    "proj/__init__.py": "",
    "proj/views.py": "def home(request): ...\n",
    "proj/core/__init__.py": "",
    "proj/bank/__init__.py": "",
    "proj/bank/apps.py": """
    from django.apps import AppConfig

    class BankApp(AppConfig):
        name = "proj.bank"
        label = "banking"
    """,
    "proj/mail/__init__.py": "",
    "proj/mail/apps.py": """
    from django.apps import AppConfig

    class MailApp(AppConfig):
        name = "proj.mail"
    """,
    "proj/old/__init__.py": 'default_app_config = "proj.old.config.OldApp"\n',
    "proj/old/config.py": """
    from django.apps import AppConfig

    class OldApp(AppConfig):
        name = "proj.old"
        label = "legacy"
    """,
    "proj/two/__init__.py": "",
    "proj/two/apps.py": """
    from django.apps import AppConfig

    class First(AppConfig):
        name = "proj.two"
        label = "first"

    class Second(AppConfig):
        name = "proj.two"
        label = "second"
        default = True
    """,
}


def test_get_app_configs_gives_one_config_per_installed_app_with_django_s_name_and_label() -> None:
    linked, diagnostics = link_sources(
        {
            **_APPS,
            "proj/settings.py": """
            ROOT_URLCONF = "proj.urls"
            INSTALLED_APPS = ["django.contrib.auth", "proj.core", "proj.bank", "proj.old", "proj.two"]
            INSTALLED_APPS += ["proj.mail.apps.MailApp", "proj.core"]
            """,
            "proj/urls.py": """
            from django.apps import apps
            from django.urls import path
            from proj import views

            urlpatterns = []
            for app in apps.get_app_configs():
                urlpatterns.append(path(f"{app.label}/{app.name}/", views.home))
            if apps.is_installed("proj.bank"):
                urlpatterns.append(path(apps.get_app_config("legacy").name + "/", views.home))
            if apps.is_installed("proj.missing"):
                urlpatterns.append(path("never/", views.home))
            """,
        }
    )
    assert routes_table(linked) == [
        ("ANY", "/auth/django.contrib.auth/", "proj.views.home"),
        ("ANY", "/banking/proj.bank/", "proj.views.home"),
        ("ANY", "/core/proj.core/", "proj.views.home"),
        ("ANY", "/legacy/proj.old/", "proj.views.home"),
        ("ANY", "/mail/proj.mail/", "proj.views.home"),
        ("ANY", "/proj.old/", "proj.views.home"),
        ("ANY", "/second/proj.two/", "proj.views.home"),
    ]
    assert diagnostics == []


def test_hasattr_is_decided_where_the_code_tells_and_find_spec_where_the_tree_does() -> None:
    linked, diagnostics = link_sources(
        {
            **_APPS,
            "proj/settings.py": 'ROOT_URLCONF = "proj.urls"\nINSTALLED_APPS = ["proj.bank"]\n',
            "proj/bank/urls.py": "urlpatterns = []\n",
            "proj/conf.py": "from proj.load import load\nDEBUG = False\nlocals().update(load())\n",
            "proj/load.py": "def load():\n    return {}\n",
            "proj/app.py": "from proj import views\n\ndef create():\n    views.ENABLED = True\n",
            "proj/urls.py": """
            import importlib.util
            from django.apps import apps
            from django.urls import path
            from proj import conf, views
            from proj.bank.apps import BankApp
            from thirdparty import Thing

            bank = apps.get_app_config("banking")
            urlpatterns = []
            if hasattr(views, "home"):
                urlpatterns.append(path("module-has/", views.home))
            if hasattr(views, "missing"):
                urlpatterns.append(path("module-lacks/", views.home))
            if hasattr(BankApp, "label") and not hasattr(bank, "PluginMeta") and hasattr(bank, "ready"):
                urlpatterns.append(path("class-and-config/", views.home))
            if hasattr(Thing(), "anything"):
                urlpatterns.append(path("undecided/", views.home))

            class Local(Thing):
                pass

            class Plain:
                pass

            if hasattr(Local, "anything"):
                urlpatterns.append(path("unlisted-base/", views.home))
            if hasattr(Plain, "anything"):
                urlpatterns.append(path("plain-class/", views.home))
            if hasattr(views, "ENABLED"):
                urlpatterns.append(path("stored-elsewhere/", views.home))
            if hasattr(conf, "FROM_FILE"):
                urlpatterns.append(path("open-namespace/", views.home))
            if importlib.util.find_spec("proj.bank.urls"):
                urlpatterns.append(path("spec-found/", views.home))
            if importlib.util.find_spec("proj.bank.nothing"):
                urlpatterns.append(path("spec-missing/", views.home))
            if importlib.util.find_spec("thirdparty.urls"):
                urlpatterns.append(path("spec-undecided/", views.home))
            """,
        }
    )
    assert routes_table(linked) == [
        ("ANY", "/class-and-config/", "proj.views.home"),
        ("ANY", "/module-has/", "proj.views.home"),
        ("ANY", "/open-namespace/", "proj.views.home"),
        ("ANY", "/spec-found/", "proj.views.home"),
        ("ANY", "/spec-undecided/", "proj.views.home"),
        ("ANY", "/stored-elsewhere/", "proj.views.home"),
        ("ANY", "/undecided/", "proj.views.home"),
        ("ANY", "/unlisted-base/", "proj.views.home"),
    ]
    assert diagnostics == []


_PLUGINS = {
    "proj/__init__.py": "",
    "proj/views.py": "def home(request): ...\n",
    "proj/core/__init__.py": "",
    "proj/helpers.py": """
    def plugin_urls(urllist, plugin):
        for entry in urllist:
            entry.plugin = plugin
        return urllist
    """,
    "proj/plugins/__init__.py": "",
    "proj/plugins/bank/__init__.py": "",
    "proj/plugins/bank/apps.py": """
    from django.apps import AppConfig

    class BankApp(AppConfig):
        name = "proj.plugins.bank"

        class PluginMeta:
            name = "Bank"
    """,
    "proj/plugins/bank/views.py": "def index(request): ...\ndef hook(request): ...\n",
    "proj/plugins/bank/urls.py": """
    from django.urls import path
    from . import views

    urlpatterns = [path("_bank/hook/", views.hook)]
    event_patterns = [path("bank/", views.index)]
    """,
    "proj/plugins/mail/__init__.py": "",
    "proj/plugins/mail/apps.py": """
    from django.apps import AppConfig

    class MailApp(AppConfig):
        name = "proj.plugins.mail"
        label = "mailing"

        class PluginMeta:
            name = "Mail"
    """,
    "proj/plugins/mail/views.py": "def send(request): ...\n",
    "proj/plugins/mail/urls.py": """
    from django.urls import path
    from . import views

    urlpatterns = [path("send/", views.send)]
    """,
    "proj/plugins/stats/__init__.py": "",
    "proj/plugins/stats/apps.py": """
    from django.apps import AppConfig

    class StatsApp(AppConfig):
        name = "proj.plugins.stats"

        class PluginMeta:
            name = "Stats"
    """,
    "proj/urls.py": """
    import importlib.util
    from django.apps import apps
    from django.urls import include, path, re_path
    from proj import views
    from proj.helpers import plugin_urls

    raw_plugin_patterns = []
    for app in apps.get_app_configs():
        if hasattr(app, "PluginMeta"):
            if importlib.util.find_spec(app.name + ".urls"):
                urlmod = importlib.import_module(app.name + ".urls")
                single_plugin_patterns = []
                if hasattr(urlmod, "urlpatterns"):
                    single_plugin_patterns += urlmod.urlpatterns
                if hasattr(urlmod, "event_patterns"):
                    patterns = plugin_urls(urlmod.event_patterns, plugin=app.name)
                    single_plugin_patterns.append(re_path(r"^(?P<event>[^/]+)/", include(patterns)))
                raw_plugin_patterns.append(re_path(r"", include((single_plugin_patterns, app.label))))

    urlpatterns = [path("", views.home), re_path(r"", include((raw_plugin_patterns, "plugins")))]
    """,
}


def test_plugin_urlconfs_mounted_by_a_loop_over_the_registry_give_their_routes() -> None:
    linked, diagnostics = link_sources(
        {
            **_PLUGINS,
            "proj/settings.py": """
            ROOT_URLCONF = "proj.urls"
            INSTALLED_APPS = [
                "django.contrib.auth",
                "proj.core",
                "proj.plugins.bank",
                "proj.plugins.mail.apps.MailApp",
                "proj.plugins.stats",
            ]
            """,
        }
    )
    assert routes_table(linked) == [
        ("ANY", "/", "proj.views.home"),
        ("ANY", "/_bank/hook/", "proj.plugins.bank.views.hook"),
        ("ANY", "/send/", "proj.plugins.mail.views.send"),
        ("ANY", "/{event}/bank/", "proj.plugins.bank.views.index"),
    ]
    assert diagnostics == []


def test_an_installed_app_found_at_run_time_is_unknown_with_a_diagnostic_and_no_invented_route() -> None:
    linked, diagnostics = link_sources(
        {
            **_PLUGINS,
            "proj/settings.py": """
            from importlib import metadata

            ROOT_URLCONF = "proj.urls"
            INSTALLED_APPS = ["proj.plugins.bank", "rest_framework"]
            for entry_point in metadata.entry_points(group="proj.plugin"):
                INSTALLED_APPS.append(entry_point.module)
            """,
        }
    )
    assert routes_table(linked) == [
        ("ANY", "/", "proj.views.home"),
        ("ANY", "/_bank/hook/", "proj.plugins.bank.views.hook"),
        ("ANY", "/{event}/bank/", "proj.plugins.bank.views.index"),
    ]
    assert [(d.code, str(d.location), d.message) for d in diagnostics] == [
        (
            "DG904",
            "proj/settings.py:4",
            "the INSTALLED_APPS entry '{?entry_point.module}' is not known statically: the app registry holds an "
            "unknown app for it, whose routes and other registrations are not listed",
        ),
        (
            "DG904",
            "proj/settings.py:4",
            "INSTALLED_APPS names apps outside the analysed code (rest_framework): their AppConfigs are unknown, "
            "and what code reads of them is not listed (add the directory holding them, or the virtualenv, to "
            "extra-paths)",
        ),
        ("DG904", "proj/urls.py:18", "url pattern '{?urlmod.urlpatterns}' could not be evaluated"),
        ("DG904", "proj/urls.py:17", "included urlconf '{?urlmod.event_patterns}' could not be evaluated"),
    ]

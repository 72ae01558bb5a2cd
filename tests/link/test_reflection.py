"""Reflection in the analysed code: ``getattr`` with a known name and a proxy class's ``__getattr__``."""

from __future__ import annotations

from docgen.testing import link_sources, routes_table


def test_a_proxy_answers_attributes_through_its_getattr_and_getattr_reads_a_known_name() -> None:
    linked, diagnostics = link_sources(
        {
            "proj/__init__.py": "",
            "proj/settings.py": 'ROOT_URLCONF = "proj.urls"\n',
            "proj/views.py": "def home(request): ...\ndef ocsp(request): ...\n",
            "proj/conf.py": """
            from django.conf import settings as _settings
            from pydantic import BaseModel

            class Defaults:
                OCSP_URLS = {}
                PREFIX = "/ca"

            class Model(BaseModel):
                PREFIX: str = "/model"

            class ProxyBase:
                target: type

                def __init__(self):
                    self.reload()

                def reload(self):
                    self.__target__ = self.target()

                def __getattr__(self, item):
                    return getattr(self.__target__, item)

            class Proxy(ProxyBase):
                target = Defaults

            class FromSettings(ProxyBase):
                def reload(self):
                    self.__target__ = Model.model_validate(_settings)

            proxy = Proxy()
            from_settings = FromSettings()
            """,
            "proj/urls.py": """
            from django.urls import path
            from proj import views
            from proj.conf import from_settings, proxy

            urlpatterns = [path(proxy.PREFIX.lstrip("/") + "/", views.home)]
            for name, config in proxy.OCSP_URLS.items():
                urlpatterns += [path(f"ocsp/{name}/", views.ocsp)]
            urlpatterns += [path(getattr(views, "missing", "fallback/"), views.home)]
            urlpatterns += [path(getattr(proxy, "PREFIX").lstrip("/") + "/again/", views.home)]
            urlpatterns += [path(from_settings.PREFIX + "/", views.home)]
            """,
        }
    )
    assert routes_table(linked) == [
        ("ANY", "/ca/", "proj.views.home"),
        ("ANY", "/ca/again/", "proj.views.home"),
        ("ANY", "/fallback/", "proj.views.home"),
        ("ANY", "/{?from_settings.PREFIX}/", "proj.views.home"),
    ]
    assert [(d.code, str(d.location), d.message) for d in diagnostics] == [
        ("DG904", "proj/urls.py:10", "url pattern '{?from_settings.PREFIX}/' could not be fully evaluated")
    ]

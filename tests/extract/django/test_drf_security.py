"""drf-spectacular's settings: security schemes of authentication classes (extensions, whitelist), API info."""

from __future__ import annotations

from docgen.model import ApiInfo, Auth, SecurityScheme
from docgen.testing import link_sources

SETTINGS = """
ROOT_URLCONF = "proj.urls"
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["proj.auth.KeyAuth", "rest_framework.authentication.BasicAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Key API",
    "DESCRIPTION": "Keys.",
    "SERVERS": [{"url": "https://api.example.com", "description": "Production"}],
    "AUTHENTICATION_WHITELIST": ["proj.auth.KeyAuth", "proj.auth.Bearer"],
}
"""
AUTH = """
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import TokenAuthentication

HEADER = "X-Key"

class KeyAuth(TokenAuthentication):
    keyword = "Key"

class Bearer(TokenAuthentication):
    keyword = "Bearer"

class KeyScheme(OpenApiAuthenticationExtension):
    target_class = "proj.auth.KeyAuth"
    name = "Key"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": HEADER, "description": "An API key."}
"""
VIEWS = """
from rest_framework.views import APIView
from rest_framework_simplejwt.views import TokenViewBase
from .auth import Bearer

class Me(APIView):
    def get(self, request): ...

class Other(APIView):
    authentication_classes = [Bearer]

    def get(self, request): ...

class Refresh(TokenViewBase):
    _serializer_class = "proj.auth.Bearer"
"""
URLS = """
from django.urls import path
from . import views

urlpatterns = [
    path("me/", views.Me.as_view()),
    path("other/", views.Other.as_view()),
    path("refresh/", views.Refresh.as_view()),
]
"""


def test_extensions_and_the_whitelist_give_the_schemes_and_the_settings_the_info() -> None:
    linked, diagnostics = link_sources(
        {
            "proj/__init__.py": "",
            "proj/settings.py": SETTINGS,
            "proj/auth.py": AUTH,
            "proj/views.py": VIEWS,
            "proj/urls.py": URLS,
        }
    )
    assert diagnostics == []
    by_path = {r.path: r for r in linked.routes}
    key = SecurityScheme(name="Key", type="apiKey", location="header", parameter="X-Key")
    assert by_path["/me/"].auth[1:] == (
        Auth(kind="authentication", name="KeyAuth", level="settings", scheme=key),
        Auth(kind="authentication", name="BasicAuthentication", level="settings"),  # not whitelisted
    )
    bearer = SecurityScheme(name="tokenAuth", type="http", scheme="bearer")  # a TokenAuthentication subclass
    assert by_path["/other/"].auth[1:] == (Auth(kind="authentication", name="Bearer", level="route", scheme=bearer),)
    assert by_path["/refresh/"].auth == ()  # simplejwt's token views set no permission or authentication classes
    info = ApiInfo(  # drf-spectacular's default version, and one component per serializer both ways
        title="Key API",
        version="0.0.0",
        description="Keys.",
        servers=("https://api.example.com",),
        split_components=False,
        blank_choice_members=True,  # drf-spectacular's defaults
    )
    assert [app.info for app in linked.apps] == [info]


def test_settings_an_analysed_function_returns_are_read_with_the_call_arguments_bound() -> None:
    settings = """
ROOT_URLCONF = "proj.urls"


def drf_settings(*, require_login):
    return {
        "DEFAULT_AUTHENTICATION_CLASSES": ("rest_framework.authentication.BasicAuthentication",),
        "DEFAULT_PERMISSION_CLASSES": [
            "rest_framework.permissions.IsAuthenticated" if require_login else "rest_framework.permissions.AllowAny"
        ],
    }


def spectacular_settings(title):
    settings = {
        "TITLE": title,
        "VERSION": "2",
        "COMPONENT_SPLIT_REQUEST": True,
        "ENUM_ADD_EXPLICIT_BLANK_NULL_CHOICE": False,
    }
    return settings


REST_FRAMEWORK = drf_settings(require_login=True)
SPECTACULAR_SETTINGS = spectacular_settings("Made API")
"""
    views = """
from rest_framework.views import APIView

class Me(APIView):
    def get(self, request): ...
"""
    urls = 'from django.urls import path\nfrom . import views\n\nurlpatterns = [path("me/", views.Me.as_view())]\n'
    linked, diagnostics = link_sources(
        {"proj/__init__.py": "", "proj/settings.py": settings, "proj/views.py": views, "proj/urls.py": urls}
    )
    assert diagnostics == []
    basic = SecurityScheme(name="basicAuth", type="http", scheme="basic")
    assert linked.routes[0].auth == (
        Auth(kind="permission", name="IsAuthenticated", level="settings"),
        Auth(kind="authentication", name="BasicAuthentication", level="settings", scheme=basic),
    )
    made = ApiInfo(title="Made API", version="2", split_components=True, blank_choice_members=False)
    assert [app.info for app in linked.apps] == [made]


def test_an_extension_definition_reading_its_target_and_one_inheriting_it() -> None:
    auth = """
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import TokenAuthentication

class BearerAuthentication(TokenAuthentication):
    keyword = "Bearer"

class BearerScheme(OpenApiAuthenticationExtension):
    target_class = "proj.auth.BearerAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        keyword = self.target.keyword
        return {"type": "apiKey", "in": "header", "name": keyword, "description": describe(keyword)}

class TokenScheme(BearerScheme):
    target_class = "rest_framework.authentication.TokenAuthentication"
    name = "tokenAuth"
"""
    settings = """
ROOT_URLCONF = "proj.urls"
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": (
        "rest_framework.authentication.TokenAuthentication",
        "proj.auth.BearerAuthentication",
    ),
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
}
"""
    views = "from rest_framework.views import APIView\n\nclass Me(APIView):\n    def get(self, request): ...\n"
    urls = 'from django.urls import path\nfrom . import views\n\nurlpatterns = [path("me/", views.Me.as_view())]\n'
    linked, diagnostics = link_sources(
        {"proj/__init__.py": "", "proj/settings.py": settings, "proj/auth.py": auth, "proj/views.py": views}
        | {"proj/urls.py": urls}
    )
    assert diagnostics == []
    assert [a.scheme for a in linked.routes[0].auth if a.kind == "authentication"] == [
        SecurityScheme(name="tokenAuth", type="apiKey", location="header", parameter="Token"),
        SecurityScheme(name="bearerAuth", type="apiKey", location="header", parameter="Bearer"),
    ]

"""drf-spectacular's ``format`` query parameter of DRF views that render several formats."""

from __future__ import annotations

from docgen.model import Param, ParamLocation
from docgen.testing import link_sources

SETTINGS = """
ROOT_URLCONF = "proj.urls"
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
        "proj.renderers.AutoCSVRenderer",
    ],
}
"""
RENDERERS = """
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework_csv.renderers import CSVRenderer

class Flat(BaseRenderer):
    results_field = "results"

class AutoCSVRenderer(Flat, CSVRenderer):
    pass

class MetricsRenderer(BaseRenderer):
    format = "openmetrics"
"""
VIEWS = """
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FileUploadParser
from rest_framework.renderers import JSONRenderer
from rest_framework.settings import api_settings
from rest_framework.views import APIView
from .renderers import MetricsRenderer


class Upload(serializers.Serializer):
    file = serializers.FileField()

class Items(APIView):
    def get(self, request): ...

    def delete(self, request): ...

class Metrics(APIView):
    renderer_classes = [JSONRenderer, MetricsRenderer]

    def get(self, request): ...

class Plain(APIView):
    renderer_classes = [JSONRenderer]

    def get(self, request): ...


class Flat(JSONRenderer):
    format = "json-flat"


class Stats(viewsets.GenericViewSet):
    @action(detail=False, renderer_classes=(*api_settings.DEFAULT_RENDERER_CLASSES, Flat))
    def statistics(self, request): ...

    @action(detail=False, methods=["post"], parser_classes=[FileUploadParser], serializer_class=Upload)
    def upload(self, request): ...
"""
URLS = """
from django.urls import path
from rest_framework.routers import SimpleRouter
from . import views

router = SimpleRouter()
router.register("stats", views.Stats, basename="stats")

urlpatterns = router.urls + [
    path("items/", views.Items.as_view()),
    path("metrics/", views.Metrics.as_view()),
    path("plain/", views.Plain.as_view()),
]
"""


def format_param(formats: str) -> Param:
    return Param(name="format", in_=ParamLocation.QUERY, type=f"Literal[{formats}]", required=False)


def test_views_rendering_several_formats_take_the_format_parameter_on_every_operation() -> None:
    linked, diagnostics = link_sources(
        {
            "proj/__init__.py": "",
            "proj/settings.py": SETTINGS,
            "proj/renderers.py": RENDERERS,
            "proj/views.py": VIEWS,
            "proj/urls.py": URLS,
        }
    )
    assert diagnostics == []
    params = {(str(r.method), r.path): r.params for r in linked.routes}
    assert params == {
        ("GET", "/items/"): (format_param("'csv', 'json'"),),  # the browsable API is left out
        ("DELETE", "/items/"): (format_param("'csv', 'json'"),),
        ("GET", "/metrics/"): (format_param("'json', 'openmetrics'"),),
        ("GET", "/plain/"): (),
        ("GET", "/stats/statistics/"): (format_param("'csv', 'json', 'json-flat'"),),  # the settings' and its own
        ("POST", "/stats/upload/"): (format_param("'csv', 'json'"),),
    }
    upload = next(r for r in linked.routes if r.path == "/stats/upload/")
    assert upload.request_body is not None
    assert (upload.request_body.media_type, upload.request_body.other_media_types) == ("*/*", ())

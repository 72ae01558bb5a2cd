"""The serializer a DRF view gives drf-spectacular per operation, with ``self.action`` and ``request.method`` known."""

from __future__ import annotations

from docgen.model import Body, Response, Route
from docgen.testing import link_sources

SETTINGS = """
ROOT_URLCONF = "proj.urls"
"""
SERIALIZERS = """
from rest_framework import serializers

class BriefSerializer(serializers.Serializer):
    name = serializers.CharField()

class FullSerializer(serializers.Serializer):
    name = serializers.CharField()
    notes = serializers.CharField()

class EditSerializer(serializers.Serializer):
    notes = serializers.CharField()

class OptionalSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    notes = serializers.CharField(required=False)
"""
VIEWS = """
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, status, viewsets
from rest_framework.views import APIView
from .serializers import BriefSerializer, EditSerializer, FullSerializer, OptionalSerializer

class ByAction(viewsets.ModelViewSet):
    serializer_class = FullSerializer

    def get_serializer_class(self):
        if self.action == "list":
            return BriefSerializer
        elif getattr(self, "action", None) in ("update", "partial_update"):
            return EditSerializer
        return super().get_serializer_class()

class Safe(generics.RetrieveUpdateAPIView):
    def get_serializer_class(self):
        if self.request.method in permissions.SAFE_METHODS:
            return FullSerializer
        else:
            return EditSerializer

class ForStaff(generics.RetrieveAPIView):
    def get_serializer_class(self):
        if self.request.user.is_staff:
            return FullSerializer
        return BriefSerializer

class NoAction(generics.RetrieveAPIView):
    def get_serializer_class(self):
        if self.action == "retrieve":
            return FullSerializer
        return BriefSerializer

class EditsMixin:
    def get_serializer_class(self):
        if self.request.method == "PATCH":
            return EditSerializer
        return super().get_serializer_class()

class Chained(EditsMixin, generics.RetrieveUpdateAPIView):
    serializer_class = BriefSerializer

    def get_serializer_class(self):
        if self.request.method == "GET":
            return FullSerializer
        return super().get_serializer_class()

class Bulk(viewsets.ModelViewSet):
    serializer_class = BriefSerializer

    def get_serializer(self, *args, **kwargs):
        if self.action == "create":
            kwargs["many"] = True
        kwargs["context"] = self.get_serializer_context()
        return super().get_serializer(*args, **kwargs)

class Blacklist(APIView):
    @extend_schema(
        request=OptionalSerializer,
        responses={status.HTTP_204_NO_CONTENT: "Blacklisted", status.HTTP_404_NOT_FOUND: None},
    )
    def post(self, request): ...

@extend_schema(responses={200: "List of storages"})
class Storages(generics.ListAPIView):
    pass
"""
URLS = """
from django.urls import include, path
from rest_framework.routers import SimpleRouter
from things import api

router = SimpleRouter()
router.register("by-action", api.ByAction)
router.register("bulk", api.Bulk)
urlpatterns = [
    path("", include(router.urls)),
    path("safe/", api.Safe.as_view()),
    path("staff/", api.ForStaff.as_view()),
    path("no-action/", api.NoAction.as_view()),
    path("chained/", api.Chained.as_view()),
    path("blacklist/", api.Blacklist.as_view()),
    path("storages/", api.Storages.as_view()),
]
"""
BRIEF = "things.serializers.BriefSerializer"
FULL = "things.serializers.FullSerializer"
EDIT = "things.serializers.EditSerializer"
OPTIONAL = "things.serializers.OptionalSerializer"


def _routes() -> dict[tuple[str, str], Route]:
    linked, diagnostics = link_sources(
        {
            "proj/__init__.py": "",
            "proj/settings.py": SETTINGS,
            "proj/urls.py": URLS,
            "things/__init__.py": "",
            "things/serializers.py": SERIALIZERS,
            "things/api.py": VIEWS,
        }
    )
    assert diagnostics == []
    return {(str(r.method), r.path): r for r in linked.routes}


def _answers(route: Route) -> tuple[Body | None, tuple[Response, ...]]:
    return route.request_body, route.responses


def _body(model: str, *, many: bool = False, required: bool = True) -> Body:
    return Body(
        type=f"list[{model}]" if many else model,
        model=model,
        media_type="application/json",
        required=required,
        other_media_types=("application/x-www-form-urlencoded", "multipart/form-data"),
    )


def test_a_viewset_action_takes_the_first_return_whose_guard_holds() -> None:
    routes = _routes()
    assert _answers(routes["GET", "/by-action/"]) == (
        None,
        (Response(status="200", type=f"list[{BRIEF}]", model=BRIEF),),
    )
    assert _answers(routes["POST", "/by-action/"]) == (_body(FULL), (Response(status="201", type=FULL, model=FULL),))
    assert _answers(routes["GET", "/by-action/{pk}/"]) == (None, (Response(status="200", type=FULL, model=FULL),))
    assert _answers(routes["PUT", "/by-action/{pk}/"]) == (
        _body(EDIT),
        (Response(status="200", type=EDIT, model=EDIT),),
    )
    patch = routes["PATCH", "/by-action/{pk}/"]  # getattr(self, "action", None) in (...)
    assert _answers(patch) == (_body(EDIT, required=False), (Response(status="200", type=EDIT, model=EDIT),))


def test_the_request_method_decides_a_generic_views_serializer() -> None:
    routes = _routes()
    assert _answers(routes["GET", "/safe/"]) == (None, (Response(status="200", type=FULL, model=FULL),))
    assert _answers(routes["PUT", "/safe/"]) == (_body(EDIT), (Response(status="200", type=EDIT, model=EDIT),))


def test_a_test_that_cannot_be_told_leaves_the_serializer_unknown() -> None:
    routes = _routes()
    assert _answers(routes["GET", "/staff/"]) == (None, ())  # request.user is not known
    assert _answers(routes["GET", "/no-action/"]) == (None, ())  # a view that is not a viewset has no action


def test_super_reaches_the_next_get_serializer_class_in_the_mro() -> None:
    routes = _routes()
    assert _answers(routes["GET", "/chained/"]) == (None, (Response(status="200", type=FULL, model=FULL),))
    assert _answers(routes["PATCH", "/chained/"]) == (
        _body(EDIT, required=False),
        (Response(status="200", type=EDIT, model=EDIT),),
    )
    assert _answers(routes["PUT", "/chained/"]) == (_body(BRIEF), (Response(status="200", type=BRIEF, model=BRIEF),))


def test_get_serializer_setting_many_for_an_action_makes_it_a_list() -> None:
    routes = _routes()
    create = routes["POST", "/bulk/"]
    assert _answers(create) == (
        _body(BRIEF, many=True),
        (Response(status="201", type=f"list[{BRIEF}]", model=BRIEF),),
    )
    assert _answers(routes["PUT", "/bulk/{pk}/"]) == (_body(BRIEF), (Response(status="200", type=BRIEF, model=BRIEF),))


def test_status_constants_and_texts_in_a_responses_dict() -> None:
    routes = _routes()
    assert routes["POST", "/blacklist/"].responses == (  # a text: drf-spectacular documents an object of any shape
        Response(status="204", type="Any"),
        Response(status="404", description="No response body"),
    )
    body = routes["POST", "/blacklist/"].request_body  # no field a request must send: not required
    assert body == _body(OPTIONAL, required=False)
    assert routes["GET", "/storages/"].responses == (Response(status="200", type="list[Any]"),)  # a list view's

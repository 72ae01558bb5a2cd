"""drf-spectacular's request bodies, responses, pagination parameters and schema paths of DRF views."""

from __future__ import annotations

from docgen.model import Body, Param, ParamLocation, Response
from docgen.testing import link_sources

SETTINGS = """
ROOT_URLCONF = "proj.urls"
REST_FRAMEWORK = {"DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.FormParser"]}
"""
MODELS = """
from django.db import models

class Shelf(models.Model):
    code = models.CharField(max_length=8, primary_key=True)

class Book(models.Model):
    title = models.CharField(max_length=100)
    shelf = models.ForeignKey(Shelf, on_delete=models.CASCADE)
"""
SERIALIZERS = """
from rest_framework import serializers
from .models import Book

class BookSerializer(serializers.ModelSerializer):
    class Meta:
        model = Book
        fields = ["id", "title"]

class NoteSerializer(serializers.Serializer):
    text = serializers.CharField()
"""
VIEWS = """
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, viewsets
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter, SearchFilter
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.views import APIView
from rest_framework_simplejwt.views import TokenViewBase
from .models import Book, Shelf
from .serializers import BookSerializer, NoteSerializer
from . import schemas
from .schemas import QUERY

class Pages(PageNumberPagination):
    page_size_query_param = "size"

@extend_schema_view(
    destroy=extend_schema(responses={200: NoteSerializer, 404: None}),
    retrieve=extend_schema(
        parameters=[
            OpenApiParameter("id", OpenApiTypes.STR, OpenApiParameter.PATH, description="Book key"),
            OpenApiParameter(name="fields", type=str, many=True),
            OpenApiParameter("order", enum=["asc", "desc"], required=True, location="query"),
        ]
    ),
)
class BookViewSet(viewsets.ModelViewSet):
    queryset = Book.objects.all()
    serializer_class = BookSerializer
    pagination_class = Pages
    parser_classes = [JSONParser]
    filter_backends = [DjangoFilterBackend, SearchFilter, OrderingFilter]
    filterset_fields = {"title": ["exact", "icontains"], "shelf": ["exact"], "shelf__code": ["in"]}

    @action(detail=True, methods=["post"], serializer_class=NoteSerializer)
    def annotate(self, request, pk=None): ...

class ShelfList(generics.ListCreateAPIView):
    queryset = Shelf.objects.all()
    parser_classes = (JSONParser, MultiPartParser)

    def get_serializer_class(self):
        if self.request.method == "GET":
            return BookSerializer
        return super().get_serializer_class()

    serializer_class = BookSerializer

class ShelfDetail(generics.RetrieveUpdateAPIView):
    queryset = Shelf.objects.all()

    def get_serializer_class(self):
        if self.request.method == "GET":
            return BookSerializer
        return NoteSerializer

class Ping(APIView):
    def get(self, request): ...

    @extend_schema(request=NoteSerializer, responses=OpenApiResponse(OpenApiTypes.OBJECT, description="Done"))
    def post(self, request): ...

class Token(TokenViewBase):
    _serializer_class = "books.serializers.NoteSerializer"

class Search(APIView):
    @extend_schema(
        operation_id="find",
        request={"application/json": QUERY},
        responses={200: {"type": "object", "properties": {**schemas.BASE, "total": {"type": "integer"}}}, 400: None},
    )
    def post(self, request): ...

    @extend_schema(request=QUERY)
    def put(self, request): ...
"""
SCHEMAS = """
BASE = {"items": {"type": "array"}}
QUERY = {"type": "object", "properties": {"q": BASE["items"]}}
"""
URLS = """
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter
from books import api

router = DefaultRouter()
router.register("books", api.BookViewSet)
urlpatterns = [
    path("api/", include(router.urls)),
    path("shelves/", api.ShelfList.as_view()),
    path("shelves/<pk>/", api.ShelfDetail.as_view()),
    path("ping/", api.Ping.as_view()),
    path("search/", api.Search.as_view()),
    path("token/", api.Token.as_view()),
    path("schema/", SpectacularAPIView.as_view()),
    path("schema/ui/", SpectacularSwaggerView.as_view()),
]
"""


def _routes() -> dict[tuple[str, str], object]:
    linked, diagnostics = link_sources(
        {
            "proj/__init__.py": "",
            "proj/settings.py": SETTINGS,
            "proj/urls.py": URLS,
            "books/__init__.py": "",
            "books/models.py": MODELS,
            "books/serializers.py": SERIALIZERS,
            "books/api.py": VIEWS,
            "books/schemas.py": SCHEMAS,
        }
    )
    assert diagnostics == []
    return {(str(r.method), r.path): r for r in linked.routes}


BOOK = "books.serializers.BookSerializer"
NOTE = "books.serializers.NoteSerializer"
PAGES = (
    Param(name="page", in_=ParamLocation.QUERY, type="int", required=False),
    Param(name="size", in_=ParamLocation.QUERY, type="int", required=False),
)


def test_viewset_actions_answer_as_drf_spectacular_documents_them() -> None:
    routes = _routes()
    listed = routes["GET", "/api/books/"]
    assert listed.responses == (
        Response(status="200", type=f"rest_framework.pagination.PageNumberPagination[list[{BOOK}]]", model=BOOK),
    )
    assert listed.params == (
        *PAGES,
        Param(name="title", in_=ParamLocation.QUERY, type="str", required=False),
        Param(name="title__icontains", in_=ParamLocation.QUERY, type="str", required=False),
        Param(name="shelf", in_=ParamLocation.QUERY, type="str", required=False),  # Shelf's primary key
        Param(name="shelf__code__in", in_=ParamLocation.QUERY, type="list[str]", required=False),
        Param(name="search", in_=ParamLocation.QUERY, type="str", required=False),
        Param(name="ordering", in_=ParamLocation.QUERY, type="str", required=False),
    )
    create = routes["POST", "/api/books/"]
    assert create.request_body == Body(type=BOOK, model=BOOK, media_type="application/json", required=True)
    assert create.responses == (Response(status="201", type=BOOK, model=BOOK),)
    assert create.params == ()
    patch = routes["PATCH", "/api/books/{pk}/"]
    assert patch.request_body == Body(type=BOOK, model=BOOK, media_type="application/json", required=False)
    assert patch.responses == (Response(status="200", type=BOOK, model=BOOK),)
    assert routes["DELETE", "/api/books/{pk}/"].responses == (
        Response(status="200", type=NOTE, model=NOTE),
        Response(status="404", description="No response body"),
    )
    assert routes["GET", "/api/books/{pk}/"].schema_path == "/api/books/{id}/"
    annotate = routes["POST", "/api/books/{pk}/annotate/"]  # the action's own serializer_class
    assert annotate.request_body == Body(type=NOTE, model=NOTE, media_type="application/json")
    assert annotate.responses == (Response(status="200", type=NOTE, model=NOTE),)


def test_generic_views_take_what_get_serializer_class_returns_for_the_method() -> None:
    routes = _routes()
    assert routes["GET", "/shelves/"].responses == (Response(status="200", type=f"list[{BOOK}]", model=BOOK),)
    assert routes["POST", "/shelves/"].request_body == Body(
        type=BOOK, model=BOOK, media_type="application/json", other_media_types=("multipart/form-data",)
    )
    assert routes["POST", "/shelves/"].responses == (Response(status="201", type=BOOK, model=BOOK),)
    detail = routes["GET", "/shelves/{pk}/"]
    assert (detail.request_body, detail.responses) == (None, (Response(status="200", type=BOOK, model=BOOK),))
    update = routes["PUT", "/shelves/{pk}/"]  # the return after `if self.request.method == "GET":`
    assert update.request_body == Body(type=NOTE, model=NOTE, media_type="application/x-www-form-urlencoded")
    assert update.responses == (Response(status="200", type=NOTE, model=NOTE),)
    assert detail.schema_path == "/shelves/{code}/"


def test_api_views_without_serializer_and_extend_schema_overrides() -> None:
    routes = _routes()
    assert routes["GET", "/ping/"].responses == (Response(status="200", description="No response body"),)
    post = routes["POST", "/ping/"]
    assert post.request_body == Body(
        type=NOTE, model=NOTE, media_type="application/x-www-form-urlencoded", required=True
    )
    assert post.responses == (Response(status="200", type="dict", description="Done"),)
    assert post.schema_path is None
    token = routes["POST", "/token/"]  # simplejwt's dotted _serializer_class
    assert token.request_body == Body(type=NOTE, model=NOTE, media_type="application/x-www-form-urlencoded")
    assert token.responses == (Response(status="200", type=NOTE, model=NOTE),)


def test_json_schemas_written_out_as_dict_literals() -> None:
    search = _routes()["POST", "/search/"]
    assert search.request_body == Body(
        type="dict",
        media_type="application/json",  # as the {media type: schema} mapping says
        required=False,
        schema='{"type": "object", "properties": {"q": {"type": "array"}}}',
    )
    assert search.responses == (
        Response(
            status="200",
            type="dict",
            schema='{"type": "object", "properties": {"items": {"type": "array"}, "total": {"type": "integer"}}}',
        ),
        Response(status="400", description="No response body"),
    )
    assert _routes()["PUT", "/search/"].request_body is None  # a schema is not a {media type: ...} mapping


def test_operation_ids_as_drf_spectacular_names_them() -> None:
    ids = {key: route.operation_id for key, route in _routes().items()}
    assert ids == {
        ("GET", "/api/"): "api_retrieve",  # the router's api-root (left out of the schema, as the docs pages)
        ("GET", "/api/books/"): "api_books_list",
        ("POST", "/api/books/"): "api_books_create",
        ("GET", "/api/books/{pk}/"): "api_books_retrieve",
        ("PUT", "/api/books/{pk}/"): "api_books_update",
        ("PATCH", "/api/books/{pk}/"): "api_books_partial_update",
        ("DELETE", "/api/books/{pk}/"): "api_books_destroy",
        ("POST", "/api/books/{pk}/annotate/"): "api_books_annotate_create",
        ("GET", "/shelves/"): "shelves_list",
        ("POST", "/shelves/"): "shelves_create",
        ("GET", "/shelves/{pk}/"): "shelves_retrieve",
        ("PUT", "/shelves/{pk}/"): "shelves_update",
        ("PATCH", "/shelves/{pk}/"): "shelves_partial_update",
        ("GET", "/ping/"): "ping_retrieve",
        ("POST", "/ping/"): "ping_create",
        ("POST", "/search/"): "find",
        ("PUT", "/search/"): "search_update",
        ("POST", "/token/"): "token_create",
        ("GET", "/schema/"): "schema_retrieve",
        ("GET", "/schema/ui/"): "schema_ui_retrieve",
    }


def test_declared_parameters_replace_and_extend_the_routes() -> None:
    assert _routes()["GET", "/api/books/{pk}/"].params == (
        Param(name="pk", in_=ParamLocation.PATH, type="str", description="Book key"),  # the schema's {id}
        Param(name="fields", in_=ParamLocation.QUERY, type="list[str]", required=False),
        Param(name="order", in_=ParamLocation.QUERY, type="Literal['asc', 'desc']", required=True),
    )


def test_drf_spectacular_leaves_its_own_pages_out() -> None:
    routes = _routes()
    assert routes["GET", "/schema/"].include_in_schema  # SERVE_INCLUDE_SCHEMA is True by default
    assert not routes["GET", "/schema/ui/"].include_in_schema


def test_a_paginator_writing_its_own_envelope_still_takes_its_query_parameters() -> None:
    sources = {
        "notes/__init__.py": "",
        "notes/settings.py": (
            'ROOT_URLCONF = "notes.urls"\nREST_FRAMEWORK = {"DEFAULT_PAGINATION_CLASS": "notes.pagination.Standard"}\n'
        ),
        "notes/pagination.py": """
from rest_framework.pagination import PageNumberPagination

class Standard(PageNumberPagination):
    page_size_query_param = "page_size"

    def get_paginated_response_schema(self, data):
        return super().get_paginated_response_schema(data)
""",
        "notes/views.py": """
from rest_framework import generics, serializers

class NoteSerializer(serializers.Serializer):
    text = serializers.CharField()

class Notes(generics.ListAPIView):
    serializer_class = NoteSerializer
""",
        "notes/urls.py": """
from django.urls import path
from . import views

urlpatterns = [path("notes/", views.Notes.as_view())]
""",
    }
    linked, diagnostics = link_sources(sources)
    assert diagnostics == []
    (route,) = linked.routes
    note = "notes.views.NoteSerializer"
    assert route.responses == (Response(status="200", type=f"Standard[list[{note}]]", model=note),)
    assert route.params == (
        Param(name="page", in_=ParamLocation.QUERY, type="int", required=False),
        Param(name="page_size", in_=ParamLocation.QUERY, type="int", required=False),
    )

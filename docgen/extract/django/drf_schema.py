"""What drf-spectacular documents for a DRF operation: its request body, responses and parameters.

The serializer is, strongest first, ``extend_schema(request=..., responses=...)``, then what the
view serializes in that operation (:mod:`docgen.extract.django.drf_payloads`: its own
``get_serializer`` or ``get_serializer_class`` read with ``self.action`` and
``self.request.method`` known, then ``serializer_class``). A view with none of these documents no
body; one whose serializer cannot be known statically gets neither body nor responses.

Responses follow drf-spectacular: DELETE answers 204 without a body, a create operation 201,
anything else 200. A list view (``many=True``, the ``list`` action of a viewset, a GET of a
``ListModelMixin`` view) answers an array, in its paginator's envelope when it has one (see
:mod:`docgen.extract.django.drf_pagination`). A request body (POST, PUT, PATCH) is sent as the
media types of the view's parsers. ``extend_schema(parameters=...)`` joins the parameters, as does
``?format=`` for a view rendering several formats (:mod:`docgen.extract.django.drf_renderers`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from docgen.extract._shared.common import short_name, status_code
from docgen.extract._shared.json_literal import resolved
from docgen.extract.django.docs import Docs
from docgen.extract.django.drf_filters import FilterParameters
from docgen.extract.django.drf_names import SchemaPaths, renamed
from docgen.extract.django.drf_pagination import Pagination
from docgen.extract.django.drf_params import declared_parameters
from docgen.extract.django.drf_payloads import UNKNOWN_SERIALIZER, Declared, Payload, Payloads, action_option
from docgen.extract.django.drf_renderers import FormatParameter
from docgen.extract.django.drf_returns import SchemaCall
from docgen.extract.django.settings import spectacular_setting
from docgen.extract.django.views import ClassRef, ViewClasses
from docgen.link.contract import LinkContext
from docgen.link.evaluate import Const, DefRef, Seq, Value
from docgen.model import Body, HttpMethod, Model, Param, Response, Route
from docgen.model.facts import Op

_GENERIC = "rest_framework.generics.GenericAPIView"
_VIEWSET = "rest_framework.viewsets.ViewSetMixin"
_LIST_MIXIN = "rest_framework.mixins.ListModelMixin"
_CREATE_VIEWS = frozenset({"rest_framework.generics.CreateAPIView", "rest_framework.generics.ListCreateAPIView"})
_SCHEMA_VIEWS = frozenset({"drf_spectacular.views.SpectacularAPIView"})
_SCHEMA_PAGES = frozenset(
    {
        "drf_spectacular.views.SpectacularSwaggerView",
        "drf_spectacular.views.SpectacularRedocView",
        "rest_framework.routers.APIRootView",  # its `schema = None` leaves it out
    }
)
_PARSERS = {
    "JSONParser": "application/json",
    "FormParser": "application/x-www-form-urlencoded",
    "MultiPartParser": "multipart/form-data",
    "FileUploadParser": "*/*",
}
_DEFAULT_MEDIA = ("application/json", "application/x-www-form-urlencoded", "multipart/form-data")
"""The media types of DRF's default parsers (JSON, form, multipart)."""
_SAFE_BODY = (HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH)


@dataclass(frozen=True, slots=True)
class Operation:
    """The documented parts of one DRF operation.

    Attributes:
        request_body: The request body, if any.
        responses: The responses; empty when they cannot be known statically.
        params: Query parameters a list view's paginator adds.
    """

    request_body: Body | None = None
    responses: tuple[Response, ...] = ()
    params: tuple[Param, ...] = ()


class DrfOperations:
    """Works out what drf-spectacular documents of DRF views: bodies, responses, parameters, visibility."""

    def __init__(self, context: LinkContext, views: ViewClasses, drf: dict[str, Value], settings: str | None) -> None:
        self.context = context
        self.views = views
        self.drf = drf
        self.paths = SchemaPaths(context, views)
        self.payloads = Payloads(context, views)
        self.pagination = Pagination(context, views, drf)
        self.filters = FilterParameters(context, views, drf, self.paths)
        self.formats = FormatParameter(context, views, drf)
        served = spectacular_setting(context, settings, "SERVE_INCLUDE_SCHEMA") != Const(False)
        self.hidden = _SCHEMA_PAGES | (frozenset() if served else _SCHEMA_VIEWS)
        """drf-spectacular's own views its document leaves out (the schema itself unless it is served)."""
        self.lists: set[tuple[HttpMethod, str, str | None]] = set()
        """``(method, path, handler)`` of the GET routes that answer a list (their operationIds say ``list``)."""

    def documented(self, route: Route, cls: ClassRef | None, action: str, docs: Docs) -> Route:
        """``route`` with what drf-spectacular documents of it (``cls`` None for an ``@api_view``)."""
        operation = self.operation(cls, route.method, action, docs.declared)
        lineage = self.views.lineage(cls) if cls is not None else set()
        success = sorted((r for r in operation.responses if r.status.startswith("2")), key=lambda r: r.status)
        if success:
            listed = success[0].type.startswith("list[") or "[list[" in success[0].type
        else:  # the serializer is not known: what the view says
            listed = self._is_list(UNKNOWN_SERIALIZER, cls, lineage, route.method, action)
        if listed and route.method is HttpMethod.GET:
            self.lists.add((route.method, route.path, route.handler))
            filters = self.filters.of(cls) if cls is not None else ()
            operation = replace(operation, params=operation.params + filters)
        schema_path = self.paths.schema_path(route.path, cls)
        params = route.params + operation.params + self.formats.of(cls, action)
        if "parameters" in docs.declared:
            names = renamed(route.path, schema_path)
            params = declared_parameters(self.context, docs.declared["parameters"], params, names)
        return replace(
            route,
            params=params,
            request_body=operation.request_body,
            responses=operation.responses,
            schema_path=schema_path,
            operation_id=docs.operation_id or None,
            operation_summary=docs.schema_summary,
            include_in_schema=route.include_in_schema and (cls is None or self._in_schema(cls, lineage)),
        )

    def _in_schema(self, cls: ClassRef, lineage: set[str]) -> bool:
        """Whether the schema lists the view: not one of the hidden ones, no ``schema = None``."""
        declared = self.context.evaluator.class_attribute(cls, "schema") if isinstance(cls, DefRef) else None
        return self.hidden.isdisjoint(lineage) and declared != Const(None)

    def operation(
        self,
        cls: ClassRef | None,
        method: HttpMethod,
        action: str,
        declared: dict[str, Declared],
    ) -> Operation:
        """The operation a DRF view (``cls`` None for an ``@api_view`` function) serves for ``method``."""
        lineage = self.views.lineage(cls) if cls is not None else set()
        call = SchemaCall(method, action if _VIEWSET in lineage else None)
        view = self.payloads.of_view(cls, action, call) if {"request", "responses"} - declared.keys() else None
        body = None
        if method in _SAFE_BODY:
            request = self.payloads.declared(declared["request"], media=True) if "request" in declared else view
            body = _body(request, method, self._media_types(cls, action), self.context.models)
        if "responses" in declared:
            answered = self._responses_of(declared["responses"], cls, lineage, method, action)
        else:
            answered = self._answer(view, cls, lineage, method, action)
        return Operation(body, *answered) if answered is not None else Operation(body)

    # --- responses -------------------------------------------------------------------------

    def _responses_of(
        self, declared: Declared, cls: ClassRef | None, lineage: set[str], method: HttpMethod, action: str
    ) -> tuple[tuple[Response, ...], tuple[Param, ...]] | None:
        """``responses=``: one payload (answered as the view's would be), or a ``{status: ...}`` dict."""
        expr, scope = resolved(self.context, *declared)
        if expr.op is not Op.DICT:
            return self._answer(self.payloads.declared(declared), cls, lineage, method, action)
        responses: list[Response] = []
        params: tuple[Param, ...] = ()
        for key, value in zip(expr.args[::2], expr.args[1::2], strict=False):
            if key is not None and key.op is Op.TUPLE and key.args:  # (status, media type)
                key = key.args[0]
            code = status_code(self.context, key, scope)
            payload = self.payloads.response_at(value, scope)
            if code is None or payload is None:
                return None
            is_success = code.startswith("2")
            listed = is_success and self._is_list(payload, cls, lineage, method, action)
            response, found = self._response(code, payload, cls, lineage, listed)
            responses.append(response)
            params = params or found
        return tuple(responses), params

    def _answer(
        self, payload: Payload | None, cls: ClassRef | None, lineage: set[str], method: HttpMethod, action: str
    ) -> tuple[tuple[Response, ...], tuple[Param, ...]] | None:
        """The one success response of a view answering ``payload``."""
        if payload is None:
            return None
        if method is HttpMethod.DELETE:
            return (Response(status="204", description="No response body"),), ()
        created = method is HttpMethod.POST and (action == "create" or not lineage.isdisjoint(_CREATE_VIEWS))
        listed = self._is_list(payload, cls, lineage, method, action)
        response, params = self._response("201" if created else "200", payload, cls, lineage, listed)
        return (response,), params

    def _response(
        self, status: str, payload: Payload, cls: ClassRef | None, lineage: set[str], listed: bool
    ) -> tuple[Response, tuple[Param, ...]]:
        if not payload.type:
            return Response(status=status, description=payload.description or "No response body"), ()
        type_text = f"list[{payload.type}]" if listed or payload.many else payload.type
        params: tuple[Param, ...] = ()
        if listed and payload.model is not None and cls is not None and _GENERIC in lineage:
            paginator = self.pagination.paginator(cls)
            if paginator is not None:
                type_text, params = self.pagination.paginated(paginator, type_text)
        response = Response(
            status=status, type=type_text, model=payload.model, description=payload.description, schema=payload.schema
        )
        return response, params

    def _is_list(
        self, payload: Payload, cls: ClassRef | None, lineage: set[str], method: HttpMethod, action: str
    ) -> bool:
        """drf-spectacular's guess whether a view answers a list of objects."""
        if payload.many:
            return True
        if payload.model is None and not payload.unresolved:
            return False
        if cls is not None and _VIEWSET in lineage:
            return action == "list"
        return method is HttpMethod.GET and _LIST_MIXIN in lineage

    # --- parsers -----------------------------------------------------------------------------

    def _class_text(self, cls: ClassRef, name: str) -> str:
        value = self.context.evaluator.class_attribute(cls, name) if isinstance(cls, DefRef) else None
        return value.value if isinstance(value, Const) and isinstance(value.value, str) else ""

    def _media_types(self, cls: ClassRef | None, action: str) -> tuple[str, ...]:
        """The media types of the view's parsers: the action's or the view's, else the settings', else DRF's."""
        value = action_option(self.context, self.views, cls, action, "parser_classes")
        if value is None and isinstance(cls, DefRef):
            value = self.context.evaluator.class_attribute(cls, "parser_classes")
        listed = value if value is not None else self.drf.get("DEFAULT_PARSER_CLASSES")
        if listed is None:
            return _DEFAULT_MEDIA
        found = []
        for item in listed.items if isinstance(listed, Seq) else (listed,):
            parser = self.views.class_of(item)
            if parser is None:
                continue
            names = [short_name(k.dotted) for k in self.views.mro(parser)]
            known = [_PARSERS[name] for name in names if name in _PARSERS]
            media = known[0] if known else self._class_text(parser, "media_type")
            if media:
                found.append(media)
        return tuple(dict.fromkeys(found)) or ("application/json",)


def _body(
    payload: Payload | None, method: HttpMethod, media_types: tuple[str, ...], models: dict[str, Model]
) -> Body | None:
    """The request body of a payload: none for an unknown one or no body.

    As drf-spectacular decides it, a serializer's body is required when one of its fields is
    (and not read-only); a PATCH is partial and requires nothing.
    """
    if payload is None or not payload.type:
        return None
    type_text = f"list[{payload.type}]" if payload.many else payload.type
    model = models.get(payload.model) if payload.model is not None else None
    required = payload.model is not None and method is not HttpMethod.PATCH
    if required and model is not None:
        required = any(f.required and f.constraints.get("read_only") != "True" for f in model.fields)
    media = (payload.media,) if payload.media else media_types
    return Body(
        type=type_text,
        model=payload.model,
        media_type=media[0],
        required=required,
        schema=payload.schema,
        other_media_types=media[1:],
    )

"""What drf-spectacular documents for a DRF operation: its request body, responses and parameters.

The serializer is, strongest first, ``extend_schema(request=..., responses=...)`` (a serializer
class or ``X(many=True)``, ``None``, an ``OpenApiTypes`` member or builtin type, an
``OpenApiResponse``, a JSON Schema dict literal, or a ``{status: ...}`` / ``{media type: ...}``
dict), the one class every ``return`` of the view's own ``get_serializer_class`` names, then
``serializer_class`` (an ``@action(serializer_class=...)``'s for that action; the dotted
``_serializer_class`` of a simplejwt token view). A view with none of these documents no body;
one whose serializer cannot be known statically (several classes returned, an unevaluated
expression, a third-party view) gets neither body nor responses.

Responses follow drf-spectacular: DELETE answers 204 without a body, a create operation 201,
anything else 200. A list view (``many=True``, the ``list`` action of a viewset, a GET of a
``ListModelMixin`` view) answers an array, in its paginator's envelope when it has one (see
:mod:`docgen.extract.django.drf_pagination`). A request body (POST, PUT, PATCH) is sent as the
media types of the view's parsers. ``extend_schema(parameters=...)`` joins the parameters.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from docgen.extract._shared.common import Handler, short_name
from docgen.extract._shared.json_literal import json_literal, resolved
from docgen.extract.django.docs import Docs
from docgen.extract.django.drf_filters import FilterParameters
from docgen.extract.django.drf_names import SchemaPaths, renamed
from docgen.extract.django.drf_pagination import Pagination
from docgen.extract.django.drf_params import BASIC_TYPES, declared_parameters
from docgen.extract.django.drf_serializers import SERIALIZERS
from docgen.extract.django.settings import spectacular_setting
from docgen.extract.django.views import ClassRef, ViewClasses, decorator_name
from docgen.link.contract import LinkContext
from docgen.link.evaluate import Const, DefRef, External, Instance, Seq, Value
from docgen.link.program import Scope
from docgen.model import Body, HttpMethod, Param, Response, Route
from docgen.model.facts import Expr, Op, Return

Declared = tuple[Expr, Scope]
"""An ``extend_schema`` keyword as written, with the scope to evaluate it in."""

_GENERIC = "rest_framework.generics.GenericAPIView"
_VIEWSET = "rest_framework.viewsets.ViewSetMixin"
_LIST_MIXIN = "rest_framework.mixins.ListModelMixin"
_CREATE_VIEWS = frozenset({"rest_framework.generics.CreateAPIView", "rest_framework.generics.ListCreateAPIView"})
_RESPONSE = "drf_spectacular.utils.OpenApiResponse"
_ACTION = "rest_framework.decorators.action"
_TOKEN_VIEW = "rest_framework_simplejwt.views.TokenViewBase"
_SCHEMA_VIEWS = frozenset({"drf_spectacular.views.SpectacularAPIView"})
_SCHEMA_PAGES = frozenset(
    {"drf_spectacular.views.SpectacularSwaggerView", "drf_spectacular.views.SpectacularRedocView"}
)
_REQUEST = "drf_spectacular.utils.OpenApiRequest"
_NONE = "drf_spectacular.types.OpenApiTypes.NONE"
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
class Payload:
    """What a request or response carries.

    Attributes:
        type: Type text for the catalog: a serializer's dotted name, a builtin type, or empty
            for no body.
        model: The serializer's dotted name (its catalog model id), when it is one.
        many: Whether it is a list of them (``X(many=True)``).
        description: The ``OpenApiResponse`` description, if any.
        schema: A JSON Schema written out as a dict literal, as JSON text.
        media: The media type a ``{media type: ...}`` request names.
    """

    type: str = ""
    model: str | None = None
    many: bool = False
    description: str = ""
    schema: str = ""
    media: str = ""


EMPTY = Payload()
"""No body (drf-spectacular's "No response body")."""
_UNKNOWN_SERIALIZER = Payload("?", "?")
"""Some serializer: what the view alone says of a list is asked with it when the real one is unknown."""


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
        self.pagination = Pagination(context, views, drf)
        self.filters = FilterParameters(context, views, drf, self.paths)
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
            listed = self._is_list(_UNKNOWN_SERIALIZER, cls, lineage, route.method, action)
        if listed and route.method is HttpMethod.GET:
            self.lists.add((route.method, route.path, route.handler))
            filters = self.filters.of(cls) if cls is not None else ()
            operation = replace(operation, params=operation.params + filters)
        schema_path = self.paths.schema_path(route.path, cls)
        params = route.params + operation.params
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
            include_in_schema=route.include_in_schema and (cls is None or self.hidden.isdisjoint(lineage)),
        )

    def operation(
        self,
        cls: ClassRef | None,
        method: HttpMethod,
        action: str,
        declared: dict[str, Declared],
    ) -> Operation:
        """The operation a DRF view (``cls`` None for an ``@api_view`` function) serves for ``method``."""
        lineage = self.views.lineage(cls) if cls is not None else set()
        view = self._view_payload(cls, action) if {"request", "responses"} - declared.keys() else None
        body = None
        if method in _SAFE_BODY:
            request = self._declared(declared["request"], media=True) if "request" in declared else view
            body = _body(request, method, self._media_types(cls))
        if "responses" in declared:
            answered = self._responses_of(declared["responses"], cls, lineage, method, action)
        else:
            answered = self._answer(view, cls, lineage, method, action)
        return Operation(body, *answered) if answered is not None else Operation(body)

    # --- what the view serializes ----------------------------------------------------------

    def _view_payload(self, cls: ClassRef | None, action: str) -> Payload | None:
        """The view's serializer: ``get_serializer_class``'s returns, else the (action's) ``serializer_class``."""
        if cls is None:
            return EMPTY
        if not isinstance(cls, DefRef):
            return None  # a third-party view: its serializer is not known here
        defined = self.views.defining(cls, "get_serializer_class")
        value = self._action_serializer(cls, action) or self.context.evaluator.class_attribute(cls, "serializer_class")
        if value is None and _TOKEN_VIEW in self.views.lineage(cls):  # simplejwt imports a dotted name
            named = self.context.evaluator.class_attribute(cls, "_serializer_class")
            dotted = named.value if isinstance(named, Const) and isinstance(named.value, str) else ""
            value = DefRef(dotted, True) if dotted in self.context.program.definitions else None
            if value is None:
                return None
        if defined is not None and defined[1] is not None:
            return self._returned(defined[1], value)
        return self._payload(value) if value is not None else EMPTY

    def _action_serializer(self, cls: DefRef, action: str) -> Value | None:
        """``@action(serializer_class=...)`` of the viewset method serving ``action``."""
        handler = (self.views.defining(cls, action) or ("", None))[1] if action else None
        if handler is None:
            return None
        for decorator in handler.definition.decorators:
            name, call = decorator_name(self.context, decorator, handler.scope)
            given = call.kwarg("serializer_class") if name == _ACTION and call.op is Op.CALL else None
            if given is not None:
                return self.context.evaluator.eval(given, handler.scope)
        return None

    def _returned(self, handler: Handler, inherited: Value | None) -> Payload | None:
        """The payload every ``return`` of ``get_serializer_class`` gives, None when they differ.

        ``inherited`` is what ``self.serializer_class`` / ``super().get_serializer_class()`` give.
        """
        found: set[Payload | None] = set()
        for stmt in handler.definition.body:
            if not isinstance(stmt, Return) or stmt.value is None:
                continue
            expr = stmt.value
            if _is_inherited(expr):
                found.add(self._payload(inherited) if inherited is not None else None)
            else:
                found.add(self._payload(self.context.evaluator.eval(expr, handler.scope)))
        return found.pop() if len(found) == 1 else None

    def _payload(self, value: Value) -> Payload | None:
        """A serializer class or instance, a basic type, or None (no body); None when unknown."""
        if isinstance(value, Const) and value.value is None:
            return EMPTY
        if isinstance(value, DefRef) and value.is_class and self._is_serializer(value):
            return Payload(value.dotted, value.dotted)
        if isinstance(value, Instance) and isinstance(value.cls, DefRef) and self._is_serializer(value.cls):
            many = value.call.kwarg("many")
            scope = self.context.call_scope(value)
            is_many = many is not None and self.context.evaluator.eval(many, scope) == Const(True)
            return Payload(value.cls.dotted, value.cls.dotted, is_many)
        if isinstance(value, Instance) and value.cls.dotted == _RESPONSE:
            return self._response_object(value)
        if isinstance(value, External) and value.dotted == _NONE:
            return EMPTY
        if isinstance(value, External) and value.dotted in BASIC_TYPES:
            return Payload(BASIC_TYPES[value.dotted])
        return None

    def _response_object(self, value: Instance) -> Payload | None:
        """``OpenApiResponse(response=..., description=...)``."""
        scope = self.context.call_scope(value)
        call = value.call
        inner = call.positional[0] if call.positional else call.kwarg("response")
        text = call.kwarg("description")
        described = self.context.evaluator.eval(text, scope) if text is not None else None
        description = str(described.value) if isinstance(described, Const) and isinstance(described.value, str) else ""
        payload = self._payload_at(inner, scope) if inner is not None else EMPTY
        return replace(payload, description=description) if payload is not None else None

    def _payload_at(self, expr: Expr, scope: Scope) -> Payload | None:
        """The payload ``expr`` names: a JSON Schema dict literal (names followed), else as evaluated."""
        expr, scope = resolved(self.context, expr, scope)
        if expr.op is Op.DICT:
            text = json_literal(self.context, expr, scope)
            return Payload("dict", schema=text) if text is not None else None
        return self._payload(self.context.evaluator.eval(expr, scope))

    def _is_serializer(self, cls: DefRef) -> bool:
        lineage = self.views.lineage(cls)
        return not lineage.isdisjoint(SERIALIZERS) or cls.dotted.endswith("Serializer")

    def _declared(self, declared: Declared, media: bool = False) -> Payload | None:
        """An ``extend_schema`` ``request=`` (``{media type: X}`` takes its first entry) or single response."""
        expr, scope = resolved(self.context, *declared)
        if media and expr.op is Op.DICT:
            keys = expr.args[::2]
            if not keys or not all(k is not None and k.op is Op.STR and "/" in str(k.value) for k in keys):
                return None  # not a {media type: ...} mapping
            payload = self._declared((expr.args[1], scope))
            return replace(payload, media=str(keys[0].value)) if payload is not None and keys[0] else None
        value = self.context.evaluator.eval(expr, scope)
        if isinstance(value, Instance) and value.cls.dotted == _REQUEST:
            inner = value.call.positional[0] if value.call.positional else value.call.kwarg("request")
            return self._payload_at(inner, self.context.call_scope(value)) if inner else EMPTY
        return self._payload_at(expr, scope)

    # --- responses -------------------------------------------------------------------------

    def _responses_of(
        self, declared: Declared, cls: ClassRef | None, lineage: set[str], method: HttpMethod, action: str
    ) -> tuple[tuple[Response, ...], tuple[Param, ...]] | None:
        """``responses=``: one payload (answered as the view's would be), or a ``{status: ...}`` dict."""
        expr, scope = resolved(self.context, *declared)
        if expr.op is not Op.DICT:
            return self._answer(self._declared(declared), cls, lineage, method, action)
        responses: list[Response] = []
        params: tuple[Param, ...] = ()
        for key, value in zip(expr.args[::2], expr.args[1::2], strict=False):
            if key is not None and key.op is Op.TUPLE and key.args:  # (status, media type)
                key = key.args[0]
            status = self.context.evaluator.eval(key, scope) if key is not None else None
            payload = self._payload_at(value, scope)
            if not isinstance(status, Const) or payload is None:
                return None
            code = str(status.value)
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
        if payload.model is None:
            return False
        if cls is not None and _VIEWSET in lineage:
            return action == "list"
        return method is HttpMethod.GET and _LIST_MIXIN in lineage

    # --- parsers -----------------------------------------------------------------------------

    def _class_text(self, cls: ClassRef, name: str) -> str:
        value = self.context.evaluator.class_attribute(cls, name) if isinstance(cls, DefRef) else None
        return value.value if isinstance(value, Const) and isinstance(value.value, str) else ""

    def _media_types(self, cls: ClassRef | None) -> tuple[str, ...]:
        """The media types of the view's parsers (``parser_classes``, else the settings', else DRF's)."""
        value = self.context.evaluator.class_attribute(cls, "parser_classes") if isinstance(cls, DefRef) else None
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


def _body(payload: Payload | None, method: HttpMethod, media_types: tuple[str, ...]) -> Body | None:
    """The request body of a payload: none for an unknown one or no body; PATCH requires nothing."""
    if payload is None or not payload.type:
        return None
    type_text = f"list[{payload.type}]" if payload.many else payload.type
    required = payload.model is not None and method is not HttpMethod.PATCH
    media = (payload.media,) if payload.media else media_types
    return Body(
        type=type_text,
        model=payload.model,
        media_type=media[0],
        required=required,
        schema=payload.schema,
        other_media_types=media[1:],
    )


def _is_inherited(expr: Expr) -> bool:
    """``super().get_serializer_class()`` or ``self.serializer_class``: the class attribute."""
    if expr.op is Op.ATTR and expr.value == "serializer_class":
        return expr.args[0].op is Op.NAME and expr.args[0].value == "self"
    if expr.op is not Op.CALL or expr.args[0].op is not Op.ATTR or expr.args[0].value != "get_serializer_class":
        return False
    owner = expr.args[0].args[0]
    return owner.op is Op.CALL and owner.args[0].op is Op.NAME and owner.args[0].value == "super"

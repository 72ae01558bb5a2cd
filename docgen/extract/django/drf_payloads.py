"""What a DRF operation carries, as drf-spectacular reads it: the :class:`Payload` of a view or a declaration.

A declared one comes from an ``extend_schema`` keyword: a serializer class or ``X(many=True)``,
``None``, an ``OpenApiTypes`` member or builtin type, an ``OpenApiResponse``/``OpenApiRequest``,
a JSON Schema dict literal, or a ``{media type: ...}`` dict. A view's is the serializer
drf-spectacular asks the view for in that operation: what its own ``get_serializer`` returns (a
serializer built by ``super().get_serializer()``, ``many=True`` when ``kwargs["many"] = True``
runs), else what its ``get_serializer_class`` returns, else ``serializer_class`` (an
``@action(serializer_class=...)``'s for that action; the dotted ``_serializer_class`` of a
simplejwt token view). Those methods are read for the operation
(:mod:`docgen.extract.django.drf_returns`): the returns that may answer it must agree, and
``super()`` goes on to the next definition in the view's MRO. A view with none of these
documents no body; one whose serializer cannot be known statically (returns that differ, an
unevaluated expression, a third-party view) is None: neither body nor responses.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from docgen.extract._shared.common import Handler, find_handler
from docgen.extract._shared.json_literal import json_literal, resolved
from docgen.extract.django.drf_params import BASIC_TYPES
from docgen.extract.django.drf_returns import SchemaCall, answering, runs
from docgen.extract.django.drf_serializers import SERIALIZERS
from docgen.extract.django.views import ClassRef, ViewClasses, decorator_name
from docgen.link.contract import LinkContext
from docgen.link.evaluate import Const, DefRef, External, Instance, Value
from docgen.link.program import Scope
from docgen.model.facts import Assign, Expr, Op

Declared = tuple[Expr, Scope]
"""An ``extend_schema`` keyword as written, with the scope to evaluate it in."""

_RESPONSE = "drf_spectacular.utils.OpenApiResponse"
_REQUEST = "drf_spectacular.utils.OpenApiRequest"
_NONE = "drf_spectacular.types.OpenApiTypes.NONE"
_ACTION = "rest_framework.decorators.action"
_TOKEN_VIEW = "rest_framework_simplejwt.views.TokenViewBase"


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
        unresolved: drf-spectacular could not resolve it (a text): an object of any shape, a
            list of them where a serializer would be.
    """

    type: str = ""
    model: str | None = None
    many: bool = False
    description: str = ""
    schema: str = ""
    media: str = ""
    unresolved: bool = False


EMPTY = Payload()
"""No body (drf-spectacular's "No response body")."""
UNKNOWN_SERIALIZER = Payload("?", "?")
"""Some serializer: what the view alone says of a list is asked with it when the real one is unknown."""


class Payloads:
    """Reads payloads from ``extend_schema`` values and from what DRF views serialize."""

    def __init__(self, context: LinkContext, views: ViewClasses) -> None:
        self.context = context
        self.views = views

    # --- what the view serializes ----------------------------------------------------------

    def of_view(self, cls: ClassRef | None, action: str, call: SchemaCall) -> Payload | None:
        """The serializer of view ``cls`` (None for an ``@api_view``) for ``action`` as drf-spectacular ``call``s it."""
        if cls is None:
            return EMPTY
        if not isinstance(cls, DefRef):
            return None  # a third-party view: its serializer is not known here
        value = self._action_serializer(cls, action) or self.context.evaluator.class_attribute(cls, "serializer_class")
        if value is None and _TOKEN_VIEW in self.views.lineage(cls):  # simplejwt imports a dotted name
            named = self.context.evaluator.class_attribute(cls, "_serializer_class")
            dotted = named.value if isinstance(named, Const) and isinstance(named.value, str) else ""
            value = DefRef(dotted, True) if dotted in self.context.program.definitions else None
            if value is None:
                return None
        defined = self.views.defining(cls, "get_serializer_class")
        if defined is not None and defined[1] is not None:
            inherited = self._payload(value) if value is not None else None
            chosen = self._returned(cls, defined[1], inherited, call)
        else:
            chosen = self._payload(value) if value is not None else EMPTY
        built = self.views.defining(cls, "get_serializer")
        if chosen is None or built is None or built[1] is None:
            return chosen
        answered = self._built(cls, built[1], chosen, call)
        return answered if answered is not None else chosen  # what it builds is not known: as if not overridden

    def _action_serializer(self, cls: DefRef, action: str) -> Value | None:
        """``@action(serializer_class=...)`` of the viewset method serving ``action``."""
        return action_option(self.context, self.views, cls, action, "serializer_class")

    def _returned(self, cls: DefRef, handler: Handler, inherited: Payload | None, call: SchemaCall) -> Payload | None:
        """The payload the returns of ``get_serializer_class`` that may answer ``call`` agree on, None when they differ.

        ``inherited`` is what ``self.serializer_class`` gives; ``super().get_serializer_class()``
        is the next definition's in the MRO, else that too.
        """
        found: set[Payload | None] = set()
        for stmt in answering(self.context, handler, call):
            expr = stmt.value
            if expr is None:
                continue
            if _is_self_attribute(expr, "serializer_class"):
                found.add(inherited)
            elif _is_super_call(expr, "get_serializer_class"):
                following = self._next_definition(cls, handler, "get_serializer_class")
                found.add(self._returned(cls, following, inherited, call) if following is not None else inherited)
            else:
                found.add(self._payload(self.context.evaluator.eval(expr, handler.scope)))
        return found.pop() if len(found) == 1 else None

    def _built(self, cls: DefRef, handler: Handler, chosen: Payload, call: SchemaCall) -> Payload | None:
        """What the returns of ``get_serializer`` that may answer ``call`` agree on; None when not known.

        ``super().get_serializer(...)`` builds ``chosen`` (the ``get_serializer_class`` one), a
        list of them when ``many=True`` is passed or a ``kwargs["many"] = True`` sure to run.
        """
        found: set[Payload | None] = set()
        for stmt in answering(self.context, handler, call):
            expr = stmt.value
            if expr is None:
                continue
            if _is_super_call(expr, "get_serializer"):
                following = self._next_definition(cls, handler, "get_serializer")
                built = self._built(cls, following, chosen, call) if following is not None else chosen
                many = self._passes_many(handler, expr, call)
                found.add(replace(built, many=True) if built is not None and many and built.model else built)
            else:
                found.add(self._payload(self.context.evaluator.eval(expr, handler.scope)))
        return found.pop() if len(found) == 1 else None

    def _passes_many(self, handler: Handler, expr: Expr, call: SchemaCall) -> bool:
        """Whether ``super().get_serializer(...)`` gets ``many=True``: as a keyword, or set in ``**kwargs`` first."""
        many = expr.kwarg("many")
        if many is not None:
            return many.op is Op.CONST and many.value is True
        spread = next((v.value for k, v in expr.kwargs if k == "**" and v.op is Op.NAME), None)
        passed = False
        for stmt in handler.definition.body:
            if not isinstance(stmt, Assign) or stmt.line >= expr.line or len(stmt.targets) != 1:
                continue
            target, value = stmt.targets[0], stmt.value
            if target.op is not Op.SUBSCRIPT or target.args[0].op is not Op.NAME or target.args[0].value != spread:
                continue
            key = target.args[1]
            is_many = key.op is Op.STR and key.value == "many" and value is not None and value.op is Op.CONST
            if is_many and value is not None and runs(self.context, handler, stmt, call):  # sure to run
                passed = value.value is True
        return passed

    def _next_definition(self, cls: DefRef, handler: Handler, name: str) -> Handler | None:
        """The analysed ``name`` that ``super()`` in ``handler`` reaches in ``cls``'s MRO, if any."""
        owner = handler.dotted.rpartition(".")[0]
        klasses = [k.dotted for k in self.views.mro(cls)]
        for dotted in klasses[klasses.index(owner) + 1 :] if owner in klasses else ():
            following = find_handler(self.context, DefRef(f"{dotted}.{name}", False))
            if following is not None:
                return following
        return None

    # --- payloads of values ------------------------------------------------------------------

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
        payload = self.payload_at(inner, scope) if inner is not None else EMPTY
        return replace(payload, description=description) if payload is not None else None

    def payload_at(self, expr: Expr, scope: Scope) -> Payload | None:
        """The payload ``expr`` names: a JSON Schema dict literal (names followed), else as evaluated."""
        expr, scope = resolved(self.context, expr, scope)
        if expr.op is Op.DICT:
            text = json_literal(self.context, expr, scope)
            return Payload("dict", schema=text) if text is not None else None
        return self._payload(self.context.evaluator.eval(expr, scope))

    def response_at(self, expr: Expr, scope: Scope) -> Payload | None:
        """An entry of a ``{status: ...}`` dict: as :meth:`payload_at`; a text is a body of any type.

        drf-spectacular cannot resolve a text (``{204: "Token blacklisted"}``) and documents an
        unspecified object.
        """
        payload = self.payload_at(expr, scope)
        if payload is not None:
            return payload
        value = self.context.evaluator.eval(expr, scope)
        is_text = isinstance(value, Const) and isinstance(value.value, str)
        return Payload("Any", unresolved=True) if is_text else None

    def _is_serializer(self, cls: DefRef) -> bool:
        lineage = self.views.lineage(cls)
        return not lineage.isdisjoint(SERIALIZERS) or cls.dotted.endswith("Serializer")

    def declared(self, declared: Declared, media: bool = False) -> Payload | None:
        """An ``extend_schema`` ``request=`` (``{media type: X}`` takes its first entry) or single response."""
        expr, scope = resolved(self.context, *declared)
        if media and expr.op is Op.DICT:
            keys = expr.args[::2]
            if not keys or not all(k is not None and k.op is Op.STR and "/" in str(k.value) for k in keys):
                return None  # not a {media type: ...} mapping
            payload = self.declared((expr.args[1], scope))
            return replace(payload, media=str(keys[0].value)) if payload is not None and keys[0] else None
        value = self.context.evaluator.eval(expr, scope)
        if isinstance(value, Instance) and value.cls.dotted == _REQUEST:
            inner = value.call.positional[0] if value.call.positional else value.call.kwarg("request")
            return self.payload_at(inner, self.context.call_scope(value)) if inner else EMPTY
        return self.payload_at(expr, scope)


def _is_self_attribute(expr: Expr, name: str) -> bool:
    """``self.<name>``."""
    return expr.op is Op.ATTR and expr.value == name and expr.args[0].op is Op.NAME and expr.args[0].value == "self"


def _is_super_call(expr: Expr, method: str) -> bool:
    """``super().<method>(...)`` (or ``super(Cls, self).<method>(...)``)."""
    if expr.op is not Op.CALL or expr.args[0].op is not Op.ATTR or expr.args[0].value != method:
        return False
    owner = expr.args[0].args[0]
    return owner.op is Op.CALL and owner.args[0].op is Op.NAME and owner.args[0].value == "super"


def action_option(
    context: LinkContext, views: ViewClasses, cls: ClassRef | None, action: str, option: str
) -> Value | None:
    """``@action(<option>=...)`` of the viewset method serving ``action`` (``parser_classes=``...), evaluated."""
    handler = (views.defining(cls, action) or ("", None))[1] if action and isinstance(cls, DefRef) else None
    if handler is None:
        return None
    for decorator in handler.definition.decorators:
        name, call = decorator_name(context, decorator, handler.scope)
        given = call.kwarg(option) if name == _ACTION and call.op is Op.CALL else None
        if given is not None:
            return context.evaluator.eval(given, handler.scope)
    return None

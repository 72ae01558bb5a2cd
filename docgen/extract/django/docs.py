"""What a Django or DRF view says about itself: summary, description, tags, deprecation, visibility.

Sources, strongest first: drf-spectacular's ``extend_schema(...)`` and drf-yasg's
``swagger_auto_schema(...)`` on the handler method, the same through
``method_decorator(..., name="get")`` or ``extend_schema_view(get=...)`` on the view class (or on an
analysed base class), ``extend_schema(...)`` on the class itself, then the handler's docstring and
the view class's docstring (an inherited framework method has none of its own).
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field

from docgen.extract._shared.common import Handler, strings
from docgen.extract.django.views import ClassRef, ViewClasses, decorator_name
from docgen.link.contract import LinkContext
from docgen.link.evaluate import Const, DefRef
from docgen.link.program import Scope
from docgen.model.facts import ClassDef, Expr, Op
from docgen.reference.docstrings import parse_docstring

_SCHEMA = frozenset(
    {
        "drf_spectacular.utils.extend_schema",
        "drf_yasg.utils.swagger_auto_schema",
    }
)
_SCHEMA_VIEW = "drf_spectacular.utils.extend_schema_view"
_METHOD_DECORATOR = "django.utils.decorators.method_decorator"
_FIELDS = {
    "summary": "summary",
    "operation_summary": "summary",
    "description": "description",
    "operation_description": "description",
    "tags": "tags",
    "deprecated": "deprecated",
    "exclude": "exclude",
    "auto_schema": "exclude",
    "request": "request",
    "request_body": "request",
    "responses": "responses",
    "operation_id": "operation_id",
    "parameters": "parameters",
}
_AS_WRITTEN = frozenset({"request", "responses", "parameters"})
"""Keywords kept as written, with their scope, for :mod:`docgen.extract.django.drf_schema`."""


@dataclass(frozen=True, slots=True)
class Docs:
    """Documentation of one route.

    Attributes:
        summary: One-line summary.
        description: Longer description (Markdown).
        tags: Grouping tags.
        deprecated: Whether marked deprecated.
        include_in_schema: False when excluded from the API schema.
        declared: ``request=`` / ``responses=`` / ``parameters=`` as written, with the scope they are written in.
        operation_id: The ``operation_id=`` given, if any.
        schema_summary: The ``summary=`` given, if any (drf-spectacular's only source of a summary).
    """

    summary: str = ""
    description: str = ""
    tags: tuple[str, ...] = ()
    deprecated: bool = False
    include_in_schema: bool = True
    declared: dict[str, tuple[Expr, Scope]] = field(default_factory=dict)
    operation_id: str = ""
    schema_summary: str = ""


def view_docs(
    context: LinkContext, views: ViewClasses, cls: ClassRef | None, method: str, handler: Handler | None
) -> Docs:
    """The documentation of the route served by ``method`` (a verb or viewset action) of a view."""
    declared: dict[str, object] = {}
    if handler is not None:
        for decorator in handler.definition.decorators:
            _merge(declared, _schema_kwargs(context, decorator, handler.scope))
    for klass in views.mro(cls) if cls is not None else ():
        definition = context.program.definition(klass.dotted) if isinstance(klass, DefRef) else None
        scope = context.program.defining_scope(klass.dotted)
        if isinstance(definition, ClassDef) and scope is not None:
            for decorator in definition.decorators:
                _merge(declared, _class_decorator(context, decorator, scope, method))
    doc = parse_docstring(handler.definition.docstring, context.docstring_style) if handler else None
    if doc is None and isinstance(cls, DefRef):
        definition = context.program.definition(cls.dotted)
        doc = parse_docstring(definition.docstring, context.docstring_style) if definition else None
    summary = str(declared.get("summary") or (doc.summary if doc else ""))
    description = str(declared.get("description") or (doc.description if doc else ""))
    return Docs(
        summary=" ".join(summary.split()),
        description=description,
        tags=tuple(declared.get("tags", ())),  # type: ignore[arg-type]
        deprecated=bool(declared.get("deprecated")) or bool(doc and doc.deprecated),
        include_in_schema=not declared.get("exclude"),
        declared={k: v for k, v in declared.items() if k in _AS_WRITTEN},  # type: ignore[misc]
        operation_id=str(declared.get("operation_id") or ""),
        schema_summary=" ".join(str(declared.get("summary") or "").split()),
    )


def _merge(into: dict[str, object], found: dict[str, object]) -> None:
    for key, value in found.items():
        into.setdefault(key, value)


def _class_decorator(context: LinkContext, decorator: Expr, scope: Scope, method: str) -> dict[str, object]:
    name, call = decorator_name(context, decorator, scope)
    if call.op is not Op.CALL:
        return {}
    if name in _SCHEMA:
        return _schema_kwargs(context, decorator, scope)
    if name == _SCHEMA_VIEW:
        given = call.kwarg(method)
        return _schema_kwargs(context, given, scope) if given is not None else {}
    if name == _METHOD_DECORATOR:
        target = call.kwarg("name")
        value = context.evaluator.eval(target, scope) if target is not None else None
        inner = call.positional[0] if call.positional else call.kwarg("decorator")
        if isinstance(value, Const) and value.value == method and inner is not None:
            return _schema_kwargs(context, inner, scope)
    return {}


def _schema_kwargs(context: LinkContext, decorator: Expr, scope: Scope) -> dict[str, object]:
    """The documentation keywords of an ``extend_schema(...)``/``swagger_auto_schema(...)`` call."""
    name, call = decorator_name(context, decorator, scope)
    if name not in _SCHEMA or call.op is not Op.CALL:
        return {}
    found: dict[str, object] = {}
    for key, expr in call.kwargs:
        kind = _FIELDS.get(key)
        if kind is None:
            continue
        if kind in _AS_WRITTEN:
            found[kind] = (expr, scope)
        elif kind == "tags":
            found[kind] = strings(context.evaluator.eval(expr, scope))
        elif kind in ("deprecated", "exclude"):
            value = context.evaluator.eval(expr, scope)
            no_schema = key == "auto_schema" and isinstance(value, Const) and value.value is None
            found[kind] = no_schema or (isinstance(value, Const) and value.value is True)
        else:
            text = _text(context, expr, scope)
            if text:
                found[kind] = text
    return found


def _text(context: LinkContext, expr: Expr, scope: Scope) -> str:
    """A documentation string; a template whose ``.format(...)`` arguments are unknown stays as written."""
    value = context.evaluator.eval(expr, scope)
    if isinstance(value, Const) and isinstance(value.value, str):
        return inspect.cleandoc(value.value)
    callee = expr.args[0] if expr.op is Op.CALL else None
    if callee is not None and callee.op is Op.ATTR and callee.args[0].op is Op.STR:
        return inspect.cleandoc(str(callee.args[0].value))
    return ""

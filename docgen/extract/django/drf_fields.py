"""What DRF serializer fields stand on: the DRF class under a project's own field class, a method field's type.

drf-spectacular maps a field by the DRF class it is an instance of, so a project's
``class StateField(serializers.ReadOnlyField)`` maps as ``ReadOnlyField``. A
``SerializerMethodField`` has the type its method declares: ``@extend_schema_field(...)`` with an
``OpenApiTypes`` member or builtin type, else the method's return annotation. A field class
decorated with ``@extend_schema_field(...)`` has that type, or that schema (a dict literal).
"""

from __future__ import annotations

from docgen.extract._shared.fields import ClassInfo, analysed_mro
from docgen.extract._shared.json_literal import json_literal
from docgen.extract.django.drf_params import BASIC_TYPES
from docgen.extract.django.views import decorator_name
from docgen.link.contract import LinkContext
from docgen.link.evaluate import DefRef, External, Value
from docgen.link.unparse import unparse
from docgen.model.facts import ClassDef, FunctionDef, Op

_DRF = ("rest_framework.fields.", "rest_framework.serializers.", "rest_framework.relations.")
_SCHEMA_FIELD = "drf_spectacular.utils.extend_schema_field"


def drf_base(context: LinkContext, callee: Value) -> str:
    """The DRF field class (short name) an analysed field class derives from; ``""`` when none."""
    if not isinstance(callee, DefRef) or not callee.is_class:
        return ""
    for klass in context.evaluator.mro(callee):
        if isinstance(klass, External) and klass.dotted.startswith(_DRF):
            return klass.dotted.rpartition(".")[2]
    return ""


def declared_schema(context: LinkContext, callee: Value) -> tuple[str, str]:
    """What a field class's ``@extend_schema_field(...)`` declares, as ``(type text, schema JSON)``.

    An ``OpenApiTypes`` member or builtin gives the type text, a dict literal the schema; neither
    (or no decorator) gives two empty strings.
    """
    if not isinstance(callee, DefRef) or not callee.is_class:
        return "", ""
    for klass in context.evaluator.mro(callee):
        definition = context.program.definition(klass.dotted) if isinstance(klass, DefRef) else None
        scope = context.program.defining_scope(klass.dotted)
        if not isinstance(definition, ClassDef) or scope is None:
            continue
        for decorator in definition.decorators:
            name, call = decorator_name(context, decorator, scope)
            if name == _SCHEMA_FIELD and call.op is Op.CALL and call.positional:
                written = json_literal(context, call.positional[0], scope)
                if written is not None and written.startswith("{"):
                    return "", written
                value = context.evaluator.eval(call.positional[0], scope)
                return (BASIC_TYPES.get(value.dotted, "") if isinstance(value, External) else ""), ""
    return "", ""


def method_returns(context: LinkContext, klass: ClassInfo, method: str) -> str:
    """The type text a method field's method declares (see the module docstring); ``""`` when none."""
    for info in analysed_mro(context, klass):
        for stmt in info.definition.body:
            if not isinstance(stmt, FunctionDef) or stmt.name != method:
                continue
            for decorator in stmt.decorators:
                name, call = decorator_name(context, decorator, info.scope)
                if name == _SCHEMA_FIELD and call.op is Op.CALL and call.positional:
                    value = context.evaluator.eval(call.positional[0], info.scope)
                    return BASIC_TYPES.get(value.dotted, "") if isinstance(value, External) else ""
            return unparse(stmt.returns) if stmt.returns is not None else ""
    return ""

"""What DRF serializer fields stand on: the DRF class under a project's own field class, a method field's type.

drf-spectacular maps a field by the DRF class it is an instance of, so a project's
``class StateField(serializers.ReadOnlyField)`` maps as ``ReadOnlyField``. A
``SerializerMethodField`` has the type its method declares: ``@extend_schema_field(...)`` with an
``OpenApiTypes`` member or builtin type, else the method's return annotation. A field class
decorated with ``@extend_schema_field(...)`` has that type, or that schema (a dict literal). The
options a field class's ``__init__`` gives its parent's apply to every use of it.
"""

from __future__ import annotations

from docgen.extract._shared.fields import ClassInfo, analysed_mro, kwargs_text
from docgen.extract._shared.json_literal import json_literal
from docgen.extract.django.drf_params import BASIC_TYPES
from docgen.extract.django.views import decorator_name
from docgen.link.contract import LinkContext
from docgen.link.evaluate import DefRef, External, Value
from docgen.link.program import is_call_stmt
from docgen.link.unparse import unparse
from docgen.model.facts import ClassDef, Expr, FunctionDef, Op

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


def init_options(context: LinkContext, callee: Value, names: tuple[str, ...]) -> dict[str, str]:
    """The options ``names`` a project field class's ``__init__`` passes to ``super().__init__(...)``.

    ``class TaskField(HyperlinkedRelatedField)`` whose ``__init__`` calls
    ``super().__init__(read_only=True, allow_null=True, **kwargs)`` is read-only and nullable
    wherever it is used; the most derived ``__init__`` that calls its parent's is read.
    """
    if not isinstance(callee, DefRef) or not callee.is_class:
        return {}
    for klass in context.evaluator.mro(callee):
        definition = context.program.definition(klass.dotted) if isinstance(klass, DefRef) else None
        if not isinstance(definition, ClassDef):
            continue
        for stmt in definition.body:
            if isinstance(stmt, FunctionDef) and stmt.name == "__init__":
                for inner in stmt.body:
                    call = is_call_stmt(inner)
                    if call is not None and _super_init(call):
                        return kwargs_text(call, names)
    return {}


def _super_init(call: Expr) -> bool:
    """Whether a call is ``super().__init__(...)``."""
    target = call.args[0]
    return target.op is Op.ATTR and target.value == "__init__" and unparse(target.args[0]) == "super()"

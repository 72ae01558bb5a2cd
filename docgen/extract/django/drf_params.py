"""Parameters declared with drf-spectacular's ``extend_schema(parameters=[OpenApiParameter(...)])``.

Each ``OpenApiParameter(name, type, location, required=, description=, enum=, many=, default=)``
replaces the route's parameter of the same name and location, or is added after them, as
drf-spectacular merges them. ``type`` is an ``OpenApiTypes`` member or a builtin type (a string
by default), ``location`` ``query`` (the default), ``path``, ``header`` or ``cookie``; ``enum``
makes it a ``Literal[...]`` and ``many=True`` a list. Entries that are not ``OpenApiParameter``
calls (a serializer standing for its fields) are left out.
"""

from __future__ import annotations

from dataclasses import replace

from docgen.link.contract import LinkContext
from docgen.link.evaluate import Const, External, Instance, Seq, Value
from docgen.link.program import Scope
from docgen.link.unparse import unparse
from docgen.model import Param, ParamLocation
from docgen.model.facts import Expr

_PARAMETER = "drf_spectacular.utils.OpenApiParameter"
BASIC_TYPES = {
    "drf_spectacular.types.OpenApiTypes.STR": "str",
    "drf_spectacular.types.OpenApiTypes.INT": "int",
    "drf_spectacular.types.OpenApiTypes.INT32": "int",
    "drf_spectacular.types.OpenApiTypes.INT64": "int",
    "drf_spectacular.types.OpenApiTypes.NUMBER": "float",
    "drf_spectacular.types.OpenApiTypes.FLOAT": "float",
    "drf_spectacular.types.OpenApiTypes.DOUBLE": "float",
    "drf_spectacular.types.OpenApiTypes.BOOL": "bool",
    "drf_spectacular.types.OpenApiTypes.UUID": "UUID",
    "drf_spectacular.types.OpenApiTypes.DATE": "date",
    "drf_spectacular.types.OpenApiTypes.DATETIME": "datetime",
    "drf_spectacular.types.OpenApiTypes.TIME": "time",
    "drf_spectacular.types.OpenApiTypes.OBJECT": "dict",
    "drf_spectacular.types.OpenApiTypes.EMAIL": "str",
    "drf_spectacular.types.OpenApiTypes.URI": "str",
    "drf_spectacular.types.OpenApiTypes.ANY": "Any",
    "builtins.str": "str",
    "builtins.int": "int",
    "builtins.float": "float",
    "builtins.bool": "bool",
    "str": "str",
    "int": "int",
    "float": "float",
    "bool": "bool",
    "builtins.dict": "dict",
    "builtins.list": "list",
    "dict": "dict",
}
"""``OpenApiTypes`` members and builtin types → type text."""
_LOCATIONS = {"QUERY": "query", "PATH": "path", "HEADER": "header", "COOKIE": "cookie"}


def declared_parameters(
    context: LinkContext, declared: tuple[Expr, Scope], params: tuple[Param, ...], renamed: dict[str, str]
) -> tuple[Param, ...]:
    """``params`` with the ``OpenApiParameter`` entries of ``parameters=[...]`` merged in.

    ``renamed`` maps served path parameter names to the schema path's (``pk`` → ``id``): a
    declared ``id`` path parameter describes the served ``pk``, and keeps that name.
    """
    expr, scope = declared
    listed = context.evaluator.eval(expr, scope)
    served = {schema: name for name, schema in renamed.items()}
    merged = {(renamed.get(p.name, p.name) if p.in_ is ParamLocation.PATH else p.name, p.in_): p for p in params}
    for item in listed.items if isinstance(listed, Seq) else ():
        param = _parameter(context, item)
        if param is None:
            continue
        if param.in_ is ParamLocation.PATH and param.name in served:
            param = replace(param, name=served[param.name])
            merged[renamed[param.name], param.in_] = param
        else:
            merged[param.name, param.in_] = param
    return tuple(merged.values())


def _parameter(context: LinkContext, item: Value) -> Param | None:
    if not isinstance(item, Instance) or not isinstance(item.cls, External) or item.cls.dotted != _PARAMETER:
        return None
    scope = context.call_scope(item)
    call = item.call
    given = dict(zip(("name", "type", "location", "description", "required"), call.positional, strict=False))
    given |= dict(call.kwargs)
    values = {key: context.evaluator.eval(expr, scope) for key, expr in given.items()}
    name = _text(values.get("name"))
    location = _location(values.get("location"))
    if not name or location is None:
        return None
    kind = values.get("type")
    type_text = BASIC_TYPES.get(kind.dotted, "") if isinstance(kind, External) else "str" if kind is None else ""
    enum = values.get("enum")
    if isinstance(enum, Seq) and enum.items and all(isinstance(v, Const) for v in enum.items):
        type_text = f"Literal[{', '.join(repr(v.value) for v in enum.items if isinstance(v, Const))}]"
    if values.get("many") == Const(True) and type_text:
        type_text = f"list[{type_text}]"
    required = values.get("required") == Const(True) or location is ParamLocation.PATH
    default = given.get("default")
    return Param(
        name=name,
        in_=location,
        type=type_text,
        required=required,
        default=unparse(default) if default is not None else None,
        description=_text(values.get("description")),
    )


def _location(value: Value | None) -> ParamLocation | None:
    if value is None:
        return ParamLocation.QUERY
    text = _text(value) or (_LOCATIONS.get(value.dotted.rpartition(".")[2], "") if isinstance(value, External) else "")
    return ParamLocation(text) if text in _LOCATIONS.values() else None


def _text(value: Value | None) -> str:
    return value.value if isinstance(value, Const) and isinstance(value.value, str) else ""

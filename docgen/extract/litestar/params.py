"""What a Litestar handler's signature declares: path, query, header and cookie parameters, and the body.

Litestar reads a handler's parameters by name: ``data`` is the request body (``Annotated[T,
Body(media_type=...)]`` says how it is encoded), a name of the route's path is a path parameter,
the names Litestar fills itself (``request``, ``state``, ``headers``...) and the route's
dependencies are none, and the rest are query parameters. ``Parameter(header=..., cookie=...,
query=...)``, as a default or inside ``Annotated``, moves one or renames it and gives its
description, default and constraints; ``Dependency()`` marks one as a dependency. A dependency's
provider is read the same way, since its parameters are the route's too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from docgen.extract._shared.common import VALIDATION_CONSTRAINTS, Handler, masked_default, model_ref, short_name
from docgen.link.contract import LinkContext
from docgen.link.evaluate import Const, External
from docgen.link.program import Scope
from docgen.link.unparse import unparse
from docgen.model import Body, Param, ParamLocation
from docgen.model.facts import Expr, Op, Parameter

RESERVED = frozenset({"state", "headers", "cookies", "request", "socket", "query", "scope", "body"})
"""Parameter names Litestar fills itself (``data`` is the body)."""
_MEDIA = {
    "JSON": "application/json",
    "URL_ENCODED": "application/x-www-form-urlencoded",
    "MULTI_PART": "multipart/form-data",
    "MESSAGEPACK": "application/x-msgpack",
}
_MARKERS = frozenset({"Parameter", "Body", "Dependency"})
_LOCATIONS = (("header", ParamLocation.HEADER), ("cookie", ParamLocation.COOKIE), ("query", ParamLocation.QUERY))
_OPTIONAL_TEXT = re.compile(r"\bNone\b|\bOptional\[")
MAX_DEPENDENCY_DEPTH = 6


@dataclass(slots=True)
class SignatureReader:
    """Reads a handler's signature, and its dependencies' providers, into parameters and a body.

    Attributes:
        context: The link context.
        path_names: The route's path parameter names.
        dependencies: The route's dependencies by name, with the analysed callable providing each.
        docs: Parameter descriptions from the handler's docstring.
        params: Parameters found, in signature order.
        body: The request body, once ``data`` is read.
    """

    context: LinkContext
    path_names: set[str]
    dependencies: dict[str, Handler | None]
    docs: dict[str, str]
    params: list[Param] = field(default_factory=list)
    body: Body | None = None

    def read(self, handler: Handler, depth: int = 0) -> None:
        """Add ``handler``'s parameters; ``depth`` counts the dependency providers above it."""
        for parameter in handler.definition.params:
            name = parameter.name
            if parameter.kind in ("var_positional", "var_keyword") or name in ("self", "cls") or name in RESERVED:
                continue
            if name in self.dependencies:
                provider = self.dependencies[name]
                if provider is not None and depth < MAX_DEPENDENCY_DEPTH:
                    self.read(provider, depth + 1)
                continue
            self._parameter(handler, parameter)

    def _parameter(self, handler: Handler, p: Parameter) -> None:
        ctx, scope = self.context, handler.scope
        annotation, type_scope, marker, marker_scope = p.annotation, scope, None, scope
        default = p.default
        if annotation is not None:
            annotation, type_scope = ctx.evaluator.alias_expr(annotation, scope)
            if annotation.op is Op.SUBSCRIPT and _is_annotated(ctx, annotation, type_scope):
                metadata = annotation.args[2:]
                annotation = annotation.args[1] if len(annotation.args) > 1 else None
                marker = next((m for m in metadata if _marker(ctx, m, type_scope)), None)
                marker_scope = type_scope
        if default is not None and _marker(ctx, default, scope):
            marker, marker_scope, default = default, scope, default.kwarg("default")
        elif marker is not None and default is None:
            default = marker.kwarg("default")
        kind = _marker(ctx, marker, marker_scope) if marker is not None else None
        if kind == "Dependency":
            return
        options = marker.kwargs if marker is not None else ()
        type_text = unparse(annotation) if annotation is not None else ""
        optional = annotation is not None and _optional(annotation)
        if p.name == "data":
            media = _media_type(ctx, marker.kwarg("media_type") if marker is not None else None, marker_scope)
            model = model_ref(ctx, annotation, type_scope)
            self.body = Body(type=type_text, model=model, media_type=media, required=default is None and not optional)
            return
        location, name = ParamLocation.QUERY, p.name
        for keyword, place in _LOCATIONS:
            given = _kw_str(options, keyword)
            if given:
                location, name = place, given
                break
        else:
            if p.name in self.path_names:
                location = ParamLocation.PATH
        required_given = _kw_const(options, "required")
        if location is ParamLocation.PATH:
            required = True
        elif isinstance(required_given, bool):
            required = required_given
        else:
            required = default is None and not optional
        where = ctx.location(scope.module, handler.definition.line)
        self.params.append(
            Param(
                name=name,
                in_=location,
                type=type_text,
                required=required,
                default=None if required or default is None else masked_default(ctx, p.name, default, where),
                description=_kw_str(options, "description") or self.docs.get(p.name, ""),
                constraints={k: unparse(v) for k, v in options if k in VALIDATION_CONSTRAINTS},
            )
        )


def ordered_params(found: list[Param], path: list[tuple[str, str]]) -> tuple[Param, ...]:
    """Path parameters first, in path order, then the others in signature order, each ``(name, in)`` once.

    A path parameter no handler parameter names is typed by its convertor (``{pk:int}``).
    """
    by_name = {p.name: p for p in found if p.in_ is ParamLocation.PATH}
    out = [
        by_name.get(name) or Param(name=name, in_=ParamLocation.PATH, type=_convertor_type(convertor), required=True)
        for name, convertor in path
    ]
    out += [p for p in found if p.in_ is not ParamLocation.PATH]
    seen: set[tuple[str, ParamLocation]] = set()
    unique = []
    for p in out:
        if (p.name, p.in_) not in seen:
            seen.add((p.name, p.in_))
            unique.append(p)
    return tuple(unique)


def _convertor_type(convertor: str) -> str:
    return {"path": "str", "uuid": "UUID", "decimal": "Decimal"}.get(convertor, convertor or "str")


def _marker(context: LinkContext, expr: Expr | None, scope: Scope) -> str | None:
    """``Parameter``, ``Body`` or ``Dependency`` when ``expr`` calls Litestar's marker of that name."""
    if expr is None or expr.op is not Op.CALL:
        return None
    callee = context.evaluator.eval(expr.args[0], scope)
    if isinstance(callee, External) and callee.dotted.startswith("litestar.") and short_name(callee.dotted) in _MARKERS:
        return short_name(callee.dotted)
    return None


def _is_annotated(context: LinkContext, annotation: Expr, scope: Scope) -> bool:
    value = context.evaluator.eval(annotation.args[0], scope)
    return isinstance(value, External) and short_name(value.dotted) == "Annotated"


def _optional(annotation: Expr) -> bool:
    """Whether a type admits None (``X | None``, ``Optional[X]``, ``Union[X, None]``): Litestar then needs no value."""
    if annotation.op is Op.CONST:
        return annotation.value is None
    if annotation.op is Op.BINOP and annotation.value == "|":
        return any(_optional(a) for a in annotation.args)
    if annotation.op is Op.SUBSCRIPT and annotation.args[0].op in (Op.NAME, Op.ATTR):
        base = str(annotation.args[0].value)
        return base == "Optional" or (base == "Union" and any(_optional(a) for a in annotation.args[1:]))
    if annotation.op is Op.TUPLE:
        return any(_optional(a) for a in annotation.args)
    if annotation.op is Op.STR:
        return bool(_OPTIONAL_TEXT.search(str(annotation.value)))
    return False


def _media_type(context: LinkContext, expr: Expr | None, scope: Scope) -> str:
    """``Body(media_type=RequestEncodingType.MULTI_PART)`` → ``multipart/form-data``; JSON by default."""
    if expr is None:
        return "application/json"
    value = context.evaluator.eval(expr, scope)
    if isinstance(value, Const) and isinstance(value.value, str):
        return value.value
    if isinstance(value, External):
        return _MEDIA.get(short_name(value.dotted), "application/json")
    return "application/json"


def _kw_str(options: tuple[tuple[str, Expr], ...], name: str) -> str:
    value = next((v for k, v in options if k == name), None)
    return str(value.value) if value is not None and value.op is Op.STR else ""


def _kw_const(options: tuple[tuple[str, Expr], ...], name: str) -> object:
    value = next((v for k, v in options if k == name), None)
    return value.value if value is not None and value.op is Op.CONST else None

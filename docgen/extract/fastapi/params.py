"""What a FastAPI handler's signature declares: its parameters, request body and auth.

Parameters are read from defaults and ``Annotated`` markers (``Query()``, ``Body()``,
``Depends()``, ...), and dependencies are followed into their own signatures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from docgen.extract._shared.common import (
    VALIDATION_CONSTRAINTS,
    Handler,
    callee_name,
    field_params,
    find_handler,
    masked_default,
    model_ref,
    params_model,
    short_name,
    strings,
)
from docgen.extract.fastapi.body_types import is_mapping, library_model
from docgen.extract.fastapi.forms import FORM, is_upload, known_form
from docgen.extract.fastapi.security import security_of
from docgen.link.annotations import MAX_TYPE_CHARS
from docgen.link.contract import LinkContext
from docgen.link.evaluate import DefRef, External, Instance, Seq, Value
from docgen.link.program import Scope
from docgen.link.unparse import unparse, unparse_whole
from docgen.model import Auth, Body, Model, ModelKind, Param, ParamLocation
from docgen.model.facts import Expr, Op, Parameter

_PARAM_FUNCS = {
    "Query": ParamLocation.QUERY,
    "Path": ParamLocation.PATH,
    "Header": ParamLocation.HEADER,
    "Cookie": ParamLocation.COOKIE,
}
_PYDANTIC = frozenset({ModelKind.PYDANTIC, ModelKind.SQLMODEL})
"""FastAPI reads query, header and cookie parameter models only from Pydantic models."""
_BODY_FUNCS = {"Body": "application/json", "Form": "application/x-www-form-urlencoded", "File": "multipart/form-data"}
NOT_PARAMS = frozenset(
    {
        "Request",
        "WebSocket",
        "Response",
        "BackgroundTasks",
        "SecurityScopes",
        "HTTPConnection",
        "StreamingResponse",
        "JSONResponse",
    }
)
"""Types FastAPI supplies itself: never a parameter, and as a return type not a response model."""
_NOT_BODY_KINDS = frozenset({ModelKind.ENUM, ModelKind.SQLALCHEMY, ModelKind.DJANGO})


BodyPart = tuple[Param, str | None, str, bool]
"""A body parameter: the parameter, its model id, its media type, whether it is embedded."""


@dataclass(slots=True)
class Signature:
    """Reads a handler's signature (and its dependencies' signatures) into params, body and auth."""

    context: LinkContext
    path_names: set[str]
    docs: dict[str, str]
    params: list[Param]
    bodies: list[BodyPart]
    auth: list[Auth]
    hidden: list[str] = field(default_factory=list)
    """Parameters the app hides from its schema (``include_in_schema=False``): FastAPI still validates them."""

    def read(self, handler: Handler, depth: int) -> None:
        """Add ``handler``'s parameters, read ``depth`` dependency levels below the route."""
        if depth > 6:
            return
        for parameter in handler.definition.params:
            if parameter.kind in ("var_positional", "var_keyword") or parameter.name in ("self", "cls"):
                continue
            self._parameter(handler, parameter, depth)

    def _parameter(self, handler: Handler, p: Parameter, depth: int) -> None:
        ctx, scope = self.context, handler.scope
        annotation, marker, default = p.annotation, None, p.default
        type_scope = marker_scope = scope
        if annotation is not None:
            annotation, type_scope = ctx.evaluator.alias_expr(annotation, scope)
        if annotation is not None and annotation.op is Op.SUBSCRIPT and _is_annotated(ctx, annotation, type_scope):
            metadata = annotation.args[2:]
            annotation = annotation.args[1] if len(annotation.args) > 1 else None
            marker = next((m for m in metadata if m.op is Op.CALL), None)
            marker_scope = type_scope
        if default is not None and default.op is Op.CALL and _fastapi_func(ctx, default, scope):
            marker, default, marker_scope = default, _marker_default(default), scope
        elif default is not None and default.op is Op.CALL and (made := _marker_from_factory(ctx, default, scope)):
            marker, marker_scope = made  # LimitBody(): a helper returning Depends(...) or Body(...)
            default = _marker_default(marker)
        elif marker is not None:
            default = p.default if p.default is not None else _marker_default(marker)
        kind = _fastapi_func(ctx, marker, marker_scope) if marker is not None else None
        if kind in ("Depends", "Security"):
            self._dependency(handler, p, marker, annotation, kind, depth, marker_scope)  # type: ignore[arg-type]
            return
        if marker is not None and _kw_const(marker.kwargs, "include_in_schema") is False:
            self.hidden.append(p.name)  # hidden by the app itself
            return
        scope = type_scope
        if annotation is not None and type_name(annotation) in NOT_PARAMS:
            return
        if annotation is not None and security_of(ctx, annotation, scope):
            return
        type_text = (unparse_whole(annotation, MAX_TYPE_CHARS) or unparse(annotation)) if annotation is not None else ""
        options = marker.kwargs if marker is not None else ()
        where = ctx.location(scope.module, handler.definition.line)
        default_text = masked_default(ctx, p.name, default, where) if default is not None else None
        required = default is None or (default.op is Op.CONST and default.value == "...")
        description = _kw_str(options, "description") or self.docs.get(p.name, "")
        alias = _kw_str(options, "alias")
        constraints = {k: unparse(v) for k, v in options if k in VALIDATION_CONSTRAINTS}
        if kind is None and annotation is not None and is_upload(ctx, annotation, scope):
            kind = "File"
        if kind in _BODY_FUNCS:
            param = Param(
                name=alias or p.name,
                in_=ParamLocation.QUERY,
                type=type_text,
                required=required,
                default=None if required else default_text,
                description=description,
                constraints=constraints,
            )
            embed = _kw_const(options, "embed") is True
            self.bodies.append((param, model_ref(ctx, annotation, scope), _BODY_FUNCS[kind], embed))
            return
        if kind in _PARAM_FUNCS and (model := params_model(ctx, annotation, scope, _PYDANTIC)) is not None:
            self._model_params(model, _PARAM_FUNCS[kind], options)
            return
        if kind in _PARAM_FUNCS:
            location = _PARAM_FUNCS[kind]
        elif p.name in self.path_names:
            location = ParamLocation.PATH
        elif annotation is not None and (
            _body_model(ctx, annotation, scope) or library_model(ctx, annotation, scope) or is_mapping(annotation)
        ):
            param = Param(
                name=p.name,
                in_=ParamLocation.QUERY,
                type=type_text,
                required=required,
                default=None if required else default_text,
                description=description,
            )
            self.bodies.append((param, model_ref(ctx, annotation, scope), "application/json", False))
            return
        else:
            location = ParamLocation.QUERY
        name = alias or p.name
        if location is ParamLocation.HEADER and not alias and _kw_const(options, "convert_underscores") is not False:
            name = p.name.replace("_", "-")
        if location is ParamLocation.PATH:
            required = True
        self.params.append(
            Param(
                name=name,
                in_=location,
                type=type_text,
                required=required,
                default=None if required else default_text,
                description=description,
                constraints=constraints,
            )
        )

    def _model_params(self, model: Model, location: ParamLocation, options: tuple[tuple[str, Expr], ...]) -> None:
        """``Annotated[Filters, Query()]``: each field of the model is a parameter (FastAPI 0.115+)."""
        dashed = location is ParamLocation.HEADER and _kw_const(options, "convert_underscores") is not False
        self.params += field_params(model, location, dashed=dashed)

    def _dependency(
        self,
        handler: Handler,
        p: Parameter,
        marker: Expr,
        annotation: Expr | None,
        kind: str,
        depth: int,
        scope: Scope,
    ) -> None:
        ctx = self.context
        target = marker.positional[0] if marker.positional else marker.kwarg("dependency") or annotation
        if target is None:
            return
        value = ctx.evaluator.eval(target, scope)
        scopes = strings_of(ctx, marker.kwarg("scopes"), scope)
        security = security_of(ctx, target, scope)
        if security:
            kind, scheme = security
            self.auth.append(Auth(kind=kind, name=unparse(target), scopes=scopes, level="route", scheme=scheme))
            return
        dependency = _callable(ctx, value)
        if dependency is None and (form := known_form(value)):  # Depends() on FastAPI's OAuth2PasswordRequestForm
            self.bodies += [(field, None, FORM, False) for field in form]
            return
        if dependency is None:
            if kind == "Security":
                self.auth.append(Auth(kind="security", name=unparse(target), scopes=scopes, level="route"))
            return
        before = len(self.auth)
        self.read(dependency, depth + 1)
        if kind == "Security" and len(self.auth) == before:
            self.auth.append(Auth(kind="security", name=short_name(dependency.dotted), scopes=scopes, level="route"))
        elif len(self.auth) > before:
            # Name the dependency the route declares, not the schemes buried inside it; each scheme
            # stays a requirement of its own, as FastAPI lists every one its dependencies use.
            self.auth[before:] = _named(self.auth[before:], short_name(dependency.dotted), scopes, "route")


def dependency_auth(context: LinkContext, deps: Expr | None, scope: Scope, level: str) -> list[Auth]:
    """Auth given by a ``dependencies=[Depends(...)]`` list."""
    if deps is None or deps.op not in (Op.LIST, Op.TUPLE):
        return []
    found: list[Auth] = []
    for item in deps.args:
        if item.op is not Op.CALL or not item.positional:
            continue
        target = item.positional[0]
        security = security_of(context, target, scope)
        if security:
            found.append(Auth(kind=security[0], name=unparse(target), scopes=(), level=level, scheme=security[1]))
            continue
        dependency = _callable(context, context.evaluator.eval(target, scope))
        if dependency is None:
            continue
        collector = Signature(context, set(), {}, [], [], [])
        collector.read(dependency, 1)
        if collector.auth:
            found += _named(collector.auth, short_name(dependency.dotted), (), level)
        elif _looks_like_auth(dependency.dotted):
            found.append(Auth(kind="dependency", name=short_name(dependency.dotted), scopes=(), level=level))
    return found


def _named(found: list[Auth], name: str, scopes: tuple[str, ...], level: str) -> list[Auth]:
    """The requirements ``found`` below a dependency, named after it: one per scheme, in order."""
    out: dict[object, Auth] = {}
    for auth in found:
        named = Auth(kind=auth.kind, name=name, scopes=auth.scopes or scopes, level=level, scheme=auth.scheme)
        out.setdefault(auth.scheme or auth.kind, named)
    return list(out.values())


def dependency_names(context: LinkContext, deps: Expr | None, scope: Scope) -> tuple[str, ...]:
    """Dotted names of the analysed callables in a ``dependencies=[Depends(...)]`` list."""
    if deps is None:
        return ()
    value = context.evaluator.eval(deps, scope)
    items = value.items if isinstance(value, Seq) else ()
    names: list[str] = []
    for item in items:
        if not isinstance(item, Instance) or not item.call.positional:
            continue
        where = context.scope_at(item.scope_key)
        if where is None:
            continue
        found = _callable(context, context.evaluator.eval(item.call.positional[0], where))
        if found is not None:
            names.append(found.dotted)
    return tuple(names)


def request_body(bodies: list[BodyPart]) -> Body | None:
    """One body parameter is the body; several (or one with ``embed=True``) are its fields.

    As FastAPI counts them, by name: two dependencies reading the same body parameter read one.
    """
    if not bodies:
        return None
    named: dict[str, BodyPart] = {}
    for part in bodies:
        named.setdefault(part[0].name, part)
    bodies = list(named.values())
    media = next((m for _p, _id, m, _e in bodies if m != "application/json"), "application/json")
    if len(bodies) == 1 and media == "application/json" and not bodies[0][3]:
        param, model, _, _ = bodies[0]
        return Body(type=param.type, model=model, media_type=media, required=param.required)
    fields = tuple(p for p, _m, _media, _e in bodies)
    return Body(type="", model=None, media_type=media, required=any(p.required for p in fields), fields=fields)


def strings_of(context: LinkContext, expr: Expr | None, scope: Scope) -> tuple[str, ...]:
    """The strings of a ``tags=[...]``-like argument, if given."""
    return strings(context.evaluator.eval(expr, scope)) if expr is not None else ()


def type_name(annotation: Expr) -> str:
    """The last name of a plain or dotted type annotation, else ``""``."""
    if annotation.op is Op.NAME:
        return str(annotation.value)
    if annotation.op is Op.ATTR:
        return str(annotation.value)
    return ""


def _marker_from_factory(context: LinkContext, call: Expr, scope: Scope) -> tuple[Expr, Scope] | None:
    """The ``Depends(...)``/``Body(...)`` an analysed helper function returns, with its scope."""
    value = context.evaluator.eval(call, scope)
    if not isinstance(value, Instance) or not isinstance(value.cls, External):
        return None
    where = context.scope_at(value.scope_key)
    if where is None or _fastapi_func(context, value.call, where) is None:
        return None
    return value.call, where


def _callable(context: LinkContext, value: Value) -> Handler | None:
    """What FastAPI calls for a dependency: a function, an instance's ``__call__``, a class's ``__init__``."""
    if isinstance(value, Instance) and isinstance(value.cls, DefRef):
        return _method(context, value.cls, "__call__")
    if isinstance(value, DefRef) and value.is_class:
        return _method(context, value, "__init__")
    return find_handler(context, value)


def _method(context: LinkContext, cls: DefRef, name: str) -> Handler | None:
    for klass in context.evaluator.mro(cls):
        if isinstance(klass, DefRef):
            found = find_handler(context, DefRef(f"{klass.dotted}.{name}", False))
            if found is not None:
                return found
    return None


def _body_model(context: LinkContext, annotation: Expr, scope: Scope) -> str | None:
    """The model a parameter's type names, when that model is sent as a JSON body (not an enum)."""
    found = model_ref(context, annotation, scope)
    if found is None or context.models[found].kind in _NOT_BODY_KINDS:
        return None
    return found


def _looks_like_auth(name: str) -> bool:
    return bool(re.search(r"(auth|user|login|admin|permission|token|verify|require)", short_name(name), re.I))


def _fastapi_func(context: LinkContext, call: Expr | None, scope: Scope) -> str | None:
    if call is None or call.op is not Op.CALL:
        return None
    name = callee_name(context, call, scope)
    if name and name.startswith(("fastapi", "starlette")):
        short = short_name(name)
        if short in _PARAM_FUNCS or short in _BODY_FUNCS or short in ("Depends", "Security", "UploadFile"):
            return short
    return None


def _marker_default(marker: Expr) -> Expr | None:
    default = marker.kwarg("default")
    if default is None and marker.positional and marker.args[0].op is not Op.NAME:
        default = None
    if default is None and marker.positional:
        default = marker.positional[0]
    if default is not None and default.op is Op.CONST and default.value == "...":
        return None
    if marker.kwarg("default_factory") is not None:
        return marker.kwarg("default_factory")
    return default


def _is_annotated(context: LinkContext, annotation: Expr, scope: Scope) -> bool:
    value = context.evaluator.eval(annotation.args[0], scope)
    return isinstance(value, External) and short_name(value.dotted) == "Annotated"


def _kw_str(options: tuple[tuple[str, Expr], ...], name: str) -> str:
    value = next((v for k, v in options if k == name), None)
    return str(value.value) if value is not None and value.op is Op.STR else ""


def _kw_const(options: tuple[tuple[str, Expr], ...], name: str) -> object:
    value = next((v for k, v in options if k == name), None)
    return value.value if value is not None and value.op is Op.CONST else None

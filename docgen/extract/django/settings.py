"""The Django settings docgen reads statically: which module they are, ``ROOT_URLCONF``, DRF and drf-spectacular.

A dict setting (``REST_FRAMEWORK``, ``SPECTACULAR_SETTINGS``) is a dict literal, or a call of an
analysed function whose one return is a dict literal, read with the call's arguments bound.

The settings module is the one named by ``os.environ.setdefault("DJANGO_SETTINGS_MODULE", ...)``
(or ``os.environ["DJANGO_SETTINGS_MODULE"] = ...``) in ``manage.py``, ``wsgi.py``, ``asgi.py`` or
any other module, when it is analysed; otherwise a module that binds ``ROOT_URLCONF``. Settings
split across modules with ``from .base import *`` are followed by the evaluator.
"""

from __future__ import annotations

from collections import Counter

from docgen.extract._shared.common import const_at
from docgen.link.contract import LinkContext
from docgen.link.evaluate import Const, DefRef, External, Seq, Value
from docgen.link.program import Scope, is_call_stmt, returns_of
from docgen.model import ApiInfo
from docgen.model.facts import Assign, Expr, Import, Op

_ENV = "DJANGO_SETTINGS_MODULE"
_DRF_KEYS = (
    "DEFAULT_PERMISSION_CLASSES",
    "DEFAULT_AUTHENTICATION_CLASSES",
    "DEFAULT_PARSER_CLASSES",
    "DEFAULT_PAGINATION_CLASS",
    "DEFAULT_FILTER_BACKENDS",
    "DEFAULT_RENDERER_CLASSES",
)
_ENTRY_MODULES = {"manage": 3, "wsgi": 2, "asgi": 2}
"""Modules that name the settings, by how much their choice counts (``manage.py`` runs the server)."""


def settings_module(context: LinkContext) -> str | None:
    """The analysed settings module of a Django project, if there is one."""
    named: Counter[str] = Counter()
    for scope, stmt in context.program.walk():
        value = _env_default(stmt)
        if value is None:
            continue
        evaluated = context.evaluator.eval(value, scope)
        if isinstance(evaluated, Const) and isinstance(evaluated.value, str):
            named[evaluated.value] += _ENTRY_MODULES.get(scope.module.rpartition(".")[2], 1)
    usable = [m for m in named if m in context.program.modules]
    if usable:  # a module that says what ROOT_URLCONF is beats one that does not
        return max(usable, key=lambda m: (_has_urlconf(context, m), named[m]))
    binding = sorted(
        (m for m in context.program.modules if "ROOT_URLCONF" in context.program.module_scope(m).bindings),
        key=lambda m: (m.count("."), m),
    )
    return binding[0] if binding else None


def _has_urlconf(context: LinkContext, module: str) -> bool:
    value = context.evaluator.member(module, "ROOT_URLCONF")
    return isinstance(value, Const) and isinstance(value.value, str)


def _env_default(stmt: object) -> Expr | None:
    """The value a statement gives ``DJANGO_SETTINGS_MODULE``, if it sets it."""
    call = is_call_stmt(stmt)  # type: ignore[arg-type]
    if call is not None and call.args[0].op is Op.ATTR and call.args[0].value == "setdefault":
        args = call.positional
        if len(args) == 2 and args[0].op is Op.STR and args[0].value == _ENV:
            return args[1]
    if isinstance(stmt, Assign) and stmt.value is not None and len(stmt.targets) == 1:
        target = stmt.targets[0]
        if target.op is Op.SUBSCRIPT and len(target.args) == 2 and target.args[1].value == _ENV:
            return stmt.value
    return None


def root_urlconfs(context: LinkContext, settings: str | None) -> tuple[list[str], bool]:
    """The root urlconf modules, and whether they are known from ``ROOT_URLCONF``.

    Without a known ``ROOT_URLCONF``, every analysed ``urls`` module defining ``urlpatterns`` is a
    candidate; the caller keeps those no other candidate includes.
    """
    if settings is not None:
        value = context.evaluator.member(settings, "ROOT_URLCONF")
        if isinstance(value, Const) and value.value in context.program.modules:
            return [str(value.value)], True
    candidates = [
        m
        for m in sorted(context.program.modules)
        if m.rpartition(".")[2] == "urls"
        and "urlpatterns" in context.program.module_scope(m).bindings
        and not _is_test(context.program.modules[m].path)
    ]
    return candidates, False


def _is_test(path: str) -> bool:
    """Whether a file is test code (under ``tests/``, or ``test_*.py``): its urlconfs serve test runs."""
    parts = path.split("/")
    return any(p in ("test", "tests", "testing") for p in parts[:-1]) or parts[-1].startswith("test_")


def drf_settings(context: LinkContext, settings: str | None) -> dict[str, Value]:
    """The class settings of ``REST_FRAMEWORK`` (permission, authentication, parser, filter classes; paginator)."""
    found = _dict_binding(context, settings, "REST_FRAMEWORK", 0) if settings else None
    if found is None:
        return {}
    expr, scope = found
    values: dict[str, Value] = {}
    for key, value in zip(expr.args[::2], expr.args[1::2], strict=False):
        if key is not None and key.op is Op.STR and key.value in _DRF_KEYS:
            evaluated = context.evaluator.eval(value, scope)
            if isinstance(evaluated, Seq):
                values[str(key.value)] = Seq(tuple(_class(context, item) for item in evaluated.items))
            else:
                values[str(key.value)] = _class(context, evaluated)
    return values


def _class(context: LinkContext, item: Value) -> Value:
    """A dotted class path from the settings (a string) as the class it names."""
    if isinstance(item, Const) and isinstance(item.value, str):
        if item.value in context.program.definitions:
            return DefRef(item.value, True)
        return External(item.value)
    return item


def settings_dict(context: LinkContext, settings: str | None, name: str) -> tuple[Expr, Scope] | None:
    """The dict literal a setting (``SPECTACULAR_SETTINGS``) is bound to, with its scope."""
    return _dict_binding(context, settings, name, 0) if settings else None


def spectacular_setting(context: LinkContext, settings: str | None, key: str) -> Value | None:
    """A ``SPECTACULAR_SETTINGS`` entry, evaluated; None when it is not set."""
    found = settings_dict(context, settings, "SPECTACULAR_SETTINGS")
    value = _dict_value(found[0], key) if found is not None else None
    return context.evaluator.eval(value, found[1]) if value is not None and found is not None else None


def spectacular_info(context: LinkContext, settings: str | None) -> ApiInfo | None:
    """What ``SPECTACULAR_SETTINGS`` says of the API document, when it is set.

    ``TITLE``, ``VERSION``, ``DESCRIPTION``, ``SERVERS``, ``COMPONENT_SPLIT_REQUEST`` (False unless
    set) and ``ENUM_ADD_EXPLICIT_BLANK_NULL_CHOICE`` (True unless set), as drf-spectacular reads them.
    """
    found = settings_dict(context, settings, "SPECTACULAR_SETTINGS")
    if found is None:
        return None
    split = spectacular_setting(context, settings, "COMPONENT_SPLIT_REQUEST") == Const(True)
    blank = spectacular_setting(context, settings, "ENUM_ADD_EXPLICIT_BLANK_NULL_CHOICE") != Const(False)
    expr, scope = found
    values = {str(k.value): v for k, v in zip(expr.args[::2], expr.args[1::2], strict=False) if k and k.op is Op.STR}
    text = {key: const_at(context, values.get(key), scope) for key in ("TITLE", "VERSION", "DESCRIPTION")}
    servers = values["SERVERS"].args if "SERVERS" in values and values["SERVERS"].op is Op.LIST else ()
    urls = [const_at(context, _dict_value(server, "url"), scope) for server in servers]
    return ApiInfo(
        title=text["TITLE"] if isinstance(text["TITLE"], str) else "",
        version=text["VERSION"] if isinstance(text["VERSION"], str) else "0.0.0",
        description=text["DESCRIPTION"] if isinstance(text["DESCRIPTION"], str) else "",
        servers=tuple(u for u in urls if isinstance(u, str)),
        split_components=split,
        blank_choice_members=blank,
    )


def _dict_value(expr: Expr, key: str) -> Expr | None:
    """The value of ``key`` in a dict literal."""
    if expr.op is not Op.DICT:
        return None
    pairs = zip(expr.args[::2], expr.args[1::2], strict=False)
    return next((v for k, v in pairs if k is not None and k.op is Op.STR and k.value == key), None)


def _returned_dict(context: LinkContext, call: Expr, scope: Scope) -> tuple[Expr, Scope] | None:
    """The dict literal an analysed function returns, in the scope of the call's arguments, or None.

    ``REST_FRAMEWORK = get_drf_settings(require_login=False)``: the function's one return statement,
    a dict literal or a name bound to one (the keys the function adds later are not read).
    """
    callee = context.evaluator.eval(call.args[0], scope)
    if not isinstance(callee, DefRef) or callee.is_class:
        return None
    body = context.evaluator.call_scope_for(callee.dotted, call, scope) or context.program.body_scope(callee.dotted)
    returned = [r.value for r in returns_of(body.statements) if r.value is not None] if body is not None else []
    if body is None or len(returned) != 1:
        return None
    expr, scope = context.evaluator.alias_expr(returned[0], body, ops=frozenset({Op.DICT}))
    return (expr, scope) if expr.op is Op.DICT else None


def _dict_binding(context: LinkContext, module: str, name: str, depth: int) -> tuple[Expr, Scope] | None:
    """The dict literal ``name`` is bound to in ``module`` (following star imports)."""
    if module not in context.program.modules or depth > 8:
        return None
    scope = context.program.module_scope(module)
    for stmt in reversed(scope.bindings.get(name, [])):
        if isinstance(stmt, Assign) and stmt.value is not None and stmt.value.op is Op.DICT:
            return stmt.value, scope
        if isinstance(stmt, Assign) and stmt.value is not None and stmt.value.op is Op.CALL:
            return _returned_dict(context, stmt.value, scope)
        if isinstance(stmt, Import) and stmt.name is not None:
            return _dict_binding(context, stmt.module, stmt.name, depth + 1)
    for stmt in context.program.modules[module].body:
        if isinstance(stmt, Import) and stmt.name == "*":
            found = _dict_binding(context, stmt.module, name, depth + 1)
            if found is not None:
                return found
    return None

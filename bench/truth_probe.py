"""Take an app's routes and models at runtime, inside the app's own virtualenv (never docgen's).

``bench/truth.py`` runs this file with the app's interpreter: ``python truth_probe.py SPEC_JSON``.
It imports the app as its framework would serve it, with the dummy settings the spec gives (no
database or network connection is opened), asks the framework for its routes, scans the app's own
modules for model classes, and prints one JSON document in the devset's truth format on stdout.

Standard library only, plus whatever the app itself installed: the probe must run in a virtualenv
that holds nothing but the app.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import importlib.util
import inspect
import json
import os
import re
import sys
import sysconfig
import tempfile
import traceback
from pathlib import Path
from typing import Any

Json = dict[str, Any]

_DJANGO_CONVERTER = re.compile(r"<(?:[^<>:]+:)?(\w+)>")  # converter names may hold hyphens


def qualified(obj: Any) -> str | None:
    """``module.qualname`` of a function or class, None when it has none."""
    module = getattr(obj, "__module__", None)
    name = getattr(obj, "__qualname__", None)
    return f"{module}.{name}" if module and name else None


def unwrapped(function: Any) -> Any:
    """The function a decorator wrapped: ``__wrapped__``, else a closure's one function cell (a
    wrapper written without ``functools.wraps``) or, of several, the one whose name the wrapper
    took (``decorated.__name__ = method.__name__``), else the function itself."""
    function = inspect.unwrap(function)
    for _ in range(8):
        cells = [c.cell_contents for c in getattr(function, "__closure__", None) or () if _cell_set(c)]
        inner = [c for c in cells if inspect.isfunction(c)]
        if len(inner) > 1:
            inner = [c for c in inner if c.__name__ == function.__name__]
        if "<locals>" not in getattr(function, "__qualname__", "") or len(inner) != 1:
            return function
        function = inspect.unwrap(inner[0])
    return function


def _cell_set(cell: Any) -> bool:
    try:
        cell.cell_contents  # noqa: B018 (an empty cell raises)
    except ValueError:
        return False
    return True


def load(target: str) -> Any:
    """``module:attr`` (an object) or ``module:factory()`` (called without arguments)."""
    module_name, _, attr = target.partition(":")
    obj: Any = importlib.import_module(module_name)
    call = attr.endswith("()")
    for part in attr.removesuffix("()").split("."):
        if part:
            obj = getattr(obj, part)
    return obj() if call else obj


def in_source(name: str | None, packages: list[str]) -> bool:
    """Whether a dotted name belongs to one of the app's own packages."""
    return bool(name) and any(name == p or name.startswith(p + ".") for p in packages)


# --- routes ------------------------------------------------------------------------------------


def flask_routes(app: Any, packages: list[str]) -> list[Json]:
    """Every rule of the Flask app's url_map, one route per method (HEAD and OPTIONS are implicit)."""
    routes = []
    for rule in app.url_map.iter_rules():
        view = app.view_functions.get(rule.endpoint)
        view_class = getattr(view, "view_class", None)
        methods = sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}) or sorted(rule.methods or ())
        internal = rule.endpoint == "static" or rule.endpoint.endswith(".static")
        for method in methods:
            handler = qualified(view)
            if view_class is not None:
                function = getattr(view_class, method.lower(), None) or getattr(view_class, "dispatch_request", None)
                handler = qualified(function)
            routes.append(
                {
                    "method": method,
                    "path": rule.rule,
                    "raw_path": rule.rule,
                    "handler": handler,
                    "view_class": qualified(view_class) if view_class is not None else None,
                    "endpoint": rule.endpoint,
                    "internal": internal,
                    "internal_reason": "Flask static files" if internal else None,
                    "handler_in_source_root": in_source(handler, packages),
                }
            )
    return routes


def asgi_routes(app: Any, packages: list[str], prefix: str = "", mount: str = "") -> list[Json]:
    """FastAPI/Starlette routes, mounted sub-apps and routers walked down, one route per method."""
    routes: list[Json] = []
    docs = {getattr(app, a, None) for a in ("openapi_url", "docs_url", "redoc_url", "swagger_ui_oauth2_redirect_url")}
    for route in _expanded(getattr(app, "routes", None) or getattr(getattr(app, "router", None), "routes", [])):
        path = prefix + getattr(route, "path", "")
        endpoint = getattr(route, "endpoint", None)
        sub = getattr(route, "app", None)
        if type(route).__name__ == "Mount" or (sub is not None and endpoint is None and hasattr(route, "routes")):
            inner = getattr(route, "routes", None)
            if inner is not None and not static_files(sub):
                routes += asgi_routes(route, packages, path, path)
            elif static_files(sub):
                routes.append(_asgi_route("GET", path + "/{path}", None, True, "static files mount", mount, packages))
            continue
        methods = sorted(getattr(route, "methods", None) or ())
        if type(route).__name__ in {"WebSocketRoute", "APIWebSocketRoute"}:
            methods = ["WEBSOCKET"]
        # the docs/openapi paths, and FastAPI's own docs endpoints of a mounted sub-app
        internal = (getattr(route, "path", None) in docs and prefix == "") or (qualified(endpoint) or "").startswith(
            "fastapi.applications."
        )
        for method in [m for m in methods if m != "HEAD"] or methods:
            entry = _asgi_route(method, path, endpoint, internal, "FastAPI docs/openapi route", mount, packages)
            entry["in_schema"] = bool(getattr(route, "include_in_schema", True))
            routes.append(entry)
    return routes


def static_files(app: Any) -> bool:
    """Whether a mounted app serves static files: Starlette's ``StaticFiles`` or a subclass of any name."""
    return any(cls.__name__.endswith("StaticFiles") for cls in type(app).__mro__)


def _expanded(routes: list[Any]) -> list[Any]:
    """Routes with FastAPI's lazily included routers (``_IncludedRouter``, FastAPI >= 0.16x) made concrete.

    A route reached through an included router is served at its include context's path (with every
    prefix), also when FastAPI has not built a Starlette route for it yet: then the context stands in.
    """
    try:
        from fastapi.routing import _iter_routes_with_context  # type: ignore[attr-defined]
    except ImportError:
        return list(routes)
    out: list[Any] = []
    for route, context in _iter_routes_with_context(routes):
        if context is None:
            out.append(route)
        elif context.starlette_route is not None:
            out.append(context.starlette_route)
        else:
            out.append(_InContext(route, context))
    return out


class _InContext:
    """A route as its include context serves it: the context's path, methods and endpoint."""

    def __init__(self, route: Any, context: Any) -> None:
        self._route = route
        self.path = context.path
        self.methods = context.methods or getattr(route, "methods", None)
        self.endpoint = context.endpoint or getattr(route, "endpoint", None)
        self.include_in_schema = context.include_in_schema

    def __getattr__(self, name: str) -> Any:
        return getattr(self._route, name)


def asgi_openapi(app: Any) -> Json:
    """The OpenAPI documents FastAPI generates: the app's own (``openapi``, or ``openapi_error``)
    and every mounted sub-application's that has one (``openapi_mounts``, paths relative to the
    mount), each with the ``openapi_url`` it is served at (None: generated but not served)."""
    out: Json = {}
    if callable(getattr(app, "openapi", None)):
        out.update(_openapi_of(app, "openapi", "openapi_error"))
        out["openapi_url"] = getattr(app, "openapi_url", None)
    mounts: list[Json] = []

    def walk(routes: list[Any], prefix: str) -> None:
        for route in _expanded(routes):
            sub = getattr(route, "app", None)
            if type(route).__name__ != "Mount" or sub is None:
                continue
            mount = prefix + getattr(route, "path", "")
            if callable(getattr(sub, "openapi", None)):
                entry = {"mount": mount, "openapi_url": getattr(sub, "openapi_url", None)}
                mounts.append(entry | _openapi_of(sub, "document", "error"))
            walk(getattr(route, "routes", None) or [], mount)

    walk(getattr(app, "routes", None) or [], "")
    if mounts:
        out["openapi_mounts"] = mounts
    return out


def _openapi_of(app: Any, key: str, error_key: str) -> Json:
    try:
        return {key: json.loads(json.dumps(app.openapi(), default=str))}
    except Exception as exc:  # an app whose schema FastAPI cannot build still has routes
        return {error_key: f"{type(exc).__name__}: {exc}"[:2000]}


def _asgi_route(
    method: str, path: str, endpoint: Any, internal: bool, why: str, mount: str, packages: list[str]
) -> Json:
    handler = qualified(endpoint)
    return {
        "method": method,
        "path": path,
        "raw_path": path,
        "handler": handler,
        "internal": internal,
        "internal_reason": why if internal else None,
        "mount": mount,
        "handler_in_source_root": in_source(handler, packages),
    }


def django_routes(packages: list[str]) -> list[Json]:
    """Every URL pattern of the root urlconf, methods as the view answers them."""
    from django.urls import URLPattern, URLResolver, get_resolver

    routes: list[Json] = []

    seen: set[tuple[str, int]] = set()  # django-ninja: one pattern per operation, one view per path

    def walk(patterns: Any, parts: list[str], namespace: str | None) -> None:
        for p in patterns:
            raw = str(p.pattern)
            if isinstance(p, URLResolver):
                walk(p.url_patterns, [*parts, raw], p.namespace or namespace)
            elif isinstance(p, URLPattern):
                path_view = _ninja_path_view(p.callback)
                if path_view is None:
                    routes.extend(_django_pattern(p, [*parts, raw], namespace, packages))
                elif (_django_path([*parts, raw]), id(path_view)) not in seen:
                    seen.add((_django_path([*parts, raw]), id(path_view)))
                    routes.extend(_ninja_routes(p, path_view, [*parts, raw], namespace, packages))

    walk(get_resolver().url_patterns, [], None)
    return routes


def _django_path(parts: list[str]) -> str:
    """A pattern's OpenAPI-style path: ``{name}`` for named groups and converters, ``{arg0}``... for unnamed ones.

    Django passes unnamed groups to the view positionally; they are numbered across the whole path.
    """
    path, counter = "", [0]
    for part in parts:
        piece = part.lstrip("^").rstrip("$").replace("\\Z", "").replace("\\", "")
        piece = _unnamed_groups(_named_groups(piece), counter)
        piece = _DJANGO_CONVERTER.sub(lambda m: "{" + m.group(1) + "}", piece)
        path += piece.replace("/?", "/")  # an optional trailing slash (r'^settings/?$') is written with it
    return "/" + path.lstrip("/")


def _django_paths(parts: list[str]) -> list[str]:
    """Every path a pattern serves: a capturing group made optional (``(?P<x>a|b)?``) serves it with and without."""
    variants: list[list[str]] = [[]]
    for part in parts:
        variants = [[*done, option] for done in variants for option in _optional_variants(part)]
    return list(dict.fromkeys(_django_path(v) for v in variants))


def _group_end(text: str, start: int) -> int:
    """The index of the parenthesis closing the group opened at ``start`` (escapes and classes skipped)."""
    depth, i = 0, start
    while i < len(text):
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            i = text.find("]", i + 2) if text.find("]", i + 2) != -1 else len(text)
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return len(text) - 1


def _optional_variants(part: str) -> list[str]:
    """``part`` with each top-level optional capturing group kept (its ``?`` dropped) or left out."""
    out = [""]
    i = start = 0
    while i < len(part):
        if part[i] == "\\":
            i += 2
            continue
        if part[i] != "(":
            i += 1
            continue
        end = _group_end(part, i)
        inner = part[i + 1 : end]
        captures = not inner.startswith("?") or inner.startswith("?P<") or "(?P<" in inner
        if captures and part[end + 1 : end + 2] == "?":
            group = part[i : end + 1]
            out = [o + part[start:i] + kept for o in out for kept in (group, "")]
            i = start = end + 2 + (part[end + 2 : end + 3] == "?")  # a lazy ``??`` too
        else:
            i = end + 1
    return [o + part[start:] for o in out]


def _unnamed_groups(text: str, counter: list[int]) -> str:
    """Each top-level capturing group without a name as ``{arg0}``, ``{arg1}``... (``counter`` runs on)."""
    out, i, start = [], 0, 0
    while i < len(text):
        if text[i] == "(" and not text.startswith("(?", i):
            end = _group_end(text, i)
            out += [text[start:i], "{arg" + str(counter[0]) + "}"]
            counter[0] += 1
            i = start = end + 1
        elif text[i] == "(":
            i = _group_end(text, i) + 1
        else:
            i += 1
    return "".join(out) + text[start:]


def _named_groups(text: str) -> str:
    """Each ``(?P<name>...)`` as ``{name}``, parentheses nested inside the group included."""
    out, index = [], 0
    while (start := text.find("(?P<", index)) != -1:
        name = text[start + 4 : text.index(">", start)]
        depth, end = 0, start
        while end < len(text):
            depth += {"(": 1, ")": -1}.get(text[end], 0)
            if depth == 0:
                break
            end += 1
        out += [text[index:start], "{" + name + "}"]
        index = end + 1
    return re.sub(r"\(\?P=(\w+)\)", r"{\1}", "".join(out) + text[index:])  # a backreference: the same value


def _django_pattern(p: Any, parts: list[str], namespace: str | None, packages: list[str]) -> list[Json]:
    callback = p.callback
    while isinstance(callback, functools.partial):  # django-ninja's docs views: partial(view, api=...)
        callback = callback.func
    module = getattr(callback, "__module__", "") or ""
    internal_reason = None
    if module.startswith("django.contrib.admin") or (namespace or "").startswith("admin"):
        internal_reason = "Django admin"
    elif "(?P<format>" in "".join(parts) or ":format>" in "".join(parts):  # regex or path-converter routers
        internal_reason = "DRF format-suffix duplicate"
    elif module.startswith("django.views.static") or module.startswith("django.contrib.staticfiles"):
        internal_reason = "static/media file serving"
    elif module.startswith("ninja."):
        internal_reason = "django-ninja docs/openapi/root route"
    inner, allowed = _django_view(callback)
    cls = getattr(inner, "cls", None) or getattr(inner, "view_class", None)
    actions = getattr(inner, "actions", None)
    base = {
        "raw_path": "".join(parts),
        "raw_parts": parts,
        "name": p.name,
        "namespace": namespace,
        "internal": internal_reason is not None,
        "internal_reason": internal_reason,
    }
    out = []
    if actions:  # a DRF viewset: the router's method -> action map
        for method, action in sorted(actions.items()):
            handler = qualified(getattr(cls, action, None))
            out.append(
                {
                    **base,
                    "method": method.upper(),
                    "handler": handler,
                    "view_class": qualified(cls),
                    "action": action,
                    "kind": "viewset",
                }
            )
    elif cls is not None:  # a class-based view: the verbs it implements or inherits
        names = [m for m in getattr(cls, "http_method_names", ()) if m != "options" and hasattr(cls, m)]
        verbs = {name.upper(): getattr(cls, name) for name in names}
        if not verbs and _own_dispatch(cls):  # no verb methods: its dispatch() answers every method
            verbs = {"ANY": cls.dispatch}
        for method, function in verbs.items():
            handler = qualified(unwrapped(function))  # DRF's @api_view serves the function through a closure
            out.append({**base, "method": method, "handler": handler, "view_class": qualified(cls), "kind": "class"})
    else:
        for method in allowed or ["ANY"]:
            out.append({**base, "method": method, "handler": qualified(inner), "kind": "function"})
    for entry in out:
        entry["handler_in_source_root"] = in_source(entry["handler"], packages)
        if entry.get("view_class"):
            entry["view_class_in_source_root"] = in_source(entry["view_class"], packages)
    return [{"path": path, **entry} for path in _django_paths(parts) for entry in out]


def _own_dispatch(cls: type) -> bool:
    """Whether a class-based view overrides Django's (or DRF's) ``dispatch``: some class of its MRO
    outside Django and DRF defines one (Django's mixins, such as ``LoginRequiredMixin``, define a
    ``dispatch`` that only checks and calls the next one, so the first definer may be one of them)."""
    framework = ("django.", "rest_framework.")
    return any("dispatch" in vars(c) and not c.__module__.startswith(framework) for c in cls.__mro__)


def _django_view(callback: Any) -> tuple[Any, list[str]]:
    """The view a URL pattern calls, seen through its decorators, and the methods
    ``require_http_methods`` (``require_POST``, ...) restricts it to (empty: any).

    Each decorator is left through ``__wrapped__``, else through its closure's one function (a
    decorator written without ``functools.wraps``); the walk stops at a class-based view's
    ``as_view()`` function (``view_class`` / DRF's ``cls``), whose ``__wrapped__`` Django copies
    from ``dispatch`` and would lead to a method instead."""
    function, allowed = callback, []
    for _ in range(16):
        if getattr(function, "view_class", None) or getattr(function, "cls", None):
            break
        code = getattr(function, "__code__", None)
        cells = dict(zip(code.co_freevars if code else (), getattr(function, "__closure__", None) or (), strict=False))
        values = {name: cell.cell_contents for name, cell in cells.items() if _cell_set(cell)}
        if getattr(code, "co_qualname", "").startswith("require_http_methods.") and not allowed:  # wraps() renamed it
            allowed = sorted(m.upper() for m in values.get("request_method_list", ()))
        following = getattr(function, "__wrapped__", None)
        if following is None and "<locals>" in getattr(code, "co_qualname", ""):
            inner = [v for v in values.values() if inspect.isfunction(v)]
            following = inner[0] if len(inner) == 1 else None
        if following is None:
            break
        function = following
    return function, allowed


def _ninja_path_view(callback: Any) -> Any:
    """The django-ninja ``PathView`` behind a URL pattern's view (a closure over it), else None."""
    for cell in getattr(callback, "__closure__", None) or ():
        value = cell.cell_contents if _cell_set(cell) else None
        if type(value).__name__ == "PathView" and type(value).__module__.startswith("ninja."):
            return value
    return None


def _ninja_routes(p: Any, path_view: Any, parts: list[str], namespace: str | None, packages: list[str]) -> list[Json]:
    """One route per (method, operation) of a django-ninja path: the operation's own view function."""
    out = []
    for operation in path_view.operations:
        handler = qualified(unwrapped(operation.view_func))
        for method in operation.methods:
            out.append(
                {
                    "method": method.upper(),
                    "path": _django_path(parts),
                    "raw_path": "".join(parts),
                    "raw_parts": parts,
                    "name": p.name,
                    "namespace": namespace,
                    "internal": False,
                    "internal_reason": None,
                    "handler": handler,
                    "kind": "ninja",
                    "handler_in_source_root": in_source(handler, packages),
                }
            )
    return out


def tornado_routes(app: Any, packages: list[str]) -> list[Json]:
    """The rules of a Tornado Application: the verbs each handler class overrides (WEBSOCKET: ``open``);
    a rule an earlier one shadows is internal (:func:`shadowed`)."""
    import tornado.web
    import tornado.websocket

    routes: list[Json] = []
    base_verbs = {
        m: getattr(tornado.web.RequestHandler, m.lower()) for m in tornado.web.RequestHandler.SUPPORTED_METHODS
    }
    rules = [
        (rule.target, rule.matcher.regex)
        for router in (app.wildcard_router, app.default_router)
        for rule in getattr(router, "rules", [])
        if getattr(rule.matcher, "regex", None) is not None and isinstance(rule.target, type)
    ]
    for (target, regex), hidden in zip(rules, shadowed([regex.pattern for _, regex in rules]), strict=True):
        path = _tornado_path(regex.pattern, target, base_verbs)
        static = issubclass(target, tornado.web.StaticFileHandler)
        verbs = [m for m, f in base_verbs.items() if getattr(target, m.lower(), f) is not f]
        functions = {verb: getattr(target, verb.lower(), None) for verb in verbs}
        if issubclass(target, tornado.websocket.WebSocketHandler):  # a GET that upgrades
            functions = {"WEBSOCKET": getattr(target, "open", None)}
        for verb, function in functions.items():
            handler = qualified(unwrapped(function))
            routes.append(
                {
                    "method": verb,
                    "path": path,
                    "raw_path": regex.pattern,
                    "handler": handler,
                    "view_class": qualified(target),
                    "internal": static or hidden,
                    "internal_reason": "static files" if static else "shadowed by an earlier rule" if hidden else None,
                    "handler_in_source_root": in_source(handler, packages),
                }
            )
    return routes


def shadowed(patterns: list[str]) -> list[bool]:
    """For each rule's pattern, whether an earlier rule has the same: Tornado serves a request by the
    first rule that matches, so that rule is never reached."""
    seen: set[str] = set()
    out = []
    for pattern in patterns:
        out.append(pattern in seen)
        seen.add(pattern)
    return out


def _tornado_path(pattern: str, target: type, base_verbs: dict[str, Any]) -> str:
    """Groups named as Tornado passes them: ``(?P<name>)``, else the positional parameters of the
    first verb the class itself defines (else of the first it inherits; a decorated verb's own
    function, not its wrapper's ``*args``), else ``arg<i>``."""
    verbs = [m.lower() for m, f in base_verbs.items() if getattr(target, m.lower(), f) is not f]
    own = [v for v in verbs if v in vars(target)]
    names: list[str] = []
    positional = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    for verb in own[:1] or verbs[:1]:  # a decorator's wrapper (*args, **kwargs) names nothing: the method it wraps
        parameters = list(inspect.signature(unwrapped(getattr(target, verb))).parameters.values())[1:]
        names = [p.name for p in parameters if p.kind in positional]
    count = iter(range(100))

    def label(match: re.Match[str]) -> str:
        index = next(count)
        named = re.match(r"\(\?P<(\w+)>", match.group(0))
        return "{" + (named.group(1) if named else names[index] if index < len(names) else f"arg{index + 1}") + "}"

    text = pattern.removeprefix("^").removesuffix("$")
    out, index = [], 0
    while index < len(text):  # each outermost capturing group, nested ones inside it included
        if text[index] == "\\":
            out.append(text[index : index + 2])
            index += 2
        elif text[index] == "(" and not text.startswith("(?:", index):
            depth, end = 0, index
            while end < len(text):
                if text[end] == "\\":
                    end += 2
                    continue
                depth += {"(": 1, ")": -1}.get(text[end], 0)
                if depth == 0:
                    break
                end += 1
            group = re.match(r"(?s).*", text[index : end + 1])
            assert group is not None
            out.append(label(group))
            index = end + 1
        else:
            out.append(text[index])
            index += 1
    return "".join(out).replace("\\", "")


def _aiohttp_all(app: Any) -> list[Any]:
    """The routes of ``app`` (a sub-application's come through its prefixed resource), each once."""
    found: dict[int, Any] = {}
    for route in app.router.routes():
        found.setdefault(id(route), route)
    return list(found.values())


def bottle_routes(app: Any, packages: list[str]) -> list[Json]:
    """Every route of a Bottle app (its ``routes`` list, mounted apps' routes included by Bottle)."""
    routes = []
    for route in app.routes:
        handler = qualified(unwrapped(route.callback))
        path = re.sub(
            r"<(\w+)(?::[^>]*)?>|:(\w+)(?:#[^#]*#)?", lambda m: "{" + (m.group(1) or m.group(2)) + "}", route.rule
        )
        routes.append(
            {
                "method": route.method.upper(),
                "path": path,
                "raw_path": route.rule,
                "handler": handler,
                "name": route.name,
                "internal": False,
                "internal_reason": None,
                "handler_in_source_root": in_source(handler, packages),
            }
        )
    return routes


def aiohttp_routes(app: Any, packages: list[str]) -> list[Json]:
    """Every route of an aiohttp application's router, sub-applications' included, without the HEAD
    route aiohttp adds beside each GET. A class-based view registered for every method (``"*"``)
    is one route per method its class has (``web.View`` calls the method named like the request's)."""
    routes = []
    for route in _aiohttp_all(app):
        info = route.resource.get_info() if route.resource is not None else {}
        path = info.get("formatter") or info.get("path") or (info.get("prefix", "") + "/{filename}")
        handler = route.handler
        view = handler if isinstance(handler, type) else None
        method = route.method.upper()
        methods = [method]
        if view is not None and method == "*":
            verbs = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "CONNECT")
            methods = [m for m in verbs if callable(getattr(view, m.lower(), None))] or [method]
        for verb in methods:
            function = getattr(view, verb.lower(), None) if view is not None else handler
            routes.append(
                {
                    "method": "ANY" if verb == "*" else verb,
                    "path": path,
                    "raw_path": path,
                    "handler": qualified(function),
                    "view_class": qualified(view),
                    "internal": "directory" in info,
                    "internal_reason": "static files" if "directory" in info else None,
                    "handler_in_source_root": in_source(qualified(function), packages),
                }
            )
    gets = {(r["path"], r["handler"]) for r in routes if r["method"] == "GET"}
    return [r for r in routes if r["method"] != "HEAD" or (r["path"], r["handler"]) not in gets]


def sanic_routes(app: Any, packages: list[str]) -> list[Json]:
    """Every route of a Sanic app's router (blueprints and versions applied by Sanic), one per method;
    class views (``HTTPMethodView.as_view()``) by the class's verb method, websockets (a partial of
    Sanic's websocket handler) as WEBSOCKET by their function. The HEAD Sanic adds beside a static
    GET is left out."""
    routes = []
    for route in app.router.routes:  # filled as routes are added: no need to finalise the router
        handler_obj = route.handler
        view_class = getattr(handler_obj, "view_class", None)
        websocket = bool(getattr(getattr(route, "extra", None), "websocket", False))
        methods = ["WEBSOCKET"] if websocket else sorted(route.methods)
        if websocket:
            handler_obj = handler_obj.args[0]
        static = isinstance(handler_obj, functools.partial)
        if static and "GET" in methods and "HEAD" in methods:
            methods.remove("HEAD")
        raw = "/" + route.path.lstrip("/")
        path = re.sub(r"<(\w+)(?::[^>]*)?>", lambda m: "{" + m.group(1) + "}", raw)
        module = getattr(unwrapped(handler_obj), "__module__", "") or ""
        internal = static or module.split(".")[0] in {"sanic", "sanic_ext"}
        for method in methods:
            function = getattr(view_class, method.lower(), None) if view_class is not None else unwrapped(handler_obj)
            handler = None if isinstance(function, functools.partial) else qualified(function)
            routes.append(
                {
                    "method": method,
                    "path": path,
                    "raw_path": raw,
                    "handler": handler,
                    "view_class": qualified(view_class) if view_class is not None else None,
                    "name": route.name,
                    "params": {m.group(1): m.group(2) or "str" for m in re.finditer(r"<(\w+)(?::([^>]*))?>", raw)},
                    "internal": internal,
                    "internal_reason": "Sanic static files or its own handlers" if internal else None,
                    "handler_in_source_root": in_source(handler, packages),
                }
            )
    return routes


def litestar_routes(app: Any, packages: list[str]) -> list[Json]:
    """Every route of a Litestar app, one per method its handlers declare, without the OPTIONS
    handler Litestar adds to each path; the app may be wrapped (``.app``) by ASGI middleware."""
    from litestar import Litestar

    for _ in range(8):
        if isinstance(app, Litestar):
            break
        app = app.app
    routes: list[Json] = []
    for route in app.routes:
        kind = type(route).__name__
        if kind == "HTTPRoute":
            pairs = [(method, handler) for method, (handler, _kwargs) in route.route_handler_map.items()]
        else:  # WebSocketRoute / ASGIRoute: one handler
            pairs = [("WEBSOCKET" if kind == "WebSocketRoute" else "ANY", route.route_handler)]
        for method, handler in pairs:
            bound = getattr(handler, "fn", None)
            function = unwrapped(getattr(bound, "__func__", bound))
            owner = getattr(bound, "__self__", None)
            name = qualified(function)
            builtin = (name or "").startswith("litestar.")
            if builtin and method == "OPTIONS":
                continue
            routes.append(
                {
                    "method": method,
                    "path": re.sub(r"\{(\w+):[^}]*\}", r"{\1}", route.path),
                    "raw_path": route.path,
                    "handler": name,
                    "view_class": qualified(type(owner)) if owner is not None else None,
                    "internal": builtin,
                    "internal_reason": "Litestar's own handlers (OpenAPI docs, static files)" if builtin else None,
                    "in_schema": bool(getattr(handler, "include_in_schema", True)),
                    "handler_in_source_root": in_source(name, packages),
                }
            )
    return routes


def falcon_routes(app: Any, packages: list[str]) -> list[Json]:
    """Every responder of a Falcon app's router: each node of the compiled router's tree with a
    resource, one route per method the resource answers (``on_get``, ``on_get_<suffix>``...), not
    Falcon's default OPTIONS and 405 responders; sinks and static routes as routes of their own."""
    routes: list[Json] = []

    def walk(nodes: list[Any]) -> None:
        for node in nodes:
            if node.resource is not None and node.method_map:
                routes.extend(_falcon_node(node, packages))
            walk(node.children or [])

    walk(app._router._roots)
    for sink in getattr(app, "_sinks", []):
        prefix, responder = sink[0], sink[1]
        pattern = getattr(prefix, "pattern", prefix)
        handler = qualified(unwrapped(getattr(responder, "__func__", responder)))
        routes.append(_falcon_entry("ANY", pattern, handler, None, "sink", packages))
    for static in getattr(app, "_static_routes", []):
        route = static[0] if isinstance(static, tuple) else static
        routes.append(_falcon_entry("GET", route._prefix + "{path}", None, None, "static files", packages))
    return routes


def _falcon_node(node: Any, packages: list[str]) -> list[Json]:
    out = []
    path = re.sub(r"{(\w+)(?::[^}]*)?}", lambda m: "{" + m.group(1) + "}", node.uri_template)
    view = type(node.resource)
    for method, responder in sorted(node.method_map.items()):
        if getattr(responder, "__self__", None) is not node.resource:
            continue  # falcon's default OPTIONS / 405 responders
        handler = qualified(unwrapped(responder.__func__))
        out.append(_falcon_entry(method, path, handler, qualified(view), None, packages, node.uri_template))
    return out


def _falcon_entry(
    method: str, path: str, handler: str | None, view: str | None, why: str | None, packages: list[str], raw: str = ""
) -> Json:
    return {
        "method": method,
        "path": path,
        "raw_path": raw or path,
        "handler": handler,
        "view_class": view,
        "internal": why == "static files",
        "internal_reason": why if why == "static files" else None,
        "kind": why or "responder",
        "handler_in_source_root": in_source(handler, packages),
    }


def pyramid_routes(app: Any, packages: list[str]) -> list[Json]:
    """Every view Pyramid's introspector relates to a route, one route per request method.

    ``app`` is a Pyramid router (``make_wsgi_app()``) or a configurator (committed here). A route
    no view is registered for is left out (Pyramid answers it with 404), as are routes added with
    ``static=True`` (URL generation only) and exception views. The methods are the view's
    ``request_method``, else the route's, else ANY (Pyramid's own HEAD for GET is not listed).
    """
    if hasattr(app, "commit"):
        app.commit()
    introspector = app.registry.introspector
    routes: list[Json] = []
    for entry in introspector.get_category("routes") or []:
        route = entry["introspectable"]
        if route["static"]:
            continue
        raw = "/" + route["pattern"].lstrip("/")
        path = re.sub(r"\*(\w+)$", r"{\1}", re.sub(r"\{(\w+)(?::(?:[^{}]|\{[^{}]*\})*)?\}", r"{\1}", raw))
        views = [v for v in entry["related"] if v.category_name == "views" and not v["exception_only"]]
        get_views = {id(unwrapped(v["callable"])) for v in views if v["request_methods"] in ("GET", ("GET",))}
        for view in views:
            methods = view["request_methods"] or route["request_methods"] or ("ANY",)
            target = view["callable"]
            if inspect.isclass(target):
                view_class, handler = qualified(target), f"{qualified(target)}.{view['attr'] or '__call__'}"
            else:
                view_class = None
                handler = qualified(unwrapped(getattr(target, view["attr"]) if view["attr"] else target))
            static = type(target).__name__ == "static_view"
            added = _cornice_added(target, methods, get_views)
            for method in [methods] if isinstance(methods, str) else sorted(methods):
                routes.append(
                    {
                        "method": method,
                        "path": path,
                        "raw_path": raw,
                        "handler": handler,
                        "view_class": view_class,
                        "endpoint": route["name"],
                        "internal": static or added is not None,
                        "internal_reason": "static files" if static else added,
                        "kind": "static view" if static else "view",
                        "handler_in_source_root": in_source(handler, packages),
                    }
                )
    return routes


def _cornice_added(target: Any, methods: Any, get_views: set[int]) -> str | None:
    """Why a view is one Cornice adds to a service by itself, else None.

    Cornice (also vendored, as ``<pkg>.cornice``) answers OPTIONS on each service for CORS,
    registers a fallback view that answers the methods the service does not define with 405, and
    serves HEAD with the GET view; none is an operation of its own, as FastAPI's HEAD and
    Litestar's OPTIONS are not. A HEAD with a view of its own is kept.
    """
    function = unwrapped(target)
    if "cornice" in getattr(function, "__module__", "").split("."):
        name = getattr(function, "__name__", "")
        why = {"_preflight_view": "Cornice CORS preflight", "_fallback_view": "Cornice 405 fallback"}.get(name)
        if why:
            return why
    if methods in ("HEAD", ("HEAD",)) and id(function) in get_views:
        return "Cornice HEAD of a GET view"
    return None


# --- models ------------------------------------------------------------------------------------


def models(packages: list[str]) -> tuple[dict[str, list[str]], dict[str, str]]:
    """Model classes the app's own imported modules define: fields by ``Name@module``, and kinds."""
    fields: dict[str, list[str]] = {}
    kinds: dict[str, str] = {}
    for name, module in sorted(sys.modules.items()):
        if not in_source(name, packages) or module is None:
            continue
        for cls in list(vars(module).values()):
            if not issubclass(type(cls), type) or cls.__module__ != name:  # type(): lazy proxies stay lazy
                continue
            if "[" in cls.__qualname__:  # Model[X]: a generic's parametrization pydantic stored in the module
                continue
            found = _model_fields(cls)
            if found is not None:
                key = f"{cls.__qualname__}@{name}"
                kinds[key], fields[key] = found
    return fields, kinds


def _model_fields(cls: type) -> tuple[str, list[str]] | None:
    bases = {f"{b.__module__}.{b.__qualname__}" for b in cls.__mro__[1:]}
    meta = getattr(cls, "_meta", None)
    if any(b.startswith("django.db.models.base.Model") for b in bases) and meta is not None:
        if getattr(meta, "abstract", False) or getattr(meta, "proxy", False):
            return None
        return "django", [f.name for f in [*meta.fields, *meta.many_to_many]]
    if "pydantic.main.BaseModel" in bases and "model_fields" in dir(cls):
        kind = "sqlmodel" if any(b.startswith("sqlmodel.") for b in bases) else "pydantic"
        return kind, list(getattr(cls, "model_fields", {}))
    mapper = getattr(cls, "__mapper__", None)
    if mapper is not None and hasattr(mapper, "column_attrs") and "__table__" in dir(cls):
        return "sqlalchemy", [a.key for a in mapper.column_attrs]
    if "marshmallow.schema.Schema" in bases:
        return "marshmallow", list(getattr(cls, "_declared_fields", {}))
    if "msgspec.Struct" in bases and hasattr(cls, "__struct_fields__"):
        return "msgspec", list(cls.__struct_fields__)
    if hasattr(cls, "__attrs_attrs__"):
        return "attrs", [a.name for a in cls.__attrs_attrs__]
    if dataclasses.is_dataclass(cls):
        return "dataclass", [f.name for f in dataclasses.fields(cls)]
    return None


# --- main --------------------------------------------------------------------------------------


def _sibling(name: str) -> Any:
    """A module of the probe's own folder, loaded by its location (the app's ``sys.path`` untouched)."""
    spec = importlib.util.spec_from_file_location(f"truth_probe_{name}", Path(__file__).with_name(f"{name}.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(spec: Json) -> Json:
    """Build the app the spec names and return its truth document."""
    data_dir = tempfile.mkdtemp(prefix="truth-")
    for key, value in spec.get("env", {}).items():
        os.environ[key] = value.replace("{tmp}", data_dir)
    for relative, text in spec.get("files", {}).items():  # dummy settings modules, written in a temp dir
        Path(data_dir, relative).write_text(text.replace("{tmp}", data_dir), encoding="utf-8")
    site = sysconfig.get_paths()["purelib"]
    for entry in [*spec.get("sys_path", []), data_dir]:  # {site}: this virtualenv's site-packages
        sys.path.insert(0, entry.replace("{tmp}", data_dir).replace("{site}", site))
    packages = spec["packages"]
    kind = spec["kind"]
    documents: Json = {}  # the OpenAPI documents the framework generates, when it does
    if kind == "django":
        import django

        django.setup()
        routes = django_routes(packages)
        documents = _sibling("truth_openapi_django").django_openapi(_django_path)
    else:
        for module in spec.get("import", []):  # modules that register on a shared table when imported
            importlib.import_module(module)
        if "route_table" in spec:  # an aiohttp RouteTableDef, added to an application as the app does
            from aiohttp import web

            app = web.Application()
            app.add_routes(load(spec["route_table"]))
            if spec.get("prefix"):  # the table is served as a sub-application at this prefix
                parent = web.Application()
                parent.add_subapp(spec["prefix"], app)
                app = parent
        elif "handlers" in spec:  # a Tornado handler list, served as the app serves it
            import tornado.web

            app = tornado.web.Application(load(spec["handlers"]))
        else:
            app = load(spec["app"])
        if kind == "flask":
            routes = flask_routes(app, packages)
        elif kind == "asgi":
            routes = asgi_routes(app, packages)
            documents = asgi_openapi(app)
        elif kind == "tornado":
            routes = tornado_routes(app, packages)
        elif kind == "bottle":
            routes = bottle_routes(app, packages)
        elif kind == "aiohttp":
            routes = aiohttp_routes(app, packages)
        elif kind == "sanic":
            routes = sanic_routes(app, packages)
        elif kind == "falcon":
            routes = falcon_routes(app, packages)
        elif kind == "litestar":
            routes = litestar_routes(app, packages)
        elif kind == "pyramid":
            routes = pyramid_routes(app, packages)
        else:
            raise SystemExit(f"unknown probe kind {kind!r}")
    for extra in spec.get("import_models", []):
        importlib.import_module(extra)
    fields, kinds = models(packages)
    return {
        **documents,
        "routes": routes,
        "models": fields,
        "model_kinds": kinds,
        "model_in_source_root": dict.fromkeys(fields, True),
    }


if __name__ == "__main__":
    truth_out = os.fdopen(os.dup(1), "w", encoding="utf-8")  # what the app prints goes to stderr
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    try:
        spec = json.loads(sys.argv[1])
        sys.argv = sys.argv[:1]  # apps that parse the command line at import time see none
        result = main(spec)
    except Exception:
        traceback.print_exc()
        raise SystemExit(1) from None
    truth_out.write(json.dumps(result, indent=1, sort_keys=True) + "\n")
    truth_out.flush()
    os._exit(0)  # an app's background threads (schedulers, pollers) must not keep the probe alive

"""Tornado: handler lists (tuples, ``url()``/``URLSpec``), ``Application(...)``, ``add_handlers``, handler verbs.

A Tornado route table is a list of specs, each a URL regex and a ``RequestHandler`` class (plus
initialisation kwargs and a name). The tables are the lists given to ``Application(...)`` or
``app.add_handlers(host, ...)`` and the module-level lists made of specs (``handlers = [...]`` in
a urls module, which an application subclass picks up through its own ``__init__``). A handler
answers the HTTP verbs its class defines (``get``, ``post``...) or inherits from analysed bases;
Tornado's own handlers answer what they define (``StaticFileHandler``: GET and HEAD). Regex groups
become path parameters named after the verb method's arguments (Tornado passes groups as
positional arguments), or after the group's name (``(?P<id>...)``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from docgen.diagnostics import Code
from docgen.extract._shared.common import (
    Handler,
    const_str,
    find_handler,
    handler_route,
    method_of,
)
from docgen.link.contract import Extractor, LinkContext
from docgen.link.evaluate import Const, DefRef, External, Instance, Seq, Value
from docgen.link.program import Scope, is_call_stmt
from docgen.link.routegraph import Chain, Endpoint, Node, RouteGraph
from docgen.link.unparse import unparse
from docgen.model import Framework, HttpMethod, Location, Route
from docgen.model.facts import Assign, Expr, Op
from docgen.moduleid.layout import is_test_module

TORNADO = Framework("tornado")
APPLICATIONS = frozenset({"tornado.web.Application"})
HANDLER_BASES = frozenset({"tornado.web.RequestHandler"})
WEBSOCKETS = frozenset({"tornado.websocket.WebSocketHandler"})
SPECS = frozenset({"tornado.web.url", "tornado.web.URLSpec", "tornado.routing.URLSpec"})
VERBS = ("get", "post", "put", "patch", "delete", "head", "options")
LIBRARY_VERBS = {
    "tornado.web.StaticFileHandler": ("get", "head"),
    "tornado.web.RedirectHandler": ("get",),
    "tornado.web.FallbackHandler": ("any",),
}
"""Verbs Tornado's own handler classes define."""
_NAMED_GROUP = re.compile(r"^\(\?P<(\w+)>")


@dataclass(frozen=True, slots=True)
class _Verb:
    """One verb of a handler class, as an endpoint's payload."""

    method: HttpMethod
    handler: Handler | None
    spec_name: str | None


class TornadoExtractor(Extractor):
    """Routes of Tornado applications."""

    name = "tornado"
    packages = frozenset({"tornado"})
    route_triggers = packages

    def collect_routes(self, *, context: LinkContext, graph: RouteGraph) -> None:  # noqa: D102
        tables: dict[str, tuple[list[_Spec], Location, str]] = {}
        for scope, stmt in context.walk_calls(skip_module=is_test_module, graph=graph):
            if scope.prefix() == "" and isinstance(stmt, Assign) and len(stmt.targets) == 1:
                target = stmt.targets[0]
                if target.op is Op.NAME and stmt.op in ("=", ":"):
                    specs = _specs(context, context.evaluator.lookup(scope, str(target.value)))
                    if specs:
                        key = f"{scope.module}:{target.value}"
                        tables.setdefault(key, (specs, context.location(scope.module, stmt.line), key))
            call = is_call_stmt(stmt)
            if call is not None:
                self._application_call(context, scope, call, tables)
        for key in _included(tables):
            del tables[key]
        for key, (specs, where, label) in tables.items():
            graph.add_node(Node(key, TORNADO, True, "", label, where))
            context.frameworks.add(TORNADO)
            for pattern, handler_value, name, at, conditions in specs:
                for verb, path in _verbs(context, handler_value, pattern, name):
                    dotted = verb.handler.name if verb.handler else _library_handler(handler_value, verb.method)
                    location = (
                        context.location(verb.handler.scope.module, verb.handler.definition.line)
                        if verb.handler
                        else at or where
                    )
                    implementation = verb.handler.implementation if verb.handler else None
                    endpoint = Endpoint(key, (verb.method,), path, dotted, location, verb, implementation, conditions)
                    graph.add_endpoint(endpoint)

    def _application_call(
        self, context: LinkContext, scope: Scope, call: Expr, tables: dict[str, tuple[list[_Spec], Location, str]]
    ) -> None:
        """``Application(handlers, ...)`` and ``app.add_handlers(host, handlers)`` with a list of their own."""
        callee = call.args[0]
        if callee.op is Op.ATTR and callee.value == "add_handlers" and len(call.positional) >= 2:
            owner = context.evaluator.eval(callee.args[0], scope)
            if not context.is_a(owner, APPLICATIONS):
                return
            handlers: Expr | None = call.positional[1]
        else:
            if not context.is_a(context.evaluator.eval(callee, scope), APPLICATIONS):
                return
            handlers = call.positional[0] if call.positional else call.kwarg("handlers")
        if handlers is None or (
            handlers.op is Op.NAME
            and str(handlers.value) in context.program.module_scope(scope.module).bindings
            and scope.prefix() == ""
        ):
            return  # a module-level list: found as one
        value = context.evaluator.eval(handlers, scope)
        where = context.location(scope.module, call.line)
        if isinstance(value, Seq):
            key = f"{scope.module}:{scope.prefix()}#{call.line}"
            tables.setdefault(key, (_specs(context, value), where, f"{scope.module}:{scope.prefix()}Application"))
        else:
            context.warn(
                Code.NOT_EVALUATED, f"Tornado handler list {unparse(handlers)!r} could not be evaluated", where
            )

    def describe(self, *, context: LinkContext, endpoint: Endpoint, chain: Chain, path: str) -> list[Route]:  # noqa: D102
        verb = endpoint.payload
        if not isinstance(verb, _Verb):
            return []
        route = handler_route(
            context,
            endpoint=endpoint,
            chain=chain,
            path=path,
            raw_path=path,
            framework=TORNADO,
            handler=verb.handler,
            name=verb.spec_name,
        )
        return [route]


_Spec = tuple[str, Value, str | None, Location | None, tuple[str, ...]]
"""``(pattern, handler class, name, where, conditions)`` of one handler spec (conditions: see :attr:`Seq.guards`)."""


def _included(tables: dict[str, tuple[list[_Spec], Location, str]]) -> list[str]:
    """The module-level lists an application's table includes: each spec there, with its prefix.

    ``handlers = base.default_handlers + pages.default_handlers`` given to ``Application(...)``
    (prefixed or not) serves those lists' handlers once, in the application; the lists are not
    applications of their own. A list with a spec the applications do not serve stays one.
    """
    served = [
        (pattern, handler) for key, (specs, _, _) in tables.items() if "#" in key for pattern, handler, *_ in specs
    ]
    if not served:
        return []
    return [
        key
        for key, (specs, _, _) in tables.items()
        if "#" not in key
        and all(
            any(handler == other and pattern.endswith(own.removeprefix("^")) for pattern, other in served)
            for own, handler, *_ in specs
        )
    ]


def _specs(context: LinkContext, table: Value) -> list[_Spec]:
    """The handler specs of a list (none when it is not a list of them)."""
    if not isinstance(table, Seq):
        return []
    specs = (_spec(context, item, table.guard(index)) for index, item in enumerate(table.items))
    return [spec for spec in specs if spec is not None]


def _spec(context: LinkContext, item: Value, conditions: tuple[str, ...]) -> _Spec | None:
    """The handler spec ``item`` is, added to its list under ``conditions``; None when it is not one."""
    if isinstance(item, Seq) and len(item.items) >= 2:
        pattern, handler = item.items[0], item.items[1]
        name = item.items[3] if len(item.items) >= 4 else None
        named = const_str(name)
        where = None
    elif (
        isinstance(item, Instance)
        and isinstance(item.cls, External)
        and item.cls.dotted in SPECS
        and len(item.call.positional) >= 2
    ):
        scope = context.call_scope(item)
        pattern = context.evaluator.eval(item.call.positional[0], scope)
        handler = context.evaluator.eval(item.call.positional[1], scope)
        name_expr = item.call.kwarg("name") or (item.call.positional[3] if len(item.call.positional) >= 4 else None)
        named = const_str(context.evaluator.eval(name_expr, scope)) if name_expr is not None else None
        where = context.location(scope.module, item.call.line)
    else:
        return None
    if not isinstance(pattern, Const) or not isinstance(pattern.value, str):
        return None
    if not (
        context.is_a(handler, HANDLER_BASES | WEBSOCKETS)
        or (isinstance(handler, External) and handler.dotted in LIBRARY_VERBS)
    ):
        return None
    return pattern.value, handler, named, where, conditions


def _verbs(context: LinkContext, cls: Value, pattern: str, name: str | None) -> list[tuple[_Verb, str]]:
    """The verbs a handler class answers, each with the path its regex gives (parameters named)."""
    found: list[tuple[HttpMethod, Handler | None]] = []
    if isinstance(cls, External):
        found = [
            (HttpMethod.ANY if v == "any" else HttpMethod(v.upper()), None) for v in LIBRARY_VERBS.get(cls.dotted, ())
        ]
    elif isinstance(cls, DefRef):
        if context.is_a(cls, WEBSOCKETS):
            opened = method_of(context, cls, "open")
            return [(_Verb(HttpMethod.WEBSOCKET, opened, name), _path(pattern, opened))]
        seen: set[str] = set()
        for klass in context.evaluator.mro(cls):
            if isinstance(klass, External):
                for verb in LIBRARY_VERBS.get(klass.dotted, ()):
                    if verb not in seen and verb != "any":
                        seen.add(verb)
                        found.append((HttpMethod(verb.upper()), None))
                continue
            body = context.program.body_scope(klass.dotted)
            if body is None:
                continue
            for verb in VERBS:
                bound = verb in body.bindings and verb not in seen  # `def get`, or `post = put = get`
                handler = find_handler(context, context.evaluator.lookup(body, verb)) if bound else None
                if handler is not None:
                    seen.add(verb)
                    served = handler if klass == cls else replace(handler, view=cls.dotted)
                    found.append((HttpMethod(verb.upper()), served))
    order = {m: i for i, m in enumerate(HttpMethod)}
    found.sort(key=lambda f: order[f[0]])
    own = [h for _, h in found if h is not None and isinstance(cls, DefRef) and h.dotted.startswith(cls.dotted + ".")]
    namer = next(iter(own), next((h for _, h in found if h is not None), None))
    path = _path(pattern, namer)  # one template per spec: groups named by the class's own first verb
    return [(_Verb(method, handler, name), path) for method, handler in found]


def _library_handler(cls: Value, method: HttpMethod) -> str | None:
    if not isinstance(cls, External | DefRef):
        return None
    verb = "get" if method is HttpMethod.ANY else method.value.lower()
    return f"{cls.dotted}.{verb}"


def _path(pattern: str, handler: Handler | None) -> str:
    """The OpenAPI-style path of a Tornado URL regex: groups become ``{name}``, anchors and escapes go."""
    names = [p.name for p in handler.definition.params[1:]] if handler else []
    text = pattern.removeprefix("^").removesuffix("$")
    out: list[str] = []
    index, group = 0, 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            out.append(text[index + 1])
            index += 2
            continue
        if char == "(" and not text.startswith("(?:", index):
            depth, end = 0, index
            while end < len(text):
                if text[end] == "\\":
                    end += 2
                    continue
                depth += {"(": 1, ")": -1}.get(text[end], 0)
                if depth == 0:
                    break
                end += 1
            named = _NAMED_GROUP.match(text[index:])
            label = named.group(1) if named else (names[group] if group < len(names) else f"arg{group + 1}")
            out.append("{" + label + "}")
            group += 1
            index = end + 1
            continue
        out.append(char)
        index += 1
    path = "".join(out)
    return path if path.startswith("/") else "/" + path

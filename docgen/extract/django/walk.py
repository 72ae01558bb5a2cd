"""The state of a urlconf walk (where it is, what it found) and how its diagnostics name unreadable values."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from docgen.extract.django.paths import Piece
from docgen.link.contract import LinkContext
from docgen.link.evaluate import Const, External, Instance, ModuleRef, Seq, Unknown, Value
from docgen.link.joins import union_conditions
from docgen.link.program import Scope
from docgen.link.routegraph import Edge, Endpoint, Node, RouteGraph
from docgen.model import ApiInfo, Framework, Location
from docgen.model.facts import Expr, Op

FRAMEWORK_URLCONFS = frozenset({"rest_framework.urls"})
"""Urlconfs of frameworks whose routes are not the application's (DRF's login views)."""
ADMIN = "django.contrib.admin."
"""Django's admin: its urls are not listed."""
URL_PATTERNS = frozenset({"django.urls.URLPattern", "django.urls.resolvers.URLPattern"})
"""The class ``path()`` and ``re_path()`` build, which code may also call itself."""
PATTERN_CLASSES = {
    "django.urls.RegexPattern": True,
    "django.urls.resolvers.RegexPattern": True,
    "django.urls.RoutePattern": False,
    "django.urls.resolvers.RoutePattern": False,
}
"""Pattern classes a ``URLPattern`` takes → whether their route is a regex."""


@dataclass(frozen=True, slots=True)
class At:
    """Where the walk is.

    Attributes:
        pieces: The patterns of the include levels above (and, at a view, its own).
        stack: The urlconf modules being walked, outermost first (include cycles are reported).
        expanding: The pattern calls being followed, outermost first: a list that includes
            itself (``urlpatterns = [path("b/", include(urlpatterns))]``) is cut there.
        group: The urls module (or router) whose list the pattern is in.
        location: The ``path()`` call or ``include()`` being followed.
        name: The pattern's ``name=``.
        wrappers: Calls wrapping the view (``login_required(view)``), outermost first, with their scope.
        entry: Below an ``include()`` of a third-party urlconf, that include: the place in the
            analysed code its routes are reported at.
        conditions: Undecided conditions of the ``if`` branches that added the patterns on the way
            to their lists (``if settings.SSO: urlpatterns += [...]``).
    """

    pieces: tuple[Piece, ...]
    stack: tuple[str, ...]
    group: str
    location: Location
    name: str | None = None
    wrappers: tuple[tuple[Expr, Scope], ...] = ()
    entry: Location | None = None
    expanding: tuple[tuple[str, int], ...] = ()
    conditions: tuple[str, ...] = ()


@dataclass(slots=True)
class Found:
    """What one walk from a root urlconf found; published only once the root is known to be one."""

    root: str
    endpoints: list[Endpoint] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    warnings: list[tuple[str, str, Location]] = field(default_factory=list)
    included: set[str] = field(default_factory=set)


def outside_module(value: Const | External) -> str | None:
    """The name of a urlconf outside the analysed code worth a diagnostic (None: the framework's own)."""
    name = value.dotted if isinstance(value, External) else value.value
    if not isinstance(name, str) or name in FRAMEWORK_URLCONFS or name.startswith(ADMIN):
        return None
    return name


def describe_value(value: Value) -> str:
    """A short text for a value that is not a url pattern, for a diagnostic."""
    if isinstance(value, Const):
        return repr(value.value)
    return getattr(value, "dotted", None) or getattr(value, "name", None) or type(value).__name__


def names_app(items: tuple[Value, ...]) -> bool:
    """Whether ``include()``'s tuple is ``(patterns, app_name)``: a known name, or an unknown one after patterns."""
    return isinstance(items[1], Const) or (isinstance(items[1], Unknown) and isinstance(items[0], Seq | ModuleRef))


def direct_pattern(context: LinkContext, item: Instance, scope: Scope) -> tuple[Expr, bool] | None:
    """``URLPattern(RegexPattern(route), view, kwargs, name)`` as the ``re_path()`` it equals, and if it is a regex.

    None unless ``item`` is such a ``URLPattern`` of a ``RegexPattern``/``RoutePattern`` of a known route.
    """
    call, args = item.call, item.call.positional
    if item.cls.dotted not in URL_PATTERNS:
        return None
    pattern_expr = args[0] if args else call.kwarg("pattern")
    pattern = context.evaluator.eval(pattern_expr, scope) if pattern_expr is not None else None
    if not (isinstance(pattern, Instance) and pattern.cls.dotted in PATTERN_CLASSES and pattern.call.positional):
        return None
    route = context.evaluator.eval(pattern.call.positional[0], context.call_scope(pattern))
    if not (isinstance(route, Const) and isinstance(route.value, str)):
        return None
    kwargs = tuple(("view" if key == "callback" else key, value) for key, value in call.kwargs)
    rewritten = Expr(Op.CALL, None, (call.args[0], Expr(Op.STR, route.value), *args[1:]), kwargs, call.line)
    return rewritten, PATTERN_CLASSES[pattern.cls.dotted]


def guarded_items(value: Value, at: At) -> Iterator[tuple[Value, At]]:
    """A pattern list's items (a value not a list: itself), each with its place under the ``if`` that added it."""
    if not isinstance(value, Seq):
        yield value, at
        return
    for index, item in enumerate(value.items):
        guard = value.guard(index)
        yield item, replace(at, conditions=union_conditions(at.conditions, guard)) if guard else at


def publish(context: LinkContext, graph: RouteGraph, found: Found, info: ApiInfo | None) -> None:
    """Add a root urlconf's node (``info``: drf-spectacular's), endpoints, edges and diagnostics."""
    key = f"django:{found.root}"
    location = Location(context.program.modules[found.root].path)
    graph.add_node(Node(key, Framework.DJANGO, True, "/", f"{found.root}:urlpatterns", location, info=info))
    context.frameworks.add(Framework.DJANGO)
    for endpoint in found.endpoints:
        graph.add_endpoint(replace(endpoint, owner=key))
        context.frameworks.add(endpoint.payload.framework)
    for edge in found.edges:
        graph.add_edge(replace(edge, parent=key))
    for code, message, where in found.warnings:  # the same pattern walked once per app of a loop warns once
        context.warn_once(code, message, where)

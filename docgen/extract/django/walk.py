"""The state of a urlconf walk (where it is, what it found) and how its diagnostics name unreadable values."""

from __future__ import annotations

from dataclasses import dataclass, field

from docgen.extract.django.paths import Piece
from docgen.link.evaluate import Const, External, ModuleRef, Seq, Unknown, Value
from docgen.link.program import Scope
from docgen.link.routegraph import Edge, Endpoint
from docgen.model import Location
from docgen.model.facts import Expr

FRAMEWORK_URLCONFS = frozenset({"rest_framework.urls"})
"""Urlconfs of frameworks whose routes are not the application's (DRF's login views)."""
ADMIN = "django.contrib.admin."
"""Django's admin: its urls are not listed."""


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
    """

    pieces: tuple[Piece, ...]
    stack: tuple[str, ...]
    group: str
    location: Location
    name: str | None = None
    wrappers: tuple[tuple[Expr, Scope], ...] = ()
    entry: Location | None = None
    expanding: tuple[tuple[str, int], ...] = ()


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

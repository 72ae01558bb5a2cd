"""What a FastAPI app, router or inclusion gives every route below it.

``include_in_schema=False`` and ``deprecated=True`` of an ``APIRouter`` or of ``include_router``
reach every route below, and their ``responses=`` are merged into each route's (the nearer one
winning a status), as FastAPI applies them.
"""

from __future__ import annotations

from docgen.extract._shared.common import const_at
from docgen.link.contract import LinkContext
from docgen.link.program import Scope
from docgen.link.routegraph import Chain
from docgen.model.facts import Expr


class Inherited:
    """The options of routers and inclusions, by node key or ``(parent, child)`` inclusion."""

    def __init__(self) -> None:
        self._flags: dict[object, set[str]] = {}  # -> "hidden" / "deprecated"
        self._responses: dict[object, tuple[Expr, Scope]] = {}

    def note(self, context: LinkContext, key: object, call: Expr, scope: Scope) -> None:
        """Note the options of the constructor or ``include_router`` call ``call``."""
        if const_at(context, call.kwarg("include_in_schema"), scope) is False:
            self._flags.setdefault(key, set()).add("hidden")
        if const_at(context, call.kwarg("deprecated"), scope) is True:
            self._flags.setdefault(key, set()).add("deprecated")
        responses = call.kwarg("responses")
        if responses is not None:
            self._responses[key] = (responses, scope)

    def flags(self, chain: Chain) -> set[str]:
        """The flags of the routers and inclusions along ``chain``."""
        return set().union(*(self._flags.get(k, set()) for k in _keys(chain)))

    def responses(self, chain: Chain) -> list[tuple[Expr, Scope]]:
        """The ``responses=`` along ``chain``, from the top down (a router before its inclusion below)."""
        return [self._responses[k] for k in _keys(chain) if k in self._responses]


def _keys(chain: Chain) -> list[object]:
    """The routers and the inclusions between them along ``chain``, from the top down."""
    keys: list[object] = []
    for i, node in enumerate(chain.nodes):
        if i:
            keys.append((chain.nodes[i - 1], node))
        keys.append(node)
    return keys

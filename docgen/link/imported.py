"""When a module runs at all: the conditions of the imports that load it.

A module's top-level registrations (``@auth.route(...)`` on a blueprint another module made) run
only when something imports the module. Most modules are imported unconditionally, by another
module's top level or by the function that builds the app. Some are loaded only under a
condition of the configuration::

    class AuthBlueprint(Blueprint):
        def register(self, app, options):
            if app.config["AUTH_PROVIDER"] == "saml2":
                from . import saml

Then every route ``saml`` registers is served only when that condition holds, and says so.

:class:`ImportConditions` gives, per analysed module, the undecided conditions every import of it
runs under. A module counts as conditional only when the analysed code imports it somewhere,
every such import is conditional, and no import of it is unconditional; an import known never to
run (``if TYPE_CHECKING:``) loads nothing. Importing ``a.b.c`` also runs ``a`` and ``a.b``.
Imports from test modules do not count (tests are not the app). A module nobody imports
statically, or that only a loop of imports reaches, is loaded by means docgen does not follow
(entry points, a plug-in loader): it is left unconditional, as before. So is a module a string
of the code names (``uvicorn.run("pkg.main:app")``, ``include("pkg.urls")``, a settings list):
something loads it by that name, whatever its conditional imports say. The conditions of the
importing module carry over (a module imported only by a conditional one is conditional too);
several conditional imports of one module give the disjunction ``(A) or (B)``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import fields, replace

from docgen.link.evaluate import Evaluator
from docgen.link.joins import union_conditions
from docgen.link.program import Program
from docgen.link.routegraph import Edge, Endpoint
from docgen.model.facts import Expr, Import, Op, Stmt
from docgen.moduleid.layout import is_test_module

Conditions = tuple[str, ...]
_BUSY: Conditions = ("<busy>",)
_DOTTED = re.compile(r"^[A-Za-z_]\w*((\.[A-Za-z_]\w*)+(:[\w.]+)?|:[\w.]+)$")


class ImportConditions:
    """The conditions under which each analysed module is imported (empty: always, or unknown)."""

    def __init__(self, program: Program, evaluator: Evaluator) -> None:
        self.program = program
        self.evaluator = evaluator
        self._sites: dict[str, list[tuple[str, Conditions | None]]] | None = None
        self._memo: dict[str, Conditions] = {}
        self._strings: frozenset[str] | None = None
        self._paths = {facts.path: module for module, facts in program.modules.items()}

    def endpoint(self, endpoint: Endpoint) -> Endpoint:
        """``endpoint`` with the conditions under which its module is imported first."""
        found = self.of_path(endpoint.location.path)
        return replace(endpoint, conditions=union_conditions(found, endpoint.conditions)) if found else endpoint

    def edge(self, edge: Edge) -> Edge:
        """``edge`` with the conditions under which its module is imported first."""
        found = self.of_path(edge.location.path)
        return replace(edge, conditions=union_conditions(found, edge.conditions)) if found else edge

    def of_path(self, path: str) -> Conditions:
        """The conditions of the module whose file is ``path``; empty for a file of no analysed module."""
        module = self._paths.get(path)
        return self.of(module) if module is not None else ()

    def of(self, module: str) -> Conditions:
        """The undecided conditions every import of ``module`` runs under; empty when one is unconditional."""
        if module in self._memo:
            return () if self._memo[module] is _BUSY else self._memo[module]
        self._memo[module] = _BUSY  # a loop of imports: treated as unconditional
        found = self._conditions(module)
        self._memo[module] = found
        return found

    def _conditions(self, module: str) -> Conditions:
        sites = self._index().get(module, [])
        alternatives: list[Conditions] = []
        for importer, own in sites:
            if own is None:
                continue  # known never to run
            if self._memo.get(importer) is _BUSY:
                return ()  # reached again through a loop of imports
            combined = tuple(dict.fromkeys((*self.of(importer), *own)))
            if not combined:
                return ()
            alternatives.append(combined)
        unique = list(dict.fromkeys(alternatives))
        if not unique or module in self._named():
            return ()
        if len(unique) == 1:
            return unique[0]
        return (" or ".join(f"({' and '.join(c)})" for c in unique),)

    def _index(self) -> dict[str, list[tuple[str, Conditions | None]]]:
        """Analysed module → (importing module, the import's undecided conditions, None if it never runs)."""
        if self._sites is not None:
            return self._sites
        sites: dict[str, list[tuple[str, Conditions | None]]] = {}
        for scope, stmt in self.program.walk():
            if not isinstance(stmt, Import) or is_test_module(scope.module):
                continue
            own: Conditions | None = ()
            if stmt.guard:
                if self.evaluator.failing(stmt, scope) is not None:
                    own = None
                else:
                    own = self.evaluator.written_conditions(stmt, scope)
            for target in self._loaded(stmt):
                if target != scope.module:
                    sites.setdefault(target, []).append((scope.module, own))
        self._sites = sites
        return sites

    def _named(self) -> frozenset[str]:
        """Analysed modules a string of the code names (``"pkg.main:app"``, ``"pkg.urls"``): loaded by name."""
        if self._strings is None:
            named: set[str] = set()
            for _scope, stmt in self.program.walk():
                for text in _strings(stmt):
                    if _DOTTED.match(text):
                        parts = text.partition(":")[0].split(".")
                        named.update(".".join(parts[:i]) for i in range(1, len(parts) + 1))
            self._strings = frozenset(named & self.program.modules.keys())
        return self._strings

    def _loaded(self, stmt: Import) -> list[str]:
        """The analysed modules an import statement runs: the module, its packages, an imported submodule."""
        dotted = [stmt.module]
        if stmt.name and stmt.name != "*":
            dotted.append(f"{stmt.module}.{stmt.name}")
        out: list[str] = []
        for name in dotted:
            parts = name.split(".")
            out.extend(".".join(parts[:i]) for i in range(1, len(parts) + 1))
        return [m for m in dict.fromkeys(out) if m in self.program.modules]


def _strings(stmt: Stmt) -> Iterator[str]:
    """The string constants of a statement's own expressions (not of the bodies inside it)."""
    stack: list[object] = [getattr(stmt, f.name) for f in fields(stmt)]
    while stack:
        item = stack.pop()
        if isinstance(item, Expr):
            if item.op is Op.STR and isinstance(item.value, str):
                yield item.value
            stack.extend(item.args)
            stack.extend(value for _key, value in item.kwargs)
        elif isinstance(item, tuple):
            stack.extend(i for i in item if isinstance(i, Expr | tuple))

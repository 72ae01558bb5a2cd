"""Plug-in hooks: the analysed functions pluggy runs for a ``<manager>.hook.<name>(...)`` call.

An application built on pluggy calls ``pluginmanager.hook.configure(config=..., app=...)`` and
every registered plug-in's ``@hookimpl def configure(config, app)`` runs with those keyword
arguments: routes are often registered there. Which plug-ins are registered is only known at run
time, so every module-level function of the analysed code named like the hook and decorated with
a ``pluggy.HookimplMarker`` instance (``@hookimpl``, ``@hookimpl(tryfirst=True)``) counts as one.
"""

from __future__ import annotations

from docgen.link.evaluate import Evaluator
from docgen.link.program import Program, Scope
from docgen.link.values import External, Instance
from docgen.model.facts import Expr, FunctionDef, Op

MARKERS = frozenset({"pluggy.HookimplMarker", "pluggy._hooks.HookimplMarker"})
"""The classes whose instances mark hook implementations."""


class HookImplementations:
    """Hook implementations of the analysed modules, by hook name (found on first use)."""

    def __init__(self, program: Program, evaluator: Evaluator) -> None:
        self.program, self.evaluator = program, evaluator
        self._by_name: dict[str, list[str]] | None = None

    def called_by(self, call: Expr) -> list[str]:
        """The dotted names of the implementations a ``<anything>.hook.<name>(...)`` call runs."""
        callee = call.args[0] if call.op is Op.CALL and call.args else None
        if callee is None or callee.op is not Op.ATTR or not isinstance(callee.value, str):
            return []
        relay = callee.args[0]
        if relay.op is not Op.ATTR or relay.value != "hook":
            return []
        return self._index().get(callee.value, [])

    def _index(self) -> dict[str, list[str]]:
        if self._by_name is None:
            found: dict[str, list[str]] = {}
            for module in sorted(self.program.modules):
                scope = self.program.module_scope(module)
                for stmt in scope.statements:
                    if isinstance(stmt, FunctionDef) and any(self._marks(d, scope) for d in stmt.decorators):
                        found.setdefault(stmt.name, []).append(f"{module}.{stmt.qualname}")
            self._by_name = found
        return self._by_name

    def _marks(self, decorator: Expr, scope: Scope) -> bool:
        marker = decorator.args[0] if decorator.op is Op.CALL else decorator
        if marker.op not in (Op.NAME, Op.ATTR):
            return False
        value = self.evaluator.eval(marker, scope)
        return isinstance(value, Instance) and isinstance(value.cls, External) and value.cls.dotted in MARKERS

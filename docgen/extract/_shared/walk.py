"""The statements route extractors read registrations from: the program walk, loops expanded, tests left out.

Registrations are often made in loops over tables of routes (``for path, resource in ROUTES:
app.add_route(path, resource)``), nested ones too, and in helpers called with an application
object. :func:`registration_walk` gives every statement of :meth:`LinkContext.walk` (which walks
such helpers again with their arguments bound, those called inside functions too), each
statement of a loop whose body calls one of the ``relevant`` methods once per element of the
sequence it walks, with the loop's names fixed. Test modules build test apps, not the product:
they are left out.
"""

from __future__ import annotations

from collections.abc import Iterator

from docgen.link.contract import LinkContext
from docgen.link.program import Scope
from docgen.model.facts import Expr, For, Op, Stmt

_TEST_PARTS = frozenset({"test", "tests", "testing", "conftest"})


def is_test_module(module: str) -> bool:
    """Whether a module is test code (``tests`` packages, ``test_*.py``, ``*_test.py``, conftest)."""
    parts = module.split(".")
    return any(p in _TEST_PARTS for p in parts) or parts[-1].startswith("test_") or parts[-1].endswith("_test")


def registration_walk(
    context: LinkContext, relevant: frozenset[str], libraries_importing: frozenset[str] = frozenset()
) -> Iterator[tuple[Scope, Stmt]]:
    """Every statement outside test modules, those of loops calling a ``relevant`` method once per element."""
    pending: dict[int, list[Scope]] = {}  # a loop's body statements → the scopes they are seen in
    for scope, stmt in context.walk(libraries_importing=libraries_importing, in_functions=True):
        if is_test_module(scope.module):
            continue
        scopes = pending.pop(id(stmt), [scope])  # none: a loop over an empty sequence
        if isinstance(stmt, For):
            inner = [s for outer in scopes for s in _loop_scopes(context, stmt, outer, relevant)]
            for child in stmt.body:
                pending[id(child)] = inner
        for each in scopes:
            yield each, stmt


def _loop_scopes(context: LinkContext, loop: For, scope: Scope, relevant: frozenset[str]) -> list[Scope]:
    if not _calls_any(loop.body, relevant):
        return [scope]
    return context.evaluator.loop_scopes(loop, scope)


def _calls_any(body: tuple[Stmt, ...], names: frozenset[str]) -> bool:
    for stmt in body:
        if isinstance(stmt, For) and _calls_any(stmt.body, names):
            return True
        value = getattr(stmt, "value", None)
        if isinstance(value, Expr) and value.op is Op.CALL and _callee_name(value) in names:
            return True
    return False


def _callee_name(call: Expr) -> str:
    callee = call.args[0]
    return str(callee.value) if callee.op in (Op.NAME, Op.ATTR) else ""

"""docgen's security rules (DG402, DG404-DG411): each finding rated with a severity and a CWE.

The rules are decided from the per-file facts alone (:mod:`docgen.check.sinks` has the call
sinks); test code (a ``tests``/``test`` folder, ``test_*.py``, ``*_test.py``, ``conftest.py``)
is not checked. Settings rules look at the unconditional top-level assignments of a settings
module (a module named ``settings``, ``settings_*``, ``*_settings``, or inside a ``settings``
package), never at test settings (a name holding ``test``):

- DG406 ``DEBUG = True``; a computed value (``os.getenv(...) == "1"``) is not reported.
- DG407 ``ALLOWED_HOSTS`` holding ``"*"``.
- DG408 ``SECRET_KEY`` bound to a non-empty string literal.
- DG409 ``CORS_ALLOW_ALL_ORIGINS``/``CORS_ORIGIN_ALLOW_ALL = True`` with ``CORS_ALLOW_CREDENTIALS = True``.

DG410 reports ``csrf_exempt`` on a view (as a decorator, through ``method_decorator``, or called
on a view) unless the view answers only safe methods (its routes are all GET/HEAD/OPTIONS, it is
decorated ``require_GET``/``require_safe``, or a class view defines only ``get``/``head``/``options``)
or is a webhook (:data:`WEBHOOK_WORDS` in its name), which no browser session calls.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import PurePosixPath

from docgen.check.helpers import Helpers, definitions
from docgen.check.sinks import Hit, is_wildcard, sink_hits
from docgen.check.strings import Scope, module_constants, statement_exprs
from docgen.diagnostics import Code
from docgen.enrich.bandit import words_of
from docgen.link.contract import LinkContext
from docgen.link.program import calls_in
from docgen.link.unparse import unparse
from docgen.model import Finding, FindingSource, Location, Route, SecuritySeverity, Severity
from docgen.model.facts import Assign, ClassDef, Expr, ExprStmt, For, FunctionDef, Import, ModuleFacts, Op, Stmt

_H, _M, _L = SecuritySeverity.HIGH, SecuritySeverity.MEDIUM, SecuritySeverity.LOW

RATINGS: dict[str, tuple[SecuritySeverity, int]] = {
    Code.UNAUTHENTICATED_WRITE: (_M, 306),
    Code.SQL_INJECTION: (_H, 89),
    Code.UNSAFE_MARKUP: (_M, 79),
    Code.DEBUG_ENABLED: (_M, 489),
    Code.ANY_HOST: (_M, 346),
    Code.SECRET_KEY_COMMITTED: (_H, 798),
    Code.CORS_CREDENTIALS: (_H, 942),
    Code.CSRF_EXEMPT: (_M, 352),
    Code.JWT_UNVERIFIED: (_H, 347),
}
"""docgen's security rule → (severity, CWE number)."""

SAFE_ONLY_DECORATORS = frozenset({"require_GET", "require_safe"})
"""Django decorators that refuse every method but the safe ones."""

SAFE_HANDLERS = frozenset({"get", "head", "options"})
"""Methods of a class view that answer safe HTTP methods."""

_CORS_ALL = ("CORS_ALLOW_ALL_ORIGINS", "CORS_ORIGIN_ALLOW_ALL")


def security_finding(code: str, message: str, location: Location) -> Finding:
    """A finding of docgen's security rule ``code``, rated from :data:`RATINGS`."""
    security, cwe = RATINGS[code]
    severity = Severity.ERROR if security is _H else Severity.WARNING
    return Finding(code, message, location, FindingSource.DOCGEN, severity, security_severity=security, cwe=cwe)


def security_findings(context: LinkContext, routes: Iterable[Route]) -> Iterator[Finding]:
    """DG404-DG411 over every analysed module that is not test code."""
    methods: dict[str, set[str]] = {}
    for route in routes:
        for handler in {route.handler, route.implementation} - {None}:
            methods.setdefault(str(handler), set()).add(route.method.value)
    for name in sorted(context.program.modules):
        facts = context.program.modules[name]
        if is_test_code(facts.path):
            continue
        hits = [*_module_hits(facts, methods)]
        if is_settings_module(name):
            hits += _settings_hits(facts.body)
        for hit in sorted(set(hits), key=lambda h: (h.line, h.code, h.message)):
            yield security_finding(hit.code, hit.message, context.location(name, hit.line))


def is_test_code(path: str) -> bool:
    """Whether the file at ``path`` is test code."""
    pure = PurePosixPath(path)
    return (
        bool({"tests", "test"} & set(pure.parts[:-1]))
        or pure.name.startswith("test_")
        or pure.name.endswith("_test.py")
        or pure.name == "conftest.py"
    )


def is_settings_module(module: str) -> bool:
    """Whether ``module`` is a settings module that is not a test one."""
    parts = module.split(".")
    if any("test" in part.lower() for part in parts):
        return False
    last = parts[-1]
    return "settings" in parts[:-1] or last == "settings" or last.startswith("settings_") or last.endswith("_settings")


def _module_hits(facts: ModuleFacts, methods: dict[str, set[str]]) -> Iterator[Hit]:
    imports = {s.alias: s for s in facts.body if isinstance(s, Import)}
    constants = module_constants(facts.body)
    helpers = Helpers(constants, definitions(facts.body), {})
    yield from _body_hits(facts.module, facts.body, Scope(constants, helpers=helpers), imports, methods)


def _body_hits(
    module: str, body: tuple[Stmt, ...], scope: Scope, imports: dict[str, Import], methods: dict[str, set[str]]
) -> Iterator[Hit]:
    """The sink and CSRF rules over one body, in statement order; nested definitions get scopes of their own."""
    for stmt in body:
        for expr in statement_exprs(stmt):
            for call in calls_in(expr):
                yield from sink_hits(call, scope, imports)
                if _is_csrf_exempt(call.callee) and call.positional and not _is_webhook(unparse(call.positional[0])):
                    yield Hit(Code.CSRF_EXEMPT, "csrf_exempt turns off CSRF protection of this view", call.line)
        if isinstance(stmt, Assign):
            scope.assign(stmt)
        elif isinstance(stmt, ExprStmt) and stmt.value.op is Op.CALL:
            scope.mutate(stmt.value)
        elif isinstance(stmt, For):
            yield from _body_hits(module, stmt.body, scope, imports, methods)
        elif isinstance(stmt, FunctionDef | ClassDef):
            if _csrf_exempt_view(stmt, methods.get(f"{module}.{stmt.qualname}", set())):
                yield Hit(Code.CSRF_EXEMPT, f"csrf_exempt turns off CSRF protection of {stmt.qualname}", stmt.line)
            helpers = scope.helpers
            if isinstance(stmt, ClassDef) and isinstance(helpers, Helpers):  # self.helper(...) in its methods
                helpers = replace(helpers, methods=definitions(stmt.body))
            inner = Scope(scope.constants, helpers=helpers)
            yield from _body_hits(module, stmt.body, inner, imports, methods)


def _is_csrf_exempt(expr: Expr | None) -> bool:
    return expr is not None and expr.op in {Op.NAME, Op.ATTR} and expr.value == "csrf_exempt"


def _decorator_names(node: FunctionDef | ClassDef) -> set[str]:
    """The last names of the decorators, and of the decorators ``method_decorator(...)`` applies."""
    names: set[str] = set()
    for decorator in node.decorators:
        target = decorator.callee if decorator.op is Op.CALL else decorator
        if target is not None and target.op in {Op.NAME, Op.ATTR}:
            names.add(str(target.value))
            if target.value == "method_decorator" and decorator.positional:
                applied = decorator.positional[0]
                applied = applied.args[0] if applied.op in {Op.LIST, Op.TUPLE} and applied.args else applied
                if applied.op in {Op.NAME, Op.ATTR}:
                    names.add(str(applied.value))
    return names


WEBHOOK_WORDS = frozenset({"webhook", "webhooks", "hook", "hooks", "ipn"})
"""Words of a view's name that say another service calls it (a webhook, a payment notification):
it gets no browser session, so there is no CSRF to protect it from (it checks a signature instead)."""


def _is_webhook(name: str) -> bool:
    return not WEBHOOK_WORDS.isdisjoint(words_of(name))


def _csrf_exempt_view(node: FunctionDef | ClassDef, methods: set[str]) -> bool:
    names = _decorator_names(node)
    if "csrf_exempt" not in names or names & SAFE_ONLY_DECORATORS or _is_webhook(node.name):
        return False
    if methods and methods <= {"GET", "HEAD", "OPTIONS"}:
        return False
    if isinstance(node, ClassDef):
        handlers = {s.name for s in node.body if isinstance(s, FunctionDef)} & {
            "get",
            "head",
            "options",
            "post",
            "put",
            "patch",
            "delete",
            "dispatch",
            "create",
            "update",
            "destroy",
        }
        return not (handlers and handlers <= SAFE_HANDLERS)
    return True


def _settings_hits(body: tuple[Stmt, ...]) -> Iterator[Hit]:
    values: dict[str, tuple[Expr, int]] = {}
    for stmt in body:
        if isinstance(stmt, Assign) and stmt.op == "=" and not stmt.guard and stmt.value is not None:
            for target in stmt.targets:
                if target.op is Op.NAME:
                    values[str(target.value)] = (stmt.value, stmt.line)
    if _is_true(values.get("DEBUG")):
        yield Hit(Code.DEBUG_ENABLED, "DEBUG = True in a settings module", values["DEBUG"][1])
    hosts = values.get("ALLOWED_HOSTS")
    if hosts is not None and hosts[0].op is not Op.STR and is_wildcard(hosts[0]):
        yield Hit(Code.ANY_HOST, "ALLOWED_HOSTS accepts every host ('*')", hosts[1])
    key = values.get("SECRET_KEY")
    if key is not None and key[0].op is Op.STR and key[0].value:
        yield Hit(Code.SECRET_KEY_COMMITTED, "SECRET_KEY is a literal committed with the code", key[1])
    for name in _CORS_ALL:
        if _is_true(values.get(name)) and _is_true(values.get("CORS_ALLOW_CREDENTIALS")):
            yield Hit(Code.CORS_CREDENTIALS, f"{name} together with CORS_ALLOW_CREDENTIALS", values[name][1])


def _is_true(found: tuple[Expr, int] | None) -> bool:
    return found is not None and found[0].op is Op.CONST and found[0].value is True

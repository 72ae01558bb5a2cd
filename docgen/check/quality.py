"""docgen's own checks of the analysed code, and its docstring coverage.

Rules (their one-line meanings are in :data:`docgen.diagnostics.CODES`):

- DG101 undocumented route (no summary), DG102 undocumented model, DG103 undocumented model
  field (opt-in: only reported when selected, see :mod:`docgen.check.selection`), DG104 undocumented
  public class, function or method, DG105 undocumented public module. They fire exactly on the
  items docstring coverage counts as undocumented (:mod:`docgen.check.coverage`), so a class that
  is a model is reported once, as a model, and a route handler once per route.
- DG201 a docstring documents a parameter the signature does not have (not reported when the
  function takes ``**kwargs``, which may accept it); DG202 a parameter is left undocumented, only
  when the docstring documents some parameters (as pydoclint), never for ``self``/``cls``,
  ``*args`` or ``**kwargs``; DG203 a docstring documents a return value of a function annotated
  ``-> None``. They look at module-level functions and methods (not nested functions); overloads
  are skipped.
- DG402 a route declared for a state-changing method (POST, PUT, PATCH, DELETE) has no
  authentication. Views taking every method (``ANY``: Django function views, static files,
  health checks) are not reported: nothing says they change state, and on a Django codebase
  they would bury the routes that do. Endpoints that hand out credentials (by handler name, last
  path segment or view class) are public by necessity and not reported, nor routes whose handler
  shows an access check docgen does not read (both in :mod:`docgen.check.access`).
- DG404-DG411: the security rules of :mod:`docgen.check.security`.

A ``# docgen: ignore[CODE, ...]`` comment on the line a finding reports (the ``def`` or
``class`` line, a field's line, line 1 for a module) suppresses it; a bare ``# docgen: ignore``
suppresses every docgen code there, and a code prefix (``DG1``) suppresses the codes it starts.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from docgen.check.access import (
    access_middleware,
    changes_nothing_of_others,
    is_credential_endpoint,
    unread_access_check,
)
from docgen.check.coverage import Item, coverage_items, measure
from docgen.check.security import security_finding, security_findings
from docgen.diagnostics import Code
from docgen.link.contract import LinkContext
from docgen.model import (
    Coverage,
    CoverageKind,
    Finding,
    FindingSource,
    HttpMethod,
    Location,
    Model,
    Module,
    Route,
    Symbol,
)
from docgen.model.facts import ClassDef, Expr, FunctionDef, ModuleFacts, Op, Stmt
from docgen.reference.docstrings import parse_docstring

CONFIG_CLASSES = frozenset({"Meta", "Config", "Settings"})
"""Names of nested classes that configure their enclosing class (Django, DRF, Pydantic v1, Beanie)."""

_UNDOCUMENTED = {
    CoverageKind.ROUTE: (Code.UNDOCUMENTED_ROUTE, "undocumented route {}"),
    CoverageKind.MODEL: (Code.UNDOCUMENTED_MODEL, "undocumented model {}"),
    CoverageKind.FIELD: (Code.UNDOCUMENTED_FIELD, "undocumented model field {}"),
    CoverageKind.CLASS: (Code.UNDOCUMENTED_SYMBOL, "undocumented public class {}"),
    CoverageKind.FUNCTION: (Code.UNDOCUMENTED_SYMBOL, "undocumented public function {}"),
    CoverageKind.METHOD: (Code.UNDOCUMENTED_SYMBOL, "undocumented public method {}"),
    CoverageKind.MODULE: (Code.UNDOCUMENTED_MODULE, "undocumented public module {}"),
}


@dataclass(frozen=True, slots=True)
class Assessment:
    """What docgen's own checks found.

    Attributes:
        findings: Findings not suppressed inline, sorted by location then code.
        coverage: Docstring coverage.
    """

    findings: tuple[Finding, ...]
    coverage: Coverage


@dataclass(frozen=True, slots=True)
class _Definition:
    id: str
    module: str
    node: FunctionDef | ClassDef
    in_class: bool


def assess(
    context: LinkContext,
    modules: tuple[Module, ...],
    symbols: tuple[Symbol, ...],
    routes: tuple[Route, ...],
    models: Iterable[Model],
    *,
    facts: Mapping[str, ModuleFacts] | None = None,
    security: Sequence[Finding] | None = None,
) -> Assessment:
    """Measure docstring coverage and run docgen's own rules over the linked program.

    ``facts`` are the modules' facts by name (default: the program's), ``security`` the findings
    of :func:`~docgen.check.security.security_findings` when they are known already.
    """
    facts = context.program.modules if facts is None else facts
    definitions = list(_definitions(facts))
    skip = {(d.id, d.node.line) for d in definitions if _uncounted(d)}
    own = [r for r in routes if not context.program.third_party(r)]  # third-party docstrings: not the user's
    items = coverage_items(modules, symbols, own, models, skip)
    findings = [
        *_undocumented(items),
        *_mismatches(context, definitions),
        *_unauthenticated(context, routes),
        *(security_findings(context, routes) if security is None else security),
    ]
    kept = _unsuppressed(findings, facts)
    kept.sort(key=lambda f: (f.location.path, f.location.line, f.code, f.message))
    return Assessment(tuple(kept), measure(items, modules))


def _finding(code: str, message: str, location: Location) -> Finding:
    return Finding(code=code, message=message, location=location, source=FindingSource.DOCGEN)


def _undocumented(items: Iterable[Item]) -> Iterator[Finding]:
    for item in items:
        if not item.documented:
            code, template = _UNDOCUMENTED[item.kind]
            yield _finding(code, template.format(item.name), item.location)


def _unauthenticated(context: LinkContext, routes: Iterable[Route]) -> Iterator[Finding]:
    middleware = access_middleware(context)
    for route in routes:
        declared = route.method.changes_state and route.method is not HttpMethod.ANY
        if (
            declared
            and not route.auth
            and not is_credential_endpoint(context, route)
            and not changes_nothing_of_others(context, route)
            and not unread_access_check(context, route, middleware)
        ):
            yield security_finding(
                Code.UNAUTHENTICATED_WRITE,
                f"{route.method} {route.path} changes state without authentication",
                route.location,
            )


def _definitions(modules: Mapping[str, ModuleFacts]) -> Iterator[_Definition]:
    """Functions and classes outside function bodies, as collect_symbols lists them."""

    def walk(module: str, body: tuple[Stmt, ...], in_class: bool) -> Iterator[_Definition]:
        for stmt in body:
            if isinstance(stmt, FunctionDef | ClassDef):
                yield _Definition(f"{module}.{stmt.qualname}", module, stmt, in_class)
            if isinstance(stmt, ClassDef):
                yield from walk(module, stmt.body, in_class=True)

    for name in sorted(modules):
        yield from walk(name, modules[name].body, in_class=False)


def _uncounted(definition: _Definition) -> bool:
    """Overloads, property setters/deleters and nested configuration classes."""
    node = definition.node
    if isinstance(node, ClassDef):
        return definition.in_class and node.name in CONFIG_CLASSES
    return _is_overload(node) or any(d.op is Op.ATTR and d.value in {"setter", "deleter"} for d in node.decorators)


def _is_overload(node: FunctionDef) -> bool:
    return any(_last_name(d) == "overload" for d in node.decorators)


def _last_name(expr: Expr) -> str | None:
    """``overload`` for ``overload``, ``typing.overload`` and ``t.overload``; None for calls and others."""
    return str(expr.value) if expr.op in {Op.NAME, Op.ATTR} else None


def _mismatches(context: LinkContext, definitions: Iterable[_Definition]) -> Iterator[Finding]:
    """DG201, DG202 and DG203 for every documented function and method."""
    for d in definitions:
        node = d.node
        if not isinstance(node, FunctionDef) or _is_overload(node):
            continue
        doc = parse_docstring(node.docstring, context.docstring_style)
        if doc is None:
            continue
        location = context.location(d.module, node.line, node.end_line)
        documented = [n.strip().lstrip("*") for p in doc.params for n in p.name.split(",") if n.strip()]
        for code, message in (*_parameter_problems(node, documented, d.in_class), *_return_problems(node, doc.returns)):
            yield _finding(code, message, location)


def _parameter_problems(node: FunctionDef, documented: list[str], in_class: bool) -> Iterator[tuple[str, str]]:
    names = {p.name for p in node.params}
    if not any(p.kind == "var_keyword" for p in node.params):
        for name in dict.fromkeys(documented):
            if name not in names:
                yield (
                    Code.EXTRA_DOCUMENTED_PARAM,
                    f"docstring of {node.qualname} documents '{name}', which is not a parameter",
                )
    if documented:
        for name in _expected(node, in_class):
            if name not in documented:
                yield Code.UNDOCUMENTED_PARAM, f"parameter '{name}' of {node.qualname} is not documented"


def _return_problems(node: FunctionDef, returns: str) -> Iterator[tuple[str, str]]:
    annotation = node.returns
    returns_none = annotation is not None and annotation.op is Op.CONST and annotation.value is None
    if returns_none and returns and returns.strip().rstrip(".") != "None":
        yield (
            Code.RETURN_OF_NONE_DOCUMENTED,
            f"docstring of {node.qualname} documents a return value, but it returns None",
        )


def _expected(node: FunctionDef, in_class: bool) -> list[str]:
    """The parameters a docstring that documents parameters should document."""
    params = [p for p in node.params if p.kind not in {"var_positional", "var_keyword"}]
    bound = in_class and not any(_last_name(d) == "staticmethod" for d in node.decorators)
    if bound and node.params and node.params[0].kind in {"positional_only", "positional"}:
        params = [p for p in params if p is not node.params[0]]
    return [p.name for p in params]


def _unsuppressed(findings: Iterable[Finding], modules: Mapping[str, ModuleFacts]) -> list[Finding]:
    """Drop findings a ``# docgen: ignore[...]`` comment on their line suppresses."""
    by_path: dict[str, dict[int, tuple[str, ...]]] = {}
    for facts in modules.values():
        if facts.suppressions:
            by_path[facts.path] = {s.line: s.codes for s in facts.suppressions}
    kept = []
    for finding in findings:
        codes = by_path.get(finding.location.path, {}).get(finding.location.line)
        if codes is None or (codes and not any(finding.code.startswith(c) for c in codes)):
            kept.append(finding)
    return kept

"""The whole-program index: modules, their scopes and bindings, and name resolution across imports."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from docgen.model.facts import (
    Assign,
    ClassDef,
    Expr,
    ExprStmt,
    For,
    FunctionDef,
    Import,
    ModuleFacts,
    Op,
    Return,
    Stmt,
)
from docgen.moduleid import ModuleNames
from docgen.moduleid.vendored import framework_name, vendor_of

if TYPE_CHECKING:
    from docgen.link.libraries import Libraries
    from docgen.model import Route

Definition = FunctionDef | ClassDef
Keep = Callable[["Scope", Stmt], bool]
"""Whether a walk keeps a statement (and the bodies inside it)."""


@dataclass(slots=True)
class Scope:
    """A namespace: a module, a class body or a function body.

    Attributes:
        module: Dotted module name.
        qualname: Qualified name of the function or class owning the scope ("" for the module).
        statements: The scope's statements in source order.
        parent: The enclosing function or module scope (class scopes are skipped, as in Python).
        is_class: Whether this is a class body.
        bindings: Name → statements binding it, in source order.
        overrides: Names bound to fixed values (loop variables during a loop's expansion).
    """

    module: str
    qualname: str
    statements: tuple[Stmt, ...]
    parent: Scope | None = None
    is_class: bool = False
    bindings: dict[str, list[Stmt]] = field(default_factory=dict)
    overrides: dict[str, object] = field(default_factory=dict)
    params: dict[str, Expr | None] = field(default_factory=dict)
    tag: str = ""

    @property
    def key(self) -> str:
        """``module:qualname`` identifying the scope (plus a tag for a call's own bindings)."""
        return f"{self.module}:{self.qualname}{self.tag}"

    def prefix(self) -> str:
        """Qualname prefix for names defined in this scope."""
        if not self.qualname:
            return ""
        return f"{self.qualname}." if self.is_class else f"{self.qualname}.<locals>."

    def child(self, overrides: dict[str, object], tag: str) -> Scope:
        """The same scope with some names fixed (a loop's variable, a call's arguments)."""
        return Scope(
            self.module,
            self.qualname,
            self.statements,
            self.parent,
            self.is_class,
            self.bindings,
            {**self.overrides, **overrides},
            self.params,
            self.tag + tag,
        )


def _bind(scope: Scope) -> Scope:
    for stmt in flat_statements(scope.statements):
        for name in bound_names(stmt):
            scope.bindings.setdefault(name, []).append(stmt)
    return scope


def flat_statements(statements: tuple[Stmt, ...]) -> Iterator[Stmt]:
    """The statements and those of the loop bodies among them (not of nested definitions), in source order."""
    for stmt in statements:
        yield stmt
        if isinstance(stmt, For):
            yield from flat_statements(stmt.body)


def bound_names(stmt: Stmt) -> list[str]:
    """The names an import, definition or assignment binds in its scope."""
    if isinstance(stmt, Import):
        return [stmt.alias] if stmt.name != "*" else []
    if isinstance(stmt, FunctionDef | ClassDef):
        return [stmt.name]
    if isinstance(stmt, Assign):
        return [n for t in stmt.targets for n in _target_names(t)]
    return []


def _target_names(target: Expr) -> list[str]:
    if target.op is Op.NAME and isinstance(target.value, str):
        return [target.value]
    if target.op in (Op.TUPLE, Op.LIST):
        return [n for t in target.args for n in _target_names(t)]
    return []


class Program:
    """Every analysed module, indexed for lookups by module, qualname and name.

    Third-party modules (see :mod:`docgen.link.libraries`) join on first use, for resolution
    only: ``modules``, ``definitions`` and :meth:`walk` cover the analysed code alone, while
    :meth:`facts`, :meth:`has_module` and :meth:`definition` also see loaded library modules.

    A framework the tree vendors (``vendored``: package → framework, see
    :mod:`docgen.moduleid.vendored`) is the framework: :meth:`canonical` gives its modules the
    framework's names, which are external, and its own modules are left out of ``modules`` (so
    out of every walk, like a library's); :meth:`facts` still gives them, for the code reference.
    """

    def __init__(
        self,
        facts: list[ModuleFacts],
        libraries: Libraries | None = None,
        names: ModuleNames | None = None,
        vendored: dict[str, str] | None = None,
    ) -> None:
        self.vendored = vendored or {}
        self.modules: dict[str, ModuleFacts] = {}
        self.vendored_modules: dict[str, ModuleFacts] = {}
        for f in facts:
            into = self.vendored_modules if self.vendored and vendor_of(f.module, self.vendored) else self.modules
            into.setdefault(f.module, f)
        self.names = names or ModuleNames()
        self.libraries = libraries
        self._library_modules: dict[str, ModuleFacts | None] = {}
        self._scopes: dict[str, Scope] = {}
        self.definitions: dict[str, Definition] = {}
        self._library_definitions: dict[str, Definition] = {}
        self._definition_scopes: dict[str, Scope] = {}
        self._analysed_paths = frozenset(f.path for f in self.modules.values())
        for module in self.modules.values():
            self._index(self.module_scope(module.module), self.definitions)
        for module in self.vendored_modules.values():  # their scopes only: no name leads to their definitions
            self._index(self.module_scope(module.module), {})

    def _index(self, scope: Scope, into: dict[str, Definition]) -> None:
        for stmt in flat_statements(scope.statements):
            if isinstance(stmt, FunctionDef | ClassDef):
                key = f"{scope.module}.{stmt.qualname}"
                into.setdefault(key, stmt)
                self._definition_scopes.setdefault(key, scope)
                inner = self.scope_of(scope.module, stmt, scope)
                self._index(inner, into)

    def facts(self, module: str) -> ModuleFacts | None:
        """The facts of an analysed module, or of a library module (loaded now if need be)."""
        found = self.modules.get(module) or self.vendored_modules.get(module)
        if found is not None or self.libraries is None:
            return found
        if module not in self._library_modules:
            loaded = self.libraries.load(module)
            self._library_modules[module] = loaded
            if loaded is not None:
                self._index(self.module_scope(module), self._library_definitions)
        return self._library_modules[module]

    def canonical(self, module: str) -> str:
        """The name docgen gave the file ``module`` names (``label_studio.core.utils`` → ``core.utils``).

        The tree may import a file by another name than docgen's, from another import root
        (see :class:`~docgen.moduleid.ModuleNames`): a Django project root inside the
        ``label_studio`` package is imported both as ``core.utils`` and as ``label_studio.core.utils``.
        A module of a vendored framework has the framework's name (``cornice.service``).
        """
        name = module if module in self.modules else self.names.resolve(module)
        return framework_name(name, self.vendored) if self.vendored else name

    def has_module(self, module: str) -> bool:
        """Whether ``module`` is analysed or can be read from a library."""
        return self.facts(module) is not None

    def is_library(self, module: str) -> bool:
        """Whether ``module`` was loaded from a library rather than analysed."""
        return module not in self.modules and self._library_modules.get(module) is not None

    def third_party(self, route: Route) -> bool:
        """Whether a route is defined by library code: its handler, or the router or urlconf holding it."""
        return self.in_library(route.handler) or self.is_library(route.group.partition(":")[0])

    def in_library(self, dotted: str | None) -> bool:
        """Whether the name ``module.qualname`` is defined in a loaded library module."""
        found = self.split(dotted) if dotted else None
        return found is not None and self.is_library(found[0])

    def definition(self, dotted: str) -> Definition | None:
        """The function or class ``module.qualname``, analysed or from a loaded library module."""
        return self.definitions.get(dotted) or self._library_definitions.get(dotted)

    def module_scope(self, module: str) -> Scope:
        """The module-level scope of ``module`` (which must be analysed or loaded)."""
        if module not in self._scopes:
            facts = self.facts(module)  # loading a library module binds its scope already
            if facts is None:
                raise KeyError(module)
            if module not in self._scopes:
                self._scopes[module] = _bind(Scope(module, "", facts.body))
        return self._scopes[module]

    def scope_of(self, module: str, definition: Definition, enclosing: Scope) -> Scope:
        """The body scope of a function or class defined in ``enclosing``."""
        key = f"{module}:{definition.qualname}"
        scope = self._scopes.get(key)
        if scope is None:
            parent = enclosing.parent if enclosing.is_class else enclosing
            scope = _bind(Scope(module, definition.qualname, definition.body, parent, isinstance(definition, ClassDef)))
            if isinstance(definition, FunctionDef):
                scope.params = {p.name: p.default for p in definition.params}
            self._scopes[key] = scope
        return scope

    def defining_scope(self, dotted: str) -> Scope | None:
        """The scope in which the definition ``module.qualname`` appears."""
        return self._definition_scopes.get(dotted)

    def body_scope(self, dotted: str) -> Scope | None:
        """The body scope of the definition ``module.qualname``."""
        definition = self.definition(dotted)
        enclosing = self._definition_scopes.get(dotted)
        if definition is None or enclosing is None:
            return None
        return self.scope_of(enclosing.module, definition, enclosing)

    def split(self, dotted: str) -> tuple[str, str] | None:
        """Split ``a.b.C.f`` into an analysed or loaded module and the qualname inside it."""
        parts = dotted.split(".")
        for i in range(len(parts) - 1, 0, -1):
            module = ".".join(parts[:i])
            if module in self.modules or self._library_modules.get(module) is not None:
                return module, ".".join(parts[i:])
        return None

    def walk(
        self, *, libraries_importing: frozenset[str] = frozenset(), keep: Keep | None = None
    ) -> Iterator[tuple[Scope, Stmt]]:
        """Every statement of every module, class and function body, with its scope.

        Statements inside loops are yielded once, with the loop variable unbound; extractors
        that care about loops expand them through the evaluator.

        ``libraries_importing`` adds, after the analysed modules, the library modules loaded so
        far or while walking that import one of those top-level packages (a third-party router
        factory importing ``fastapi``): route extractors register what they build, and only
        chains from an analysed application keep it. Other library code is never walked.

        ``keep(scope, stmt)`` false leaves a statement of an ``if`` branch out, with the bodies inside
        it (one known never to run); unconditional statements are always kept.
        """
        for module in sorted(self.modules):
            yield from self._walk(self.module_scope(module), keep)
        for module in self.libraries_importing(libraries_importing):
            yield from self._walk(self.module_scope(module), keep)

    def walk_scope(self, scope: Scope, keep: Keep | None = None) -> Iterator[tuple[Scope, Stmt]]:
        """Every statement of one scope's body and the bodies inside it, as :meth:`walk` gives them."""
        yield from self._walk(scope, keep)

    def walk_module(self, module: str) -> Iterator[tuple[Scope, Stmt]]:
        """Every statement of one analysed or loaded module, as :meth:`walk` gives them."""
        yield from self._walk(self.module_scope(module))

    def libraries_importing(self, packages: frozenset[str]) -> Iterator[str]:
        """Loaded library modules that import one of ``packages``, also those loaded meanwhile."""
        seen: set[str] = set()
        while pending := sorted(m for m, f in self._library_modules.items() if f is not None and m not in seen):
            for module in pending:
                seen.add(module)
                facts = self._library_modules[module]
                if packages and facts is not None and _imports_any(facts.body, packages):
                    yield module

    def is_analysed_path(self, path: str) -> bool:
        """Whether ``path`` is the file of an analysed module (library files have absolute paths)."""
        return path in self._analysed_paths

    def _walk(self, scope: Scope, keep: Keep | None = None) -> Iterator[tuple[Scope, Stmt]]:
        for stmt in scope.statements:
            yield from self._walk_stmt(scope, stmt, keep)

    def _walk_stmt(self, scope: Scope, stmt: Stmt, keep: Keep | None) -> Iterator[tuple[Scope, Stmt]]:
        if stmt.guard and keep is not None and not keep(scope, stmt):
            return
        yield scope, stmt
        if isinstance(stmt, For):
            for inner in stmt.body:
                yield from self._walk_stmt(scope, inner, keep)
        elif isinstance(stmt, FunctionDef | ClassDef):
            yield from self._walk(self.scope_of(scope.module, stmt, scope), keep)


def _imports_any(statements: tuple[Stmt, ...], packages: frozenset[str]) -> bool:
    return any(isinstance(s, Import) and s.module.partition(".")[0] in packages for s in statements)


def is_call_stmt(stmt: Stmt) -> Expr | None:
    """The call made by an expression statement or the value of an assignment, if a call."""
    if isinstance(stmt, ExprStmt | Assign | Return) and stmt.value is not None and stmt.value.op is Op.CALL:
        return stmt.value
    return None


def returns_of(statements: tuple[Stmt, ...]) -> Iterator[Return]:
    """The ``return`` statements of a body (inside loops too, not in nested definitions)."""
    for stmt in statements:
        if isinstance(stmt, Return):
            yield stmt
        elif isinstance(stmt, For):
            yield from returns_of(stmt.body)


def calls_in(expr: Expr) -> Iterator[Expr]:
    """The calls in an expression, outermost first (lambdas and comprehensions are opaque)."""
    stack = [expr]
    while stack:
        current = stack.pop(0)
        if current.op is Op.CALL:
            yield current
        stack.extend(current.args)
        stack.extend(v for _, v in current.kwargs)

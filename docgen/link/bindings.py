"""What a name is worth: its binding in a scope, an import, a module member or a star import.

The half of static evaluation that follows names. :class:`BindingEvaluator` finds the statement
that binds a name (the last assignment, a ``def``/``class``, an import), evaluates it once and
memoises it, and applies what follows it to a list (``urlpatterns += [...]``). Evaluating the
expressions themselves is :class:`docgen.link.evaluate.Evaluator`'s, which extends it.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator

from docgen.link.program import Program, Scope
from docgen.link.values import (
    VALUE_TYPES,
    Const,
    DefRef,
    External,
    ModuleRef,
    Seq,
    Unknown,
    Value,
    add_values,
)
from docgen.model.facts import Assign, ClassDef, Expr, ExprStmt, For, FunctionDef, Import, Op, Stmt

_BUILTINS = frozenset(
    {
        "str",
        "int",
        "float",
        "bool",
        "list",
        "dict",
        "set",
        "frozenset",
        "tuple",
        "bytes",
        "object",
        "type",
        "len",
        "Exception",
        "super",
        "property",
        "staticmethod",
        "classmethod",
        "print",
        "getattr",
        "isinstance",
    }
)
MAX_DEPTH = 60
"""How deep evaluation recurses before giving up with :class:`Unknown` (cycles, long chains)."""


class BindingEvaluator(ABC):
    """Evaluates the names bound in scopes of one :class:`Program`, memoising bindings."""

    def __init__(self, program: Program) -> None:
        self.program = program
        self._memo: dict[tuple[str, str], Value] = {}
        self._busy: set[tuple[str, str]] = set()
        self._scopes: dict[str, Scope] = {}
        self._aliases: dict[str, Value] = {}

    def scope(self, key: str) -> Scope | None:
        """A scope with bound names (a call's arguments, a loop's variable) created here, by key."""
        return self._scopes.get(key)

    def _external(self, dotted: str) -> Value:
        """``External(dotted)``, unless an alias says what the name stands for."""
        return self._aliases.get(dotted, External(dotted)) if self._aliases else External(dotted)

    # --- names -----------------------------------------------------------------------------

    def lookup(self, scope: Scope, name: str, depth: int = 0) -> Value:
        """The value ``name`` has in ``scope`` (searching enclosing scopes, then builtins)."""
        current: Scope | None = scope
        while current is not None:
            if name in current.overrides:
                value = current.overrides[name]
                return value if isinstance(value, VALUE_TYPES) else Unknown(name)
            if name in current.bindings:
                return self._binding(current, name, depth)
            if name in current.params:
                default = current.params[name]
                if default is None or current.parent is None:
                    return Unknown(name)
                return self.eval(default, current.parent, depth + 1)
            if not current.qualname:
                star = self._star_import(current, name, depth)
                if star is not None:
                    return star
            current = current.parent
        if name in _BUILTINS:
            return External(f"builtins.{name}")
        return Unknown(name)

    def _binding(self, scope: Scope, name: str, depth: int) -> Value:
        memo_key = (scope.key, name)
        if memo_key in self._memo:
            return self._memo[memo_key]
        if memo_key in self._busy or depth > MAX_DEPTH:
            return Unknown(name)
        self._busy.add(memo_key)
        try:
            value = self._bind_value(scope, name, scope.bindings[name], depth + 1)
        finally:
            self._busy.discard(memo_key)
        self._memo[memo_key] = value
        return value

    def _bind_value(self, scope: Scope, name: str, stmts: list[Stmt], depth: int, until: int | None = None) -> Value:
        """The value of the binding that counts (the last assignment), with what follows it applied."""
        plain = [s for s in stmts if not (isinstance(s, Assign) and s.op not in ("=", ":"))]
        if not plain:
            return Unknown(name)
        stmt = plain[-1] if all(isinstance(s, Assign) for s in plain) else plain[0]
        shadowing = [s for s in plain[1:] if isinstance(s, ClassDef) and any(_mentions(b, name) for b in s.bases)]
        if shadowing:  # `class DeleteView(Mixin, DeleteView)` rebinds the name it imported: it is the value
            stmt = shadowing[-1]
        if isinstance(stmt, Import):
            return self.import_value(stmt, depth)
        if isinstance(stmt, FunctionDef | ClassDef):
            return DefRef(f"{scope.module}.{scope.prefix()}{stmt.name}", isinstance(stmt, ClassDef))
        if (
            isinstance(stmt, Assign)
            and stmt.value is not None
            and stmt.targets
            and all(t.op is Op.NAME for t in stmt.targets)  # `a = value`, and chained `a = b = value`
        ):
            evaluated_in = scope
            if stmt is not plain[0] and _mentions(stmt.value, name):  # `urlpatterns = [...] + urlpatterns`
                before = self._bind_value(scope, name, stmts[: stmts.index(stmt)], depth + 1, stmt.line)
                evaluated_in = scope.child({name: before}, f"#rebind{stmt.line}")
                self._scopes[evaluated_in.key] = evaluated_in
            value = self.eval(stmt.value, evaluated_in, depth, bind_as=f"{scope.module}:{scope.prefix()}{name}")
            return self._augment(value, scope, name, stmt, until, depth)
        return Unknown(name)

    def value_before(self, scope: Scope, name: str, line: int) -> Value:
        """The value ``name`` has in ``scope`` just before ``line`` (what a class shadowing its base inherits)."""
        earlier = [s for s in scope.bindings.get(name, []) if s.line < line]
        if earlier:
            return self._bind_value(scope, name, earlier, 1, line)
        return self.lookup(scope.parent, name) if scope.parent is not None else Unknown(name)

    def _augment(self, value: Value, scope: Scope, name: str, base: Stmt, until: int | None, depth: int) -> Value:
        """Apply what follows the binding, up to line ``until``: ``name += x`` to any value, list methods to lists.

        ``+=`` adds as ``+`` does (strings joined, lists extended; a list-valued call such as
        ``i18n_patterns(...)`` followed by ``+= [...]`` is that call's item, then the others);
        ``name.append(x)``, ``name.extend([...])`` and ``name.insert(i, x)`` change a list.
        """
        items = list(value.items) if isinstance(value, Seq) else None
        for stmt in _flat_statements(scope.statements):
            if stmt.line <= base.line or (until is not None and stmt.line >= until):
                continue
            if isinstance(stmt, Assign) and stmt.op == "+=" and stmt.value is not None:
                if len(stmt.targets) == 1 and _is_name(stmt.targets[0], name):
                    extra = self.eval(stmt.value, scope, depth)
                    if items is not None:
                        items.extend(extra.items if isinstance(extra, Seq) else (extra,))
                    else:  # as `name = name + x`: a list-valued call and a list join into a list
                        value = add_values(value, extra, Expr(Op.BINOP, "+", (Expr(Op.NAME, name), stmt.value)))
                        items = list(value.items) if isinstance(value, Seq) else None
            elif items is not None and isinstance(stmt, ExprStmt) and stmt.value.op is Op.CALL:
                self._list_method(stmt.value, scope, name, items, depth)
        return Seq(tuple(items)) if items is not None else value

    def _list_method(self, call: Expr, scope: Scope, name: str, items: list[Value], depth: int) -> None:
        """Apply ``name.append(x)`` / ``name.extend(xs)`` / ``name.insert(i, x)`` to ``items``."""
        callee, args = call.args[0], call.positional
        if callee.op is not Op.ATTR or not _is_name(callee.args[0], name):
            return
        if callee.value == "append" and len(args) == 1:
            items.append(self.eval(args[0], scope, depth))
        elif callee.value == "extend" and len(args) == 1:
            extra = self.eval(args[0], scope, depth)
            items.extend(extra.items if isinstance(extra, Seq) else (extra,))
        elif callee.value == "insert" and len(args) == 2:
            index = self.eval(args[0], scope, depth)
            position = index.value if isinstance(index, Const) and isinstance(index.value, int) else len(items)
            items.insert(position, self.eval(args[1], scope, depth))

    def import_value(self, stmt: Import, depth: int = 0) -> Value:
        """What an import binds."""
        module = self.program.canonical(stmt.module)
        if stmt.name is None:
            return ModuleRef(module) if self.program.has_module(module) else self._external(stmt.module)
        return self.member(module, stmt.name, depth)

    def member(self, module: str, name: str, depth: int = 0) -> Value:
        """``module.name``: a submodule, a module-level binding, or an external name."""
        module = self.program.canonical(module)
        sub = self.program.canonical(f"{module}.{name}" if module else name)
        if self.program.has_module(module):
            scope = self.program.module_scope(module)
            if name in scope.bindings:
                first = scope.bindings[name][0]
                if (
                    self.program.has_module(sub)
                    and isinstance(first, Import)
                    and (first.module, first.name) == (module, name)
                ):
                    return ModuleRef(sub)  # `from . import sub` inside the package itself
                return self._binding(scope, name, depth + 1)
            star = self._star_import(scope, name, depth + 1)
            if star is not None:
                return star
            if self.program.has_module(sub):
                return ModuleRef(sub)
            return self._external(sub) if self.program.is_library(module) else Unknown(sub)
        if self.program.has_module(sub):
            return ModuleRef(sub)
        return self._external(sub)

    def _star_import(self, scope: Scope, name: str, depth: int) -> Value | None:
        facts = self.program.facts(scope.module)
        for stmt in facts.body if facts else ():
            if isinstance(stmt, Import) and stmt.name == "*" and self.program.has_module(stmt.module):
                target = self.program.module_scope(stmt.module)
                if (name in target.bindings or self._has_star(target, name, depth)) and depth < MAX_DEPTH:
                    return self.member(stmt.module, name, depth + 1)
        return None

    def _has_star(self, scope: Scope, name: str, depth: int) -> bool:
        return depth < 8 and self._star_import(scope, name, depth + 1) is not None

    def alias_expr(self, expr: Expr, scope: Scope, depth: int = 0) -> tuple[Expr, Scope]:
        """Follow a name bound to a type alias (``SessionDep = Annotated[...]``) to its expression."""
        if depth > 10:
            return expr, scope
        if expr.op is Op.ATTR:  # module.Alias
            base = self.eval(expr.args[0], scope)
            if isinstance(base, ModuleRef) and self.program.has_module(base.name):
                target = self.program.module_scope(base.name)
                found = self.alias_expr(Expr(Op.NAME, expr.value), target, depth + 1)
                return found if found[0].op is Op.SUBSCRIPT else (expr, scope)
            return expr, scope
        if expr.op is not Op.NAME:
            return expr, scope
        name = str(expr.value)
        current: Scope | None = scope
        while current is not None and name not in current.bindings:
            current = current.parent
        if current is None:
            return expr, scope
        stmt = current.bindings[name][-1]
        if isinstance(stmt, Import) and stmt.name not in (None, "*") and self.program.has_module(stmt.module):
            target = self.program.module_scope(stmt.module)
            if stmt.name in target.bindings:
                found = self.alias_expr(Expr(Op.NAME, stmt.name), target, depth + 1)
                return found if found[0].op is Op.SUBSCRIPT else (expr, scope)
        if isinstance(stmt, Assign) and stmt.value is not None and stmt.value.op is Op.SUBSCRIPT:
            return stmt.value, current
        return expr, scope

    @abstractmethod
    def eval(self, expr: Expr, scope: Scope, depth: int = 0, bind_as: str | None = None) -> Value:
        """Evaluate ``expr`` in ``scope``: :class:`docgen.link.evaluate.Evaluator` implements it."""


def _flat_statements(statements: tuple[Stmt, ...]) -> Iterator[Stmt]:
    for stmt in statements:
        yield stmt
        if isinstance(stmt, For):
            yield from _flat_statements(stmt.body)


def _is_name(expr: Expr, name: str) -> bool:
    return expr.op is Op.NAME and expr.value == name


def _mentions(expr: Expr, name: str) -> bool:
    """Whether ``expr`` reads the name ``name`` (outside lambdas and comprehensions, which are opaque)."""
    return (
        _is_name(expr, name)
        or any(_mentions(a, name) for a in expr.args)
        or any(_mentions(v, name) for _, v in expr.kwargs)
    )

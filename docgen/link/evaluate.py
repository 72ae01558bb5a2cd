"""Static evaluation of expressions: what a name, a path or a prefix is, without running anything.

Evaluates literals, names bound in a scope, imports across modules (aliases, re-exports, star
imports), class attribute defaults (settings classes), ``os.getenv``/``os.environ.get`` defaults,
f-strings, concatenation, ``str()``, factory functions (what they return) and loops over known
sequences. Anything else is :class:`Unknown`, carrying its source text so it can be shown as a
placeholder.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from docgen.link.program import Program, Scope
from docgen.link.unparse import unparse
from docgen.model.facts import Assign, ClassDef, Expr, ExprStmt, For, FunctionDef, Import, Op, Return, Stmt


@dataclass(frozen=True, slots=True)
class Unknown:
    """A value docgen cannot know statically; ``text`` is the source that produced it."""

    text: str


@dataclass(frozen=True, slots=True)
class Const:
    """A literal value (str, int, float, bool, None)."""

    value: object


@dataclass(frozen=True, slots=True)
class External:
    """Something defined outside the analysed code, by dotted name (``fastapi.APIRouter``)."""

    dotted: str


@dataclass(frozen=True, slots=True)
class ModuleRef:
    """An analysed module."""

    name: str


@dataclass(frozen=True, slots=True)
class DefRef:
    """A class or function defined in the analysed code (``module.qualname``)."""

    dotted: str
    is_class: bool


@dataclass(frozen=True, slots=True)
class Instance:
    """An object created by calling a class.

    Attributes:
        cls: The class called.
        key: Identity of the object: ``module:name`` of the variable first bound to it, or of
            the creating call's line when it was never bound.
        call: The creating call.
        scope_key: Key of the scope the call was evaluated in.
    """

    cls: DefRef | External
    key: str
    call: Expr
    scope_key: str


@dataclass(frozen=True, slots=True)
class Seq:
    """A list or tuple of values."""

    items: tuple[Value, ...]


Value = Unknown | Const | External | ModuleRef | DefRef | Instance | Seq

_ENV_GETTERS = frozenset({"os.getenv", "os.environ.get", "os.environ.setdefault"})
_BUILTINS = frozenset(
    {
        "str",
        "int",
        "float",
        "bool",
        "list",
        "dict",
        "set",
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
_MAX_DEPTH = 60


class Evaluator:
    """Evaluates expressions in scopes of one :class:`Program`, memoising bindings."""

    def __init__(self, program: Program) -> None:
        self.program = program
        self._memo: dict[tuple[str, str], Value] = {}
        self._busy: set[tuple[str, str]] = set()
        self._returns: dict[object, Value] = {}
        self._calls = 0
        self._attribute_hooks: dict[str, AttributeHook] = {}
        self._scopes: dict[str, Scope] = {}
        self._aliases: dict[str, Value] = {}

    def scope(self, key: str) -> Scope | None:
        """A scope with bound names (a call's arguments, a loop's variable) created here, by key."""
        return self._scopes.get(key)

    def add_attribute_hook(self, name: str, hook: AttributeHook) -> bool:
        """Teach the evaluator instance attributes that an external constructor sets.

        ``hook(instance, attribute, depth)`` returns the attribute's value, or None when it does
        not know it (a Flask ``Blueprint``'s ``url_prefix`` comes from its constructor's
        arguments). ``name`` identifies the hook: adding one under a name already taken does
        nothing and returns False. What was memoised before is forgotten, since it may have
        depended on such attributes.
        """
        if name in self._attribute_hooks:
            return False
        self._attribute_hooks[name] = hook
        self._memo.clear()
        self._returns.clear()
        return True

    def add_external_alias(self, dotted: str, value: Value) -> None:
        """Teach the evaluator that an external name stands for an analysed value.

        Django's ``django.conf.settings`` is the settings module the project names, so
        ``settings.AVATAR_PATH`` is read from that module. What was memoised before is forgotten.
        """
        self._aliases[dotted] = value
        self._memo.clear()
        self._returns.clear()

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
                return value if isinstance(value, _VALUE_TYPES) else Unknown(name)
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
        if memo_key in self._busy or depth > _MAX_DEPTH:
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
        if isinstance(stmt, Import):
            return self.import_value(stmt, depth)
        if isinstance(stmt, FunctionDef | ClassDef):
            return DefRef(f"{scope.module}.{scope.prefix()}{stmt.name}", isinstance(stmt, ClassDef))
        if (
            isinstance(stmt, Assign)
            and stmt.value is not None
            and len(stmt.targets) == 1
            and stmt.targets[0].op is Op.NAME
        ):
            evaluated_in = scope
            if stmt is not plain[0] and _mentions(stmt.value, name):  # `urlpatterns = [...] + urlpatterns`
                before = self._bind_value(scope, name, stmts[: stmts.index(stmt)], depth + 1, stmt.line)
                evaluated_in = scope.child({name: before}, f"#rebind{stmt.line}")
                self._scopes[evaluated_in.key] = evaluated_in
            value = self.eval(stmt.value, evaluated_in, depth, bind_as=f"{scope.module}:{scope.prefix()}{name}")
            return self._augment(value, scope, name, stmt, until, depth)
        return Unknown(name)

    def _augment(self, value: Value, scope: Scope, name: str, base: Stmt, until: int | None, depth: int) -> Value:
        """Apply what follows the binding, up to line ``until``, to a list (url pattern lists).

        Understands ``name += [...]``, ``name.append(x)``, ``name.extend([...])`` and
        ``name.insert(i, x)``.
        """
        if not isinstance(value, Seq):
            return value
        items = list(value.items)
        for stmt in _flat_statements(scope.statements):
            if stmt.line <= base.line or (until is not None and stmt.line >= until):
                continue
            if isinstance(stmt, Assign) and stmt.op == "+=" and stmt.value is not None:
                if len(stmt.targets) == 1 and _is_name(stmt.targets[0], name):
                    extra = self.eval(stmt.value, scope, depth)
                    items.extend(extra.items if isinstance(extra, Seq) else (extra,))
            elif isinstance(stmt, ExprStmt) and stmt.value.op is Op.CALL:
                self._list_method(stmt.value, scope, name, items, depth)
        return Seq(tuple(items))

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
        if stmt.name is None:
            return ModuleRef(stmt.module) if self.program.has_module(stmt.module) else self._external(stmt.module)
        return self.member(stmt.module, stmt.name, depth)

    def member(self, module: str, name: str, depth: int = 0) -> Value:
        """``module.name``: a submodule, a module-level binding, or an external name."""
        sub = f"{module}.{name}" if module else name
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
                if (name in target.bindings or self._has_star(target, name, depth)) and depth < _MAX_DEPTH:
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

    # --- expressions -------------------------------------------------------------------------

    def eval(self, expr: Expr, scope: Scope, depth: int = 0, bind_as: str | None = None) -> Value:
        """Evaluate ``expr`` in ``scope``; ``bind_as`` names an object created by this expression."""
        if depth > _MAX_DEPTH:
            return Unknown(unparse(expr))
        op = expr.op
        if op in (Op.STR, Op.NUM, Op.CONST):
            return Const(expr.value)
        if op is Op.NAME:
            return self.lookup(scope, str(expr.value), depth + 1)
        if op is Op.ATTR:
            return self.attribute(self.eval(expr.args[0], scope, depth + 1), str(expr.value), expr, depth + 1)
        if op is Op.CALL:
            return self.call(expr, scope, depth + 1, bind_as)
        if op is Op.FSTRING:
            return self._fstring(expr, scope, depth + 1)
        if op in (Op.LIST, Op.TUPLE):
            items: list[Value] = []
            for item in expr.args:
                if item.op is Op.STARRED:
                    inner = self.eval(item.args[0], scope, depth + 1)
                    items.extend(inner.items if isinstance(inner, Seq) else (inner,))
                else:
                    items.append(self.eval(item, scope, depth + 1))
            return Seq(tuple(items))
        if op is Op.BINOP and expr.value == "+":
            return _add(self.eval(expr.args[0], scope, depth + 1), self.eval(expr.args[1], scope, depth + 1), expr)
        if op is Op.BINOP and expr.value == "%":
            return _percent(self.eval(expr.args[0], scope, depth + 1), self.eval(expr.args[1], scope, depth + 1), expr)
        if op is Op.SUBSCRIPT and len(expr.args) == 2:
            base, index = self.eval(expr.args[0], scope, depth + 1), self.eval(expr.args[1], scope, depth + 1)
            if (
                isinstance(base, Seq)
                and isinstance(index, Const)
                and isinstance(index.value, int)
                and -len(base.items) <= index.value < len(base.items)
            ):
                return base.items[index.value]
        if op is Op.IFEXP:
            return self.eval(expr.args[0], scope, depth + 1)
        return Unknown(unparse(expr))

    def attribute(self, base: Value, name: str, expr: Expr, depth: int = 0) -> Value:
        """``base.name``."""
        if isinstance(base, ModuleRef):
            return self.member(base.name, name, depth)
        if isinstance(base, External):
            return self._external(f"{base.dotted}.{name}")
        if isinstance(base, DefRef) and base.is_class:
            found = self.class_attribute(base, name, depth)
            return found if found is not None else Unknown(unparse(expr))
        if isinstance(base, Instance):
            for hook in self._attribute_hooks.values():
                hooked = hook(base, name, depth + 1)
                if hooked is not None:
                    return hooked
        if isinstance(base, Instance) and isinstance(base.cls, DefRef):
            found = self.class_attribute(base.cls, name, depth)
            if isinstance(found, DefRef) and self._is_property(found.dotted):
                return self.returns(found.dotted, depth + 1, {self._first_param(found.dotted): base})
            return found if found is not None else Unknown(unparse(expr))
        if isinstance(base, Instance):  # an attribute of an external object: db.Model, api.namespace
            return External(f"{base.cls.dotted}.{name}")
        return Unknown(unparse(expr))

    def class_attribute(self, cls: DefRef, name: str, depth: int = 0) -> Value | None:
        """A class attribute's default, searching the analysed base classes (settings classes)."""
        for klass in self.mro(cls):
            if not isinstance(klass, DefRef):
                continue
            scope = self.program.body_scope(klass.dotted)
            if scope is not None and name in scope.bindings:
                return self._binding(scope, name, depth + 1)
        return None

    def _is_property(self, dotted: str) -> bool:
        definition = self.program.definition(dotted)
        return isinstance(definition, FunctionDef) and any(
            d.op in (Op.NAME, Op.ATTR) and d.value in ("property", "cached_property") for d in definition.decorators
        )

    def _first_param(self, dotted: str) -> str:
        definition = self.program.definition(dotted)
        return definition.params[0].name if isinstance(definition, FunctionDef) and definition.params else "self"

    def mro(self, cls: DefRef | External, depth: int = 0) -> Iterator[DefRef | External]:
        """The class and its bases, depth first, analysed and external ones alike."""
        yield cls
        if not isinstance(cls, DefRef) or depth > 20:
            return
        definition = self.program.definition(cls.dotted)
        scope = self.program.defining_scope(cls.dotted)
        if not isinstance(definition, ClassDef) or scope is None:
            return
        for base in definition.bases:
            value = self.eval(base.args[0] if base.op is Op.SUBSCRIPT else base, scope, depth + 1)
            if isinstance(value, Instance):  # Base = declarative_base(): the factory names the kind
                value = value.cls
            if isinstance(value, DefRef | External):
                yield from self.mro(value, depth + 1)

    def lineage(self, cls: DefRef | External) -> set[str]:
        """Dotted names of the class and all its bases (``fastapi.APIRouter``, ...)."""
        return {c.dotted for c in self.mro(cls)}

    def call(self, expr: Expr, scope: Scope, depth: int, bind_as: str | None = None) -> Value:
        """The value a call produces: an instance, a factory's return value, or a known builtin."""
        callee = self.eval(expr.args[0], scope, depth + 1)
        if isinstance(callee, External):
            if callee.dotted in _ENV_GETTERS:
                default = expr.positional[1] if len(expr.positional) > 1 else expr.kwarg("default")
                return self.eval(default, scope, depth + 1) if default is not None else Unknown(unparse(expr))
            if callee.dotted == "builtins.str" and len(expr.positional) == 1:
                value = self.eval(expr.positional[0], scope, depth + 1)
                return Const(str(value.value)) if isinstance(value, Const) else Unknown(unparse(expr))
            if callee.dotted.startswith("builtins."):
                return Unknown(unparse(expr))
            return Instance(callee, bind_as or f"{scope.module}:{expr.line}", expr, scope.key)
        if isinstance(callee, DefRef):
            if callee.is_class:
                return Instance(callee, bind_as or f"{scope.module}:{expr.line}", expr, scope.key)
            return self.returns(callee.dotted, depth + 1, self._arguments(callee.dotted, expr, scope, depth + 1))
        if isinstance(callee, Unknown) and expr.args[0].op is Op.ATTR:
            return self._str_method(expr, scope, depth + 1)
        return Unknown(unparse(expr))

    def _arguments(self, dotted: str, call: Expr, scope: Scope, depth: int) -> dict[str, Value]:
        """The call's arguments bound to the function's parameter names."""
        definition = self.program.definition(dotted)
        if not isinstance(definition, FunctionDef):
            return {}
        bound: dict[str, Value] = {}
        positional = [p for p in definition.params if p.kind in ("positional_only", "positional")]
        for param, arg in zip(positional, call.positional, strict=False):
            if arg.op is Op.STARRED:
                break
            bound[param.name] = self.eval(arg, scope, depth + 1)
        names = {p.name for p in definition.params}
        for key, arg in call.kwargs:
            if key in names:
                bound[key] = self.eval(arg, scope, depth + 1)
        return bound

    def _str_method(self, expr: Expr, scope: Scope, depth: int) -> Value:
        """A few pure ``str`` methods on known strings (``suffix.lstrip("/")``)."""
        base = self.eval(expr.args[0].args[0], scope, depth + 1)
        method = str(expr.args[0].value)
        args = [self.eval(a, scope, depth + 1) for a in expr.positional]
        if not isinstance(base, Const) or not isinstance(base.value, str) or method not in _STR_METHODS:
            return Unknown(unparse(expr))
        if not all(isinstance(a, Const) and isinstance(a.value, str | int) for a in args):
            return Unknown(unparse(expr))
        try:
            return Const(getattr(base.value, method)(*(a.value for a in args)))  # type: ignore[union-attr]
        except (TypeError, ValueError, KeyError, IndexError, AttributeError):  # "{host}".format(x)
            return Unknown(unparse(expr))

    def returns(self, dotted: str, depth: int = 0, arguments: dict[str, Value] | None = None) -> Value:
        """What the function ``dotted`` returns when called with ``arguments`` (its first known return)."""
        memo = (dotted, tuple(sorted((arguments or {}).items(), key=lambda kv: kv[0])))
        try:
            if memo in self._returns:
                return self._returns[memo]
        except TypeError:  # an unhashable argument value: evaluate without memo
            memo = None  # type: ignore[assignment]
        if memo is not None:
            self._returns[memo] = Unknown(dotted + "()")  # guards recursion
        scope = self.program.body_scope(dotted)
        value: Value = Unknown(dotted + "()")
        if scope is not None and depth < _MAX_DEPTH:
            if arguments:
                self._calls += 1
                scope = scope.child(dict(arguments), f"#call{self._calls}")
                self._scopes[scope.key] = scope
            for stmt in _returns_of(scope.statements):
                if stmt.value is not None:
                    value = self.eval(stmt.value, scope, depth + 1)
                    if not isinstance(value, Unknown) or "{?" in value.text:
                        break
        if memo is not None:
            self._returns[memo] = value
        return value

    def _fstring(self, expr: Expr, scope: Scope, depth: int) -> Value:
        parts: list[str] = []
        known = True
        for part in expr.args:
            if part.op is Op.STR:
                parts.append(str(part.value))
                continue
            inner = part.args[0] if part.op is Op.FORMAT else part
            value = self.eval(inner, scope, depth + 1)
            if isinstance(value, Const) and part.value is None:
                parts.append(str(value.value))
            else:
                known = False
                parts.append(placeholder(value, inner))
        text = "".join(parts)
        return Const(text) if known else Unknown(text)

    def loop_scopes(self, loop: For, scope: Scope) -> list[Scope]:
        """One scope per element of a loop over a known sequence (the loop variable fixed)."""
        sequence = self.eval(loop.iter, scope)
        if not isinstance(sequence, Seq) or loop.target.op is not Op.NAME:
            return [scope]
        name = str(loop.target.value)
        scopes = [scope.child({name: item}, f"#for{loop.line}.{i}") for i, item in enumerate(sequence.items)]
        self._scopes.update((s.key, s) for s in scopes)
        return scopes


_STR_METHODS = frozenset(
    {
        "strip",
        "lstrip",
        "rstrip",
        "lower",
        "upper",
        "replace",
        "removeprefix",
        "removesuffix",
        "title",
        "format",
    }
)


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


def _returns_of(statements: tuple[Stmt, ...]) -> Iterator[Return]:
    for stmt in statements:
        if isinstance(stmt, Return):
            yield stmt
        elif isinstance(stmt, For):
            yield from _returns_of(stmt.body)


_VALUE_TYPES = (Unknown, Const, External, ModuleRef, DefRef, Instance, Seq)

AttributeHook = Callable[[Instance, str, int], "Value | None"]
"""``hook(instance, attribute name, depth)``: see :meth:`Evaluator.add_attribute_hook`."""


def _add(left: Value, right: Value, expr: Expr) -> Value:
    if isinstance(left, Const) and isinstance(right, Const):
        try:
            return Const(left.value + right.value)  # type: ignore[operator]
        except TypeError:
            return Unknown(unparse(expr))
    if isinstance(left, Seq) and isinstance(right, Seq):
        return Seq(left.items + right.items)
    if isinstance(left, Const | Unknown) or isinstance(right, Const | Unknown):  # keep the known side's text
        a = text_of(left)[0] if isinstance(left, Const | Unknown) else placeholder(left, expr.args[0])
        b = text_of(right)[0] if isinstance(right, Const | Unknown) else placeholder(right, expr.args[1])
        return Unknown(a + b)
    return Unknown(unparse(expr))


def _percent(left: Value, right: Value, expr: Expr) -> Value:
    """``"NODE-%s" % name``: printf-style formatting of a known string with known values."""
    items = right.items if isinstance(right, Seq) else (right,)
    if not isinstance(left, Const) or not isinstance(left.value, str) or not all(isinstance(i, Const) for i in items):
        return Unknown(unparse(expr))
    try:
        return Const(left.value % tuple(i.value for i in items))  # type: ignore[union-attr]
    except (TypeError, ValueError, KeyError):
        return Unknown(unparse(expr))


def placeholder(value: Value, expr: Expr) -> str:
    """The visible stand-in for a piece of a string that cannot be known: ``{?source}``."""
    if isinstance(value, Unknown) and "{?" in value.text:
        return value.text
    return "{?" + unparse(expr) + "}"


def text_of(value: Value) -> tuple[str, bool]:
    """A string value as text, and whether it was fully known (unknown parts are ``{?source}``)."""
    if isinstance(value, Const):
        return ("" if value.value is None else str(value.value)), True
    if isinstance(value, Unknown):
        return (value.text if "{?" in value.text else "{?" + value.text + "}"), False
    return "{?" + type(value).__name__ + "}", False

"""Settings objects whose constructor replaces declared entries: each reads as the default its getter passes through.

Some settings libraries declare each setting as a class attribute made by a getter call
(``ROUTE = confi.str("ROUTE", "/data/config")``) that returns an entry object, and the settings
object's constructor then stores every entry's value on the instance under a computed name
(``setattr(self, name, value)``), read from the environment or else the entry's default. docgen
cannot run that constructor, but it reads the getter: when the getter, followed through the
analysed (or library) functions it returns the result of, may return one of its arguments
unchanged (``return default``, ``res = default; return res``), the instance's attribute is that
argument's value, as ``os.getenv(key, default)`` is its default. Only for instances of classes
whose methods set attributes by computed names; anything else is left to the usual reading.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from docgen.link.program import Program, Scope, calls_in, returns_of
from docgen.link.values import Const, DefRef, External, Value
from docgen.model.facts import Assign, Expr, For, FunctionDef, Op, Stmt

MAX_GETTER_DEPTH = 6
"""Functions followed from a getter to the one returning its argument (``str`` → ``_process`` → ``_evaluate``)."""

Evaluate = Callable[[Expr, Scope, int], Value]
Mro = Callable[[DefRef], tuple[object, ...]]


class SettingsGetters:
    """Reads ``settings.NAME`` as the argument the getter declaring ``NAME`` passes through."""

    def __init__(self, program: Program, evaluate: Evaluate, mro: Mro) -> None:
        self.program = program
        self.evaluate = evaluate
        self.mro = mro
        self._through: dict[str, frozenset[str]] = {}
        self._dynamic: dict[str, bool] = {}

    def default(self, cls: DefRef, name: str, depth: int) -> Value | None:
        """The known value of ``NAME`` on an instance of ``cls``, or None when this rule does not give one."""
        classes = [k for k in self.mro(cls) if isinstance(k, DefRef)]
        if not any(self._sets_by_name(k.dotted) for k in classes):
            return None
        for klass in classes:
            body = self.program.body_scope(klass.dotted)
            if body is None or name not in body.bindings:
                continue
            stmt = body.bindings[name][-1]
            call = stmt.value if isinstance(stmt, Assign) else None
            if call is None or call.op is not Op.CALL:
                return None
            callee = self.evaluate(call.args[0], body, depth + 1)
            if not isinstance(callee, DefRef) or callee.is_class:
                return None
            for argument in self._arguments_through(callee.dotted, call, 0):
                value = self.evaluate(argument, body, depth + 1)
                if isinstance(value, Const):
                    return value
            return None
        return None

    def _arguments_through(self, dotted: str, call: Expr, depth: int) -> Iterator[Expr]:
        """The argument expressions of ``call`` (of function ``dotted``) that it may return unchanged."""
        through = self._passed_through(dotted, depth)
        for parameter, argument in self._bound(dotted, call).items():
            if parameter in through:
                yield argument

    def _passed_through(self, dotted: str, depth: int) -> frozenset[str]:
        """Parameters of function ``dotted`` one of its returns may give back unchanged."""
        if dotted in self._through:
            return self._through[dotted]
        self._through[dotted] = frozenset()  # guards recursion
        definition = self.program.definition(dotted)
        body = self.program.body_scope(dotted)
        if not isinstance(definition, FunctionDef) or body is None or depth > MAX_GETTER_DEPTH:
            return frozenset()
        params = {p.name for p in definition.params}
        found: set[str] = set()
        for stmt in returns_of(body.statements):
            for value in _values_of(stmt.value, body):
                if value.op is Op.NAME and value.value in params:
                    found.add(str(value.value))
                elif value.op is Op.CALL:
                    inner = self._callee(value, body, definition)
                    if inner is not None:
                        found.update(
                            str(a.value)
                            for a in self._arguments_through(inner, value, depth + 1)
                            if a.op is Op.NAME and a.value in params
                        )
        self._through[dotted] = frozenset(found)
        return self._through[dotted]

    def _callee(self, call: Expr, body: Scope, definition: FunctionDef) -> str | None:
        """The function ``call`` calls: ``self.method(...)`` through the receiver's class, else as evaluated."""
        target = call.args[0]
        receiver = definition.params[0].name if definition.params else None
        if target.op is Op.ATTR and target.args[0].op is Op.NAME and target.args[0].value == receiver:
            owner = body.qualname.rpartition(".")[0]
            cls = f"{body.module}.{owner}"
            for klass in self.mro(DefRef(cls, True)):
                if isinstance(klass, DefRef | External) and self.program.definition(f"{klass.dotted}.{target.value}"):
                    return f"{klass.dotted}.{target.value}"
            return None
        callee = self.evaluate(target, body, 1)
        return callee.dotted if isinstance(callee, DefRef) and not callee.is_class else None

    def _bound(self, dotted: str, call: Expr) -> dict[str, Expr]:
        """Parameter name → argument expression of ``call``, a method's receiver left out."""
        definition = self.program.definition(dotted)
        if not isinstance(definition, FunctionDef):
            return {}
        params = list(definition.params)
        enclosing = self.program.defining_scope(dotted)
        static = any(d.op is Op.NAME and d.value == "staticmethod" for d in definition.decorators)
        if enclosing is not None and enclosing.is_class and not static and call.args[0].op is Op.ATTR and params:
            params.pop(0)
        bound: dict[str, Expr] = {}
        positional = [p.name for p in params if p.kind in ("positional_only", "positional")]
        for parameter, argument in zip(positional, call.positional, strict=False):
            if argument.op is Op.STARRED:
                break
            bound[parameter] = argument
        names = {p.name for p in params}
        bound.update((key, argument) for key, argument in call.kwargs if key in names)
        return bound

    def _sets_by_name(self, dotted: str) -> bool:
        """Whether a method of class ``dotted`` calls ``setattr(self, <computed name>, ...)``."""
        if dotted not in self._dynamic:
            body = self.program.body_scope(dotted)
            methods = [s for s in body.statements if isinstance(s, FunctionDef) and s.params] if body else []
            self._dynamic[dotted] = any(_sets_computed(m.body, m.params[0].name) for m in methods)
        return self._dynamic[dotted]


def _values_of(expr: Expr | None, body: Scope) -> list[Expr]:
    """A returned expression, or for a returned local name the expressions assigned to it."""
    if expr is None:
        return []
    if expr.op is Op.NAME and str(expr.value) in body.bindings:
        assigned = body.bindings[str(expr.value)]
        return [s.value for s in assigned if isinstance(s, Assign) and s.op == "=" and s.value is not None]
    return [expr]


def _sets_computed(statements: tuple[Stmt, ...], receiver: str) -> bool:
    for stmt in statements:
        if isinstance(stmt, For) and _sets_computed(stmt.body, receiver):
            return True
        value = getattr(stmt, "value", None)
        for call in calls_in(value) if isinstance(value, Expr) else ():
            target, args = call.args[0], call.positional
            setter = target.op is Op.NAME and target.value == "setattr" and len(args) >= 2
            if setter and args[0].op is Op.NAME and args[0].value == receiver and args[1].op is not Op.STR:
                return True
    return False

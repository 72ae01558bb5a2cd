"""What an analysed class's methods store on ``self`` (``self.app = web.Application()``), for one instance.

``server.app`` is read from the assignment a method of the instance's class (or an analysed base)
makes to ``self.app``: inside a method that assigns it itself, that method's last one; else the
last one ``__init__`` makes; else the one assignment any method makes. Two methods assigning it
(and no ``__init__``) leave it unknown, and ``self.app = None`` placeholders, set for real later,
do not count. It is evaluated in the assigning method's body with ``self`` bound to the instance,
and, in ``__init__``, the other parameters bound to the arguments of the call that created it (in
a base's ``__init__``, to those the subclass's passes up: ``super().__init__(prefix)``).
An object created there is named after the instance and attribute (``pkg.main:server.app``): each
instance has its own, and every method reading ``self.app`` of that instance sees the same object.

A method walked on its own, never called, has an instance of its class as ``self`` all the same:
:func:`representative` makes it (named ``pkg.server:Server()``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docgen.link.arguments import bind_constructor, bind_super_init
from docgen.link.program import Program, Scope, flat_statements
from docgen.link.values import DefRef, Instance, Unknown, Value
from docgen.model.facts import Assign, ClassDef, Expr, ExprStmt, FunctionDef, Op

if TYPE_CHECKING:
    from docgen.link.evaluate import Evaluator

_Site = tuple[str, Assign]
"""``(method dotted name, assignment to self.<name>)``."""


class InstanceAttributes:
    """The ``self.<name>`` assignments of every analysed class, indexed once, and their values per instance."""

    def __init__(self, program: Program, evaluator: Evaluator) -> None:
        self.program = program
        self.evaluator = evaluator
        self._sites: dict[str, dict[str, list[_Site]]] = {}
        self._values: dict[tuple[Instance, str], Value] = {}
        self._scopes: dict[tuple[Instance, str], Scope] = {}
        self._own_busy: set[tuple[str, str]] = set()

    def forget(self) -> None:
        """Drop memoised values (a hook or alias may change them); the index of assignments stays."""
        self._values.clear()
        self._scopes.clear()

    def value(self, instance: Instance, name: str, depth: int) -> Value | None:
        """``instance.name`` as a method of its class assigns it, or None when none does."""
        if not isinstance(instance.cls, DefRef):
            return None
        memo = (instance, name)
        if memo in self._values:
            return self._values[memo]
        sites = [
            site
            for klass in self.evaluator.mro(instance.cls)
            if isinstance(klass, DefRef)
            for site in self._class_sites(klass.dotted).get(name, ())
        ]
        if not sites:
            return None
        self._values[memo] = Unknown(f"self.{name}")  # guards recursion (self.a = self.a + 1)
        inits = [s for s in sites if s[0].endswith(".__init__")]
        init = [s for s in inits if s[0] == inits[0][0]]  # the most derived class's __init__
        if not init and len({s[0] for s in sites}) > 1:
            return self._values[memo]  # which method runs first is unknown
        method, stmt = (init or sites)[-1]
        scope = self.method_scope(instance, method)
        found: Value = Unknown(f"self.{name}")
        definition = self.program.definition(method)
        if scope is not None and stmt.value is not None and isinstance(definition, FunctionDef):
            found = self.evaluator.eval(stmt.value, scope, depth + 1, bind_as=f"{instance.key}.{name}")
            receiver = f"{definition.params[0].name}.{name}"  # self.urls.append(...) after it, in that method
            found = self.evaluator.changed_after(found, scope, receiver, stmt, depth + 1)
        self._values[memo] = found
        return found

    def own(self, scope: Scope, receiver: str, instance: Instance, name: str, depth: int) -> Value | None:
        """``receiver.name`` in a method that assigns it itself (its last assignment), else None."""
        if not scope.params or next(iter(scope.params)) != receiver or (scope.key, name) in self._own_busy:
            return None
        method = f"{scope.module}.{scope.qualname}"
        sites = [s for s in self._class_sites(method.rpartition(".")[0]).get(name, ()) if s[0] == method]
        if not sites or sites[-1][1].value is None:
            return None
        self._own_busy.add((scope.key, name))  # self.app = Wrapper(self.app): the inner one is the earlier value
        try:
            return self.evaluator.eval(sites[-1][1].value, scope, depth + 1, bind_as=f"{instance.key}.{name}")
        finally:
            self._own_busy.discard((scope.key, name))

    def method_scope(self, instance: Instance, method: str) -> Scope | None:
        """The body scope of ``method`` run on ``instance`` (``__init__``: with the creating call's arguments)."""
        key = (instance, method)
        if key in self._scopes:
            return self._scopes[key]
        body = self.program.body_scope(method)
        definition = self.program.definition(method)
        if body is None or not isinstance(definition, FunctionDef) or not definition.params:
            return None
        arguments: dict[str, Value] = {definition.params[0].name: instance}
        created_in = self.evaluator.scope_at(instance.scope_key)
        if method.endswith(".__init__") and created_in is not None:
            arguments = self._init_arguments(instance, method, created_in) or arguments
        scope = self.evaluator.bound_scope(body, arguments)
        self._scopes[key] = scope
        return scope

    def _init_arguments(self, instance: Instance, method: str, created_in: Scope) -> dict[str, Value]:
        """What ``method`` (an ``__init__`` of the instance's class or a base) is called with.

        The creating call runs the most derived ``__init__``; a base's runs with what the one
        before it passes up (``super().__init__(prefix)``), or with nothing known when it does not.
        """
        inits = [
            f"{k.dotted}.__init__"
            for k in self.evaluator.mro(instance.cls)
            if isinstance(k, DefRef) and isinstance(self.program.definition(f"{k.dotted}.__init__"), FunctionDef)
        ]
        if method not in inits or inits[0] == method:
            return bind_constructor(self.program, self.evaluator.eval, method, instance, created_in, 0)
        caller = inits[inits.index(method) - 1]
        caller_scope = self.method_scope(instance, caller)
        call = _init_call(self.program, caller)
        if caller_scope is None or call is None:
            return {}
        return bind_super_init(self.program, self.evaluator.eval, method, instance, call, caller_scope, 0)

    def _class_sites(self, dotted: str) -> dict[str, list[_Site]]:
        if dotted not in self._sites:
            self._sites[dotted] = _assignments(self.program, dotted)
        return self._sites[dotted]


def _assignments(program: Program, dotted: str) -> dict[str, list[_Site]]:
    """``self.<name> = value`` statements of the class ``dotted``'s own methods, by name, in source order."""
    found: dict[str, list[_Site]] = {}
    body = program.body_scope(dotted)
    for stmt in body.statements if body is not None else ():
        if not isinstance(stmt, FunctionDef) or not stmt.params or _is_static(stmt) or _handles_changes(stmt):
            continue
        receiver = stmt.params[0].name
        for inner in flat_statements(stmt.body):
            if isinstance(inner, Assign) and inner.op in ("=", ":") and not _is_none(inner.value):
                for target in inner.targets:
                    if _is_attribute_of(target, receiver):
                        found.setdefault(str(target.value), []).append((f"{dotted}.{stmt.name}", inner))
    return found


def _init_call(program: Program, init: str) -> Expr | None:
    """The call of the next ``__init__`` up in ``init``'s body (``super().__init__(...)``, ``Base.__init__(self)``)."""
    definition = program.definition(init)
    for stmt in flat_statements(definition.body) if isinstance(definition, FunctionDef) else ():
        value = getattr(stmt, "value", None)
        if isinstance(stmt, ExprStmt) and isinstance(value, Expr) and value.op is Op.CALL:
            callee = value.args[0]
            if callee.op is Op.ATTR and callee.value == "__init__":
                return value
    return None


def representative(program: Program, cls: DefRef) -> Instance | None:
    """An instance of analysed class ``cls`` standing for ``self`` in its methods (``pkg.server:Server()``)."""
    definition = program.definition(cls.dotted)
    where = program.defining_scope(cls.dotted)
    place = program.split(cls.dotted)
    if not isinstance(definition, ClassDef) or where is None or place is None:
        return None
    call = Expr(Op.CALL, None, (Expr(Op.NAME, definition.name, line=definition.line),), line=definition.line)
    return Instance(cls, f"{place[0]}:{place[1]}()", call, where.key)


def _is_static(definition: FunctionDef) -> bool:
    return any(d.op in (Op.NAME, Op.ATTR) and d.value in ("staticmethod", "classmethod") for d in definition.decorators)


def _handles_changes(definition: FunctionDef) -> bool:
    """Whether a method runs only when a traitlets trait changes (``@observe("x")``, ``@validate("x")``).

    With the configuration's defaults, which docgen reads, such a method never runs: what it
    stores on ``self`` is not the attribute's value.
    """
    return any(
        d.op is Op.CALL and d.args[0].op in (Op.NAME, Op.ATTR) and d.args[0].value in ("observe", "validate")
        for d in definition.decorators
    )


def _is_attribute_of(target: Expr, receiver: str) -> bool:
    return target.op is Op.ATTR and target.args[0].op is Op.NAME and target.args[0].value == receiver


def _is_none(value: Expr | None) -> bool:
    return value is None or (value.op is Op.CONST and value.value is None)

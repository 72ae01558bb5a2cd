"""What statements in function bodies give names: loop targets unpacked, and the attributes methods set on ``self``.

Two pieces of the evaluator that follow values through statements rather than expressions:
:func:`loop_bindings` binds a loop's target (``for path, resource in routes``) to one element of
the sequence it walks (and :func:`unpacked_target` a tuple assignment's target to its value), and
:class:`SelfAttributes` says what ``self.app`` is inside a method from
the assignments ``self.app = ...`` the class's own methods make.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from docgen.link.program import Program, Scope
from docgen.link.values import DefRef, Seq, Unknown, Value
from docgen.model.facts import Assign, ClassDef, Expr, For, FunctionDef, Op, Stmt


def loop_bindings(target: Expr, item: Value) -> dict[str, Value] | None:
    """The names a loop target binds to ``item``: ``x``, or ``(a, b)`` / ``[a, (b, c)]`` unpacked.

    An element that is not a sequence of the target's length binds each name to an unknown; a
    target that is not made of names (``for self.x in ...``) gives None.
    """
    if target.op is Op.NAME:
        return {str(target.value): item}
    if target.op not in (Op.TUPLE, Op.LIST):
        return None
    known = isinstance(item, Seq) and len(item.items) == len(target.args)
    bound: dict[str, Value] = {}
    for index, part in enumerate(target.args):
        inner = loop_bindings(part, item.items[index] if known and isinstance(item, Seq) else Unknown(unparsed(part)))
        if inner is None:
            return None
        bound.update(inner)
    return bound


def unpacked_target(targets: tuple[Expr, ...], name: str, value: Value) -> Value:
    """What tuple targets (``a, (b, c) = value``) bind ``name`` to: its item of a known sequence, else unknown."""
    for target in targets:
        bound = loop_bindings(target, value) if target.op in (Op.TUPLE, Op.LIST) else None
        if bound is not None and name in bound:
            return bound[name]
    return Unknown(name)


def unparsed(target: Expr) -> str:
    """A loop target's name (for an unknown it is bound to)."""
    return str(target.value) if target.op is Op.NAME else "..."


Evaluate = Callable[[Expr, Scope, int, "str | None"], Value]
"""``eval(expr, scope, depth, bind_as)`` of the evaluator."""
Mro = Callable[[DefRef], tuple[object, ...]]
"""The method resolution order of an analysed class."""


class SelfAttributes:
    """What ``self.name`` is in a method: the value the class's methods assign to it.

    Inside a method whose first parameter is ``self`` (unbound: the walk reads method bodies on
    their own), ``self.app`` is the value of an assignment ``self.app = ...`` made by a method of
    the class or of an analysed base: the last one in the method itself, else the one
    ``__init__`` makes, else the only one any method makes; outside the method itself, one that
    wraps the old value (``self.app = Wrapper(self.app)``) leaves it unknown, and assignments of
    ``None`` (placeholders until a later method sets the real object) do not count. The object
    made is named after the assigning class and the attribute (``module:Class.app``), so every
    method that uses it sees one object.
    """

    def __init__(self, program: Program, evaluate: Evaluate, mro: Mro) -> None:
        self._program = program
        self._eval = evaluate
        self._mro = mro
        self._index: dict[str, dict[str, list[tuple[str, Assign]]]] = {}
        self._busy: set[tuple[str, str]] = set()

    def value(self, scope: Scope, name: str, attribute: str, depth: int) -> Value | None:
        """``name.attribute`` in ``scope`` when ``name`` is a method's ``self``, else None."""
        cls = self._class_of(scope, name)
        if cls is None:
            return None
        method = scope.qualname.rpartition(".")[2]
        found = self._assignment(cls, method, attribute)
        if found is None or (cls.dotted, attribute) in self._busy:
            return None
        owner, stmt = found
        body = self._program.body_scope(owner)
        if body is None or stmt.value is None:
            return None
        self._busy.add((cls.dotted, attribute))
        try:
            return self._eval(
                stmt.value, body, depth + 1, f"{body.module}:{body.qualname.rpartition('.')[0]}.{attribute}"
            )
        finally:
            self._busy.discard((cls.dotted, attribute))

    def _class_of(self, scope: Scope, name: str) -> DefRef | None:
        """The class whose method ``scope`` is, when ``name`` is that method's unbound first parameter."""
        if not scope.params or next(iter(scope.params)) != name or name in scope.overrides or name in scope.bindings:
            return None
        owner, _, _ = scope.qualname.rpartition(".")
        dotted = f"{scope.module}.{owner}"
        if not owner or not isinstance(self._program.definition(dotted), ClassDef):
            return None
        return DefRef(dotted, True)

    def _assignment(self, cls: DefRef, method: str, attribute: str) -> tuple[str, Assign] | None:
        """``(assigning method, statement)`` that gives ``self.attribute`` in ``cls.method``."""
        found: list[tuple[str, Assign]] = []
        for klass in self._mro(cls):
            if isinstance(klass, DefRef):
                found.extend(self._assignments(klass.dotted).get(attribute, ()))
        own = [f for f in found if f[0].rpartition(".")[2] == method]
        if own:
            return own[-1]
        init = [f for f in found if f[0].rpartition(".")[2] == "__init__"]
        if init:
            return init[0] if len({f[0] for f in init}) == 1 and not _wraps(init[0][1], attribute) else None
        return found[0] if len(found) == 1 and not _wraps(found[0][1], attribute) else None

    def _assignments(self, class_dotted: str) -> dict[str, list[tuple[str, Assign]]]:
        """Attribute name → ``(method, assignment)`` of every ``self.x = value`` in the class's methods."""
        if class_dotted not in self._index:
            index: dict[str, list[tuple[str, Assign]]] = {}
            definition = self._program.definition(class_dotted)
            for stmt in definition.body if isinstance(definition, ClassDef) else ():
                if isinstance(stmt, FunctionDef) and stmt.params:
                    this = stmt.params[0].name
                    for assign in _assigns(stmt.body):
                        target = assign.targets[0]
                        if _is_attribute_of(target, this) and not _is_none(assign.value):
                            index.setdefault(str(target.value), []).append((f"{class_dotted}.{stmt.name}", assign))
            self._index[class_dotted] = index
        return self._index[class_dotted]


def _assigns(statements: tuple[Stmt, ...]) -> Iterator[Assign]:
    for stmt in statements:
        if isinstance(stmt, Assign) and stmt.op == "=" and len(stmt.targets) == 1:
            yield stmt
        elif isinstance(stmt, For):
            yield from _assigns(stmt.body)


def _is_attribute_of(target: Expr, name: str) -> bool:
    return target.op is Op.ATTR and target.args[0].op is Op.NAME and target.args[0].value == name


def _is_none(expr: Expr | None) -> bool:
    return expr is None or (expr.op is Op.CONST and expr.value is None)


def _wraps(stmt: Assign, attribute: str) -> bool:
    """Whether the assigned value reads the attribute it replaces (``self.app = Wrapper(self.app)``)."""

    def reads(expr: Expr) -> bool:
        if expr.op is Op.ATTR and expr.value == attribute and expr.args[0].op is Op.NAME:
            return True
        return any(reads(a) for a in expr.args) or any(reads(v) for _, v in expr.kwargs)

    return stmt.value is not None and reads(stmt.value)

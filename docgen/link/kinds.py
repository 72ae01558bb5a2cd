"""``isinstance``/``issubclass`` decided on known classes, ``str()`` of objects, ``dir()`` of an analysed module.

``isinstance(obj, C)`` of an object made by calling a known class, and ``issubclass(K, C)`` of a
known class, are true when ``C`` (or one class of a tuple of them) is in the class's method
resolution order. They are false when it is not and cannot be: ``C`` is a class of the analysed
code (no library class derives from it) and every base of every analysed class on the way is
known. A constant is an instance of the builtin type of its value (``isinstance("x", str)``) and
of no analysed class. Anything else (a class whose bases docgen could not evaluate, an external
``C`` an external base may derive from, ``issubclass`` of something that is not a class, which
raises) stays unknown.

``str(obj)`` of an object of an analysed class is what the ``__str__`` it inherits returns (a
library class on the way, which may define its own, leaves it unknown).

``dir(module)`` of an analysed module is the sorted list of the names Python gives it: its
top-level bindings (imports, definitions, assignments, loop variables), the attributes the
import system sets (``__name__``, ``__doc__``, ...; ``__path__`` of a package) and, for a package,
its analysed submodules that some analysed module imports. It stays unknown when the module has
a star import or updates its own namespace, or binds a name only under a condition docgen
cannot decide.
"""

from __future__ import annotations

from docgen.link.hierarchy import ClassHierarchies
from docgen.link.program import Scope, bound_names, flat_statements
from docgen.link.reflection import ReflectionEvaluator
from docgen.link.unparse import unparse
from docgen.link.values import Const, DefRef, External, Instance, ModuleRef, Seq, Unknown, Value
from docgen.model.facts import Expr, For, FunctionDef, Import, Op, Stmt

KINDS = frozenset({"builtins.isinstance", "builtins.issubclass", "builtins.dir"})
"""Calls :meth:`KindEvaluator.kind_call` evaluates."""

_MODULE_ATTRIBUTES = ("__builtins__", "__cached__", "__doc__", "__file__", "__loader__", "__name__", "__package__")
_TYPES: dict[str, type | tuple[type, ...]] = {
    "builtins.str": str,
    "builtins.int": int,
    "builtins.float": float,
    "builtins.bool": bool,
    "builtins.complex": complex,
    "builtins.object": object,
}


class KindEvaluator(ReflectionEvaluator):
    """Evaluates ``isinstance``, ``issubclass`` and ``dir`` (a base of :class:`~docgen.link.evaluate.Evaluator`)."""

    hierarchies: ClassHierarchies  # set by :class:`docgen.link.evaluate.Evaluator`

    def kind_call(self, callee: str, call: Expr, scope: Scope, depth: int) -> Value:
        """A call of one of :data:`KINDS`."""
        args = call.positional
        if callee == "builtins.dir":
            target = self.eval(args[0], scope, depth + 1) if len(args) == 1 and not call.kwargs else None
            names = self.module_names(target.name) if isinstance(target, ModuleRef) else None
            return Seq(tuple(Const(n) for n in names)) if names is not None else Unknown(unparse(call))
        if len(args) != 2 or call.kwargs:
            return Unknown(unparse(call))
        subject, wanted = (self.eval(a, scope, depth + 1) for a in args)
        classes = wanted.items if isinstance(wanted, Seq) else (wanted,)
        if callee == "builtins.isinstance":
            outcomes = [self._instance_of(subject, c) for c in classes]
        else:
            known = subject if isinstance(subject, DefRef | External) else None
            outcomes = [self._derives(known, c) if known is not None else None for c in classes]
        if True in outcomes:
            return Const(True)
        return Const(False) if outcomes and None not in outcomes else Unknown(unparse(call))

    def text_value(self, value: Value, call: Expr, depth: int) -> Value:
        """``str(value)``: a constant's text, or what the analysed ``__str__`` of an object's class returns."""
        if isinstance(value, Const):
            return Const(str(value.value))
        if isinstance(value, Instance):
            for klass in self.mro(value.cls):
                if klass == External("builtins.object"):
                    break
                method = f"{klass.dotted}.__str__"
                definition = self.program.definition(method) if isinstance(klass, DefRef) else None
                if isinstance(definition, FunctionDef) and definition.params:
                    text = self.returns(method, depth + 1, {definition.params[0].name: value})
                    return text if isinstance(text, Const) and isinstance(text.value, str) else Unknown(unparse(call))
                if not isinstance(klass, DefRef) or definition is not None:  # a library class may define it
                    break
        return Unknown(unparse(call))

    def _instance_of(self, subject: Value, wanted: Value) -> bool | None:
        if isinstance(subject, Instance):
            return self._derives(subject.cls, wanted)
        if isinstance(subject, Const) and isinstance(wanted, External) and wanted.dotted in _TYPES:
            return isinstance(subject.value, _TYPES[wanted.dotted])
        if isinstance(subject, Const) and isinstance(wanted, DefRef) and wanted.is_class:
            return False
        return None

    def _derives(self, cls: DefRef | External, wanted: Value) -> bool | None:
        """Whether class ``cls`` is ``wanted`` or derives from it; None when that cannot be told."""
        if isinstance(cls, DefRef) and not cls.is_class:
            return None
        if not (isinstance(wanted, External) or (isinstance(wanted, DefRef) and wanted.is_class)):
            return None
        lineage = {k.dotted for k in self.mro(cls)}
        name = self.hierarchies.canonical(wanted.dotted) if isinstance(wanted, External) else wanted.dotted
        if name in lineage:
            return True
        analysed = isinstance(wanted, DefRef) and wanted.dotted.rpartition(".")[0] in self.program.modules
        if wanted == External("builtins.object"):
            return True
        return False if analysed and self.hierarchies.complete(cls) else None

    def module_names(self, module: str) -> list[str] | None:
        """What ``dir()`` of an analysed module gives (see the module docstring), None when it cannot be told."""
        module = self.program.canonical(module)
        facts = self.program.facts(module)
        if facts is None or not facts.parsed:
            return None
        scope = self.program.module_scope(module)
        names = set(_MODULE_ATTRIBUTES) | {"__spec__"} | ({"__path__"} if facts.is_package else set())
        for stmt in flat_statements(facts.body):
            if isinstance(stmt, Import) and stmt.name == "*":
                return None
            bound = _names_bound(stmt)
            if not bound:
                continue
            if stmt.guard and self.skips(stmt, scope):
                continue
            runs: bool | None = self.runs_surely(stmt, scope) or None
            if isinstance(stmt, For) and runs:  # a loop binds its variables only when it runs once at least
                sequence = self.loop_sequence(stmt, scope)
                runs = None if sequence is None else bool(sequence.items)
            if runs is None and not _bound_surely(bound, facts.body):
                return None
            if runs is not False:
                names.update(bound)
        if self.opens_namespace(module):
            return None
        if facts.is_package:
            names.update(self._imported_submodules(module))
        return sorted(names)

    def _imported_submodules(self, package: str) -> set[str]:
        """The analysed direct submodules of ``package`` some analysed module imports."""
        found: set[str] = set()
        prefix = package + "."
        for facts in self.program.modules.values():
            for stmt in flat_statements(facts.body):
                if not isinstance(stmt, Import):
                    continue
                for dotted in (stmt.module, f"{stmt.module}.{stmt.name}" if stmt.name else stmt.module):
                    if dotted.startswith(prefix):
                        child = dotted[len(prefix) :].partition(".")[0]
                        if child and self.program.has_module(prefix + child):
                            found.add(child)
        return found


def _names_bound(stmt: Stmt) -> set[str]:
    """The module-level names a statement binds (a loop: its target's names)."""
    if isinstance(stmt, For):
        return set(_target_names(stmt.target))
    return set(bound_names(stmt))


def _target_names(target: Expr) -> list[str]:
    if target.op is Op.NAME:
        return [str(target.value)]
    if target.op in (Op.TUPLE, Op.LIST):
        return [n for t in target.args for n in _target_names(t)]
    return []


def _bound_surely(names: set[str], body: tuple[Stmt, ...]) -> bool:
    """Whether an unconditional top-level statement binds every one of ``names`` too."""
    surely: set[str] = set()
    for stmt in body:
        if not stmt.guard and not isinstance(stmt, For):
            surely |= _names_bound(stmt)
    return names <= surely

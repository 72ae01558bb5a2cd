"""Reflection: ``getattr``/``hasattr`` of a known name, a class's own ``__getattr__``, imports by dotted name.

A proxy object (``model_settings = SettingsProxy()``) often answers every attribute through
``def __getattr__(self, item): return getattr(self._target, item)``. :class:`ReflectionEvaluator`
reads such code: an attribute an analysed class does not define is what its ``__getattr__``
returns with ``item`` bound to the attribute's name, and ``getattr(obj, "name")`` with a known
name is ``obj.name`` (its default when ``obj`` is an analysed module or class known not to have
the attribute). What the proxied object is stays as known as the code makes it: a model built
from the project's settings at run time (``Model.model_validate(settings)``) is not known.

``hasattr(obj, "name")`` is true or false where the code tells: an analysed module binds the name
or not (and cannot gain it at run time: no code stores an attribute of that name on any object,
and the module does not update its own namespace with ``locals().update(...)``), an analysed
class (or an instance of one) defines it or not in its analysed bases, and a framework class
whose attributes an extractor listed (:meth:`ReflectionEvaluator.add_closed_class`) has it or
not; otherwise it stays unknown. ``import_module``/``import_string`` of a known string
give the module or member it names, and ``importlib.util.find_spec`` of one is true when the
module is analysed (or in a library), None (what it returns for a missing module) when its
package is analysed and holds no such module, else unknown.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Mapping
from typing import TYPE_CHECKING

from docgen.link.calls import CallEvaluator
from docgen.link.hierarchy import ClassRef
from docgen.link.program import Scope
from docgen.link.unparse import unparse
from docgen.link.values import IMPORTERS, Const, DefRef, External, Instance, ModuleRef, Unknown, Value
from docgen.model.facts import Assign, Expr, ExprStmt, FunctionDef, Op

if TYPE_CHECKING:
    from docgen.link.program import Program

_OBJECT = "builtins.object"
_NAMESPACES = frozenset({"locals", "globals", "vars"})
REFLECTIVE = frozenset({"builtins.getattr", "builtins.hasattr", "importlib.util.find_spec"})
"""Calls :meth:`ReflectionEvaluator.reflect` evaluates."""


class ReflectionEvaluator(CallEvaluator):
    """Evaluates reflection and ``__getattr__`` fallbacks (a base of :class:`~docgen.link.evaluate.Evaluator`)."""

    _closed: Mapping[str, frozenset[str]] = {}
    _gained: tuple[frozenset[str], frozenset[str]] | None = None  # see _may_gain

    def add_closed_class(self, dotted: str, attributes: frozenset[str]) -> None:
        """Teach the evaluator every attribute an external class has (its dunder names aside).

        ``hasattr`` of an instance of it, or of an analysed subclass, is then decided by them.
        """
        self._closed = {**self._closed, dotted: attributes}

    def reflect(self, callee: str, call: Expr, scope: Scope, depth: int) -> Value:
        """A call of one of :data:`REFLECTIVE`."""
        if callee == "builtins.getattr":
            return self.builtin_getattr(call, scope, depth)
        if callee == "builtins.hasattr":
            return self.builtin_hasattr(call, scope, depth)
        return self.find_spec(call, scope, depth)

    @abstractmethod
    def instance_defines(self, instance: Instance, name: str, depth: int) -> bool:
        """Whether a hook or a method of its class gives ``instance`` ``name``: the Evaluator tells."""

    @abstractmethod
    def attribute(self, base: Value, name: str, expr: Expr, depth: int = 0) -> Value:
        """``base.name``: :class:`docgen.link.evaluate.Evaluator` implements it."""

    @abstractmethod
    def class_attribute(self, cls: DefRef, name: str, depth: int = 0) -> Value | None:
        """A class attribute's default: :class:`docgen.link.evaluate.Evaluator` implements it."""

    def fallback_attribute(self, instance: Instance, name: str, depth: int) -> Value | None:
        """``instance.name`` as the analysed ``__getattr__`` of its class returns it, None without one."""
        found = self.fallback_attribute_of(instance.cls)
        if found is None:
            return None
        dotted, definition = found
        bound: dict[str, Value] = {definition.params[0].name: instance, definition.params[1].name: Const(name)}
        value = self.returns(dotted, depth + 1, bound)
        return None if isinstance(value, Unknown) and "{?" not in value.text else value  # unknown as written

    def outside_member(self, cls: ClassRef, name: str) -> External | None:
        """``name`` inherited from the first outside class in ``cls``'s MRO, none of its analysed classes binding it.

        ``api.namespace`` of a project's ``class API(flask_restx.Api)`` reads as it does on an
        ``Api`` itself: ``flask_restx.Api.namespace``.
        """
        return next((External(f"{k.dotted}.{name}") for k in self.mro(cls) if isinstance(k, External)), None)

    def fallback_attribute_of(self, cls: ClassRef) -> tuple[str, FunctionDef] | None:
        """The analysed ``__getattr__(self, item)`` of a class or its bases: its dotted name and definition."""
        for klass in self.mro(cls):
            definition = self.program.definition(f"{klass.dotted}.__getattr__") if isinstance(klass, DefRef) else None
            if isinstance(definition, FunctionDef) and len(definition.params) == 2:
                return f"{klass.dotted}.__getattr__", definition
        return None

    def builtin_getattr(self, call: Expr, scope: Scope, depth: int) -> Value:
        """``getattr(obj, name)`` of a known name is ``obj.name``; with a default, that when ``obj`` lacks it.

        Only an analysed module or class is known to lack an attribute (no binding of it, in
        the class's bases neither); of anything else the value stays unknown.
        """
        args = call.positional
        name = self.eval(args[1], scope, depth + 1) if len(args) in (2, 3) and not call.kwargs else None
        if not (isinstance(name, Const) and isinstance(name.value, str)):
            return Unknown(unparse(call))
        owner = self.eval(args[0], scope, depth + 1)
        if len(args) == 3 and self._lacks(owner, name.value, depth):
            return self.eval(args[2], scope, depth + 1)
        return self.attribute(owner, name.value, Expr(Op.ATTR, name.value, (args[0],)), depth + 1)

    def builtin_hasattr(self, call: Expr, scope: Scope, depth: int) -> Value:
        """``hasattr(obj, name)`` of a known name: true or false where the code tells (see the module), else unknown."""
        args = call.positional
        name = self.eval(args[1], scope, depth + 1) if len(args) == 2 and not call.kwargs else None
        if not (isinstance(name, Const) and isinstance(name.value, str)):
            return Unknown(unparse(call))
        owner = self.eval(args[0], scope, depth + 1)
        if self._has(owner, name.value, depth):
            return Const(True)
        listed = not (isinstance(owner, DefRef) and owner.is_class) or self._listed(owner)  # its bases tell, too
        return Const(False) if listed and self._lacks(owner, name.value, depth) else Unknown(unparse(call))

    def _has(self, owner: Value, name: str, depth: int) -> bool:
        """Whether an analysed module binds ``name``, or a class (or an object) surely has it."""
        if isinstance(owner, ModuleRef) and self.program.has_module(owner.name):
            module = self.program.module_scope(owner.name)
            return name in module.bindings or self._star_provider(module, name, depth) is not None
        if isinstance(owner, Instance) and self.instance_defines(owner, name, depth):
            return True
        cls = owner.cls if isinstance(owner, Instance) else owner if isinstance(owner, DefRef) else None
        return isinstance(cls, DefRef | External) and any(self._defines(k, name) for k in self.mro(cls))

    def _defines(self, cls: ClassRef, name: str) -> bool:
        """Whether ``cls``'s own body binds ``name`` (an external class: whether its listed attributes hold it)."""
        if isinstance(cls, External):
            return name in self._closed.get(cls.dotted, ())
        scope = self.program.body_scope(cls.dotted)
        return scope is not None and name in scope.bindings

    def _lacks(self, owner: Value, name: str, depth: int) -> bool:
        """Whether an analysed module or class is known not to have the attribute ``name``.

        An object is, when no hook or method of its class gives it one and every class of its
        MRO is analysed or has its attributes listed, none defining it.
        """
        if isinstance(owner, ModuleRef) and self.program.has_module(owner.name):
            module = self.program.module_scope(owner.name)
            known = name in module.bindings or self.program.has_module(f"{owner.name}.{name}")
            known = known or self._star_provider(module, name, depth) is not None
            return not known and not self._may_gain(owner.name, name)
        if isinstance(owner, DefRef) and owner.is_class:
            return self.class_attribute(owner, name, depth) is None and self.fallback_attribute_of(owner) is None
        if isinstance(owner, Instance) and not name.startswith("__"):
            mro = self.mro(owner.cls)
            if not self._listed(owner.cls) or any(self._defines(k, name) for k in mro):
                return False
            return not self.fallback_attribute_of(owner.cls) and not self.instance_defines(owner, name, depth)
        return False

    def _listed(self, cls: ClassRef) -> bool:
        """Whether every class of ``cls``'s MRO is analysed or has its attributes listed (``object``'s go without)."""
        return all(isinstance(k, DefRef) or k.dotted in self._closed or k.dotted == _OBJECT for k in self.mro(cls))

    def opens_namespace(self, module: str) -> bool:
        """Whether the module updates its own namespace at run time (``globals().update(...)``)."""
        self._may_gain(module, "")
        assert self._gained is not None
        return module in self._gained[1]

    def _may_gain(self, module: str, name: str) -> bool:
        """Whether the module may be given ``name`` at run time (see the module docstring)."""
        if self._gained is None:
            self._gained = _run_time_attributes(self.program)
        stored, open_modules = self._gained
        return name in stored or module in open_modules

    def find_spec(self, call: Expr, scope: Scope, depth: int) -> Value:
        """``importlib.util.find_spec(name)`` of a known absolute name: true, None, or unknown (see the module)."""
        args = call.positional
        name = self.eval(args[0], scope, depth + 1) if len(args) == 1 and not call.kwargs else None
        text = name.value if isinstance(name, Const) and isinstance(name.value, str) else ""
        if not all(text.split(".")):  # unknown, empty or relative (``find_spec(".x", package)``)
            return Unknown(unparse(call))
        if self.program.has_module(self.program.canonical(text)):
            return Const(True)
        package = text.rpartition(".")[0]
        analysed = package and self.program.canonical(package) in self.program.modules
        return Const(None) if analysed else Unknown(unparse(call))

    def imported(self, importer: str, name: Value, expr: Expr, depth: int) -> Value:
        """``import_module("pkg.mod")`` / ``import_string("pkg.mod.Name")`` of a known dotted name.

        An analysed (or library) module gives its module or its member; another name stays the
        external it names.
        """
        if not (isinstance(name, Const) and isinstance(name.value, str) and name.value.strip(".")):
            return Unknown(unparse(expr))
        dotted = name.value.replace(":", ".")  # werkzeug's "pkg.mod:Name"
        if IMPORTERS[importer] == "module":
            module = self.program.canonical(dotted)
            return ModuleRef(module) if self.program.has_module(module) else External(dotted)
        owner, _, attr = dotted.rpartition(".")
        module = self.program.canonical(owner)
        if owner and self.program.has_module(module):
            return self.member(module, attr, depth + 1)
        return External(dotted)


def _run_time_attributes(program: Program) -> tuple[frozenset[str], frozenset[str]]:
    """The attribute names the analysed code stores on objects, and the modules updating their own namespace.

    ``config.X = True`` and ``setattr(obj, "X", value)`` store ``X`` (on what, docgen does not
    ask); ``locals().update(...)``, ``globals()[key] = value`` and the like open a module's namespace.
    """
    stored: set[str] = set()
    open_modules: set[str] = set()
    for scope, stmt in program.walk():
        if isinstance(stmt, Assign):
            todo = list(stmt.targets)
            while todo:
                target = todo.pop()
                if target.op is Op.ATTR:
                    stored.add(str(target.value))
                elif target.op in (Op.TUPLE, Op.LIST):
                    todo.extend(target.args)
                elif target.op is Op.SUBSCRIPT and _namespace(target.args[0]):
                    open_modules.add(scope.module)
        elif isinstance(stmt, ExprStmt) and stmt.value.op is Op.CALL:
            callee, args = stmt.value.args[0], stmt.value.positional
            if callee.op is Op.NAME and callee.value == "setattr" and len(args) == 3 and args[1].op is Op.STR:
                stored.add(str(args[1].value))
            elif callee.op is Op.ATTR and callee.value in ("update", "setdefault") and _namespace(callee.args[0]):
                open_modules.add(scope.module)
    return frozenset(stored), frozenset(open_modules)


def _namespace(expr: Expr) -> bool:
    """Whether ``expr`` is ``locals()``, ``globals()`` or ``vars()``: a namespace as a dict."""
    return (
        expr.op is Op.CALL and expr.args[0].op is Op.NAME and expr.args[0].value in _NAMESPACES and not expr.positional
    )

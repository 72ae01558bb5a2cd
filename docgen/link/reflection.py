"""Attributes found by reflection: ``getattr(obj, "name")`` and a class's own ``__getattr__``.

A proxy object (``model_settings = SettingsProxy()``) often answers every attribute through
``def __getattr__(self, item): return getattr(self._target, item)``. :class:`ReflectionEvaluator`
reads such code: an attribute an analysed class does not define is what its ``__getattr__``
returns with ``item`` bound to the attribute's name, and ``getattr(obj, "name")`` with a known
name is ``obj.name`` (its default when ``obj`` is an analysed module or class known not to have
the attribute). What the proxied object is stays as known as the code makes it: a model built
from the project's settings at run time (``Model.model_validate(settings)``) is not known.
"""

from __future__ import annotations

from abc import abstractmethod

from docgen.link.calls import CallEvaluator
from docgen.link.program import Scope
from docgen.link.unparse import unparse
from docgen.link.values import Const, DefRef, External, Instance, ModuleRef, Unknown, Value
from docgen.model.facts import Expr, FunctionDef, Op

ClassRef = DefRef | External


class ReflectionEvaluator(CallEvaluator):
    """Evaluates ``getattr`` and ``__getattr__`` fallbacks (a base of :class:`~docgen.link.evaluate.Evaluator`)."""

    @abstractmethod
    def attribute(self, base: Value, name: str, expr: Expr, depth: int = 0) -> Value:
        """``base.name``: :class:`docgen.link.evaluate.Evaluator` implements it."""

    @abstractmethod
    def mro(self, cls: ClassRef) -> tuple[ClassRef, ...]:
        """A class's method resolution order: :class:`docgen.link.evaluate.Evaluator` implements it."""

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

    def _lacks(self, owner: Value, name: str, depth: int) -> bool:
        """Whether an analysed module or class is known not to have the attribute ``name``."""
        if isinstance(owner, ModuleRef) and self.program.has_module(owner.name):
            module = self.program.module_scope(owner.name)
            known = name in module.bindings or self.program.has_module(f"{owner.name}.{name}")
            return not known and self._star_provider(module, name, depth) is None
        if isinstance(owner, DefRef) and owner.is_class:
            return self.class_attribute(owner, name, depth) is None and self.fallback_attribute_of(owner) is None
        return False

"""Static evaluation of expressions: what a name, a path or a prefix is, without running anything.

Evaluates literals, names bound in a scope, imports across modules (aliases, re-exports, star imports), class
attribute defaults (settings classes), ``os.getenv``/``os.environ.get`` defaults, f-strings, concatenation,
``str()``, factory functions (what they return) and loops over known sequences; ``a if test else b`` with an
undecided test and two lists is both lists, each item under its side. Anything else is :class:`Unknown`, carrying
its source text for a placeholder. Following names to their bindings is :mod:`docgen.link.bindings`', comprehensions
and sets :mod:`docgen.link.sequences`', loops :mod:`docgen.link.loops`' and what calls of analysed functions return
:mod:`docgen.link.calls`' (the bases of :class:`Evaluator`); the value types are :mod:`docgen.link.values`',
re-exported here for the extractors.
"""

from __future__ import annotations

from collections.abc import Callable

from docgen.diagnostics import Reporter
from docgen.link.bindings import MAX_DEPTH
from docgen.link.budget import Budget
from docgen.link.conditions import boolean_value, sides, truth
from docgen.link.getters import SettingsGetters
from docgen.link.hierarchy import ClassHierarchies, ClassRef
from docgen.link.instances import InstanceAttributes
from docgen.link.kinds import KINDS, KindEvaluator
from docgen.link.program import Program, Scope
from docgen.link.reflection import REFLECTIVE
from docgen.link.stdlib import PURE_FUNCTIONS, parsed_part, pure_call
from docgen.link.traits import tagged, trait_default
from docgen.link.unparse import short, unparse
from docgen.link.values import (
    ENV_GETTERS,
    FIELD_SPECIFIERS,
    IMPORTERS,
    Choice,
    Const,
    DefRef,
    Dict,
    External,
    Instance,
    ModuleRef,
    Seq,
    Unknown,
    Value,
    add_values,
    distributed,
    either,
    joined,
    percent_format,
    placeholder,
    str_method,
    text_of,
)
from docgen.model.facts import Expr, FunctionDef, Op

__all__ = [
    "AttributeHook",
    "CallHook",
    "Choice",
    "Const",
    "DefRef",
    "Dict",
    "Evaluator",
    "External",
    "Instance",
    "ModuleRef",
    "Seq",
    "Unknown",
    "Value",
    "placeholder",
    "text_of",
]


class Evaluator(KindEvaluator):
    """Evaluates expressions in scopes of one :class:`Program`, memoising bindings.

    ``reporter`` receives the few diagnostics evaluation itself gives (a cyclic class hierarchy,
    a module over its :class:`~docgen.link.budget.Budget`).
    """

    def __init__(self, program: Program, reporter: Reporter | None = None, budget: Budget | None = None) -> None:
        super().__init__(program, reporter)
        self.budget = budget or Budget(reporter, self._path_of)
        self._attribute_hooks: dict[str, AttributeHook] = {}
        self._method_hooks: dict[str, tuple[frozenset[str], MethodHook]] = {}
        self._call_hooks: dict[str, tuple[frozenset[str], CallHook]] = {}
        self.hierarchies = ClassHierarchies(program, self.eval, reporter, self._path_of, self.value_before)
        self.instance_attributes = InstanceAttributes(program, self)
        self.settings_getters = SettingsGetters(program, self.eval, self.mro)
        self._attribute_hooks["urllib.parse"] = lambda instance, name, depth: parsed_part(self, instance, name, depth)

    def _forget(self) -> None:
        """Drop what was memoised (a hook or alias may change it)."""
        self._memo.clear()
        self._prefixes.clear()
        self._truths.clear()
        self._returns.clear()
        self._deferred.clear()
        self.hierarchies.forget()
        self.instance_attributes.forget()

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
        self._forget()
        return True

    def add_method_hook(self, name: str, methods: frozenset[str], hook: MethodHook) -> bool:
        """Teach the evaluator what calls of ``methods`` on objects of an external class give.

        ``hook(receiver, method, arguments, depth)`` returns the value of ``receiver.method(*arguments)``
        (positional arguments evaluated; ``obj[key]`` is asked as ``__getitem__``), or None when
        it does not know it (a Flask app's ``app.config["PREFIX"]`` is read from what filled the
        config). Named and memo-forgetting like :meth:`add_attribute_hook`.
        """
        if name in self._method_hooks:
            return False
        self._method_hooks[name] = (methods, hook)
        self._forget()
        return True

    def add_call_hook(self, name: str, functions: frozenset[str], hook: CallHook) -> bool:
        """Teach the evaluator what calls of external ``functions`` (dotted names) give.

        ``hook(function, arguments, depth)`` returns the value of ``function(*arguments)``
        (positional arguments evaluated), or None when it does not know it (Django's
        ``get_language()`` is the project's ``LANGUAGE_CODE``). Named and memo-forgetting like
        :meth:`add_attribute_hook`.
        """
        if name in self._call_hooks:
            return False
        self._call_hooks[name] = (functions, hook)
        self._forget()
        return True

    def _method(self, receiver: Value, method: str, arguments: list[Value], depth: int) -> Value | None:
        """What a method hook says ``receiver.method(*arguments)`` is, if one knows."""
        if not isinstance(receiver, Instance):
            return None
        for methods, hook in self._method_hooks.values():
            found = hook(receiver, method, arguments, depth) if method in methods else None
            if found is not None:
                return found
        return None

    def add_external_alias(self, dotted: str, value: Value) -> None:
        """Teach the evaluator that an external name stands for an analysed value.

        Django's ``django.conf.settings`` is the settings module the project names, so
        ``settings.AVATAR_PATH`` is read from that module. What was memoised before is forgotten.
        """
        self._aliases[dotted] = value
        self._forget()

    # --- expressions -------------------------------------------------------------------------

    def eval(self, expr: Expr, scope: Scope, depth: int = 0, bind_as: str | None = None) -> Value:
        """Evaluate ``expr`` in ``scope``; ``bind_as`` names an object created by this expression."""
        if self.budget.charge(scope.module):
            return Unknown(unparse(expr))
        if depth > MAX_DEPTH:
            self.too_deep(repr(short(expr)), scope.module, expr.line or self.line)
            return Unknown(unparse(expr))
        op = expr.op
        if op in (Op.STR, Op.NUM, Op.CONST):
            return Const(expr.value)
        if op is Op.NAME:
            return self.lookup(scope, str(expr.value), depth + 1)
        if op is Op.ATTR:
            base = self.eval(expr.args[0], scope, depth + 1)
            if isinstance(base, Instance) and expr.args[0].op is Op.NAME:  # self.app in a method assigning it
                own = self.instance_attributes.own(scope, str(expr.args[0].value), base, str(expr.value), depth + 1)
                if own is not None:
                    return own
            return self.attribute(base, str(expr.value), expr, depth + 1)
        if op is Op.CALL:
            return self.call(expr, scope, depth + 1, bind_as)
        if op is Op.FSTRING:
            return self._fstring(expr, scope, depth + 1)
        if op in (Op.LIST, Op.TUPLE, Op.SET):
            parts: list[Seq] = []
            for item in expr.args:
                inner = self.eval(item.args[0] if item.op is Op.STARRED else item, scope, depth + 1)
                parts.append(inner if item.op is Op.STARRED and isinstance(inner, Seq) else Seq((inner,)))
            return self._bounded(joined(*parts), expr, scope)
        if op is Op.BINOP and expr.value == "+":
            left, right = self.eval(expr.args[0], scope, depth + 1), self.eval(expr.args[1], scope, depth + 1)
            return self._bounded(add_values(left, right, expr), expr, scope)
        if op is Op.BINOP and expr.value == "%":
            left, right = self.eval(expr.args[0], scope, depth + 1), self.eval(expr.args[1], scope, depth + 1)
            return self._bounded(percent_format(left, right, expr), expr, scope)
        if op is Op.SUBSCRIPT and len(expr.args) == 2:
            base, index = self.eval(expr.args[0], scope, depth + 1), self.eval(expr.args[1], scope, depth + 1)
            found = self.item(base, index)
            if found is None and self._method_hooks:
                found = self._method(base, "__getitem__", [index], depth + 1)
            if found is not None:
                return found
        if op in (Op.BOOLOP, Op.COMPARE):  # `a or b`, `idx == 0`: as far as the truths on the way are known
            return boolean_value(self.eval, expr, scope, depth + 1)
        if op is Op.IFEXP:  # `a if test else b`: the branch the test picks; `a` when it cannot be told
            picked = truth(self.eval, expr.args[1], scope, depth + 1)
            first = self.eval(expr.args[2] if picked is False else expr.args[0], scope, depth + 1)
            return either(first, picked, lambda: self.eval(expr.args[2], scope, depth + 1), sides(expr.args[1]))
        if op is Op.COMP:
            return self.comprehension(expr, scope, depth + 1)
        if op is Op.DICT:
            return self.mapping(expr, scope, depth + 1)
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
            assigned = self.instance_attributes.value(base, name, depth + 1)  # self.<name> = ... in a method
            if assigned is not None:
                return assigned
            passed = base.call.kwarg(name) if base.call.op is Op.CALL else None
            where = self.scope_at(base.scope_key)
            if passed is not None and where is not None:  # RunSettings(root_path="/o").root_path
                if self._own_init(base.cls):
                    return Unknown(unparse(expr))  # its __init__ may store the argument its own way
                return self.eval(passed, where, depth + 1)
            found = self.class_attribute(base.cls, name, depth) or self.fallback_attribute(base, name, depth)
            found = found or self.outside_member(base.cls, name)  # inherited from an outside base
            if isinstance(found, DefRef) and self._is_property(found.dotted):
                return self.returns(found.dotted, depth + 1, {self._first_param(found.dotted): base})
            if isinstance(found, Instance) and isinstance(found.cls, External) and found.cls.dotted in FIELD_SPECIFIERS:
                found = self._field_default(found, depth)
            elif isinstance(found, Instance):
                found = trait_default(self, base, name, found, depth) or found
            if found is not None and not isinstance(found, Const):  # an entry its constructor replaces
                found = self.settings_getters.default(base.cls, name, depth + 1) or found
            return found if found is not None else Unknown(unparse(expr))
        if isinstance(base, Instance):  # an attribute of an external object: db.Model, api.namespace
            return External(f"{base.cls.dotted}.{name}")
        return Unknown(unparse(expr))

    def instance_defines(self, instance: Instance, name: str, depth: int) -> bool:
        """Whether an attribute hook or an assignment in a method of its analysed class gives ``instance`` ``name``."""
        if any(hook(instance, name, depth + 1) is not None for hook in self._attribute_hooks.values()):
            return True
        analysed = isinstance(instance.cls, DefRef)
        return analysed and self.instance_attributes.value(instance, name, depth + 1) is not None

    def _field_default(self, spec: Instance, depth: int) -> Value | None:
        """The default a field specifier declares: ``Field("x")``, ``default=``, or a call of ``default_factory=``."""
        call, where = spec.call, self.scope_at(spec.scope_key)
        if where is None:
            return None
        default = call.kwarg("default") or (call.positional[0] if call.positional else None)
        if default is not None and not (default.op is Op.CONST and default.value == "..."):
            return self.eval(default, where, depth + 1)
        factory = call.kwarg("default_factory") or call.kwarg("factory")
        if factory is not None:
            return self.eval(Expr(Op.CALL, None, (factory,), line=call.line), where, depth + 1)
        return None

    def _own_init(self, cls: DefRef) -> bool:
        """Whether an analysed class in ``cls``'s MRO defines ``__init__`` (then it may store arguments its own way)."""
        return any(isinstance(k, DefRef) and self.program.definition(f"{k.dotted}.__init__") for k in self.mro(cls))

    def scope_at(self, key: str) -> Scope | None:
        """The scope a ``module:qualname`` key names (``Instance.scope_key``), if analysed.

        Keys of a call's or a loop's own scope (``...#call3``) give that scope, with its bound arguments, while
        the evaluator still knows it; otherwise the plain body scope.
        """
        known = self.scope(key)
        if known is not None:
            return known
        module, _, qualname = key.partition(":")
        qualname = qualname.split("#", 1)[0]
        if not self.program.has_module(module):
            return None
        return self.program.module_scope(module) if not qualname else self.program.body_scope(f"{module}.{qualname}")

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

    def bases(self, cls: ClassRef) -> tuple[ClassRef, ...]:
        """The direct bases of an analysed class, in order (see :class:`ClassHierarchies`)."""
        return self.hierarchies.bases(cls)

    def mro(self, cls: ClassRef) -> tuple[ClassRef, ...]:
        """The class's C3 method resolution order (see :class:`ClassHierarchies`)."""
        return self.hierarchies.mro(cls)

    def lineage(self, cls: ClassRef) -> set[str]:
        """Dotted names of the class and all its bases (``fastapi.APIRouter``, ...)."""
        return {c.dotted for c in self.mro(cls)}

    def call(self, expr: Expr, scope: Scope, depth: int, bind_as: str | None = None) -> Value:
        """The value a call produces: an instance, a factory's return value, or a known builtin."""
        if self._method_hooks and expr.args[0].op is Op.ATTR and not expr.kwargs:
            method = str(expr.args[0].value)
            if any(method in methods for methods, _ in self._method_hooks.values()):
                receiver = self.eval(expr.args[0].args[0], scope, depth + 1)
                if isinstance(receiver, Instance):
                    arguments = [self.eval(a, scope, depth + 1) for a in expr.positional]
                    found = self._method(receiver, method, arguments, depth + 1)
                    if found is not None:
                        return found
        if (special := self.super_call(expr, scope, depth) or tagged(self, expr, scope, depth)) is not None:
            return special
        callee = self.eval(expr.args[0], scope, depth + 1)
        if isinstance(callee, External):
            for functions, hook in self._call_hooks.values() if not expr.kwargs else ():
                if callee.dotted in functions:
                    found = hook(callee.dotted, [self.eval(a, scope, depth + 1) for a in expr.positional], depth)
                    if found is not None:
                        return found
            if callee.dotted in ENV_GETTERS:
                default = expr.positional[1] if len(expr.positional) > 1 else expr.kwarg("default")
                return self.eval(default, scope, depth + 1) if default is not None else Unknown(unparse(expr))
            if callee.dotted in IMPORTERS and len(expr.positional) == 1 and not expr.kwargs:
                return self.imported(callee.dotted, self.eval(expr.positional[0], scope, depth + 1), expr, depth)
            if callee.dotted == "builtins.str" and len(expr.positional) == 1:
                return self.text_value(self.eval(expr.positional[0], scope, depth + 1), expr, depth + 1)
            if callee.dotted in REFLECTIVE:
                return self.reflect(callee.dotted, expr, scope, depth + 1)
            if callee.dotted in KINDS:
                return self.kind_call(callee.dotted, expr, scope, depth + 1)
            if callee.dotted.startswith("builtins."):
                return self.copied_sequence(callee.dotted, expr, scope, depth + 1)
            if callee.dotted in PURE_FUNCTIONS:
                given = [self.eval(a, scope, depth + 1) for a in expr.positional]
                return pure_call(callee.dotted, given) or Unknown(unparse(expr))
            return Instance(callee, bind_as or f"{scope.module}:{expr.line}", expr, scope.key)
        if isinstance(callee, DefRef):
            if callee.is_class:
                return Instance(callee, bind_as or f"{scope.module}:{expr.line}", expr, scope.key)
            return self.returns(callee.dotted, depth + 1, self._arguments(callee.dotted, expr, scope, depth + 1))
        if isinstance(callee, Unknown) and expr.args[0].op is Op.ATTR:  # `suffix.lstrip("/")`
            base = self.eval(expr.args[0].args[0], scope, depth + 1)
            if isinstance(base, Dict):
                return self.dict_method(base, str(expr.args[0].value), expr, scope, depth + 1)
            keywords = {k: self.eval(v, scope, depth + 1) for k, v in expr.kwargs if k != "**"}
            positional = [self.eval(a, scope, depth + 1) for a in expr.positional]
            return str_method(base, str(expr.args[0].value), positional, expr, keywords)
        return Unknown(unparse(expr))

    def _fstring(self, expr: Expr, scope: Scope, depth: int) -> Value:
        values = [
            Const(part.value) if part.op is Op.STR else self.eval(_formatted(part), scope, depth + 1)
            for part in expr.args
        ]
        spread = distributed(lambda *given: _fstring_of(expr, list(given)), values, expr)
        return self._bounded(spread if spread is not None else _fstring_of(expr, values), expr, scope)


def _formatted(part: Expr) -> Expr:
    """The expression an f-string's replacement field formats."""
    return part.args[0] if part.op is Op.FORMAT else part


def _fstring_of(expr: Expr, values: list[Value]) -> Value:
    """The f-string ``expr`` with its replacement fields' values: known text, else placeholders for the unknown."""
    parts: list[str] = []
    known = True
    for part, value in zip(expr.args, values, strict=True):
        if part.op is Op.STR:
            parts.append(str(part.value))
        elif isinstance(value, Const) and part.value is None:
            parts.append(str(value.value))
        else:
            known = False
            parts.append(placeholder(value, _formatted(part)))
    text = "".join(parts)
    return Const(text) if known else Unknown(text)


AttributeHook = Callable[[Instance, str, int], "Value | None"]
"""``hook(instance, attribute name, depth)``: see :meth:`Evaluator.add_attribute_hook`."""
CallHook = Callable[[str, list[Value], int], "Value | None"]
"""``hook(function dotted name, positional arguments, depth)``: see :meth:`Evaluator.add_call_hook`."""
MethodHook = Callable[[Instance, str, list[Value], int], "Value | None"]
"""``hook(receiver, method name, positional arguments, depth)``: see :meth:`Evaluator.add_method_hook`."""

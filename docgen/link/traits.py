"""traitlets: what ``self.<trait>`` is on an instance of a configurable class (Jupyter's applications).

A class attribute ``hub_prefix = Unicode("/hub/", help=...)`` (``.tag(config=True)`` chained or
not) is a trait: on an instance its value is what a ``@default("hub_prefix")`` method of the class
(or an analysed base) returns, else the trait's default value (``default_value=``, or the first
argument of a value trait), else the trait type's own default (``""`` for ``Unicode``, ``[]`` for
``List``). Configuration files and the command line may change it; docgen reads the code's
defaults, as it reads a settings class's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docgen.link.program import Scope
from docgen.link.values import Const, DefRef, Dict, External, Instance, Seq, Unknown, Value
from docgen.model.facts import Expr, FunctionDef, Op

if TYPE_CHECKING:
    from docgen.link.evaluate import Evaluator

_MODULES = frozenset({"traitlets", "traitlets.traitlets"})
_VALUE_TRAITS: dict[str, Value] = {
    **dict.fromkeys(("Unicode", "CUnicode", "ObjectName", "DottedObjectName"), Const("")),
    **dict.fromkeys(("Int", "Integer", "CInt", "Long", "CLong"), Const(0)),
    **dict.fromkeys(("Float", "CFloat"), Const(0.0)),
    **dict.fromkeys(("Bool", "CBool"), Const(False)),
    "Any": Const(None),
}
"""Traits whose first argument is their default value, with the type's own default."""
_CONTAINER_TRAITS: dict[str, Value] = {"List": Seq(()), "Set": Seq(()), "Tuple": Seq(()), "Dict": Dict(())}
"""Traits whose first argument is the items' trait (or, an old spelling, the default list), with their default."""
_OTHER_TRAITS = frozenset({"Instance", "Type", "Enum", "CaselessStrEnum", "UseEnum", "Union", "Callable", "TraitType"})
"""Traits whose default is only ``default_value=`` (else what docgen cannot tell)."""


def trait_kind(evaluator: Evaluator, value: Value) -> str | None:
    """The traitlets type ``value`` is an instance of (``Unicode`` for a subclass of it), None when not a trait."""
    if not isinstance(value, Instance):
        return None
    classes = evaluator.mro(value.cls) if isinstance(value.cls, DefRef) else (value.cls,)
    for klass in classes:
        if isinstance(klass, External):
            module, _, name = klass.dotted.rpartition(".")
            if module in _MODULES and (name in _VALUE_TRAITS or name in _CONTAINER_TRAITS or name in _OTHER_TRAITS):
                return name
    return None


def tagged(evaluator: Evaluator, call: Expr, scope: Scope, depth: int) -> Value | None:
    """``trait.tag(config=True)``: the trait itself (``tag`` returns it), None for any other call."""
    callee = call.args[0]
    if callee.op is not Op.ATTR or callee.value != "tag":
        return None
    receiver = evaluator.eval(callee.args[0], scope, depth + 1)
    return receiver if trait_kind(evaluator, receiver) else None


def trait_default(evaluator: Evaluator, instance: Instance, name: str, trait: Value, depth: int) -> Value | None:
    """``instance.name`` when the class attribute ``trait`` is a trait (see the module's docstring), else None."""
    kind = trait_kind(evaluator, trait)
    if kind is None or not isinstance(trait, Instance) or not isinstance(instance.cls, DefRef):
        return None
    for klass in evaluator.mro(instance.cls):
        body = evaluator.program.body_scope(klass.dotted) if isinstance(klass, DefRef) else None
        for stmt in body.statements if body is not None else ():
            if isinstance(stmt, FunctionDef) and stmt.params and _defaults(stmt, name):
                return evaluator.returns(f"{klass.dotted}.{stmt.name}", depth + 1, {stmt.params[0].name: instance})
    call, where = trait.call, evaluator.scope_at(trait.scope_key)
    if call.op is not Op.CALL or where is None:
        return Unknown(f"self.{name}")
    given = call.kwarg("default_value")
    if given is None and call.positional and kind in _VALUE_TRAITS:
        given = call.positional[0]
    if given is not None:
        return evaluator.eval(given, where, depth + 1)
    if call.positional and kind in _CONTAINER_TRAITS:  # List(["a"]): the old spelling of a default
        first = evaluator.eval(call.positional[0], where, depth + 1)
        return first if isinstance(first, Seq | Dict) else _CONTAINER_TRAITS[kind]
    own = {**_VALUE_TRAITS, **_CONTAINER_TRAITS}
    return own[kind] if kind in own else Unknown(f"self.{name}")


def library_method(cls: str, method: str, arguments: list[Value]) -> Value | None:
    """What a library class's method gives back, where docgen knows it: a value trait's ``validate(obj, value)``."""
    module, _, name = cls.rpartition(".")
    if method == "validate" and module in _MODULES and name in _VALUE_TRAITS and len(arguments) == 2:
        return arguments[1] if isinstance(arguments[1], Const) else None
    return None


def _defaults(method: FunctionDef, name: str) -> bool:
    """Whether ``method`` is decorated ``@default("name")``: it computes the trait's default."""
    for decorator in method.decorators:
        if decorator.op is Op.CALL and decorator.positional:
            callee, first = decorator.args[0], decorator.positional[0]
            named = callee.op in (Op.NAME, Op.ATTR) and callee.value == "default"
            if named and first.op is Op.STR and first.value == name:
                return True
    return False

"""How a call's arguments bind to an analysed function's parameters, the receiver of a method call included.

``helper(app, "/api")`` binds ``app`` and ``prefix`` in order; ``server.setup(app)`` calls a method
through an object, so its first parameter (``self``) is that object and ``app`` is the next one;
``Server(app)`` runs ``Server.__init__`` with ``self`` the new instance. A ``@staticmethod`` takes
no receiver, a ``@classmethod`` takes the class, and ``Class.method(obj, x)`` passes ``self``
explicitly.
"""

from __future__ import annotations

from collections.abc import Callable

from docgen.link.program import Program, Scope
from docgen.link.values import DefRef, External, Instance, Seq, Value
from docgen.model.facts import Expr, FunctionDef, Op, Parameter

Evaluate = Callable[[Expr, Scope, int], Value]
"""``evaluate(expr, scope, depth)``: the evaluator's ``eval``."""


def bind_arguments(
    program: Program, evaluate: Evaluate, dotted: str, call: Expr, scope: Scope, depth: int
) -> dict[str, Value]:
    """``call``'s arguments (made in ``scope``) bound to the parameter names of function ``dotted``.

    Arguments past a ``*args`` unpacking are not bound (their positions are unknown); a ``*pieces``
    parameter is the tuple of the positional arguments left over.
    """
    definition = program.definition(dotted)
    if not isinstance(definition, FunctionDef):
        return {}
    params = list(definition.params)
    bound: dict[str, Value] = {}
    receiver = _receiver(program, evaluate, dotted, definition, call, scope, depth)
    if receiver is not None and params:
        first = params.pop(0)
        if not isinstance(receiver, bool):
            bound[first.name] = receiver
    _bind(params, call, scope, depth, evaluate, bound)
    return bound


def bind_constructor(
    program: Program, evaluate: Evaluate, init: str, instance: Instance, scope: Scope, depth: int
) -> dict[str, Value]:
    """The arguments of the call creating ``instance`` (made in ``scope``) bound to ``__init__``'s parameters."""
    definition = program.definition(init)
    if not isinstance(definition, FunctionDef) or not definition.params or instance.call.op is not Op.CALL:
        return {}
    params = list(definition.params)
    bound: dict[str, Value] = {params.pop(0).name: instance}
    _bind(params, instance.call, scope, depth, evaluate, bound)
    return bound


def bind_super_init(
    program: Program, evaluate: Evaluate, init: str, instance: Instance, call: Expr, scope: Scope, depth: int
) -> dict[str, Value]:
    """The arguments a subclass's ``__init__`` passes up (``call``, run in ``scope``) bound to base ``init``'s.

    ``super().__init__(prefix)`` passes them after the receiver; ``Base.__init__(self, prefix)``
    names the receiver first.
    """
    definition = program.definition(init)
    if not isinstance(definition, FunctionDef) or not definition.params:
        return {}
    params = list(definition.params)
    bound: dict[str, Value] = {params.pop(0).name: instance}
    callee = call.args[0].args[0] if call.args[0].op is Op.ATTR else None
    if callee is not None and callee.op is not Op.CALL:  # Base.__init__(self, ...): the receiver is passed
        call = Expr(Op.CALL, None, (call.args[0], *call.positional[1:]), call.kwargs, call.line)
    _bind(params, call, scope, depth, evaluate, bound)
    return bound


def _bind(
    params: list[Parameter], call: Expr, scope: Scope, depth: int, evaluate: Evaluate, bound: dict[str, Value]
) -> None:
    """Bind ``call``'s positional and keyword arguments to ``params`` (the receiver already taken)."""
    names = {p.name for p in params}
    positional = [p.name for p in params if p.kind in ("positional_only", "positional")]
    for name, arg in zip(positional, call.positional, strict=False):
        if arg.op is Op.STARRED:
            break
        bound[name] = evaluate(arg, scope, depth + 1)
    rest = call.positional[len(positional) :]
    star = next((p.name for p in params if p.kind == "var_positional"), None)
    if star is not None and not any(a.op is Op.STARRED for a in call.positional):  # def join(*pieces)
        bound[star] = Seq(tuple(evaluate(arg, scope, depth + 1) for arg in rest))
    for key, arg in call.kwargs:
        if key in names:
            bound[key] = evaluate(arg, scope, depth + 1)


def _receiver(
    program: Program, evaluate: Evaluate, dotted: str, definition: FunctionDef, call: Expr, scope: Scope, depth: int
) -> Value | bool | None:
    """What a method call passes as the first parameter: a value, True when it is unknown, None when nothing."""
    enclosing = program.defining_scope(dotted)
    callee = call.args[0]
    if enclosing is None or not enclosing.is_class or callee.op is not Op.ATTR:
        return None
    decorators = {str(d.value) for d in definition.decorators if d.op in (Op.NAME, Op.ATTR)}
    if "staticmethod" in decorators:
        return None
    base = evaluate(callee.args[0], scope, depth + 1)
    if "classmethod" in decorators:
        return base.cls if isinstance(base, Instance) else base if isinstance(base, DefRef | External) else True
    if isinstance(base, DefRef) and base.is_class:
        return None  # Class.method(obj, ...): the object is passed explicitly
    return base if isinstance(base, Instance) else True

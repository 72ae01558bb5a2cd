"""Where Flask registrations happen: the program walk, and apps or blueprints passed in as parameters.

Flask code registers routes in loops (``for module in get_submodules(): app.register_blueprint(module)``)
and in helpers that receive the app or blueprint as an argument (``def init_app(app): @app.route(...)``,
``def register_url_endpoints(self, blueprint): blueprint.add_url_rule(...)``). :func:`walk` expands the
loops, and walks a plain decorator function (``def rest_resource(cls): api.add_resource(cls, ...)``)
once per definition it decorates, its parameter bound to that class or function; :class:`CallSites`
finds what such a parameter is bound to at the places the helper is called.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import nullcontext
from dataclasses import dataclass

from docgen.link.arguments import bind_arguments
from docgen.link.contract import LinkContext
from docgen.link.evaluate import DefRef, Instance, Unknown, Value
from docgen.link.program import Scope
from docgen.link.routegraph import RouteGraph
from docgen.model.facts import ClassDef, Expr, For, FunctionDef, Op, Stmt
from docgen.moduleid.layout import is_test_module

_MAX_HOPS = 3
_MAX_SITES = 40


def call_of(stmt: object) -> Expr | None:
    """The call an expression statement, assignment or return makes, if it is a call."""
    value = getattr(stmt, "value", None)
    return value if isinstance(value, Expr) and value.op is Op.CALL else None


def callee_name(call: Expr) -> str:
    """The last name of what a call calls (``bp.add_url_rule(...)`` → ``add_url_rule``)."""
    callee = call.args[0]
    return str(callee.value) if callee.op in (Op.NAME, Op.ATTR) else ""


def walk(
    context: LinkContext,
    relevant: frozenset[str],
    libraries_importing: frozenset[str] = frozenset(),
    graph: RouteGraph | None = None,
) -> Iterator[tuple[Scope, Stmt]]:
    """Every statement outside test modules, with loops over known sequences expanded.

    A loop is expanded (once per element, the loop variable fixed) only when its body calls a
    method named in ``relevant``: evaluating every loop's sequence would cost much more. The body
    of a function used as a plain decorator (``@rest_resource``) whose body calls one of them is
    walked once per definition it decorates, its first parameter bound to that definition,
    *instead of* once with it unknown (see :func:`decorated_by`). Then the loaded library modules
    importing ``libraries_importing`` (see :meth:`Program.walk`). A statement known never to run
    is left out with what is inside it; given the route ``graph``, such statements come last, as
    :meth:`LinkContext.dormant` gives them.
    """
    decorations, bindings = decorated_by(context, relevant)
    state = _State(decorations, [], graph, bindings)
    for module in sorted(context.program.modules):
        if not is_test_module(module):
            yield from _walk(context, context.program.module_scope(module), relevant, state)
    for module in context.program.libraries_importing(libraries_importing):
        yield from _walk(context, context.program.module_scope(module), relevant, state)
    if graph is not None:
        yield from context.dormant(graph, state.skipped)


_Decorations = dict[str, list[DefRef]]
_Bindings = dict[str, list[dict[str, Value]]]
_MAX_BINDINGS = 200


@dataclass(slots=True)
class _State:
    """What one walk carries along.

    Attributes:
        decorations: See :func:`decorated_by`.
        skipped: Statements known never to run, and why.
        graph: The route graph, told the undecided conditions of what it is given.
        bindings: See :func:`decorated_by`.
    """

    decorations: _Decorations
    skipped: list[tuple[Scope, Stmt, str]]
    graph: RouteGraph | None
    bindings: _Bindings


def _walk(context: LinkContext, scope: Scope, relevant: frozenset[str], state: _State) -> Iterator[tuple[Scope, Stmt]]:
    for stmt in scope.statements:
        yield from _walk_stmt(context, scope, stmt, relevant, state)


def _walk_stmt(
    context: LinkContext, scope: Scope, stmt: Stmt, relevant: frozenset[str], state: _State
) -> Iterator[tuple[Scope, Stmt]]:
    reason = context.skipped_because(scope, stmt) if stmt.guard else None
    if reason is not None:
        state.skipped.append((scope, stmt, reason))
        return
    undecided = context.undecided_conditions(scope, stmt) if stmt.guard and state.graph is not None else ()
    with state.graph.conditional(undecided) if state.graph is not None and undecided else nullcontext():
        yield from _walk_inside(context, scope, stmt, relevant, state)


def _walk_inside(
    context: LinkContext, scope: Scope, stmt: Stmt, relevant: frozenset[str], state: _State
) -> Iterator[tuple[Scope, Stmt]]:
    decorations = state.decorations
    yield scope, stmt
    if isinstance(stmt, For):
        scopes = context.evaluator.loop_scopes(stmt, scope) if _calls_any(stmt.body, relevant) else [scope]
        for inner_scope in scopes:
            for inner in stmt.body:
                yield from _walk_stmt(context, inner_scope, inner, relevant, state)
    elif isinstance(stmt, FunctionDef | ClassDef):
        body = context.program.scope_of(scope.module, stmt, scope)
        dotted = f"{scope.module}.{stmt.qualname}"
        decorated = decorations.get(dotted) if isinstance(stmt, FunctionDef) else None
        called = state.bindings.get(dotted) if isinstance(stmt, FunctionDef) and not decorated else None
        if decorated and isinstance(stmt, FunctionDef):
            for target in decorated:
                bound = context.evaluator.bound_scope(body, {stmt.params[0].name: target})
                yield from _walk(context, bound, relevant, state)
        elif called:
            for arguments in called:
                yield from _walk(context, context.evaluator.bound_scope(body, arguments), relevant, state)
        elif scope.is_class and stmt.name in context.claims:
            return  # a registry plug-in reads the registrations this method makes (Extractor.claims)
        else:
            yield from _walk(context, body, relevant, state)


def decorated_by(context: LinkContext, relevant: frozenset[str]) -> tuple[_Decorations, _Bindings]:
    """Analysed functions whose body calls one of ``relevant``, and what they are applied to, outside test modules.

    The decorations map each function used as a plain decorator (``@name``, not a call) to the
    classes and functions it decorates: applying it is calling it with the decorated definition as
    its first argument. The bindings map each function called by name from the analysed code
    (``GroupView.register_node_view(blueprint)``, a class method building a view's URL rules) to
    the arguments of each call that are known, bound to its parameters (``cls`` included): its
    body is walked once per distinct binding instead of once with every parameter unknown.
    """
    registering: set[str] = set()  # names of functions whose body calls one of `relevant`
    uses: list[tuple[Scope, FunctionDef | ClassDef, Expr]] = []
    calls: list[tuple[Scope, Expr]] = []
    for scope, stmt in context.program.walk():
        if is_test_module(scope.module):
            continue
        call = call_of(stmt)
        if call is not None and call.args[0].op in (Op.NAME, Op.ATTR):
            calls.append((scope, call))
        if not isinstance(stmt, FunctionDef | ClassDef):
            continue
        if isinstance(stmt, FunctionDef) and stmt.params and _calls_any(stmt.body, relevant):
            registering.add(stmt.name)
        uses.extend((scope, stmt, d) for d in stmt.decorators if d.op in (Op.NAME, Op.ATTR))
    return _decorations(context, relevant, registering, uses), _call_bindings(context, relevant, registering, calls)


def _call_bindings(
    context: LinkContext, relevant: frozenset[str], registering: set[str], calls: list[tuple[Scope, Expr]]
) -> _Bindings:
    found: _Bindings = {}
    for scope, call in calls:
        if callee_name(call) not in registering or callee_name(call) in context.claims:  # a plug-in reads it
            continue
        value = context.evaluator.eval(call.args[0], scope)
        definition = context.program.definition(value.dotted) if isinstance(value, DefRef) else None
        if not (isinstance(value, DefRef) and isinstance(definition, FunctionDef) and definition.params):
            continue
        if not _calls_any(definition.body, relevant):
            continue
        bound = bind_arguments(context.program, context.evaluator.eval, value.dotted, call, scope, 0)
        known: dict[str, Value] = {n: v for n, v in bound.items() if not isinstance(v, Unknown)}  # the rest: as before
        sites = found.setdefault(value.dotted, [])
        if known and known not in sites and len(sites) < _MAX_BINDINGS:
            sites.append(known)
    return {dotted: sites for dotted, sites in found.items() if sites}


def _decorations(
    context: LinkContext,
    relevant: frozenset[str],
    registering: set[str],
    uses: list[tuple[Scope, FunctionDef | ClassDef, Expr]],
) -> _Decorations:
    found: _Decorations = {}
    for scope, stmt, decorator in uses:
        if str(decorator.value) not in registering:
            continue
        value = context.evaluator.eval(decorator, scope)
        definition = context.program.definition(value.dotted) if isinstance(value, DefRef) else None
        if isinstance(definition, FunctionDef) and definition.params and _calls_any(definition.body, relevant):
            assert isinstance(value, DefRef)
            target = DefRef(f"{scope.module}.{stmt.qualname}", isinstance(stmt, ClassDef))
            found.setdefault(value.dotted, []).append(target)
    return found


def _calls_any(body: tuple[Stmt, ...], names: frozenset[str]) -> bool:
    for stmt in body:
        if isinstance(stmt, For) and _calls_any(stmt.body, names):
            return True
        call = call_of(stmt)
        if call is not None and callee_name(call) in names:
            return True
    return False


class CallSites:
    """Resolves a parameter used as an app or blueprint through the calls of its function.

    ``values(expr, scope)`` is the usual evaluation, except that a parameter the function body
    cannot know is looked up at every call of that function (by name for methods of unknown
    receivers, exactly for functions docgen can resolve), up to a few calls up the chain.
    """

    def __init__(self, context: LinkContext) -> None:
        self.context = context
        self._index: dict[str, list[tuple[Scope, Expr]]] | None = None
        self._memo: dict[tuple[str, str], list[Value]] = {}

    def values(self, expr: Expr, scope: Scope, hops: int = 0) -> list[Value]:
        """What ``expr`` may be in ``scope``: one value, or one per call site of its function."""
        value = self.context.evaluator.eval(expr, scope)
        if (
            not isinstance(value, Unknown)
            or expr.op is not Op.NAME
            or expr.value not in scope.params
            or expr.value in scope.overrides
            or hops >= _MAX_HOPS
        ):
            return [value]
        key = (scope.key, str(expr.value))
        if key not in self._memo:
            self._memo[key] = []  # guards recursion
            found: list[Value] = []
            for site_scope, arg in self._arguments(scope, str(expr.value)):
                for candidate in self.values(arg, site_scope, hops + 1):
                    if isinstance(candidate, Instance) and candidate not in found:
                        found.append(candidate)
            self._memo[key] = found
        return self._memo[key] or [value]

    def _arguments(self, scope: Scope, param: str) -> Iterator[tuple[Scope, Expr]]:
        """The argument given for ``param`` at each call of the function owning ``scope``."""
        program = self.context.program
        dotted = f"{scope.module}.{scope.qualname.split('#', 1)[0]}"
        definition = program.definition(dotted)
        enclosing = program.defining_scope(dotted)
        if not isinstance(definition, FunctionDef) or enclosing is None:
            return
        names = [p.name for p in definition.params]
        position = names.index(param)
        is_method = enclosing.is_class
        sites = self._calls().get(definition.name, [])
        if is_method and len(sites) > _MAX_SITES:  # a common method name: too ambiguous to follow
            return
        for site_scope, call in sites:
            callee = self.context.evaluator.eval(call.args[0], site_scope)
            if isinstance(callee, DefRef) and callee.dotted != dotted:
                continue
            if not isinstance(callee, DefRef) and not (is_method and call.args[0].op is Op.ATTR):
                continue
            index = position - 1 if is_method and call.args[0].op is Op.ATTR else position
            arg = call.kwarg(param)
            if arg is None and 0 <= index < len(call.positional) and call.positional[index].op is not Op.STARRED:
                arg = call.positional[index]
            if arg is not None:
                yield site_scope, arg

    def _calls(self) -> dict[str, list[tuple[Scope, Expr]]]:
        if self._index is None:
            self._index = {}
            for scope, stmt in self.context.program.walk():
                call = call_of(stmt)
                if call is not None and not is_test_module(scope.module):
                    self._index.setdefault(callee_name(call), []).append((scope, call))
        return self._index

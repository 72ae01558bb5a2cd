"""What loops do to values: a scope per iteration, bounded, and a binding changed by the statements after it.

``for v in SEQ:`` over a known sequence runs its body once per item with ``v`` bound; loops
inside loops multiply, and past :data:`~docgen.link.budget.MAX_ITEMS` runs in all the inner
loop is not expanded (its variable unknown, a DG915 at it). What follows a binding changes it:
``name += x`` and list methods, once per iteration inside a loop docgen can count; a loop it
cannot count (``range(n)``, a sequence it does not know) adds one representative item to a list
and makes any other value unknown (a DG904 at the loop): a string added to an unknown number of
times is not known. A dict is changed by ``name[key] = value`` (``name[a][b] = value`` into a dict
it holds), ``name.update(...)`` and ``name.setdefault(key, value)``; a key docgen cannot know, or
another method changing it (``pop``, ``clear``), makes it unknown.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docgen.diagnostics import Code, Reporter
from docgen.link.budget import MAX_ITEMS
from docgen.link.changes import (
    DICT_METHODS,
    LIST_UNFOLLOWED,
    calls_on,
    changes,
    names_read,
    rebinds,
    store_path,
    stored_at,
)
from docgen.link.flow import loop_bindings
from docgen.link.names import is_name
from docgen.link.program import Program, Scope
from docgen.link.sequences import SequenceEvaluator, dict_key, iterated
from docgen.link.unparse import unparse
from docgen.link.values import Const, Dict, DictKey, Seq, Unknown, Value, add_values
from docgen.model.facts import Assign, Expr, ExprStmt, For, Op, Stmt

_START = ExprStmt(line=0, value=Expr(Op.CONST, None))
"""Where a parameter is bound: before every statement of the body."""


class LoopEvaluator(SequenceEvaluator):
    """Expands loops over known sequences and applies what follows a binding to its value."""

    def __init__(self, program: Program, reporter: Reporter | None = None) -> None:
        super().__init__(program, reporter)
        self._iterations: dict[str, int] = {}  # loop scope key → how many times its loops run it
        self._outer: dict[str, Scope] = {}  # loop scope key → the scope its loop ran in
        self._rebinds = 0
        self._read: dict[int, tuple[Expr, frozenset[str]]] = {}  # id of an expression → it and the names it reads
        self._changing: set[tuple[str, str]] = set()  # (scope key, parameter) whose body changes are being applied

    def loop_scopes(self, loop: For, scope: Scope, sequence: Seq | None = None) -> list[Scope]:
        """One scope per element of a loop over a known sequence (the loop variable fixed).

        Otherwise (an unknown sequence, or too many iterations) the one scope given, in which
        the loop variable is unknown.
        """
        found = self.iterations(loop, scope, sequence=sequence)
        return [scope] if found is None else found

    def loop_sequence(self, loop: For, scope: Scope, depth: int = 0) -> Seq | None:
        """The items ``loop`` walks in ``scope`` (a dict's keys), None when they are unknown."""
        sequence = iterated(self.eval(loop.iter, self._independent(loop.iter, scope), depth + 1))
        return sequence if isinstance(sequence, Seq) else None

    def iterations(self, loop: For, scope: Scope, depth: int = 0, sequence: Seq | None = None) -> list[Scope] | None:
        """A scope per iteration of ``loop`` run in ``scope``; None when their number is unknown.

        ``sequence`` is what :meth:`loop_sequence` gave, when the caller has it already. Loops inside
        loops run their body once per combination: past :data:`MAX_ITEMS` runs in all (a thousand
        by a thousand), the inner loop is not expanded, with a DG915 at it.
        """
        sequence = sequence if sequence is not None else self.loop_sequence(loop, scope, depth)
        if sequence is None:
            return None
        runs = self._iterations.get(scope.key, 1) * len(sequence.items)
        if runs > MAX_ITEMS:
            source = unparse(loop.iter)
            message = (
                f"the loop over {source!r} would run its body {runs} times with the loops around it "
                f"(more than {MAX_ITEMS}): {unparse(loop.target)!r} is unknown in it"
            )
            self.warn_once(Code.BUDGET_EXCEEDED, message, scope.module, loop.line)
            return None
        bound = [loop_bindings(loop.target, item) for item in sequence.items]
        if any(b is None for b in bound):  # `for self.x in ...`
            return None
        scopes = [scope.child(dict(b or {}), f"#for{loop.line}.{i}") for i, b in enumerate(bound)]
        for child in scopes:
            self._scopes[child.key] = child
            self._iterations[child.key] = runs
            self._outer[child.key] = self._outer.get(scope.key, scope)
        return scopes

    def _independent(self, expr: Expr, scope: Scope) -> Scope:
        """The scope outside every loop around ``scope`` when ``expr`` cannot read their variables, else ``scope``.

        A loop's scopes share their bindings, memoised per scope: the inner loop of a thousand
        by a thousand would evaluate its sequence a thousand times. Only names bound in these
        shared bindings (or changed by calls on them) can read a loop variable; imports,
        definitions and enclosing scopes cannot.
        """
        outer = self._outer.get(scope.key)
        if outer is None:
            return scope
        variables = scope.overrides.keys() - outer.overrides.keys()
        todo, seen = [expr], set()
        while todo:
            node = todo.pop()
            known = self._read.get(id(node))
            if known is None or known[0] is not node:  # kept with the expression: an id is reused once it is freed
                known = self._read[id(node)] = (node, frozenset(names_read(node)))
            for name in known[1]:
                if name in variables:
                    return scope
                if name not in seen:
                    seen.add(name)
                    todo += [s.value for s in scope.bindings.get(name, ()) if isinstance(s, Assign) and s.value]
                    todo += [s.value for s in calls_on(scope.statements, name)]
        return outer

    def _augment(self, value: Value, scope: Scope, name: str, base: Stmt, until: int | None, depth: int) -> Value:
        """Apply what follows the binding, up to line ``until``: ``name += x`` to any value, list methods to lists.

        ``+=`` adds as ``+`` does (strings joined, lists extended; a list-valued call such as
        ``i18n_patterns(...)`` followed by ``+= [...]`` is that call's item, then the others);
        ``name.append(x)``, ``name.extend([...])`` and ``name.insert(i, x)`` change a list. A loop
        over a known sequence applies its body once per item, the loop variable bound; a loop
        docgen cannot count adds one item to a list (its variable unknown) and makes any other
        value unknown, with a DG904 at the loop.
        """
        state = _Changed(value)
        state.set(value)
        self._apply(scope.statements, scope, name, base, until, depth, state)
        return state.current()

    def _apply(
        self,
        statements: tuple[Stmt, ...],
        scope: Scope,
        name: str,
        base: Stmt,
        until: int | None,
        depth: int,
        state: _Changed,
    ) -> None:
        decides = scope.is_class or not scope.qualname  # module and class bodies: see _bind_value
        in_function = not decides
        for stmt in statements:
            if until is not None and stmt.line >= until:
                continue
            if isinstance(stmt, For):
                lists, dicts = state.items is not None, state.entries is not None
                counted = stmt.line > base.line and changes(stmt.body, name, lists, dicts)
                if counted and decides and stmt.guard and self.skips(stmt, scope, depth):
                    continue
                runs = self.iterations(stmt, scope, depth) if counted else [scope]
                for each in runs if runs is not None else [scope]:
                    self._apply(stmt.body, each, name, base, until, depth, state)
                if runs is None and state.items is None:  # a string added to an unknown number of times
                    loop = unparse(stmt.iter)
                    message = f"{name!r} is changed in a loop over {loop!r}, which docgen cannot count: it is unknown"
                    self.warn_once(Code.NOT_EVALUATED, message, scope.module, stmt.line)
                    state.set(Unknown(name))
                continue
            if stmt.line <= base.line:
                continue
            changing = bool(stmt.guard) and changes((stmt,), name, True, True)
            if changing and self._skipped(stmt, scope, depth, in_function):
                continue
            state.under = self.written_conditions(stmt, scope, depth) if decides and changing else ()
            if rebinds(stmt, name):  # `s = s + s`: the value read from the one so far
                assert isinstance(stmt, Assign)
                state.set(self._rebound(stmt, scope, name, state, depth))
            elif isinstance(stmt, Assign) and stmt.op == "+=" and stmt.value is not None:
                if len(stmt.targets) == 1 and is_name(stmt.targets[0], name):
                    extra = self.eval_at(stmt.line, stmt.value, scope, depth)
                    if state.items is not None:
                        state.add(extra.items if isinstance(extra, Seq) else (extra,))
                    else:  # as `name = name + x`: a list-valued call and a list join into a list
                        target = Expr(Op.BINOP, "+", (Expr(Op.NAME, name), stmt.value))
                        state.set(add_values(state.current(), extra, target))
            elif state.items is not None and isinstance(stmt, ExprStmt) and stmt.value.op is Op.CALL:
                self._list_method(stmt.value, scope, name, state, depth, stmt.line)
            elif state.items is not None and isinstance(stmt, Assign):
                self._list_store(stmt, scope, name, state, depth)
            elif state.entries is not None:
                self._dict_change(stmt, scope, name, state, depth)

    def _skipped(self, stmt: Stmt, scope: Scope, depth: int, in_function: bool) -> bool:
        """Whether a change is known never to run: in a function body, only by a test of what the body was given.

        A test there of the body's own variables is left undecided (see ``reads_locals``); one
        reading a loop's item or a bound argument (``if tup[0]:`` in ``for tup in handlers``)
        is decided, so of an if/else changing an item only the branch that runs counts.
        """
        if in_function and not (scope.overrides or self._outer.get(scope.key)):
            return False  # nothing bound: the tests read what the body does not know
        return self.skips(stmt, scope, depth)

    def _list_store(self, stmt: Assign, scope: Scope, name: str, state: _Changed, depth: int) -> None:
        """Apply ``name[i] = value`` to a list: the item at a known index replaced, else the list unknown."""
        paths = [p for p in (store_path(t, name) for t in stmt.targets) if p is not None]
        items = state.items
        if not paths or items is None or stmt.op != "=" or stmt.value is None:
            return None
        for path in paths:
            index = self.eval(path[0], scope, depth) if len(path) == 1 else None
            at = index.value if isinstance(index, Const) and type(index.value) is int else None
            if at is None or not -len(items) <= at < len(items):
                target = unparse(stmt.targets[0])
                message = f"{target!r} replaces an item of {name!r} docgen cannot tell: {name!r} is unknown"
                self.warn_once(Code.NOT_EVALUATED, message, scope.module, stmt.line)
                return state.set(Unknown(name))
            items[at] = self.eval_at(stmt.line, stmt.value, scope, depth)
        return None

    def changed_after(self, value: Value, scope: Scope, name: str, base: Stmt, depth: int) -> Value:
        """``value``, bound to ``name`` (``self.urls`` too) by ``base``, as the statements after it change it."""
        if not isinstance(value, Seq | Dict) or not changes(scope.statements, name, True, True):
            return value
        return self._augment(value, scope, name, base, None, depth)

    def changed_argument(self, scope: Scope, name: str, value: Value, depth: int) -> Value:
        """A list or dict parameter as the function body leaves it (``handlers[i] = ...``, ``urls.append(...)``).

        The body changes the object it was given, so what it returns (``return handlers``) is the
        changed one. Read while the changes are being applied (the loop over it), it is the given one.
        """
        if not isinstance(value, Seq | Dict) or name in scope.bindings:
            return value
        busy = (scope.key, name)
        if busy in self._changing:
            return value
        if not changes(scope.statements, name, True, True):
            return value
        self._changing.add(busy)
        try:
            return self._augment(value, scope, name, _START, None, depth)
        finally:
            self._changing.discard(busy)

    def _rebound(self, stmt: Assign, scope: Scope, name: str, state: _Changed, depth: int) -> Value:
        """``stmt``'s value evaluated with ``name`` bound to what it holds so far (in a scope of its own).

        A value read from an unknown one is unknown, and so is one a bound cut (a string doubled
        past :data:`~docgen.link.budget.MAX_TEXT` stays unknown, not a placeholder that doubles).
        """
        so_far = state.current()
        if stmt.value is None or (isinstance(so_far, Unknown) and "{?" not in so_far.text):
            return Unknown(name)
        self._rebinds += 1
        inner = scope.child({name: so_far}, f"#rebind{self._rebinds}")
        self._scopes[inner.key] = inner
        cuts = self._cuts
        value = self.eval_at(stmt.line, stmt.value, inner, depth)
        return Unknown(name) if self._cuts > cuts and isinstance(value, Unknown) else value

    def _dict_change(self, stmt: Stmt, scope: Scope, name: str, state: _Changed, depth: int) -> None:
        """Apply ``stmt`` to the dict ``name`` when it stores into it or calls a method changing it."""
        entries = state.entries
        assert entries is not None
        if isinstance(stmt, Assign) and stmt.op == "=" and stmt.value is not None:
            paths = [p for p in (store_path(t, name) for t in stmt.targets) if p is not None]
            stored = self.eval_at(stmt.line, stmt.value, scope, depth) if paths else Unknown(name)
            for path in paths:
                keys = [dict_key(self.eval(k, scope, depth)) for k in path]
                known = [k[0] for k in keys if k is not None]
                inner = stored_at(entries.get(known[0]), known[1:], stored) if known else None
                if len(known) < len(keys) or inner is None:
                    return state.set(Unknown(name))
                entries[known[0]] = inner
            return self._within_bounds(state, name, scope, stmt.line)
        call = stmt.value if isinstance(stmt, ExprStmt) and stmt.value.op is Op.CALL else None
        callee = call.args[0] if call is not None else None
        if call is None or callee is None or callee.op is not Op.ATTR or not is_name(callee.args[0], name):
            return None
        if callee.value not in DICT_METHODS:
            return None
        if callee.value == "setdefault" and len(call.positional) == 2:
            found = dict_key(self.eval(call.positional[0], scope, depth))
            if found is None:
                return state.set(Unknown(name))
            if found[0] not in entries:
                entries[found[0]] = self.eval(call.positional[1], scope, depth)
            return self._within_bounds(state, name, scope, stmt.line)
        if callee.value == "update" and len(call.positional) <= 1:
            arguments = (Expr(Op.NAME, "dict"), *call.positional)
            other = self._dict_call(Expr(Op.CALL, None, arguments, call.kwargs), scope, depth)
            if isinstance(other, Dict):
                entries.update(other.entries)
                return self._within_bounds(state, name, scope, stmt.line)
        return state.set(Unknown(name))

    def _within_bounds(self, state: _Changed, name: str, scope: Scope, line: int) -> None:
        """Make a dict grown past :data:`MAX_ITEMS` entries unknown, with a DG915 at the statement growing it."""
        if state.entries is not None and len(state.entries) > MAX_ITEMS:
            message = f"{name!r} would hold more than {MAX_ITEMS} entries: it is unknown"
            self.warn_once(Code.BUDGET_EXCEEDED, message, scope.module, line)
            state.set(Unknown(name))

    def _list_method(self, call: Expr, scope: Scope, name: str, state: _Changed, depth: int, line: int) -> None:
        """Apply ``name.append(x)``, ``.extend(xs)``, ``.insert(i, x)`` at ``line``; ``pop()`` and such: unknown."""
        callee, args, items = call.args[0], call.positional, state.items
        if callee.op is not Op.ATTR or not is_name(callee.args[0], name) or items is None:
            return
        if callee.value in LIST_UNFOLLOWED:
            message = f"{unparse(call)!r} changes {name!r} in a way docgen does not follow: it is unknown"
            self.warn_once(Code.NOT_EVALUATED, message, scope.module, call.line)
            state.set(Unknown(name))
            return
        if callee.value == "append" and len(args) == 1:
            state.add((self.eval_at(line, args[0], scope, depth),))
        elif callee.value == "extend" and len(args) == 1:
            extra = self.eval_at(line, args[0], scope, depth)
            state.add(extra.items if isinstance(extra, Seq) else (extra,))
        elif callee.value == "insert" and len(args) == 2:
            index = self.eval_at(line, args[0], scope, depth)
            position = index.value if isinstance(index, Const) and isinstance(index.value, int) else len(items)
            state.add((self.eval_at(line, args[1], scope, depth),), position)


@dataclass(slots=True)
class _Changed:
    """A binding's value while the statements after it change it: the value, a list's items, a dict's entries."""

    value: Value
    items: list[Value] | None = None
    entries: dict[DictKey, Value] | None = None
    guards: list[tuple[str, ...]] = field(default_factory=list)
    under: tuple[str, ...] = ()
    """The undecided conditions of the statement being applied: what it adds to a list is added under them."""

    def set(self, value: Value) -> None:
        """Replace the value (a list's items and a dict's entries then change in place)."""
        self.value = value
        self.items = list(value.items) if isinstance(value, Seq) else None
        self.guards = list(value.item_guards()) if isinstance(value, Seq) else []
        self.entries = dict(value.entries) if isinstance(value, Dict) else None

    def add(self, values: tuple[Value, ...], at: int | None = None) -> None:
        """Insert ``values`` into the list at ``at`` (as ``list.insert`` places one), else at its end."""
        assert self.items is not None
        position = len(self.items) if at is None else at
        self.items[position:position] = values
        self.guards[position:position] = [self.under] * len(values)

    def current(self) -> Value:
        """The value as changed so far."""
        if self.items is not None:
            return Seq(tuple(self.items), tuple(self.guards) if any(self.guards) else ())
        return Dict(tuple(self.entries.items())) if self.entries is not None else self.value

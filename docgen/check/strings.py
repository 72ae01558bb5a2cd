"""Which expressions are fixed text and which are strings built at run time from other values.

Both questions are asked of the per-file facts, within one function (or a module's top level):
a name is *built* when its latest assignment before the line asked about built a string from a
value that is not fixed (an f-string with a placeholder, ``%``, ``.format`` or ``+``); a module
constant (a name the module binds once, unconditionally, to fixed text) counts as fixed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from docgen.model.facts import Assign, ClassDef, Expr, ExprStmt, For, FunctionDef, Op, Return, Stmt

_LITERALS = frozenset({Op.STR, Op.BYTES, Op.NUM, Op.CONST})


def module_constants(body: Iterable[Stmt]) -> dict[str, Expr]:
    """The names a module binds exactly once, unconditionally, to fixed values, with those values."""
    values: dict[str, Expr] = {}
    seen: set[str] = set()
    for stmt in body:
        if not isinstance(stmt, Assign):
            continue
        for target in stmt.targets:
            if target.op is not Op.NAME:
                continue
            name = str(target.value)
            fixed = stmt.op == "=" and not stmt.guard and stmt.value is not None and is_fixed(stmt.value, values)
            if name in seen or not fixed or stmt.value is None:
                values.pop(name, None)
            else:
                values[name] = stmt.value
            seen.add(name)
    return values


def is_fixed(expr: Expr, constants: dict[str, Expr]) -> bool:
    """Whether ``expr`` is text the developers wrote: the same on every run, or repeated a run-time number of times.

    Literals, module constants and operations on them; a model's own metadata (``Voucher._meta.db_table``);
    fixed text repeated (``["(%s)"] * len(codes)``) or joined (``", ".join(...)`` of fixed parts).
    """
    if expr.op in _LITERALS:
        return True
    if expr.op is Op.NAME:
        return str(expr.value) in constants
    if expr.op is Op.ATTR and _of_model_meta(expr):
        return True
    if expr.op is Op.BINOP and expr.value == "*" and len(expr.args) == 2:  # repetition adds no text of its own
        return any(arg.op in {Op.STR, Op.LIST, Op.TUPLE} and is_fixed(arg, constants) for arg in expr.args)
    if expr.op in {Op.LIST, Op.TUPLE, Op.SET, Op.DICT, Op.FSTRING, Op.FORMAT, Op.BINOP}:
        return all(is_fixed(arg, constants) for arg in expr.args)
    callee = expr.callee if expr.op is Op.CALL else None
    if callee is not None and callee.op is Op.ATTR and callee.value == "join" and len(expr.positional) == 1:
        return is_fixed(callee.args[0], constants) and is_fixed(expr.positional[0], constants)
    if expr.op is Op.CALL and _is_format(expr):
        return all(is_fixed(arg, constants) for arg in (*expr.args[0].args, *expr.positional)) and all(
            is_fixed(value, constants) for _, value in expr.kwargs
        )
    return False


def _of_model_meta(expr: Expr) -> bool:
    """``Model._meta.db_table``: an attribute of a Django model's ``_meta``, which its code declares."""
    while expr.op is Op.ATTR and expr.args:
        if expr.value == "_meta":
            return True
        expr = expr.args[0]
    return False


ESCAPES = frozenset(
    {"escape", "conditional_escape", "format_html", "format_html_join", "flatatt", "escapejs", "json_script"}
    | {"urlencode", "quote", "quote_plus", "clean", "linkify", "strip_tags"}
)
"""Calls whose result is safe to put in HTML as it is: Django's, markupsafe's and html's escapes, bleach's cleaning."""
TRANSLATIONS = frozenset(
    {"_", "gettext", "gettext_lazy", "pgettext", "pgettext_lazy", "ngettext", "ngettext_lazy", "gettext_noop"}
    | {"ugettext", "ugettext_lazy", "_lazy"}
)
"""Translation calls: of fixed text, text the developers and their translators wrote."""


_MUTATORS = frozenset({"append", "extend", "insert"})
_TEXTS = frozenset({Op.STR, Op.FSTRING, Op.BINOP, Op.CALL})
"""Expressions that make text: a local name bound to fixed text of one of these is fixed itself."""
RENDERS = frozenset({"render", "render_to_string"})
"""Template rendering: the engine has escaped what it put in (Django's and Jinja's autoescape)."""
_TRIMS = frozenset({"strip", "lstrip", "rstrip"})
_NUMBERS = frozenset({"ord", "len", "int", "float", "round", "abs"})
"""Builtins that return a number, whose text holds no markup (``"&#{};".format(ord(c))``, a character entity)."""


SafeCall = Callable[[Expr, dict[str, Expr], frozenset[str]], bool]
"""Whether a call returns safe markup, given the caller's fixed and safe names (``check.helpers.Helpers``)."""


def is_safe_markup(
    expr: Expr, constants: dict[str, Expr], safe: frozenset[str] = frozenset(), helpers: SafeCall | None = None
) -> bool:
    """Whether ``expr`` is text safe to mark as HTML: fixed, translated, escaped, rendered, or assembled from such.

    ``safe`` names the local variables whose latest assignment was such text (:attr:`Scope.safe`);
    ``helpers`` judges calls of the module's own functions (a helper returning such text).
    ``"...".format(...)`` of a safe template (a translated fixed string too) is safe when its arguments are.
    """
    if is_fixed(expr, constants) or (expr.op is Op.NAME and str(expr.value) in safe):
        return True
    if expr.op is Op.CALL and expr.callee is not None and expr.callee.op in {Op.NAME, Op.ATTR}:
        name = str(expr.callee.value)
        if name in ESCAPES or name in RENDERS or (name in _NUMBERS and expr.callee.op is Op.NAME):
            return True
        if name in TRANSLATIONS:
            return all(is_fixed(arg, constants) for arg in expr.positional)
        if name in _TRIMS and expr.callee.op is Op.ATTR and not expr.positional:
            return is_safe_markup(expr.callee.args[0], constants, safe, helpers)
        if name == "join" and expr.callee.op is Op.ATTR and len(expr.positional) == 1:  # "".join(escaped parts)
            return is_fixed(expr.callee.args[0], constants) and is_safe_markup(
                expr.positional[0], constants, safe, helpers
            )
        if name == "format" and expr.callee.op is Op.ATTR and expr.callee.args:
            parts = (expr.callee.args[0], *expr.positional, *(value for _, value in expr.kwargs))
            return all(is_safe_markup(arg, constants, safe, helpers) for arg in parts)
        if helpers is not None and helpers(expr, constants, safe):
            return True
    if expr.op is Op.IFEXP and len(expr.args) == 3:
        return is_safe_markup(expr.args[0], constants, safe, helpers) and is_safe_markup(
            expr.args[2], constants, safe, helpers
        )
    if expr.op in {Op.FSTRING, Op.FORMAT, Op.BINOP, Op.LIST, Op.TUPLE}:  # a list: of safe parts, for a join
        return all(is_safe_markup(arg, constants, safe, helpers) for arg in expr.args)
    if expr.op is Op.COMP and expr.args:  # [format_html(...) for ...]: each element
        return is_safe_markup(expr.args[0], constants, safe, helpers)
    return False


@dataclass(slots=True)
class Scope:
    """The string-valued local names of one function, as its statements are walked in order.

    Attributes:
        constants: The module's constants (:func:`module_constants`).
        built: Local names whose latest assignment built a string from values that are not fixed.
        strings: Local names whose latest assignment is fixed text.
        safe: Local names whose latest assignment is safe markup (:func:`is_safe_markup`); ``+=``
            keeps a name safe when what it adds is safe too, and an assignment in a branch only
            when the name was safe (or unbound) before it.
        assigned: Local names assigned so far.
        helpers: Judges calls of the module's own functions (:data:`SafeCall`); None follows none.
    """

    constants: dict[str, Expr]
    built: set[str] = field(default_factory=set)
    strings: set[str] = field(default_factory=set)
    safe: set[str] = field(default_factory=set)
    assigned: set[str] = field(default_factory=set)
    helpers: SafeCall | None = None

    def is_built(self, expr: Expr) -> bool:
        """Whether ``expr`` is a string assembled at run time from a value that is not fixed."""
        if expr.op is Op.NAME:
            return str(expr.value) in self.built
        if expr.op is Op.FSTRING:
            return not is_fixed(expr, self.fixed())
        if expr.op is Op.BINOP and expr.value in {"%", "+"} and len(expr.args) == 2:
            left, right = expr.args
            textual = any(self._textual(side) for side in expr.args)
            return textual and not (is_fixed(left, self.fixed()) and is_fixed(right, self.fixed()))
        if expr.op is Op.CALL and _is_format(expr):
            return self._textual(expr.args[0].args[0]) and not is_fixed(expr, self.fixed())
        return False

    def assign(self, stmt: Assign) -> None:
        """Record what an assignment binds to its plain names (``parts[i] = x`` of a safe list: ``x`` must be safe).

        The value is judged once, before any name is bound, as Python evaluates it once.
        """
        value = stmt.value
        if value is None:
            return
        constants, safe_names = self.fixed(), frozenset(self.safe)
        fixed = is_fixed(value, constants)
        markup = fixed or is_safe_markup(value, constants, safe_names, self.helpers)
        built = stmt.op in {"=", "+="} and self.is_built(value)
        for target in stmt.targets:
            stored = target.args[0] if target.op is Op.SUBSCRIPT and target.args else None
            held = str(stored.value) if stored is not None and stored.op is Op.NAME else None
            if held in self.safe and not markup:
                self.safe.discard(held)
        for name in (str(t.value) for t in stmt.targets if t.op is Op.NAME):
            extended = stmt.op == "+=" and name in self.built | self.strings
            now_built = (name in self.built or not fixed) if extended else built
            fixed_text = (stmt.op == "=" and value.op in _TEXTS and fixed) or (
                stmt.op == "+=" and name in self.strings and fixed
            )
            safe = markup and (stmt.op == "=" or (stmt.op == "+=" and name in self.safe))
            if stmt.guard and name in self.assigned and name not in self.safe:
                safe = False  # one branch of an if: the other may have bound unsafe text
            self.assigned.add(name)
            self.built.discard(name)
            self.strings.discard(name)
            self.safe.discard(name)
            if safe:
                self.safe.add(name)
            if now_built:
                self.built.add(name)
            elif fixed_text:
                self.strings.add(name)

    def mutate(self, call: Expr) -> None:
        """Record ``name.append(x)`` / ``.extend(xs)`` / ``.insert(i, x)``: a safe list stays safe only if ``x`` is."""
        callee = call.callee
        if callee is None or callee.op is not Op.ATTR or not callee.args or callee.args[0].op is not Op.NAME:
            return
        name = str(callee.args[0].value)
        if name in self.safe and callee.value in _MUTATORS:
            added = call.positional[-1] if call.positional else None
            if added is None or not is_safe_markup(added, self.fixed(), frozenset(self.safe), self.helpers):
                self.safe.discard(name)

    def _textual(self, expr: Expr) -> bool:
        return (
            expr.op in {Op.STR, Op.FSTRING}
            or (expr.op is Op.NAME and str(expr.value) in self.built | self.strings)
            or self.is_built(expr)
        )

    def fixed(self) -> dict[str, Expr]:
        """Module constants, and local names bound to fixed text (not shadowed by a built one)."""
        if not self.strings:
            return self.constants
        local = {name: Expr(Op.STR, "") for name in self.strings}
        return {**{k: v for k, v in self.constants.items() if k not in self.built}, **local}


def _is_format(expr: Expr) -> bool:
    """``"...{}".format(...)``: a call of the ``format`` attribute of a string literal."""
    callee = expr.callee
    return (
        callee is not None
        and callee.op is Op.ATTR
        and callee.value == "format"
        and bool(callee.args)
        and (callee.args[0].op in {Op.STR, Op.NAME})
    )


def statement_exprs(stmt: Stmt) -> Iterator[Expr]:
    """The expressions a statement evaluates where it stands (not the bodies of nested definitions)."""
    if isinstance(stmt, Assign):
        if stmt.value is not None:
            yield stmt.value
        yield from stmt.targets
    elif isinstance(stmt, ExprStmt | Return):
        if stmt.value is not None:
            yield stmt.value
    elif isinstance(stmt, For):
        yield stmt.iter
    elif isinstance(stmt, FunctionDef):
        yield from stmt.decorators
        yield from (p.default for p in stmt.params if p.default is not None)
    elif isinstance(stmt, ClassDef):
        yield from stmt.decorators
        yield from stmt.bases

"""The values static evaluation produces, and the pure operations over them.

A value is what docgen knows about an expression without running it: a literal (:class:`Const`),
an analysed module, class or function, an external name, an object created by a call, a sequence,
or :class:`Unknown`, which carries its source text so it can be shown as a ``{?source}``
placeholder.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from docgen.link.choices import MAX_OPTIONS, marked
from docgen.link.joins import union_conditions
from docgen.link.unparse import unparse
from docgen.model.facts import Expr, Op

ENV_GETTERS = frozenset({"os.getenv", "os.environ.get", "os.environ.setdefault"})
"""Calls reading an environment variable: their value is the default they pass, when they pass one."""

IMPORTERS = {
    "importlib.import_module": "module",
    "django.utils.module_loading.import_string": "member",
    "werkzeug.utils.import_string": "member",
    "pydoc.locate": "member",
}
"""Calls importing what a dotted string names: a module, or a module's member."""


@dataclass(frozen=True, slots=True)
class Unknown:
    """A value docgen cannot know statically; ``text`` is the source that produced it."""

    text: str


@dataclass(frozen=True, slots=True)
class Const:
    """A literal value (str, int, float, bool, None)."""

    value: object


@dataclass(frozen=True, slots=True)
class External:
    """Something defined outside the analysed code, by dotted name (``fastapi.APIRouter``)."""

    dotted: str


@dataclass(frozen=True, slots=True)
class ModuleRef:
    """An analysed module."""

    name: str


@dataclass(frozen=True, slots=True)
class DefRef:
    """A class or function defined in the analysed code (``module.qualname``)."""

    dotted: str
    is_class: bool


@dataclass(frozen=True, slots=True)
class Instance:
    """An object created by calling a class.

    Attributes:
        cls: The class called.
        key: Identity of the object: ``module:name`` of the variable first bound to it, or of
            the creating call's line when it was never bound.
        call: The creating call.
        scope_key: Key of the scope the call was evaluated in.
    """

    cls: DefRef | External
    key: str
    call: Expr
    scope_key: str


@dataclass(frozen=True, slots=True)
class Seq:
    """A list or tuple of values.

    Attributes:
        items: The values, in order.
        guards: Per item, the undecided conditions (as written) of the ``if`` branch that added
            it (``if settings.SSO: urlpatterns += [...]``); empty when every item is there always.
            Not part of equality: the same items are the same list.
    """

    items: tuple[Value, ...]
    guards: tuple[tuple[str, ...], ...] = field(default=(), compare=False)

    def guard(self, index: int) -> tuple[str, ...]:
        """The conditions item ``index`` was added under; empty when it is there always."""
        return self.guards[index] if index < len(self.guards) else ()

    def item_guards(self) -> tuple[tuple[str, ...], ...]:
        """Every item's conditions, in order (empty ones included)."""
        return self.guards or ((),) * len(self.items)


@dataclass(frozen=True, slots=True)
class Dict:
    """A dict whose keys are known constants: its entries in insertion order.

    Attributes:
        entries: ``(key, value)`` pairs, each key a str, int, bool or None, each key once.
    """

    entries: tuple[tuple[DictKey, Value], ...]
    _index: dict[DictKey, Value] | None = field(default=None, compare=False, hash=False, repr=False)

    def get(self, key: DictKey) -> Value | None:
        """The value stored under ``key`` (keys compare as Python's do: ``1`` is ``True``), None when there is none."""
        if self._index is None:
            object.__setattr__(self, "_index", dict(self.entries))  # a cache: lookups in loops stay linear
        assert self._index is not None
        return self._index.get(key)

    def with_entry(self, key: DictKey, value: Value) -> Dict:
        """The dict with ``key`` set to ``value`` (replaced in place, else added last), as ``d[key] = value``."""
        entries = dict(self.entries)
        entries[key] = value
        return Dict(tuple(entries.items()))


DictKey = str | int | bool | None
"""The keys a :class:`Dict` holds: constants compared by value and type."""


@dataclass(frozen=True, slots=True)
class Choice:
    """A string an undecided test decides: ``"/v2" if settings.V2 else "/v1"``, or ``if``/``else`` assignments.

    Attributes:
        options: Each text it may be (a string :class:`Const`, or :class:`Unknown`) with the undecided
            conditions, as written, it is under; two or more, none the same.
    """

    options: tuple[tuple[Const | Unknown, tuple[str, ...]], ...]


Value = Unknown | Const | External | ModuleRef | DefRef | Instance | Seq | Dict | Choice

VALUE_TYPES = (Unknown, Const, External, ModuleRef, DefRef, Instance, Seq, Dict, Choice)
"""The classes of :data:`Value`, for ``isinstance`` checks."""


def joined(*lists: Seq) -> Seq:
    """The lists one after the other (``a + b``, ``[*a, x]``), each item keeping its conditions (:attr:`Seq.guards`)."""
    items = tuple(item for each in lists for item in each.items)
    if not any(each.guards for each in lists):
        return Seq(items)
    return Seq(items, tuple(guard for each in lists for guard in each.item_guards()))


def either(first: Value, picked: bool | None, otherwise: Callable[[], Value], sides: tuple[str, str]) -> Value:
    """``first if test else other``, ``first`` the side taken (``picked``: the test's truth, None undecided).

    With the test undecided, both sides (:func:`alternatives`), ``first`` under the test and the
    other under its negation (``sides``: both as written), when they are texts or lists;
    otherwise ``first``. ``otherwise`` evaluates the other side, only when both may be needed.
    """
    if picked is not None or not (isinstance(first, Seq | External) or is_text(first)):
        return first
    other = otherwise()
    if isinstance(first, External) and is_text(other):  # a name of code docgen does not read, as text
        first = Unknown(first.dotted)
    elif isinstance(other, External) and is_text(first):
        other = Unknown(other.dotted)
    text, negated = sides
    return alternatives(((first, (text,)), (other, (negated,)))) or first


def alternatives(options: Sequence[tuple[Value, tuple[str, ...]]]) -> Value | None:
    """What a value is when undecided tests pick one of ``options`` (each value with the conditions it is under).

    Texts make a :class:`Choice` (one text when all are the same); lists make one list of every
    item, each under the conditions of the options holding it (none when all do). None when
    the options are neither, for the caller to decide.
    """
    flat: list[tuple[Value, tuple[str, ...]]] = []
    for value, conditions in options:
        if isinstance(value, Choice):
            flat.extend((v, union_conditions(conditions, c)) for v, c in value.options)
        else:
            flat.append((value, conditions))
    if all(isinstance(v, Seq) for v, _ in flat):
        return _guarded_items([(v, c) for v, c in flat if isinstance(v, Seq)])
    texts = [(v, c) for v, c in flat if is_text(v)]
    if len(texts) < len(flat):
        return None
    distinct: dict[Value, tuple[str, ...]] = {}
    for value, conditions in texts:
        distinct.setdefault(value, conditions)
    if len(distinct) == 1:
        return texts[0][0]
    return Choice(tuple((v, c) for v, c in distinct.items() if isinstance(v, Const | Unknown))[:MAX_OPTIONS])


def is_text(value: Value) -> bool:
    """Whether ``value`` can stand in a string: a string (or None) constant, an unknown, a :class:`Choice`."""
    return isinstance(value, Unknown | Choice) or (isinstance(value, Const) and isinstance(value.value, str | None))


def _guarded_items(lists: list[tuple[Seq, tuple[str, ...]]]) -> Seq:
    """Every list's items once, each under the conditions of its list unless every list holds it."""
    keys = [[same_item(v) for v in each.items] for each, _ in lists]
    everywhere = set(keys[0]).intersection(*keys[1:])
    items: list[Value] = []
    guards: list[tuple[str, ...]] = []
    seen: set[object] = set()
    for (each, conditions), mine in zip(lists, keys, strict=True):
        for index, (value, key) in enumerate(zip(each.items, mine, strict=True)):
            if key in seen:
                continue
            seen.add(key)
            items.append(value)
            guards.append(each.guard(index) if key in everywhere else union_conditions(conditions, each.guard(index)))
    return Seq(tuple(items), tuple(guards) if any(guards) else ())


def distributed(operation: Callable[..., Value], values: Sequence[Value], expr: Expr) -> Value | None:
    """``operation`` applied to each combination of the options of the :class:`Choice` among ``values``.

    None when none of ``values`` is a choice (the caller applies ``operation`` itself); unknown
    (``expr``'s source) when the results are neither texts nor lists.
    """
    if not any(isinstance(v, Choice) for v in values):
        return None
    combos: list[tuple[list[Value], tuple[str, ...]]] = [([], ())]
    for value in values:
        options = value.options if isinstance(value, Choice) else ((value, ()),)
        combos = [([*args, v], union_conditions(c, more)) for args, c in combos for v, more in options]
        combos = combos[: MAX_OPTIONS * 2]
    found = alternatives([(operation(*args), conditions) for args, conditions in combos])
    return found if found is not None else Unknown(unparse(expr))


def same_item(value: Value) -> object:
    """What makes two list items the same: an object made by the same call as written (``Route("/", home)``)."""
    return (value.cls, unparse(value.call)) if isinstance(value, Instance) else value


def add_values(left: Value, right: Value, expr: Expr) -> Value:
    """``left + right``: numbers and strings added, sequences joined, unknown parts as placeholders."""
    spread = distributed(lambda a, b: add_values(a, b, expr), (left, right), expr)
    if spread is not None:
        return spread
    if isinstance(left, Const) and isinstance(right, Const):
        try:
            return Const(left.value + right.value)  # type: ignore[operator]
        except TypeError:
            return Unknown(unparse(expr))
    if isinstance(left, Seq | Instance) and isinstance(right, Seq | Instance):
        # a list-valued call joined to a list or another (``router.urls + other.urls``): its items
        return joined(
            left if isinstance(left, Seq) else Seq((left,)), right if isinstance(right, Seq) else Seq((right,))
        )
    if isinstance(left, Const | Unknown) or isinstance(right, Const | Unknown):  # keep the known side's text
        a = text_of(left)[0] if isinstance(left, Const | Unknown) else placeholder(left, expr.args[0])
        b = text_of(right)[0] if isinstance(right, Const | Unknown) else placeholder(right, expr.args[1])
        return Unknown(a + b)
    return Unknown(unparse(expr))


def percent_format(left: Value, right: Value, expr: Expr) -> Value:
    """``"NODE-%s" % name``: printf-style formatting of a known string with known values."""
    spread = distributed(lambda a, b: percent_format(a, b, expr), (left, right), expr)
    if spread is not None:
        return spread
    items = right.items if isinstance(right, Seq) else (right,)
    if not isinstance(left, Const) or not isinstance(left.value, str) or not all(isinstance(i, Const) for i in items):
        return Unknown(unparse(expr))
    try:
        return Const(left.value % tuple(i.value for i in items))  # type: ignore[union-attr]
    except (TypeError, ValueError, KeyError):
        return Unknown(unparse(expr))


def placeholder(value: Value, expr: Expr) -> str:
    """The visible stand-in for a piece of a string that cannot be known: ``{?source}``."""
    if isinstance(value, Unknown) and "{?" in value.text:
        return value.text
    if isinstance(value, Choice):
        return text_of(value)[0]
    return "{?" + unparse(expr) + "}"


def text_of(value: Value) -> tuple[str, bool]:
    """A string value as text, and whether it was fully known (unknown parts are ``{?source}``)."""
    if isinstance(value, Const):
        return ("" if value.value is None else str(value.value)), True
    if isinstance(value, Unknown):
        return (value.text if "{?" in value.text else "{?" + value.text + "}"), False
    if isinstance(value, Choice):  # the options, marked for a route's path to spread them (docgen.link.choices)
        texts = [(text_of(v), c) for v, c in value.options]
        return marked([(text, c) for (text, _), c in texts]), all(known for (_, known), _ in texts)
    return "{?" + type(value).__name__ + "}", False


STR_METHODS = frozenset(
    {"strip", "lstrip", "rstrip", "lower", "upper", "replace", "removeprefix", "removesuffix", "title", "format"}
    | {"startswith", "endswith", "join"}
)
"""``str`` methods the evaluator applies to known strings."""


def str_method(
    base: Value, method: str, args: list[Value], expr: Expr, keywords: dict[str, Value] | None = None
) -> Value:
    """``base.method(*args, **keywords)`` for a few pure ``str`` methods of a known string (``suffix.lstrip("/")``).

    Keywords are ``format``'s (``"(?P<{name}>[^/]+)".format(name=field)``); a ``**`` expansion is unknown.
    """
    keywords = keywords or {}
    keys = list(keywords)
    spread = distributed(
        lambda b, *a: str_method(b, method, list(a[: len(args)]), expr, dict(zip(keys, a[len(args) :], strict=True))),
        (base, *args, *keywords.values()),
        expr,
    )
    if spread is not None:
        return spread
    if not isinstance(base, Const) or not isinstance(base.value, str) or method not in STR_METHODS:
        return Unknown(unparse(expr))
    if any(k == "**" for k, _ in expr.kwargs) or (keywords and method != "format"):
        return Unknown(unparse(expr))
    if method == "join":  # "/".join(parts): of known strings only
        parts = args[0].items if len(args) == 1 and isinstance(args[0], Seq) else None
        if parts is None or not all(isinstance(p, Const) and isinstance(p.value, str) for p in parts):
            return Unknown(unparse(expr))
        return Const(base.value.join(str(p.value) for p in parts if isinstance(p, Const)))
    if not all(isinstance(a, Const) and isinstance(a.value, str | int) for a in [*args, *keywords.values()]):
        return Unknown(unparse(expr))
    named = {k: v.value for k, v in keywords.items() if isinstance(v, Const)}
    try:
        return Const(getattr(base.value, method)(*(a.value for a in args), **named))  # type: ignore[union-attr]
    except (TypeError, ValueError, KeyError, IndexError, AttributeError):  # "{host}".format(x)
        return Unknown(unparse(expr))


FIELD_SPECIFIERS = frozenset(
    {
        "pydantic.Field",
        "pydantic.fields.Field",
        "sqlmodel.Field",
        "dataclasses.field",
        "attr.ib",
        "attr.attrib",
        "attrs.field",
        "msgspec.field",
    }
)
"""Calls declaring a class field with its default (``x: int = Field(default=1)``)."""


def loop_names(target: Expr) -> str | tuple[str, ...] | None:
    """A loop target's name, or the names of a flat ``a, b`` target; None for other targets."""
    if target.op is Op.NAME:
        return str(target.value)
    if target.op in (Op.TUPLE, Op.LIST) and all(t.op is Op.NAME for t in target.args):
        return tuple(str(t.value) for t in target.args)
    return None


def unpack(names: str | tuple[str, ...], item: Value) -> dict[str, object]:
    """The loop variables for one element: ``a, b`` take a pair's items, or stay unknown."""
    if isinstance(names, str):
        return {names: item}
    if isinstance(item, Seq) and len(item.items) == len(names):
        return dict(zip(names, item.items, strict=True))
    return {name: Unknown(name) for name in names}

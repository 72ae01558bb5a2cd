"""DRF router route templates: ``SimpleRouter.routes``, and the ``routes`` a router class sets.

DRF builds a registered viewset's URLs from its router's ``routes``: each ``Route`` has a url
template (``^{prefix}/{lookup}{trailing_slash}$``), a verb → action ``mapping``, a name template and
``detail``; each ``DynamicRoute`` stands for the viewset's ``@action`` methods of its ``detail``. A
router class may set its own ``routes`` (its own or an inherited class body, the first in the MRO
wins): a list of ``Route(...)``/``DynamicRoute(...)``, or another router's list
(``SimpleRouter.routes``, ``copy.deepcopy(...)``, ``list(...)``, ``... + [...]``) that the class body
then changes with ``routes[i].mapping.update({...})``, ``routes[i].mapping["verb"] = "action"``,
``routes[i] = Route(...)``, ``routes.append/extend/insert(...)`` or ``routes += [...]``. The
``__init__`` methods creating a router runs (the most derived one, and each one up that the one
below calls: ``super().__init__(...)``) may change them the same way through ``self.routes``
(``self.routes[0].mapping.update({"delete": "bulk_destroy"})``), base first. A statement that
changes ``routes`` any other way, or only under a condition, or a list that cannot be read, gets a
diagnostic; the routes read up to there stay.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from docgen.diagnostics import Code
from docgen.extract._shared.common import const_str
from docgen.extract.django.views import ViewClasses, dict_strings
from docgen.link.contract import LinkContext
from docgen.link.evaluate import Const, DefRef, External
from docgen.link.names import is_name
from docgen.link.program import Scope
from docgen.link.unparse import unparse
from docgen.model.facts import Assign, ClassDef, Expr, ExprStmt, FunctionDef, Op, Stmt

_ROUTERS = "rest_framework.routers."
ROUTE, DYNAMIC_ROUTE = f"{_ROUTERS}Route", f"{_ROUTERS}DynamicRoute"


@dataclass(frozen=True, slots=True)
class RouteTemplate:
    """One entry of a router's ``routes``.

    Attributes:
        url: The url template (``{prefix}``, ``{lookup}``, ``{url_path}``, ``{trailing_slash}``).
        mapping: ``(verb, action)`` pairs of a ``Route``; empty for a ``DynamicRoute``.
        name: The url name template (``{basename}-list``, ``{basename}-{url_name}``).
        detail: Whether it acts on one object.
        dynamic: Whether it is a ``DynamicRoute`` (one route per ``@action`` of its ``detail``).
    """

    url: str
    mapping: tuple[tuple[str, str], ...]
    name: str
    detail: bool
    dynamic: bool


SIMPLE_ROUTES = (
    RouteTemplate(
        r"^{prefix}{trailing_slash}$", (("get", "list"), ("post", "create")), "{basename}-list", False, False
    ),
    RouteTemplate(r"^{prefix}/{url_path}{trailing_slash}$", (), "{basename}-{url_name}", False, True),
    RouteTemplate(
        r"^{prefix}/{lookup}{trailing_slash}$",
        (("get", "retrieve"), ("put", "update"), ("patch", "partial_update"), ("delete", "destroy")),
        "{basename}-detail",
        True,
        False,
    ),
    RouteTemplate(r"^{prefix}/{lookup}/{url_path}{trailing_slash}$", (), "{basename}-{url_name}", True, True),
)
"""DRF's ``SimpleRouter.routes`` (``DefaultRouter`` inherits them)."""

_FIELDS = {
    ROUTE: ("url", "mapping", "name", "detail", "initkwargs"),
    DYNAMIC_ROUTE: ("url", "name", "detail", "initkwargs"),
}
"""The namedtuples' fields in order, for positional arguments."""
_LIST_METHODS = frozenset({"append", "extend", "insert"})
_COPIES = frozenset({"copy.deepcopy", "copy.copy", "list", "tuple", "builtins.list", "builtins.tuple"})


class RouteTemplates:
    """The ``routes`` of router classes, read from class bodies (memoised per class)."""

    def __init__(self, context: LinkContext, views: ViewClasses) -> None:
        self.context = context
        self.views = views
        self._memo: dict[str, tuple[RouteTemplate, ...]] = {}

    def of(self, router: DefRef | External) -> tuple[RouteTemplate, ...]:
        """The route templates a router class builds its URLs from, as its ``__init__`` leaves them."""
        routes = list(self._class_level(router))
        for init in reversed(self._inits(router)):
            self._init_changes(init, routes)
        return tuple(routes)

    def _class_level(self, router: DefRef | External) -> tuple[RouteTemplate, ...]:
        for klass in self.views.mro(router):
            if isinstance(klass, DefRef) and (found := self._own(klass)) is not None:
                return found
        return SIMPLE_ROUTES

    def _own(self, cls: DefRef) -> tuple[RouteTemplate, ...] | None:
        """The templates ``cls``'s own body sets, or None when it does not bind ``routes``."""
        if cls.dotted in self._memo:
            return self._memo[cls.dotted]
        definition = self.context.program.definition(cls.dotted)
        scope = self.context.program.body_scope(cls.dotted)
        if not isinstance(definition, ClassDef) or scope is None:
            return None
        self._memo[cls.dotted] = SIMPLE_ROUTES  # a class body reading its own routes sees DRF's
        routes: list[RouteTemplate] | None = None
        for stmt in definition.body:
            if isinstance(stmt, Assign) and stmt.value is not None and _spells(stmt.targets, None):
                routes = self._assigned(stmt, scope, routes, None)
            elif routes is not None and isinstance(stmt, Assign | ExprStmt) and _touches(stmt, None):
                self._follow(stmt, scope, routes, None)
        if routes is None:
            del self._memo[cls.dotted]
            return None
        self._memo[cls.dotted] = tuple(routes)
        return self._memo[cls.dotted]

    def _inits(self, router: DefRef | External) -> list[str]:
        """The analysed ``__init__`` methods creating a router runs, most derived first.

        The chain goes up while each calls the next one (``super().__init__(...)``); DRF's own
        ``__init__`` leaves ``routes`` as the class sets them.
        """
        found: list[str] = []
        for klass in self.views.mro(router):
            dotted = f"{klass.dotted}.__init__"
            definition = self.context.program.definition(dotted) if isinstance(klass, DefRef) else None
            if not isinstance(definition, FunctionDef):
                continue
            found.append(dotted)
            if not any(_calls_init(stmt) for stmt in definition.body):
                break
        return found

    def _init_changes(self, init: str, routes: list[RouteTemplate]) -> None:
        """Apply what an ``__init__`` does to ``self.routes`` (its items' ``mapping``, the list itself)."""
        definition = self.context.program.definition(init)
        scope = self.context.program.body_scope(init)
        if not isinstance(definition, FunctionDef) or not definition.params or scope is None:
            return
        receiver = definition.params[0].name
        for stmt in definition.body:
            if not isinstance(stmt, Assign | ExprStmt) or not _touches(stmt, receiver):
                continue
            if stmt.guard:
                where = self.context.location(scope.module, stmt.line)
                self.context.warn(
                    Code.NOT_EVALUATED, "this conditional change of the router's routes is not followed", where
                )
            elif isinstance(stmt, Assign) and stmt.value is not None and _spells(stmt.targets, receiver):
                routes[:] = self._assigned(stmt, scope, routes, receiver)
            else:
                self._follow(stmt, scope, routes, receiver)

    def _follow(self, stmt: Assign | ExprStmt, scope: Scope, routes: list[RouteTemplate], receiver: str | None) -> None:
        if not self._change(stmt, scope, routes, receiver):
            where = self.context.location(scope.module, stmt.line)
            self.context.warn(Code.NOT_EVALUATED, "this change of the router's routes is not followed", where)

    def _assigned(
        self, stmt: Assign, scope: Scope, before: list[RouteTemplate] | None, receiver: str | None
    ) -> list[RouteTemplate]:
        assert stmt.value is not None
        value = self._list(stmt.value, scope, before, receiver)
        if stmt.op == "+=" and before is not None and value is not None:
            return [*before, *value]
        if value is None:
            where = self.context.location(scope.module, stmt.line)
            text = unparse(stmt.value)
            self.context.warn(Code.NOT_EVALUATED, f"router routes {text!r} could not be read: DRF's are used", where)
            return list(SIMPLE_ROUTES)
        return value

    def _list(
        self, expr: Expr, scope: Scope, current: list[RouteTemplate] | None, receiver: str | None
    ) -> list[RouteTemplate] | None:
        """A routes list expression: literal, another router's ``routes``, a copy of one, a sum."""
        if expr.op in (Op.LIST, Op.TUPLE):
            items = [self._template(item, scope) for item in expr.args]
            return None if any(i is None for i in items) else [i for i in items if i is not None]
        if expr.op is Op.BINOP and expr.value == "+":
            left, right = (self._list(e, scope, current, receiver) for e in expr.args)
            return None if left is None or right is None else [*left, *right]
        if expr.op is Op.CALL and len(expr.positional) == 1 and not expr.kwargs:
            callee = self.context.evaluator.eval(expr.args[0], scope)
            copies = isinstance(callee, External) and callee.dotted in _COPIES
            return self._list(expr.positional[0], scope, current, receiver) if copies else None
        if _spells((expr,), receiver) and current is not None:
            return list(current)
        if expr.op is Op.ATTR and expr.value == "routes":
            owner = self.views.class_of(self.context.evaluator.eval(expr.args[0], scope))
            if owner is not None and _ROUTERS + "BaseRouter" in self.views.lineage(owner):
                return list(self._class_level(owner))
        return None

    def _template(self, expr: Expr, scope: Scope) -> RouteTemplate | None:
        """``Route(url=..., mapping={...}, name=..., detail=...)`` or ``DynamicRoute(...)``."""
        if expr.op is not Op.CALL:
            return None
        callee = self.context.evaluator.eval(expr.args[0], scope)
        kind = self.context.evaluator.hierarchies.canonical(callee.dotted) if isinstance(callee, External) else None
        if kind not in _FIELDS:
            return None
        given = dict(zip(_FIELDS[kind], expr.positional, strict=False)) | dict(expr.kwargs)
        url = const_str(self.context.evaluator.eval(given["url"], scope)) if "url" in given else None
        name = const_str(self.context.evaluator.eval(given["name"], scope)) if "name" in given else None
        detail = self.context.evaluator.eval(given["detail"], scope) if "detail" in given else None
        if url is None or name is None or not isinstance(detail, Const):
            return None
        mapping = tuple(dict_strings(self.context, given["mapping"], scope)) if "mapping" in given else ()
        return RouteTemplate(url, mapping, name, bool(detail.value), kind == DYNAMIC_ROUTE)

    def _change(self, stmt: Assign | ExprStmt, scope: Scope, routes: list[RouteTemplate], receiver: str | None) -> bool:
        """Apply one change of ``routes`` (of ``receiver.routes``); False when it is not one docgen follows."""
        if isinstance(stmt, Assign):
            target = stmt.targets[0] if len(stmt.targets) == 1 else None
            if stmt.value is None or target is None or target.op is not Op.SUBSCRIPT or stmt.op != "=":
                return False
            owner, key = target.args[0], target.args[1] if len(target.args) == 2 else None
            if _spells((owner,), receiver) and (index := _index(key, routes)) is not None:
                item = self._template(stmt.value, scope)
                routes[index] = item if item is not None else routes[index]
                return item is not None
            verb = const_str(self.context.evaluator.eval(key, scope)) if key is not None else None
            action = const_str(self.context.evaluator.eval(stmt.value, scope))
            index = _mapping_of(owner, routes, receiver)
            if index is None or verb is None or action is None:
                return False
            routes[index] = _mapped(routes[index], ((verb, action),))
            return True
        call = stmt.value
        if call.op is not Op.CALL or call.args[0].op is not Op.ATTR:
            return False
        method, changed = call.args[0].value, call.args[0].args[0]
        if (
            method == "update"
            and (index := _mapping_of(changed, routes, receiver)) is not None
            and len(call.positional) == 1
        ):
            pairs = dict_strings(self.context, call.positional[0], scope)
            routes[index] = _mapped(routes[index], tuple(pairs))
            return len(pairs) * 2 == len(call.positional[0].args)
        if method in _LIST_METHODS and _spells((changed,), receiver) and call.positional:
            return self._grow(str(method), call.positional, scope, routes, receiver)
        return False

    def _grow(
        self, method: str, args: tuple[Expr, ...], scope: Scope, routes: list[RouteTemplate], receiver: str | None
    ) -> bool:
        if method == "extend":
            added = self._list(args[0], scope, routes, receiver)
            routes.extend(added or ())
            return added is not None
        item = self._template(args[-1], scope)
        if item is None:
            return False
        if method == "append":
            routes.append(item)
            return True
        index = self.context.evaluator.eval(args[0], scope)
        if not (isinstance(index, Const) and isinstance(index.value, int)):
            return False
        routes.insert(index.value, item)
        return True


def _spells(targets: tuple[Expr, ...], receiver: str | None) -> bool:
    """Whether ``targets`` is the one expression ``routes`` (a class body's), or ``receiver.routes``."""
    if len(targets) != 1:
        return False
    if receiver is None:
        return is_name(targets[0], "routes")
    target = targets[0]
    return target.op is Op.ATTR and target.value == "routes" and is_name(target.args[0], receiver)


def _calls_init(stmt: Stmt) -> bool:
    """Whether a statement calls the next ``__init__`` up (``super().__init__(...)``, ``Base.__init__(self)``)."""
    call = stmt.value if isinstance(stmt, ExprStmt) else None
    return call is not None and call.op is Op.CALL and call.args[0].op is Op.ATTR and call.args[0].value == "__init__"


def _touches(stmt: Assign | ExprStmt, receiver: str | None) -> bool:
    """Whether a statement reads or changes ``routes`` (``routes[0].mapping.update(...)``, ``self.routes``)."""
    exprs = [*stmt.targets] if isinstance(stmt, Assign) else [stmt.value]
    while exprs:
        expr = exprs.pop()
        if _spells((expr,), receiver):
            return True
        exprs.extend(expr.args)
    return False


def _index(expr: Expr | None, routes: list[RouteTemplate]) -> int | None:
    """A literal index into ``routes`` (``-1`` too), when in range."""
    negative = expr is not None and expr.op is Op.UNARY and expr.value == "-"
    number = expr.args[0] if expr is not None and negative else expr
    if number is None or number.op is not Op.NUM or not isinstance(number.value, int):
        return None
    index = -number.value if negative else number.value
    index = index + len(routes) if index < 0 else index
    return index if 0 <= index < len(routes) else None


def _mapping_of(expr: Expr, routes: list[RouteTemplate], receiver: str | None) -> int | None:
    """The index ``i`` of ``routes[i].mapping``, when ``expr`` is that (a ``Route``'s, not a dynamic one's)."""
    if expr.op is not Op.ATTR or expr.value != "mapping" or expr.args[0].op is not Op.SUBSCRIPT:
        return None
    subscript = expr.args[0]
    if not _spells((subscript.args[0],), receiver) or len(subscript.args) != 2:
        return None
    index = _index(subscript.args[1], routes)
    return index if index is not None and not routes[index].dynamic else None


def _mapped(template: RouteTemplate, pairs: tuple[tuple[str, str], ...]) -> RouteTemplate:
    """The template with ``pairs`` set in its mapping (a verb already mapped keeps its place)."""
    mapping = dict(template.mapping)
    mapping.update(pairs)
    return replace(template, mapping=tuple(mapping.items()))

"""DRF routers: the routes ``router.register(prefix, ViewSet)`` serves, action by action.

A ``SimpleRouter``/``DefaultRouter`` gives each registered viewset a list route (``list``,
``create``), a detail route (``retrieve``, ``update``, ``partial_update``, ``destroy``) on the
viewset's lookup (``lookup_url_kwarg`` / ``lookup_field``, ``pk`` by default), and one route per
``@action`` (``detail=``, ``methods=``, ``url_path=``, ``url_name=``, plus ``@x.mapping.<verb>``),
only for the actions the viewset has, following the router class's ``routes`` (see
:mod:`~docgen.extract.django.drf_routes`). ``trailing_slash=False`` and ``use_regex_path=False`` are
honoured. A ``DefaultRouter`` also serves its api-root view (``GET`` on the router's own path, the
class's ``APIRootView``) unless the class sets ``include_root_view = False``; the ``.{format}``
suffix twins it adds are framework internals and are not emitted.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from docgen.diagnostics import Code
from docgen.extract._shared.common import Handler, const_str, strings
from docgen.extract.django.drf_routes import RouteTemplate, RouteTemplates
from docgen.extract.django.views import ClassRef, ViewClasses, class_body_functions, decorator_name
from docgen.link.contract import LinkContext
from docgen.link.evaluate import Const, DefRef, External, Instance, Value, text_of
from docgen.link.program import Scope, is_call_stmt
from docgen.link.unparse import unparse
from docgen.model import HttpMethod, Location
from docgen.model.facts import Assign, ClassDef, Expr, FunctionDef, Op, Stmt

ROUTER = "rest_framework.routers.BaseRouter"
DEFAULT_ROUTER = "rest_framework.routers.DefaultRouter"
API_ROOT_VIEW = "rest_framework.routers.APIRootView"
_ACTIONS = {
    "rest_framework.decorators.action": None,
    "rest_framework.decorators.list_route": False,
    "rest_framework.decorators.detail_route": True,
}
"""Extra-action decorators; the value fixes ``detail`` for DRF's old ``list_route``/``detail_route``."""


@dataclass(frozen=True, slots=True)
class ExtraAction:
    """A viewset method decorated with ``@action``.

    Attributes:
        name: The decorated method's name.
        detail: Whether it acts on one object (its route includes the lookup).
        url_path: The path segment it adds.
        url_name: The url name suffix (``{basename}-{url_name}``).
        methods: ``(verb, method name)`` pairs: the action's own verbs, then ``.mapping`` ones.
    """

    name: str
    detail: bool
    url_path: str
    url_name: str
    methods: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class RouterRoute:
    """One (method, pattern) a router serves for a registered viewset.

    Attributes:
        pattern: The pattern as the router builds it (a regex, or a ``path()`` route).
        regex: Whether ``pattern`` is a regex.
        method: The HTTP method.
        action: The viewset action it dispatches to.
        handler: ``module.DefiningClass.action``.
        definition: The handler, when analysed.
        viewset: The registered viewset.
        name: The url name (``{basename}-list``...), when the basename is known.
        location: Where the viewset is registered.
    """

    pattern: str
    regex: bool
    method: HttpMethod
    action: str
    handler: str
    definition: Handler | None
    viewset: ClassRef
    name: str | None
    location: Location


class Routers:
    """DRF router instances of the program and what is registered on each."""

    def __init__(self, context: LinkContext, views: ViewClasses) -> None:
        self.context = context
        self.views = views
        self.templates = RouteTemplates(context, views)
        self._registered: dict[str, list[tuple[Expr, Scope]]] | None = None
        self._scanned: set[str] = set()

    def is_router(self, value: Value) -> bool:
        """Whether ``value`` is a DRF router instance."""
        cls = self.views.class_of(value) if isinstance(value, Instance) else None
        return cls is not None and ROUTER in self.views.lineage(cls)

    def _registrations(self, router: Instance) -> list[tuple[Expr, Scope]]:
        program = self.context.program
        if self._registered is None:
            self._registered = {}
            self._index(program.walk())
        module = router.key.partition(":")[0]
        if program.is_library(module) and module not in self._scanned:  # a third-party urlconf's router
            self._scanned.add(module)
            self._index(program.walk_module(module))
        return self._registered.get(router.key, [])

    def _index(self, statements: Iterable[tuple[Scope, Stmt]]) -> None:
        assert self._registered is not None
        for scope, stmt in statements:
            call = is_call_stmt(stmt)
            if call is None or call.args[0].op is not Op.ATTR or call.args[0].value != "register":
                continue
            owner = self.context.evaluator.eval(call.args[0].args[0], scope)
            if isinstance(owner, Instance) and self.is_router(owner):
                self._registered.setdefault(owner.key, []).append((call, scope))

    def routes(self, router: Instance) -> Iterator[RouterRoute]:
        """Every route of ``router``, registration by registration (DRF's order)."""
        trailing = self._option(router, "trailing_slash", True)
        use_regex = bool(self._option(router, "use_regex_path", True))
        cls = self.views.class_of(router)
        templates = self.templates.of(cls) if cls is not None else ()
        for call, scope in self._registrations(router):
            yield from self._register(call, scope, "/" if trailing else "", use_regex, templates, router)
        if cls is not None:
            yield from self._root(router, cls, use_regex)

    def _root(self, router: Instance, cls: ClassRef, use_regex: bool) -> Iterator[RouterRoute]:
        """A ``DefaultRouter``'s api-root view (``include_root_view``, ``APIRootView``, ``root_view_name``)."""
        if DEFAULT_ROUTER not in self.views.lineage(cls):
            return
        include = self.context.evaluator.class_attribute(cls, "include_root_view") if isinstance(cls, DefRef) else None
        if isinstance(include, Const) and not include.value:
            return
        given = self.context.evaluator.class_attribute(cls, "APIRootView") if isinstance(cls, DefRef) else None
        view = self.views.class_of(given) if given is not None else External(API_ROOT_VIEW)
        defined = self.views.defining(view, "get") if view is not None else None
        location = self.context.location(router.key.partition(":")[0], router.call.line)
        if view is None or defined is None:
            text = unparse(router.call)
            self.context.warn(Code.NOT_EVALUATED, f"the api-root view of {text!r} is not a known view class", location)
            return
        name = self._class_str(cls, "root_view_name") or "api-root"
        pattern = "^$" if use_regex else ""
        yield RouterRoute(pattern, use_regex, HttpMethod.GET, "get", defined[0], defined[1], view, name, location)

    def _option(self, router: Instance, name: str, default: object) -> object:
        expr = router.call.kwarg(name)
        value = self.context.evaluator.eval(expr, self.context.call_scope(router)) if expr is not None else None
        return value.value if isinstance(value, Const) else default

    def _register(
        self,
        call: Expr,
        scope: Scope,
        trailing: str,
        use_regex: bool,
        templates: Iterable[RouteTemplate],
        router: Instance,
    ) -> Iterator[RouterRoute]:
        args = call.positional
        location = self.context.location(scope.module, call.line)
        prefix_expr = args[0] if args else call.kwarg("prefix")
        viewset_expr = args[1] if len(args) > 1 else call.kwarg("viewset")
        if prefix_expr is None or viewset_expr is None:
            return
        prefix, known = text_of(self.context.evaluator.eval(prefix_expr, scope))
        if not known:
            self.context.warn(Code.NOT_EVALUATED, f"router prefix {prefix!r} could not be fully evaluated", location)
        viewset = self.views.class_of(self.context.evaluator.eval(viewset_expr, scope))
        if viewset is None:
            self.context.warn(
                Code.NOT_EVALUATED, f"viewset {unparse(viewset_expr)!r} is not an analysed class", location
            )
            return
        basename_expr = call.kwarg("basename") or call.kwarg("base_name") or (args[2] if len(args) > 2 else None)
        basename = const_str(self.context.evaluator.eval(basename_expr, scope)) if basename_expr else None
        basename = basename or self._default_basename(viewset)
        lookup = self._lookup(viewset, use_regex, router, location)
        for url, name_template, mapping, url_path, url_name in _plans(templates, self.extra_actions(viewset)):
            pattern = _pattern(url, prefix, lookup, url_path, trailing, use_regex)
            name = name_template.replace("{url_name}", url_name).replace("{basename}", basename) if basename else None
            for verb, action in mapping:
                defined = self.views.defining(viewset, action)
                if defined is None or verb.upper() not in HttpMethod.__members__:
                    continue
                method = HttpMethod(verb.upper())
                yield RouterRoute(pattern, use_regex, method, action, defined[0], defined[1], viewset, name, location)

    def _lookup(self, viewset: ClassRef, use_regex: bool, router: Instance, location: Location) -> str:
        """The URL part naming one object: the router's own ``get_lookup_regex`` when it overrides DRF's."""
        override = self._lookup_override(router) if use_regex else None
        if override is not None:
            params = [p.name for p in override[1].params]
            if len(params) >= 2:
                arguments: dict[str, Value] = {params[0]: router, params[1]: viewset}
                arguments.update({p: Const("") for p in params[2:3]})
                value = self.context.evaluator.returns(override[0], 0, arguments)
                if isinstance(value, Const) and isinstance(value.value, str):
                    return value.value
            message = f"the lookup {override[0]}() gives could not be evaluated: shown as DRF's default"
            self.context.warn_once(Code.NOT_EVALUATED, message, location)
        field = self._class_str(viewset, "lookup_field") or "pk"
        kwarg = self._class_str(viewset, "lookup_url_kwarg") or field
        if use_regex:
            return f"(?P<{kwarg}>{self._class_str(viewset, 'lookup_value_regex') or '[^/.]+'})"
        return f"<{self._class_str(viewset, 'lookup_value_converter') or 'path'}:{kwarg}>"

    def _lookup_override(self, router: Instance) -> tuple[str, FunctionDef] | None:
        """An analysed router class's ``get_lookup_regex`` (DRF's own is modelled), with its definition."""
        for klass in self.views.mro(router.cls):
            if not isinstance(klass, DefRef):
                return None
            definition = self.context.program.definition(f"{klass.dotted}.get_lookup_regex")
            if isinstance(definition, FunctionDef):
                return f"{klass.dotted}.get_lookup_regex", definition
        return None

    def _class_str(self, cls: ClassRef, name: str) -> str | None:
        if not isinstance(cls, DefRef):
            return None
        return const_str(self.context.evaluator.class_attribute(cls, name))

    def _default_basename(self, viewset: ClassRef) -> str | None:
        """DRF's default basename: the lowercased model name of the viewset's ``queryset``."""
        for klass in self.views.mro(viewset):
            definition = self.context.program.definition(klass.dotted) if isinstance(klass, DefRef) else None
            if not isinstance(definition, ClassDef):
                continue
            for stmt in definition.body:
                if isinstance(stmt, Assign) and stmt.value is not None and _assigns(stmt, "queryset"):
                    root = stmt.value
                    while root.op in (Op.ATTR, Op.CALL) and root.args:
                        root = root.args[0]
                    return str(root.value).lower() if root.op is Op.NAME else None
        return None

    def extra_actions(self, viewset: ClassRef) -> list[ExtraAction]:
        """The viewset's ``@action`` methods, inherited ones included (subclasses override)."""
        found: dict[str, ExtraAction] = {}
        for klass in reversed(self.views.mro(viewset)):
            if not isinstance(klass, DefRef):
                continue
            functions = class_body_functions(self.context, klass)
            scope = self.context.program.body_scope(klass.dotted)
            if scope is None:
                continue
            for function in functions:
                action = self._action(function, scope)
                if action is not None:
                    found[action.name] = action
            for function in functions:
                self._mapping(function, found)
        return list(found.values())

    def _action(self, function: FunctionDef, scope: Scope) -> ExtraAction | None:
        for decorator in function.decorators:
            name, call = decorator_name(self.context, decorator, scope)
            if name not in _ACTIONS:
                continue
            fixed = _ACTIONS[name]
            kwargs = {k: self.context.evaluator.eval(v, scope) for k, v in call.kwargs} if call.op is Op.CALL else {}
            detail_value = kwargs.get("detail")
            detail = fixed if fixed is not None else bool(isinstance(detail_value, Const) and detail_value.value)
            verbs = [m.lower() for m in strings(kwargs["methods"])] if "methods" in kwargs else ["get"]
            url_path = const_str(kwargs.get("url_path")) or function.name
            url_name = const_str(kwargs.get("url_name")) or function.name.replace("_", "-")
            return ExtraAction(function.name, detail, url_path, url_name, tuple((v, function.name) for v in verbs))
        return None

    @staticmethod
    def _mapping(function: FunctionDef, found: dict[str, ExtraAction]) -> None:
        """``@avatar.mapping.delete``: another method for an existing action, handled by this function."""
        for decorator in function.decorators:
            target = decorator.args[0] if decorator.op is Op.CALL else decorator
            if target.op is not Op.ATTR or target.args[0].op is not Op.ATTR or target.args[0].value != "mapping":
                continue
            owner = target.args[0].args[0]
            if owner.op is Op.NAME and owner.value in found:
                action = found[str(owner.value)]
                extra = ((str(target.value), function.name),)
                found[action.name] = ExtraAction(
                    action.name, action.detail, action.url_path, action.url_name, action.methods + extra
                )


def _plans(
    templates: Iterable[RouteTemplate], actions: list[ExtraAction]
) -> Iterator[tuple[str, str, tuple[tuple[str, str], ...], str, str]]:
    """``(url, name, mapping, url_path, url_name)`` per route: a ``Route``'s, or one per ``@action``."""
    for template in templates:
        if not template.dynamic:
            yield template.url, template.name, template.mapping, "", ""
            continue
        for action in actions:
            if action.detail == template.detail:
                yield template.url, template.name, action.methods, action.url_path, action.url_name


def _pattern(url: str, prefix: str, lookup: str, url_path: str, trailing: str, use_regex: bool) -> str:
    """The pattern DRF's ``SimpleRouter.get_urls`` builds from one route's url template."""
    if not use_regex:  # path() routes: DRF drops the template's anchors
        url = url.removeprefix("^").removesuffix("$")
    values = {"{url_path}": url_path, "{prefix}": prefix, "{lookup}": lookup, "{trailing_slash}": trailing}
    for field, value in values.items():
        url = url.replace(field, value)
    if not prefix:  # the router is mounted by the including urlconf: no leading slash
        if use_regex and url.startswith("^/"):
            url = "^" + url[2:]
        elif not use_regex and url.startswith("/"):
            url = url[1:]
    return url


def _assigns(stmt: Assign, name: str) -> bool:
    return any(t.op is Op.NAME and t.value == name for t in stmt.targets)

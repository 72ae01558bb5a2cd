"""The link stage: all files' facts → the whole program, its routes and its models."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import partial
from typing import TypeVar

from docgen.config import Config
from docgen.diagnostics import Code, Reporter
from docgen.link.annotations import TypeNames
from docgen.link.choices import expand, is_marked, pick
from docgen.link.contract import Extractor, LinkContext
from docgen.link.evaluate import Evaluator, Instance
from docgen.link.imported import ImportConditions
from docgen.link.joins import join_paths, union_conditions
from docgen.link.libraries import Libraries, Parser, search_roots
from docgen.link.program import Program, is_call_stmt
from docgen.link.reverse import with_reverse_relations
from docgen.link.routegraph import MAX_CHAINS, Chain, Node, RouteGraph
from docgen.model import ApiInfo, Application, Diagnostic, Framework, Location, Model, Route, Severity, Stage
from docgen.model.facts import Import, ModuleFacts
from docgen.moduleid import ModuleNames
from docgen.moduleid.vendored import vendored_frameworks

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Linked:
    """What linking found.

    Attributes:
        context: The resolved program and its evaluator, for the stages that read it next (the
            code reference, docgen's checks).
        routes: Routes, sorted by path then method.
        apps: The applications serving them, sorted by id.
        models: Models, sorted by id.
        spans: Handler id → its definition's span, for per-route history.
        frameworks: Frameworks detected.
    """

    context: LinkContext
    routes: tuple[Route, ...]
    apps: tuple[Application, ...]
    models: tuple[Model, ...]
    spans: dict[str, Location]
    frameworks: tuple[Framework, ...]


def link(
    facts: list[ModuleFacts],
    config: Config,
    reporter: Reporter,
    extractors: Sequence[Extractor],
    parser: Parser | None = None,
    names: ModuleNames | None = None,
    majors: Mapping[str, int] | None = None,
) -> Linked:
    """Resolve the whole program and run ``extractors`` over it.

    ``parser`` reads the third-party files under ``extra-paths`` the analysed code imports (none:
    they stay external names); ``names`` are the other names the tree imports its files by;
    ``majors``, the major version the project's packaging pins for libraries whose meaning
    depends on it (``{"pydantic": 1}``).
    """
    extractors = list(extractors)
    libraries = _libraries(config, extractors, parser, reporter, facts) if parser else None
    parsed = [f for f in facts if f.parsed]
    known = frozenset().union(*(e.packages for e in extractors), (p.partition(".")[0] for p in WEB_FRAMEWORKS))
    program = Program(parsed, libraries, names, vendored_frameworks(parsed, known))
    context = LinkContext(program, Evaluator(program, reporter), reporter, config.docstring_style)
    context.majors = dict(majors or {})
    for extractor in extractors:
        for attribute, classes in extractor.mounts.items():
            context.mounts[attribute] = context.mounts.get(attribute, frozenset()) | classes
    context.claims = frozenset().union(*(e.claims for e in extractors))
    models = _models(context, extractors)
    routes, apps, served = _routes(context, extractors)
    _unread_frameworks(context, extractors, served, frozenset(m.kind for m in models))
    types = TypeNames(program, context.evaluator, frozenset(m.id for m in models))
    models = [types.model(m) for m in models]
    routes = tuple(types.route(r, _handler_module(program, r)) for r in routes)
    own = [r for r in routes if r.handler and r.location.line and not program.third_party(r)]
    context.evaluator.report_deferred()
    return Linked(
        context=context,
        routes=routes,
        apps=apps,
        models=tuple(sorted(models, key=lambda m: m.id)),
        spans={r.handler: r.location for r in own if r.handler},
        frameworks=tuple(sorted(context.frameworks)),
    )


WEB_FRAMEWORKS = {
    "aiohttp.web": "aiohttp",
    "blacksheep": "BlackSheep",
    "bottle": "Bottle",
    "cherrypy": "CherryPy",
    "connexion": "Connexion",
    "cornice": "Cornice",
    "django": "Django",
    "emmett": "Emmett",
    "falcon": "Falcon",
    "fastapi": "FastAPI",
    "flask": "Flask",
    "flask_restful": "Flask-RESTful",
    "flask_restplus": "Flask-RESTPlus",
    "flask_restx": "Flask-RESTX",
    "hug": "hug",
    "klein": "Klein",
    "litestar": "Litestar",
    "masonite": "Masonite",
    "ninja": "django-ninja",
    "pyramid": "Pyramid",
    "quart": "Quart",
    "responder": "Responder",
    "robyn": "Robyn",
    "sanic": "Sanic",
    "starlette": "Starlette",
    "tornado.web": "Tornado",
    "web2py": "web2py",
}
"""Web frameworks' server packages (``aiohttp.web``: aiohttp's client is no web app), by the name
users know them by: one the code imports that no loaded extractor reads is reported (DG913)
instead of documenting it as "0 routes"."""


def _handler_module(program: Program, route: Route) -> str | None:
    """The module of ``route``'s handler, where the names of its parameter types are read."""
    found = program.split(route.handler) if route.handler else None
    return found[0] if found else None


def _unread_frameworks(
    context: LinkContext, extractors: list[Extractor], served: frozenset[str], modelled: frozenset[str]
) -> None:
    """One warning per web framework the analysed code imports at module level whose routes are not listed.

    A DG913 when no extractor reads it. A DG917 when extractors read it but no route of it was
    found (the app is built in a way docgen does not follow: that must not read as "no routes"):
    ``served`` names the extractors that found routes and the frameworks of the applications
    serving them. A framework among the kinds of models found (``modelled``: Django's ORM) may be
    imported for its models alone: it is warned about only once an application of it was found.
    """
    read = frozenset().union(*(e.packages for e in extractors))
    listing = served.union(*(e.packages for e in extractors if e.name in served))
    for package, (where, count) in sorted(_imported_frameworks(context).items()):
        top = package.partition(".")[0]
        modules = f"{count} module{'s' if count != 1 else ''}"
        name = f"{WEB_FRAMEWORKS[package]} ({package})"
        if top not in read:
            message = (
                f"{name} is imported by {modules} but no extractor docgen runs reads it (not supported yet, "
                "or left out of `frameworks`): its routes are not listed"
            )
            context.warn(Code.UNREAD_FRAMEWORK, message, where)
        elif top not in listing and (top not in modelled or Framework(top) in context.frameworks):
            message = (
                f"{name} is imported by {modules} but docgen found none of its routes: they are registered in a "
                "way it does not follow (the other warnings name what it could not evaluate); if the registering "
                "code is installed rather than in the tree, add it with `extra-paths`"
            )
            context.warn(Code.NO_ROUTES_FOUND, message, where)


def _imported_frameworks(context: LinkContext) -> dict[str, tuple[Location, int]]:
    """Each web framework the analysed code imports at module level: its first import and how many modules do."""
    first: dict[str, Location] = {}
    files: dict[str, set[str]] = {}
    module_level = (  # an import inside a function is an optional adapter (bottle.py's server backends)
        (scope, stmt)
        for scope in map(context.program.module_scope, sorted(context.program.modules))
        for stmt in scope.statements
    )
    for scope, stmt in module_level:
        if not isinstance(stmt, Import):
            continue
        module = context.program.canonical(stmt.module)  # a vendored framework's modules have its names
        imported = f"{module}.{stmt.name}" if stmt.name and stmt.name != "*" else module
        package = next((p for p in WEB_FRAMEWORKS if imported == p or imported.startswith(p + ".")), None)
        if package is not None and not context.program.has_module(package.partition(".")[0]):
            first.setdefault(package, context.location(scope.module, stmt.line))
            files.setdefault(package, set()).add(scope.module)
    return {package: (where, len(files[package])) for package, where in first.items()}


def _libraries(
    config: Config, extractors: list[Extractor], parser: Parser, reporter: Reporter, facts: list[ModuleFacts]
) -> Libraries:
    """Where third-party modules the analysed code imports are read from (``extra-paths``)."""
    native = frozenset().union(*(e.packages for e in extractors))
    readable = frozenset().union(*(e.readable for e in extractors))
    roots = search_roots(config.extra_paths, reporter)
    analysed = [config.root / f.path for f in facts]
    return Libraries(roots, native, parser, config.max_file_bytes, reporter, analysed=analysed, readable=readable)


def _models(context: LinkContext, extractors: list[Extractor]) -> list[Model]:
    """Every extractor's models, the first of an id kept; each extractor sees those found before it.

    Then the reverse relations the models' relations give the models they point to.
    """
    for extractor in extractors:
        models = _guarded(context, extractor, None, partial(extractor.collect_models, context=context)) or []
        for model in models:
            context.models.setdefault(model.id, model)  # GraphQL types read the Django models found before
    for model in with_reverse_relations(list(context.models.values())):
        context.models[model.id] = model
    return list(context.models.values())


def _guarded(context: LinkContext, extractor: Extractor, where: Location | None, hook: Callable[[], T]) -> T | None:
    """Run one extractor hook; an exception in it is a DG908 naming the extractor, file and exception.

    ``where`` is the file concerned when the hook works on one (``describe``); otherwise it is the
    module the evaluator was working in last. The run goes on with what the hook added before.
    """
    try:
        return hook()
    except Exception as exc:  # a defect in an extractor (or a plug-in) must not end the run
        if where is None:
            module = context.evaluator.budget.current
            facts = context.program.facts(module) if module else None
            where = Location(facts.path) if facts is not None else None
        text = str(exc).replace("\n", " ")
        text = text if len(text) <= 200 else text[:199] + "…"
        name = extractor.name or type(extractor).__name__
        message = f"extractor {name!r} failed: {type(exc).__name__}: {text} (its results for this run are partial)"
        context.reporter.warn(Code.EXTRACTOR_FAILED, message, Stage.LINK, where)
        return None


def _routes(
    context: LinkContext, extractors: list[Extractor]
) -> tuple[tuple[Route, ...], tuple[Application, ...], frozenset[str]]:
    """The routes, the applications serving them, and the names of the extractors that found any."""
    graph = RouteGraph()
    served: set[str] = set()
    owners: dict[int, Extractor] = {}
    imported = ImportConditions(context.program, context.evaluator)
    for extractor in extractors:
        if extractor.route_triggers and not context.imports_any(extractor.route_triggers):
            continue
        before = len(graph.endpoints)
        _guarded(context, extractor, None, partial(extractor.collect_routes, context=context, graph=graph))
        for index in range(before, len(graph.endpoints)):
            graph.endpoints[index] = endpoint = imported.endpoint(graph.endpoints[index])
            owners[id(endpoint)] = extractor
    graph.edges[:] = [imported.edge(e) for e in graph.edges]
    routes: list[Route] = []
    program = context.program
    for edge in graph.break_cycles():
        parent, child = (graph.nodes[k].label if k in graph.nodes else k for k in (edge.parent, edge.child))
        if edge.parent == edge.child:
            what = f"{child!r} includes itself"
        else:
            what = f"{parent!r} including {child!r} closes a cycle"
        context.warn(Code.CYCLE_CUT, f"{what}: this inclusion is dropped", edge.location)
    for endpoint in graph.endpoints:
        extractor = owners[id(endpoint)]
        for chain in graph.chains(endpoint.owner):
            top = graph.nodes[chain.root]
            if not program.is_analysed_path(top.location.path):
                continue  # a third-party app or router the analysed code never mounts
            joined = join_paths(chain.prefix, endpoint.path) or "/"
            for path, chosen in expand(joined):
                described = _guarded(
                    context,
                    extractor,
                    endpoint.location,
                    partial(extractor.describe, context=context, endpoint=endpoint, chain=chain, path=path or "/"),
                )
                conditions = union_conditions(union_conditions(chain.conditions, endpoint.conditions), chosen)
                for route in described or ():
                    served.update((extractor.name, top.framework))
                    route = _settled(route, chosen) if chosen else route
                    route = replace(route, conditions=conditions) if conditions else route
                    routes.append(_in_analysed_code(program, route, chain, top))
    _report_dormant(context, graph)
    for key, dropped in graph.truncated.items():
        label = graph.nodes[key].label
        message = f"{label!r} is reached through more than {MAX_CHAINS} inclusion chains: {dropped} dropped"
        context.warn(Code.BUDGET_EXCEEDED, message, graph.nodes[key].location)
    labels = _app_labels(context, graph)
    routes = _served_once([replace(r, app=labels.get(r.app, r.app)) if r.app else r for r in routes])
    routes.sort(key=lambda r: (r.path, r.method, r.handler or ""))
    counts: Counter[str] = Counter()
    numbered = []
    for route in routes:
        base = f"{route.method} {route.path}"
        counts[base] += 1
        numbered.append(replace(route, id=base if counts[base] == 1 else f"{base}#{counts[base]}"))
    return tuple(numbered), _apps(graph, labels, numbered), frozenset(served)


def _served_once(routes: list[Route]) -> list[Route]:
    """The routes without those listed under no application that an application serves all the same.

    A router nothing mounts is listed so that what a user may mount is not lost; but when an
    application serves the same handler at the same method and path, the router only gathers
    routes served anyway (one built to describe the API, ``get_openapi(routes=router.routes)``).
    """
    served = {(r.method, r.path, r.handler) for r in routes if r.app}
    return [r for r in routes if r.app or (r.method, r.path, r.handler) not in served]


def _settled(route: Route, chosen: tuple[str, ...]) -> Route:
    """``route`` with the texts that hold options of its path (its pattern as written, ids) as its path took them."""
    texts = {f: getattr(route, f) for f in ("raw_path", "schema_path", "operation_id", "name", "group")}
    changed: dict[str, object] = {f: pick(t, chosen) for f, t in texts.items() if isinstance(t, str) and is_marked(t)}
    if any(is_marked(t) for t in route.tags):
        changed["tags"] = tuple(pick(t, chosen) for t in route.tags)
    return replace(route, **changed) if changed else route  # type: ignore[arg-type]


def _report_dormant(context: LinkContext, graph: RouteGraph) -> None:
    """One note per registration that never runs: how many routes it leaves out, and why."""
    owned = Counter(e.owner for e in graph.endpoints)
    children: dict[str, list[str]] = {}
    for edge in graph.edges:
        children.setdefault(edge.parent, []).append(edge.child)
    for dormant in graph.dormant:
        left_out, seen = dormant.endpoints, set()
        stack = [e.child for e in dormant.edges if graph.unserved(e.child)]
        while stack:
            key = stack.pop()
            if key not in seen:
                seen.add(key)
                left_out += owned[key]
                stack.extend(k for k in children.get(key, ()) if not graph.chains(k))
        if left_out:
            routes = f"{left_out} route{'s' if left_out != 1 else ''}"
            message = f"{routes} left out: registered {dormant.reason} with the values in the code"
            context.reporter.report(
                Diagnostic(Severity.INFO, Code.DORMANT_ROUTES, message, Stage.LINK, dormant.location)
            )


def _apps(graph: RouteGraph, labels: dict[str, str], routes: list[Route]) -> tuple[Application, ...]:
    """The applications that serve at least one of ``routes``, under the labels the routes give them."""
    served = Counter(r.app for r in routes if r.app)
    apps = {}
    for node in graph.nodes.values():
        label = labels.get(node.label, node.label)
        if node.is_app and served[label] and label not in apps:
            info = node.info or ApiInfo()
            apps[label] = Application(
                id=label, framework=node.framework, location=node.location, info=info, routes=served[label]
            )
    return tuple(apps[k] for k in sorted(apps))


def _in_analysed_code(program: Program, route: Route, chain: Chain, top: Node) -> Route:
    """A route defined in third-party code, located where the analysed code mounts it."""
    if program.is_analysed_path(route.location.path):
        return route
    entry = next((at for at in reversed(chain.through) if program.is_analysed_path(at.path)), top.location)
    return replace(route, location=entry)


def _app_labels(context: LinkContext, graph: RouteGraph) -> dict[str, str]:
    """Names for apps built by factories: the module variable holding them (``main:app``), by key."""
    labels: dict[str, str] = {}
    apps = {n.key for n in graph.nodes.values() if n.is_app}
    for module in sorted(context.program.modules):
        scope = context.program.module_scope(module)
        for name, stmts in scope.bindings.items():
            if is_call_stmt(stmts[-1]) is None:
                continue
            result = context.evaluator.lookup(scope, name)
            if isinstance(result, Instance) and result.key in apps and result.key != f"{module}:{name}":
                labels.setdefault(result.key, f"{module}:{name}")
    return labels

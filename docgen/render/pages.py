"""Page planning: which pages the site has, what each shows, their slugs, anchors and the nav.

Everything is derived from the catalog in a stable order (records sorted by id), so the same
catalog always gives the same pages, slugs and anchors. Page files live in section folders
(``api/``, ``models/``, ``reference/``) whose names cannot clash with theme files, and their
stems are mangled away from reserved names (``index``, ``search``, ``404``...).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from docgen.config import Config
from docgen.model import Catalog, Finding, Location, Model, ModelKind, Route, Symbol, SymbolKind
from docgen.model.changelog import Changelog
from docgen.render import graphql_page, home_page
from docgen.render.changelog import page_context
from docgen.render.filters import RESERVED_STEMS, SlugRegistry, nav_title, slugify
from docgen.render.health import health_report
from docgen.render.links import SiteIndex, Target
from docgen.render.quality import gravest_first, quality_report
from docgen.render.reference_layout import package_nav, symbol_anchor
from docgen.render.samples import Sample, code_samples
from docgen.render.schema_diagram import module_diagrams, schema_diagrams

SYMBOLS_PER_PAGE = 400
"""Modules with more symbols are split over several pages (one huge page renders slowly)."""

NAV_SECTION_SIZE = 50
"""Nav sections hold at most this many entries; bigger ones are split (Material renders the
whole visible nav into every page, so long flat sections make the build quadratic)."""


@dataclass(frozen=True, slots=True)
class PagePlan:
    """One page to render.

    Attributes:
        path: Docs-relative POSIX path of the Markdown file.
        title: Plain-text title (escaped when rendered).
        template: Template file name.
        context: Template variables (besides ``links``, ``catalog`` and ``title``).
    """

    path: str
    title: str
    template: str
    context: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Endpoint:
    """One route as its API page shows it.

    Attributes:
        route: The route.
        anchor: Its anchor on the page.
        missing_auth: True for a state-changing route without any authentication.
        samples: Code samples, empty when disabled.
        findings: Findings inside the handler's lines, security findings first (gravest first).
    """

    route: Route
    anchor: str
    missing_auth: bool
    samples: tuple[Sample, ...]
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True, slots=True)
class ModelView:
    """One model as its models page shows it.

    Attributes:
        model: The model.
        anchor: Its anchor on the page.
        used_by: Routes whose request body or responses refer to it.
    """

    model: Model
    anchor: str
    used_by: tuple[Route, ...]


@dataclass(frozen=True, slots=True)
class SymbolNode:
    """A symbol on a code-reference page, with its members.

    Attributes:
        symbol: The symbol.
        anchor: Its anchor on the page.
        level: Heading level (2 for top-level classes and functions, 3 for members).
        children: Members (methods, nested classes).
    """

    symbol: Symbol
    anchor: str
    level: int
    children: tuple[SymbolNode, ...]


@dataclass(frozen=True, slots=True)
class SitePlan:
    """Every page of the site, the nav, and where each record is documented."""

    pages: tuple[PagePlan, ...]
    nav: list[Any]
    index: SiteIndex


def plan_site(catalog: Catalog, config: Config, changelog: Changelog | None = None) -> SitePlan:
    """Plan the pages and nav for ``catalog``; a Changelog page after Changes when ``changelog`` is given."""
    index = SiteIndex()
    api_pages, api_nav = _plan_api(catalog, config, index)
    model_pages, model_nav = _plan_models(catalog, index)
    ref_pages, ref_nav = _plan_reference(catalog, index)
    _attach_model_users(model_pages, catalog)
    operations = graphql_page.graphql_operations(catalog.models) if graphql_page.has_graphql(catalog.models) else None
    graphql_pages = [PagePlan(graphql_page.PAGE, "GraphQL", "graphql.md.j2", {"operations": operations})]
    graphql_pages = graphql_pages if operations is not None else []
    graphql_nav = [{"GraphQL": graphql_page.PAGE}] if graphql_pages else []
    home = PagePlan("index.md", catalog.project.name or "API documentation", "index.md.j2", home_page.context(catalog))
    quality = PagePlan("quality.md", "Quality", "quality.md.j2", {"report": quality_report(catalog)})
    health = PagePlan("health.md", "Health", "health.md.j2", {"report": health_report(catalog.health)})
    changes = PagePlan("changes.md", "Changes", "changes.md.j2", {})
    nav: list[Any] = [
        {"Home": "index.md"},
        {"API": [{"Overview": "api/index.md"}, *graphql_nav, *_collapsible("Groups", api_nav)]},
        {"Models": [{"Overview": "models/index.md"}, *_collapsible("Modules", model_nav)]},
        {"Reference": [{"Overview": "reference/index.md"}, *_collapsible("Modules", ref_nav)]},
        {"Quality": "quality.md"},
        {"Health": "health.md"},
        {"Changes": "changes.md"},
    ]
    pages = (home, *api_pages, *graphql_pages, *model_pages, *ref_pages, quality, health, changes)
    if changelog is not None:
        context = page_context(changelog, config.site.changelog_releases)
        pages = (*pages, PagePlan("changelog.md", "Changelog", "changelog.md.j2", context))
        nav.append({"Changelog": "changelog.md"})
    return SitePlan(pages=pages, nav=nav, index=index)


def _plan_api(catalog: Catalog, config: Config, index: SiteIndex) -> tuple[list[PagePlan], list[Any]]:
    modules = {m.name for m in catalog.modules} | {s.module for s in catalog.symbols}
    groups: dict[str, list[Route]] = defaultdict(list)
    for route in sorted(catalog.routes, key=lambda r: (r.path, r.method.value, r.id)):
        groups[_group_key(route, config.api.group_by, modules)].append(route)
    models = {m.id: m for m in catalog.models}
    findings: dict[str, list[Finding]] = defaultdict(list)
    for finding in catalog.findings:
        findings[finding.location.path].append(finding)
    slugs = SlugRegistry(RESERVED_STEMS | {"graphql"})  # api/graphql.md is the GraphQL page
    pages: list[PagePlan] = []
    entries: list[tuple[str, str]] = []
    group_rows: list[tuple[str, str, int]] = []
    for key in sorted(groups, key=lambda k: (k.casefold(), k)):
        path = f"api/{slugs.claim(slugify(key, keep_dots=True))}.md"
        anchors = SlugRegistry([slugify(key)])
        endpoints = []
        for route in groups[key]:
            anchor = anchors.claim(slugify(f"{route.method.value} {route.path}"))
            index.routes[route.id] = Target(path, anchor)
            samples = code_samples(route, models, config.api.servers) if config.api.code_samples else ()
            missing_auth = route.method.changes_state and not route.auth
            inside = gravest_first(
                f for f in findings.get(route.location.path, ()) if _within(f.location, route.location)
            )
            endpoints.append(Endpoint(route, anchor, missing_auth, samples, inside))
        title = group_title(key)
        pages.append(PagePlan(path, title, "api_group.md.j2", {"endpoints": tuple(endpoints)}))
        entries.append((title, path))
        group_rows.append((title, path, len(endpoints)))
    overview = PagePlan("api/index.md", "API", "api_index.md.j2", {"groups": tuple(group_rows)})
    return [overview, *pages], _chunked([{nav_title(k): p} for k, p in entries])


def _within(inner: Location, outer: Location) -> bool:
    """Whether ``inner`` falls on the lines of ``outer`` (same file)."""
    last = max(outer.end_line, outer.line)
    return inner.path == outer.path and outer.line <= inner.line <= last


_PLAIN_OWNERS = frozenset({"router", "api_router", "bp", "blueprint", "api", "app", "application", "urlpatterns"})


def group_title(key: str) -> str:
    """A readable page title for a router/blueprint/urlconf label: ``app.api.books:router`` → ``books``."""
    module, _, variable = key.partition(":")
    if not variable:
        return key
    variable = variable.rpartition(".<locals>.")[2] if ".<locals>." in variable else variable
    last = module.rpartition(".")[2]
    return last if variable in _PLAIN_OWNERS else f"{last}.{variable}"


def _group_key(route: Route, group_by: str, modules: set[str]) -> str:
    """The API page a route goes on, per the ``api.group-by`` setting."""
    if group_by == "tag":
        return route.tags[0] if route.tags else "default"
    module = _module_of(route.handler, modules) or route.location.path
    if group_by == "module":
        return module
    return route.group or module


def _module_of(dotted: str | None, modules: set[str]) -> str | None:
    """The longest known module name that ``dotted`` starts with."""
    parts = (dotted or "").split(".")
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in modules:
            return candidate
    return None


DATABASE_KINDS = frozenset(
    {
        ModelKind.SQLALCHEMY,
        ModelKind.SQLMODEL,
        ModelKind.DJANGO,
        ModelKind.BEANIE,
        ModelKind.MONGOENGINE,
        ModelKind.ODMANTIC,
        ModelKind.CQLENGINE,
    }
)
"""Model kinds that are database tables or documents: the whole-codebase ER diagram draws these."""


def _plan_models(catalog: Catalog, index: SiteIndex) -> tuple[list[PagePlan], list[Any]]:
    by_module: dict[str, list[Model]] = defaultdict(list)
    for model in sorted(catalog.models, key=lambda m: m.id):
        by_module[model.module].append(model)
    slugs = SlugRegistry(RESERVED_STEMS)
    pages: list[PagePlan] = []
    for module in sorted(by_module):
        path = f"models/{slugs.claim(slugify(module, keep_dots=True))}.md"
        anchors = SlugRegistry([slugify(module)])
        views = []
        for model in by_module[module]:
            anchor = anchors.claim(slugify(model.name))
            index.models[model.id] = Target(path, anchor)
            views.append(ModelView(model, anchor, ()))
        context = {"module": module, "models": views, **module_diagrams(by_module[module], catalog.models)}
        pages.append(PagePlan(path, module, "models_module.md.j2", context))
    rows = [(p.title, p.path) for p in pages]
    database = [m for m in catalog.models if m.kind in DATABASE_KINDS]
    diagram = schema_diagrams(database, catalog.models)
    overview = PagePlan("models/index.md", "Models", "models_index.md.j2", {"pages": rows, "diagram": diagram})
    return [overview, *pages], package_nav([(p.title, p.path) for p in pages], NAV_SECTION_SIZE)


def _attach_model_users(pages: list[PagePlan], catalog: Catalog) -> None:
    """Fill each model's "used by": routes whose request body or responses name it."""
    users: dict[str, list[Route]] = defaultdict(list)
    for route in catalog.routes:
        referenced = {r.model for r in route.responses if r.model}
        if route.request_body and route.request_body.model:
            referenced.add(route.request_body.model)
        for model_id in sorted(referenced):
            users[model_id].append(route)
    for page in pages:
        if "models" in page.context:
            page.context["models"] = tuple(
                ModelView(v.model, v.anchor, tuple(users.get(v.model.id, ()))) for v in page.context["models"]
            )


def _plan_reference(catalog: Catalog, index: SiteIndex) -> tuple[list[PagePlan], list[Any]]:
    docs = {m.name: m for m in catalog.modules}
    names = sorted(set(docs) | {s.module for s in catalog.symbols})
    children: dict[str | None, list[Symbol]] = defaultdict(list)
    for symbol in catalog.symbols:
        if symbol.kind is not SymbolKind.MODULE:
            parent = symbol.parent if symbol.parent and symbol.parent != symbol.module else None
            children[parent or f"module:{symbol.module}"].append(symbol)
    module_symbols = {s.id: s for s in catalog.symbols if s.kind is SymbolKind.MODULE}
    slugs = SlugRegistry(RESERVED_STEMS)
    pages: list[PagePlan] = []
    rows: list[tuple[str, str, str]] = []
    for name in names:
        stem = slugs.claim(slugify(name, keep_dots=True))
        path = f"reference/{stem}.md"
        index.modules[name] = Target(path)
        anchors = SlugRegistry([slugify(name)])
        tree = _symbol_tree(children, f"module:{name}", name, path, anchors, index, level=2)
        module = docs.get(name)
        docstring = (module.docstring if module else None) or getattr(module_symbols.get(name), "docstring", None)
        parts = _split(tree)
        for number, part in enumerate(parts, start=1):
            part_path = path if number == 1 else f"reference/{slugs.claim(f'{stem}-part-{number}')}.md"
            _retarget(part, part_path, index)
            title = name if len(parts) == 1 else f"{name} (part {number} of {len(parts)})"
            context = {"module": module, "name": name, "docstring": docstring if number == 1 else None, "symbols": part}
            pages.append(PagePlan(part_path, title, "reference_module.md.j2", context))
        rows.append((name, path, docstring.summary if docstring else ""))
    overview = PagePlan("reference/index.md", "Reference", "reference_index.md.j2", {"modules": rows})
    return [overview, *pages], package_nav([(p.title, p.path) for p in pages], NAV_SECTION_SIZE)


def _split(tree: tuple[SymbolNode, ...]) -> list[tuple[SymbolNode, ...]]:
    """Cut a module's top-level symbols into pages of about :data:`SYMBOLS_PER_PAGE` symbols."""
    parts: list[tuple[SymbolNode, ...]] = []
    current: list[SymbolNode] = []
    size = 0
    for node in tree:
        weight = _count(node)
        if current and size + weight > SYMBOLS_PER_PAGE:
            parts.append(tuple(current))
            current, size = [], 0
        current.append(node)
        size += weight
    parts.append(tuple(current))
    return parts


def _count(node: SymbolNode) -> int:
    return 1 + sum(_count(child) for child in node.children)


def _retarget(nodes: tuple[SymbolNode, ...], path: str, index: SiteIndex) -> None:
    """Point the index at the page a part of a split module ended up on."""
    for node in nodes:
        index.symbols[node.symbol.id] = Target(path, node.anchor)
        _retarget(node.children, path, index)


def _symbol_tree(
    children: dict[str | None, list[Symbol]],
    key: str,
    module: str,
    path: str,
    anchors: SlugRegistry,
    index: SiteIndex,
    level: int,
    expanded: set[str] | None = None,
) -> tuple[SymbolNode, ...]:
    """The nested symbols under ``key``; a redefined name's members are listed under its first definition.

    (``children`` holds the members of every definition of an id together: expanding each
    definition would repeat them, and with redefinitions nested k deep take 2**k steps.)
    """
    expanded = set() if expanded is None else expanded
    nodes = []
    for symbol in sorted(children.get(key, ()), key=lambda s: (s.location.line, s.id)):
        qualname = symbol.id.removeprefix(module + ".")
        anchor = anchors.claim(symbol_anchor(qualname))
        index.symbols[symbol.id] = Target(path, anchor)
        members: tuple[SymbolNode, ...] = ()
        if symbol.id not in expanded:
            expanded.add(symbol.id)
            members = _symbol_tree(children, symbol.id, module, path, anchors, index, min(level + 1, 4), expanded)
        nodes.append(SymbolNode(symbol, anchor, level, members))
    return tuple(nodes)


def _collapsible(label: str, entries: list[Any]) -> list[Any]:
    """Nest a tab's entries one level down when they contain sections.

    With ``navigation.tabs`` and ``navigation.sections``, a tab's own sections are always expanded,
    so ``navigation.prune`` could not drop their pages from every page's HTML; one wrapping group
    makes them collapsible, and pruned.
    """
    if any(isinstance(value, list) for entry in entries for value in entry.values()):
        return [{label: entries}]
    return entries


def _chunked(entries: list[Any]) -> list[Any]:
    """Split a long nav list into sections named after their first and last entries."""
    if len(entries) <= NAV_SECTION_SIZE:
        return entries
    sections = []
    for start in range(0, len(entries), NAV_SECTION_SIZE):
        part = entries[start : start + NAV_SECTION_SIZE]
        first, last = next(iter(part[0])), next(iter(part[-1]))
        sections.append({f"{first} to {last}": part})
    return sections

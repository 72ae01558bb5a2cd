"""The route graph: apps, routers and blueprints, how they include each other, and their endpoints.

Extractors add nodes (objects that hold routes), edges (``include_router``, ``register_blueprint``,
``mount``) and endpoints (a handler registered on a node). The graph then gives, for each
endpoint, every chain from an application down to it, so a router included twice yields two sets
of routes, each with the prefixes, tags and auth of its own chain.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any

from docgen.link.joins import join_paths, union_conditions
from docgen.link.values import Seq, Value
from docgen.model import ApiInfo, Auth, Framework, HttpMethod, Location


@dataclass(slots=True)
class Node:
    """An object routes can be registered on (an app, router or blueprint).

    Attributes:
        key: Identity of the object (see ``Instance.key``).
        framework: The framework of the object.
        is_app: Whether it is an application (a root when nothing mounts it).
        prefix: Its own path prefix (``APIRouter(prefix=)``, ``Blueprint(url_prefix=)``).
        label: ``module:variable`` naming it.
        location: Where it is created.
        tags: Tags it gives its routes.
        auth: Auth its routes inherit.
        dependencies: Dotted names of callables run for every route (FastAPI ``dependencies=``).
        name: The framework's own name for it (a Flask blueprint's ``name``); the names along a
            chain prefix endpoint names (``api.rooms.live``).
        info: What an application's constructor says of its API.
    """

    key: str
    framework: Framework
    is_app: bool
    prefix: str
    label: str
    location: Location
    tags: tuple[str, ...] = ()
    auth: tuple[Auth, ...] = ()
    dependencies: tuple[str, ...] = ()
    name: str = ""
    info: ApiInfo | None = None


@dataclass(frozen=True, slots=True)
class Edge:
    """``parent`` serves ``child``'s routes under ``prefix``.

    Attributes:
        parent: Key of the including node.
        child: Key of the included node.
        prefix: The prefix given at inclusion.
        replaces: Whether ``prefix`` replaces the child's own prefix (Flask's ``url_prefix=``)
            rather than preceding it (FastAPI's ``include_router``).
        tags: Tags given at inclusion.
        auth: Auth given at inclusion.
        location: Where the inclusion happens.
        dependencies: Dotted names of callables given at inclusion.
        mount: Whether the child is a separate application mounted here (its routes' own
            paths, e.g. for generated operation ids, start below this prefix).
        name: The child's name through this inclusion, when the inclusion renames it (Flask's
            ``register_blueprint(bp, name=...)``).
        conditions: Undecided conditions the inclusion runs under (see :meth:`RouteGraph.conditional`).
    """

    parent: str
    child: str
    prefix: str
    replaces: bool
    location: Location
    tags: tuple[str, ...] = ()
    auth: tuple[Auth, ...] = ()
    dependencies: tuple[str, ...] = ()
    mount: bool = False
    name: str = ""
    conditions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Endpoint:
    """A handler registered on a node.

    Attributes:
        owner: Key of the node it is registered on.
        methods: The methods it answers.
        path: Its own path (relative to the node).
        handler: Dotted name of the handler, if known.
        location: Where the handler is defined (or the registration happens).
        payload: Extractor-specific data used to describe the route later.
        implementation: The function that runs, when the handler names a view class's verb
            the class inherits (see :attr:`docgen.model.Route.implementation`).
        conditions: Undecided conditions the registration runs under (see :meth:`RouteGraph.conditional`).
    """

    owner: str
    methods: tuple[HttpMethod, ...]
    path: str
    handler: str | None
    location: Location
    payload: Any = None
    implementation: str | None = None
    conditions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Chain:
    """One way an endpoint's node is reached from an application.

    Attributes:
        app: Label of the application at the top, or None when the node is never attached.
        prefix: All prefixes along the way, joined.
        tags: Tags along the way.
        auth: Auth along the way.
        group: Label of the node that owns the endpoint (for page grouping).
        dependencies: Callables run for every route, along the way.
        mounted_at: The part of ``prefix`` down to the innermost mount.
        root: Key of the node at the top.
        through: Where each inclusion along the way happens, from the top down.
        names: The names of the nodes along the way that have one, from the top down.
        framework: The framework of the node at the top.
        nodes: Keys of the nodes along the way, from the top down to the endpoint's own node.
        conditions: Undecided conditions of the inclusions along the way.
    """

    app: str | None
    prefix: str
    tags: tuple[str, ...] = ()
    auth: tuple[Auth, ...] = ()
    group: str = ""
    dependencies: tuple[str, ...] = ()
    mounted_at: str = ""
    root: str = ""
    through: tuple[Location, ...] = ()
    names: tuple[str, ...] = ()
    framework: Framework | None = None
    nodes: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()


@dataclass(slots=True)
class Dormant:
    """A registration that never runs here: the condition of its ``if`` branch is known to fail.

    Attributes:
        reason: The failing condition, as written (``not settings.SCOPES``).
        location: Where the registration is.
        edges: The inclusions it would make.
        endpoints: The handlers it would register.
    """

    reason: str
    location: Location
    edges: list[Edge] = field(default_factory=list)
    endpoints: int = 0


MAX_CHAINS = 1000
"""Most chains kept per node: inclusions repeated at every level would otherwise multiply them."""


@dataclass(slots=True)
class RouteGraph:
    """Nodes, edges and endpoints of every framework in the program.

    Attributes:
        nodes: Nodes by key.
        edges: Inclusions, in the order they were found.
        endpoints: Handlers registered on nodes.
        truncated: Node key → chains dropped beyond :data:`MAX_CHAINS`.
        dormant: Registrations that never run (see :meth:`dormant_registration`); a node only
            they include serves nothing, nor does what it includes.
    """

    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    endpoints: list[Endpoint] = field(default_factory=list)
    truncated: dict[str, int] = field(default_factory=dict)
    dormant: list[Dormant] = field(default_factory=list)
    _collecting: Dormant | None = field(default=None, repr=False)
    _conditions: tuple[str, ...] = field(default=(), repr=False)
    _chains: dict[str, list[Chain]] = field(default_factory=dict, repr=False)
    _seen: dict[object, list[Any]] = field(default_factory=dict, repr=False)  # edges and endpoints, bucketed

    def add_node(self, node: Node) -> None:
        """Add a node; the first registration of a key wins."""
        self.nodes.setdefault(node.key, node)

    def add_edge(self, edge: Edge) -> None:
        """Add an inclusion (duplicates, e.g. from loops seen twice, are ignored)."""
        if self._conditions:
            edge = replace(edge, conditions=union_conditions(edge.conditions, self._conditions))
        if self._collecting is not None:
            self._collecting.edges.append(edge)
        elif _is_new(edge, self._seen):
            self.edges.append(edge)

    def add_endpoint(self, endpoint: Endpoint) -> None:
        """Add an endpoint (a duplicate of one already added is ignored)."""
        if self._conditions:
            endpoint = replace(endpoint, conditions=union_conditions(endpoint.conditions, self._conditions))
        if self._collecting is not None:
            self._collecting.endpoints += 1
        elif _is_new(endpoint, self._seen):
            self.endpoints.append(endpoint)

    @contextmanager
    def dormant_registration(self, reason: str, location: Location) -> Iterator[None]:
        """Within the block, what is registered never runs: inclusions are kept apart, endpoints counted.

        An extractor reads a statement known never to run (``if settings.SCOPES:
        app.include_router(scopes)`` with ``SCOPES`` false) as it reads any other, inside this
        block, so the router it would include is known to be served nowhere rather than listed as
        a router nothing includes.
        """
        self._collecting = Dormant(reason, location)
        try:
            yield
        finally:
            if self._collecting.edges or self._collecting.endpoints:
                self.dormant.append(self._collecting)
            self._collecting = None

    @contextmanager
    def conditional(self, conditions: tuple[str, ...]) -> Iterator[None]:
        """Within the block, what is registered runs only under ``conditions``, which docgen could not decide.

        The routes it gives say so (:attr:`docgen.model.Route.conditions`), through every
        inclusion below a conditional one too.
        """
        outer = self._conditions
        self._conditions = union_conditions(outer, conditions)
        try:
            yield
        finally:
            self._conditions = outer

    def each(self, value: Seq) -> Iterator[Value]:
        """A registered list's items, each read under the undecided conditions that added it (:attr:`Seq.guards`).

        ``routes = [...]`` then ``if settings.DEBUG: routes.append(Route(...))``: what the appended
        item registers runs only under ``settings.DEBUG``, and its routes say so.
        """
        for index, item in enumerate(value.items):
            with self.conditional(value.guard(index)):
                yield item

    def unserved(self, key: str) -> bool:
        """Whether node ``key`` is included only by registrations that never run."""
        return any(e.child == key for d in self.dormant for e in d.edges) and not any(
            e.child == key and e.parent in self.nodes for e in self.edges
        )

    def break_cycles(self) -> list[Edge]:
        """Drop the inclusions that close a cycle (a router including itself, two including each other).

        A depth-first walk from the applications (then from every other node, in the order they
        were added) keeps the inclusions it meets first; each edge leading back to a node still
        being walked is removed and returned, for one diagnostic each.
        """
        children: dict[str, list[Edge]] = {}
        for edge in self.edges:
            children.setdefault(edge.parent, []).append(edge)
        state: dict[str, int] = {}  # 1: being walked, 2: done
        dropped: list[Edge] = []
        starts = [k for k, n in self.nodes.items() if n.is_app] + [k for k, n in self.nodes.items() if not n.is_app]
        for start in [*starts, *children]:
            if start in state:
                continue
            state[start] = 1
            stack = [(start, iter(children.get(start, ())))]
            while stack:
                following = next(stack[-1][1], None)
                if following is None:
                    state[stack.pop()[0]] = 2
                elif state.get(following.child) == 1:
                    dropped.append(following)
                elif following.child not in state:
                    state[following.child] = 1
                    stack.append((following.child, iter(children.get(following.child, ()))))
        if dropped:
            self.edges = [e for e in self.edges if e not in dropped]
            self._chains.clear()
        return dropped

    def chains(self, key: str) -> list[Chain]:
        """Every chain from an application (or an unattached root) down to node ``key``.

        Call :meth:`break_cycles` first: on a cyclic graph the chains through a cycle are cut
        where the walk meets a node it is already below. At most :data:`MAX_CHAINS` per node are
        kept (the rest are counted in ``truncated``); results are memoised.
        """
        incoming: dict[str, list[Edge]] = {}
        stack = [key]
        while stack:  # parents before children, without recursion (inclusions may nest deeply)
            current = stack[-1]
            if current in self._chains:
                stack.pop()
                continue
            edges = incoming.get(current)
            if edges is None:
                edges = incoming[current] = _prefer_known(
                    [e for e in self.edges if e.child == current and e.parent in self.nodes]
                )
            pending = [e.parent for e in edges if e.parent not in self._chains and e.parent not in stack]
            if pending:
                stack.extend(pending)
                continue
            stack.pop()
            self._chains[current] = self._chains_of(current, [e for e in edges if e.parent in self._chains])
        return self._chains[key]

    def _chains_of(self, key: str, incoming: list[Edge]) -> list[Chain]:
        node = self.nodes[key]
        own_name = (node.name,) if node.name else ()
        if not incoming and self.unserved(key):
            return []
        if not incoming:
            return [
                Chain(
                    node.label if node.is_app else None,
                    node.prefix,
                    node.tags,
                    node.auth,
                    node.label,
                    node.dependencies,
                    root=key,
                    names=own_name,
                    framework=node.framework,
                    nodes=(key,),
                )
            ]
        chains: list[Chain] = []
        for edge in incoming:
            own = "" if edge.replaces else node.prefix
            for above in self._chains[edge.parent]:
                if len(chains) >= MAX_CHAINS:
                    self.truncated[key] = self.truncated.get(key, 0) + 1
                    continue
                through = join_paths(above.prefix, edge.prefix)
                chains.append(
                    Chain(
                        above.app,
                        join_paths(through, own),
                        above.tags + edge.tags + node.tags,
                        above.auth + edge.auth + node.auth,
                        node.label,
                        above.dependencies + edge.dependencies + node.dependencies,
                        through if edge.mount else above.mounted_at,
                        above.root,
                        (*above.through, edge.location),
                        above.names + ((edge.name,) if edge.name else own_name),
                        above.framework,
                        (*above.nodes, key),
                        union_conditions(above.conditions, edge.conditions),
                    )
                )
        return chains


def _prefer_known(edges: list[Edge]) -> list[Edge]:
    """Drop a conditional unknown-prefix inclusion when the parent also includes the child at a known one.

    ``if S: mount(S, x) else: mount("/api", x)`` undecided keeps the known, marked; an unconditional one stays.
    """
    known = {(e.parent, e.child) for e in edges if "{?" not in e.prefix}
    return [e for e in edges if "{?" not in e.prefix or not e.conditions or (e.parent, e.child) not in known]


def _is_new(item: Edge | Endpoint, seen: dict[object, list[Any]]) -> bool:
    """Whether ``item`` equals none of the items added before; remembers it when it is new.

    Items are bucketed by their fields without the extractor's payload (which may be unhashable)
    and compared in full only within a bucket. (Comparing with every item added made adding n
    endpoints take n**2 comparisons: 110 s of 12,000 modules.)
    """
    key = (type(item).__name__, *(getattr(item, f) for f in item.__slots__ if f != "payload"))
    try:
        bucket = seen.setdefault(key, [])
    except TypeError:  # a field an extractor filled with something unhashable: one shared bucket
        bucket = seen.setdefault(type(item).__name__, [])
    if item in bucket:
        return False
    bucket.append(item)
    return True

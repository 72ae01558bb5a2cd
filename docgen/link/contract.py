"""The extractor plug-in interface: a base of keyword-only, no-op hooks, and what they receive."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from docgen.diagnostics import Reporter
from docgen.link.choices import readable
from docgen.link.evaluate import DefRef, Evaluator, External, Instance, Value
from docgen.link.program import Program, Scope, is_call_stmt
from docgen.link.reach import CallWalk
from docgen.link.routegraph import Chain, Endpoint, RouteGraph
from docgen.model import DocstringStyle, Framework, Location, Model, Route, Stage
from docgen.model.facts import Expr, Import, Op, Stmt


@dataclass(slots=True)
class LinkContext:
    """What every extractor hook may use: the program, its evaluator, and what is known so far.

    Attributes:
        program: Every analysed module.
        evaluator: Static evaluation over the program.
        reporter: Where diagnostics go.
        docstring_style: The configured docstring style.
        models: Models found so far, by id (route extractors link bodies to them).
        frameworks: Frameworks detected so far.
        mounts: Attribute name → classes, from every extractor's :attr:`Extractor.mounts`.
        majors: The major version the project's packaging pins, by library (``{"pydantic": 1}``);
            a library it does not pin to one major is absent.
        claims: Registering calls some extractor reads itself, from every :attr:`Extractor.claims`.
    """

    program: Program
    evaluator: Evaluator
    reporter: Reporter
    docstring_style: DocstringStyle = DocstringStyle.AUTO
    models: dict[str, Model] = field(default_factory=dict)
    frameworks: set[Framework] = field(default_factory=set)
    mounts: dict[str, frozenset[str]] = field(default_factory=dict)
    majors: dict[str, int] = field(default_factory=dict)
    claims: frozenset[str] = frozenset()
    _warned: set[tuple[str, str, Location]] = field(default_factory=set)

    def walk(self, *, libraries_importing: frozenset[str] = frozenset()) -> Iterator[tuple[Scope, Stmt]]:
        """Every statement, as :meth:`Program.walk` gives them, then the bodies of functions called with objects.

        A helper that registers on what it is given (``def include_routers(router):
        router.include_router(...)``, called as ``include_routers(APIRouter(prefix=...))``) does
        so once per call: for each call of an analysed function outside function bodies that passes an
        object (an instance), the function's body is walked again in a scope binding its
        parameters to that call's arguments. One level deep, so it is bounded by the calls the
        code makes.
        """
        calls: list[tuple[str, Expr, Scope]] = []
        for scope, stmt in self.program.walk(libraries_importing=libraries_importing, keep=self.runs):
            yield scope, stmt
            call = is_call_stmt(stmt)
            if call is None or scope.prefix():
                continue
            if not any(a.op in (Op.NAME, Op.ATTR, Op.CALL) for a in call.args[1:]):
                continue
            callee = self.evaluator.eval(call.args[0], scope)
            if isinstance(callee, DefRef) and not callee.is_class:
                calls.append((callee.dotted, call, scope))
        for dotted, call, scope in calls:
            bound = self.evaluator.call_scope_for(dotted, call, scope)
            if bound is None or not any(isinstance(v, Instance) for v in bound.overrides.values()):
                continue
            yield from self.program.walk_scope(bound, self.runs)

    def runs(self, scope: Scope, stmt: Stmt) -> bool:
        """Whether ``stmt`` may run: no condition of its ``if`` branch is known to fail."""
        return self.skipped_because(scope, stmt) is None

    def walk_calls(
        self,
        *,
        loops_calling: frozenset[str] = frozenset(),
        skip_module: Callable[[str], bool] | None = None,
        libraries_importing: frozenset[str] = frozenset(),
        graph: RouteGraph | None = None,
    ) -> Iterator[tuple[Scope, Stmt]]:
        """Every statement, function bodies walked once per call that hands them objects (see :class:`CallWalk`).

        Deeper than :meth:`walk`: calls are followed from function bodies too, through constructors
        and methods (``self`` is an instance of the method's class), and a function so called is
        walked with its parameters bound instead of unknown. Loops whose body calls one of
        ``loops_calling`` are walked once per element; ``skip_module`` leaves modules out (tests).
        Given the route ``graph``, the statements known never to run come last, each read inside
        :meth:`RouteGraph.dormant_registration`, so what they would include is known to be unserved.
        """
        walk = CallWalk(
            self.program,
            self.evaluator,
            loops_calling=loops_calling,
            skip_module=skip_module,
            libraries_importing=libraries_importing,
        )
        for scope, stmt in walk:
            if walk.current and graph is not None:
                with graph.conditional(walk.current):
                    yield scope, stmt
            else:
                yield scope, stmt
        if graph is not None:
            yield from self.dormant(graph, walk.dormant)

    def dormant(self, graph: RouteGraph, statements: list[tuple[Scope, Stmt, str]]) -> Iterator[tuple[Scope, Stmt]]:
        """Statements known never to run (and why), each yielded inside :meth:`RouteGraph.dormant_registration`.

        An extractor reads them as it reads the others, after them: what they would include is
        then known to be served nowhere rather than listed as something nothing includes.
        """
        for scope, stmt, reason in statements:
            with graph.dormant_registration(reason, self.location(scope.module, stmt.line)):
                yield scope, stmt

    def undecided_conditions(self, scope: Scope, stmt: Stmt) -> tuple[str, ...]:
        """The conditions of ``stmt``'s ``if`` branches docgen cannot decide in ``scope``, as written."""
        return self.evaluator.registration_conditions(stmt, scope)

    def skipped_because(self, scope: Scope, stmt: Stmt) -> str | None:
        """Why ``stmt`` never runs in ``scope``, when a condition of its ``if`` branch is known to fail."""
        return self.evaluator.registration_skipped(stmt, scope)

    def imports_any(self, packages: frozenset[str]) -> bool:
        """Whether an analysed module, or a library one read for it, imports one of ``packages`` at module level.

        An extractor has nothing to walk otherwise, and its walk costs as much as every other. A
        tree holding a module named like one of them (``srv/vendor/bottle.py``, a copy its code may
        import under another name) counts as importing it.
        """
        if any(m.rpartition(".")[2] in packages for m in self.program.modules):
            return True
        analysed = (self.program.module_scope(m).statements for m in self.program.modules)
        name = self.program.canonical if self.program.vendored else str  # a vendored framework's modules: its names
        imports = (s for body in analysed for s in body if isinstance(s, Import))
        if any(name(s.module).partition(".")[0] in packages for s in imports):
            return True
        return next(iter(self.program.libraries_importing(packages)), None) is not None

    def location(self, module: str, line: int, end_line: int = 0) -> Location:
        """A Location in ``module``'s file."""
        facts = self.program.facts(module)
        path = facts.path if facts else module.replace(".", "/") + ".py"
        return Location(path, line, end_line or line)

    def scope_at(self, key: str) -> Scope | None:
        """The scope a ``module:qualname`` key names (see :meth:`Evaluator.scope_at`)."""
        return self.evaluator.scope_at(key)

    def call_scope(self, instance: Instance) -> Scope:
        """The scope an instance's creating call was evaluated in (its module's, at worst)."""
        found = self.scope_at(instance.scope_key)
        return found or self.program.module_scope(instance.scope_key.partition(":")[0])

    def warn(self, code: str, message: str, location: Location) -> None:
        """Report a link-stage warning (options of a text an undecided test decides shown as ``{?a | b}``)."""
        self.reporter.warn(code, readable(message), Stage.LINK, location)

    def warn_once(self, code: str, message: str, location: Location) -> None:
        """Report a link-stage warning unless the same one was (a statement seen once per loop pass)."""
        if (code, message, location) not in self._warned:
            self._warned.add((code, message, location))
            self.warn(code, message, location)

    def class_of(self, value: Value) -> DefRef | External | None:
        """The class of an instance, or the class itself."""
        if isinstance(value, Instance):
            return value.cls
        if (isinstance(value, DefRef) and value.is_class) or isinstance(value, External):
            return value
        return None

    def is_a(self, value: Value, names: frozenset[str]) -> bool:
        """Whether ``value`` is an instance of (or is) a class whose lineage meets ``names``."""
        cls = self.class_of(value)
        return cls is not None and not self.evaluator.lineage(cls).isdisjoint(names)


class Extractor:
    """Base of framework and model extractors. Every hook is optional and does nothing here.

    Subclasses set ``name`` and override the hooks they need; the link stage calls models hooks
    of every extractor first, then routes hooks, then ``describe`` for each resolved route.
    """

    name: str = ""
    mounts: Mapping[str, frozenset[str]] = MappingProxyType({})
    """How another framework's routing includes this one's objects: attribute name → classes.

    ``{"urls": frozenset({"ninja.NinjaAPI"})}`` says that a Django urlconf including ``api.urls``
    of a ``NinjaAPI`` instance mounts that instance's node (the one this extractor adds to the
    route graph under the instance's key) there. The including framework reads them from
    :attr:`LinkContext.mounts` and adds the edge; neither extractor imports the other.
    """
    claims: frozenset[str] = frozenset()
    """Names of the calls whose registrations this extractor reads itself (a registry plug-in's
    ``register_node_view``): other extractors' generic readings leave them to it."""
    packages: frozenset[str] = frozenset()
    """Top-level packages this extractor recognises by name (``django``, ``fastapi``...).

    docgen never reads their source from ``extra-paths``, so names imported from them stay the
    ``External`` values the extractor matches on.
    """
    readable: frozenset[str] = frozenset()
    """Modules under :attr:`packages` whose source is read from ``extra-paths`` all the same: a
    library's integrations that register routes with a web framework (``strawberry.fastapi``'s
    router), which the framework's extractor then reads like the analysed code."""

    route_triggers: frozenset[str] = frozenset()
    """Packages one of which the analysed code (or a library read for it) must import for
    :meth:`collect_routes` to have anything to read (:meth:`LinkContext.imports_any`); the link
    stage does not call it otherwise, since a walk costs as much as every other. Empty: always called."""

    def collect_models(self, *, context: LinkContext) -> list[Model]:
        """Return the data models this extractor recognises."""
        del context
        return []

    def collect_routes(self, *, context: LinkContext, graph: RouteGraph) -> None:
        """Add this framework's nodes, edges and endpoints to ``graph``."""
        del context, graph

    def describe(self, *, context: LinkContext, endpoint: Endpoint, chain: Chain, path: str) -> list[Route]:
        """Turn one endpoint reached through ``chain`` at full ``path`` into routes."""
        del context, endpoint, chain, path
        return []

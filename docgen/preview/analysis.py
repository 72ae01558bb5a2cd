"""The live preview's analysis: :func:`docgen.api.analyse`'s stages, keeping what an edit provably left unchanged.

The whole-program pass (module naming, the link stage and the security rules, which read every
file) is kept when every changed file's facts equal the facts it last ran on, except in
docstrings (or hashes) that it never read: its reads are recorded while it runs
(:mod:`docgen.preview.reads`), and what it reported is reported again. A docstring that linking
reads (a route handler's, a model's) makes it run again, and so does any other change.

With the pass kept, the code reference is made again only for the modules whose facts changed,
and docgen's other checks (coverage, docstring rules), which are cheap, run again over the
current facts. Ruff lints only the changed files when the last run linted the same files
without a warning; the secret scrub walks only the catalog records it has not seen.
:attr:`Reanalysis.relinked` says whether the last run linked.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from docgen.api import CodeAnalysis, Stages, link_program, pinned_majors
from docgen.check import assess
from docgen.check.security import security_findings
from docgen.config import Config
from docgen.diagnostics import Code, Reporter
from docgen.enrich.ruff import RuffResult, run_ruff
from docgen.link import Linked
from docgen.link.contract import LinkContext
from docgen.model import Catalog, Diagnostic, Finding, Module, Symbol
from docgen.model.facts import ModuleFacts
from docgen.model.source import SourceFile
from docgen.moduleid import ModuleNames, name_modules
from docgen.moduleid.rewrite import renamed
from docgen.preview.listing import Listing
from docgen.preview.reads import Reads, alike, carry, recorded_reads
from docgen.reference.symbols import collect_modules, module_symbols
from docgen.scrub import ScrubMemo, scrub_catalog


@dataclass(frozen=True, slots=True)
class WholeProgram:
    """One run of the whole-program pass, and what it needs to stand for a later run.

    Attributes:
        inputs: The parsed facts it ran on, by path, in the order given.
        kept: Those facts as named (and their imports resolved), by path, in the pass's order;
            files a package shadows are absent.
        names: How the tree's names lead to its modules.
        linked: What linking found.
        security: The security rules' findings.
        reads: The watched facts fields it read.
        reported: Everything reported from its start to the end of the checks that followed it.
    """

    inputs: dict[str, ModuleFacts]
    kept: dict[str, ModuleFacts]
    names: ModuleNames
    linked: Linked
    security: tuple[Finding, ...]
    reads: Reads
    reported: tuple[Diagnostic, ...]

    def holds_for(self, facts: list[ModuleFacts], majors: dict[str, int]) -> bool:
        """Whether the pass over ``facts`` would give what this one gave (see the module docstring).

        ``majors`` are the library versions the packaging pins now: linking reads them too.
        """
        if len(facts) != len(self.inputs) or any(f.path not in self.inputs for f in facts):
            return False
        if majors != self.linked.context.majors:
            return False
        if any(d.code == Code.BUDGET_EXCEEDED for d in self.reported):
            return False  # a module's budget was spent: what its evaluation gave depends on the order of work
        return all(alike(self.inputs[f.path], f, self.reads) for f in facts)

    def named(self, facts: list[ModuleFacts], root: Path) -> list[ModuleFacts]:
        """``facts`` (for which the pass holds) named as the pass named the facts it ran on."""
        by_path = {f.path: f for f in facts}
        out = []
        for path, kept in self.kept.items():
            current = by_path[path]
            same = current is self.inputs[path]
            out.append(kept if same else renamed(current, kept.module, root, self.names.paths, self.names.resolve))
        return out


class Reanalysis(Stages):
    """:class:`~docgen.api.Stages` that keep, between the live preview's rebuilds, what an edit did not change."""

    def __init__(self) -> None:
        self.listing = Listing()
        self.relinked = False
        self._whole: WholeProgram | None = None
        self._modules: dict[str, tuple[ModuleFacts, Module]] = {}
        self._symbols: dict[str, tuple[ModuleFacts, tuple[Symbol, ...]]] = {}
        self._ruff: tuple[dict[str, str], tuple[tuple[str, bytes], ...], RuffResult] | None = None
        self._scrub = ScrubMemo()

    def discover(self, config: Config, reporter: Reporter) -> tuple[list[SourceFile], Config]:
        """The files, walking the tree only when the edits since the last run may have changed it."""
        return self.listing.discover(config, reporter)

    def read_code(self, facts: list[ModuleFacts], config: Config, reporter: Reporter) -> CodeAnalysis:
        """Name, link, describe and check the code, linking only when the last pass does not hold."""
        whole = self._whole
        self.relinked = whole is None or not whole.holds_for(facts, pinned_majors(config.root))
        start = len(reporter.diagnostics)
        if whole is None or self.relinked:
            whole = _whole_program(facts, config, reporter)
            self._modules, self._symbols = {}, {}
        else:
            reporter.extend(whole.reported)
        named = whole.named(facts, config.root)
        context = whole.linked.context
        modules = tuple(sorted(self._described(context, named), key=lambda m: (m.name, m.path)))
        by_name: dict[str, ModuleFacts] = {}
        for f in named:
            if f.parsed:
                by_name.setdefault(f.module, f)
        symbols = tuple(sorted(self._symbols_of(context, by_name), key=lambda s: s.id))
        linked = whole.linked
        own = {name: f for name, f in by_name.items() if name not in context.program.vendored_modules}
        checked = assess(context, modules, symbols, linked.routes, linked.models, facts=own, security=whole.security)
        if self.relinked:
            self._whole = replace(whole, reported=tuple(reporter.diagnostics[start:]))
        return CodeAnalysis(
            modules=modules,
            routes=linked.routes,
            apps=linked.apps,
            models=linked.models,
            symbols=symbols,
            findings=checked.findings,
            spans=linked.spans,
            frameworks=linked.frameworks,
            coverage=checked.coverage,
        )

    def lint(self, config: Config, files: list[SourceFile], reporter: Reporter) -> RuffResult:
        """Ruff over the files changed since the last run when it linted the same files cleanly, else over all."""
        shas = {f.path: f.sha for f in files}
        settings = _ruff_settings(config.root, shas)
        last = self._ruff
        changed = [p for p, sha in shas.items() if last is None or last[0].get(p) != sha]
        if last is None or last[0].keys() != shas.keys() or last[1] != settings or len(changed) == len(files):
            return self._linted(config, files, reporter, settings)
        if not changed:
            return last[2]
        quiet = Reporter()
        partial = run_ruff(config.root, changed, mode=config.check.ruff, reporter=quiet)
        setup = (partial.config, partial.security_ran, partial.complexity_ran)
        same_setup = setup == (last[2].config, last[2].security_ran, last[2].complexity_ran)
        if quiet.diagnostics or not partial.ran or not same_setup:
            return self._linted(config, files, reporter, settings)
        gone = set(changed)
        kept = [f for f in last[2].findings if f.location.path not in gone]
        # Each file's findings come from one run, in Ruff's order: a stable sort by path merges them.
        findings = tuple(sorted((*kept, *partial.findings), key=lambda f: f.location.path))
        measured = [c for c in last[2].complexity if c.location.path not in gone]
        complexity = tuple(sorted((*measured, *partial.complexity), key=lambda c: c.location.path))
        result = replace(partial, findings=findings, complexity=complexity)
        self._ruff = (shas, settings, result)
        return result

    def scrub(self, catalog: Catalog, reporter: Reporter) -> Catalog:
        """The secret scrub, walking only records it has not seen."""
        return scrub_catalog(catalog, reporter, self._scrub)

    def _linted(
        self, config: Config, files: list[SourceFile], reporter: Reporter, settings: tuple[tuple[str, bytes], ...]
    ) -> RuffResult:
        """Ruff over every file; the result is kept for the next run to start from when it ran without a warning."""
        before = len(reporter.diagnostics)
        result = super().lint(config, files, reporter)
        clean = result.ran and len(reporter.diagnostics) == before
        self._ruff = ({f.path: f.sha for f in files}, settings, result) if clean else None
        return result

    def _described(self, context: LinkContext, named: Iterable[ModuleFacts]) -> list[Module]:
        """The code reference's modules, made again only for changed facts."""
        out, memo = [], {}
        for f in named:
            found = self._modules.get(f.path)
            if found is None or found[0] is not f:
                found = (f, collect_modules(context, [f])[0])
            memo[f.path] = found
            out.append(found[1])
        self._modules = memo
        return out

    def _symbols_of(self, context: LinkContext, by_name: dict[str, ModuleFacts]) -> list[Symbol]:
        """The code reference's symbols, made again only for the modules whose facts changed."""
        out: list[Symbol] = []
        memo = {}
        for name in sorted(by_name):
            found = self._symbols.get(name)
            if found is None or found[0] is not by_name[name]:
                found = (by_name[name], module_symbols(context, name, by_name[name]))
            memo[name] = found
            out.extend(found[1])
        self._symbols = memo
        return out


RUFF_SETTINGS = ("pyproject.toml", "ruff.toml", ".ruff.toml")
"""The files Ruff takes its settings from, in any folder from a linted file's up."""


def _ruff_settings(root: Path, paths: Iterable[str]) -> tuple[tuple[str, bytes], ...]:
    """Every Ruff settings file that may apply to ``paths`` (under ``root``), with its bytes."""
    folders: set[Path] = set()
    for path in paths:
        folders.update((root / path).parent.parents)
        folders.add((root / path).parent)
    found = []
    for folder in sorted(folders):
        for name in RUFF_SETTINGS:
            try:
                found.append(((folder / name).as_posix(), (folder / name).read_bytes()))
            except OSError:
                continue  # absent (or unreadable, which Ruff cannot read either)
    return tuple(found)


def _whole_program(facts: list[ModuleFacts], config: Config, reporter: Reporter) -> WholeProgram:
    """Run the whole-program pass over ``facts``, recording what it reads."""
    with recorded_reads() as reads:
        named, names = name_modules(facts, config.root, reporter)
        linked = link_program(named, config, reporter, names)
        security = tuple(security_findings(linked.context, linked.routes))
    kept = {f.path: f for f in named}
    for f in facts:
        if f.path in kept:
            carry(f, kept[f.path], reads)  # what linking read of a renamed copy, it read of the file
    return WholeProgram(
        inputs={f.path: f for f in facts},
        kept=kept,
        names=names,
        linked=linked,
        security=security,
        reads=reads,
        reported=(),
    )

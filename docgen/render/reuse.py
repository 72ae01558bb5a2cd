"""Pages kept between renders: a page is rendered again only when something it reads has changed.

What a page reads is: its template, title and context; the shared variables (``catalog``,
``project``, ``history``, ``api_history``, ``options``) its template names, with the templates
it extends, includes or imports (Jinja's own analysis; a template named by an expression counts
as naming them all); and the site index entries its links looked up, recorded as it rendered. Values are
compared strictly (types included: ``1``, ``1.0`` and ``True`` render differently though Python
calls them equal). A change of any template source, of the settings or of the site's name makes
every page render again. ``doc``, the docstring converter, is a pure function and not compared.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, is_dataclass
from typing import Any

import jinja2
import jinja2.meta

from docgen.config import Config
from docgen.render.links import Lookup, SiteIndex

SHARED = ("catalog", "project", "history", "api_history", "options", "hierarchy", "sources")
"""The shared template variables a page's result may depend on (``doc`` and ``links`` aside)."""


@dataclass(frozen=True, slots=True)
class _Made:
    """One rendered page and what it read."""

    inputs: tuple[Any, ...]
    lookups: tuple[Lookup, ...]
    text: str


class PageMemo:
    """The pages one render made, for the next render to reuse those whose inputs are unchanged.

    Attributes:
        rendered: Docs-relative paths of the pages the last render rendered (not reused).
    """

    def __init__(self) -> None:
        self.rendered: tuple[str, ...] = ()
        self._made: dict[str, _Made] = {}
        self._setup: tuple[Any, ...] | None = None
        self._names: dict[str, frozenset[str]] = {}
        self._now: dict[str, _Made] = {}
        self._fresh: list[str] = []
        self._compared: dict[tuple[int, int], bool] = {}

    def start(self, env: jinja2.Environment, config: Config, site_name: str) -> None:
        """Begin a render with ``env``: pages are forgotten if a template, the settings or the site's name changed."""
        setup = (_template_sources(env), config, site_name)
        if self._setup is None or not same(setup, self._setup):
            self._made, self._names = {}, {}
        self._setup = setup
        self._now, self._fresh, self._compared = {}, [], {}

    def inputs(
        self, env: jinja2.Environment, template: str, page: tuple[Any, ...], shared: dict[str, Any]
    ) -> tuple[Any, ...]:
        """What a page of ``template`` reads besides the index: ``page`` (template, title, context), shared values."""
        if template not in self._names:
            self._names[template] = _names_read(env, template)
        names = self._names[template]
        return (*page, tuple(shared[name] for name in SHARED if name in names or name == "history"))

    def reused(self, path: str, inputs: tuple[Any, ...], index: SiteIndex) -> str | None:
        """The text made last time for page ``path`` when it read the same, else None."""
        made = self._made.get(path)
        if made is None or len(made.inputs) != len(inputs) or not same(made.inputs[:-1], inputs[:-1]):
            return None
        before, now = made.inputs[-1], inputs[-1]
        if len(before) != len(now) or not all(self._same_shared(a, b) for a, b in zip(before, now, strict=True)):
            return None
        if any(not same(lookup.target, index.find(lookup.kind, lookup.key)) for lookup in made.lookups):
            return None
        self._now[path] = made
        return made.text

    def _same_shared(self, before: object, now: object) -> bool:
        """:func:`same` of a shared value (the catalog, ...), compared once per render for all the pages reading it.

        Both values live until the render ends (the pages made last time and now hold them), so
        their ids name them meanwhile.
        """
        key = (id(before), id(now))
        if key not in self._compared:
            self._compared[key] = same(before, now)
        return self._compared[key]

    def keep(self, path: str, inputs: tuple[Any, ...], lookups: list[Lookup], text: str) -> None:
        """Remember a page rendered now."""
        self._now[path] = _Made(inputs, tuple(lookups), text)
        self._fresh.append(path)

    def finish(self) -> None:
        """End the render: what it made (or reused) is what the next one starts from."""
        self._made, self.rendered = self._now, tuple(self._fresh)


def _template_sources(env: jinja2.Environment) -> tuple[tuple[str, str | None, str], ...]:
    """Every template the environment can load, with where it comes from and its source."""
    if env.loader is None:
        return ()
    out = []
    for name in env.loader.list_templates():
        try:
            source, filename, _ = env.loader.get_source(env, name)
        except jinja2.TemplateNotFound:  # listed, then gone or refused: it renders as it did, or fails
            continue
        out.append((name, filename, source))
    return tuple(out)


def _names_read(env: jinja2.Environment, template: str) -> frozenset[str]:
    """The variables ``template`` and the templates it draws on name (all of :data:`SHARED` if one is not followed)."""
    names: set[str] = set()
    pending, seen = [template], {template}
    while pending:
        name = pending.pop()
        try:
            source = env.loader.get_source(env, name)[0] if env.loader else ""
        except jinja2.TemplateNotFound:
            continue  # rendering it fails: the page is not kept
        tree = env.parse(source)
        names |= jinja2.meta.find_undeclared_variables(tree)
        for referenced in jinja2.meta.find_referenced_templates(tree):
            if referenced is None:
                return frozenset(SHARED)
            if referenced not in seen:
                seen.add(referenced)
                pending.append(referenced)
    return frozenset(names)


def same(a: object, b: object) -> bool:
    """Equality that also requires equal types, all the way down (``(1,)`` is not ``(True,)``)."""
    if a is b:
        return True
    if type(a) is not type(b):
        return False
    if isinstance(a, tuple | list):
        assert isinstance(b, tuple | list)
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        assert isinstance(b, dict)
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if is_dataclass(a) and not isinstance(a, type):
        return all(same(getattr(a, f.name), getattr(b, f.name)) for f in fields(a))
    if isinstance(a, set | frozenset):
        assert isinstance(b, set | frozenset)
        return {(type(x), x) for x in a} == {(type(y), y) for y in b}
    return bool(a == b)

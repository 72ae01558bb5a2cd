"""The Jinja environment of the page templates, and where the shipped ``site_template`` lives.

Only template files are ever compiled (SR-07): the loader reads the ``templates_dir`` of the
configuration first, then docgen's own templates; no string from the analysed code is ever
turned into a template. Every ``{{ value }}`` is escaped for Markdown and HTML by
:func:`~docgen.render.filters.md_text` unless a filter marked it safe. Templates from an untrusted
repository are read only from inside their directory, and what a page made with any of them
renders passes an HTML allow-list (:class:`RepositoryTemplates`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
import jinja2.meta
import nh3
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

import docgen
from docgen.errors import BuildError
from docgen.render.filters import FILTERS, md_text
from docgen.render.reference_view import REFERENCE_FILTERS


def site_template_dir() -> Path:
    """The ``site_template`` directory: inside the installed package, else in the source checkout.

    Raises:
        FileNotFoundError: When neither location exists (a broken installation).
    """
    package = Path(docgen.__file__).resolve().parent
    for candidate in (package / "site_template", package.parent / "site_template"):
        if (candidate / "templates").is_dir():
            return candidate
    raise FileNotFoundError(f"docgen's site_template is missing (looked in {package} and its parent)")


def _finalize(value: Any) -> Any:
    """Escape every expression result that is not already safe markup."""
    if isinstance(value, Markup):
        return value
    return md_text(value)


class _ContainedLoader(jinja2.FileSystemLoader):
    """A file loader that refuses a template whose file (symlinks resolved) leaves its directory.

    Raises:
        BuildError: From ``get_source``, naming the template and ``--trust-repo-config``.
    """

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Any]:
        source, filename, uptodate = super().get_source(environment, template)
        root = Path(str(self.searchpath[0])).resolve()
        if not Path(filename).resolve().is_relative_to(root):
            raise BuildError(
                f"template {template} of the repository's templates-dir is a symlink leading outside it "
                "(pass --trust-repo-config to allow it)"
            )
        return source, filename, uptodate


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept for the life of the process, so a rebuild (the live preview) does not compile them again.

    Jinja checks each entry against a checksum of the template's source and compiles a changed
    template again. One cache serves environments of one configuration only: compiled code
    depends on the environment's settings.
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Fill ``bucket`` from the cache when it holds its template."""
        if (data := self._code.get(bucket.key)) is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Keep ``bucket``'s compiled template."""
        self._code[bucket.key] = bucket.bytecode_to_string()


PAGE_TEMPLATES = MemoryBytecodeCache()
"""The page templates' compiled code (:func:`make_environment`)."""
THEME_TEMPLATES = MemoryBytecodeCache()
"""The MkDocs theme's compiled templates, for the live preview's builds."""


def make_environment(templates_dir: Path | None = None, *, contained: bool = False) -> jinja2.Environment:
    """A sandboxed environment loading ``templates_dir`` (if given) before the shipped templates.

    Args:
        templates_dir: The override directory (``templates-dir`` setting).
        contained: Refuse template files whose symlinks lead outside ``templates_dir`` (for a
            repository's directory the operator does not trust).

    Returns:
        The environment, with docgen's filters registered and autoescaping for Markdown.
    """
    loaders: list[jinja2.BaseLoader] = []
    if templates_dir is not None:
        loader = _ContainedLoader if contained else jinja2.FileSystemLoader
        loaders.append(loader(str(templates_dir)))
    loaders.append(jinja2.FileSystemLoader(str(site_template_dir() / "templates")))
    env = ImmutableSandboxedEnvironment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        bytecode_cache=PAGE_TEMPLATES,
    )
    env.filters.update(FILTERS)
    env.filters.update(REFERENCE_FILTERS)
    return env


_PAGE_TAGS = {
    *("p", "br", "hr", "pre", "code", "blockquote", "ul", "ol", "li", "dl", "dt", "dd"),
    *("table", "thead", "tbody", "tr", "th", "td", "h1", "h2", "h3", "h4", "h5", "h6"),
    *("a", "em", "strong", "b", "i", "kbd", "sub", "sup", "del", "abbr", "span", "small", "div"),
    *("details", "summary", "wbr"),
}
_PAGE_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "th": {"align"},
    "td": {"align"},
    "span": {"class", "title"},
    "div": {"class"},
    "small": {"class"},
    "code": {"class"},
}


def sanitise_page(text: str) -> str:
    """A rendered page with its HTML passed through an allow-list, as docstrings' (nh3).

    Scripts, styles, ``<meta>``, ``<iframe>``, event handlers, comments and unsafe URLs go; the
    Markdown around the tags stays (``>`` is kept as is, so block quotes still work).
    """
    cleaned = nh3.clean(
        text,
        tags=_PAGE_TAGS,
        attributes=_PAGE_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return cleaned.replace("&gt;", ">")


class RepositoryTemplates:
    """Which page templates draw on an untrusted repository's ``templates-dir``.

    A page template does when it, or a template it extends, includes or imports (transitively),
    is read from that directory, or when it names one by an expression docgen cannot follow.
    """

    def __init__(self, env: jinja2.Environment, templates_dir: Path) -> None:
        self._env = env
        self._root = templates_dir.resolve()
        self._known: dict[str, bool] = {}

    def used_by(self, name: str) -> bool:
        """Whether rendering template ``name`` runs any template from the repository's directory."""
        if name not in self._known:
            self._known[name] = False  # a cycle adds nothing; Jinja reports it when rendering
            self._known[name] = self._draws_on(name)
        return self._known[name]

    def _draws_on(self, name: str) -> bool:
        if self._env.loader is None:
            return False
        try:
            source, filename, _ = self._env.loader.get_source(self._env, name)
        except jinja2.TemplateNotFound:
            return False
        if filename is not None and Path(filename).resolve().is_relative_to(self._root):
            return True
        referenced = jinja2.meta.find_referenced_templates(self._env.parse(source))
        return any(ref is None or self.used_by(ref) for ref in referenced)

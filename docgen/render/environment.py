"""The Jinja environment of the page templates, and where the shipped ``site_template`` lives.

Only operator-supplied template files are ever compiled (SR-07): the loader reads the
``templates_dir`` of the configuration first, then docgen's own templates; no string from the
analysed code is ever turned into a template. Every ``{{ value }}`` is escaped for Markdown and
HTML by :func:`~docgen.render.filters.md_text` unless a filter marked it safe.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

import docgen
from docgen.render.filters import FILTERS, md_text


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


def make_environment(templates_dir: Path | None = None) -> jinja2.Environment:
    """A sandboxed environment loading ``templates_dir`` (if given) before the shipped templates.

    Args:
        templates_dir: The operator's override directory (``templates-dir`` setting).

    Returns:
        The environment, with docgen's filters registered and autoescaping for Markdown.
    """
    loaders: list[jinja2.BaseLoader] = []
    if templates_dir is not None:
        loaders.append(jinja2.FileSystemLoader(str(templates_dir)))
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
    )
    env.filters.update(FILTERS)
    return env

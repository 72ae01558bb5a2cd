"""The ``mkdocs.yml`` of a generated site, as a dict, and its merge with the user's own mkdocs.yml.

The file is written with ``yaml.safe_dump`` and uses only plain YAML, so the Markdown tree of
``--docs-only`` builds with a plain ``mkdocs build`` and no docgen plugin. Paths in it are
relative to the file (``docs``, ``overrides``), so nothing machine-specific leaks into it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from yaml_env_tag import construct_env_tag

from docgen.config import Config
from docgen.trust import UntrustedYamlLoader, load_mapping, repo_mkdocs_problems

DOCS_DIR = "docs"
OVERRIDES_DIR = "overrides"
CSS = "assets/stylesheets/docgen.css"
MERMAID_JS = "assets/javascripts/mermaid.min.js"
MERMAID_INIT_JS = "assets/javascripts/docgen-mermaid.js"
PAN_ZOOM_JS = "assets/javascripts/svg-pan-zoom.min.js"

FEATURES = (
    "navigation.tabs",
    "navigation.sections",
    "navigation.prune",
    "navigation.top",
    "search.suggest",
    "search.highlight",
    "content.code.copy",
    "content.tabs.link",
)
"""Material features every docgen site enables; ``site.features`` adds to them."""

MARKDOWN_EXTENSIONS: tuple[Any, ...] = (
    "admonition",
    "tables",
    "attr_list",
    "md_in_html",
    {"toc": {"permalink": True}},
    "pymdownx.details",
    {"pymdownx.highlight": {"anchor_linenums": False}},
    "pymdownx.inlinehilite",
    # The custom fence's format defaults to superfences' fence_code_format, so no
    # !!python/name tag is needed and the file stays loadable by a safe YAML loader. Its class is
    # not Material's "mermaid": Material renders those into a closed shadow root (and fetches
    # Mermaid from unpkg.com when it is not loaded yet); docgen-mermaid.js renders ours in the page.
    {"pymdownx.superfences": {"custom_fences": [{"name": "mermaid", "class": "dg-mermaid"}]}},
    {"pymdownx.tabbed": {"alternate_style": True}},
)

SEARCH_SEPARATOR = r"[\s\u200b\-_,:;!=\[\]{}()<>\"`/|.]+|&[lg]t;|(?!\b)(?=[A-Z][a-z])"
"""Where the search index and the query split words (a JavaScript regex): besides spaces and dashes
at the slashes, braces, underscores and dots of paths, parameters and dotted names, so each path
segment, ``{book_id}``'s ``book`` and ``id``, and each word of ``create_review`` or ``BookRead`` is a
word of its own (Material's default splits only at spaces and dashes)."""

_OURS_ONLY = {"docs_dir", "site_dir", "INHERIT"}


def mkdocs_config(site_name: str, nav: list[Any], config: Config) -> dict[str, Any]:
    """Docgen's MkDocs configuration for a site.

    Args:
        site_name: Display name, already HTML-escaped (themes print it unescaped).
        nav: The navigation, labels already HTML-escaped.
        config: docgen's settings (site URL, repository, palette, features, Mermaid).

    Returns:
        A plain dict of YAML-safe values.
    """
    colour = re.sub(r"[^a-z -]", "", config.site.palette.lower()) or "indigo"
    features = list(dict.fromkeys([*FEATURES, *config.site.features]))
    cfg: dict[str, Any] = {
        "site_name": site_name,
        "docs_dir": DOCS_DIR,
        "use_directory_urls": True,
        "theme": {
            "name": "material",
            "custom_dir": OVERRIDES_DIR,
            "font": False,
            "language": "en",
            "features": features,
            "palette": [_palette(colour, "default", "dark"), _palette(colour, "slate", "light")],
        },
        "plugins": [{"search": {"separator": SEARCH_SEPARATOR}}],
        "markdown_extensions": [dict(e) if isinstance(e, dict) else e for e in MARKDOWN_EXTENSIONS],
        "extra_css": [CSS],
        "extra_javascript": [MERMAID_JS, PAN_ZOOM_JS, MERMAID_INIT_JS] if config.site.mermaid else [],
        "validation": {
            "nav": {"omitted_files": "info", "not_found": "warn", "absolute_links": "info"},
            "links": {"not_found": "warn", "anchors": "warn", "absolute_links": "info", "unrecognized_links": "info"},
        },
        "nav": nav,
    }
    if config.site_url:
        cfg["site_url"] = config.site_url
    if config.repo_url:
        cfg["repo_url"] = config.repo_url
        cfg["edit_uri"] = ""  # generated pages have no source file in the repository to edit
    return cfg


def _palette(colour: str, scheme: str, other: str) -> dict[str, Any]:
    media = "(prefers-color-scheme: light)" if scheme == "default" else "(prefers-color-scheme: dark)"
    icon = "material/brightness-4" if scheme == "default" else "material/brightness-7"
    return {
        "media": media,
        "scheme": scheme,
        "primary": colour,
        "accent": colour,
        "toggle": {"icon": icon, "name": f"Switch to {other} mode"},
    }


class _SafeEnvLoader(yaml.SafeLoader):
    """A safe YAML loader that also understands MkDocs' ``!ENV`` tag."""


_SafeEnvLoader.add_constructor("!ENV", construct_env_tag)


def load_user_config(path: Path, *, trusted: bool = True) -> dict[str, Any]:
    """Read a user's mkdocs.yml with a safe loader (no ``!!python`` tags).

    Args:
        path: The file.
        trusted: Whether the operator chose it (or trusts the repository's configuration): then
            ``!ENV`` reads the environment, as in MkDocs. Otherwise the policy of
            :func:`docgen.trust.repo_mkdocs_problems` applies (no ``!ENV``, hooks, unlisted
            plugins or extensions, outside assets).

    Raises:
        OSError: The file cannot be read.
        yaml.YAMLError: It is not safe YAML.
        ValueError: It is not a mapping, or (untrusted) it sets what a repository may not.
    """
    if trusted:
        return load_mapping(path, _SafeEnvLoader)
    if problems := repo_mkdocs_problems(path):
        raise ValueError("; ".join(problems))
    return load_mapping(path, UntrustedYamlLoader)


def merge_config(base: Mapping[str, Any], user: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Merge a user's mkdocs.yml over docgen's (user keys win).

    Lists of extensions and extra assets are combined rather than replaced, so the generated
    pages keep what they need; ``docs_dir``, ``site_dir`` and ``theme.custom_dir`` stay docgen's.

    Returns:
        The merged config and the names of user keys that were ignored.
    """
    merged = dict(base)
    ignored: list[str] = []
    for key, value in user.items():
        if key in _OURS_ONLY:
            ignored.append(key)
        elif key == "theme" and isinstance(value, dict):
            theme = {**base["theme"], **value}
            if "custom_dir" in value:
                ignored.append("theme.custom_dir")
            theme["custom_dir"] = base["theme"]["custom_dir"]
            merged["theme"] = theme
        elif key == "markdown_extensions" and isinstance(value, list):
            merged[key] = _merge_extensions(base[key], value)
        elif key in {"extra_css", "extra_javascript"} and isinstance(value, list):
            merged[key] = list(base.get(key, [])) + [v for v in value if v not in base.get(key, [])]
        else:
            merged[key] = value
    return merged, ignored


def _merge_extensions(ours: list[Any], theirs: list[Any]) -> list[Any]:
    """Union of two ``markdown_extensions`` lists by name; the user's options for a name win."""
    entries: dict[str, Any] = {}
    for entry in [*ours, *theirs]:
        if isinstance(entry, dict):
            for name, options in entry.items():
                entries[name] = options
        else:
            entries.setdefault(str(entry), None)
    return [name if options is None else {name: options} for name, options in entries.items()]

"""What a repository's own configuration may decide: its root, path containment and the mkdocs.yml policy.

Settings given by the operator (command line, ``DOCGEN_*`` variables, a file passed with ``-c``)
are trusted. Settings read from a configuration file docgen found in the analysed repository are
not, unless the operator passes ``--trust-repo-config``: their paths must stay inside the
repository root, they may not choose the cache, and the mkdocs.yml they name may not run code,
read the environment or pull in files from outside the generated pages. docgen.config applies
these rules while resolving the settings, so a refusal fails the run (exit 2) before anything is
analysed or written.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

TRUST_FLAG = "--trust-repo-config"
"""The operator's switch that makes a repository's configuration trusted; named in every refusal."""

ALLOWED_PLUGINS = frozenset({"search", "tags", "offline"})
"""MkDocs plugins a repository's mkdocs.yml may enable: presentation only, no network, no code."""

ALLOWED_MARKDOWN_EXTENSIONS = frozenset(
    {
        *(
            name
            for short in (
                "abbr",
                "admonition",
                "attr_list",
                "def_list",
                "fenced_code",
                "footnotes",
                "md_in_html",
                "tables",
                "toc",
                "codehilite",
                "legacy_attrs",
                "legacy_em",
                "meta",
                "nl2br",
                "sane_lists",
                "smarty",
                "wikilinks",
                "extra",
            )
            for name in (short, f"markdown.extensions.{short}")
        ),
        *(
            f"pymdownx.{name}"
            for name in (
                "arithmatex",
                "betterem",
                "blocks.admonition",
                "blocks.definition",
                "blocks.details",
                "blocks.tab",
                "caret",
                "critic",
                "details",
                "emoji",
                "escapeall",
                "highlight",
                "inlinehilite",
                "keys",
                "magiclink",
                "mark",
                "progressbar",
                "saneheaders",
                "smartsymbols",
                "superfences",
                "tabbed",
                "tasklist",
                "tilde",
            )
        ),
    }
)
"""Markdown extensions a repository's mkdocs.yml may enable.

An extension name is an importable module path, so any other name could run code; the list holds
Python-Markdown's built-ins and the pymdown-extensions that neither read files nor import
anything named in their options (``pymdownx.snippets`` and ``pymdownx.b64`` read files).
"""

_REFUSED_KEYS: dict[str, str] = {
    "hooks": "MkDocs hooks are Python files it runs",
    "INHERIT": "it would read another configuration file",
    "extra_templates": "MkDocs renders them with an unsandboxed Jinja environment",
}


class UntrustedYamlLoader(yaml.SafeLoader):
    """A safe YAML loader for a repository's mkdocs.yml: plain YAML, and ``!ENV`` never read.

    Each ``!ENV`` tag loads as None and its line is kept in ``env_lines``, so every one of them is
    reported instead of the runner's environment being read.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.env_lines: list[int] = []


def _refuse_env(loader: UntrustedYamlLoader, node: yaml.Node) -> None:
    loader.env_lines.append(node.start_mark.line + 1)


UntrustedYamlLoader.add_constructor("!ENV", _refuse_env)


def find_repo_root(start: Path, discovered: Path | None) -> Path:
    """The repository root of ``start``: the nearest directory holding ``.git`` (a directory or a file).

    Without one, the directory of the configuration file docgen found, else ``start`` itself.
    Git is never run.
    """
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return discovered.parent if discovered is not None else start


def escapes(path: Path, root: Path) -> bool:
    """Whether ``path``, symlinks resolved, leads outside ``root``."""
    return not path.resolve().is_relative_to(root.resolve())


def path_problem(key: str, value: Any, resolved: Path, repo_root: Path) -> str | None:
    """Why a repository's configuration may not set path setting ``key``, or None when it may.

    Args:
        key: The setting's attribute name (``docs_dir``, ``cache_dir``, ``extra_paths``).
        value: The value as written in the file.
        resolved: The path it names, made absolute against the file's directory.
        repo_root: The repository root.
    """
    shown = key.replace("_", "-")
    if key == "cache_dir":
        return (
            f"'{shown}' is only read from the operator (a cache the repository chooses could hold a planted "
            f"entry): set DOCGEN_CACHE_DIR, or pass {TRUST_FLAG} to allow it"
        )
    if not escapes(resolved, repo_root):
        return None
    operator_side = {"site_dir": "choose the output with --site-dir", "extra_paths": "pass --extra-path DIR"}
    remedy = f"{operator_side[key]}, or pass {TRUST_FLAG}" if key in operator_side else f"pass {TRUST_FLAG}"
    return (
        f"'{shown}' = {str(value)!r} leads outside the repository root (an absolute path, '..' or a "
        f"symlink), and a repository's configuration may only name paths inside it: {remedy} to allow it"
    )


def load_mapping(path: Path, loader: type[yaml.SafeLoader]) -> dict[str, Any]:
    """Read a mkdocs.yml with ``loader`` (a SafeLoader: no ``!!python`` tags).

    Raises:
        OSError: The file cannot be read.
        yaml.YAMLError: It is not safe YAML, or uses a tag ``loader`` refuses.
        ValueError: It is not a mapping.
    """
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ValueError("the top level of mkdocs.yml must be a mapping")
    return data


def repo_mkdocs_problems(path: Path) -> list[str]:
    """Every reason the repository's mkdocs.yml at ``path`` may not be used untrusted (empty: it may)."""
    name = path.name
    try:
        loader = UntrustedYamlLoader(path.read_text(encoding="utf-8"))
        try:
            user = loader.get_single_data() or {}
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        line = f":{exc.problem_mark.line + 1}" if exc.problem_mark is not None else ""
        return [f"{name}{line}: cannot use it (mkdocs-config): {exc.problem}"]
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        return [f"cannot use {name} (mkdocs-config): {exc}"]
    if not isinstance(user, dict):
        return [f"cannot use {name} (mkdocs-config): the top level of mkdocs.yml must be a mapping"]
    env = [
        f"{name}:{line}: '!ENV' would put the runner's environment into the site, and a repository's "
        f"mkdocs.yml may not read it: pass {TRUST_FLAG} to allow it"
        for line in loader.env_lines
    ]
    return env + mkdocs_problems(user, name)


def mkdocs_problems(user: Mapping[str, Any], name: str) -> list[str]:
    """Every key of a repository's mkdocs.yml (already loaded) that it may not set.

    Args:
        user: The loaded mkdocs.yml.
        name: How to name the file in messages.

    Returns:
        One message per refused key or entry, each naming the way to allow it.
    """
    problems: list[str] = []
    allow = f"pass {TRUST_FLAG} to allow it"
    for key, why in _REFUSED_KEYS.items():
        if key in user:
            problems.append(f"{name}: '{key}' is refused from a repository's configuration ({why}): {allow}")
    for plugin in _entry_names(user.get("plugins")):
        if plugin.removeprefix("material/") not in ALLOWED_PLUGINS:
            listed = ", ".join(sorted(ALLOWED_PLUGINS))
            problems.append(f"{name}: plugin '{plugin}' is not one a repository may enable ({listed}): {allow}")
    for extension in _entry_names(user.get("markdown_extensions")):
        if extension not in ALLOWED_MARKDOWN_EXTENSIONS:
            why = (
                "it reads files from anywhere"
                if extension in {"pymdownx.snippets", "pymdownx.b64"}
                else "an extension name is a module docgen would import"
            )
            problems.append(f"{name}: markdown extension '{extension}' is refused ({why}): {allow}")
    for key in ("extra_css", "extra_javascript"):
        for asset in _asset_paths(user.get(key)):
            if not _inside_pages(asset):
                problems.append(
                    f"{name}: {key} entry {asset!r} is not a relative path inside the site's pages "
                    f"(no URL, absolute path or '..'): {allow}"
                )
    return problems


def _entry_names(value: Any) -> list[str]:
    """Names of a plugins or markdown_extensions value: a list of names and one-key maps, or a map."""
    if isinstance(value, Mapping):
        return [str(k) for k in value]
    if not isinstance(value, list):
        return [] if value is None else [repr(value)]
    names: list[str] = []
    for entry in value:
        if isinstance(entry, Mapping):
            names += [str(k) for k in entry]
        else:
            names.append(str(entry))
    return names


def _asset_paths(value: Any) -> list[str]:
    if value is None:
        return []
    entries = value if isinstance(value, list) else [value]
    return [str(e.get("path", e)) if isinstance(e, Mapping) else str(e) for e in entries]


def _inside_pages(asset: str) -> bool:
    if not asset or "://" in asset or asset.startswith(("//", "/", "\\")) or ":" in asset.split("/")[0]:
        return False
    parts = PurePosixPath(asset.replace("\\", "/")).parts
    return ".." not in parts

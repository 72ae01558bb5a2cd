"""Configuration: the typed settings schema, where settings come from, and their validation.

Settings are read from ``[tool.docgen]`` in ``pyproject.toml`` or from ``docgen.toml`` (the
first found walking up from the analysed path), then ``DOCGEN_*`` environment variables, then
command-line flags; later sources win. Unknown keys are errors, and every problem is reported at
once. A file found in the repository is untrusted unless the operator says otherwise; the rules
of :mod:`docgen.trust` are applied here, and each setting's provenance is kept on the Config.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docgen import trust
from docgen.config_api import CONSOLES, ApiOptions
from docgen.config_exclude import DEFAULT_EXCLUDE
from docgen.config_health import HealthOptions
from docgen.config_history import HistoryOptions
from docgen.config_sources import TRUE, env_settings, file_settings, find_config_file
from docgen.errors import ConfigError
from docgen.model import DocstringStyle

SITE_MARKER = ".docgen-site"
"""File docgen writes into every site it publishes: a directory holding it is never analysed, only replaced."""


@dataclass(frozen=True, slots=True)
class SiteOptions:
    """``[tool.docgen.site]``: how the site looks.

    Attributes:
        features: Extra Material features to enable, on top of docgen's defaults.
        palette: Primary colour name of the Material palette.
        mermaid: Whether to render Mermaid diagrams (vendored, never from a CDN).
        last_updated: Whether pages show when their source last changed.
        changelog_releases: How many releases the Changelog page shows, newest first (0: no page).
        source_pages: Whether the code reference has a source page per module, linked line by line (static
            HTML beside the Markdown pages, see :mod:`docgen.render.source_view`).
    """

    features: tuple[str, ...] = ()
    palette: str = "indigo"
    mermaid: bool = True
    last_updated: bool = True
    changelog_releases: int = 5
    source_pages: bool = True


@dataclass(frozen=True, slots=True)
class CheckOptions:
    """``[tool.docgen.check]``: the quality gate.

    Attributes:
        select: Rule codes or prefixes to report (empty: all).
        ignore: Rule codes or prefixes never reported.
        per_file_ignores: Glob → codes ignored in matching files.
        fail_under: Minimum docstring coverage percentage; below it ``check`` fails.
        ruff: ``auto`` runs Ruff when installed; ``off`` never runs it.
    """

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    fail_under: float = 0.0
    ruff: str = "auto"


@dataclass(frozen=True, slots=True)
class DiffOptions:
    """``[tool.docgen.diff]``: API change detection between git refs.

    Attributes:
        fail_on: The least severe change that makes ``docgen diff`` exit 1: ``breaking``,
            ``potentially-breaking`` (also spelt ``warning``), ``non-breaking`` or ``never``.
        base: The base ref when none is given; empty: the merge base of ``HEAD`` with the
            default branch (``HEAD~1`` when there is none).
        allow_breaking: Accepted breaks: ``RULE`` or ``RULE METHOD PATH`` (reported, not failing).
    """

    fail_on: str = "breaking"
    base: str = ""
    allow_breaking: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Config:
    """All of docgen's settings, resolved.

    Attributes:
        root: The directory to analyse (absolute).
        config_file: The file the settings were read from, if any.
        source: Directories under ``root`` holding the code to analyse (empty: ``root`` itself).
        exclude: Patterns never analysed (replaces the defaults).
        extend_exclude: Patterns never analysed, in addition to ``exclude``.
        respect_gitignore: Whether files ignored by ``.gitignore`` are skipped.
        frameworks: Extractors to run; ``auto`` runs every installed one.
        docstring_style: Docstring convention, or ``auto`` to detect per docstring.
        site_name: Site title (default: the project name).
        site_url: Public address of the site.
        repo_url: Repository web address, for source links.
        edit_uri: Path under ``repo_url`` to source files, for "view source" links.
        docs_dir: Hand-written Markdown pages merged with the generated ones.
        site_dir: Where the built site goes (default ``<root>/../<name>-site`` is never used:
            the CLI default is ``site`` next to the working directory).
        mkdocs_config: A user ``mkdocs.yml`` merged over docgen's defaults (user wins).
        engine: What builds the HTML: ``mkdocs`` (MkDocs and Material) or ``zensical`` (when installed).
        templates_dir: A directory of Jinja templates overriding ``site_template/`` ones.
        cache_dir: Where per-file facts are cached (outside the analysed tree).
        extra_paths: Directories of third-party source (a virtualenv, site-packages, vendored
            code) read, never imported, to resolve what the analysed code imports from them.
        max_file_bytes: Larger source files are skipped with a warning.
        parse_timeout: Seconds one file may take to parse before it is skipped.
        parse_memory: Megabytes the parse workers may use together; a file that needs more than a
            worker's share is parsed alone, and one that needs more than all of it is skipped.
        jobs: Worker processes for parsing (0: one per core).
        strict: Whether warnings make the run fail (exit 1).
        site: Site options.
        api: API section options.
        check: Quality gate options.
        diff: Diff options.
        history: Endpoint history options.
        health: Code health options.
        repo_root: The repository root (the nearest directory holding ``.git``, else the directory
            of the configuration file found, else ``root``); None when built without
            :func:`load_config`.
        trust_repo_config: Whether the operator trusts the repository's configuration
            (``--trust-repo-config``).
        repo_settings: Names of the settings (``docs_dir``, ``check.fail_under``) whose value came
            from a configuration file found in the repository rather than from the operator.
    """

    root: Path
    config_file: Path | None = None
    source: tuple[str, ...] = ()
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    extend_exclude: tuple[str, ...] = ()
    respect_gitignore: bool = True
    frameworks: tuple[str, ...] = ("auto",)
    docstring_style: DocstringStyle = DocstringStyle.AUTO
    site_name: str = ""
    site_url: str = ""
    repo_url: str = ""
    edit_uri: str = ""
    docs_dir: Path | None = None
    site_dir: Path | None = None
    mkdocs_config: Path | None = None
    engine: str = "mkdocs"
    templates_dir: Path | None = None
    cache_dir: Path | None = None
    extra_paths: tuple[Path, ...] = ()
    max_file_bytes: int = 2_000_000
    parse_timeout: float = 60.0
    parse_memory: int = 320
    jobs: int = 0
    strict: bool = False
    site: SiteOptions = field(default_factory=SiteOptions)
    api: ApiOptions = field(default_factory=ApiOptions)
    check: CheckOptions = field(default_factory=CheckOptions)
    diff: DiffOptions = field(default_factory=DiffOptions)
    history: HistoryOptions = field(default_factory=HistoryOptions)
    health: HealthOptions = field(default_factory=HealthOptions)
    repo_root: Path | None = None
    trust_repo_config: bool = False
    repo_settings: frozenset[str] = frozenset()

    def untrusted(self, name: str) -> bool:
        """Whether setting ``name`` came from the repository and the operator does not trust it."""
        return not self.trust_repo_config and name in self.repo_settings


_TABLES: dict[str, type] = {
    "site": SiteOptions,
    "api": ApiOptions,
    "check": CheckOptions,
    "diff": DiffOptions,
    "history": HistoryOptions,
    "health": HealthOptions,
}
_NOT_IN_FILE = frozenset({"root", "config_file", "strict", "repo_root", "trust_repo_config", "repo_settings"})
_PATH_KEYS = frozenset({"docs_dir", "site_dir", "mkdocs_config", "templates_dir", "cache_dir"})
_RANGES: dict[str, tuple[int, int, bool, str]] = {
    "parse_timeout": (0, 3600, True, " seconds"),
    "parse_memory": (64, 65536, False, " MB"),
    "jobs": (0, 64, False, " (0: one per core)"),
    "max_file_bytes": (1, 100_000_000, False, " (100 MB)"),
    "check.fail_under": (0, 100, False, " percent"),
    "site.changelog_releases": (0, 1000, False, " (0: no Changelog page)"),
    "history.releases": (0, 1000, False, " (0: no endpoint history)"),
    "history.commits": (0, 1000, False, " (0: no endpoint history without tags)"),
    "health.churn_commits": (0, 1_000_000, False, " (0: lines changed not counted)"),
}
"""Numeric settings: low, high, whether ``low`` itself is excluded, and the unit for messages."""
_CHOICES: dict[str, tuple[str, ...]] = {
    "docstring_style": tuple(s.value for s in DocstringStyle),
    "engine": ("mkdocs", "zensical"),
    "api.group_by": ("tag", "router", "module"),
    "api.console": CONSOLES,
    "check.ruff": ("auto", "off"),
    "diff.fail_on": ("breaking", "potentially-breaking", "warning", "non-breaking", "never"),
}


def load_config(
    root: Path,
    *,
    config_file: Path | None = None,
    isolated: bool = False,
    overrides: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
    trust_repo_config: bool = False,
) -> Config:
    """Resolve the settings for analysing ``root``.

    Args:
        root: The directory to analyse.
        config_file: An explicit configuration file (``-c``); otherwise one is searched for.
        isolated: Ignore configuration files and environment variables.
        overrides: Settings from the command line, by attribute name (``site_dir``,
            ``check.fail_under``); None values are ignored.
        environ: The environment (default ``os.environ``).
        trust_repo_config: Trust a configuration file found in the repository like one given with
            ``config_file`` (also ``DOCGEN_TRUST_REPO_CONFIG=1``); otherwise its paths must stay in
            the repository, it may not set ``cache-dir``, and the mkdocs.yml it names is checked.

    Returns:
        The validated configuration.

    Raises:
        ConfigError: With every problem found.
    """
    root = root.resolve()
    problems: list[str] = []
    raw: dict[str, Any] = {}
    source_file: Path | None = None
    discovered: Path | None = None
    from_repo: set[str] = set()
    if not isolated:
        env = os.environ if environ is None else environ
        source_file = config_file.resolve() if config_file else (discovered := find_config_file(root))
        if source_file is not None:
            raw = file_settings(source_file, problems)
            from_repo = set(raw) if discovered else set()
        operator = env_settings(env, problems)
        trust_repo_config = trust_repo_config or env.get("DOCGEN_TRUST_REPO_CONFIG", "").lower() in TRUE
        raw |= operator
        from_repo -= set(operator)
    base = source_file.parent if source_file else root
    for key, value in (overrides or {}).items():
        if value is not None:
            raw[key] = value
            from_repo.discard(key)
    provenance = {
        "repo_root": trust.find_repo_root(root, discovered),
        "trust_repo_config": trust_repo_config,
        "repo_settings": frozenset(from_repo),
    }
    config = _build(root, source_file, base, raw, problems, provenance)
    if problems:
        raise ConfigError(problems, source=str(source_file) if source_file else None)
    return config


def _known_keys() -> list[str]:
    keys = [f.name for f in dataclasses.fields(Config) if f.name not in _NOT_IN_FILE | set(_TABLES)]
    for table, cls in _TABLES.items():
        keys += [f"{table}.{f.name}" for f in dataclasses.fields(cls)]
    return keys


def _build(
    root: Path,
    source_file: Path | None,
    base: Path,
    raw: dict[str, Any],
    problems: list[str],
    provenance: dict[str, Any],
) -> Config:
    known = _known_keys()
    repo_root: Path = provenance["repo_root"]
    untrusted = frozenset() if provenance["trust_repo_config"] else provenance["repo_settings"]
    top: dict[str, Any] = {}
    tables: dict[str, dict[str, Any]] = {name: {} for name in _TABLES}
    for key, value in raw.items():
        if key not in known and key != "strict":
            close = difflib.get_close_matches(key, known, n=1)
            hint = f" (did you mean '{close[0].replace('_', '-')}'?)" if close else ""
            problems.append(f"unknown setting '{key.replace('_', '-')}'{hint}")
            continue
        checked = _check_value(key, value, problems)
        if checked is not _INVALID and (key in _PATH_KEYS or key == "extra_paths"):
            checked = _resolve_paths(key, checked, base, repo_root if key in untrusted else None, problems)
        if checked is _INVALID or not _in_range(key, checked, problems):
            continue
        table, _, sub = key.partition(".")
        if sub:
            tables[table][sub] = checked
        else:
            top[key] = checked
    if "exclude" in top:
        top["exclude"] = tuple(top["exclude"])
    built = {name: cls(**tables[name]) for name, cls in _TABLES.items()}
    return Config(root=root, config_file=source_file, **top, **built, **provenance)


_INVALID = object()


def _check_value(key: str, value: Any, problems: list[str]) -> Any:
    """Coerce ``value`` to the type of setting ``key``, or record a problem."""
    expected = _expected_type(key)
    if key in _CHOICES:
        value = str(value)
        if value not in _CHOICES[key]:
            problems.append(f"'{key.replace('_', '-')}' must be one of {', '.join(_CHOICES[key])}, not '{value}'")
            return _INVALID
        return DocstringStyle(value) if key == "docstring_style" else value
    if expected.startswith("tuple"):
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            problems.append(f"'{key.replace('_', '-')}' must be a list of strings")
            return _INVALID
        return tuple(value)
    if expected.startswith("dict"):
        if not isinstance(value, dict):
            problems.append(f"'{key.replace('_', '-')}' must be a table")
            return _INVALID
        return {str(k): tuple(v) if isinstance(v, list) else (str(v),) for k, v in value.items()}
    checks: dict[str, tuple[type, ...]] = {
        "bool": (bool,),
        "int": (int,),
        "float": (int, float),
        "str": (str,),
        "Path | None": (str, Path),
        "DocstringStyle": (str,),
    }
    allowed = checks.get(expected, (object,))
    if not isinstance(value, allowed) or (expected in {"int", "float"} and isinstance(value, bool)):
        problems.append(f"'{key.replace('_', '-')}' must be of type {expected.split(' ')[0].lower()}, not {value!r}")
        return _INVALID
    return float(value) if expected == "float" and isinstance(value, int | float) else value


def _resolve_paths(key: str, value: Any, base: Path, repo_root: Path | None, problems: list[str]) -> Any:
    """A path setting made absolute against ``base``; from an untrusted repository, also contained.

    ``repo_root`` is None for a trusted value; otherwise each refused path is one problem, and the
    repository's mkdocs.yml is checked against :func:`docgen.trust.repo_mkdocs_problems`.
    """
    if value is None:
        return None
    written = value if key == "extra_paths" else (value,)
    paths = tuple((base / (Path(p).expanduser() if key == "extra_paths" else Path(p))).resolve() for p in written)
    refusals = (
        [trust.path_problem(key, w, p, repo_root) for w, p in zip(written, paths, strict=True)] if repo_root else []
    )
    problems += [r for r in refusals if r]
    if any(refusals):
        return _INVALID
    if repo_root is not None and key == "mkdocs_config":
        problems += trust.repo_mkdocs_problems(paths[0])
    return paths if key == "extra_paths" else paths[0]


def _in_range(key: str, value: Any, problems: list[str]) -> bool:
    """Whether a numeric setting is within its range; otherwise record a problem naming the limits."""
    if key not in _RANGES:
        return True
    low, high, open_low, unit = _RANGES[key]
    if (value > low if open_low else value >= low) and value <= high:
        return True
    lowest = f"more than {low}" if open_low else f"at least {low}"
    problems.append(f"'{key.replace('_', '-')}' must be {lowest} and at most {high}{unit}, not {value!r}")
    return False


def _expected_type(key: str) -> str:
    table, _, sub = key.partition(".")
    cls = _TABLES[table] if sub else Config
    name = sub or table
    return str(next(f.type for f in dataclasses.fields(cls) if f.name == name))

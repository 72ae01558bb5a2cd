"""Configuration: the typed settings schema, where settings come from, and their validation.

Settings are read from ``[tool.docgen]`` in ``pyproject.toml`` or from ``docgen.toml`` (the
first found walking up from the analysed path), then ``DOCGEN_*`` environment variables, then
command-line flags; later sources win. Unknown keys are errors, and every problem is reported at
once.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docgen.errors import ConfigError
from docgen.model import DocstringStyle

DEFAULT_EXCLUDE: tuple[str, ...] = (
    ".bzr",
    ".direnv",
    ".eggs",
    ".git",
    ".git-rewrite",
    ".hg",
    ".mypy_cache",
    ".nox",
    ".pants.d",
    ".pytype",
    ".ruff_cache",
    ".svn",
    ".tox",
    ".venv",
    "__pypackages__",
    "_build",
    "buck-out",
    "build",
    "dist",
    "node_modules",
    "site-packages",
    "venv",
    ".venv*",
    "__pycache__",
    ".pytest_cache",
    ".docgen-staging*",
)
"""Directory and file patterns never analysed unless ``exclude`` is overridden (as Ruff's)."""


@dataclass(frozen=True, slots=True)
class SiteOptions:
    """``[tool.docgen.site]``: how the site looks.

    Attributes:
        features: Extra Material features to enable, on top of docgen's defaults.
        palette: Primary colour name of the Material palette.
        mermaid: Whether to render Mermaid diagrams (vendored, never from a CDN).
        last_updated: Whether pages show when their source last changed.
    """

    features: tuple[str, ...] = ()
    palette: str = "indigo"
    mermaid: bool = True
    last_updated: bool = True


@dataclass(frozen=True, slots=True)
class ApiOptions:
    """``[tool.docgen.api]``: how the API section is organised.

    Attributes:
        group_by: ``tag``, ``router`` (router, blueprint or url module) or ``module``.
        code_samples: Whether endpoint pages show curl / Python / JavaScript samples.
        servers: Server base URLs for the OpenAPI document and code samples.
    """

    group_by: str = "router"
    code_samples: bool = True
    servers: tuple[str, ...] = ()


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
        fail_on: ``breaking``, ``warning`` or ``never``.
        base: Default base ref.
    """

    fail_on: str = "breaking"
    base: str = "origin/main"


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
        templates_dir: A directory of Jinja templates overriding ``site_template/`` ones.
        cache_dir: Where per-file facts are cached (outside the analysed tree).
        extra_paths: Directories of third-party source (a virtualenv, site-packages, vendored
            code) read, never imported, to resolve what the analysed code imports from them.
        max_file_bytes: Larger source files are skipped with a warning.
        parse_timeout: Seconds one file may take to parse before it is skipped.
        jobs: Worker processes for parsing (0: one per core).
        strict: Whether warnings make the run fail (exit 1).
        site: Site options.
        api: API section options.
        check: Quality gate options.
        diff: Diff options.
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
    templates_dir: Path | None = None
    cache_dir: Path | None = None
    extra_paths: tuple[Path, ...] = ()
    max_file_bytes: int = 2_000_000
    parse_timeout: float = 60.0
    jobs: int = 0
    strict: bool = False
    site: SiteOptions = field(default_factory=SiteOptions)
    api: ApiOptions = field(default_factory=ApiOptions)
    check: CheckOptions = field(default_factory=CheckOptions)
    diff: DiffOptions = field(default_factory=DiffOptions)


_TABLES: dict[str, type] = {"site": SiteOptions, "api": ApiOptions, "check": CheckOptions, "diff": DiffOptions}
_NOT_IN_FILE = frozenset({"root", "config_file", "strict"})
_PATH_KEYS = frozenset({"docs_dir", "site_dir", "mkdocs_config", "templates_dir", "cache_dir"})
_CHOICES: dict[str, tuple[str, ...]] = {
    "docstring_style": tuple(s.value for s in DocstringStyle),
    "api.group_by": ("tag", "router", "module"),
    "check.ruff": ("auto", "off"),
    "diff.fail_on": ("breaking", "warning", "never"),
}


def find_config_file(start: Path) -> Path | None:
    """The nearest ``docgen.toml``, or ``pyproject.toml`` with a ``[tool.docgen]`` table."""
    for folder in (start, *start.parents):
        candidate = folder / "docgen.toml"
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and "tool" in (data := _read_toml(pyproject)) and "docgen" in data["tool"]:
            return pyproject
    return None


def load_config(
    root: Path,
    *,
    config_file: Path | None = None,
    isolated: bool = False,
    overrides: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
) -> Config:
    """Resolve the settings for analysing ``root``.

    Args:
        root: The directory to analyse.
        config_file: An explicit configuration file (``-c``); otherwise one is searched for.
        isolated: Ignore configuration files and environment variables.
        overrides: Settings from the command line, by attribute name (``site_dir``,
            ``check.fail_under``); None values are ignored.
        environ: The environment (default ``os.environ``).

    Returns:
        The validated configuration.

    Raises:
        ConfigError: With every problem found.
    """
    root = root.resolve()
    problems: list[str] = []
    raw: dict[str, Any] = {}
    source_file: Path | None = None
    if not isolated:
        source_file = config_file.resolve() if config_file else find_config_file(root)
        if source_file is not None:
            raw = _file_settings(source_file, problems)
        raw |= _env_settings(os.environ if environ is None else environ, problems)
    base = source_file.parent if source_file else root
    for key, value in (overrides or {}).items():
        if value is not None:
            raw[key] = value
    config = _build(root, source_file, base, raw, problems)
    if problems:
        raise ConfigError(problems, source=str(source_file) if source_file else None)
    return config


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}


def _file_settings(path: Path, problems: list[str]) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        problems.append(f"cannot read {path.name}: {exc}")
        return {}
    table = data.get("tool", {}).get("docgen", {}) if path.name == "pyproject.toml" else data
    flat: dict[str, Any] = {}
    for key, value in table.items():
        name = key.replace("-", "_")
        if name in _TABLES and isinstance(value, dict):
            for sub, sub_value in value.items():
                flat[f"{name}.{sub.replace('-', '_')}"] = sub_value
        else:
            flat[name] = value
    return flat


def _env_settings(environ: Mapping[str, str], problems: list[str]) -> dict[str, Any]:
    settings: dict[str, Any] = {}
    for var, value in environ.items():
        if not var.startswith("DOCGEN_") or var in {"DOCGEN_CACHE_DIR_DISABLE"}:
            continue
        name = var.removeprefix("DOCGEN_").lower()
        if name in {"cache_dir", "site_url", "site_name", "repo_url", "docstring_style", "jobs"}:
            settings[name] = int(value) if name == "jobs" and value.isdigit() else value
        elif name == "strict":
            settings[name] = value.lower() in {"1", "true", "yes"}
        elif name == "extra_paths":
            settings[name] = [p for p in value.split(os.pathsep) if p]
    return settings


def _known_keys() -> list[str]:
    keys = [f.name for f in dataclasses.fields(Config) if f.name not in _NOT_IN_FILE | set(_TABLES)]
    for table, cls in _TABLES.items():
        keys += [f"{table}.{f.name}" for f in dataclasses.fields(cls)]
    return keys


def _build(root: Path, source_file: Path | None, base: Path, raw: dict[str, Any], problems: list[str]) -> Config:
    known = _known_keys()
    top: dict[str, Any] = {}
    tables: dict[str, dict[str, Any]] = {name: {} for name in _TABLES}
    for key, value in raw.items():
        if key not in known and key != "strict":
            close = difflib.get_close_matches(key, known, n=1)
            hint = f" (did you mean '{close[0].replace('_', '-')}'?)" if close else ""
            problems.append(f"unknown setting '{key.replace('_', '-')}'{hint}")
            continue
        checked = _check_value(key, value, problems)
        if checked is _INVALID:
            continue
        if key in _PATH_KEYS and checked is not None:
            checked = (base / Path(checked)).resolve()
        elif key == "extra_paths":
            checked = tuple((base / Path(p)).expanduser().resolve() for p in checked)
        table, _, sub = key.partition(".")
        if sub:
            tables[table][sub] = checked
        else:
            top[key] = checked
    if "exclude" in top:
        top["exclude"] = tuple(top["exclude"])
    built = {name: cls(**tables[name]) for name, cls in _TABLES.items()}
    return Config(root=root, config_file=source_file, **top, **built)


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


def _expected_type(key: str) -> str:
    table, _, sub = key.partition(".")
    cls = _TABLES[table] if sub else Config
    name = sub or table
    return str(next(f.type for f in dataclasses.fields(cls) if f.name == name))

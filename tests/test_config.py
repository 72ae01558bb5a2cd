"""Settings: ``extra-paths`` from the file (relative to it), the environment and the command line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from docgen.config import load_config
from docgen.config_health import HealthOptions
from docgen.errors import ConfigError


def test_extra_paths_in_a_file_are_relative_to_the_file(tmp_path: Path) -> None:
    (tmp_path / "app").mkdir()
    (tmp_path / "docgen.toml").write_text('extra-paths = [".venv", "/opt/vendor"]\n', encoding="utf-8")
    config = load_config(tmp_path / "app", environ={}, trust_repo_config=True)
    assert config.extra_paths == (tmp_path.resolve() / ".venv", Path("/opt/vendor"))


def test_extra_paths_from_the_environment_split_like_path(tmp_path: Path) -> None:
    config = load_config(tmp_path, environ={"DOCGEN_EXTRA_PATHS": f"/a{os.pathsep}/b{os.pathsep}"})
    assert config.extra_paths == (Path("/a"), Path("/b"))


def test_extra_paths_must_be_strings(tmp_path: Path) -> None:
    (tmp_path / "docgen.toml").write_text("extra-paths = [1]\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path, environ={})
    assert caught.value.problems == ["'extra-paths' must be a list of strings"]


def test_provenance_separates_the_repository_file_from_the_operator(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "src").mkdir()
    (tmp_path / "docgen.toml").write_text('site-name = "x"\nrepo-url = "https://r"\njobs = 2\n', encoding="utf-8")
    config = load_config(tmp_path / "src", environ={"DOCGEN_JOBS": "3"}, overrides={"site_name": "y"})
    assert (config.repo_root, config.trust_repo_config, config.repo_settings) == (
        tmp_path.resolve(),
        False,
        frozenset({"repo_url"}),
    )
    assert (config.site_name, config.jobs, config.untrusted("repo_url"), config.untrusted("jobs")) == (
        "y",
        3,
        True,
        False,
    )


def test_a_file_given_with_c_is_the_operators(tmp_path: Path) -> None:
    (tmp_path / "ops.toml").write_text('cache-dir = "/var/cache/docgen"\ndocs-dir = "/srv/docs"\n', encoding="utf-8")
    (tmp_path / "repo").mkdir()
    config = load_config(tmp_path / "repo", config_file=tmp_path / "ops.toml", environ={})
    assert (config.cache_dir, config.docs_dir, config.repo_settings) == (
        Path("/var/cache/docgen"),
        Path("/srv/docs"),
        frozenset(),
    )
    assert config.repo_root == (tmp_path / "repo").resolve()


def test_trust_comes_from_the_environment_but_never_from_the_file(tmp_path: Path) -> None:
    (tmp_path / "docgen.toml").write_text('cache-dir = "c"\ntrust-repo-config = true\n', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path, environ={})
    assert caught.value.problems == [
        "'cache-dir' is only read from the operator (a cache the repository chooses could hold a planted entry): "
        "set DOCGEN_CACHE_DIR, or pass --trust-repo-config to allow it",
        "unknown setting 'trust-repo-config'",
    ]
    (tmp_path / "docgen.toml").write_text('cache-dir = "c"\n', encoding="utf-8")
    config = load_config(tmp_path, environ={"DOCGEN_TRUST_REPO_CONFIG": "1"})
    assert (config.cache_dir, config.trust_repo_config, config.untrusted("cache_dir")) == (
        tmp_path.resolve() / "c",
        True,
        False,
    )


def test_repository_root_without_git_is_the_directory_of_the_file_found(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "docgen.toml").write_text('templates-dir = "../t"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path / "a" / "b", environ={})
    assert caught.value.problems == [
        "'templates-dir' = '../t' leads outside the repository root (an absolute path, '..' or a symlink), and a "
        "repository's configuration may only name paths inside it: pass --trust-repo-config to allow it"
    ]


def test_numeric_settings_are_checked_against_their_ranges_all_at_once(tmp_path: Path) -> None:
    (tmp_path / "docgen.toml").write_text(
        "parse-timeout = inf\njobs = 65\nmax-file-bytes = 100000001\n[check]\nfail-under = -0.5\n", encoding="utf-8"
    )
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path, environ={"DOCGEN_JOBS": "abc"})
    assert caught.value.problems == [
        "DOCGEN_JOBS must be an integer, not 'abc'",
        "'parse-timeout' must be more than 0 and at most 3600 seconds, not inf",
        "'jobs' must be at least 0 and at most 64 (0: one per core), not 65",
        "'max-file-bytes' must be at least 1 and at most 100000000 (100 MB), not 100000001",
        "'check.fail-under' must be at least 0 and at most 100 percent, not -0.5",
    ]


def test_numeric_limits_themselves_are_accepted(tmp_path: Path) -> None:
    (tmp_path / "docgen.toml").write_text(
        "parse-timeout = 3600\njobs = 64\nmax-file-bytes = 1\n[check]\nfail-under = 100\n", encoding="utf-8"
    )
    config = load_config(tmp_path, environ={"DOCGEN_JOBS": "0"})
    assert (config.parse_timeout, config.jobs, config.max_file_bytes, config.check.fail_under) == (3600.0, 0, 1, 100.0)


def test_history_releases_is_read_from_its_own_table_and_checked(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.docgen.history]\nreleases = 8\n", encoding="utf-8")
    assert (
        load_config(tmp_path, environ={}).history.releases,
        load_config(tmp_path, isolated=True).history.releases,
    ) == (
        8,
        5,
    )
    (tmp_path / "pyproject.toml").write_text("[tool.docgen.history]\nreleases = 1001\nrelease = 3\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path, environ={})
    assert caught.value.problems == [
        "'history.releases' must be at least 0 and at most 1000 (0: no endpoint history), not 1001",
        "unknown setting 'history.release' (did you mean 'history.releases'?)",
    ]


def test_health_churn_commits_is_read_from_its_own_table_and_checked(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.docgen.health]\nchurn-commits = 0\n", encoding="utf-8")
    assert (load_config(tmp_path, environ={}).health.churn_commits, load_config(tmp_path, isolated=True).health) == (
        0,
        HealthOptions(churn_commits=1000),
    )
    (tmp_path / "pyproject.toml").write_text("[tool.docgen.health]\nchurn-commits = -1\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path, environ={})
    assert caught.value.problems == [
        "'health.churn-commits' must be at least 0 and at most 1000000 (0: lines changed not counted), not -1"
    ]

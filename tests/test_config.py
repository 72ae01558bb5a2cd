"""Settings: ``extra-paths`` from the file (relative to it), the environment and the command line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from docgen.config import load_config
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

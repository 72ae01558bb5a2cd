"""The versions of a library a project declares, from its packaging files (never from an installed copy)."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen.api import release_ceiling
from docgen.enrich.requirements import ANY_MINOR, declared, highest_release, major_version


@pytest.mark.parametrize(
    ("specifiers", "major"),
    [
        (["<2,>=1.9.1"], 1),
        (["==1.10.*"], 1),
        (["^1.9"], 1),
        (["~=1.10"], 1),
        (["<1.10,>=1.8"], 1),
        ([">=2.0,<2.9"], 2),
        ([">=2"], None),
        ([">=1.8,<3"], None),
        (["<=1.10"], None),
        ([""], None),
        ([], None),
        (["!=2.11.0,<3.0.0,>=2.10.1"], 2),
    ],
)
def test_major_version(specifiers: list[str], major: int | None) -> None:
    assert major_version(specifiers) == major


@pytest.mark.parametrize(
    ("specifiers", "highest"),
    [
        (["==2.3.0"], (2, 3)),
        ([">=2.0,<2.4"], (2, 3)),
        (["<2.4.0"], (2, 3)),
        (["<2.4.1"], (2, 4)),
        (["<=2.3"], (2, 3)),
        (["~=2.3.0"], (2, 3)),
        (["~2.3"], (2, 3)),
        (["~=2.3"], (2, ANY_MINOR)),
        (["^2.3"], (2, ANY_MINOR)),
        (["==2.*"], (2, ANY_MINOR)),
        (["<2"], (1, ANY_MINOR)),
        (["!=2.11.0,<3.0.0,>=2.10.1"], (2, ANY_MINOR)),
        (["<2.9", "==2.5.1"], (2, 5)),
        ([">=2.12"], None),
        ([], None),
    ],
)
def test_highest_release(specifiers: list[str], highest: tuple[int, int] | None) -> None:
    assert highest_release(specifiers) == highest


def test_each_packaging_file_is_read(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "app"\ndependencies = ["fastapi>=0.100", "pydantic[email] <2,>=1.9"]\n'
        '[project.optional-dependencies]\ndev = ["Pydantic==1.10.13"]\n'
        '[tool.poetry.dependencies]\npydantic = "^1.9"\nfastapi = {version = ">=0.100"}\n',
        encoding="utf-8",
    )
    (tmp_path / "setup.cfg").write_text("[options]\ninstall_requires =\n    pydantic>=1.8\n", encoding="utf-8")
    (tmp_path / "requirements-dev.txt").write_text("-r base.txt\npydantic==1.10.2  # pinned\n", encoding="utf-8")
    meta = tmp_path / "app-1.0.dist-info"
    meta.mkdir()
    (meta / "METADATA").write_text(
        "Name: app\nRequires-Dist: pydantic (<2)\nRequires-Dist: pydantic-settings ; extra == 'x'\n", encoding="utf-8"
    )
    assert declared(tmp_path, "pydantic") == ["<2,>=1.9", "==1.10.13", "^1.9", ">=1.8", "==1.10.2", "<2"]
    assert declared(tmp_path, "fastapi") == [">=0.100", ">=0.100"]


def test_the_nearest_folder_with_packaging_files_of_the_two_above_is_read(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "a"\ndependencies = ["pydantic<2"]\n', encoding="utf-8")
    (tmp_path / "src" / "app").mkdir(parents=True)
    assert declared(tmp_path / "src" / "app", "pydantic") == ["<2"]
    (tmp_path / "src" / "requirements.txt").write_text("flask\n", encoding="utf-8")
    assert declared(tmp_path / "src" / "app", "pydantic") == []  # src has packaging files: the nearest wins


def test_a_broken_file_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[project\n", encoding="utf-8")
    (tmp_path / "requirements.txt").write_text("pydantic>=2\n", encoding="utf-8")
    assert declared(tmp_path, "pydantic") == [">=2"]


def test_the_project_records_the_highest_pydantic_release_its_pins_allow(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("fastapi==0.103.1\npydantic==2.3.0\n", encoding="utf-8")
    assert release_ceiling(tmp_path, "pydantic") == "2.3"
    (tmp_path / "requirements.txt").write_text("pydantic>=2.3,<3\n", encoding="utf-8")
    assert release_ceiling(tmp_path, "pydantic") is None

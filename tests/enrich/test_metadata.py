"""The project's name, version and description from its packaging files, read and never run."""

from __future__ import annotations

import textwrap
from pathlib import Path

from docgen.enrich.metadata import Metadata, project_metadata


def _write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


def test_pyproject_project_table(tmp_path: Path) -> None:
    root = _write(
        tmp_path,
        {
            "pyproject.toml": """
                [project]
                name = "bookshop"
                version = "1.4.0"
                description = "A small online bookshop API."
            """
        },
    )
    assert project_metadata(root) == Metadata("bookshop", "1.4.0", "A small online bookshop API.")


def test_a_dynamic_version_is_unknown_and_poetry_fills_what_project_lacks(tmp_path: Path) -> None:
    root = _write(
        tmp_path,
        {
            "pyproject.toml": """
                [project]
                name = "shop"
                dynamic = ["version"]
                version = "0.0.0"

                [tool.poetry]
                name = "other"
                description = "Poetry's summary"
            """
        },
    )
    assert project_metadata(root) == Metadata("shop", None, "Poetry's summary")


def test_setup_cfg_directives_are_not_followed(tmp_path: Path) -> None:
    root = _write(
        tmp_path,
        {
            "setup.cfg": """
                [metadata]
                name = legacy-shop
                version = attr: shop.__version__
                description = Orders and
                    invoices, %(name)s
            """
        },
    )
    assert project_metadata(root) == Metadata("legacy-shop", None, "Orders and invoices, %(name)s")


def test_setup_py_literals_are_read_without_running_it(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    root = _write(
        tmp_path / "project",
        {
            "setup.py": f"""
                import pathlib
                from setuptools import setup

                pathlib.Path({str(marker)!r}).write_text("executed")
                VERSION = "2.0"
                setup(name="old-shop", version=VERSION, description="Legacy " "shop")
            """
        },
    )
    assert project_metadata(root) == Metadata("old-shop", None, "Legacy shop")
    assert not marker.exists()


def test_the_first_file_that_gives_a_value_wins_and_a_parent_folder_counts(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "pyproject.toml": '[project]\nname = "api"\n',
            "setup.cfg": "[metadata]\nname = ignored\nversion = 3.1\n",
            "src/app/__init__.py": "",
        },
    )
    assert project_metadata(tmp_path / "src" / "app") == Metadata("api", "3.1", None)


def test_broken_or_missing_files_give_nothing(tmp_path: Path) -> None:
    _write(tmp_path / "a", {"pyproject.toml": "[project\nname = 'x'", "setup.py": "setup(name=", "x.py": ""})
    assert project_metadata(tmp_path / "a") == Metadata()
    assert project_metadata(tmp_path / "empty" / "deeper" / "still") == Metadata()

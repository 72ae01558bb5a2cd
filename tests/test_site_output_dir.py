"""The site stage's output-dir safety: which directories docgen may write a site to, and which it refuses."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen.errors import UnsafeOutputError
from docgen.site import MARKER, check_output_dir


@pytest.fixture
def project(tmp_path: Path) -> Path:
    source = tmp_path / "project"
    source.mkdir()
    return source


# --- check_output_dir ---------------------------------------------------------------------------


def test_output_equal_to_source_is_refused(project: Path) -> None:
    with pytest.raises(UnsafeOutputError, match=f"refusing to write the site to {project}: it overlaps the source"):
        check_output_dir(project, project)


def test_output_inside_source_is_accepted_while_missing_empty_or_docgens(project: Path) -> None:
    check_output_dir(project, project / "site")
    (project / "site").mkdir()
    check_output_dir(project, project / "site")
    (project / "site" / MARKER).write_text("", encoding="utf-8")
    (project / "site" / "index.html").write_text("old", encoding="utf-8")
    check_output_dir(project, project / "site")


def test_output_inside_source_holding_other_files_is_refused(project: Path) -> None:
    (project / "site").mkdir()
    (project / "site" / "app.py").write_text("x = 1\n", encoding="utf-8")
    with pytest.raises(UnsafeOutputError, match=f"refusing to replace {project / 'site'}: it is not empty"):
        check_output_dir(project, project / "site")


def test_output_containing_source_is_refused(project: Path) -> None:
    with pytest.raises(UnsafeOutputError, match="overlaps the source directory"):
        check_output_dir(project, project.parent)


def test_filesystem_root_is_refused(project: Path) -> None:
    with pytest.raises(UnsafeOutputError, match="refusing to write the site to /: it is the root or home directory"):
        check_output_dir(project, Path("/"))


def test_home_and_its_parents_are_refused(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home" / "user"
    home.mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    for target in (home, home.parent):
        with pytest.raises(UnsafeOutputError, match="root or home directory"):
            check_output_dir(project, target)


def test_symlink_into_the_source_is_resolved_and_refused(project: Path, tmp_path: Path) -> None:
    (project / "docs").mkdir()
    (project / "docs" / "guide.md").write_text("# Guide\n", encoding="utf-8")
    link = tmp_path / "out"
    link.symlink_to(project / "docs")
    with pytest.raises(UnsafeOutputError, match=f"refusing to replace {project / 'docs'}: it is not empty"):
        check_output_dir(project, link)


def test_foreign_non_empty_dir_is_refused(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "README.md").write_text("mine", encoding="utf-8")
    with pytest.raises(UnsafeOutputError, match=rf"not empty and was not created by docgen \(no {MARKER} file\)"):
        check_output_dir(project, out)


def test_marked_empty_and_missing_dirs_are_accepted(project: Path, tmp_path: Path) -> None:
    marked = tmp_path / "marked"
    marked.mkdir()
    (marked / MARKER).write_text("", encoding="utf-8")
    (marked / "index.html").write_text("old", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    for target in (marked, tmp_path / "empty", tmp_path / "missing" / "site"):
        check_output_dir(project, target)


def test_a_file_is_refused(project: Path, tmp_path: Path) -> None:
    (tmp_path / "out").write_text("x", encoding="utf-8")
    with pytest.raises(UnsafeOutputError, match="exists and is not a directory"):
        check_output_dir(project, tmp_path / "out")

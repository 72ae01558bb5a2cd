"""Discovery: file selection, module names, gitignore, excludes, symlinks and the size cap."""

from __future__ import annotations

from pathlib import Path

from docgen.config import load_config
from docgen.diagnostics import Reporter
from docgen.discover import discover
from docgen.testing import link_sources


def tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def run(root: Path, **overrides: object) -> tuple[list[tuple[str, str]], list[str]]:
    reporter = Reporter()
    files = discover(load_config(root, isolated=True, overrides=overrides), reporter)
    return [(f.path, f.module) for f in files], [str(d) for d in reporter.diagnostics]


def test_module_names_walk_up_packages_and_stop_at_a_django_project_root(tmp_path: Path) -> None:
    root = tree(
        tmp_path / "repo",
        {
            "pkg/__init__.py": "",
            "pkg/sub/__init__.py": "",
            "pkg/sub/mod.py": "",
            "site/__init__.py": "",
            "site/manage.py": 'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site.settings")\n',
            "site/projects/__init__.py": "",
            "site/projects/api.py": "",
            "site/jwt_auth/urls.py": "",
            "script.py": "",
        },
    )
    found, diagnostics = run(root)
    assert found == [
        ("pkg/__init__.py", "pkg"),
        ("pkg/sub/__init__.py", "pkg.sub"),
        ("pkg/sub/mod.py", "pkg.sub.mod"),
        ("script.py", "script"),
        ("site/__init__.py", "site"),
        ("site/jwt_auth/urls.py", "jwt_auth.urls"),
        ("site/manage.py", "manage"),
        ("site/projects/__init__.py", "projects"),
        ("site/projects/api.py", "projects.api"),
    ]
    assert diagnostics == []


def test_a_manage_py_of_another_framework_is_not_a_django_project_root(tmp_path: Path) -> None:
    root = tree(
        tmp_path / "repo",
        {
            "money/__init__.py": "",
            "money/manage.py": "from flask.cli import FlaskGroup\n",
            "money/api/__init__.py": "",
            "money/api/common.py": "",
        },
    )
    found, _ = run(root)
    assert found == [
        ("money/__init__.py", "money"),
        ("money/api/__init__.py", "money.api"),
        ("money/api/common.py", "money.api.common"),
        ("money/manage.py", "money.manage"),
    ]


def test_gitignore_default_excludes_and_size_cap(tmp_path: Path) -> None:
    root = tree(
        tmp_path / "repo",
        {
            ".gitignore": "generated/\n*_pb2.py\n",
            "app/.gitignore": "local.py\n",
            "app/main.py": "",
            "app/local.py": "",
            "app/api_pb2.py": "",
            "generated/x.py": "",
            ".venv/lib/site.py": "",
            "node_modules/m.py": "",
            "build/out.py": "",
            "big.py": "x = 1\n" * 100,
            "stub.py": "",
            "stub.pyi": "",
            "ext.so": "",
        },
    )
    found, diagnostics = run(root, max_file_bytes=100)
    assert [path for path, _ in found] == ["app/main.py", "stub.py"]
    assert diagnostics == [
        "ext.so: DG903 not analysed (compiled, Cython or notebook)",
        "big.py: DG903 skipped: 600 bytes is above max-file-bytes (100)",
    ]
    found, _ = run(root, respect_gitignore=False, extend_exclude=["big.py"])
    assert [path for path, _ in found] == ["app/api_pb2.py", "app/local.py", "app/main.py", "generated/x.py", "stub.py"]


def test_symlink_loops_and_escapes_are_not_followed(tmp_path: Path) -> None:
    outside = tree(tmp_path / "outside", {"secret.py": "KEY = 1\n"})
    root = tree(tmp_path / "repo", {"pkg/a.py": ""})
    (root / "pkg" / "loop").symlink_to(root / "pkg")
    (root / "pkg" / "leak.py").symlink_to(outside / "secret.py")
    (root / "dangling.py").symlink_to(root / "missing.py")
    found, diagnostics = run(root)
    assert [path for path, _ in found] == ["pkg/a.py"]
    assert diagnostics == [
        "dangling.py: DG905 broken symlink, skipped",
        "pkg/leak.py: DG905 symlink escapes source root, not followed",
        "pkg/loop: DG905 symlink loop, not followed",
    ]


def test_a_folder_of_installed_packages_is_read_as_libraries_under_their_own_names() -> None:
    linked, diagnostics = link_sources(
        {
            "app/__init__.py": "",
            "app/models.py": """
            from django.db import models
            from syncbase.models import SyncableModel

            class Note(SyncableModel):
                text = models.TextField()
        """,
            "app/dist/syncbase-1.0.dist-info/METADATA": "Name: syncbase\\n",
            "app/dist/syncbase/__init__.py": "",
            "app/dist/syncbase/models.py": """
            from django.db import models

            class SyncableModel(models.Model):
                dirty = models.BooleanField(default=True)

                class Meta:
                    abstract = True
        """,
        }
    )
    assert [(m.id, [f.name for f in m.fields]) for m in linked.models] == [
        ("app.models.Note", ["id", "dirty", "text"])
    ]  # as Django orders them
    assert sorted(m.name for m in linked.modules) == ["app", "app.models"]
    assert [(d.code, str(d.location)) for d in diagnostics if d.code == "DG941"] == [("DG941", "app/dist")]

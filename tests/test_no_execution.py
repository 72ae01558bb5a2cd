"""docgen never imports or runs the code it documents (RELIABILITY S08, SR-01).

Every place Python could be tricked into running a file writes a canary when it runs; after a
full build none may exist, and the analysed tree must be byte-identical (I1).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from docgen.cli import main

CANARY_CODE = 'open({path!r}, "w").write("ran")\n'


def manifest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.mark.slow
def test_build_runs_none_of_the_analysed_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    canaries = tmp_path / "canaries"
    canaries.mkdir()
    source = tmp_path / "src"
    files = {
        "pkg/__init__.py": "init",
        "pkg/api.py": "module_body",
        "pkg/__main__.py": "main",
        "conftest.py": "conftest",
        "setup.py": "setup",
        "sitecustomize.py": "sitecustomize",
        "manage.py": "manage",
    }
    for name, label in files.items():
        path = source / name
        path.parent.mkdir(parents=True, exist_ok=True)
        body = CANARY_CODE.format(path=str(canaries / label))
        path.write_text(
            f'"""Writes a canary if run."""\nimport socket\nsocket.create_connection(("127.0.0.1", 9))\n{body}'
        )
    (source / "pkg" / "evil.pth").write_text(f"import os; {CANARY_CODE.format(path=str(canaries / 'pth'))}")
    (source / "pkg" / "api.py").write_text(
        (source / "pkg" / "api.py").read_text()
        + "from fastapi import FastAPI\napp = FastAPI()\n@app.get('/ran')\ndef ran():\n    return 1\n"
    )
    before = manifest(source)
    monkeypatch.setenv("DOCGEN_CACHE_DIR", str(tmp_path / "cache"))
    assert main(["build", str(source), "-o", str(tmp_path / "site")]) == 0
    assert main(["extract", str(source), "-o", str(tmp_path / "catalog.json")]) == 0
    assert sorted(p.name for p in canaries.iterdir()) == []
    assert manifest(source) == before
    assert not any(p.name in {"__pycache__", ".ruff_cache"} for p in source.rglob("*"))
    assert '"/ran"' in (tmp_path / "catalog.json").read_text()

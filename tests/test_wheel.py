"""The wheel carries everything docgen needs at run time (site_template/ above all)."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_installs_and_builds_the_example_outside_the_checkout(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(REPO)],
        check=True,
        capture_output=True,
        cwd=tmp_path,
    )
    (wheel,) = dist.glob("docgen_backend-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "docgen/site_template/templates/api_group.md.j2" in names
    assert "docgen/site_template/assets/javascripts/mermaid.min.js" in names
    assert "docgen/py.typed" in names
    assert not any(n.startswith(("tests/", "examples/")) for n in names)

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    target = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    with zipfile.ZipFile(wheel) as archive:  # what `pip install --no-deps` does for a pure wheel
        archive.extractall(target)
    # The dependencies come from this test environment; docgen itself only from the wheel.
    env = {**os.environ, "PYTHONPATH": sysconfig.get_paths()["purelib"], "DOCGEN_CACHE_DIR": str(tmp_path / "cache")}
    site = tmp_path / "site"
    run = subprocess.run(
        [
            str(python),
            "-c",
            "import sys, docgen, docgen.cli; print(docgen.__file__); sys.exit(docgen.cli.main(sys.argv[1:]))",
            "build",
            str(REPO / "examples" / "bookshop"),
            "-o",
            str(site),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[0].startswith(target)
    assert (site / "index.html").is_file()
    assert (site / "assets" / "javascripts" / "mermaid.min.js").is_file()

"""Running ``docgen extract`` as a user would, with an extractor plug-in installed through its entry point."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parents[2]  # this checkout's docgen, as the tests import it

Extract = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def extract_with_plugin(tmp_path: Path) -> Callable[[str, str], Extract]:
    """``install(module source, "name = module:Class")`` → ``run(root, *args)`` running ``docgen extract``.

    The plug-in is a distribution (module plus ``*.dist-info`` with a ``docgen.extractors`` entry
    point) on ``PYTHONPATH`` outside the analysed tree; docgen runs from a directory that is not a
    parent of it (one would make it untrusted), with a fresh cache.
    """
    site, elsewhere = tmp_path / "site-packages", tmp_path / "work"
    site.mkdir()
    elsewhere.mkdir()

    def install(source: str, entry: str) -> Extract:
        module = entry.partition("=")[2].strip().partition(":")[0]
        (site / f"{module}.py").write_text(source, encoding="utf-8")
        info = site / f"{module}-1.0.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {module}\nVersion: 1.0\n", encoding="utf-8")
        (info / "entry_points.txt").write_text(f"[docgen.extractors]\n{entry}\n", encoding="utf-8")
        env = {**os.environ, "PYTHONPATH": f"{site}{os.pathsep}{HERE}", "DOCGEN_CACHE_DIR": str(tmp_path / "cache")}

        def run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
            return subprocess.run(
                [sys.executable, "-m", "docgen", "extract", str(root), *args],
                capture_output=True,
                text=True,
                env=env,
                cwd=elsewhere,
                timeout=300,
                check=False,
            )

        return run

    return install

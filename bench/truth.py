"""Take runtime truth for the cross-check corpus: each app in its own virtualenv, never docgen's.

For every app of ``bench/corpus/apps.json`` this script makes a virtualenv (``VENVS/<app>``),
installs ``package==version`` from the package index with its dependencies (plus the spec's
``pip_extra``), runs ``bench/truth_probe.py`` with that virtualenv's interpreter, and writes
``bench/corpus/truth/<app>.json`` in the devset's truth format, with the installed versions of the
app's framework packages. ``bench/corpus/MANIFEST.json`` is then written from the truth files, so
``bench/crosscheck.py --devset bench/corpus`` compares docgen with them.

docgen never imports these apps: the probe runs in the app's virtualenv, in a subprocess, with
dummy settings and no database or network connection.

Usage: ``python bench/truth.py [--apps a,b] [--venvs DIR]``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
CORPUS = BENCH / "corpus"
PROBE = BENCH / "truth_probe.py"


def venv_python(venvs: Path, app: dict[str, Any]) -> Path:
    """The app's own interpreter, its virtualenv made and the app installed when missing."""
    folder = venvs / app["name"]
    python = folder / "bin" / "python"
    marker = folder / f".installed-{app['version']}"
    if not marker.exists():
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(folder)], check=True)
        wanted = [f"{app['package']}=={app['version']}", *app.get("pip_extra", [])]
        subprocess.run([str(python), "-m", "pip", "install", "-q", *wanted], check=True)
        marker.write_text("", encoding="utf-8")
    return python


def versions(python: Path, names: list[str]) -> dict[str, str]:
    """Installed versions of ``names`` in the app's virtualenv."""
    listed = subprocess.run(
        [str(python), "-m", "pip", "list", "--format", "json"], capture_output=True, text=True, check=True
    )
    have = {p["name"].lower(): p["version"] for p in json.loads(listed.stdout)}
    return {n: have[n.lower()] for n in names if n.lower() in have}


def take(app: dict[str, Any], venvs: Path) -> dict[str, Any]:
    """Install, probe and return the app's truth document."""
    python = venv_python(venvs, app)
    start = time.perf_counter()
    done = subprocess.run(
        [str(python), "-I", str(PROBE), json.dumps(app["probe"])],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        cwd=venvs,
        stdin=subprocess.DEVNULL,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{app['name']}: probe failed:\n{done.stderr[-3000:]}")
    truth = json.loads(done.stdout)
    probe = app["probe"]
    entry = probe.get("app") or probe.get("handlers") or probe.get("env", {}).get("DJANGO_SETTINGS_MODULE", "")
    truth.update(
        package=app["package"],
        version=app["version"],
        framework=app["framework"],
        source_root=app["source_root"],
        app_entry=f"{probe['kind']} probe of {entry} ({time.perf_counter() - start:.1f} s)",
        framework_versions=versions(python, app.get("framework_packages", [])),
    )
    if app.get("docgen_app"):  # several apps in the code: the one probed, as docgen labels it
        truth["docgen_app"] = app["docgen_app"]
    return truth


def write_manifest(apps: list[dict[str, Any]]) -> None:
    """MANIFEST.json (the devset's format) for every app whose truth file exists."""
    entries = []
    for app in apps:
        path = CORPUS / "truth" / f"{app['name']}.json"
        if not path.is_file():
            continue
        truth = json.loads(path.read_text(encoding="utf-8"))
        entries.append(
            {
                "name": app["name"],
                "package": app["package"],
                "version": app["version"],
                "framework": app["framework"],
                "source_root": app["source_root"],
                "truth_file": f"truth/{app['name']}.json",
                "route_count": len(truth["routes"]),
                "internal_route_count": sum(1 for r in truth["routes"] if r["internal"]),
                "model_count": len(truth["models"]),
                "notes": app.get("notes", ""),
            }
        )
    (CORPUS / "MANIFEST.json").write_text(json.dumps(entries, indent=1) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Take the truth of the chosen apps, then rewrite the manifest."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--apps", default="", help="comma-separated app names (default: every app)")
    parser.add_argument("--venvs", type=Path, default=BENCH / "out" / "venvs", help="where the virtualenvs go")
    args = parser.parse_args(argv)
    apps = json.loads((CORPUS / "apps.json").read_text(encoding="utf-8"))
    chosen = [a for a in apps if not args.apps or a["name"] in args.apps.split(",")]
    args.venvs.mkdir(parents=True, exist_ok=True)
    failed = 0
    for app in chosen:
        try:
            truth = take(app, args.venvs.resolve())
        except (RuntimeError, subprocess.SubprocessError) as exc:
            print(exc, file=sys.stderr)
            failed += 1
            continue
        out = CORPUS / "truth" / f"{app['name']}.json"
        out.write_text(json.dumps(truth, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        internal = sum(1 for r in truth["routes"] if r["internal"])
        print(f"{app['name']}: {len(truth['routes'])} routes ({internal} internal), {len(truth['models'])} models")
    write_manifest(apps)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

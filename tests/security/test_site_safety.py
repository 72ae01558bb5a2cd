"""Publishing safety: user files survive a rebuild, stale staging is cleaned, unwritable outputs fail first.

Also what copying a hand-written docs dir may not publish (credential files, tokens in pages), and
untrusted docstring text that must show as it is (Trojan-Source characters, ``:::`` lines).
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import string
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from docgen.cli import main
from docgen.publish import MARKER, OWNER_FILE, STAGING_PREFIX

APP = '''\
    """Shop API."""
    from fastapi import FastAPI

    app = FastAPI()


    @app.get("/items")
    def list_items(q: str = "") -> list[str]:
        """List items.

        ::: os
        More text after the directive.
        :: and a line with two colons.

        Args:
            q: The search text.
        """
        return []
    '''


def _repo(tmp_path: Path, files: dict[str, str] | None = None) -> Path:
    root = tmp_path / "repo"
    for rel, text in {"shop/__init__.py": "", "shop/api.py": APP, **(files or {})}.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def _build(root: Path, out: Path, *extra: str) -> int:
    return main(["--no-progress", "build", str(root), "-o", str(out), *extra])


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# --- rebuilding a marked output --------------------------------------------------------------


def test_user_files_survive_a_rebuild_while_docgen_pages_are_replaced(tmp_path: Path) -> None:
    root = _repo(tmp_path, {"shop/extra.py": '"""Extra module."""\n\n\ndef helper() -> None:\n    """Help."""\n'})
    site = tmp_path / "site"
    assert _build(root, site) == 0
    assert (site / "reference" / "shop.extra" / "index.html").is_file()
    (site / "CNAME").write_text("docs.example.com\n", encoding="utf-8")
    (site / ".nojekyll").write_text("", encoding="utf-8")
    (site / ".git").mkdir()
    (site / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n", encoding="utf-8")
    (site / "notes" / "deep").mkdir(parents=True)
    (site / "notes" / "deep" / "todo.txt").write_text("mine\n", encoding="utf-8")
    (site / "api" / "mine.html").write_text("<p>mine</p>\n", encoding="utf-8")
    (site / "index.html").write_text("tampered", encoding="utf-8")

    (root / "shop" / "extra.py").unlink()
    assert _build(root, site) == 0

    assert (site / "CNAME").read_text(encoding="utf-8") == "docs.example.com\n"
    assert (site / ".nojekyll").read_text(encoding="utf-8") == ""
    assert (site / ".git" / "HEAD").read_text(encoding="utf-8") == "ref: refs/heads/gh-pages\n"
    assert (site / "notes" / "deep" / "todo.txt").read_text(encoding="utf-8") == "mine\n"
    assert (site / "api" / "mine.html").read_text(encoding="utf-8") == "<p>mine</p>\n"
    assert not (site / "reference" / "shop.extra").exists()  # docgen's old page is gone
    assert (site / "index.html").read_text(encoding="utf-8") != "tampered"  # docgen's page is rewritten
    manifest = set(json.loads((site / MARKER).read_text(encoding="utf-8").split("\n", 1)[1])["files"])
    assert {"CNAME", ".nojekyll", ".git/HEAD", "notes/deep/todo.txt", "api/mine.html"}.isdisjoint(manifest)
    assert "index.html" in manifest and "openapi.json" in manifest
    assert sorted(p.name for p in tmp_path.iterdir()) == ["repo", "site"]

    assert _build(root, site) == 0  # and again: what was carried over stays the user's
    assert (site / "CNAME").read_text(encoding="utf-8") == "docs.example.com\n"
    assert (site / "notes" / "deep" / "todo.txt").read_text(encoding="utf-8") == "mine\n"


# --- staging directories of killed runs ------------------------------------------------------


def _dead_staging(parent: Path) -> Path:
    """A staging directory made by docgen in a process that has exited since."""
    code = (
        "import sys; from pathlib import Path; from docgen.publish import make_staging; "
        "print(make_staging(Path(sys.argv[1])))"
    )
    done = subprocess.run([sys.executable, "-c", code, str(parent)], capture_output=True, text=True, check=True)
    return Path(done.stdout.strip())


def test_stale_staging_of_dead_runs_is_removed_and_nothing_else(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    parent = tmp_path / "out"
    parent.mkdir()
    dead = [_dead_staging(parent), _dead_staging(parent)]
    (dead[0] / "html").mkdir()
    (dead[0] / "html" / "index.html").write_text("half a site", encoding="utf-8")
    live = parent / f"{STAGING_PREFIX}{os.getpid()}-live"
    live.mkdir()
    (live / OWNER_FILE).write_text(json.dumps({"pid": os.getpid(), "host": socket.gethostname()}), encoding="utf-8")
    elsewhere = parent / f"{STAGING_PREFIX}{dead[1].name.split('-')[3]}-otherhost"
    elsewhere.mkdir()
    owner = json.loads((dead[1] / OWNER_FILE).read_text(encoding="utf-8"))
    (elsewhere / OWNER_FILE).write_text(json.dumps({**owner, "host": "another-host"}), encoding="utf-8")
    unowned = parent / f"{STAGING_PREFIX}abc123"
    unowned.mkdir()
    (unowned / "keep.txt").write_text("not docgen's record", encoding="utf-8")
    mine = parent / "my-notes"
    mine.mkdir()

    assert all(d.name.startswith(STAGING_PREFIX) and d.is_dir() for d in dead)
    assert _build(root, parent / "site") == 0

    assert sorted(p.name for p in parent.iterdir()) == sorted(
        [live.name, elsewhere.name, unowned.name, "my-notes", "site"]
    )
    assert (unowned / "keep.txt").read_text(encoding="utf-8") == "not docgen's record"


# --- an output that cannot be written fails before the analysis -------------------------------


@pytest.fixture
def analysis_calls(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    calls: list[object] = []

    def record(*args: object, **kwargs: object) -> None:
        calls.append(args)
        raise AssertionError("the analysis ran")

    monkeypatch.setattr("docgen.api.analyse", record)
    return calls


def test_output_under_a_file_is_exit_2_before_analysis(
    tmp_path: Path, analysis_calls: list[object], capsys: pytest.CaptureFixture[str]
) -> None:
    root = _repo(tmp_path)
    (tmp_path / "plain-file").write_text("x", encoding="utf-8")
    target = tmp_path / "plain-file" / "sub" / "site"
    assert _build(root, target) == 2
    assert analysis_calls == []
    assert capsys.readouterr().err == (
        f"docgen: error: cannot write the site to {target}: {tmp_path / 'plain-file'} is not a directory\n"
    )


def test_output_where_writes_fail_is_exit_2_before_analysis(
    tmp_path: Path, analysis_calls: list[object], capsys: pytest.CaptureFixture[str]
) -> None:
    root = _repo(tmp_path)
    target = Path("/proc") / f"docgen-site-{secrets.token_hex(4)}"
    assert _build(root, target) == 2
    assert analysis_calls == []
    assert capsys.readouterr().err == (
        f"docgen: error: cannot write the site to {target}: /proc is not writable "
        "(No such file or directory); nothing was analysed\n"
    )
    assert not target.exists()


def test_read_only_output_parent_is_exit_2_before_analysis(
    tmp_path: Path, analysis_calls: list[object], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path)
    parent = tmp_path / "readonly"
    parent.mkdir()
    real_mkstemp = __import__("tempfile").mkstemp

    def mkstemp(*args: object, dir: object = None, **kwargs: object) -> tuple[int, str]:
        if Path(str(dir)) == parent:  # what chmod 0o555 does for a non-root user
            raise PermissionError(13, "Permission denied", str(parent))
        return real_mkstemp(*args, dir=dir, **kwargs)  # type: ignore[no-any-return]

    monkeypatch.setattr("docgen.publish.tempfile.mkstemp", mkstemp)
    assert _build(root, parent / "new" / "site") == 2
    assert analysis_calls == []
    assert capsys.readouterr().err == (
        f"docgen: error: cannot write the site to {parent / 'new' / 'site'}: {parent} is not writable "
        "(Permission denied); nothing was analysed\n"
    )
    assert list(parent.iterdir()) == []


# --- copying a hand-written docs dir ---------------------------------------------------------

CREDENTIALS = (
    "ssh_host_rsa_key",
    "ssh_host_ed25519_key",
    "kubeconfig",
    "prod.kubeconfig",
    ".kube/config",
    "ci/.docker/config.json",
    "secrets.ini",
    "api.secret",
    "secrets.yml",
    "secrets.yaml",
    "secrets.json",
    "secrets.toml",
    ".aws/credentials",
    "service-account-prod.json",
    "release.keystore",
    "signing.jks",
    "etc/shadow",
    "etc/passwd",
    "config/master.key",
    ".pgpass",
    "Secrets.YML",
)


def test_credential_files_in_docs_dir_are_never_copied(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    token = "".join(secrets.choice(string.ascii_letters) for _ in range(40))
    files = {f"docs/{rel}": f"{token}\n" for rel in CREDENTIALS}
    files["docs/guide.md"] = "# Guide\n\nHello.\n"
    files["pyproject.toml"] = '[tool.docgen]\ndocs-dir = "docs"\n'
    root = _repo(tmp_path, files)
    out = tmp_path / "docs-out"
    assert _build(root, out, "--docs-only", str(out)) == 0
    published = _files(out)
    assert "docs/guide.md" in published
    assert [rel for rel, data in published.items() if token.encode() in data] == []
    err = capsys.readouterr().err
    skipped = {line.split("docs-dir/")[1].split(" not copied")[0] for line in err.splitlines() if "credential" in line}
    assert skipped == set(CREDENTIALS)


def test_tokens_in_hand_written_pages_are_masked_with_dg401_at_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    core = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(36))
    page = f"# Deploy\n\nRun it.\n\n    export GITHUB_TOKEN=ghp_{core}\n"
    root = _repo(tmp_path, {"docs/deploy.md": page, "pyproject.toml": '[tool.docgen]\ndocs-dir = "docs"\n'})
    site = tmp_path / "site"
    assert _build(root, site) == 0
    assert [rel for rel, data in _files(site).items() if core.encode() in data] == []
    assert "export GITHUB_TOKEN=***" in (site / "deploy" / "index.html").read_text(encoding="utf-8")
    err = capsys.readouterr().err.splitlines()
    assert [line for line in err if "DG401" in line] == [
        "docgen: warning: docs/deploy.md:5: DG401 possible secret (a known token format) redacted"
    ]


# --- untrusted docstring text shown as it is -------------------------------------------------


def test_bidi_and_zero_width_characters_are_visible_and_flagged_once_per_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    module = (
        '"""Access checks."""\n\n\n'
        "def is_admin(user: str) -> bool:\n"
        '    """Return whether \u202euser\u2066 is admin.\n\n    Ze\u200bro width.\n    """\n\n\n'
        'def other() -> None:\n    """Also \u2067here\u2069."""\n'
    )
    root = _repo(tmp_path, {"shop/access.py": module})
    site = tmp_path / "site"
    assert _build(root, site) == 0
    page = (site / "reference" / "shop.access" / "index.html").read_text(encoding="utf-8")
    assert "Return whether &lt;U+202E&gt;user&lt;U+2066&gt; is admin." in page
    assert "Ze&lt;U+200B&gt;ro width." in page
    assert "Also &lt;U+2067&gt;here&lt;U+2069&gt;." in page
    invisible = [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200B, 0x200C, 0x200D, 0x2060)]
    raw = [
        rel
        for rel, data in _files(site).items()
        if rel.endswith((".html", ".md")) and any(c.encode() in data for c in invisible)
    ]
    assert raw == []
    err = capsys.readouterr().err.splitlines()
    assert [line.split(": DG403")[0] for line in err if "DG403" in line] == ["docgen: warning: shop/access.py:4"]


def test_a_directive_line_keeps_the_whole_description_on_the_endpoint_page(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    out = tmp_path / "md"
    assert _build(root, out, "--docs-only", str(out)) == 0
    text = (out / "docs" / "api" / "shop.api-app.md").read_text(encoding="utf-8")
    assert "<p>&#58;&#58;&#58; os\nMore text after the directive.\n:: and a line with two colons.</p>" in text
    assert "The search text." in text
    assert not [line for line in text.splitlines() if line.lstrip().startswith(":::")]

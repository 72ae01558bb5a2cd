"""A repository's own configuration cannot run code, read the runner's secrets or write outside the output.

Each test plants an attack in a git repository under tmp_path, runs ``docgen`` through
``main(argv)`` and checks the exit code, the message, that no canary was written, that the
secret planted in the environment appears nowhere and that nothing was written outside the output.
"""

from __future__ import annotations

import secrets
import subprocess
from pathlib import Path

import pytest

from docgen.cli import main

TRUST = "--trust-repo-config"
OUTSIDE = (
    "leads outside the repository root (an absolute path, '..' or a symlink), and a repository's "
    "configuration may only name paths inside it"
)


@pytest.fixture
def secret(monkeypatch: pytest.MonkeyPatch) -> str:
    """A random token in the environment, as a CI secret would be."""
    token = f"tok-{secrets.token_hex(16)}"
    monkeypatch.setenv("SECRET_TOKEN", token)
    return token


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository with one documented module under ``src/``; the operator's cache is outside it."""
    root = tmp_path / "repo"
    (root / "src").mkdir(parents=True)
    (root / "src" / "app.py").write_text('"""The app."""\n\n\ndef ping() -> str:\n    """Pong."""\n', "utf-8")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    monkeypatch.setenv("DOCGEN_CACHE_DIR", str(tmp_path / "operator-cache"))
    monkeypatch.delenv("DOCGEN_TRUST_REPO_CONFIG", raising=False)
    monkeypatch.chdir(root)
    return root


def _settings(repo: Path, text: str) -> None:
    (repo / "pyproject.toml").write_text(f"[tool.docgen]\n{text}\n", encoding="utf-8")


def _mkdocs(repo: Path, text: str) -> None:
    (repo / "mkdocs.yml").write_text(text, encoding="utf-8")
    _settings(repo, 'mkdocs-config = "mkdocs.yml"')


def _tree(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*")}


def _refused(repo: Path, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    """Run a build that must be refused before anything is written; return the error line."""
    before = _tree(repo.parent)
    assert main([*args, "build", "src", "-o", str(repo.parent / "site")]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert _tree(repo.parent) == before
    assert err.startswith(f"docgen: error: {repo / 'pyproject.toml'}: ")
    assert err.count("\n") == 1
    return err.removeprefix(f"docgen: error: {repo / 'pyproject.toml'}: ").rstrip("\n")


def _contains(root: Path, needle: str) -> list[str]:
    return sorted(p.name for p in root.rglob("*") if p.is_file() and needle.encode() in p.read_bytes())


def test_mkdocs_hooks_from_the_repository_are_refused(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    canary = repo.parent / "canary"
    (repo / "evil_hook.py").write_text(f"open({str(canary)!r}, 'w').write('ran')\n", encoding="utf-8")
    _mkdocs(repo, "site_name: x\nhooks: [evil_hook.py]\n")
    assert _refused(repo, capsys) == (
        "mkdocs.yml: 'hooks' is refused from a repository's configuration (MkDocs hooks are Python files it "
        f"runs): pass {TRUST} to allow it"
    )
    assert not canary.exists()


def test_env_tag_in_the_repository_mkdocs_yml_never_reads_the_environment(
    repo: Path, secret: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _mkdocs(repo, "site_name: x\ncopyright: !ENV [SECRET_TOKEN, x]\nextra:\n  k: !ENV SECRET_TOKEN\n")
    message = _refused(repo, capsys)
    assert message.split("; ") == [
        f"mkdocs.yml:{line}: '!ENV' would put the runner's environment into the site, and a repository's "
        f"mkdocs.yml may not read it: pass {TRUST} to allow it"
        for line in (2, 4)
    ]
    assert secret not in message


def test_unrestricted_snippets_cannot_publish_the_environment(
    repo: Path, secret: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "docs").mkdir()
    (repo / "docs" / "leak.md").write_text('# Leak\n\n--8<-- "/proc/self/environ"\n', encoding="utf-8")
    (repo / "mkdocs.yml").write_text(
        "markdown_extensions:\n  - pymdownx.snippets:\n      base_path: ['/']\n      restrict_base_path: false\n",
        encoding="utf-8",
    )
    _settings(repo, 'mkdocs-config = "mkdocs.yml"\ndocs-dir = "docs"')
    assert _refused(repo, capsys) == (
        f"mkdocs.yml: markdown extension 'pymdownx.snippets' is refused (it reads files from anywhere): "
        f"pass {TRUST} to allow it"
    )
    assert not (repo.parent / "site").exists()


def test_a_markdown_extension_named_after_a_repository_module_is_never_imported(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    canary = repo.parent / "canary"
    (repo / "evil_ext.py").write_text(f"open({str(canary)!r}, 'w').write('ran')\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(repo))  # as when docgen runs with the repository as working directory
    _mkdocs(repo, "markdown_extensions: [toc, {evil_ext: {}}]\nplugins: [search, macros]\n")
    assert _refused(repo, capsys).split("; ") == [
        f"mkdocs.yml: plugin 'macros' is not one a repository may enable (offline, search, tags): pass {TRUST} "
        "to allow it",
        "mkdocs.yml: markdown extension 'evil_ext' is refused (an extension name is a module docgen would "
        f"import): pass {TRUST} to allow it",
    ]
    assert not canary.exists()


def test_extra_javascript_from_outside_the_pages_is_refused(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _mkdocs(repo, "extra_javascript: [js/ok.js, 'https://evil.test/x.js', {path: ../x.js}]\nINHERIT: base.yml\n")
    assert _refused(repo, capsys).split("; ") == [
        f"mkdocs.yml: 'INHERIT' is refused from a repository's configuration (it would read another "
        f"configuration file): pass {TRUST} to allow it",
        "mkdocs.yml: extra_javascript entry 'https://evil.test/x.js' is not a relative path inside the site's "
        f"pages (no URL, absolute path or '..'): pass {TRUST} to allow it",
        "mkdocs.yml: extra_javascript entry '../x.js' is not a relative path inside the site's "
        f"pages (no URL, absolute path or '..'): pass {TRUST} to allow it",
    ]


@pytest.mark.parametrize("docs_dir", ["/etc", "../outside", "link"])
def test_docs_dir_outside_the_repository_is_refused(
    repo: Path, capsys: pytest.CaptureFixture[str], docs_dir: str
) -> None:
    (repo.parent / "outside").mkdir()
    (repo.parent / "outside" / "passwd.md").write_text("root:x:0:0\n", encoding="utf-8")
    (repo / "link").symlink_to(repo.parent / "outside")
    _settings(repo, f"docs-dir = {docs_dir!r}")
    assert _refused(repo, capsys) == f"'docs-dir' = {docs_dir!r} {OUTSIDE}: pass {TRUST} to allow it"


def test_site_dir_outside_the_repository_is_refused(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "docs").mkdir()
    (repo / "docs" / "config").write_text("[core]\n\tfsmonitor = touch canary\n", encoding="utf-8")
    _settings(repo, 'site-dir = "../victim/.config/git"\ndocs-dir = "docs"')
    before = _tree(repo.parent)
    assert main(["build", "src"]) == 2
    err = capsys.readouterr().err
    assert err == (
        f"docgen: error: {repo / 'pyproject.toml'}: 'site-dir' = '../victim/.config/git' {OUTSIDE}: choose the "
        f"output with --site-dir, or pass {TRUST} to allow it\n"
    )
    assert _tree(repo.parent) == before
    assert not (repo.parent / "victim").exists()


def test_cache_dir_only_comes_from_the_operator(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DOCGEN_CACHE_DIR")
    _settings(repo, 'cache-dir = "cache"')
    assert _refused(repo, capsys) == (
        "'cache-dir' is only read from the operator (a cache the repository chooses could hold a planted entry): "
        f"set DOCGEN_CACHE_DIR, or pass {TRUST} to allow it"
    )


def test_trust_repo_config_accepts_the_repository_settings(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DOCGEN_CACHE_DIR")
    _settings(repo, 'cache-dir = "cache"\nextra-paths = ["/opt/vendor"]')
    assert main([TRUST, "config", "src", "--format", "json"]) == 0
    shown = capsys.readouterr().out
    assert f'"cache_dir": "{repo / "cache"}"' in shown
    assert '"extra_paths": [\n    "/opt/vendor"\n  ]' in shown
    monkeypatch.setenv("DOCGEN_TRUST_REPO_CONFIG", "1")
    assert main(["config", "src"]) == 0
    assert "trust-repo-config = true\n" in capsys.readouterr().out
    monkeypatch.setenv("DOCGEN_TRUST_REPO_CONFIG", "0")
    assert main(["config", "src"]) == 2


def test_trusted_env_tag_is_read_as_in_mkdocs(
    repo: Path, secret: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _mkdocs(repo, "site_name: x\ncopyright: !ENV [SECRET_TOKEN, x]\n")
    out = tmp_path / "md"
    assert main([TRUST, "build", "src", "--docs-only", str(out)]) == 0
    capsys.readouterr()
    assert _contains(out, secret) == ["mkdocs.yml"]


_EVIL_INDEX = (
    '<meta http-equiv="refresh" content="0;url=https://evil.test/">\n\n'
    "<script>alert(1)</script>\n\n"
    '# {{ project.name }}\n\n<a href="javascript:alert(2)" onclick="alert(3)">home</a>\n'
)


def _evil_templates(repo: Path) -> None:
    (repo / "templates").mkdir()
    (repo / "templates" / "index.md.j2").write_text(_EVIL_INDEX, encoding="utf-8")
    _settings(repo, 'templates-dir = "templates"')


def test_repository_templates_pass_the_sanitiser(
    repo: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _evil_templates(repo)
    source = {p: p.read_bytes() for p in repo.rglob("*") if p.is_file() and ".git" not in p.parts}
    site = tmp_path / "site"
    assert main(["build", "src", "-o", str(site)]) == 0
    capsys.readouterr()
    for needle in ("evil.test", "alert(1)", "alert(2)", "alert(3)", 'http-equiv="refresh"'):
        assert _contains(site, needle) == [], needle
    index = (site / "index.html").read_text(encoding="utf-8")
    assert '<a rel="noopener noreferrer nofollow">home</a>' in index
    assert {p.partition("/")[0] for p in _tree(tmp_path)} == {"repo", "site", "operator-cache"}
    assert {p: p.read_bytes() for p in repo.rglob("*") if p.is_file() and ".git" not in p.parts} == source


def test_repository_template_markdown_is_sanitised_and_trusted_templates_are_not(
    repo: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _evil_templates(repo)
    assert main(["build", "src", "--docs-only", str(tmp_path / "md")]) == 0
    assert (tmp_path / "md" / "docs" / "index.md").read_text(encoding="utf-8") == (
        '\n\n\n\n# src\n\n<a rel="noopener noreferrer nofollow">home</a>\n'
    )
    assert main([TRUST, "build", "src", "--docs-only", str(tmp_path / "trusted")]) == 0
    capsys.readouterr()
    assert (tmp_path / "trusted" / "docs" / "index.md").read_text(encoding="utf-8") == _EVIL_INDEX.replace(
        "{{ project.name }}", "src"
    )


def test_a_repository_template_symlinked_outside_its_directory_is_refused(
    repo: Path, secret: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (repo / "templates").mkdir()
    (tmp_path / "secret.txt").write_text(secret, encoding="utf-8")
    (repo / "templates" / "index.md.j2").symlink_to(tmp_path / "secret.txt")
    _settings(repo, 'templates-dir = "templates"')
    assert main(["build", "src", "--docs-only", str(tmp_path / "md")]) == 2
    err = capsys.readouterr().err
    assert err.endswith(
        "template index.md.j2 of the repository's templates-dir is a symlink leading outside it "
        f"(pass {TRUST} to allow it)\n"
    )
    assert secret not in err
    assert not (tmp_path / "md").exists() or _contains(tmp_path / "md", secret) == []


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("parse-timeout = 1e12", "'parse-timeout' must be more than 0 and at most 3600 seconds, not 1000000000000.0"),
        ("parse-timeout = -1", "'parse-timeout' must be more than 0 and at most 3600 seconds, not -1.0"),
        ("jobs = 100000", "'jobs' must be at least 0 and at most 64 (0: one per core), not 100000"),
        ("max-file-bytes = -5", "'max-file-bytes' must be at least 1 and at most 100000000 (100 MB), not -5"),
    ],
)
def test_numeric_settings_out_of_range_are_refused(
    repo: Path, capsys: pytest.CaptureFixture[str], setting: str, message: str
) -> None:
    _settings(repo, setting)
    assert _refused(repo, capsys) == message


@pytest.mark.parametrize(("override", "sanitised"), [("_macros.md.j2", True), ("unused.md.j2", False)])
def test_a_page_importing_a_repository_template_is_sanitised(tmp_path: Path, override: str, sanitised: bool) -> None:
    from docgen.render.environment import RepositoryTemplates, make_environment

    (tmp_path / override).write_text("{% macro x() %}<script>1</script>{% endmacro %}\n", encoding="utf-8")
    env = make_environment(tmp_path, contained=True)
    assert RepositoryTemplates(env, tmp_path).used_by("index.md.j2") is sanitised


def test_the_job_summary_never_reads_a_repository_template_through_a_symlink(
    repo: Path, secret: str, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (repo / "templates").mkdir()
    (tmp_path / "environ").write_text(secret, encoding="utf-8")
    (repo / "templates" / "check_summary.md.j2").symlink_to(tmp_path / "environ")
    _settings(repo, 'templates-dir = "templates"')
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert main(["check", "src", "--format", "github"]) == 2
    out, err = capsys.readouterr()
    assert err.endswith(
        "template check_summary.md.j2 of the repository's templates-dir is a symlink leading outside it "
        f"(pass {TRUST} to allow it)\n"
    )
    assert secret not in out + err
    assert summary.read_text(encoding="utf-8") == ""

"""The site stage: output-dir safety, MkDocs build, atomic publish, lock, docs-only and determinism."""

from __future__ import annotations

import errno
import hashlib
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from docgen.config import Config
from docgen.diagnostics import Reporter
from docgen.errors import BuildError, BuildInProgressError
from docgen.model import Stage
from docgen.render import RenderedSite, render_site
from docgen.render.mkdocs_config import SEARCH_SEPARATOR
from docgen.site import MARKER, SiteResult, StrictModeError, build_site, run_mkdocs
from tests.render import catalog_factory as cf
from tests.render.html_scan import external_loads, html_files, scan

EPOCH = "1700000000"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    source = tmp_path / "project"
    source.mkdir()
    return source


def tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` by relative path, with its bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def digest(root: Path) -> str:
    sha = hashlib.sha256()
    for rel, data in tree(root).items():
        sha.update(rel.encode() + b"\0" + data)
    return sha.hexdigest()


def build(config: Config, out: Path, rendered: RenderedSite | None = None, **kwargs: object) -> SiteResult:
    rendered = rendered or render_site(cf.catalog(), config)
    return build_site(rendered, config, out, reporter=kwargs.pop("reporter", Reporter()), **kwargs)  # type: ignore[arg-type]


# --- a real build ---------------------------------------------------------------------------------


def app_sources(project: Path) -> None:
    """The files of two of the catalog's modules, which get source pages."""
    (project / "app" / "api").mkdir(parents=True)
    (project / "app" / "api" / "items.py").write_text('"""Items endpoints."""\n\n\ndef list_items():\n    pass\n')
    (project / "app" / "schemas.py").write_text("class Item:\n    name: str\n")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("built")
    app_sources(root / "project")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        result = build(cf.config(root / "project"), root / "site")
    assert result == SiteResult(site_dir=root / "site", pages=11, docs_only=False, warnings=0)
    yield root / "site"


def test_endpoint_page_html(built: Path) -> None:
    page = scan(built / "api" / "app.api.items" / "index.html")
    h2 = built.joinpath("api", "app.api.items", "index.html").read_text(encoding="utf-8")
    assert (
        '<h2 id="get-items-item_id"><span class="dg-method dg-method-get">GET</span> '
        "<code>/<wbr>items/<wbr>&#123;item&#95;<wbr>id&#125;</code>"
    ) in h2
    assert (
        '<tr>\n<td><code>item&#95;<wbr>id</code><br><span class="dg-field-meta">path · '
        '<span class="dg-required">required</span></span></td>\n<td><code>int</code></td>\n'
        '<td>The item id.<br><span class="dg-field-meta"><code>ge&#61;1</code></span></td>\n</tr>'
    ) in h2
    assert '<div class="dg-stack dg-fields">\n<table>\n<thead>\n<tr>\n<th>Name</th>\n<th>Type</th>' in h2
    assert '<td><a href="../../models/app.schemas/#item">Item</a></td>' in h2
    assert page.title == "app.api.items - Shop"
    assert len(page.find("div", class_="tabbed-set tabbed-alternate")) == 2


def test_site_files(built: Path) -> None:
    files = tree(built)
    for rel in (
        MARKER,
        "openapi.json",
        "index.html",
        "404.html",
        "sitemap.xml",
        "search/search_index.json",
        "assets/javascripts/mermaid.min.js",
        "assets/javascripts/mermaid.LICENSE",
        "assets/javascripts/docgen-mermaid.js",
        "assets/javascripts/svg-pan-zoom.min.js",
        "assets/javascripts/svg-pan-zoom.LICENSE",
        "assets/javascripts/docgen-md-base.js",
        "assets/stylesheets/docgen.css",
        "assets/stylesheets/docgen-source.css",
        "reference/app.api.items/index.html",
        "models/app.schemas/index.html",
        "quality/index.html",
    ):
        assert rel in files, rel


def test_no_page_loads_anything_from_the_internet(built: Path) -> None:
    assert {str(p.relative_to(built)): external_loads(scan(p)) for p in html_files(built)} == {
        str(p.relative_to(built)): [] for p in html_files(built)
    }
    for css in built.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        assert "@import url(http" not in text and "url(https:" not in text and "url(http:" not in text, css


def test_csp_and_no_inline_scripts(built: Path) -> None:
    sources = [p for p in html_files(built) if p.parent.name == "_source"]
    assert [p.name for p in sources] == ["app.api.items.py.html", "app.schemas.py.html"]
    for path in sources:  # static pages outside the theme: no script at all
        csp = scan(path).find("meta", **{"http-equiv": "Content-Security-Policy"})
        assert [c.attrs["content"] for c in csp] == [
            "default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'none'"
        ], path
        assert not [e for e in scan(path).elements if e.tag == "script" or any(n.startswith("on") for n in e.attrs)]
    for path in sorted(set(html_files(built)) - set(sources)):
        page = scan(path)
        csp = page.find("meta", **{"http-equiv": "Content-Security-Policy"})
        assert len(csp) == 1 and "script-src 'self';" in csp[0].attrs["content"], path
        inline = [e for e in page.elements if e.tag == "script" and "src" not in e.attrs]
        assert [e.attrs for e in inline] == [{"id": "__config", "type": "application/json"}], path
        assert not [e for e in page.elements for name in e.attrs if name.startswith("on")], path


def test_mermaid_is_vendored_and_fenced(built: Path) -> None:
    html = (built / "models" / "app.schemas" / "index.html").read_text(encoding="utf-8")
    assert '<pre class="dg-mermaid"><code>erDiagram' in html  # not Material's class: see docgen-mermaid.js
    assert '<script src="../../assets/javascripts/mermaid.min.js"></script>' in html
    assert '<script src="../../assets/javascripts/docgen-mermaid.js"></script>' in html
    assert html.index("javascripts/mermaid.min.js") < html.index("javascripts/docgen-mermaid.js")  # it needs mermaid
    assert html.index("javascripts/svg-pan-zoom.min.js") < html.index("javascripts/docgen-mermaid.js")  # and pan/zoom


def test_same_catalog_builds_identically(built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    app_sources(tmp_path / "project")
    build(cf.config(tmp_path / "project"), tmp_path / "again")
    first, second = tree(built), tree(tmp_path / "again")
    assert sorted(first) == sorted(second)
    assert [rel for rel in first if first[rel] != second[rel]] == []


# --- publishing -------------------------------------------------------------------------------------


def test_failing_build_leaves_previous_site_untouched(project: Path, tmp_path: Path) -> None:
    config = cf.config(project)
    out = tmp_path / "site"
    build(config, out)
    before = digest(out)
    hook = tmp_path / "hook.py"
    hook.write_text(
        "def on_page_markdown(markdown, page, **kwargs):\n"
        "    if page.file.src_uri == 'quality.md':\n"
        "        raise RuntimeError('boom')\n",
        encoding="utf-8",
    )
    user = tmp_path / "user-mkdocs.yml"
    user.write_text(yaml.safe_dump({"hooks": [str(hook)]}), encoding="utf-8")
    with pytest.raises(BuildError, match=r"MkDocs build failed: Error reading page 'quality.md': boom"):
        build(replace(config, mkdocs_config=user), out)
    assert digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hook.py", "project", "site", "user-mkdocs.yml"]


def test_unknown_plugin_names_the_plugin(project: Path, tmp_path: Path) -> None:
    user = tmp_path / "mkdocs.yml"
    user.write_text("plugins:\n  - search\n  - no-such-plugin\n", encoding="utf-8")
    with pytest.raises(BuildError, match='The "no-such-plugin" plugin is not installed'):
        build(cf.config(project, mkdocs_config=user), tmp_path / "site")
    assert not (tmp_path / "site").exists()
    assert not list(tmp_path.glob(".docgen-staging-*"))


def test_python_tags_in_user_config_are_refused(project: Path, tmp_path: Path) -> None:
    user = tmp_path / "mkdocs.yml"
    user.write_text("extra: !!python/name:os.system\n", encoding="utf-8")
    with pytest.raises(BuildError, match=r"cannot use mkdocs\.yml"):
        build(cf.config(project, mkdocs_config=user), tmp_path / "site")


def test_rebuild_replaces_a_marked_site_and_keeps_hidden_entries(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(cf.config(project), out)
    (out / ".git").mkdir()
    (out / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n", encoding="utf-8")
    (out / ".nojekyll").write_text("", encoding="utf-8")
    (out / "stale.html").write_text("old", encoding="utf-8")
    build(cf.config(project), out, rendered=render_site(cf.catalog(routes=()), cf.config(project)))
    assert (out / ".git" / "HEAD").read_text(encoding="utf-8") == "ref: refs/heads/gh-pages\n"
    assert (out / ".nojekyll").exists() and (out / MARKER).exists()
    assert (out / "stale.html").read_text(encoding="utf-8") == "old"  # not docgen's file: carried over
    assert not (out / "api" / "app.api.items").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "site"]


def test_a_second_build_is_refused_while_locked(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    lock = tmp_path / "site.docgen.lock"
    lock.write_text(f"{os.getpid()}\n", encoding="ascii")
    with pytest.raises(BuildInProgressError, match=rf"^build in progress \(pid {os.getpid()}\)$"):
        build(cf.config(project), out)
    assert lock.read_text(encoding="ascii") == f"{os.getpid()}\n"
    assert not out.exists()


def test_a_stale_lock_is_taken_over_and_released(project: Path, tmp_path: Path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, check=True)
    lock = tmp_path / "site.docgen.lock"
    lock.write_text(dead.stdout.decode(), encoding="ascii")
    build(cf.config(project), tmp_path / "site", rendered=render_site(cf.catalog(routes=(), models=()), cf.config()))
    assert not lock.exists()
    assert (tmp_path / "site" / "index.html").exists()


def test_strict_mode_with_warnings_publishes_nothing(project: Path, tmp_path: Path) -> None:
    reporter = Reporter()
    reporter.warn("DG901", "file could not be parsed", Stage.PARSE)
    with pytest.raises(StrictModeError, match="1 warning") as info:
        build(cf.config(project, strict=True), tmp_path / "site", reporter=reporter)
    assert info.value.exit_code == 1
    assert not (tmp_path / "site").exists()


# --- docs-only, hand-written docs and the user's mkdocs.yml -------------------------------------------


def test_docs_only_tree_builds_with_plain_mkdocs(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "docs-out"
    result = build(cf.config(project), out, docs_only=True)
    assert result.docs_only and result.pages == 11
    settings = yaml.safe_load((out / "mkdocs.yml").read_text(encoding="utf-8"))
    assert settings["plugins"] == [{"search": {"separator": SEARCH_SEPARATOR}}] and settings["docs_dir"] == "docs"
    assert settings["theme"]["custom_dir"] == "overrides"
    assert {"navigation.tabs", "navigation.sections", "navigation.prune"} <= set(settings["theme"]["features"])
    assert str(tmp_path) not in (out / "mkdocs.yml").read_text(encoding="utf-8")
    assert (out / MARKER).exists() and (out / "docs" / "api" / "app.api.items.md").exists()
    reporter = Reporter()
    run_mkdocs(out / "mkdocs.yml", tmp_path / "html", reporter)
    assert reporter.diagnostics == []
    assert (tmp_path / "html" / "api" / "app.api.items" / "index.html").exists()


def test_hand_written_docs_are_merged_without_credentials(project: Path, tmp_path: Path) -> None:
    docs = tmp_path / "handwritten"
    (docs / "guides").mkdir(parents=True)
    (docs / "guides" / "start.md").write_text("# Start\n\nSee [nowhere](missing.md).\n", encoding="utf-8")
    for secret in (".env", ".env.local", "id_rsa", "server.pem", ".netrc", ".git-credentials", "credentials.json"):
        (docs / secret).write_text("SECRET=1\n", encoding="utf-8")
    (tmp_path / "private.md").write_text("SECRET=2\n", encoding="utf-8")
    (docs / "outside.md").symlink_to(tmp_path / "private.md")
    reporter = Reporter()
    out = tmp_path / "site"
    result = build(cf.config(project, docs_dir=docs), out, reporter=reporter)
    assert result.pages == 12
    assert (out / "guides" / "start" / "index.html").exists()
    assert not [p for p in tree(out) if "SECRET" in tree(out)[p].decode("utf-8", "replace")]
    messages = [d.message for d in reporter.diagnostics]
    assert "docs-dir/.env not copied: it looks like a credential file" in messages
    assert "docs-dir/outside.md not copied: symlink leads outside the docs dir" in messages
    assert len([m for m in messages if "credential" in m]) == 7
    assert any("guides/start.md" in m and "missing.md" in m for m in messages)
    assert all(d.code == "DG930" for d in reporter.diagnostics)
    assert result.warnings == 9


def test_user_mkdocs_config_is_merged_user_wins(project: Path, tmp_path: Path) -> None:
    user = tmp_path / "mkdocs.yml"
    user.write_text(
        "site_name: Custom\ndocs_dir: elsewhere\nextra:\n  flag: !ENV [DOCGEN_TEST_FLAG, 'off']\n"
        "markdown_extensions:\n  - footnotes\n  - toc:\n      permalink: '#'\n",
        encoding="utf-8",
    )
    reporter = Reporter()
    out = tmp_path / "docs-out"
    build(cf.config(project, mkdocs_config=user), out, docs_only=True, reporter=reporter)
    settings = yaml.safe_load((out / "mkdocs.yml").read_text(encoding="utf-8"))
    assert settings["site_name"] == "Custom"
    assert settings["docs_dir"] == "docs"
    assert settings["extra"] == {"flag": "off"}
    assert {"toc": {"permalink": "#"}} in settings["markdown_extensions"]
    assert "footnotes" in settings["markdown_extensions"] and "attr_list" in settings["markdown_extensions"]
    assert [d.message for d in reporter.diagnostics] == [
        "mkdocs.yml: 'docs_dir' is set by docgen; the user value is ignored"
    ]


def test_disk_full_keeps_the_previous_site(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "site"
    build(cf.config(project), out)
    before = digest(out)
    import mkdocs.utils

    def full(content: bytes, output_path: str) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), output_path)

    monkeypatch.setattr(mkdocs.utils, "write_file", full)
    with pytest.raises(BuildError, match=os.strerror(errno.ENOSPC)):
        build(cf.config(project), out)
    assert digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "site"]


def test_staging_write_failure_is_a_build_error(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> str:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(tmp_path / "x"))

    monkeypatch.setattr("tempfile.mkdtemp", refuse)
    with pytest.raises(BuildError, match=r"cannot write x: Permission denied; the previous site is unchanged"):
        build(cf.config(project), tmp_path / "site")
    assert not (tmp_path / "site.docgen.lock").exists()


def test_no_build_paths_leak_into_the_site(built: Path) -> None:
    for rel, data in tree(built).items():
        assert str(built.parent).encode() not in data, rel
        assert b".docgen-staging" not in data, rel

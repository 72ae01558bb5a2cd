"""The live preview's incremental builds (docgen.preview) and what it watches (docgen.serve)."""

from __future__ import annotations

import json
import os
import threading
from dataclasses import replace
from pathlib import Path

import pytest

import docgen.serve as serve_module
from docgen import parse
from docgen.config import Config, load_config
from docgen.diagnostics import Reporter
from docgen.discover import discover
from docgen.errors import DocgenError
from docgen.model import Diagnostic, Location, Severity, Stage
from docgen.preview import Outcome, Preview, merge_search_index, new_diagnostics
from docgen.publish import MARKER
from docgen.serve import COLLECT_EVERY, DEBOUNCE, PreviewServer, Rebuilder, Watcher, describe, summary

API = '''"""Endpoints."""


def first() -> int:
    """The first function."""
    return 1
'''


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "src"
    (root / "pkg").mkdir(parents=True)
    (root / "pkg" / "__init__.py").write_text('"""The package."""\n', encoding="utf-8")
    (root / "pkg" / "api.py").write_text(API, encoding="utf-8")
    (root / "pkg" / "util.py").write_text('"""Helpers."""\n', encoding="utf-8")
    return root


def make_config(root: Path, tmp_path: Path) -> Config:
    return replace(load_config(root), cache_dir=tmp_path / "cache", jobs=1)


@pytest.fixture
def preview(tree: Path, tmp_path: Path) -> Preview:
    work = tmp_path / "work"
    work.mkdir()
    return Preview(make_config(tree, tmp_path), work)


def page(preview: Preview, url: str) -> str:
    return (preview.site / url / "index.html").read_text(encoding="utf-8")


def test_first_build_is_full_and_served_through_the_site_link(preview: Preview) -> None:
    outcome = preview.rebuild()
    assert (outcome.full, outcome.total, outcome.error) == (True, 10, None)
    assert len(outcome.pages) == 10
    assert preview.site.is_symlink()
    assert "The first function." in page(preview, "reference/pkg.api")


def test_a_docstring_edit_rebuilds_only_its_page_aside_and_swaps_it_in(preview: Preview, tree: Path) -> None:
    preview.rebuild()
    before = preview.site.resolve()
    util_html = before / "reference" / "pkg.util" / "index.html"
    (tree / "pkg" / "api.py").write_text(API.replace("The first function.", "The edited one."), encoding="utf-8")
    outcome = preview.rebuild()
    assert (outcome.pages, outcome.full, outcome.total) == (("reference/pkg.api.md",), False, 10)
    assert preview.site.resolve() != before  # built in the other output, then swapped in
    assert "The edited one." in page(preview, "reference/pkg.api")
    assert "The first function." in (before / "reference" / "pkg.api" / "index.html").read_text(encoding="utf-8")
    # MkDocs rendered only that page: the other one is the copy the first build made, untouched
    after_util = preview.site.resolve() / "reference" / "pkg.util" / "index.html"
    assert after_util.stat().st_mtime_ns == util_html.stat().st_mtime_ns
    index = json.loads((preview.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    pages = {d["location"].partition("#")[0] for d in index["docs"]}
    assert {"reference/pkg.api/", "reference/pkg.util/"} <= pages
    assert any("The edited one." in d["text"] for d in index["docs"])
    assert not any("The first function." in d["text"] for d in index["docs"])


def test_edits_alternate_between_the_outputs_and_each_shows_the_latest(preview: Preview, tree: Path) -> None:
    preview.rebuild()
    for number in range(3):
        text = API.replace("The first function.", f"Edit number {number}.")
        (tree / "pkg" / "api.py").write_text(text, encoding="utf-8")
        assert preview.rebuild().pages == ("reference/pkg.api.md",)
        assert f"Edit number {number}." in page(preview, "reference/pkg.api")


def test_a_save_that_changes_no_page_builds_nothing(preview: Preview, tree: Path) -> None:
    preview.rebuild()
    served = preview.site.resolve()
    (tree / "pkg" / "api.py").write_text(API.replace("return 1", "return 1  # one"), encoding="utf-8")
    outcome = preview.rebuild()
    assert (outcome.pages, outcome.full, outcome.error) == ((), False, None)
    assert preview.site.resolve() == served


def test_a_new_module_is_a_full_build(preview: Preview, tree: Path) -> None:
    preview.rebuild()
    (tree / "pkg" / "extra.py").write_text('"""More."""\n', encoding="utf-8")
    outcome = preview.rebuild()
    assert (outcome.full, outcome.total) == (True, 11)
    assert "More." in page(preview, "reference/pkg.extra")
    (tree / "pkg" / "extra.py").unlink()
    outcome = preview.rebuild()
    assert (outcome.full, outcome.total) == (True, 10)
    assert not (preview.site / "reference" / "pkg.extra").exists()


def test_a_syntax_error_keeps_the_last_good_pages_and_names_the_file_and_line(preview: Preview, tree: Path) -> None:
    preview.rebuild()
    served = preview.site.resolve()
    (tree / "pkg" / "api.py").write_text(API.replace("return 1", "return (1"), encoding="utf-8")
    outcome = preview.rebuild()
    assert outcome.error == "pkg/api.py:6: DG901 syntax error at 6:12: '(' was never closed"
    assert (outcome.pages, preview.site.resolve()) == ((), served)
    assert "The first function." in page(preview, "reference/pkg.api")
    (tree / "pkg" / "api.py").write_text(API.replace("The first function.", "Fixed."), encoding="utf-8")
    outcome = preview.rebuild()
    assert (outcome.error, outcome.pages) == (None, ("reference/pkg.api.md",))
    assert "Fixed." in page(preview, "reference/pkg.api")


def test_a_syntax_error_there_from_the_start_is_not_one_to_stop_at(tree: Path, tmp_path: Path) -> None:
    (tree / "pkg" / "broken.py").write_text("def f(:\n", encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    preview = Preview(make_config(tree, tmp_path), work)
    assert preview.rebuild().error is None
    (tree / "pkg" / "api.py").write_text(API.replace("The first function.", "Still built."), encoding="utf-8")
    outcome = preview.rebuild()
    assert (outcome.error, outcome.pages) == (None, ("reference/pkg.api.md",))


def test_merge_search_index_keeps_the_entries_of_pages_not_rendered(tmp_path: Path) -> None:
    built, previous = tmp_path / "new.json", tmp_path / "old.json"
    entry = {"location": "a/", "title": "A", "text": "new a"}
    built.write_text(json.dumps({"config": {"x": 1}, "docs": [entry]}), encoding="utf-8")
    old = [
        {"location": "a/", "title": "A", "text": "old a"},
        {"location": "a/#part", "title": "Part", "text": "old part"},
        {"location": "b/", "title": "B", "text": "b"},
    ]
    previous.write_text(json.dumps({"config": {"x": 0}, "docs": old}), encoding="utf-8")
    merge_search_index(built, previous)
    assert json.loads(built.read_text(encoding="utf-8")) == {
        "config": {"x": 1},
        "docs": [{"location": "b/", "title": "B", "text": "b"}, entry],
    }
    previous.write_text("not json", encoding="utf-8")
    merge_search_index(built, previous)
    assert json.loads(built.read_text(encoding="utf-8"))["docs"][-1] == entry


def test_the_watcher_leaves_out_what_never_changes_the_site(tree: Path, tmp_path: Path) -> None:
    config = make_config(tree, tmp_path)
    (tree / "site").mkdir()
    (tree / "site" / MARKER).write_text("", encoding="utf-8")
    watcher = Watcher(config, ignored=(tmp_path / "cache",))
    root = tree.resolve()
    relevant = {
        rel: watcher.relevant(root / rel)
        for rel in (
            "pkg/api.py",
            "pyproject.toml",
            ".git/index",
            "pkg/__pycache__/api.cpython-311.pyc",
            "site/index.html",
            "pkg/.api.py.swp",
            "pkg/api.py~",
            "pkg/.#api.py",
            "node_modules/x.py",
            "site.docgen.lock",
            ".docgen-probe-x1y2",
        )
    }
    assert relevant == {
        "pkg/api.py": True,
        "pyproject.toml": True,
        ".git/index": False,
        "pkg/__pycache__/api.cpython-311.pyc": False,
        "site/index.html": False,
        "pkg/.api.py.swp": False,
        "pkg/api.py~": False,
        "pkg/.#api.py": False,
        "node_modules/x.py": False,
        "site.docgen.lock": False,
        ".docgen-probe-x1y2": False,
    }
    assert not watcher.relevant(tmp_path / "cache" / "facts" / "entry")
    assert not watcher.relevant(tmp_path / "elsewhere.py")


def test_a_burst_of_events_is_one_rebuild(tree: Path, tmp_path: Path) -> None:
    watcher = Watcher(make_config(tree, tmp_path), ignored=())
    stop = threading.Event()
    root = tree.resolve()
    watcher.changed(str(root / "pkg" / "api.py"), str(root / ".git" / "index"))
    watcher.changed(str(root / "pkg" / "util.py"), "")
    assert watcher.wait(stop) == {root / "pkg" / "api.py", root / "pkg" / "util.py"}
    assert DEBOUNCE == 0.1
    stop.set()
    assert watcher.wait(stop) == set()


def test_the_rebuild_line_says_what_changed_what_was_rebuilt_and_how_long_it_took(tree: Path) -> None:
    root = tree.resolve()
    names = {root / "pkg" / f"m{n}.py" for n in range(5)}
    for name in names:
        name.write_text("", encoding="utf-8")
    assert describe(names, (root,)) == "pkg/m0.py, pkg/m1.py, pkg/m2.py and 2 more"
    assert describe({root / "pkg" / "api.py", root / "pkg" / "sedX1"}, (root,)) == "pkg/api.py"
    assert describe({root / "pkg" / "gone.py"}, (root,)) == "pkg/gone.py"
    outcome = Outcome(pages=("reference/pkg.api.md",), total=8)
    assert summary("pkg/api.py", outcome, 42) == "pkg/api.py: 1 of 8 pages rebuilt (incremental) in 42 ms"
    failed = Outcome(error="pkg/api.py:6: DG901 syntax error")
    assert summary("pkg/api.py", failed, 9) == (
        "pkg/api.py: not rebuilt, pkg/api.py:6: DG901 syntax error; the last good pages are served (9 ms)"
    )


def test_the_server_puts_the_banner_on_pages_and_bumps_the_reload_epoch(tmp_path: Path) -> None:
    server = PreviewServer("127.0.0.1", 0, tmp_path)
    try:
        epoch = server._visible_epoch
        server.published("pkg/api.py:6: DG901 <bad>")
        assert server._visible_epoch > epoch and server._wanted_epoch == server._visible_epoch
        page = server._inject_js_into_html(b"<html><body><p>x</p></body></html>", server._visible_epoch)
        assert b'<div class="docgen-preview-error" role="alert"' in page
        assert b"pkg/api.py:6: DG901 &lt;bad&gt;</div>" in page
        assert page.index(b"<p>x</p>") < page.index(b"docgen-preview-error") < page.index(b"</body>")
        server.published()
        page = server._inject_js_into_html(b"<body></body>", 7)
        assert page.startswith(b'<body><script src="/.docgen-preview/livereload.js?epoch=7&amp;request=')
        assert b"docgen-preview-error" not in page
        replies: list[tuple[str, list[tuple[str, str]]]] = []
        environ = {"PATH_INFO": "/.docgen-preview/livereload.js", "QUERY_STRING": "epoch=7&request=9"}
        script = b"".join(server._serve_request(environ, lambda status, headers: replies.append((status, headers))))
        headers = [("Content-Type", "application/javascript"), ("Content-Length", str(len(script)))]
        assert replies == [("200 OK", headers)]
        assert script.rstrip().endswith(b"livereload(7, 9);")
    finally:
        server.server_close()


def test_kept_between_runs_keeps_the_pool_and_the_facts_then_lets_them_go(tree: Path, tmp_path: Path) -> None:
    config = replace(load_config(tree), cache_dir=tmp_path / "cache", jobs=2)
    memory = config.parse_memory * 1024**2
    with parse.kept_between_runs(config):
        started = parse._KEPT[(1, memory)]
        assert list(parse._KEPT) == [(1, memory)]
        for number in range(2):
            (tree / "pkg" / "api.py").write_text(API.replace("first", f"call{number}"), encoding="utf-8")
            files = [f for f in discover(config, Reporter()) if f.path == "pkg/api.py"]
            (facts,) = parse.parse_all(files, config, Reporter())
            assert (facts.parsed, parse._KEPT) == (True, {(1, memory): started})
        (again,) = parse.parse_all(files, config, Reporter())
        assert again is facts  # from memory, not decoded from the cache again
    assert (parse._KEPT, parse._LAST) == ({}, {})


def test_a_kept_pool_whose_worker_died_while_idle_is_replaced(tree: Path, tmp_path: Path) -> None:
    config = replace(load_config(tree), cache_dir=tmp_path / "cache", jobs=2)
    memory = config.parse_memory * 1024**2
    with parse.kept_between_runs(config):
        kept = parse._KEPT[(1, memory)]
        kept.submit(os.getpid).result(timeout=60)  # its worker is up
        for process in list(kept._processes.values()):  # the OOM killer, say, while it waits
            process.kill()
            process.join(timeout=60)
        (tree / "pkg" / "api.py").write_text(API.replace("first", "after"), encoding="utf-8")
        files = [f for f in discover(config, Reporter()) if f.path == "pkg/api.py"]
        (facts,) = parse.parse_all(files, config, Reporter())
        assert facts.parsed is True
        assert parse._KEPT[(1, memory)] is not kept


def test_only_diagnostics_not_printed_last_time_are_printed_again() -> None:
    warning = Diagnostic(Severity.WARNING, "DG901", "syntax error", Stage.PARSE, Location("pkg/api.py", 3))
    error = Diagnostic(Severity.ERROR, "DG930", "MkDocs failed", Stage.SITE)
    outcome = Outcome(diagnostics=(warning, error))
    assert new_diagnostics(outcome, set()) == [
        "docgen: warning: pkg/api.py:3: DG901 syntax error",
        "docgen: error: DG930 MkDocs failed",
    ]
    assert new_diagnostics(outcome, {"docgen: warning: pkg/api.py:3: DG901 syntax error"}) == [
        "docgen: error: DG930 MkDocs failed"
    ]


def test_a_rebuild_that_fails_keeps_the_site_and_the_rebuilds_after_it(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    frozen: list[bool] = []
    monkeypatch.setattr(serve_module.gc, "freeze", lambda: frozen.append(serve_module.gc.isenabled()))

    class Failing:
        def __init__(self) -> None:
            self.calls = 0

        def rebuild(self, edited: object = None) -> Outcome:
            self.calls += 1
            if self.calls == 1:
                raise KeyError("pages")
            if self.calls == 2:
                raise DocgenError("the output folder is not writable")
            return Outcome(pages=("index.md",), total=3)

    printed: list[str] = []
    preview = Failing()
    rebuild = Rebuilder(preview, printed.append)  # type: ignore[arg-type]
    assert rebuild("a.py") == "docgen could not rebuild the site: internal error (KeyError: 'pages')"
    assert rebuild("a.py") == "docgen could not rebuild the site: the output folder is not writable"
    assert rebuild("a.py") == ""
    assert [line.rsplit(" in ", 1)[0] for line in printed] == ["a.py: 1 of 3 pages rebuilt (incremental)"]
    assert "Traceback" in caplog.text and "KeyError: 'pages'" in caplog.text
    assert (frozen, serve_module.gc.isenabled()) == ([False, False, False], True)  # off while it rebuilt, then on


def test_what_survives_a_rebuild_is_frozen_and_collected_every_so_many_rebuilds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[str] = []
    for name in ("freeze", "unfreeze", "collect"):
        monkeypatch.setattr(serve_module.gc, name, lambda name=name: calls.append(name))
    for rebuilds in (0, 1, COLLECT_EVERY - 1, COLLECT_EVERY, 2 * COLLECT_EVERY):
        serve_module.settle(rebuilds)
    assert calls == ["unfreeze", "collect", "freeze", "unfreeze", "collect", "freeze"]

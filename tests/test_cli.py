"""The command line through main(argv): exit codes, output, and the example end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openapi_spec_validator import validate

from docgen.cli import main
from docgen.model import Catalog
from docgen.model.codec import loads

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "bookshop"

EXPECTED_ROUTES = [
    ("GET", "/", "bookshop.main.root"),
    ("GET", "/api/v1/admin/stats", "bookshop.api.routes.admin.get_stats"),
    ("DELETE", "/api/v1/admin/users/{user_id}", "bookshop.api.routes.admin.delete_user"),
    ("GET", "/api/v1/authors/", "bookshop.api.routes.authors.list_authors"),
    ("GET", "/api/v1/authors/{author_id}", "bookshop.api.routes.authors.get_author"),
    ("GET", "/api/v1/books/", "bookshop.api.routes.books.list_books"),
    ("POST", "/api/v1/books/", "bookshop.api.routes.books.create_book"),
    ("DELETE", "/api/v1/books/{book_id}", "bookshop.api.routes.books.delete_book"),
    ("GET", "/api/v1/books/{book_id}", "bookshop.api.routes.books.get_book"),
    ("PATCH", "/api/v1/books/{book_id}", "bookshop.api.routes.books.update_book"),
    ("PUT", "/api/v1/books/{book_id}", "bookshop.api.routes.books.replace_book"),
    ("POST", "/api/v1/books/{book_id}/reviews", "bookshop.api.routes.books.create_review"),
    ("GET", "/api/v1/orders", "bookshop.api.routes.orders.list_my_orders"),
    ("POST", "/api/v1/orders", "bookshop.api.routes.orders.create_order"),
    ("POST", "/api/v1/orders/payment-webhook", "bookshop.api.routes.orders.payment_webhook"),
    ("WEBSOCKET", "/api/v1/orders/{order_id}/events", "bookshop.api.routes.orders.order_events"),
    ("POST", "/api/v1/users/", "bookshop.api.routes.users.register"),
    ("GET", "/api/v1/users/me", "bookshop.api.routes.users.read_me"),
    ("POST", "/api/v1/users/token", "bookshop.api.routes.users.login"),
    ("GET", "/health", "bookshop.main.health"),
]


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCGEN_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


def test_extract_json_lists_every_route_of_the_example(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "catalog.json"
    assert main(["extract", str(EXAMPLE), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert err.splitlines()[-1] == f"Wrote json for 20 routes and 30 models to {out}"
    catalog = loads(Catalog, out.read_text(encoding="utf-8"))
    assert [(r.method, r.path, r.handler) for r in catalog.routes] == EXPECTED_ROUTES
    assert {r.app for r in catalog.routes} == {"bookshop.main:app"}
    stats = next(r for r in catalog.routes if r.handler == "bookshop.api.routes.admin.get_stats")
    assert [(p.name, p.in_.value, p.required, p.default) for p in stats.params] == [("days", "query", True, None)]


def test_extract_openapi_is_a_valid_openapi_31_document(tmp_path: Path) -> None:
    out = tmp_path / "openapi.json"
    assert main(["--isolated", "extract", str(EXAMPLE), "--format", "openapi", "-o", str(out)]) == 0
    document = json.loads(out.read_text(encoding="utf-8"))
    validate(document)
    assert document["openapi"].startswith("3.1")
    assert sorted(document["paths"]["/api/v1/books/{book_id}"]) == ["delete", "get", "patch", "put"]
    # 18 operations on 13 paths: the websocket is no operation and `/` is hidden (include_in_schema=False)
    assert len(document["paths"]) == 13
    assert document["x-docgen-omitted"] == [
        {"route": "GET /", "reason": "hidden from the schema (include_in_schema=False)"},
        {
            "route": "WEBSOCKET /api/v1/orders/{order_id}/events",
            "reason": "WEBSOCKET routes are not OpenAPI operations",
        },
    ]


def test_missing_path_is_exit_2_with_a_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope"
    assert main(["extract", str(missing)]) == 2
    assert capsys.readouterr().err == f"docgen: error: source path {missing} is not a readable directory\n"


def source_tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` outside ``site/``, by relative path, with its bytes."""
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.relative_to(root).parts[0] != "site")
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in files}


def test_a_default_build_in_a_project_root_succeeds_and_leaves_the_source_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "src"
    (source / "pkg").mkdir(parents=True)
    (source / "pkg" / "__init__.py").write_text('"""The package."""\n', encoding="utf-8")
    (source / "pkg" / "api.py").write_text('"""Endpoints."""\n\n\ndef f() -> int:\n    return 1\n', encoding="utf-8")
    before = source_tree(source)
    monkeypatch.chdir(source)
    for run in range(3):  # later runs find ./site, docgen's: it is replaced, never analysed nor refused
        assert main(["build", "."]) == 0
        out = capsys.readouterr().out
        assert out.splitlines()[-1] == "Built 9 pages for 0 routes, 0 models, 2 modules into site"
        if run == 0:
            (source / "site" / "extra.py").write_text('"""Not part of the project."""\n', encoding="utf-8")
    assert source_tree(source) == before
    assert sorted(p.name for p in source.iterdir()) == ["pkg", "site"]
    assert (source / "site" / "reference" / "pkg.api" / "index.html").is_file()
    assert (source / "site" / "reference" / "_source" / "pkg.api.py.html").is_file()  # a static file, not a page
    assert (source / "site" / "extra.py").read_text(encoding="utf-8") == '"""Not part of the project."""\n'


def test_a_site_dir_of_the_users_in_the_source_is_refused_before_anything_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "src"
    (source / "pkg").mkdir(parents=True)
    (source / "pkg" / "__init__.py").write_text("", encoding="utf-8")
    (source / "site").mkdir()
    (source / "site" / "notes.txt").write_text("mine", encoding="utf-8")
    before = source_tree(source)
    assert main(["build", str(source), "-o", str(source / "site")]) == 2
    assert capsys.readouterr().err == (
        f"docgen: error: refusing to replace {source / 'site'}: it is not empty and was not created by docgen "
        f"(no .docgen-site file); source is {source}; choose another output (-o) or move its files away\n"
    )
    assert source_tree(source) == before
    assert sorted(p.name for p in source.iterdir()) == ["pkg", "site"]
    assert sorted(p.name for p in (source / "site").iterdir()) == ["notes.txt"]


def test_an_analysed_package_as_output_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "src"
    (source / "pkg").mkdir(parents=True)
    (source / "pkg" / "__init__.py").write_text("", encoding="utf-8")
    assert main(["build", str(source), "-o", str(source / "pkg")]) == 2
    assert f"refusing to replace {source / 'pkg'}: it is not empty" in capsys.readouterr().err
    assert sorted(p.name for p in (source / "pkg").iterdir()) == ["__init__.py"]


def test_unknown_config_key_is_exit_2_with_a_suggestion(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "app.py").write_text("x = 1\n", encoding="utf-8")
    (tmp_path / "docgen.toml").write_text('site-nam = "X"\n', encoding="utf-8")
    assert main(["extract", str(tmp_path)]) == 2
    assert capsys.readouterr().err == (
        f"docgen: error: {tmp_path / 'docgen.toml'}: unknown setting 'site-nam' (did you mean 'site-name'?)\n"
    )


def test_strict_turns_warnings_into_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "good.py").write_text('"""Fine."""\n', encoding="utf-8")
    (tmp_path / "bad.py").write_text("def f(:\n", encoding="utf-8")
    out = tmp_path.parent / "out.json"
    assert main(["extract", str(tmp_path), "-o", str(out)]) == 0
    assert main(["extract", str(tmp_path), "-o", str(out), "--strict"]) == 1
    err = capsys.readouterr().err
    assert "docgen: error: bad.py:1: DG901 syntax error at 1:7: invalid syntax\n" in err
    assert err.rstrip().endswith("strict mode: 2 warnings (DG901: 1, DG920: 1)")


def test_nothing_analysable_is_exit_2(tmp_path: Path) -> None:
    (tmp_path / "bad.py").write_text("def f(:\n", encoding="utf-8")
    assert main(["extract", str(tmp_path), "-o", str(tmp_path.parent / "x.json")]) == 2


def test_version_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("docgen, version ")
    assert main(["--help"]) == 0
    assert "build" in capsys.readouterr().out

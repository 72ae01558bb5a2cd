"""What the live preview keeps between rebuilds (docgen.preview.analysis, docgen.render.reuse) is never stale.

Each test edits a small inline tree between two runs of the preview's stages and compares the
result with a fresh analysis and render of the same tree: the pages and the catalog must be
exactly what a run without any reuse gives.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from docgen.api import analyse
from docgen.config import Config, load_config
from docgen.diagnostics import Code, QuietReporter
from docgen.model import Catalog
from docgen.moduleid.rewrite import renamed
from docgen.parse.summary import summarise
from docgen.preview import Preview
from docgen.preview.analysis import Reanalysis
from docgen.preview.reads import alike, carry, recorded_reads
from docgen.render import PageMemo, render_site

APP = '''"""The shop's API."""

from fastapi import FastAPI

app = FastAPI()


@app.get("/items")
def list_items() -> list[str]:
    """List the items."""
    return []


def helper(x: int) -> int:
    """Add one."""
    return x + 1
'''

ROUTE_PAGE = "api/shop.app-app.md"
"""The page of the routes served by ``shop.app:app``."""
REFERENCE_PAGE = "reference/shop.app.md"
"""The code reference of ``shop.app``."""


class Session:
    """The preview's stages and page memo over one tree, run as a rebuild runs them."""

    def __init__(self, root: Path, cache: Path) -> None:
        self.root = root
        self.config: Config = replace(load_config(root), cache_dir=cache, jobs=1)
        self.stages = Reanalysis()
        self.memo = PageMemo()
        self.catalog: Catalog | None = None

    def edit(self, old: str, new: str, path: str = "shop/app.py") -> None:
        file = self.root / path
        text = file.read_text(encoding="utf-8")
        assert old in text
        file.write_text(text.replace(old, new), encoding="utf-8")

    def build(self, edited: list[str] | None = None) -> dict[str, str]:
        """One rebuild's pages (``edited``: the paths the watcher reports), checked against a run without reuse."""
        self.stages.listing.edited(None if edited is None else [self.root / p for p in edited])
        self.catalog = analyse(self.config, QuietReporter(), self.stages)
        pages = dict(render_site(self.catalog, self.config, memo=self.memo).pages)
        fresh = analyse(self.config, QuietReporter())
        assert self.catalog == fresh
        assert pages == dict(render_site(fresh, self.config).pages)
        return pages


@pytest.fixture
def session(tmp_path: Path) -> Session:
    root = tmp_path / "src"
    (root / "shop").mkdir(parents=True)
    (root / "shop" / "__init__.py").write_text('"""The shop."""\n', encoding="utf-8")
    (root / "shop" / "app.py").write_text(APP, encoding="utf-8")
    (root / "shop" / "util.py").write_text('"""Helpers."""\n', encoding="utf-8")
    built = Session(root, tmp_path / "cache")
    built.build()
    assert built.stages.relinked
    return built


def test_an_edit_of_a_route_handlers_docstring_relinks_and_updates_the_route_page(session: Session) -> None:
    session.edit("List the items.", "List every item for sale.")
    pages = session.build()
    assert session.stages.relinked
    assert "List every item for sale." in pages[ROUTE_PAGE]
    assert "List the items." not in pages[ROUTE_PAGE]
    assert session.catalog is not None
    assert [r.summary for r in session.catalog.routes] == ["List every item for sale."]
    assert ROUTE_PAGE in session.memo.rendered


def test_an_edit_of_a_docstring_linking_never_read_keeps_the_link_and_updates_the_reference(
    session: Session,
) -> None:
    session.edit("Add one.", "Add one to x.")
    pages = session.build()
    assert not session.stages.relinked
    assert "Add one to x." in pages[REFERENCE_PAGE]
    # the pages that show the whole catalog (counts, coverage) render again; no other reference page does
    assert session.memo.rendered == ("index.md", "api/index.md", "models/index.md", REFERENCE_PAGE, "quality.md")
    assert session.catalog is not None
    helper = next(s for s in session.catalog.symbols if s.id == "shop.app.helper")
    assert helper.docstring is not None
    assert helper.docstring.summary == "Add one to x."


def test_an_edit_of_a_module_docstring_linking_never_read_updates_the_reference(session: Session) -> None:
    session.edit('"""Helpers."""', '"""Small helpers."""', path="shop/util.py")
    pages = session.build()
    assert not session.stages.relinked
    assert "Small helpers." in pages["reference/shop.util.md"]


def test_a_new_route_relinks_and_is_shown(session: Session) -> None:
    session.edit(
        "\n\ndef helper",
        '\n\n@app.post("/items")\ndef add_item() -> str:\n    """Add an item."""\n    return ""\n\n\ndef helper',
    )
    pages = session.build()
    assert session.stages.relinked
    assert session.catalog is not None
    assert sorted((r.method, r.path) for r in session.catalog.routes) == [("GET", "/items"), ("POST", "/items")]
    assert "Add an item." in pages[ROUTE_PAGE]


def test_a_renamed_function_relinks_and_is_shown_under_its_new_name(session: Session) -> None:
    session.edit("def helper(", "def increment(")
    pages = session.build()
    assert session.stages.relinked
    assert session.catalog is not None
    assert {s.id for s in session.catalog.symbols} >= {"shop.app.increment"}
    assert "shop.app.helper" not in {s.id for s in session.catalog.symbols}
    assert "increment" in pages[REFERENCE_PAGE]


def test_a_page_whose_inputs_did_not_change_is_not_rendered_again(session: Session) -> None:
    session.build()
    assert session.memo.rendered == ()
    assert not session.stages.relinked


def test_a_secret_added_in_an_unread_docstring_is_masked_and_reported(session: Session) -> None:
    token = "ghp_" + "a1B2" * 9
    session.edit("Add one.", f"Add one. Uses {token}.")
    pages = session.build()
    assert not session.stages.relinked
    assert token not in pages[REFERENCE_PAGE]
    assert "Uses ***." in pages[REFERENCE_PAGE]
    assert session.catalog is not None
    secrets = [d for d in session.catalog.diagnostics if d.code == Code.SECRET_REDACTED]
    assert [(d.location.path if d.location else None) for d in secrets] == ["shop/app.py"]
    session.edit(f"Add one. Uses {token}.", "Add one.")
    session.build()
    assert not [d for d in session.catalog.diagnostics if d.code == Code.SECRET_REDACTED]


def test_ruff_findings_follow_an_edit_that_adds_then_removes_a_lint_error(session: Session) -> None:
    assert session.catalog is not None
    assert session.catalog.findings == ()
    session.edit("from fastapi import FastAPI\n", "import os\n\nfrom fastapi import FastAPI\n")
    session.build()
    assert [(f.code, f.location.path, f.location.line) for f in session.catalog.findings] == [
        ("F401", "shop/app.py", 3)
    ]
    session.edit("import os\n\nfrom fastapi import FastAPI\n", "from fastapi import FastAPI\n")
    session.build()
    assert session.catalog.findings == ()


def test_complexity_follows_an_edit_that_adds_a_branch(session: Session) -> None:
    assert session.catalog is not None
    before = {f.symbol: f.complexity for f in session.catalog.health.functions}
    assert before == {"shop.app.list_items": 1, "shop.app.helper": 1}
    session.edit("    return x + 1\n", "    if x:\n        return x + 1\n    return 0\n")
    pages = session.build()
    assert {f.symbol: f.complexity for f in session.catalog.health.functions} == {
        "shop.app.list_items": 1,
        "shop.app.helper": 2,
    }
    assert "health.md" in session.memo.rendered
    assert (
        "| [<code>shop.app.helper</code>](reference/shop.app.md#helper) | "
        "<code>shop/<wbr>app.<wbr>py&#58;14</code> | 2 |" in (pages["health.md"])
    )


def test_a_syntax_error_keeps_the_last_good_pages_and_the_fix_after_it_is_shown(tmp_path: Path) -> None:
    root = tmp_path / "src"
    (root / "shop").mkdir(parents=True)
    (root / "shop" / "__init__.py").write_text('"""The shop."""\n', encoding="utf-8")
    (root / "shop" / "app.py").write_text(APP, encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    preview = Preview(replace(load_config(root), cache_dir=tmp_path / "cache", jobs=1), work)
    preview.rebuild()
    page = preview.site / "reference" / "shop.app" / "index.html"
    (root / "shop" / "app.py").write_text(APP.replace("Add one.", "Add two.") + "def broken(:\n", encoding="utf-8")
    outcome = preview.rebuild()
    assert outcome.error is not None
    assert outcome.error.startswith("shop/app.py:")
    assert "DG901" in outcome.error
    assert "Add one." in page.read_text(encoding="utf-8")
    (root / "shop" / "app.py").write_text(APP.replace("Add one.", "Add two."), encoding="utf-8")
    outcome = preview.rebuild()
    assert (outcome.error, outcome.pages) == (None, ("reference/shop.app.md",))
    assert "Add two." in page.read_text(encoding="utf-8")


def test_an_edit_of_the_docstring_of_a_handler_with_an_import_inside_updates_the_route_page(
    session: Session,
) -> None:
    session.edit('    """List the items."""\n', '    """List the items."""\n    from . import util\n\n')
    session.build()
    session.edit("List the items.", "List every item for sale.")
    pages = session.build()
    assert session.stages.relinked
    assert "List every item for sale." in pages[ROUTE_PAGE]


HANDLER = '''def view():
    """Show it."""
    from .models import Item
    return Item
'''


def test_a_docstring_read_through_a_renamed_copy_is_one_read_of_the_original() -> None:
    old = summarise("pkg/views.py", "pkg.views", False, "sha", HANDLER.encode())
    copy = renamed(old, "app.pkg.views", Path("/src"), {}, lambda module, _: module)
    assert copy.body[0] is not old.body[0]  # the import inside was rewritten: a copy of the function
    with recorded_reads() as reads:
        docstring = copy.body[0].docstring
    assert docstring == "Show it."
    carry(old, copy, reads)
    edited = summarise("pkg/views.py", "pkg.views", False, "sha", HANDLER.replace("Show it.", "Show all.").encode())
    assert not alike(old, edited, reads)
    assert alike(old, summarise("pkg/views.py", "pkg.views", False, "sha2", HANDLER.encode()), reads)


def test_ruff_findings_follow_an_edit_of_ruffs_settings_alone(session: Session) -> None:
    session.edit("from fastapi import FastAPI\n", "import os\n\nfrom fastapi import FastAPI\n")
    session.build()
    assert session.catalog is not None
    assert [f.code for f in session.catalog.findings] == ["F401"]
    (session.root / "ruff.toml").write_text('[lint]\nignore = ["F401"]\n', encoding="utf-8")
    session.build()
    assert session.catalog.findings == ()


def test_edits_that_keep_the_files_size_each_show(session: Session) -> None:
    session.edit("Add one.", "Add 1st.")
    assert "Add 1st." in session.build()[REFERENCE_PAGE]
    session.edit("Add 1st.", "Add 2nd.")
    assert "Add 2nd." in session.build()[REFERENCE_PAGE]


def test_the_tree_is_walked_again_only_when_an_edit_may_change_what_is_in_it(session: Session) -> None:
    session.edit("Add one.", "Add one to x.")
    pages = session.build(["shop/app.py"])
    assert (session.stages.listing.walked, "Add one to x." in pages[REFERENCE_PAGE]) == (False, True)
    (session.root / "shop" / "extra.py").write_text('"""More helpers."""\n', encoding="utf-8")
    pages = session.build(["shop/extra.py"])  # a new file: not in the listing
    assert (session.stages.listing.walked, "reference/shop.extra.md" in pages) == (True, True)
    (session.root / ".gitignore").write_text("shop/extra.py\n", encoding="utf-8")
    pages = session.build([".gitignore"])
    assert (session.stages.listing.walked, "reference/shop.extra.md" in pages) == (True, False)
    (session.root / "shop" / "util.py").unlink()
    pages = session.build(["shop/util.py"])
    assert (session.stages.listing.walked, "reference/shop.util.md" in pages) == (True, False)
    pages = session.build()  # paths not known: walked
    assert session.stages.listing.walked is True


def test_a_changed_pydantic_pin_relinks_the_models(session: Session) -> None:
    (session.root / "shop" / "schemas.py").write_text(
        '"""Schemas."""\nfrom pydantic import BaseModel\n\n\nclass Item(BaseModel):\n    """An item."""\n\n'
        "    note: str | None\n",
        encoding="utf-8",
    )
    (session.root / "pyproject.toml").write_text('[project]\nname = "shop"\ndependencies = ["pydantic==1.10.13"]\n')
    session.build()
    assert session.catalog is not None
    assert [f.required for m in session.catalog.models for f in m.fields] == [False]
    (session.root / "pyproject.toml").write_text('[project]\nname = "shop"\ndependencies = ["pydantic>=2.5"]\n')
    session.build(["pyproject.toml"])  # no Python file changed: the pin alone
    assert [f.required for m in session.catalog.models for f in m.fields] == [True]

"""Rendered Markdown pages: exact rows, links, anchors, slugs, nav and history notes."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from docgen.errors import BuildError
from docgen.model import (
    Auth,
    Coverage,
    CoverageKind,
    Finding,
    FindingSource,
    History,
    HistoryStatus,
    HttpMethod,
    KindCoverage,
    Module,
    ModuleCoverage,
    Relation,
    RelationKind,
    Symbol,
    SymbolKind,
)
from docgen.render import RenderedSite, render_site
from docgen.render.pages import NAV_SECTION_SIZE, SYMBOLS_PER_PAGE
from docgen.render.reference_layout import package_nav
from tests.render import catalog_factory as cf

API_PAGE = "api/app.api.items.md"


@pytest.fixture(scope="module")
def site() -> RenderedSite:
    return render_site(cf.catalog(), cf.config())


def lines(text: str) -> list[str]:
    return text.splitlines()


def test_page_set(site: RenderedSite) -> None:
    assert list(site.pages) == [
        "index.md",
        "api/index.md",
        API_PAGE,
        "models/index.md",
        "models/app.schemas.md",
        "reference/index.md",
        "reference/app.api.items.md",
        "reference/app.schemas.md",
        "quality.md",
        "health.md",
        "changes.md",
    ]


def test_nav_is_sectioned_with_escaped_labels(site: RenderedSite) -> None:
    assert site.nav == [
        {"Home": "index.md"},
        {"API": [{"Overview": "api/index.md"}, {"app.api.items": API_PAGE}]},
        {"Models": [{"Overview": "models/index.md"}, {"app.schemas": "models/app.schemas.md"}]},
        {
            "Reference": [
                {"Overview": "reference/index.md"},
                {"app.api.items": "reference/app.api.items.md"},
                {"app.schemas": "reference/app.schemas.md"},
            ]
        },
        {"Quality": "quality.md"},
        {"Health": "health.md"},
        {"Changes": "changes.md"},
    ]


def test_home_counts(site: RenderedSite) -> None:
    page = lines(site.pages["index.md"])
    assert page[0] == "# Shop"
    assert "**Frameworks:** <code>fastapi</code>" in page
    assert "    2 endpoints; the OpenAPI description as [openapi.json](openapi.json)" in page
    assert "    2 models" in page
    assert "    2 modules, 4 symbols" in page
    assert "    1 finding" in page
    assert "**Git history:** complete (at <code>0123456</code>)" in page


def test_endpoint_heading_badge_and_anchor(site: RenderedSite) -> None:
    page = lines(site.pages[API_PAGE])
    assert (
        '## <span class="dg-method dg-method-get">GET</span> <code>/<wbr>items/<wbr>&#123;item&#95;<wbr>id&#125;</code>'
        " { #get-items-item_id }"
    ) in page


def test_parameter_rows(site: RenderedSite) -> None:
    page = lines(site.pages[API_PAGE])
    # three columns: where it travels and whether it is required under the name, the default and
    # constraints under the description
    assert "| Name | Type | Description |" in page
    assert (
        '| <code>item&#95;<wbr>id</code><br><span class="dg-field-meta">path · '
        '<span class="dg-required">required</span></span> | <code>int</code> | '
        'The item id.<br><span class="dg-field-meta"><code>ge&#61;1</code></span> |'
    ) in page
    assert (
        '| <code>q</code><br><span class="dg-field-meta">query</span> | <code>str &#124; None</code> | '
        '<span class="dg-field-meta">default <code>None</code></span> |'
    ) in page
    table = page.index("| Name | Type | Description |")
    assert page[table - 2 : table] == ['<div class="dg-stack dg-fields" markdown>', ""]


def test_body_and_responses_link_to_model_pages(site: RenderedSite) -> None:
    page = lines(site.pages[API_PAGE])
    assert (
        "**Request body** (<code>application/json</code>, required): [ItemCreate](../models/app.schemas.md#item)"
    ) in page
    assert "| <code>200</code> | [Item](../models/app.schemas.md#item) | The item. |" in page


def test_auth_and_missing_auth_badge(site: RenderedSite) -> None:
    page = site.pages[API_PAGE]
    assert (
        "**Authentication:** <code>oauth2</code> (<code>get&#95;current&#95;user</code>; "
        "scopes <code>items&#58;read</code>)" in page
    )
    assert (
        '<span class="dg-badge dg-badge-warning" title="State-changing route without authentication (DG402)">'
        "no authentication</span>"
    ) in page
    assert page.count("no authentication</span>") == 1


def test_defined_in_and_last_changed(site: RenderedSite) -> None:
    page = lines(site.pages[API_PAGE])
    assert (
        "**Defined in:** <code>app/<wbr>api/<wbr>items.<wbr>py&#58;12</code>, handler "
        "[<code>app.<wbr>api.<wbr>items.<wbr>read&#95;<wbr>item</code>](../reference/app.api.items.md#read_item), "
        "served by <code>app.<wbr>main&#58;app</code>"
    ) in page
    # symbol history first, then the file's last commit
    assert "**Last changed:** 2024-05-06 · <code>0123456</code> · Ada Lovelace" in page
    assert "**Last changed:** 2023-01-02 · <code>fedcba9</code> · Grace Hopper" in page


def test_source_links_when_repo_url_is_set() -> None:
    site = render_site(cf.catalog(), cf.config(repo_url="https://github.com/acme/shop"))
    page = site.pages[API_PAGE]
    head = cf.COMMIT.sha
    assert (
        f'**Defined in:** <a href="https&#58;//github.com/acme/shop/blob/{head}/app/api/items.py&#35;L12">'
        "<code>app/<wbr>api/<wbr>items.<wbr>py&#58;12</code></a>"
    ) in page
    assert f'<a href="https&#58;//github.com/acme/shop/commit/{head}"><code>0123456</code></a>' in page


def test_edit_uri_overrides_the_host_default() -> None:
    config = cf.config(repo_url="https://git.example.com/shop", edit_uri="src/branch/main")
    page = render_site(cf.catalog(), config).pages[API_PAGE]
    assert '<a href="https&#58;//git.example.com/shop/src/branch/main/app/api/items.py&#35;L12">' in page


@pytest.mark.parametrize(
    ("history", "expected"),
    [
        (History(), "**Last changed:** history unavailable"),
        (
            History(HistoryStatus.PARTIAL, symbols={"app.api.items.read_item": cf.COMMIT}),
            '**Last changed:** 2024-05-06 · <code>0123456</code> · Ada Lovelace <span class="dg-approx">'
            "(approximate: shallow clone)</span>",
        ),
        (History(HistoryStatus.AVAILABLE), "**Last changed:** not in the git history"),
    ],
)
def test_history_status_notes(history: History, expected: str) -> None:
    page = lines(render_site(cf.catalog(history=history), cf.config()).pages[API_PAGE])
    assert expected in page


def test_unavailable_history_never_shows_a_date() -> None:
    site = render_site(cf.catalog(history=History(reason="not a git repository")), cf.config())
    assert "**Git history:** history unavailable: not a git repository" in site.pages["changes.md"]
    assert not re.search(r"\d{4}-\d{2}-\d{2}", "".join(site.pages.values()))


def test_code_samples_in_tabs(site: RenderedSite) -> None:
    page = site.pages[API_PAGE]
    assert "=== \"curl\"\n\n    ```bash\n    curl -X GET 'http://localhost:8000/items/1?q=string'\n    ```" in page
    assert '=== "Python"' in page and '=== "JavaScript"' in page


def test_no_code_samples_when_disabled() -> None:
    config = cf.config()
    config = replace(config, api=replace(config.api, code_samples=False))
    assert "===" not in render_site(cf.catalog(), config).pages[API_PAGE]


def test_a_conditional_route_says_what_it_depends_on() -> None:
    conditional = cf.route(conditions=("settings.ENABLE_ADMIN", "not (mode == 'lite')"))
    page = render_site(cf.catalog(routes=(conditional,)), cf.config()).pages[API_PAGE]
    assert (
        '<span class="dg-badge dg-badge-info" title="Registered under a condition docgen cannot decide from the code">'
        "conditional</span>"
    ) in page
    assert (
        "Registered only if <code>settings.ENABLE&#95;ADMIN</code> and"
        " <code>not (mode &#61;&#61; &#39;lite&#39;)</code>: whether that holds depends on how the application is run."
    ) in lines(page)
    assert "conditional</span>" not in render_site(cf.catalog(), cf.config()).pages[API_PAGE]


def test_group_by_tag() -> None:
    config = cf.config()
    config = replace(config, api=replace(config.api, group_by="tag"))
    site = render_site(cf.catalog(), config)
    assert "api/items.md" in site.pages
    assert site.nav[1] == {"API": [{"Overview": "api/index.md"}, {"items": "api/items.md"}]}


def test_model_page_fields_relations_and_used_by(site: RenderedSite) -> None:
    page = lines(site.pages["models/app.schemas.md"])
    assert "## Item { #item }" in page
    assert (
        '| <code>name</code><br><span class="dg-field-meta"><span class="dg-required">required</span></span> | '
        '<code>str</code> | <span class="dg-field-meta"><code>max&#95;<wbr>length&#61;50</code></span> |'
    ) in page
    assert "| <code>owner</code> | nested | [Owner](app.schemas.md#owner) |" in page
    assert "- [POST /items/](../api/app.api.items.md#post-items)" in page
    assert "- [GET /items/&#123;item&#95;id&#125;](../api/app.api.items.md#get-items-item_id)" in page
    assert "    Item }o--o| Owner : owner" in page


def test_model_page_lists_reverse_relations_apart_with_links_to_their_source() -> None:
    item = cf.item_model(
        relations=(
            Relation(kind=RelationKind.FOREIGN_KEY, field="owner", target="app.schemas.Owner", opposite="items"),
        )
    )
    owner = replace(
        cf.owner_model(),
        relations=(Relation(kind=RelationKind.REVERSE, field="items", target="app.schemas.Item", opposite="owner"),),
    )
    page = render_site(cf.catalog(models=(item, owner)), cf.config()).pages["models/app.schemas.md"]
    owner_section = page[page.index("## Owner") :]
    start = owner_section.index("**Reverse relations**")
    assert owner_section[start : owner_section.index("**Defined in:**")].splitlines() == [
        "**Reverse relations**",
        "",
        "| Accessor | From | Through field |",
        "|----------|------|---------------|",
        "| <code>items</code> | [Item](app.schemas.md#item) | <code>owner</code> |",
        "",
    ]
    assert "**Relations**" not in owner_section
    item_section = page[page.index("## Item") : page.index("## Owner")]
    assert "| <code>owner</code> | foreign&#95;key | [Owner](app.schemas.md#owner) |" in item_section
    assert "Reverse relations" not in item_section
    # the diagram draws each relation once, from its source
    assert re.findall(r"^    \w+ \S+ \w+ : \w+$", page, re.MULTILINE) == ["    Item }o--|| Owner : owner"]


def test_reference_page_signature_and_docstring_tables(site: RenderedSite) -> None:
    page = lines(site.pages["reference/app.api.items.md"])
    assert "## read&#95;item { #read_item }" in page
    assert "### get { #repo-get }" in page
    assert "| <code>item&#95;<wbr>id</code> | <code>int</code> |  | The item id. |" in page
    assert "| <code>HTTPException</code> | When the item does not exist. |" in page
    assert "**Returns:** The item." in page


def test_quality_page_groups_findings(site: RenderedSite) -> None:
    page = lines(site.pages["quality.md"])
    assert (
        '| <a href="https&#58;//docs.astral.sh/ruff/rules/unused-import/"><code>F401</code></a> | 1 | '
        "<code>os</code> imported but unused |"
    ) in page
    assert "| <code>app/api/items.py</code> | 1 |" in page
    assert "| <code>app/main.py&#58;3</code> | <code>DG904</code> | link | prefix could not be evaluated |" in page


def test_quality_page_shows_coverage_per_kind_total_and_module() -> None:
    coverage = Coverage(
        kinds=(KindCoverage(CoverageKind.FUNCTION, 1, 2), KindCoverage(CoverageKind.ROUTE, 2, 2)),
        modules=(
            ModuleCoverage("app.schemas", "app/schemas.py", 0, 0),
            ModuleCoverage("app.api.items", "app/api/items.py", 3, 4),
        ),
        documented=3,
        total=4,
    )
    page = lines(render_site(cf.catalog(coverage=coverage), cf.config()).pages["quality.md"])
    assert page[page.index("| Kind | Documented | Total | Coverage |") + 2 :][:3] == [
        "| Functions | 1 | 2 | 50.0 % |",
        "| Routes | 2 | 2 | 100.0 % |",
        "| **Total** | **3** | **4** | **75.0 %** |",
    ]
    rows = page[page.index("| Module | Documented | Total | Coverage |") + 2 :][:2]
    assert rows == [
        "| [<code>app.api.items</code>](reference/app.api.items.md) | 3 | 4 | 75.0 % |",
        "| [<code>app.schemas</code>](reference/app.schemas.md) | 0 | 0 | n/a |",
    ]


def test_unauthenticated_section_lists_the_routes_dg402_reports() -> None:
    post = cf.create_route()
    dg402 = Finding("DG402", "POST /items/ changes state", post.location, FindingSource.DOCGEN)
    reported = render_site(cf.catalog(findings=(dg402,)), cf.config()).pages["quality.md"]
    assert "## State-changing routes without authentication { #unauthenticated }" in reported
    assert '| <span class="dg-method dg-method-post">POST</span> | [/items/]' in reported
    unreported = render_site(cf.catalog(), cf.config()).pages["quality.md"]
    assert "#unauthenticated" not in unreported


def test_quality_tables_are_capped() -> None:
    finding = cf.catalog().findings[0]
    findings = tuple(replace(finding, location=replace(finding.location, line=i)) for i in range(1, 251))
    page = render_site(cf.catalog(findings=findings), cf.config()).pages["quality.md"]
    assert "*50 more findings not shown; `docgen check` lists them all.*" in page


def test_changes_page_lists_recent_commits(site: RenderedSite) -> None:
    page = lines(site.pages["changes.md"])
    assert "| 2024-05-06 | <code>0123456</code> | Ada Lovelace | Add items API |" in page
    assert "| 2023-01-02 | <code>fedcba9</code> | Grace Hopper | Initial commit |" in page


def test_reserved_module_names_are_mangled() -> None:
    names = ("index", "search", "assets", "404", "sitemap", "Index")
    site = render_site(
        cf.catalog(modules=tuple(Module(name=n, path=f"{n}.py") for n in names), symbols=()), cf.config()
    )
    assert sorted(p for p in site.pages if p.startswith("reference/")) == [
        "reference/404-2.md",
        "reference/assets-2.md",
        "reference/index-2.md",
        "reference/index-3.md",
        "reference/index.md",
        "reference/search-2.md",
        "reference/sitemap-2.md",
    ]


def test_same_catalog_renders_identically() -> None:
    first = render_site(cf.catalog(), cf.config())
    second = render_site(cf.catalog(), cf.config())
    assert first.pages == second.pages and first.files == second.files and first.nav == second.nav


def test_operator_templates_take_precedence(tmp_path: Path) -> None:
    (tmp_path / "changes.md.j2").write_text("# Custom {{ title }}\n\n{{ project.name }}\n", encoding="utf-8")
    site = render_site(
        cf.catalog(project=replace(cf.catalog().project, name="{{ evil }}")), cf.config(templates_dir=tmp_path)
    )
    assert site.pages["changes.md"] == "# Custom Changes\n\n&#123;&#123; evil &#125;&#125;\n"


def test_template_errors_are_build_errors(tmp_path: Path) -> None:
    (tmp_path / "changes.md.j2").write_text("{{ missing_variable }}", encoding="utf-8")
    with pytest.raises(BuildError, match=r"changes\.md"):
        render_site(cf.catalog(), cf.config(templates_dir=tmp_path))


def test_big_packages_get_nested_nav_sections() -> None:
    entries = [(f"pkg.sub{i % 3}.mod{i:03}", f"reference/m{i}.md") for i in range(3 * NAV_SECTION_SIZE)]
    nav = package_nav(sorted(entries), NAV_SECTION_SIZE)
    assert [next(iter(section)) for section in nav] == ["pkg.sub0", "pkg.sub1", "pkg.sub2"]
    assert all(len(next(iter(s.values()))) == NAV_SECTION_SIZE for s in nav)


def test_websocket_and_any_routes() -> None:
    ws = cf.route("WEBSOCKET", "/ws", params=(), responses=(), auth=(Auth(kind="dependency", name="token"),))
    anything = cf.route("ANY", "/legacy", params=(), responses=(), auth=())
    page = render_site(cf.catalog(routes=(ws, anything)), cf.config()).pages[API_PAGE]
    assert '=== "JavaScript"\n\n    ```javascript\n    const socket = new WebSocket("ws://localhost:8000/ws");' in page
    assert "curl -X GET http://localhost:8000/legacy" in page
    assert ws.method is HttpMethod.WEBSOCKET


def test_findings_inside_a_handler_are_shown_on_its_endpoint() -> None:
    finding = replace(cf.catalog().findings[0], location=cf.route().location)
    outside = replace(finding, code="E501", location=replace(finding.location, line=99))
    page = lines(render_site(cf.catalog(findings=(finding, outside)), cf.config()).pages[API_PAGE])
    assert (
        '- <a href="https&#58;//docs.astral.sh/ruff/rules/unused-import/"><code>F401</code></a> at line 12: '
        "<code>os</code> imported but unused"
    ) in page
    assert not [line for line in page if "E501" in line]


def test_huge_modules_are_split_over_pages() -> None:
    location = cf.route().location
    functions = tuple(
        Symbol(
            id=f"big.f{i:04}",
            kind=SymbolKind.FUNCTION,
            name=f"f{i:04}",
            module="big",
            location=replace(location, line=i + 1),
            parent="big",
        )
        for i in range(SYMBOLS_PER_PAGE * 2 + 10)
    )
    catalog = cf.catalog(modules=(Module(name="big", path="big.py"),), symbols=functions, routes=(), models=())
    site = render_site(catalog, cf.config())
    assert [p for p in site.pages if p.startswith("reference/big")] == [
        "reference/big.md",
        "reference/big-part-2.md",
        "reference/big-part-3.md",
    ]
    assert site.pages["reference/big-part-3.md"].startswith("# big (part 3 of 3)\n")
    assert site.pages["reference/big-part-3.md"].count("\n## ") == 10
    assert site.nav[3]["Reference"][1:] == [
        {"big (part 1 of 3)": "reference/big.md"},
        {"big (part 2 of 3)": "reference/big-part-2.md"},
        {"big (part 3 of 3)": "reference/big-part-3.md"},
    ]


def test_sectioned_tabs_are_wrapped_so_prune_can_collapse_them() -> None:
    modules = tuple(Module(name=f"pkg.sub{i % 3}.mod{i:03}", path=f"m{i}.py") for i in range(3 * NAV_SECTION_SIZE))
    reference = render_site(cf.catalog(modules=modules, symbols=()), cf.config()).nav[3]["Reference"]
    assert reference[0] == {"Overview": "reference/index.md"}
    assert list(reference[1]) == ["Modules"]
    assert [next(iter(section)) for section in reference[1]["Modules"]] == ["pkg.sub0", "pkg.sub1", "pkg.sub2"]


def test_template_syntax_errors_name_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "changes.md.j2").write_text("# ok\n{% if %}\n", encoding="utf-8")
    with pytest.raises(BuildError, match=r"^template changes\.md\.j2:2 failed rendering changes\.md: "):
        render_site(cf.catalog(), cf.config(templates_dir=tmp_path))


def test_a_class_views_inherited_verb_links_the_class_and_names_the_implementation() -> None:
    inherited = cf.route(handler="app.api.items.Repo.list", implementation="rest_framework.mixins.ListModelMixin.list")
    page = lines(render_site(cf.catalog(routes=(inherited,)), cf.config()).pages[API_PAGE])
    assert (
        "**Defined in:** <code>app/<wbr>api/<wbr>items.<wbr>py&#58;12</code>, handler "
        "[<code>app.<wbr>api.<wbr>items.<wbr>Repo.<wbr>list</code>](../reference/app.api.items.md#repo) "
        "(implemented by <code>rest&#95;<wbr>framework.<wbr>mixins.<wbr>ListModelMixin.<wbr>list</code>), "
        "served by <code>app.<wbr>main&#58;app</code>"
    ) in page

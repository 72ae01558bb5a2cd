"""Reference entries: declared parameters, linked types, inherited members, wrapped signatures, masked source."""

from __future__ import annotations

from dataclasses import replace

from docgen.model import Location, Symbol, SymbolKind, SymbolParam
from docgen.render import render_site
from docgen.render.reference_layout import package_nav, symbol_anchor
from docgen.render.reference_view import Hierarchy, wrapped_signature
from docgen.render.source_redact import masked_source
from docgen.testing import link_sources
from tests.render import catalog_factory as cf

SOURCES = {
    "shop/__init__.py": "",
    "shop/errors.py": """
    class OutOfStock(Exception):
        '''No stock left.'''
    """,
    "shop/core.py": """
    from collections.abc import Sequence as Seq
    from shop.errors import OutOfStock

    class Base:
        def __init__(self, name: str) -> None:
            self.name = name

        def describe(self) -> str:
            return self.name

        def _hidden(self) -> None:
            pass

    class Cart(Base):
        def add(self, items: "Seq[Base]", *, count: int = 1, token: str = "sk_live_abcdefghijklmnop1234") -> Base:
            '''Add items.

            :param items: What to add.
            :raises OutOfStock: When nothing is left.
            '''
            return items[0]

        def describe(self) -> str:
            return "cart"
    """,
}


def _symbols() -> dict[str, Symbol]:
    linked, _ = link_sources(SOURCES)
    return {s.id: s for s in linked.symbols}


def test_a_callable_keeps_its_declared_parameters_return_type_and_what_its_names_resolve_to() -> None:
    add = _symbols()["shop.core.Cart.add"]
    assert add.params == (
        SymbolParam(name="items", kind="positional", annotation="'Seq[Base]'", default=""),
        SymbolParam(name="count", kind="keyword_only", annotation="int", default="1"),
        SymbolParam(name="token", kind="keyword_only", annotation="str", default="'***'"),
    )
    assert add.returns == "Base"
    assert add.refs == {
        "Seq": "collections.abc.Sequence",
        "Base": "shop.core.Base",
        "int": "builtins.int",
        "str": "builtins.str",
        "OutOfStock": "shop.errors.OutOfStock",
    }
    assert _symbols()["shop.core.Cart"].bases == ("shop.core.Base",)


def test_a_class_lists_the_public_members_it_inherits_and_does_not_redefine() -> None:
    symbols = _symbols()
    inherited = Hierarchy(symbols.values()).inherited("shop.core.Cart")
    assert [(group.base, group.members) for group in inherited] == [("shop.core.Base", ("shop.core.Base.__init__",))]


def test_the_reference_page_links_types_defaults_raises_inherited_members_and_the_source_line() -> None:
    catalog = cf.catalog(symbols=tuple(_symbols().values()), modules=())
    page = render_site(catalog, cf.config()).pages["reference/shop.core.md"]
    assert "| <code>items</code> | <code>'[Seq](shop.core.md#cart-add)&#91;" not in page
    assert (
        "| <code>items</code> | <code>&#39;Seq&#91;[Base](shop.core.md#base)&#93;&#39;</code> |  | What to add. |\n"
        "| <code>count</code> | <code>int</code> | <code>1</code> |  |\n"
        "| <code>token</code> | <code>str</code> | <code>&#39;&#42;&#42;&#42;&#39;</code> |  |"
    ) in page
    assert "**Returns:** <code>[Base](shop.core.md#base)</code>" in page
    assert "| <code>[OutOfStock](shop.errors.md#outofstock)</code> | When nothing is left. |" in page
    assert "**Bases:** [<code>shop.<wbr>core.<wbr>Base</code>](shop.core.md#base)" in page
    assert (
        "- from [<code>shop.<wbr>core.<wbr>Base</code>](shop.core.md#base): "
        "[<code>&#95;&#95;<wbr>init&#95;&#95;</code>](shop.core.md#base-init)"
    ) in page
    assert "### &#95;&#95;init&#95;&#95; { #base-init }" in page


def test_a_long_signature_is_wrapped_one_parameter_per_line_and_a_short_one_kept() -> None:
    long = Symbol(
        id="m.f",
        kind=SymbolKind.FUNCTION,
        name="f",
        module="m",
        location=Location("m.py", 1),
        signature="(path: str, sep: str = ', ', *, mapping: dict[str, tuple[int, int]] = {'a': (1, 2)}) -> list[str]",
    )
    assert wrapped_signature(long) == (
        "def f(\n"
        "    path: str,\n"
        "    sep: str = ', ',\n"
        "    *,\n"
        "    mapping: dict[str, tuple[int, int]] = {'a': (1, 2)},\n"
        ") -> list[str]"
    )
    assert wrapped_signature(replace(long, signature="(path: str) -> str")) == "def f(path: str) -> str"


def test_a_dunder_anchor_has_no_double_underscore_markdown_would_read_as_emphasis() -> None:
    assert symbol_anchor("Command.__init__") == "command-init"
    assert symbol_anchor("_private") == "_private"
    assert symbol_anchor("Repo.get") == "repo-get"


def test_a_big_app_nav_is_grouped_by_package_with_migrations_and_tests_last_and_never_cut_into_ranges() -> None:
    entries = [(f"app.migrations.{i:04}_step", f"reference/m{i}.md") for i in range(1, 69)]
    entries += [(f"app.views.v{i:02}", f"reference/v{i}.md") for i in range(30)]
    entries += [("app.tests.test_views", "reference/t.md"), ("app.api", "reference/api.md")]
    entries += [("app.grpc.service_pb2", "reference/pb.md"), ("app.grpc.server", "reference/server.md")]
    nav = package_nav(entries, 50)
    assert [next(iter(entry)) for entry in nav] == [
        "app.api",
        "app.grpc",
        "app.views",
        "app.migrations",
        "app.tests.test_views",
    ]
    assert nav[1] == {
        "app.grpc": [{"app.grpc.server": "reference/server.md"}, {"app.grpc.service_pb2": "reference/pb.md"}]
    }
    migrations = nav[3]["app.migrations"]
    assert len(migrations) == 68
    assert migrations[0] == {"app.migrations.0001_step": "reference/m1.md"}


def test_a_small_reference_nav_stays_flat_with_tests_last() -> None:
    entries = [("app.tests", "reference/t.md"), ("app.views", "reference/v.md"), ("app", "reference/app.md")]
    assert package_nav(entries, 50) == [
        {"app": "reference/app.md"},
        {"app.views": "reference/v.md"},
        {"app.tests": "reference/t.md"},
    ]


def test_a_source_page_masks_secrets_as_signatures_do_and_keeps_the_line_count() -> None:
    code = (
        'SECRET_KEY = "django-insecure-abcdef"\n'
        'password: str = "hunter22"\n'
        'sort_key: str = "name"\n'
        'headers = {"Authorization": "Bearer abcdefghijklmnopqrstuvwxyz123456", "Accept": "json"}\n'
        'def f(q: str = Query("xoxb-12345678901234567890abcd"), token="""multi\n'
        'line""", retries=3):\n'
        "    # ghp_abcdefghijklmnopqrstuvwxyz0123456789\n"
        '    return call(password="abc123xyz", name="ok")\n'
        'INVALID_TOKEN = "Your session has expired, please log in again"\n'
    )
    assert masked_source(code) == (
        "SECRET_KEY = '***'\n"
        "password: str = '***'\n"
        'sort_key: str = "name"\n'
        'headers = {"Authorization": \'***\', "Accept": "json"}\n'
        'def f(q: str = Query(\'***\'), token="""***\n'
        '""", retries=3):\n'
        "    # ***\n"
        "    return call(password='***', name=\"ok\")\n"
        'INVALID_TOKEN = "Your session has expired, please log in again"\n'
    )
    assert masked_source("def broken(:\n    '''\n") is None

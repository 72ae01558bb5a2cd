"""Docstring coverage from inline sources: what counts, under which kind, per module and in total."""

from __future__ import annotations

from docgen.model import Coverage, CoverageKind, KindCoverage, ModuleCoverage
from docgen.testing import link_sources

MAIN = '''
"""Routes and models."""
from fastapi import FastAPI
from pydantic import BaseModel, Field

app = FastAPI()


class Item(BaseModel):
    """An item."""

    name: str = Field(description="Its name.")
    price: float


class Undocumented(BaseModel):
    size: int


class Helper:
    """Helps."""

    def run(self) -> None:
        """Run."""

    def stop(self) -> None:
        pass

    def _private(self) -> None:
        pass

    def __repr__(self) -> str:
        return "Helper"


def util():
    pass


def _hidden():
    pass


@app.get("/items")
def list_items() -> list[Item]:
    """List items."""
    return []


@app.post("/items")
def create_item(item: Item) -> Item:
    return item
'''


def kinds(coverage: Coverage) -> dict[str, tuple[int, int]]:
    return {k.kind.value: (k.documented, k.total) for k in coverage.kinds}


def test_every_kind_is_counted_once_and_private_or_empty_things_not_at_all() -> None:
    linked, _ = link_sources(
        {
            "app/__init__.py": '"""The app."""\n',
            "app/main.py": MAIN,
            "app/empty.py": "",
            "app/_internal.py": "def f():\n    pass\n",
        }
    )
    coverage = linked.coverage
    assert kinds(coverage) == {
        "module": (2, 2),  # app, app.main; the empty module and the private one are not counted
        "class": (1, 1),  # Helper; Item and Undocumented count as models
        "function": (0, 1),  # util; handlers count as routes, _hidden is private
        "method": (1, 2),  # run, stop; _private and __repr__ are private
        "route": (1, 2),
        "model": (1, 2),
        "field": (1, 3),
    }
    assert (coverage.documented, coverage.total) == (7, 13)
    assert round(coverage.percent, 2) == 53.85
    assert coverage.modules == (
        ModuleCoverage("app", "app/__init__.py", 1, 1),
        ModuleCoverage("app.main", "app/main.py", 6, 12),
    )


def test_inherited_fields_count_where_declared_and_config_overloads_setters_do_not_count() -> None:
    source = '''
    """Models."""
    from typing import overload

    from pydantic import BaseModel, Field


    class Base(BaseModel):
        """Base."""

        id: int = Field(description="Id.")
        created: str


    class A(Base):
        """A."""

        a: int


    class B(Base):
        """B."""

        class Config:
            frozen = True


    @overload
    def parse(x: int) -> int: ...
    @overload
    def parse(x: str) -> str: ...
    def parse(x):
        """Parse."""
        return x


    class P:
        """P."""

        @property
        def v(self) -> int:
            """V."""
            return 1

        @v.setter
        def v(self, value: int) -> None:
            pass
    '''
    linked, _ = link_sources({"models.py": source})
    assert kinds(linked.coverage) == {
        "module": (1, 1),
        "class": (1, 1),  # P; Config configures B
        "function": (1, 1),  # the implementation of parse, not its overloads
        "method": (1, 1),  # the property, not its setter
        "route": (0, 0),
        "model": (3, 3),
        "field": (1, 3),  # Base.id, Base.created (once, though A and B inherit them), A.a
    }
    assert [f.message for f in linked.findings if f.code == "DG103"] == [
        "undocumented model field Base.created",
        "undocumented model field A.a",
    ]


def test_nothing_to_document_is_full_coverage() -> None:
    linked, _ = link_sources({"pkg/__init__.py": ""})
    assert linked.coverage.kinds == tuple(KindCoverage(kind, 0, 0) for kind in CoverageKind)
    assert (linked.coverage.total, linked.coverage.percent, linked.coverage.modules) == (0, 100.0, ())

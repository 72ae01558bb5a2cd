"""Model pages show values as a reader knows them.

A pattern as its regular expression, a factory's default as the value each instance gets.
"""

from __future__ import annotations

import re

from docgen.render import render_site
from docgen.testing import link_sources
from tests.render import catalog_factory as cf

SCHEMAS = """
from dataclasses import dataclass, field
from datetime import UTC, datetime
from uuid import uuid4

from pydantic import BaseModel, Field


class Book(BaseModel):
    isbn: str = Field(..., pattern=r"^\\d{10}(\\d{3})?$")
    code: str = Field(pattern="^[A-Z]{2}\\\\.[0-9]+$")
    tags: list[str] = Field(default_factory=list, max_length=10)
    extra: dict[str, str] = Field(default_factory=dict)
    ref: str = Field(default_factory=uuid4)
    added: datetime = Field(default_factory=lambda: datetime.now(UTC))
    copy: str = Field(default_factory=lambda data: data["isbn"])
    genre: str = "fiction"


@dataclass
class Shelf:
    books: list[str] = field(default_factory=list)
"""


def _cells(page: str, name: str) -> list[str]:
    """The cells of the fields-table row of ``name``, tags dropped and entities decoded."""
    escaped = name.replace("_", "&#95;")
    row = next(line for line in page.splitlines() if line.startswith(f"| <code>{escaped}</code>"))
    text = re.sub(r"<[^>]+>", " ", row.replace("<wbr>", ""))
    for entity, char in (("&#92;", "\\"), ("&#123;", "{"), ("&#125;", "}"), ("&#94;", "^"), ("&#36;", "$")):
        text = text.replace(entity, char)
    text = text.replace("&#61;", "=").replace("&#91;", "[").replace("&#93;", "]").replace("&#39;", "'")
    text = text.replace("&#95;", "_").replace("&#58;", ":").replace("&#46;", ".").replace("&quot;", '"')
    return [" ".join(cell.split()) for cell in text.strip().strip("|").split("|")]


def _page() -> str:
    linked, _ = link_sources({"app/__init__.py": "", "app/schemas.py": SCHEMAS})
    return render_site(cf.catalog(models=linked.models), cf.config()).pages["models/app.schemas.md"]


def test_a_pattern_is_shown_as_the_regular_expression_the_source_wrote() -> None:
    page = _page()
    assert _cells(page, "isbn") == ["isbn required", "str", r"pattern=^\d{10}(\d{3})?$"]
    # a non-raw literal's escapes are Python's: the pattern is what the string holds
    assert _cells(page, "code") == ["code required", "str", r"pattern=^[A-Z]{2}\.[0-9]+$"]


def test_a_default_factory_is_shown_as_the_value_each_instance_gets() -> None:
    page = _page()
    assert _cells(page, "tags") == ["tags", "list[str]", "default list() · max_length=10"]
    assert _cells(page, "extra") == ["extra", "dict[str, str]", "default dict()"]
    assert _cells(page, "ref") == ["ref", "str", "default uuid4()"]
    assert _cells(page, "added") == ["added", "datetime", "default datetime.now(UTC)"]
    assert _cells(page, "copy") == ["copy", "str", """default lambda data: data["isbn"]"""]
    assert _cells(page, "genre") == ["genre", "str", "default 'fiction'"]
    assert _cells(page, "books") == ["books", "list[str]", "default list()"]

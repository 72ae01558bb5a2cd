"""Parse built HTML pages into the facts the security and site tests assert on."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path


@dataclass
class Element:
    """A start tag: its name and attributes (names lower-case)."""

    tag: str
    attrs: dict[str, str]


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Page(HTMLParser):
    """Every element of a page, the inline script bodies, and the decoded text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.inline_scripts: list[str] = []
        self.text: list[str] = []
        self.title = ""
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(Element(tag, {k.lower(): v or "" for k, v in attrs}))
        if tag not in VOID:
            self._in.append(tag)
        if tag == "script" and "src" not in dict(attrs):
            self.inline_scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data: str) -> None:
        current = self._in[-1] if self._in else ""
        if current == "script" and self.inline_scripts:
            self.inline_scripts[-1] += data
        elif current == "title":
            self.title += data
        else:
            self.text.append(data)

    def all_text(self) -> str:
        """The decoded text of the page (what a reader sees), scripts excluded."""
        return "".join(self.text)

    def find(self, tag: str, **attrs: str) -> list[Element]:
        """Elements with this tag whose attributes include ``attrs`` (``class_`` for class)."""
        wanted = {k.rstrip("_"): v for k, v in attrs.items()}
        return [e for e in self.elements if e.tag == tag and all(e.attrs.get(k) == v for k, v in wanted.items())]


def scan(path: Path) -> Page:
    """Parse one HTML file."""
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def html_files(site: Path) -> list[Path]:
    """Every HTML file of a built site, sorted."""
    return sorted(site.rglob("*.html"))


RESOURCE_ATTRS = {
    ("script", "src"),
    ("link", "href"),
    ("img", "src"),
    ("iframe", "src"),
    ("source", "src"),
    ("video", "src"),
    ("audio", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("image", "href"),
}


def external_loads(page: Page) -> list[str]:
    """Resources the page would fetch from another host (links to click are not loads)."""
    loads = []
    for element in page.elements:
        for tag, attr in RESOURCE_ATTRS:
            value = element.attrs.get(attr, "")
            if element.tag == tag and value.startswith(("http:", "https:", "//")):
                if tag == "link" and element.attrs.get("rel") in {"canonical", "alternate"}:
                    continue
                loads.append(f"<{tag} {attr}={value}>")
    return loads

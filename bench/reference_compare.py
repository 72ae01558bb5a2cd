"""What docgen's code reference and the mkdocstrings recipe's show for the same functions (not a test).

Usage: python bench/reference_compare.py [--docgen click=DIR,django=DIR] [--recipe click=DIR,django=DIR]
                                         [--sources click=DIR,django=DIR]

Reads the two built sites' HTML (docgen's ``docgen build`` output, the recipe's site built by
bench/peers.py) for a fixed list of functions and classes of click and Django, and prints one
Markdown table: per row a thing a reference can show, per column a symbol, each cell
``docgen / recipe``. What there is to show comes from the package's source (parsed with ``ast``,
never imported): the annotated parameters, the defaults, the return annotation, the exception
types the docstring documents, the members the class defines itself. What a site shows is read
from the symbol's section of its page (from its heading to the next heading of the same level):

- parameter types / defaults: annotated parameters whose annotation (defaulted ones whose
  default) is shown, in the signature (``name: T = d``) or in the row of a parameter table;
- return type: the return annotation, after ``->`` or in a Returns line;
- raised types: documented exception types shown as code in a Raises section (a docstring shown
  as plain text does not count);
- cross-links: links to another symbol's section (permalinks and source links not counted);
- source view: ``anchored`` when a link leads to the line's anchor on a source page (the anchor
  checked in that page), ``inline`` for code shown in place without line anchors;
- inherited members: members shown for a class that it does not define itself;
- wrapped signature: for signatures over 80 characters, whether they are laid out one parameter
  per line.
"""

from __future__ import annotations

import argparse
import ast
import html
import re
from dataclasses import dataclass
from pathlib import Path

TARGETS = (
    ("click", "click.core", "Command.main"),
    ("click", "click.decorators", "option"),
    ("click", "click.termui", "prompt"),
    ("click", "click.decorators", "version_option"),
    ("click", "click.core", "Group"),
    ("django", "django.utils.text", "slugify"),
    ("django", "django.shortcuts", "get_object_or_404"),
    ("django", "django.core.paginator", "Paginator.__init__"),
    ("django", "django.core.paginator", "Paginator.get_elided_page_range"),
    ("django", "django.shortcuts", "redirect"),
    ("django", "django.views.generic.edit", "CreateView"),
)
ROWS = (
    "parameter types",
    "defaults",
    "return type",
    "raised types",
    "cross-links",
    "source view",
    "inherited members",
    "wrapped signature",
)
DEFAULTS = {
    "docgen": "click=/tmp/ref-click,django=/tmp/ref-django",
    "recipe": "click=/tmp/peers/recipe-click/site,django=/tmp/peers/recipe-django/site",
    "sources": "click=/tmp/peers/click-src,django=/tmp/peers/django-src",
}
_TAG = re.compile(r"<[^>]+>")
_HEADING = re.compile(r"<h([1-6])\b[^>]*\bid=\"([^\"]+)\"", re.IGNORECASE)
_LINK = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.IGNORECASE | re.DOTALL)
_HREF = re.compile(r"href=\"([^\"]*)\"")


@dataclass(frozen=True)
class Truth:
    """What the source declares for one symbol."""

    annotated: dict[str, str]
    defaults: dict[str, str]
    returns: str
    raises: tuple[str, ...]
    own_members: frozenset[str]
    is_class: bool


def text_of(fragment: str) -> str:
    return html.unescape(_TAG.sub("", fragment))


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text).replace('"', "'")


def truth(source_root: Path, module: str, qualname: str) -> Truth:
    """The declared parameters, annotations, defaults, documented raises and own members."""
    base = source_root.joinpath(*module.split("."))
    path = base / "__init__.py" if base.is_dir() else base.with_suffix(".py")
    node: ast.AST = ast.parse(path.read_text(encoding="utf-8"))
    for part in qualname.split("."):
        node = next(
            n
            for n in reversed(getattr(node, "body", []))
            if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and n.name == part
        )
    if isinstance(node, ast.ClassDef):
        members = frozenset(
            n.name for n in node.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        )
        return Truth({}, {}, "", _raises(ast.get_docstring(node)), members, True)
    assert isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    args = node.args
    positional = [*args.posonlyargs, *args.args]
    if "." in qualname and positional and positional[0].arg in {"self", "cls"}:
        positional = positional[1:]
    everything = [*positional, *args.kwonlyargs, *([args.vararg] if args.vararg else [])]
    everything += [args.kwarg] if args.kwarg else []
    annotated = {a.arg: ast.unparse(a.annotation) for a in everything if a.annotation is not None}
    defaults = dict(zip([a.arg for a in positional][::-1], [ast.unparse(d) for d in args.defaults][::-1], strict=False))
    defaults |= {a.arg: ast.unparse(d) for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True) if d is not None}
    returns = ast.unparse(node.returns) if node.returns is not None else ""
    return Truth(annotated, defaults, returns, _raises(ast.get_docstring(node)), frozenset(), False)


def _raises(docstring: str | None) -> tuple[str, ...]:
    text = docstring or ""
    found = re.findall(r":raises?\s+([\w.]+)\s*:", text)
    section = re.search(r"^\s*Raises:\s*\n((?:[ \t]+.*\n?)+)", text, re.MULTILINE)
    if section:
        found += re.findall(r"^[ \t]+([A-Z][\w.]*)\s*:", section.group(1), re.MULTILINE)
    return tuple(dict.fromkeys(found))


def section(page: str, ids: list[str]) -> tuple[str, str] | None:
    """The HTML from the heading with the last of ``ids`` found to the next heading of its level or above."""
    heads = list(_HEADING.finditer(page))
    for wanted in reversed(ids):
        for i, head in enumerate(heads):
            if head.group(2) != wanted:
                continue
            level = int(head.group(1))
            end = next((h.start() for h in heads[i + 1 :] if int(h.group(1)) <= level), len(page))
            return wanted, page[head.start() : end]
    return None


def docgen_section(site: Path, module: str, qualname: str) -> tuple[Path, str] | None:
    page = site / "reference" / module.lower() / "index.html"
    if not page.is_file():
        return None
    slug = qualname.lower().replace(".", "-")
    new = re.sub(r"-{2,}", "-", re.sub(r"_{2,}", "-", slug)).strip("-")
    ids = [slug, *(f"{slug}-{n}" for n in range(2, 6)), new, *(f"{new}-{n}" for n in range(2, 6))]
    found = section(page.read_text(encoding="utf-8"), ids)
    return (page, found[1]) if found else None


def recipe_section(site: Path, module: str, qualname: str) -> tuple[Path, str] | None:
    page = site / "reference" / Path(*module.split(".")) / "index.html"
    if not page.is_file():
        return None
    found = section(page.read_text(encoding="utf-8"), [f"{module}.{qualname}"])
    return (page, found[1]) if found else None


def signature_text(fragment: str) -> str:
    """The text of the first signature block (docgen's highlighted block, the recipe's heading or overloads)."""
    blocks = re.findall(
        r"<div class=\"(?:language-python highlight|doc-signature highlight)\"><pre>(.*?)</pre>", fragment, re.S
    )
    if blocks:
        return text_of(blocks[-1])
    head = re.search(r"<h[1-6][^>]*>(.*?)</h[1-6]>", fragment, re.S)
    return text_of(head.group(1)) if head else ""


def rows_text(fragment: str) -> list[str]:
    return [squash(text_of(r)) for r in re.findall(r"<tr>(.*?)</tr>", fragment, re.S)]


def measure(fragment: str, page: Path, facts: Truth, qualname: str) -> dict[str, str]:
    sig = signature_text(fragment)
    flat = squash(sig)
    rows = rows_text(fragment)
    name = qualname.rpartition(".")[2]

    def in_row(param: str, value: str) -> bool:
        v = squash(value)
        return any(re.match(rf"\**{re.escape(param)}(?![\w])", r) and v in r for r in rows)

    types = [p for p, ann in facts.annotated.items() if f"{p}:{squash(ann)}" in flat or in_row(p, ann)]
    defaults = [
        p
        for p, d in facts.defaults.items()
        if re.search(rf"{re.escape(p)}(:[^=]*?)?={re.escape(squash(d))}", flat) or in_row(p, d)
    ]
    out: dict[str, str] = {}
    out["parameter types"] = f"{len(types)}/{len(facts.annotated)}" if facts.annotated else "n/a"
    out["defaults"] = f"{len(defaults)}/{len(facts.defaults)}" if facts.defaults else "n/a"
    if facts.returns:
        returns = re.search(r"Returns:?(.*?)(?:<h[1-6]|Source|$)", fragment, re.S)
        shown = f"->{squash(facts.returns)}" in flat or bool(
            returns and squash(facts.returns) in squash(text_of(returns.group(1)))
        )
        out["return type"] = "yes" if shown else "no"
    else:
        out["return type"] = "n/a"
    if facts.raises:
        tail = fragment.split(">Raises", 1)
        codes = (
            {text_of(c).strip() for c in re.findall(r"<code>(.*?)</code>", tail[1], re.S)} if len(tail) > 1 else set()
        )
        out["raised types"] = f"{len([r for r in facts.raises if r in codes])}/{len(facts.raises)}"
    else:
        out["raised types"] = "n/a"
    links = 0
    anchored = False
    for attrs, label in _LINK.findall(fragment):
        href = m.group(1) if (m := _HREF.search(attrs)) else ""
        if "headerlink" in attrs or href.startswith(("http:", "https:")) or not href:
            continue
        if "_source/" in href:
            target, _, line = href.partition("#")
            source_page = (page.parent / target).resolve()
            source_page = source_page / "index.html" if source_page.is_dir() else source_page
            anchored = anchored or (source_page.is_file() and f'id="{line}"' in source_page.read_text(encoding="utf-8"))
            continue
        if re.fullmatch(r"#L-\d+|#__codelineno-[\d-]+", href) or not text_of(label).strip():
            continue
        links += 1
    out["cross-links"] = str(links)
    inline = "mkdocstrings-source" in fragment
    out["source view"] = "anchored" if anchored else ("inline" if inline else "none")
    if facts.is_class:
        shown = {h.rpartition(".")[2] for h in re.findall(r"\bid=\"([^\"]+)\"", fragment)}
        inherited = re.search(r"Inherited members(.*?)(?:<h[1-6]|$)", fragment, re.S)
        if inherited:
            shown |= {text_of(label).strip() for _, label in _LINK.findall(inherited.group(1))}
        recipe_ids = {i.rpartition(".")[2] for i in re.findall(r"\bid=\"[\w.]+\.(\w+)\"", fragment)}
        extra = {n for n in shown | recipe_ids if n and n not in facts.own_members and n != name}
        extra = {n for n in extra if re.fullmatch(r"\w+", n) and ((inherited and n in shown) or n in recipe_ids)}
        out["inherited members"] = str(len(extra))
    else:
        out["inherited members"] = "n/a"
    long = len(" ".join(sig.split())) > 80
    out["wrapped signature"] = ("yes" if "(\n" in sig else "no") if long else "n/a"
    return out


def score(cell: str) -> int | None:
    """A cell's value to compare: shown items, yes = 1, anchored > inline > none; None for n/a."""
    if cell in {"n/a", "missing"}:
        return None if cell == "n/a" else -1
    if "/" in cell:
        return int(cell.split("/")[0])
    return {"yes": 1, "no": 0, "anchored": 2, "inline": 1, "none": 0}.get(cell, int(cell) if cell.isdigit() else 0)


def verdict(pairs: list[tuple[str, str]]) -> str:
    """``ahead``, ``equal`` or ``behind`` over a row's cells (n/a on one side counts as nothing shown)."""
    ahead = behind = False
    for docgen, recipe in pairs:
        d, r = score(docgen), score(recipe)
        d, r = (0 if d is None else d), (0 if r is None else r)
        ahead, behind = ahead or d > r, behind or d < r
    return "behind" if behind else ("ahead" if ahead else "equal")


def parse_map(text: str) -> dict[str, Path]:
    return {k: Path(v) for k, _, v in (item.partition("=") for item in text.split(",") if item)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for key, value in DEFAULTS.items():
        parser.add_argument(f"--{key}", default=value)
    args = parser.parse_args()
    docgen, recipe, sources = parse_map(args.docgen), parse_map(args.recipe), parse_map(args.sources)
    columns: list[str] = []
    cells: dict[str, list[str]] = {row: [] for row in ROWS}
    pairs: dict[str, list[tuple[str, str]]] = {row: [] for row in ROWS}
    for package, module, qualname in TARGETS:
        facts = truth(sources[package], module, qualname)
        columns.append(f"`{module}.{qualname}`")
        found = {
            "docgen": docgen_section(docgen[package], module, qualname),
            "recipe": recipe_section(recipe[package], module, qualname),
        }
        measured = {
            side: measure(f[1], f[0], facts, qualname) if f else dict.fromkeys(ROWS, "missing")
            for side, f in found.items()
        }
        for row in ROWS:
            cells[row].append(f"{measured['docgen'][row]} / {measured['recipe'][row]}")
            pairs[row].append((measured["docgen"][row], measured["recipe"][row]))
    print("| docgen / recipe | " + " | ".join(columns) + " | docgen is |")
    print("|---|" + "---|" * (len(columns) + 1))
    for row in ROWS:
        print(f"| {row} | " + " | ".join(cells[row]) + f" | {verdict(pairs[row])} |")


if __name__ == "__main__":
    main()

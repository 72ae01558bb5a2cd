"""Check the example site in headless Chromium: ER diagrams render offline, nothing loads from the web.

Builds ``examples/bookshop`` with docgen, serves the site on 127.0.0.1 (``python -m http.server``,
killed after ``--lifetime`` seconds at the latest) and checks:

1. **Diagrams.** For every page with a Mermaid ER block, Chromium's DOM after the page's scripts
   ran (``--dump-dom``) must hold an ``<svg>`` inside the diagram container and no raw
   ``erDiagram`` text (each diagram's relationship lines and whether it got pan and zoom are
   counted for the record). Chromium's network log must show no request from the page to any host
   but the local server, and its console no load blocked by the Content-Security-Policy and no
   uncaught script error.
2. **No external references.** Every ``.html``/``.js``/``.css`` file of the built site is scanned
   for ``src=``/``href=``/``url(``/``@import``/``fetch(`` pointing at ``http(s)://``. HTML is
   parsed (so ``https&#58;//`` is seen too): anything the browser loads by itself (``src``,
   ``<link href>``, styles) fails the check; an ``<a href>`` to the project's ``repo_url`` is
   allowed; other ``<a href>`` links are listed (a reader may follow them; nothing is loaded).
   Absolute URL strings in scripts that the patterns do not catch (Material's fallbacks) are
   listed for the record.
3. **Model links.** On the built HTML, each endpoint links its request and response models to
   their sections, and each model section's "Used by" lists exactly the endpoints using it.

Screenshots of a models page and an endpoint page can be written with ``--screenshots DIR``.
Prints what it checked and PASS/FAIL; exit 1 on FAIL, 2 when Chromium or the build is missing.
``tests/test_browser.py`` runs the same checks (skipped when ``/usr/bin/chromium`` is absent).

    python bench/browser_check.py --screenshots /tmp/shots
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import shlex
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "bookshop"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
_EXTERNAL = re.compile(r"^\s*https?://", re.IGNORECASE)
_TEXT_PATTERNS = {
    "src=/href=": re.compile(r"\b(?:src|href)\s*=\s*[\"'`]?\s*(https?://[^\s\"'`)>]*)", re.IGNORECASE),
    "url(": re.compile(r"url\(\s*[\"']?\s*(https?://[^\s\"')]*)", re.IGNORECASE),
    "@import": re.compile(r"@import\s+(?:url\()?\s*[\"']?\s*(https?://[^\s\"');]*)", re.IGNORECASE),
    "fetch(": re.compile(r"fetch\(\s*[\"'`]\s*(https?://[^\s\"'`]*)", re.IGNORECASE),
}
_CONSOLE = re.compile(r":CONSOLE[^\]]*\] (.*)")
"""A console message in Chromium's ``--enable-logging=stderr`` output."""
_URL_LITERAL = re.compile(r"[\"'`](https?://[^\s\"'`]+)[\"'`]")
_XML_NAMESPACES = ("http://www.w3.org/",)
_RESOURCE_ATTRIBUTES = frozenset({"src", "srcset", "poster", "data", "background", "xlink:href", "action"})
_NOT_LOADED_RELS = frozenset({"canonical", "alternate", "author", "license", "me"})


@dataclass(frozen=True, slots=True)
class Reference:
    """An absolute http(s) URL found in a built file.

    Attributes:
        file: The file, relative to the site root.
        kind: How it is referenced (``<script src>``, ``url(``, ``<a href>``...).
        url: The URL.
    """

    file: str
    kind: str
    url: str


@dataclass(slots=True)
class References:
    """What the scan of a built site found.

    Attributes:
        loaded: References the browser would load by itself (the check fails on any).
        links: ``<a href>`` links to other hosts than the repository (listed, allowed).
        repo_links: ``<a href>`` links to the project's ``repo_url`` (allowed).
        script_strings: Other absolute URLs written in scripts (listed for the record).
    """

    loaded: list[Reference] = field(default_factory=list)
    links: list[Reference] = field(default_factory=list)
    repo_links: list[Reference] = field(default_factory=list)
    script_strings: list[Reference] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class DiagramResult:
    """One page's diagram as Chromium rendered it.

    Attributes:
        page: The page, relative to the site root.
        containers: Diagram containers in the DOM after scripts ran.
        with_svg: Containers holding an ``<svg>``.
        raw_blocks: Blocks still holding raw ``erDiagram`` text.
        external_requests: Requests from the page to hosts other than the local server.
        blocked: Console messages about loads the Content-Security-Policy blocked.
        script_errors: Console messages about uncaught script errors.
        edges: Per container, the relationship lines drawn in its ``<svg>``.
        zoomable: Containers given pan and zoom (drawn wider than the page).
    """

    page: str
    containers: int
    with_svg: int
    raw_blocks: int
    external_requests: tuple[str, ...]
    blocked: tuple[str, ...]
    script_errors: tuple[str, ...]
    edges: tuple[int, ...] = ()
    zoomable: int = 0

    @property
    def ok(self) -> bool:
        """Every container rendered, no raw text left, nothing fetched from the web, blocked or failing."""
        return (
            self.containers > 0
            and self.with_svg == self.containers
            and self.raw_blocks == 0
            and not (self.external_requests or self.blocked or self.script_errors)
        )


# --- building and serving ------------------------------------------------------------------


def build_site(docgen: list[str], project: Path, out: Path) -> None:
    """``docgen build project -o out``."""
    subprocess.run([*docgen, "build", str(project), "-o", str(out)], check=True, capture_output=True, timeout=600)


def extract_catalog(docgen: list[str], project: Path, out: Path) -> dict:
    """``docgen extract project --format json``, parsed."""
    subprocess.run(
        [*docgen, "extract", str(project), "--format", "json", "-o", str(out)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return json.loads(out.read_text(encoding="utf-8"))


@contextlib.contextmanager
def serve(root: Path, lifetime: float) -> Iterator[str]:
    """Serve ``root`` on 127.0.0.1 (a free port) for at most ``lifetime`` seconds; yield its base URL."""
    command = [sys.executable, "-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", str(root)]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    watchdog = threading.Timer(lifetime, server.kill)
    watchdog.start()
    try:
        line = server.stdout.readline() if server.stdout else ""
        match = re.search(r"port (\d+)", line)
        if match is None:
            raise RuntimeError(f"http.server did not start: {line!r}")
        yield f"http://127.0.0.1:{match.group(1)}/"
    finally:
        watchdog.cancel()
        server.kill()
        server.wait(timeout=10)
        if server.stdout is not None:
            server.stdout.close()


# --- the browser ---------------------------------------------------------------------------


def run_chromium(url: str, *, chromium: str, budget_ms: int, extra: tuple[str, ...]) -> subprocess.CompletedProcess:
    """Load ``url`` in a fresh headless Chromium profile with ``extra`` output flags."""
    with tempfile.TemporaryDirectory(prefix="docgen-chromium-") as profile:
        command = [
            chromium,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            f"--virtual-time-budget={budget_ms}",
            "--enable-logging=stderr",
            "--v=0",
            *extra,
            url,
        ]
        return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def check_diagram(base: str, page: str, *, chromium: str = CHROMIUM, budget_ms: int = 10000) -> DiagramResult:
    """Render ``page`` and look at its diagrams, its network log and its console."""
    with tempfile.TemporaryDirectory(prefix="docgen-netlog-") as tmp:
        netlog = Path(tmp) / "netlog.json"
        url = urljoin(base, page)
        done = run_chromium(
            url, chromium=chromium, budget_ms=budget_ms, extra=("--dump-dom", f"--log-net-log={netlog}")
        )
        requests = page_requests(netlog, base) if netlog.exists() else []
    scan = _DiagramScan()
    scan.feed(done.stdout)
    local = urlsplit(base).netloc
    console = [m.group(1) for m in _CONSOLE.finditer(done.stderr)]
    return DiagramResult(
        page,
        scan.containers,
        scan.with_svg,
        scan.raw_blocks,
        tuple(sorted({u for u in requests if urlsplit(u).netloc != local})),
        tuple(m for m in console if "Content Security Policy" in m or "Refused to" in m),
        tuple(m for m in console if "Uncaught" in m),
        tuple(scan.edges),
        scan.zoomable,
    )


def page_requests(netlog: Path, base: str) -> list[str]:
    """URLs the page (not the browser itself) requested, from Chromium's ``--log-net-log`` file."""
    data = json.loads(netlog.read_text(encoding="utf-8", errors="replace") or "{}")
    types = {number: name for name, number in data.get("constants", {}).get("logEventTypes", {}).items()}
    origin = base.rstrip("/")
    found = []
    for event in data.get("events", []):
        params = event.get("params") or {}
        if types.get(event.get("type")) != "URL_REQUEST_START_JOB" or "url" not in params:
            continue
        # The page's own loads carry its origin as initiator; Chromium's housekeeping has none.
        if params.get("initiator") == origin or params["url"].startswith(origin):
            found.append(params["url"])
    return found


def screenshot(url: str, path: Path, *, chromium: str = CHROMIUM, size: str = "1280,1600") -> bool:
    """Save a screenshot of ``url``; whether the file was written."""
    run_chromium(url, chromium=chromium, budget_ms=10000, extra=(f"--screenshot={path}", f"--window-size={size}"))
    return path.is_file() and path.stat().st_size > 0


class _DiagramScan(HTMLParser):
    """Counts diagram containers in a DOM dump, those holding an ``<svg>``, and raw ER blocks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.containers = 0
        self.with_svg = 0
        self.raw_blocks = 0
        self.edges: list[int] = []
        self.zoomable = 0
        self._stack: list[tuple[str, bool]] = []  # (tag, is a diagram container) of open elements
        self._svg_seen: list[bool] = []
        self._text: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        container = tag in ("div", "pre") and any(c in ("mermaid", "dg-mermaid") for c in classes)
        if tag == "svg" and self._svg_seen:
            self._svg_seen[-1] = True
        if tag == "path" and self._svg_seen and self._svg_seen[-1] and "relationshipLine" in classes:
            self.edges[-1] += 1
        if tag in _VOID:
            return
        self._stack.append((tag, container))
        if container:
            self.containers += 1
            self.edges.append(0)
            self.zoomable += "dg-zoomable" in classes
            self._svg_seen.append(False)
            self._text.append([])

    def handle_endtag(self, tag: str) -> None:
        while self._stack:
            open_tag, container = self._stack.pop()
            if container:
                self.with_svg += self._svg_seen.pop()
                if re.match(r"\s*erDiagram\b", "".join(self._text.pop())):
                    self.raw_blocks += 1
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._text and not self._svg_seen[-1]:
            self._text[-1].append(data)


_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"})


# --- static scans of the built site --------------------------------------------------------


def diagram_pages(site: Path) -> list[str]:
    """Pages (``models/x/``) whose HTML holds a Mermaid ER block."""
    found = []
    for path in sorted(site.rglob("index.html")):
        text = path.read_text(encoding="utf-8", errors="replace")
        if re.search(r'<pre class="(?:dg-)?mermaid"><code>erDiagram', text):
            found.append(path.parent.relative_to(site).as_posix() + "/")
    return found


def external_references(site: Path, repo_url: str | None) -> References:
    """Every absolute http(s) reference in the site's .html/.js/.css files, sorted by how it is used."""
    refs = References()
    for path in sorted(site.rglob("*")):
        if path.suffix not in (".html", ".js", ".css") or not path.is_file():
            continue
        rel = path.relative_to(site).as_posix()
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".html":
            _scan_html(rel, text, repo_url, refs)
        else:
            _scan_text(rel, text, refs.loaded)
            if path.suffix == ".js":
                listed = {r.url for r in refs.loaded if r.file == rel}
                for url in sorted(set(_URL_LITERAL.findall(text)) - listed):
                    if not url.startswith(_XML_NAMESPACES):
                        refs.script_strings.append(Reference(rel, "string in script", url))
    return refs


def _scan_text(rel: str, text: str, out: list[Reference]) -> None:
    for kind, pattern in _TEXT_PATTERNS.items():
        out.extend(Reference(rel, kind, url) for url in pattern.findall(text))


def _scan_html(rel: str, text: str, repo_url: str | None, refs: References) -> None:
    scan = _HtmlRefs()
    scan.feed(text)
    for tag, name, value, rel_attr in scan.attributes:
        if not _EXTERNAL.match(value):
            continue
        ref = Reference(rel, f"<{tag} {name}>", value.strip())
        if tag == "a" and name == "href":
            allowed = repo_url and value.strip().startswith(repo_url.rstrip("/"))
            (refs.repo_links if allowed else refs.links).append(ref)
        elif tag == "link" and set(rel_attr.split()) & _NOT_LOADED_RELS:
            refs.links.append(ref)
        elif name in _RESOURCE_ATTRIBUTES or name == "href":
            refs.loaded.append(ref)
    for block in scan.styles + scan.scripts:
        _scan_text(rel, block, refs.loaded)


class _HtmlRefs(HTMLParser):
    """Attribute values (entities decoded), inline styles and inline scripts of one HTML file."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.attributes: list[tuple[str, str, str, str]] = []  # (tag, attribute, value, rel=)
        self.styles: list[str] = []
        self.scripts: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        for name, value in values.items():
            if name in ("href", *_RESOURCE_ATTRIBUTES):
                for candidate in value.split(",") if name == "srcset" else [value]:
                    self.attributes.append((tag, name, candidate.strip().split(" ")[0], values.get("rel", "")))
            elif name == "style":
                self.styles.append(value)
        self._in = tag if tag in ("style", "script") else None

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "style":
            self.styles.append(data)
        elif self._in == "script":
            self.scripts.append(data)


# --- model links ---------------------------------------------------------------------------


def check_model_links(site: Path, catalog: dict) -> list[str]:
    """Problems with endpoint → model and model → endpoint links on the built HTML (empty: all good)."""
    sections = _sections(site)
    endpoints = {}  # (method, path) → (page, anchor)
    models = {}  # (page directory, heading) → (page, anchor)
    for (page, anchor), (heading, _html) in sections.items():
        if page.startswith("api/"):
            match = re.match(r"(\S+)\s+(\S+)", heading)
            if match:
                endpoints[(match.group(1), match.group(2))] = (page, anchor)
        elif page.startswith("models/"):
            models[(page.split("/")[1], heading)] = (page, anchor)
    by_id = {m["id"]: m for m in catalog["models"]}
    problems: list[str] = []
    users: dict[str, set[tuple[str, str]]] = {}
    for route in catalog["routes"]:
        key = (route["method"], route["path"])
        used = {r["model"] for r in route.get("responses") or () if r.get("model")}
        body = route.get("request_body") or {}
        used |= {body["model"]} if body.get("model") else set()
        for model_id in used:
            users.setdefault(model_id, set()).add(key)
        if not used:
            continue
        if key not in endpoints:
            problems.append(f"{key[0]} {key[1]}: no endpoint section found")
            continue
        linked = _links(site, sections, *endpoints[key])
        for model_id in sorted(used):
            target = models.get((by_id[model_id]["module"], by_id[model_id]["name"]))
            if target not in linked:
                problems.append(f"{key[0]} {key[1]}: no link to model {model_id}")
    for model_id, routes in sorted(users.items()):
        target = models.get((by_id[model_id]["module"], by_id[model_id]["name"]))
        if target is None:
            problems.append(f"model {model_id}: no section found")
            continue
        listed = {k for k, where in endpoints.items() if where in _links(site, sections, *target, used_by=True)}
        for missing in sorted(routes - listed):
            problems.append(f"model {model_id}: 'Used by' lacks {missing[0]} {missing[1]}")
        for extra in sorted(listed - routes):
            problems.append(f"model {model_id}: 'Used by' lists {extra[0]} {extra[1]}, which does not use it")
    return problems


def _sections(site: Path) -> dict[tuple[str, str], tuple[str, str]]:
    """``(page, h2 id)`` → (heading text, section HTML) for every h2 section of API and model pages."""
    found = {}
    for path in sorted([*site.glob("api/*/index.html"), *site.glob("models/*/index.html")]):
        page = path.parent.relative_to(site).as_posix() + "/"
        text = path.read_text(encoding="utf-8")
        parts = re.split(r'(<h2 id="[^"]+">.*?</h2>)', text)
        for heading, body in zip(parts[1::2], parts[2::2], strict=True):
            anchor = re.match(r'<h2 id="([^"]+)">', heading)
            assert anchor is not None
            title = _text(re.sub(r'<a class="headerlink".*?</a>', "", heading))
            found[(page, anchor.group(1))] = (title, body.split("</article>", 1)[0])
    return found


def _links(site: Path, sections: dict, page: str, anchor: str, *, used_by: bool = False) -> set[tuple[str, str]]:
    """The sections that links of one section (or of its "Used by" list) point to."""
    html = sections[(page, anchor)][1]
    if used_by:
        start = html.find("<strong>Used by</strong>")
        html = html[start : html.find("</ul>", start)] if start >= 0 else ""
    found = set()
    for href in re.findall(r'<a href="([^"]+)"', html):
        target = urlsplit(urljoin(f"http://site/{page}", href))
        found.add((unquote(target.path).lstrip("/"), target.fragment))
    return found


def _text(html: str) -> str:
    scan = _Text()
    scan.feed(html)
    return " ".join("".join(scan.parts).split())


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


# --- the report ----------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """Build, serve, check and print; 0 PASS, 1 FAIL, 2 cannot run."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--project", type=Path, default=EXAMPLE, help="backend to build (default: the example)")
    parser.add_argument("--site", type=Path, help="check this built site instead of building one")
    parser.add_argument("--docgen", default="python -m docgen", help="how to call docgen")
    parser.add_argument("--chromium", default=CHROMIUM)
    parser.add_argument("--lifetime", type=float, default=300, help="seconds the local server may live")
    parser.add_argument("--repo-url", help="the project's repo_url (links to it are allowed)")
    parser.add_argument("--screenshots", type=Path, help="write a models page's and an endpoint page's screenshot here")
    args = parser.parse_args(argv)
    if not Path(args.chromium).is_file():
        print(f"cannot run: {args.chromium} not found (apt-get install chromium)")
        return 2
    docgen = shlex.split(args.docgen)
    if docgen and docgen[0] == "python":
        docgen[0] = sys.executable
    with tempfile.TemporaryDirectory(prefix="docgen-browser-") as tmp:
        site = args.site or Path(tmp) / "site"
        if args.site is None:
            print(f"building {args.project} -> {site}")
            build_site(docgen, args.project, site)
        catalog = extract_catalog(docgen, args.project, Path(tmp) / "catalog.json")
        report = run_checks(site, catalog, args.chromium, args.lifetime, args.repo_url, args.screenshots)
    print("\n".join(report.lines))
    print("PASS" if report.ok else "FAIL")
    return 0 if report.ok else 1


@dataclass(slots=True)
class Report:
    """What the checks printed, and whether they passed."""

    lines: list[str] = field(default_factory=list)
    ok: bool = True
    diagrams: list[DiagramResult] = field(default_factory=list)
    references: References = field(default_factory=References)
    link_problems: list[str] = field(default_factory=list)

    def add(self, ok: bool, text: str) -> None:
        """Record one check."""
        self.ok &= ok
        self.lines.append(f"[{'ok' if ok else 'FAIL'}] {text}")


def run_checks(
    site: Path, catalog: dict, chromium: str, lifetime: float, repo_url: str | None, shots: Path | None
) -> Report:
    """Every check on a built site; ``shots``: where to save screenshots (None: none)."""
    report = Report()
    pages = diagram_pages(site)
    report.add(bool(pages), f"pages with an ER diagram block: {', '.join(pages) or 'none'}")
    with serve(site, lifetime) as base:
        for page in pages:
            result = check_diagram(base, page, chromium=chromium)
            report.diagrams.append(result)
            report.add(
                result.ok,
                f"{page}: {result.with_svg}/{result.containers} diagram containers hold an <svg>, "
                f"edges drawn {list(result.edges)}, {result.zoomable} with pan and zoom, "
                f"{result.raw_blocks} raw erDiagram blocks, requests to other hosts: "
                f"{list(result.external_requests) or 'none'}, blocked loads: {list(result.blocked) or 'none'}, "
                f"script errors: {list(result.script_errors) or 'none'}",
            )
        if shots is not None:
            shots.mkdir(parents=True, exist_ok=True)
            for name, page in (("models", pages[0] if pages else ""), ("endpoint", _endpoint_page(site))):
                path = shots / f"{name}.png"
                written = screenshot(urljoin(base, page), path, chromium=chromium)
                report.lines.append(f"[info] screenshot of {page or '/'}: {path if written else 'not written'}")
    refs = external_references(site, repo_url)
    report.references = refs
    report.add(not refs.loaded, f"resources loaded from http(s) hosts: {len(refs.loaded)}")
    report.lines.extend(f"    {r.file}: {r.kind} {r.url}" for r in refs.loaded)
    report.lines.append(
        f"[info] <a href> links to the repository ({repo_url or 'no repo_url'}): {len(refs.repo_links)}"
    )
    report.lines.append(f"[info] <a href> links to other hosts (followed only on click): {len(refs.links)}")
    report.lines.extend(f"    {r.file}: {r.url}" for r in _distinct(refs.links))
    report.lines.append(
        f"[info] absolute URL strings in scripts, not references by the patterns: {len(refs.script_strings)}"
    )
    report.lines.extend(f"    {r.file}: {r.url}" for r in refs.script_strings)
    report.link_problems = check_model_links(site, catalog)
    linked = sum(1 for r in catalog["routes"] if _uses_models(r))
    report.add(
        not report.link_problems,
        f"model links: {linked} endpoints with models link them, and each model's 'Used by' lists them exactly",
    )
    report.lines.extend(f"    {p}" for p in report.link_problems)
    return report


def _endpoint_page(site: Path) -> str:
    """An API page with a request body linked to its model (else the first API page), for a screenshot."""
    pages = sorted(site.glob("api/*/index.html"))
    for path in pages:
        if re.search(r'<strong>Request body</strong>[^\n]*<a href="[^"]*models/', path.read_text(encoding="utf-8")):
            return path.parent.relative_to(site).as_posix() + "/"
    return pages[0].parent.relative_to(site).as_posix() + "/" if pages else ""


def _uses_models(route: dict) -> bool:
    body = route.get("request_body") or {}
    return bool(body.get("model") or any(r.get("model") for r in route.get("responses") or ()))


def _distinct(refs: list[Reference]) -> list[Reference]:
    """One reference per URL (the first file it is met in), for a readable list."""
    seen: dict[str, Reference] = {}
    for ref in refs:
        seen.setdefault(ref.url, ref)
    return list(seen.values())


if __name__ == "__main__":
    sys.exit(main())

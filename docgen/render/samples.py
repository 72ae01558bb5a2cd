"""Request code samples for an endpoint (curl, Python requests, JavaScript fetch).

Samples go verbatim into fenced code blocks, where nothing can be escaped, so they are built
inert by construction: the path is percent-encoded, parameter names outside a safe alphabet are
left out, and JSON strings escape every character that could start template or include syntax.
A sample that still fails :func:`~docgen.render.sanitize.is_inert` is dropped.
"""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass
from urllib.parse import quote

from docgen.model import HttpMethod, Model, ModelKind, ParamLocation, Route
from docgen.render.sanitize import is_inert

DEFAULT_SERVER = "http://localhost:8000"
_SAFE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]{0,63}")
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(?::[^{}]*)?\}")
_EXAMPLES = {"int": 1, "float": 1.5, "bool": True, "uuid": "00000000-0000-0000-0000-000000000000"}
_JSON_ESCAPED = frozenset("{}<>`'~\"\\")


@dataclass(frozen=True, slots=True)
class Sample:
    """One code sample.

    Attributes:
        label: Tab label (``curl``, ``Python``, ``JavaScript``).
        language: Fence language for highlighting.
        code: The sample's source, inert.
    """

    label: str
    language: str
    code: str


def code_samples(route: Route, models: dict[str, Model], servers: tuple[str, ...]) -> tuple[Sample, ...]:
    """The code samples for ``route``: three HTTP clients, or one WebSocket client."""
    server = servers[0].rstrip("/") if servers and re.fullmatch(r"https?://[^\s'\"`{}<>]+", servers[0]) else None
    url = (server or DEFAULT_SERVER) + _url_path(route)
    query = [p for p in route.params if p.in_ is ParamLocation.QUERY and _SAFE_NAME.fullmatch(p.name)]
    if query:
        url += "?" + "&".join(f"{quote(p.name)}={_example_for(p.type)}" for p in query)
    if route.method is HttpMethod.WEBSOCKET:
        ws = re.sub(r"^http", "ws", url)
        samples = [Sample("JavaScript", "javascript", _websocket_js(ws))]
    else:
        method = "GET" if route.method is HttpMethod.ANY else route.method.value
        headers = {
            p.name: "value"
            for p in route.params
            if p.in_ is ParamLocation.HEADER and re.fullmatch(r"[A-Za-z0-9_-]{1,64}", p.name)
        }
        value = _body_value(route, models)
        body = None if value is _NO_BODY else _json(value)
        python_body = None if value is _NO_BODY else _json(value, python=True)
        if body is not None:
            headers["Content-Type"] = route.request_body.media_type if route.request_body else "application/json"
            if not re.fullmatch(r"[a-z]+/[a-z0-9.+-]+", headers["Content-Type"]):
                headers["Content-Type"] = "application/json"
        samples = [
            Sample("curl", "bash", _curl(method, url, headers, body)),
            Sample("Python", "python", _python(method, url, headers, python_body)),
            Sample("JavaScript", "javascript", _javascript(method, url, headers, body)),
        ]
    return tuple(s for s in samples if is_inert(s.code))


def _url_path(route: Route) -> str:
    """The route path with ``{param}`` placeholders replaced by examples, percent-encoded."""
    types = {p.name: p.type for p in route.params if p.in_ is ParamLocation.PATH}
    pieces: list[str] = []
    last = 0
    for match in _PLACEHOLDER.finditer(route.path):
        pieces.append(quote(route.path[last : match.start()], safe="/-._~"))
        name = match.group(1)
        example = _example_for(types.get(name, ""))
        pieces.append(str(example) if example != "string" else quote(name, safe="") or "value")
        last = match.end()
    pieces.append(quote(route.path[last:], safe="/-._~"))
    path = "".join(pieces)
    return path if path.startswith("/") else "/" + path


def _example_for(type_text: str | None) -> str:
    """A literal example for a parameter of the given type, as URL text."""
    base = (type_text or "").lower()
    for name, value in _EXAMPLES.items():
        if re.search(rf"\b{name}\b", base):
            return json.dumps(value) if isinstance(value, bool) else str(value)
    return "string"


def _example_value(type_text: str, models: dict[str, Model], model_id: str | None, depth: int) -> object:
    """A JSON example for a field or body of the given type."""
    if model_id and model_id in models and depth < 2:
        return _model_example(models[model_id], models, depth + 1)
    text = type_text.lower().replace("typing.", "")
    if re.match(r"(list|set|tuple|sequence|frozenset)\b", text):
        return []
    if re.match(r"(dict|mapping)\b", text):
        return {}
    for name, value in (("bool", True), ("int", 0), ("float", 0.0), ("decimal", 0.0), ("str", "string")):
        if re.search(rf"{name}\b", text):
            return value
    return None


def _model_example(model: Model, models: dict[str, Model], depth: int) -> object:
    if model.kind is ModelKind.ENUM:
        first = model.fields[0] if model.fields else None
        value = _literal_default(first.default) if first else None
        return value if value is not None else (first.name if first else None)
    by_name = {m.name: m.id for m in models.values()}
    example: dict[str, object] = {}
    for field in model.fields[:20]:
        key = field.alias or field.name
        target = by_name.get(re.sub(r"[^A-Za-z0-9_].*", "", field.type))
        example[key] = _example_value(field.type, models, target, depth)
    return example


def _literal_default(text: str | None) -> object:
    """A short string or number literal from the source (an enum value), else None."""
    if text and re.fullmatch(r"""'[^'\\]{0,50}'|"[^"\\]{0,50}"|-?\d{1,12}""", text):
        return text[1:-1] if text[0] in "'\"" else int(text)
    return None


def _body_value(route: Route, models: dict[str, Model]) -> object:
    """An example request body, or ``_NO_BODY``."""
    body = route.request_body
    if body is None:
        return _NO_BODY
    if body.fields:
        return {f.name: _example_value(f.type, models, None, 0) for f in body.fields}
    return _example_value(body.type, models, body.model, 0)


_NO_BODY = object()


def _json(value: object, *, python: bool = False) -> str:
    """Compact JSON, or a Python literal, with strings that cannot break out of their fence.

    Characters that start template, shell-quote, fence or include syntax become JSON unicode escapes.
    """
    if isinstance(value, dict):
        items = (_json(str(k), python=python) + ": " + _json(v, python=python) for k, v in value.items())
        return "{" + ", ".join(items) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_json(v, python=python) for v in value) + "]"
    if isinstance(value, str):
        return '"' + "".join(_json_char(c) for c in value[:200]) + '"'
    if python and (value is None or isinstance(value, bool)):
        return repr(value)
    return json.dumps(value)


def _json_char(char: str) -> str:
    if char in _JSON_ESCAPED or not char.isprintable() or not char.isascii():
        return f"\\u{ord(char):04x}" if ord(char) < 0x10000 else "\\ufffd"
    return char


def _curl(method: str, url: str, headers: dict[str, str], body: str | None) -> str:
    lines = [f"curl -X {method} {shlex.quote(url)}"]
    lines += [f"  -H {shlex.quote(f'{name}: {value}')}" for name, value in headers.items()]
    if body is not None:
        lines.append(f"  -d {shlex.quote(body)}")
    return " \\\n".join(lines)


_REQUESTS_SHORTCUTS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})
"""The methods requests has a function of their own for; TRACE and extension methods go through ``request()``."""


def _python(method: str, url: str, headers: dict[str, str], body: str | None) -> str:
    function, args = method.lower(), [json.dumps(url)]
    if method not in _REQUESTS_SHORTCUTS:
        function, args = "request", [json.dumps(method), *args]
    if headers:
        args.append(f"headers={_json(headers)}")
    if body is not None:
        args.append(f"json={body}")
    if headers or body is not None:
        call = "\n".join([f"response = requests.{function}(", *(f"    {a}," for a in args), ")"])
    else:
        call = f"response = requests.{function}({', '.join(args)})"
    return f"import requests\n\n{call}\nprint(response.status_code)"


def _javascript(method: str, url: str, headers: dict[str, str], body: str | None) -> str:
    lines = ["const response = await fetch(" + json.dumps(url) + ", {", f'  method: "{method}",']
    if headers:
        lines.append(f"  headers: {_json(headers)},")
    if body is not None:
        lines.append(f"  body: JSON.stringify({body}),")
    lines += ["});", "console.log(response.status);"]
    return "\n".join(lines)


def _websocket_js(url: str) -> str:
    return (
        f"const socket = new WebSocket({json.dumps(url)});\n"
        'socket.addEventListener("message", (event) => console.log(event.data));'
    )

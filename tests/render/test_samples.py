"""Code samples: exact text, and inert even for hostile paths and names."""

from __future__ import annotations

from docgen.model import Body, Param, ParamLocation
from docgen.render.samples import code_samples
from docgen.render.sanitize import is_inert
from tests.render import catalog_factory as cf

MODELS = {m.id: m for m in cf.catalog().models}


def test_get_samples() -> None:
    curl, python, javascript = code_samples(cf.route(), MODELS, ())
    assert (curl.label, curl.language) == ("curl", "bash")
    assert curl.code == "curl -X GET 'http://localhost:8000/items/1?q=string'"
    assert python.code == (
        'import requests\n\nresponse = requests.get("http://localhost:8000/items/1?q=string")\n'
        "print(response.status_code)"
    )
    assert javascript.code == (
        'const response = await fetch("http://localhost:8000/items/1?q=string", {\n'
        '  method: "GET",\n'
        "});\n"
        "console.log(response.status);"
    )


def test_post_samples_with_a_model_body_and_header() -> None:
    route = cf.route(
        "POST",
        "/items/",
        params=(Param(name="X-Token", in_=ParamLocation.HEADER, type="str"),),
        request_body=Body(type="Owner", model="app.schemas.Owner"),
    )
    curl, python, _ = code_samples(route, MODELS, ("https://api.example.com/",))
    assert curl.code == (
        "curl -X POST https://api.example.com/items/ \\\n"
        "  -H 'X-Token: value' \\\n"
        "  -H 'Content-Type: application/json' \\\n"
        '  -d \'{"email": "string"}\''
    )
    assert 'json={"email": "string"},' in python.code


def test_trace_and_extension_methods_go_through_requests_request() -> None:
    _, python, _ = code_samples(cf.route("TRACE", "/items", params=()), MODELS, ())
    assert python.code == (
        'import requests\n\nresponse = requests.request("TRACE", "http://localhost:8000/items")\n'
        "print(response.status_code)"
    )
    route = cf.route("PUSH", "/items", params=(Param(name="X-Token", in_=ParamLocation.HEADER, type="str"),))
    curl, python, javascript = code_samples(route, MODELS, ())
    assert curl.code == "curl -X PUSH http://localhost:8000/items \\\n  -H 'X-Token: value'"
    assert python.code == (
        "import requests\n\nresponse = requests.request(\n"
        '    "PUSH",\n    "http://localhost:8000/items",\n    headers={"X-Token": "value"},\n)\n'
        "print(response.status_code)"
    )
    assert '  method: "PUSH",' in javascript.code


def test_python_body_uses_python_literals() -> None:
    route = cf.route(
        "POST", "/flags", params=(), request_body=Body(fields=(Param(name="on", in_=ParamLocation.QUERY, type="bool"),))
    )
    _, python, javascript = code_samples(route, MODELS, ())
    assert 'json={"on": True},' in python.code
    assert 'body: JSON.stringify({"on": true}),' in javascript.code


def test_hostile_names_cannot_break_out_of_the_fence() -> None:
    route = cf.route(
        "POST",
        "/{{ config }}/<x>/`y`/--8<--/{% raw %}",
        params=(
            Param(name="{{h}}", in_=ParamLocation.HEADER, type="str"),
            Param(name="q{%x%}", in_=ParamLocation.QUERY, type="str"),
        ),
        request_body=Body(fields=(Param(name="{{ k }}'`~~~", in_=ParamLocation.QUERY, type="str"),)),
    )
    samples = code_samples(route, MODELS, ("https://x/{{bad}}",))
    assert [s.label for s in samples] == ["curl", "Python", "JavaScript"]
    for sample in samples:
        assert is_inert(sample.code)
    assert samples[0].code == (
        "curl -X POST http://localhost:8000/%7B%7B%20config%20%7D%7D/%3Cx%3E/%60y%60/--8%3C--"
        "/%7B%25%20raw%20%25%7D \\\n"
        "  -H 'Content-Type: application/json' \\\n"
        '  -d \'{"\\u007b\\u007b k \\u007d\\u007d\\u0027\\u0060\\u007e\\u007e\\u007e": "string"}\''
    )

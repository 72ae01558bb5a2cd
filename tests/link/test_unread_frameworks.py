"""A web framework the code imports and no extractor reads is named in one DG913, not left as "0 routes"."""

from __future__ import annotations

from docgen.testing import link_sources


def test_each_unread_framework_is_one_warning_at_its_first_import_with_the_module_count() -> None:
    _, diagnostics = link_sources(
        {
            "svc/__init__.py": "",
            "svc/app.py": "import responder\nfrom flask import Flask\n\napp = Flask(__name__)\n",
            "svc/handlers.py": "from responder import API\nimport cherrypy\n\n\ndef later():\n    import robyn\n",
            "svc/more.py": "from responder import models\nimport aiohttp\nfrom tornado.web import RequestHandler\n",
        }
    )
    assert [(d.code, str(d.location), d.message) for d in diagnostics if d.code == "DG913"] == [
        (
            "DG913",
            "svc/handlers.py:2",
            "CherryPy (cherrypy) is imported by 1 module but no extractor docgen runs reads it (not supported yet, "
            "or left out of `frameworks`): its routes are not listed",
        ),
        (
            "DG913",
            "svc/app.py:1",
            "Responder (responder) is imported by 3 modules but no extractor docgen runs reads it (not supported yet, "
            "or left out of `frameworks`): its routes are not listed",
        ),
    ]


def test_a_framework_docgen_reads_or_a_local_module_of_that_name_is_not_reported() -> None:
    _, diagnostics = link_sources(
        {
            "app.py": "from fastapi import FastAPI\nimport bottle\n\napp = FastAPI()\n",
            "bottle.py": '"""A local module that happens to be called bottle."""\n',
        }
    )
    assert [d for d in diagnostics if d.code == "DG913"] == []

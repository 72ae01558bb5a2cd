"""The ``[tool.docgen.api]`` table: how the API section is organised, and its opt-in console."""

from __future__ import annotations

from dataclasses import dataclass

CONSOLES = ("off", "swagger", "redoc")
"""Values of ``api.console``: no console, Swagger UI, or ReDoc."""


@dataclass(frozen=True, slots=True)
class ApiOptions:
    """``[tool.docgen.api]``: how the API section is organised.

    Attributes:
        group_by: ``tag``, ``router`` (router, blueprint or url module) or ``module``.
        code_samples: Whether endpoint pages show curl / Python / JavaScript samples.
        servers: Server base URLs for the OpenAPI document and code samples.
        console: An API console page reading the site's ``openapi.json``: ``swagger`` (Swagger
            UI) or ``redoc`` (ReDoc), both vendored and served by the site; ``off`` (the default)
            adds none.
    """

    group_by: str = "router"
    code_samples: bool = True
    servers: tuple[str, ...] = ()
    console: str = "off"

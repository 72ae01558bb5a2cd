"""How a route's auth is declared to OpenAPI clients: its security scheme."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class SecurityScheme:
    """An OpenAPI security scheme, as the framework declares it (FastAPI's ``OAuth2PasswordBearer(...)``).

    Attributes:
        name: Its key in ``components.securitySchemes`` (``scheme_name=``, else the class name).
        type: ``oauth2``, ``apiKey``, ``http`` or ``openIdConnect``.
        scheme: The HTTP scheme (``bearer``, ``basic``, ``digest``) of an ``http`` one.
        location: Where an ``apiKey`` is sent: ``header``, ``query`` or ``cookie``.
        parameter: The header, query parameter or cookie name of an ``apiKey``.
        flow: The OAuth2 flow (``password``, ``authorizationCode``).
        token_url: The OAuth2 token URL; ``authorization_url`` the authorization one.
        openid_url: An ``openIdConnect`` scheme's discovery URL.
    """

    name: str
    type: str
    scheme: str = ""
    location: str = ""
    parameter: str = ""
    flow: str = ""
    token_url: str = ""
    authorization_url: str = ""
    openid_url: str = ""

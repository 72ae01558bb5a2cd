"""API page titles from router, blueprint and urlconf labels."""

from __future__ import annotations

import pytest

from docgen.render.pages import group_title


@pytest.mark.parametrize(
    ("label", "title"),
    [
        ("bookshop.api.routes.books:router", "books"),
        ("bookshop.main:create_app.<locals>.application", "main"),
        ("svc.server:create_api_app.<locals>.api_app", "server.api_app"),
        ("shop.views:orders_bp", "views.orders_bp"),
        ("core.urls", "core.urls"),
    ],
)
def test_group_titles(label: str, title: str) -> None:
    assert group_title(label) == title

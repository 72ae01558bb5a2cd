"""DRF paginators: the envelope a paginated list answers in, and the query parameters they take.

A list view's paginator is its ``pagination_class``, else ``DEFAULT_PAGINATION_CLASS``. DRF's
page-number, limit-offset and cursor paginators (and subclasses) wrap the list in their
envelope (``PageNumberPagination[list[X]]``) and take ``page`` / ``limit`` and ``offset`` /
``cursor``, plus ``page_size_query_param`` when set; a paginator that writes its own
``get_paginated_response_schema`` gives an envelope docgen does not know, and the same parameters
(drf-spectacular takes them from ``get_schema_operation_parameters``).
"""

from __future__ import annotations

from docgen.extract._shared.common import short_name
from docgen.extract.django.views import ClassRef, ViewClasses
from docgen.link.contract import LinkContext
from docgen.link.evaluate import Const, DefRef, Seq, Value
from docgen.model import Param, ParamLocation

_PAGINATORS = {
    "rest_framework.pagination.PageNumberPagination": ("page",),
    "rest_framework.pagination.LimitOffsetPagination": ("limit", "offset"),
    "rest_framework.pagination.CursorPagination": ("cursor",),
}
"""DRF's paginators → their query parameters (``page_size_query_param`` adds one)."""


class Pagination:
    """The paginators of DRF list views."""

    def __init__(self, context: LinkContext, views: ViewClasses, drf: dict[str, Value]) -> None:
        self.context = context
        self.views = views
        self.drf = drf

    def paginator(self, cls: ClassRef) -> ClassRef | None:
        """The paginator class of a list view, None without one."""
        value = self.context.evaluator.class_attribute(cls, "pagination_class") if isinstance(cls, DefRef) else None
        if value is None:
            value = _first(self.drf.get("DEFAULT_PAGINATION_CLASS"))
        return self.views.class_of(value) if value is not None else None

    def paginated(self, paginator: ClassRef, items: str) -> tuple[str, tuple[Param, ...]]:
        """The envelope type of a paginated list, and the paginator's query parameters."""
        base = next((k.dotted for k in self.views.mro(paginator) if k.dotted in _PAGINATORS), None)
        if base is None:
            return f"{short_name(paginator.dotted)}[{items}]", ()
        names = list(_PAGINATORS[base])
        size = self._class_text(paginator, "page_size_query_param")
        if size:
            names.append(size)
        kinds = {"cursor": "str"}
        params = tuple(Param(name=n, in_=ParamLocation.QUERY, type=kinds.get(n, "int"), required=False) for n in names)
        own = self.views.defining(paginator, "get_paginated_response_schema")
        envelope = short_name(paginator.dotted) if own is not None and own[1] is not None else base
        return f"{envelope}[{items}]", params

    def _class_text(self, cls: ClassRef, name: str) -> str:
        value = self.context.evaluator.class_attribute(cls, name) if isinstance(cls, DefRef) else None
        return value.value if isinstance(value, Const) and isinstance(value.value, str) else ""


def _first(value: Value | None) -> Value | None:
    if isinstance(value, Seq):
        return value.items[0] if value.items else None
    return value

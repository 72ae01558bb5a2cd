"""Query parameters of a DRF list view's filter backends, as drf-spectacular lists them.

The backends are the view's ``filter_backends``, else ``DEFAULT_FILTER_BACKENDS``. DRF's
``SearchFilter`` takes ``search`` (its ``search_param``), ``OrderingFilter`` ``ordering`` (its
``ordering_param``), both strings. django-filter's ``DjangoFilterBackend`` takes the view's
``filterset_fields``: a list (one exact filter per field) or a dict of lookups (``name`` for
``exact``, ``name__lookup`` otherwise), typed from the ``queryset`` model's fields, relations
followed (``label__created_at``); ``in`` and ``range`` take a list, ``isnull`` a boolean. Without a
``queryset`` class attribute (only ``get_queryset()``, which needs a request) or with a
``filterset_class``, no parameters are listed; a field docgen cannot follow is untyped.
"""

from __future__ import annotations

from docgen.extract._shared.common import strings
from docgen.extract.django.drf_names import SchemaPaths
from docgen.extract.django.views import ClassRef, ViewClasses
from docgen.link.contract import LinkContext
from docgen.link.evaluate import Const, DefRef, Seq, Value
from docgen.model import Param, ParamLocation
from docgen.model.facts import Assign, Op

_SEARCH = "rest_framework.filters.SearchFilter"
_ORDERING = "rest_framework.filters.OrderingFilter"
_DJANGO_FILTER = "django_filters.rest_framework.backends.DjangoFilterBackend"
_DJANGO_FILTER_ALIAS = "django_filters.rest_framework.DjangoFilterBackend"
_TYPES = {
    "int": ("AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField", "SmallIntegerField"),
    "str": ("CharField", "TextField", "SlugField", "EmailField", "URLField", "GenericIPAddressField"),
    "bool": ("BooleanField", "NullBooleanField"),
    "float": ("FloatField", "DecimalField"),
    "datetime": ("DateTimeField",),
    "date": ("DateField",),
    "time": ("TimeField",),
    "UUID": ("UUIDField",),
}
_FIELD_TYPES = {name: kind for kind, names in _TYPES.items() for name in names}
_FIELD_TYPES |= {f"Positive{n}": "int" for n in ("IntegerField", "SmallIntegerField", "BigIntegerField")}


class FilterParameters:
    """The filter-backend query parameters of DRF list views."""

    def __init__(self, context: LinkContext, views: ViewClasses, drf: dict[str, Value], paths: SchemaPaths) -> None:
        self.context = context
        self.views = views
        self.drf = drf
        self.paths = paths

    def of(self, cls: ClassRef) -> tuple[Param, ...]:
        """The parameters the filter backends of list view ``cls`` add."""
        if not isinstance(cls, DefRef):
            return ()
        backends = self._attribute(cls, "filter_backends")
        if backends is None:
            backends = self.drf.get("DEFAULT_FILTER_BACKENDS")
        found: list[Param] = []
        for item in backends.items if isinstance(backends, Seq) else ():
            backend = self.views.class_of(item)
            lineage = self.views.lineage(backend) if backend is not None else set()
            if _SEARCH in lineage:
                found.append(_query(self._text(backend, "search_param") or "search", "str"))
            elif _ORDERING in lineage:
                found.append(_query(self._text(backend, "ordering_param") or "ordering", "str"))
            elif {_DJANGO_FILTER, _DJANGO_FILTER_ALIAS} & lineage and self._attribute(cls, "filterset_class") is None:
                found.extend(self._filterset_fields(cls))
        return tuple(found)

    def _filterset_fields(self, cls: DefRef) -> list[Param]:
        model = self.paths.queryset_model(cls)
        if model is None:  # drf-spectacular would call get_queryset(), which needs a request
            return []
        listed = self._attribute(cls, "filterset_fields")
        lookups = self._lookups(cls)
        if lookups is None:
            lookups = {name: ["exact"] for name in (strings(listed) if listed is not None else ())}
        params = []
        for name, kinds in lookups.items():
            type_text = self.paths.field_type(model, name.split("__"))
            base = _FIELD_TYPES.get(type_text, "")
            for lookup in kinds:
                kind = "bool" if lookup == "isnull" else f"list[{base}]" if lookup in ("in", "range") and base else base
                params.append(_query(name if lookup == "exact" else f"{name}__{lookup}", kind))
        return params

    def _lookups(self, cls: DefRef) -> dict[str, list[str]] | None:
        """``filterset_fields = {"name": ["exact", "gte"]}`` as written; None when it is not a dict literal."""
        for klass in self.views.mro(cls):
            scope = self.context.program.body_scope(klass.dotted) if isinstance(klass, DefRef) else None
            stmts = scope.bindings.get("filterset_fields", []) if scope is not None else []
            stmt = stmts[-1] if stmts else None
            if isinstance(stmt, Assign) and stmt.value is not None and scope is not None:
                if stmt.value.op is not Op.DICT:
                    return None
                pairs = zip(stmt.value.args[::2], stmt.value.args[1::2], strict=False)
                return {
                    str(k.value): list(strings(self.context.evaluator.eval(v, scope)))
                    for k, v in pairs
                    if k is not None and k.op is Op.STR
                }
        return None

    def _attribute(self, cls: DefRef, name: str) -> Value | None:
        return self.context.evaluator.class_attribute(cls, name)

    def _text(self, cls: ClassRef | None, name: str) -> str:
        value = self.context.evaluator.class_attribute(cls, name) if isinstance(cls, DefRef) else None
        return value.value if isinstance(value, Const) and isinstance(value.value, str) else ""


def _query(name: str, type_text: str) -> Param:
    return Param(name=name, in_=ParamLocation.QUERY, type=type_text, required=False)

"""The ``format`` query parameter drf-spectacular gives a DRF view that renders more than one format.

The view's renderers are its action's (``@action(renderer_classes=...)``) or its own
``renderer_classes``, else ``DEFAULT_RENDERER_CLASSES``, else DRF's (JSON and the browsable API);
``*api_settings.DEFAULT_RENDERER_CLASSES`` among them stands for the settings' renderers.
drf-spectacular leaves the browsable API out; when more than one format remains it documents
``?format=`` (DRF's ``URL_FORMAT_OVERRIDE``), an optional string of those formats, on every
operation of the view. A renderer's format is the ``format`` attribute of the first class of its MRO
that sets one, or the one DRF and the common renderer packages give their classes. A renderer whose
format cannot be known leaves the parameter out.
"""

from __future__ import annotations

from docgen.extract._shared.common import short_name
from docgen.extract.django.drf_payloads import action_option
from docgen.extract.django.views import ClassRef, ViewClasses
from docgen.link.contract import LinkContext
from docgen.link.evaluate import Const, DefRef, External, Seq, Value
from docgen.model import Param, ParamLocation

_BROWSABLE = "rest_framework.renderers.BrowsableAPIRenderer"
_SETTING = "rest_framework.settings.api_settings.DEFAULT_RENDERER_CLASSES"
_FORMATS = {
    "JSONRenderer": "json",
    "BrowsableAPIRenderer": "api",
    "TemplateHTMLRenderer": "html",
    "StaticHTMLRenderer": "html",
    "AdminRenderer": "admin",
    "HTMLFormRenderer": "form",
    "MultiPartRenderer": "multipart",
    "CSVRenderer": "csv",
    "PaginatedCSVRenderer": "csv",
    "XMLRenderer": "xml",
    "YAMLRenderer": "yaml",
    "CamelCaseJSONRenderer": "json",
    "ORJSONRenderer": "json",
    "UJSONRenderer": "json",
}
"""The formats of DRF's renderers and those of djangorestframework-csv, -xml, -yaml, -camel-case and orjson."""
_DEFAULT = ("json",)


class FormatParameter:
    """drf-spectacular's ``format`` query parameter of each view class."""

    def __init__(self, context: LinkContext, views: ViewClasses, drf: dict[str, Value]) -> None:
        self.context = context
        self.views = views
        self.default = drf.get("DEFAULT_RENDERER_CLASSES")

    def of(self, cls: ClassRef | None, action: str = "") -> tuple[Param, ...]:
        """The parameter (none when the view renders one format, or its renderers are not known)."""
        formats = self.formats(cls, action)
        if formats is None or len(formats) < 2:
            return ()
        listed = ", ".join(repr(f) for f in sorted(formats))
        return (Param(name="format", in_=ParamLocation.QUERY, type=f"Literal[{listed}]", required=False),)

    def formats(self, cls: ClassRef | None, action: str = "") -> tuple[str, ...] | None:
        """The formats of the view's renderers, the browsable API left out; None when one is unknown."""
        own = action_option(self.context, self.views, cls, action, "renderer_classes")
        if own is None and isinstance(cls, DefRef):
            own = self.context.evaluator.class_attribute(cls, "renderer_classes")
        listed = own if own is not None else self.default
        if listed is None:
            return _DEFAULT
        found: list[str] = []
        for item in listed.items if isinstance(listed, Seq) else (listed,):
            if isinstance(item, External) and item.dotted == _SETTING:  # (*api_settings.DEFAULT_RENDERER_CLASSES, X)
                found += [f for f in self.formats(None) or () if f not in found]
                continue
            renderer = self.views.class_of(item)
            if renderer is None:
                return None
            if _BROWSABLE in self.views.lineage(renderer):
                continue
            name = self._format(renderer)
            if name is None:
                return None
            found.append(name)
        return tuple(dict.fromkeys(found))

    def _format(self, renderer: ClassRef) -> str | None:
        for klass in self.views.mro(renderer):
            if isinstance(klass, DefRef):
                value = self.context.evaluator.class_attribute(klass, "format")
                if isinstance(value, Const) and isinstance(value.value, str):
                    return value.value
            known = _FORMATS.get(short_name(klass.dotted))
            if known is not None:
                return known
        return None

"""How drf-spectacular names DRF operations: the path it lists them under, and their operationIds.

The path is the served one with ``{pk}`` named after the primary key of the view's ``queryset``
model (DRF's ``coerce_path``; ``id`` without a ``queryset``). The operationId is the path's
words, then the action. The words are the path's segments (its schema path, ``{pk}`` coerced) after the common prefix
and without parameters, ``-`` written ``_`` (``root`` when none are left); the action is
``list`` for a GET answering a list, else the method's (``retrieve``, ``create``, ``update``,
``partial_update``, ``destroy``). The prefix is ``SPECTACULAR_SETTINGS["SCHEMA_PATH_PREFIX"]``,
else the longest common path of every DRF route (``/`` when they all belong to one view class).
An ``extend_schema(operation_id=...)`` keeps its own.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from dataclasses import replace

from docgen.extract.django.models import collect as django_models
from docgen.extract.django.settings import spectacular_setting
from docgen.extract.django.views import ClassRef, ViewClasses
from docgen.link.contract import LinkContext
from docgen.link.evaluate import Const, DefRef
from docgen.link.routegraph import Endpoint
from docgen.model import Framework, HttpMethod, Model, Route
from docgen.model.facts import Assign, Op

_ACTIONS = {
    HttpMethod.GET: "retrieve",
    HttpMethod.POST: "create",
    HttpMethod.PUT: "update",
    HttpMethod.PATCH: "partial_update",
    HttpMethod.DELETE: "destroy",
}
_VARIABLE = re.compile(r"\{[\w\-]+\}")


def with_operation_ids(
    context: LinkContext,
    settings: str | None,
    endpoints: Iterable[list[Endpoint]],
    listing: set[tuple[HttpMethod, str, str | None]],
) -> None:
    """Give every DRF route of the walks' endpoint lists (changed in place) its operationId.

    ``listing`` holds ``(method, path, handler)`` of the GET routes that answer a list.
    """
    lists = list(endpoints)
    routes = [e.payload for found in lists for e in found if _is_drf(e.payload)]
    if not routes:
        return
    written = spectacular_setting(context, settings, "SCHEMA_PATH_PREFIX")
    prefix = written.value if isinstance(written, Const) and isinstance(written.value, str) else None
    if prefix is None:
        views = {r.handler.rpartition(".")[0] for r in routes if r.handler}
        prefix = re.escape(posixpath.commonpath([_path(r) for r in routes])) if len(views) > 1 else "/"
    pattern = re.compile("^" + prefix.removeprefix("^"), re.IGNORECASE)
    for found in lists:
        for i, endpoint in enumerate(found):
            route = endpoint.payload
            if _is_drf(route) and route.operation_id is None and route.method in _ACTIONS:
                listed = (route.method, route.path, route.handler) in listing
                found[i] = replace(endpoint, payload=replace(route, operation_id=_operation_id(route, pattern, listed)))


class SchemaPaths:
    """DRF's ``coerce_path`` over the program's view classes (Django models read once, when needed)."""

    def __init__(self, context: LinkContext, views: ViewClasses) -> None:
        self.context = context
        self.views = views
        self._tables: dict[str, Model] | None = None

    def schema_path(self, path: str, cls: ClassRef | None) -> str | None:
        """DRF's ``coerce_path``: ``{pk}`` named after the primary key of the view's ``queryset`` model.

        ``id`` when there is no ``queryset`` (or its model is not analysed); None when unchanged.
        """
        if "{pk}" not in path:
            return None
        model = self.queryset_model(cls) if isinstance(cls, DefRef) else None
        table = self._table(model) if model is not None else None
        keys = [f.name for f in table.fields if f.constraints.get("primary_key") == "True"] if table else []
        name = keys[0] if keys else "id"
        return path.replace("{pk}", "{" + name + "}") if name != "pk" else None

    def field_type(self, model: str, path: list[str]) -> str:
        """The model field class at the end of ``path`` (``["label", "created_at"]``), relations followed.

        A relation at the end stands for its target's primary key; ``""`` when it cannot be followed.
        """
        table = self._table(model)
        for i, name in enumerate(path):
            field = next((f for f in table.fields if f.name == name), None) if table else None
            target = next((r.target for r in table.relations if r.field == name), None) if table else None
            if field is None:
                return ""
            if target is None:
                return field.type if i == len(path) - 1 else ""
            table = self._table(target)
        keys = [f.type for f in table.fields if f.constraints.get("primary_key") == "True"] if table else []
        return keys[0] if keys else ""

    def _table(self, model: str) -> Model | None:
        if self._tables is None:
            self._tables = django_models(self.context)
        return self._tables.get(model)

    def queryset_model(self, cls: DefRef) -> str | None:
        """The model ``queryset = Model.objects...`` names, in the class or an analysed base."""
        for klass in self.views.mro(cls):
            scope = self.context.program.body_scope(klass.dotted) if isinstance(klass, DefRef) else None
            stmt = scope.bindings["queryset"][-1] if scope is not None and "queryset" in scope.bindings else None
            if isinstance(stmt, Assign) and stmt.value is not None and scope is not None:
                root = stmt.value
                while root.op in (Op.ATTR, Op.CALL) and root.args:
                    root = root.args[0]
                model = self.context.evaluator.eval(root, scope) if root.op is Op.NAME else None
                return model.dotted if isinstance(model, DefRef) else None
        return None


def renamed(path: str, schema_path: str | None) -> dict[str, str]:
    """Each parameter name of the served ``path`` → its name in ``schema_path``, position by position."""
    if schema_path is None:
        return {}
    return dict(zip(re.findall(r"\{([^{}:]+)", path), re.findall(r"\{([^{}:]+)", schema_path), strict=False))


def _operation_id(route: Route, prefix: re.Pattern[str], listed: bool) -> str:
    path = _VARIABLE.sub("", prefix.sub("", _path(route), count=1))
    words = [w.replace("-", "_") for w in path.strip("/").split("/") if w] or ["root"]
    action = "list" if listed else _ACTIONS[route.method]
    return "_".join([*words, action])


def _path(route: Route) -> str:
    path = route.schema_path or route.path
    return re.sub(r"\{([^{}:]+):[^{}]*\}", r"{\1}", path)


def _is_drf(payload: object) -> bool:
    return isinstance(payload, Route) and payload.framework is Framework.DRF

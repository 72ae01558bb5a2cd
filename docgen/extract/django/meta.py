"""Django model ``Meta`` options and app labels, read statically for the Django model extractor.

``Meta`` is looked up the way Django does: a model's own ``Meta`` (and the classes it derives
from, ``class Meta(Base.Meta)``), else the ``Meta`` of its nearest abstract base; ``abstract`` is
never inherited. Model-level options that concern fields are recorded as constraint entries on
the fields they name, since a model has no options of its own in the catalog:

* ``ordering``: ``ordering="asc"`` / ``"desc"``;
* ``unique_together`` / ``index_together``: the group, ``"(project, title)"`` (groups joined by ``"; "``);
* ``indexes``: ``indexes="<name> (a, b)"``;
* ``constraints``: ``UniqueConstraint`` as ``unique_constraint="<name> (a, b)"``, others with
  ``fields=`` as ``constraint="<Class> <name> (a, b)"`` (check constraints name no field).

App labels come from ``AppConfig`` classes and ``INSTALLED_APPS`` (the longest app name containing
the model's module), else from the package holding the ``models`` module.
"""

from __future__ import annotations

from collections.abc import Iterator

from docgen.extract._shared.common import short_name, strings
from docgen.extract._shared.fields import ClassInfo, with_entries
from docgen.link.contract import LinkContext
from docgen.link.evaluate import Const, DefRef, Seq, Value
from docgen.link.program import Scope
from docgen.model import ModelField
from docgen.model.facts import Assign, ClassDef, Expr, Op

APP_CONFIGS = frozenset({"django.apps.AppConfig", "django.apps.config.AppConfig"})
_TRANSLATORS = frozenset({"_", "gettext", "gettext_lazy", "ugettext", "ugettext_lazy", "pgettext_lazy", "lazy"})
_GROUPED = ("unique_together", "index_together")


def literal_text(context: LinkContext, expr: Expr | None, scope: Scope) -> str:
    """A string argument's text: a literal, ``_("...")`` / ``gettext_lazy("...")``, or a known constant."""
    if expr is None:
        return ""
    if expr.op is Op.CALL and short_name(str(expr.args[0].value)) in _TRANSLATORS and expr.positional:
        expr = expr.positional[-1]
    value = context.evaluator.eval(expr, scope)
    return value.value if isinstance(value, Const) and isinstance(value.value, str) else ""


class MetaReader:
    """Reads ``Meta`` options of Django model classes."""

    def __init__(self, context: LinkContext) -> None:
        self.context = context

    def _meta_classes(self, info: ClassInfo) -> Iterator[str]:
        """Dotted ids of the ``Meta`` classes whose attributes apply to ``info``, nearest first."""
        own = f"{info.dotted}.Meta"
        if isinstance(self.context.program.definition(own), ClassDef):
            for klass in self.context.evaluator.mro(DefRef(own, True)):
                if isinstance(klass, DefRef):
                    yield klass.dotted
            return
        for klass in self.context.evaluator.mro(DefRef(info.dotted, True)):
            meta = f"{getattr(klass, 'dotted', '')}.Meta"
            if klass != DefRef(info.dotted, True) and self._own_abstract(meta):
                yield meta
                return

    def _own_abstract(self, meta: str) -> bool:
        definition = self.context.program.definition(meta)
        if not isinstance(definition, ClassDef):
            return False
        for stmt in definition.body:
            if isinstance(stmt, Assign) and stmt.targets[0].value == "abstract" and stmt.value is not None:
                return stmt.value.op is Op.CONST and stmt.value.value is True
        return False

    def is_abstract(self, info: ClassInfo) -> bool:
        """Whether the class's own ``Meta`` says ``abstract = True``."""
        return self._own_abstract(f"{info.dotted}.Meta")

    def expr(self, info: ClassInfo, name: str) -> tuple[Expr, Scope] | None:
        """The expression bound to ``Meta.<name>`` for ``info``, with the scope it is written in."""
        for meta in self._meta_classes(info):
            scope = self.context.program.body_scope(meta)
            if scope is None or name not in scope.bindings:
                continue
            stmt = scope.bindings[name][-1]
            if isinstance(stmt, Assign) and stmt.value is not None:
                return stmt.value, scope
        return None

    def value(self, info: ClassInfo, name: str) -> object:
        """``Meta.<name>`` as a plain value (str, bool, nested lists of str), or None."""
        found = self.expr(info, name)
        return _plain(self.context.evaluator.eval(*found)) if found else None

    def apply(self, info: ClassInfo, fields: tuple[ModelField, ...]) -> tuple[ModelField, ...]:
        """``fields`` with the constraint entries that ``Meta`` options give them."""
        entries: list[tuple[str, str, str]] = []
        ordering = self.value(info, "ordering")
        for term in ordering if isinstance(ordering, list) else []:
            if isinstance(term, str) and term not in ("?", "-?"):
                entries.append((term.lstrip("-+"), "ordering", "desc" if term.startswith("-") else "asc"))
        for key in _GROUPED:
            for group in _groups(self.value(info, key)):
                entries += [(name, key, f"({', '.join(group)})") for name in group]
        for key in ("indexes", "constraints"):
            found = self.expr(info, key)
            if found is not None:
                entries += self._declared(found[0], found[1], key)
        return with_entries(fields, entries)

    def _declared(self, expr: Expr, scope: Scope, key: str) -> list[tuple[str, str, str]]:
        """Entries for the ``Index(...)`` / ``UniqueConstraint(...)`` calls of a list."""
        entries = []
        for call in expr.args if expr.op in (Op.LIST, Op.TUPLE) else ():
            if call.op is not Op.CALL:
                continue
            kind = short_name(str(call.args[0].value))
            names = [n for n in strings(self.context.evaluator.eval(call.kwarg("fields") or Expr(Op.LIST), scope))]
            label = literal_text(self.context, call.kwarg("name"), scope)
            group = f"({', '.join(n.lstrip('-') for n in names)})"
            if key == "indexes":
                entry, text = "indexes", f"{label} {group}".strip()
            elif kind == "UniqueConstraint":
                entry, text = "unique_constraint", f"{label} {group}".strip()
            else:
                entry, text = "constraint", f"{kind} {label} {group}".strip()
            entries += [(n.lstrip("-"), entry, text) for n in names]
        return entries


def _plain(value: Value) -> object:
    if isinstance(value, Const):
        return value.value
    if isinstance(value, Seq):
        return [_plain(v) for v in value.items]
    return None


def _groups(value: object) -> list[list[str]]:
    """``("a", "b")`` or ``(("a", "b"), ...)`` as a list of groups."""
    if not isinstance(value, list) or not value:
        return []
    if all(isinstance(v, str) for v in value):
        return [[str(v) for v in value]]
    return [[str(n) for n in v] for v in value if isinstance(v, list)]


class AppLabels:
    """Django app labels of modules, and the configured user model."""

    def __init__(self, context: LinkContext) -> None:
        self.context = context
        self._apps: dict[str, str] = {}
        configs: dict[str, tuple[str, str]] = {}
        for dotted, definition in sorted(context.program.definitions.items()):
            if not isinstance(definition, ClassDef) or not any(
                isinstance(s, Assign) and s.targets[0].value == "name" for s in definition.body
            ):
                continue
            if not context.evaluator.lineage(DefRef(dotted, True)).isdisjoint(APP_CONFIGS):
                name = self._attribute(dotted, "name")
                if name:
                    configs[dotted] = (name, self._attribute(dotted, "label") or name.rpartition(".")[2])
        self._apps.update(configs.values())
        for entry in self._setting("INSTALLED_APPS"):
            for name in strings(entry):
                self._apps.setdefault(*(configs.get(name) or (name, name.rpartition(".")[2])))

    def _attribute(self, dotted: str, name: str) -> str:
        value = self.context.evaluator.class_attribute(DefRef(dotted, True), name)
        return value.value if isinstance(value, Const) and isinstance(value.value, str) else ""

    def _setting(self, name: str) -> Iterator[Value]:
        for module in sorted(self.context.program.modules):
            scope = self.context.program.module_scope(module)
            if name in scope.bindings:
                yield self.context.evaluator.lookup(scope, name)

    def label(self, module: str) -> str:
        """The app label of the app a module belongs to."""
        prefixed = [app for app in self._apps if f"{module}.".startswith(f"{app}.")]
        contained = [app for app in self._apps if f".{app}." in f".{module}."]
        if prefixed or contained:
            return self._apps[max(prefixed or contained, key=len)]
        parts = module.split(".")
        if "models" in parts[1:]:
            return parts[parts.index("models", 1) - 1]
        return parts[-2] if len(parts) > 1 else parts[0]

    def user_model(self) -> str:
        """``AUTH_USER_MODEL`` as configured (``"auth.User"`` when no settings module says)."""
        for value in self._setting("AUTH_USER_MODEL"):
            if isinstance(value, Const) and isinstance(value.value, str):
                return value.value
        return "auth.User"

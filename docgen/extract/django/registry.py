"""Django's app registry read statically: ``apps.get_app_configs()`` as one AppConfig per ``INSTALLED_APPS`` entry.

Django makes an AppConfig of every entry of the settings' ``INSTALLED_APPS``, in order. An entry
is the dotted path of an AppConfig subclass, or an app module: then its ``default_app_config``,
else the one AppConfig subclass of ``<module>.apps`` (of several, the one setting ``default =
True``), else a plain ``AppConfig``. ``app.name`` is the class's ``name`` (a plain one's: the
entry), ``app.label`` the class's ``label`` or the last part of the name, ``app.module`` the app
module. The plain ``AppConfig`` and those of Django's own apps (``django.*``) have only the
attributes Django gives them, so ``hasattr(app, "X")`` of a name they lack is false.

The AppConfig of an app docgen does not read (neither analysed nor in ``extra-paths``) is not
known, nor is an entry docgen cannot evaluate (a plug-in found at run time): each is an unknown
app, with a DG904 at ``INSTALLED_APPS``. A loop over the registry runs over the known apps and
the unknown ones, under which nothing is invented.
"""

from __future__ import annotations

from docgen.diagnostics import Code
from docgen.extract.django.meta import APP_CONFIGS
from docgen.link.contract import LinkContext
from docgen.link.evaluate import Const, DefRef, External, Instance, ModuleRef, Seq, Unknown, Value, text_of
from docgen.model.facts import ClassDef, Expr, Import, Op

_PLAIN = External("django.apps.AppConfig")
_REGISTRY = External("django.apps.registry.Apps")
_ATTRIBUTES = frozenset(
    {
        "apps",
        "create",
        "default",
        "default_auto_field",
        "get_model",
        "get_models",
        "import_models",
        "label",
        "models",
        "models_module",
        "module",
        "name",
        "path",
        "ready",
        "verbose_name",
    }
)
"""Every (non-dunder) attribute of Django's ``AppConfig``."""
_METHODS = frozenset({"get_app_configs", "get_app_config", "is_installed"})
_KEY = "django.apps.apps"


class AppRegistry:
    """``django.apps.apps`` of a project: its app configs, made from the settings on first use."""

    def __init__(self, context: LinkContext, settings: str) -> None:
        self.context = context
        self.settings = settings
        self._configs: tuple[Value, ...] | None = None
        self._entries: dict[str, str] = {}  # key of an app config's instance → its INSTALLED_APPS entry
        self._unread: list[str] = []  # entries naming apps docgen does not read

    def install(self) -> None:
        """Teach the evaluator ``django.conf.settings`` (the settings module) and ``django.apps.apps``.

        The registry's methods and its configs' attributes are answered by hooks.
        """
        evaluator = self.context.evaluator
        evaluator.add_external_alias("django.conf.settings", ModuleRef(self.settings))
        for dotted in APP_CONFIGS:
            evaluator.add_closed_class(dotted, _ATTRIBUTES)
        registry = Instance(_REGISTRY, _KEY, Expr(Op.CALL, None, (Expr(Op.NAME, "Apps"),)), self._scope_key())
        evaluator.add_external_alias(_KEY, registry)
        evaluator.add_method_hook(_KEY, _METHODS, self._method)
        evaluator.add_attribute_hook(_KEY, self._attribute)

    def _scope_key(self) -> str:
        return self.context.program.module_scope(self.settings).key

    def configs(self, depth: int) -> tuple[Value, ...] | None:
        """The app configs in ``INSTALLED_APPS`` order (an unknown entry's unknown); None when the list is unknown."""
        if self._configs is None:
            self._configs = ()  # what INSTALLED_APPS reads while it is evaluated
            installed = self.context.evaluator.member(self.settings, "INSTALLED_APPS", depth + 1)
            if not isinstance(installed, Seq):
                text = text_of(installed)[0]
                self._warn(f"INSTALLED_APPS ({text!r}) could not be evaluated: the app registry is unknown")
                self._configs = None
                return None
            entries: list[Value] = []
            for item in installed.items:  # Django refuses an app listed twice; docgen keeps the first
                if not (isinstance(item, Const) and item in entries):
                    entries.append(item)
            self._configs = tuple(self._config(item, depth) for item in entries)
            if self._unread:
                self._warn(
                    f"INSTALLED_APPS names apps outside the analysed code ({', '.join(self._unread)}): their "
                    "AppConfigs are unknown, and what code reads of them is not listed (add the directory "
                    "holding them, or the virtualenv, to extra-paths)"
                )
        return self._configs

    def _config(self, item: Value, depth: int) -> Value:
        """The AppConfig object Django makes of one ``INSTALLED_APPS`` entry."""
        if not (isinstance(item, Const) and isinstance(item.value, str)):
            text = text_of(item)[0]
            self._warn(
                f"the INSTALLED_APPS entry {text!r} is not known statically: the app registry holds an unknown app "
                "for it, whose routes and other registrations are not listed"
            )
            return Unknown(text)
        entry = item.value
        cls = self._class_of(entry, depth)
        if cls is None:
            self._unread.append(entry)
            return Unknown(entry)
        key = f"{_KEY}:{entry}"
        self._entries[key] = entry
        call = Expr(Op.CALL, None, (Expr(Op.NAME, cls.dotted), Expr(Op.STR, entry)))
        return Instance(cls, key, call, self._scope_key())

    def _class_of(self, entry: str, depth: int) -> DefRef | External | None:
        """The AppConfig class of an entry: the class it names, the app module's, a plain one; None when unread."""
        program = self.context.program
        owner, _, attr = entry.rpartition(".")
        if owner and program.has_module(program.canonical(owner)):
            dotted = f"{program.canonical(owner)}.{attr}"
            if isinstance(program.definition(dotted), ClassDef):
                return DefRef(dotted, True)
        module = program.canonical(entry)
        if not program.has_module(module):
            return _PLAIN if entry.startswith("django.") else None
        named = self._default_app_config(module, depth)
        if named is not None:
            return named
        apps = program.canonical(f"{module}.apps")
        return self._only_subclass(apps, depth) if program.has_module(apps) else _PLAIN

    def _default_app_config(self, module: str, depth: int) -> DefRef | None:
        """The class a module's ``default_app_config = "pkg.apps.Config"`` names (Django before 4.1)."""
        if "default_app_config" not in self.context.program.module_scope(module).bindings:
            return None
        value = self.context.evaluator.member(module, "default_app_config", depth + 1)
        if not (isinstance(value, Const) and isinstance(value.value, str)):
            return None
        owner, _, attr = value.value.rpartition(".")
        dotted = f"{self.context.program.canonical(owner)}.{attr}"
        return DefRef(dotted, True) if isinstance(self.context.program.definition(dotted), ClassDef) else None

    def _only_subclass(self, apps: str, depth: int) -> DefRef | External:
        """The AppConfig subclass of an ``apps`` module Django picks: the only one, else the only ``default = True``."""
        evaluator = self.context.evaluator
        found: list[DefRef] = []
        for name, statements in self.context.program.module_scope(apps).bindings.items():
            if not any(isinstance(s, ClassDef | Import) for s in statements):
                continue
            value = evaluator.member(apps, name, depth + 1)
            if not (isinstance(value, DefRef) and value.is_class) or value.dotted in APP_CONFIGS or value in found:
                continue
            if not evaluator.lineage(value).isdisjoint(APP_CONFIGS):
                found.append(value)
        defaults = {cls: evaluator.class_attribute(cls, "default", depth + 1) for cls in found}
        candidates = [cls for cls in found if defaults[cls] != Const(False)]
        if len(candidates) == 1:
            return candidates[0]
        chosen = [cls for cls in found if defaults[cls] == Const(True)]
        return chosen[0] if len(chosen) == 1 else _PLAIN

    def _method(self, receiver: Instance, method: str, arguments: list[Value], depth: int) -> Value | None:
        """``apps.get_app_configs()``, ``apps.get_app_config(label)`` and ``apps.is_installed(name)``."""
        if receiver.cls != _REGISTRY:
            return None
        configs = self.configs(depth)
        if configs is None:
            return None
        if method == "get_app_configs" and not arguments:
            return Seq(configs)
        if len(arguments) != 1 or not isinstance(arguments[0], Const):
            return None
        wanted = "label" if method == "get_app_config" else "name"
        for config in configs:
            value = self._attribute(config, wanted, depth) if isinstance(config, Instance) else None
            if value == arguments[0]:
                return config if method == "get_app_config" else Const(True)
        if method == "get_app_config":
            return None
        return Const(True) if arguments[0].value in self._unread else None if self._unknown(configs) else Const(False)

    def _attribute(self, instance: Instance, name: str, depth: int) -> Value | None:
        """``name``, ``label`` and ``module`` of an app config, as Django sets them."""
        entry = self._entries.get(instance.key)
        if entry is None or name not in ("name", "label", "module"):
            return None
        own = self._own(instance, name, depth)
        if own is not None:
            return own
        app = self._own(instance, "name", depth) or self._plain_name(instance, entry)
        if not (isinstance(app, Const) and isinstance(app.value, str)):
            return Unknown(f"{entry}.{name}")
        if name == "label":
            return Const(app.value.rpartition(".")[2])
        if name == "module":
            module = self.context.program.canonical(app.value)
            return ModuleRef(module) if self.context.program.has_module(module) else External(app.value)
        return app

    def _own(self, instance: Instance, name: str, depth: int) -> Value | None:
        """A class attribute the app config's analysed class sets itself."""
        cls = instance.cls
        return self.context.evaluator.class_attribute(cls, name, depth + 1) if isinstance(cls, DefRef) else None

    @staticmethod
    def _plain_name(instance: Instance, entry: str) -> Value:
        """The name of an app config whose class does not set one: a plain one's is its module entry."""
        return Unknown(f"{entry}.name") if isinstance(instance.cls, DefRef) else Const(entry)

    @staticmethod
    def _unknown(configs: tuple[Value, ...]) -> bool:
        return any(isinstance(c, Unknown) for c in configs)

    def _warn(self, message: str) -> None:
        scope = self.context.program.module_scope(self.settings)
        statements = scope.bindings.get("INSTALLED_APPS", [])
        line = statements[0].line if statements else 1
        self.context.warn_once(Code.NOT_EVALUATED, message, self.context.location(self.settings, line))

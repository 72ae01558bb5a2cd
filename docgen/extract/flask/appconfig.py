"""What a Flask or Quart app's ``config`` holds, and which app ``current_app`` is.

``app.config`` is a mapping the app factory fills: ``app.config.from_object(Config)`` (a class,
a module or a dotted string naming one: its upper-case attributes), ``from_mapping(...)`` and
``update(...)`` (keywords, or a dict literal), ``app.config["KEY"] = value``. Reading
``app.config["KEY"]`` or ``app.config.get("KEY", default)`` walks those statements of the scope
that created the app from the last one up; a key none of them sets is the ``get`` default, else
unknown. What only the runtime knows stays unknown (``{?app.config['KEY']}`` in a path, with the
DG904 of the registration): ``from_pyfile``/``from_envvar``/``from_file``/``from_prefixed_env``,
an object or mapping docgen cannot evaluate, and a key that some other function also assigns
(``app.config["KEY"] = ...`` in a helper: which assignment runs last is a runtime matter).

``flask.current_app`` (and Quart's) is the app itself when the analysed code constructs exactly
one app object (its factory's): blueprints registered on ``current_app`` at the top of a module
the factory imports are that app's.
"""

from __future__ import annotations

from collections.abc import Iterator

from docgen.link.contract import LinkContext
from docgen.link.evaluate import Const, DefRef, External, Instance, ModuleRef, Unknown, Value
from docgen.link.program import Scope
from docgen.model.facts import Assign, Expr, ExprStmt, For, Import, Op, Stmt
from docgen.moduleid.layout import is_test_module

CONFIG = External("flask.config.Config")
"""The class of the value ``app.config`` evaluates to (Quart's config is Flask's)."""
PROXIES = {"flask": "flask.current_app", "flask.globals": "flask.current_app", "quart": "quart.current_app"}
"""Modules exporting ``current_app`` → the external name it evaluates to."""
_RUNTIME_SOURCES = frozenset({"from_pyfile", "from_envvar", "from_file", "from_prefixed_env", "from_json"})
_METHODS = frozenset({"__getitem__", "get"})
_FILLERS = frozenset({"from_object", "from_mapping", "update"}) | _RUNTIME_SOURCES


class AppConfigs:
    """Evaluator hooks for ``app.config``: the attribute, its items and ``get``.

    ``apps`` names the app classes (``flask.Flask``...): an instance of one of them has a config.
    """

    def __init__(self, context: LinkContext, apps: frozenset[str]) -> None:
        self.context = context
        self.apps = apps
        self._owners: dict[tuple[str, str], Instance] = {}
        self._memo: dict[tuple[str, str, str], Value | None] = {}
        self._elsewhere: dict[str, list[tuple[Scope, Expr]]] | None = None

    def install(self) -> None:
        """Add the hooks to the context's evaluator, and alias ``current_app`` to the only app."""
        evaluator = self.context.evaluator
        evaluator.add_attribute_hook("flask.config", self.attribute)
        evaluator.add_method_hook("flask.config", _METHODS, self.method)
        proxies = sorted({PROXIES[i.module] for i in _proxy_imports(self.context)})
        if proxies:
            apps = constructed_apps(self.context, self.apps)
            if len(apps) == 1:
                for proxy in proxies:
                    evaluator.add_external_alias(proxy, apps[0])

    def attribute(self, instance: Instance, name: str, depth: int) -> Value | None:
        """``app.config`` of an app instance: a value standing for that app's config."""
        if name != "config" or not self.context.is_a(instance, self.apps):
            return None
        config = Instance(CONFIG, f"{instance.key}.config", instance.call, instance.scope_key)
        self._owners[(config.key, config.scope_key)] = instance
        return config

    def method(self, receiver: Instance, method: str, arguments: list[Value], depth: int) -> Value | None:
        """``config[key]`` or ``config.get(key, default=None)`` of an app's config."""
        app = self._owners.get((receiver.key, receiver.scope_key)) if receiver.cls == CONFIG else None
        key = arguments[0].value if arguments and isinstance(arguments[0], Const) else None
        if app is None or not isinstance(key, str):
            return None
        if method == "get" and len(arguments) <= 2:
            default = arguments[1] if len(arguments) == 2 else Const(None)
        elif method == "__getitem__" and len(arguments) == 1:
            default = None
        else:
            return None
        found = self.value(app, key, depth)
        if found is None:
            return default if default is not None else Unknown(f"{_variable(app)}.config[{key!r}]")
        return found

    def value(self, app: Instance, key: str, depth: int) -> Value | None:
        """What the app's config holds under ``key`` (None: nothing sets it), memoised."""
        memo = (app.key, app.scope_key, key)
        if memo not in self._memo:
            self._memo[memo] = Unknown(f"{_variable(app)}.config[{key!r}]")  # guards recursion
            self._memo[memo] = self._value(app, key, depth)
        return self._memo[memo]

    def _value(self, app: Instance, key: str, depth: int) -> Value | None:
        unknown = Unknown(f"{_variable(app)}.config[{key!r}]")
        scope = self.context.scope_at(app.scope_key)
        name = _variable(app)
        if scope is None:
            return unknown
        if self._assigned_elsewhere(app, scope, key):
            return unknown
        for stmt in reversed(list(_config_statements(scope.statements, name))):
            found = self._from_statement(stmt, scope, key, unknown, depth)
            if found is not None:
                return found
        return None

    def _from_statement(self, stmt: Stmt, scope: Scope, key: str, unknown: Unknown, depth: int) -> Value | None:
        """What one filling statement sets ``key`` to (an unknown when it may set it), None if not."""
        evaluator = self.context.evaluator
        if isinstance(stmt, Assign) and stmt.value is not None:
            written = evaluator.eval(stmt.targets[0].args[1], scope, depth + 1)
            if isinstance(written, Const):
                return evaluator.eval(stmt.value, scope, depth + 1) if written.value == key else None
            return unknown
        assert isinstance(stmt, ExprStmt)
        call = stmt.value
        method = str(call.args[0].value)
        if method in _RUNTIME_SOURCES:  # a file or the environment: upper-case keys, all keys from a prefixed env
            return unknown if key.isupper() or method == "from_prefixed_env" else None
        if method == "from_object":
            if not key.isupper() or not call.positional:
                return None
            return self._object_attribute(evaluator.eval(call.positional[0], scope, depth + 1), key, unknown, depth)
        if method == "from_mapping" and not key.isupper():
            return None
        for name, value in call.kwargs:
            if name == key:
                return evaluator.eval(value, scope, depth + 1)
            if name == "**":
                return unknown
        for mapping in call.positional:
            found = _dict_item(mapping, key)
            if found is None:
                return unknown
            if found is not _ABSENT:
                return evaluator.eval(found, scope, depth + 1)
        return None

    def _object_attribute(self, source: Value, key: str, unknown: Unknown, depth: int) -> Value | None:
        """``key`` of what ``from_object`` loads: a class, a module, an object, or a dotted name of one."""
        evaluator = self.context.evaluator
        if isinstance(source, Const) and isinstance(source.value, str):
            source = self._import_string(source.value)
        if isinstance(source, DefRef) and source.is_class:
            return evaluator.class_attribute(source, key, depth + 1)
        if isinstance(source, ModuleRef):
            bindings = self.context.program.module_scope(source.name).bindings
            return evaluator.member(source.name, key, depth + 1) if key in bindings else None
        if isinstance(source, Instance) and isinstance(source.cls, DefRef):
            found = evaluator.attribute(source, key, Expr(Op.NAME, key), depth + 1)
            return None if isinstance(found, Unknown) and found.text == key else found
        return unknown

    def _import_string(self, dotted: str) -> Value:
        """What werkzeug's ``import_string`` gives for ``pkg.module.Class`` or ``pkg.module:Class``."""
        program, evaluator = self.context.program, self.context.evaluator
        path = dotted.replace(":", ".")
        parts = path.split(".")
        for cut in range(len(parts), 0, -1):
            module = ".".join(parts[:cut])
            if not program.has_module(module):
                continue
            value: Value = ModuleRef(program.canonical(module))
            for part in parts[cut:]:
                value = evaluator.attribute(value, part, Expr(Op.NAME, part))
            return value
        return Unknown(dotted)

    def _assigned_elsewhere(self, app: Instance, scope: Scope, key: str) -> bool:
        """Whether code outside the creating scope assigns ``key`` in a config that may be this app's."""
        if self._elsewhere is None:
            self._elsewhere = {}
            for where, stmt in self.context.program.walk():
                if isinstance(stmt, Assign) and not is_test_module(where.module):
                    for target in stmt.targets:
                        written = _written_key(target)
                        if written is not None:
                            self._elsewhere.setdefault(written[0], []).append((where, written[1]))
        home = scope.key.split("#", 1)[0]
        for where, receiver in self._elsewhere.get(key, []):
            if where.key.split("#", 1)[0] == home:
                continue
            owner = self.context.evaluator.eval(receiver, where)
            if isinstance(owner, Unknown) or (isinstance(owner, Instance) and owner.key == app.key):
                return True
        return False


_ABSENT = Expr(Op.CONST, None)


def _variable(app: Instance) -> str:
    """The name the app is bound to where it is created (``app`` of ``module:create_app.<locals>.app``)."""
    return app.key.partition(":")[2].rpartition(".")[2]


def _config_of(expr: Expr, name: str) -> bool:
    """Whether ``expr`` is ``name.config``."""
    return expr.op is Op.ATTR and expr.value == "config" and expr.args[0].op is Op.NAME and expr.args[0].value == name


def _config_statements(statements: tuple[Stmt, ...], name: str) -> Iterator[Stmt]:
    """The statements filling ``name.config``, in source order (loop bodies included)."""
    for stmt in statements:
        if isinstance(stmt, For):
            yield from _config_statements(stmt.body, name)
        elif isinstance(stmt, Assign) and stmt.op == "=" and len(stmt.targets) == 1:
            target = stmt.targets[0]
            if target.op is Op.SUBSCRIPT and len(target.args) == 2 and _config_of(target.args[0], name):
                yield stmt
        elif isinstance(stmt, ExprStmt) and stmt.value.op is Op.CALL:
            callee = stmt.value.args[0]
            if callee.op is Op.ATTR and callee.value in _FILLERS and _config_of(callee.args[0], name):
                yield stmt


def _written_key(target: Expr) -> tuple[str, Expr] | None:
    """``(key, receiver)`` of an assignment target ``receiver.config["KEY"]``."""
    if target.op is not Op.SUBSCRIPT or len(target.args) != 2 or target.args[1].op is not Op.STR:
        return None
    config = target.args[0]
    if config.op is not Op.ATTR or config.value != "config":
        return None
    return str(target.args[1].value), config.args[0]


def _dict_item(mapping: Expr, key: str) -> Expr | None:
    """The value expression of ``key`` in a dict literal, :data:`_ABSENT` if it has none, None if not a literal."""
    if mapping.op is not Op.DICT:
        return None
    pairs = mapping.args
    found = _ABSENT
    for index in range(0, len(pairs) - 1, 2):
        written, value = pairs[index], pairs[index + 1]
        if written.op is Op.STARRED or written.op is not Op.STR:
            return None
        if written.value == key:
            found = value
    return found


def _proxy_imports(context: LinkContext) -> Iterator[Import]:
    """The imports of ``current_app`` in the analysed modules."""
    for module in sorted(context.program.modules):
        facts = context.program.facts(module)
        for _, stmt in context.program.walk_module(module) if facts is not None else ():
            if isinstance(stmt, Import) and stmt.name == "current_app" and stmt.module in PROXIES:
                yield stmt


def constructed_apps(context: LinkContext, apps: frozenset[str]) -> list[Instance]:
    """The app objects the analysed code (outside tests) constructs, one per variable bound to one."""
    found: dict[str, Instance] = {}
    evaluator = context.evaluator
    for scope, stmt in context.program.walk():
        if not isinstance(stmt, Assign) or stmt.value is None or stmt.value.op is not Op.CALL:
            continue
        if len(stmt.targets) != 1 or stmt.targets[0].op is not Op.NAME or is_test_module(scope.module):
            continue
        callee = evaluator.eval(stmt.value.args[0], scope)
        if not ((isinstance(callee, DefRef) and callee.is_class) or isinstance(callee, External)):
            continue
        if evaluator.lineage(callee).isdisjoint(apps):
            continue
        value = evaluator.lookup(scope, str(stmt.targets[0].value))
        if isinstance(value, Instance) and value.key not in found:
            found[value.key] = value
    return list(found.values())

"""Routes that third-party Flask extensions add to an app: Flask-Security(-Too)'s blueprint.

``Security(app, datastore)`` or ``security.init_app(app, ...)`` registers a ``security`` blueprint
whose views depend on settings (``SECURITY_RECOVERABLE``, ``SECURITY_CHANGEABLE``, ...). Settings
are read statically: a setting counts as on when any statement of the program sets it to a true
value (a module constant, ``config.X = True``, ``app.config["X"] = True`` or ``app.config.update``),
so routes that some configuration serves are documented. Two-factor, unified sign-in and WebAuthn
views are not modelled.
"""

from __future__ import annotations

from dataclasses import dataclass

from docgen.link.contract import LinkContext
from docgen.link.evaluate import Const, External, Value
from docgen.model import HttpMethod
from docgen.model.facts import Assign, Expr, Op

SECURITY = frozenset({"flask_security.Security", "flask_security.core.Security"})


@dataclass(frozen=True, slots=True)
class ExtensionView:
    """One view an extension registers.

    Attributes:
        path: Its URL rule, relative to the extension's blueprint.
        methods: The methods it answers.
        handler: Dotted name of the view function (outside the analysed code).
        endpoint: Its endpoint name inside the blueprint.
    """

    path: str
    methods: tuple[HttpMethod, ...]
    handler: str
    endpoint: str


@dataclass(frozen=True, slots=True)
class ExtensionBlueprint:
    """The blueprint an extension registers on an app.

    Attributes:
        name: The blueprint's name.
        prefix: Its url_prefix.
        views: Its views.
    """

    name: str
    prefix: str
    views: tuple[ExtensionView, ...]


# (setting that enables it, setting holding its URL, default URL, suffix, endpoint / view name)
_SECURITY_VIEWS = (
    ("", "LOGIN_URL", "/login", "", "login"),
    ("", "LOGOUT_URL", "/logout", "", "logout"),
    ("", "VERIFY_URL", "/verify", "", "verify"),
    ("REGISTERABLE", "REGISTER_URL", "/register", "", "register"),
    ("RECOVERABLE", "RESET_URL", "/reset", "", "forgot_password"),
    ("RECOVERABLE", "RESET_URL", "/reset", "/<token>", "reset_password"),
    ("CHANGEABLE", "CHANGE_URL", "/change", "", "change_password"),
    ("CONFIRMABLE", "CONFIRM_URL", "/confirm", "", "send_confirmation"),
    ("CONFIRMABLE", "CONFIRM_URL", "/confirm", "/<token>", "confirm_email"),
)


def extension_target(call: Expr, callee: Value) -> Expr | None:
    """The app argument of a call that installs Flask-Security, if the call is one.

    Args:
        call: The call (``Security(app, ...)`` or ``security.init_app(app, ...)``).
        callee: What the call's callee evaluates to.
    """
    if not call.positional or call.positional[0].op is Op.CONST or not isinstance(callee, External):
        return None
    if callee.dotted in SECURITY:
        return call.positional[0]
    owner, _, method = callee.dotted.rpartition(".")
    return call.positional[0] if method == "init_app" and owner in SECURITY else None


def security_blueprint(settings: Settings) -> ExtensionBlueprint:
    """Flask-Security's blueprint as the program's settings configure it."""
    views = []
    for flag, url_setting, default, suffix, name in _SECURITY_VIEWS:
        if flag and not settings.enabled(f"SECURITY_{flag}"):
            continue
        url = settings.text(f"SECURITY_{url_setting}") or default
        rule = url + (suffix if not url.endswith("/") else suffix.lstrip("/"))
        views.append(ExtensionView(rule, (HttpMethod.GET, HttpMethod.POST), f"flask_security.views.{name}", name))
    prefix = settings.text("SECURITY_URL_PREFIX") or ""
    return ExtensionBlueprint(settings.text("SECURITY_BLUEPRINT_NAME") or "security", prefix, tuple(views))


class Settings:
    """Configuration values the program sets anywhere, by setting name (read on first use)."""

    def __init__(self, context: LinkContext) -> None:
        self._context = context
        self._values: dict[str, list[Value]] | None = None

    def enabled(self, name: str) -> bool:
        """Whether some statement sets ``name`` to a true value."""
        return any(isinstance(v, Const) and bool(v.value) for v in self._all().get(name, ()))

    def text(self, name: str) -> str | None:
        """The last string ``name`` is set to, if any."""
        found = [v.value for v in self._all().get(name, ()) if isinstance(v, Const) and isinstance(v.value, str)]
        return found[-1] if found else None

    def _all(self) -> dict[str, list[Value]]:
        if self._values is None:
            self._values = {}
            evaluator = self._context.evaluator
            for scope, stmt in self._context.program.walk():
                for name, expr in _settings_in(stmt):
                    if name.isupper():
                        self._values.setdefault(name, []).append(evaluator.eval(expr, scope))
        return self._values


def _settings_in(stmt: object) -> list[tuple[str, Expr]]:
    """``(name, value)`` pairs a statement sets: ``X = v``, ``cfg.X = v``, ``cfg["X"] = v``, ``update(X=v)``."""
    found: list[tuple[str, Expr]] = []
    if isinstance(stmt, Assign) and stmt.value is not None and stmt.op in ("=", ":"):
        for target in stmt.targets:
            if target.op in (Op.NAME, Op.ATTR):
                found.append((str(target.value), stmt.value))
            elif target.op is Op.SUBSCRIPT and len(target.args) == 2 and target.args[1].op is Op.STR:
                found.append((str(target.args[1].value), stmt.value))
    value = getattr(stmt, "value", None)
    if (
        isinstance(value, Expr)
        and value.op is Op.CALL
        and value.args[0].op is Op.ATTR
        and value.args[0].value == "update"
    ):
        found.extend((k, v) for k, v in value.kwargs if k != "**")
        for arg in value.positional:
            found.extend(_dict_items(arg))
    return found


def _dict_items(expr: Expr) -> list[tuple[str, Expr]]:
    if expr.op is Op.CALL and len(expr.args) == 2:  # dict({...})
        return _dict_items(expr.args[1]) + [(k, v) for k, v in expr.kwargs if k != "**"]
    if expr.op is not Op.DICT:
        return []
    pairs = zip(expr.args[::2], expr.args[1::2], strict=False)
    return [(str(k.value), v) for k, v in pairs if k.op is Op.STR]

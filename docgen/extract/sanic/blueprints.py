"""How Sanic serves a blueprint: ``app.blueprint(...)`` of blueprints, lists and groups, and versions.

``app.blueprint(bp)`` serves ``bp``'s routes below its ``url_prefix`` (or the ``url_prefix=`` of
the registration, which replaces it). A group (``Blueprint.group(bp1, bp2, url_prefix=,
version=)``, nested groups too) and a list register each blueprint in it: the prefixes of the
registration, of the groups and of the blueprint are joined. A version (``version=2`` of a route,
a blueprint, a group or a registration) puts ``/v2`` (``version_prefix`` + version) in front of
the whole path: the route's own wins, then, through a group, the blueprint's before the group's,
and, registered directly, the registration's before the blueprint's.
"""

from __future__ import annotations

from dataclasses import dataclass

from docgen.diagnostics import Code
from docgen.link.contract import LinkContext
from docgen.link.evaluate import Choice, Const, Instance, Seq, Unknown, Value, text_of
from docgen.link.program import Scope
from docgen.model import Location
from docgen.model.facts import Expr

APPS = frozenset({"sanic.Sanic", "sanic.app.Sanic"})
BLUEPRINTS = frozenset({"sanic.Blueprint", "sanic.blueprints.Blueprint"})
GROUPS = frozenset(
    {
        "sanic.Blueprint.group",
        "sanic.blueprints.Blueprint.group",
        "sanic.BlueprintGroup",
        "sanic.blueprint_group.BlueprintGroup",
        "sanic.blueprints.BlueprintGroup",
    }
)
BLUEPRINT_PARAMS = ("name", "url_prefix", "host", "version", "strict_slashes", "version_prefix")
"""``sanic.Blueprint.__init__``'s parameters in order."""
DEFAULT_VERSION_PREFIX = "/v"


@dataclass(frozen=True, slots=True)
class Served:
    """One blueprint as a registration serves it.

    Attributes:
        blueprint: The blueprint.
        prefix: The joined prefix it is served at, or None when its own ``url_prefix`` applies.
        version: The version text (``/v2``) the registration gives it, if any; the blueprint's
            own version is already weighed in.
    """

    blueprint: Instance
    prefix: str | None
    version: str | None


def argument(context: LinkContext, instance: Instance, name: str, params: tuple[str, ...] = ()) -> Value | None:
    """The argument ``name`` of the call that made ``instance`` (keyword, or positional by ``params``)."""
    expr = instance.call.kwarg(name)
    if expr is None and name in params and params.index(name) < len(instance.call.positional):
        expr = instance.call.positional[params.index(name)]
    return context.evaluator.eval(expr, context.call_scope(instance)) if expr is not None else None


def version_text(
    context: LinkContext, version: Value | None, prefix: Value | None, where: Location, default: str = ""
) -> str | None:
    """``/v2`` for ``version=2`` (``version_prefix`` + the version without its ``v``), None when not given."""
    if version is None or (isinstance(version, Const) and version.value is None):
        return None
    chosen = default or DEFAULT_VERSION_PREFIX
    if isinstance(prefix, Const) and isinstance(prefix.value, str) and prefix.value != DEFAULT_VERSION_PREFIX:
        chosen = prefix.value
    if isinstance(version, Const) and isinstance(version.value, int | float | str):
        return chosen + str(version.value).strip("/").lstrip("v")
    text = text_of(version)[0] if isinstance(version, Unknown) else "{?version}"
    context.warn(Code.NOT_EVALUATED, f"Sanic version {text!r} could not be evaluated", where)
    return chosen + text


def prefix_text(context: LinkContext, value: Value | None, where: Location) -> str:
    """A ``url_prefix`` as text (empty when not given), with a ``{?...}`` placeholder and a DG904 when unknown."""
    if value is None or (isinstance(value, Const) and value.value is None):
        return ""
    text, known = text_of(value) if isinstance(value, Const | Unknown | Choice) else ("{?url_prefix}", False)
    if not known:
        context.warn(Code.NOT_EVALUATED, f"Sanic url_prefix {text!r} could not be fully evaluated", where)
    return text


def blueprint_version(context: LinkContext, blueprint: Instance, where: Location) -> str | None:
    """The version text a blueprint's constructor gives all its routes."""
    version = argument(context, blueprint, "version", BLUEPRINT_PARAMS)
    return version_text(context, version, argument(context, blueprint, "version_prefix", BLUEPRINT_PARAMS), where)


def served(context: LinkContext, call: Expr, scope: Scope, where: Location) -> list[Served]:
    """The blueprints ``app.blueprint(x, url_prefix=, version=)`` serves, each with its prefix and version."""
    if not call.positional:
        return []
    target = context.evaluator.eval(call.positional[0], scope)
    option_prefix = call.kwarg("url_prefix")
    option_version = call.kwarg("version")
    prefix = prefix_text(context, context.evaluator.eval(option_prefix, scope), where) if option_prefix else None
    version = None
    if option_version is not None:
        version_prefix = call.kwarg("version_prefix")
        prefix_value = context.evaluator.eval(version_prefix, scope) if version_prefix is not None else None
        version = version_text(context, context.evaluator.eval(option_version, scope), prefix_value, where)
    return _flatten(context, target, prefix, version, where, grouped=False, depth=0)


def _flatten(
    context: LinkContext,
    target: Value,
    prefix: str | None,
    version: str | None,
    where: Location,
    *,
    grouped: bool,
    depth: int,
) -> list[Served]:
    if depth > 8:
        return []
    if isinstance(target, Seq):
        return [
            s
            for item in target.items
            for s in _flatten(context, item, prefix, version, where, grouped=grouped, depth=depth + 1)
        ]
    if not isinstance(target, Instance):
        return []
    if context.is_a(target, BLUEPRINTS):
        own = blueprint_version(context, target, where)
        if grouped:  # through a group, the blueprint's own version and prefix come first
            own_prefix = prefix_text(context, argument(context, target, "url_prefix", BLUEPRINT_PARAMS), where)
            return [Served(target, _joined(prefix or "", own_prefix), own or version)]
        return [Served(target, prefix, version or own)]
    if context.is_a(target, GROUPS):
        group_prefix = prefix_text(context, argument(context, target, "url_prefix"), where)
        group_version = version_text(
            context, argument(context, target, "version"), argument(context, target, "version_prefix"), where
        )
        members = [context.evaluator.eval(e, context.call_scope(target)) for e in target.call.positional]
        if not target.call.positional and target.call.kwarg("blueprints") is not None:
            members = [argument(context, target, "blueprints") or Seq(())]
        joined = _joined(prefix or "", group_prefix)
        return [
            s
            for member in members
            for s in _flatten(context, member, joined, group_version or version, where, grouped=True, depth=depth + 1)
        ]
    return []


def _joined(*parts: str) -> str:
    """Prefixes joined as Sanic joins a group's: one slash between pieces, a leading one, none at the end."""
    inner = "/".join(p.strip("/") for p in parts if p.strip("/"))
    return "/" + inner if inner else ""

"""Urlconfs nested under a pattern object: ``URLResolver(pattern, urlconf)`` and ``i18n_patterns(*urls)``.

Django serves a ``URLResolver``'s urlconf (a pattern list or a module) under its pattern: a
``RoutePattern``/``RegexPattern`` of a route, or a ``LocalePrefixPattern``, whose prefix is the
active language and a slash (none when ``prefix_default_language=False``). The language is the
project's ``LANGUAGE_CODE`` (Django's own default without one), which is also what
``django.utils.translation.get_language()`` gives code that asks (:func:`teach_language`). A
pattern object of an analysed class (a copy of Django's ``LocalePrefixPattern``) is the text its
``__str__`` gives, as Django describes a resolver. ``i18n_patterns(*urls)`` is a resolver of
Django's ``LocalePrefixPattern`` over ``urls``.
"""

from __future__ import annotations

from docgen.extract.django.paths import Piece
from docgen.extract.django.walk import PATTERN_CLASSES
from docgen.link.contract import LinkContext
from docgen.link.evaluate import Const, External, Instance, Unknown, Value, text_of
from docgen.link.program import Scope
from docgen.link.unparse import unparse
from docgen.model.facts import Expr, Op

DEFAULT_LANGUAGE = "en-us"
"""Django's ``LANGUAGE_CODE`` when the settings do not set it."""

URL_RESOLVERS = frozenset({"django.urls.URLResolver", "django.urls.resolvers.URLResolver"})
I18N_PATTERNS = "django.conf.urls.i18n.i18n_patterns"
_LOCALE = frozenset({"django.urls.LocalePrefixPattern", "django.urls.resolvers.LocalePrefixPattern"})
_GET_LANGUAGE = frozenset({"django.utils.translation.get_language", "django.utils.translation.trans_real.get_language"})


def teach_language(context: LinkContext, language: str) -> None:
    """Teach the evaluator that ``get_language()`` is ``language`` (the project's ``LANGUAGE_CODE``)."""
    context.evaluator.add_call_hook(
        "django.get_language", _GET_LANGUAGE, lambda _f, args, _d: _language(args, language)
    )


def _language(arguments: list[Value], language: str) -> Value | None:
    return Const(language) if not arguments else None


def resolver_parts(context: LinkContext, item: Instance, scope: Scope, language: str) -> tuple[Piece, list[Value]]:
    """The prefix a resolver (or ``i18n_patterns``) serves its urlconf under, and the urlconf's values.

    A resolver missing its pattern or urlconf has an unknown urlconf (which the walk reports).
    """
    call, evaluate = item.call, context.evaluator.eval
    if item.cls.dotted == I18N_PATTERNS:
        flag = call.kwarg("prefix_default_language")
        prefixed = evaluate(flag, scope) if flag is not None else Const(True)
        piece = Piece("" if prefixed == Const(False) else f"{language}/", False)
        return piece, [evaluate(u.args[0] if u.op is Op.STARRED else u, scope) for u in call.positional]
    pattern_expr = call.positional[0] if call.positional else call.kwarg("pattern")
    urls = call.positional[1] if len(call.positional) > 1 else call.kwarg("urlconf_name")
    if pattern_expr is None or urls is None:
        return Piece("", False), [Unknown(unparse(call))]
    if urls.op is Op.CALL and len(urls.positional) == 1 and not urls.kwargs:  # `list(urls)`: a copy of them
        copies = evaluate(urls.args[0], scope) in (External("builtins.list"), External("builtins.tuple"))
        urls = urls.positional[0] if copies else urls
    return _piece(context, pattern_expr, scope, language), [evaluate(urls, scope)]


def _piece(context: LinkContext, expr: Expr, scope: Scope, language: str) -> Piece:
    """The prefix of a resolver's pattern object."""
    pattern = context.evaluator.eval(expr, scope)
    where = context.call_scope(pattern) if isinstance(pattern, Instance) else scope
    if isinstance(pattern, Instance) and isinstance(pattern.cls, External):
        dotted, call = pattern.cls.dotted, pattern.call
        if dotted in PATTERN_CLASSES and call.positional:
            return Piece(text_of(context.evaluator.eval(call.positional[0], where))[0], PATTERN_CLASSES[dotted])
        if dotted in _LOCALE:
            flag = call.kwarg("prefix_default_language")
            flag = flag or (call.positional[0] if call.positional else None)
            prefixed = context.evaluator.eval(flag, where) if flag is not None else Const(True)
            return Piece("" if prefixed == Const(False) else f"{language}/", False)
    text = context.evaluator.text_value(pattern, Expr(Op.CALL, None, (Expr(Op.NAME, "str"), expr)), 0)
    return Piece(text_of(text)[0], False)

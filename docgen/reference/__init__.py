"""The code reference: modules, classes, functions and methods, with signatures and parsed docstrings."""

from __future__ import annotations

from dataclasses import dataclass

from docgen.link.contract import LinkContext
from docgen.model import Module, Symbol
from docgen.model.facts import ModuleFacts
from docgen.reference.symbols import collect_modules, collect_symbols


@dataclass(frozen=True, slots=True)
class Reference:
    """The code reference of the analysed program.

    Attributes:
        modules: Every analysed file (unparsed ones included), sorted by name.
        symbols: Modules, classes, functions and methods, sorted by module.
    """

    modules: tuple[Module, ...]
    symbols: tuple[Symbol, ...]


def describe_code(context: LinkContext, facts: list[ModuleFacts]) -> Reference:
    """The reference of the program ``context`` resolved from ``facts``."""
    return Reference(modules=collect_modules(context, facts), symbols=collect_symbols(context))

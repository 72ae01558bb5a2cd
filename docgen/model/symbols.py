"""Records of the code reference: modules, their symbols and parsed docstrings.

Part of the catalog (:mod:`docgen.model.catalog` re-exports them in :class:`Catalog`), kept apart
so each module stays readable.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docgen.model.enums import SymbolKind
from docgen.model.location import Location


@dataclass(frozen=True, slots=True, kw_only=True)
class DocParam:
    """One documented item of a docstring section (a parameter, attribute or raised type).

    Attributes:
        name: Parameter or attribute name; for ``raises``, the exception type.
        type: Type as written in the docstring, if any.
        description: Its description text (Markdown).
    """

    name: str
    type: str | None = None
    description: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Docstring:
    """A parsed docstring.

    Attributes:
        summary: The first paragraph, on one line.
        description: The long description that follows the summary (Markdown).
        params: Documented parameters, in order.
        attributes: Documented attributes (class docstrings), in order.
        returns: Return value description.
        raises: Documented exceptions.
        deprecated: Deprecation note, when the docstring carries one.
        style: The docstring style that was detected or configured.
    """

    summary: str = ""
    description: str = ""
    params: tuple[DocParam, ...] = ()
    attributes: tuple[DocParam, ...] = ()
    returns: str = ""
    raises: tuple[DocParam, ...] = ()
    deprecated: str = ""
    style: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class SymbolParam:
    """A parameter of a function or method, as its signature declares it.

    Attributes:
        name: Parameter name (without ``*`` or ``**``).
        kind: ``positional_only``, ``positional``, ``var_positional``, ``keyword_only`` or
            ``var_keyword``.
        annotation: Its annotation as written, empty when none.
        default: Its default value as written (secrets masked), empty when none.
    """

    name: str
    kind: str = "positional"
    annotation: str = ""
    default: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Symbol:
    """A module, class, function or method, for the code reference.

    Attributes:
        id: Dotted ``module.qualname`` (the module name itself for modules).
        kind: What it is.
        name: Short name.
        module: Dotted module name.
        signature: ``(a: int, b=1) -> str`` for callables, bases for classes, empty for modules.
        docstring: Parsed docstring, if any.
        location: Where it is defined.
        parent: Id of the enclosing symbol (None for modules).
        decorators: Decorators as written.
        is_async: For callables, whether declared ``async``.
        params: For callables, the parameters the signature declares (a bound method's first left out).
        returns: For callables, the return annotation as written, empty when none.
        bases: For classes, the bases by dotted name when resolved (else as written).
        refs: Names written in annotations, bases and the docstring's raised types → the dotted
            name each resolves to (only names that resolve).
    """

    id: str
    kind: SymbolKind
    name: str
    module: str
    location: Location
    signature: str = ""
    docstring: Docstring | None = None
    parent: str | None = None
    decorators: tuple[str, ...] = ()
    is_async: bool = False
    params: tuple[SymbolParam, ...] = ()
    returns: str = ""
    bases: tuple[str, ...] = ()
    refs: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class Module:
    """An analysed module (one source file).

    Attributes:
        name: Dotted module name.
        path: Repo-relative POSIX path.
        lines: Number of lines.
        docstring: Parsed module docstring.
    """

    name: str
    path: str
    lines: int = 0
    docstring: Docstring | None = None

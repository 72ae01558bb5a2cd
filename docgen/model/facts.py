"""Per-file facts: a framework-neutral summary of one module, as plain data.

The parse stage turns each file's LibCST tree into these records once; they are cached by
content hash and are all the link stage and the extractors ever see of the source. Expressions
are kept as a small tree (:class:`Expr`) rich enough for static evaluation of paths, prefixes,
decorator arguments, annotations and defaults.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Union

from docgen.model.findings import Diagnostic

FACTS_VERSION = 10
"""Bumped whenever the facts change shape or meaning: it invalidates every cached file."""


class Op(StrEnum):
    """The kind of an expression node."""

    NAME = "name"  # value: identifier
    ATTR = "attr"  # value: attribute name; args: (object,)
    CALL = "call"  # args: (callee, *positional); kwargs: keywords ("**" for a double-star)
    STR = "str"  # value: the string
    BYTES = "bytes"  # value: the bytes decoded as latin-1
    NUM = "num"  # value: int, float or complex
    CONST = "const"  # value: True, False, None or "..."
    LIST = "list"  # args: elements
    TUPLE = "tuple"  # args: elements
    SET = "set"  # args: elements
    DICT = "dict"  # args: keys and values interleaved (a None key is a ** expansion: STARRED)
    FSTRING = "fstring"  # args: parts, each STR or FORMAT
    FORMAT = "format"  # args: (expression,); value: format spec source or None
    BINOP = "binop"  # value: operator ("+", "|", ...); args: (left, right)
    UNARY = "unary"  # value: operator; args: (operand,)
    BOOLOP = "boolop"  # value: "and" / "or"; args: operands
    COMPARE = "compare"  # args: operands; value: operators joined by spaces
    SUBSCRIPT = "subscript"  # args: (value, *indices)
    STARRED = "starred"  # value: "*" or "**"; args: (operand,)
    LAMBDA = "lambda"
    IFEXP = "ifexp"  # args: (body, test, orelse)
    COMP = "comp"  # value: source; args: (element, target, iterable, ...) per for-clause; kwargs: ("if", test)...
    YIELD = "yield"  # value: "yield", "from" (yield from), or "repeated" (either, in a `while` body); args: (operand,)
    JUMP = "jump"  # a `break` or `continue` statement (the value of an ExprStmt); value: "break" / "continue"
    UNKNOWN = "unknown"  # value: source text (truncated)


@dataclass(frozen=True, slots=True)
class Expr:
    """An expression node.

    Attributes:
        op: What kind of node it is.
        value: The node's own datum (see :class:`Op`).
        args: Child expressions (see :class:`Op`).
        kwargs: Keyword children of calls, in source order.
        line: Source line of the node, when known (calls and definitions keep theirs).
    """

    op: Op
    value: str | int | float | complex | bool | None = None
    args: tuple[Expr, ...] = ()
    kwargs: tuple[tuple[str, Expr], ...] = ()
    line: int = 0

    def kwarg(self, name: str) -> Expr | None:
        """The keyword argument ``name`` of a call, if given."""
        for key, value in self.kwargs:
            if key == name:
                return value
        return None

    @property
    def callee(self) -> Expr | None:
        """The called expression of a call."""
        return self.args[0] if self.op is Op.CALL and self.args else None

    @property
    def positional(self) -> tuple[Expr, ...]:
        """The positional arguments of a call."""
        return self.args[1:] if self.op is Op.CALL else ()


@dataclass(frozen=True, slots=True)
class Condition:
    """A test that must come out one way for a statement to run: ``if DEBUG:`` in its body, or its ``else``.

    Attributes:
        test: The tested expression; for ``raised``, the exceptions the ``except`` clause names.
        holds: Whether the statement runs when the test is true (False in an ``else`` or ``elif``).
        line: Line of the ``if`` (or ``try``).
        raised: The statement is in an ``except ImportError:`` clause: it runs only when an import
            of the ``try`` fails (an optional dependency's fallback).
        attempted: The statement is in a ``try`` body (or its ``else``) after the body's first
            statement, and a handler swallows the error: it runs only if nothing before it
            raised, which docgen cannot tell (``test`` is the placeholder :data:`ATTEMPTED`).
    """

    test: Expr
    holds: bool
    line: int
    raised: bool = False
    attempted: bool = False


ATTEMPTED = Expr(Op.NAME, "<try>")
"""The test of an ``attempted`` condition: a name no code binds, so any evaluation of it is unknown."""


Guard = tuple[int, ...]
"""The conditions around a statement, outermost first, as indices into :attr:`ModuleFacts.conditions`
(the statements of a branch share one record); empty when it runs unconditionally."""


@dataclass(frozen=True, slots=True)
class Import:
    """One name bound by an import statement.

    Attributes:
        alias: The local name bound (for ``import a.b`` this is ``a``).
        module: Absolute dotted module imported from (relative imports already resolved).
        name: The imported attribute for ``from m import name``; None for ``import m``; ``*``.
        line: Source line.
        level: The dots of a relative import (``from ..m import x`` is 2); 0 for an absolute one.
        guard: The conditions it runs under (:data:`Guard`); empty when unconditional.
    """

    alias: str
    module: str
    name: str | None
    line: int
    level: int = 0
    guard: Guard = ()


@dataclass(frozen=True, slots=True)
class Assign:
    """An assignment, augmented assignment or annotated declaration.

    Attributes:
        targets: Assigned targets (NAME, ATTR, SUBSCRIPT or TUPLE expressions).
        value: The assigned value; None for a bare annotation (``x: int``).
        annotation: The annotation of ``x: T = ...``.
        op: ``=``, or the augmented operator (``+=``).
        line: Source line.
        docstring: A string literal directly after it (an attribute docstring).
        comment: A trailing comment on the same line, without ``#``.
        guard: The conditions it runs under (:data:`Guard`); empty when unconditional.
    """

    targets: tuple[Expr, ...]
    value: Expr | None
    annotation: Expr | None
    op: str
    line: int
    docstring: str | None = None
    comment: str | None = None
    guard: Guard = ()


@dataclass(frozen=True, slots=True)
class ExprStmt:
    """A statement that is a bare expression (usually a call).

    Attributes:
        value: The expression.
        line: Source line.
        guard: The conditions it runs under (:data:`Guard`); empty when unconditional.
    """

    value: Expr
    line: int
    guard: Guard = ()


@dataclass(frozen=True, slots=True)
class Return:
    """A return statement.

    Attributes:
        value: The returned expression, if any.
        line: Source line.
        guard: The conditions it runs under (:data:`Guard`); empty when unconditional.
    """

    value: Expr | None
    line: int
    guard: Guard = ()


@dataclass(frozen=True, slots=True)
class For:
    """A for loop (its body is kept: apps register routers in loops).

    Attributes:
        target: The loop target.
        iter: The iterated expression.
        body: The loop body.
        line: Source line.
        guard: The conditions it runs under (:data:`Guard`); empty when unconditional.
    """

    target: Expr
    iter: Expr
    body: tuple[Stmt, ...]
    line: int
    guard: Guard = ()


@dataclass(frozen=True, slots=True)
class Parameter:
    """A parameter of a function.

    Attributes:
        name: Parameter name.
        kind: ``positional_only``, ``positional``, ``var_positional``, ``keyword_only`` or
            ``var_keyword``.
        annotation: Its annotation.
        default: Its default value.
    """

    name: str
    kind: str
    annotation: Expr | None = None
    default: Expr | None = None


@dataclass(frozen=True, slots=True)
class FunctionDef:
    """A function or method definition.

    Attributes:
        name: Function name.
        qualname: Qualified name inside the module (``Class.method``, ``f.<locals>.g``).
        params: Parameters in order.
        returns: Return annotation.
        decorators: Decorator expressions, outermost first.
        docstring: Raw docstring text (cleaned of indentation), if any.
        body: Statements of the body that matter to linking.
        is_async: Whether ``async def``.
        line: Line of the ``def`` keyword.
        end_line: Last line of the body.
        type_params: PEP 695 type parameters as written.
        guard: The conditions it runs under (:data:`Guard`); empty when unconditional.
    """

    name: str
    qualname: str
    params: tuple[Parameter, ...]
    returns: Expr | None
    decorators: tuple[Expr, ...]
    docstring: str | None
    body: tuple[Stmt, ...]
    is_async: bool
    line: int
    end_line: int
    type_params: str = ""
    guard: Guard = ()


@dataclass(frozen=True, slots=True)
class ClassDef:
    """A class definition.

    Attributes:
        name: Class name.
        qualname: Qualified name inside the module.
        bases: Base class expressions.
        keywords: Class keywords (``metaclass=``, ``table=True``).
        decorators: Decorator expressions.
        docstring: Raw docstring, if any.
        body: The class body's statements.
        line: Line of the ``class`` keyword.
        end_line: Last line of the body.
        type_params: PEP 695 type parameters as written.
        guard: The conditions it runs under (:data:`Guard`); empty when unconditional.
    """

    name: str
    qualname: str
    bases: tuple[Expr, ...]
    keywords: tuple[tuple[str, Expr], ...]
    decorators: tuple[Expr, ...]
    docstring: str | None
    body: tuple[Stmt, ...]
    line: int
    end_line: int
    type_params: str = ""
    guard: Guard = ()


Stmt = Union[Import, Assign, ExprStmt, Return, For, FunctionDef, ClassDef]  # noqa: UP007 - used at runtime


@dataclass(frozen=True, slots=True)
class Suppression:
    """A ``# docgen: ignore[DG101, DG2]`` comment: docgen's findings on its line are not reported.

    Attributes:
        line: The line the comment is on.
        codes: Codes or code prefixes it names; empty for a bare ``# docgen: ignore`` (every code).
    """

    line: int
    codes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ModuleFacts:
    """Everything the later stages know about one source file.

    Attributes:
        path: Repo-relative POSIX path.
        module: Dotted module name.
        is_package: Whether the file is a package ``__init__``.
        sha: Content hash of the file.
        docstring: Module docstring.
        body: Module-level statements in source order (``if``/``try``/``with`` bodies are
            flattened into it; a statement of an ``if`` branch carries its :data:`Guard`).
        lines: Number of lines.
        diagnostics: Problems met while parsing (a file that failed to parse has an empty body).
        parsed: Whether the file was parsed.
        suppressions: ``# docgen: ignore[...]`` comments, in line order.
        conditions: The conditions of the ``if`` branches, which statements' guards index.
    """

    path: str
    module: str
    is_package: bool
    sha: str
    docstring: str | None
    body: tuple[Stmt, ...]
    lines: int
    diagnostics: tuple[Diagnostic, ...] = ()
    parsed: bool = True
    suppressions: tuple[Suppression, ...] = ()
    conditions: tuple[Condition, ...] = ()

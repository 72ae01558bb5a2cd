"""One file → :class:`~docgen.model.facts.ModuleFacts`: decode, parse with LibCST, summarise.

The summary walks the statement structure once (no whole-tree visitor): module and class bodies
completely, function bodies for what linking needs (calls, assignments, returns, loops, nested
definitions). ``if``/``try``/``with`` bodies are flattened into their parent, so both branches
count; a statement of an ``if`` branch carries the branch's conditions (its guard), which the link
stage decides where it can. This runs inside parse worker processes.
"""

from __future__ import annotations

import ast
import dataclasses
import inspect
import io
import resource
import tokenize
from collections.abc import Sequence

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from docgen.diagnostics import Code, diagnostic
from docgen.model import Diagnostic, Location, Severity, Stage
from docgen.model.facts import (
    ATTEMPTED,
    Assign,
    ClassDef,
    Condition,
    Expr,
    ExprStmt,
    For,
    FunctionDef,
    ModuleFacts,
    Op,
    Parameter,
    Return,
    Stmt,
)
from docgen.parse.contexts import import_errors_only, swallows_errors, with_items
from docgen.parse.expressions import ExprConverter, assignment_expressions
from docgen.parse.imports import imports_of
from docgen.parse.nesting import MAX_NESTING, too_deep
from docgen.parse.suppressions import find_suppressions

MAX_DOCSTRING = 100_000
"""Longer docstrings are truncated (with a warning): nobody documents an API in a megabyte."""

_PY2_HINTS = ("Missing parentheses in call to", "multiple exception types must be parenthesized")


def summarise(path: str, module: str, is_package: bool, sha: str, data: bytes) -> ModuleFacts:
    """Summarise one source file; failures become diagnostics on an unparsed ModuleFacts."""
    location = Location(path)

    def failed(code: str, message: str, line: int = 0) -> ModuleFacts:
        where = Location(path, line, line) if line else location
        diag = diagnostic(code, message, Stage.PARSE, where, Severity.ERROR)
        return ModuleFacts(path, module, is_package, sha, None, (), 0, (diag,), parsed=False)

    if b"\x00" in data:
        return failed(Code.FILE_SKIPPED, "source contains NUL byte; skipped")
    try:
        try:
            encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        except SyntaxError as exc:
            unknown = str(exc.msg).partition("unknown encoding: ")[2]
            if unknown:  # Python would refuse to import the file: document nothing from a guess
                return failed(
                    Code.UNDECODABLE, f"unknown encoding {unknown!r} in the coding cookie; skipped (fix the cookie)"
                )
            encoding = "utf-8"  # no usable cookie: decoding below names the offending byte
        text = data.decode(encoding)
    except LookupError as exc:
        return failed(Code.UNDECODABLE, f"cannot decode: {exc}")
    except UnicodeDecodeError as exc:
        return failed(
            Code.UNDECODABLE, f"cannot decode as {exc.encoding} (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        )
    text = text.removeprefix("\ufeff")
    ast_error: SyntaxError | None = None
    try:
        tree: ast.Module | None = ast.parse(text, filename=path)
    except SyntaxError as exc:
        if "too many nested" in str(exc.msg):
            return failed(Code.PARSER_FAILED, "expression nesting too deep; skipped", exc.lineno or 0)
        tree, ast_error = None, exc  # maybe newer syntax than this Python's ast; LibCST may still read it
    except (RecursionError, MemoryError) as exc:
        if isinstance(exc, MemoryError) and _near_memory_limit():
            raise  # out of memory, not the parser's stack: the caller retries the file with more
        # LibCST's native parser would overflow its stack on the same input: do not hand it over.
        return failed(Code.PARSER_FAILED, "expression nesting too deep; skipped")
    except ValueError:
        tree = None
    if tree is not None and (deep := too_deep(tree)) is not None:
        return failed(Code.PARSER_FAILED, f"expression nesting deeper than {MAX_NESTING} levels; skipped", deep)
    try:
        parsed = cst.parse_module(text)
    except cst.ParserSyntaxError as exc:
        hint = " (looks like Python 2 syntax)" if _looks_like_python2(text) else ""
        line, column, message = exc.raw_line, exc.raw_column, str(exc).splitlines()[0] if str(exc) else "syntax error"
        if ast_error is not None and ast_error.lineno:  # CPython pinpoints the error better
            line, column, message = ast_error.lineno, ast_error.offset or 0, ast_error.msg
        return failed(Code.SYNTAX_ERROR, f"syntax error at {line}:{column}: {message}{hint}", line)
    except RecursionError:
        return failed(Code.PARSER_FAILED, "expression nesting too deep; skipped")
    positions = None
    if tree is None:
        wrapper = MetadataWrapper(parsed, unsafe_skip_copy=True)
        positions = wrapper.resolve(PositionProvider)
    walker = _Walker(ExprConverter(parsed, positions), module, is_package, path)
    try:
        body = walker.block(parsed.body, tree.body if tree else None, "", 1)
    except RecursionError:
        return failed(Code.PARSER_FAILED, "definitions nested too deep; skipped")
    docstring = _clean_docstring(parsed.get_docstring(clean=True))
    lines = text.count("\n") + (0 if text.endswith("\n") or not text else 1)
    return ModuleFacts(
        path,
        module,
        is_package,
        sha,
        docstring,
        body,
        lines,
        tuple(walker.diagnostics),
        suppressions=find_suppressions(text),
        conditions=tuple(walker.conditions),
    )


def _near_memory_limit() -> bool:
    """Whether this process has used over half its data limit.

    CPython's parser raises MemoryError, without a message, both when memory runs out and when its
    own stack overflows on deep nesting: only the first is worth a retry with more memory.
    """
    limit = resource.getrlimit(resource.RLIMIT_DATA)[0]
    if limit == resource.RLIM_INFINITY:
        return False
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 > limit // 2


def _looks_like_python2(text: str) -> bool:
    try:
        compile(text, "<check>", "exec", dont_inherit=True)
    except SyntaxError as exc:
        return any(h in str(exc.msg) for h in _PY2_HINTS)
    except (ValueError, RecursionError, MemoryError):
        return False
    return False


def _clean_docstring(text: str | bytes | None) -> str | None:
    if not isinstance(text, str):
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text[:MAX_DOCSTRING]


class _Walker:
    """Walks statement lists of one module, with the ``ast`` statements as mirrors."""

    def __init__(self, exprs: ExprConverter, module: str, is_package: bool, path: str) -> None:
        self.exprs = exprs
        self.package = module if is_package else module.rpartition(".")[0]
        self.path = path
        self.diagnostics: list[Diagnostic] = []
        self.conditions: list[Condition] = []
        self.loops: list[str] = []  # "for" / "while" of the loops around the statement converted, innermost last

    def condition(self, test: Expr, holds: bool, line: int, *, raised: bool = False, attempted: bool = False) -> int:
        """Record a branch's condition; its index is what the branch's statements' guards hold."""
        self.conditions.append(Condition(test, holds, line, raised, attempted))
        return len(self.conditions) - 1

    def block(
        self,
        statements: Sequence[cst.BaseStatement | cst.BaseSmallStatement],
        mirrors: list[ast.stmt] | None,
        scope: str,
        line: int,
    ) -> tuple[Stmt, ...]:
        """Convert a statement list; ``scope`` is the qualname prefix of definitions in it."""
        out: list[Stmt] = []
        queue = list(mirrors) if mirrors is not None else None
        for statement in statements:
            smalls = statement.body if isinstance(statement, cst.SimpleStatementLine) else [statement]
            comment = None
            if isinstance(statement, cst.SimpleStatementLine) and statement.trailing_whitespace.comment:
                comment = statement.trailing_whitespace.comment.value.lstrip("#").strip()
            for small in smalls:
                mirror = queue.pop(0) if queue else None
                here = self.exprs.line(small, mirror, line)
                self._statement(small, mirror, scope, here, comment, out)
        return tuple(out)

    def _statement(
        self, node: cst.CSTNode, mirror: ast.stmt | None, scope: str, line: int, comment: str | None, out: list[Stmt]
    ) -> None:
        conv = self.exprs.convert
        for name, named in assignment_expressions(node):  # `if x := f():` binds x as `x = f()` before the test
            out.append(Assign((Expr(Op.NAME, name),), conv(named), None, "=", line))
        if isinstance(node, cst.Expr):
            if (
                isinstance(node.value, cst.SimpleString | cst.ConcatenatedString)
                and out
                and isinstance(out[-1], Assign)
            ):
                value = conv(node.value)
                if value.op is Op.STR and isinstance(value.value, str):
                    out[-1] = _with_docstring(out[-1], value.value)
                return
            if isinstance(node.value, cst.SimpleString | cst.ConcatenatedString):
                return  # a docstring or a bare string: no effect
            value = conv(node.value, getattr(mirror, "value", None))
            if value.op is Op.YIELD and "while" in self.loops:  # runs an unknown number of times
                value = Expr(Op.YIELD, "repeated", value.args, line=value.line)
            out.append(ExprStmt(value, line))
        elif isinstance(node, cst.Break | cst.Continue) and self.loops[-1:] == ["for"]:  # a `while` is flattened
            out.append(ExprStmt(Expr(Op.JUMP, "break" if isinstance(node, cst.Break) else "continue"), line))
        elif isinstance(node, cst.Assign):
            targets = tuple(conv(t.target) for t in node.targets)
            out.append(
                Assign(targets, conv(node.value, getattr(mirror, "value", None)), None, "=", line, None, comment)
            )
        elif isinstance(node, cst.AnnAssign):
            declared = conv(node.value, getattr(mirror, "value", None)) if node.value is not None else None
            annotation = conv(node.annotation.annotation, getattr(mirror, "annotation", None))
            out.append(Assign((conv(node.target),), declared, annotation, ":", line, None, comment))
        elif isinstance(node, cst.AugAssign):
            op = self.exprs.source(node.operator).strip()
            out.append(Assign((conv(node.target),), conv(node.value, getattr(mirror, "value", None)), None, op, line))
        elif isinstance(node, cst.Import | cst.ImportFrom):
            out.extend(imports_of(node, line, self.package))
        elif isinstance(node, cst.Return):
            returned = conv(node.value, getattr(mirror, "value", None)) if node.value is not None else None
            out.append(Return(returned, line))
        elif isinstance(node, cst.FunctionDef):
            out.append(self._function(node, mirror, scope, line))
        elif isinstance(node, cst.ClassDef):
            out.append(self._class(node, mirror, scope, line))
        elif isinstance(node, cst.For):
            body = self._inner("for", node, mirror, scope, line)
            out.append(For(conv(node.target), conv(node.iter, getattr(mirror, "iter", None)), body, line))
            if node.orelse is not None:
                out.extend(self.block(_body(node.orelse.body), getattr(mirror, "orelse", None), scope, line))
        elif isinstance(node, cst.If):
            test = conv(node.test, getattr(mirror, "test", None))
            body = self.block(_body(node.body), getattr(mirror, "body", None), scope, line)
            out.extend(_guarded(body, self.condition(test, True, line)))
            orelse, else_mirror = node.orelse, getattr(mirror, "orelse", None)
            rest: list[Stmt] = []
            if isinstance(orelse, cst.If):
                elif_mirror = else_mirror[0] if else_mirror else None
                self._statement(orelse, elif_mirror, scope, getattr(elif_mirror, "lineno", line), None, rest)
            elif isinstance(orelse, cst.Else):
                rest.extend(self.block(_body(orelse.body), else_mirror, scope, line))
            out.extend(_guarded(rest, self.condition(test, False, line)))
        elif isinstance(node, cst.Try | cst.TryStar):
            body = self.block(_body(node.body), getattr(mirror, "body", None), scope, line)
            swallows = any(swallows_errors(handler, self.exprs) for handler in node.handlers)
            attempted = self.condition(ATTEMPTED, True, line, attempted=True) if swallows and len(body) > 1 else None
            out.extend(body[:1])
            out.extend(_guarded(body[1:], attempted) if attempted is not None else body[1:])
            handler_mirrors = getattr(mirror, "handlers", None) or []
            for i, handler in enumerate(node.handlers):
                hm = handler_mirrors[i].body if i < len(handler_mirrors) else None
                body = self.block(_body(handler.body), hm, scope, line)  # type: ignore[attr-defined]
                kind = getattr(handler, "type", None)
                caught = conv(kind) if kind is not None else None
                if caught is not None and import_errors_only(caught):  # an optional dependency's fallback
                    out.extend(_guarded(body, self.condition(caught, True, line, raised=True)))
                else:
                    out.extend(body)
            for part, name in ((node.orelse, "orelse"), (node.finalbody, "finalbody")):
                if part is not None:
                    stmts = self.block(_body(part.body), getattr(mirror, name, None), scope, line)
                    runs_after = name == "orelse" and attempted is not None  # only when the body raised nothing
                    out.extend(_guarded(stmts, attempted) if runs_after and attempted is not None else stmts)
        elif isinstance(node, cst.While):
            out.extend(self._inner("while", node, mirror, scope, line))
        elif isinstance(node, cst.With):
            entered, exits = with_items(self.exprs, node, mirror, line)
            out.extend(entered)
            out.extend(self.block(_body(node.body), getattr(mirror, "body", None), scope, line))
            out.extend(reversed(exits))

    def _inner(self, loop: str, node: cst.CSTNode, mirror: ast.stmt | None, scope: str, line: int) -> tuple[Stmt, ...]:
        """The body of a ``for``/``while`` loop (``loop``), or of a definition (``""``: not in the loops around it)."""
        outer = self.loops
        self.loops = [*outer, loop] if loop else []
        try:
            return self.block(_body(node.body), getattr(mirror, "body", None), scope, line)  # type: ignore[attr-defined]
        finally:
            self.loops = outer

    def _function(self, node: cst.FunctionDef, mirror: ast.stmt | None, scope: str, line: int) -> FunctionDef:
        qualname = f"{scope}{node.name.value}"
        fm = mirror if isinstance(mirror, ast.FunctionDef | ast.AsyncFunctionDef) else None
        params = self._parameters(node.params, fm.args if fm else None)
        returns = self.exprs.convert(node.returns.annotation, fm.returns if fm else None) if node.returns else None
        decorators = self._decorators(node.decorators, fm.decorator_list if fm else None)
        body = self._inner("", node, fm, f"{qualname}.<locals>.", line)
        end = self.exprs.end_line(node, fm, line)
        return FunctionDef(
            node.name.value,
            qualname,
            params,
            returns,
            decorators,
            _clean_docstring(node.get_docstring(clean=True)),
            body,
            node.asynchronous is not None,
            line,
            end,
            self._type_params(node),
        )

    def _class(self, node: cst.ClassDef, mirror: ast.stmt | None, scope: str, line: int) -> ClassDef:
        qualname = f"{scope}{node.name.value}"
        cm = mirror if isinstance(mirror, ast.ClassDef) else None
        base_mirrors = list(cm.bases) if cm else []
        kw_mirrors = {k.arg: k.value for k in cm.keywords} if cm else {}
        bases: list[Expr] = []
        keywords: list[tuple[str, Expr]] = []
        for arg in node.bases:
            bases.append(self.exprs.convert(arg.value, base_mirrors.pop(0) if base_mirrors else None))
        for arg in node.keywords:
            key = arg.keyword.value if arg.keyword else "**"
            keywords.append((key, self.exprs.convert(arg.value, kw_mirrors.get(key))))
        decorators = self._decorators(node.decorators, cm.decorator_list if cm else None)
        body = self._inner("", node, cm, f"{qualname}.", line)
        end = self.exprs.end_line(node, cm, line)
        docstring = _clean_docstring(node.get_docstring(clean=True))
        return ClassDef(
            node.name.value,
            qualname,
            tuple(bases),
            tuple(keywords),
            decorators,
            docstring,
            body,
            line,
            end,
            self._type_params(node),
        )

    def _decorators(self, decorators: Sequence[cst.Decorator], mirrors: list[ast.expr] | None) -> tuple[Expr, ...]:
        ms = mirrors or []
        return tuple(self.exprs.convert(d.decorator, ms[i] if i < len(ms) else None) for i, d in enumerate(decorators))

    def _parameters(self, params: cst.Parameters, mirror: ast.arguments | None) -> tuple[Parameter, ...]:
        positional_mirrors = [*mirror.posonlyargs, *mirror.args] if mirror else []
        defaults = list(mirror.defaults) if mirror else []
        default_mirrors: list[ast.expr | None] = [None] * (len(positional_mirrors) - len(defaults)) + defaults
        out: list[Parameter] = []
        groups = (("positional_only", params.posonly_params), ("positional", params.params))
        index = 0
        for kind, group in groups:
            for p in group:
                am = positional_mirrors[index] if index < len(positional_mirrors) else None
                dm = default_mirrors[index] if index < len(default_mirrors) else None
                index += 1
                out.append(self._param(p, kind, am, dm))
        if isinstance(params.star_arg, cst.Param):
            out.append(self._param(params.star_arg, "var_positional", mirror.vararg if mirror else None, None))
        kw_mirrors = list(mirror.kwonlyargs) if mirror else []
        kw_defaults = list(mirror.kw_defaults) if mirror else []
        for i, p in enumerate(params.kwonly_params):
            am = kw_mirrors[i] if i < len(kw_mirrors) else None
            dm = kw_defaults[i] if i < len(kw_defaults) else None
            out.append(self._param(p, "keyword_only", am, dm))
        if params.star_kwarg is not None:
            out.append(self._param(params.star_kwarg, "var_keyword", mirror.kwarg if mirror else None, None))
        return tuple(out)

    def _param(self, p: cst.Param, kind: str, arg: ast.arg | None, default: ast.expr | None) -> Parameter:
        annotation = (
            self.exprs.convert(p.annotation.annotation, arg.annotation if arg else None) if p.annotation else None
        )
        value = self.exprs.convert(p.default, default) if p.default is not None else None
        return Parameter(p.name.value, kind, annotation, value)

    def _type_params(self, node: cst.FunctionDef | cst.ClassDef) -> str:
        params = getattr(node, "type_parameters", None)
        return self.exprs.source(params) if params is not None else ""


def _body(suite: cst.BaseSuite) -> Sequence[cst.BaseStatement | cst.BaseSmallStatement]:
    return suite.body


def _with_docstring(assign: Assign, docstring: str) -> Assign:
    return dataclasses.replace(assign, docstring=_clean_docstring(inspect.cleandoc(docstring)))


def _guarded(statements: Sequence[Stmt], condition: int) -> list[Stmt]:
    """The statements of an ``if`` branch, each with ``condition`` (its index) outermost in its guard."""
    return [dataclasses.replace(stmt, guard=(condition, *stmt.guard)) for stmt in statements]

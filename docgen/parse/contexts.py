"""What a statement's context does: a ``with`` before and after its body, as statements; ``except`` clauses."""

from __future__ import annotations

import ast

import libcst as cst

from docgen.model.facts import Assign, Expr, ExprStmt, Op, Stmt
from docgen.parse.expressions import ExprConverter


def with_items(
    exprs: ExprConverter, node: cst.With, mirror: ast.stmt | None, line: int
) -> tuple[list[Stmt], list[Stmt]]:
    """What a ``with`` does before its body, and after it.

    ``with make() as name:`` binds ``name`` to the context's value, as ``__enter__`` returning
    self does. A method call used without ``as`` (``with config.route_prefix_context("/api"):``)
    is a call statement before the body and ``<the same call>.__exit__()`` after it, so what a
    context changes for its block alone can be told from the statements.
    """
    mirrors = getattr(mirror, "items", None) or []
    end = getattr(mirror, "end_lineno", None) or line
    before: list[Stmt] = []
    after: list[Stmt] = []
    for i, item in enumerate(node.items):
        context = exprs.convert(item.item, mirrors[i].context_expr if i < len(mirrors) else None)
        if item.asname is not None and isinstance(item.asname.name, cst.Name):
            before.append(Assign((exprs.convert(item.asname.name),), context, None, "=", line))
        elif item.asname is None and context.op is Op.CALL and context.args[0].op is Op.ATTR:
            before.append(ExprStmt(context, line))
            leave = Expr(Op.ATTR, "__exit__", (context,), line=end)
            after.append(ExprStmt(Expr(Op.CALL, None, (leave,), line=end), end))
    return before, after


_IMPORT_ERRORS = frozenset({"ImportError", "ModuleNotFoundError"})


def import_errors_only(caught: Expr) -> bool:
    """Whether an ``except`` clause catches only failed imports (``ImportError``, a tuple of such)."""
    names = caught.args if caught.op is Op.TUPLE else (caught,)
    return bool(names) and all(n.op is Op.NAME and n.value in _IMPORT_ERRORS for n in names)


def swallows_errors(handler: cst.ExceptHandler | cst.ExceptStarHandler, exprs: ExprConverter) -> bool:
    """Whether an ``except`` clause goes on after the error (does not end in ``raise``), for more than a failed import.

    ``except ImportError:`` does not count: docgen reads the code as installed, its imports succeed.
    """
    kind = handler.type
    if kind is not None and import_errors_only(exprs.convert(kind, None)):
        return False
    last = handler.body.body[-1] if handler.body.body else None
    reraises = isinstance(last, cst.SimpleStatementLine) and bool(last.body) and isinstance(last.body[-1], cst.Raise)
    return not reraises

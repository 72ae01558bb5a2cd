"""The code reference: modules, classes, functions and methods with signatures and parsed docstrings."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from docgen.link.contract import LinkContext
from docgen.link.evaluate import DefRef, External
from docgen.link.redact import secret_warning, signature
from docgen.link.unparse import unparse
from docgen.model import Module, Symbol, SymbolKind
from docgen.model.facts import ClassDef, FunctionDef, ModuleFacts, Stmt
from docgen.reference.annotations import annotation_names, params_of, raised_names, resolve_refs
from docgen.reference.docstrings import parse_docstring


def collect_modules(context: LinkContext, facts: list[ModuleFacts]) -> tuple[Module, ...]:
    """One Module per analysed file (unparsed files included, without a docstring)."""
    modules = [
        Module(
            name=f.module, path=f.path, lines=f.lines, docstring=parse_docstring(f.docstring, context.docstring_style)
        )
        for f in facts
    ]
    return tuple(sorted(modules, key=lambda m: (m.name, m.path)))


def collect_symbols(context: LinkContext, modules: Mapping[str, ModuleFacts] | None = None) -> tuple[Symbol, ...]:
    """Symbols for every module and every class, function and method outside function bodies.

    ``modules`` are the modules' facts by name (default: the program's, vendored ones included).
    """
    if modules is None:
        program = context.program
        modules = {**program.vendored_modules, **program.modules}
    symbols = [s for name in sorted(modules) for s in module_symbols(context, name, modules[name])]
    return tuple(sorted(symbols, key=lambda s: s.id))


def module_symbols(context: LinkContext, name: str, facts: ModuleFacts) -> tuple[Symbol, ...]:
    """The symbols of one module (``facts``, named ``name``): itself first, then its definitions in source order."""
    module = Symbol(
        id=name,
        kind=SymbolKind.MODULE,
        name=name.rpartition(".")[2],
        module=name,
        location=context.location(name, 0),
        docstring=parse_docstring(facts.docstring, context.docstring_style),
    )
    return (module, *_definitions(context, name, facts.body, parent=name, in_class=False))


def _definitions(
    context: LinkContext, module: str, body: tuple[Stmt, ...], parent: str, in_class: bool
) -> Iterator[Symbol]:
    for stmt in body:
        if isinstance(stmt, FunctionDef):
            kind = SymbolKind.METHOD if in_class else SymbolKind.FUNCTION
            dotted = f"{module}.{stmt.qualname}"
            docstring = parse_docstring(stmt.docstring, context.docstring_style)
            bound = in_class and _is_bound(stmt)
            yield Symbol(
                id=dotted,
                kind=kind,
                name=stmt.name,
                module=module,
                location=context.location(module, stmt.line, stmt.end_line),
                signature=stmt.type_params
                + signature(
                    stmt,
                    skip_first=bound,
                    on_secret=secret_warning(context, context.location(module, stmt.line)),
                ),
                docstring=docstring,
                parent=parent,
                decorators=tuple(unparse(d) for d in stmt.decorators),
                is_async=stmt.is_async,
                params=params_of(stmt, skip_first=bound),
                returns=unparse(stmt.returns) if stmt.returns is not None else "",
                refs=resolve_refs(context, dotted, [*annotation_names(stmt), *raised_names(docstring)]),
            )
        elif isinstance(stmt, ClassDef):
            dotted = f"{module}.{stmt.qualname}"
            bases = _bases(context, dotted, stmt)
            yield Symbol(
                id=dotted,
                kind=SymbolKind.CLASS,
                name=stmt.name,
                module=module,
                location=context.location(module, stmt.line, stmt.end_line),
                signature=stmt.type_params + "(" + ", ".join(bases) + ")",
                bases=tuple(bases),
                docstring=parse_docstring(stmt.docstring, context.docstring_style),
                parent=parent,
                decorators=tuple(unparse(d) for d in stmt.decorators),
            )
            yield from _definitions(context, module, stmt.body, dotted, in_class=True)


def _is_bound(fn: FunctionDef) -> bool:
    names = {unparse(d) for d in fn.decorators}
    return "staticmethod" not in names and bool(fn.params) and fn.params[0].kind != "keyword_only"


def _bases(context: LinkContext, dotted: str, definition: ClassDef) -> list[str]:
    scope = context.program.defining_scope(dotted)
    out = []
    for base in definition.bases:
        value = context.evaluator.eval(base, scope) if scope is not None else None
        out.append(value.dotted if isinstance(value, DefRef | External) else unparse(base))
    return out

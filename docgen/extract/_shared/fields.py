"""Shared model-extraction machinery: finding classes of a kind, and reading their class-body fields.

A model extractor says which base classes (or decorators) make a class one of its models and how
to read one field declaration; this module walks the classes, merges inherited fields in MRO
order and attaches descriptions from attribute docstrings and the class docstring.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace

from docgen.diagnostics import Code, Reporter
from docgen.extract._shared.common import masked_default
from docgen.link.contract import LinkContext
from docgen.link.evaluate import DefRef, External
from docgen.link.program import Scope
from docgen.link.unparse import unparse
from docgen.model import Model, ModelField, ModelKind, Relation
from docgen.model.facts import Assign, ClassDef, Expr, Op, Stmt
from docgen.reference.docstrings import parse_docstring


@dataclass(frozen=True, slots=True)
class ClassInfo:
    """An analysed class with what model extractors need to know about it.

    Attributes:
        dotted: ``module.qualname``.
        definition: The class definition.
        scope: Its body scope.
        outer: The scope it is defined in.
        lineage: Dotted names of the class and every base.
    """

    dotted: str
    definition: ClassDef
    scope: Scope
    outer: Scope
    lineage: frozenset[str]


FieldReader = Callable[[LinkContext, ClassInfo, Assign, str], "tuple[ModelField, list[Relation]] | None"]
BodyReader = Callable[[LinkContext, ClassInfo], "Iterable[Stmt]"]
"""The statements of a class body a field reader is given (see :func:`build_model`)."""


def classes(context: LinkContext, *, local: bool = False) -> Iterator[ClassInfo]:
    """Every analysed class outside function bodies (with ``local``, inside them too), with its lineage."""
    for dotted, definition in sorted(context.program.definitions.items()):
        if not isinstance(definition, ClassDef) or ("<locals>" in definition.qualname and not local):
            continue
        outer = context.program.defining_scope(dotted)
        scope = context.program.body_scope(dotted)
        if outer is None or scope is None:
            continue
        lineage = frozenset(context.evaluator.lineage(DefRef(dotted, True)))
        yield ClassInfo(dotted, definition, scope, outer, lineage)


def decorated_by(context: LinkContext, info: ClassInfo, names: frozenset[str]) -> bool:
    """Whether the class has a decorator (called or not) resolving to one of ``names``."""
    for decorator in info.definition.decorators:
        target = decorator.args[0] if decorator.op is Op.CALL else decorator
        value = context.evaluator.eval(target, info.outer)
        if isinstance(value, External) and value.dotted in names:
            return True
    return False


def build_model(
    context: LinkContext,
    info: ClassInfo,
    kind: ModelKind,
    reader: FieldReader,
    table: str | None = None,
    *,
    body: BodyReader | None = None,
    override_in_place: bool = False,
) -> Model:
    """A Model for ``info``: own and inherited fields (base first, overridden by name), relations.

    ``body`` gives the statements of each class in the MRO the reader sees (default: the class
    body as written), for a kind that declares fields in other forms too. A field a subclass
    declares again moves to the subclass's place, as Django's and MongoEngine's creation-order
    fields do; with ``override_in_place`` it keeps the place of the field it overrides
    (cqlengine's columns).
    """
    fields: dict[str, ModelField] = {}
    relations: list[Relation] = []
    for klass in reversed(list(analysed_mro(context, info))):
        doc = parse_docstring(klass.definition.docstring, context.docstring_style)
        attribute_docs = {a.name: a.description for a in doc.attributes} if doc else {}
        for stmt in body(context, klass) if body is not None else klass.definition.body:
            if not isinstance(stmt, Assign) or len(stmt.targets) != 1 or stmt.targets[0].op is not Op.NAME:
                continue
            name = str(stmt.targets[0].value)
            read = reader(context, klass, stmt, name)
            if read is None:
                continue
            field, found = read
            if not field.description:
                description = stmt.docstring or attribute_docs.get(name, "")
                field = replace(field, description=description)
            if not override_in_place:
                fields.pop(name, None)
            fields[name] = field
            relations = [r for r in relations if r.field != name] + found
    doc = parse_docstring(info.definition.docstring, context.docstring_style)
    bases = tuple(_base_names(context, info))
    return Model(
        id=info.dotted,
        name=info.definition.name,
        module=info.scope.module,
        kind=kind,
        location=context.location(info.scope.module, info.definition.line, info.definition.end_line),
        fields=tuple(fields.values()),
        bases=bases,
        type_params=_type_params(context, info),
        relations=tuple(relations),
        summary=doc.summary if doc else "",
        description=doc.description if doc else "",
        table=table,
    )


def analysed_mro(context: LinkContext, info: ClassInfo) -> Iterator[ClassInfo]:
    """The class and its analysed bases, in method resolution order."""
    seen: set[str] = set()
    for klass in context.evaluator.mro(DefRef(info.dotted, True)):
        if not isinstance(klass, DefRef) or klass.dotted in seen:
            continue
        seen.add(klass.dotted)
        definition = context.program.definition(klass.dotted)
        outer = context.program.defining_scope(klass.dotted)
        scope = context.program.body_scope(klass.dotted)
        if isinstance(definition, ClassDef) and outer is not None and scope is not None:
            yield ClassInfo(klass.dotted, definition, scope, outer, frozenset())


def _type_params(context: LinkContext, info: ClassInfo) -> tuple[str, ...]:
    """The type variables of a generic class, in order: ``class Page(BaseModel, Generic[T])`` → ``("T",)``."""
    for base in info.definition.bases:
        if base.op is not Op.SUBSCRIPT:
            continue
        value = context.evaluator.eval(base.args[0], info.outer)
        if isinstance(value, External) and value.dotted in ("typing.Generic", "typing_extensions.Generic"):
            return tuple(str(a.value) for a in base.args[1:] if a.op is Op.NAME)
    return ()


def _base_names(context: LinkContext, info: ClassInfo) -> Iterator[str]:
    for base in info.definition.bases:
        value = context.evaluator.eval(base.args[0] if base.op is Op.SUBSCRIPT else base, info.outer)
        yield value.dotted if isinstance(value, DefRef | External) else unparse(base)


def is_classvar(annotation: Expr | None) -> bool:
    """Whether an annotation is ``ClassVar[...]`` (not a field)."""
    if annotation is None:
        return False
    if annotation.op is Op.STR:  # "ClassVar[dict]"
        return str(annotation.value).strip().removeprefix("typing.").startswith(("ClassVar", "Final"))
    head = annotation.args[0] if annotation.op is Op.SUBSCRIPT else annotation
    return head.op in (Op.NAME, Op.ATTR) and head.value in ("ClassVar", "Final")


def default_of(context: LinkContext, klass: ClassInfo, name: str, value: Expr | None, line: int = 0) -> str | None:
    """A field default as display text (secrets masked, warning at ``line``, else the class line)."""
    if value is None:
        return None
    where = context.location(klass.scope.module, line or klass.definition.line)
    if any(d.code == Code.SECRET_REDACTED and d.location == where for d in context.reporter.diagnostics):
        context = replace(context, reporter=Reporter())  # an inherited field read again: warn once
    return masked_default(context, name, value, where)


_NO_PARAMETER_LAMBDA = re.compile(r"lambda\s*:\s*(.+)", re.DOTALL)


def factory_default(factory: Expr) -> Expr:
    """The default a ``default_factory`` gives each instance, as an expression to show.

    ``list`` gives ``list()``, ``datetime.now`` ``datetime.now()`` and ``lambda: datetime.now(UTC)``
    its body ``datetime.now(UTC)``: the value made for each instance, not the factory (``list``
    would read as the class itself). A lambda taking the validated data stays as written. None of
    these is a literal, so no OpenAPI ``default`` is made from it (pydantic writes none either).
    """
    if factory.op is Op.LAMBDA:
        match = _NO_PARAMETER_LAMBDA.fullmatch(str(factory.value).strip())
        return Expr(Op.UNKNOWN, " ".join(match.group(1).split()), line=factory.line) if match else factory
    return Expr(Op.CALL, args=(factory,), line=factory.line)


def kwargs_text(call: Expr, names: tuple[str, ...]) -> dict[str, str]:
    """Source text of the keyword arguments ``names`` of a call."""
    return {k: unparse(v) for k, v in call.kwargs if k in names}


def annotation_optional(annotation: Expr | None) -> bool:
    """Whether an annotation admits None (``Optional[X]``, ``X | None``)."""
    if annotation is None:
        return False
    if annotation.op is Op.CONST and annotation.value is None:
        return True
    if annotation.op is Op.BINOP and annotation.value == "|":
        return any(annotation_optional(a) for a in annotation.args)
    if annotation.op is Op.SUBSCRIPT and annotation.args[0].value == "Optional":
        return True
    if annotation.op is Op.SUBSCRIPT and annotation.args[0].value == "Union":
        return any(annotation_optional(a) for a in annotation.args[1:])
    return False


_CONTAINERS = frozenset(
    {"list", "List", "set", "Set", "tuple", "Tuple", "Sequence", "Optional", "Union", "Mapped", "WriteOnlyMapped"}
    | {"DynamicMapped", "Annotated", "dict", "Dict", "Iterable", "frozenset", "FrozenSet", "Type", "type"}
)


def annotation_class(annotation: Expr | None) -> str:
    """The class an annotation is about, as written: ``Mapped[list["Child"]]`` → ``Child``."""
    stack = [annotation] if annotation is not None else []
    while stack:
        expr = stack.pop(0)
        if expr.op is Op.SUBSCRIPT:
            head = unparse(expr.args[0]).rpartition(".")[2]
            stack[:0] = expr.args[1:2] if head == "Annotated" else expr.args[1:] if head in _CONTAINERS else []
            if head not in _CONTAINERS:
                return unparse(expr.args[0])
        elif expr.op is Op.BINOP:
            stack[:0] = list(expr.args)
        elif expr.op is Op.STR and isinstance(expr.value, str):
            text = expr.value.strip().split("[")[-1].strip("]'\" ")
            if text and text != "None":
                return text
        elif expr.op in (Op.NAME, Op.ATTR) and unparse(expr) not in _CONTAINERS:
            return unparse(expr)
    return ""


def resolve_targets(models: list[Model]) -> list[Model]:
    """Relation targets written as a class name or ``table.column`` replaced by model ids where unique."""
    by_name: dict[str, set[str]] = {}
    by_table: dict[str, set[str]] = {}
    for model in models:
        by_name.setdefault(model.name, set()).add(model.id)
        if model.table:
            by_table.setdefault(model.table, set()).add(model.id)
    ids = {m.id for m in models}

    def target(text: str) -> str:
        if text in ids:
            return text
        name = text.strip("'\"").rpartition(".")[2]
        table = text.strip("'\"").rpartition(".")[0]
        for candidates in (by_name.get(name, set()), by_table.get(table, set()), by_name.get(table, set())):
            if len(candidates) == 1:
                return next(iter(candidates))
        return text

    return [
        replace(m, relations=tuple(replace(r, target=target(r.target)) for r in m.relations)) if m.relations else m
        for m in models
    ]


def with_entries(fields: tuple[ModelField, ...], entries: list[tuple[str, str, str]]) -> tuple[ModelField, ...]:
    """``fields`` with constraint entries ``(field name, key, text)`` added (model-level options).

    Several entries under one key on one field are joined with ``"; "``; a name ``x_id`` that is
    not a field but whose ``x`` is (a foreign key's column) is taken to mean ``x``.
    """
    names = {f.name for f in fields}
    added: dict[str, dict[str, str]] = {}
    for name, key, text in entries:
        if name not in names and name.endswith("_id") and name[:-3] in names:
            name = name[:-3]
        if name in names:
            bucket = added.setdefault(name, {})
            bucket[key] = f"{bucket[key]}; {text}" if key in bucket and text not in bucket[key] else text
    return tuple(replace(f, constraints={**f.constraints, **added[f.name]}) if f.name in added else f for f in fields)

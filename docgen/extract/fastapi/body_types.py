"""Which parameter types FastAPI reads from the request body rather than the query string."""

from __future__ import annotations

from docgen.extract._shared.common import PYDANTIC_BASES, short_name
from docgen.link.contract import LinkContext
from docgen.link.evaluate import DefRef
from docgen.link.program import Scope
from docgen.link.unparse import unparse
from docgen.model.facts import Expr, Op


def library_model(context: LinkContext, annotation: Expr, scope: Scope) -> bool:
    """Whether a parameter's type is a pydantic model of a library (read with extra-paths), also sent as a body."""
    target = annotation
    if annotation.op is Op.SUBSCRIPT and unparse(annotation.args[0]).rsplit(".", 1)[-1] == "Annotated":
        target = annotation.args[1]
    value = context.evaluator.eval(target, scope) if target.op in (Op.NAME, Op.ATTR) else None
    if not (isinstance(value, DefRef) and value.is_class):
        return False
    return not context.evaluator.lineage(value).isdisjoint(PYDANTIC_BASES)


def is_mapping(annotation: Expr) -> bool:
    """Whether a parameter's type is a dict (``dict``, ``Optional[Dict[str, int]]``): FastAPI reads it from the body."""
    if annotation.op is Op.BINOP and annotation.value == "|":
        return any(is_mapping(a) for a in annotation.args if not (a.op is Op.CONST and a.value is None))
    base = annotation.args[0] if annotation.op is Op.SUBSCRIPT else annotation
    name = short_name(unparse(base))
    if annotation.op is Op.SUBSCRIPT and name in ("Optional", "Annotated", "Union") and len(annotation.args) > 1:
        members = annotation.args[1:2] if name == "Annotated" else annotation.args[1:]
        return any(is_mapping(a) for a in members if not (a.op is Op.CONST and a.value is None))
    return name in _MAPPINGS


_MAPPINGS = frozenset({"dict", "Dict", "Mapping", "MutableMapping", "OrderedDict", "defaultdict"})

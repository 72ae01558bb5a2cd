"""Field aliases a pydantic model's ``alias_generator`` gives: pydantic's own generators, or an analysed function.

``model_config = ConfigDict(alias_generator=to_camel)`` makes every field without an explicit
alias known by the generated one, in validation and (with FastAPI's ``by_alias``) in the JSON
a route reads and writes, so its OpenAPI properties are ``firstName``, not ``first_name``. The
generators of ``pydantic.alias_generators`` are pure string functions, written here as pydantic
2 writes them; a generator the analysed code defines is evaluated statically with the field's
name as its argument, and counts when its value is a known string.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from docgen.link.contract import LinkContext
from docgen.link.evaluate import Const, DefRef, External
from docgen.link.program import Scope
from docgen.model.facts import Expr, FunctionDef

Generator = Callable[[str], str | None]
"""A field name → its generated alias (None when it cannot be known)."""


def to_pascal(snake: str) -> str:
    """``pydantic.alias_generators.to_pascal``: ``first_name`` → ``FirstName``."""
    camel = snake.title()
    return re.sub("([0-9A-Za-z])_(?=[0-9A-Z])", lambda m: m.group(1), camel)


def to_camel(snake: str) -> str:
    """``pydantic.alias_generators.to_camel``: ``first_name`` → ``firstName`` (camelCase is kept)."""
    if re.match("^[a-z]+[A-Za-z0-9]*$", snake) and not re.search(r"\d[a-z]", snake):
        return snake
    return re.sub("(^_*[A-Z])", lambda m: m.group(1).lower(), to_pascal(snake))


def to_snake(camel: str) -> str:
    """``pydantic.alias_generators.to_snake``: ``firstName``, ``FirstName``, ``first-name`` → ``first_name``."""
    snake = re.sub(r"([A-Z]+)([A-Z][a-z])", lambda m: f"{m.group(1)}_{m.group(2)}", camel)
    snake = re.sub(r"([a-z])([A-Z])", lambda m: f"{m.group(1)}_{m.group(2)}", snake)
    snake = re.sub(r"([0-9])([A-Z])", lambda m: f"{m.group(1)}_{m.group(2)}", snake)
    snake = re.sub(r"([a-z])([0-9])", lambda m: f"{m.group(1)}_{m.group(2)}", snake)
    return snake.replace("-", "_").lower()


LIBRARY_GENERATORS: dict[str, Callable[[str], str]] = {
    f"pydantic.alias_generators.{f.__name__}": f for f in (to_pascal, to_camel, to_snake)
}


def alias_generator(context: LinkContext, expr: Expr, scope: Scope) -> Generator | None:
    """What the ``alias_generator`` option ``expr`` (read in ``scope``) makes of a field name; None if unknown."""
    value = context.evaluator.eval(expr, scope)
    if isinstance(value, External):
        return LIBRARY_GENERATORS.get(value.dotted)
    if not isinstance(value, DefRef) or value.is_class:
        return None
    definition = context.program.definition(value.dotted)
    if not isinstance(definition, FunctionDef) or not definition.params:
        return None
    param = definition.params[0].name

    def generated(name: str) -> str | None:
        found = context.evaluator.returns(value.dotted, 1, {param: Const(name)})
        return found.value if isinstance(found, Const) and isinstance(found.value, str) else None

    return generated

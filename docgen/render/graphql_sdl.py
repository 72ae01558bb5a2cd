"""The GraphQL schema of the analysed code in SDL, as its library prints it (``docgen extract --format graphql``).

The types are the models' :class:`~docgen.model.GraphQLType` reached from the schema's roots
(query, mutation, subscription), as the schema the library builds holds only those. Strawberry
prints them sorted by name; Graphene in the order graphql-core collects them (each root, then
depth-first through interfaces, field types and argument types). Built-in scalars are not printed.
The layout follows graphql-core's ``print_schema``: block-string descriptions, a blank line
before each described field but the first, arguments on one line unless one is described, and a
``schema { ... }`` block only when a root is not named ``Query``/``Mutation``/``Subscription``.
A codebase with schemas of both libraries gets Strawberry's, then Graphene's.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

from docgen.model import GraphQLField, GraphQLType, Model

BUILT_IN = frozenset({"String", "Int", "Float", "Boolean", "ID"})
ROOTS = ("query", "mutation", "subscription")
DEFAULT_DEPRECATION = "No longer supported"


def graphql_sdl(models: Iterable[Model]) -> str:
    """The SDL of every GraphQL schema the models make, one after the other; empty when there is none."""
    found = [m.graphql for m in models if m.graphql is not None]
    printed = []
    for library in ("strawberry", "graphene"):
        types = [t for t in found if t.library == library]
        if types:
            printed.append(schema_sdl(types))
    return "\n\n".join(p for p in printed if p) + ("\n" if printed else "")


def schema_sdl(types: list[GraphQLType]) -> str:
    """One library's schema in SDL: the types its roots reach."""
    by_name = {t.name: t for t in types}
    roots = {t.root: t for t in types if t.root}
    reached = _collect([roots[r] for r in ROOTS if r in roots], by_name)
    if types[0].library == "strawberry":
        reached.sort(key=lambda t: t.name)
    parts = [_schema_definition(roots)] if any(roots[r].name != r.capitalize() for r in roots) else []
    parts += [_type(t) for t in reached]
    return "\n\n".join(parts)


def _collect(roots: list[GraphQLType], by_name: dict[str, GraphQLType]) -> list[GraphQLType]:
    seen: dict[str, GraphQLType] = {}

    def visit(name: str) -> None:
        found = by_name.get(name)
        if found is None or name in seen:
            return
        seen[name] = found
        for interface in found.interfaces:
            visit(interface)
        for field in found.fields:
            visit(named_type(field.type))
            for arg in field.args:
                visit(named_type(arg.type))

    for root in roots:
        visit(root.name)
    return list(seen.values())


def named_type(type_text: str) -> str:
    """The named type inside a type reference: ``[Book!]!`` → ``Book``."""
    return type_text.replace("[", "").replace("]", "").replace("!", "")


def _schema_definition(roots: dict[str, GraphQLType]) -> str:
    lines = [f"  {r}: {roots[r].name}" for r in ROOTS if r in roots]
    return "schema {\n" + "\n".join(lines) + "\n}"


def _type(t: GraphQLType) -> str:
    head = _description(t.description) + f"{t.kind} {t.name}"
    if t.interfaces:
        head += " implements " + " & ".join(t.interfaces)
    if t.kind == "enum":
        return head + _block([f"  {value}" for value in t.values])
    lines = []
    for i, field in enumerate(t.fields):
        text = f"  {field.name}{_args(field.args)}: {field.type}"
        if t.kind == "input":
            text = "  " + input_value(field)
        else:
            text += _deprecated(field.deprecation)
        lines.append(_description(field.description, "  ", not i) + text)
    return head + _block(lines)


def _block(items: list[str]) -> str:
    return " {\n" + "\n".join(items) + "\n}" if items else ""


def _args(args: tuple[GraphQLField, ...], indentation: str = "  ") -> str:
    if not args:
        return ""
    if not any(a.description for a in args):
        return "(" + ", ".join(input_value(a) for a in args) + ")"
    lines = [
        _description(a.description, f"  {indentation}", not i) + f"  {indentation}" + input_value(a)
        for i, a in enumerate(args)
    ]
    return "(\n" + "\n".join(lines) + f"\n{indentation})"


def input_value(value: GraphQLField) -> str:
    """An argument or input field as SDL writes it: ``limit: Int! = 10``, with its deprecation."""
    text = f"{value.name}: {value.type}"
    if value.default is not None:
        text += f" = {value.default}"
    return text + _deprecated(value.deprecation)


def _deprecated(reason: str | None) -> str:
    if reason is None:
        return ""
    return " @deprecated" if reason == DEFAULT_DEPRECATION else f" @deprecated(reason: {json.dumps(reason)})"


def _description(text: str, indentation: str = "", first_in_block: bool = True) -> str:
    if not text:
        return ""
    printed = _block_string(text) if _printable_as_block(text) else json.dumps(text, ensure_ascii=False)
    prefix = "\n" + indentation if indentation and not first_in_block else indentation
    return prefix + printed.replace("\n", "\n" + indentation) + "\n"


def _printable_as_block(value: str) -> bool:
    """graphql-core's test: no leading or trailing blank line, no common indentation, no control characters."""
    empty_line, indent, common_indent, seen_text = True, False, True, False
    for c in value:
        if c == "\n":
            if empty_line and not seen_text:
                return False
            seen_text, empty_line, indent = True, True, False
        elif c in " \t":
            indent = indent or empty_line
        elif c <= "\x0f":
            return False
        else:
            common_indent = common_indent and indent
            empty_line = False
    return not empty_line and not (common_indent and seen_text)


def _block_string(value: str) -> str:
    """A description as graphql-core prints a block string (``\"\"\"...\"\"\"``)."""
    escaped = value.replace('"""', '\\"""')
    lines = re.split(r"\r\n|[\n\r]", escaped)
    single = len(lines) == 1
    leading = len(lines) > 1 and all(not line or line[0] in " \t" for line in lines[1:])
    triple = escaped.endswith('\\"""')
    trailing = (value.endswith('"') and not triple) or value.endswith("\\")
    multiple = not single or len(value) > 70 or trailing or leading or triple
    skip = single and value[0] in " \t"
    before = "\n" if (multiple and not skip) or leading else ""
    after = "\n" if multiple or trailing else ""
    return f'"""{before}{escaped}{after}"""'

"""Import statements as facts: ``import a.b``, ``from ..x import y as z``, their relative level resolved."""

from __future__ import annotations

import libcst as cst

from docgen.model.facts import Import
from docgen.moduleid.layout import relative_base


def imports_of(node: cst.Import | cst.ImportFrom, line: int, package: str) -> list[Import]:
    """The names an import statement binds in a module of ``package``."""
    if isinstance(node, cst.Import):
        out = []
        for alias in node.names:
            dotted = dotted_name(alias.name)
            if alias.asname is not None:
                out.append(Import(dotted_name(alias.asname.name), dotted, None, line))
            else:
                out.append(Import(dotted.split(".")[0], dotted.split(".")[0], None, line))
                if "." in dotted:  # `import a.b` also makes a.b reachable through a
                    out.append(Import(dotted, dotted, None, line))
        return out
    base, level = _resolve_from(node, package), len(node.relative)
    if isinstance(node.names, cst.ImportStar):
        return [Import("*", base, "*", line, level)]
    return [
        Import(dotted_name(a.asname.name) if a.asname else dotted_name(a.name), base, dotted_name(a.name), line, level)
        for a in node.names
    ]


def _resolve_from(node: cst.ImportFrom, package: str) -> str:
    name = dotted_name(node.module) if node.module is not None else ""
    level = len(node.relative)
    if level == 0:
        return name
    base = relative_base(package, level)
    return ".".join([*base, name] if name else base)


def dotted_name(node: cst.BaseExpression) -> str:
    """``a.b.c`` of a name or attribute chain; empty for anything else."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{dotted_name(node.value)}.{node.attr.value}"
    return ""

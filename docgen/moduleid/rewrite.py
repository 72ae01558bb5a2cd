"""The facts under their final names: each file's module name, and its imports resolved as Python would."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path

from docgen.model.facts import ClassDef, For, FunctionDef, Import, ModuleFacts, Stmt
from docgen.moduleid.layout import package_of, relative_base
from docgen.moduleid.roots import module_path, relative_parts, relative_target

Target = Callable[[Import], str]


def paths_named(facts: list[ModuleFacts], names: Mapping[str, str], root: Path) -> dict[Path, str]:
    """Module paths (without ``.py``; a package as its directory) and the directories above them → names.

    A directory is named as the package its files' names say it is, up to where their names start.
    """
    named: dict[Path, str] = {}
    for file in sorted(facts, key=lambda f: not f.is_package):  # a package wins over a module of its name
        path = module_path(root / file.path, file)
        parts = names[file.path].split(".")
        while parts and path not in named:
            named[path] = ".".join(parts)
            path, parts = path.parent, parts[:-1]
    return named


def renamed(
    file: ModuleFacts, name: str, root: Path, paths: Mapping[Path, str], resolve: Callable[[str, str], str]
) -> ModuleFacts:
    """``file`` named ``name``, its imports naming analysed modules by their names.

    An absolute import goes through ``resolve`` (a name as the module ``name`` imports it); a
    relative one names the file its dots and path reach, whatever that file's name.
    """
    path = root / file.path
    package = package_of(name, file.is_package)

    def target(stmt: Import) -> str:
        if not stmt.level:
            return resolve(stmt.module, name)
        written = relative_parts(file, stmt)
        found = paths.get(relative_target(path, stmt, written))
        return found if found is not None else ".".join([*relative_base(package, stmt.level), *written])

    body = _body(file.body, target)
    if name == file.module and body is file.body:
        return file
    return replace(file, module=name, body=body)


def _body(body: tuple[Stmt, ...], target: Target) -> tuple[Stmt, ...]:
    """The statements with their imports resolved (the same tuple when nothing changes)."""
    out = tuple(_stmt(stmt, target) for stmt in body)
    return body if all(a is b for a, b in zip(out, body, strict=True)) else out


def _stmt(stmt: Stmt, target: Target) -> Stmt:
    if isinstance(stmt, Import):
        module = target(stmt)
        return stmt if module == stmt.module else replace(stmt, module=module)
    if isinstance(stmt, FunctionDef | ClassDef | For):
        body = _body(stmt.body, target)
        return stmt if body is stmt.body else replace(stmt, body=body)
    return stmt

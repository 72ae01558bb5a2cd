"""Vendored frameworks: a package of the tree that is a copy of a framework, and so has the framework's names.

A project may ship a framework inside itself (``myapp.core.cornice``, ``myapp._vendor.flask``)
instead of depending on it. Such a package is named after the framework's top-level package,
is a package below the project's own, and defines what the framework defines rather than
importing it: none of its modules imports the framework by its own name. Its names are then the
framework's (``myapp.core.cornice.service.Service`` is ``cornice.service.Service``), so the code
using it is read as code using the framework. A module merely named after a framework (an
adapter ``myapp.integrations.flask``) imports that framework, or is no package, and keeps its name.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from docgen.model.facts import Import, ModuleFacts


def vendored_frameworks(facts: Iterable[ModuleFacts], frameworks: frozenset[str]) -> dict[str, str]:
    """Each vendored package's name → the framework package it is a copy of (``a.core.cornice`` → ``cornice``).

    ``frameworks`` are the top-level package names docgen knows frameworks by. The framework's
    own source (a top-level package of that name) is the framework itself, not a copy.
    """
    by_name = {f.module: f for f in facts}
    found = {
        module: last
        for module, f in by_name.items()
        if f.is_package and "." in module and (last := module.rpartition(".")[2]) in frameworks
        if last not in by_name
    }
    if not found:
        return {}
    for module, f in by_name.items():
        package = vendor_of(module, found)
        if package is not None and _imports(f, found[package]):
            del found[package]  # it uses the framework: an adapter named after it, no copy
    return found


def vendor_of(module: str, vendored: Mapping[str, str]) -> str | None:
    """The vendored package ``module`` is (or is inside), the innermost one; None if none."""
    parts = module.split(".")
    for end in range(len(parts), 1, -1):
        prefix = ".".join(parts[:end])
        if prefix in vendored:
            return prefix
    return None


def framework_name(module: str, vendored: Mapping[str, str]) -> str:
    """``module``'s name in the framework it is a copy of (``a.core.cornice.service`` → ``cornice.service``)."""
    package = vendor_of(module, vendored)
    return module if package is None else vendored[package] + module[len(package) :]


def _imports(facts: ModuleFacts, framework: str) -> bool:
    """Whether a module imports ``framework`` (or a module of it) at module level, by that name."""
    return any(
        isinstance(s, Import) and (s.module == framework or s.module.startswith(framework + ".")) for s in facts.body
    )

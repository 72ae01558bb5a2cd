"""pgAdmin 4's NodeView registry as a docgen plug-in: the URL rules ``register_node_view`` builds.

pgAdmin registers most of its REST API with ``SomeView.register_node_view(blueprint)``. That class
method reads three class attributes and adds one URL rule per command and variant:

* ``parent_ids`` and ``ids``: lists of ``{"type": converter, "id": name}`` giving the URL's
  parent and object parameters (``/<int:gid>/<int:sid>/`` and ``.../<int:did>``);
* ``operations``: ``{command: [with_id, without_id, bare]}``, each variant a
  ``{http method: view method}`` table. Variant 0 is served at ``/command/<parents>/<ids>``,
  variant 1 at ``/command/<parents>/`` and variant 2 at ``/command``.

A request is dispatched the way ``NodeView.dispatch_request`` looks the method up: the variant
whose parameters the URL carries first, then the without-id variant, then the bare one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from docgen.extract.flask.registries import ClassRegistryExtractor, RegisteredClass, RegistryRule
from docgen.model import HttpMethod

__all__ = ["NodeViewExtractor"]


class NodeViewExtractor(ClassRegistryExtractor):
    """Routes of pgAdmin ``NodeView`` subclasses registered with ``register_node_view``."""

    name = "pgadmin_nodeview"
    bases = frozenset({"pgadmin.browser.utils.NodeView"})
    register_methods = frozenset({"register_node_view"})

    def rules(self, *, view: RegisteredClass) -> Iterable[RegistryRule]:
        """One rule per (command, variant, HTTP method) of the class's ``operations``."""
        parents = _params(view.attribute("parent_ids"))
        ids = _params(view.attribute("ids"))
        operations = view.attribute("operations")
        common = "/" + "".join(f"<{kind}:{name}>/" for kind, name in parents)
        # As get_node_urls() writes it: ids follow the common part unseparated, and no ids at all
        # formats as "None".
        with_id = common + "".join(f"<{kind}:{name}>" for kind, name in ids) if ids else "None"
        if not isinstance(operations, dict):
            return
        for command, variants in operations.items():
            for index, table in enumerate(variants if isinstance(variants, list) else []):
                if not isinstance(table, dict) or not table:
                    continue
                path = f"/{command}{with_id if index == 0 else common}" if index != 2 else f"/{command}"
                endpoint = str(command).replace(".", "-") + ("_id" if index == 0 else "")
                carried = (parents if index != 2 else []) + (ids if index == 0 else [])
                for method in table:
                    handler = _dispatch(variants, str(method), parents, ids, carried)
                    if handler is not None and str(method).upper() in HttpMethod.__members__:
                        yield RegistryRule(path, (HttpMethod(str(method).upper()),), handler, endpoint)


def _params(value: object) -> list[tuple[str, str]]:
    """``[{"type": "int", "id": "gid"}, ...]`` as ``[("int", "gid"), ...]``."""
    items = value if isinstance(value, list) else []
    return [(str(p["type"]), str(p["id"])) for p in items if isinstance(p, dict) and "type" in p and "id" in p]


def _dispatch(
    variants: list[object], method: str, parents: list[tuple[str, str]], ids: list[tuple[str, str]], carried: list
) -> str | None:
    """The view method ``NodeView.dispatch_request`` picks for ``method`` on a URL carrying ``carried``."""
    has_args = all(p in carried for p in parents)
    has_id = has_args and all(p in carried for p in ids)
    tables: Iterator[object] = iter(variants)
    first, second, third = (next(tables, {}), next(tables, {}), next(tables, {}))
    for table, applies in ((first, has_id), (second, not has_id and has_args), (third, not has_id)):
        if applies and isinstance(table, dict) and method in table:
            return str(table[method])
    return None

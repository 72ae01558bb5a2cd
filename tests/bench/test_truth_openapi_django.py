"""Unit tests for bench/truth_openapi_django.py: the pure parts, over stand-ins for Django's URL objects."""

from __future__ import annotations

import functools
import importlib.util
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

_PATH = Path(__file__).resolve().parents[2] / "bench" / "truth_openapi_django.py"
_SPEC = importlib.util.spec_from_file_location("bench_truth_openapi_django", _PATH)
assert _SPEC is not None and _SPEC.loader is not None
probe = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(probe)


class NinjaAPI:
    """Stands in for ``ninja.NinjaAPI``: the probe knows it by its module and its schema method."""

    __module__ = "ninja.main"
    openapi_url = "/openapi.json"

    def __init__(self, paths: dict[str, Any]) -> None:
        self.paths = paths
        self.prefixes: list[str] = []

    def get_openapi_schema(self, *, path_prefix: str) -> dict[str, Any]:
        self.prefixes.append(path_prefix)
        return {"openapi": "3.1.0", "paths": self.paths}


def pattern(text: str, callback: Any = None, name: str | None = None) -> SimpleNamespace:
    return SimpleNamespace(pattern=text, callback=callback, name=name)


def resolver(text: str, *patterns: Any) -> SimpleNamespace:
    return SimpleNamespace(pattern=text, url_patterns=list(patterns))


def view(**_: Any) -> None:
    return None


def served(parts: list[str]) -> str:
    return "/" + "".join(parts).lstrip("/")


def test_url_patterns_yields_each_pattern_with_the_pattern_texts_leading_to_it() -> None:
    leaf, nested = pattern("ping/"), pattern("<int:pk>/")
    tree = [leaf, resolver("api/", resolver("v1/", nested))]
    assert list(probe.url_patterns(tree)) == [(("ping/",), leaf), (("api/", "v1/", "<int:pk>/"), nested)]


def test_ninja_api_is_the_api_keyword_of_a_partial_and_nothing_else() -> None:
    api = NinjaAPI({})
    assert probe.ninja_api(functools.partial(view, api=api)) is api
    assert probe.ninja_api(functools.partial(view, api=object())) is None
    assert probe.ninja_api(view) is None


@pytest.mark.parametrize(("path", "mount"), [("/api/", "/api"), ("/", ""), ("/a/b/", "/a/b")])
def test_mount_of_drops_the_trailing_slash(path: str, mount: str) -> None:
    assert probe.mount_of(path) == mount


def test_as_data_writes_what_json_cannot_as_text() -> None:
    assert probe.as_data({"a": Decimal("1.5"), "b": [1, None]}) == {"a": "1.5", "b": [1, None]}
    with pytest.raises(TypeError):
        probe.as_data(["not", "an", "object"])


def test_ninja_documents_one_entry_per_api_at_its_root_pattern_mount_paths_relative() -> None:
    api = NinjaAPI({"/items/": {"get": {}}})
    root = functools.partial(view, api=api)
    docs = functools.partial(view, api=api)  # the docs view of the same API is no second entry
    tree = [resolver("api/", pattern("", root, "api-root"), pattern("docs", docs, "openapi-view")), pattern("x/")]
    found = probe.ninja_documents(tree, served)
    assert found == [
        {"mount": "/api", "openapi_url": "/openapi.json", "document": {"openapi": "3.1.0", "paths": api.paths}}
    ]
    assert api.prefixes == [""]


def test_ninja_documents_records_the_error_of_an_api_whose_schema_fails() -> None:
    class Broken(NinjaAPI):
        __module__ = "ninja.main"

        def get_openapi_schema(self, *, path_prefix: str) -> dict[str, Any]:
            raise ValueError("no schema")

    tree = [resolver("v2/", pattern("", functools.partial(view, api=Broken({})), "api-root"))]
    assert probe.ninja_documents(tree, served) == [
        {"mount": "/v2", "openapi_url": "/openapi.json", "error": "ValueError: no schema"}
    ]

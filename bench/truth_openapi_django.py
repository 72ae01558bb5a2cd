"""The OpenAPI documents a Django app generates at runtime: drf-spectacular's and each django-ninja API's.

``bench/truth_probe.py`` loads this file (by its location, in the app's virtualenv) after
``django.setup()``. Standard library only, plus the app's own packages:

* **drf-spectacular**, when ``drf_spectacular`` is an installed app or a URL pattern serves one of
  its ``SpectacularAPIView``\\ s: ``get_schema(request=None, public=True)`` of the generator class
  the app configures (``DEFAULT_GENERATOR_CLASS``, ``drf_spectacular.generators.SchemaGenerator``
  unless the app subclasses it, as its schema views do; the app's postprocessing hooks may expect
  that subclass), the document of every endpoint of the root urlconf with full paths, under
  ``openapi`` (a failure under ``openapi_error``), with ``openapi_url`` (the first path a
  ``SpectacularAPIView`` serves, None when none does) and ``openapi_generator`` (that class).
* **django-ninja**: every ``NinjaAPI`` reached from the root urlconf (its ``api-root`` pattern is a
  ``partial(view, api=...)``) under ``openapi_mounts``, one entry per API: ``mount`` (the path its
  ``urls`` are included at, without the trailing slash), ``openapi_url`` (relative to the mount, as
  django-ninja serves it; None when not served) and ``document``, ``api.get_openapi_schema(
  path_prefix="")`` whose paths are relative to the mount, or ``error``.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterator
from typing import Any

Json = dict[str, Any]


def url_patterns(patterns: Any, parts: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every ``URLPattern`` under ``patterns`` with the raw pattern texts leading to it (its own last)."""
    for p in patterns:
        nested = getattr(p, "url_patterns", None)
        here = (*parts, str(p.pattern))
        if nested is not None:
            yield from url_patterns(nested, here)
        else:
            yield here, p


def ninja_api(callback: Any) -> Any:
    """The ``NinjaAPI`` a view is a ``functools.partial`` over (``api=``), else None."""
    if not isinstance(callback, functools.partial):
        return None
    api = callback.keywords.get("api")
    return api if type(api).__module__.startswith("ninja") and hasattr(api, "get_openapi_schema") else None


def mount_of(path: str) -> str:
    """A ninja API's mount from its root pattern's served path: ``/api/`` -> ``/api``, ``/`` -> ``""``."""
    return path.rstrip("/")


def as_data(document: Any) -> Json:
    """A generated document as plain JSON data (lazy translations, decimals and the like as text)."""
    data = json.loads(json.dumps(document, default=str))
    if not isinstance(data, dict):
        raise TypeError(f"the document is a {type(data).__name__}, not an object")
    return data


def ninja_documents(patterns: Any, django_path: Callable[[list[str]], str]) -> list[Json]:
    """One ``openapi_mounts`` entry per ``NinjaAPI`` whose root pattern the urlconf includes."""
    out: list[Json] = []
    seen: set[int] = set()
    for parts, pattern in url_patterns(patterns):
        api = ninja_api(pattern.callback)
        if api is None or id(api) in seen or pattern.name != "api-root":
            continue
        seen.add(id(api))
        entry: Json = {"mount": mount_of(django_path(list(parts))), "openapi_url": getattr(api, "openapi_url", None)}
        try:
            entry["document"] = as_data(api.get_openapi_schema(path_prefix=""))
        except Exception as exc:  # an API whose schema ninja cannot build still has routes
            entry["error"] = f"{type(exc).__name__}: {exc}"[:2000]
        out.append(entry)
    return out


def spectacular_document(patterns: Any, django_path: Callable[[list[str]], str]) -> Json:
    """drf-spectacular's document of the root urlconf (see the module docstring); {} when unused."""
    from django.conf import settings

    try:
        from drf_spectacular.views import SpectacularAPIView
    except ImportError:
        return {}
    served = [
        django_path(list(parts))
        for parts, pattern in url_patterns(patterns)
        if _view_class_is(pattern.callback, SpectacularAPIView) and "format" not in "".join(parts)
    ]
    if "drf_spectacular" not in settings.INSTALLED_APPS and not served:
        return {}
    from drf_spectacular.settings import spectacular_settings

    configured = spectacular_settings.DEFAULT_GENERATOR_CLASS
    out: Json = {
        "openapi_url": served[0] if served else None,
        "openapi_generator": f"{configured.__module__}.{configured.__qualname__}",
    }
    try:
        out["openapi"] = as_data(configured().get_schema(request=None, public=True))
    except Exception as exc:  # a schema drf-spectacular cannot build: the routes are still the truth
        out["openapi_error"] = f"{type(exc).__name__}: {exc}"[:2000]
    return out


def _view_class_is(callback: Any, base: type) -> bool:
    cls = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    return isinstance(cls, type) and issubclass(cls, base)


def django_openapi(django_path: Callable[[list[str]], str]) -> Json:
    """The truth keys of every OpenAPI document the app's frameworks generate (none: {})."""
    from django.urls import get_resolver

    patterns = get_resolver().url_patterns
    out = spectacular_document(patterns, django_path)
    mounts = ninja_documents(patterns, django_path)
    if mounts:
        out["openapi_mounts"] = mounts
    return out

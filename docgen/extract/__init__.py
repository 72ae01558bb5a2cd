"""The extractor registry: built-in framework and model extractors, plus plug-ins from entry points.

Third-party extractors register under the entry-point group ``docgen.extractors`` with a class
deriving from :class:`docgen.link.contract.Extractor`.
"""

from __future__ import annotations

import contextlib
import difflib
import sys
import sysconfig
from collections.abc import Iterator
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path

from docgen.errors import ConfigError
from docgen.extract.django_models import DjangoModelsExtractor
from docgen.extract.django_urls import DjangoExtractor
from docgen.extract.drf_serializers import DRFSerializersExtractor
from docgen.extract.fastapi import FastAPIExtractor
from docgen.extract.flask import FlaskExtractor
from docgen.extract.flask_restx import FlaskRestxExtractor
from docgen.extract.graphql import GraphQLExtractor
from docgen.extract.marshmallow import MarshmallowExtractor
from docgen.extract.mongo import MongoExtractor
from docgen.extract.ninja import NinjaExtractor
from docgen.extract.pyclasses import PyClassesExtractor
from docgen.extract.pydantic import PydanticExtractor
from docgen.extract.sqlalchemy import SQLAlchemyExtractor
from docgen.extract.starlette import StarletteExtractor
from docgen.link.contract import Extractor, LinkContext

ENTRY_POINT_GROUP = "docgen.extractors"

BUILTIN: dict[str, type[Extractor]] = {
    cls.name: cls
    for cls in (
        PydanticExtractor,
        SQLAlchemyExtractor,
        DjangoModelsExtractor,
        DRFSerializersExtractor,
        MarshmallowExtractor,
        MongoExtractor,
        GraphQLExtractor,
        PyClassesExtractor,
        FastAPIExtractor,
        StarletteExtractor,
        FlaskExtractor,
        FlaskRestxExtractor,
        DjangoExtractor,
        NinjaExtractor,
    )
}


def available(*roots: Path) -> dict[str, type[Extractor]]:
    """Built-in extractors and those installed through entry points, by name.

    Entry points come only from installed distributions: one whose metadata lies in the current
    directory or under one of ``roots`` (the analysed tree, which may plant a ``*.dist-info``) is
    ignored unless it is in this interpreter's own site-packages, and plug-in modules are never
    imported from the current directory.
    """
    found = dict(BUILTIN)
    untrusted = [Path.cwd().resolve(), *(root.resolve() for root in roots)]
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        if entry.name not in found and _installed(entry, untrusted):
            with _without_untrusted_path(untrusted):
                found[entry.name] = entry.load()
    return found


def _installed(entry: EntryPoint, untrusted: list[Path]) -> bool:
    """Whether ``entry``'s distribution is installed, rather than lying in an untrusted tree."""
    if entry.dist is None:  # made by hand, not found on disk
        return True
    location = Path(str(entry.dist.locate_file(""))).resolve()
    site = {Path(sysconfig.get_path(key)).resolve() for key in ("purelib", "platlib")}
    return location in site or not any(location.is_relative_to(top) for top in untrusted)


@contextlib.contextmanager
def _without_untrusted_path(untrusted: list[Path]) -> Iterator[None]:
    """``sys.path`` without the current directory and the analysed root while a plug-in is imported."""
    saved = list(sys.path)
    sys.path[:] = [p for p in saved if p and Path(p).resolve() not in untrusted]
    try:
        yield
    finally:
        sys.path[:] = saved


def load(names: tuple[str, ...], roots: tuple[Path, ...] = ()) -> list[Extractor]:
    """Instantiate the extractors ``names`` (``auto``: every available one).

    ``roots`` are the analysed directories (the analysed root and its repository): distribution
    metadata planted there is not an installed plug-in.

    Raises:
        ConfigError: When a name is unknown, with a one-line fix.
    """
    registry = available(*roots)
    if "auto" in names:
        return [cls() for cls in registry.values()]
    problems = []
    for name in names:
        if name not in registry:
            close = difflib.get_close_matches(name, registry, n=1)
            fix = (
                f"did you mean '{close[0]}'?"
                if close
                else f"install a plug-in providing it (entry point group '{ENTRY_POINT_GROUP}')"
            )
            problems.append(f"unknown extractor '{name}': {fix}")
    if problems:
        raise ConfigError(problems)
    return [registry[name]() for name in names]


__all__ = ["BUILTIN", "ENTRY_POINT_GROUP", "Extractor", "LinkContext", "available", "load"]

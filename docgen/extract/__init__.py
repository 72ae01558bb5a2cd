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

from docgen.diagnostics import Code, Reporter
from docgen.errors import ConfigError
from docgen.extract.aiohttp.routes import AiohttpExtractor
from docgen.extract.bottle.routes import BottleExtractor
from docgen.extract.django.drf_serializers import DRFSerializersExtractor
from docgen.extract.django.models import DjangoModelsExtractor
from docgen.extract.django.urls import DjangoExtractor
from docgen.extract.falcon.routes import FalconExtractor
from docgen.extract.fastapi.routes import FastAPIExtractor
from docgen.extract.flask.restx import FlaskRestxExtractor
from docgen.extract.flask.routes import FlaskExtractor
from docgen.extract.litestar.routes import LitestarExtractor
from docgen.extract.models.cassandra import CassandraExtractor
from docgen.extract.models.graphql import GraphQLExtractor
from docgen.extract.models.marshmallow import MarshmallowExtractor
from docgen.extract.models.mongo import MongoExtractor
from docgen.extract.models.pyclasses import PyClassesExtractor
from docgen.extract.models.pydantic import PydanticExtractor
from docgen.extract.models.sqlalchemy import SQLAlchemyExtractor
from docgen.extract.ninja.routes import NinjaExtractor
from docgen.extract.pyramid.routes import PyramidExtractor
from docgen.extract.sanic.routes import SanicExtractor
from docgen.extract.starlette.routes import StarletteExtractor
from docgen.extract.tornado.routes import TornadoExtractor
from docgen.link.contract import Extractor, LinkContext
from docgen.model import Stage

ENTRY_POINT_GROUP = "docgen.extractors"

BUILTIN: dict[str, type[Extractor]] = {
    cls.name: cls
    for cls in (
        SQLAlchemyExtractor,
        DjangoModelsExtractor,
        PydanticExtractor,
        DRFSerializersExtractor,
        MarshmallowExtractor,
        MongoExtractor,
        CassandraExtractor,
        GraphQLExtractor,
        PyClassesExtractor,
        FastAPIExtractor,
        StarletteExtractor,
        FlaskExtractor,
        FlaskRestxExtractor,
        DjangoExtractor,
        NinjaExtractor,
        TornadoExtractor,
        BottleExtractor,
        AiohttpExtractor,
        SanicExtractor,
        FalconExtractor,
        LitestarExtractor,
        PyramidExtractor,
    )
}


def available(*roots: Path, failures: list[str] | None = None) -> dict[str, type[Extractor]]:
    """Built-in extractors and those installed through entry points, by name.

    A plug-in that cannot be imported, or is not an :class:`Extractor`, is left out; why is
    appended to ``failures`` (one line each).

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
                try:
                    loaded = entry.load()
                except Exception as exc:  # a broken plug-in must not end the run
                    if failures is not None:
                        failures.append(
                            f"extractor plug-in {entry.name!r} ({entry.value}) could not be "
                            f"imported: {type(exc).__name__}: {exc}; it is skipped"
                        )
                    continue
            if isinstance(loaded, type) and issubclass(loaded, Extractor):
                found[entry.name] = loaded
            elif failures is not None:
                failures.append(
                    f"extractor plug-in {entry.name!r} ({entry.value}) is not an Extractor "
                    "subclass (docgen.link.contract.Extractor); it is skipped"
                )
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


def load(names: tuple[str, ...], roots: tuple[Path, ...] = (), reporter: Reporter | None = None) -> list[Extractor]:
    """Instantiate the extractors ``names`` (``auto``: every available one).

    ``roots`` are the analysed directories (the analysed root and its repository): distribution
    metadata planted there is not an installed plug-in. A plug-in that fails to load is a DG908
    warning to ``reporter``.

    Raises:
        ConfigError: When a name is unknown, with a one-line fix.
    """
    failures: list[str] = []
    registry = available(*roots, failures=failures)
    if reporter is not None:
        for failure in failures:
            reporter.warn(Code.EXTRACTOR_FAILED, failure, Stage.LINK)
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

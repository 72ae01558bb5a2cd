"""JSON encoding and decoding of catalog records, driven by their type annotations."""

from __future__ import annotations

import dataclasses
import functools
import json
import types
import typing
from enum import Enum
from typing import Any, TypeVar

from docgen.model.enums import OpenName

T = TypeVar("T")

_JSON_NAME = "json"


def json_name(f: dataclasses.Field[Any]) -> str:
    """The JSON key of a dataclass field (``in_`` is written ``in``)."""
    return str(f.metadata.get(_JSON_NAME, f.name))


def to_data(value: Any) -> Any:
    """Turn a record (or a tree of them) into JSON-compatible data."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {json_name(f): to_data(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, OpenName):
        return str(value)
    if isinstance(value, list | tuple):
        return [to_data(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_data(v) for k, v in value.items()}
    return value


def dumps(value: Any) -> str:
    """Serialise a record as stable, indented JSON (keys in field order, UTF-8 kept)."""
    return json.dumps(to_data(value), indent=2, ensure_ascii=False) + "\n"


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def from_data(cls: type[T], data: Any) -> T:
    """Rebuild a record of type ``cls`` from JSON data made by :func:`to_data`."""
    return typing.cast("T", _decode(cls, data))


def loads(cls: type[T], text: str) -> T:
    """Parse JSON text into a record of type ``cls``."""
    return from_data(cls, json.loads(text))


def _decode(tp: Any, data: Any) -> Any:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        if data is None:
            return None
        (inner,) = [a for a in typing.get_args(tp) if a is not type(None)]
        return _decode(inner, data)
    if origin is tuple:
        (item, *_rest) = typing.get_args(tp)
        return tuple(_decode(item, v) for v in data)
    if origin is dict:
        _key, item = typing.get_args(tp)
        return {k: _decode(item, v) for k, v in data.items()}
    if origin is list:
        (item,) = typing.get_args(tp)
        return [_decode(item, v) for v in data]
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        hints = _hints(tp)
        kwargs = {
            f.name: _decode(hints[f.name], data[json_name(f)]) for f in dataclasses.fields(tp) if json_name(f) in data
        }
        return tp(**kwargs)
    if isinstance(tp, type) and issubclass(tp, Enum | OpenName):
        return tp(data)
    return data

"""Facts ↔ bytes for the facts cache: versioned, digest-checked MessagePack data, never code.

An entry is ``MAGIC``, a version line, the SHA-256 of the payload, then the payload: the
:class:`~docgen.model.facts.ModuleFacts` tree as MessagePack arrays. A record is the array of its
field values in field order; where an annotation allows several record classes (a statement) the
array starts with the class name. Decoding is driven by the annotations of the facts classes
alone: it only ever builds the record classes reachable from ``ModuleFacts`` (a closed registry),
checks every field count and scalar type, and turns anything else into :class:`FactsDecodeError`.
MessagePack cannot describe a callable, so loading an entry, even a hostile one, runs no code.
"""

from __future__ import annotations

import dataclasses
import hashlib
import types
import typing
from collections.abc import Callable
from enum import Enum
from typing import Any

import msgspec

from docgen import __version__
from docgen.model.facts import FACTS_VERSION, ModuleFacts

FORMAT_VERSION = 1
"""Bumped whenever the wire layout below changes."""

MAGIC = b"docgen-facts\n"

_NONE = type(None)
_SCALARS = frozenset({str, int, float, bool, complex, _NONE})
_INT_RANGE = range(-(2**63), 2**64)  # what MessagePack holds natively

Encoder = Callable[[Any], Any]
Decoder = Callable[[Any], Any]


class FactsDecodeError(ValueError):
    """The bytes are not a facts entry of this docgen (corrupt, foreign or of another version)."""


@dataclasses.dataclass(frozen=True, slots=True)
class _Codec:
    """The compiled encoders and decoders of the facts classes, and their registry.

    Attributes:
        records: The record classes an entry may hold, by name (the closed registry).
        encode: Turns a ModuleFacts into MessagePack-ready data.
        decode: Turns that data back into a ModuleFacts.
        header: ``MAGIC`` and the version line every entry of this codec starts with.
    """

    records: dict[str, type]
    encode: Encoder
    decode: Decoder
    header: bytes


def _bad(what: str) -> FactsDecodeError:
    return FactsDecodeError(f"not a facts entry: {what}")


def _encode_scalar(value: Any) -> Any:
    """A scalar as MessagePack holds it: complex numbers and huge ints become tagged arrays."""
    if type(value) is complex:
        return ["complex", value.real, value.imag]
    if type(value) is int and value not in _INT_RANGE:
        return ["int", str(value)]
    return value


def _compile_scalars(allowed: frozenset[type]) -> tuple[Encoder, Decoder]:
    """A union of scalars; values MessagePack cannot hold (complex, huge ints) become tagged arrays."""
    native = allowed - {complex}
    encode = _encode_scalar

    def decode(data: Any) -> Any:
        kind = type(data)
        if kind in native:
            return data
        if kind is list and len(data) == 3 and data[0] == "complex" and complex in allowed:
            real, imag = data[1], data[2]
            if type(real) is float and type(imag) is float:
                return complex(real, imag)
        if kind is list and len(data) == 2 and data[0] == "int" and int in allowed and type(data[1]) is str:
            try:
                return int(data[1])
            except ValueError:
                raise _bad("integer") from None
        raise _bad(f"{kind.__name__} where {sorted(t.__name__ for t in allowed)} expected")

    return encode, decode


def _compile_enum(cls: type[Enum]) -> tuple[Encoder, Decoder]:
    members = {m.value: m for m in cls}

    def decode(data: Any) -> Any:
        try:
            return members[data]
        except (KeyError, TypeError):
            raise _bad(f"{cls.__name__} value") from None

    return (lambda value: value.value), decode


def _compile_tuple(args: tuple[Any, ...], state: _State) -> tuple[Encoder, Decoder]:
    if len(args) == 2 and args[1] is Ellipsis:
        item_enc, item_dec = state.compile(args[0])

        def encode(value: Any) -> Any:
            return [item_enc(v) for v in value]

        def decode(data: Any) -> Any:
            if type(data) is not list:
                raise _bad("array expected")
            return tuple([item_dec(v) for v in data])

        return encode, decode
    compiled = [state.compile(a) for a in args]
    encs, decs = [c[0] for c in compiled], [c[1] for c in compiled]

    def encode_fixed(value: Any) -> Any:
        return [e(v) for e, v in zip(encs, value, strict=True)]

    def decode_fixed(data: Any) -> Any:
        if type(data) is not list or len(data) != len(decs):
            raise _bad(f"array of {len(decs)} expected")
        return tuple([d(v) for d, v in zip(decs, data, strict=True)])

    return encode_fixed, decode_fixed


def _compile_union(args: tuple[Any, ...], state: _State) -> tuple[Encoder, Decoder]:
    optional = _NONE in args
    members = [a for a in args if a is not _NONE]
    if all(a in _SCALARS for a in members):
        return _compile_scalars(frozenset(args))
    if not all(dataclasses.is_dataclass(a) for a in members):
        raise TypeError(f"facts codec: unsupported union {args}")
    if len(members) == 1:
        inner_enc, inner_dec = state.compile(members[0])
        enc: Encoder = lambda value: None if value is None else inner_enc(value)  # noqa: E731
        dec: Decoder = lambda data: None if data is None else inner_dec(data)  # noqa: E731
        return (enc, dec) if optional else (inner_enc, inner_dec)
    # Several record classes: the array is prefixed with the class name, looked up in this table only.
    tagged = {cls.__name__: state.compile(cls) for cls in members}
    by_type = {cls: (cls.__name__, codec[0]) for cls, codec in zip(members, tagged.values(), strict=True)}

    def encode(value: Any) -> Any:
        if value is None and optional:
            return None
        if type(value) not in by_type:
            raise TypeError(f"facts codec: {type(value).__name__} is not one of {sorted(tagged)}")
        name, record_enc = by_type[type(value)]
        return [name, *record_enc(value)]

    def decode(data: Any) -> Any:
        if data is None and optional:
            return None
        if type(data) is not list or not data or type(data[0]) is not str or data[0] not in tagged:
            raise _bad("record of an unknown class")
        return tagged[data[0]][1](data[1:])

    return encode, decode


class _State:
    """Compiles the codec of each type once (records refer to themselves: Expr holds Exprs)."""

    def __init__(self) -> None:
        self.records: dict[str, type] = {}
        self._done: dict[Any, tuple[Encoder, Decoder]] = {}
        self._cells: dict[type, list[Any]] = {}

    def compile(self, tp: Any) -> tuple[Encoder, Decoder]:
        """The encoder and decoder of values annotated ``tp``."""
        if tp in self._done:
            return self._done[tp]
        origin, args = typing.get_origin(tp), typing.get_args(tp)
        if origin in (typing.Union, types.UnionType):
            codec = _compile_union(args, self)
        elif origin is tuple:
            codec = _compile_tuple(args, self)
        elif isinstance(tp, type) and issubclass(tp, Enum):
            codec = _compile_enum(tp)
        elif tp in _SCALARS:
            codec = _compile_scalars(frozenset({tp}))
        elif isinstance(tp, type) and dataclasses.is_dataclass(tp):
            codec = self._compile_record(tp)
        else:
            raise TypeError(f"facts codec: unsupported type {tp!r}")
        self._done[tp] = codec
        return codec

    def _compile_record(self, cls: type) -> tuple[Encoder, Decoder]:
        codec = self._compile_generic_record(cls)
        fast = _expression_codec(cls, self) if cls.__name__ == "Expr" else None
        final = fast or codec
        self._cells[cls][:] = final  # what the codecs compiled meanwhile (self-references) call
        return final

    def _compile_generic_record(self, cls: type) -> tuple[Encoder, Decoder]:
        if self.records.setdefault(cls.__name__, cls) is not cls:
            raise TypeError(f"facts codec: two record classes named {cls.__name__}")
        fields = dataclasses.fields(cls)
        names = tuple(f.name for f in fields)
        required = sum(f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING for f in fields)
        encs: list[Encoder] = []
        decs: list[Decoder] = []
        defaults: list[Any] = []  # the encoded defaults of the optional trailing fields

        def encode(value: Any) -> Any:
            data = [e(getattr(value, n)) for e, n in zip(encs, names, strict=True)]
            # Trailing fields equal to their defaults are left out (most expressions have no children).
            while len(data) > required and _same(data[-1], defaults[len(data) - 1 - required]):
                data.pop()
            return data

        def decode(data: Any) -> Any:
            if type(data) is not list or not required <= len(data) <= len(decs):
                raise _bad(f"{cls.__name__} of {required} to {len(decs)} fields expected")
            return cls(*[d(v) for d, v in zip(decs, data, strict=False)])

        # Registered before its fields are compiled, so a self-reference finds it (through a cell
        # holding the record's final codec, see _compile_record).
        cell: list[Any] = [encode, decode]
        self._cells[cls] = cell
        self._done[cls] = (lambda value: cell[0](value), lambda data: cell[1](data))
        hints = typing.get_type_hints(cls)
        for i, f in enumerate(fields):
            if (i < required) != (f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING):
                raise TypeError(f"facts codec: {cls.__name__}.{f.name}: fields with defaults must come last")
            field_enc, field_dec = self.compile(hints[f.name])
            encs.append(field_enc)
            decs.append(field_dec)
            if f.default is not dataclasses.MISSING:
                defaults.append(field_enc(f.default))
            elif f.default_factory is not dataclasses.MISSING:
                defaults.append(field_enc(f.default_factory()))
        return encode, decode


_EXPR_FIELDS = ("op", "value", "args", "kwargs", "line")


def _expression_codec(cls: type, state: _State) -> tuple[Encoder, Decoder] | None:
    """The codec of :class:`~docgen.model.facts.Expr`, three in four records, written out.

    It gives exactly the data of the generic record codec (same arrays, same trailing defaults
    left out, same checks on decoding) in a fraction of the time, by not calling one encoder per
    field. None when ``Expr``'s fields are not the ones it was written for: the generic codec then.
    """
    fields = dataclasses.fields(cls)
    hints = typing.get_type_hints(cls)
    defaults = tuple(f.default for f in fields)
    if tuple(f.name for f in fields) != _EXPR_FIELDS or defaults[1:] != (None, (), (), 0):
        return None
    op_type = hints["op"]
    expected = (
        op_type,
        str | int | float | complex | bool | None,
        tuple[cls, ...],  # type: ignore[valid-type]
        tuple[tuple[str, cls], ...],  # type: ignore[valid-type]
        int,
    )
    if (
        not (isinstance(op_type, type) and issubclass(op_type, Enum))
        or tuple(hints[n] for n in _EXPR_FIELDS) != expected
    ):
        return None
    op_decode = state.compile(op_type)[1]
    value_decode = state.compile(expected[1])[1]
    line_decode = state.compile(int)[1]
    values = frozenset({str, int, float, bool, _NONE})
    ops = {m.value: m for m in op_type}
    scalar = _encode_scalar

    def encode(expr: Any) -> Any:
        value, args, kwargs, line = expr.value, expr.args, expr.kwargs, expr.line
        data = [expr.op.value, scalar(value), [encode(a) for a in args], [[scalar(k), encode(v)] for k, v in kwargs]]
        if type(line) is not int or line != 0:  # trailing fields equal to their defaults are left out
            data.append(scalar(line))
        elif not kwargs:
            if args:
                del data[3:]
            elif value is None:
                del data[1:]
            else:
                del data[2:]
        return data

    def decode(data: Any) -> Any:
        if type(data) is not list or not 1 <= len(data) <= 5:
            raise _bad("Expr of 1 to 5 fields expected")
        n = len(data)
        op = data[0]
        try:
            op = ops[op]
        except (KeyError, TypeError):
            op = op_decode(op)  # raises the generic error
        value = data[1] if n > 1 else None
        if type(value) not in values:
            value = value_decode(value)
        args: Any = ()
        if n > 2:
            items = data[2]
            if type(items) is not list:
                raise _bad("array expected")
            args = tuple([decode(a) for a in items])
        kwargs: Any = ()
        if n > 3:
            items = data[3]
            if type(items) is not list:
                raise _bad("array expected")
            pairs = []
            for pair in items:
                if type(pair) is not list or len(pair) != 2:
                    raise _bad("array of 2 expected")
                key = pair[0]
                if type(key) is not str:
                    raise _bad(f"{type(key).__name__} where ['str'] expected")
                pairs.append((key, decode(pair[1])))
            kwargs = tuple(pairs)
        line = data[4] if n > 4 else 0
        if type(line) is not int:
            line = line_decode(line)
        return cls(op, value, args, kwargs, line)

    return encode, decode


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b


def _fingerprint(records: dict[str, type]) -> str:
    """A digest of every record's field names and annotations: a shape change is a new version."""
    parts = []
    for name, cls in sorted(records.items()):
        hints = typing.get_type_hints(cls)
        fields = ",".join(f"{f.name}:{hints[f.name]}" for f in dataclasses.fields(cls))
        parts.append(f"{cls.__module__}.{name}({fields})")
        for hint in hints.values():
            for enum in _enums(hint):
                parts.append(f"{enum.__name__}={','.join(str(m.value) for m in enum)}")
    return hashlib.sha256("\n".join(sorted(set(parts))).encode()).hexdigest()[:16]


def _enums(tp: Any) -> list[type[Enum]]:
    if isinstance(tp, type) and issubclass(tp, Enum):
        return [tp]
    return [e for a in typing.get_args(tp) for e in _enums(a)]


def _build() -> _Codec:
    state = _State()
    encode, decode = state.compile(ModuleFacts)
    version = f"{FORMAT_VERSION} {__version__} {FACTS_VERSION} {_fingerprint(state.records)}\n"
    return _Codec(dict(state.records), encode, decode, MAGIC + version.encode())


_CODEC = _build()
_ENCODER = msgspec.msgpack.Encoder()
_DECODER = msgspec.msgpack.Decoder()
_DIGEST = hashlib.sha256().digest_size

RECORDS: typing.Mapping[str, type] = types.MappingProxyType(_CODEC.records)
"""The closed registry: the only classes an entry can make (every record reachable from ModuleFacts)."""

HEADER = _CODEC.header
"""What every entry of this docgen starts with (magic and version line)."""


def encode_facts(facts: ModuleFacts) -> bytes:
    """Serialise ``facts`` as a cache entry.

    Raises:
        ValueError: A value MessagePack cannot hold (a string with lone surrogates).
        TypeError: A value that does not match its annotation.
    """
    payload = _ENCODER.encode(_CODEC.encode(facts))
    return HEADER + hashlib.sha256(payload).digest() + payload


def decode_facts(data: bytes) -> ModuleFacts:
    """Rebuild the facts of a cache entry made by :func:`encode_facts` of this docgen.

    Raises:
        FactsDecodeError: The entry is truncated, corrupt, foreign or of another version.
    """
    if not data.startswith(HEADER):
        raise _bad("wrong magic or version")
    start = len(HEADER) + _DIGEST
    payload = memoryview(data)[start:]
    if len(data) < start or hashlib.sha256(payload).digest() != data[len(HEADER) : start]:
        raise _bad("digest mismatch")
    try:
        facts = _CODEC.decode(_DECODER.decode(payload))
    except FactsDecodeError:
        raise
    except (msgspec.DecodeError, RecursionError, TypeError, ValueError, KeyError, IndexError) as exc:
        raise _bad(type(exc).__name__) from None
    if not isinstance(facts, ModuleFacts):
        raise _bad("not ModuleFacts")
    return facts

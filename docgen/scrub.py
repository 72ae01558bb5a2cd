"""Untrusted text hygiene shared by every output: secrets found by their value, Trojan-Source characters.

Secrets are recognised by known token formats (SR-16, SR-18): the extractors mask defaults at
the source (``docgen.extract._shared.common``), :func:`scrub_catalog` masks whatever else of a finished
catalog carries a token (so the pages, the search index, ``openapi.json`` and the catalog JSON all
agree), and the site stage scans the built site as the last gate. Bidi controls and zero-width
characters (P19) are flagged once per file here and shown visibly by the renderer.
"""

from __future__ import annotations

import base64
import binascii
import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, fields, is_dataclass, replace
from enum import Enum
from typing import Any, TypeVar

from docgen.diagnostics import Code, Reporter
from docgen.model import Application, Catalog, Finding, Location, Model, Module, Route, Stage, Symbol

MASKED = "***"
"""What a secret is replaced with inside a text (a whole masked literal shows as ``'***'``)."""

_WORD = re.compile(r"[0-9A-Za-z_]")


@dataclass(frozen=True, slots=True)
class _Format:
    """One known secret format.

    Attributes:
        markers: Substrings one of which every match contains (a cheap test before the regex).
        pattern: The format; it starts with a literal, so the regex engine searches fast.
        keep: Groups of the match kept in clear (``Bearer `` of ``Bearer <token>``).
        word_start: Whether the match must start a word.
    """

    markers: tuple[str, ...]
    pattern: re.Pattern[str]
    keep: tuple[str, ...] = ()
    word_start: bool = True


_FORMATS = (
    _Format(("ghp_", "gho_", "ghu_", "ghs_", "ghr_"), re.compile(r"gh[pousr]_[0-9A-Za-z]{20,}")),
    _Format(("github_pat_",), re.compile(r"github_pat_[0-9A-Za-z_]{22,}")),
    _Format(("AKIA", "ASIA"), re.compile(r"A[KS]IA[0-9A-Z]{16}(?![0-9A-Za-z])")),
    _Format(("xox",), re.compile(r"xox[abprs]-[0-9A-Za-z-]{10,}")),
    _Format(("_live_", "_test_"), re.compile(r"[sr]k_(?:live|test)_[0-9A-Za-z]{8,}")),
    _Format(("AIza",), re.compile(r"AIza[0-9A-Za-z_-]{30,}")),
    _Format(("eyJ",), re.compile(r"eyJ[0-9A-Za-z_-]{5,}\.[0-9A-Za-z_-]{5,}\.[0-9A-Za-z_-]{5,}")),
    _Format(
        ("PRIVATE KEY",),
        re.compile(
            r"-----BEGIN[A-Z ]{0,40} PRIVATE KEY(?: BLOCK)?-----"
            r"(?:.*?-----END[A-Z ]{0,40} PRIVATE KEY(?: BLOCK)?-----|[0-9A-Za-z+/=\s\\]*)",
            re.DOTALL,
        ),
        word_start=False,
    ),
    _Format(
        ("Bearer",),
        re.compile(r"(?P<head>Bearer[ \t]+)(?=[0-9A-Za-z._~+/-]*\d)[0-9A-Za-z._~+/-]{8,}=*"),
        keep=("head",),
    ),
    _Format(
        ("Basic",),
        re.compile(r"(?P<head>Basic[ \t]+)(?P<basic>[0-9A-Za-z+/]{6,}={0,2})(?![0-9A-Za-z+/=])"),
        keep=("head",),
    ),
    _Format(("://",), re.compile(r"(?P<head>://[^/\s:@'\"<>]+:)[^/\s@'\"<>]+(?=@)"), keep=("head",), word_start=False),
)
"""Known secret formats: GitHub, AWS, Slack, Stripe and Google keys, JWTs, private key blocks,
``Authorization`` values (``Bearer``, ``Basic``) and passwords in URLs (``scheme://user:pass@``)."""

_PICTOGRAPHS = "\U0001f000-\U0001faff\u2600-\u27bf\u2300-\u23ff\u2b00-\u2bff"
"""Emoji and pictograph blocks: what a zero-width joiner joins in an emoji sequence (👷‍♀️, 🤷‍♂️)."""
INVISIBLE = re.compile(
    "[\u202a-\u202e\u2066-\u2069\u200b\u200c\u2060\ufeff]"
    f"|(?<![{_PICTOGRAPHS}\ufe0f\U0001f3fb-\U0001f3ff])\u200d|\u200d(?![{_PICTOGRAPHS}])"
)
"""Bidi controls and zero-width characters: text that reads differently from what it is ("Trojan Source").

A zero-width joiner between two pictographs is part of an emoji, drawn as one: not counted."""

_T = TypeVar("_T")


def _masker(fmt: _Format) -> Callable[[re.Match[str]], str]:
    def mask(match: re.Match[str]) -> str:
        text, start = match.string, match.start()
        if fmt.word_start and start and (_WORD.match(text, start - 1) or text[start - 1] == "-"):
            return match.group(0)  # inside a longer word: not this format
        if "basic" in fmt.pattern.groupindex and not _is_basic_credential(match.group("basic")):
            return match.group(0)
        return "".join(match.group(g) for g in fmt.keep) + MASKED

    return mask


def _is_basic_credential(token: str) -> bool:
    """Whether a ``Basic`` value is base64 of ``user:password`` (not the word after "Basic")."""
    try:
        decoded = base64.b64decode(token + "=" * (-len(token) % 4), validate=True)
    except (binascii.Error, ValueError):
        return False
    return b":" in decoded


def mask_tokens(text: str) -> str:
    """``text`` with every known secret format replaced by ``***`` (the ``Bearer``/``user:`` part kept)."""
    for fmt in _FORMATS:
        if any(marker in text for marker in fmt.markers):
            text = fmt.pattern.sub(_masker(fmt), text)
    return text


def has_token(text: str) -> bool:
    """Whether ``text`` holds a known secret format."""
    return mask_tokens(text) != text


def is_prose(text: str) -> bool:
    """A sentence (``"Your session has expired, please log in again"``) is a message, not a secret."""
    return len(text.split()) >= 3 and not has_token(text)


def high_entropy(text: str) -> bool:
    """Whether ``text`` looks randomly generated: long enough, no spaces, several bits per character."""
    if len(text) < 16 or any(c.isspace() for c in text):
        return False
    counts = Counter(text)
    entropy = -sum(n / len(text) * math.log2(n / len(text)) for n in counts.values())
    classes = sum(any(f(c) for c in text) for f in (str.islower, str.isupper, str.isdigit))
    return entropy >= 3.5 and classes >= 2


def show_invisible(text: str) -> str:
    """Bidi and zero-width characters written as ``<U+202E>`` so a reader sees them."""
    return INVISIBLE.sub(lambda m: f"<U+{ord(m.group(0)):04X}>", text) if INVISIBLE.search(text) else text


class ScrubMemo:
    """What scrubbing each record a catalog lists gave last time, for a run given the same record objects again.

    The live preview keeps the records of unchanged code between rebuilds: their walk is skipped
    and the warnings it raised are raised again, in order, as a new walk would. Findings, which
    docgen's checks make anew each run, are remembered by value.
    """

    def __init__(self) -> None:
        self.last: dict[tuple[int | Finding, Location | None, str], _Swept] = {}


@dataclass(frozen=True, slots=True)
class _Swept:
    """One record's walk: the record, what it became, and what the walk noted (see :meth:`_Sweep.note`)."""

    source: Any
    result: Any
    notes: tuple[tuple[str, Any, Any], ...]


_LISTED = (Module, Route, Application, Model, Symbol, Finding)
"""The records the catalog lists: the unit :class:`ScrubMemo` remembers."""


def scrub_catalog(catalog: Catalog, reporter: Reporter, memo: ScrubMemo | None = None) -> Catalog:
    """Mask known secret formats anywhere in ``catalog`` and flag Trojan-Source characters once per file.

    Every string of every record is checked (defaults, constraints, signatures, decorators,
    docstrings, commit messages...), except source locations. Each redaction is a DG401 warning at
    the nearest enclosing record's location; each file with bidi or zero-width characters gets
    one DG403 warning at the first place they occur.
    """
    sweep = _Sweep(reporter, memo)
    cleaned = sweep.record(catalog, None, "catalog")
    if memo is not None:
        memo.last = sweep.seen
    for location in sweep.invisible.values():
        reporter.warn(
            Code.INVISIBLE_CHARACTER,
            "bidi control or zero-width character in the text (shown as <U+XXXX> in the site)",
            Stage.LINK,
            location,
        )
    return cleaned


_SKIPPED = frozenset({"location", "diagnostics"})
"""Fields never rewritten: where things are, and the run's own messages."""


class _Sweep:
    """One walk over a catalog: masks tokens, remembers the first invisible character per file."""

    def __init__(self, reporter: Reporter, memo: ScrubMemo | None = None) -> None:
        self.reporter = reporter
        self.invisible: dict[str | None, Location | None] = {}
        self.seen: dict[tuple[int | Finding, Location | None, str], _Swept] = {}
        self._warned: set[tuple[Location | None, str | None]] = set()
        self._memo = memo
        self._notes: list[list[tuple[str, Any, Any]]] = []

    def record(self, obj: _T, where: Location | None, name: str) -> _T:
        if self._memo is None or not isinstance(obj, _LISTED):
            return self._walk(obj, where, name)
        # A finding is remade each run (docgen's checks run again): one equal to last run's scrubs alike
        key = (obj if isinstance(obj, Finding) else id(obj), where, name)
        swept = self._memo.last.get(key)
        if swept is not None and (swept.source is obj or isinstance(obj, Finding)):
            for note in swept.notes:
                self.note(*note)
            if swept.source is not obj and swept.result is swept.source:
                swept = _Swept(obj, obj, swept.notes)
        else:
            self._notes.append([])
            result = self._walk(obj, where, name)
            swept = _Swept(obj, result, tuple(self._notes.pop()))
            if self._notes:
                self._notes[-1].extend(swept.notes)
        self.seen[key] = swept
        return swept.result  # type: ignore[no-any-return]

    def note(self, kind: str, where: Location | None, detail: str | None) -> None:
        """Apply what a walk noted: an invisible character in ``detail``'s file, or a secret in a ``detail`` field."""
        if self._notes:
            self._notes[-1].append((kind, where, detail))
        if kind == "invisible":
            self.invisible.setdefault(detail, where)
        elif (where, detail) not in self._warned:
            self._warned.add((where, detail))
            message = f"possible secret (a known token format) in a {detail} redacted"
            self.reporter.warn(Code.SECRET_REDACTED, message, Stage.LINK, where)

    def _walk(self, obj: _T, where: Location | None, name: str) -> _T:
        own = getattr(obj, "location", None)
        where = own if isinstance(own, Location) else where
        changes: dict[str, Any] = {}
        for item in fields(obj):  # type: ignore[arg-type]
            if item.name in _SKIPPED or not item.init:
                continue
            old = getattr(obj, item.name)
            new = self.value(old, where, item.name)
            if new is not old:
                changes[item.name] = new
        return replace(obj, **changes) if changes else obj  # type: ignore[type-var]

    def value(self, obj: Any, where: Location | None, name: str) -> Any:
        if isinstance(obj, Enum) or obj is None or isinstance(obj, bool | int | float):
            return obj
        if isinstance(obj, str):
            return self.text(obj, where, name)
        if is_dataclass(obj) and not isinstance(obj, type):
            return self.record(obj, where, name)
        if isinstance(obj, tuple):
            items = tuple(self.value(v, where, name) for v in obj)
            return obj if all(a is b for a, b in zip(items, obj, strict=True)) else items
        if isinstance(obj, dict):
            pairs = {k: self.value(v, where, f"{name}.{k}") for k, v in obj.items()}
            return obj if all(pairs[k] is v for k, v in obj.items()) else pairs
        return obj

    def text(self, text: str, where: Location | None, name: str) -> str:
        if INVISIBLE.search(text):
            self.note("invisible", where, where.path if where else None)
        masked = mask_tokens(text)
        if masked == text:
            return text
        self.note("secret", where, name)
        return masked

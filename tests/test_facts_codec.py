"""The facts codec: exact round trips of real modules, and every malformed entry refused."""

from __future__ import annotations

import hashlib
import sysconfig
from pathlib import Path

import msgspec
import pytest

from docgen.model import Diagnostic, Location, Severity, Stage
from docgen.model.facts import Assign, Condition, Expr, ExprStmt, ModuleFacts, Op, Return, Suppression
from docgen.model.facts_codec import HEADER, MAGIC, RECORDS, FactsDecodeError, decode_facts, encode_facts
from docgen.parse.summary import summarise

SITE_PACKAGES = Path(sysconfig.get_paths()["purelib"])
DIGEST = 32


def real_sources(count: int, max_bytes: int) -> list[Path]:
    """``count`` source files of installed packages up to ``max_bytes``, spread over several packages."""
    found: list[Path] = []
    for package in ("jinja2", "click", "markdown", "mkdocs", "libcst", "yaml", "pygments", "_pytest", "rich", "git"):
        found += [p for p in sorted((SITE_PACKAGES / package).rglob("*.py")) if p.stat().st_size <= max_bytes][:30]
    assert len(found) >= count
    return found[:count]


def facts_of(path: Path) -> ModuleFacts:
    data = path.read_bytes()
    rel = path.relative_to(SITE_PACKAGES).as_posix()
    module = rel.removesuffix(".py").replace("/", ".")
    return summarise(rel, module, path.name == "__init__.py", hashlib.sha256(data).hexdigest(), data)


def module(*body: object, docstring: str | None = "Doc.") -> ModuleFacts:
    return ModuleFacts("m.py", "m", False, "0" * 64, docstring, body, 3)  # type: ignore[arg-type]


def payload(entry: bytes) -> object:
    return msgspec.msgpack.decode(entry[len(HEADER) + DIGEST :])


def entry_of(data: object, header: bytes = HEADER) -> bytes:
    raw = msgspec.msgpack.encode(data)
    return header + hashlib.sha256(raw).digest() + raw


def test_real_modules_round_trip_exactly() -> None:
    facts = [facts_of(path) for path in real_sources(100, 8_000)]
    assert sum(len(f.body) for f in facts) > 800  # real content, not empty shells
    assert [decode_facts(encode_facts(f)) for f in facts] == facts


@pytest.mark.slow
def test_large_real_modules_round_trip_exactly() -> None:
    facts = [facts_of(path) for path in real_sources(200, 2_000_000)]
    assert [decode_facts(encode_facts(f)) for f in facts] == facts


def test_values_messagepack_cannot_hold_round_trip_as_tagged_arrays() -> None:
    values = (1j, 2.5 - 3j, 10**40, -(10**30), 2**64 - 1, -(2**63), float("inf"), True, 0, "", None, "...")
    facts = module(ExprStmt(Expr(Op.LIST, None, tuple(Expr(Op.NUM, v) for v in values)), 1))
    back = decode_facts(encode_facts(facts))
    assert back == facts
    assert [type(e.value) for e in back.body[0].value.args] == [type(v) for v in values]  # type: ignore[union-attr]


def test_diagnostics_suppressions_and_defaults_round_trip() -> None:
    diag = Diagnostic(Severity.WARNING, "DG904", "prefix not static", Stage.PARSE, Location("m.py", 2, 4))
    facts = ModuleFacts(
        "m.py",
        "m",
        True,
        "a" * 64,
        None,
        (
            Assign((Expr(Op.NAME, "x"),), None, Expr(Op.NAME, "int"), "=", 1, comment="c"),
            Return(None, 2, guard=(0,)),
        ),
        9,
        (diag, Diagnostic(Severity.ERROR, "DG901", "bad", Stage.PARSE)),
        parsed=False,
        suppressions=(Suppression(3), Suppression(4, ("DG1", "DG904"))),
        conditions=(Condition(Expr(Op.NAME, "DEBUG"), False, 1),),
    )
    assert decode_facts(encode_facts(facts)) == facts


def test_the_registry_is_exactly_the_records_reachable_from_module_facts() -> None:
    assert set(RECORDS) == {
        "ModuleFacts",
        "Condition",
        "Import",
        "Assign",
        "ExprStmt",
        "Return",
        "For",
        "FunctionDef",
        "ClassDef",
        "Parameter",
        "Expr",
        "Diagnostic",
        "Location",
        "Suppression",
    }


def test_a_statement_is_tagged_with_its_class_name_and_defaults_are_left_out() -> None:
    entry = encode_facts(module(ExprStmt(Expr(Op.NAME, "f"), 7), Return(None, 8)))
    assert payload(entry) == [
        "m.py",
        "m",
        False,
        "0" * 64,
        "Doc.",
        [["ExprStmt", ["name", "f"], 7], ["Return", None, 8]],
        3,
    ]


def test_a_lone_surrogate_cannot_be_encoded() -> None:
    with pytest.raises(UnicodeEncodeError):
        encode_facts(module(docstring="\udc80"))


GOOD = encode_facts(module(ExprStmt(Expr(Op.NAME, "f"), 7)))
GOOD_DATA = payload(GOOD)


@pytest.mark.parametrize(
    ("entry", "reason"),
    [
        (b"", "wrong magic or version"),
        (b"\x80\x05\x95" + GOOD[3:], "wrong magic or version"),  # a pickle's opening bytes
        (GOOD[: len(HEADER) + 10], "digest mismatch"),  # truncated inside the digest
        (GOOD[:-1], "digest mismatch"),
        (GOOD[:-1] + bytes([GOOD[-1] ^ 1]), "digest mismatch"),
        (GOOD.replace(b"Doc.", b"Dog."), "digest mismatch"),
        (MAGIC + b"0 0.0.0 1 0\n" + GOOD[len(HEADER) :], "wrong magic or version"),
        (entry_of(GOOD_DATA, HEADER.replace(b"\n1 ", b"\n2 ", 1)), "wrong magic or version"),
        (entry_of({"__class__": "os.system"}), "ModuleFacts of 7 to 11 fields expected"),
        (entry_of([*GOOD_DATA[:5], [["posix.system", "touch /tmp/x"]], 3]), "record of an unknown class"),  # type: ignore[index]
        (entry_of([*GOOD_DATA[:5], [["Expr", "name", "f"]], 3]), "record of an unknown class"),  # type: ignore[index]
        (entry_of([*GOOD_DATA[:5], [["ExprStmt", ["eval", "f"], 7]], 3]), "Op value"),  # type: ignore[index]
        (entry_of([*GOOD_DATA[:5], [["ExprStmt", ["name", "f"], "7"]], 3]), "str where ['int'] expected"),  # type: ignore[index]
        (entry_of([*GOOD_DATA[:5], [["ExprStmt", ["name", "f"], True]], 3]), "bool where ['int'] expected"),  # type: ignore[index]
        (entry_of([*GOOD_DATA[:5], [["ExprStmt", ["name", "f"], 7, [], 8]], 3]), "ExprStmt of 2 to 3 fields expected"),  # type: ignore[index]
        (entry_of([*GOOD_DATA[:5], [["ExprStmt", ["name", "f"], 7, 8]], 3]), "array expected"),  # type: ignore[index]
        (entry_of([*GOOD_DATA[:5], [["ExprStmt", ["name", ["int", "1e9"]], 7]], 3]), "integer"),  # type: ignore[index]
        (entry_of(GOOD_DATA)[:-2] + b"\xc1\xc1", "digest mismatch"),
        (HEADER + hashlib.sha256(b"\xc1").digest() + b"\xc1", "DecodeError"),  # not MessagePack at all
    ],
)
def test_malformed_entries_are_refused(entry: bytes, reason: str) -> None:
    with pytest.raises(FactsDecodeError) as caught:
        decode_facts(entry)
    assert str(caught.value) == f"not a facts entry: {reason}"


def test_a_well_formed_entry_of_this_version_decodes() -> None:
    assert decode_facts(entry_of(GOOD_DATA)) == module(ExprStmt(Expr(Op.NAME, "f"), 7))

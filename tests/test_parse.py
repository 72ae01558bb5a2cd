"""The parse stage: decoding, parse failures as diagnostics, facts, positions, pool and cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen.config import load_config
from docgen.diagnostics import Reporter
from docgen.discover import discover
from docgen.model import Location, Severity, Stage
from docgen.model.facts import Assign, ClassDef, Expr, ExprStmt, FunctionDef, Import, Op, Parameter
from docgen.parse import parse_all
from docgen.parse.summary import summarise


def facts_of(source: str | bytes, path: str = "pkg/mod.py", module: str = "pkg.mod"):
    data = source.encode() if isinstance(source, str) else source
    return summarise(path, module, False, "sha", data)


def only_diagnostic(source: str | bytes) -> str:
    facts = facts_of(source)
    assert not facts.parsed
    (diag,) = facts.diagnostics
    assert (diag.severity, diag.stage) == (Severity.ERROR, Stage.PARSE)
    return str(diag)


def test_syntax_error_names_line_and_column() -> None:
    assert only_diagnostic("x = 1\ndef f(:\n    pass\n").startswith("pkg/mod.py:2: DG901 syntax error at 2:")


def test_python2_source_gets_a_hint() -> None:
    assert only_diagnostic('print "hello"\n').endswith("(looks like Python 2 syntax)")


def test_undecodable_and_nul_bytes_are_skipped_with_the_reason() -> None:
    assert only_diagnostic(b"#\x80\n") == "pkg/mod.py: DG902 cannot decode as utf-8 (byte 0x80 at offset 1)"
    assert only_diagnostic(b"x = 1\x00\n") == "pkg/mod.py: DG903 source contains NUL byte; skipped"


def test_encoding_cookie_and_bom_are_honoured() -> None:
    latin = facts_of('# -*- coding: latin-1 -*-\n"""Caf\xe9."""\n'.encode("latin-1"))
    assert latin.docstring == "Café."
    bom = facts_of(b'\xef\xbb\xbf"""Doc."""\nname = 1\n')
    assert bom.docstring == "Doc."
    assert bom.body == (Assign((Expr(Op.NAME, "name"),), Expr(Op.NUM, 1), None, "=", 2),)


def test_crlf_and_form_feed_give_the_same_facts_as_lf() -> None:
    lf = facts_of('def f():\n    """Doc\n\n    more."""\n    return 1\n')
    crlf = facts_of('def f():\r\n    """Doc\r\n\r\n    more."""\r\n    return 1\r\n')
    assert crlf.body == lf.body
    assert lf.body[0].docstring == "Doc\n\nmore."


def test_definitions_keep_lines_decorators_and_qualnames() -> None:
    facts = facts_of(
        "import os\n"
        "from .base import Base as B\n"
        "\n"
        "@decorate(1)\n"
        "class C(B):\n"
        "    x: int = 1\n"
        '    """The x."""\n'
        "    async def m(self, a: int = 2, *, b) -> str:\n"
        "        def inner(): ...\n"
        "        return inner\n"
    )
    imp1, imp2, cls = facts.body
    assert imp1 == Import("os", "os", None, 1)
    assert imp2 == Import("B", "pkg.base", "Base", 2, level=1)
    assert isinstance(cls, ClassDef)
    assert (cls.qualname, cls.line, cls.end_line, cls.decorators[0].line) == ("C", 5, 10, 4)
    field, method = cls.body
    assert field == Assign((Expr(Op.NAME, "x"),), Expr(Op.NUM, 1), Expr(Op.NAME, "int"), ":", 6, "The x.")
    assert isinstance(method, FunctionDef)
    assert (method.qualname, method.is_async, method.line) == ("C.m", True, 8)
    assert method.params == (
        Parameter("self", "positional"),
        Parameter("a", "positional", Expr(Op.NAME, "int"), Expr(Op.NUM, 2)),
        Parameter("b", "keyword_only"),
    )
    assert method.body[0].qualname == "C.m.<locals>.inner"


def test_relative_imports_resolve_against_the_package() -> None:
    facts = summarise("pkg/sub/__init__.py", "pkg.sub", True, "sha", b"from . import a\nfrom ..b import c\n")
    assert [(i.module, i.name) for i in facts.body] == [("pkg.sub", "a"), ("pkg.b", "c")]


def test_if_try_with_bodies_are_flattened_and_calls_keep_lines() -> None:
    facts = facts_of("if X:\n    app.include_router(r)\nelse:\n    try:\n        y = 2\n    except E:\n        pass\n")
    call, assign = facts.body
    assert isinstance(call, ExprStmt) and call.line == 2 and call.value.line == 2
    assert isinstance(assign, Assign) and assign.line == 5


def test_newer_syntax_than_ast_falls_back_to_libcst_positions() -> None:
    facts = facts_of('x = 1\n\ndef first[T](a: T) -> T:\n    return a\n\nclass Box[T: int]:\n    """Box."""\n')
    assert facts.parsed
    fn, cls = facts.body[1:]
    assert (fn.line, fn.type_params) == (3, "[T]")
    assert (cls.line, cls.type_params, cls.docstring) == (6, "[T: int]", "Box.")


def test_pep701_fstring_and_bad_escape_do_not_stop_the_file() -> None:
    facts = facts_of('path = f"{f"{x}"}/items"\nname = "\\N{NO SUCH NAME}" if 0 else "ok"\n')
    assert facts.parsed
    assert facts.body[0].value.op is Op.FSTRING


@pytest.mark.parametrize(
    ("source", "line"),
    [("x = " + "(" * 5000 + "1" + ")" * 5000 + "\n", 1), ("x = " + " + ".join(["1"] * 100_000) + "\n", 0)],
)
def test_deep_nesting_is_a_diagnostic_not_a_crash(source: str, line: int) -> None:
    where = f"pkg/mod.py:{line}" if line else "pkg/mod.py"
    assert only_diagnostic(source) == f"{where}: DG907 expression nesting too deep; skipped"


def write_tree(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


def test_pool_and_cache_give_the_same_facts_as_inline(tmp_path: Path) -> None:
    root = tmp_path / "src"
    files = {f"pkg/m{i}.py": f'"""Module {i}."""\nVALUE = {i}\n' for i in range(12)}
    write_tree(root, {"pkg/__init__.py": "", **files, "pkg/bad.py": "def f(:\n"})
    config = load_config(root, isolated=True, overrides={"cache_dir": str(tmp_path / "cache"), "jobs": 2})
    reporter = Reporter()
    sources = discover(config, reporter)
    pooled = parse_all(sources, config, reporter)
    cached = parse_all(sources, config, Reporter())
    inline = [summarise(s.path, s.module, s.is_package, s.sha, s.data) for s in sources]
    assert pooled == cached == inline
    assert [d.location for d in reporter.diagnostics] == [Location("pkg/bad.py", 1, 1)]
    assert len(list((tmp_path / "cache").rglob("*.facts"))) == 13  # the failed file is not cached


@pytest.mark.parametrize("source", ["", "# only a comment\n", '"""Only a docstring."""\n'])
def test_empty_files_are_valid_modules(source: str) -> None:
    facts = facts_of(source)
    assert (facts.parsed, facts.body, facts.diagnostics) == (True, (), ())


def test_a_file_too_large_for_a_workers_share_is_parsed_alone_and_one_too_large_for_all_is_skipped(
    tmp_path: Path,
) -> None:
    # parse-memory 256 MB with 2 workers: 128 MB each. The 140 KB line of statements needs ~170 MB,
    # breaks its worker and is parsed again alone with all 256 MB; the 600 KB list needs ~400 MB.
    root = tmp_path / "src"
    long_line = "x = 1" + "; x = x" * 20_000 + "\n"
    dense = "X = [" + ", ".join("1" for _ in range(200_000)) + "]\n"
    write_tree(root, {"pkg/__init__.py": "", "pkg/long.py": long_line, "pkg/dense.py": dense, "pkg/small.py": "A=1\n"})
    overrides = {"cache_dir": str(tmp_path / "c"), "jobs": 2, "parse_memory": 256}
    config = load_config(root, isolated=True, overrides=overrides)
    reporter = Reporter()
    facts = {f.path: f for f in parse_all(discover(config, reporter), config, reporter)}
    assert (facts["pkg/long.py"].parsed, len(facts["pkg/long.py"].body)) == (True, 20_001)
    assert (facts["pkg/small.py"].parsed, facts["pkg/dense.py"].parsed) == (True, False)
    assert [str(d) for d in reporter.diagnostics] == [
        "pkg/dense.py: DG907 parser crashed or needed more than parse-memory (256 MB);"
        " skipped (raise it for a large file)"
    ]


def test_parse_memory_is_a_setting_with_a_range(tmp_path: Path) -> None:
    (tmp_path / "docgen.toml").write_text("parse-memory = 32\n", encoding="utf-8")
    with pytest.raises(Exception, match="'parse-memory' must be at least 64 and at most 65536 MB, not 32"):
        load_config(tmp_path, config_file=tmp_path / "docgen.toml")
    assert load_config(tmp_path, isolated=True).parse_memory == 320


def test_a_file_over_the_parse_timeout_is_skipped_naming_the_setting(tmp_path: Path) -> None:
    root = tmp_path / "src"
    write_tree(root, {"pkg/__init__.py": "", "pkg/slow.py": "x = 1" + "; x = x" * 50_000 + "\n", "pkg/ok.py": "A=1\n"})
    overrides = {"cache_dir": str(tmp_path / "c"), "jobs": 2, "parse_memory": 1024, "parse_timeout": 1}
    config = load_config(root, isolated=True, overrides=overrides)
    reporter = Reporter()
    facts = {f.path: f.parsed for f in parse_all(discover(config, reporter), config, reporter)}
    assert facts == {"pkg/__init__.py": True, "pkg/ok.py": True, "pkg/slow.py": False}
    assert [str(d) for d in reporter.diagnostics] == [
        "pkg/slow.py: DG907 parse timed out after 1 s (parse-timeout); skipped"
    ]


def test_comprehensions_keep_their_for_clauses_and_conditions() -> None:
    (plain, filtered) = facts_of("A = [f'/{p}' for p in P for q in Q]\nB = {x for x in X if x}\n").body
    assert isinstance(plain, Assign) and isinstance(filtered, Assign)
    assert plain.value is not None and plain.value.op is Op.COMP
    assert plain.value.args[1:] == (Expr(Op.NAME, "p"), Expr(Op.NAME, "P"), Expr(Op.NAME, "q"), Expr(Op.NAME, "Q"))
    assert (plain.value.kwargs, plain.value.line) == ((), 1)
    assert filtered.value is not None and filtered.value.kwargs == (("if", Expr(Op.NAME, "x")),)


def test_a_with_statement_binds_its_as_names_to_the_context_values() -> None:
    facts = facts_of("with Configurator(settings=s) as config, lock:\n    config.add_route('home', '/')\n")
    bound, call = facts.body
    assert isinstance(bound, Assign) and bound.line == 1
    assert [(t.op, t.value) for t in bound.targets] == [(Op.NAME, "config")]
    assert bound.value is not None and bound.value.op is Op.CALL and bound.value.args[0].value == "Configurator"
    assert isinstance(call, ExprStmt) and call.line == 2


def test_a_method_call_used_as_a_context_is_called_before_its_block_and_exited_after() -> None:
    facts = facts_of(
        "with config.route_prefix_context('/api'), open(p), lock:\n    config.add_route('a', '/a')\nconfig.scan()\n"
    )
    enter, inner, leave, after = facts.body
    assert isinstance(enter, ExprStmt) and enter.line == 1
    assert (enter.value.args[0].value, enter.value.positional[0].value) == ("route_prefix_context", "/api")
    assert isinstance(inner, ExprStmt) and inner.value.args[0].value == "add_route"
    assert isinstance(leave, ExprStmt) and leave.line == 2
    assert leave.value.op is Op.CALL and leave.value.args[0].value == "__exit__"
    assert leave.value.args[0].args[0] == enter.value
    assert isinstance(after, ExprStmt) and after.value.args[0].value == "scan"


def test_yields_and_the_jumps_of_for_loops_are_kept_a_while_loop_s_yield_is_repeated() -> None:
    facts = facts_of(
        "def g(xs):\n"
        "    for x in xs:\n"
        "        if x:\n"
        "            continue\n"
        "        yield x\n"
        "        break\n"
        "    while xs:\n"
        "        yield from xs\n"
        "        break\n"
        "    yield\n"
    )
    function = facts.body[0]
    assert isinstance(function, FunctionDef)
    loop, repeated, bare = function.body
    name = Expr(Op.NAME, "x")
    assert [s.value for s in loop.body] == [  # type: ignore[attr-defined]
        Expr(Op.JUMP, "continue"),
        Expr(Op.YIELD, "yield", (name,)),
        Expr(Op.JUMP, "break"),
    ]
    assert repeated == ExprStmt(Expr(Op.YIELD, "repeated", (Expr(Op.NAME, "xs"),)), 8)
    assert bare == ExprStmt(Expr(Op.YIELD, "yield", (Expr(Op.CONST, None),)), 10)

"""Tests for docgen.enrich.gitparse: git output that tries to look like something else."""

from __future__ import annotations

from docgen.enrich.gitparse import (
    LogEntry,
    credit,
    file_churn,
    iso_utc,
    line_changes,
    merge_ranges,
    parse_blame,
    parse_log,
)
from docgen.model import AuthorShare, Commit, FileChurn

SHA1, SHA2, SHA3 = "1" * 40, "2" * 40, "3" * 40


def header(sha: str, parents: str, summary: bytes, author: bytes = b"Ada") -> bytes:
    return b"\x1e" + sha.encode() + b"\x1f" + parents.encode() + b"\x1f1700000000\x1f" + author + b"\x1f" + summary


def test_parse_log_keeps_hostile_names_as_names() -> None:
    data = b"\0".join(
        [
            header(SHA2, f"{SHA1} {SHA3}", b"Merge \x1e\x1f odd"),
            b"\n\nstarts-with-newline.py",
            b"\x1e" + SHA1.encode() + b"\x1ffake.py",  # a name shaped like a record: not a full header
            header(SHA1, "", b"Root", author=b"Jos\xe9"),
            b"\nroot.py",
            b"1\t2\tlooks-like-numstat.py",  # --name-only: every record is a name, whatever it looks like
            b"",
        ]
    )
    entries = parse_log(data)
    assert [(e.commit.sha, e.merge, e.files, e.lines) for e in entries] == [
        (SHA2, True, ("\nstarts-with-newline.py", "\x1e" + SHA1 + "\x1ffake.py"), ()),
        (SHA1, False, ("root.py", "1\t2\tlooks-like-numstat.py"), ()),
    ]
    assert entries[0].commit.summary == "Merge \x1e\x1f odd"
    assert entries[1].commit == Commit(SHA1, "2023-11-14T22:13:20Z", "Jos\ufffd", "Root")


def test_parse_log_numstat_keeps_hostile_names_as_names() -> None:
    data = b"\0".join(
        [
            header(SHA2, f"{SHA1} {SHA3}", b"Merge"),
            b"\n1\t0\t\nstarts-with-newline.py",
            b"2\t3\t\x1e" + SHA1.encode() + b"\x1ffake.py",
            header(SHA1, "", b"Root"),
            b"\n4\t0\troot.py",
            b"",
        ]
    )
    entries = parse_log(data, numstat=True)
    assert [(e.commit.sha, e.files, e.lines) for e in entries] == [
        (SHA2, ("\nstarts-with-newline.py", "\x1e" + SHA1 + "\x1ffake.py"), ((1, 0), (2, 3))),
        (SHA1, ("root.py",), ((4, 0),)),
    ]


def test_parse_log_numstat_of_binary_files_and_names_with_tabs() -> None:
    data = b"\0".join([header(SHA1, "", b"One"), b"\n-\t-\tlogo.png", b"7\t2\ta\tb.py", b"0\t5\tgone.py", b""])
    (entry,) = parse_log(data, numstat=True)
    assert entry.files == ("logo.png", "a\tb.py", "gone.py")
    assert entry.lines == ((0, 0), (7, 2), (0, 5))


ENTRIES = [
    LogEntry(Commit(SHA3, "", "Bo", "Three"), 3, merge=False, files=("a.py", "b.py"), lines=((1, 1), (9, 9))),
    LogEntry(Commit(SHA2, "", "Ada", "Two"), 2, merge=False, files=("a.py",), lines=((4, 2),)),
    LogEntry(Commit(SHA1, "", "Ada", "One"), 1, merge=False, files=("a.py",), lines=((10, 0),)),
]
SHARES = (AuthorShare("Ada", 2, 0.6667), AuthorShare("Bo", 1, 0.3333))


def test_file_churn_counts_commits_over_all_entries_and_lines_over_the_window() -> None:
    assert line_changes(ENTRIES[:2]) == {SHA3: {"a.py": (1, 1), "b.py": (9, 9)}, SHA2: {"a.py": (4, 2)}}
    everything, newest_two = line_changes(ENTRIES), line_changes(ENTRIES[:2])
    assert file_churn(ENTRIES, [0, 1, 2], "a.py", everything) == FileChurn(3, added=15, deleted=3, authors=SHARES)
    assert file_churn(ENTRIES, [0, 1, 2], "a.py", newest_two) == FileChurn(3, added=5, deleted=3, authors=SHARES)
    assert file_churn(ENTRIES, [0, 1, 2], "a.py", None) == FileChurn(3, added=None, deleted=None, authors=SHARES)
    # a file last changed before the window: its commits count, its lines changed in the window are 0
    assert file_churn(ENTRIES, [2], "a.py", line_changes(ENTRIES[:1])) == FileChurn(
        1, added=0, deleted=0, authors=(AuthorShare("Ada", 1, 1.0),)
    )


def test_credit_counts_merges_only_for_files_nothing_else_touched() -> None:
    entries = [
        LogEntry(Commit(SHA3, "", "M", "Merge"), 3, merge=True, files=("a.py", "glue.py")),
        LogEntry(Commit(SHA2, "", "B", "Two"), 2, merge=False, files=("a.py", "other.py")),
        LogEntry(Commit(SHA1, "", "A", "One"), 1, merge=False, files=("a.py",)),
    ]
    assert credit(entries, {"a.py", "glue.py", "absent.py"}) == {"a.py": [1, 2], "glue.py": [0]}


def test_parse_blame_ignores_content_that_looks_like_headers() -> None:
    data = (
        f"{SHA1} 1 1 2\nauthor Ada\ncommitter-time 0\nsummary One\nfilename a.py\n"
        f"\t{SHA2} 9 9 9\n"
        f"{SHA1} 2 2\n\tauthor Mallory\n"
    ).encode()
    lines, commits = parse_blame(data, {})
    assert lines == {1: SHA1, 2: SHA1}
    assert commits == {SHA1: (0, Commit(SHA1, "1970-01-01T00:00:00Z", "Ada", "One"))}


def test_merge_ranges() -> None:
    assert merge_ranges([(8, 10), (1, 4), (3, 5), (6, 6), (12, 12)]) == [(1, 6), (8, 10), (12, 12)]


def test_iso_utc_in_and_out_of_range() -> None:
    assert [iso_utc(s) for s in (0, -86400, 1700000000, 10**12, 10**20)] == [
        "1970-01-01T00:00:00Z",
        "1969-12-31T00:00:00Z",
        "2023-11-14T22:13:20Z",
        "",
        "",
    ]

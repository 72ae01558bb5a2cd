"""Score docgen's OpenAPI export against the framework's own runtime OpenAPI documents, per operation.

The truth is what the framework generates at runtime: the app's ``app.openapi()`` (truth key
``openapi``) and every mounted sub-application's (``openapi_mounts``: ``mount``, ``document``), as
``bench/truth_probe.py`` records them; for Django, drf-spectacular's document (``openapi``, full
paths) and each django-ninja API's (``openapi_mounts``, relative to its mount); the devset's
prefect truth has one document, relative to its ``/api`` mount. docgen writes one document with
full paths.

**Matching.** Operations are matched by (method, path). A truth document's paths are relative to
its mount: each docgen operation is placed in the document of the longest mount its path is under
(``crosscheck.mount_relative``: ``/api/x`` -> ``/x``; the path equal to a mount is tried last,
since Starlette serves it from the parent) where that document has the operation, else it is an
extra of the longest mount's document; docgen operations under no mount are counted apart
(``outside``), as ``crosscheck.compare_openapi`` does. The app's own document may be relative to
``--mount`` (prefect) or not: both are tried and the mapping that matches more is kept.

**Measures**, each the share of matched operations that agree (``bench/openapi_measures.py``):
``params`` (the set of (name, in, required), path-item parameters and ``$ref``s resolved),
``param types`` (every parameter both sides have: equal schema shape), ``body presence``,
``body media`` (the sorted media types; none without a body), ``body schema`` (the shape at the
JSON media type, else the first), ``success status`` (the sorted 2xx codes), ``response schema``
(the shape of the lowest 2xx response's content; none without content), ``security`` (whether any
non-empty requirement applies, the document's default included), ``security schemes`` (the set of
scheme types those requirements name: ``http bearer``, ``apiKey header``, ``oauth2``, ...),
``tags`` (the list, in order), ``operationId``, ``summary`` (exact strings) and ``deprecated``.
Plus ``operations recall`` (matched / truth) and ``operations precision`` (matched / docgen
operations placed in a document). Schema shapes are defined in ``bench/openapi_shape.py``: types,
properties with their required flags, items, enums, nullable (``anyOf [X, null]`` is nullable X),
references resolved recursively with cycle protection; titles, descriptions, examples, defaults,
formats and constraints ignored. Disagreements are grouped by kind (an operation can show several
kinds; ``sole`` counts the operations where a kind is the only one, i.e. what fixing it alone
would gain) with examples (``--show N``).

Usage::

    python bench/openapi_score.py --truth TRUTH.json --docgen OPENAPI.json [--mount /api]
    python bench/openapi_score.py --corpus /work/corpus [--apps a,b]   # every app with an openapi truth
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import crosscheck as cc
from crosscheck import HTTP_OPERATIONS, PathIndex, guess_reason, mount_relative, norm_path, ratio, resolve_ref
from openapi_measures import MEASURES, Op

Json = dict[str, Any]
Key = tuple[str, str]


@dataclass(frozen=True, slots=True)
class TruthDoc:
    """One runtime document and the mounts its paths may be relative to (the first is preferred)."""

    label: str
    doc: Json
    mounts: tuple[str, ...]


def truth_documents(truth: Json, mount: str = "/api") -> tuple[list[TruthDoc], list[str]]:
    """The runtime documents of a truth file (or of a bare OpenAPI document), and the errors the
    probe recorded for the ones it could not build."""
    if isinstance(truth.get("openapi"), str):  # a bare document
        truth = {"openapi": truth}
    docs, errors = [], []
    if isinstance(truth.get("openapi"), dict):
        docs.append(TruthDoc("app", truth["openapi"], tuple(dict.fromkeys((mount, "")))))
    if truth.get("openapi_error"):
        errors.append(f"app: {truth['openapi_error']}")
    for entry in truth.get("openapi_mounts") or []:
        if isinstance(entry.get("document"), dict):
            docs.append(TruthDoc(f"mount {entry['mount'] or '/'}", entry["document"], (entry["mount"],)))
        if entry.get("error"):
            errors.append(f"mount {entry['mount'] or '/'}: {entry['error']}")
    return docs, errors


def operations(doc: Json) -> dict[Key, Op]:
    """The operations of one document by (METHOD, path), path-item ``$ref``s followed."""
    ops: dict[Key, Op] = {}
    for raw_path, raw_item in (doc.get("paths") or {}).items():
        item = resolve_ref(doc, raw_item)
        path = norm_path(raw_path)
        for method, op in item.items():
            if method in HTTP_OPERATIONS and isinstance(op, dict):
                ops.setdefault((method.upper(), path), Op(method.upper(), path, op, item, doc))
    return ops


@dataclass(slots=True)
class Matching:
    """Truth and docgen operations paired up under one choice of mounts."""

    mounts: list[str]
    pairs: list[tuple[str, Op, Op]]  # (full path, truth op, docgen op)
    missing: list[Key]
    extra: list[Key]
    outside: list[Key]
    truth_count: int


def match(docs: Sequence[TruthDoc], docgen: Json) -> Matching:
    """Pair docgen's operations with the truth documents' (the better of the app document's mounts)."""
    best: Matching | None = None
    for first in docs[0].mounts if docs else ("",):
        mounts = [first, *(d.mounts[0] for d in docs[1:])]
        found = _match(docs, mounts, docgen)
        if best is None or len(found.pairs) > len(best.pairs):
            best = found
    assert best is not None
    return best


def _match(docs: Sequence[TruthDoc], mounts: list[str], docgen: Json) -> Matching:
    truth_ops = [operations(d.doc) for d in docs]
    claimed: set[tuple[int, Key]] = set()
    pairs: list[tuple[str, Op, Op]] = []
    extra: list[Key] = []
    outside: list[Key] = []
    for key, op in sorted(operations(docgen).items()):
        method, path = key
        under = [(i, rel) for i, m in enumerate(mounts) if (rel := mount_relative(path, m)) is not None]
        under.sort(key=lambda c: (path == mounts[c[0]], -len(mounts[c[0]])))
        hit = next(
            ((i, rel) for i, rel in under if (method, rel) in truth_ops[i] and (i, (method, rel)) not in claimed), None
        )
        if hit is None:
            (extra if under else outside).append(key)
            continue
        claimed.add((hit[0], (method, hit[1])))
        pairs.append((path, truth_ops[hit[0]][method, hit[1]], op))
    missing = [(m, mounts[i] + p) for i, ops in enumerate(truth_ops) for m, p in ops if (i, (m, p)) not in claimed]
    total = sum(len(ops) for ops in truth_ops)
    return Matching(mounts, pairs, sorted(missing), extra, outside, total)


def score(docs: Sequence[TruthDoc], docgen: Json) -> Json:
    """Every measure of docgen's document against the truth documents, with the differences by kind."""
    m = match(docs, docgen)
    truth_keys = [(mth, m.mounts[i] + path) for i, d in enumerate(docs) for mth, path in operations(d.doc)]
    t_index, d_index = PathIndex.of(truth_keys), PathIndex.of([(p[2].method, p[0]) for p in m.pairs] + m.extra)
    figures: Json = {
        "operations recall": ratio(len(m.pairs), m.truth_count),
        "operations precision": ratio(len(m.pairs), len(m.pairs) + len(m.extra)),
    }
    diffs: dict[str, dict[str, list[str]]] = {
        "operations recall": _grouped((guess_reason(*k, d_index), f"{k[0]} {k[1]}") for k in m.missing),
        "operations precision": _grouped((guess_reason(*k, t_index), f"{k[0]} {k[1]}") for k in m.extra),
    }
    info_agree, info_diffs = _info(docs[0].doc, docgen)
    figures["info"] = ratio(info_agree, len(_INFO_KEYS))
    diffs["info"] = {"differs": info_diffs} if info_diffs else {}
    sole: dict[str, dict[str, int]] = {}
    for measure in MEASURES:
        agree = 0
        found: list[tuple[str, str]] = []
        alone: Counter[str] = Counter()
        for path, t, d in m.pairs:
            tv, dv = measure.read(t), measure.read(d)
            if measure.agree(tv, dv):
                agree += 1
                continue
            by_kind: dict[str, list[str]] = defaultdict(list)
            for kind, detail in measure.diff(tv, dv):
                by_kind[kind] += [detail] if detail else []
            for kind, details in by_kind.items():  # one example per operation and kind
                shown = "; ".join(details[:3]) + (f"; … ({len(details)} in all)" if len(details) > 3 else "")
                found.append((kind, f"{t.method} {path}{': ' + shown if shown else ''}"))
            alone.update(by_kind.keys() if len(by_kind) == 1 else ())
        figures[measure.name] = ratio(agree, len(m.pairs))
        diffs[measure.name] = _grouped(found)
        sole[measure.name] = dict(alone)
    return {
        "mounts": {d.label: mount for d, mount in zip(docs, m.mounts, strict=True)},
        "truth_operations": m.truth_count,
        "docgen_operations": len(m.pairs) + len(m.extra) + len(m.outside),
        "matched": len(m.pairs),
        "outside": [f"{k[0]} {k[1]}" for k in m.outside],
        "figures": figures,
        "differences": diffs,
        "sole": sole,
    }


_INFO_KEYS = ("title", "version", "summary", "description")


def _info(truth: Json, docgen: Json) -> tuple[int, list[str]]:
    """How many of the first truth document's ``info`` title, version, summary and description agree; the rest."""
    t, d = truth.get("info") or {}, docgen.get("info") or {}
    differ = [f"{k}: truth {_short(t.get(k))} / docgen {_short(d.get(k))}" for k in _INFO_KEYS if t.get(k) != d.get(k)]
    return len(_INFO_KEYS) - len(differ), differ


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _grouped(items: Any) -> dict[str, list[str]]:
    """``{kind: [example, ...]}``, the most frequent kind first."""
    groups: dict[str, list[str]] = defaultdict(list)
    for kind, example in items:
        groups[kind].append(example)
    return dict(sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])))


# --- report -----------------------------------------------------------------------------------


def fmt(value: float | None) -> str:
    """A share as ``98.7`` (percent), ``-`` when undefined."""
    return "-" if value is None else f"{value * 100:.1f}"


def print_table(results: dict[str, Json], target: float) -> None:
    """Measures as rows, apps as columns, a ``*`` after each figure below ``target``."""
    apps = [a for a, r in results.items() if "figures" in r]
    names = list(next(iter(results[a]["figures"] for a in apps), {}))
    width = max([len(a) for a in apps] + [8]) + 2
    print(f"{'measure':<22}" + "".join(f"{a:>{width}}" for a in apps))
    print(f"{'operations (truth)':<22}" + "".join(f"{results[a]['truth_operations']:>{width}}" for a in apps))
    print(f"{'matched':<22}" + "".join(f"{results[a]['matched']:>{width}}" for a in apps))
    for name in names:
        cells = []
        for a in apps:
            value = results[a]["figures"][name]
            cells.append(f"{fmt(value) + ('*' if value is not None and value < target else ' '):>{width}}")
        print(f"{name:<22}" + "".join(cells))
    for app, res in results.items():
        if "error" in res:
            print(f"{app}: ERROR {res['error']}")


def print_kinds(results: dict[str, Json], target: float, top: int) -> None:
    """Across the apps, per measure below ``target`` somewhere: its ``top`` most frequent kinds of
    difference with the operations per app."""
    scored = {a: r for a, r in results.items() if "figures" in r}
    names = list(next(iter(r["figures"] for r in scored.values()), {}))
    print("\nkinds of difference, all apps (operations per app)")
    for name in names:
        if all((r["figures"][name] or 0) >= target for r in scored.values()):
            continue
        per_kind: dict[str, Counter[str]] = defaultdict(Counter)
        for app, res in scored.items():
            for kind, examples in res["differences"][name].items():
                per_kind[kind][app] = len(examples)
        print(f"{name}:")
        for kind, apps in sorted(per_kind.items(), key=lambda kv: (-kv[1].total(), kv[0]))[:top]:
            print(f"  {apps.total():>5}  {kind}  ({', '.join(f'{a} {n}' for a, n in apps.most_common())})")


def print_differences(app: str, res: Json, target: float, show: int) -> None:
    """For each measure below ``target``: its kinds of difference, counted, with examples."""
    print(f"\n=== {app} === mounts {res['mounts']}; {res['matched']}/{res['truth_operations']} matched")
    if res.get("truth_errors"):
        print(f"truth documents the probe could not build: {res['truth_errors']}")
    if res.get("validation_error"):
        print(f"docgen's document does not validate: {res['validation_error']}")
    if res["outside"]:
        print(f"{len(res['outside'])} docgen operations under no truth mount, e.g. {res['outside'][:3]}")
    for name, value in res["figures"].items():
        if value is None or value >= target:
            continue
        print(f"{name}: {fmt(value)}")
        sole = res.get("sole", {}).get(name, {})
        for kind, examples in res["differences"][name].items():
            alone = f"{sole[kind]} only this" if kind in sole else ""
            print(f"  {len(examples):>4} ops {alone:>16}  {kind}")
            for example in examples[:show]:
                print(f"          {example}")


# --- runs -------------------------------------------------------------------------------------


def score_files(truth_file: Path, docgen_file: Path, mount: str) -> Json:
    """Score one docgen document against one truth file (or bare runtime document)."""
    docs, errors = truth_documents(cc.load_json(truth_file), mount)
    docgen = cc.load_json(docgen_file)
    return {**score(docs, docgen), "truth_errors": errors, "validation_error": cc.validate_openapi(docgen)}


def score_corpus(args: argparse.Namespace) -> dict[str, Json]:
    """Run docgen ``--format openapi`` on every app with a runtime document and score it."""
    apps = {**cc.load_manifest(args.devset), **cc.load_manifest(args.bench_corpus)}
    wanted = [a.strip() for a in args.apps.split(",") if a.strip()] or sorted(apps)
    results: dict[str, Json] = {}
    for name in wanted:
        if name not in apps:
            results[name] = {"error": f"unknown app; the manifests have {sorted(apps)}"}
            continue
        app = apps[name]
        truth = cc.load_json(app.truth_file)
        docs, errors = truth_documents(truth, args.mount)
        if not docs:
            continue
        out = args.out / f"{name}.openapi.json"
        if not (args.reuse and out.is_file()):
            print(f"[{name}] docgen extract --format openapi ...", file=sys.stderr)
            try:
                src = cc.ensure_source(app, args.corpus)
                cc.run_extract(
                    args.docgen_cmd, src, "openapi", out, args.timeout, cc.ensure_dependencies(app, args.corpus)
                )
            except cc.BenchError as exc:
                results[name] = {"error": str(exc)}
                continue
        docgen = cc.load_json(out)
        results[name] = {**score(docs, docgen), "truth_errors": errors, "validation_error": cc.validate_openapi(docgen)}
    return results


def main(argv: Sequence[str] | None = None) -> int:
    """Score one pair of files, or the corpus; print the table and the differences."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], allow_abbrev=False)
    p.add_argument("--truth", type=Path, help="a truth file (or a bare runtime OpenAPI document)")
    p.add_argument("--docgen", type=Path, help="docgen's OpenAPI document")
    p.add_argument("--mount", default="/api", help="mount the app's own document may be relative to")
    p.add_argument("--corpus", type=Path, help="corpus mode: the unpacked wheels (as crosscheck --corpus)")
    p.add_argument("--apps", default="", help="corpus mode: comma-separated app names (default: all)")
    p.add_argument("--devset", type=Path, default=cc.DEFAULT_DEVSET, help="the devset (MANIFEST.json, truth/)")
    p.add_argument("--bench-corpus", type=Path, default=cc.BENCH_DIR / "corpus", help="the held-out corpus")
    p.add_argument("--docgen-cmd", dest="docgen_cmd", default="python -m docgen", help="how to call docgen")
    p.add_argument("--out", type=Path, default=cc.DEFAULT_OUT, help="where docgen's documents are written")
    p.add_argument("--timeout", type=float, default=1800, help="seconds per docgen run")
    p.add_argument("--reuse", action="store_true", help="corpus mode: score the documents already in --out")
    p.add_argument("--target", type=float, default=0.97, help="figures below it get a * and their differences")
    p.add_argument("--show", type=int, default=3, help="examples per kind of difference")
    p.add_argument("--kinds", type=int, default=12, help="kinds of difference per measure in the summary")
    p.add_argument("--json", type=Path, help="write every figure and difference here")
    args = p.parse_args(argv)
    if args.corpus is not None:
        results = score_corpus(args)
    elif args.truth is not None and args.docgen is not None:
        results = {args.truth.stem: score_files(args.truth, args.docgen, args.mount)}
    else:
        p.error("give --truth and --docgen, or --corpus")
    print_table(results, args.target)
    print_kinds(results, args.target, args.kinds)
    for app, res in results.items():
        if "figures" in res:
            print_differences(app, res, args.target, args.show)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 2 if any("error" in r for r in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())

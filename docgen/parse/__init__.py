"""The parse stage: every discovered file → ModuleFacts, cached by content hash, in worker processes.

Workers isolate the parser: a file that crashes the native parser, exhausts memory or exceeds the
per-file timeout costs that worker (which is replaced) and becomes a diagnostic for that file.

The workers share one memory budget, ``parse-memory``: each of the ``jobs`` workers may use its
share, and a file that needs more (LibCST holds about 300 to 1,000 bytes per byte of source) is parsed
alone, with the whole budget, after the others. A file that needs more than the whole budget is
skipped with a diagnostic naming the setting. The files a real backend holds that size are few.

Each run starts its pool afresh, its workers importing docgen's entry module again (a few hundred
milliseconds), and decodes every unchanged file's facts from the cache: the live preview keeps
healthy pools and the facts of the last run in memory instead (:func:`kept_between_runs`).
"""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any

from docgen.config import Config
from docgen.diagnostics import Code, Reporter, diagnostic
from docgen.model import Location, Severity, Stage
from docgen.model.facts import ModuleFacts
from docgen.model.facts_codec import decode_facts, encode_facts
from docgen.model.source import SourceFile
from docgen.parse.cache import FactsCache, default_cache_dir
from docgen.parse.isolation import init_worker, start_forkserver
from docgen.parse.summary import summarise

_WORKER_STACK = 64 * 1024**2
_MB = 1024**2
_MIN_SHARE = 64 * _MB
"""The least memory worth a worker: the interpreter and parser take about 30 MB before any file."""
_COST_PER_BYTE = 600
"""LibCST's memory per byte of ordinary source, high end (measured: 290 to 540; dense literals 1,000)."""
_BASE_COST = 40 * _MB
_KEEPING = False
_KEPT: dict[tuple[int, int], cf.ProcessPoolExecutor] = {}
"""While :func:`kept_between_runs` runs: the idle healthy pool for each (workers, memory)."""
_LAST: dict[tuple[str, str, bool, str], ModuleFacts] = {}
"""While :func:`kept_between_runs` runs: the facts :func:`parse_all` returned last, by (path, module, package, sha)."""


def parse_all(files: list[SourceFile], config: Config, reporter: Reporter) -> list[ModuleFacts]:
    """Facts for every file, in the order given; cached files are not re-parsed."""
    cache = FactsCache.open(config.cache_dir or default_cache_dir(), config.root, reporter)
    results: dict[str, ModuleFacts] = {}
    missing: list[SourceFile] = []
    for file in files:
        cached = _LAST.get((file.path, file.module, file.is_package, file.sha)) if _KEEPING else None
        if cached is None and cache:
            cached = cache.get(file)
        if cached is not None:
            results[file.path] = cached
        else:
            missing.append(file)
    for facts in _parse(missing, config, cache):  # parsed facts are cached as they are made
        results[facts.path] = facts
    ordered = [results[f.path] for f in files if f.path in results]
    for facts in ordered:
        reporter.extend(facts.diagnostics)
    if _KEEPING:
        _LAST.clear()
        _LAST.update({(f.path, f.module, f.is_package, f.sha): f for f in ordered if f.parsed})
    return ordered


class LibraryParser:
    """Parses third-party files met while linking, one at a time, through the facts cache.

    Files are parsed by one long-lived worker process (in-process when ``jobs`` is 1), so a
    hostile file costs only itself, as in :func:`parse_all`; a crashed or hung worker is replaced.
    Use it as a context manager (or call :meth:`close`) around linking.
    """

    def __init__(self, config: Config) -> None:
        self._cache = FactsCache.open(config.cache_dir or default_cache_dir(), config.root, Reporter())
        self._in_process = config.jobs == 1
        self._timeout = config.parse_timeout
        self._memory = config.parse_memory * _MB
        self._pool: cf.ProcessPoolExecutor | None = None

    def __call__(self, file: SourceFile) -> ModuleFacts:
        """The facts of ``file`` (cached, or parsed now)."""
        cached = self._cache.get(file) if self._cache else None
        if cached is not None:
            return cached
        if not self._in_process:
            return self._in_worker(file)  # the worker caches what it parses
        facts = _summarise_file(file)
        if self._cache and facts.parsed:
            self._cache.put(facts)
        return facts

    def _in_worker(self, file: SourceFile) -> ModuleFacts:
        if self._pool is None:
            self._pool = _new_pool(1, self._memory)
        future = self._pool.submit(
            summarise_entry, self._cache, file.path, file.module, file.is_package, file.sha, file.data
        )
        try:
            return received(future.result(timeout=self._timeout))
        except KeyboardInterrupt:  # Ctrl+C or SIGTERM: the worker must not outlive docgen's exit
            _kill(self._pool)
            self.close()
            raise
        except (BrokenProcessPool, MemoryError):
            _kill(self._pool)
            self.close()
            return _failed(file, Code.PARSER_FAILED, _crashed(self._memory))
        except cf.TimeoutError:
            _kill(self._pool)
            self.close()
            return _failed(file, Code.PARSER_FAILED, _timed_out(self._timeout))
        except Exception as exc:
            return _failed(
                file, Code.EXTRACTOR_FAILED, f"internal error while summarising: {type(exc).__name__}: {exc}"
            )

    def close(self) -> None:
        """Stop the worker, if one was started."""
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> LibraryParser:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _parse(files: list[SourceFile], config: Config, cache: FactsCache | None = None) -> Iterable[ModuleFacts]:
    if not files:
        return []
    if config.jobs == 1:  # in-process: no isolation from parser crashes (tests, debugging)
        parsed = [_summarise_file(f) for f in files]
        for facts in parsed:
            if cache and facts.parsed:
                cache.put(facts)
        return parsed
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    memory = config.parse_memory * _MB
    # More workers than CPUs or files only cost memory; each needs a useful share of the budget.
    jobs = max(1, min(config.jobs or cpus, cpus, len(files), memory // _MIN_SHARE))
    return _parse_in_pool(files, jobs, config.parse_timeout, memory, cache)


def summarise_entry(
    cache: FactsCache | None, path: str, module: str, is_package: bool, sha: str, data: bytes
) -> bytes | ModuleFacts:
    """In a worker: :func:`summarise` one file, cache its facts, and return them as their cache entry.

    The entry (:func:`~docgen.model.facts_codec.encode_facts`) is what the cache needs anyway, and
    docgen rebuilds the facts from it faster than from a pickle of them, so the encoding is done
    here, in parallel, instead of in docgen's process. Facts the cache does not take (a file that
    failed, a string MessagePack cannot hold) come back as they are. See :func:`received`.
    """
    facts = summarise(path, module, is_package, sha, data)
    if not facts.parsed:
        return facts
    try:
        entry = encode_facts(facts)
    except (TypeError, ValueError, OverflowError, RecursionError):
        return facts
    if cache:
        cache.store(facts, entry)
    return entry


def received(result: bytes | ModuleFacts) -> ModuleFacts:
    """The facts a worker's :func:`summarise_entry` returned."""
    return decode_facts(result) if isinstance(result, bytes) else result


def _summarise_file(file: SourceFile) -> ModuleFacts:
    try:
        return summarise(file.path, file.module, file.is_package, file.sha, file.data)
    except Exception as exc:
        return _failed(file, Code.EXTRACTOR_FAILED, f"internal error while summarising: {type(exc).__name__}: {exc}")


def _failed(file: SourceFile, code: str, message: str) -> ModuleFacts:
    diag = diagnostic(code, message, Stage.PARSE, Location(file.path), Severity.ERROR)
    return ModuleFacts(file.path, file.module, file.is_package, file.sha, None, (), 0, (diag,), parsed=False)


def _crashed(memory: int) -> str:
    return f"parser crashed or needed more than parse-memory ({memory // _MB} MB); skipped (raise it for a large file)"


def _timed_out(timeout: float) -> str:
    return f"parse timed out after {timeout:g} s (parse-timeout); skipped"


def _init_worker(memory: int) -> None:
    """Isolate a new worker, bound its memory and give deep-but-valid files a larger stack.

    ``RLIMIT_DATA`` counts the heap and anonymous mappings, which is what parsing grows: unlike
    ``RLIMIT_AS`` it leaves out the shared libraries and reserved address space.
    """
    import resource
    import sys
    import threading

    init_worker()

    for limit, value in ((resource.RLIMIT_DATA, memory), (resource.RLIMIT_STACK, _WORKER_STACK)):
        try:
            _soft, hard = resource.getrlimit(limit)
            resource.setrlimit(limit, (min(value, hard) if hard != resource.RLIM_INFINITY else value, hard))
        except (ValueError, OSError):
            pass
    threading.stack_size(_WORKER_STACK)
    sys.setrecursionlimit(10_000)


def _new_pool(jobs: int, memory: int) -> cf.ProcessPoolExecutor:
    """A pool of ``jobs`` workers, each allowed ``memory`` bytes."""
    start_forkserver(["docgen.parse.summary", "docgen.parse"])
    context = multiprocessing.get_context("forkserver")
    return cf.ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_init_worker, initargs=(memory,))


def _parse_in_pool(
    files: list[SourceFile], jobs: int, timeout: float, memory: int, cache: FactsCache | None
) -> list[ModuleFacts]:
    """Parse in a pool sharing ``memory``; a crashed, hung or too-large file costs only itself.

    Files too large for a worker's share, by their size or because they broke their worker, are
    parsed afterwards one at a time with the whole budget.
    """
    share = memory // jobs
    out: list[ModuleFacts] = []
    pending = [f for f in files if _cost(f) <= share]
    alone = [f for f in files if _cost(f) > share]
    while pending:
        suspects, _late = _run_batch(pending, jobs, timeout, share, out.append, cache)
        if not suspects:
            break
        # The pool died: each file in flight is a suspect, re-run alone to find the one that kills.
        done = {f.path for f in out}
        pending = [f for f in pending if f.path not in done and f not in suspects]
        alone += suspects
    for file in alone:
        results: list[ModuleFacts] = []
        broke, late = _run_batch([file], 1, timeout, memory, results.append, cache)
        if broke:
            out.append(_failed(file, Code.PARSER_FAILED, _timed_out(timeout) if late else _crashed(memory)))
        else:
            out.extend(results)
    return out


def _cost(file: SourceFile) -> int:
    """The memory parsing ``file`` may take, estimated high from its size."""
    return _BASE_COST + len(file.data) * _COST_PER_BYTE


def _run_batch(
    files: list[SourceFile],
    jobs: int,
    timeout: float,
    memory: int,
    emit: Callable[[ModuleFacts], None],
    cache: FactsCache | None = None,
) -> tuple[list[SourceFile], bool]:
    """Run ``files`` through a new or kept pool (see :func:`kept_between_runs`); workers cache what they parse.

    Each of the ``jobs`` workers may use ``memory`` bytes.

    Returns:
        The files in flight when the pool broke or ran out of time, and whether it ran out of time.
    """
    key, pool = _take_pool(jobs, memory, files)
    broken: list[SourceFile] = []
    late = healthy = False
    try:
        try:
            futures = _submit(pool, files, cache)
        except BrokenProcessPool:  # a kept pool whose worker died while it waited: a new one
            pool.shutdown(wait=False, cancel_futures=True)
            key, pool = (jobs, memory), _new_pool(jobs, memory)
            futures = _submit(pool, files, cache)
        for future in cf.as_completed(futures, timeout=timeout * max(1, len(files) / jobs)):
            file = futures[future]
            try:
                emit(received(future.result()))
            except (BrokenProcessPool, MemoryError):
                broken.append(file)
            except Exception as exc:
                emit(
                    _failed(
                        file, Code.EXTRACTOR_FAILED, f"internal error while summarising: {type(exc).__name__}: {exc}"
                    )
                )
        healthy = not broken
    except cf.TimeoutError:
        broken += [f for fut, f in futures.items() if not fut.done()]
        late = True
        _kill(pool)
    except KeyboardInterrupt:  # Ctrl+C or SIGTERM: exit now, not after the files in flight
        _kill(pool)
        raise
    finally:
        if healthy and _KEEPING:
            _KEPT[key] = pool
        else:
            pool.shutdown(wait=False, cancel_futures=True)
    return broken, late


def _submit(
    pool: cf.ProcessPoolExecutor, files: list[SourceFile], cache: FactsCache | None
) -> dict[cf.Future[Any], SourceFile]:
    return {pool.submit(summarise_entry, cache, f.path, f.module, f.is_package, f.sha, f.data): f for f in files}


def _take_pool(jobs: int, memory: int, files: list[SourceFile]) -> tuple[tuple[int, int], cf.ProcessPoolExecutor]:
    """A kept pool of ``jobs`` workers, or of more with a smaller share that every file fits; else a new one."""
    for kept in sorted(_KEPT):
        kept_jobs, kept_memory = kept
        if kept == (jobs, memory) or (
            kept_jobs >= jobs and kept_memory <= memory and all(_cost(f) <= kept_memory for f in files)
        ):
            return kept, _KEPT.pop(kept)
    return (jobs, memory), _new_pool(jobs, memory)


@contextmanager
def kept_between_runs(config: Config | None = None) -> Iterator[None]:
    """Keep each healthy pool of parse workers, and the facts parsed, for the next run while the block runs.

    For the live preview, which parses the same tree again and again.

    With ``config`` (whose ``jobs`` is not 1), one worker with the whole ``parse-memory`` is
    started at once, for the first file saved. A pool whose worker crashed, ran out of memory or
    time, or was interrupted is never kept. The kept pools are shut down when the block ends.
    """
    global _KEEPING
    _KEEPING = True
    if config is not None and config.jobs != 1:
        memory = config.parse_memory * _MB
        pool = _new_pool(1, memory)
        pool.submit(int)  # starts its worker
        _KEPT[(1, memory)] = pool
    try:
        yield
    finally:
        _KEEPING = False
        _LAST.clear()
        while _KEPT:
            _KEPT.popitem()[1].shutdown(wait=False, cancel_futures=True)


def _kill(pool: cf.ProcessPoolExecutor) -> None:
    for process in list(getattr(pool, "_processes", {}).values()):
        process.kill()

"""`kg build`: run the pipeline over a corpus and write every output.

This is the library function the CLI and the tests both call.

Extraction runs per input file, on ``jobs`` worker processes (or on a Dask
cluster), with each file's records cached by content and pipeline version so
a rebuild extracts only what changed. Parts are merged in input order, so
the graph is byte-identical whatever the number of jobs, the executor or the
cache state. Only the records are kept, never the input texts, and results
are consumed as they arrive with a bounded number of files in flight.

``jobs`` is the build's core budget as a whole, like ``make -j``: it is the
number of extraction workers, and after extraction the independent output
steps run up to that many side by side (Oxigraph's dumps in threads of its
own, which hold no GIL, beside the Python steps). With ``jobs=1`` the build
uses one core throughout, every step after the one before.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import pickle
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from kg.io import atomic_open
from kg.model import Corpus

__all__ = ["BuildSummary", "ExtractStats", "BuildError", "EXECUTORS", "default_corpus", "default_jobs",
           "extract", "build"]

#: Where extraction runs: worker processes on this machine, or a Dask cluster.
EXECUTORS = ("process", "dask")

#: Files in flight per job (submitted, or done and waiting for their turn to be merged).
_WINDOW_PER_JOB = 8


class BuildError(Exception):
    """A problem with the build's options (not with an input file); the message is one line."""


@dataclass(slots=True)
class ExtractStats:
    """What extraction did: files seen, extracted now, reused from the cache, that failed."""

    files: int = 0
    extracted: int = 0
    cached: int = 0
    failed: int = 0
    jobs: int = 1
    executor: str = "process"


@dataclass(slots=True)
class BuildSummary:
    documents: int
    entities: dict[str, int]
    relations: dict[str, int]
    triples: int
    seconds: float
    outputs: list[Path] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    extracted: int = 0  # files extracted in this run
    cached: int = 0  # files whose records came from the cache
    jobs: int = 1
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage
    store: Path | None = None

    def lines(self) -> list[str]:
        out = [f"documents  {self.documents}"]
        out += [f"{k:<18} {v}" for k, v in self.entities.items()]
        out += [f"{k:<18} {v}" for k, v in self.relations.items()]
        out += [f"triples    {self.triples}", f"time       {self.seconds:.1f}s"]
        out += [f"extracted  {self.extracted} file(s) on {self.jobs} job(s), {self.cached} from the cache"]
        out += [f"FAILED     {f}" for f in self.failures]
        return out


def default_corpus() -> Path:
    """The built-in corpus: ``seeds/`` beside the package in a checkout, else the packaged copy."""
    here = Path(__file__).resolve().parent.parent / "seeds"
    if here.is_dir():
        return here
    return Path(str(resources.files("kg") / "seeds"))


def default_jobs() -> int:
    """The number of cores this process may use."""
    if hasattr(os, "process_cpu_count"):
        return os.process_cpu_count() or 1
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


# ------------------------------------------------------------------ tasks

def _extract_task(path: str, root: str | None) -> bytes:
    """Extract one file (in a worker); the records come back pickled, ready for the cache."""
    from pipelines.run import extract_file

    part = extract_file(Path(path), Path(root) if root is not None else None)
    return pickle.dumps(part, protocol=pickle.HIGHEST_PROTOCOL)


def _warm_worker() -> None:
    """Process-pool initializer: load the divisions index and the spaCy pipeline once per worker."""
    import warnings

    warnings.simplefilter("ignore", DeprecationWarning)
    from pipelines.divisions import divisions
    from pipelines.nlp import get_nlp

    divisions()
    get_nlp()


def _file_key(path: Path, root: Path | None) -> str | None:
    """Cache key of a file: its bytes and the source path naming its records; None if unreadable."""
    from pipelines.ingest import Limits

    try:  # never open a FIFO (it would block) or read a file the size policy refuses: reading reports them
        if not path.is_file() or path.stat().st_size > Limits.from_env().max_file_bytes:
            return None
        data = path.read_bytes()
    except OSError:
        return None
    rel = path.name if root is None else path.relative_to(root).as_posix()
    h = hashlib.sha256(rel.encode("utf-8", "surrogateescape") + b"\0")
    h.update(data)
    return h.hexdigest()


# -------------------------------------------------------------- executors

def _background(fn: Callable[[], object]):
    """Run ``fn`` in a daemon thread; the returned future gives its result or raises its error."""
    from concurrent.futures import Future

    future: Future = Future()

    def run() -> None:
        try:
            future.set_result(fn())
        except BaseException as exc:  # handed to whoever waits on the future
            future.set_exception(exc)

    threading.Thread(target=run, name="lgkg-preload", daemon=True).start()
    return future


Task = tuple[int, str, "str | None"]


def _divisions():
    from pipelines.divisions import divisions

    return divisions()


def _serial(tasks: Iterable[Task]) -> Iterator[tuple[int, bytes]]:
    for idx, path, root in tasks:
        yield idx, _extract_task(path, root)


def _pool_context():
    """forkserver where there is one: workers never inherit this process's threads (a Dask client,
    a progress bar), and they are forked from a server that loaded the pipeline once (:mod:`kg._preload`)."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["kg._preload"])
    return ctx


class _ProcessPool:
    """Extraction results from a pool of ``jobs`` worker processes, as an iterator of ``(index, pickled records)``.

    The pool is started, and the first files submitted, in a background thread at once: starting the
    first worker waits while the workers' server loads the pipeline (a few seconds), and this process
    meanwhile imports the same modules itself for the merge. :meth:`close` stops the pool.
    """

    def __init__(self, tasks: Iterable[Task], jobs: int) -> None:
        from concurrent.futures import ProcessPoolExecutor

        self._tasks = iter(tasks)
        self._window = jobs * _WINDOW_PER_JOB
        self._ex = ProcessPoolExecutor(max_workers=jobs, mp_context=_pool_context(), initializer=_warm_worker)
        self._started = _background(self._submit_first)
        self._results = self._collect()

    def _submit(self, task: Task, pending: dict) -> None:
        pending[self._ex.submit(_extract_task, task[1], task[2])] = task

    def _submit_first(self) -> dict:
        pending: dict = {}
        for task in self._tasks:
            self._submit(task, pending)
            if len(pending) >= self._window:
                break
        return pending

    def _collect(self) -> Iterator[tuple[int, bytes]]:
        from concurrent.futures import FIRST_COMPLETED, wait
        from concurrent.futures.process import BrokenProcessPool

        pending = self._started.result()
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                task = pending.pop(fut)
                try:
                    data = fut.result()
                except BrokenProcessPool:
                    raise BuildError(f"a worker process died while extracting {task[1]} (out of memory? "
                                     "try fewer --jobs)") from None
                yield task[0], data
                nxt = next(self._tasks, None)
                if nxt is not None:
                    self._submit(nxt, pending)

    def __iter__(self) -> Iterator[tuple[int, bytes]]:
        return self

    def __next__(self) -> tuple[int, bytes]:
        return next(self._results)

    def close(self) -> None:
        """Stop the pool: pending files are cancelled and the workers joined."""
        self._results.close()
        try:
            self._started.result()  # the first submissions are over before the pool is shut down
        except BaseException:  # raised to the reader already, or nobody reads any more
            pass
        self._ex.shutdown(wait=True, cancel_futures=True)


def _dask(tasks: Iterable[Task], jobs: int, scheduler: str | None) -> Iterator[tuple[int, bytes]]:
    """Connect to the cluster now (so a bad address fails at once); results come from the generator."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise BuildError("--executor dask needs the 'distributed' package (pip install 'lgkg[dask]')") from None
    cluster = None
    try:
        if scheduler:
            client = Client(scheduler, timeout="30s")
        else:
            cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None)
            client = Client(cluster)
    except (OSError, TimeoutError) as exc:
        raise BuildError(f"cannot reach the Dask scheduler {scheduler}: {exc}") from None
    return _dask_results(client, cluster, tasks, jobs)


def _dask_results(client, cluster, tasks: Iterable[Task], jobs: int) -> Iterator[tuple[int, bytes]]:
    from distributed import as_completed

    try:
        it = iter(tasks)
        window = max(jobs, len(client.scheduler_info().get("workers", ()))) * _WINDOW_PER_JOB
        index = {}
        first = []
        for task in it:
            fut = client.submit(_extract_task, task[1], task[2], pure=False)
            index[fut.key] = task
            first.append(fut)
            if len(first) >= window:
                break
        ac = as_completed(first)
        for fut in ac:
            task = index.pop(fut.key)
            try:
                data = fut.result()
            except Exception as exc:  # a worker died or the task could not run there
                raise BuildError(f"Dask could not extract {task[1]}: {type(exc).__name__}: "
                                 f"{' '.join(str(exc).split())[:200]}") from None
            fut.release()
            yield task[0], data
            nxt = next(it, None)
            if nxt is not None:
                new = client.submit(_extract_task, nxt[1], nxt[2], pure=False)
                index[new.key] = nxt
                ac.add(new)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


# ------------------------------------------------------------- extraction

class _Sized:
    """An iterator with a length, so progress bars (tqdm) know the total."""

    def __init__(self, it: Iterator, n: int) -> None:
        self._it, self._n = it, n

    def __iter__(self) -> Iterator:
        return self._it

    def __len__(self) -> int:
        return self._n


def _open_cache(cache: str | os.PathLike | None):
    if cache is None:
        return None
    from kg.cache import RecordCache

    return RecordCache(cache)


def extract(inputs: Sequence[str | os.PathLike] | None = None,
            progress: Callable[[Iterable], Iterable] | None = None, *,
            jobs: int | None = None, cache: str | os.PathLike | None = None,
            executor: str = "process", scheduler: str | None = None,
            stats: ExtractStats | None = None) -> Corpus:
    """Extract the records of ``inputs`` (default: the built-in seeds) into one merged corpus.

    Parameters
    ----------
    inputs : sequence of paths, optional
        Files and folders.
    progress : callable, optional
        Wraps an iterable of per-file steps (e.g. ``tqdm``); it has a length.
    jobs : int, optional
        Worker processes (default: all cores). With 1, or a single file to
        extract, everything runs in this process.
    cache : path, optional
        Folder of the per-file record cache (:class:`kg.cache.RecordCache`);
        None for no cache.
    executor : {"process", "dask"}
        ``dask`` runs extraction on the Dask cluster at ``scheduler`` (or a
        local one of ``jobs`` workers when no address is given); the input
        paths must be readable by the workers.
    scheduler : str, optional
        Address of a Dask scheduler (``tcp://host:8786``).
    stats : ExtractStats, optional
        Filled in with what extraction did.

    Returns
    -------
    Corpus
        The merged records; identical whatever ``jobs``, ``executor`` and cache state.
    """
    from pipelines.ingest import discover

    if executor not in EXECUTORS:
        raise BuildError(f"unknown executor '{executor}' (expected one of {', '.join(EXECUTORS)})")
    if jobs is not None and jobs < 1:
        raise BuildError(f"--jobs must be at least 1 (got {jobs})")
    if scheduler and executor != "dask":
        raise BuildError("--scheduler needs --executor dask")
    jobs = jobs or default_jobs()
    stats = stats if stats is not None else ExtractStats()
    store = _open_cache(cache)

    files = list(discover(list(inputs) if inputs else [default_corpus()]))
    keys: list[str | None] = [_file_key(p, r) if store else None for p, r in files]
    hits = {i for i, k in enumerate(keys) if k is not None and store.path(k).is_file()}
    tasks = [(i, str(p), str(r) if r is not None else None) for i, (p, r) in enumerate(files) if i not in hits]
    stats.files, stats.cached, stats.extracted = len(files), 0, 0
    stats.executor = executor
    stats.jobs = max(1, min(jobs, len(tasks))) if executor == "process" else jobs

    # The merge resolves entities against the divisions index. A serial build has it loaded by the time
    # it merges; with workers, this process loads it while they start and extract, not after them.
    # Workers are started before this process imports the pipeline (about a second), so the two overlap.
    index = None
    if executor == "dask" and tasks:
        results = _dask(tasks, jobs, scheduler)
        index = _background(_divisions)
    elif stats.jobs > 1:
        results = _ProcessPool(tasks, stats.jobs)
        index = _background(_divisions)
    else:
        results = _serial(tasks)
    from pipelines.run import merge

    def parts() -> Iterator[Corpus]:
        waiting: dict[int, bytes] = {}
        for i, (path, root) in enumerate(files):
            part = store.get(keys[i]) if i in hits else None
            if part is not None:
                stats.cached += 1
            else:
                if i in hits:  # the entry vanished or is damaged since planning: extract it here
                    data = _extract_task(str(path), str(root) if root is not None else None)
                else:
                    while i not in waiting:
                        j, d = next(results)
                        waiting[j] = d
                    data = waiting.pop(i)
                part = pickle.loads(data)
                stats.extracted += 1
                if store is not None and keys[i] is not None and not part.failures:
                    store.put(keys[i], data)
            stats.failed += bool(part.failures)
            yield part
        if index is not None:
            index.result()  # loaded (or its error raised here) before the merge resolves

    stream = _Sized(parts(), len(files))
    try:
        return merge(progress(stream) if progress else stream)
    finally:
        close = getattr(results, "close", None)
        if close is not None:
            close()


# ------------------------------------------------------------------ build

def _write_outputs(ox_store, out: Path, trig: Path, cores: int) -> list[Path]:
    """Write every file but ``graph.trig`` from the loaded store (:func:`kg.export.write_exports` with
    the page); the paths in :func:`build`'s order, ``graph.trig`` before the page."""
    from kg.export import write_exports
    from kg.store import store_graph

    *files, page = write_exports(store_graph(ox_store), out, jobs=cores, page=out / "graph.html")
    return [*files, trig, page]


def build(inputs: Sequence[str | os.PathLike] | None = None, out_dir: str | os.PathLike = "build",
          progress: Callable[[Iterable], Iterable] | None = None, *,
          jobs: int | None = None, cache: str | os.PathLike | bool | None = True,
          store: str | os.PathLike | None = None, exports: bool = True, executor: str = "process",
          scheduler: str | None = None) -> BuildSummary:
    """Build the graph of ``inputs`` (default: the built-in seeds) and write all outputs to ``out_dir``.

    Parameters
    ----------
    inputs : sequence of paths, optional
        Files and folders.
    out_dir : path
        Output folder.
    progress : callable, optional
        Wraps the per-file iterable (e.g. ``tqdm``).
    jobs : int, optional
        The build's core budget as a whole, like ``make -j`` (default: all
        cores): the extraction worker processes, then the steps after it. With
        1 the build uses one core throughout, one step after another; with
        more, independent steps (Oxigraph's dumps of ``graph.ttl`` and
        ``graph.jsonld``, the NetworkX files and the page) run side by side.
        The outputs are the same whatever ``jobs``.
    cache : path or bool
        The per-file record cache: True for ``out_dir/.cache``, a folder, or
        False/None for none.
    store : path, optional
        Also write the graph into a persistent Oxigraph store in this folder
        (replacing a store already there), for ``kg query --graph DIR`` and
        ``kg serve DIR``.
    exports : bool
        Write the files (``graph.ttl`` ... ``graph.html``). False writes only
        the store, straight from the records, with no rdflib graph in memory:
        the way to build corpora too large for the file exports.
    executor, scheduler : str
        As for :func:`extract`.

    Returns
    -------
    BuildSummary

    Raises
    ------
    BuildError
        For inconsistent options (one line).
    """
    from kg.model import ENTITY_TYPE_NAMES, RELATION_NAMES

    if not exports and store is None:
        raise BuildError("--no-exports needs --store DIR (there would be nothing to write)")
    t0 = time.perf_counter()
    out = Path(out_dir)
    cache_dir = out / ".cache" if cache is True else (cache or None)
    stats = ExtractStats()
    timings: dict[str, float] = {}
    corpus = extract(inputs, progress, jobs=jobs, cache=cache_dir, executor=executor, scheduler=scheduler, stats=stats)
    cores = jobs or default_jobs()  # the tail's budget: the cores asked for, however many files were extracted
    timings["extract"] = time.perf_counter() - t0

    ent = Counter(e.etype for e in corpus.entities.values())
    rel_pairs = {p: len({(r.subject, r.object) for r in corpus.relations if r.predicate == p}) for p in RELATION_NAMES}
    documents, failures = len(corpus.documents), list(corpus.failures)
    paths: list[Path] = []
    triples = 0
    store_dir = None
    write = True
    if failures and not documents:  # nothing could be read: keep what an earlier build wrote
        failures.append(f"{out}: no input file could be read; previous outputs left unchanged")
        write = False
    if write:
        from kg.store import load_records, new_store, scratch_store

        t = time.perf_counter()
        # One pass over the records fills an Oxigraph store (the --store folder, or a scratch one)
        # and writes graph.trig; every other file is written from that store.
        with new_store(store) if store is not None else scratch_store(out) as ox_store:
            if exports:
                trig = out / "graph.trig"
                with atomic_open(trig, "wb") as fh:
                    load_records(ox_store, corpus, trig=fh, background=cores > 1)
            else:
                load_records(ox_store, corpus, background=cores > 1)
            del corpus
            triples = len(ox_store)
            timings["store"] = time.perf_counter() - t
            if exports:
                t = time.perf_counter()
                paths = _write_outputs(ox_store, out, trig, cores)
                timings["outputs"] = time.perf_counter() - t
        store_dir = Path(store) if store is not None else None

    return BuildSummary(
        documents=documents,
        entities={t: ent.get(t, 0) for t in ENTITY_TYPE_NAMES},
        relations=rel_pairs,
        triples=triples,
        seconds=time.perf_counter() - t0,
        outputs=paths,
        failures=failures,
        extracted=stats.extracted,
        cached=stats.cached,
        jobs=stats.jobs,
        timings=timings,
        store=store_dir,
    )

"""Parallel, incremental and distributed extraction give the same graph as a plain serial build."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest

import pipelines.run
from kg.build import BuildError, ExtractStats, extract
from kg.cache import RecordCache, pipeline_version
from kg.cli import main
from kg.export import turtle_bytes
from kg.graph import build_graph

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def _chunks(text: str, n: int) -> list[str]:
    """``text`` cut at paragraph breaks into ``n`` parts of similar size."""
    paras = text.split("\n\n")
    size = len(text) / n
    out, cur = [], []
    for p in paras:
        cur.append(p)
        if sum(map(len, cur)) >= size and len(out) < n - 1:
            out.append("\n\n".join(cur))
            cur = []
    out.append("\n\n".join(cur))
    return [c for c in out if c.strip()]


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory) -> Path:
    """Five real files: seed 000 whole, seed 001 in four parts (one in a sub-folder)."""
    d = tmp_path_factory.mktemp("parallel_in")
    shutil.copy(SEEDS / "000_a7c25479ce40f212.txt", d / "a.txt")
    (d / "sub").mkdir()
    for i, chunk in enumerate(_chunks((SEEDS / "001_582cc69e5df7ae02.txt").read_text(encoding="utf-8"), 4)):
        (d / ("sub" if i == 0 else ".") / f"b{i}.txt").write_text(chunk, encoding="utf-8")
    return d


@pytest.fixture(scope="module")
def serial_ttl(corpus_dir) -> bytes:
    return turtle_bytes(build_graph(extract([corpus_dir], jobs=1)))


def test_two_jobs_give_the_same_turtle(corpus_dir, serial_ttl):
    stats = ExtractStats()
    corpus = extract([corpus_dir], jobs=2, stats=stats)
    assert stats.jobs == 2 and stats.extracted == stats.files == 5
    assert turtle_bytes(build_graph(corpus)) == serial_ttl
    assert len(corpus.documents) >= 5


def test_cli_build_with_jobs_writes_the_same_files(corpus_dir, serial_ttl, tmp_path, capsys):
    out = tmp_path / "out"
    code = main(["build", str(corpus_dir), "--out", str(out), "--jobs", "2", "--no-cache", "--store", str(out / "store")])
    printed = capsys.readouterr().out
    assert code == 0
    assert "extracted  5 file(s) on 2 job(s), 0 from the cache" in printed
    assert (out / "graph.ttl").read_bytes() == serial_ttl
    assert not (out / ".cache").exists()
    assert (out / "store" / "CURRENT").is_file()


def test_rebuild_extracts_only_the_added_file(corpus_dir, serial_ttl, tmp_path, monkeypatch):
    calls: list[str] = []
    real = pipelines.run.extract_file

    def counting(path, root):
        calls.append(Path(path).name)
        return real(path, root)

    monkeypatch.setattr(pipelines.run, "extract_file", counting)
    work = tmp_path / "in"
    shutil.copytree(corpus_dir, work)
    cache = tmp_path / "cache"

    stats = ExtractStats()
    first = extract([work], jobs=1, cache=cache, stats=stats)
    assert len(calls) == 5 and stats.cached == 0
    assert turtle_bytes(build_graph(first)) == serial_ttl

    calls.clear()
    again = extract([work], jobs=1, cache=cache, stats=stats)
    assert calls == [] and stats.cached == 5 and stats.extracted == 0
    assert turtle_bytes(build_graph(again)) == serial_ttl

    added = work / "c.txt"
    added.write_text((SEEDS / "002_f014655719903d2a.txt").read_text(encoding="utf-8")[:3000], encoding="utf-8")
    calls.clear()
    grown = extract([work], jobs=1, cache=cache, stats=stats)
    assert calls == ["c.txt"]
    assert stats.extracted == 1 and stats.cached == 5
    assert turtle_bytes(build_graph(grown)) == turtle_bytes(build_graph(extract([work], jobs=1)))

    # an edited file is extracted again, and only it
    added.write_text(added.read_text(encoding="utf-8") + "\n\n抚松县开展“五个一”活动。\n", encoding="utf-8")
    calls.clear()
    extract([work], jobs=1, cache=cache, stats=stats)
    assert calls == ["c.txt"]


def test_cache_is_keyed_by_pipeline_version(tmp_path):
    part = pipelines.run.extract_file(SEEDS / "000_a7c25479ce40f212.txt", None)
    old = RecordCache(tmp_path, version="0" * 64)
    old.put("ab" * 32, pickle.dumps(part))
    assert old.get("ab" * 32).documents == part.documents
    new = RecordCache(tmp_path, version=pipeline_version())
    assert new.get("ab" * 32) is None
    new.put("cd" * 32, pickle.dumps(part))
    assert not old.dir.exists()  # older versions are dropped
    assert len(pipeline_version()) == 64


@pytest.mark.parametrize("package", ["jionlp", "pdfminer.six", "trafilatura", "python-docx"])
def test_pipeline_version_follows_data_and_reader_packages(package, monkeypatch):
    import kg.cache

    before = pipeline_version()
    real = kg.cache._package_version
    monkeypatch.setattr(kg.cache, "_package_version", lambda name: "999" if name == package else real(name))
    pipeline_version.cache_clear()
    try:
        assert pipeline_version() != before
    finally:
        monkeypatch.undo()
        pipeline_version.cache_clear()
    assert pipeline_version() == before


def test_damaged_cache_entry_is_extracted_again(corpus_dir, serial_ttl, tmp_path):
    cache = tmp_path / "cache"
    extract([corpus_dir], jobs=1, cache=cache)
    entries = sorted(cache.rglob("*.pickle"))
    assert len(entries) == 5
    entries[0].write_bytes(b"not a pickle")
    stats = ExtractStats()
    corpus = extract([corpus_dir], jobs=1, cache=cache, stats=stats)
    assert stats.extracted == 1 and stats.cached == 4
    assert turtle_bytes(build_graph(corpus)) == serial_ttl


def test_unreadable_file_is_a_failure_in_parallel_and_not_cached(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    shutil.copy(SEEDS / "000_a7c25479ce40f212.txt", d / "good.txt")
    (d / "empty.txt").write_bytes(b"")
    (d / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 10)
    stats = ExtractStats()
    corpus = extract([d], jobs=2, cache=tmp_path / "cache", stats=stats)
    assert stats.failed == 2 and len(corpus.failures) == 2
    assert all("\n" not in f for f in corpus.failures)
    assert len(list((tmp_path / "cache").rglob("*.pickle"))) == 1


def test_pool_closed_before_reading_stops_its_workers(corpus_dir):
    """A build that fails before reading any result (the pool starts at once) leaves no worker behind."""
    import psutil

    from kg.build import _ProcessPool

    tasks = [(i, str(p), None) for i, p in enumerate(sorted(corpus_dir.rglob("*.txt")))]
    pool = _ProcessPool(tasks, 2)
    pool._started.result()  # the first files are submitted, so the workers run
    pids = [p.pid for p in pool._ex._processes.values()]
    assert len(pids) == 2
    pool.close()
    assert not any(psutil.pid_exists(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE for pid in pids)
    with pytest.raises(StopIteration):
        next(pool)


def test_dask_cluster_gives_the_same_turtle(corpus_dir, serial_ttl):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        stats = ExtractStats()
        corpus = extract([corpus_dir], executor="dask", scheduler=cluster.scheduler_address, jobs=2, stats=stats)
        assert stats.executor == "dask" and stats.extracted == 5
        workers = {w["name"] for w in cluster.scheduler_info["workers"].values()}
    assert len(workers) == 2
    assert turtle_bytes(build_graph(corpus)) == serial_ttl


def test_bad_options_are_one_line_errors(corpus_dir, tmp_path, capsys):
    with pytest.raises(BuildError, match="needs --executor dask"):
        extract([corpus_dir], scheduler="tcp://127.0.0.1:1")
    with pytest.raises(BuildError, match="at least 1"):
        extract([corpus_dir], jobs=0)
    code = main(["build", str(corpus_dir), "--out", str(tmp_path / "o"), "--scheduler", "tcp://127.0.0.1:1"])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("kg build: ") and err.count("\n") == 1
    assert not (tmp_path / "o").exists()

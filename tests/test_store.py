"""The Oxigraph store (`kg build --store`, `kg query --graph DIR`) and `kg push` to a Graph Store Protocol server."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from rdflib import Graph

from kg.build import BuildError, build
from kg.cli import main
from kg.push import PushError, push
from kg.query import QueryError, list_queries, load_graph, resolve_query, run_query
from kg.store import StoreError, is_oxigraph_graph, is_store, write_store

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A real build of seed 000 with its store."""
    src = tmp_path_factory.mktemp("store_in")
    shutil.copy(ROOT / "seeds" / "000_a7c25479ce40f212.txt", src)
    out = tmp_path_factory.mktemp("store_out")
    summary = build([src], out, jobs=1, cache=out / "cache", store=out / "store")
    out.joinpath("src").symlink_to(src, target_is_directory=True)
    return out, summary


def _sorted_rows(result):
    return sorted(result.rows, key=lambda row: tuple("" if c is None else c for c in row))


def test_build_writes_a_store_with_the_graph(built):
    out, summary = built
    assert summary.store == out / "store" and is_store(out / "store")
    g = load_graph(out / "store")
    assert is_oxigraph_graph(g)
    mem = Graph().parse(out / "graph.ttl")
    assert len(g) == len(mem) == summary.triples


def test_every_packaged_query_answers_the_same_on_the_store(built):
    out, _summary = built
    store = load_graph(out / "store")
    mem = load_graph(out / "graph.ttl")
    answered = 0
    for q in list_queries():
        # Without their LIMITs: ties at a page's cut may fall either way in two engines, whole answers may not.
        text = re.sub(r"\bLIMIT\s+\d+", "", resolve_query(q.name))
        a, b = run_query(mem, text), run_query(store, text)
        assert a.vars == b.vars, q.name
        assert _sorted_rows(a) == _sorted_rows(b), q.name
        answered += bool(a.rows)
    assert answered >= len(list_queries()) // 2


def test_store_only_build_streams_the_same_triples(built, tmp_path):
    out, summary = built
    only = build([out / "src"], tmp_path / "o", jobs=1, cache=out / "cache", store=tmp_path / "st", exports=False)
    assert only.cached == 1 and only.outputs == []
    assert not (tmp_path / "o" / "graph.ttl").exists()
    assert only.triples == summary.triples == len(load_graph(tmp_path / "st"))
    full, streamed = load_graph(out / "store"), load_graph(tmp_path / "st")
    for name in ("place_hierarchy", "entity_mentions"):
        a, b = run_query(full, resolve_query(name)), run_query(streamed, resolve_query(name))
        assert _sorted_rows(a) == _sorted_rows(b) and a.rows, name
    with pytest.raises(BuildError, match="needs --store"):
        build([out / "src"], tmp_path / "o2", exports=False)


def test_store_query_errors_are_one_line(built, tmp_path):
    out, _summary = built
    store = load_graph(out / "store")
    with pytest.raises(QueryError, match="malformed"):
        run_query(store, "SELECT ?x WHERE { ?x ")
    with pytest.raises(QueryError, match="read-only"):
        run_query(store, "INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    (tmp_path / "plain").mkdir()
    (tmp_path / "plain" / "notes.txt").write_text("x", encoding="utf-8")
    with pytest.raises(QueryError, match="not an Oxigraph store") as exc:
        load_graph(tmp_path / "plain")
    assert "\n" not in str(exc.value)


def test_cli_query_on_the_store(built, capsys):
    out, _summary = built
    assert main(["query", "top_programs", "--graph", str(out / "store"), "--format", "csv"]) == 0
    via_store = capsys.readouterr().out
    assert main(["query", "top_programs", "--graph", str(out / "graph.ttl"), "--format", "csv"]) == 0
    via_file = capsys.readouterr().out
    assert via_store.splitlines()[0] == via_file.splitlines()[0]
    assert sorted(via_store.splitlines()[1:]) == sorted(via_file.splitlines()[1:])
    assert len(via_store.splitlines()) > 1


def test_rewriting_a_store_replaces_it_and_never_clobbers_other_folders(built, tmp_path):
    out, summary = built
    small = tmp_path / "small.ttl"
    small.write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    target = tmp_path / "store"
    write_store(out / "graph.ttl", target)
    write_store(small, target)
    assert len(load_graph(target)) == 1
    keep = tmp_path / "mine"
    keep.mkdir()
    (keep / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(StoreError, match="not an Oxigraph store"):
        write_store(small, keep)
    assert (keep / "notes.txt").read_text(encoding="utf-8") == "keep me"
    bad = tmp_path / "bad.ttl"
    bad.write_text("<urn:a> <urn:b> .\n", encoding="utf-8")
    with pytest.raises(StoreError):
        write_store(bad, target)
    assert len(load_graph(target)) == 1  # the previous store is intact
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary folders left


# ------------------------------------------------------------------ push

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory):
    """A local `oxigraph serve` (the binary of the `oxigraph` PyPI package, a test dependency)."""
    exe = shutil.which("oxigraph") or shutil.which("oxigraph", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.skip("the oxigraph server binary is not installed (pip install oxigraph)")
    port = _free_port()
    proc = subprocess.Popen([exe, "serve", "--location", str(tmp_path_factory.mktemp("oxi")),
                             "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            requests.get(base + "/query", params={"query": "ASK {}"}, timeout=1)
            break
        except requests.ConnectionError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"oxigraph serve did not start: {proc.stderr.read().decode()[:500]}")
            time.sleep(0.1)
    yield base
    proc.terminate()
    proc.wait(10)


def _count(base: str, graph_iri: str | None) -> int:
    where = f"GRAPH <{graph_iri}> {{ ?s ?p ?o }}" if graph_iri else "?s ?p ?o"
    r = requests.get(base + "/query", params={"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}"},
                     headers={"Accept": "application/sparql-results+json"}, timeout=10)
    r.raise_for_status()
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


def test_push_puts_the_graph_into_a_named_graph(built, oxigraph_server):
    out, summary = built
    iri = "https://example.org/lgkg/test"
    result = push(out / "graph.ttl", oxigraph_server + "/store", iri)
    assert result.method == "PUT" and 200 <= result.status < 300
    assert _count(oxigraph_server, iri) == summary.triples
    push(out / "graph.ttl", oxigraph_server + "/store", iri)  # PUT replaces: pushing twice changes nothing
    assert _count(oxigraph_server, iri) == summary.triples


def test_push_appends_and_sends_a_store(built, oxigraph_server, tmp_path):
    out, summary = built
    iri = "https://example.org/lgkg/appended"
    push(out / "store", oxigraph_server + "/store", iri)
    assert _count(oxigraph_server, iri) == summary.triples
    extra = tmp_path / "extra.nt"
    extra.write_text("<urn:lgkg:a> <urn:lgkg:b> \"乙\" .\n", encoding="utf-8")
    push(extra, oxigraph_server + "/store", iri, append=True)
    assert _count(oxigraph_server, iri) == summary.triples + 1


def test_cli_push_to_the_default_graph(built, oxigraph_server, capsys):
    out, summary = built
    assert main(["push", str(out / "graph.ttl"), "--endpoint", oxigraph_server + "/store"]) == 0
    assert "default graph" in capsys.readouterr().out
    assert _count(oxigraph_server, None) >= summary.triples


def test_push_failures_are_one_line(built, tmp_path, capsys):
    out, _summary = built
    with pytest.raises(PushError, match="cannot reach"):
        push(out / "graph.ttl", f"http://127.0.0.1:{_free_port()}/store")
    with pytest.raises(PushError, match="cannot push '.trig'"):
        push(out / "graph.trig", "http://127.0.0.1:1/store")
    assert main(["push", str(tmp_path / "missing.ttl"), "--endpoint", "http://127.0.0.1:1/store"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("kg push: ") and err.count("\n") == 1


def test_push_reports_a_refusal(built, oxigraph_server, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("<urn:a> <urn:b> .\n", encoding="utf-8")
    with pytest.raises(PushError, match="refused the graph: HTTP 4") as exc:
        push(bad, oxigraph_server + "/store", "https://example.org/lgkg/bad")
    assert "\n" not in str(exc.value)

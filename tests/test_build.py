"""End to end: `kg build` on real seed text writes every output, deterministically, and valid."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph

from kg.build import build
from kg.namespace import LG, RDF
from kg.validate import validate

ROOT = Path(__file__).resolve().parent.parent
OUTPUTS = ["graph.ttl", "graph.jsonld", "graph.trig", "graph.graphml", "graph.gexf", "nodes.csv", "edges.csv", "graph.html"]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("corpus")
    shutil.copy(ROOT / "seeds" / "000_a7c25479ce40f212.txt", corpus)
    out = tmp_path_factory.mktemp("out")
    summary = build([corpus], out)
    return corpus, out, summary


def test_every_output_written(built):
    _corpus, out, summary = built
    for name in OUTPUTS:
        assert (out / name).stat().st_size > 0, name
    assert summary.failures == []


def test_every_type_and_relation_produced(built):
    _corpus, _out, summary = built
    assert all(n > 0 for n in summary.entities.values()), summary.entities
    for p in ("locatedIn", "basedIn", "implements", "authorOf", "holdsPost"):
        assert summary.relations[p] > 0, p


def test_graph_conforms_to_shapes(built):
    _corpus, out, _summary = built
    g = Graph().parse(out / "graph.ttl")
    result = validate(g)
    assert result.conforms, result.text[:2000]
    labels = {str(o) for s in g.subjects(RDF.type, LG.Program) for o in g.objects(s, None) if isinstance(o, type(o))}
    assert any("五个一" in label for label in labels)


def test_trig_holds_the_turtle_graph_one_named_graph_per_document(built):
    from rdflib import Dataset

    from kg.graph import CORPUS_GRAPH
    from kg.namespace import document_iri

    _corpus, out, _summary = built
    ds = Dataset().parse(out / "graph.trig", format="trig")
    named = {c.identifier for c in ds.graphs() if len(c)}
    docs = {s for s in Graph().parse(out / "graph.ttl").subjects(RDF.type, LG.Document)}
    assert named == docs | {CORPUS_GRAPH} and document_iri("000_a7c25479ce40f212.txt") in named
    union = Graph()
    for c in ds.graphs():
        for triple in c:
            union.add(triple)
    assert set(union) == set(Graph().parse(out / "graph.ttl"))


def test_outputs_readable_by_others(built):
    _corpus, out, _summary = built
    for name in OUTPUTS:
        assert (out / name).stat().st_mode & 0o044, name  # not mkstemp's private 0600


def test_html_has_no_network_references(built):
    _corpus, out, _summary = built
    html = (out / "graph.html").read_text(encoding="utf-8")
    assert re.search(r"""(src|href)\s*=\s*["']https?:""", html) is None
    assert "url(http" not in html


def test_turtle_is_byte_identical_across_runs_and_hash_seeds(built, tmp_path):
    corpus, out, _summary = built
    cmd = [sys.executable, "-m", "kg", "build", str(corpus), "--out", str(tmp_path)]
    subprocess.run(cmd, check=True, capture_output=True, env={"PYTHONHASHSEED": "123", "PATH": ""})
    assert (tmp_path / "graph.ttl").read_bytes() == (out / "graph.ttl").read_bytes()


def test_unreadable_file_reported_and_rest_built(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "good.txt").write_text("通化市深入开展“双报到”活动。", encoding="utf-8")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 10)
    summary = build([corpus], tmp_path / "out")
    assert len(summary.failures) == 2
    assert all("\n" not in f for f in summary.failures)
    assert any("empty.txt" in f for f in summary.failures) and any("binary.txt" in f for f in summary.failures)
    assert summary.documents == 1


@pytest.mark.parametrize("jobs", [1, 3])
def test_every_output_is_the_same_whatever_the_core_budget(built, tmp_path, jobs):
    corpus, out, summary = built  # built with the default budget (all cores); the cache skips extraction here
    again = build([corpus], tmp_path, jobs=jobs, cache=out / ".cache", store=tmp_path / "store")
    assert again.cached == 1 and again.extracted == 0
    assert [p.name for p in again.outputs] == [p.name for p in summary.outputs]
    for path in summary.outputs:
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name
    assert set(again.timings) == {"extract", "store", "outputs"}
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary file or scratch store left

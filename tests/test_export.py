"""Exports: every file written, readable back, and stable."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET

import igraph
import networkx as nx
import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from kg.export import (
    EDGE_FIELDS, NEO4J_NODE_HEADER, NEO4J_RELATIONSHIP_HEADER, NODE_FIELDS, jsonld_context, to_networkx, write_exports,
)
from kg.graph import CORPUS_GRAPH, build_dataset
from kg.namespace import LG, LGR, PREFIXES, RDF, document_iri, entity_iri

from conftest import ROOT

FILES = (
    "graph.ttl", "graph.jsonld", "context.jsonld", "graph.trig", "graph.graphml", "graph.gexf", "graph.cyjs",
    "nodes.csv", "edges.csv", "neo4j_nodes.csv", "neo4j_relationships.csv",
)


@pytest.fixture
def exported(tmp_path, graph, corpus):
    paths = write_exports(graph, tmp_path / "out", build_dataset(corpus))
    return tmp_path / "out", paths


def _csv_rows(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


# ----------------------------------------------------------------- networkx

def test_to_networkx_nodes_and_attributes(graph, corpus):
    G = to_networkx(graph)
    assert G.number_of_nodes() == len(corpus.entities) + 1  # + the authored document
    fusong = G.nodes[str(entity_iri("Place", "抚松县", "220621"))]
    assert fusong == {
        "label": "抚松县", "type": "Place", "level": "county", "code": "220621",
        "mention_count": 1, "aliases": "抚松", "doc_count": 1,
        "first_date": "2025-11-27", "last_date": "2025-11-27",
    }
    province = G.nodes[str(entity_iri("Place", "吉林省", "220000"))]
    assert (province["mention_count"], province["doc_count"], province["first_date"]) == (0, 0, "")
    program = G.nodes[str(entity_iri("Program", "五个一管理机制"))]
    assert program["aliases"] == "“五个一”管理机制|五个一"
    doc = G.nodes[str(document_iri("000_snippet.txt"))]
    assert (doc["type"], doc["label"]) == ("Document", "党建领航绘就基层善治新图景")


def test_to_networkx_edges(graph, corpus):
    G = to_networkx(graph)
    assert G.number_of_edges() == len(corpus.relations)
    tian, dept = entity_iri("Person", "田昭一"), entity_iri("Organization", "梨树县委组织部")
    assert G.get_edge_data(str(tian), str(dept)) == {"holdsPost": {
        "predicate": "holdsPost", "title": "副部长", "evidence": 1, "first_date": "2025-11-27", "last_date": "2025-11-27",
    }}
    # a parent from the administrative divisions has no evidence sentence, hence no date
    fusong, baishan = entity_iri("Place", "抚松县", "220621"), entity_iri("Place", "白山市", "220600")
    assert G.get_edge_data(str(fusong), str(baishan))["locatedIn"] == {
        "predicate": "locatedIn", "title": "", "evidence": 0, "first_date": "", "last_date": "",
    }
    predicates = sorted(d["predicate"] for *_, d in G.edges(data=True))
    assert predicates.count("locatedIn") == 7 and predicates.count("authorOf") == 1


def test_to_networkx_is_sorted_and_repeatable(graph):
    G1, G2 = to_networkx(graph), to_networkx(graph)
    assert list(G1.nodes) == sorted(G1.nodes)
    assert list(G1.edges(keys=True)) == sorted(G1.edges(keys=True))
    assert list(G1.nodes(data=True)) == list(G2.nodes(data=True))


def test_to_networkx_keeps_parallel_edges(graph):
    fusong, baishan = entity_iri("Place", "抚松县", "220621"), entity_iri("Place", "白山市", "220600")
    graph.add((fusong, LG.implements, baishan))
    G = to_networkx(graph)
    assert set(G[str(fusong)][str(baishan)]) == {"locatedIn", "implements"}


# -------------------------------------------------------------------- files

def test_every_file_written(exported):
    out, paths = exported
    assert sorted(p.name for p in paths) == sorted(FILES)
    for name in FILES:
        assert (out / name).stat().st_size > 0, name
    assert not [p for p in out.iterdir() if p.name.startswith(".")], "temporary files left behind"


def test_trig_skipped_without_dataset(tmp_path, graph):
    paths = write_exports(graph, tmp_path)
    assert "graph.trig" not in {p.name for p in paths}
    assert not (tmp_path / "graph.trig").exists()


def test_turtle_round_trip(exported, graph):
    out, _ = exported
    back = Graph().parse(out / "graph.ttl", format="turtle")
    assert len(back) == len(graph)
    assert isomorphic(back, graph)


def test_turtle_byte_identical_across_writes(tmp_path, graph):
    write_exports(graph, tmp_path / "a")
    write_exports(graph, tmp_path / "b")
    for name in ("graph.ttl", "graph.jsonld", "context.jsonld", "nodes.csv", "edges.csv", "graph.graphml",
                 "graph.cyjs", "neo4j_nodes.csv", "neo4j_relationships.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


SUBPROCESS = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    sys.path.insert(0, sys.argv[2])
    from conftest import make_corpus
    from kg.export import write_exports
    from kg.graph import build_dataset, build_graph
    corpus = make_corpus()
    write_exports(build_graph(corpus), Path(sys.argv[1]), build_dataset(corpus))
    """
)


def _export_in_subprocess(out, seed: str) -> None:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    subprocess.run(
        [sys.executable, "-c", SUBPROCESS, str(out), str(ROOT / "tests")],
        check=True, env=env, cwd=ROOT, capture_output=True,
    )


def test_turtle_byte_identical_across_hash_seeds(tmp_path, exported):
    out, _ = exported
    for seed in ("1", "4242"):
        _export_in_subprocess(tmp_path / seed, seed)
    for name in ("graph.ttl", "graph.trig", "graph.jsonld"):
        reference = (out / name).read_bytes()
        for seed in ("1", "4242"):
            assert (tmp_path / seed / name).read_bytes() == reference, (name, seed)


def test_graphml_typed_and_complete(exported, graph):
    out, _ = exported
    G = to_networkx(graph)
    back = nx.read_graphml(out / "graph.graphml")
    assert (back.number_of_nodes(), back.number_of_edges()) == (G.number_of_nodes(), G.number_of_edges())
    for node, data in G.nodes(data=True):
        read = back.nodes[node]
        assert isinstance(read["mention_count"], int) and isinstance(read["doc_count"], int)
        assert isinstance(read["code"], str)
        assert {k: read[k] for k in NODE_FIELDS} == data


def test_gexf_typed_and_complete(exported, graph):
    out, _ = exported
    G = to_networkx(graph)
    back = nx.read_gexf(out / "graph.gexf")
    assert (back.number_of_nodes(), back.number_of_edges()) == (G.number_of_nodes(), G.number_of_edges())
    for node, data in G.nodes(data=True):
        read = back.nodes[node]
        assert type(read["mention_count"]) is int
        assert {k: read[k] for k in NODE_FIELDS} == data
    titles = {d["title"] for *_, d in back.edges(data=True)}
    assert "副部长" in titles


def test_property_graph_files_keep_parallel_edges(tmp_path, graph):
    fusong, baishan = entity_iri("Place", "抚松县", "220621"), entity_iri("Place", "白山市", "220600")
    graph.add((fusong, LG.implements, baishan))
    write_exports(graph, tmp_path)
    expected = to_networkx(graph).number_of_edges()
    assert nx.read_graphml(tmp_path / "graph.graphml").number_of_edges() == expected
    assert nx.read_gexf(tmp_path / "graph.gexf").number_of_edges() == expected


def test_jsonld_round_trip(exported, graph):
    out, _ = exported
    back = Graph().parse(out / "graph.jsonld", format="json-ld")
    assert len(back) == len(graph)
    assert isomorphic(back, graph)
    doc = json.loads((out / "graph.jsonld").read_text(encoding="utf-8"))
    assert doc["@context"] == jsonld_context()  # streamed node objects (full IRIs) under the project context
    places = [n for n in doc["@graph"] if {"@id": str(LG.Place)} in n.get(str(RDF.type), ())]
    assert places and all(n["@id"].startswith(str(LGR)) for n in places)


def test_jsonld_context_maps_prefixes_and_terms():
    ctx = jsonld_context()
    for prefix in ("lg", "lgr", "rdfs", "skos", "prov", "dcterms", "xsd"):
        assert ctx[prefix] == PREFIXES[prefix]
    assert ctx["locatedIn"] == {"@id": "lg:locatedIn", "@type": "@id"}
    assert ctx["mentionCount"] == {"@id": "lg:mentionCount", "@type": "xsd:integer"}
    assert ctx["Place"] == "lg:Place"


def test_trig_one_named_graph_per_document(exported, corpus, graph):
    out, _ = exported
    ds = Dataset().parse(out / "graph.trig", format="trig")
    named = {c.identifier for c in ds.graphs() if len(c)}
    assert named == {document_iri(d.doc_id) for d in corpus.documents} | {CORPUS_GRAPH}
    assert sum(len(c) for c in ds.graphs()) == len(graph)


def test_csv_tables(exported, graph):
    out, _ = exported
    G = to_networkx(graph)
    nodes, edges = _csv_rows(out / "nodes.csv"), _csv_rows(out / "edges.csv")
    assert nodes[0] == ["id", *NODE_FIELDS]
    assert edges[0] == list(EDGE_FIELDS)
    assert len(nodes) - 1 == G.number_of_nodes()
    assert len(edges) - 1 == G.number_of_edges()
    assert not (out / "nodes.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    by_label = {row[1]: row for row in nodes[1:]}
    assert by_label["抚松县"][NODE_FIELDS.index("code") + 1] == "220621"
    holds = next(r for r in edges[1:] if r[2] == "holdsPost")
    assert holds[3:] == ["副部长", "田昭一", "梨树县委组织部", "1", "2025-11-27", "2025-11-27"]


# ------------------------------------------- independent readers, per format

def _edge_triples(G):
    return sorted((s, o, d["predicate"]) for s, o, d in G.edges(data=True))


def test_graphml_read_by_igraph(exported, graph):
    out, _ = exported
    G = to_networkx(graph)
    h = igraph.Graph.Read_GraphML(str(out / "graph.graphml"))
    assert (h.vcount(), h.ecount()) == (G.number_of_nodes(), G.number_of_edges())
    assert h.is_directed()
    ids = h.vs["id"]
    assert sorted((ids[e.source], ids[e.target], e["predicate"]) for e in h.es) == _edge_triples(G)
    for v in h.vs:
        data = G.nodes[v["id"]]
        assert {k: v[k] for k in ("label", "type", "level", "code", "first_date", "last_date")} == {
            k: data[k] for k in ("label", "type", "level", "code", "first_date", "last_date")}
        assert v["mention_count"] == data["mention_count"]  # a number, not text
        assert isinstance(v["mention_count"], (int, float))


def test_graphml_and_gexf_edge_ids_unique_with_labels(exported, graph):
    out, _ = exported
    n = to_networkx(graph).number_of_edges()
    for reader, name in ((nx.read_graphml, "graph.graphml"), (nx.read_gexf, "graph.gexf")):
        ids = [e.get("id") for e in ET.parse(out / name).getroot().iter() if e.tag.endswith("}edge")]
        assert len(ids) == n and len(set(ids)) == n, name  # Gephi merges edges that share an id
        labels = {d["label"] for *_, d in reader(out / name).edges(data=True)}
        assert "holdsPost: 副部长" in labels and "locatedIn" in labels


def test_gexf_read_by_networkx_counts(exported, graph):
    out, _ = exported
    G = to_networkx(graph)
    back = nx.read_gexf(out / "graph.gexf")
    assert (back.number_of_nodes(), back.number_of_edges()) == (G.number_of_nodes(), G.number_of_edges())
    assert sorted((s, o, d["predicate"]) for s, o, d in back.edges(data=True)) == _edge_triples(G)
    assert {type(d["evidence"]) for *_, d in back.edges(data=True)} == {int}


def _oxigraph_quads(path, fmt):
    store = ox.Store()
    store.load(path=str(path), format=fmt)
    return list(store.quads_for_pattern(None, None, None, None))


def test_rdf_files_read_by_pyoxigraph(exported, graph, corpus):
    out, _ = exported
    for name, fmt in (("graph.ttl", ox.RdfFormat.TURTLE), ("graph.jsonld", ox.RdfFormat.JSON_LD)):
        quads = _oxigraph_quads(out / name, fmt)
        assert len(quads) == len(graph), name
        assert len({q.subject for q in quads}) == len(set(graph.subjects())), name
    quads = _oxigraph_quads(out / "graph.trig", ox.RdfFormat.TRIG)
    assert len(quads) == len(graph)
    assert len({q.graph_name for q in quads}) == len(corpus.documents) + 1  # + the corpus graph


def test_published_context_alone_reads_the_graph(exported, graph, tmp_path):
    out, _ = exported
    context = json.loads((out / "context.jsonld").read_text(encoding="utf-8"))
    doc = json.loads((out / "graph.jsonld").read_text(encoding="utf-8"))
    assert context == {"@context": jsonld_context()} and doc["@context"] == context["@context"]
    # the graph's nodes with the context file's @context are the same graph
    rebuilt = tmp_path / "rebuilt.jsonld"
    rebuilt.write_text(json.dumps({**context, "@graph": doc["@graph"]}, ensure_ascii=False), encoding="utf-8")
    assert len(_oxigraph_quads(rebuilt, ox.RdfFormat.JSON_LD)) == len(graph)


def test_cytoscape_json(exported, graph):
    out, _ = exported
    G = to_networkx(graph)
    doc = json.loads((out / "graph.cyjs").read_text(encoding="utf-8"))
    nodes, edges = doc["elements"]["nodes"], doc["elements"]["edges"]
    assert (len(nodes), len(edges)) == (G.number_of_nodes(), G.number_of_edges())
    node_ids = {n["data"]["id"] for n in nodes}
    assert node_ids == set(G.nodes)
    edge_ids = [e["data"]["id"] for e in edges]
    assert len(set(edge_ids)) == len(edges) and not node_ids & set(edge_ids)
    assert sorted((e["data"]["source"], e["data"]["target"], e["data"]["predicate"]) for e in edges) == _edge_triples(G)
    fusong = next(n["data"] for n in nodes if n["data"]["label"] == "抚松县")
    assert (fusong["name"], fusong["type"], fusong["code"], fusong["mention_count"]) == ("抚松县", "Place", "220621", 1)


def test_neo4j_admin_import_csv(exported, graph):
    out, _ = exported
    G = to_networkx(graph)
    nodes, rels = _csv_rows(out / "neo4j_nodes.csv"), _csv_rows(out / "neo4j_relationships.csv")
    assert tuple(nodes[0]) == NEO4J_NODE_HEADER and tuple(rels[0]) == NEO4J_RELATIONSHIP_HEADER
    assert nodes[0][0].endswith(":ID") and nodes[0][-1] == ":LABEL"
    assert rels[0][:3] == [":START_ID", ":END_ID", ":TYPE"]
    assert (len(nodes) - 1, len(rels) - 1) == (G.number_of_nodes(), G.number_of_edges())
    ids = {row[0] for row in nodes[1:]}
    assert ids == set(G.nodes)
    assert all(row[0] in ids and row[1] in ids for row in rels[1:])
    assert {row[2] for row in rels[1:]} == {"AUTHOR_OF", "IMPLEMENTS", "LOCATED_IN", "BASED_IN", "HOLDS_POST"}
    by_label = {row[1]: dict(zip(nodes[0], row)) for row in nodes[1:]}
    assert by_label["抚松县"][":LABEL"] == "Entity;Place"
    assert by_label["党建领航绘就基层善治新图景"][":LABEL"] == "Document"
    assert by_label["五个一管理机制"]["aliases:string[]"].split(";") == ["“五个一”管理机制", "五个一"]
    holds = next(dict(zip(rels[0], r)) for r in rels[1:] if r[2] == "HOLDS_POST")
    assert (holds["title"], holds["evidence:long"], holds["first_date:date"]) == ("副部长", "1", "2025-11-27")


# ------------------------------------------------------- store and core budget

@pytest.fixture
def stored(tmp_path_factory, graph):
    """The fixture graph in an Oxigraph store, as the build reads it."""
    from kg.store import store_graph, write_store

    path = tmp_path_factory.mktemp("store") / "store"
    src = path.parent / "graph.nt"
    graph.serialize(src, format="nt", encoding="utf-8")
    write_store(src, path)
    store = ox.Store.read_only(str(path))
    return store, store_graph(store)


def test_to_networkx_reads_a_store_directly_with_the_same_result(graph, stored):
    _, g = stored
    G1, G2 = to_networkx(graph), to_networkx(g)
    assert list(G1.nodes(data=True)) == list(G2.nodes(data=True))
    assert list(G1.edges(keys=True, data=True)) == list(G2.edges(keys=True, data=True))
    assert G1.number_of_edges() > 0


def test_exports_of_a_store_are_the_same_bytes_whatever_the_jobs(tmp_path, graph, stored):
    _, g = stored
    one = write_exports(g, tmp_path / "one", jobs=1)
    two = write_exports(g, tmp_path / "two", jobs=2)
    mem = write_exports(graph, tmp_path / "mem")
    assert [p.name for p in one] == [p.name for p in two] == [p.name for p in mem]
    for a, b, c in zip(one, two, mem):
        assert a.read_bytes() == b.read_bytes() == c.read_bytes(), a.name
    assert json.loads((tmp_path / "two" / "graph.jsonld").read_text(encoding="utf-8"))["@graph"]
    assert not [p for p in (tmp_path / "two").iterdir() if p.name.startswith(".")]  # no temporary file left


class _FailingStore:
    """A store whose dump writes part of the file, then fails (a full disk)."""

    def dump(self, output, *args, **kw):
        with open(output, "wb") as fh:
            fh.write(b"@prefix half")
        raise OSError("No space left on device")


@pytest.mark.parametrize("name,fmt", [("graph.ttl", "turtle"), ("graph.jsonld", "json-ld")])
def test_failed_dump_leaves_the_previous_file_and_no_temporary(tmp_path, name, fmt):
    from kg.export import RdfDumps, _write_dump

    target = tmp_path / name
    target.write_text("previous", encoding="utf-8")
    with pytest.raises(OSError, match="No space left"):
        _write_dump(_FailingStore(), target, fmt)
    assert target.read_text(encoding="utf-8") == "previous"
    assert [p.name for p in tmp_path.iterdir()] == [name]
    with pytest.raises(OSError, match="No space left"), RdfDumps(_FailingStore(), tmp_path / "threads", jobs=2):
        pass  # the error of a dump thread surfaces in the caller
    assert not (tmp_path / "threads").exists() or not list((tmp_path / "threads").iterdir())

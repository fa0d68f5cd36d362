"""Export the RDF graph to the files other tools read.

:func:`to_networkx` flattens the entities and the six relations into a
property graph; :func:`write_exports` writes Turtle, JSON-LD (and its
``@context`` on its own), TriG, GraphML and GEXF (for Gephi), Cytoscape.js
JSON, two CSV tables for R/pandas and the two CSV files ``neo4j-admin
database import`` reads, every one through :mod:`kg.io`'s atomic writes.
Turtle, TriG and JSON-LD come out byte-identical for the same graph on every
run (rdflib's TriG and JSON-LD serializers follow hash order unless helped).
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

import networkx as nx
from rdflib import Dataset, Graph, URIRef
from rdflib.plugins.serializers.trig import TrigSerializer

from kg.io import atomic_open, atomic_write_bytes, atomic_write_text
from kg.namespace import (
    DCTERMS, ENTITY_TYPES, LG, OWL, PREFIXES, PROV, RDF, RDFS, RELATION_PREDICATES, SKOS, XSD,
    ontology_graph,
)

__all__ = [
    "to_networkx", "write_exports", "jsonld_context", "context_text", "cytoscape_json", "document_date",
    "NODE_FIELDS", "EDGE_FIELDS", "DOCUMENT_TYPE", "NEO4J_NODE_HEADER", "NEO4J_RELATIONSHIP_HEADER",
]

DOCUMENT_TYPE = "Document"

#: Node attributes, in the column order of ``nodes.csv`` (after ``id``).
NODE_FIELDS = ("label", "type", "level", "code", "mention_count", "aliases", "doc_count", "first_date", "last_date")
#: Columns of ``edges.csv``.
EDGE_FIELDS = (
    "source", "target", "predicate", "title", "source_label", "target_label", "evidence", "first_date", "last_date",
)
#: Edge attributes of :func:`to_networkx`, besides the key.
EDGE_ATTRS = ("predicate", "title", "evidence", "first_date", "last_date")

#: ``neo4j-admin database import`` headers (``:ID``/``:LABEL``, ``:START_ID``/``:END_ID``/``:TYPE``).
NEO4J_NODE_HEADER = (
    "id:ID", "label", "type", "level", "code", "mention_count:long", "aliases:string[]", "doc_count:long",
    "first_date:date", "last_date:date", ":LABEL",
)
NEO4J_RELATIONSHIP_HEADER = (":START_ID", ":END_ID", ":TYPE", "title", "evidence:long", "first_date:date", "last_date:date")
#: Neo4j's default array delimiter (``--array-delimiter``), between aliases.
NEO4J_ARRAY_DELIMITER = ";"
#: The extra Neo4j label every extracted entity carries beside its type.
NEO4J_ENTITY_LABEL = "Entity"

POST_TITLE_SEPARATOR = "、"


# ----------------------------------------------------------------- networkx

@lru_cache(maxsize=1)
def _type_of_class() -> dict[URIRef, str]:
    """Entity class (or a subclass the ontology declares) -> type name."""
    onto = ontology_graph()
    out: dict[URIRef, str] = {}
    for name, cls in ENTITY_TYPES.items():
        for sub in onto.transitive_subjects(RDFS.subClassOf, cls):
            out[sub] = name
    return out


def _min_str(g: Graph, s, p) -> str:
    """The smallest value of ``s p ?o`` as a string, or ``""``."""
    return min((str(o) for o in g.objects(s, p)), default="")


def _entities(g: Graph) -> dict[URIRef, str]:
    """Entity IRI -> type name."""
    classes = _type_of_class()
    out: dict[URIRef, str] = {}
    for s, cls in g.subject_objects(RDF.type):
        if cls in classes and isinstance(s, URIRef):
            out.setdefault(s, classes[cls])
    return out


def _entity_attrs(g: Graph, e: URIRef, type_name: str) -> dict:
    docs = set(g.objects(e, LG.mentionedIn))
    dates = sorted(str(d) for doc in docs for d in g.objects(doc, DCTERMS.date))
    count = g.value(e, LG.mentionCount)
    return {
        "label": _min_str(g, e, RDFS.label),
        "type": type_name,
        "level": _min_str(g, e, LG.adminLevel),
        "code": _min_str(g, e, LG.adminCode),
        "mention_count": int(count.toPython()) if count is not None else 0,
        "aliases": "|".join(sorted(str(a) for a in g.objects(e, SKOS.altLabel))),
        "doc_count": len(docs),
        "first_date": dates[0] if dates else "",
        "last_date": dates[-1] if dates else "",
    }


def _document_attrs(g: Graph, d: URIRef) -> dict:
    date = _min_str(g, d, DCTERMS.date)
    return {
        "label": _min_str(g, d, DCTERMS.title) or _min_str(g, d, LG.sourcePath),
        "type": DOCUMENT_TYPE,
        "level": "",
        "code": "",
        "mention_count": 0,
        "aliases": "",
        "doc_count": 0,
        "first_date": date,
        "last_date": date,
    }


def document_date(g: Graph, doc) -> str:
    """The ``dcterms:date`` of a document, else of the file it is part of; ``""`` when none."""
    seen = set()
    while doc is not None and doc not in seen:
        seen.add(doc)
        date = _min_str(g, doc, DCTERMS.date)
        if date:
            return date
        doc = g.value(doc, LG.partOf)
    return ""


def _relation_evidence(g: Graph) -> dict[tuple, list[str]]:
    """(subject, predicate, object) -> one date per evidence sentence (``""`` if undated).

    Read from the reified ``rdf:Statement`` of each relation; a gazetteer fact
    (derived from the divisions, not a sentence) has no entry.
    """
    out: dict[tuple, list[str]] = defaultdict(list)
    dates: dict = {}
    for st in g.subjects(RDF.type, RDF.Statement):
        key = (g.value(st, RDF.subject), g.value(st, RDF.predicate), g.value(st, RDF.object))
        for sentence in g.objects(st, PROV.wasDerivedFrom):
            if (sentence, RDF.type, LG.Sentence) not in g:
                continue
            doc = g.value(sentence, LG.inDocument)
            if doc not in dates:
                dates[doc] = document_date(g, doc)
            out[key].append(dates[doc])
    return out


def _post_title(g: Graph, person: URIRef, post_in: URIRef) -> str:
    titles = {
        str(t)
        for post in g.subjects(LG.holder, person)
        if (post, LG.postIn, post_in) in g
        for t in g.objects(post, LG.title)
    }
    return POST_TITLE_SEPARATOR.join(sorted(titles))


def _relation_edges(g: Graph, nodes: set[URIRef]) -> Iterator[tuple[str, str, str, dict]]:
    """(source, target, predicate name, edge attributes) for relations between known nodes."""
    evidence = _relation_evidence(g)
    for name, predicate in RELATION_PREDICATES.items():
        for s, o in g.subject_objects(predicate):
            if s in nodes and o in nodes:
                title = _post_title(g, s, o) if predicate == LG.holdsPost else ""
                dates = sorted(d for d in evidence.get((s, predicate, o), ()) if d)
                yield str(s), str(o), name, {
                    "predicate": name, "title": title, "evidence": len(evidence.get((s, predicate, o), ())),
                    "first_date": dates[0] if dates else "", "last_date": dates[-1] if dates else "",
                }


def to_networkx(g: Graph) -> nx.MultiDiGraph:
    """Flatten the entities of an lgkg graph and their relations into networkx.

    Parameters
    ----------
    g : rdflib.Graph
        A graph built by :func:`kg.graph.build_graph`.

    Returns
    -------
    networkx.MultiDiGraph
        One node per entity (``lg:Place``, ``lg:Organization``, ``lg:Person``,
        ``lg:Program``) keyed by its IRI, with the attributes ``label``,
        ``type``, ``level``, ``code``, ``mention_count`` (int), ``aliases``
        (``|``-joined), ``doc_count`` (int), ``first_date`` and ``last_date``
        (of the documents mentioning it; ``""`` when unknown). Documents appear
        as nodes of type ``"Document"`` only as objects of ``lg:authorOf``.
        One edge per relation triple, keyed by the predicate's local name, with
        the attributes ``predicate``, ``title`` (the post title for
        ``holdsPost``, else ``""``), ``evidence`` (int: the sentences it was
        read from; 0 for a fact from the administrative divisions) and
        ``first_date`` / ``last_date`` (of the documents of those sentences).
        Nodes and edges are inserted in sorted order, so the result is the
        same on every run.

    Examples
    --------
    >>> from kg.graph import build_graph
    >>> G = to_networkx(build_graph(corpus))  # doctest: +SKIP
    >>> [d["label"] for _, d in G.nodes(data=True) if d["type"] == "Person"]  # doctest: +SKIP
    ['李娜', '田昭一']
    >>> [(d["predicate"], d["title"], d["evidence"]) for *_, d in G.edges(data=True) if d["title"]]  # doctest: +SKIP
    [('holdsPost', '副部长', 1)]
    """
    entities = _entities(g)
    documents = {o for o in g.objects(None, LG.authorOf) if isinstance(o, URIRef) and o not in entities}
    attrs = {e: _entity_attrs(g, e, t) for e, t in entities.items()}
    attrs |= {d: _document_attrs(g, d) for d in documents}
    G = nx.MultiDiGraph()
    for node in sorted(attrs, key=str):
        G.add_node(str(node), **attrs[node])
    for s, o, name, data in sorted(_relation_edges(g, set(attrs)), key=lambda e: e[:3]):
        G.add_edge(s, o, key=name, **data)
    return G


# -------------------------------------------------------------- RDF formats

def _sort_key(triple: tuple) -> tuple[str, ...]:
    return tuple(term.n3() for term in triple)


def _bind_prefixes(target: Graph | Dataset) -> None:
    for prefix, iri in PREFIXES.items():
        target.bind(prefix, iri, override=True)


def _sorted_copy(g: Graph) -> Graph:
    """A copy of ``g`` with the project prefixes, triples inserted in sorted order."""
    copy = Graph()
    _bind_prefixes(copy)
    for triple in sorted(g, key=_sort_key):
        copy.add(triple)
    return copy


def turtle_bytes(g: Graph) -> bytes:
    """Turtle of ``g``; rdflib sorts subjects, predicates and objects, so this is stable."""
    return _sorted_copy(g).serialize(format="turtle", encoding="utf-8")


def trig_bytes(ds: Dataset) -> bytes:
    """TriG of ``ds`` with its graphs in sorted order (rdflib keeps them in a set)."""
    copy = Dataset()
    _bind_prefixes(copy)
    for ctx in sorted(ds.graphs(), key=lambda c: c.identifier.n3()):
        target = copy.graph(ctx.identifier)
        for triple in sorted(ctx, key=_sort_key):
            target.add(triple)
    serializer = TrigSerializer(copy)
    serializer.contexts.sort(key=lambda c: c.identifier.n3())
    buf = io.BytesIO()
    serializer.serialize(buf, encoding="utf-8")
    return buf.getvalue()


def _curie(iri: URIRef) -> str:
    """``prefix:local`` for an IRI under one of the project prefixes (longest match)."""
    for prefix, base in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if str(iri).startswith(base):
            return f"{prefix}:{str(iri)[len(base):]}"
    return str(iri)


def _term_definition(onto: Graph, term: URIRef) -> str | dict:
    curie = _curie(term)
    if (term, RDF.type, OWL.ObjectProperty) in onto:
        return {"@id": curie, "@type": "@id"}
    if (term, RDFS.range, XSD.integer) in onto:
        return {"@id": curie, "@type": _curie(XSD.integer)}
    return curie


def jsonld_context() -> dict:
    """The JSON-LD ``@context``: the project prefixes and one term per ``lg:`` term."""
    onto = ontology_graph()
    context: dict = dict(sorted(PREFIXES.items()))
    for term in LG:
        context[str(term)[len(str(LG)):]] = _term_definition(onto, term)
    return context


def context_text() -> str:
    """``context.jsonld``: the ``@context`` of ``graph.jsonld`` as a document of its own, to publish."""
    return json.dumps({"@context": jsonld_context()}, ensure_ascii=False, indent=2) + "\n"


def jsonld_text(g: Graph) -> str:
    """Compact JSON-LD of ``g``, its ``@graph`` sorted by ``@id``."""
    context = jsonld_context()
    doc = json.loads(_sorted_copy(g).serialize(format="json-ld", context=context))
    nodes = doc.get("@graph")
    if isinstance(nodes, list):
        nodes.sort(key=lambda n: str(n.get("@id", "")))
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


# ------------------------------------------------------- property-graph files

def _edge_label(data: dict) -> str:
    return f"{data['predicate']}: {data['title']}" if data["title"] else data["predicate"]


def _file_graph(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """``G`` with unique edge ids (``e0``, ``e1``, ...) and an edge ``label``, for Gephi and Cytoscape.

    GraphML and GEXF name an edge by its key; the predicate keys of
    :func:`to_networkx` repeat, and Gephi would merge edges sharing an id.
    """
    H = nx.MultiDiGraph()
    H.add_nodes_from(G.nodes(data=True))
    for i, (s, o, data) in enumerate(G.edges(data=True)):
        H.add_edge(s, o, key=f"e{i}", label=_edge_label(data), **data)
    return H


def _write_graphml(H: nx.MultiDiGraph, path: Path) -> None:
    with atomic_open(path, "wb") as fh:
        nx.write_graphml(H, fh, encoding="utf-8")


def _write_gexf(H: nx.MultiDiGraph, path: Path) -> None:
    with atomic_open(path, "wb") as fh:
        nx.write_gexf(H, fh, encoding="utf-8")


def cytoscape_json(G: nx.MultiDiGraph) -> dict:
    """Cytoscape.js elements JSON of a :func:`to_networkx` graph.

    Nodes carry ``id`` (the IRI), ``name`` and every node attribute; edges
    ``id`` (``e0``, ``e1``, ...), ``source``, ``target``, ``label`` and every
    edge attribute. ``cy.add(doc.elements)`` or Cytoscape's "Import network
    from file" (``.cyjs``) read it.
    """
    doc = nx.cytoscape_data(_file_graph(G), name="label")
    for edge in doc["elements"]["edges"]:
        edge["data"]["id"] = edge["data"].pop("key")
    for node in doc["elements"]["nodes"]:
        node["data"].pop("value", None)  # the same IRI as "id"
    return doc


def _neo4j_type(predicate: str) -> str:
    """``locatedIn`` -> ``LOCATED_IN`` (Neo4j's relationship-type convention)."""
    return "".join(f"_{c}" if c.isupper() else c.upper() for c in predicate).lstrip("_")


def _neo4j_node_rows(G: nx.MultiDiGraph) -> Iterator[list]:
    for node, d in G.nodes(data=True):
        labels = d["type"] if d["type"] == DOCUMENT_TYPE else f"{NEO4J_ENTITY_LABEL};{d['type']}"
        aliases = NEO4J_ARRAY_DELIMITER.join(a for a in d["aliases"].split("|") if a)
        yield [node, d["label"], d["type"], d["level"], d["code"], d["mention_count"], aliases, d["doc_count"],
               d["first_date"], d["last_date"], labels]


def _neo4j_relationship_rows(G: nx.MultiDiGraph) -> Iterator[list]:
    for s, o, d in G.edges(data=True):
        yield [s, o, _neo4j_type(d["predicate"]), d["title"], d["evidence"], d["first_date"], d["last_date"]]


def _write_csv(path: Path, header: Iterable[str], rows: Iterable[Iterable]) -> None:
    with atomic_open(path, "w") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def _node_rows(G: nx.MultiDiGraph) -> Iterator[list]:
    for node, data in G.nodes(data=True):
        yield [node, *(data[f] for f in NODE_FIELDS)]


def _edge_rows(G: nx.MultiDiGraph) -> Iterator[list]:
    for s, o, data in G.edges(data=True):
        yield [s, o, data["predicate"], data["title"], G.nodes[s]["label"], G.nodes[o]["label"],
               data["evidence"], data["first_date"], data["last_date"]]


def write_exports(g: Graph, out_dir: Path, dataset: Dataset | None = None) -> list[Path]:
    """Write every export of ``g`` into ``out_dir`` and return the paths written.

    Parameters
    ----------
    g : rdflib.Graph
        A graph built by :func:`kg.graph.build_graph`.
    out_dir : path
        Created if missing.
    dataset : rdflib.Dataset, optional
        From :func:`kg.graph.build_dataset`; when given, ``graph.trig`` (one
        named graph per document) is written too.

    Returns
    -------
    list of Path
        Always ``graph.ttl``; ``graph.jsonld`` with its ``@context`` inline and
        the same context alone in ``context.jsonld``; ``graph.graphml`` and
        ``graph.gexf`` (typed attributes, unique edge ids, for Gephi);
        ``graph.cyjs`` (Cytoscape.js JSON); ``nodes.csv`` and ``edges.csv``;
        ``neo4j_nodes.csv`` and ``neo4j_relationships.csv`` (for
        ``neo4j-admin database import full --nodes=neo4j_nodes.csv
        --relationships=neo4j_relationships.csv``).
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def out(name: str) -> Path:
        path = out_dir / name
        written.append(path)
        return path

    atomic_write_bytes(out("graph.ttl"), turtle_bytes(g))
    atomic_write_text(out("graph.jsonld"), jsonld_text(g))
    atomic_write_text(out("context.jsonld"), context_text())
    if dataset is not None:
        atomic_write_bytes(out("graph.trig"), trig_bytes(dataset))
    G = to_networkx(g)
    H = _file_graph(G)
    _write_graphml(H, out("graph.graphml"))
    _write_gexf(H, out("graph.gexf"))
    atomic_write_text(out("graph.cyjs"), json.dumps(cytoscape_json(G), ensure_ascii=False, indent=1) + "\n")
    _write_csv(out("nodes.csv"), ("id", *NODE_FIELDS), _node_rows(G))
    _write_csv(out("edges.csv"), EDGE_FIELDS, _edge_rows(G))
    _write_csv(out("neo4j_nodes.csv"), NEO4J_NODE_HEADER, _neo4j_node_rows(G))
    _write_csv(out("neo4j_relationships.csv"), NEO4J_RELATIONSHIP_HEADER, _neo4j_relationship_rows(G))
    return written

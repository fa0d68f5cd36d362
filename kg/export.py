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

import contextlib
import csv
import io
import json
import os
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path

import networkx as nx
from rdflib import Dataset, Graph, URIRef

from kg.io import atomic_open, atomic_path, atomic_write_bytes, atomic_write_text
from kg.namespace import (
    DCTERMS, ENTITY_TYPES, LG, OWL, PREFIXES, PROV, RDF, RDFS, RELATION_PREDICATES, SKOS, XSD,
    ontology_graph,
)

__all__ = [
    "to_networkx", "write_exports", "jsonld_context", "context_text", "cytoscape_json", "turtle_bytes", "trig_bytes", "jsonld_bytes",
    "term_reader", "write_graph_files", "RdfDumps", "RDF_DUMPS", "NODE_FIELDS", "EDGE_FIELDS", "DOCUMENT_TYPE", "NEO4J_NODE_HEADER", "NEO4J_RELATIONSHIP_HEADER",
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


class _RdfView:
    """What :func:`to_networkx` reads from an rdflib graph, every term as its string (IRI or lexical form)."""

    def __init__(self, g: Graph) -> None:
        self.g = g

    def subject_objects(self, p) -> Iterator[tuple[str, str]]:
        for s, o in self.g.subject_objects(p):
            yield str(s), str(o)

    def subjects(self, p, o: str) -> Iterator[str]:
        for s in self.g.subjects(p, URIRef(o)):
            yield str(s)

    def iri_subjects(self, p, o) -> Iterator[str]:
        for s in self.g.subjects(p, o):
            if isinstance(s, URIRef):
                yield str(s)

    def iri_objects(self, p) -> Iterator[str]:
        for o in self.g.objects(None, p):
            if isinstance(o, URIRef):
                yield str(o)

    def value(self, s: str, p) -> str | None:
        v = self.g.value(URIRef(s), p)
        return None if v is None else str(v)


class _OxView(_RdfView):
    """The same, read from a pyoxigraph store's default graph directly (no rdflib terms are made)."""

    def __init__(self, store) -> None:
        import pyoxigraph as ox

        self.store, self.ox, self.default = store, ox, ox.DefaultGraph()

    def _quads(self, s, p, o):
        return self.store.quads_for_pattern(s, self.ox.NamedNode(p), o, self.default)

    def subject_objects(self, p) -> Iterator[tuple[str, str]]:
        for q in self._quads(None, p, None):
            yield q.subject.value, q.object.value

    def subjects(self, p, o: str) -> Iterator[str]:
        for q in self._quads(None, p, self.ox.NamedNode(o)):
            yield q.subject.value

    def iri_subjects(self, p, o) -> Iterator[str]:
        named = self.ox.NamedNode
        for q in self._quads(None, p, named(o)):
            s = q.subject
            if type(s) is named:
                yield s.value

    def iri_objects(self, p) -> Iterator[str]:
        named = self.ox.NamedNode
        for q in self._quads(None, p, None):
            o = q.object
            if type(o) is named:
                yield o.value

    def value(self, s: str, p) -> str | None:
        for q in self._quads(self.ox.NamedNode(s), p, None):
            return q.object.value
        return None


def term_reader(g: Graph) -> _RdfView:
    """What :func:`to_networkx` and :func:`kg.html.node_cards` read from ``g``, with terms as strings.

    On an Oxigraph-backed graph it reads the store's own terms (no rdflib
    term is made per triple, which costs more than the lookup); on any other
    graph it goes through rdflib. IRIs and literals come out as their string
    (IRI or lexical form), the same either way.
    """
    from kg.store import is_oxigraph_graph

    return _OxView(g.store._inner) if is_oxigraph_graph(g) else _RdfView(g)


def _smallest(view: _RdfView, p) -> dict[str, str]:
    """Subject -> the smallest value of ``p``, from one scan of ``p``."""
    out: dict[str, str] = {}
    for s, v in view.subject_objects(p):
        cur = out.get(s)
        if cur is None or v < cur:
            out[s] = v
    return out


def _all(view: _RdfView, p) -> dict[str, list[str]]:
    """Subject -> every value of ``p``, from one scan of ``p``."""
    out: dict[str, list[str]] = defaultdict(list)
    for s, o in view.subject_objects(p):
        out[s].append(o)
    return out


class _Tables:
    """What :func:`to_networkx` reads, gathered with one scan per predicate, keyed by IRI strings.

    A scan is one call into the store; on an Oxigraph store it reads the
    store's own terms, with no rdflib term made per triple.
    """

    def __init__(self, view: _RdfView) -> None:
        self.labels = _smallest(view, RDFS.label)
        self.titles = _smallest(view, DCTERMS.title)
        self.paths = _smallest(view, LG.sourcePath)
        self.dates = _smallest(view, DCTERMS.date)
        self.part_of = _smallest(view, LG.partOf)
        self.levels = _smallest(view, LG.adminLevel)
        self.codes = _smallest(view, LG.adminCode)
        self.counts = _smallest(view, LG.mentionCount)
        self.aliases = _all(view, SKOS.altLabel)
        self.mentioned_in = _all(view, LG.mentionedIn)

    def document_date(self, doc) -> str:
        """The date of a document, else of the file it is part of; ``""`` when none."""
        seen = set()
        while doc is not None and doc not in seen:
            seen.add(doc)
            date = self.dates.get(doc)
            if date:
                return date
            doc = self.part_of.get(doc) or None
        return ""

    def entity_attrs(self, e: str, type_name: str) -> dict:
        docs = set(self.mentioned_in.get(e, ()))
        dates = sorted(d for d in (self.dates.get(doc) for doc in docs) if d)
        return {
            "label": self.labels.get(e, ""),
            "type": type_name,
            "level": self.levels.get(e, ""),
            "code": self.codes.get(e, ""),
            "mention_count": int(self.counts[e]) if e in self.counts else 0,
            "aliases": "|".join(sorted(str(a) for a in self.aliases.get(e, ()))),
            "doc_count": len(docs),
            "first_date": dates[0] if dates else "",
            "last_date": dates[-1] if dates else "",
        }

    def document_attrs(self, d: str) -> dict:
        date = self.dates.get(d, "")
        return {
            "label": self.titles.get(d) or self.paths.get(d, ""),
            "type": DOCUMENT_TYPE,
            "level": "",
            "code": "",
            "mention_count": 0,
            "aliases": "",
            "doc_count": 0,
            "first_date": date,
            "last_date": date,
        }


def _entities(view: _RdfView) -> dict[str, str]:
    """Entity IRI -> type name."""
    out: dict[str, str] = {}
    for cls, name in sorted(_type_of_class().items()):
        for s in view.iri_subjects(RDF.type, cls):
            out.setdefault(s, name)
    return out


def _relation_evidence(view: _RdfView, tables: _Tables) -> dict[tuple, list[str]]:
    """(subject, predicate, object) -> one date per evidence sentence (``""`` if undated).

    Read from the reified ``rdf:Statement`` of each relation; a gazetteer fact
    (derived from the divisions, not a sentence) has no entry.
    """
    subjects = dict(view.subject_objects(RDF.subject))
    predicates = dict(view.subject_objects(RDF.predicate))
    objects = dict(view.subject_objects(RDF.object))
    doc_of: dict = {}
    out: dict[tuple, list[str]] = defaultdict(list)
    for st, sentence in view.subject_objects(PROV.wasDerivedFrom):
        if st not in subjects:
            continue  # a post's provenance, not a statement's
        if sentence not in doc_of:
            doc_of[sentence] = view.value(sentence, LG.inDocument)  # None for the divisions source
        doc = doc_of[sentence]
        if doc is not None:
            out[(subjects[st], predicates.get(st), objects.get(st))].append(tables.document_date(doc))
    return out


def _post_titles(view: _RdfView) -> dict[tuple, str]:
    """(person, organization or place) -> the titles of the person's posts there, joined."""
    holders = dict(view.subject_objects(LG.holder))
    places = dict(view.subject_objects(LG.postIn))
    titles: dict[tuple, set[str]] = defaultdict(set)
    for post, title in view.subject_objects(LG.title):
        if post in holders and post in places:
            titles[(holders[post], places[post])].add(title)
    return {key: POST_TITLE_SEPARATOR.join(sorted(ts)) for key, ts in titles.items()}


def _relation_edges(view: _RdfView, nodes: set[str], tables: _Tables) -> Iterator[tuple[str, str, str, dict]]:
    """(source, target, predicate name, edge attributes) for relations between known nodes."""
    evidence = _relation_evidence(view, tables)
    titles = _post_titles(view)
    for name, predicate in RELATION_PREDICATES.items():
        p = str(predicate)
        for s, o in view.subject_objects(predicate):
            if s in nodes and o in nodes:
                title = titles.get((s, o), "") if predicate == LG.holdsPost else ""
                found = evidence.get((s, p, o), ())
                dates = sorted(d for d in found if d)
                yield s, o, name, {
                    "predicate": name, "title": title, "evidence": len(found),
                    "first_date": dates[0] if dates else "", "last_date": dates[-1] if dates else "",
                }


def to_networkx(g: Graph) -> nx.MultiDiGraph:
    """Flatten the entities of an lgkg graph and their relations into networkx.

    Parameters
    ----------
    g : rdflib.Graph
        A graph built by :func:`kg.graph.build_graph`, or one over an Oxigraph
        store (:func:`kg.store.store_graph`), which is then read directly.

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
    view = term_reader(g)
    tables = _Tables(view)
    entities = _entities(view)
    documents = {o for o in view.iri_objects(LG.authorOf) if o not in entities}
    attrs = {e: tables.entity_attrs(e, t) for e, t in entities.items()}
    attrs |= {d: tables.document_attrs(d) for d in documents}
    G = nx.MultiDiGraph()
    for node in sorted(attrs):
        G.add_node(node, **attrs[node])
    for s, o, name, data in sorted(_relation_edges(view, set(attrs), tables), key=lambda e: e[:3]):
        G.add_edge(s, o, key=name, **data)
    return G


# -------------------------------------------------------------- RDF formats

def _prefixes() -> dict[str, str]:
    return {prefix: str(iri) for prefix, iri in PREFIXES.items()}


@contextlib.contextmanager
def oxigraph_store(g: Graph | Dataset) -> Iterator:
    """The pyoxigraph store behind ``g``: its own when ``g`` is Oxigraph-backed, else a temporary copy.

    A :class:`~rdflib.Dataset` keeps its named graphs; a :class:`~rdflib.Graph`
    goes into the default graph. The copy is an on-disk store: Oxigraph
    writes Turtle, TriG and JSON-LD in the order of its on-disk indexes, which
    depends only on the triples (its memory store follows insertion order),
    so every serialization here is the same for the same graph, however it
    was built.
    """
    import pyoxigraph as ox

    from kg.store import is_oxigraph_graph, rdflib_quads

    if is_oxigraph_graph(g):
        yield g.store._inner
        return
    with tempfile.TemporaryDirectory(prefix="lgkg-store-") as tmp:
        store = ox.Store(tmp)
        store.bulk_extend(rdflib_quads(g))
        yield store
        del store


def _dump(store, fmt, output=None, named: bool = False):
    import pyoxigraph as ox

    kw = {} if named else {"from_graph": ox.DefaultGraph()}
    prefixes = None if fmt == ox.RdfFormat.JSON_LD else _prefixes()
    return store.dump(output, fmt, prefixes=prefixes, **kw)


def turtle_bytes(g: Graph) -> bytes:
    """Turtle of ``g`` (subjects grouped, in Oxigraph's index order), the same bytes for the same graph."""
    import pyoxigraph as ox

    with oxigraph_store(g) as store:
        return _dump(store, ox.RdfFormat.TURTLE)


def trig_bytes(ds: Dataset) -> bytes:
    """TriG of ``ds``, one block per named graph, the same bytes for the same dataset."""
    import pyoxigraph as ox

    with oxigraph_store(ds) as store:
        return _dump(store, ox.RdfFormat.TRIG, named=True)


def _jsonld_head() -> bytes:
    """What comes before Oxigraph's node objects in a JSON-LD file: the project context, then ``"@graph"``."""
    return b'{"@context": ' + json.dumps(jsonld_context(), ensure_ascii=False).encode("utf-8") + b',\n"@graph": '


#: What closes a JSON-LD file after Oxigraph's node objects.
_JSONLD_TAIL = b"}\n"


def _write_jsonld(store, fh) -> None:
    """``{"@context": …, "@graph": […]}``: Oxigraph's streamed node objects under the project context."""
    import pyoxigraph as ox

    fh.write(_jsonld_head())
    _dump(store, ox.RdfFormat.JSON_LD, fh)
    fh.write(_JSONLD_TAIL)


def _write_dump(store, path: Path, fmt: str) -> None:
    """Write the store's default graph to ``path`` atomically as ``turtle`` or ``json-ld``.

    Oxigraph writes straight to a file path, in Rust, without the GIL, so a
    dump in a thread runs beside Python work. The temporary file of
    :func:`kg.io.atomic_path` is the path Oxigraph writes; it replaces
    ``path`` only once complete. JSON-LD is dumped beside it and copied in by
    the kernel between the ``@context`` header and the closing brace.
    """
    import pyoxigraph as ox

    with atomic_path(path) as tmp:
        if fmt != "json-ld":
            _dump(store, ox.RdfFormat.TURTLE, tmp)
            return
        with tempfile.NamedTemporaryFile(prefix=f".{path.name}.", suffix=".part", dir=path.parent) as part:
            _dump(store, ox.RdfFormat.JSON_LD, part.name)
            size = os.fstat(part.fileno()).st_size
            with open(tmp, "wb") as fh:
                fh.write(_jsonld_head())
                fh.flush()
                copied = 0
                while copied < size:  # in the kernel: no Python, no GIL, per byte
                    n = os.sendfile(fh.fileno(), part.fileno(), copied, size - copied)
                    if n == 0:
                        raise OSError(f"{path}: short copy of the JSON-LD dump")
                    copied += n
                fh.write(_JSONLD_TAIL)


def jsonld_bytes(g: Graph) -> bytes:
    """JSON-LD of ``g``: the node objects (full IRIs) inside a document carrying :func:`jsonld_context`."""
    buf = io.BytesIO()
    with oxigraph_store(g) as store:
        _write_jsonld(store, buf)
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


def write_graph_files(G: nx.MultiDiGraph, out_dir: Path) -> list[Path]:
    """Write the property-graph files of a :func:`to_networkx` graph into ``out_dir``; return their paths.

    ``graph.graphml``, ``graph.gexf``, ``graph.cyjs``, ``nodes.csv``,
    ``edges.csv``, ``neo4j_nodes.csv`` and ``neo4j_relationships.csv``, in
    that order (see :func:`write_exports`).
    """
    out_dir = Path(out_dir)
    names = ("graph.graphml", "graph.gexf", "graph.cyjs", "nodes.csv", "edges.csv", "neo4j_nodes.csv",
             "neo4j_relationships.csv")
    paths = [out_dir / name for name in names]
    H = _file_graph(G)
    _write_graphml(H, paths[0])
    _write_gexf(H, paths[1])
    del H
    atomic_write_text(paths[2], json.dumps(cytoscape_json(G), ensure_ascii=False, indent=1) + "\n")
    _write_csv(paths[3], ("id", *NODE_FIELDS), _node_rows(G))
    _write_csv(paths[4], EDGE_FIELDS, _edge_rows(G))
    _write_csv(paths[5], NEO4J_NODE_HEADER, _neo4j_node_rows(G))
    _write_csv(paths[6], NEO4J_RELATIONSHIP_HEADER, _neo4j_relationship_rows(G))
    return paths


#: The RDF files Oxigraph dumps from the store: file name and format.
RDF_DUMPS = (("graph.ttl", "turtle"), ("graph.jsonld", "json-ld"))


def write_exports(g: Graph, out_dir: Path, dataset: Dataset | None = None,
                  G: nx.MultiDiGraph | None = None, *, jobs: int = 1, page: Path | None = None) -> list[Path]:
    """Write every export of ``g`` into ``out_dir`` and return the paths written.

    Parameters
    ----------
    g : rdflib.Graph
        A graph built by :func:`kg.graph.build_graph`, or one over an Oxigraph
        store (:func:`kg.store.store_graph`), whose RDF files Oxigraph then
        writes straight from the store.
    out_dir : path
        Created if missing.
    dataset : rdflib.Dataset, optional
        From :func:`kg.graph.build_dataset`; when given, ``graph.trig`` (one
        named graph per document) is written too.
    G : networkx.MultiDiGraph, optional
        ``to_networkx(g)``, when the caller has it already.
    jobs : int
        Cores to use: with 1 every file is written in turn in this thread;
        with more, Oxigraph dumps the RDF files in up to ``jobs - 1`` threads
        of its own (without the GIL) while NetworkX writes the rest here.
        The files are the same whatever ``jobs``.
    page : path, optional
        Also write the interactive page there (:func:`kg.html.write_html`),
        beside the dumps like the other files; it comes last in the list.

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
    rdf = [out_dir / name for name, _ in RDF_DUMPS]
    written: list[Path] = [*rdf, out_dir / "context.jsonld"]
    with oxigraph_store(g) as store, RdfDumps(store, out_dir, jobs) as dumps:
        atomic_write_text(written[-1], context_text())
        if dataset is not None:
            written.append(out_dir / "graph.trig")
            atomic_write_bytes(written[-1], trig_bytes(dataset))
        G = to_networkx(g) if G is None else G
        written += write_graph_files(G, out_dir)
        if page is not None:
            from kg.html import write_html  # kg.html imports this module

            written.append(write_html(g, page, G=G))
        dumps.wait()
    return written


class RdfDumps:
    """Oxigraph's dumps of a store (:data:`RDF_DUMPS`) into ``out_dir``, as a context manager.

    With ``jobs`` 1 the files are written on entering, in turn, in this
    thread; with more, in ``min(jobs - 1, 2)`` threads started on entering,
    which the caller's Python work runs beside (Oxigraph holds no GIL while it
    writes to a path). :meth:`wait` (called on leaving too) writes in this
    thread any dump no thread has started yet, so the budget is never idle,
    then waits for the others and raises the first error.
    """

    def __init__(self, store, out_dir: Path, jobs: int = 1) -> None:
        self.store, self.out_dir, self.jobs = store, Path(out_dir), max(1, jobs)
        self._pool: ThreadPoolExecutor | None = None
        self._futures: list = []

    def __enter__(self) -> RdfDumps:
        tasks = [(self.store, self.out_dir / name, fmt) for name, fmt in RDF_DUMPS]
        if self.jobs == 1:
            for task in tasks:
                _write_dump(*task)
        else:
            self._pool = ThreadPoolExecutor(max_workers=min(self.jobs - 1, len(tasks)), thread_name_prefix="lgkg-dump")
            # the larger dump (JSON-LD) first: the last one may end up written by wait() in this thread
            self._futures = [(self._pool.submit(_write_dump, *task), task) for task in reversed(tasks)]
        return self

    def wait(self) -> None:
        futures, self._futures = self._futures, []
        try:
            for future, task in reversed(futures):
                if future.cancel():  # not started: no thread is free, and this one is
                    _write_dump(*task)
            for future, _ in futures:
                if not future.cancelled():
                    future.result()
        finally:
            if self._pool is not None:
                self._pool.shutdown(wait=True, cancel_futures=True)
                self._pool = None

    def __exit__(self, exc_type, *exc) -> None:
        if exc_type is None:
            self.wait()
        elif self._pool is not None:  # the caller failed: write nothing more, let a running dump end
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
            self._futures = []

"""Build the RDF graph from extraction records: the one place the graph is made.

The graph follows ``../spec/graph-contract.md``: typed entities with labels,
aliases and the documents that mention them; documents, sentences and
mentions with offsets; the six relations as direct triples, each traced to
its evidence sentences through a reified ``rdf:Statement`` (and, for posts,
an ``lg:Post`` node).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from collections.abc import Callable, Iterable, Iterator

from rdflib import Dataset, Graph, Literal, URIRef

from kg.model import Corpus, EntityRecord, RelationRecord
from kg.namespace import (
    DCTERMS, ENTITY_TYPES, LG, LGR, PROV, RDF, RDFS, RELATION_PREDICATES, SKOS, XSD,
    bind_prefixes, document_iri, entity_iri, mention_iri, post_iri, sentence_iri, statement_iri,
)

#: Provenance of facts read from the official administrative divisions, not from a text.
DIVISIONS_SOURCE = LGR["source/administrative-divisions"]


def new_graph() -> Graph:
    return bind_prefixes(Graph())


def entity_ref(entity: EntityRecord) -> URIRef:
    return entity_iri(entity.etype, entity.name, entity.ident or entity.code)


def _zh(text: str) -> Literal:
    return Literal(text, lang="zh")


def build_graph(corpus: Corpus) -> Graph:
    """Turn a :class:`~kg.model.Corpus` into an rdflib graph (the contract's default graph)."""
    g = new_graph()
    add = g.store.add  # the store directly: Graph.add re-checks every term, the records need no check
    for triple, _name in iter_quads(corpus):
        add(triple, g)
    return g


def build_dataset(corpus: Corpus) -> Dataset:
    """The same triples as :func:`build_graph`, one named graph per document.

    Triples read from a document (its mentions, sentences, relations with
    evidence there) go into the graph named by the document's IRI; the
    corpus-wide rest (entity labels, gazetteer facts) into ``lgr:graph/corpus``.
    """
    ds = bind_prefixes(Dataset())
    graphs: dict[URIRef, Graph] = {}
    add = ds.store.add
    for triple, name in iter_quads(corpus):
        ctx = graphs.get(name)
        if ctx is None:
            ctx = graphs[name] = ds.graph(name)
        add(triple, ctx)
    return ds


CORPUS_GRAPH = LGR["graph/corpus"]


@dataclass(frozen=True)
class LiteralMaker:
    """How :func:`iter_quads` makes its literals: plain strings, integers, dates, Chinese text."""

    plain: Callable[[str], object]
    integer: Callable[[int], object]
    date: Callable[[str], object]
    zh: Callable[[str], object]


RDFLIB_LITERALS = LiteralMaker(
    plain=Literal,
    integer=lambda n: Literal(n, datatype=XSD.integer),
    date=lambda text: Literal(text, datatype=XSD.date),
    zh=_zh,
)


def iter_quads(corpus: Corpus, literals: LiteralMaker | None = None) -> Iterator[tuple[tuple, URIRef]]:
    """Every triple of the corpus's graph with the named graph it belongs to, made one at a time.

    ``graph_name`` is the named graph :func:`build_dataset` puts the triple
    in: triples read from a document (its sentences, mentions, relations with
    evidence there) in the document's graph, the corpus-wide rest in
    :data:`CORPUS_GRAPH`. The same triple may come more than once (a relation
    with evidence in several sentences); graphs and stores keep it once.
    Nothing is held, so large graphs go into an Oxigraph store
    (:func:`kg.store.load_records`) without an rdflib graph in memory. The
    order depends only on the records, so serializations made from it are
    the same on every run.

    IRIs are rdflib :class:`~rdflib.URIRef`; literals are made by
    ``literals`` (default: rdflib's), so a store can take its own literal
    objects without making rdflib ones first.
    """
    L = literals or RDFLIB_LITERALS
    entities = corpus.entities
    iri_of = {key: entity_ref(e) for key, e in entities.items()}
    docs = {d.doc_id: d for d in corpus.documents}
    corpus_graph = CORPUS_GRAPH

    # Documents
    for d in corpus.documents:
        g = di = document_iri(d.doc_id)
        yield (di, RDF.type, LG.Document), g
        yield (di, LG.sourcePath, L.plain(d.source_path)), g
        yield (di, LG.charCount, L.integer(len(d.text))), g
        if d.title:
            yield (di, DCTERMS.title, L.zh(d.title)), g
        if d.date:
            yield (di, DCTERMS.date, L.date(d.date)), g
        if d.publication:
            yield (di, LG.publication, L.zh(d.publication)), g
        if d.edition:
            yield (di, LG.edition, L.plain(d.edition)), g
        for name in d.authors:
            yield (di, LG.byline, L.zh(name)), g
        if d.media_type:
            yield (di, DCTERMS.format, L.plain(d.media_type)), g
        if d.part_of:
            yield (di, LG.partOf, document_iri(d.part_of)), g
            yield (di, LG.start, L.integer(d.start)), g

    # Sentences
    for s in corpus.sentences:
        si = sentence_iri(s.doc_id, s.index)
        g = document_iri(s.doc_id)
        yield (si, RDF.type, LG.Sentence), g
        yield (si, LG.inDocument, g), g
        yield (si, LG.index, L.integer(s.index)), g
        yield (si, LG.start, L.integer(s.start)), g
        yield (si, LG.end, L.integer(s.end)), g
        yield (si, LG.text, L.plain(s.text)), g

    # Mentions, and the documents each entity is mentioned in
    mentioned: dict[str, set[str]] = defaultdict(set)
    counts: dict[str, int] = defaultdict(int)
    for m in corpus.mentions:
        if m.entity not in entities:
            continue
        mi = mention_iri(m.doc_id, m.start, m.end)
        g = document_iri(m.doc_id)
        yield (mi, RDF.type, LG.Mention), g
        yield (mi, LG.mentionOf, iri_of[m.entity]), g
        yield (mi, LG.inDocument, g), g
        yield (mi, LG.inSentence, sentence_iri(m.doc_id, m.sentence)), g
        yield (mi, LG.start, L.integer(m.start)), g
        yield (mi, LG.end, L.integer(m.end)), g
        yield (mi, LG.text, L.plain(m.text)), g
        counts[m.entity] += 1
        doc = docs.get(m.doc_id)
        while doc is not None:  # an article's mention is also a mention in its file
            if doc.doc_id not in mentioned[m.entity]:
                mentioned[m.entity].add(doc.doc_id)
                yield (iri_of[m.entity], LG.mentionedIn, document_iri(doc.doc_id)), g
            doc = docs.get(doc.part_of) if doc.part_of else None

    # Entities
    for key, e in entities.items():
        ei = iri_of[key]
        yield (ei, RDF.type, ENTITY_TYPES[e.etype]), corpus_graph
        yield (ei, RDFS.label, L.zh(e.name)), corpus_graph
        for alias in sorted(e.aliases - {e.name}):
            yield (ei, SKOS.altLabel, L.zh(alias)), corpus_graph
        yield (ei, LG.mentionCount, L.integer(counts.get(key, 0))), corpus_graph
        yield (ei, LG.documentCount, L.integer(len(mentioned.get(key, ())))), corpus_graph
        if e.etype == "Place":
            if e.level:
                yield (ei, LG.adminLevel, L.plain(e.level)), corpus_graph
            if e.code:
                yield (ei, LG.adminCode, L.plain(e.code)), corpus_graph

    # Relations
    uses_divisions = False
    facts: dict[str, set[tuple]] = defaultdict(set)
    for r in corpus.relations:
        triples, from_divisions = _relation_triples(r, iri_of, L)
        if triples is None:
            continue
        uses_divisions |= from_divisions
        if r.doc_id and r.sentence is not None:
            g = document_iri(r.doc_id)
            facts[r.doc_id].add(triples[0])
        else:
            g = corpus_graph
        for triple in triples:
            yield triple, g

    # Per-document statistics, so ranked queries need not count mentions and sentences at query time
    sentences: dict[str, int] = defaultdict(int)
    for sent in corpus.sentences:
        sentences[sent.doc_id] += 1
    entities_in: dict[str, int] = defaultdict(int)
    for docs_of in mentioned.values():
        for doc_id in docs_of:
            entities_in[doc_id] += 1
    for d in corpus.documents:
        di = document_iri(d.doc_id)
        yield (di, LG.sentenceCount, L.integer(sentences.get(d.doc_id, 0))), di
        yield (di, LG.entityCount, L.integer(entities_in.get(d.doc_id, 0))), di
        yield (di, LG.factCount, L.integer(len(facts.get(d.doc_id, ())))), di

    if uses_divisions:
        yield (DIVISIONS_SOURCE, RDF.type, PROV.Entity), corpus_graph
        yield (DIVISIONS_SOURCE, RDFS.label, L.zh("中华人民共和国行政区划（jionlp 数据）")), corpus_graph


def _relation_triples(r: RelationRecord, iri_of: dict[str, URIRef], L: LiteralMaker) -> tuple[list[tuple] | None, bool]:
    predicate = RELATION_PREDICATES[r.predicate]
    s = iri_of.get(r.subject)
    o = document_iri(r.object) if r.predicate == "authorOf" else iri_of.get(r.object)
    if s is None or o is None:
        return None, False
    triples: list[tuple] = [(s, predicate, o)]
    evidence = sentence_iri(r.doc_id, r.sentence) if r.doc_id and r.sentence is not None else None
    st = statement_iri(str(s), str(predicate), str(o))
    triples += [
        (st, RDF.type, RDF.Statement),
        (st, RDF.subject, s),
        (st, RDF.predicate, predicate),
        (st, RDF.object, o),
        (st, PROV.wasDerivedFrom, evidence if evidence is not None else DIVISIONS_SOURCE),
    ]
    if r.predicate == "holdsPost":
        title = r.title or ""
        pi = post_iri(str(s), str(o), title)
        triples += [(pi, RDF.type, LG.Post), (pi, LG.holder, s), (pi, LG.postIn, o)]
        if title:
            triples.append((pi, LG.title, L.zh(title)))
        if evidence is not None:
            triples.append((pi, PROV.wasDerivedFrom, evidence))
    return triples, evidence is None


def iter_entities(g: Graph) -> Iterable[tuple[URIRef, URIRef, str]]:
    """(iri, class, label) for every entity in ``g``."""
    for cls in ENTITY_TYPES.values():
        for e in g.subjects(RDF.type, cls):
            yield e, cls, str(g.value(e, RDFS.label) or "")

"""Every IRI lgkg writes, read against ``ontology.ttl``.

This is the only module that spells an IRI. ``LG`` is a closed namespace built
from the terms ``ontology.ttl`` declares, so a term the ontology does not know
raises ``AttributeError`` instead of silently minting a new IRI.

>>> from kg.namespace import LG
>>> str(LG.Place)
'https://w3id.org/lgkg/ontology#Place'
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import resources
from pathlib import Path
from urllib.parse import quote

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

LG_IRI = "https://w3id.org/lgkg/ontology#"
LGR_IRI = "https://w3id.org/lgkg/id/"
ONTOLOGY_IRI = URIRef("https://w3id.org/lgkg/ontology")

__all__ = [
    "LG", "LGR", "RDF", "RDFS", "SKOS", "PROV", "XSD", "DCTERMS", "OWL",
    "ontology_path", "ontology_graph", "PREFIXES", "bind_prefixes", "ENTITY_TYPES",
    "entity_iri", "document_iri", "sentence_iri", "mention_iri", "post_iri",
    "statement_iri", "RELATION_PREDICATES",
]


def ontology_path() -> Path:
    """Path of ``ontology.ttl``: packaged in the wheel, or at the repository root."""
    packaged = resources.files("kg") / "ontology.ttl"
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "ontology.ttl"


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    """The ontology, parsed once."""
    g = Graph()
    g.parse(ontology_path(), format="turtle")
    return g


def _declared_terms() -> list[str]:
    g = ontology_graph()
    terms = set()
    for s in g.subjects(RDF.type, None):
        if isinstance(s, URIRef) and str(s).startswith(LG_IRI):
            terms.add(str(s)[len(LG_IRI):])
    return sorted(terms)


class _OntologyTerms:
    """Attribute access to the declared ``lg:`` terms; unknown names raise.

    (rdflib's ClosedNamespace is a ``str`` subclass, so ``LG.title`` or
    ``LG.index`` would return string methods; this class has no such clash.)
    """

    def __init__(self, base: str, terms: list[str]):
        self._base = base
        self._terms = {t: URIRef(base + t) for t in terms}

    def __getattr__(self, name: str) -> URIRef:
        try:
            return self._terms[name]
        except KeyError:
            raise AttributeError(f"lg:{name} is not declared in ontology.ttl") from None

    __getitem__ = __getattr__

    def __iter__(self):
        return iter(sorted(self._terms.values()))

    def __contains__(self, iri) -> bool:
        return str(iri)[len(self._base):] in self._terms and str(iri).startswith(self._base)

    def __str__(self) -> str:
        return self._base


LG = _OntologyTerms(LG_IRI, _declared_terms())
LGR = Namespace(LGR_IRI)

PREFIXES = {
    "lg": LG_IRI, "lgr": LGR_IRI, "rdf": str(RDF), "rdfs": str(RDFS), "skos": str(SKOS),
    "prov": str(PROV), "xsd": str(XSD), "dcterms": str(DCTERMS), "owl": str(OWL),
}


def bind_prefixes(graph, override: bool = True):
    """Bind the project prefixes (:data:`PREFIXES`) on an rdflib graph or dataset and return it;
    ``override=False`` keeps a prefix the graph already binds to another namespace."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=override)
    return graph

#: Entity type name (as used in records and the gold annotations) -> class IRI.
ENTITY_TYPES = {
    "Place": LG.Place,
    "Organization": LG.Organization,
    "Person": LG.Person,
    "Program": LG.Program,
}

#: Relation name (records, gold) -> property IRI.
RELATION_PREDICATES = {
    "locatedIn": LG.locatedIn,
    "basedIn": LG.basedIn,
    "subOrganizationOf": LG.subOrganizationOf,
    "holdsPost": LG.holdsPost,
    "implements": LG.implements,
    "authorOf": LG.authorOf,
}


def _seg(text: str) -> str:
    return quote(text, safe="")


def _digest(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def entity_iri(etype: str, name: str, code: str | None = None) -> URIRef:
    """Stable IRI of an entity: from the admin code for coded places, else type and ``code``
    (a disambiguated name, 张霞@山东省) or the name.

    >>> entity_iri("Place", "吉林市", "220200")
    rdflib.term.URIRef('https://w3id.org/lgkg/id/place/220200')
    """
    kind = etype.lower()
    if etype == "Place" and code:
        return LGR[f"{kind}/{code}"]
    return LGR[f"{kind}/{_seg(code or name)}"]


def document_iri(doc_id: str) -> URIRef:
    """IRI of a document; ``doc_id`` is the path-derived id (``a/b.txt#3`` for articles)."""
    return LGR["doc/" + _seg(doc_id)]


def sentence_iri(doc_id: str, index: int) -> URIRef:
    return LGR[f"sentence/{_seg(doc_id)}/{index}"]


def mention_iri(doc_id: str, start: int, end: int) -> URIRef:
    return LGR[f"mention/{_seg(doc_id)}/{start}-{end}"]


def post_iri(person: str, post_in: str, title: str) -> URIRef:
    return LGR["post/" + _digest(person, post_in, title)]


def statement_iri(subject: str, predicate: str, obj: str) -> URIRef:
    return LGR["statement/" + _digest(subject, predicate, obj)]

"""Tests for kg.validate and the SHACL shapes in kg/shapes.ttl."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest
from rdflib import BNode, Graph, Literal

from kg.graph import build_dataset, build_graph
from kg.model import Corpus, DocumentRecord, EntityRecord, MentionRecord, RelationRecord, SentenceRecord
from kg.namespace import LG, LGR, PROV, RDF, RDFS, document_iri
from kg.validate import ValidationResult, shapes_graph, shapes_path, validate

FUSONG = LGR["place/220621"]
BAISHAN = LGR["place/220600"]


def first(g: Graph, cls) -> object:
    return sorted(g.subjects(RDF.type, cls))[0]


def copy(g: Graph) -> Graph:
    out = Graph()
    for triple in g:
        out.add(triple)
    return out


def test_shapes_are_packaged_with_kg():
    assert shapes_path().name == "shapes.ttl"
    assert shapes_path().parent.name == "kg"
    assert len(shapes_graph()) > 0


def test_fixture_graph_conforms(graph):
    result = validate(graph)
    assert isinstance(result, ValidationResult)
    assert result.conforms, result.text
    assert result.violations == 0
    assert "Conforms: True" in result.text


def test_articles_and_many_documents_conform(corpus):
    """Articles inside a file (lg:partOf, lg:start) and copies of the snippet in other files."""
    c = Corpus(entities=dict(corpus.entities))
    for n in range(3):
        doc_id = f"{n:03d}_copy.txt"
        c.documents += [replace(d, doc_id=doc_id, source_path=doc_id) for d in corpus.documents]
        c.sentences += [replace(s, doc_id=doc_id) for s in corpus.sentences]
        c.mentions += [replace(m, doc_id=doc_id) for m in corpus.mentions]
        c.relations += [
            replace(r, doc_id=doc_id if r.doc_id else None, object=doc_id if r.predicate == "authorOf" else r.object)
            for r in corpus.relations
        ]
    text = "梨树县委组织部组织科负责流动党员管理。"
    c.documents.append(DocumentRecord("multi.txt", "multi.txt", "前言\n" + text))
    c.documents.append(DocumentRecord("multi.txt#1", "multi.txt", text, title="组织科", part_of="multi.txt", start=3))
    c.sentences.append(SentenceRecord("multi.txt#1", 0, 0, len(text), text))
    key = EntityRecord.make_key("Organization", "梨树县委组织部组织科")
    c.entities[key] = EntityRecord(key, "Organization", "梨树县委组织部组织科", {"梨树县委组织部组织科"})
    c.mentions.append(MentionRecord("multi.txt#1", 0, 0, 10, text[:10], "Organization", key))
    c.relations.append(RelationRecord(key, "subOrganizationOf", "Organization:梨树县委组织部", "multi.txt#1", 0))
    g = build_graph(c)
    assert (document_iri("multi.txt#1"), LG.partOf, document_iri("multi.txt")) in g
    result = validate(g)
    assert result.conforms, result.text


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's Dataset internals
def test_dataset_is_validated_as_union(corpus):
    """Per-document named graphs hold facts whose types live in the corpus graph."""
    assert validate(build_dataset(corpus)).conforms


def _remove_label(g: Graph) -> None:
    g.remove((FUSONG, RDFS.label, None))


def _english_label(g: Graph) -> None:
    g.remove((FUSONG, RDFS.label, None))
    g.add((FUSONG, RDFS.label, Literal("Fusong County", lang="en")))


def _two_labels(g: Graph) -> None:
    g.add((FUSONG, RDFS.label, Literal("抚松", lang="zh")))


def _planet(g: Graph) -> None:
    mars = LGR["place/火星"]
    g.add((mars, RDF.type, LG.Place))
    g.add((mars, RDFS.label, Literal("火星", lang="zh")))
    g.add((mars, LG.adminLevel, Literal("planet")))


def _no_level(g: Graph) -> None:
    g.remove((FUSONG, LG.adminLevel, None))


def _bad_code(g: Graph) -> None:
    g.remove((FUSONG, LG.adminCode, None))
    g.add((FUSONG, LG.adminCode, Literal("22-06-21")))


def _two_codes(g: Graph) -> None:
    g.add((FUSONG, LG.adminCode, Literal("220622")))


def _person_located_in(g: Graph) -> None:
    g.add((first(g, LG.Person), LG.locatedIn, FUSONG))


def _located_in_person(g: Graph) -> None:
    g.add((FUSONG, LG.locatedIn, first(g, LG.Person)))


def _mention_without_entity(g: Graph) -> None:
    g.remove((first(g, LG.Mention), LG.mentionOf, None))


def _mention_of_document(g: Graph) -> None:
    m = first(g, LG.Mention)
    g.remove((m, LG.mentionOf, None))
    g.add((m, LG.mentionOf, g.value(m, LG.inDocument)))


def _mention_without_sentence(g: Graph) -> None:
    g.remove((first(g, LG.Mention), LG.inSentence, None))


def _mention_end_before_start(g: Graph) -> None:
    m = first(g, LG.Mention)
    g.set((m, LG.end, Literal(0)))  # an xsd:integer


def _mention_string_offset(g: Graph) -> None:
    m = first(g, LG.Mention)
    g.set((m, LG.start, Literal("5")))


def _document_without_path(g: Graph) -> None:
    g.remove((first(g, LG.Document), LG.sourcePath, None))


def _sentence_without_index(g: Graph) -> None:
    g.remove((first(g, LG.Sentence), LG.index, None))


def _based_in_program(g: Graph) -> None:
    g.add((first(g, LG.Organization), LG.basedIn, first(g, LG.Program)))


def _suborganization_of_place(g: Graph) -> None:
    g.add((first(g, LG.Organization), LG.subOrganizationOf, FUSONG))


def _post_in_program(g: Graph) -> None:
    g.add((first(g, LG.Person), LG.holdsPost, first(g, LG.Program)))


def _organization_holds_post(g: Graph) -> None:
    g.add((first(g, LG.Organization), LG.holdsPost, FUSONG))


def _person_implements(g: Graph) -> None:
    g.add((first(g, LG.Person), LG.implements, first(g, LG.Program)))


def _implements_place(g: Graph) -> None:
    g.add((FUSONG, LG.implements, BAISHAN))


def _author_of_place(g: Graph) -> None:
    g.add((first(g, LG.Person), LG.authorOf, FUSONG))


def _post_without_holder(g: Graph) -> None:
    g.remove((first(g, LG.Post), LG.holder, None))


def _post_two_post_ins(g: Graph) -> None:
    g.add((first(g, LG.Post), LG.postIn, FUSONG))


def _statement_without_evidence(g: Graph) -> None:
    g.remove((first(g, RDF.Statement), PROV.wasDerivedFrom, None))


def _statement_without_subject(g: Graph) -> None:
    g.remove((first(g, RDF.Statement), RDF.subject, None))


def _blank_entity(g: Graph) -> None:
    b = BNode()
    g.add((b, RDF.type, LG.Program))
    g.add((b, RDFS.label, Literal("无名项目", lang="zh")))


BREAKAGES: dict[str, Callable[[Graph], None]] = {
    f.__name__.lstrip("_"): f for f in (
        _remove_label, _english_label, _two_labels, _planet, _no_level, _bad_code, _two_codes,
        _person_located_in, _located_in_person, _mention_without_entity, _mention_of_document,
        _mention_without_sentence, _mention_end_before_start, _mention_string_offset,
        _document_without_path, _sentence_without_index, _based_in_program, _suborganization_of_place,
        _post_in_program, _organization_holds_post, _person_implements, _implements_place,
        _author_of_place, _post_without_holder, _post_two_post_ins, _statement_without_evidence,
        _statement_without_subject, _blank_entity,
    )
}


@pytest.mark.parametrize("name", sorted(BREAKAGES))
def test_broken_graph_fails(graph, name):
    broken = copy(graph)
    BREAKAGES[name](broken)
    result = validate(broken)
    assert not result.conforms
    assert result.violations > 0
    assert "Conforms: False" in result.text


def test_violation_report_names_the_problem(graph):
    broken = copy(graph)
    _planet(broken)
    result = validate(broken)
    assert result.violations == 1
    assert "lg:adminLevel" in result.text
    assert "planet" in result.text


def test_person_located_in_is_reported_as_such(graph):
    """Without RDFS inference the Person is not silently turned into a Place."""
    broken = copy(graph)
    _person_located_in(broken)
    result = validate(broken)
    assert result.violations == 1
    assert "only an lg:Place can be lg:locatedIn something" in result.text


def test_validate_does_not_change_the_graph(graph):
    before = set(graph)
    validate(graph)
    assert set(graph) == before

"""Scoring of a graph against gold annotations (kg.evaluate)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Literal

from kg.evaluate import (
    ENTITY_MICRO, RELATION_MICRO, evaluate_graph, format_report, load_gold, normalize_name, row_names,
)
from kg.graph import build_graph, entity_ref
from kg.model import EntityRecord, MentionRecord, RelationRecord
from kg.namespace import ENTITY_TYPES, LG, RDF, RDFS, RELATION_PREDICATES, document_iri, entity_iri

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"

SOURCE = "000_snippet.txt"

# What the fixture corpus (tests/conftest.py) holds for the unit, as gold.
PERFECT_ENTITIES = [
    {"type": "Person", "name": "李娜", "aliases": []},
    {"type": "Place", "name": "抚松县", "aliases": ["抚松"], "level": "county", "parent": "白山市"},
    {"type": "Program", "name": "五个一管理机制", "aliases": ["五个一"]},
    {"type": "Organization", "name": "梨树县委组织部", "aliases": []},
    {"type": "Person", "name": "田昭一", "aliases": []},
    {"type": "Place", "name": "吉林市", "aliases": [], "level": "prefecture", "parent": "吉林省"},
    {"type": "Place", "name": "船营区", "aliases": [], "level": "county", "parent": "吉林市"},
    {"type": "Place", "name": "大东街道", "aliases": [], "level": "township", "parent": "船营区"},
    {"type": "Organization", "name": "大东街道党工委", "aliases": ["吉林市船营区大东街道党工委"]},
    {"type": "Program", "name": "解题暖心大走访活动", "aliases": ["解题暖心"]},
]
PERFECT_RELATIONS = [
    {"s": "李娜", "p": "authorOf", "o": "DOC"},
    {"s": "抚松县", "p": "implements", "o": "五个一管理机制"},
    {"s": "抚松县", "p": "locatedIn", "o": "白山市", "evidence": "gazetteer"},
    {"s": "梨树县委组织部", "p": "basedIn", "o": "梨树县"},
    {"s": "田昭一", "p": "holdsPost", "o": "梨树县委组织部", "title": "副部长"},
    {"s": "吉林市", "p": "locatedIn", "o": "吉林省", "evidence": "gazetteer"},
    {"s": "船营区", "p": "locatedIn", "o": "吉林市"},
    {"s": "大东街道", "p": "locatedIn", "o": "船营区"},
    {"s": "大东街道党工委", "p": "basedIn", "o": "大东街道"},
    {"s": "大东街道党工委", "p": "implements", "o": "解题暖心大走访活动"},
]


def write_gold(tmp_path: Path, entities=None, relations=None, name: str = "000_snippet") -> Path:
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir(exist_ok=True)
    unit = {
        "source": f"{name}.txt",
        "entities": PERFECT_ENTITIES if entities is None else entities,
        "relations": PERFECT_RELATIONS if relations is None else relations,
    }
    (gold_dir / f"{name}.json").write_text(json.dumps(unit, ensure_ascii=False), encoding="utf-8")
    return gold_dir


def counts(report, row: str) -> tuple[int, int, int]:
    s = report.rows[row]
    return s.tp, s.fp, s.fn


def entity(graph, etype: str, name: str):
    return entity_iri(etype, name, next(
        (str(c) for e in graph.subjects(RDFS.label, Literal(name, lang="zh"))
         for c in graph.objects(e, LG.adminCode)), None))


# --------------------------------------------------------------------------- basics


def test_perfect_gold_scores_one(graph, tmp_path):
    report = evaluate_graph(graph, write_gold(tmp_path))
    assert report.units == ["000_snippet"]
    assert list(report.rows) == row_names()
    for row in [*ENTITY_TYPES, *RELATION_PREDICATES]:
        s = report.rows[row]
        assert s.fp == 0 and s.fn == 0, (row, s.missed, s.spurious)
    for row in ["Place", "Organization", "Person", "Program", ENTITY_MICRO,
                "locatedIn", "basedIn", "holdsPost", "implements", "authorOf", RELATION_MICRO]:
        assert report.rows[row].f1 == 1.0, row
    assert counts(report, ENTITY_MICRO) == (10, 0, 0)
    assert counts(report, RELATION_MICRO) == (10, 0, 0)
    assert counts(report, "subOrganizationOf") == (0, 0, 0)


def test_unmentioned_gazetteer_facts_are_not_predicted(graph, tmp_path):
    """白山市 -> 吉林省 is in the graph but its subject is not mentioned in the unit."""
    rels = PERFECT_RELATIONS + [{"s": "白山市", "p": "locatedIn", "o": "吉林省"}]
    report = evaluate_graph(graph, write_gold(tmp_path, relations=rels))
    assert counts(report, "locatedIn") == (4, 0, 1)
    assert report.rows["locatedIn"].missed == [("000_snippet", "白山市 locatedIn 吉林省")]


def test_removed_entity_is_a_false_negative(graph, tmp_path):
    graph.remove((entity(graph, "Person", "田昭一"), LG.mentionedIn, None))
    report = evaluate_graph(graph, write_gold(tmp_path))
    assert counts(report, "Person") == (1, 0, 1)
    assert counts(report, ENTITY_MICRO) == (9, 0, 1)
    assert report.rows["Person"].recall == 0.5 and report.rows["Person"].precision == 1.0
    assert report.rows["Person"].missed == [("000_snippet", "田昭一")]


def test_added_wrong_entity_is_a_false_positive(graph, tmp_path):
    wrong = entity_iri("Organization", "抚松县委")
    graph.add((wrong, RDF.type, ENTITY_TYPES["Organization"]))
    graph.add((wrong, RDFS.label, Literal("抚松县委", lang="zh")))
    graph.add((wrong, LG.mentionedIn, document_iri(SOURCE)))
    report = evaluate_graph(graph, write_gold(tmp_path))
    assert counts(report, "Organization") == (2, 1, 0)
    assert report.rows["Organization"].precision == pytest.approx(2 / 3)
    assert report.rows["Organization"].spurious == [("000_snippet", "抚松县委")]
    assert counts(report, ENTITY_MICRO) == (10, 1, 0)


def test_type_must_agree(graph, tmp_path):
    ents = [dict(e, type="Organization") if e["name"] == "大东街道" else e for e in PERFECT_ENTITIES]
    report = evaluate_graph(graph, write_gold(tmp_path, entities=ents))
    assert counts(report, "Place") == (3, 1, 0)
    assert counts(report, "Organization") == (2, 0, 1)


def test_entity_in_other_document_is_not_predicted(corpus, tmp_path):
    from kg.model import DocumentRecord

    corpus.documents.append(DocumentRecord("other.txt", "other.txt", "四平市"))
    corpus.mentions.append(MentionRecord("other.txt", 0, 0, 3, "四平市", "Place", "Place:四平市"))
    report = evaluate_graph(build_graph(corpus), write_gold(tmp_path))
    assert counts(report, "Place") == (4, 0, 0)


# --------------------------------------------------------------------------- name matching


def test_alias_matching(graph, tmp_path):
    """Gold's canonical name is an altLabel of the graph's entity, and the other way round."""
    ents = [dict(e, name="吉林市船营区大东街道党工委", aliases=[]) if e["name"] == "大东街道党工委" else e
            for e in PERFECT_ENTITIES]
    ents = [dict(e, name="抚松", aliases=["抚松县"]) if e["name"] == "抚松县" else e for e in ents]
    rels = [dict(r, s="吉林市船营区大东街道党工委") if r["s"] == "大东街道党工委" else r for r in PERFECT_RELATIONS]
    report = evaluate_graph(graph, write_gold(tmp_path, entities=ents, relations=rels))
    assert counts(report, ENTITY_MICRO) == (10, 0, 0)
    assert counts(report, RELATION_MICRO) == (10, 0, 0)


def test_alias_of_alias_does_not_match(graph, tmp_path):
    """Sharing only an alias is not enough: a canonical name must be among the other's names."""
    ents = [e for e in PERFECT_ENTITIES if e["type"] != "Program"]
    ents.append({"type": "Program", "name": "另一个机制", "aliases": ["五个一"]})
    report = evaluate_graph(graph, write_gold(tmp_path, entities=ents))
    assert counts(report, "Program") == (0, 2, 1)


def test_quote_and_whitespace_normalization(graph, tmp_path):
    ents = [dict(e, name="“五个一” 管理机制", aliases=[]) if e["name"] == "五个一管理机制" else e
            for e in PERFECT_ENTITIES]
    rels = [dict(r, o="「五个一」管理机制") if r["o"] == "五个一管理机制" else r for r in PERFECT_RELATIONS]
    report = evaluate_graph(graph, write_gold(tmp_path, entities=ents, relations=rels))
    assert counts(report, "Program") == (2, 0, 0)
    assert counts(report, "implements") == (2, 0, 0)


@pytest.mark.parametrize("raw", ["“五个一”管理机制", "\"五个一\" 管理机制", "『五个一』管理机制",
                                 "＂五个一＂管理机制", "‘五个一’\u3000管理机制", "五个一\n管理机制"])
def test_normalize_name(raw):
    assert normalize_name(raw) == "五个一管理机制"


def test_one_to_one(graph, tmp_path):
    """Two gold entities that both match one predicted entity: one tp, one fn."""
    ents = PERFECT_ENTITIES + [{"type": "Program", "name": "五个一", "aliases": []}]
    report = evaluate_graph(graph, write_gold(tmp_path, entities=ents))
    assert counts(report, "Program") == (2, 0, 1)
    assert report.rows["Program"].missed == [("000_snippet", "五个一")]  # exact pair kept


def test_one_to_one_predicted_side(graph, tmp_path):
    """Two predicted entities that both match one gold entity: one tp, one fp."""
    dup = entity_iri("Program", "五个一")
    graph.add((dup, RDF.type, ENTITY_TYPES["Program"]))
    graph.add((dup, RDFS.label, Literal("五个一", lang="zh")))
    graph.add((dup, LG.mentionedIn, document_iri(SOURCE)))
    report = evaluate_graph(graph, write_gold(tmp_path))
    assert counts(report, "Program") == (2, 1, 0)
    assert report.rows["Program"].spurious == [("000_snippet", "五个一")]


def test_matching_is_maximum_not_greedy(graph, tmp_path):
    """Gold A (五个一管理机制, alias 五个一机制) equals the predicted 五个一管理机制 exactly, but
    taking that pair first would leave gold B (五个一) unmatched; the maximum matching pairs
    A with the predicted 五个一机制 and B with 五个一管理机制 (whose altLabel is 五个一)."""
    other = entity_iri("Program", "五个一机制")
    graph.add((other, RDF.type, ENTITY_TYPES["Program"]))
    graph.add((other, RDFS.label, Literal("五个一机制", lang="zh")))
    graph.add((other, LG.mentionedIn, document_iri(SOURCE)))
    ents = [e for e in PERFECT_ENTITIES if e["name"] != "五个一管理机制"]
    ents.insert(0, {"type": "Program", "name": "五个一", "aliases": []})
    ents.insert(0, {"type": "Program", "name": "五个一管理机制", "aliases": ["五个一机制"]})
    report = evaluate_graph(graph, write_gold(tmp_path, entities=ents))
    assert counts(report, "Program") == (3, 0, 0)


# --------------------------------------------------------------------------- relations


def test_author_of_doc(graph, tmp_path):
    rels = [r for r in PERFECT_RELATIONS if r["p"] != "authorOf"]
    report = evaluate_graph(graph, write_gold(tmp_path, relations=rels))
    assert counts(report, "authorOf") == (0, 1, 0)
    assert report.rows["authorOf"].spurious == [("000_snippet", "李娜 authorOf DOC")]
    rels.append({"s": "田昭一", "p": "authorOf", "o": "DOC"})
    report = evaluate_graph(graph, write_gold(tmp_path, relations=rels))
    assert counts(report, "authorOf") == (0, 1, 1)


def test_author_of_article_counts_for_its_file(corpus, tmp_path):
    from kg.model import DocumentRecord

    article = DocumentRecord(SOURCE + "#1", SOURCE, corpus.documents[0].text, part_of=SOURCE)
    corpus.documents.append(article)
    corpus.relations = [r for r in corpus.relations if r.predicate != "authorOf"]
    corpus.relations.append(RelationRecord("Person:李娜", "authorOf", article.doc_id, article.doc_id, 0))
    report = evaluate_graph(build_graph(corpus), write_gold(tmp_path))
    assert counts(report, "authorOf") == (1, 0, 0)


def test_sentence_evidence_in_article(corpus, tmp_path):
    """A relation read in an article lg:partOf the unit's file is predicted for the unit."""
    from kg.model import DocumentRecord, SentenceRecord

    corpus.documents.append(DocumentRecord(SOURCE + "#1", SOURCE, "x", part_of=SOURCE))
    corpus.sentences.append(SentenceRecord(SOURCE + "#1", 0, 0, 1, "x"))
    corpus.relations.append(RelationRecord("Organization:梨树县委组织部", "subOrganizationOf",
                                           "Organization:大东街道党工委", SOURCE + "#1", 0))
    report = evaluate_graph(build_graph(corpus), write_gold(tmp_path))
    assert counts(report, "subOrganizationOf") == (0, 1, 0)


def test_gazetteer_located_in_counts_for_mentioned_subject(graph, tmp_path):
    """抚松县 -> 白山市 has only divisions provenance; its subject is mentioned in the unit."""
    (s, o) = entity(graph, "Place", "抚松县"), entity(graph, "Place", "白山市")
    assert (s, LG.locatedIn, o) in graph
    rels = [r for r in PERFECT_RELATIONS if r["o"] != "白山市"]
    report = evaluate_graph(graph, write_gold(tmp_path, relations=rels))
    assert counts(report, "locatedIn") == (3, 1, 0)
    assert report.rows["locatedIn"].spurious == [("000_snippet", "抚松县 locatedIn 白山市")]
    graph.remove((s, LG.mentionedIn, None))  # subject no longer mentioned: not predicted
    report = evaluate_graph(graph, write_gold(tmp_path))
    assert counts(report, "locatedIn") == (3, 0, 1)


def test_holds_post_title_not_scored(graph, tmp_path):
    rels = [dict(r, title="部长") if r["p"] == "holdsPost" else r for r in PERFECT_RELATIONS]
    report = evaluate_graph(graph, write_gold(tmp_path, relations=rels))
    assert counts(report, "holdsPost") == (1, 0, 0)


def test_relation_end_mismatch(graph, tmp_path):
    rels = [dict(r, o="梨树县委") if r["p"] == "holdsPost" else r for r in PERFECT_RELATIONS]
    report = evaluate_graph(graph, write_gold(tmp_path, relations=rels))
    assert counts(report, "holdsPost") == (0, 1, 1)


def test_gold_relations_deduplicated(graph, tmp_path):
    rels = PERFECT_RELATIONS + [{"s": "“抚松县”", "p": "implements", "o": "五个一管理机制"}]
    report = evaluate_graph(graph, write_gold(tmp_path, relations=rels))
    assert counts(report, "implements") == (2, 0, 0)


def test_country_located_in_of_province_excluded(corpus, tmp_path):
    for name, level in (("中国", "country"),):
        key = EntityRecord.make_key("Place", name)
        corpus.entities[key] = EntityRecord(key, "Place", name, {name}, level, None)
    # 吉林省 mentioned in the unit, with its gazetteer parent the country
    text = corpus.documents[0].text
    corpus.mentions.append(MentionRecord(SOURCE, 3, text.index("吉林市"), text.index("吉林市") + 2, "吉林",
                                         "Place", "Place:吉林省"))
    corpus.relations.append(RelationRecord("Place:吉林省", "locatedIn", "Place:中国"))
    graph = build_graph(corpus)
    assert (entity_ref(corpus.entities["Place:吉林省"]), LG.locatedIn,
            entity_ref(corpus.entities["Place:中国"])) in graph
    ents = PERFECT_ENTITIES + [{"type": "Place", "name": "吉林省", "aliases": ["吉林"], "level": "province",
                                "parent": "中国"}]
    rels = PERFECT_RELATIONS + [{"s": "吉林省", "p": "locatedIn", "o": "中国", "evidence": "gazetteer"}]
    report = evaluate_graph(graph, write_gold(tmp_path, entities=ents, relations=rels))
    assert counts(report, "Place") == (5, 0, 0)
    assert counts(report, "locatedIn") == (4, 0, 0)  # dropped on both sides
    # a non-province subject in the country is scored
    rels.append({"s": "吉林市", "p": "locatedIn", "o": "中国"})
    report = evaluate_graph(graph, write_gold(tmp_path, entities=ents, relations=rels))
    assert counts(report, "locatedIn") == (4, 0, 1)


def test_source_path_suffix_match(corpus, tmp_path):
    from dataclasses import replace

    corpus.documents[0] = replace(corpus.documents[0], source_path="dev/" + SOURCE)
    report = evaluate_graph(build_graph(corpus), write_gold(tmp_path))
    assert counts(report, ENTITY_MICRO) == (10, 0, 0)


def test_unit_without_document_scores_zero(graph, tmp_path):
    gold_dir = write_gold(tmp_path, name="missing_unit")
    report = evaluate_graph(graph, gold_dir)
    assert counts(report, ENTITY_MICRO) == (0, 0, 10)
    assert counts(report, RELATION_MICRO) == (0, 0, 10)


# --------------------------------------------------------------------------- gold loading, report


@pytest.mark.parametrize("content", [
    "{not json",
    "[]",
    json.dumps({"entities": [], "relations": []}),
    json.dumps({"source": "x.txt", "entities": [{"type": "Thing", "name": "a"}], "relations": []}),
    json.dumps({"source": "x.txt", "entities": [{"type": "Place"}], "relations": []}),
    json.dumps({"source": "x.txt", "entities": [], "relations": [{"s": "a", "p": "likes", "o": "b"}]}),
    json.dumps({"source": "x.txt", "entities": [], "relations": [{"s": "a", "p": "basedIn"}]}),
])
def test_malformed_gold_raises_value_error(tmp_path, content):
    (tmp_path / "bad.json").write_text(content, encoding="utf-8")
    with pytest.raises(ValueError) as info:
        load_gold(tmp_path)
    msg = str(info.value)
    assert "bad.json" in msg and "\n" not in msg


def test_load_gold_empty_folder(tmp_path):
    with pytest.raises(ValueError, match="no gold"):
        load_gold(tmp_path)


def test_format_report(graph, tmp_path):
    graph.remove((entity(graph, "Person", "田昭一"), LG.mentionedIn, None))
    report = evaluate_graph(graph, write_gold(tmp_path))
    table = format_report(report)
    lines = table.splitlines()
    assert lines[-len(row_names()) - 1].split() == ["measure", "P", "R", "F1", "tp", "fp", "fn"]
    body = lines[-len(row_names()):]
    assert [line.split()[0] if not line.startswith(("entity", "relation")) else " ".join(line.split()[:2])
            for line in body] == row_names()
    assert len({len(line) for line in body}) == 1  # aligned
    assert body[row_names().index("Person")].split()[1:] == ["1.000", "0.500", "0.667", "1", "0", "1"]
    assert "田昭一" not in table
    detailed = format_report(report, show_errors=True)
    assert "Person missed (1):" in detailed and "000_snippet: 田昭一" in detailed
    assert detailed.endswith(table)


# --------------------------------------------------------------------------- real gold


def test_real_gold_with_empty_graph():
    gold_dir = SHARED / "gold" / "dev"
    if not gold_dir.is_dir():
        pytest.skip(f"shared gold not available at {gold_dir}")
    from kg.graph import new_graph

    units = load_gold(gold_dir)
    assert units
    report = evaluate_graph(new_graph(), gold_dir)
    assert report.units == [u.name for u in units]
    raw = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(gold_dir.glob("*.json"))]
    n_ents = {t: sum(e["type"] == t for u in raw for e in u["entities"]) for t in ENTITY_TYPES}
    n_rels = {p: 0 for p in RELATION_PREDICATES}
    for u in raw:
        provinces = {e["name"] for e in u["entities"] if e.get("level") == "province"}
        seen = set()
        for r in u["relations"]:
            key = (normalize_name(r["s"]), r["p"], normalize_name(r["o"]))
            if (r["p"] == "locatedIn" and r["o"] == "中国" and r["s"] in provinces) or key in seen:
                continue
            seen.add(key)
            n_rels[r["p"]] += 1
    for row, n in [*n_ents.items(), *n_rels.items(),
                   (ENTITY_MICRO, sum(n_ents.values())), (RELATION_MICRO, sum(n_rels.values()))]:
        s = report.rows[row]
        assert (s.tp, s.fp, s.fn) == (0, 0, n), row
        assert s.recall == 0.0
        assert len(s.missed) == n
    assert report.rows[ENTITY_MICRO].fn > 0 and report.rows[RELATION_MICRO].fn > 0

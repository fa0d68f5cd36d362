"""Tests for kg.query and the ready-made queries in queries/*.rq."""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata

import pytest
from rdflib import Graph, Literal

from kg.graph import build_dataset, build_graph
from kg.model import Corpus, DocumentRecord, EntityRecord, MentionRecord, RelationRecord, SentenceRecord
from kg.namespace import LG, LGR, PREFIXES, XSD, document_iri, entity_iri
from kg.store import is_oxigraph_graph
from kg.query import (
    ENGINES, FORMATS, QueryError, QueryResult, format_result, list_queries, load_graph, queries_dir,
    resolve_query, run_query,
)

DOC = "000_snippet.txt"
TITLE = "党建领航绘就基层善治新图景"


def add_document(c: Corpus, doc_id: str, lines: list[str], entities: list[tuple[str, str, str | None, str | None]],
                 relations: list[tuple[str, str, str, int]], **doc) -> None:
    """Append a document whose sentences are ``lines``; every entity name is mentioned where it first occurs."""
    text = "\n".join(lines)
    c.documents.append(DocumentRecord(doc_id, doc.pop("source_path", doc_id), text, **doc))
    pos = 0
    for i, line in enumerate(lines):
        c.sentences.append(SentenceRecord(doc_id, i, pos, pos + len(line), line))
        pos += len(line) + 1
    for etype, name, level, code in entities:
        key = EntityRecord.make_key(etype, name)
        c.entities.setdefault(key, EntityRecord(key, etype, name, {name}, level, code))
        start = text.index(name)
        sentence = next(s.index for s in c.sentences if s.doc_id == doc_id and s.start <= start < s.end)
        c.mentions.append(MentionRecord(doc_id, sentence, start, start + len(name), name, etype, key))
    for s, p, o, sentence in relations:
        c.relations.append(RelationRecord(s, p, o, doc_id, sentence))


@pytest.fixture
def extended_graph(corpus) -> Graph:
    """The fixture plus a second document: an organization tree, and a program run by an unplaced organization."""
    add_document(
        corpus, "001_extra.txt",
        ["梨树县委组织部是梨树县委的工作部门。", "梨树县委组织部组织科推出红色驿站服务品牌。", "科长王明说。"],
        [("Organization", "梨树县委", None, None), ("Organization", "梨树县委组织部组织科", None, None),
         ("Program", "红色驿站", None, None), ("Person", "王明", None, None)],
        [("Organization:梨树县委组织部", "subOrganizationOf", "Organization:梨树县委", 0),
         ("Organization:梨树县委组织部组织科", "subOrganizationOf", "Organization:梨树县委组织部", 1),
         ("Organization:梨树县委", "basedIn", "Place:梨树县", 0),
         ("Organization:梨树县委组织部组织科", "implements", "Program:红色驿站", 1)],
        title="组织机构", date="2025-12-01",
    )
    corpus.relations.append(RelationRecord(
        "Person:王明", "holdsPost", "Organization:梨树县委组织部组织科", "001_extra.txt", 2, "科长"))
    return build_graph(corpus)


def rows(g: Graph, name: str) -> list[tuple]:
    return run_query(g, resolve_query(name)).rows


# ---------------------------------------------------------------- ready queries

S1 = "为推动流动党员管理全面化、系统化，抚松县同步推出“五个一”管理机制。"
S3 = "吉林市船营区大东街道党工委深入开展“解题暖心”大走访活动。"

#: Exact rows every packaged query returns on the fixture graph (in order). The fixture is far
#: smaller than the queries' pages (LIMIT), so these are whole answers.
EXPECTED: dict[str, list[tuple]] = {
    "programs_by_place": [
        ("五个一管理机制", "抚松县", "抚松县", "Place"),
        ("解题暖心大走访活动", "大东街道", "大东街道党工委", "Organization"),
    ],
    "people_and_posts": [("田昭一", "副部长", "梨树县委组织部", "1")],
    "place_hierarchy": [
        ("吉林省", "province", "220000", None, None, "0"),
        ("吉林市", "prefecture", "220200", "吉林省", "220000", "1"),
        ("船营区", "county", "220204", "吉林市", "220200", "1"),
        ("四平市", "prefecture", "220300", "吉林省", "220000", "0"),
        ("梨树县", "county", "220322", "四平市", "220300", "0"),
        ("白山市", "prefecture", "220600", "吉林省", "220000", "0"),
        ("抚松县", "county", "220621", "白山市", "220600", "1"),
    ],
    "organizations_by_county": [
        ("船营区", "220204", "吉林市", "1", "1"),
        ("抚松县", "220621", "白山市", "1", "0"),
        ("梨树县", "220322", "四平市", "0", "1"),
    ],
    "documents_mentioning_program": [("五个一管理机制", TITLE, "2025-11-27", DOC)],
    "program_evidence": [("五个一管理机制", "抚松县", S1, DOC)],
    "authors": [("李娜", "1")],
    "programs_by_county": [
        ("抚松县", "五个一管理机制", "1", "1"),
        ("船营区", "解题暖心大走访活动", "1", "1"),
    ],
    "top_programs": [
        ("五个一管理机制", "1", "1", "1"),
        ("解题暖心大走访活动", "1", "1", "1"),
    ],
    "suborganizations": [],
    "document_overview": [(DOC, TITLE, "2025-11-27", None, "4", "10", "8")],
    "co_mentioned": [("五个一管理机制", "抚松县", "Place", "1")],
}
#: Queries checked by their own tests below (unordered or large results).
CHECKED_APART = {"entity_mentions"}


def test_queries_folder_has_ten_documented_queries():
    infos = list_queries()
    assert queries_dir().is_dir()
    assert len(infos) >= 10
    for q in infos:
        assert q.title and q.description, q.name
    assert {q.name for q in infos} == set(EXPECTED) | CHECKED_APART


@pytest.mark.parametrize("info", list_queries(), ids=lambda q: q.name)
def test_queries_use_only_declared_terms(info):
    text = info.path.read_text(encoding="utf-8")
    for term in re.findall(r"\blg:([A-Za-z_]\w*)", text):
        assert LG[term] in LG, f"{info.name}: lg:{term} is not in ontology.ttl"
    run_query(Graph(), text)  # parses with the default prefixes, runs on an empty graph


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_query_rows_on_fixture(graph, name):
    assert rows(graph, name) == EXPECTED[name]


def test_programs_by_place_has_fusong(graph):
    assert ("五个一管理机制", "抚松县") in {r[:2] for r in rows(graph, "programs_by_place")}


def test_entity_mentions(graph):
    result = run_query(graph, resolve_query("entity_mentions"))
    assert result.vars == ["entity", "label", "type", "mentions", "documents"]
    by_label = {r[1]: r for r in result.rows}
    assert len(by_label) == 10  # the mentioned entities; gazetteer parents have no mention
    assert by_label["抚松县"] == (str(LGR["place/220621"]), "抚松县", "Place", "1", "1")
    assert by_label["田昭一"][2:4] == ("Person", "1")
    assert "白山市" not in by_label


def test_ranked_queries_rank_by_build_time_counts(graph):
    """A second mention of a program in another document puts it first wherever programs are ranked."""
    doc2 = document_iri("002_other.txt")
    program = entity_iri("Program", "解题暖心大走访活动", None)
    for p, o in ((LG.documentCount, 2), (LG.mentionCount, 2)):
        graph.set((program, p, Literal(o, datatype=XSD.integer)))
    graph.add((program, LG.mentionedIn, doc2))
    assert rows(graph, "entity_mentions")[0][1:] == ("解题暖心大走访活动", "Program", "2", "2")
    assert [r[0] for r in rows(graph, "documents_mentioning_program")] == ["解题暖心大走访活动"]
    assert rows(graph, "co_mentioned")[0][0] == "解题暖心大走访活动"
    assert rows(graph, "program_evidence") == [("解题暖心大走访活动", "大东街道党工委", S3, DOC)]


def test_suborganizations_tree(extended_graph):
    assert rows(extended_graph, "suborganizations") == [
        ("梨树县委", "1", "梨树县委组织部"),
        ("梨树县委组织部", "1", "梨树县委组织部组织科"),
    ]


def test_extended_graph_counts(extended_graph):
    overview = rows(extended_graph, "document_overview")
    assert [r[0] for r in overview] == ["001_extra.txt", DOC]  # most recent first
    assert overview[0] == ("001_extra.txt", "组织机构", "2025-12-01", None, "3", "4", "5")
    orgs = rows(extended_graph, "organizations_by_county")
    assert ("梨树县", "220322", "四平市", "0", "2") in orgs  # 梨树县委 and its 组织部, both based there


def test_program_of_unplaced_organization(extended_graph):
    """An implementing organization without lg:basedIn gives one row with no place, not one per label."""
    programs = rows(extended_graph, "programs_by_place")
    assert programs == [EXPECTED["programs_by_place"][0], ("红色驿站", None, "梨树县委组织部组织科", "Organization"),
                        EXPECTED["programs_by_place"][1]]
    top = rows(extended_graph, "top_programs")
    assert ("红色驿站", "1", "1", "1") in top
    assert rows(extended_graph, "people_and_posts") == [
        ("王明", "科长", "梨树县委组织部组织科", "1"),
        EXPECTED["people_and_posts"][0],
    ]


# ---------------------------------------------------------------- running

def test_prefixes_are_predeclared(graph):
    result = run_query(graph, "SELECT ?l WHERE { ?p lg:implements ?x . ?x rdfs:label ?l } ORDER BY ?l")
    assert result.kind == "SELECT"
    assert result.rows == [("五个一管理机制",), ("解题暖心大走访活动",)]
    assert all(isinstance(v, str) for row in result.rows for v in row)


@pytest.mark.parametrize("text", [
    "SELECT ?x WHERE { ?x ?y }",
    "SELEC ?x WHERE { ?x ?y ?z }",
    "SELECT * WHERE {\n  ?s ?p ?o .\n  FILTER(\n}",
    "SELECT * WHERE { ?s nosuchprefix:p ?o }",
])
def test_malformed_query_is_one_line_error(graph, text):
    with pytest.raises(QueryError) as err:
        run_query(graph, text)
    message = str(err.value)
    assert message.startswith("malformed SPARQL query: ")
    assert "\n" not in message and "Traceback" not in message


def test_malformed_query_names_position(graph):
    with pytest.raises(QueryError, match=r"found 'SELEC' at line 1 col 1$"):
        run_query(graph, "SELEC ?x WHERE { ?x ?y ?z }")


@pytest.mark.parametrize("text", [
    "INSERT DATA { lgr:a lg:locatedIn lgr:b }",
    "DELETE WHERE { ?s ?p ?o }",
    "DELETE { ?s ?p ?o }\nINSERT { ?s lg:locatedIn ?o } WHERE { ?s ?p ?o }",
    "CLEAR ALL",
    "DROP DEFAULT",
])
def test_update_is_refused(graph, text):
    before = len(graph)
    with pytest.raises(QueryError, match="SPARQL Update is not allowed"):
        run_query(graph, text)
    assert len(graph) == before


def test_empty_query_refused(graph):
    with pytest.raises(QueryError, match="empty"):
        run_query(graph, "  \n")


def test_ask(graph):
    yes = run_query(graph, "ASK { ?p lg:implements ?x }")
    no = run_query(graph, "ASK { ?p lg:subOrganizationOf ?x }")
    assert (yes.kind, yes.boolean, no.boolean) == ("ASK", True, False)
    assert format_result(yes) == "true\n"
    assert format_result(no, "csv").split() == ["boolean", "false"]
    assert json.loads(format_result(yes, "json")) == {"head": {}, "boolean": True}


CONSTRUCT = "CONSTRUCT { ?a lg:implements ?p } WHERE { ?a lg:implements ?p }"


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's JSON-LD parser internals
def test_construct(graph):
    result = run_query(graph, CONSTRUCT)
    assert result.kind == "CONSTRUCT"
    assert set(result.graph) == set(graph.triples((None, LG.implements, None)))
    turtle = format_result(result, "table")
    assert "@prefix lg:" in turtle
    assert set(Graph().parse(data=turtle, format="turtle")) == set(result.graph)
    assert format_result(result, "csv") == turtle
    jsonld = format_result(result, "json")
    assert "@context" in json.loads(jsonld)
    assert set(Graph().parse(data=jsonld, format="json-ld")) == set(result.graph)


def test_describe(graph):
    result = run_query(graph, f"DESCRIBE <{LGR['place/220621']}>")
    assert result.kind == "DESCRIBE"
    assert (LGR["place/220621"], LG.adminCode, None) in result.graph


# ---------------------------------------------------------------- formats

def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def test_table_format_aligns_wide_characters(graph):
    result = run_query(graph, resolve_query("programs_by_place"))
    lines = format_result(result, "table").splitlines()
    assert lines[0].split(" | ")[0].strip() == "programLabel"
    assert set(lines[1]) <= {"-", "+"}
    assert lines[-1] == "(2 rows)"
    table = lines[:-1]
    # every column separator sits at the same display column on every line
    def columns(line: str) -> list[int]:
        sep = "-+-" if set(line) <= {"-", "+"} else " | "
        cols, pos = [], 0
        for part in line.split(sep)[:-1]:
            pos += display_width(part)
            cols.append(pos)
            pos += len(sep)
        return cols
    assert len({tuple(columns(line)) for line in table}) == 1
    assert "抚松县" in table[2] and "五个一管理机制" in table[2]


def test_table_max_width_cuts_long_cells(graph):
    result = run_query(graph, resolve_query("program_evidence"))
    full = format_result(result)
    assert S1 in full
    cut = format_result(result, max_width=20)
    assert S1 not in cut and S1[:9] + "…" in cut
    assert all(display_width(line) < display_width(full.splitlines()[2]) for line in cut.splitlines())
    assert format_result(result, "csv", max_width=20) == format_result(result, "csv")


def test_table_format_shows_prefixed_names(graph):
    result = run_query(graph, resolve_query("entity_mentions"))
    text = format_result(result, "table")
    assert "lgr:place/220621" in text
    assert "lgr:program/五个一管理机制" in text
    assert "https://" not in text


def test_table_shows_unbound_as_blank(graph):
    text = format_result(run_query(graph, resolve_query("place_hierarchy")))
    fields = [f.strip() for f in text.splitlines()[2].split("|")]
    assert fields == ["吉林省", "province", "220000", "", "", "0"]


def test_csv_format(graph):
    result = run_query(graph, resolve_query("entity_mentions"))
    text = format_result(result, "csv")
    parsed = list(csv.reader(io.StringIO(text)))
    assert parsed[0] == result.vars
    assert [str(LGR["place/220621"]), "抚松县", "Place", "1", "1"] in parsed
    assert len(parsed) == len(result.rows) + 1


def test_csv_unbound_is_empty(graph):
    parsed = list(csv.reader(io.StringIO(format_result(run_query(graph, resolve_query("place_hierarchy")), "csv"))))
    assert parsed[1] == ["吉林省", "province", "220000", "", "", "0"]


def test_json_format_is_sparql_results(graph):
    result = run_query(graph, resolve_query("entity_mentions"))
    doc = json.loads(format_result(result, "json"))
    assert doc["head"]["vars"] == result.vars
    bindings = doc["results"]["bindings"]
    assert len(bindings) == len(result.rows)
    fusong = next(b for b in bindings if b["label"]["value"] == "抚松县")
    assert fusong["entity"] == {"type": "uri", "value": str(LGR["place/220621"])}
    assert fusong["label"] == {"type": "literal", "value": "抚松县", "xml:lang": "zh"}
    assert fusong["mentions"]["datatype"] == PREFIXES["xsd"] + "integer"
    assert fusong["mentions"]["value"] == "1"


def test_json_omits_unbound(graph):
    doc = json.loads(format_result(run_query(graph, resolve_query("place_hierarchy")), "json"))
    jilin = next(b for b in doc["results"]["bindings"] if b["placeLabel"]["value"] == "吉林省")
    assert set(jilin) == {"placeLabel", "level", "code", "documents"}


def test_unknown_format(graph):
    result = run_query(graph, "ASK { ?s ?p ?o }")
    with pytest.raises(QueryError, match="unknown output format"):
        format_result(result, "xml")
    assert FORMATS == ("table", "csv", "json")


def test_format_without_terms():
    result = QueryResult("SELECT", ["a", "b"], [("x", None), ("长名字", "y")])
    assert format_result(result, "csv") == "a,b\r\nx,\r\n长名字,y\r\n"
    assert "长名字 | y" in format_result(result, "table")


# ---------------------------------------------------------------- resolving and loading

def test_resolve_query_by_name_file_or_text(tmp_path):
    packaged = (queries_dir() / "programs_by_place.rq").read_text(encoding="utf-8")
    assert resolve_query("programs_by_place") == packaged
    assert resolve_query("programs_by_place.rq") == packaged
    own = tmp_path / "mine.rq"
    own.write_text("ASK { ?s ?p ?o }", encoding="utf-8")
    assert resolve_query(str(own)) == "ASK { ?s ?p ?o }"
    text = "SELECT * WHERE { ?s ?p ?o }"
    assert resolve_query(text) == text


@pytest.mark.parametrize("name", ["no_such_query", "missing.rq", "/nonexistent/dir/q.rq"])
def test_resolve_unknown_name(name):
    with pytest.raises(QueryError, match="no such query") as err:
        resolve_query(name)
    assert name in str(err.value) and "programs_by_place" in str(err.value)


def test_load_graph_missing_file(tmp_path):
    missing = tmp_path / "nope" / "graph.ttl"
    with pytest.raises(QueryError) as err:
        load_graph(missing)
    assert str(missing) in str(err.value) and "no such file" in str(err.value)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize("engine", ENGINES)
def test_load_graph_unparsable(tmp_path, engine):
    bad = tmp_path / "graph.ttl"
    bad.write_text("@prefix lg: <x> .\nlg:a lg:b .\n", encoding="utf-8")
    with pytest.raises(QueryError) as err:
        load_graph(bad, engine=engine)
    assert str(bad) in str(err.value) and "turtle" in str(err.value)
    assert "\n" not in str(err.value)


def test_load_graph_unknown_engine(tmp_path, graph):
    path = tmp_path / "graph.ttl"
    graph.serialize(path, format="turtle", encoding="utf-8")
    with pytest.raises(QueryError, match="unknown engine 'sqlite'"):
        load_graph(path, engine="sqlite")


def test_load_graph_unknown_suffix(tmp_path):
    odd = tmp_path / "graph.csv"
    odd.write_text("a,b\n", encoding="utf-8")
    with pytest.raises(QueryError, match="unknown graph format"):
        load_graph(odd)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("suffix,fmt", [(".ttl", "turtle"), (".nt", "nt"), (".jsonld", "json-ld")])
def test_load_graph_formats(tmp_path, graph, suffix, fmt, engine):
    path = tmp_path / f"graph{suffix}"
    graph.serialize(path, format=fmt, encoding="utf-8")
    loaded = load_graph(path, engine=engine)
    assert len(loaded) == len(graph)
    assert rows(loaded, "programs_by_place") == EXPECTED["programs_by_place"]
    assert is_oxigraph_graph(loaded) == (engine == "oxigraph")


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's TriG serializer internals
@pytest.mark.parametrize("engine", ENGINES)
def test_load_graph_trig_is_queryable_as_union(tmp_path, corpus, graph, engine):
    path = tmp_path / "graph.trig"
    build_dataset(corpus).serialize(path, format="trig")
    loaded = load_graph(path, engine=engine)
    assert len(loaded) == len(graph)
    for name in ("programs_by_place", "people_and_posts", "program_evidence"):
        assert rows(loaded, name) == EXPECTED[name]
    named = run_query(loaded, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s lg:implements ?o } }")
    assert len(named.rows) == 1

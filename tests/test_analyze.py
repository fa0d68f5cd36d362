"""Network analysis of the fixture graph: every number below is worked out by hand from conftest.py.

The fixture is extended by one more dated document (2024-05-01) in which
吉林市 and 船营区 implement 五个一管理机制 and a second person holds a post in
梨树县委组织部, so diffusion dates, co-mention weights and both projections
have something to show.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import fields

import pytest

from kg.analyze import TABLES, analyze, comention_network, write_analysis
from kg.cli import main
from kg.export import to_networkx
from kg.graph import build_graph
from kg.model import DocumentRecord, EntityRecord, MentionRecord, RelationRecord, SentenceRecord
from kg.namespace import entity_iri

from conftest import make_corpus

DOC2 = "001_extra.txt"
DOC2_TEXT = "吉林市船营区推广“五个一”管理机制，梨树县委组织部部长王某出席。"


def extended_corpus():
    c = make_corpus()
    c.documents.append(DocumentRecord(DOC2, DOC2, DOC2_TEXT, title="推广", date="2024-05-01"))
    c.sentences.append(SentenceRecord(DOC2, 0, 0, len(DOC2_TEXT), DOC2_TEXT))
    c.entities["Person:王某"] = EntityRecord("Person:王某", "Person", "王某", {"王某"})
    for key, surface in (("Place:吉林市", "吉林市"), ("Place:船营区", "船营区"),
                         ("Program:五个一管理机制", "“五个一”管理机制"), ("Person:王某", "王某")):
        start = DOC2_TEXT.index(surface)
        etype = key.split(":")[0]
        c.mentions.append(MentionRecord(DOC2, 0, start, start + len(surface), surface, etype, key))
    c.relations += [
        RelationRecord("Place:吉林市", "implements", "Program:五个一管理机制", DOC2, 0),
        # 船营区 is reported twice: in the 2025 snippet (sentence 3) and in the 2024 document
        RelationRecord("Place:船营区", "implements", "Program:五个一管理机制", "000_snippet.txt", 3),
        RelationRecord("Place:船营区", "implements", "Program:五个一管理机制", DOC2, 0),
        RelationRecord("Person:王某", "holdsPost", "Organization:梨树县委组织部", DOC2, 0, "部长"),
    ]
    return c


@pytest.fixture(scope="module")
def base_analysis():
    return analyze(build_graph(make_corpus()))


@pytest.fixture(scope="module")
def extended():
    g = build_graph(extended_corpus())
    return g, analyze(g)


def _iri(etype, name, code=None):
    return str(entity_iri(etype, name, code))


# ---------------------------------------------------------------- centrality

def test_degree_and_betweenness_of_the_fixture(base_analysis):
    a = base_analysis
    assert len(a.nodes) == 15  # 14 entities + the authored document
    by_label = {r.label: r for r in a.nodes}
    province = by_label["吉林省"]
    assert a.nodes[0] is province  # the only node with three neighbours
    assert province.degree == 3
    assert province.degree_centrality == pytest.approx(3 / 14, abs=1e-6)
    # Removing 吉林省 leaves branches of 3 (白山市 side), 4 (四平市 side) and 5 (吉林市 side) nodes:
    # every pair across two branches passes through it; normalized by (n-1)(n-2)/2 with n = 15.
    assert province.betweenness == pytest.approx((3 * 4 + 3 * 5 + 4 * 5) / (14 * 13 / 2), abs=1e-6)
    for leaf in ("五个一管理机制", "田昭一", "解题暖心大走访活动", "李娜"):
        assert by_label[leaf].betweenness == 0 and by_label[leaf].degree == 1
    # 抚松县 lies between 五个一管理机制 and the 11 other nodes of its component
    assert by_label["抚松县"].betweenness == pytest.approx(11 / 91, abs=1e-6)


def test_components_and_communities(base_analysis):
    a = base_analysis
    assert [c.size for c in a.components] == [13, 2]
    assert set(a.components[1].members.split("、")) == {"李娜", "党建领航绘就基层善治新图景"}
    by_label = {r.label: r for r in a.nodes}
    assert by_label["吉林省"].component == 0 and by_label["李娜"].component == 1
    assert sum(c.size for c in a.communities) == 15
    assert sorted(Counter(r.community for r in a.nodes).values(), reverse=True) == [c.size for c in a.communities]
    # a community never spans two components
    for index in range(len(a.communities)):
        assert len({r.component for r in a.nodes if r.community == index}) == 1
    assert by_label["李娜"].community != by_label["吉林省"].community


# ----------------------------------------------------------------- diffusion

def test_diffusion_table_of_the_fixture(base_analysis):
    rows = [(r.program_label, r.place_label, r.first_date, r.actors, r.evidence) for r in base_analysis.diffusion]
    assert rows == [
        ("五个一管理机制", "抚松县", "2025-11-27", "抚松县", 1),
        # implemented by an organization: its place comes from lg:basedIn
        ("解题暖心大走访活动", "大东街道", "2025-11-27", "大东街道党工委", 1),
    ]


def test_diffusion_first_date_is_the_earliest_report(extended):
    _g, a = extended
    rows = [(r.program_label, r.place_label, r.first_date, r.evidence) for r in a.diffusion]
    assert rows == [
        ("五个一管理机制", "吉林市", "2024-05-01", 1),
        ("五个一管理机制", "船营区", "2024-05-01", 2),  # reported 2025-11-27 and 2024-05-01
        ("五个一管理机制", "抚松县", "2025-11-27", 1),
        ("解题暖心大走访活动", "大东街道", "2025-11-27", 1),
    ]


# ---------------------------------------------------------------- co-mention

def test_comention_weights(base_analysis, extended):
    # snippet: sentence 1 has 2 entities, sentence 2 has 2, sentence 3 has 5 -> 1 + 1 + 10 pairs
    assert len(base_analysis.comention) == 12
    assert {e.weight for e in base_analysis.comention} == {1}
    g, a = extended
    weights = {frozenset((e.source_label, e.target_label)): e.weight for e in a.comention}
    assert weights[frozenset(("吉林市", "船营区"))] == 2  # together in both documents
    assert weights[frozenset(("吉林市", "五个一管理机制"))] == 1
    # the new sentence adds 6 pairs among 4 entities, one of which already existed
    assert len(a.comention) == 12 + 6 - 1
    assert a.comention[0].weight == 2
    C = comention_network(g)
    assert C[_iri("Place", "吉林市", "220200")][_iri("Place", "船营区", "220204")]["weight"] == 2


# --------------------------------------------------------------- projections

def test_place_projection_links_places_sharing_a_program(extended):
    _g, a = extended
    pairs = {frozenset((e.source_label, e.target_label)): (e.weight, e.shared) for e in a.place_projection}
    assert pairs == {
        frozenset(("抚松县", "吉林市")): (1, "五个一管理机制"),
        frozenset(("抚松县", "船营区")): (1, "五个一管理机制"),
        frozenset(("吉林市", "船营区")): (1, "五个一管理机制"),
    }


def test_person_projection_links_people_sharing_an_organization(base_analysis, extended):
    assert base_analysis.person_projection == []  # one person with a post
    _g, a = extended
    assert [(e.source_label, e.target_label, e.weight, e.shared) for e in a.person_projection] in (
        [("田昭一", "王某", 1, "梨树县委组织部")], [("王某", "田昭一", 1, "梨树县委组织部")],
    )


# -------------------------------------------------------------------- output

def _rows(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def test_write_analysis_tables_and_report(tmp_path, extended):
    g, a = extended
    paths = write_analysis(a, tmp_path)
    assert [p.name for p in paths] == [*TABLES, "analysis.html"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "temporary files left behind"
    for name, (attr, cls) in TABLES.items():
        rows = _rows(tmp_path / name)
        assert rows[0] == [f.name for f in fields(cls)], name
        assert len(rows) - 1 == len(getattr(a, attr)), name
    diffusion = _rows(tmp_path / "diffusion.csv")
    assert diffusion[1][1:5] == ["五个一管理机制", _iri("Place", "吉林市", "220200"), "吉林市", "2024-05-01"]
    centrality = _rows(tmp_path / "centrality.csv")
    assert len(centrality) - 1 == to_networkx(g).number_of_nodes()

    page = (tmp_path / "analysis.html").read_text(encoding="utf-8")
    assert page.count("<svg") == 3  # top programs, diffusion timeline, degree distribution
    assert "<script" not in page and re.search(r"""(src|href)\s*=\s*["']?https?:""", page) is None
    assert "url(" not in page
    # one dot per dated (program, place) on the timeline
    assert page.count("<circle") == sum(1 for r in a.diffusion if r.first_date)
    # the bar of the top program: 五个一管理机制 in 3 places
    assert "<title>五个一管理机制: 3</title>" in page
    # one column per degree value
    for degree, count in Counter(r.degree for r in a.nodes).items():
        assert f"<title>degree {degree}: {count}</title>" in page


def test_cli_analyze(tmp_path, capsys):
    from kg.export import write_exports

    write_exports(build_graph(extended_corpus()), tmp_path / "build")
    out = tmp_path / "analysis"
    assert main(["analyze", str(tmp_path / "build" / "graph.ttl"), "--out", str(out)]) == 0
    assert "analysis.html" in capsys.readouterr().out
    assert len(_rows(out / "diffusion.csv")) == 1 + 4
    assert main(["analyze", str(tmp_path / "missing.ttl")]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "missing.ttl" in err

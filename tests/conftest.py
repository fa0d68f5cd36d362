"""Shared fixtures: a small corpus built by hand from real sentences of seed 000.

The records are what the extraction should produce for these sentences, so
the graph, export, query and HTML tests do not depend on extraction quality.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.model import Corpus, DocumentRecord, EntityRecord, MentionRecord, RelationRecord, SentenceRecord

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"

SNIPPET = (
    "本报记者 李娜\n"
    "为推动流动党员管理全面化、系统化，抚松县同步推出“五个一”管理机制。\n"
    "梨树县委组织部副部长田昭一说。\n"
    "吉林市船营区大东街道党工委深入开展“解题暖心”大走访活动。"
)

# (type, canonical name, surface form, aliases, level, code)
_ENTITIES = [
    ("Person", "李娜", "李娜", (), None, None),
    ("Place", "抚松县", "抚松县", ("抚松",), "county", "220621"),
    ("Program", "五个一管理机制", "“五个一”管理机制", ("五个一",), None, None),
    ("Organization", "梨树县委组织部", "梨树县委组织部", (), None, None),
    ("Person", "田昭一", "田昭一", (), None, None),
    ("Place", "吉林市", "吉林市", (), "prefecture", "220200"),
    ("Place", "船营区", "船营区", (), "county", "220204"),
    ("Place", "大东街道", "大东街道", (), "township", None),
    ("Organization", "大东街道党工委", "大东街道党工委", ("吉林市船营区大东街道党工委",), None, None),
    ("Program", "解题暖心大走访活动", "“解题暖心”大走访活动", ("解题暖心",), None, None),
]
# parents that are not mentioned (from the divisions)
_PARENTS = [
    ("Place", "白山市", "prefecture", "220600"),
    ("Place", "梨树县", "county", "220322"),
    ("Place", "四平市", "prefecture", "220300"),
    ("Place", "吉林省", "province", "220000"),
]


def make_corpus() -> Corpus:
    doc_id = "000_snippet.txt"
    text = SNIPPET
    c = Corpus()
    c.documents.append(DocumentRecord(doc_id, doc_id, text, title="党建领航绘就基层善治新图景", date="2025-11-27"))
    # sentences = lines
    pos = 0
    for i, line in enumerate(text.split("\n")):
        c.sentences.append(SentenceRecord(doc_id, i, pos, pos + len(line), line))
        pos += len(line) + 1

    def sent_of(offset: int) -> int:
        return next(s.index for s in c.sentences if s.start <= offset < s.end)

    search_from = 0
    for etype, name, surface, aliases, level, code in _ENTITIES:
        key = EntityRecord.make_key(etype, name)
        start = text.index(surface, search_from if etype != "Place" else 0)
        c.entities[key] = EntityRecord(key, etype, name, {name, *aliases} | ({surface} if surface != name else set()), level, code)
        c.mentions.append(MentionRecord(doc_id, sent_of(start), start, start + len(surface), surface, etype, key))
    for etype, name, level, code in _PARENTS:
        key = EntityRecord.make_key(etype, name)
        c.entities[key] = EntityRecord(key, etype, name, {name}, level, code)

    def rel(s, p, o, sentence=None, title=None):
        c.relations.append(RelationRecord(s, p, o, doc_id if sentence is not None else None, sentence, title))

    rel("Person:李娜", "authorOf", doc_id, 0)
    rel("Place:抚松县", "implements", "Program:五个一管理机制", 1)
    rel("Place:抚松县", "locatedIn", "Place:白山市")
    rel("Place:白山市", "locatedIn", "Place:吉林省")
    rel("Organization:梨树县委组织部", "basedIn", "Place:梨树县", 2)
    rel("Person:田昭一", "holdsPost", "Organization:梨树县委组织部", 2, "副部长")
    rel("Place:梨树县", "locatedIn", "Place:四平市")
    rel("Place:四平市", "locatedIn", "Place:吉林省")
    rel("Place:吉林市", "locatedIn", "Place:吉林省")
    rel("Place:船营区", "locatedIn", "Place:吉林市", 3)
    rel("Place:大东街道", "locatedIn", "Place:船营区", 3)
    rel("Organization:大东街道党工委", "basedIn", "Place:大东街道", 3)
    rel("Organization:大东街道党工委", "implements", "Program:解题暖心大走访活动", 3)
    return c


@pytest.fixture
def corpus() -> Corpus:
    return make_corpus()


@pytest.fixture
def graph(corpus):
    from kg.graph import build_graph

    return build_graph(corpus)

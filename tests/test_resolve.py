"""Entity resolution across documents (pipelines.resolve)."""

from __future__ import annotations

from kg.model import Corpus, EntityRecord, MentionRecord, RelationRecord
from pipelines.divisions import divisions
from pipelines.resolve import apply_split, division_entity, split_homonyms
from pipelines.run import extract_text, merge


def _place(name: str) -> EntityRecord:
    return division_entity(next(d for d in divisions().lookup(name) if d.name == name))


def _corpus(posts: dict[str, str], national: bool = False) -> Corpus:
    """One person 张霞 named in doc a (about 天津市) and doc b (about 潍坊市), with posts per doc."""
    tj, wf = _place("天津市"), _place("潍坊市")
    c = Corpus()
    person = EntityRecord("Person:张霞", "Person", "张霞", {"张霞"})
    org = EntityRecord("Organization:卫津路社区党委", "Organization", "卫津路社区党委", {"卫津路社区党委"})
    centre = EntityRecord("Organization:中共中央", "Organization", "中共中央", {"中共中央"})
    for e in (tj, wf, person, org, centre):
        c.entities[e.key] = e
    c.relations.append(RelationRecord(org.key, "basedIn", tj.key, "a", 0))
    for doc, place in (("a", tj), ("b", wf)):
        c.mentions.append(MentionRecord(doc, 0, 0, 3, place.name, "Place", place.key))
        c.mentions.append(MentionRecord(doc, 1, 10, 12, "张霞", "Person", person.key))
    for doc, where in posts.items():
        c.relations.append(RelationRecord(person.key, "holdsPost", where, doc, 1, "主任"))
    if national:
        c.relations.append(RelationRecord(person.key, "holdsPost", centre.key, "b", 1, "委员"))
    return c


def test_local_official_named_in_two_provinces_is_two_people() -> None:
    c = _corpus({"a": "Organization:卫津路社区党委"})
    apply_split(c, split_homonyms(c))
    people = sorted(k for k, e in c.entities.items() if e.etype == "Person")
    assert people == ["Person:张霞@天津市", "Person:张霞@山东省"]
    assert {(m.doc_id, m.entity) for m in c.mentions if m.etype == "Person"} == {
        ("a", "Person:张霞@天津市"), ("b", "Person:张霞@山东省")}
    # the post stays with the person of the document it was read in
    assert [r.subject for r in c.relations if r.predicate == "holdsPost"] == ["Person:张霞@天津市"]
    assert all(e.name == "张霞" for e in c.entities.values() if e.etype == "Person")


def test_national_figure_and_unposted_names_stay_one() -> None:
    c = _corpus({"a": "Organization:卫津路社区党委"}, national=True)
    assert split_homonyms(c) == {}
    c = _corpus({})
    assert split_homonyms(c) == {}


def test_merge_splits_homonyms_end_to_end() -> None:
    a = extract_text("社区工作\n天津市河西区卫津路社区党委书记张霞说，今年社区办了十件实事。", "a.txt")
    b = extract_text("乡村振兴\n山东省潍坊市寒亭区的村民张霞说，今年收成好。", "b.txt")
    merged = merge([a, b])
    assert sorted(e.key for e in merged.entities.values() if e.name == "张霞") == ["Person:张霞@天津市", "Person:张霞@山东省"]

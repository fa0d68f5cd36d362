"""Entity resolution across documents (pipelines.resolve)."""

from __future__ import annotations

from kg.model import Corpus, EntityRecord, MentionRecord, RelationRecord
from pipelines.divisions import divisions
from pipelines.resolve import apply_split, division_entity, split_based, split_homonyms, split_places
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


def _town_corpus(parents: dict[str, str | None], also: dict[str, str] | None = None) -> Corpus:
    """An uncoded 城关镇 named in each doc, under the county ``parents[doc]`` (None: no parent stated);
    ``also`` names another place in a doc without relating it; a party committee is based in the town in every doc."""
    c = Corpus()
    town = EntityRecord("Place:城关镇", "Place", "城关镇", {"城关镇"}, "township")
    org = EntityRecord("Organization:城关镇党委", "Organization", "城关镇党委", {"城关镇党委"})
    c.entities[town.key], c.entities[org.key] = town, org
    for doc, county in sorted(parents.items()):
        c.mentions.append(MentionRecord(doc, 0, 3, 6, "城关镇", "Place", town.key))
        c.relations.append(RelationRecord(org.key, "basedIn", town.key, doc, 0))
        for name in filter(None, (county, (also or {}).get(doc))):
            p = _place(name)
            c.entities[p.key] = p
            c.mentions.append(MentionRecord(doc, 0, 0, 3, name, "Place", p.key))
        if county:
            c.relations.append(RelationRecord(town.key, "locatedIn", _place(county).key, doc, 0))
    return c


def test_uncoded_place_under_two_counties_is_two_places() -> None:
    c = _town_corpus({"a": "永吉县", "b": "梨树县", "c": None, "d": None}, also={"c": "梨树县"})
    apply_split(c, split_places(c))
    towns = {k: e.ident for k, e in c.entities.items() if e.name == "城关镇"}
    # d names the town with no county: it cannot tell which one, and keeps the name-keyed place
    assert towns == {"Place:城关镇@220221": "城关镇@220221", "Place:城关镇@220322": "城关镇@220322", "Place:城关镇": None}
    located = {(r.doc_id, r.subject, r.object) for r in c.relations if r.predicate == "locatedIn"}
    assert located == {("a", "Place:城关镇@220221", "Place:220221"), ("b", "Place:城关镇@220322", "Place:220322")}
    based = {r.doc_id: r.object for r in c.relations if r.predicate == "basedIn"}
    # c states no parent but names 梨树县: its town is the one there
    assert based == {"a": "Place:城关镇@220221", "b": "Place:城关镇@220322", "c": "Place:城关镇@220322", "d": "Place:城关镇"}
    assert {m.doc_id: m.entity for m in c.mentions if m.text == "城关镇"} == based


def test_organization_based_in_split_place_splits_with_it() -> None:
    c = _town_corpus({"a": "永吉县", "b": "梨树县", "c": None, "d": None}, also={"c": "梨树县"})
    places = split_places(c)
    apply_split(c, places)
    apply_split(c, split_based(c, places))
    based = {r.doc_id: (r.subject, r.object) for r in c.relations if r.predicate == "basedIn"}
    assert based == {"a": ("Organization:城关镇党委@城关镇@220221", "Place:城关镇@220221"),
                     "b": ("Organization:城关镇党委@城关镇@220322", "Place:城关镇@220322"),
                     "c": ("Organization:城关镇党委@城关镇@220322", "Place:城关镇@220322"),
                     "d": ("Organization:城关镇党委@城关镇", "Place:城关镇")}  # the town of no known county: a third
    assert {e.name for k, e in c.entities.items() if e.etype == "Organization"} == {"城关镇党委"}
    assert "Organization:城关镇党委" not in c.entities
    # an organization of a place that did not split stays one
    c = _town_corpus({"a": "永吉县", "b": "永吉县"})
    assert split_based(c, split_places(c)) == {}


def test_same_or_coarser_parent_does_not_split() -> None:
    assert split_places(_town_corpus({"a": "永吉县", "b": "永吉县", "c": None})) == {}
    # 吉林市 contains 永吉县: a less precise statement of the same town
    assert split_places(_town_corpus({"a": "吉林市", "b": "永吉县"})) == {}
    # a coded place is never split, whatever its parents
    c = _town_corpus({"a": "永吉县", "b": "梨树县"})
    c.entities["Place:城关镇"].ident = "220221/城关镇"
    assert split_places(c) == {}


def test_village_under_county_and_under_its_township_stays_one() -> None:
    c = Corpus()
    county = _place("永吉县")
    town = EntityRecord("Place:红星镇", "Place", "红星镇", {"红星镇"}, "township")
    village = EntityRecord("Place:东风村", "Place", "东风村", {"东风村"}, "village")
    for e in (county, town, village):
        c.entities[e.key] = e
    c.relations += [RelationRecord(town.key, "locatedIn", county.key, "a", 0),
                    RelationRecord(village.key, "locatedIn", town.key, "a", 0),
                    RelationRecord(village.key, "locatedIn", county.key, "b", 0)]
    assert split_places(c) == {}
    # the same village under a township of another county is another village
    c.relations.append(RelationRecord(village.key, "locatedIn", _place("梨树县").key, "c", 0))
    c.entities["Place:220322"] = _place("梨树县")
    assert sorted(set(split_places(c).values())) == ["Place:东风村@220322", "Place:东风村@红星镇"]


def test_village_under_split_township_splits_with_it() -> None:
    texts = {"a.txt": "乡村振兴\n永吉县红星镇东风村今年种植水稻五千亩，东风村党支部书记王立说，收成不错。",
             "b.txt": "乡村振兴\n梨树县红星镇东风村建起了合作社，红星镇东风村村民李强说，日子越过越好。"}
    parts = [extract_text(t, name) for name, t in texts.items()]
    merged = merge(parts)
    parent = {r.subject: r.object for r in merged.relations if r.predicate == "locatedIn" and r.doc_id}
    assert parent["Place:东风村@红星镇@220221"] == "Place:红星镇@220221"
    assert parent["Place:东风村@红星镇@220322"] == "Place:红星镇@220322"
    assert parent["Place:红星镇@220221"] == "Place:220221"
    assert "Place:东风村" not in merged.entities and "Place:红星镇" not in merged.entities
    based = [r.object for r in merged.relations if r.predicate == "basedIn" and r.subject == "Organization:东风村党支部"]
    assert based == ["Place:东风村@红星镇@220221"]
    # the same graph whatever order the files come in
    again = merge(reversed([extract_text(t, name) for name, t in texts.items()]))
    assert again.relations == merged.relations and list(again.entities) == list(merged.entities)

"""Mentions → canonical entities, within an article and across documents.

- Places resolve to their division (so 永吉 and 永吉县 are one entity, and two
  大东街道 in different cities are two); pronoun-like references (我省, 我市)
  resolve to the article's place of that level.
- The article's places (province, prefecture, county) are read from the
  places it names, so short forms (市委组织部) complete against them.
- Across documents, entities of the same type that share a canonical name or
  whose canonical name is another's alias merge into one (双报到 and
  双报到活动), and the merge is recorded.
"""

from __future__ import annotations

from collections import Counter

from kg.model import EntityRecord
from pipelines.divisions import Division, coordinates, divisions, zone_variants
from pipelines.mentions import Candidate


def place_key(c: Candidate) -> str:
    return EntityRecord.make_key("Place", c.division or c.name)


def entity_key(c: Candidate) -> str:
    return place_key(c) if c.etype == "Place" else EntityRecord.make_key(c.etype, c.name)


_LOCAL_LEVELS = ("township", "community", "village")


def article_places(places: list[Candidate]) -> dict[str, str]:
    """The article's own province, prefecture and county: the most named of each, with their ancestors.

    >>> from pipelines.places import find_places
    >>> article_places(find_places("永吉县黄榆乡会源德村。永吉县"))["prefecture"]
    '吉林市'
    """
    d = divisions()
    counts: Counter[str] = Counter()
    for c in places:
        if c.division and c.division in d.by_key:
            for anc in d.chain(d.by_key[c.division]):
                counts[anc.key] += 1
    out: dict[str, str] = {}
    top: dict[str, tuple[int, str]] = {}
    for level in ("province", "prefecture", "county"):
        cands = [(n, k) for k, n in counts.items() if d.by_key[k].level == level]
        if level != "province" and "province" in out:
            cands = [(n, k) for n, k in cands if d.by_key[k].province == out["province"]]
        if level == "county" and "prefecture" in out:
            cands = [(n, k) for n, k in cands if d.by_key[k].parent and d.by_key[d.by_key[k].parent].name == out["prefecture"]]
        if cands:
            out[level] = d.by_key[max(cands)[1]].name
            top[level] = max(cands)
    # the most named township, community and village (grammar-found ones have no division)
    local = Counter((c.level, c.name) for c in places if c.name and c.level in _LOCAL_LEVELS)
    for level in _LOCAL_LEVELS:
        named = [(n, name) for (lv, name), n in local.items() if lv == level and n >= 2]
        if named:
            out[level] = max(named)[1]
    # 我市 in an article about a county-level city (桦甸市) is that city, not its prefecture
    county = top.get("county")
    if county and out["county"].endswith("市") and county[0] * 2 >= top.get("prefecture", (0, ""))[0]:
        out["city"] = out["county"]
    elif "prefecture" in out:
        out["city"] = out["prefecture"]
    return out


def resolve_pronouns(places: list[Candidate], article: dict[str, str]) -> list[Candidate]:
    """Replace 我省/我市/我县 candidates by the article's place of that level (or drop them)."""
    d = divisions()
    out = []
    for c in places:
        level = c.attr("pronoun")
        if level is None:
            out.append(c)
            continue
        name = article.get("city" if c.aliases == ("我市",) else level)
        divs = [x for x in d.lookup(name or "") if x.level in (level, "county")]
        if divs:
            out.append(Candidate(c.start, c.end, "Place", divs[0].name, c.aliases, divs[0].level, divs[0].key))
    return out


def place_entity(c: Candidate) -> EntityRecord:
    div: Division | None = divisions().by_key.get(c.division) if c.division else None
    if div is None:
        return EntityRecord(place_key(c), "Place", c.name, {c.name, *c.aliases}, c.level)
    e = division_entity(div)
    e.aliases |= {c.name, *c.aliases}
    return e


def division_entity(div: Division) -> EntityRecord:
    key = EntityRecord.make_key("Place", div.key)
    e = EntityRecord(key, "Place", div.name, {div.name} | ({div.short} if div.short else set()) | zone_variants(div.name),
                     div.level, div.code)
    e.ident = div.key
    if div.code and div.code in coordinates():
        e.lon, e.lat = coordinates()[div.code]
    return e


def merge_entities(entities: dict[str, EntityRecord]) -> dict[str, str]:
    """Keys to merge across documents: returns {old key: surviving key}.

    Within a type (places excepted: they are keyed by division), an entity
    whose canonical name is an alias of another merges into the one whose
    canonical name is the shorter (the bare name, per the extraction guide:
    双报到活动 → 双报到), ties broken by name.
    """
    by_type_alias: dict[tuple[str, str], list[str]] = {}
    for key, e in entities.items():
        if e.etype == "Place":
            continue
        for a in e.aliases | {e.name}:
            by_type_alias.setdefault((e.etype, a), []).append(key)
    parent: dict[str, str] = {}

    def find(k: str) -> str:
        while parent.get(k, k) != k:
            k = parent[k]
        return k

    for key, e in sorted(entities.items()):
        if e.etype == "Place":
            continue
        for other in by_type_alias.get((e.etype, e.name), []):
            if other == key:
                continue
            a, b = find(key), find(other)
            if a == b:
                continue
            keep, drop = sorted((a, b), key=lambda k: (len(entities[k].name), entities[k].name))
            parent[drop] = keep
    return {k: find(k) for k in parent}

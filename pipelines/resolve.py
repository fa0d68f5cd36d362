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
from collections.abc import Callable

from kg.model import Corpus, EntityRecord, MentionRecord, RelationRecord
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
            # a county-level city under the province itself (万宁市, 仙桃市) named more than the prefecture
            direct = [(n, k) for n, k in cands if n > top["prefecture"][0] and d.by_key[k].parent
                      and d.by_key[d.by_key[k].parent].level == "province"]
            cands = [(n, k) for n, k in cands if d.by_key[k].parent and d.by_key[d.by_key[k].parent].name == out["prefecture"]]
            if direct:
                del out["prefecture"], top["prefecture"]
                cands = direct
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


def _provinces(corpus: Corpus) -> dict[str, str]:
    """Entity key → the province it lies in: coded places by their division, other places and
    organizations through their ``locatedIn``/``basedIn`` relations."""
    d = divisions()
    up: dict[str, str] = {}
    for r in corpus.relations:
        if r.predicate in ("locatedIn", "basedIn"):
            up.setdefault(r.subject, r.object)
    memo: dict[str, str] = {}

    def province(key: str, depth: int = 0) -> str:
        if key in memo or depth > 8:
            return memo.get(key, "")
        e = corpus.entities.get(key)
        div = d.by_key.get(e.ident or "") if e is not None and e.etype == "Place" else None
        if div is not None:
            found = next((x.name for x in d.chain(div) if x.level == "province"), "")
        else:
            found = province(up[key], depth + 1) if key in up else ""
        memo[key] = found
        return found

    return {key: province(key) for key in corpus.entities}


def split_homonyms(corpus: Corpus) -> dict[tuple[str, str], str]:
    """A local official's name read in documents about different provinces names different people.

    A person who holds a post inside some province (and none outside every
    province, as 中共中央 is) is split by province when the documents naming
    them point to two or more: each document goes to the province of the
    person's post there, else to the province its places mostly lie in, else
    to the province with most documents. Every part gets the key and IRI
    ``name@province`` (a 张霞 who chairs a 天津 residents' committee and a
    张霞 in a 山东 article stay two). National figures and names read in one
    province stay one entity.
    Returns ``{(old key, doc_id): new key}`` and adds the new entities.
    """
    prov = _provinces(corpus)
    posts: dict[str, dict[str, set[str]]] = {}
    national: set[str] = set()  # holds a post no province contains (中共中央): one person everywhere
    for r in corpus.relations:
        if r.predicate == "holdsPost" and r.doc_id:
            if prov.get(r.object or ""):
                posts.setdefault(r.subject, {}).setdefault(r.doc_id, set()).add(prov[r.object])
            else:
                national.add(r.subject)
    local = {key: by_doc for key, by_doc in posts.items() if key not in national}
    if not local:
        return {}
    doc_prov: dict[str, str] = {}
    counts: dict[str, Counter[str]] = {}
    docs_of: dict[str, set[str]] = {}
    for m in corpus.mentions:
        if m.etype == "Place" and prov.get(m.entity):
            counts.setdefault(m.doc_id, Counter())[prov[m.entity]] += 1
        if m.entity in local:
            docs_of.setdefault(m.entity, set()).add(m.doc_id)
    for doc, c in counts.items():
        doc_prov[doc] = min(c, key=lambda p: (-c[p], p))
    remap: dict[tuple[str, str], str] = {}
    for key, by_doc in sorted(local.items()):
        home: dict[str, str] = {}
        for doc in sorted(docs_of.get(key, set()) | set(by_doc)):
            own = by_doc.get(doc, set())
            home[doc] = next(iter(own)) if len(own) == 1 else doc_prov.get(doc, "")
        sizes = Counter(p for p in home.values() if p)
        if len(sizes) < 2:
            continue
        fallback = min(sizes, key=lambda p: (-sizes[p], p))
        old = corpus.entities[key]
        for doc, p in home.items():
            p = p or fallback
            new = f"{key}@{p}"
            if new not in corpus.entities:
                corpus.entities[new] = EntityRecord(new, old.etype, old.name, set(old.aliases), ident=f"{old.name}@{p}")
            remap[(key, doc)] = new
    return remap


def rekey(corpus: Corpus, key_of: Callable[[str, str], str]) -> None:
    """Point every mention and relation end at ``key_of(entity key, doc_id)``."""
    corpus.mentions = [MentionRecord(m.doc_id, m.sentence, m.start, m.end, m.text, m.etype,
                                     key_of(m.entity, m.doc_id)) for m in corpus.mentions]
    corpus.relations = [RelationRecord(key_of(r.subject, r.doc_id or ""), r.predicate, key_of(r.object, r.doc_id or ""),
                                       r.doc_id, r.sentence, r.title) for r in corpus.relations]


def apply_split(corpus: Corpus, remap: dict[tuple[str, str], str]) -> None:
    """Point mentions and relations of split entities at their parts; drop the split entities."""
    if not remap:
        return
    rekey(corpus, lambda key, doc: remap.get((key, doc), key))
    used = {m.entity for m in corpus.mentions} | {r.subject for r in corpus.relations} | {r.object for r in corpus.relations}
    for old in {k for k, _ in remap}:
        if old not in used:
            del corpus.entities[old]

"""Mentions → canonical entities, within an article and across documents.

- Places resolve to their division (so 永吉 and 永吉县 are one entity, and two
  大东街道 in different cities are two); pronoun-like references (我省, 我市)
  resolve to the article's place of that level.
- The article's places (province, prefecture, county) are read from the
  places it names, so short forms (市委组织部) complete against them.
- Across documents, entities of the same type that share a canonical name or
  whose canonical name is another's alias merge into one (双报到 and
  双报到活动), and the merge is recorded.
- Homonyms split: a place the divisions do not code, read under different
  parents, becomes one place per parent (``name@parent``), and the
  organizations based in it follow; a local official read in different
  provinces becomes one person per province (``name@province``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Container

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
    for r in sorted(corpus.relations, key=lambda r: (r.subject, r.predicate, r.object, r.doc_id or "", r.sentence or -1)):
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
    Run it after :func:`split_places` and :func:`split_based` are applied
    (as :func:`pipelines.run.merge` does), so posts resolve to the province
    of the right place.
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


def _uncoded(e: EntityRecord | None) -> bool:
    return e is not None and e.etype == "Place" and not e.ident and not e.code and e.level != "country"


def _documents_of(corpus: Corpus, keys) -> dict[str, set[str]]:
    """Entity key (among ``keys``) → the documents that mention it or state a relation of it."""
    docs_of: dict[str, set[str]] = {}
    for m in corpus.mentions:
        if m.entity in keys:
            docs_of.setdefault(m.entity, set()).add(m.doc_id)
    for r in corpus.relations:
        for k in (r.subject, r.object):
            if k in keys and r.doc_id:
                docs_of.setdefault(k, set()).add(r.doc_id)
    return docs_of


def split_places(corpus: Corpus) -> dict[tuple[str, str], str]:
    """A place the official divisions do not code, read under different parents, is several places.

    Townships, communities and villages the divisions lack are keyed by name,
    and names repeat across the country (城关镇, 东风村). When the documents
    naming such a place state different direct parents (``locatedIn`` read
    in the text), each parent gets its own place, keyed and identified
    ``name@parent`` (the parent's division key, or its own ident or name):
    a 城关镇 under two counties becomes two. Parents are resolved first, so a
    village under a split township splits with it. A document that states a
    parent which is an ancestor of exactly one other stated parent (吉林市
    and 永吉县; 永吉县 and a township read under 永吉县) joins that one. A document naming the place without a
    parent goes to the part whose parent (or an ancestor of it) is the one
    place of the document among the parts, else stays on the name-keyed
    place. A place read under one parent only is left as it is.

    Parameters
    ----------
    corpus : Corpus
        The merged corpus; new place entities are added to it.

    Returns
    -------
    dict
        ``{(old key, doc_id): new key}``, for :func:`apply_split`.
    """
    d = divisions()
    ents = corpus.entities
    stated: dict[str, dict[str, set[str]]] = {}
    for r in corpus.relations:
        if r.predicate == "locatedIn" and r.doc_id and _uncoded(ents.get(r.subject)) and r.object in ents:
            stated.setdefault(r.subject, {}).setdefault(r.doc_id, set()).add(r.object)
    if not stated:
        return {}
    docs_of = _documents_of(corpus, stated)
    doc_places: dict[str, set[str]] = {}
    for m in corpus.mentions:
        if m.etype == "Place":
            doc_places.setdefault(m.doc_id, set()).add(m.entity)

    up: dict[str, str] = {}  # the one parent of an uncoded place (or of a part of a split one)

    def ancestors(key: str) -> list[str]:
        out: list[str] = []
        while key in up and len(out) < 8:
            key = up[key]
            out.append(key)
        e = ents.get(key)
        div = d.by_key.get(e.ident or "") if e is not None and e.etype == "Place" else None
        return out + ([EntityRecord.make_key("Place", x.key) for x in d.chain(div)[1:]] if div else [])

    def below(anc: str, key: str) -> bool:
        return anc in ancestors(key)

    remap: dict[tuple[str, str], str] = {}
    done: set[str] = set()

    def at(key: str, doc: str) -> str:
        return remap.get((key, doc), key)

    def split(key: str, stack: frozenset[str]) -> None:
        if key in done or key in stack or key not in stated or len(stack) > 32:
            return
        for parents in stated[key].values():
            for p in sorted(parents):
                split(p, stack | {key})
        done.add(key)
        parent_of: dict[str, str] = {}
        for doc, parents in stated[key].items():
            here = {at(p, doc) for p in parents}
            lowest = sorted(p for p in here if not any(below(p, q) for q in here))
            parent_of[doc] = lowest[0] if lowest else min(here)
        groups = set(parent_of.values())
        for p in sorted(groups):  # a less precise parent (the prefecture) joins the one precise part under it
            leaves = [q for q in groups if below(p, q) and not any(below(q, x) for x in groups)]
            if len(leaves) == 1:
                parent_of = {doc: leaves[0] if q == p else q for doc, q in parent_of.items()}
        groups = set(parent_of.values())
        if len(groups) < 2:
            if groups:
                up[key] = next(iter(groups))
            return
        old = ents[key]
        variant: dict[str, str] = {}
        for p in sorted(groups):
            pe = ents[p]
            ident = f"{old.name}@{pe.ident or pe.name}"
            new = EntityRecord.make_key("Place", ident)
            if new not in ents:
                ents[new] = EntityRecord(new, "Place", old.name, set(old.aliases), old.level, ident=ident)
            variant[p] = new
            up[new] = p
        above = {q: set(ancestors(q)) for q in groups}
        for doc in sorted(docs_of.get(key, set()) | set(parent_of)):
            p = parent_of.get(doc)
            if p is None:
                places = {at(k, doc) for k in doc_places.get(doc, set())}
                near = [q for q in groups if q in places] or [q for q in groups if places & above[q]]
                p = near[0] if len(near) == 1 else None
            if p is not None:
                remap[(key, doc)] = variant[p]

    for key in sorted(stated):
        split(key, frozenset())
    return remap


def split_based(corpus: Corpus, places: dict[tuple[str, str], str]) -> dict[tuple[str, str], str]:
    """Organizations based in the parts of a split place are split with it (东风村党支部 of two 东风村).

    An organization whose ``basedIn`` (read in a document) is a part made by
    :func:`split_places` (or the name-keyed rest of a split place), and whose
    documents point to two or more of them, becomes one organization per
    part, keyed and identified ``name@place ident``. A document naming it without ``basedIn`` goes to
    the part its place was resolved to there (a split place whose name the
    organization's name contains), else stays on the name-keyed one.
    Call after ``apply_split(corpus, places)``.

    Returns
    -------
    dict
        ``{(old key, doc_id): new key}``, for :func:`apply_split`.
    """
    ents = corpus.entities
    # the parts, and what is left of a split place where no parent told which part (a part too)
    parts = set(places.values()) | {old for old, _doc in places if old in ents}
    if not parts:
        return {}
    based: dict[str, dict[str, set[str]]] = {}
    for r in corpus.relations:
        if r.predicate == "basedIn" and r.doc_id and r.object in parts and ents.get(r.subject) is not None \
                and ents[r.subject].etype == "Organization":
            based.setdefault(r.subject, {}).setdefault(r.doc_id, set()).add(r.object)
    split_in: dict[str, list[tuple[str, str]]] = {}  # doc -> (place name, part) of the places split there
    for (old, doc), new in places.items():
        split_in.setdefault(doc, []).append((ents[new].name, new))
    docs_of = _documents_of(corpus, based)
    remap: dict[tuple[str, str], str] = {}
    for key, by_doc in sorted(based.items()):
        part_of = {doc: min(ps) for doc, ps in by_doc.items()}
        if len(set(part_of.values())) < 2:
            continue
        old = ents[key]
        for doc in sorted(docs_of.get(key, set()) | set(part_of)):
            part = part_of.get(doc)
            if part is None:
                named = {p for name, p in split_in.get(doc, []) if name in old.name and p in part_of.values()}
                part = named.pop() if len(named) == 1 else None
            if part is None:
                continue
            ident = f"{old.name}@{ents[part].ident or ents[part].name}"
            new = EntityRecord.make_key("Organization", ident)
            if new not in ents:
                ents[new] = EntityRecord(new, "Organization", old.name, set(old.aliases), ident=ident)
            remap[(key, doc)] = new
    return remap


def rekey(corpus: Corpus, key_of: Callable[[str, str], str], keys: Container[str]) -> None:
    """Point every mention and relation end that names one of ``keys`` at ``key_of(entity key, doc_id)``.

    Records naming none of ``keys`` are kept as they are (most of them, so a rekey costs little).
    """
    corpus.mentions = [m if m.entity not in keys else
                       MentionRecord(m.doc_id, m.sentence, m.start, m.end, m.text, m.etype, key_of(m.entity, m.doc_id))
                       for m in corpus.mentions]
    corpus.relations = [r if r.subject not in keys and r.object not in keys else
                        RelationRecord(key_of(r.subject, r.doc_id or ""), r.predicate, key_of(r.object, r.doc_id or ""),
                                       r.doc_id, r.sentence, r.title)
                        for r in corpus.relations]


def apply_split(corpus: Corpus, remap: dict[tuple[str, str], str]) -> None:
    """Point mentions and relations of split entities at their parts; drop the split entities."""
    if not remap:
        return
    olds = {k for k, _ in remap}
    rekey(corpus, lambda key, doc: remap.get((key, doc), key), olds)
    used = {m.entity for m in corpus.mentions} | {r.subject for r in corpus.relations} | {r.object for r in corpus.relations}
    for old in olds - used:
        del corpus.entities[old]

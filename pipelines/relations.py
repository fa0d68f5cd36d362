"""The six relations, read from the mentions of one article and their sentences.

- locatedIn: places written back to back (永吉县黄榆乡), else the official
  divisions' parent; a coded place gets its whole parent chain.
- basedIn: the place an organization's name starts from (大东街道党工委 → 大东街道), the
  innermost where places are written back to back (某市某县某公司 → 某县).
- subOrganizationOf: a department of a named body (吉林市委组织部 → 吉林市委).
- holdsPost: a person whose title follows an organization or place (梨树县委组织部副部长田昭一);
  each of stacked titles, a title shared by joined names and a predicate title (某某是…书记)
  come from pipelines.people; a word standing for an earlier company (公司负责人) or for the body
  of the village named before (村党支部书记, 村支部书记), a bare level word before a title
  (社区企服专员 → the community named before), and for titles held in a place (网格员,
  驻村第一书记, 副省长) the place named before them, are read here.
- authorOf: bylines and credits.
- implements: a program and its actor: the agent of a relative clause before it
  (县委组织的…活动), else the subject before its verb (a clause opening with 乡里 or with
  the end of an earlier body's name, 合作社, or a kind of body its name contains, 基地, counts;
  actors joined by 、 or 和 as one subject each run it), else a place framing the sentence
  (在某区，…); only where the document states no actor for the program anywhere and the
  program is not the subject of a launch predicate (…学习教育开展以来), the speaker's body for
  我们 in a quotation, else the subject continued from the sentence before (a date opening that
  sentence, 7月15日，, does not hide its subject), else the article's own place, or the body of
  that place which leads the article and opens more than half as many sentences (柳河县纪委监委).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache


from pipelines.lexicon import alternation, table, words, wordset
from pipelines.mentions import Candidate
from pipelines.places import _sentence_start, chain_links, level_rank
from pipelines.programs import LIST_SEP
from pipelines.sentences import Sentence


@dataclass(frozen=True, slots=True)
class Fact:
    """A relation between two candidates (or a candidate and the article), with its sentence."""

    subject: Candidate
    predicate: str
    object: Candidate | None  # None for authorOf (the article itself)
    sentence: int
    title: str | None = None
    object_name: str | None = None  # an entity named but not mentioned (a parent org, a place)


def sentence_of(sentences: list[Sentence], offset: int) -> int:
    lo, hi = 0, len(sentences) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if sentences[mid].start <= offset:
            lo = mid
        else:
            hi = mid - 1
    return sentences[lo].index if sentences else 0


def _innermost_actors(cands: list[Candidate]) -> list[Candidate]:
    """Organizations and places that can act: a place inside an organization name,
    or a place followed by a lower place in a chain, is not the actor."""
    programs = [c for c in cands if c.etype == "Program"]
    cands = [c for c in cands if not any(p.start <= c.start and c.end <= p.end for p in programs)]
    orgs = [c for c in cands if c.etype == "Organization"]
    places = [c for c in cands if c.etype == "Place" and c.name]
    parents = {id(p) for _, p in chain_links(places, "")}
    out = list(orgs)
    for p in places:
        if id(p) in parents:
            continue
        if any(o.start <= p.start and p.end <= o.end for o in orgs):
            continue
        out.append(p)
    return sorted(out, key=lambda c: c.start)


def find_relations(text: str, sentences: list[Sentence], cands: list[Candidate],
                   main_actor: Candidate | None) -> list[Fact]:
    """Facts read from one article's candidates."""
    facts: list[Fact] = []
    places = [c for c in cands if c.etype == "Place" and c.name]

    links = chain_links(places, text)
    for child, parent in links:
        facts.append(Fact(child, "locatedIn", parent, sentence_of(sentences, child.start)))
    linked = {id(child) for child, _ in links}
    children: dict[int, list[Candidate]] = {}
    for child, parent in links:
        children.setdefault(id(parent), []).append(child)
    country = next(name for name, level in table("countries_regions") if level == "country")
    own_regions = {name for name, level in table("countries_regions") if level == "region"}
    for c in places:
        if id(c) in linked:
            continue
        if c.level == "region" and c.name in own_regions:  # 东北 is a region of the country (亚洲 is not)
            facts.append(Fact(c, "locatedIn", None, sentence_of(sentences, c.start), object_name=country))
        elif c.level == "region" and c.attr("province"):  # 陕北 lies in 陕西省
            facts.append(Fact(c, "locatedIn", None, sentence_of(sentences, c.start), object_name=c.attr("province")))
        elif c.level == "compound":  # 辖绿地国际花都、…: the community written before it
            owner = [p for p in places if p.level == "community" and p.end <= c.start and c.start - p.end <= _COMPOUND_REACH]
            if owner:
                facts.append(Fact(c, "locatedIn", owner[-1], sentence_of(sentences, c.start)))

    for c in cands:
        if c.etype != "Organization":
            continue
        s = sentence_of(sentences, c.start)
        if c.attr("place"):
            inside = [p for p in places if c.start <= p.start and p.end <= c.end and p.name == c.attr("place")]
            based = inside[-1] if inside else None
            while based is not None:  # 桂林全州某公司: the innermost of the places written back to back
                lower = [ch for ch in children.get(id(based), []) if ch.start == based.end and ch.end < c.end]
                if not lower:
                    break
                based = lower[0]
            site = _enterprise_site(c, based, places, text)
            facts.append(Fact(c, "basedIn", site or based, s, object_name=site.name if site else c.attr("place")))
        if c.attr("parent"):
            facts.append(Fact(c, "subOrganizationOf", None, s, object_name=c.attr("parent")))

    actors = _innermost_actors(cands)
    posts: dict[str, Candidate] = {}  # a person's first post in an organization
    for c in cands:
        if c.etype == "Person":
            s = sentence_of(sentences, c.start)
            if c.attr("role") == "author":
                facts.append(Fact(c, "authorOf", None, s))
            for title, where in _titles(c):
                post = _post_of(title, where, actors, cands, sentences, text, c)
                if post is not None:
                    facts.append(Fact(c, "holdsPost", post, sentence_of(sentences, where), title=title))
                    if post.etype == "Organization":
                        posts.setdefault(c.name, post)
    chains = _chain_starts(places)
    titled = {int(v) for c in cands if c.etype == "Person" for k, v in c.attrs if k == "title_start"}
    programs = [c for c in cands if c.etype == "Program"]
    main_actor = _own_body(main_actor, actors, sentences, text, chains)
    stated = {id(c): _actor_for(c, actors, sentences, text, chains, places) for c in programs}
    named = {c.name for c in programs if stated[id(c)] is not None}
    for c in programs:
        s = sentence_of(sentences, c.start)
        actor = stated[id(c)]
        if actor is not None:
            facts.extend(Fact(a, "implements", c, s) for a in _joint_actors(actor, actors, text))
            continue
        if _launched_subject(c, text, sentences):
            continue  # 随着“…行动”的推进, …学习教育开展以来: the text names no actor
        if c.name in named:
            continue  # the actor is stated where the program is introduced
        actor = (_speaker_body(c, actors, cands, posts, text)
                 or _paragraph_subject(c, actors, sentences, text, chains, titled) or main_actor)
        if actor is not None:
            facts.append(Fact(actor, "implements", c, s))
    return facts


def _own_body(main: Candidate | None, actors: list[Candidate], sentences: list[Sentence], text: str,
              chains: dict[int, int]) -> Candidate | None:
    """The body an article about a place is about (本报讯 今年以来，柳河县纪委监委以党建工作为总抓手…):
    an organization based in the article's place that is the subject of the article's lead (its
    first ``_LEAD`` whole sentences) and opens more than half as many sentences as the place
    itself stands for the article where a sentence names no actor; a place opening the article,
    or named as subject far more often than its body, stays the article's actor."""
    if main is None or main.etype != "Place":
        return main
    whole = [sent for sent in sentences if _ends_whole(sent)][:_LEAD]
    lead = next((a for sent in whole for a in actors
                 if sent.start <= a.start < sent.end and _is_subject(text, sent.start, a, chains)), None)
    if lead is None or lead.etype != "Organization" or lead.attr("place") != main.name:
        return main
    opened = {(a.name, s) for a in actors if a.name in (main.name, lead.name)
              for s in [sentence_of(sentences, a.start)] if _is_subject(text, sentences[s].start, a, chains)}
    counts = Counter(name for name, _ in opened)
    return lead if 2 * counts[lead.name] > counts[main.name] else main


_LEAD = 2  # sentences of an article's lead


def _ends_whole(sent: Sentence) -> bool:
    """Whether a sentence ends as a whole sentence does (。！？, a closing quote after it), not cut by a line."""
    return re.search(r"[。！？][”’]?\s*$", sent.text) is not None


def _joint_actors(actor: Candidate, actors: list[Candidate], text: str) -> list[Candidate]:
    """The actor and those written side by side with it as one subject (海口、万宁、琼海等地将…纳入,
    某局、某局工作人员…带来, 某部联合某局开设…): actors of its type joined to it by 、, 和, 与, 及
    or a joint verb (``data/program_joint_verbs``) alone."""
    same = [a for a in actors if a.etype == actor.etype]
    at = next((i for i, a in enumerate(same) if a is actor), None)
    if at is None:
        return [actor]
    lo = hi = at
    joint = _joint_re()
    while lo > 0 and joint.fullmatch(text[same[lo - 1].end:same[lo].start]):
        lo -= 1
    while hi + 1 < len(same) and joint.fullmatch(text[same[hi].end:same[hi + 1].start]):
        hi += 1
    return same[lo:hi + 1]


@lru_cache(maxsize=1)
def _joint_re() -> re.Pattern[str]:
    """What joins two actors into one subject: a list word (、, 和) or a joint verb (联合, 会同)."""
    return re.compile(f"{LIST_SEP.pattern}|{alternation('program_joint_verbs')}")


@lru_cache(maxsize=1)
def _launch_predicates() -> re.Pattern[str]:
    return re.compile(rf"的?(?:{alternation('program_launch_predicates')})")


def _launched_subject(program: Candidate, text: str, sentences: list[Sentence]) -> bool:
    """Is the program the subject of a launch predicate opening its clause (…学习教育开展以来，
    随着“…行动”的推进，)? Such a clause says the program is under way, not who runs it."""
    sent = sentences[sentence_of(sentences, program.start)] if sentences else None
    lo = sent.start if sent else 0
    clause = re.split(r"[，；：,;:\n]", text[lo:program.start])[-1].strip()
    if clause.removeprefix("随着") not in ("", "“", "‘"):
        return False
    return bool(_launch_predicates().match(text, program.end))


_WE = "我们"


def _speaker_body(program: Candidate, actors: list[Candidate], cands: list[Candidate],
                  posts: dict[str, Candidate], text: str) -> Candidate | None:
    """“我们还开通了‘…热线’。”杨育霖说: in a quotation spoken as 我们, the speaker's body runs
    the program: the organization opening the attribution after the quote, or the one the
    speaker (written right after or right before the quote) holds a post in."""
    line_start = text.rfind("\n", 0, program.start) + 1
    open_at = text.rfind("“", line_start, program.start)
    if open_at < 0 or "”" in text[open_at:program.start]:
        return None
    close_at = text.find("”", program.end)
    inner = text[open_at + 1:program.start]
    if close_at < 0 or not re.search(rf"(?:^|[，；,;]){_WE}", inner) or any(
            open_at < a.start < program.start for a in actors):
        return None
    after = [c for c in cands if c.start == close_at + 1 and c.etype in ("Organization", "Person")]
    before = [c for c in cands if c.etype == "Person" and c.end < open_at and open_at - c.end <= 3
              and re.fullmatch(r"[\u4e00-\u9fff]{0,2}[：:，,]?", text[c.end:open_at])]
    for c in after + before:
        if c.etype == "Organization":
            return c
        if c.name in posts:
            return posts[c.name]
    return None




def _chain_starts(places: list[Candidate]) -> dict[int, int]:
    """Where the places written back to back before each place begin (浙江杭州某区某街道某社区:
    the offset of 浙江 for every place of the chain), keyed by a place's start."""
    by_end = {p.end: p.start for p in places}
    out: dict[int, int] = {}
    for p in places:
        at = p.start
        while at in by_end and by_end[at] < at:
            at = by_end[at]
        out[p.start] = at
    return out


def _is_subject(text: str, sent_start: int, a: Candidate, chains: dict[int, int]) -> bool:
    """An actor that opens its sentence or clause (吉林市…开展, ，磐石市…实施), not a modifier (在吉林市).
    A place ending a chain of places (某区某街道某社区开展…) opens the clause where the chain does."""
    start = chains.get(a.start, a.start) if a.etype == "Place" else a.start
    before = text[sent_start:start]
    if before.endswith(words("actor_modifiers")):
        return False
    clause = re.split(r"[，；：,;:）)]", before)[-1]
    return len(clause) <= 6 and not clause.endswith(_program_verbs())


@lru_cache(maxsize=1)
def _program_verbs() -> tuple[str, ...]:
    """Verbs that take an object (设立北京…, 实施…): an actor right after one is that object."""
    return tuple(r[0] for r in table("program_verbs"))


_TITLE_GAP = re.compile(f"(?:{alternation('person_titles')}|、|的|一名|一位)")
_ASIDE = 30  # longest bracketed aside between a body and a title: 某公司（以下简称“某公司”）技术员
_REFERENCE = 6  # longest word standing for an earlier body: 公司, 合作社


_COMPOUND_REACH = 300
_CODE_PREFIX = {"province": 2, "prefecture": 4}  # digits of a division code its descendants share


def _enterprise_site(org: Candidate, based: Candidate | None, places: list[Candidate], text: str) -> Candidate | None:
    """Where a company whose name opens with a province's or city's short form (天津某某有限公司,
    柳州某某公司) is based when the text places it in a lower place inside that one: the last such
    place named before it in its sentence (在某区，天津某某有限公司… → 某区); None otherwise (a name
    with the full place, 某某省农业融资担保公司, is that place's own body).

    Parameters
    ----------
    org : Candidate
        The organization mention.
    based : Candidate or None
        The place its name opens with.
    places : list of Candidate
        The place mentions of the article.
    text : str
        The article text.

    Returns
    -------
    Candidate or None
        The lower place, or None.
    """
    digits = _CODE_PREFIX.get(based.level) if based is not None else None
    if not digits or not based.division or not org.name.endswith(words("org_enterprise_heads")) \
            or text[based.start:based.end] == based.name:
        return None
    prefix = based.division[:digits]
    sent_start = _sentence_start(text, org.start)
    lower = [p for p in places if sent_start <= p.start and p.end <= org.start and p.division
             and p.division.startswith(prefix) and level_rank(p.level) > level_rank(based.level)]
    return lower[-1] if lower else None


def _titles(person: Candidate) -> list[tuple[str, int]]:
    """The person's (title, offset) pairs, in the order the recognizer gave them."""
    titles = [v for k, v in person.attrs if k == "title"]
    starts = [int(v) for k, v in person.attrs if k == "title_start"]
    return list(zip(titles, starts + [person.start] * (len(titles) - len(starts))))


def _post_of(title: str, where: int, actors: list[Candidate], cands: list[Candidate],
             sentences: list[Sentence], text: str, person: Candidate) -> Candidate | None:
    """Where a title is held, in order:

    - an organization written inside it (组织部 in 组织部长);
    - the actor right before it, with only other titles, 、, 的 or 一名 between
      (永吉县委常委、组织部长; 某社区的一名网格员), a bracketed aside skipped
      (某公司（以下简称“某公司”）技术员); a section of it (``data/post_sections.txt``:
      某局综合科科长, 某部干部一处副处长, 某委某科有关负责人) or a qualifier
      (``data/post_qualifiers.txt``: 分管日常工作的副部长) may stand between; a title written
      after the name (某大学某某院士) counts from the name; a committee's department after
      its standing-committee title (某市委常委、组织部部长) is that department, when named
      in the article; a company's branch place (某公司某地副总经理) is the company's;
    - the national body the title names (总书记 → 中共中央) when the article names it;
    - the earlier organization a word right before the title stands for
      (…有限公司…。公司负责人某某 → that company);
    - for a title held in a place (``data/post_place_titles.tsv``: 网格员, 驻村第一书记,
      居委会主任), a place named before it in the sentence (see `_place_of_post`,
      `_bound_place`).

    A role that gives a post (``data/person_post_roles.txt``: 技术员, 工作人员) takes only
    the first, second and fourth.
    """
    end = where + len(title)
    inside = [o for o in cands if o.etype == "Organization" and o.start < end and o.end > where]
    if inside:
        return inside[0]
    s = sentence_of(sentences, where)
    before = [a for a in actors if a.end <= where and sentence_of(sentences, a.start) == s]
    levels = _place_titles().get(title)
    stop = where
    if where >= person.end and where - person.end <= 1:
        stop = person.start  # 某大学某某院士: the body comes before the name
    if text[where - 1:where] in ("）", ")"):
        opening = max(text.rfind("（", 0, where), text.rfind("(", 0, where))
        if opening >= 0 and where - opening <= _ASIDE and any(a.end <= opening for a in before):
            stop = opening
    near = sorted((a for a in before if a.end <= stop), key=lambda a: (a.end, a.end - a.start))  # the longest of those ending last
    if stop == person.start:
        near = [a for a in near if a.end == stop]  # 某大学某某院士: the body written right before the name
    role = title in wordset("person_post_roles")
    if near:
        gap = text[near[-1].end:stop]
        clause = re.search(r"[，。；：！？,;:!?]", gap)
        if (len(gap) <= 2 or not _TITLE_GAP.sub("", gap)) and not ((role or len(gap) > 1) and clause):
            # 某社区党总支书记、居委会主任: the second post is in the place, not the first body
            if not (levels and "、" in gap and near[-1].etype == "Organization") \
                    and (near[-1].etype != "Place" or near[-1].name.endswith(_place_title_ends().get(title, ""))):
                return _branch_owner(near[-1], actors, text) or _party_unit(near[-1], title, gap, cands) or near[-1]
        elif near[-1].etype == "Organization" and not clause:
            body = _section_body(near[-1], gap, cands)
            if body is not None:
                return body
    if not role:
        body = _national_posts().get(title)
        named = [o for o in cands if o.etype == "Organization" and o.name == body]
        if named:
            return named[0]
    ref = _referred_body(where, cands, text, title) or _level_word_place(where, cands, text, title)
    if ref is not None or role:
        return ref
    place = _place_of_post(where, before, text)
    ending = _place_title_ends().get(title, "")
    if place is not None and not place.name.endswith(ending):
        place = None  # 在某市某区，市长某某: the city, not the district
    if place is not None or not levels:
        return place
    return _bound_place(where, levels, cands, sentences, ending)


@lru_cache(maxsize=1)
def _national_posts() -> dict[str, str]:
    """The national body each national title names (总书记 → 中共中央), read once."""
    return dict(table("national_posts"))


@lru_cache(maxsize=1)
def _section_gap() -> re.Pattern[str]:
    sections = alternation("post_sections")
    rows = table("post_qualifiers")
    clause = "|".join(re.escape(w) for w, kind in rows if kind == "clause")
    word = "|".join(re.escape(w) for w, kind in rows if kind == "word")
    return re.compile(f"(?:[\u4e00-\u9fff]{{1,12}}?(?:{sections}))?(?:(?:{clause})[\u4e00-\u9fff、]{{1,12}}?的)?"
                      f"(?:{word})?")


@lru_cache(maxsize=1)
def _committee_departments() -> frozenset[str]:
    return frozenset(d for _, d in table("org_committee_departments"))


def _section_body(body: Candidate, gap: str, cands: list[Candidate]) -> Candidate | None:
    """The body a title is held in when words stand between the body and the title:

    - a section of the body or a qualifier (某局综合科科长, 某部分管日常工作的副部长,
      某委某科有关负责人): the body itself, the section going into the title;
    - a committee's department after a standing-committee title (某市委常委、组织部部长):
      that department, when the article names it (某市委组织部).
    """
    rest = _TITLE_GAP.sub("", gap)
    if rest and _section_gap().fullmatch(gap) and rest not in _committee_departments():
        return body  # not 某县委宣传部部长: a department of its own
    if "、" in gap and rest in _committee_departments():
        named = [o for o in cands if o.etype == "Organization" and o.name == body.name + rest]
        if named:
            return named[0]
    return None


@lru_cache(maxsize=1)
def _party_words() -> tuple[tuple[str, ...], tuple[str, ...]]:
    rows = table("post_party_words")
    return tuple(w for w, k in rows if k == "body"), tuple(w for w, k in rows if k == "title")


def _party_unit(body: Candidate, title: str, gap: str, cands: list[Candidate]) -> Candidate | None:
    """某集团有限公司党委书记、董事长: a title stacked after a party body's title that is no party
    title (``data/post_party_words.tsv``) is held in the unit whose name the body's opens with."""
    bodies, party = _party_words()
    if "、" not in gap or body.etype != "Organization" or not body.name.endswith(bodies) \
            or any(w in title for w in party):
        return None
    unit = [o for o in cands if o.etype == "Organization" and o.start == body.start and o.end < body.end
            and body.name.startswith(o.name)]
    return max(unit, key=lambda o: o.end) if unit else None


def _branch_owner(place: Candidate, actors: list[Candidate], text: str) -> Candidate | None:
    """某科技有限公司某地副总经理: a place written right after a company's name is the
    branch the post is in; the post is the company's."""
    if place.etype != "Place":
        return None
    owner = [a for a in actors if a.etype == "Organization" and a.end == place.start]
    if owner and owner[-1].name.endswith(tuple(words("post_branch_owners"))):
        return owner[-1]
    return None


@lru_cache(maxsize=1)
def _place_titles() -> dict[str, tuple[str, ...]]:
    return {r[0]: tuple(r[1].split(",")) for r in table("post_place_titles")}


@lru_cache(maxsize=1)
def _place_title_ends() -> dict[str, str]:
    """Titles whose place's name ends with a given character (市长 → …市)."""
    return {r[0]: r[2] for r in table("post_place_titles") if len(r) > 2 and r[2]}


def _referred_body(where: int, cands: list[Candidate], text: str, title: str = "") -> Candidate | None:
    """，公司副总经理某某: a word between a clause boundary (or 的, 、) and the title that ends the
    name of an organization written earlier (某某科技园有限公司) stands for that organization.
    The word may run into the title when the rest of the title is a title too: in
    。村党总支书记某某 the word 村党总支 stands for the 某村党总支 named earlier. A party body
    may be written short (村支部 for 某村党支部, ``data/post_body_short_forms.tsv``); where no
    earlier body fits, the word may stand for the body of the place named last (see
    `_place_body`)."""
    titles = wordset("person_titles")
    heads = [title[:k] for k in range(1, len(title) - 1) if title[k:] in titles]
    for n in range(0, min(_REFERENCE, where - 1) + 1):
        at = where - n
        if text[at - 1] not in "，。；：,;:\n“”的、" or not re.fullmatch(r"[\u4e00-\u9fff]*", text[at:where]):
            continue
        for word in ([text[at:where]] if n > 1 else []) + [text[at:where] + h for h in heads if n + len(h) > 2]:
            short = _short_body(word)
            named = [o for o in cands if o.etype == "Organization" and o.end <= at
                     and len(o.name) > len(word) and _short_body(o.name).endswith(short)]
            if named and not _other_place_between(named[-1], at, cands):
                return named[-1]
            later = _place_body(word, at, cands)
            if later is not None or named:
                return later
    return None


@lru_cache(maxsize=1)
def _body_short_forms() -> tuple[tuple[str, str], ...]:
    return tuple((r[0], r[1]) for r in table("post_body_short_forms"))


def _short_body(name: str) -> str:
    """A party body's name in its short form (某村党支部 → 某村支部), for matching 村支部书记."""
    for full, short in _body_short_forms():
        name = name.replace(full, short)
    return name


def _place_body(word: str, at: int, cands: list[Candidate]) -> Candidate | None:
    """。村党支部书记某某 after a report on 某村: the word opens with the end of the last place
    named before (某村) and the body that place and the rest of the word name (某村党支部) is
    named somewhere in the article, before or after."""
    places = [p for p in cands if p.etype == "Place" and p.name and p.end <= at]
    for k in range(1, len(word) - 1):
        fitting = [p for p in places if p.name.endswith(word[:k]) and len(p.name) > k]
        if not fitting:
            continue
        short = _short_body(fitting[-1].name + word[k:])
        named = [o for o in cands if o.etype == "Organization" and _short_body(o.name) == short]
        if named:
            return named[0]
    return None


_LEVEL_WORD_AFTER = "，。；：、“”的着了在是为和与及向给\n"  # what a bare level word may follow


@lru_cache(maxsize=1)
def _level_word_re() -> re.Pattern[str]:
    levels = "|".join(re.escape(w) for w, _ in sorted(table("post_level_words"), key=lambda r: -len(r[0])))
    return re.compile(f"(?:^|(?<=[{_LEVEL_WORD_AFTER}]))({levels})[\u4e00-\u9fff]{{0,3}}$")


@lru_cache(maxsize=1)
def _level_words() -> dict[str, str]:
    """The level of the places each bare level word stands for (社区 → community)."""
    return dict(table("post_level_words"))


def _level_word_place(where: int, cands: list[Candidate], text: str, title: str = "") -> Candidate | None:
    """A bare level word after a boundary or a function word, a few characters before the title
    (握着社区企服专员某某): the last place of that level named before it in the article; not
    where the words after it name a body of the place (``data/post_level_not.txt``: 村党委书记)."""
    lo = max(0, where - 8)
    m = _level_word_re().search(text[lo:where])
    if m is None or any(w in text[lo + m.end(1):where] + title for w in words("post_level_not")):
        return None
    if lo + m.start(1) > 0 and text[lo + m.start(1) - 1] not in _LEVEL_WORD_AFTER:
        return None  # 新城社区专员: the level word ends a longer name
    level = _level_words()[m.group(1)]
    at = lo + m.start(1)
    places = [c for c in cands if c.etype == "Place" and c.name and c.end <= at and c.level == level]
    return places[-1] if places else None


def _other_place_between(body: Candidate, at: int, cands: list[Candidate]) -> bool:
    """The last place of the level of the body's place named between the body and ``at`` is
    another one (某村党委…另一村…。村党委书记某某): the short word may stand for a body not
    recognized."""
    inner = [p for p in cands if p.etype == "Place" and body.start <= p.start and p.end <= body.end] \
        or [p for p in cands if p.etype == "Place" and p.name and body.name.startswith(p.name)]  # 社区党委 for 某社区党委
    if not inner or not inner[-1].level:
        return False
    own = inner[-1]
    later = [p for p in cands if p.etype == "Place" and p.level == own.level and body.end <= p.start and p.end <= at]
    return bool(later) and max(later, key=lambda p: p.start).name != own.name


def _bound_place(where: int, levels: tuple[str, ...], cands: list[Candidate],
                 sentences: list[Sentence], ending: str = "") -> Candidate | None:
    """A title held in a place (时任驻村第一书记某某, ，网格员某某) with no body next to it: the
    nearest place of a fitting level named before it in the sentence, inside an
    organization's name too (某村党支部书记甲找到时任驻村第一书记乙 → 某村). The head of a
    place's government (副省长, 市长: a title with a name ending) named where the sentence
    names no such place holds the post in the last one the article named before."""
    lo = sentences[sentence_of(sentences, where)].start if sentences else 0
    places = [c for c in cands if c.etype == "Place" and c.name and c.end <= where
              and c.level in levels and c.name.endswith(ending)]
    near = [c for c in places if lo <= c.start]
    if near:
        return near[-1]
    return places[-1] if places and ending else None


def _place_of_post(where: int, before: list[Candidate], text: str) -> Candidate | None:
    """A title with no organization (驻村干部, 网格员) that opens a clause is held in the place
    the sentence names before it (在某乡某村…中，驻村干部某某 → 某村), when no organization
    stands between. A title after other words (…村驻村工作队队长) belongs to those words."""
    if not before or before[-1].etype != "Place" or before[-1].level in ("country", "region", "province"):
        return None
    if text[where - 1:where] not in ("，", "；", "：", ",", ";", ":"):
        return None
    return before[-1]


def _actor_for(program: Candidate, actors: list[Candidate], sentences: list[Sentence], text: str,
               chains: dict[int, int], places: list[Candidate] | None = None) -> Candidate | None:
    """The actor of a program in its sentence; None when the sentence names none.

    In order: the agent of a relative clause right before the program (镇党委组织的“…”活动);
    the subject before the verb, where a clause opening with a word that stands for an
    earlier actor (乡里, or 合作社 for the co-operative named before) counts as a subject;
    else a place set as the sentence's frame (在翠屏区，“…清单”列得详尽)."""
    s = sentence_of(sentences, program.start)
    sent_start = sentences[s].start if sentences else 0
    agent = _relative_agent(program, actors, text)
    if agent is not None:
        return agent
    verb_at = int(program.attr("verb_start") or program.start)
    if re.search(r"[，；：,;:]", text[verb_at:program.start]):
        verb_at = program.start  # the verb belongs to an earlier clause (…启动以来，社区党委以“…”为纽带)
    same = [a for a in actors if a.end <= verb_at and a.start >= sent_start]
    subjects = [a for a in same if _is_subject(text, sent_start, a, chains)]
    after = subjects[-1].end if subjects else sent_start
    ref = _clause_reference(text, after, verb_at, actors, places)
    if ref is not None:
        return ref
    if subjects:
        return subjects[-1]
    return _frame_place(text, sent_start, same)


def _paragraph_subject(program: Candidate, actors: list[Candidate], sentences: list[Sentence], text: str,
                       chains: dict[int, int], titled: frozenset[int] | set[int] = frozenset()) -> Candidate | None:
    """A sentence with no subject of its own continues the subject of the sentence right before it
    in the same paragraph (某镇通过…。特别是创新推出“…”计划 → 某镇): the actor opening that
    sentence's first clause, when it is a whole sentence (not a line of a column layout), or the
    earlier body a word opening that sentence stands for (村党支部根据… → 某村党支部). An item of
    a series that names no actor (一是…。二是开展“…”) is passed over, up to ``_CONTINUED``
    sentences back; a paragraph opening such an item goes on from the paragraph before."""
    s = sentence_of(sentences, program.start)
    para = text.rfind("\n", 0, program.start) + 1
    for back in range(1, _CONTINUED + 1):
        if s - back >= 0 and sentences[s - back].start < para and text.startswith(_continuations(), para):
            para = text.rfind("\n", 0, para - 1) + 1  # 二是…: the paragraph goes on from the one before
        if s - back < 0 or sentences[s - back].start < para:
            return None
        sent = sentences[s - back]
        if "\n" in sent.text.strip() or not _ends_whole(sent):
            return None  # a fragment (a line of a column layout) is no sentence to continue
        subjects = [a for a in actors if sent.start <= a.start and a.end <= sent.end
                    and _is_subject(text, sent.start, a, chains)
                    and not re.search(r"[，；：,;:]", _lead_clauses(text, sent.start, chains.get(a.start, a.start), actors))
                    and not text.startswith(("、", "等", "和", "与", "及"), a.end)  # one of a list: no subject
                    and a.end not in titled]  # 某局常务副局长某某坦言: the person speaks, not the body
        if subjects:
            return subjects[0]
        first = re.search(r"[，；：,;:]", sent.text)
        ref = _clause_reference(text, sent.start, sent.start + (first.start() if first else len(sent.text)), actors)
        if ref is not None:
            return ref
        if any(sent.start <= a.start < sent.end for a in actors) or not text.startswith(_continuations(), sent.start):
            return None  # the sentence before speaks of another actor, or is no item of a series
    return None


_CONTINUED = 3  # sentences with no actor a subject carries over


@lru_cache(maxsize=1)
def _continuations() -> tuple[str, ...]:
    """Words opening a paragraph that continues the subject of the one before (一是, 其次)."""
    return tuple(words("program_continuations"))


@lru_cache(maxsize=1)
def _lead_clause_re() -> re.Pattern[str]:
    return re.compile(f"(?:{alternation('program_lead_clauses')})")


_DATE_CLAUSE = re.compile(  # 7月15日，某部召开…: a date alone opens the sentence
    r"(?=[^，,]*\d)\s*(?:\d{4}\s*年\s*)?(?:\d{1,2}\s*月\s*)?(?:\d{1,2}\s*日\s*)?(?:至\s*(?:\d{1,2}\s*月\s*)?\d{1,2}\s*日\s*)?"
    r"(?:以来|前后|上旬|中旬|下旬|底|初|期间)?\s*[，,]")


def _lead_clauses(text: str, lo: int, hi: int, actors: list[Candidate]) -> str:
    """The text before an actor opening a sentence, without leading clauses that name no actor
    (除了设有托育中心，某中心还…: the first clause is an adverbial, the actor still opens the sentence)."""
    cut = lo
    for m in re.finditer(r"[，,]", text[lo:hi]):
        at = lo + m.end()
        if any(cut <= a.start < at for a in actors) or not (
                _lead_clause_re().match(text[cut:at]) or _DATE_CLAUSE.fullmatch(text[cut:at])):
            break
        cut = at
    return text[cut:hi]


@lru_cache(maxsize=1)
def _agent_verb_re() -> re.Pattern[str]:
    return re.compile(f"(?:{alternation('program_agent_verbs')})的$")


def _relative_agent(program: Candidate, actors: list[Candidate], text: str) -> Candidate | None:
    """镇党委组织的“…”活动: the actor right before an agent verb and 的 that precede the program."""
    m = _agent_verb_re().search(text[max(0, program.start - 6):program.start])
    if not m:
        return None
    at = program.start - (len(m.group()))
    return next((a for a in actors if a.end == at), None)


def _clause_reference(text: str, lo: int, hi: int, actors: list[Candidate],
                      places: list[Candidate] | None = None) -> Candidate | None:
    """The earlier actor a clause opening between ``lo`` and ``hi`` stands for: 乡里 (the latest
    place ending in 乡, also one named only inside a body's name among ``places``: 某省委组织部…，
    省里…), or the end of an earlier organization's name (合作社, 乡党委)."""
    refs = table("program_place_refs")
    found = None
    for m in re.finditer(r"(?:^|[，；：,;:])[“‘]?", text[lo:hi]):
        at = lo + m.end()
        if at >= hi or any(a.start <= at < a.end for a in actors):
            continue
        earlier = [a for a in actors if a.end <= at]
        for word, ending in refs:
            if text.startswith(word, at):
                named = [a for a in (places if places is not None else earlier)
                         if a.etype == "Place" and a.end <= at and a.name.endswith(ending)]
                if named:
                    found = named[-1]
                break
        else:
            best = None
            for a in earlier:
                if a.etype != "Organization":
                    continue
                tail = next((a.name[i:] for i in range(1, len(a.name) - 1) if text.startswith(a.name[i:], at)), None)
                if tail and (best is None or len(tail) >= best[0]):
                    best = (len(tail), a)
            if best:
                found = best[1]
            else:
                found = _kind_reference(text, at, earlier) or found
    return found


@lru_cache(maxsize=1)
def _body_kinds() -> re.Pattern[str]:
    return re.compile(rf"(?:该|新|这家)?({alternation('program_body_refs')})")


def _kind_reference(text: str, at: int, earlier: list[Candidate]) -> Candidate | None:
    """基地在…开设了“…”, 新物业入驻后…: a clause opening with a kind of body (``data/program_body_refs``)
    that the name of an earlier organization contains (某护工产业基地运营有限公司, 某物业管理有限公司)
    stands for the latest such organization."""
    m = _body_kinds().match(text, at)
    if not m:
        return None
    named = [a for a in earlier if a.etype == "Organization" and m.group(1) in a.name]
    return named[-1] if named else None


def _frame_place(text: str, sent_start: int, same: list[Candidate]) -> Candidate | None:
    """在翠屏区，…: a place that frames a sentence with no subject of its own."""
    for a in same:
        if text[sent_start:a.start].lstrip("“‘") == "在" and a.end < len(text) and text[a.end] in "，,":
            return a
    return None


def main_actor(cands: list[Candidate], text: str = "", share: float = 0.5) -> Candidate | None:
    """The body or place an article is about.

    A headline that opens with an actor names it (吉林医药学院政校企合作谱新篇,
    舒兰市：“四好农村路”…); otherwise the lowest-level place named at least
    ``share`` as often as the most named one (an article about 永吉县 names
    吉林省 too, in 考察吉林).
    """
    from collections import Counter

    head = _headline_actor(cands, text)
    if head is not None:
        return head
    places = [c for c in cands if c.etype == "Place" and c.name and level_rank(c.level) >= level_rank("province")]
    if not places:
        return None
    counts = Counter(c.name for c in places)
    top = max(counts.values())
    often = [c for c in places if counts[c.name] >= max(2, share * top) or counts[c.name] == top]
    return max(often, key=lambda c: (level_rank(c.level), counts[c.name], -c.start))


_HEADLINE_LINES = 2
_HEADLINE_MAX = 40


def _headline_actor(cands: list[Candidate], text: str) -> Candidate | None:
    """An organization or place opening one of the article's first lines, when that line is a headline."""
    starts, pos = [], 0
    for _ in range(_HEADLINE_LINES):
        end = text.find("\n", pos)
        line = text[pos:end if end >= 0 else len(text)]
        if not line or len(line.strip()) > _HEADLINE_MAX or line.rstrip().endswith(("。", "！", "？")):
            break
        starts.append(pos)
        if end < 0:
            break
        pos = end + 1
    for at in starts:
        opening = [c for c in cands if c.start == at and c.etype in ("Organization", "Place") and c.name]
        if opening:
            first = max(opening, key=lambda c: c.end)
            if first.etype == "Place":  # 哈达湾街道绿地·筑石红社区…: the innermost place of the chain
                chain = {p.start: p for p in cands if p.etype == "Place" and p.name}
                while first.end in chain:
                    first = chain[first.end]
            return first
    return None

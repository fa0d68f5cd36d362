"""Organization mentions by the grammar of Chinese organization names.

Three patterns:

1. a place followed by a body suffix (吉林市委, 梨树县委组织部, 柳河县纪委监委,
   大东街道党工委, 会源德村党支部); the canonical name starts at the innermost
   place, the longer written form is an alias (吉林市船营区大东街道党工委);
2. a bare level word with a body suffix (市委组织部, 县委, 省政府), completed
   with the article's place of that level (→ 吉林市委组织部);
3. a proper-name core ending in an organization head noun (吉林医药学院,
   …股份有限公司, …合作社), the left boundary found like settlement names;
plus the national bodies (党中央 → 中共中央), China's state institutions, international
organizations and well-known short names (中科院, 联合国, 北大), a foreign country's
bodies (美国国务院, 日本大藏省), and sports teams named by a place (中国女队).

Every candidate carries ``("place", name)`` when the name says where it is
based, and ``("parent", name)`` when it is a department of a named body.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipelines.lexicon import alternation, table, words, wordset
from pipelines.mentions import Candidate
from pipelines.normalize import _is_han
from pipelines.places import _cut_before, _proper_core, _sentence_start, _tags, level_rank


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    after = alternation_of(s for s, _ in table("org_after_place"))
    levels = "".join(lv for lv, _ in table("place_short_levels"))
    national = alternation_of(s for s, _ in table("org_national"))
    short_after = alternation_of(s for s, kind in table("org_after_place") if not s.startswith("党"))
    return {
        "after": re.compile(f"(?:{after})(?!织)"),  # 党组, not 党组织
        "short": re.compile(f"(中共)?([{levels}])({short_after})"),
        "head": re.compile(f"(?:{alternation('org_heads')})"),
        "single": re.compile(f"[{''.join(words('org_heads_single'))}]"),
        "unit": re.compile(f"(?:{alternation('org_unit_bodies')})"),
        "national": re.compile(f"(?:{national})"),
        "local": re.compile(f"({alternation_of(w for w, _ in table('org_local_short'))})"
                            f"({alternation_of([s for s, kind in table('org_after_place') if kind in ('party', 'gov')] + list(words('org_local_heads')))})(?!织)"),
        "listed_body": re.compile(f"(?:{alternation('person_titles')}){{1,3}}、({alternation('org_title_list_bodies')})"
                                  f"(?:{alternation('person_titles')})"),
        "dept": re.compile(f"委(?:{alternation('person_titles')}){{0,3}}、({alternation_of(t for t, _ in table('org_committee_departments'))})"),
    }


def alternation_of(items) -> str:
    return "|".join(re.escape(w) for w in sorted(set(items), key=lambda w: (-len(w), w)))


@lru_cache(maxsize=1)
def _kinds() -> dict[str, str]:
    return dict(table("org_after_place"))


def find_organizations(text: str, places: list[Candidate], article_places: dict[str, str]) -> list[Candidate]:
    """Organization candidates; ``article_places`` maps a level to the article's place of that level."""
    pats = _patterns()
    out: list[Candidate] = []
    named = sorted((p for p in places if p.name), key=lambda p: p.start)
    starts = {p.start: p for p in named}
    ends = {p.end: p for p in named}

    # 1. place + suffix
    for p in named:
        if p.end in starts:
            continue  # a chain continues: the innermost place anchors the name
        m = pats["after"].match(text, p.end)
        if not m or (m.group().endswith("队") and text.startswith("员", m.end())) \
                or (m.group().endswith("部") and text.startswith("门", m.end())) \
                or (m.group() == "委" and text.startswith("员", m.end())):
            continue  # 驻村工作队员: a member, not the team; 甘肃组织部门: departments in general; 法中委员会
        first = p
        while first.start in ends:
            first = ends[first.start]
        if text[first.start - 1:first.start] == "驻" and _kinds()[m.group()] == "gov":
            continue  # 某省驻北京办事处: another body's office in that place
        start = first.start - 2 if text[max(0, first.start - 2):first.start] == "中共" else first.start
        suffix = m.group()
        name = p.name + suffix
        aliases = {text[start:m.end()], text[p.start:m.end()]} - {name}
        out.append(_org(start, m.end(), name, aliases, p.name, suffix))

    # 1b. a committee's department named by its head's title in an author note (X市委常委、组织部长)
    depts = dict(table("org_committee_departments"))
    for o in list(out):
        if _kinds().get(o.name[len(o.attr("place") or ""):]) != "party" or not o.name.endswith("委"):
            continue
        m = pats["dept"].match(text, o.end - 1)
        if m:
            dept = depts[m.group(1)]
            out.append(Candidate(m.start(1), m.start(1) + len(dept), "Organization", o.name + dept,
                                 (), attrs=(("place", o.attr("place")), ("parent", o.name))))

    # 1c. a body of the same place written bare in the list of one person's titles
    #     (某村党支部书记、村委会主任 → 某村村委会)
    out.extend(_listed_bodies(text, out))
    out.extend(_dispatched_groups(text, out))

    # 2. bare level word + suffix: the place of that level written just before (舒兰市委、市政府),
    #    else the article's
    for m in pats["short"].finditer(text):
        if m.start() in ends or (m.start(2) in ends) or _inside_word(text, m.start(2)) \
                or (not m.group(1) and text[m.start() - 1:m.start()] in wordset("org_short_not_after")) \
                or any(p.start <= m.start(2) < p.end for p in named):
            continue
        level_char = m.group(2)
        place = _recent_place(out, m.start(), level_char) \
            or _paragraph_place(text, m.start(), named, _level_chars()[level_char], level_char) \
            or _article_place(article_places, level_char)
        if not place or not place.endswith(level_char):
            continue
        suffix = m.group(3)
        name = place + suffix
        out.append(_org(m.start(), m.end(), name, {m.group()} - {name}, place, suffix))

    # 2b. a bare local level word + party body or government (社区党总支, 街道党工委, 乡政府), completed likewise
    local = dict(table("org_local_short"))
    local_found: list[Candidate] = []
    for m in pats["local"].finditer(text):
        if m.start() in ends or any(p.start <= m.start() < p.end for p in named) \
                or text[m.start() - 1:m.start()] in wordset("org_local_generic") or _inside_word(text, m.start()) \
                or (m.group(2) == "委" and text.startswith("会", m.end())):
            continue  # 各村党支部, 乡镇党委: no one place; 村委会 is not 村委
        heads = m.group(2) in wordset("org_local_heads")
        if heads and _after_function_words(_han_run_before(text, m.start())):
            continue  # 某溪社区卫生服务中心 with an unknown place: the name's own start, not a bare 社区
        if local[m.group(1)] == "village":
            place = _paragraph_place(text, m.start(), named, "village") if heads else _village_of_post(text, m, named)
        else:
            place = _paragraph_place(text, m.start(), named, local[m.group(1)]) or article_places.get(local[m.group(1)])
        if place and place.endswith(m.group(1)):  # 镇党委 is not the party committee of a 乡
            name = place + m.group(2)
            local_found.append(Candidate(m.start(), m.end(), "Organization", name, (m.group(),),
                                         attrs=(("place", place), ("grammar", "head"))) if heads
                               else _org(m.start(), m.end(), name, {m.group()}, place, m.group(2)))
    out.extend(local_found + _listed_bodies(text, local_found))  # 村党支部书记、村委会主任 → 某村村委会

    # 3a. a quoted proper name before a head noun (“红枫”志愿服务队, “老街”技能服务团队)
    out.extend(_quoted_names(text, [(c.start, c.end) for c in out]))

    # 3. proper core + head noun (+ a party body of that unit: 吉林医药学院党委)
    covered = [(c.start, c.end) for c in out]
    heads_found = _head_matches(text, pats)
    for s, e in heads_found:
        if _inner_head(text, e, heads_found):
            continue  # 某某置业投资有限公司: 置业 is part of the registered name
        if any(a <= s < b for a, b in covered) or _inside_book_title(text, s) or _title_office(text, s, e):
            continue
        trade = text[s:e].endswith(words("org_trade_heads"))
        start = _name_start(text, s, named, trade)
        start, paren_place = _parenthesised_place(text, s, start, named) if trade else (start, None)
        bureau = _is_bureau(text[s:e]) or text[s:e] in wordset("org_heads_single")
        if bureau or start is None:
            # 教育和体育局, 某区房产和物业管理服务中心: 和 joins two fields in one name
            joined = _joined_fields(text, s, start, named)
            if not bureau and joined is not None and not _plain_fields(text, joined, s, named):
                joined = start  # 某南区和北区治理委员会: two areas, two bodies
            if joined != start and joined not in starts and not _listed_after(out, text, joined) \
                    and not (text[joined] in _level_chars() and _bare_level_place(text, joined, out, article_places, named=named)):
                joined = start  # 市教育和体育局 with no city to complete it, 自然资源和规划局 with no place
            start = joined
        listed = _listed_after(out, text, start if start is not None else s)
        if start is None and listed and text[s:e] in wordset("org_heads") and _is_bureau(text[s:e]):
            start = s  # 县科技局、农业农村局: a department in a list after one of a place
        if start is None and text[s - 1:s] in _level_chars() and text[s:e] in wordset("org_heads") \
                and _is_bureau(text[s:e]) and _bare_level_place(text, s - 1, out, article_places, head_follows=True, named=named):
            start = s - 1  # 县自然资源局: a bare level word and a department's head
        if start is None:
            start = _bare_level_start(text, s, out, article_places, named)  # 联动市考古研究院: 市 + a field + a head
        if start is None:
            start = _dictionary_org(text, s, e)  # 华侨大学, 联想集团: a name jieba's dictionary holds whole
        if start is None and text[s:e].endswith("厅") and text[s:e] in wordset("org_heads") \
                and not text[s:e].endswith("办公厅") and article_places.get("province") and text[s - 1:s] not in _level_chars() \
                and not text[:s].endswith(words("org_generic_words")):
            # a department of a province written bare (设立营商环境建设厅): 厅 exists at that level only
            name = article_places["province"] + text[s:e]
            out.append(Candidate(s, e, "Organization", name, (text[s:e],),
                                 attrs=(("grammar", "head"), ("place", article_places["province"]))))
            covered.append((s, e))
            continue
        if start is None:
            continue
        full = text[start:e]
        if any(w in full for w in words("org_designations")) or full in wordset("org_generic_names"):
            continue
        if _COUNTED_BEFORE.search(text, max(0, start - 6), start) and not any(start <= p.start < s for p in named):
            continue  # 合办了一个砖瓦厂, 二十多家造纸厂, 各电影制片公司: a kind of body, counted, no one name
        # 永吉县口前镇综合服务中心: the name starts at the innermost place of a leading chain
        # (a registered company name keeps a descending chain: 桂林全州米兰香食品有限公司)
        while start in starts and starts[start].end in starts and starts[start].end < s \
                and not (trade and _rank(starts[starts[start].end]) > _rank(starts[start])):
            start = starts[start].end
        start = _pair_start(text, start, starts, ends)
        if start is None:
            continue  # 美日两国中央银行: the two countries' banks, no one name
        name = text[start:e]
        completed = [o for o in out if o.start == start and o.end < e and o.attr("place") and not name.startswith(o.name)]
        extra: tuple = ()
        if completed:  # 省委督导组 in an article about 吉林省 → 吉林省委督导组
            full, name = name, completed[0].name + text[completed[0].end:e]
        elif start not in starts and (_is_bureau(name) or text[start] in _level_chars()):
            # 县科技局 → 全州县科技局; 县科技局、农业农村局 → 全州县农业农村局; 市考古研究院 → 某市考古研究院
            place = _bare_level_place(text, start, out, article_places, head_follows=text[start + 1:e] in wordset("org_heads"),
                                      named=named)
            if place:
                full, name = name, place + name[1:]
            elif listed and _is_bureau(name):
                place = listed.attr("place")
                full, name = name, _listed_prefix(listed, place, text, named) + name
            if place:
                extra = (("place", place),)
        name, full = _expanded_head(name, full, start, named)
        unit = pats["unit"].match(text, e) or (_CAMPUS.match(text, e) if name.endswith(("医院", "卫生院")) else None)
        branch = None if unit else _branch_end(text, e, name)
        if branch and pats["unit"].match(text, branch):
            branch = None  # 某银行某分行纪委: the nested bodies are read below, each with its parent
        if unit or branch:
            end = unit.end() if unit else branch
            body = name + text[e:end]
            out.append(Candidate(start, end, "Organization", body, (),
                                 attrs=(("parent", name), ("grammar", "head"))))
            covered.append((start, end))
        else:
            if paren_place and not extra:  # 某某（雄安）科技有限公司: registered in the place in brackets
                extra = (("place", paren_place),)
            cand = Candidate(start, e, "Organization", name, tuple({full} - {name}),
                             attrs=(("grammar", "head"),) + extra)
            if not extra and _is_bureau(name):  # its place, for a department listed next (not 中国)
                cand = _with_place(cand, named)
            out.append(cand)
            covered.append((start, e))

    # schools named by a place and a number: 吉林一中, 永吉二中
    for p in named:
        m = _SCHOOL_NO.match(text, p.end)
        if m and not any(a <= p.start < b for a, b in covered):
            short = text[p.start:p.end]
            out.append(Candidate(p.start, m.end(), "Organization", short + m.group(), (),
                                 attrs=(("place", p.name),)))

    for m in _CREDITED.finditer(text):  # （《漫画月刊》供图）: a credited publication
        if not any(a <= m.start(1) < b for a, b in covered):
            out.append(Candidate(m.start(1), m.end(1), "Organization", m.group(1), (f"《{m.group(1)}》",)))
    out.extend(_media_titles(text, covered, named))
    out.extend(_teams(text, covered))
    out.extend(_country_bodies(text, named, covered))

    # national bodies (a foreign country's when its name is written before: 美国国务院)
    canon = dict(table("org_national"))
    first_known = len(out)
    for m in pats["national"].finditer(text):
        if m.group().endswith("党") and text.startswith("人", m.end()):
            continue  # 中国共产党人: the party's members, not the party
        out.append(_known_body(text, m.start(), m.end(), canon[m.group()], named))
    out.extend(_bare_national(text, [(c.start, c.end) for c in out] + covered))
    known = _known_names()
    for m in _known_re().finditer(text):
        s, e = m.start(), m.end()
        if any(a <= s < b for a, b in covered) or any(p.start <= s and e <= p.end for p in named) \
                or _MEETING_NO.match(text, e):
            continue  # 北大村 is a village, not 北京大学; 中共十五大 is a congress
        own = next((w for w in words("org_named_after_heads") if text.startswith(w, e)), None)
        if own and _cut_before(text, e + len(own)):  # 红军小学: a school named after the body, not the body
            out.append(Candidate(s, e + len(own), "Organization", text[s:e + len(own)], ()))
            covered.append((s, e + len(own)))
            continue
        branch = next((o for o in out if o.start == e and o.attr("grammar") == "head" and e in starts), None)
        if branch is not None:  # 南方电网 + 某省某供电局: the body's branch in a place is one name
            out[out.index(branch)] = Candidate(s, branch.end, "Organization", text[s:branch.end], (),
                                               attrs=(("grammar", "head"), ("place", starts[e].name), ("parent", known[m.group()])))
            covered.append((s, branch.end))
        elif (_bounded(text, s, e) or (_cut_before(text, e) and any(p.end == s and p.level == "country" for p in named))) \
                and not _led_by_name(text, s, m.group(), named) and not _opens_place_word(text, s, e):
            # (jieba glues 以色列工党 into one word; 北大 opens 北大西洋)
            out.append(_known_body(text, s, e, known[m.group()], named))
    out.extend(_known_units(text, out[first_known:], out[:first_known], named))
    out = [_with_parent(c) for c in out]
    out = out + _named_parents(out, text)
    parents = {(c.start, c.start + len(c.attr("parent") or "")) for c in out
               if c.attr("grammar") == "head" and (c.name.endswith(words("org_unit_bodies")) or c.attr("nested"))}
    out = [c if (c.start, c.end) not in parents or c.attr("nested") else
           Candidate(c.start, c.end, c.etype, c.name, c.aliases, c.level, c.division, c.attrs + (("nested", "1"),))
           for c in out]
    return _mentioned_parents(_with_government(_merge_short_forms([_with_place(c, named) for c in out], text)))


_PAREN_PLACE = re.compile("（([\u4e00-\u9fff]{2,6})）([\u4e00-\u9fff]{0,8})$")


def _parenthesised_place(text: str, s: int, start: int | None, named: list[Candidate]) -> tuple[int | None, str | None]:
    """An enterprise's registered name with its place in brackets after the trade name
    (某某（北京）科技有限公司, 某某技术（深圳）有限公司): where the name starts, and the place in
    the brackets where it is a named place other than the country.

    Parameters
    ----------
    text : str
        The article text.
    s : int
        Where the enterprise's head noun (有限公司) starts.
    start : int or None
        Where the name starts read without the brackets (after them, or None).
    named : list of Candidate
        The place mentions of the text.

    Returns
    -------
    (int or None, str or None)
        The start, unchanged where no bracketed part precedes; the bracketed place's name or None.
    """
    m = _PAREN_PLACE.search(text, max(0, s - 16), s)
    if not m or m.end() != s or (start is not None and start < m.end(1)) \
            or _after_function_words(m.group(2)) != m.group(2):
        return start, None
    front = _name_start(text, m.start(), named, trade=True)
    if front is None:
        return start, None
    inner = [p for p in named if p.start == m.start(1) and p.end == m.end(1) and p.level != "country"]
    return front, (inner[0].name if inner else None)


def _abbreviation(p: Candidate | None) -> bool:
    return p is not None and p.level == "country" and p.end - p.start == 1


def _pair_start(text: str, start: int, starts: dict, ends: dict) -> int | None:
    """Where a name opened by one-character country abbreviations starts.

    A bilateral body is named by both countries (美中经贸促进会, 泰中友协): a name that starts
    at the second of a pair of abbreviations starts at the first. A pair or single
    abbreviation followed by a count of countries (美日两国中央银行, 中俄双方) describes
    the countries' bodies, no one name: None.
    """
    if not _abbreviation(starts.get(start)):
        return start
    if _abbreviation(ends.get(start)):
        start = ends[start].start
    i = start
    while _abbreviation(starts.get(i)):
        i = starts[i].end
    return None if text.startswith(words("org_country_pair_follow"), i) else start


def _han_run_before(text: str, i: int, most: int = 8) -> str:
    """The Chinese characters written right before ``i`` (at most ``most``)."""
    j = i
    while j > 0 and i - j < most and _is_han(text[j - 1]):
        j -= 1
    return text[j:i]


def _village_of_post(text: str, m: re.Match, named: list[Candidate]) -> str | None:
    """The village a bare 村 + party body stands for: only before a post (村党支部书记) and with a
    village named earlier in the same sentence (某村村口，村党支部书记…); not 村委 (the villagers'
    committee, 12个村委), not after 驻 (驻村党支部书记), not before an assistant's post (村党支部书记助理),
    and no village named elsewhere."""
    title = next((t for t in words("person_titles") if text.startswith(t, m.end())), None)
    if m.group(2) == "委" or text[m.start() - 1:m.start()] == "驻" or title is None \
            or "助理" in text[m.end():m.end() + len(title) + 2]:
        return None  # 村党支部书记助理: an assistant's post, not one in the branch
    sent_start = _sentence_start(text, m.start())
    before = [p for p in named if sent_start <= p.start and p.end <= m.start() and p.level == "village"]
    return before[-1].name if before else None


def _listed_bodies(text: str, found: list[Candidate]) -> list[Candidate]:
    """A body of the same place written bare in the list of one person's titles after a place's
    party body (某村党支部书记、村委会主任 → 某村村委会; 某区党工委书记、管委会主任 → 某区管委会).

    Parameters
    ----------
    text : str
        The article text.
    found : list of Candidate
        Organization candidates found so far; only a place's party bodies are read.

    Returns
    -------
    list of Candidate
        The bodies written after them, named by the same place.
    """
    out = []
    for o in found:
        place = o.attr("place") or ""
        if _kinds().get(o.name[len(place):]) != "party" or not o.name.startswith(place):
            continue
        m = _patterns()["listed_body"].match(text, o.end)
        if m:
            out.append(Candidate(m.start(1), m.end(1), "Organization", place + m.group(1), (m.group(1),),
                                 attrs=(("place", place),)))
    return out


@lru_cache(maxsize=1)
def _dispatched_re() -> re.Pattern:
    groups = alternation_of(w for w, role in table("org_dispatched_groups") if role == "group")
    return re.compile(f"(?:第[{_ORDINALS}]{{1,3}})?派?驻[^\\s，。、；：！？“”‘’（）《》()]{{0,16}}?(?:{groups})")


def _dispatched_groups(text: str, out: list[Candidate]) -> list[Candidate]:
    """A discipline commission's group in another body, one name with the commission's
    (某市纪委监委驻市财政局纪检监察组, 某区纪委监委第三派驻纪检监察组): the group is based in the
    commission's place and is a unit of it; the commission written inside stays a mention of it."""
    senders = {w for w, role in table("org_dispatched_groups") if role == "sender"}
    found = []
    for i, o in enumerate(out):
        place = o.attr("place") or ""
        if not o.name.startswith(place) or o.name[len(place):] not in senders:
            continue
        m = _dispatched_re().match(text, o.end)
        if not m:
            continue
        out[i] = Candidate(o.start, o.end, o.etype, o.name, o.aliases, o.level, o.division, o.attrs + (("nested", "1"),))
        found.append(Candidate(o.start, m.end(), "Organization", o.name + m.group(), (text[o.start:m.end()],)
                               if text[o.start:m.end()] != o.name + m.group() else (),
                               attrs=(("place", place), ("parent", o.name))))
    return found


def _mentioned_parents(cands: list[Candidate]) -> list[Candidate]:
    """Keep ("parent", name) only where the parent body is itself mentioned in the article (a
    candidate of that name survives overlap resolution): 罗源县委组织部 names no 罗源县委 of its
    own, and a department's committee named nowhere else is no entity of the article."""
    from pipelines.mentions import resolve_overlaps

    mentioned = {c.name for c in resolve_overlaps(cands)}
    out = []
    for c in cands:
        parent = c.attr("parent")
        if parent and parent not in mentioned:
            c = Candidate(c.start, c.end, c.etype, c.name, c.aliases, c.level, c.division,
                          tuple(a for a in c.attrs if a[0] != "parent"))
        out.append(c)
    return out


def _paragraph_place(text: str, i: int, named: list[Candidate], level: str, ends: str = "") -> str | None:
    """The place of ``level`` (ending in ``ends``) named last before ``i`` in the same paragraph: a
    bare 社区党委 in a paragraph about one of the article's communities is that community's; 市委
    after 桦甸市 is 桦甸市委 (a county-level city counts for 市)."""
    line_start = text.rfind("\n", 0, i) + 1
    levels = (level, "county") if ends == "市" else (level,)
    before = [p for p in named if line_start <= p.start and p.end <= i and p.level in levels and p.name.endswith(ends)]
    return before[-1].name if before else None


def _with_government(cands: list[Candidate]) -> list[Candidate]:
    """A government department of a place (万宁市财政局, 廊坊市发改委) is a department of that
    place's government where the article names the government (万宁市政府, 市政府): ("parent",
    government). Not a party body's department (…委组织部, 老干部局), nor where no government of
    that place is named (a zone's bureau, a bureau in an article that never names the government)."""
    kinds = _kinds()
    gov = {}
    for c in cands:
        place = c.attr("place")
        if place and kinds.get(c.name[len(place):]) == "gov" and c.name.startswith(place):
            if place not in gov or len(c.name) < len(gov[place]):
                gov[place] = c.name  # 万宁市政府 over 万宁市人民政府: the usual form
    if not gov:
        return cands
    out = []
    for c in cands:
        place = c.attr("place")
        rest = c.name[len(place):] if place and c.name.startswith(place) else ""
        if place in gov and not c.attr("parent") and _is_government_department(rest):
            c = Candidate(c.start, c.end, c.etype, c.name, c.aliases, c.level, c.division,
                          c.attrs + (("parent", gov[place]),))
        out.append(c)
    return out


def _is_government_department(rest: str) -> bool:
    """``rest`` (a name after its place) names a department of a government: a bureau or a
    provincial department (财政局, 教育厅) or a listed commission (发改委), not a party body."""
    if len(rest) < 2 or any(rest.startswith(w) for w in words("org_government_not")):
        return False
    return rest.endswith(("局", "厅")) or rest in wordset("org_government_commissions")


def _title_office(text: str, s: int, e: int) -> bool:
    """An office named by a post (书记办公室, 局长办公室) is a room, not a body."""
    return text[s:e] == "办公室" and text[:s].endswith(words("person_titles"))


def _plain_fields(text: str, start: int, s: int, named: list[Candidate]) -> bool:
    """The fields of a name from ``start`` to its head at ``s``, after the place or bare level word
    that opens it, name no area (no level character: 南区和北区 are two areas)."""
    opening = max((p.end for p in named if p.start == start and p.end <= s), default=start + 1)
    return not any(ch in _level_chars() for ch in text[opening:s])


_JOIN_FIELD_MAX = 6
_CREDITED = re.compile(r"《([^《》\s]{2,12})》(?=供图|供稿)")
@lru_cache(maxsize=1)
def _branch_heads() -> tuple[re.Pattern, dict[str, tuple[str, ...]]]:
    rows = table("org_branch_heads")
    heads = {row[0]: tuple(row[1].split()) if len(row) > 1 else () for row in rows}
    return re.compile(f"[\u4e00-\u9fff]{{1,4}}?(?:{alternation_of(heads)})"), heads


def _word_freq(w: str) -> int:
    import jieba

    jieba.initialize()
    return jieba.get_FREQ(w) or 0


_BRANCH_FIELD_FLAGS = ("n", "v", "j")  # a field (影视, 飞行), a place (北京市); not a person, direction or adverb


def _branch_end(text: str, e: int, body: str) -> int | None:
    """Where a branch written right after the named ``body`` ends (某协会广州分会,
    某机械厂铸造分厂, 某大学企业管理系: ``data/org_branch_heads.tsv``), or None.

    The unit is one or two field words and the branch head as jieba cuts them, or one word
    ending in the head (某大学医学院); not a word that only ends like one (体系). A company's
    department (…公司规划部) is no organization of its own in the governance gold: 部 is not listed."""
    pattern, heads = _branch_heads()
    m = pattern.match(text, e)
    if not m:
        return None
    toks = _tags(m.group())
    last = toks[-1][0]
    head = last if last in heads else next((h for h in heads if last.endswith(h) and len(last) > len(h) + 1), None)
    if head is None or (heads[head] and not body.endswith(heads[head])):
        return None
    if head != last and len(head) == 1 and _word_freq(last[-2:]) >= _LONGER_WORD:
        return None  # 某大学的生态体系: a word that only ends in the head
    fields = toks[:-1] if last == head else toks
    if len(fields) > 2 or any(not flag.startswith(_BRANCH_FIELD_FLAGS) or flag.startswith(("nr", "vd"))
                              or (len(word) < 2 and word != last) for word, flag in fields):
        return None
    return m.end()


_CAMPUS = re.compile("[\u4e00-\u9fff]{1,4}?院区")  # a hospital's campus: …医院东院区, …医院廊坊院区


def _joined_fields(text: str, s: int, start: int | None, named: list[Candidate]) -> int | None:
    """Where a department's name whose fields are joined by 和 starts (自然资源和规划局,
    投资促进和招商合作局): the name before 和 is read like any name's core; not where the part
    before 和 is itself a body (财政局和审计局) or the part after opens with a place or level word
    (县纪委和县财政局)."""
    begin = s if start is None else start
    j = text.rfind("和", max(0, begin - 1 - _JOIN_FIELD_MAX), s)
    if j == -1 or not (start is None or j == start - 1):
        return start
    right = text[j + 1:s]
    if not all(_is_han(ch) for ch in right) or _after_function_words(right) != right \
            or right[:1] in _level_chars() or any(p.start == j + 1 for p in named):
        return start
    left = _name_start(text, j, named)
    if left is None:  # one common field before 和 (自然资源): no function word, no stop word
        run_start = j - len(_han_run_before(text, j, _JOIN_FIELD_MAX))
        core = _trim_left(_after_function_words(text[run_start:j]), flags=())
        left = j - len(core)
    if j - left < 2 or text[left:j].endswith(words("org_bureau_ends") + words("org_heads") + words("person_titles")):
        return start
    return left


def _rank(p: Candidate) -> int:
    return level_rank(p.level)


@lru_cache(maxsize=1)
def _level_chars() -> dict[str, str]:
    return dict(table("place_short_levels"))


def _is_bureau(name: str) -> bool:
    """A government department's name (…局, …厅, …委, …办), not a committee of a place (…市委)."""
    return len(name) >= 3 and name.endswith(words("org_bureau_ends"))


def _bare_level_place(text: str, start: int, out: list[Candidate], article_places: dict[str, str],
                      head_follows: bool = False, named: list[Candidate] | None = None) -> str | None:
    """The place a bare level word opening a department's name stands for (县科技局 → 全州县):
    one of that level written just before (舒兰市委、市科技局), else the last of that level named
    before it in the paragraph, not in a list (``named``: 在某区，…请来区执法局), else the article's; None where
    the character opens a common word (市场监管局, 区域…) and is not followed by a whole
    department head (``head_follows``: 市营商环境建设局)."""
    import jieba

    level = _level_chars().get(text[start:start + 1])
    if level is None or _inside_word(text, start) \
            or (not head_follows and (jieba.get_FREQ(text[start:start + 2]) or 0) > 0):
        return None
    ch = text[start]
    single = [p for p in named or () if text[p.start - 1:p.start] != "、" and text[p.end:p.end + 1] != "、"]
    place = _recent_place(out, start, ch) or (single and _paragraph_place(text, start, single, level, ch)) \
        or _article_place(article_places, ch)  # (not one of a list of places: 赴北京、西安等地)
    return place if place and place.endswith(ch) else None


def _bare_level_start(text: str, s: int, out: list[Candidate], article_places: dict[str, str],
                      named: list[Candidate]) -> int | None:
    """Where a name written as a bare level word, a field and a head noun starts (联动市考古研究院 →
    the 市): the level word is a word of its own, the field after it holds no function word or plain
    verb, and the level stands for a place (the one written just before, else the article's)."""
    import jieba

    run_start = s - len(_han_run_before(text, s, _BARE_FIELD_MAX + 1))
    pos = run_start
    found = None
    for w in jieba.lcut(text[run_start:s]):
        if len(w) == 1 and w in _level_chars():
            found = pos
        pos += len(w)
    if found is None or s - found - 1 < 2:
        return None
    field = text[found + 1:s]
    if _after_function_words(field) != field or any(field.startswith(g) for g in words("org_generic_words")):
        return None
    return found if _bare_level_place(text, found, out, article_places, head_follows=True, named=named) else None


_BARE_FIELD_MAX = 6


def _recent_place(out: list[Candidate], i: int, level_char: str) -> str | None:
    """The place of a body written just before ``i`` (at most two characters between) whose place
    ends in ``level_char`` (舒兰市委、市科技局 → 舒兰市), the last such; None if there is none."""
    recent = [o.attr("place") for o in out if o.end <= i and i - o.end <= 2
              and (o.attr("place") or "").endswith(level_char)]
    return recent[-1] if recent else None


def _article_place(article_places: dict[str, str], level_char: str) -> str | None:
    """The article's place a bare level word stands for; 市 with no prefecture is the article's
    city (a county-level city under the province: 仙桃市)."""
    place = article_places.get(_level_chars()[level_char])
    if place is None and level_char == "市":
        place = article_places.get("city")
    return place


def _listed_after(out: list[Candidate], text: str, start: int) -> Candidate | None:
    """A department of a place written just before, joined by 、 (县科技局、农业农村局)."""
    if text[start - 1:start] != "、":
        return None
    before = [o for o in out if o.end == start - 1 and o.attr("place") and _is_bureau(o.name)]
    return before[-1] if before else None


def _listed_prefix(listed: Candidate, place: str, text: str, named: list[Candidate]) -> str:
    """The place part of a department listed before, as its name writes it (合肥高新区 in
    合肥高新区科技局、人社局), else ``place``."""
    written = [text[p.start:p.end] for p in named if p.start == listed.start and p.name == place]
    return next((w for w in written if listed.name.startswith(w)), place)


def _expanded_head(name: str, full: str, start: int, named: list[Candidate]) -> tuple[str, str]:
    """An academy named by a place and an abbreviated head gets the full place and head
    (广西农科院 → 广西壮族自治区农业科学院); the written form stays as an alias."""
    for short, long in table("org_head_expansions"):
        if not name.endswith(short):
            continue
        opening = [p for p in named if p.start == start and p.end - p.start < len(name) - len(short) + 1]
        if not opening:
            return name, full
        p = max(opening, key=lambda p: p.end)
        written = name[:p.end - p.start]
        return p.name + name[len(written):-len(short)] + long, name
    return name, full


def _merge_short_forms(cands: list[Candidate], text: str) -> list[Candidate]:
    """A company's short name is an alias of its full name in the same article: 米兰香公司 and
    农垦小站稻公司 of …米兰香食品有限公司 and …农垦小站稻产业发展有限公司, 柳工集团 of 广西柳工集团,
    and a name declared in （以下简称“…”）."""
    full = {c.name: c for c in cands if c.attr("grammar") == "head" and c.name.endswith(_FULL_ENDS)}
    declared: dict[str, Candidate] = {}
    for c in full.values():
        for m in _DECLARED.finditer(text, c.end, min(len(text), c.end + 24)):
            if m.start() == c.end:
                declared[m.group(1)] = c
    out = []
    for c in cands:
        f = declared.get(text[c.start:c.end]) or declared.get(c.name)
        if f is None and c.attr("grammar") == "head":
            found = {o.name: o for o in full.values() if _short_of(c.name, o)}
            f = next(iter(found.values())) if len(found) == 1 else None
        if f is None and c.attr("grammar") == "head" and not c.attr("place") and len(c.name) >= _TAIL_MIN:
            # 高新区科技局 after 合肥高新区科技局: the body's name without the place that opens it
            found = {o.name: o for o in cands if o.name != c.name and o.name.endswith(c.name) and o.attr("place")
                     and o.name.startswith(o.attr("place")[:1]) and not o.attr("nested")}
            f = next(iter(found.values())) if len(found) == 1 else None
        if f is None or f.name == c.name:
            out.append(c)
            continue
        out.append(Candidate(c.start, c.end, c.etype, f.name, tuple(sorted({*c.aliases, c.name} - {f.name})),
                             c.level, c.division, tuple(a for a in f.attrs if a[0] != "nested") + (("nested", "1"),) * bool(c.attr("nested"))))
    if declared:
        extra = {}
        for short, f in declared.items():
            extra.setdefault(f.name, set()).add(short)
        out = [c if c.name not in extra else Candidate(c.start, c.end, c.etype, c.name,
                                                         tuple(sorted(set(c.aliases) | extra[c.name])), c.level, c.division, c.attrs)
               for c in out]
    return out


_FULL_ENDS = ("公司", "集团", "合作社")
_TAIL_MIN = 4  # a shorter tail (科技局) names no one body
_DECLARED = re.compile("[（(](?:以下)?简称[“\"]?([^”\"）)，,]{2,12})[”\"]?[）)]")


def _short_of(short: str, f: Candidate) -> bool:
    """``short`` names the same enterprise as ``f`` (a longer name, not one of its branches)."""
    import jieba

    if len(short) >= len(f.name) or (f.attr("parent") and short in f.attr("parent")):
        return False
    if short in f.name:
        return f.name.endswith(_FULL_ENDS) and not f.name.startswith(short + "党")
    for h in _FULL_ENDS:
        if short.endswith(h) and f.name.endswith(h if h != "集团" else ("集团", "公司")):
            trade = short[:-len(h)]
            if len(trade) >= 2 and trade in f.name and any((jieba.get_FREQ(w) or 0) < _COMMON for w in jieba.lcut(trade)):
                return True
    return False


_COMMON = 1000  # a trade part made only of words this frequent (科技, 农业) names no one company


def _named_parents(cands: list[Candidate], text: str) -> list[Candidate]:
    """The named unit inside a party or discipline body's name is a mention too (吉林银行 and
    吉林银行吉林分行 in 吉林银行吉林分行纪委), kept beside the longer name; a committee inside its
    department (吉林市委 in 吉林市委组织部) is not, nor a body named only inside its branch's or
    institute's name (中国科学院 in 中国科学院过程工程研究所)."""
    out, seen = [], {(c.start, c.end) for c in cands}
    todo = [c for c in cands if c.attr("grammar") == "head" and c.name.endswith(words("org_unit_bodies"))]
    while todo:
        c = todo.pop()
        parent = c.attr("parent")
        if not parent or not text.startswith(parent, c.start) or (c.start, c.start + len(parent)) in seen:
            continue
        p = _with_parent(Candidate(c.start, c.start + len(parent), "Organization", parent, (),
                                   attrs=(("nested", "1"), ("grammar", "head"))))
        seen.add((p.start, p.end))
        out.append(p)
        todo.append(p)
    return out


_DICT_ORG_WINDOW = 10
_DICT_ORG_MIN = 4  # a shorter dictionary word (供电局) is a field and a head, no one body's name


def _dated_day(text: str, p: Candidate) -> bool:
    """The one-character place ``p`` is a date's day (5日电, 4月8日国会), not 日本."""
    return p.end - p.start == 1 and p.start > 0 and _is_numeral(text[p.start - 1])


def _dictionary_org(text: str, s: int, e: int) -> int | None:
    """Where a name ending in the head at ``s:e`` starts when jieba reads the whole name as one
    organization word (tag ``nt``: 华侨大学, 联想集团), cut on both sides; None otherwise."""
    lo = max(0, s - _DICT_ORG_WINDOW)
    pos = lo
    for word, flag in _tags(text[lo:e]):
        end = pos + len(word)
        if end == e and flag == "nt" and s - pos >= 2 and len(word) >= _DICT_ORG_MIN and (pos > lo or lo == 0) \
                and _cut_before(text, e) \
                and not word.startswith(words("org_generic_words")):
            return pos
        pos = end
    return None


def _inside_word(text: str, i: int) -> bool:
    """The level character closes a common word (社区, 小区, 城市): not a bare level reference."""
    import jieba

    jieba.initialize()
    return i > 0 and _is_han(text[i - 1]) and (jieba.get_FREQ(text[i - 1:i + 1]) or 0) > 0


def _head_matches(text: str, pats: dict[str, re.Pattern]) -> list[tuple[int, int]]:
    """(start, end) of head nouns: the listed multi-character heads, and one-character heads
    (局, 厂, 坊) that do not close a common word with the character before them (布局, 车站)."""
    import jieba

    jieba.initialize()
    found = [(m.start(), m.end()) for m in pats["head"].finditer(text)
             if not (text.startswith("长", m.end()) and text[m.start() - 1:m.start()] in wordset("title_head_before"))
             and not (m.end() < len(text) and (jieba.get_FREQ(text[m.start():m.end() + 1]) or 0) >= _LONGER_WORD)
             and text[m.end() - 1:m.end() + 1] not in wordset("org_head_runs")]
    # (大学生, 银行卡: a head that runs into a longer dictionary word is not a head; 科学会议: its
    # last character opens a listed word)
    taken = set()
    for a, b in found:
        taken.update(range(a, b))
    for m in pats["single"].finditer(text):
        s = m.start()
        if s in taken or s == 0 or not _is_han(text[s - 1]):
            continue
        if (jieba.get_FREQ(text[s - 1:s + 1]) or 0) > 0 or text.startswith("长", s + 1) \
                or (jieba.get_FREQ(text[s:s + 2]) or 0) >= _SINGLE_OPENS:
            continue  # 布局; 副局长 is a title; 厂房, 局面 are words
        found.append((s, s + 1))
    return sorted(found)


_NAME_MAX = 14
_SINGLE_OPENS = 30  # a one-character head that opens a word this frequent with the next character (厂区)
_LONGER_WORD = 100  # a head noun that runs into a longer dictionary word is not a head
_SCHOOL_NO = re.compile("[一二三四五六七八九十]{1,2}中(?![国央心学华共])")
_ORDINALS = "一二三四五六七八九十"


def _inner_head(text: str, e: int, heads: list[tuple[int, int]]) -> bool:
    """The head noun ending at ``e`` sits inside a registered company name: a registered form's
    head (``data/org_trade_heads.txt``: 有限公司) follows within a few characters of one word
    (置业投资有限公司, 集团股份有限公司)."""
    trade = words("org_trade_heads")
    return any(e <= a <= e + 4 and text[a:b].endswith(trade) and all(_is_han(ch) for ch in text[e:a])
               for a, b in heads)


def _name_start(text: str, s: int, named: list[Candidate], trade: bool = False) -> int | None:
    """Where an organization name ending in a head noun at ``s`` starts, or None for a generic phrase.

    The name starts at the first place inside it (代表吉林市…协会 → 吉林市…协会), else at
    its proper-name core (专程参观四平… → 四平…, 发挥好驻村… → 驻村…), never at the verbs,
    prepositions or counted quantities before it (委托…研究院, 由…置业, 1011家…). An enterprise's
    registered name opened by a place (``trade``: …有限公司) keeps its trade name whole:
    柳州优必选智能科技有限公司.
    """
    verb = _field_verb(_han_run_before(text, s, _NAME_MAX))
    if verb and s - len(verb) > 0 and text[s - len(verb) - 1] not in _ORDINALS and not text[s - len(verb) - 1].isdigit():
        start = _name_start(text, s - len(verb), named, trade)
        if start is not None and not _patterns()["head"].search(text, start, s) \
                and not any(flag.startswith("nr") for _, flag in _tags(text[start:s])):
            return start  # not 委员会主任某某代表中国老区扶贫…: a head or a person inside is no one name
    left = s
    while left > 0 and (_is_han(text[left - 1]) or text[left - 1].isdigit() or text[left - 1] in "·•") \
            and s - left < _NAME_MAX:
        left -= 1
    ordinal = s
    while ordinal > left and ordinal > s - 2 and (text[ordinal - 1] in _ORDINALS or text[ordinal - 1].isdigit()):
        ordinal -= 1  # 金属回收二厂, 第五支队: the number belongs to the name
    if text[ordinal - 1:ordinal] == "第":
        ordinal -= 1
    s = ordinal
    inner = [p for p in named if left <= p.start < s and not _dated_day(text, p)]
    if inner and trade:  # a place opens a registered name: cut only at a particle or preposition
        core = _trim_left(text[inner[0].start:s], flags=("p", "c", "u"), glued=False)
    elif inner:
        core = _after_function_words(text[inner[0].start:s])
        cut = s - len(core)
        split = [p for p in inner if p.start < cut < p.end]
        if split:  # 和平区排水管理所: a function word jieba reads inside a place's name is no cut
            core = text[split[0].start:s]
        if core != text[inner[0].start:s]:  # 合肥在市科技局, 东新街道的…服务中心: the name starts after 在/的
            rest = [p for p in inner if p.start >= s - len(core)]
            if not rest:
                core = _trim_left(_proper_core(core, keep_common=True), flags=())  # 北京5月5日电某…: not the dateline
    else:
        # (the preposition, conjunction, particle and pronoun cuts are _proper_core's already)
        run = text[left:s]
        run = _after_count(run)  # 1011家共富工坊: the count is no part of it
        core = _trim_left(_proper_core(run, keep_common=True, keep_verbs=wordset("org_name_verbs")), flags=())
        lead = run[:len(run) - len(core)]
        if core and lead and lead[-1] in _NAME_NUMERALS and (len(lead) == 1 or not _is_numeral(lead[-2])) \
                and core[0] not in _MEASURES:
            core = lead[-1] + core  # 万穗农业开发有限公司: a lone 万 before a name's core is part of the name
    opening = next((h for h in _quoted_heads() if core.startswith(h)), None)
    if opening and len(core) - len(opening) >= 2 and opening in wordset("org_heads"):
        core = core[len(opening):]  # 某供电公司北极供电所: a name does not open with another's head noun
    rank = _patterns()["head"].match(core, 1) if core.startswith("大") else None
    if rank and len(core) - rank.end() >= 2 and s - len(core) > 0 \
            and (text[s - len(core) - 1] in _ORDINALS + "最" or text[s - len(core) - 1].isdigit()):
        core = core[rank.end():]  # 美国第五大银行长青银行: the rank and the kind come before the name
    national = [w for w in words("org_national_prefixes") if text[:s].endswith(w)]
    if national and len(core) < len(national[0]):  # 中央督导组: a national body by its prefix
        core = national[0]
    opens_place = any(p.start == s - len(core) for p in inner)  # 全州县科技局: 全 opens a place, not 全县
    if len(core) < 2 or (not opens_place and any(core.startswith(g) for g in words("org_generic_words"))) \
            or core in wordset("org_name_verbs"):  # 供电局, 执法局: a field alone names no one body
        return None
    return s - len(core)


@lru_cache(maxsize=1)
def _stop_re() -> re.Pattern:
    return re.compile(f"{alternation('org_left_stops')}|{_COUNTED.pattern}")


_NAME_NUMERALS = "万千百"  # a numeral that opens trade names (万穗, 千禾, 百盛) when no number runs into it
_MEASURES = "元家个所座支批类项名位户人年次件亩吨斤"


def _is_numeral(ch: str) -> bool:
    return ch.isdigit() or ch in _ORDINALS or ch in _NAME_NUMERALS or ch in "两几多零〇"


_COUNTED = re.compile("[0-9一二三四五六七八九十百千两几多]+[家个所座支批类项]")
_COUNTED_BEFORE = re.compile("(?:(?:[0-9一二三四五六七八九十百千两几多数]+|[这那每])[家个所座支批类项]|各)$")


def _trim_left(core: str, flags: tuple[str, ...], glued: bool = True) -> str:
    """``core`` after the last word that cannot open a name: a listed verb or category noun
    (委托, 投身, 企业), a preposition jieba glued to the name (由泰康 → 泰康), a preposition,
    conjunction, particle or pronoun, or a counted quantity (1011家)."""
    import jieba
    import jieba.posseg as pseg

    keep = wordset("org_name_verbs")
    stops, preps = wordset("org_left_stops"), wordset("org_left_prepositions")
    if not flags and not _stop_re().search(core) and not (glued and any(ch in preps for ch in core)):
        return core  # nothing to cut (the common case: no tagging needed)
    toks = [(t.word, t.flag) for t in pseg.cut(core)] if flags else [(w, "") for w in jieba.cut(core)]
    cut = pos = 0
    for w, flag in toks:
        if w not in keep and ((flags and flag.startswith(flags)) or w in stops):
            cut = pos + len(w)
        elif glued and len(w) > 1 and w[0] in preps and not jieba.get_FREQ(w[:2]):
            cut = pos + 1
        pos += len(w)
    tail = core[cut:]
    return _after_count(tail) if glued else tail


def _after_count(span: str) -> str:
    """``span`` after its last counted quantity (1011家), or all of it."""
    counted = list(_COUNTED.finditer(span))
    return span[counted[-1].end():] if counted else span


_FUNCTION_FLAGS = ("p", "c", "u", "d", "r", "m")


def _field_verb(run: str) -> str:
    """The verb that closes ``run`` right before a head noun and name the body's field
    (…老区扶贫委员会, 公平贸易委员会, 抗旱救灾领导小组), when a noun comes before it: the name is
    read as if the verb were part of the head. Not a verb written before an
    organization (成立, 组建: ``org_left_stops``), nor one with no noun before it (召开委员会), nor
    one of the verbs names hold anyway (合作, 服务: ``org_name_verbs``); '' where none."""
    toks = _tags(run)
    if len(toks) < 2 or not toks[-1][1].startswith("v") or len(toks[-1][0]) != 2 \
            or toks[-1][0] in wordset("org_left_stops") | wordset("org_name_verbs") \
            or not toks[-2][1].startswith(("n", "j")) \
            or toks[-2][1].startswith("nr") or len(toks[-2][0]) < 2:
        return ""
    return toks[-1][0]


def _after_function_words(span: str, keep_also: frozenset[str] = frozenset()) -> str:
    """What follows the last preposition, conjunction, particle, adverb, pronoun, numeral or
    plain verb (not one of the verbs organization names hold, nor one of ``keep_also``) in ``span``."""
    import jieba.posseg as pseg

    toks = list(pseg.cut(span))
    keep = wordset("org_name_verbs") | keep_also
    cut = 0
    for i, t in enumerate(toks):
        if t.flag.startswith(_FUNCTION_FLAGS) or (t.flag == "v" and t.word not in keep):
            cut = i + 1
    return "".join(t.word for t in toks[cut:])


def _inside_book_title(text: str, i: int) -> bool:
    """Position ``i`` sits inside 《…》 (a law or book: 《中华人民共和国城市居民委员会组织法》)."""
    opened = text.rfind("《", 0, i)
    return opened != -1 and text.rfind("》", opened, i) == -1 and text.find("》", i) != -1


def _org(start: int, end: int, name: str, aliases: set[str], place: str, suffix: str) -> Candidate:
    attrs = [("place", place)]
    if _kinds()[suffix] == "dept":
        attrs.append(("parent", place + "委"))
    return Candidate(start, end, "Organization", name, tuple(sorted(aliases)), attrs=tuple(attrs))


def _with_parent(c: Candidate) -> Candidate:
    """Add ("parent", prefix) when a proper prefix of the name is itself an organization name
    (吉林银行吉林分行 → 吉林银行): the longest such prefix."""
    if c.attr("parent"):
        return c
    head = _patterns()["head"]
    best = None
    for m in head.finditer(c.name):
        rest = c.name[m.end():]
        if len(m.group()) >= 2 and 3 <= m.end() < len(c.name) - 1 and not head.fullmatch(rest):
            best = c.name[:m.end()]  # not 吉林万通药业 in 吉林万通药业集团: 集团 alone is no unit
    if best is None:
        return c
    return Candidate(c.start, c.end, c.etype, c.name, c.aliases, c.level, c.division, c.attrs + (("parent", best),))


def _with_place(c: Candidate, named: list[Candidate]) -> Candidate:
    """Add ("place", name) when the organization's name opens with a place (吉林市城市管理行政执法局)."""
    if c.attr("place"):
        return c
    opening = [p for p in named if p.start == c.start and p.end < c.end]
    if not opening:
        return c
    p = max(opening, key=lambda p: p.end)
    if p.level == "country" and p.name == "中国":
        return c  # 中国工程院, 中国联通: 中国 inside a national body's name is no place (extraction guide)
    return Candidate(c.start, c.end, c.etype, c.name, c.aliases, c.level, c.division, c.attrs + (("place", p.name),))


_MEDIA_TITLE = re.compile("《([\u4e00-\u9fff·]{1,12})》")
_COMMON_BAO = 10  # 报 closing a word this frequent (通报, 公报, 简报) names no newspaper


@lru_cache(maxsize=1)
def _media_head_re() -> re.Pattern:
    return re.compile(f"(?:{alternation('org_media_heads')})$")


def _media_titles(text: str, covered: list[tuple[int, int]], named: list[Candidate]) -> list[Candidate]:
    """A newspaper or magazine named in book-title marks (《朝日新闻》, 《温哥华太阳报》): the title
    ends in a media head (``data/org_media_heads.txt``) and has a name before it; not a report
    or bulletin (《情况通报》). A title followed by a periodical's head (《时代》周刊:
    ``data/org_media_heads_outside.txt``) names one too, marks included; a place written right
    before the marks belongs to the name (英国《自然》杂志)."""
    out = []
    for m in _MEDIA_TITLE.finditer(text):
        title = m.group(1)
        outside = _media_outside_re().match(text, m.end())
        head = _media_head_re().search(title)
        if outside:
            start, end, name = m.start(), outside.end(), title + outside.group()
        else:
            if not head or head.start() < 1 or "的" in title:
                continue  # 《过去的新闻》 is a book
            if head.group() == "报" and _word_freq(title[-2:]) >= _COMMON_BAO:
                continue
            start, end, name = m.start(1), m.end(1), title
        place = next((p for p in named if p.end == m.start() and p.end - p.start > 1), None)
        if place is not None:
            start, end = place.start, max(end, m.end())  # 德国《化学杂志》: the marks inside the name
        if any(a < end and start < b for a, b in covered):
            continue
        aliases = tuple({m.group(), text[start:end]} - {name})
        out.append(Candidate(start, end, "Organization", name, aliases,
                             attrs=(("place", place.name),) if place is not None else ()))
    return out


@lru_cache(maxsize=1)
def _media_outside_re() -> re.Pattern:
    return re.compile(alternation("org_media_heads_outside"))


_QUOTED = re.compile("“([\u4e00-\u9fff·]{2,10})”([\u4e00-\u9fff]{0,10})")


@lru_cache(maxsize=1)
def _quoted_heads() -> tuple[str, ...]:
    return tuple(sorted(set(words("org_heads")) | set(words("org_quoted_heads")), key=lambda w: (-len(w), w)))


def _quoted_names(text: str, covered: list[tuple[int, int]]) -> list[Candidate]:
    """A quoted proper name with an organization head after it, maybe with its field between
    (“畲乡红”技能服务团队, “大山里”乡村文旅运营团): the name without quotes, the written form and the
    bare quoted name as aliases. The field must hold no listed verb (成立, 组建), adverb, particle
    or preposition (“红枫”成立志愿服务队 is no name), and a quoted name that ends in a head itself
    (“旅行者集团”) is left to the head rule."""
    out = []
    for m in _QUOTED.finditer(text):
        q, tail = m.group(1), m.group(2)
        head = next((h for h in _quoted_heads() if h in tail), None)
        if head is None:
            continue
        field = tail[:tail.index(head)]
        e = m.start(2) + len(field) + len(head)
        if any(a <= m.start() < b for a, b in covered) or _trim_left(field, flags=_FUNCTION_FLAGS) != field \
                or _patterns()["head"].search(q) \
                or (e < len(text) and _inside_word(text, e)) \
                or any(field.startswith(g) for g in words("org_generic_words") if len(g) > 1):
            continue  # 团队建设: the head runs into a word
        name = q + field + head
        out.append(Candidate(m.start(), e, "Organization", name, tuple(sorted({text[m.start():e], q} - {name})),
                             attrs=(("grammar", "quoted"),)))
    return out


_TEAM_SPONSOR = re.compile("[\u4e00-\u9fff]{2,3}")


@lru_cache(maxsize=1)
def _team_re() -> re.Pattern:
    return re.compile(f"(?:{alternation('org_team_modifiers')})*队(?![员长伍列形部])")


def _teams(text: str, covered: list[tuple[int, int]]) -> list[Candidate]:
    """Sports teams named by a place (中国女队, 巴西队, 德国男子网球队), optionally with a sponsor's
    name between the place and 队 (四川全兴队); work teams (巡逻队, 志愿服务队) are not teams."""
    from pipelines.places import _automaton, _cut_before, leftmost_longest

    generic = words("org_team_generic")
    out = []
    for m in _team_re().finditer(text):
        s, e = m.start(), m.end()
        if s == 0 or any(a <= s < b for a, b in covered) or any(g in m.group() for g in generic):
            continue  # 志愿服务队: a work team whatever is written before it
        window = text[max(0, s - 12):s]
        places = [(a, b, w) for a, b, w, tag in leftmost_longest(_automaton(), window) if tag != "pronoun"]
        start = None
        for a, b, w in reversed(places):
            gap = window[b:]
            if gap and not (_TEAM_SPONSOR.fullmatch(gap) and "队" not in gap and _after_function_words(gap) == gap
                            and not any(g in gap for g in generic) and _cut_before(text, e) and not gap.endswith("部")
                            and not any(f.startswith(_FUNCTION_FLAGS + ("v",)) for _, f in _tags(gap))
                            and (_cut_before(text, s) or not any(_cut_before(text, i) for i in range(s - len(gap) + 1, s)))):
                continue  # (jieba may glue the sponsor to the place or to 队: 大连万达, 天津泰达队)
            if not _cut_before(text, s - len(window) + a):
                continue  # 东道主的中国香港队: 香港 is not where the name starts
            start = s - len(window) + a
            break
        if start is None:
            start = _sponsor_team_start(text, s, e, generic)
        if start is None:
            continue
        out.append(Candidate(start, e, "Organization", text[start:e], (), attrs=(("grammar", "team"),)))
        covered.append((start, e))
    for m in _team_short_re().finditer(text):  # 中国女篮, 中国国家女篮: the short team word after its place
        s = m.start()
        if any(a <= s < b for a, b in covered) or s == 0 or not _cut_before(text, m.end()):
            continue
        p = next((p for p in _places_ending(text, s) if p[0] < s), None)
        if p is not None:
            out.append(Candidate(p[0], m.end(), "Organization", text[p[0]:m.end()], (), attrs=(("grammar", "team"),)))
            covered.append((p[0], m.end()))
    return out


@lru_cache(maxsize=1)
def _team_short_re() -> re.Pattern:
    return re.compile(f"(?:{alternation('org_team_short')})")


def _places_ending(text: str, i: int) -> list[tuple[int, int]]:
    """(start, end) of the gazetteer places that end at ``i``, longest first."""
    from pipelines.places import _automaton, leftmost_longest

    lo = max(0, i - 8)
    found = [(lo + a, lo + b) for a, b, w, tag in leftmost_longest(_automaton(), text[lo:i]) if tag != "pronoun"]
    return sorted((f for f in found if f[1] == i), key=lambda f: f[0])


_SPONSOR_FREQ = 300  # a word this frequent (参赛, 种子) is no club's name


def _sponsor_team_start(text: str, s: int, e: int, generic: tuple[str, ...]) -> int | None:
    """Where a team named by its sponsor or club name alone starts (松日队, 八一队, 前卫寰岛队) in a
    sentence of a match report (``data/org_team_context.txt``: 主场, 逼平, 外援): the name is the
    word or two jieba reads before 队 (or one word with 队), a proper noun or a word of no common
    use, never a work team's (巡逻队) nor a function word (的队员)."""
    import jieba

    if text[s:e] != "队":
        return None
    ends = [i for i in (text.find(ch, s) for ch in "。！？\n") if i != -1]
    sent = text[_sentence_start(text, s):min(ends, default=len(text))]
    if not any(w in sent for w in wordset("org_team_context")):
        return None
    lo = max(0, s - 8)
    toks, pos, spans = jieba.lcut(text[lo:e + 2]), lo, []
    for t in toks:
        spans.append((pos, pos + len(t), t))
        pos += len(t)
    glued = next(((a, b) for a, b, t in spans if a < s < b or (a < s and b == e)), None)
    if glued is not None:
        if glued[1] != e:
            return None  # 队 opens another word
        start = glued[0]
    else:
        before = [(a, b, t) for a, b, t in spans if b <= s]
        if not before or before[-1][1] != s:
            return None
        start = before[-1][0]
        if len(before) >= 2 and len(before[-1][2]) == 2 and len(before[-2][2]) == 2 \
                and _word_freq(before[-2][2]) < _SPONSOR_FREQ:
            start = before[-2][0]  # 前卫寰岛队: a club's two-word name
    name = text[start:s]
    if any(_word_freq(w) >= _SPONSOR_FREQ for w in jieba.lcut(name)):
        return None  # 参赛队, 种子队: common words
    if not 2 <= len(name) <= 4 or not all(_is_han(ch) for ch in name) or any(g in name for g in generic) \
            or _after_function_words(name) != name or any(w in name for w in wordset("org_team_context")) \
            or name in wordset("org_team_modifiers") or not _cut_before(text, start):
        return None
    return start


@lru_cache(maxsize=1)
def _known_names() -> dict[str, str]:
    """surface → canonical name of the state, international and well-known bodies."""
    return {w: c for name in ("org_state_bodies", "org_international", "org_well_known") for w, c in table(name)}


@lru_cache(maxsize=1)
def _known_re() -> re.Pattern:
    return re.compile(alternation_of(_known_names()))


def _bounded(text: str, s: int, e: int) -> bool:
    """jieba cuts around the name (not 民进 in 人民进行, 财政部 in 财政部门), or a title follows
    (外交部长)."""
    from pipelines.places import _cut_before, _on_word_bounds

    if text.startswith("长", e) or e - s >= _LONG_KNOWN:
        return _cut_before(text, s)  # 国家发展改革委等: jieba glues 委等, a long official name ends anyway
    return _on_word_bounds(text, s, e)


_LONG_KNOWN = 5  # a known name this long is not a piece of a common word
_MEETING_NO = re.compile("[一二三四五六七八九十]+[大届次]")  # 中共十五大, 国会十届: a meeting's number follows


@lru_cache(maxsize=1)
def _bare_national_re() -> re.Pattern:
    bare = alternation_of(w for w, _ in table("org_bare_national"))
    joined = alternation("org_bare_national_joined")
    levels = "".join(lv for lv, _ in table("place_short_levels"))
    return re.compile(f"({bare})(?=(?:{alternation('org_bare_national_follow')})|(?:{joined})[{levels}])")


def _bare_national(text: str, covered: list[tuple[int, int]]) -> list[Candidate]:
    """A bare word naming a national body as an actor (``data/org_bare_national.tsv``): 中央 before
    the local committees it is listed with (贯彻中央、省市委的规定, 中央和省委) or before what it issues
    (传达中央通知, 中央决策部署); not inside another name (党中央, 团中央, 中央督导组) or a position (广场中央)."""
    canon = dict(table("org_bare_national"))
    not_after = wordset("org_bare_national_not_after")
    out = []
    for m in _bare_national_re().finditer(text):
        s, e = m.span(1)
        if text[s - 1:s] in not_after or any(a < e and s < b for a, b in covered):
            continue
        out.append(Candidate(s, e, "Organization", canon[m.group(1)], (m.group(1),)))
    return out


@lru_cache(maxsize=1)
def _sub_unit_re() -> re.Pattern:
    heads = alternation_of(words("org_sub_heads") + words("org_sub_heads_own"))
    return re.compile(f"(?P<mid>[\u4e00-\u9fff]{{0,8}}?)(?P<head>{heads})")


_UNIT_FLAGS = ("n", "j", "vn")  # what the field of a unit inside a known body is made of


def _unit_field(mid: str) -> bool:
    """``mid`` names a unit's field: nouns (a verb only before a noun or as the last word after
    one: 残疾人工作协调, 艾滋病联合计划), no function word, count, time word or listed verb."""
    if not mid:
        return True
    if mid.startswith(words("org_generic_words")):
        return False  # 联合国专门机构, 国务院有关部门: a kind of unit, not one
    toks = _tags(mid)
    stops = wordset("org_left_stops")
    for i, (w, flag) in enumerate(toks):
        if flag == "v" and i > 0 and toks[i - 1][1].startswith(_UNIT_FLAGS) \
                and (i == len(toks) - 1 or (toks[i + 1][1].startswith(("n", "j")) and w not in stops)):
            continue  # …工作协调委员会: a field's verb right before the head
        if w in stops or not flag.startswith(_UNIT_FLAGS) or flag.startswith("nr"):
            return False
    return True


def _known_units(text: str, known: list[Candidate], found: list[Candidate], named: list[Candidate]) -> list[Candidate]:
    """A unit named after the known body it belongs to, one name: a department or branch the
    grammar found right after it (共青团衡阳市委), or a field and a unit head
    (``data/org_sub_heads.txt``: 国务院妇女儿童工作协调委员会, 农业部科技教育司), or the body's
    own name written out (欧佩克组织)."""
    out = []
    for k in known:
        if _inside_book_title(text, k.start):
            continue  # 《中国共产党农村基层组织工作条例》
        after = next((c for c in found if c.start == k.end and c.end > c.start and c.attr("grammar") != "head"), None)
        if after is not None:  # (a named unit with its own head after a known body is its own: 中国联通 | 廊坊…中心)
            out.append(Candidate(k.start, after.end, "Organization", k.name + text[k.end:after.end], (),
                                 attrs=(("parent", k.name),) + tuple(a for a in after.attrs if a[0] == "place")))
            continue
        m = _sub_unit_re().match(text, k.end)
        if not m or not _unit_field(m.group("mid")) or text.startswith(("长", "员"), m.end()) \
                or not _cut_before(text, m.end()) or any(k.end <= p.start < m.end() for p in named):
            continue  # 中国联通廊坊云数据中心: a place opens a unit's own name
        head = m.group("head")
        if len(head) == 1 and _word_freq(text[m.start("head") - 1:m.end()]) > 0:
            continue  # 中共中央决策部署: 署 closes a word, not a name
        if not m.group("mid") and k.name.endswith(head):  # 欧佩克组织: the body's own name written out
            out.append(Candidate(k.start, m.end(), "Organization", k.name, (text[k.start:m.end()],)))
        elif head not in wordset("org_sub_heads_own") and (m.group("mid") or head in wordset("org_sub_heads_bare")):
            # not 欧盟机构 (its institutions), 中共中央农村基层组织
            out.append(Candidate(k.start, m.end(), "Organization", k.name + text[k.end:m.end()], (),
                                 attrs=(("parent", k.name),)))
    return out


def _opens_place_word(text: str, s: int, e: int) -> bool:
    """jieba reads a longer place word starting with the name at ``s:e`` (北大 in 北大西洋)."""
    lo = max(0, s - 4)
    pos = lo
    for word, flag in _tags(text[lo:e + 4]):
        if pos == s:
            return len(word) > e - s and flag.startswith("ns")
        pos += len(word)
    return False


def _led_by_name(text: str, s: int, body: str, named: list[Candidate]) -> bool:
    """A body news names by its leader (``data/org_leader_bodies.txt``) written after a noun that is
    no country (桥本内阁): the name is longer than the bare body."""
    if body not in wordset("org_leader_bodies") or any(p.end == s for p in named):
        return False
    before = _tags(text[max(0, s - 4):s])
    return bool(before) and before[-1][1].startswith("n") and len(before[-1][0]) >= 2


def _known_body(text: str, s: int, e: int, name: str, named: list[Candidate]) -> Candidate:
    before = [p for p in named if p.end == s and p.level == "country" and p.name != "中国"
              and not _dated_day(text, p)]
    if before:  # 美国国务院, 法国内政部: the foreign country's body
        p = before[0]
        return Candidate(p.start, e, "Organization", text[p.start:e], (), attrs=(("place", p.name),))
    if text.endswith("中国", 0, s) and not name.startswith("中") and any(p.end == s and p.name == "中国" for p in named):
        s -= 2  # 中国国家教委, 中国全国政协: the country's own name opens the body's
    term = _TERM.search(text, max(0, s - 6), s)  # 第六届全国人大: the body of that term, written as one name
    return Candidate(term.start() if term else s, e, "Organization", name, tuple({text[s:e]} - {name}))


_TERM = re.compile("(?:第[0-9一二三四五六七八九十]{1,3}|首)届$")


@lru_cache(maxsize=1)
def _country_body_re() -> re.Pattern:
    return re.compile(f"(?:{alternation('org_foreign_bodies')})|(?P<mid>[\u4e00-\u9fff]{{1,6}}?)[部署省厅](?![门分])")


def _country_bodies(text: str, named: list[Candidate], covered: list[tuple[int, int]]) -> list[Candidate]:
    """A foreign country's state bodies: its name and a body (美国国会, 挪威议会) or a ministry,
    agency or department named by its field (芬兰农林部, 日本大藏省, 日本文化厅), not a part of the
    country (美国西部: a common word before 部)."""
    out = []
    for p in named:
        if p.level != "country" or p.name == "中国" or any(a <= p.start < b for a, b in covered) \
                or _dated_day(text, p):
            continue  # 4月8日国会: a date's 日, not 日本
        m = _country_body_re().match(text, p.end)
        if not m:
            continue
        mid = m.group("mid")
        if mid is not None and (_inside_word(text, m.end() - 1) or _after_function_words(mid) != mid):
            continue
        out.append(Candidate(p.start, m.end(), "Organization", text[p.start:m.end()], (),
                             attrs=(("place", p.name),)))
        covered.append((p.start, m.end()))
    return out

"""Place mentions, linked to the official administrative divisions.

Four sources, in order of trust:

1. the divisions gazetteer (province, prefecture, county full names, their
   official short forms, and township names), matched with Aho-Corasick;
2. a suffix grammar for named settlements the gazetteer may not hold
   (…社区, …村, …屯, and …镇/乡/街道 right after a county), with the left
   boundary found from stop characters and the divisions' village names;
3. the country and macro-regions (and the customary regions inside a province,
   陕北, 苏南), outside fixed phrases (中国特色社会主义), the
   world's countries and major cities, and the Chinese cities a reader knows
   without context (成都, 香港), not where they open a longer name (武汉大学);
4. one-character abbreviations of countries and provinces in their fixed uses
   (中美关系, 中方, 访华, 在京, 港澳地区).

Nested chains are separate places: 昌邑区延安街道鸿博家园社区 gives three
candidates, and :func:`chain_links` reports each one's textual parent.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

import ahocorasick

from pipelines.divisions import Division, divisions, is_placeholder
from pipelines.lexicon import table, words, wordset
from pipelines.mentions import Candidate
from pipelines.normalize import _is_han

_LEVEL_RANK = {"country": 0, "region": 1, "province": 2, "prefecture": 3, "county": 4, "zone": 4,
               "township": 5, "community": 6, "village": 6, "compound": 7}




def level_rank(level: str | None) -> int:
    return _LEVEL_RANK.get(level or "", 9)


_SHORT_COUNTY_ENDS = "县市"  # two-character county names (雄县, 芒市); 郊区, 矿区 are common words
_LEVEL_CHARS = "省市县区乡镇村"  # 市和县: a level word before the name


@lru_cache(maxsize=1)
def _automaton() -> ahocorasick.Automaton:
    d = divisions()
    auto = ahocorasick.Automaton()
    township_suffixes = tuple(s for s, level in table("settlement_suffixes") if level == "township")
    zone_suffixes = {s for s, _ in table("zone_suffixes")}
    for name, divs in d.by_name.items():
        if len(name) == 2 and name[1] in _SHORT_COUNTY_ENDS and all(x.level == "county" and x.code for x in divs):
            auto.add_word(name, (name, "county2"))  # 雄县, 芒市: kept where the text names their province
            continue
        if len(name) < 3 or name in zone_suffixes or is_placeholder(name):
            continue  # 省直辖县级行政区划: jionlp's placeholder, not a name
        if all(x.level == "township" for x in divs) and not name.endswith(township_suffixes):
            continue
        auto.add_word(name, (name, "full"))
    for name in d.renamed_townships():
        if name not in d.by_name:
            auto.add_word(name, (name, "renamed"))  # 北海镇, once 北海乡: kept where its county is named
    for short in d.by_short:
        if short not in d.by_name and len(short) >= 2:
            auto.add_word(short, (short, "short"))
    for short in words("place_well_known"):
        if short in d.by_short:
            auto.add_word(short, (short, "short"))  # 香港: also jionlp's name of a city entry
    for name, _level in table("countries_regions"):
        auto.add_word(name, (name, "country"))
    for name, _level in table("world_places"):
        auto.add_word(name, (name, "world"))
    for name, _province in table("province_regions"):
        auto.add_word(name, (name, "subregion"))
    for name, _suffix in table("zone_short"):
        auto.add_word(name, (name, "zone_short"))
    for word, _level in table("place_pronouns"):
        auto.add_word(word, (word, "pronoun"))
    auto.make_automaton()
    return auto


def _all_matches(auto: ahocorasick.Automaton, text: str) -> list[tuple[int, int, str, str]]:
    """Every ``(start, end, word, tag)`` match of an automaton whose values are ``(word, tag)``, by end."""
    return [(end - len(w) + 1, end + 1, w, tag) for end, (w, tag) in auto.iter(text)]


def _leftmost_longest_of(found: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
    out, last_end = [], -1
    for m in sorted(found, key=lambda m: (m[0], -(m[1] - m[0]))):
        if m[0] >= last_end:
            out.append(m)
            last_end = m[1]
    return out


def leftmost_longest(auto: ahocorasick.Automaton, text: str) -> list[tuple[int, int, str, str]]:
    """Non-overlapping ``(start, end, word, tag)`` matches of an automaton whose values are
    ``(word, tag)``, the leftmost and then the longest first."""
    return _leftmost_longest_of(_all_matches(auto, text))


def _longest_matches(text: str) -> list[tuple[int, int, str, str]]:
    found = _all_matches(_automaton(), text)  # one pass of the automaton for both
    return _prefer_world_names(text, _leftmost_longest_of(found), found)


def _prefer_world_names(text: str, matches: list[tuple[int, int, str, str]],
                        found: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
    """A country or world name jieba cuts out wins over the official short forms it overlaps that
    jieba does not cut out (同德国: 同|德国, not the short form 同德); ``found`` is every match."""
    hits = [m for m in found if m[3] in ("world", "country", "subregion")]
    out = matches
    for h in hits:
        if h in out:
            continue
        clash = [m for m in out if m[0] < h[1] and h[0] < m[1]]
        if clash and all(m[3] == "short" and not _on_word_bounds(text, m[0], m[1]) for m in clash) \
                and _on_word_bounds(text, h[0], h[1]):
            out = sorted([m for m in out if m not in clash] + [h])
    return out


def _in_fixed_phrase(text: str, start: int, end: int) -> bool:
    for phrase in words("country_fixed_phrases"):
        i = text.find(phrase, max(0, start - len(phrase)), end + len(phrase))
        while i != -1 and i < end:
            if i <= start and i + len(phrase) >= end:
                return True
            i = text.find(phrase, i + 1, end + len(phrase))
    return False




def _on_word_bounds(text: str, start: int, end: int, margin: int = 4) -> bool:
    """jieba's segmentation of the surroundings has word boundaries at both ends (日本, not 节日本身)."""
    import jieba

    lo = max(0, start - margin)
    pos, cuts = lo, {lo}
    for tok in jieba.cut(text[lo:end + margin]):
        if pos == start and pos + len(tok) > end + 1 and (jieba.get_FREQ(tok[end - start:]) or 0) > 0:
            cuts.add(end)  # 美国政府, 亚洲各国: a dictionary compound of the name and a word
        pos += len(tok)
        cuts.add(pos)
    return start in cuts and end in cuts


def _country_as_location(text: str, start: int, end: int, word: str, level: str) -> bool:
    """中国/东北 as a location, not inside a fixed phrase, a direction (西南部) or an organization name."""
    if _in_fixed_phrase(text, start, end):
        return False
    nxt = text[end:end + 1]
    if level == "region":  # 东北 as a region, not in 东北部 nor opening a name (东北农业大学)
        return not _direction_after(text, end) and not _opens_name(text, end)
    if nxt in "共人化式梦特" and nxt:
        return False
    if level == "country" and text.startswith(words("country_attribute_words"), end):
        return False
    # the country itself (中国领导人, 访问中国, 对中国的访问), not the opening of a name that
    # continues into an organization head or an honour (中国科技大学, 中国民间文化艺术之乡)
    return not _opens_name(text, end)


def _direction_after(text: str, end: int) -> bool:
    """A direction suffix follows the region word (东北部, 欧洲西侧 → 东北|部), not the first character
    of a common word (非洲面临, 东北边境)."""
    return text[end:end + 1] in wordset("direction_suffixes") and not _opens_word(text, end)


_NAME_RUN = re.compile("[\u4e00-\u9fff]{1,12}")


@lru_cache(maxsize=1)
def _name_ends_re() -> re.Pattern:
    ends = words("org_heads") + words("country_name_ends")
    return re.compile("|".join(map(re.escape, ends)))


def _opens_name(text: str, end: int) -> bool:
    """The characters after a country word run, with no verb, preposition or particle, into an
    organization head noun or an honour's ending: the word opens a longer name."""
    from pipelines.organizations import _after_function_words

    run = _NAME_RUN.match(text, end)
    if not run:
        return False
    for m in _name_ends_re().finditer(run.group()):
        before = run.group()[:m.start()]
        if _after_function_words(before) == before:
            return True
    return False


def _short_form_targets(text: str, start: int, end: int, divs: list[Division], full_names: set[str],
                        matches: list[tuple[int, int, str, str]], provinces: set[str] = frozenset()) -> list[Division]:
    """Divisions an official short form (永吉, 长春) may stand for here.

    A short form counts where its full name also appears in the document, for
    a province, right after another place (湖北麻城), in a list of places
    separated by 、 (长春、吉林、四平), or right before a township the
    divisions put under it (缙云新建镇).
    """
    if end < len(text) and _is_han(text[end]) and text[start:end + 1] in divisions().by_name:
        return []
    keep = [x for x in divs if x.level == "province" or x.name in full_names]
    if keep:
        return keep
    settled = end < len(text) and text[end] in _SETTLEMENT_CHARS
    if settled and not _common_word(text[end:end + 2]):
        return []  # 桂林村, not 桂林市 (but 成都村民)
    if text[start:end] in wordset("place_well_known") and _on_word_bounds(text, start, end) \
            and not _opens_name(text, end):
        return [min(divs, key=lambda x: level_rank(x.level))]  # 成都, 广州: known without context
    named = _dictionary_place(text, start, end, divs)
    if named is not None and (not provinces or named.province in provinces) \
            and not _VILLAGE_AFTER.match(text, end):
        return [named]  # 潍坊, 江阴: a city or county the dictionary knows as a place name
    if settled:
        return []  # 桃源村, not 桃源县; 新城社区, not 新城区
    d = divisions()
    neighbours = {m[1]: m for m in matches}
    starts = {m[0]: m for m in matches}
    if start in neighbours:  # 湖北麻城: right after a province that contains it
        prev = neighbours[start]
        provs = d.by_name.get(prev[2], []) + d.by_short.get(prev[2], [])
        under = [x for x in divs if any(p.level == "province" and d.is_ancestor(p, x) for p in provs)]
        if under:
            return under[:1]
    home = [x for x in divs if x.level == "prefecture" and x.province in provinces]
    if len(home) == 1:  # 长春, 四平 in an article about 吉林省 or one of its cities
        return home
    if text[max(0, start - 2):start].endswith(words("place_locatives")):  # 到长春参加, 在四平
        near = [x for x in divs if x.level in ("prefecture", "county") and x.province in provinces]
        if near:
            return [min(near, key=lambda x: level_rank(x.level))]
    in_list = (text[start - 1:start] == "、" and (start - 1) in neighbours) or (
        text[end:end + 1] == "、" and (end + 1) in starts)
    if in_list:  # 长春、吉林、四平: places of the article's provinces (not 振兴 in 东北振兴、吉林振兴)
        listed = [x for x in divs if x.level == "province" or x.province in provinces]
        return [min(listed, key=lambda x: level_rank(x.level))] if listed else []
    if end in starts:  # 缙云新建镇: right before a township of its own
        below = [x for x in divs if any(d.is_ancestor(x, t) for t in d.by_name.get(starts[end][2], []))]
        if len(below) == 1:
            return below
    return []


_SETTLEMENT_CHARS = "村镇乡屯街社区"
_DICTIONARY_PLACE_LEVELS = ("prefecture", "county")
# 吴起南沟村, 永吉新建镇: a settlement named with a county, left to the settlement grammar
_VILLAGE_AFTER = re.compile("[\u4e00-\u9fff]{0,4}?(?:村|屯|社区|镇|乡|街道)")


def _dictionary_place(text: str, start: int, end: int, divs: list[Division]) -> Division | None:
    """The official short form of one prefecture or county (潍坊, 江阴) that jieba's dictionary
    tags as a place name (ns), cut out as a word of its own and not opening a longer name:
    the place itself, even with no other place in the text. Several divisions of the same
    level sharing the short form (城关) leave it unresolved, and so does a word with another
    everyday sense (朝阳产业, 平原地区; place_short_other_senses.txt). A frequent word is no
    reason to doubt it: 荆州 and 敦煌 are frequent because they are places."""
    import jieba.posseg

    w = text[start:end]
    if jieba.posseg.dt.word_tag_tab.get(w) != "ns" or w in wordset("place_short_other_senses"):
        return None
    # a city district's short form is often a common noun (海港, 黄埔)
    top = [x for x in divs if x.code and x.level in _DICTIONARY_PLACE_LEVELS and not x.name.endswith("区")]
    if not top:
        return None
    best = min(level_rank(x.level) for x in top)
    same = [x for x in top if level_rank(x.level) == best]
    if len(same) != 1 or not _on_word_bounds(text, start, end) or _opens_name(text, end):
        return None
    return same[0]


def _common_word(w: str, freq: int = 0) -> bool:
    import jieba

    jieba.initialize()
    return len(w) == 2 and (jieba.get_FREQ(w) or 0) >= (freq or _COMMON_FREQ)


_CROSS_FREQ = 500  # 隆重 (917): a word the name's first character closes


def _crosses_left(text: str, start: int, end: int) -> bool:
    """The name's first character closes a common word with the one before it, and jieba
    keeps that word (部分|乡镇 → no 分乡镇; 隆重庆祝 → no 重庆)."""
    import jieba

    if start == 0 or not _is_han(text[start - 1]) or not _common_word(text[start - 1:start + 1], _CROSS_FREQ):
        return False
    lo = max(0, start - 4)
    pos, cuts = lo, set()
    for tok in jieba.cut(text[lo:end + 2]):
        pos += len(tok)
        cuts.add(pos)
    return start not in cuts


def _pick(divs: list[Division], context: list[Division], strict: bool = False) -> Division | None:
    """Choose among same-named divisions: one under a division named in context, else (unless
    ``strict``) the only one."""
    d = divisions()
    if len(divs) == 1 and not strict:
        return divs[0]
    for ctx in reversed(context):
        under = [x for x in divs if d.is_ancestor(ctx, x)]
        if len(under) == 1:
            return under[0]
    return None


def find_places(text: str) -> list[Candidate]:
    """Place candidates in a document's normalized text.

    >>> [c.name for c in find_places("还有永吉县黄榆乡会源德村")]
    ['永吉县', '黄榆乡', '会源德村']
    """
    d = divisions()
    matches = _longest_matches(text)
    countries = {name: level for name, level in table("countries_regions")}
    world = dict(table("world_places"))
    pronouns = {w: level for w, level in table("place_pronouns")}

    coded: list[Division] = []  # divisions named in the document, for disambiguation
    full_names = {w for _s, _e, w, kind in matches if kind == "full"}
    provinces = {x.province for w in full_names for x in d.by_name.get(w, []) if x.level in ("province", "prefecture")}
    near_by_name = {w: {x.province for x in d.by_name.get(w, []) if x.level in ("province", "prefecture", "county")}
                    for w in full_names}
    provinces |= {x.province for _s, _e, w, kind in matches if kind == "short"
                  for x in d.by_short.get(w, []) if x.level == "province"}
    near_provinces = {x.province for _s, _e, w, kind in matches if kind in ("full", "short")
                      for x in (d.by_name.get(w, []) if kind == "full" else d.by_short.get(w, []))}
    out: list[Candidate] = []
    pending: list[tuple[int, int, str, list[Division]]] = []
    pending_zones: list[tuple[int, int, str]] = []
    unlisted_zones: list[tuple[int, int, str]] = []  # 经开区 with no zone in the divisions
    match_starts, match_ends = {m[0] for m in matches}, {m[1] for m in matches}
    for start, end, w, kind in matches:
        if kind == "country":
            if _on_word_bounds(text, start, end) and _country_as_location(text, start, end, w, countries[w]):
                out.append(Candidate(start, end, "Place", w if w != "中华人民共和国" else "中国", (w,), countries[w]))
            continue
        if kind == "subregion":  # 陕北, 苏南: a region inside a province
            if _on_word_bounds(text, start, end) and _country_as_location(text, start, end, w, "region"):
                out.append(Candidate(start, end, "Place", w, (), "region",
                                     attrs=(("province", dict(table("province_regions"))[w]),)))
            continue
        if kind == "world":
            level = world[w]
            if not _in_fixed_phrase(text, start, end) and _on_word_bounds(text, start, end) and not (
                    level == "region" and _direction_after(text, end)) \
                    and not _opens_name(text, end) and not _inside_transliteration(text, start, w, level):
                if level == "prefecture" and text[end:end + 1] == "市" and not _opens_word(text, end) \
                        and _cut_before(text, end + 1):
                    end += 1  # 维也纳市 (市市长), not 维也纳市场
                out.append(Candidate(start, end, "Place", w, (text[start:end],) if end - start > len(w) else (), level))
            continue
        if kind == "zone_short":
            pending_zones.append((start, end, w))
            continue
        if kind == "pronoun":
            out.append(Candidate(start, end, "Place", "", (w,), pronouns[w], attrs=(("pronoun", pronouns[w]),)))
            continue
        if kind == "renamed":
            pending.append((start, end, w, []))
            continue
        if kind == "county2":
            if not _two_char_county(text, start, end, w, near_provinces, start in match_ends):
                continue
            kind = "full"
        divs = d.by_name.get(w, []) if kind == "full" else d.by_short.get(w, [])
        if kind == "short":
            divs = _short_form_targets(text, start, end, divs, full_names, matches, provinces)
            if not divs:
                continue
            if end < len(text) and _is_han(text[end]) and text[start:end + 1] in d.by_name:
                continue
        if text.startswith(words("road_suffixes"), end) and not text.startswith("街道", end) \
                and not text.startswith(words("place_street_words"), end):
            continue  # 四川街, 延安路: a street named after a place
        in_chain = end in match_starts or start in match_ends
        if start not in match_ends and _crosses_left(text, start, end):
            continue  # 部分乡镇, 隆重庆祝: the name's first character ends a word
        if kind == "full" and _foreign_after(text, start, w, matches):
            continue  # 杭州老城区: a county of another city whose core is a common word
        if kind == "full" and _split_word(text, start, end, w, set() if in_chain else
                                          set().union(*(v for k, v in near_by_name.items() if k != w))):
            continue
        top = [x for x in divs if x.code]
        if top:
            best = min(top, key=lambda x: level_rank(x.level))
            same = [x for x in top if x.level == best.level]
            div = _pick(same, coded) or best
            coded.append(div)
            out.append(_cand(start, end, div, w))
        else:
            pending.append((start, end, w, divs))

    # townships: disambiguate with the places named before them (or anywhere in the document)
    for start, end, w, divs in pending:
        before = [c for c in out if c.end <= start and c.division]
        ctx = [d.by_key[c.division] for c in sorted(before, key=lambda c: c.end)]
        div = (_pick(divs, ctx, strict=len(w) <= 3) or _pick(divs, coded, strict=len(w) <= 3)) if divs else None
        if div is None:
            div = _renamed_township(w, out)
        if div is None and (len(w) <= 3 or not divs):
            continue  # a short township name with no place above it in the text (提高城乡)
        out.append(_cand(start, end, div, w) if div else Candidate(start, end, "Place", w, (), divs[0].level))
    # 经开区: the development zone above a place the text names (九站街道), else of a city it names
    suffixes = dict(table("zone_short"))
    for start, end, w in pending_zones:
        named_divs = [d.by_key[c.division] for c in out if c.division in d.by_key]
        above = {a.key: a for x in named_divs for a in d.chain(x)[1:]
                 if a.level == "zone" and a.name.endswith(suffixes[w])}
        cities = {a.key for x in named_divs for a in d.chain(x) if a.level == "prefecture"}
        zones = list(above.values()) or [x for x in d.zones() if x.parent in cities and x.name.endswith(suffixes[w])]
        if len(zones) == 1:
            out.append(_cand(start, end, zones[0], w))
        else:
            unlisted_zones.append((start, end, w))
    out.extend(_township_list(text, out))
    grammar = _settlements(text, out)
    grammar.extend(_zones_named_in_text(text, unlisted_zones, out, grammar))
    # a word the gazetteer knows inside a longer settlement name (西南关社区, 北京像素小区)
    out = [c for c in out if not any(g.start <= c.start and c.end <= g.end and g.end - g.start > c.end - c.start
                                     and not _named_by(g, c) for g in grammar)]
    # the city a zone is named by stays a mention of its own beside the zone (晋城|经济技术开发区)
    out = [replace(c, attrs=c.attrs + (("nested", "1"),)) if any(_named_by(g, c) for g in grammar) else c for c in out]
    out.extend(grammar)
    out.extend(_segmented_settlements(text, out))
    foreign = _foreign_divisions(text, out)
    out = [c for c in out if not any(f.start <= c.start and c.end <= f.end for f in foreign)]
    out.extend(foreign)
    out.extend(_abbreviations(text, out))
    out = [_with_formal_tail(text, c) for c in out if not _unit_after(text, c.end)]
    out.sort(key=lambda c: (c.start, -c.end))
    return out


_CLOCK_START = re.compile("[0-9０-９一二三四五六七八九十今昨明本上下凌清早傍晚中午夜]")


def _unit_after(text: str, end: int) -> bool:
    """A unit named by the place follows: a currency (挪威克朗) or the place's standard time before a
    clock or date word (北京时间9月12日, not 在北京时间不长)."""
    for w in words("place_unit_words"):
        if text.startswith(w, end):
            return w != "时间" or bool(_CLOCK_START.match(text, end + len(w)))
    return False


def _with_formal_tail(text: str, c: Candidate) -> Candidate:
    """The mention of a country or a special administrative region extended over the word that
    closes its formal name (苏里南共和国, 香港特区), when that word is written right after it and
    jieba cuts after it (not 共和国成立 inside a longer name)."""
    if not c.name:
        return c
    for tail, kind in table("place_formal_tails"):
        if not text.startswith(tail, c.end):
            continue
        if kind == "country":
            fits = c.level == "country" and c.name != "中国"
        else:
            div = divisions().by_key.get(c.division) if c.division else None
            fits = div is not None and (div.province or div.name).endswith("特别行政区")
        end = c.end + len(tail)
        if fits and (_cut_before(text, end) or text.startswith(words("abbreviation_title_words"), end)):
            import dataclasses

            return dataclasses.replace(c, end=end, aliases=tuple(dict.fromkeys((*c.aliases, text[c.start:end]))))
    return c


def _inside_transliteration(text: str, start: int, name: str, level: str) -> bool:
    """A two-character region word closing a longer transliteration (雷西斯滕西亚, 马丁西亚):
    part of a foreign name, not the region."""
    return level == "region" and len(name) == 2 and start > 0 and (
        text[start - 1] in wordset("person_transliteration_chars") | wordset("world_transliteration_chars"))


_SEGMENTED_SUFFIXES = "乡镇村屯"
_SEGMENTED_FREQ = 20  # a dictionary word this frequent is a common noun (小镇, 新农村), not a name
_SEGMENTED_NOT_NAME = "vcpudr"  # jieba tags (first letter) no settlement name holds: verbs, function words


def _generic_head(name: str) -> bool:
    """A description, not a name: one character before a dictionary word that ends with the
    suffix (小|山村, 古|渔村), or a core jieba only guesses as a noun (网红村, 助百村)."""
    import jieba.posseg

    known = jieba.posseg.dt.word_tag_tab
    if len(name) == 3 and name[-2:] in known:
        return True
    tags = _tags(name[:-1])
    return len(tags) == 1 and tags[0][1] == "n" and name[:-1] not in known


def _prev_token(text: str, i: int) -> str:
    """jieba's token ending right before position ``i`` (one character if it cuts there)."""
    import jieba

    lo = max(0, i - 4)
    pos, last = lo, text[i - 1:i]
    for tok in jieba.cut(text[lo:i]):
        pos += len(tok)
        last = tok
    return last


def _left_open(tok: str) -> bool:
    return len(tok) == 1 and _tags(tok)[0][1] in ("a", "n", "ns", "nr", "m")


def _segmented_settlements(text: str, known: list[Candidate]) -> list[Candidate]:
    """A township or village the suffix grammar could not confirm, where jieba's segmentation
    cuts out the whole name as one word it does not know as a common word (离开青湾乡。,
    邀请杏岗镇参加): two or three characters and 乡, 镇, 村 or 屯, no generic modifier
    (贫困村), determiner (各乡镇, 全村) or verb inside, not overlapping a place already found."""
    import jieba

    levels = dict(table("settlement_suffixes"))
    taken = [(c.start, c.end) for c in known]
    determiners = wordset("place_determiners")
    out: list[Candidate] = []
    for e in range(3, len(text) + 1):
        if text[e - 1] not in _SEGMENTED_SUFFIXES or not _is_han(text[e - 2]) or _opens_word(text, e - 2) \
                or any(x < e and e - 1 < y for x, y in taken):
            continue  # 农村, 乡镇, 山村: the suffix closes a common word
        lo = max(0, e - 8)
        pos, tok_start = lo, None
        for tok in jieba.cut(text[lo:e + 2]):
            if pos + len(tok) == e:
                tok_start = pos
                break
            pos += len(tok)
            if pos >= e:
                break
        if tok_start is None or not 3 <= e - tok_start <= 4 or tok_start == lo and lo > 0:
            continue
        name = text[tok_start:e]
        core = name[:-1]
        if name in divisions().by_name or name in divisions().renamed_townships():
            continue  # an official township name: trusted only where its county is named
        if not all(_is_han(c) for c in core) or core[0] in determiners or (jieba.get_FREQ(name) or 0) >= _SEGMENTED_FREQ:
            continue
        if _generic(core) or _opens_with_adverb(core) or any(c in _SEGMENTED_SUFFIXES for c in core):
            continue
        if any(flag[0] in _SEGMENTED_NOT_NAME for _w, flag in _tags(core)) or _generic_head(name):
            continue  # 联建村, 后进村, 街和村: a verb or a function word; 小山村: a 山村
        if tok_start > 0 and _is_han(text[tok_start - 1]) and _left_open(_prev_token(text, tok_start)):
            continue  # 小|南河村: a one-character word before may belong to the name
        if e < len(text) and _opens_word(text, e - 1):
            continue  # 某村庄, 某镇长: the suffix opens a word with what follows
        out.append(Candidate(tok_start, e, "Place", name, (), levels[name[-1]], attrs=(("grammar", "1"),)))
        taken.append((tok_start, e))
    return out


@lru_cache(maxsize=1)
def _foreign_division_re() -> re.Pattern:
    chars = "".join(sorted(wordset("person_transliteration_chars") | wordset("world_transliteration_chars")))
    prefixes = "".join(words("world_division_prefixes"))
    suffixes = alternation_of(s for s, _ in table("world_division_suffixes"))
    return re.compile(f"(?<![{chars}{prefixes}])[{prefixes}]?[{chars}]{{2,8}}(?:{suffixes})")


def _foreign_divisions(text: str, known: list[Candidate]) -> list[Candidate]:
    """A foreign state, province, county or city written as a transliteration and a level word
    (俄亥俄州, 北里奥格朗德州, 肯特郡): every character of the name a transliteration
    character, at least two of them, not overlapping a place already found and not a word
    of the dictionary (本市, 全县 never reach two characters)."""
    d = divisions()
    levels = dict(table("world_division_suffixes"))
    taken = [(c.start, c.end) for c in known if c.name == text[c.start:c.end]]  # 德州 in 南里奥格朗德州: a short form
    out = []
    for m in _foreign_division_re().finditer(text):
        a, b = m.span()
        if text[a] in wordset("world_division_prefixes") and not _cut_before(text, a):
            a += 1  # 兼下莱茵省 keeps 下; 山东德州 gives no 东德州
        name = text[a:b]
        if any(x < b and a < y for x, y in taken):
            continue
        suffix = next(s for s in sorted(levels, key=len, reverse=True) if name.endswith(s))
        core = name[:-len(suffix)]
        bare = core[1:] if core[0] in wordset("world_division_prefixes") else core
        if len(bare) < 2 or any(x in d.by_name or x in d.by_short for x in (name, core, bare, bare + suffix)) \
                or _common_word(core, _LONGER_WORD_FREQ):
            continue  # 西柳州, 达州市: a Chinese place; 利用市场: not a name
        if text[b:b + 1] == "长" or (len(suffix) == 1 and b < len(text) and _opens_word(text, b - 1)):
            continue  # 克里斯托弗市长: a person and a title; 东安市场: the level word opens a word
        if not _cut_before(text, a):
            continue
        out.append(Candidate(a, b, "Place", name, (), levels[suffix], attrs=(("foreign", "1"),)))
    return out


def _two_char_county(text: str, start: int, end: int, name: str, provinces: set[str], after_place: bool) -> bool:
    """A two-character county name (雄县, 芒市) is a mention where the text names its province or a
    place in it, jieba cuts around it, and it is not a level word's neighbour (市和县, 县市区)."""
    divs = divisions().by_name.get(name, [])
    if not divs or not {x.province for x in divs} & provinces:
        return False
    if not after_place and start > 0 and text[start - 1] in _LEVEL_CHARS:
        return False
    if end < len(text) and text[end] in _LEVEL_CHARS:
        return False
    return _on_word_bounds(text, start, end) and not _crosses_left(text, start, end)


def _renamed_township(name: str, known: list[Candidate]) -> Division | None:
    """A township the divisions still list under its former name (清水乡 for 清水镇, 某镇 for
    某街道): the one whose county the text names, when exactly one is."""
    d = divisions()
    counties = {c.division for c in known if c.division and c.level == "county"}
    olds = [d.by_key[k] for k in d.renamed_townships().get(name, ()) if d.by_key[k].parent in counties]
    return d.renamed(olds[0], name) if len(olds) == 1 else None


@lru_cache(maxsize=1)
def _abbreviation_tables() -> dict[str, dict[str, tuple[str, frozenset[str]]]]:
    """table name → abbreviation character → (full name, uses)."""
    return {kind: {c: (name, frozenset(uses.split(","))) for c, name, uses in table(f"{kind}_abbreviations")}
            for kind in ("place", "division")}


@lru_cache(maxsize=1)
def _abbreviation_res() -> list[tuple[str, re.Pattern, re.Pattern]]:
    """Per table: the pair pattern (中美 before 关系) and the visit pattern (访华, 在京)."""
    pair_words = table("abbreviation_pair_words")
    verbs = "".join(words("abbreviation_verbs"))
    out = []
    for kind, tab in _abbreviation_tables().items():
        pair_chars = "".join(c for c, (_n, uses) in tab.items() if "pair" in uses)
        visit_chars = "".join(c for c, (_n, uses) in tab.items() if "visit" in uses)
        after = alternation_of(w for w, t in pair_words if t == ("country" if kind == "place" else "division"))
        title_chars = "".join(c for c, (_n, uses) in tab.items() if "title" in uses)
        singles = [f"(?<=[{verbs}])(?P<visit>[{visit_chars}])"]
        if title_chars:
            singles.append(f"(?P<title>[{title_chars}])(?=(?:{alternation_of(words('abbreviation_title_words'))}))")
        out.append((kind, re.compile(f"(?=([{pair_chars}]{{2,4}})(?:{after}))"), re.compile("|".join(singles))))
    return out


_SIDE = re.compile("(?=(.)方)")


def _abbreviations(text: str, known: list[Candidate]) -> list[Candidate]:
    """One-character abbreviations of countries and provinces: each character of a pair before a
    relation word (中美关系, 中日韩三国, 港澳地区), a country before 方 (中方, 美方), and one after a
    movement verb (访华, 驻华, 在京, 抵京). jieba's segmentation must cut before the pair and around
    the single character (not 其中加入, 节日方面, 在美丽)."""
    d = divisions()
    tables = _abbreviation_tables()
    taken = [(c.start, c.end) for c in known if c.name]
    out: list[Candidate] = []

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken)

    def add(i: int, kind: str, char: str) -> None:
        name = tables[kind][char][0]
        divs = [x for x in d.by_name.get(name, []) if x.code]
        if divs:
            cand = _cand(i, i + 1, min(divs, key=lambda x: level_rank(x.level)), char)
        else:
            cand = Candidate(i, i + 1, "Place", name, (char,), _abbreviation_level(name))
        out.append(cand)
        taken.append((i, i + 1))

    for kind, pair_re, visit_re in _abbreviation_res():
        for m in pair_re.finditer(text):
            a, b = m.start(1), m.end(1)
            if free(a, b) and _cut_before(text, a) and len(set(text[a:b])) == b - a:
                for i in range(a, b):
                    add(i, kind, text[i])
        for m in visit_re.finditer(text):
            i = m.start()
            bounded = _on_word_bounds(text, i - 1, i + 1) if m.group("visit") else _cut_before(text, i)
            # a title word may make a word with the character (美军, 俄国内): only the visit needs the
            # test; a number before it makes a date (8日国会)
            title = m.lastgroup == "title"
            if title and i > 0 and text[i - 1].isnumeric():
                continue
            if free(i, i + 1) and bounded and (title or not _opens_word(text, i)):
                add(i, kind, text[i])
    side = {c for c, (_n, uses) in tables["place"].items() if "side" in uses}
    for m in _SIDE.finditer(text):
        i = m.start()
        if text[i] in side and free(i, i + 2) and _on_word_bounds(text, i, i + 2):
            add(i, "place", text[i])
    firsts = _full_country_firsts(text, known)
    bare_re, alone_re = _bare_res(frozenset(firsts))
    for m in bare_re.finditer(text):
        a, b = m.span()
        pair = text[a:b]
        full = any(c in firsts and text.startswith(firsts[c].name[:2], a + k) for k, c in enumerate(pair))
        if (b - a <= 3 and len(set(pair)) == b - a and not full and free(a, b)
                and pair not in wordset("place_abbreviation_words")
                and _own_word(text, a, b, lead=wordset("place_pair_prepositions"))):
            for i in range(a, b):
                if text[i] in tables["place"]:
                    add(i, "place", text[i])
                else:
                    out.append(Candidate(i, i + 1, "Place", firsts[text[i]].name, (text[i],), firsts[text[i]].level))
                    taken.append((i, i + 1))
    for m in alone_re.finditer(text):
        i = m.start()
        if free(i, i + 1) and _own_word(text, i, i + 1) and _acts(text, i + 1):
            add(i, "place", text[i])
    out.extend(_echoed_countries(text, firsts, taken))
    return out


def _full_country_firsts(text: str, known: list[Candidate]) -> dict[str, Candidate]:
    """First character → a foreign country the text names in full (布隆迪 → 布)."""
    firsts: dict[str, Candidate] = {}
    for c in known:
        if c.level == "country" and len(c.name) >= 2 and text[c.start:c.end] == c.name and c.name != "中国":
            firsts.setdefault(c.name[0], c)
    return firsts


@lru_cache(maxsize=256)
def _bare_res(echoed: frozenset[str]) -> tuple[re.Pattern, re.Pattern]:
    """The bare-pair pattern (runs of two or more country abbreviations marked bare, or first
    characters of countries the sentence names in full) and the alone pattern."""
    tab = _abbreviation_tables()["place"]
    bare = "".join(sorted({c for c, (_n, uses) in tab.items() if "bare" in uses} | echoed))
    alone = "".join(c for c, (_n, uses) in tab.items() if "alone" in uses)
    return re.compile(f"[{bare}]{{2,}}"), re.compile(f"[{alone}]")


def _acts(text: str, i: int) -> bool:
    """A verb or an adverb opens the text at ``i``: what comes before is a subject or an object
    (俄将大力, 俄指责, 帮助俄渡过; not 俄矮 a fruit variety)."""
    toks = _tags(text[i:i + 4])
    return bool(toks) and toks[0][1][:1] in ("v", "d")


def _own_word(text: str, start: int, end: int, margin: int = 4, lead: frozenset[str] = frozenset()) -> bool:
    """jieba's segmentation cuts at ``start`` and at ``end``, and no word crosses either cut (美中
    建设性, 布中两国; not 美中不足, 美德). A character of ``lead`` glued before ``start`` (从美中)
    counts as a cut."""
    import jieba

    lo = max(0, start - margin)
    pos, cuts = lo, {lo}
    for tok in jieba.cut(text[lo:end + margin]):
        pos += len(tok)
        cuts.add(pos)
    glued = start > 0 and text[start - 1] in lead and start - 1 in cuts
    return (start in cuts or glued) and end in cuts


_ABBREVIATION_TAGS = ("ns", "j")  # jieba's tags of a character used as a place or an abbreviation


def _echoed_countries(text: str, firsts: dict[str, Candidate], taken: list[tuple[int, int]]) -> list[Candidate]:
    """A foreign country the text names in full, then by its first character standing alone
    (俄罗斯外长15日指出，俄能源出口…; 南斯拉夫外长…对南施压): the character is a word of its
    own in jieba's segmentation and one jieba's dictionary tags as a place or an abbreviation
    (俄, 南, 叙; not 以, 日, 加)."""
    import jieba.posseg

    out: list[Candidate] = []
    if not firsts:
        return out
    tags = jieba.posseg.dt.word_tag_tab
    for i, ch in enumerate(text):
        country = firsts.get(ch)
        if country is None or text.startswith(country.name[:2], i) or tags.get(ch) not in _ABBREVIATION_TAGS:
            continue
        if any(x < i + 1 and i < y for x, y in taken) or not _on_word_bounds(text, i, i + 1):
            continue
        out.append(Candidate(i, i + 1, "Place", country.name, (ch,), country.level))
        taken.append((i, i + 1))
    return out


def _opens_word(text: str, i: int) -> bool:
    """The character at ``i`` and the next one are a common word (日元, 京剧): not an abbreviation."""
    import jieba

    return (jieba.get_FREQ(text[i:i + 2]) or 0) >= _LONGER_WORD_FREQ


_LONGER_WORD_FREQ = 100


def _cut_before(text: str, i: int) -> bool:
    """jieba's segmentation of the surroundings cuts right before position ``i``."""
    import jieba

    lo = max(0, i - 4)
    pos = lo
    for tok in jieba.cut(text[lo:i + 4]):
        if pos == i:
            return True
        if pos > i:
            return False
        pos += len(tok)
    return pos == i


@lru_cache(maxsize=None)
def _abbreviation_level(name: str) -> str:
    return dict(table("countries_regions")).get(name) or dict(table("world_places")).get(name) or "country"


def _cand(start: int, end: int, div: Division, surface: str) -> Candidate:
    aliases = (surface,) if surface != div.name else ()
    return Candidate(start, end, "Place", div.name, aliases, div.level, div.key)


_SUFFIX_RE = None


def _suffix_re() -> re.Pattern:
    global _SUFFIX_RE
    if _SUFFIX_RE is None:
        sufs = sorted((s for s, _ in table("settlement_suffixes")), key=len, reverse=True)
        _SUFFIX_RE = re.compile("|".join(map(re.escape, sufs)))
    return _SUFFIX_RE


def _settlements(text: str, known: list[Candidate]) -> list[Candidate]:
    """Named villages, communities, compounds and zones by suffix grammar.

    A name found by its suffix stands when the official village list holds it
    (幸福里社区), when it is written right after a higher place (延安街道鸿博家园社区),
    when it sits in a list the text introduces (辖绿地国际花都、绿地福林等4个住宅小区),
    or when the same name stood in one of those ways elsewhere in the text. A core of
    generic modifiers or one common word (样板村, 文化社区) is never a name.
    """
    d = divisions()
    levels = dict(table("settlement_suffixes"))
    stops = wordset("place_stop_chars")
    word_starts = words("village_word_starts")
    zone_shorts = [z for z, _ in table("zone_short")]
    # a place ends a chain only when it is a division or a settlement: a world or region word
    # opens a longer name (西南关社区), and so does a short form before a compound (北京像素小区)
    ends = {c.end: c for c in known if c.etype == "Place" and c.name and (c.division or c.attr("grammar"))}
    full_ends = {k: c for k, c in ends.items() if text[c.start:c.end] == c.name}
    here = {c.division for c in known if c.division}
    covered = [(c.start, c.end) for c in known if c.name]
    place_starts = {c.start for c in known if c.etype == "Place" and c.division}
    found: list[tuple[int, int, str, str, bool]] = []  # start, end, name, level, confirmed
    named: set[str] = set()  # names confirmed so far whose core holds a stop character
    for m in _suffix_re().finditer(text):
        s, e = m.start(), m.end()
        suffix = m.group()
        if any(a <= s and e <= b for a, b in covered):
            continue
        if any(text.startswith(ws, s) for ws in word_starts) and not text.startswith(suffix + suffix, s):
            continue
        if any(text.startswith(z, e - len(z)) for z in zone_shorts):
            continue  # 高新区: a zone's abbreviation, resolved against the divisions or not a name
        level = levels[suffix]
        longer = next((n for n in sorted(named, key=len, reverse=True) if text.startswith(n, e - len(n))), None)
        if longer is not None and not any(a < e and e - len(longer) < b for a, b in covered):
            found.append((e - len(longer), e, longer, level, True))  # 金都南苑小区 again, after a stop char
            covered.append((e - len(longer), e))
            continue
        if level == "village" and (nxt := _suffix_re().match(text, e)) and levels[nxt.group()] in ("community", "compound"):
            continue  # 某村社区, 某村小区: the village's name inside a longer one
        stop_at = full_ends if level == "compound" else ends
        left = s
        while left > 0 and (_is_han(text[left - 1]) or text[left - 1] in "·•") and s - left < _CORE_MAX:
            if left in stop_at or text[left - 1] in stops:
                break
            left -= 1
        left = _past_inner_stops(text, left, s, suffix, stop_at, stops)
        if left > 0 and text[left - 1].isdigit():
            continue  # 12月入职村…: a date, not a name
        core = text[left:s]
        parent = stop_at.get(left)
        if _closes_word(text, s):
            continue  # 城乡, 农村, 山村: the suffix ends a common word
        chained = parent is not None and (
            level_rank(parent.level) < level_rank(level) or (level == "zone" and parent.level in ("prefecture", "county"))
        ) and not _has_verb(core) and not _opens_with_adverb(core)
        # 黄金村 under a township the article names: the official list confirms even a common word
        listed = core + suffix in d.villages and (not _generic(core) or (
            _BODY_AFTER.match(text, e) is not None and _official_parents(core + suffix, here)))
        if not chained and level == "village" and _suffix_glued(text, s, e):
            continue  # 美化村屯环境: the suffix opens a word with what follows (村屯, 村庄)
        # 对太平联村党委: a settlement with its own party body, its short core bounded by a stop
        governed = (_BODY_AFTER.match(text, e) is not None and 2 <= len(core) <= 4 and left > 0
                    and _proper_core(core) == core
                    and (text[left - 1] in stops or not _is_han(text[left - 1])) and not _generic(core)
                    and not _has_verb(core))
        # 某村位于某县某乡: a clause that opens with the name and says where it lies
        located = (2 <= len(core) <= 4 and (left == 0 or not _is_han(text[left - 1]))
                   and _location_verb_end(text, e) in place_starts and not _generic(core) and not _has_verb(core))
        # ，在某社区，…: a clause that opens by placing itself in the named settlement
        framed = (level in _SETTLEMENT_LEVELS and 2 <= len(core) <= 5 and left >= 1 and text[left - 1] == "在"
                  and (left == 1 or not _is_han(text[left - 2])) and text[e:e + 1] in _FRAME_CLOSE
                  and all(_is_han(c) for c in core) and not _generic(core) and not _has_verb(core)
                  and not _opens_with_adverb(core))
        if not (chained or listed or governed or located or framed):
            proper = _proper_core(core)
            if proper == core and _closes_word(text, left):
                proper = ""  # 辖区老旧小区: the core's first character ends a word (辖区)
            if level == "zone":
                proper = _from_place_word(proper)  # 数据宝落地贵安新区 → 贵安新区
            if proper and not _generic(proper) and (proper + suffix in d.villages or level in ("compound", "zone")):
                left, core = s - len(proper), proper  # …对太平联村: the listed tail; 管辖盈胜幸福里小区
            else:
                found.append((s - len(core), e, core + suffix, level, False))
                continue
        if level == "zone" and not core and chained and text[parent.start:s] == parent.name.removesuffix("市") \
                and len(suffix) >= _OFFICIAL_ZONE_SUFFIX:
            left, core = parent.start, text[parent.start:s]  # 晋城经济技术开发区: a zone named by its city alone
        if len(core) < 2 or core in words("place_generic_words") or not all(_is_han(c) or c in "·•" for c in core):
            continue
        if level == "township" and (parent is None or parent.level not in ("county", "prefecture")):
            continue
        found.append((left, e, core + suffix, level, True))
        covered.append((left, e))
        if any(ch in stops for ch in core):
            named.add(core + suffix)
        ends[e] = full_ends[e] = Candidate(left, e, "Place", core + suffix, (), level)
    listed = _listed(text, covered, set(ends) | {b for _a, b in covered})
    found.extend(listed)
    listed_spans = {(a, b) for a, b, *_ in listed}
    good = {name for _a, _b, name, _lv, ok in found if ok}
    out = []
    for a, b, name, level, ok in found:
        if text[a - 1:a] == "“" and text[b:b + 1] == "”" and (a - 1) not in ends:
            continue  # 都曾是“拐沟村”: a quoted nickname or label, not a named place
        if ok or name in good:
            alias = (text[a:b],) if text[a:b] != name else ()
            attrs = (("grammar", "1"), ("listed", "1")) if (a, b) in listed_spans else (("grammar", "1"),)
            out.append(Candidate(a, b, "Place", name, alias, level, None, attrs))
    return out


_CORE_MAX = 7
_OFFICIAL_ZONE_SUFFIX = 5  # 经济开发区, 经济技术开发区, 高新技术产业开发区 (not 廊坊开发区, an abbreviation)
_FRAME_CLOSE = "，,：:"


_TOWNSHIP_LIST = re.compile("((?:[\u4e00-\u9fff]{2,4}、)+[\u4e00-\u9fff]{2,4})等(?:\\d+个)?(?:乡镇|镇|乡|街道)")


def _township_list(text: str, known: list[Candidate]) -> list[Candidate]:
    """Townships listed without their suffix (甲、乙等乡镇): an item stands where the item with
    镇, 乡 or 街道 is an official township of a county the article names."""
    d = divisions()
    counties = {c.division for c in known if c.division and c.level == "county"}
    taken = [(c.start, c.end) for c in known if c.name]
    out = []
    for m in _TOWNSHIP_LIST.finditer(text):
        pos = m.start(1)
        for i, item in enumerate(m.group(1).split("、")):
            a, b = pos, pos + len(item)
            pos = b + 1
            for k in range(2, len(item) + 1) if i == 0 else (len(item),):  # the first item: its tail
                short = item[-k:]
                hits = [x for suf in ("镇", "乡", "街道") for x in d.by_name.get(short + suf, [])
                        if x.level == "township" and x.parent in counties]
                if len(hits) == 1 and not any(p < b and a < q for p, q in taken):
                    out.append(_cand(b - k, b, hits[0], short))
                    break
    return out


def _past_inner_stops(text: str, left: int, s: int, suffix: str, ends: dict, stops: set[str]) -> int:
    """The left boundary moved past stop characters inside a name written right after a higher
    place (南关街道仓南街社区金都南苑小区, 协格尔镇鲁鲁辖村): the run back to that place starts with
    no stop character, holds no 的 and no verb, and its stop characters are not function words
    there (or the official list holds the whole name)."""
    if left == 0 or left in ends or text[left - 1] not in stops:
        return left
    p = left - 1
    while p > 0 and p not in ends and _is_han(text[p - 1]) and s - p < _CORE_MAX:
        p -= 1
    if p not in ends or p == left - 1:
        return left
    run = text[p:s]
    if run[0] in stops or "的" in run or _has_verb(run) or ends[p].level in ("country", "region"):
        return left
    if run + suffix in divisions().villages:
        return p
    for word, flag in _tags(run):
        if any(ch in stops for ch in word) and flag.startswith(("p", "c", "u", "r", "v", "m", "q")):
            return left
    return p


def _opens_with_adverb(core: str) -> bool:
    """A core that opens with an adverb or a set phrase (深入开展智慧…社区): a clause, not a name."""
    first = next(iter(_tags(core)), None)
    return first is not None and first[1] in ("d", "i", "l") and len(first[0]) >= 2


def _official_parents(name: str, here: set[str]) -> list[str]:
    """Keys of the places the article names (``here``) that hold the official village or
    community ``name``: for each official entry, its lowest ancestor named in the article,
    at township or county level."""
    d = divisions()
    out = []
    for key in d.villages.get(name, ()):
        town = d.by_key.get(key)
        if town is None:
            continue
        for anc in d.chain(town):
            if anc.key in here:
                if anc.level in ("township", "county", "zone"):
                    out.append(anc.key)
                break
    return out


_BODY_AFTER = re.compile("党委|党总支|党支部|村委会|居委会")


_FOREIGN_COMMON_FREQ = 50  # a county far from the article whose core is a dictionary word (平房区)


def _split_word(text: str, start: int, end: int, name: str, provinces: set[str]) -> bool:
    """A county name that is really common words: its last character opens a word with what
    follows (振兴区域), or, far from the article's provinces, its core is a common word
    (老街道平房区)."""
    import jieba

    jieba.initialize()
    divs = [x for x in divisions().by_name.get(name, []) if x.level in ("county", "prefecture")]
    if not divs:
        return False
    nxt = text[end:end + 1]
    if nxt and _is_han(nxt) and (jieba.get_FREQ(name[-1] + nxt) or 0) >= _COMMON_FREQ \
            and not any(text.startswith(sfx, end - 1) for sfx in _org_suffixes()):
        return True
    core = name[:-1]
    return bool(provinces and all(x.province not in provinces for x in divs)
                and (jieba.get_FREQ(core) or 0) >= _FOREIGN_COMMON_FREQ)


def _foreign_after(text: str, start: int, name: str, matches: list[tuple[int, int, str, str]]) -> bool:
    """A county written right after a province or city that does not hold it, its core a common
    word (杭州老城区, not 洛阳's 老城区): a description of that city, not the county."""
    import jieba

    d = divisions()
    prev = next((m for m in matches if m[1] == start and m[3] in ("full", "short")), None)
    divs = [x for x in d.by_name.get(name, []) if x.level == "county"]
    if prev is None or not divs or (jieba.get_FREQ(name[:-1]) or 0) < _FOREIGN_COMMON_FREQ:
        return False
    above = [x for x in d.by_name.get(prev[2], []) + d.by_short.get(prev[2], [])
             if x.level in ("province", "prefecture")]
    return bool(above) and not any(d.is_ancestor(a, x) for a in above for x in divs)


@lru_cache(maxsize=1)
def _org_suffixes() -> tuple[str, ...]:
    """What may follow a place's last character inside a name (市委, 县政府, 区人大)."""
    return tuple(s for s, _ in table("org_after_place")) + tuple(
        lv + s for lv, _ in table("place_short_levels") for s, _ in table("org_after_place"))


def _closes_word(text: str, s: int) -> bool:
    import jieba

    jieba.initialize()
    return s > 0 and (jieba.get_FREQ(text[s - 1:s + 1]) or 0) >= _COMMON_FREQ


@lru_cache(maxsize=4096)
def _tags(s: str) -> tuple[tuple[str, str], ...]:
    """jieba's ``(word, flag)`` part-of-speech tags of ``s``, computed once per string."""
    import jieba.posseg as pseg

    return tuple((t.word, t.flag) for t in pseg.cut(s))


def _has_verb(core: str) -> bool:
    """A two-character verb inside: 坚持党建引领乡…, not a name."""
    return any(flag.startswith("v") and len(word) >= 2 for word, flag in _tags(core))


def _from_place_word(core: str) -> str:
    """A zone's core from its first place word on, when common words come before it (企业落地贵安 →
    贵安); a core that opens with a place word stays whole."""
    toks = _tags(core)
    at = next((i for i, (_w, flag) in enumerate(toks) if flag == "ns"), 0)
    return "".join(w for w, _ in toks[at:]) if at > 0 and len("".join(w for w, _ in toks[at:])) >= 2 else core


def _suffix_glued(text: str, s: int, e: int) -> bool:
    """The suffix opens a word for settlements in general (村屯, 村庄), and jieba cuts it so."""
    import jieba

    glued = next((w for w in words("settlement_words") if text.startswith(w, s)), None)
    if glued is None:
        return False
    pos = max(0, s - 2)
    for tok in jieba.cut(text[pos:s + len(glued) + 2]):
        if pos == s:
            return tok == glued
        pos += len(tok)
    return False


def _generic(core: str) -> bool:
    """A settlement core made of the generic modifiers (贫困, 示范, 党建) or of one common noun."""
    import jieba

    if any(core.startswith(g) for g in words("place_generic_words")):
        return True
    toks = _tags(core)
    if len(toks) == 1 and toks[0][1] in ("n", "vn", "a", "v") and (jieba.get_FREQ(core) or 0) >= _COMMON_FREQ:
        return True  # 样板村, 村容村: one dictionary noun is a description, not a name
    return False


_LIST_SPAN = 80


def _listed(text: str, covered: list[tuple[int, int]], ends: set[int] = frozenset()) -> list[tuple[int, int, str, str, bool]]:
    """Items of a list of settlements closed by a count: 辖A、B、C等4个住宅小区 (each item a
    compound), and, with no introducing word, a list the count closes: as many items as the
    count says (划分为甲、乙、丙3个社区), or no more than it with 等 in a sentence that names a
    place before the list (某镇牵头甲、乙等8个村). A village
    or community written without its suffix (甲、乙等2个社区) gets the suffix the list closes
    with: each item is a 社区. The first item starts after a place written right before it
    (某镇甲、乙2个村). ``ends``: where the places found so far end."""
    levels = dict(table("settlement_suffixes"))
    tail, intro, item = _list_res()
    out = []
    for m in tail.finditer(text):
        lo = max(0, m.start() - _LIST_SPAN)
        clause = max(text.rfind(ch, lo, m.start()) for ch in _CLAUSE_MARKS) + 1
        heads = [h for h in intro.finditer(text, max(lo, clause), m.start())]
        if heads:
            pos = heads[-1].end()
            items = text[pos:m.start()].split("、")
            cut = max((e for e in ends if pos < e < pos + len(items[0])), default=pos)
            items[0], pos = items[0][cut - pos:], cut
            if len(items) < 2 or not all(item.fullmatch(x) for x in items):
                continue
        else:
            items = text[max(clause, lo):m.start()].split("、")
            start0 = m.start() - len("、".join(items))
            count = _count(m.group(2))
            if len(items) < 2 or count < len(items) or (count != len(items) and not m.group(1)):
                continue
            sentence = _sentence_start(text, start0)
            if count != len(items) and not any(sentence < e <= start0 + len(items[0]) for e in ends):
                continue  # 甲、乙等8个村 only in a sentence that names a place before the list
            cut = max((e for e in ends if start0 < e < start0 + len(items[0])), default=None)
            items[0] = _first_item(items[0][cut - start0:] if cut is not None else items[0][-_CORE_MAX:])
            if not all(item.fullmatch(x) and len(x) <= _CORE_MAX and not _generic(x) and _bare_name(x)
                       for x in items):
                continue
            pos = m.start() - len("、".join(items))
        suffix = m.group(3)
        level = levels[suffix]
        for x in items:
            a, b = pos, pos + len(x)
            pos = b + 1
            if any(a < q and p < b for p, q in covered):
                continue  # 辖白塘镇双福村、…: the item holds places found already
            name = x if level not in ("community", "village") or _suffix_re().search(x) else x + suffix
            out.append((a, b, name, level, True))
    return out


def _sentence_start(text: str, i: int) -> int:
    """Where the sentence holding position ``i`` starts (after the last 。！？ or line break before it)."""
    return max(text.rfind(ch, 0, i) for ch in "。！？\n") + 1


def _first_item(run: str) -> str:
    """The first item of a list written at the end of ``run``: past the last stop character
    and past the verbs, locatives and function words that open it (牵头埔柳 → 埔柳,
    联合周边塔里 → 塔里, 周边的满盾 → 满盾)."""
    stops = wordset("place_stop_chars")
    run = run[max((i + 1 for i, ch in enumerate(run) if ch in stops), default=0):]
    toks = _tags(run)
    while len(toks) > 1 and toks[0][1].startswith(("v", "f", "p", "c", "d", "m", "q", "r")):
        toks = toks[1:]
    return "".join(w for w, _ in toks)


def _bare_name(x: str) -> bool:
    """A list item that may be a settlement's name without its suffix (七步, 后黄): two to four
    characters, no stop character, no verb, no function word."""
    return 2 <= len(x) <= 4 and not any(ch in wordset("place_stop_chars") for ch in x) and not _has_verb(x) \
        and not any(flag.startswith(("p", "c", "u", "r", "d")) for _w, flag in _tags(x))


@lru_cache(maxsize=1)
def _list_res() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """The count that closes a list (等3个社区), the words that open one (辖), an item."""
    sufs = "|".join(map(re.escape, sorted(dict(table("settlement_suffixes")), key=len, reverse=True)))
    tail = re.compile(f"(等)?\\s*([\\d{_CN_DIGITS}]+)\\s*个[\u4e00-\u9fff]{{0,3}}?({sufs})")
    intro = re.compile(f"(?:{alternation_of(words('settlement_lists'))})")
    return tail, intro, re.compile(r"[\u4e00-\u9fff·•]{2,10}")


_CN_DIGITS = "一二两三四五六七八九十"
_CLAUSE_MARKS = "，。；：！？,;:!?\n“”"


def _count(numeral: str) -> int:
    """2, 12, 三, 十二 → int (0 when unreadable)."""
    if numeral.isdigit():
        return int(numeral)
    vals = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2}
    if numeral == "十":
        return 10
    if "十" in numeral:
        tens, _, ones = numeral.partition("十")
        return vals.get(tens, 1) * 10 + vals.get(ones, 0) if tens in vals or not tens else 0
    return vals.get(numeral, 0) if len(numeral) == 1 else 0


def alternation_of(items) -> str:
    return "|".join(re.escape(w) for w in sorted(set(items), key=lambda w: (-len(w), w)))


_TRIM_FLAGS = ("v", "p", "c", "u", "d", "r", "m", "q")
_COMMON_FREQ = 1000


_PROPER_FLAGS = ("ns", "nr", "nz", "nt", "j")


def _proper_core(core: str, keep_common: bool = False, keep_verbs: frozenset[str] = frozenset()) -> str:
    """The proper-name tail of a settlement name, or '' when it is only common words.

    Cuts at the last verb, preposition, numeral … (推动乡 → 乡, 居民投身 → ''),
    and a verb's result complement left in front (发挥好驻村… → 驻村…),
    then rejects tails made only of frequent common words (文化精品, 优秀).
    With ``keep_common`` (organization names: 矿山机械厂, 中国科技大学) a tail of common
    words stands when it holds a proper noun or two words or more.
    """
    import jieba

    toks = list(_tags(core))
    cut = 0
    for i, (w, flag) in enumerate(toks):
        if flag.startswith(_TRIM_FLAGS) and w not in keep_verbs:
            cut = i + 1
    toks = toks[cut:]
    while cut and len(toks) > 1 and toks[0][0] in wordset("verb_complements"):
        toks = toks[1:]  # 发挥好驻村… → 驻村…
    tail = "".join(w for w, _ in toks)
    if not toks:
        return ""
    if all((jieba.get_FREQ(w) or 0) >= _COMMON_FREQ for w, _ in toks):
        if not keep_common or not (len(toks) >= 2 or any(f.startswith(_PROPER_FLAGS) for _, f in toks)):
            return ""
    return tail


def _location_verb_end(text: str, end: int) -> int:
    """Where the place after a location verb written at ``end`` (位于, 地处) starts, else -1."""
    verb = next((v for v in words("place_location_verbs") if text.startswith(v, end)), None)
    return -1 if verb is None else end + len(verb)


def _located_at(c: Candidate, text: str, by_start: dict[int, Candidate]) -> Candidate | None:
    """The innermost place of the chain written right after ``c`` and a location verb (某村位于
    某省某市某县某乡 → 某乡), when it is a higher level than ``c``."""
    p = by_start.get(_location_verb_end(text, c.end))
    while p is not None and p.end in by_start and level_rank(by_start[p.end].level) > level_rank(p.level):
        p = by_start[p.end]
    if p is None or level_rank(p.level) >= level_rank(c.level) or p.level in ("country", "region"):
        return None
    return p


def chain_links(cands: list[Candidate], text: str) -> list[tuple[Candidate, Candidate]]:
    """(child, parent) pairs of places written back to back, the parent first (永吉县黄榆乡)."""
    d = divisions()
    places = sorted((c for c in cands if c.etype == "Place" and c.name), key=lambda c: c.start)
    by_end = {c.end: c for c in places}
    links = []
    for c in places:
        p = by_end.get(c.start)
        if c.level == "zone":  # 晋城经济技术开发区 lies in 晋城市, the city it opens with
            p = next((q for q in places if _named_by(c, q)), p)
        if p is None or (level_rank(p.level) >= level_rank(c.level) and not (c.level == "zone" and p.level == "county")):
            continue
        official = d.by_key.get(c.division) if c.division else None
        if official is not None and official.parent and (p.division or p.level in ("country", "region")) \
                and official.parent != p.division:
            continue  # 湖北麻城, 中国某市: the divisions give the direct parent (黄冈市, the province)
        links.append((c, p))
    if text:
        links.extend(_context_links(places, text, links))
    return _deepest_parents(links)


def _zones_named_in_text(text: str, shorts: list[tuple[int, int, str]], known: list[Candidate],
                         grammar: list[Candidate]) -> list[Candidate]:
    """Zone abbreviations (经开区, 高新区) the divisions cannot resolve, read as a zone the text
    names in full (山西晋城经济技术开发区): after the city that names it (晋城经开区), or bare
    where the text names one such zone only."""
    out = []
    suffixes = dict(table("zone_short"))
    for start, end, w in shorts:
        full = suffixes[w]
        forms = {full} | {other for official, other in table("zone_aliases") if official == full}
        fits = {g.name for g in grammar if g.level == "zone" and g.name.endswith(tuple(forms))}
        city = next((c for c in known if c.end == start and c.division and c.level in ("prefecture", "county")), None)
        if city is not None:
            lead = text[city.start:start]
            fits = {n for n in fits if n.startswith(lead) and n[len(lead):] in forms}
        if len(fits) == 1:
            first = city.start if city is not None else start
            out.append(Candidate(first, end, "Place", fits.pop(), (text[first:end],), "zone", None, (("grammar", "1"),)))
    return out


def _named_by(zone: Candidate, place: Candidate) -> bool:
    """``zone`` is a development zone named by the city or county it opens with (晋城经济技术开发区)."""
    return zone.level == "zone" and place.start == zone.start and place.end < zone.end \
        and place.division is not None and place.level in ("prefecture", "county")


def _deepest_parents(links: list[tuple[Candidate, Candidate]]) -> list[tuple[Candidate, Candidate]]:
    """A place written under a county in one mention (某区某社区) and under a township of that
    county in another (某区某街道某社区) gets the township in both."""
    above = {(c.name, p.name) for c, p in links}
    parents: dict[str, list[Candidate]] = {}
    for c, p in links:
        parents.setdefault(c.name, []).append(p)
    out = []
    for c, p in links:
        lower = [q for q in parents[c.name] if (q.name, p.name) in above and level_rank(q.level) > level_rank(p.level)]
        out.append((c, lower[0]) if lower and c.name != lower[0].name else (c, p))
    return out


_SETTLEMENT_LEVELS = ("community", "village", "compound")


def _context_links(places: list[Candidate], text: str,
                   links: list[tuple[Candidate, Candidate]]) -> list[tuple[Candidate, Candidate]]:
    """Parents of villages, communities and compounds not written as a nested chain.

    In order: a higher place joined by 的 (常营乡的某小区, 某镇的甲村); the official divisions,
    where the village or community is listed under a place the article names (its lowest
    named ancestor, township or county); a neighbour in a list of the same level
    (甲村、乙村; 甲、乙等2个社区) that has a parent.
    """
    linked = {id(c) for c, _ in links}
    linked_names = {c.name for c, _ in links}
    by_end = {c.end: c for c in places}
    by_key: dict[str, Candidate] = {}
    for c in places:
        if c.division:
            by_key.setdefault(c.division, c)
    here = set(by_key)
    out: list[tuple[Candidate, Candidate]] = []
    parent_of: dict[int, Candidate] = {id(c): p for c, p in links}
    # a name the text nests somewhere (口前镇镇东村) keeps that parent for all its mentions
    todo = [c for c in places if c.level in _SETTLEMENT_LEVELS and c.name not in linked_names]
    by_start = {c.start: c for c in places}
    for c in todo:
        p = _located_at(c, text, by_start)
        if p is not None:
            parent_of[id(c)] = p
            continue
        p = by_end.get(c.start - 1) if text[c.start - 1:c.start] == "的" else None
        if p is not None and (p.division or p.attr("grammar")) and level_rank(p.level) < level_rank(c.level) \
                and p.level not in ("country", "region"):
            parent_of[id(c)] = p
            continue
        if c.level == "compound":
            continue  # the community written before it (relations)
        keys = set(_official_parents(c.name, here))
        if len(keys) == 1:
            parent_of[id(c)] = by_key[keys.pop()]
    changed = True
    while changed:  # 甲村、乙村、丙村: siblings share the parent one of them has
        changed = False
        for a, b in zip(places, places[1:]):  # ``places`` comes sorted by start (chain_links)
            if a.level != b.level or a.level not in _SETTLEMENT_LEVELS or text[a.end:b.start] != "、":
                continue
            for x, y in ((a, b), (b, a)):
                if id(x) in parent_of and id(y) not in parent_of and id(y) not in linked:
                    parent_of[id(y)] = parent_of[id(x)]
                    changed = True
    for c in todo:  # 某镇牵头甲、乙等8个村: listed villages in the sentence about a township
        if id(c) not in parent_of and c.attr("listed") and c.level in ("village", "community"):
            p = _sentence_township(c, places, parent_of, text)
            if p is not None:
                parent_of[id(c)] = p
    for c in todo:
        if id(c) in parent_of:
            out.append((c, parent_of[id(c)]))
    for c in places:  # 位于某区某街道的甲社区, where a caption wrote 某区甲社区: the township too
        if c.level in _SETTLEMENT_LEVELS and c.name in linked_names and id(c) not in parent_of \
                and text[c.start - 1:c.start] == "的" and (p := by_end.get(c.start - 1)) is not None \
                and p.level == "township" and (p.division or p.attr("grammar")):
            out.append((c, p))
    return out


def _sentence_township(c: Candidate, places: list[Candidate], parent_of: dict[int, Candidate],
                       text: str) -> Candidate | None:
    """The township of the place written last before ``c`` in its sentence: that place itself
    when it is a township, else a township it is located in (某乡甲村…，联合周边乙、丙等4个村)."""
    lo = _sentence_start(text, c.start)
    before = [p for p in places if lo <= p.start and p.end <= c.start and not p.attr("listed")]
    if not before:
        return None
    p = max(before, key=lambda x: x.end)
    if p.level != "township":
        p = parent_of.get(id(p))
    return p if p is not None and p.level == "township" else None

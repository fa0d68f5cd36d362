"""Place mentions, linked to the official administrative divisions.

Four sources, in order of trust:

1. the divisions gazetteer (province, prefecture, county full names, their
   official short forms, and township names), matched with Aho-Corasick;
2. a suffix grammar for named settlements the gazetteer may not hold
   (…社区, …村, …屯, and …镇/乡/街道 right after a county), with the left
   boundary found from stop characters and the divisions' village names;
3. the country and macro-regions, outside fixed phrases (中国特色社会主义), the
   world's countries and major cities, and the Chinese cities a reader knows
   without context (成都, 香港), not where they open a longer name (武汉大学);
4. one-character abbreviations of countries and provinces in their fixed uses
   (中美关系, 中方, 访华, 在京, 港澳地区).

Nested chains are separate places: 昌邑区延安街道鸿博家园社区 gives three
candidates, and :func:`chain_links` reports each one's textual parent.
"""

from __future__ import annotations

import re
from functools import lru_cache

import ahocorasick

from pipelines.divisions import Division, divisions
from pipelines.lexicon import table, words, wordset
from pipelines.mentions import Candidate
from pipelines.normalize import _is_han

_LEVEL_RANK = {"country": 0, "region": 1, "province": 2, "prefecture": 3, "county": 4, "zone": 4,
               "township": 5, "community": 6, "village": 6, "compound": 7}




def level_rank(level: str | None) -> int:
    return _LEVEL_RANK.get(level or "", 9)


@lru_cache(maxsize=1)
def _automaton() -> ahocorasick.Automaton:
    d = divisions()
    auto = ahocorasick.Automaton()
    township_suffixes = tuple(s for s, level in table("settlement_suffixes") if level == "township")
    zone_suffixes = {s for s, _ in table("zone_suffixes")}
    for name, divs in d.by_name.items():
        if len(name) < 3 or name in zone_suffixes or any(w in name for w in words("division_placeholders")):
            continue  # 省直辖县级行政区划: jionlp's placeholder, not a name
        if all(x.level == "township" for x in divs) and not name.endswith(township_suffixes):
            continue
        auto.add_word(name, (name, "full"))
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
    for name, _suffix in table("zone_short"):
        auto.add_word(name, (name, "zone_short"))
    for word, _level in table("place_pronouns"):
        auto.add_word(word, (word, "pronoun"))
    auto.make_automaton()
    return auto


def leftmost_longest(auto: ahocorasick.Automaton, text: str) -> list[tuple[int, int, str, str]]:
    """Non-overlapping ``(start, end, word, tag)`` matches of an automaton whose values are
    ``(word, tag)``, the leftmost and then the longest first."""
    found = [(end - len(w) + 1, end + 1, w, tag) for end, (w, tag) in auto.iter(text)]
    found.sort(key=lambda m: (m[0], -(m[1] - m[0])))
    out, last_end = [], -1
    for m in found:
        if m[0] >= last_end:
            out.append(m)
            last_end = m[1]
    return out


def _longest_matches(text: str) -> list[tuple[int, int, str, str]]:
    return leftmost_longest(_automaton(), text)


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


@lru_cache(maxsize=1)
def _country_list_re() -> re.Pattern:
    names = sorted((n for n, lv in table("world_places") if lv == "country"), key=len, reverse=True)
    alt = "|".join(map(re.escape, names))
    return re.compile(f"(?:(?:{alt})[、和与同及]\\|)|(?:\\|[、和与同及](?:{alt}))")


def _country_as_location(text: str, start: int, end: int, word: str, level: str) -> bool:
    """中国/东北 as a location, not inside a fixed phrase, a direction (西南部) or an organization name."""
    if _in_fixed_phrase(text, start, end):
        return False
    nxt = text[end:end + 1]
    if level == "region":
        return nxt not in wordset("direction_suffixes") or not nxt
    if nxt in "共人化式梦特" and nxt:
        return False
    if level == "country" and text.startswith(words("country_attribute_words"), end):
        return False
    # the country itself (中国领导人, 访问中国, 对中国的访问), not the opening of a name that
    # continues into an organization head or an honour (中国科技大学, 中国民间文化艺术之乡)
    return not _opens_name(text, end)


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
    a province, right after another place (湖北麻城), or in a list of places
    separated by 、 (长春、吉林、四平).
    """
    if end < len(text) and _is_han(text[end]) and text[start:end + 1] in divisions().by_name:
        return []
    keep = [x for x in divs if x.level == "province" or x.name in full_names]
    if keep:
        return keep
    if text[start:end] in wordset("place_well_known") and _on_word_bounds(text, start, end) \
            and not _opens_name(text, end):
        return [min(divs, key=lambda x: level_rank(x.level))]  # 成都, 广州: known without context
    if text[end:end + 1] in _SETTLEMENT_CHARS:
        return []  # 桃源村, not 桃源县
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
    return []


_SETTLEMENT_CHARS = "村镇乡屯街社区"


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
    out: list[Candidate] = []
    pending: list[tuple[int, int, str, list[Division]]] = []
    pending_zones: list[tuple[int, int, str]] = []
    match_starts, match_ends = {m[0] for m in matches}, {m[1] for m in matches}
    for start, end, w, kind in matches:
        if kind == "country":
            if _on_word_bounds(text, start, end) and _country_as_location(text, start, end, w, countries[w]):
                out.append(Candidate(start, end, "Place", w if w != "中华人民共和国" else "中国", (w,), countries[w]))
            continue
        if kind == "world":
            level = world[w]
            if not _in_fixed_phrase(text, start, end) and _on_word_bounds(text, start, end) and not (
                    level == "region" and text[end:end + 1] in wordset("direction_suffixes")) \
                    and not _opens_name(text, end):
                out.append(Candidate(start, end, "Place", w, (), level))
            continue
        if kind == "zone_short":
            pending_zones.append((start, end, w))
            continue
        if kind == "pronoun":
            out.append(Candidate(start, end, "Place", "", (w,), pronouns[w], attrs=(("pronoun", pronouns[w]),)))
            continue
        divs = d.by_name.get(w, []) if kind == "full" else d.by_short.get(w, [])
        if kind == "short":
            divs = _short_form_targets(text, start, end, divs, full_names, matches, provinces)
            if not divs:
                continue
            if end < len(text) and _is_han(text[end]) and text[start:end + 1] in d.by_name:
                continue
        if text.startswith(words("road_suffixes"), end) and not text.startswith("街道", end):
            continue  # 四川街, 延安路: a street named after a place
        in_chain = end in match_starts or start in match_ends
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
        div = _pick(divs, ctx, strict=len(w) <= 3) or _pick(divs, coded, strict=len(w) <= 3)
        if div is None and len(w) <= 3:
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
    out.extend(_settlements(text, out))
    out.extend(_abbreviations(text, out))
    out.sort(key=lambda c: (c.start, -c.end))
    return out


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
            if free(i, i + 1) and bounded and not _opens_word(text, i):
                add(i, kind, text[i])
    side = {c for c, (_n, uses) in tables["place"].items() if "side" in uses}
    for m in _SIDE.finditer(text):
        i = m.start()
        if text[i] in side and free(i, i + 2) and _on_word_bounds(text, i, i + 2):
            add(i, "place", text[i])
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
    ends = {c.end: c for c in known if c.etype == "Place" and c.name}
    covered = [(c.start, c.end) for c in known if c.name]
    found: list[tuple[int, int, str, str, bool]] = []  # start, end, name, level, confirmed
    for m in _suffix_re().finditer(text):
        s, e = m.start(), m.end()
        suffix = m.group()
        if any(a <= s and e <= b for a, b in covered):
            continue
        if any(text.startswith(ws, s) for ws in word_starts) and not text.startswith(suffix + suffix, s):
            continue
        left = s
        while left > 0 and (_is_han(text[left - 1]) or text[left - 1] in "·•") and s - left < _CORE_MAX:
            if left in ends or text[left - 1] in stops:
                break
            left -= 1
        if left > 0 and text[left - 1].isdigit():
            continue  # 12月入职村…: a date, not a name
        core = text[left:s]
        level = levels[suffix]
        parent = ends.get(left)
        if _closes_word(text, s):
            continue  # 城乡, 农村, 山村: the suffix ends a common word
        chained = parent is not None and not _has_verb(core) and (
            level_rank(parent.level) < level_rank(level) or (level == "zone" and parent.level in ("prefecture", "county")))
        listed = core + suffix in d.villages and not _generic(core)
        # 对太平联村党委: a settlement with its own party body, its short core bounded by a stop
        governed = (_BODY_AFTER.match(text, e) is not None and 2 <= len(core) <= 4 and left > 0
                    and _proper_core(core) == core
                    and (text[left - 1] in stops or not _is_han(text[left - 1])) and not _generic(core)
                    and not _has_verb(core))
        if not (chained or listed or governed):
            proper = _proper_core(core)
            if proper and not _generic(proper) and (proper + suffix in d.villages or level in ("compound", "zone")):
                left, core = s - len(proper), proper  # …对太平联村: the listed tail; 管辖盈胜幸福里小区
            else:
                found.append((s - len(core), e, core + suffix, level, False))
                continue
        if len(core) < 2 or core in words("place_generic_words") or not all(_is_han(c) or c in "·•" for c in core):
            continue
        if level == "township" and (parent is None or parent.level not in ("county", "prefecture")):
            continue
        found.append((left, e, core + suffix, level, True))
        covered.append((left, e))
        ends[e] = Candidate(left, e, "Place", core + suffix, (), level)
    found.extend(_listed(text, covered))
    good = {name for _a, _b, name, _lv, ok in found if ok}
    out = []
    for a, b, name, level, ok in found:
        if ok or name in good:
            out.append(Candidate(a, b, "Place", name, (), level, None, (("grammar", "1"),)))
    return out


_CORE_MAX = 7


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


@lru_cache(maxsize=1)
def _org_suffixes() -> tuple[str, ...]:
    """What may follow a place's last character inside a name (市委, 县政府, 区人大)."""
    return tuple(s for s, _ in table("org_after_place")) + tuple(
        lv + s for lv, _ in table("place_short_levels") for s, _ in table("org_after_place"))


def _closes_word(text: str, s: int) -> bool:
    import jieba

    jieba.initialize()
    return s > 0 and (jieba.get_FREQ(text[s - 1:s + 1]) or 0) >= _COMMON_FREQ


def _has_verb(core: str) -> bool:
    """A two-character verb inside: 坚持党建引领乡…, not a name."""
    import jieba.posseg as pseg

    return any(t.flag.startswith("v") and len(t.word) >= 2 for t in pseg.cut(core))


def _generic(core: str) -> bool:
    """A settlement core made of the generic modifiers (贫困, 示范, 党建) or of one common noun."""
    import jieba
    import jieba.posseg as pseg

    if any(core.startswith(g) for g in words("place_generic_words")):
        return True
    toks = list(pseg.cut(core))
    if len(toks) == 1 and toks[0].flag in ("n", "vn", "a", "v") and (jieba.get_FREQ(core) or 0) >= _COMMON_FREQ:
        return True  # 样板村, 村容村: one dictionary noun is a description, not a name
    return False


_LIST_SPAN = 80


def _listed(text: str, covered: list[tuple[int, int]]) -> list[tuple[int, int, str, str, bool]]:
    """Items of a list of settlements: 辖A、B、C等4个住宅小区 (each item a compound)."""
    levels = dict(table("settlement_suffixes"))
    sufs = "|".join(map(re.escape, sorted(levels, key=len, reverse=True)))
    tail = re.compile(f"等\\s*\\d+\\s*个[\u4e00-\u9fff]{{0,3}}?({sufs})")
    intro = re.compile(f"(?:{alternation_of(words('settlement_lists'))})")
    item = re.compile(r"[\u4e00-\u9fff·•]{2,10}")
    out = []
    for m in tail.finditer(text):
        lo = max(0, m.start() - _LIST_SPAN)
        heads = [h for h in intro.finditer(text, lo, m.start())]
        if not heads:
            continue
        pos = heads[-1].end()
        items = text[pos:m.start()].split("、")
        if len(items) < 2 or not all(item.fullmatch(x) for x in items):
            continue
        level = levels[m.group(1)]
        for x in items:
            a, b = pos, pos + len(x)
            pos = b + 1
            if not any(p <= a and b <= q for p, q in covered):
                out.append((a, b, x, level, True))
    return out


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
    import jieba.posseg as pseg

    toks = [(w.word, w.flag) for w in pseg.cut(core)]
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


def chain_links(cands: list[Candidate], text: str) -> list[tuple[Candidate, Candidate]]:
    """(child, parent) pairs of places written back to back, the parent first (永吉县黄榆乡)."""
    d = divisions()
    places = sorted((c for c in cands if c.etype == "Place" and c.name), key=lambda c: c.start)
    by_end = {c.end: c for c in places}
    links = []
    for c in places:
        p = by_end.get(c.start)
        if p is None or (level_rank(p.level) >= level_rank(c.level) and not (c.level == "zone" and p.level == "county")):
            continue
        if c.division and p.division and c.division in d.by_key and d.by_key[c.division].parent != p.division:
            continue  # 湖北麻城: the divisions give the direct parent (黄冈市)
        links.append((c, p))
    return links

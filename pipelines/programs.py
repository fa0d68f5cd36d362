"""Program recognizer: named initiatives some actor launches or runs.

A program is recognised by the role of the phrase, not its quotation marks
(extraction guide, Program):

- a quoted name with a head noun after it, possibly with a modifier between
  (“五个一”管理机制, “解题暖心”大走访活动, “查、管、学”相结合的党建工作法);
  several quoted names may share one head (“赋能”“丰翼”计划);
- a quoted name that ends in a head noun itself (“红色驿站”, “五长制”);
- a bare quoted name introduced by a verb that launches something (开展“大排查”),
  or one the document elsewhere shows as a program (“双报到” after “双报到”活动);
- a name in ‘…’ inside a quotation is read like one in “…”;
- unquoted parallel phrases of one length before a specific head (通过居民点单、支部派单、
  党员接单机制), a series of named lists (建立A清单、B清单), and unquoted repeats of a name
  the document shows as a program elsewhere;
- unquoted names: national campaigns (党史学习教育, …专项整治), the national
  named systems of ``data/national_programs.tsv`` (三会一课), and a name between
  an introducing verb and a head noun (实施年轻干部素质提升行动).

Rejected: ideological formulas, slogans and policy areas (``data/non_programs``),
honours, events and documents (``data/non_program_markers``, anything in 《》),
and quoted phrases used as metaphors (no head, no introducing verb).

Within a document the mentions of one quoted name are one program: a generic
head (活动, 工作, 建设: ``weak`` in ``data/program_heads.tsv``) stays out of the
canonical name (“双报到”活动 → 双报到, alias 双报到活动) unless a modifier
stands between (解题暖心大走访活动); a specific head joins it (五个一管理机制,
alias 五个一), and the same name with two specific heads is two programs.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from pipelines.lexicon import alternation, table, words, wordset
from pipelines.mentions import Candidate
from pipelines.sentences import Sentence

_HAN = "\u4e00-\u9fff\u3400-\u4dbf"
_NAME_CHARS = rf"[{_HAN}A-Za-z0-9+＋·•]"
_NUM = "0-9一二三四五六七八九十百千两"
_MAX_QUOTE = 40
_MAX_MOD = 12
_MAX_UNQUOTED = 32
LIST_SEP = re.compile(r"、|和|与|及|以及")  # words joining the items of a list
_ETC = re.compile(rf"^等(?:[{_NUM}]+[个项类大])?")
_KIND_COUNT = re.compile(rf"^[{_NUM}]+[种类]")
_ORDINAL = re.compile(rf"第[{_NUM}]+[届次期]|[0-9]{{4}}年|[{_NUM}]+条$")  # events, dated items, policy clauses
_FUNCTION = re.compile(r"[的以和及将把对为从向在了是与被让使到着]")
_MAX_GAP = 6
_COUNTED = re.compile(rf"[{_NUM}几每多各]+[个次场期批项]")


@dataclass(frozen=True, slots=True)
class _Heads:
    kind: dict[str, str]
    quoted: dict[str, int]  # least characters before the head inside a quoted name (0: never)
    unquoted: dict[str, int]  # least characters of an unquoted name before it (0: never)
    verb_edge: frozenset[str]  # heads whose unquoted names need a verb on their left
    after: re.Pattern[str]  # a modifier and head right at the start of a string
    free: re.Pattern[str]  # heads that may close an unquoted name


@lru_cache(maxsize=1)
def _heads() -> _Heads:
    rows = table("program_heads")
    kind = {r[0]: r[1] for r in rows}
    follow = sorted((h for h, k in kind.items() if k in ("strong", "weak", "campaign")), key=len, reverse=True)
    free = sorted((r[0] for r in rows if int(r[3]) > 0), key=len, reverse=True)
    return _Heads(
        kind,
        {r[0]: int(r[2]) for r in rows},
        {r[0]: int(r[3]) for r in rows},
        frozenset(r[0] for r in rows if r[4] == "verb"),
        re.compile(rf"^(?P<mod>{_NAME_CHARS}*?)(?P<head>{'|'.join(map(re.escape, follow))})"),
        re.compile("|".join(map(re.escape, free))),
    )


@lru_cache(maxsize=1)
def _verbs() -> tuple[re.Pattern[str], frozenset[str]]:
    rows = table("program_verbs")
    alt = "|".join(re.escape(v) for v in sorted({r[0] for r in rows}, key=len, reverse=True))
    return re.compile(alt), frozenset(r[0] for r in rows if r[1] == "trigger")


def _key(name: str) -> str:
    """The comparison form of a name: NFKC, no whitespace, no quotation marks."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", name) if not ch.isspace() and ch not in "“”‘’\"'")


@lru_cache(maxsize=1)
def _rejected() -> tuple[frozenset[str], tuple[tuple[str, ...], ...]]:
    return frozenset(_key(w) for w in wordset("non_programs")), table("non_program_markers")


def _is_rejected(name: str) -> bool:
    """Never a program: a formula, slogan or policy area, or an honour, event or document."""
    names, markers = _rejected()
    if _key(name) in names or _ORDINAL.search(name) or _KIND_COUNT.match(name):
        return True
    return any((m in name) if where == "any" else (where == "end" and name.endswith(m) and not _own_head(name).endswith(m))
               for m, where in markers)


@lru_cache(maxsize=1)
def _designation() -> re.Pattern[str]:
    """A verb conferring a designation (认定为, 评为) earlier in the clause, up to its end."""
    return re.compile(rf"(?:{alternation('program_designations')})[^，。；！？,;]*$")


@lru_cache(maxsize=1)
def _negation() -> re.Pattern[str]:
    """A rejecting verb (``data/program_negations``) right before a quote, up to its opening mark."""
    return re.compile(rf"(?:{alternation('program_negations')})$")


def _negated(text: str, q: _Quote) -> bool:
    """不搞‘形象工程’, 摒弃“内卷式”竞争: the quoted name is something the actor avoids."""
    return bool(_negation().search(text[max(q.sentence.start, q.start - 4):q.start]))


def _designated(text: str, q: _Quote) -> bool:
    """被认定为某市第三批“某字号”劳务品牌: the quoted name is a designation the clause confers."""
    return bool(_designation().search(text[q.sentence.start:q.start]))


def _bare_event(q: _Quote) -> bool:
    """A quoted name ending in a gathering marker (``bare`` in ``data/non_program_markers``:
    “潮玩汇”活动) is an event unless a specific head names an institution (“邻里汇”议事厅)."""
    return _heads().kind.get(q.head) not in ("strong", "campaign") and any(
        where == "bare" and q.name.endswith(m) for m, where in _rejected()[1])


@lru_cache(maxsize=1)
def _heads_by_length() -> tuple[str, ...]:
    """All head nouns, longest first (a stable sort: equal lengths keep the table's order)."""
    return tuple(sorted(_heads().kind, key=len, reverse=True))


@lru_cache(maxsize=1)
def _long_heads() -> tuple[str, ...]:
    return tuple(h for h in _heads_by_length() if len(h) > 1)


def _own_head(name: str) -> str:
    """The longest program head noun longer than one character the name ends with (议事会
    in 红茶议事会): an event marker it ends with too (会) is then part of that head."""
    return next((h for h in _long_heads() if name.endswith(h)), "")


@lru_cache(maxsize=1)
def _connector() -> re.Pattern[str]:
    """Joining words between a quoted name and its modifier (相结合的, 为核心的, 的)."""
    return re.compile(rf"^(?:{alternation('program_connectors')}|为[{_HAN}]{{1,4}}?的|的)")


@lru_cache(maxsize=1)
def _vehicle() -> re.Pattern[str]:
    """为载体, 为抓手 … after a quote: the quoted name is a working vehicle."""
    return re.compile(rf"^为(?:{alternation('program_vehicles')})")


_THEME = "主题"


@lru_cache(maxsize=1)
def _as_vehicle() -> re.Pattern[str]:
    """把/将“X”作为…抓手: X is a working vehicle; 将“X”作为目标 names a goal, no program."""
    return re.compile(rf"^作为[{_HAN}]{{0,4}}?(?:{alternation('program_vehicles')})")


@lru_cache(maxsize=1)
def _scope() -> re.Pattern[str]:
    return re.compile(alternation("program_scopes"))


@lru_cache(maxsize=1)
def _generic_start() -> re.Pattern[str]:
    return re.compile(rf"^(?:{alternation('program_generic_starts')}|[0-9])")


@lru_cache(maxsize=1)
def _blockers() -> re.Pattern[str]:
    return re.compile(alternation("program_head_blockers"))


def _blocked(after: str) -> bool:
    """Does the text right after a head noun show it is no head (制度化, 活动场所)?"""
    return bool(_blockers().match(after))


# ------------------------------------------------------------------ quotes
@dataclass(slots=True)
class _Quote:
    start: int  # offset of “
    end: int  # offset just past ”
    name: str
    sentence: Sentence
    group: int = 0  # quotes written side by side share a group
    verb: tuple[str, int] | None = None  # introducing verb and its offset
    mod: str = ""
    head: str = ""
    head_end: int = 0
    connector: str = ""  # the “…的” part of a modifier
    accepted: bool = False
    own_head: bool = False  # the head follows this very quote
    negated: bool = False  # a rejecting verb stands before its group (不搞“…”)


@dataclass(slots=True)
class _Program:
    """One program of the document: its canonical name, other forms and mention spans."""

    name: str
    aliases: list[str] = field(default_factory=list)
    spans: list[tuple[int, int, tuple[str, int] | None]] = field(default_factory=list)

    def add_alias(self, *names: str) -> None:
        for n in names:
            if n and n != self.name and n not in self.aliases:
                self.aliases.append(n)


def _inside_title(text: str, pos: int) -> bool:
    """Is ``pos`` inside a 《…》 title (same line)?"""
    left = text.rfind("《", text.rfind("\n", 0, pos) + 1, pos)
    return left >= 0 and "》" not in text[left:pos]


def _find_quotes(text: str, sentences: list[Sentence]) -> list[_Quote]:
    """Quoted phrases that could be names (no sentence punctuation inside), grouped."""
    out: list[_Quote] = []
    for s in sentences:
        # ‘…’ is the quotation mark inside a quotation (“我们开通了‘减负热线’”)
        found = [*re.finditer(r"“([^“”\n]{1,%d})”" % _MAX_QUOTE, s.text),
                 *re.finditer(r"‘([^‘’“”\n]{1,%d})’" % _MAX_QUOTE, s.text)]
        for m in sorted(found, key=lambda m: m.start()):
            name = m.group(1).strip()
            if len(name) < 2 or re.search(r"[。！？：；?!:;]", name) or name[-1] in "，、":
                continue
            out.append(_Quote(s.start + m.start(), s.start + m.end(), name, s))
    # group quotes written side by side (“赋能”“丰翼”, “A”、“B”和“C”)
    group = 0
    for i, q in enumerate(out):
        if i and out[i - 1].sentence is q.sentence and LIST_SEP.fullmatch(text[out[i - 1].end:q.start] or "、"):
            q.group = out[i - 1].group
        else:
            group += 1
            q.group = group
    return out


def _is_heading(sent: Sentence) -> bool:
    """A headline or subheading: no closing punctuation. Headlines speak in metaphors
    (构建城乡基层治理“主架构”), so a verb there does not make a quoted phrase a program."""
    return not re.search(r"[。！？…；][”’』）]*$", sent.text)


def _verb_before(text: str, sent: Sentence, pos: int, near: int = _MAX_GAP) -> tuple[str, int] | None:
    """The trigger verb closest before ``pos`` in the sentence, with at most ``near``
    name characters (a modifier such as 优秀村书记) between."""
    pattern, triggers = _verbs()
    best = None
    for m in pattern.finditer(text, max(sent.start, pos - near - 6), pos):
        gap = text[m.end():pos]
        if (m.group() in triggers and re.fullmatch(rf"[了好起]?[{_HAN}A-Za-z0-9]{{0,{near}}}", gap)
                and not _FUNCTION.search(gap.removesuffix("以"))):
            best = (m.group(), m.start())
    return best


def _nearest_verb(text: str, sent: Sentence, pos: int) -> tuple[str, int] | None:
    """The last trigger verb before ``pos`` in its sentence (for the ``verb`` attribute)."""
    pattern, triggers = _verbs()
    found = None
    for m in pattern.finditer(text, sent.start, pos):
        if m.group() in triggers:
            found = (m.group(), m.start())
    return found


def _analyse_tail(text: str, q: _Quote) -> None:
    """Read the head noun (and modifier) written right after the quote."""
    heads = _heads()
    tail = text[q.end:q.end + _MAX_MOD + 12].split("\n", 1)[0]
    etc = _ETC.match(tail)
    skip = etc.end() if etc else 0
    m = heads.after.match(tail[skip:])
    if not m:
        return
    mod, head, end = m.group("mod"), m.group("head"), skip + m.end()
    while True:  # chained heads: “整乡推进、整县提升”示范创建行动
        more = heads.after.match(tail[end:])
        if not more or more.group("mod"):
            break
        head, end = head + more.group("head"), end + more.end()
    kind = heads.kind[m.group("head")]
    conn = _connector().match(mod)
    plain = mod[conn.end():] if conn else mod
    if (len(mod) > _MAX_MOD or _KIND_COUNT.match(mod) or _FUNCTION.search(plain)
            or plain.startswith(tuple(words("program_clause_verbs")))  # “土专家”开展政策宣讲
            or "等" in mod or mod.endswith("新") or _is_rejected(mod + head) or _blocked(tail[end:])):
        return
    if kind == "weak" and head.endswith("工作") and re.match(rf"[{_HAN}]", tail[end:]):
        return  # “X”工作闭环: the head belongs to a wider noun
    if kind == "weak" and conn:
        return  # “报到一履职一评价”的工作闭环: the quote describes something else
    q.connector = conn.group() if conn else ""
    q.mod, q.head, q.head_end, q.own_head = mod, head, q.end + end, True


def _continuation_ok(text: str, q: _Quote) -> bool:
    """After a verb-introduced quote (or list of quotes), may the sentence go on like this?"""
    tail = text[q.end:q.end + 8]
    if tail.startswith("等“"):
        return False  # “诊疗、药疗…”等“五疗一体”: an enumeration inside the next name
    if tail.startswith("等"):  # the category named after 等 must not be an event, a document or a manner
        category = re.match(rf"[{_HAN}]*", text[q.end + 1:q.end + 20]).group()  # type: ignore[union-attr]
        return not (_is_rejected(category) or category.startswith(words("program_manner_words")))
    if not tail or tail[0] in "，。；！？、）（\n…" or _ETC.match(tail) or _vehicle().match(tail):
        return True
    if tail.startswith(("以及", "和", "与", "及", "作为")):
        return True
    return bool(re.match(rf"[{_HAN}]{{2}}等", tail))  # “组团式”帮扶等人才项目


def _inner_head(name: str) -> str | None:
    """A head noun the quoted name starts or ends with, if the rest is long enough to name something."""
    heads = _heads()
    if "，" in name:
        return None
    counted = _counted_head(name)
    if counted:
        return counted
    for h in _heads_by_length():
        least = heads.quoted[h]
        if heads.kind[h] == "prefix":
            if name.startswith(h) and len(name) - len(h) >= least:
                return h
        elif least and name.endswith(h) and len(name) - len(h) >= least:
            return h
    return None


def _counted_head(name: str) -> str | None:
    """“三张清单”, “七维招商法”: a count and a measure word, more words, then a head of
    ``data/program_counted_heads`` (a numbered set of lists, a numbered method)."""
    m = re.match(rf"[{_NUM}]+[{_HAN}]", name)
    if not m:
        return None
    head = next((h for h in words("program_counted_heads") if name.endswith(h)), None)
    return head if head and len(name) - len(head) > m.end() - 1 else None


def _quote_programs(text: str, quotes: list[_Quote]) -> None:
    """Decide which quotes are programs, sharing heads and verbs within a group."""
    groups: dict[int, list[_Quote]] = {}
    for q in quotes:
        groups.setdefault(q.group, []).append(q)
    for members in groups.values():
        first, last = members[0], members[-1]
        for q in members:
            _analyse_tail(text, q)
        # a head after the last quote of a group written without separators or with 等 is shared
        if last.head and all(text[a.end:b.start] in ("", "、") for a, b in zip(members, members[1:])):
            for q in members[:-1]:
                if not q.head:
                    q.mod, q.head, q.connector = last.mod, last.head, last.connector
        if _negated(text, first):
            for q in members:
                q.negated = True
            continue
        verb = None if _is_heading(first.sentence) else _verb_before(text, first.sentence, first.start)
        before = text[first.start - 1:first.start]
        vehicle = (before == "以" and bool(_vehicle().match(text[last.end:last.end + 4]))) or (
            before in ("把", "将") and bool(_as_vehicle().match(text[last.end:last.end + 10])))
        list_ok = _continuation_ok(text, last)
        for q in members:
            if _is_rejected(q.name) or _inside_title(text, q.start) or _bare_event(q) or _designated(text, q):
                continue
            q.verb = verb or _nearest_verb(text, q.sentence, q.start)
            if text.startswith(_THEME, q.end) and not q.head:
                continue  # “…计划”主题打卡: the quote names the theme of something else
            if q.head or ((inner := _inner_head(q.name)) and not _only_generic(q.name[:len(q.name) - len(inner)])):
                q.accepted = True
            elif (verb and list_ok) or vehicle:
                q.accepted = True


def _spread(text: str, quotes: list[_Quote]) -> None:
    """A name accepted once is a program wherever it is quoted in the document, and so are
    the names quoted side by side with it."""
    known = {_key(q.name) for q in quotes if q.accepted and not _is_heading(q.sentence)}
    for q in quotes:
        if (not q.accepted and not q.negated and _key(q.name) in known and not _is_rejected(q.name)
                and not _inside_title(text, q.start)):
            q.accepted = True
    groups: dict[int, list[_Quote]] = {}
    for q in quotes:
        groups.setdefault(q.group, []).append(q)
    for members in groups.values():
        tight = all(text[a.end:b.start] == "" for a, b in zip(members, members[1:]))
        if len(members) > 1 and tight and any(q.accepted for q in members):
            for q in members:
                if not _is_rejected(q.name) and not _inside_title(text, q.start) and not q.negated:
                    q.accepted = True


# ------------------------------------------------------------------ unquoted
_Found = tuple[int, int, str, tuple[str, int] | None]  # start, end, canonical name, verb


def _unquoted(text: str, sentences: list[Sentence], taken: list[tuple[int, int]]) -> list[_Found]:
    """Unquoted names before a head that may close one (实施年轻干部素质提升行动, 党史学习教育)."""
    heads = _heads()
    verbs, triggers = _verbs()
    out: list[_Found] = []
    for s in sentences:
        for m in heads.free.finditer(s.text):
            hs, he = s.start + m.start(), s.start + m.end()
            if any(a <= hs < b for a, b in taken) or _blocked(text[he:he + 4]) or text[hs - 1:hs] in ("有", "在"):
                continue
            head = m.group()
            window = max(s.start, hs - _MAX_UNQUOTED)
            run = re.search(rf"{_NAME_CHARS}*$", text[window:hs]).group()  # type: ignore[union-attr]
            run_start = hs - len(run)
            # the name starts after the last verb or function word of the run; 在 and 与
            # may stand inside a name after a verb (开展赢在永吉助企行动)
            found = list(verbs.finditer(run))
            verb_end = found[-1].end() if found else 0
            trigger_end = verb_end if found and found[-1].group() in triggers else 0
            word_end = max((f.end() for f in _FUNCTION.finditer(run) if f.group() not in "在与"
                            and not _joined_verbs(run, f, heads.kind[head], verb_end)), default=0)
            weak_end = max((f.end() for f in _FUNCTION.finditer(run) if f.group() in "在与"), default=0)
            cut = max(verb_end, word_end, run.rfind("等") + 1, 0 if verb_end else weak_end)
            if head in heads.verb_edge and (not trigger_end or run[trigger_end:cut] not in ("", "了", "好")):
                continue  # 行动, 工程, 计划 are plain words unless a verb introduces them
            if not cut and run_start == window and window > s.start:
                continue  # the name may go on further left: no edge we can trust
            if not cut and text[run_start - 1:run_start] == "”":
                continue  # the modifier of a quoted name (“三会一课”观摩学习评比活动)
            name = run[cut:]
            scope = _scope().match(name)
            if scope:
                name = name[scope.end():]
            if (len(name) < heads.unquoted[head] or _only_generic(name) or _generic_start().match(name)
                    or _COUNTED.search(name) or name.endswith("新") or _is_rejected(name + head)
                    or _inside_title(text, hs)):
                continue
            start = hs - len(name)
            out.append((start, he, name + head, _nearest_verb(text, s, start)))
    return out


def _joined_verbs(run: str, f: re.Match[str], kind: str, verb_end: int) -> bool:
    """树立和践行正确政绩观学习教育: in a campaign name, 和 joining two of the verbs campaign
    names open with (``data/program_campaign_verbs``) right at the name's left edge (the run's
    start or a verb before it) is part of the name."""
    at = f.start()
    opening = wordset("program_campaign_verbs")
    return (kind == "campaign" and f.group() == "和" and at - 2 in (0, verb_end)
            and run[at - 2:at] in opening and run[at + 1:at + 3] in opening)


def _only_generic(name: str) -> bool:
    """Is the name made of descriptive words only (社区品牌特色)?"""
    generic = words("program_generic_names")
    rest = name
    while rest:
        w = next((g for g in generic if rest.startswith(g)), None)
        if w is None:
            return False
        rest = rest[len(w):]
    return True


@lru_cache(maxsize=1)
def _strong_heads() -> str:
    """An alternation of the specific (strong) head nouns, longest first."""
    kind = _heads().kind
    return "|".join(re.escape(h) for h in _heads_by_length() if kind[h] == "strong")


@lru_cache(maxsize=1)
def _enumerated_re() -> re.Pattern[str]:
    return re.compile(rf"((?:[{_HAN}]{{2,12}}、)+[{_HAN}]{{2,8}})等[{_NUM}]+[项个]({_strong_heads()})")


def _enumerated(text: str, sentences: list[Sentence]) -> list[_Found]:
    """Named items before a shared head: 建立联点包抓、领题点题、拉练赛马等六项机制."""
    pattern = _enumerated_re()
    out: list[_Found] = []
    for s in sentences:
        for m in pattern.finditer(s.text):
            items = m.group(1).split("、")
            found = list(_verbs()[0].finditer(items[0]))
            if not found or found[-1].group() not in _verbs()[1]:
                continue
            verb = (found[-1].group(), s.start + m.start() + found[-1].start())
            lead = found[-1].end() + (items[0][found[-1].end():found[-1].end() + 1] in ("好", "了"))
            pos = s.start + m.start() + lead
            items[0] = items[0][lead:]
            for item in items:
                if not _is_rejected(item):
                    out.append((pos, pos + len(item), item + m.group(2), verb))
                pos += len(item) + 1
    return out


@lru_cache(maxsize=1)
def _parallel_re() -> re.Pattern[str]:
    return re.compile(rf"((?:[{_HAN}]{{2,8}}、){{2,}}[{_HAN}]{{2,6}}?)({_strong_heads()})")


def _parallel(text: str, sentences: list[Sentence]) -> list[_Found]:
    """An unquoted name made of three or more parallel phrases of one length before a
    specific head: 通过居民点单、支部派单、党员接单机制. The first phrase must start
    after a verb, 的 or punctuation, so the name's left edge is certain."""
    verbs = _verbs()[0]
    pattern = _parallel_re()
    quality = tuple(words("program_quality_suffixes"))
    out: list[_Found] = []
    for s in sentences:
        for m in pattern.finditer(s.text):
            items = m.group(1).split("、")
            size = len(items[-1])
            if not 2 <= size <= 6 or any(len(i) != size for i in items[1:]) or len(items[0]) < size:
                continue
            lead, items[0] = items[0][:-size], items[0][-size:]
            if lead and not (lead.endswith("的") or any(v.end() == len(lead) for v in verbs.finditer(lead))):
                continue
            he = s.start + m.end()
            if (_blocked(text[he:he + 4]) or any(_is_rejected(i) for i in items)
                    or all(i.endswith(quality) for i in items)):
                continue
            start = s.start + m.start() + len(lead)
            name = "、".join(items) + m.group(2)
            if not _is_rejected(name):
                out.append((start, he, name, _nearest_verb(text, s, start)))
    return out


_MIN_LISTED = 4  # least characters of a listed name before its head


@lru_cache(maxsize=1)
def _listed_re() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """A series of named lists, one item of it, and the list head ending a name."""
    heads = alternation("program_list_heads")
    sep = LIST_SEP.pattern
    return (re.compile(rf"(?:[{_HAN}]+?(?:{heads})(?:{sep})){{1,}}[{_HAN}]+?(?:{heads})"),
            re.compile(rf"(.+?(?:{heads}))(?:{sep}|$)"),
            re.compile(rf"(?:{heads})$"))


def _listed(text: str, sentences: list[Sentence]) -> list[_Found]:
    """Unquoted lists named in a series: 建立基本服务清单、公益服务清单和便民服务清单.
    The first name starts after a verb, a function word or punctuation; names shorter than
    ``_MIN_LISTED`` before the head (负面清单) are generic kinds and stay out."""
    pattern, item_re, head_re = _listed_re()
    verbs = _verbs()[0]
    out: list[_Found] = []
    for s in sentences:
        for m in pattern.finditer(s.text):
            if re.match(rf"等[“‘]?[{_NUM}]", s.text[m.end():m.end() + 3]):
                continue  # A清单、B清单等“三张清单”: the parts of a program named after them
            pos = s.start + m.start()
            items = item_re.findall(m.group())
            first = items[0]
            cuts = [v.end() for v in verbs.finditer(first)] + [f.end() for f in _FUNCTION.finditer(first)]
            cut = max(cuts, default=0)
            if not cut and m.start() > 0 and re.match(rf"[{_HAN}]", s.text[m.start() - 1]):
                continue
            for item in items:
                at = text.find(item, pos)
                name = item[cut:] if item is first else item
                head = head_re.search(name).group()  # type: ignore[union-attr]
                start = at + len(item) - len(name)
                pos = at + len(item)
                if (len(name) - len(head) >= _MIN_LISTED and not _FUNCTION.search(name) and not _is_rejected(name)
                        and not _generic_start().match(name) and not _COUNTED.search(name)):
                    out.append((start, pos, name, _nearest_verb(text, s, start)))
    return out


_MIN_REPEAT = 4


def _unquoted_repeats(text: str, sentences: list[Sentence], programs: list[_Program],
                      taken: list[tuple[int, int]]) -> list[tuple[_Program, int, int, tuple[str, int] | None]]:
    """Other mentions, without quotation marks, of a name the document shows as a program
    elsewhere (“窗帘约定” …, then 打造窗帘约定等服务场景): names of at least four characters."""
    forms = sorted(((f, p) for p in programs for f in dict.fromkeys((p.name, *p.aliases))
                    if len(f) >= _MIN_REPEAT and not re.search(r"[“”‘’]", f)), key=lambda fp: -len(fp[0]))
    if not forms:
        return []
    starts = [s.start for s in sentences]
    out: list[tuple[_Program, int, int, tuple[str, int] | None]] = []
    spans = list(taken)
    for form, p in forms:
        for m in re.finditer(re.escape(form), text):
            a, b = m.start(), m.end()
            if (any(a < e and b > s for s, e in spans) or text[a - 1:a] in ("“", "‘") or _inside_title(text, a)
                    or re.match(_NAME_CHARS, text[b:b + 1]) and _heads().after.match(text[b:b + 8])):
                continue
            sent = sentences[max(0, bisect_right(starts, a) - 1)] if sentences else None
            out.append((p, a, b, _nearest_verb(text, sent, a) if sent else None))
            spans.append((a, b))
    return out


@lru_cache(maxsize=1)
def _national_forms() -> tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]:
    """Per national program of ``data/national_programs.tsv``: its name, aliases, and all
    its forms longest first (computed once)."""
    out = []
    for row in table("national_programs"):
        aliases = tuple(a for a in (row[1].split(",") if len(row) > 1 else []) if a)
        out.append((row[0], aliases, tuple(sorted((row[0], *aliases), key=len, reverse=True))))
    return tuple(out)


def _national(text: str) -> list[tuple[int, int, str, tuple[str, ...]]]:
    """Mentions of the national named programs and systems (三会一课)."""
    out: list[tuple[int, int, str, tuple[str, ...]]] = []
    for name, aliases, forms in _national_forms():
        for form in forms:
            for m in re.finditer(re.escape(form), text):
                if not _inside_title(text, m.start()) and not any(a <= m.start() < b for a, b, _, _ in out):
                    quoted = text[m.start() - 1:m.start()] == "“" and text[m.end():m.end() + 1] == "”"
                    out.append((m.start() - quoted, m.end() + quoted, name, aliases))
    return out


# ------------------------------------------------------------------ assembly
def _full(q: _Quote) -> str:
    """The name with its head: quotes removed, a bare 的 after the quote dropped."""
    return q.name + (q.mod[1:] if q.connector == "的" else q.mod) + q.head


def _base_head(head: str) -> str:
    """The shortest head noun ``head`` ends with (工作机制 → 机制): one program either way."""
    return min((h for h in _heads().kind if head.endswith(h)), key=len, default=head)


def _most_common(forms: list[str]) -> str:
    """The most frequent form, the first one on a tie."""
    return max(forms, key=lambda f: (forms.count(f), -forms.index(f)))


def _quoted_programs(quotes: list[_Quote]) -> list[_Program]:
    """Group the accepted quotes of one document into programs.

    Per quoted name: each specific (strong) head is a program of its own. The
    bare mentions and those with a generic (weak) head form one more program,
    named by the bare name when it stands with a generic head alone
    (“双报到”活动 → 双报到), else by its most frequent modified form
    (“善德”文化社区建设); when it has no modified form and a specific-head
    program exists, it joins that one (“双向交流”活动 → 双向交流锻炼机制).
    """
    kind = _heads().kind
    by_name: dict[str, list[_Quote]] = {}
    national = {_key(r[0]) for r in table("national_programs")}
    for q in quotes:
        if q.accepted and _key(q.name) not in national:
            by_name.setdefault(_key(q.name), []).append(q)
    out: list[_Program] = []
    for mentions in by_name.values():
        strong: dict[str, list[_Quote]] = {}
        rest: list[_Quote] = []
        for q in mentions:
            if kind.get(q.head) in ("strong", "campaign"):
                strong.setdefault(_base_head(q.head), []).append(q)
            else:
                rest.append(q)
        progs = []
        for group in strong.values():
            forms = [_full(q) for q in group]
            p = _Program(_most_common(forms))
            p.add_alias(*forms, *(f for q in group for f in (q.name, q.name + q.mod[len(q.connector):] + q.head)))
            p.spans.extend((q.start, q.head_end if q.own_head else q.end, q.verb) for q in group)
            progs.append(p)
        if rest:
            modded = [_full(q) for q in rest if q.head and q.mod]
            plain = [q for q in rest if q.head and not q.mod]
            if progs and not modded:
                p = progs[0]
            else:
                p = _Program(rest[0].name if plain or not modded else _most_common(modded))
                progs.append(p)
            p.add_alias(rest[0].name, *modded, *(q.name + q.head for q in rest if q.head and not q.mod))
            p.spans.extend((q.start, q.head_end if q.own_head else q.end, q.verb) for q in rest)
        out.extend(progs)
    return out


def _merge_suffixes(programs: dict[str, _Program]) -> None:
    """A name that ends with another program's name is that program said more fully
    (农博会第一书记代言活动 → 第一书记代言活动): merge it in, keeping it as an alias. So is a
    name joining another program's name with a ``+`` addition (某积分卡+一社一品 → 某积分卡)."""
    for key, p in list(programs.items()):
        for other in programs.values():
            if other is not p and len(other.name) >= 4 and p.name != other.name and (
                    p.name.endswith(other.name) or p.name.startswith(other.name + "+")):
                other.add_alias(p.name, *p.aliases)
                other.spans.extend(p.spans)
                del programs[key]
                break


def find_programs(text: str, sentences: list[Sentence]) -> list[Candidate]:
    """Program candidates of a normalized document, one per mention.

    All mentions of one program carry the same canonical ``name`` and
    ``aliases``; ``attrs`` hold the introducing ``verb`` and ``verb_start``
    (offset) when one stands before the mention in its sentence.

    >>> from pipelines.sentences import split_sentences
    >>> t = "抚松县同步推出“五个一”管理机制。"
    >>> [(c.name, c.aliases) for c in find_programs(t, split_sentences(t))]
    [('五个一管理机制', ('五个一',))]
    """
    quotes = _find_quotes(text, sentences)
    _quote_programs(text, quotes)
    _spread(text, quotes)
    programs: dict[str, _Program] = {}

    def free(start: int, end: int) -> bool:
        return not any(start < b and end > a for a, b in taken)

    def add(p: _Program) -> None:
        key = _key(p.name)
        if key in programs:
            programs[key].add_alias(*p.aliases)
            programs[key].spans.extend(p.spans)
        else:
            programs[key] = p

    for p in _quoted_programs(quotes):
        add(p)
    taken = [(s, e) for p in programs.values() for s, e, _ in p.spans]
    for start, end, name, aliases in _national(text):
        if free(start, end):
            p = _Program(name)
            p.add_alias(*aliases)
            p.spans.append((start, end, None))
            add(p)
            taken.append((start, end))
    for start, end, name, verb in (_enumerated(text, sentences) + _parallel(text, sentences) + _listed(text, sentences)
                                   + _unquoted(text, sentences, taken)):
        if free(start, end):
            p = _Program(name)
            scope = text[start - 2:start]
            if _scope().fullmatch(scope):
                p.add_alias(scope + name)
            p.spans.append((start, end, verb))
            add(p)
            taken.append((start, end))
    for p, start, end, verb in _unquoted_repeats(text, sentences, list(programs.values()), taken):
        p.spans.append((start, end, verb))
    _merge_suffixes(programs)
    out: list[Candidate] = []
    for p in programs.values():
        aliases = tuple(a for a in dict.fromkeys(p.aliases) if _key(a) != _key(p.name))
        for start, end, verb in p.spans:
            attrs: tuple[tuple[str, str], ...] = ()
            if verb:
                attrs = (("verb", verb[0]), ("verb_start", str(verb[1])))
            out.append(Candidate(start, end, "Program", p.name, aliases, attrs=attrs))
    out.sort(key=lambda c: (c.start, -c.end))
    return out

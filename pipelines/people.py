"""Person mentions: full names found by rule, never from a list of names.

A name is a surname (``data/person_surnames.tsv``, single or compound) plus one
or two given-name characters, accepted only in a context that says "person":

- a byline or credit (``本报记者 李娜``, ``杨楠 本报记者 李婷 姜岸松``,
  ``（郭天笑记者丁美佳）``, ``（作者：X）``, ``张黎 摄``, ``X 绘``; a three-character name
  with an unlisted surname right after 记者 or before 摄; names alone on the line under a
  heading, ``标题\n甲某 乙某``) — role ``author``;
  a page-editor header (``编辑 张蕊 杨慧``) — role ``editor``;
- a magazine article whose author note gives only the post
  (``（作者：永吉县委常委、组织部长）``): the name standing alone on a line (or
  closing the heading line) before the note — role ``author``;
- a title or role noun right before the name (``副部长田昭一说``,
  ``驻村第一书记李文博``, ``居民佟影``, ``80岁的林幸春``) or a title right after it
  (``习近平总书记``, ``田昭一副部长``) — the title becomes attribute ``title``
  with ``title_start``; for magazine authors every post in the note is given
  as a ``title``/``title_start`` pair, and the note itself as ``note``/``note_start``;
  a role that is a post (``data/person_post_roles.txt``: 技术员, 工作人员) is kept as a title;
  stacked titles (区委常委、组织部部长某某), a title shared by joined names (驻村干部甲和乙)
  and a predicate title (某某是某村党支部书记) add further ``title``/``title_start`` pairs;
- a speech verb after a name that stands after a boundary (``，张建平告诉记者``);
  a particle, verb or time word after a titled name (``副总理某某今天``, ``某某23日说``);
- a full name before a word only a person takes (``李宝均先生``, ``某某一行``, ``某某等人``;
  ``data/person_courtesy.txt``);
- a name jieba also tags as a person (``nr``) between a boundary and a
  following particle or verb, alone in its clause (``，某某，某厂厂长``), or in a list
  ``黄大年、郑德荣等``; a well-known name jieba joins to its doctrine (``邓小平理论``);
- a transliterated name after a title, a role, an occupation (``戏剧家某某``) or a player's
  number (``9号某某``), or one jieba reads as a name opening a clause (``阿巴查8日``);
- any later occurrence of a name already accepted in the document.

Courtesy forms (王先生, 鲁女士, 小杨书记, 李某), places (陈桥村), book titles
(《黄大年》) and common words that start with a surname character (高质量, 文明;
``data/person_not_names.txt`` and jieba's dictionary frequencies) are rejected.
Word lists live in ``pipelines/data/person_*``. Where the given name could be
one or two characters (``宫平说`` vs ``田昭一说``), the length is decided by what
follows the name, with jieba's segmentation as the tie-breaker.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache

import jieba
import jieba.posseg as pseg

from pipelines.lexicon import alternation, table, words, wordset
from pipelines.mentions import Candidate
from pipelines.sentences import Sentence

jieba.setLogLevel(logging.WARNING)

_BOUNDARY = set("，。；：、！？“”‘’（）()《》【】「」—…·- \n\t/")
_NAME_END = set("，。；：、！？”’）)》】 \n")  # strong right boundary
_NONGIVEN = set("的了是在着过们个这那之所而及等也都被把或就还又但并且则以于将让使第")
_MAX_DICT_FREQ = 20  # a jieba dictionary word more frequent than this is a word, not a name
_TITLED_WORD_FREQ = 50  # a rarer two-character dictionary word jieba tags as a name is a name after a title (副局长孙悦)
_PLACE_TAGS = ("ns", "nt", "nz")  # jieba tags of places, bodies and other proper nouns
_COMMON_WORD_FREQ = 1000  # an everyday word: no part of a transliterated name, nor a name's head even before 说


# ------------------------------------------------------------------ lexicons
@lru_cache(maxsize=None)
def _surnames() -> tuple[frozenset[str], frozenset[str]]:
    all_ = frozenset(r[0] for r in table("person_surnames"))
    return frozenset(w for w in all_ if len(w) == 1), frozenset(w for w in all_ if len(w) == 2)


@lru_cache(maxsize=None)
def _place_suffixes() -> dict[str, str]:
    return {r[0]: r[1] for r in table("person_place_suffixes")}


@lru_cache(maxsize=None)
def _honorifics() -> tuple[tuple[str, ...], frozenset[str]]:
    rows = table("person_honorifics")
    suffix = tuple(sorted((r[0] for r in rows if r[1] == "suffix"), key=len, reverse=True))
    return suffix, frozenset(r[0] for r in rows if r[1] == "prefix")


@lru_cache(maxsize=None)
def _markers() -> tuple[dict[str, str], re.Pattern[str]]:
    roles = {r[0]: r[1] for r in table("person_byline_markers")}
    pattern = re.compile("|".join(re.escape(m) for m in sorted(roles, key=len, reverse=True)))
    return roles, pattern


def _startswith_any(text: str, pos: int, options: tuple[str, ...]) -> str | None:
    """The longest of ``options`` (sorted longest first) that starts at ``pos``."""
    opts = _as_set(options)
    for n in range(len(options[0]) if options else 0, 0, -1):
        if text[pos:pos + n] in opts:
            return text[pos:pos + n]
    return None


def _endswith_any(text: str, pos: int, options: tuple[str, ...]) -> str | None:
    """The longest of ``options`` (sorted longest first) that ends at ``pos``."""
    opts = _as_set(options)
    for n in range(min(len(options[0]) if options else 0, pos), 0, -1):
        if text[pos - n:pos] in opts:
            return text[pos - n:pos]
    return None


@lru_cache(maxsize=None)
def _as_set(options: tuple[str, ...]) -> frozenset[str]:
    return frozenset(options)


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def _title_before(title: str | None, start: int) -> dict[str, str]:
    """The ``title``/``title_start`` attributes of a title written right before offset ``start`` (none without one)."""
    return {"title": title, "title_start": str(start - len(title))} if title else {}


# ------------------------------------------------------------------ document state
@dataclass
class _Doc:
    text: str
    tokens: dict[int, tuple[int, str]] = field(default_factory=dict)  # jieba: start -> (end, flag)
    found: dict[tuple[int, int], dict[str, str]] = field(default_factory=dict)
    posts: dict[tuple[int, int], list[tuple[str, int]]] = field(default_factory=dict)  # titles in author notes

    @classmethod
    def build(cls, text: str, sentences: list[Sentence]) -> _Doc:
        doc = cls(text)
        spans = sentences or [Sentence(0, 0, len(text), text)]
        for s in spans:
            pos = s.start
            for w in pseg.cut(text[s.start:s.end]):
                doc.tokens[pos] = (pos + len(w.word), w.flag)
                pos += len(w.word)
        return doc

    def is_nr(self, start: int, end: int) -> bool:
        """jieba cut exactly this span as one person-name token."""
        tok = self.tokens.get(start)
        return tok is not None and tok[0] == end and tok[1].startswith("nr")

    def token_end(self, start: int, end: int) -> int:
        """``end`` moved back to the last jieba token boundary in ``(start, end]`` (罗南|希望 → 罗南);
        ``end`` itself where one token starts at ``start`` and runs one character past it, a
        particle or verb (jieba glued it on)."""
        pos, last = start, start
        while pos < end and pos in self.tokens:
            pos = self.tokens[pos][0]
            if pos <= end:
                last = pos
        glued = last == start and start in self.tokens and self.tokens[start][0] == end + 1 \
            and _follow_kind(self.text, end) is not None  # 佩雷罗各|为
        return end if glued else last

    def add(self, start: int, end: int, **attrs: str) -> None:
        cur = self.found.setdefault((start, end), {})
        for k, v in attrs.items():
            cur.setdefault(k, v)


def _is_word(name: str, byline: bool = False, loose: bool = False, titled: bool = False,
             after_title: bool = False) -> bool:
    """``name`` is a common word rather than a name: listed, or frequent in jieba's dictionary.

    In running text any frequent dictionary word is refused (jieba tags many
    words ``nr``: 文明, 宁可), and so is a three-character candidate opening with
    one (成长|成才) unless ``loose`` (a speech verb follows: 石英超说); in a byline
    only frequent words jieba does not tag as names. Where a title, a role noun or a
    speech verb vouches for a person (``titled``: 副总理李岚清, 老党员何振东, 李瑞环说), a
    three-character dictionary word jieba tags as a name is a well-known
    person's name, not a word; right ``after_title`` (副局长孙悦站在) so is a
    rarer two-character one.
    """
    if any(name.startswith(w) for w in words("person_not_names")) or _is_place_name(name):
        return True
    freq = jieba.dt.FREQ.get(name) or 0
    tag = pseg.dt.word_tag_tab.get(name, "")
    is_nr = tag.startswith("nr")
    if titled and not is_nr and len(name) == 3 and tag not in _PLACE_TAGS:
        # jieba's dictionary holds well-known names under other tags (周恩来 t, 严义埙 n): a
        # three-character entry whose "given name" is no word of its own reads as a name
        given_tag = pseg.dt.word_tag_tab.get(name[1:])
        is_nr = given_tag is None or given_tag.startswith("nr")
    if byline:
        return freq > _MAX_DICT_FREQ and not is_nr
    known = titled and is_nr and (len(name) == 3 or after_title and freq <= _TITLED_WORD_FREQ) and _surname_len(name, 0) == 1 \
        and name[-1] not in wordset("person_object_endings")  # 李岚清, 副局长孙悦; not 纪念章
    if freq > _MAX_DICT_FREQ and not known:
        return True
    if len(name) - _surname_len(name, 0) >= 2 and not (known and after_title):  # 副总理温家|宝: a dictionary name
        head = name[:-1]
        hfreq = jieba.dt.FREQ.get(head) or 0
        tag = pseg.dt.word_tag_tab.get(head, "")
        if tag == "t":
            return True  # 周二晚表示: a time word, not a surname and given name
        # even before a speech verb a very common word is no name's head (谈话中说), a rarer one may be (石英超说)
        limit = _COMMON_WORD_FREQ if loose else _MAX_DICT_FREQ
        return hfreq > limit and not tag.startswith("nr")
    return False


def _is_place_name(name: str) -> bool:
    """An official division name or short form (白山, 吉林市) is not a person's name."""
    from pipelines.divisions import divisions

    d = divisions()
    return any(name.startswith(w) for w in (name[:2], name[:3]) if w in d.by_name or w in d.by_short)


# ------------------------------------------------------------------ name shape
def _surname_len(text: str, i: int) -> int:
    single, compound = _surnames()
    if text[i:i + 2] in compound:
        return 2
    return 1 if i < len(text) and text[i] in single else 0


def _blocked(text: str, i: int, s: int, g: int) -> bool:
    """Surname + ``g`` characters is no name: a courtesy form (王先生, 李某, 小杨), or the
    "given name" opens a title, role or speech verb (李书记, 向居民, 张说)."""
    suffix, prefix = _honorifics()
    word = _startswith_any(text, i + s, suffix)
    if word and len(word) >= g:
        return True
    if i > 0 and text[i - 1] in prefix:
        return True
    lists = ("person_titles", "person_roles", "person_speech")
    return any(_startswith_any(text, i + s, words(name)) for name in lists)


def _given_ok(text: str, i: int, s: int, g: int) -> bool:
    given = text[i + s:i + s + g]
    return len(given) == g and all(_is_han(c) and c not in _NONGIVEN for c in given)


_SAID = re.compile(r"[\u4e00-\u9fff]{2}地(?:说|表示|介绍|回忆)")  # 欣慰地说
_DATE = re.compile(r"[0-9０-９]{1,2}日")  # 某某23日说: a day of the month after a name


def _follow_kind(text: str, j: int) -> str | None:
    """What starts at ``j`` right after a name: ``speech``, ``end`` (punctuation), ``title``,
    ``follow`` (a particle or verb), ``place`` (the "name" is a place or unit: 陈桥村,
    梁溪区) or None."""
    if _startswith_any(text, j, words("person_speech")) or _SAID.match(text, j):
        return "speech"
    if j >= len(text) or text[j] in _NAME_END or text[j] in "（(":
        return "end"
    kind = _place_suffixes().get(text[j])
    if kind == "settlement":
        return "place"
    if _startswith_any(text, j, words("person_titles")):
        return "title"
    if _startswith_any(text, j, words("person_courtesy")):
        return "courtesy"
    if _startswith_any(text, j, words("person_follow")) or _DATE.match(text, j):
        return "follow"
    return "place" if kind else None


@dataclass(frozen=True, slots=True)
class _Hit:
    end: int
    kind: str | None  # what follows, see _follow_kind
    nr: bool  # jieba cut exactly this span as a person name
    split: bool  # jieba cut the surname alone and the given name as one word (蒋|柏林)


def _name_at(doc: _Doc, i: int) -> _Hit | None:
    """The name starting at ``i``: its given name is one or two characters, decided by what follows."""
    text = doc.text
    s = _surname_len(text, i)
    if not s:
        return None
    hits = []
    for g in (1, 2):
        end = i + s + g
        if _given_ok(text, i, s, g) and not _blocked(text, i, s, g) and text[end - 1] not in _place_suffixes():
            split = doc.tokens.get(i, (0, ""))[0] == i + s and doc.tokens.get(i + s, (0, ""))[0] == end and g == 2
            hits.append(_Hit(end, _follow_kind(text, end), doc.is_nr(i, end), split))
    if any(h.kind == "place" for h in hits):
        return None
    valid = [h for h in hits if h.kind]
    if len(valid) == 2:
        if valid[0].kind == "speech":
            return valid[0]  # 宫平|说, 李侃|说
        for h in valid:  # jieba decides between 王智|时 and 李向阳|在
            if h.nr or doc.tokens.get(i, (0, ""))[0] == h.end:
                return h
        return valid[0]
    if valid:
        return valid[0]
    return next((h for h in hits if h.nr or h.split), None)


# ------------------------------------------------------------------ bylines and credits
def _split_run(run: str) -> list[tuple[int, int]] | None:
    """Split a run of names written together (李婷张添奥) into (offset, length) pairs."""
    if not run:
        return []
    if "·" in run and 3 <= len(run) <= 12 and all(_is_han(c) or c == "·" for c in run):
        return [(0, len(run))]  # a transliterated minority name
    best: list[tuple[int, int]] | None = None
    s = _surname_len(run, 0)
    if not s:
        return None
    suffix, _ = _honorifics()
    for g in (2, 1):
        n = s + g
        if n > len(run) or not _given_ok(run, 0, s, g) or _startswith_any(run, s, suffix) \
                or run[n - 1] in _place_suffixes():
            continue
        rest = _split_run(run[n:])
        if rest is None:
            continue
        cand = [(0, n)] + [(o + n, ln) for o, ln in rest]
        if best is None or (len(cand), _rank(run, cand)) < (len(best), _rank(run, best)):
            best = cand
    return best


def _rank(run: str, parts: list[tuple[int, int]]) -> int:
    """How common the surnames of a split are (lower is more common): 陈炜|毛文茹 over 陈炜毛|文茹."""
    order = _surname_order()
    return sum(order.get(run[o:o + 2], order.get(run[o], len(order))) for o, _ in parts)


@lru_cache(maxsize=None)
def _surname_order() -> dict[str, int]:
    """Surnames by their position in the data file, which lists them by frequency."""
    return {r[0]: k for k, r in enumerate(table("person_surnames"))}


def _add_run(doc: _Doc, start: int, run: str, role: str) -> bool:
    parts = _split_run(run)
    if not parts or any(_is_word(run[o:o + n], byline=True) for o, n in parts):
        return False
    for o, n in parts:
        doc.add(start + o, start + o + n, role=role)
    return True


def _segment_bylines(doc: _Doc, start: int, end: int) -> None:
    """Names next to byline markers inside ``text[start:end]`` (a short line or bracket)."""
    text = doc.text
    roles, pattern = _markers()
    pieces: list[tuple[str, int, int]] = []  # (kind, start, end): kind "m:<role>" or "run"
    pos = start
    for m in pattern.finditer(text, start, end):
        pieces.extend(_runs(text, pos, m.start()))
        pieces.append(("m:" + roles[m.group()], m.start(), m.end()))
        pos = m.end()
    pieces.extend(_runs(text, pos, end))
    if not any(k.startswith("m:") for k, _, _ in pieces):
        return
    for idx, (kind, a, b) in enumerate(pieces):
        if kind != "run":
            continue
        before = next((k for k, _, _ in reversed(pieces[:idx]) if k.startswith("m:")), None)
        after = next((k for k, _, _ in pieces[idx + 1:] if k.startswith("m:")), None)
        near = [pieces[j][0] for j in (idx - 1, idx + 1) if 0 <= j < len(pieces)]
        if not any(k.startswith("m:") or k == "name" for k in near):
            continue
        role = (before or after or "m:author")[2:]
        if _add_run(doc, a, text[a:b], role) or (role == "author" and _unlisted_credit(doc, pieces, idx)):
            pieces[idx] = ("name", a, b)


_UNLISTED = 3  # the length of a credited name whose surname is not listed (祖某某, 乌力更)


def _unlisted_credit(doc: _Doc, pieces: list[tuple[str, int, int]], idx: int) -> bool:
    """A three-character run right after 记者 (（记者某某某）) or right before 摄 (某某某摄) whose
    surname is not in the list: the credit vouches for it unless jieba knows it as a word or
    it holds an everyday word or a place name. Adds it as an author."""
    text = doc.text
    _, a, b = pieces[idx]
    run = text[a:b]
    prev = pieces[idx - 1] if idx > 0 else None
    nxt = pieces[idx + 1] if idx + 1 < len(pieces) else None
    after_reporter = prev is not None and prev[0].startswith("m:") and text[prev[1]:prev[2]].endswith("记者") \
        and prev[2] == a and (nxt is None or nxt[0].startswith("m:"))
    # 记者刘志强、果永新: the next name of a reporters' list
    after_reporter = after_reporter or (prev is not None and prev[0] == "name" and text[prev[2]:a] == "、"
                                        and (nxt is None or nxt[0].startswith("m:")))
    before_photo = nxt is not None and nxt[0].startswith("m:") and text[nxt[1]:nxt[2]] == "摄" and nxt[1] == b \
        and (prev is None or prev[0].startswith("m:"))
    if len(run) != _UNLISTED or not (after_reporter or before_photo) or not all(_is_han(c) for c in run):
        return False
    known = jieba.dt.FREQ.get(run) is not None and not pseg.dt.word_tag_tab.get(run, "").startswith("nr")
    if known or _is_word(run, byline=True) or _has_common_word(run) \
            or _is_place_name(run) or any(c in _NONGIVEN for c in run):
        return False
    doc.add(a, b, role="author")
    return True


def _runs(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    return [("run", m.start(), m.end()) for m in re.compile(r"[\u4e00-\u9fff·]+").finditer(text, start, end)]


def _bylines(doc: _Doc) -> None:
    text = doc.text
    for m in re.finditer(r"[^\n]+", text):
        if len(m.group().strip()) <= 40:
            _segment_bylines(doc, m.start(), m.end())
    for m in re.finditer(r"[（(]([^（）()\n]{2,40})[）)]", text):
        _segment_bylines(doc, m.start(1), m.end(1))
    # a line of names alone under a heading: "某标题\n甲某 乙某"
    for m in _HEADED_NAMES.finditer(text):
        runs = list(re.finditer(r"[\u4e00-\u9fff]+", m.group(1)))
        if all(_split_run(r.group()) == [(0, len(r.group()))] and not _is_word(r.group(), byline=True)
               and not _has_common_word(r.group()) for r in runs):
            for r in runs:
                _add_run(doc, m.start(1) + r.start(), r.group(), "author")
    # inline datelines: "电记者刘志强、果永新报道："
    for m in _inline_byline_re().finditer(text):
        _segment_bylines(doc, m.start(), m.end())
    # inline picture credits: "。李世忠摄", "洪琥绘（…供图）", "图片均为张延鹏摄"
    stop = words("person_credit_stop")
    for m in re.finditer(r"[摄绘]", text):
        k = m.start()
        if _startswith_any(text, k, stop) or (m.group() == "绘" and k + 1 < len(text) and _is_han(text[k + 1])):
            continue
        for b in range(max(0, k - 8), k - 1):
            lead = b == 0 or text[b - 1] in _BOUNDARY or text.endswith(("为", "记者", "摄影"), 0, b)
            if lead and all(_is_han(c) for c in text[b:k]) and _add_run(doc, b, text[b:k], "author"):
                break


@lru_cache(maxsize=1)
def _inline_byline_re() -> re.Pattern[str]:
    roles, _ = _markers()
    authors = "|".join(re.escape(m) for m in sorted(roles, key=len, reverse=True)
                       if roles[m] == "author" and all(_is_han(c) for c in m))
    return re.compile(f"(?:{authors})[\u4e00-\u9fff·、]{{2,30}}?(?=(?:{alternation('person_report_verbs')}))")


_HEADED_NAMES = re.compile(r"^[^\n]{2,40}[^。！？；：，\n]\n[ \u3000]*((?:[\u4e00-\u9fff]{2,3}[ \u3000]+){1,3}[\u4e00-\u9fff]{2,3})"
                           r"[ \u3000]*$", re.M)
_ANON_NOTE = re.compile(r"[（(]作者[：:为系]([^（）()\n]{2,40})[）)]")


def _magazine_authors(doc: _Doc) -> None:
    """Author notes that give only the post (（作者：永吉县委常委、组织部长）): the author is
    the name standing alone on a line before the note, else the name that closes a heading
    line there (PDF columns run the byline into the title); the nearest one wins."""
    text = doc.text
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    prev = 0
    for note in _ANON_NOTE.finditer(text):
        if not any(a <= note.start(1) < b for a, b in doc.found):  # else the note names its author
            seg = [(a, b) for a, b in lines if prev <= a and b <= note.start()][::-1]
            pick = next(((a, b) for a, b in seg if 2 <= b - a <= 4 and _split_run(text[a:b]) == [(0, b - a)]
                         and not _is_word(text[a:b], byline=True)), None)
            pick = pick or next(((b - 3, b) for a, b in seg if _heading_tail(text, a, b)), None)
            if pick:
                doc.add(*pick, role="author", note=note.group(1), note_start=str(note.start(1)))
                doc.posts[pick] = _titles_in(text, note.start(1), note.end(1))
        prev = note.end()


def _titles_in(text: str, start: int, end: int) -> list[tuple[str, int]]:
    """Titles named in ``text[start:end]`` with their offsets, longest first at each place."""
    out, i = [], start
    while i < end:
        title = _startswith_any(text[:end], i, words("person_titles"))
        if title:
            out.append((title, i))
        i += len(title) if title else 1
    return out


def _heading_tail(text: str, a: int, b: int) -> bool:
    """Line ``text[a:b]`` ends in a three-character name run into it (…落地见效陈雪松)."""
    tail = text[b - 3:b]
    given_tag = pseg.dt.word_tag_tab.get(tail[1:], "n")
    return b - a > 3 and text[b - 4] not in "。！？”" and _split_run(tail) == [(0, 3)] \
        and not _is_word(tail) and given_tag.startswith("n")


# ------------------------------------------------------------------ names in running text
def _titled(doc: _Doc) -> None:
    """Names after a title (副部长田昭一), a role noun (居民佟影, 成员褚敏) or an age (80岁的林幸春)."""
    text = doc.text
    titles, roles = words("person_titles"), words("person_roles")
    for i in range(1, len(text)):
        if not _surname_len(text, i):
            continue
        title = _endswith_any(text, i, titles)
        title_at = i - len(title) if title else i
        if not title and "\n" in text[max(0, i - len(titles[0])):i - 1]:
            title, title_at = _broken_title(text, i)
        role = _endswith_any(text, i, roles) or ("岁的" if text.endswith("岁的", 0, i) else None)
        occupation = text[i - 1] in wordset("person_role_suffixes")
        if not title and not role and not occupation:
            continue
        hit = _name_at(doc, i)
        if hit is None or _is_word(text[i:hit.end], loose=hit.kind == "speech", titled=bool(title or role),
                                       after_title=bool(title)):
            continue
        end = _transliterated(text, i) or hit.end
        if title and len(title) >= len(role or ""):
            if hit.kind == "title" and hit.end - i == 2 and not hit.nr:
                continue  # 部长|官为|团长: a surname character and one more between two titles
            if hit.kind or hit.nr or hit.split:
                doc.add(i, end, title=title, title_start=str(title_at))
        elif hit.nr or hit.kind == "speech" or (role and hit.kind in ("follow", "title", "courtesy")):
            if role in wordset("person_post_roles"):  # 某公司技术员某某: the role is a post there
                doc.add(i, end, title=role, title_start=str(i - len(role)))
            else:
                doc.add(i, end)


def _broken_title(text: str, i: int) -> tuple[str | None, int]:
    """A title right before offset ``i`` that a single line break cuts between two Chinese
    characters (PDF columns: 某中心负\n责人某某): the title read across the break and the offset
    it starts at; ``(None, i)`` without one."""
    titles = words("person_titles")
    longest = len(titles[0])  # longest first
    j = text.rfind("\n", max(0, i - longest), i - 1)
    if j <= 0 or not _is_han(text[j - 1]) or not _is_han(text[j + 1]) or "\n" in text[j + 1:i]:
        return None, i
    joined = text[max(0, j - longest):j] + text[j + 1:i]
    title = _endswith_any(joined, len(joined), titles)
    if title and len(title) > i - j - 1:  # the title crosses the break
        return title, i - len(title) - 1
    return None, i


def _sandwiched(doc: _Doc) -> None:
    """A two- or three-character name between a title and a speech verb (副部长厚珊珊说),
    whatever its surname: both sides vouch for a person, so the surname list is not needed."""
    text = doc.text
    titles = words("person_titles")
    for m in _speech_re().finditer(text):
        j = m.start()
        for n in (3, 2):
            i = j - n
            title = _endswith_any(text, i, titles) if i > 0 else None
            if not title or not _given_ok(text, i, 0, n) or any(a < j and i < b for a, b in doc.found):
                continue
            name = text[i:j]
            if not _is_word(name, loose=True) and not _startswith_any(text, i, titles) \
                    and not name.endswith("地") and not _has_common_word(name):  # 总理满意地说
                doc.add(i, j, **_title_before(title, i))
            break


@lru_cache(maxsize=1)
def _speech_re() -> re.Pattern[str]:
    return re.compile(alternation("person_speech"))


def _transliterated(text: str, i: int) -> int | None:
    """End of a transliterated name with a middle dot starting at ``i`` (艾力亚尔·库尔斑说 → …斑)."""
    m = re.compile(r"[\u4e00-\u9fff]{2,6}·[\u4e00-\u9fff]{2,8}").match(text, i)
    if not m:
        return None
    dot = text.index("·", i)
    chars = wordset("person_transliteration_chars")
    run = dot + 1
    while run < m.end() and text[run] in chars:
        run += 1
    western = all(c in chars for c in text[i:dot])  # not 艾力亚尔·库尔斑 (Uyghur names use other characters)
    if western and run - dot > 2 and _follow_kind(text, run) != "place":
        return run  # the sound characters stop where the name does (…·韦登博斯|今天)
    return next((e for e in range(dot + 3, m.end() + 1) if _follow_kind(text, e) not in (None, "place")), None)


@lru_cache(maxsize=1)
def _foreign_re() -> re.Pattern[str]:
    chars = "".join(wordset("person_transliteration_chars"))
    # 克林顿, 卡洛斯·阿马特, and an initial before the dot (塞·威廉姆斯)
    return re.compile(f"[{chars}]{{1,6}}·[{chars}]{{2,8}}|[{chars}]{{2,6}}")


@lru_cache(maxsize=1)
def _tibetan_re() -> re.Pattern[str]:
    return re.compile(f"(?:{alternation('person_tibetan_names')}){{1,3}}")


def _tibetan(doc: _Doc) -> None:
    """Tibetan names (次仁顿珠, 旦增南木加, 党支部书记次旺): one to three name components
    (``data/person_tibetan_names.txt``) after a title or role, or before a speech verb; a
    name of two or more components also after a boundary, 和 or 、."""
    text = doc.text
    titles, roles = words("person_titles"), words("person_roles")
    for m in _tibetan_re().finditer(text):
        i, end = m.span()
        follow = _follow_kind(text, end)
        if any(a < end and i < b for a, b in doc.found) or follow == "place":
            continue
        title = _endswith_any(text, i, titles)
        bounded = i == 0 or text[i - 1] in _BOUNDARY or text[i - 1] in "和的"
        vouched = (title or _endswith_any(text, i, roles)) and follow or follow == "speech"
        several = end - i >= 4 and (bounded or _endswith_any(text, i, roles))
        if vouched or several or (bounded and follow == "follow"):
            doc.add(i, end, **_title_before(title, i))


def _foreign(doc: _Doc) -> None:
    """Transliterated foreign names (克林顿, 卡洛斯·阿马特) right after a title (美国总统克林顿)
    or, after a boundary, right before a speech verb when jieba also reads a name there
    (，内塔尼亚胡说): a run of the standard transliteration characters
    (``data/person_transliteration_chars.txt``) that is not a place or a common word."""
    text = doc.text
    titles, roles = words("person_titles"), words("person_roles")
    for m in _foreign_starts(text, titles):
        i, dot = m.start(), m.group().find("·")
        end = doc.token_end(i + dot + 1 if dot > 0 else i, m.end())
        # 巴西外援鲁迪内, 9号萨莫拉诺: a role noun or a player's number vouches as a title does
        role = _endswith_any(text, i, roles) or _JERSEY.search(text, max(0, i - 4), i) \
            or (i > 0 and text[i - 1] in wordset("person_role_suffixes") and doc.tokens.get(i, (0, ""))[1].startswith("nr"))
        shorter = [(a, b) for a, b in doc.found if a == i and b < end and ("title" in doc.found[(a, b)] or role)]
        if end - i < 2 or any(a <= i < b for a, b in doc.found if (a, b) not in shorter):
            continue
        name = text[i:end]
        titled = _endswith_any(text, i, titles)
        tok = doc.tokens.get(i, (0, ""))
        bounded = i == 0 or text[i - 1] in _BOUNDARY
        follow = _follow_kind(text, end)
        speech = bounded and follow == "speech" and tok[1].startswith("nr")
        # a title after the name (，克林顿总统能够…): jieba reads a name there, or the run stands after a boundary
        speech = speech or (follow in ("title", "courtesy") and (bounded or text[i - 1] in _JOINERS) and end - i >= 2
                            and (tok[1].startswith("nr") or bounded))
        # a courtesy word after a run jieba reads as a name (祝贺某某某先生), whatever comes before it
        speech = speech or (follow == "courtesy" and tok[0] == end and tok[1].startswith("nr"))
        # jieba reads the whole run as a name (nr, nrt; a two-character one only as nrt) and a
        # particle, verb or time word follows (阿巴查8日, 瑙曼是)
        speech = speech or ((bounded or text[i - 1] in _JOINERS) and tok[0] == end and tok[1] in ("nr", "nrt")
                            and (end - i >= 3 or tok[1] == "nrt" and text[i - 1:i] not in ("的", "、")
                                                 and not text.startswith("等", end))  # not 路的|路基, 、科普等
                            and follow in ("follow", "end") and (i == 0 or text[i - 1] not in _QUOTE_OPEN))
        if not (titled or role or speech) or _place_or_word(name):
            continue
        if any(_is_word(w) for w in name.split("·") if jieba.dt.FREQ.get(w) and not
               pseg.dt.word_tag_tab.get(w, "").startswith("nr")):
            continue
        for span in shorter:  # 克林|顿: the transliteration goes on past a Chinese-looking name
            del doc.found[span]
        doc.add(i, end, **_title_before(titled, i))
    for dot in (k for k, ch in enumerate(text) if ch == "·"):  # 村民买买提·吐尔逊说
        for i in range(dot - 2, max(dot - 7, 0), -1):
            title = _endswith_any(text, i, titles)
            if title or _endswith_any(text, i, roles):
                end = _transliterated(text, i)
                end = end and doc.token_end(dot + 1, end)  # 马克·罗南|希望
                inside = [(a, b) for a, b in doc.found if i <= a and b <= end] if end else []
                if end and end - dot > 2 and not any(a < end and i < b for a, b in doc.found if (a, b) not in inside) \
                        and not _has_common_word(text[i:end]):
                    for span in inside:  # 保罗·德拉恩: the part after the dot was read alone
                        del doc.found[span]
                    doc.add(i, end, **_title_before(title, i))
                break


@lru_cache(maxsize=1)
def _japanese_re() -> re.Pattern[str]:
    return re.compile(alternation("person_japanese_surnames"))


def _japanese_given(text: str, s: int, g: int) -> bool:
    """``text[s:s+g]`` can be a Japanese given name: Chinese characters, no particle, and no
    speech verb or title starting inside it (山田浩二|说, not 山田浩二说)."""
    given = text[s:s + g]
    if len(given) != g or not all(_is_han(c) and c not in _NONGIVEN for c in given):
        return False
    return not any(_startswith_any(text, k, words(n)) for k in range(s, s + g) for n in ("person_speech", "person_titles"))


def _japanese(doc: _Doc) -> None:
    """Japanese names (日本首相中村健一, ，山田浩二说): a common Japanese family name
    (``data/person_japanese_surnames.txt``) plus one to three given characters, after a title
    or role, or after a boundary or joining word with a speech verb, title, courtesy word or
    (for a given name that is no everyday word) a particle after it; the family name alone
    after a boundary before a title or speech verb (中村首相), or anywhere before a particle
    once the document names the full name (中村健一 … 中村还表示)."""
    text = doc.text
    titles, roles = words("person_titles"), words("person_roles")
    stops = _place_endings() + "".join(_place_suffixes())
    alone: list[tuple[int, int, bool]] = []
    families: set[str] = set()
    for m in _japanese_re().finditer(text):
        i, s = m.span()
        title = _endswith_any(text, i, titles)
        vouched = title or _endswith_any(text, i, roles)
        bounded = i == 0 or text[i - 1] in _BOUNDARY or text[i - 1] in _JOINERS
        if not (vouched or bounded):
            continue
        for g in (3, 2, 1):
            end = s + g
            if not _japanese_given(text, s, g) or text[end - 1] in stops:
                continue
            kind = _follow_kind(text, end)
            name, given = text[i:end], text[s:end]
            common = (jieba.get_FREQ(given) or 0) > _MAX_DICT_FREQ  # 山田浩二说 but not 、高山滑雪、
            ok = kind in ("speech", "title", "courtesy") or (kind == "follow" and (vouched or not common)) \
                or (kind == "end" and vouched)
            if not ok or _is_place_name(name) or _world_place(name) or (jieba.get_FREQ(name) or 0) > _COMMON_WORD_FREQ:
                continue
            if any(a < end and i < b and not (i <= a and b <= end) for a, b in doc.found):
                break
            for span in [(a, b) for a, b in doc.found if i <= a and b <= end and (a, b) != (i, end)]:
                del doc.found[span]
            doc.add(i, end, **_title_before(title, i))
            families.add(m.group())
            break
        else:
            alone.append((i, s, bounded))
    for i, s, bounded in alone:
        kind = _follow_kind(text, s)
        strong = bounded and kind in ("speech", "title")  # ，中村首相; 中村说
        known = text[i:s] in families and kind not in (None, "place")  # 中村健一 … 中村还表示
        if (strong or known) and not _is_place_name(text[i:s]) and not any(a < s and i < b for a, b in doc.found):
            doc.add(i, s, **_title_before(_endswith_any(text, i, titles), i))


@lru_cache(maxsize=1)
def _country_of_re() -> re.Pattern[str]:
    countries = sorted((r[0] for r in table("world_places") if r[1] == "country"), key=len, reverse=True)
    return re.compile("(?:" + "|".join(re.escape(c) for c in countries) + ")的")


def _nationals(doc: _Doc) -> None:
    """A transliterated name after a country and 的 (美国的吉德森则以…, 俄罗斯的库尼洛娃和…): a run
    of sound characters (with a middle dot or of three or more characters, or one jieba reads
    as a name) closed by punctuation, a particle, a verb, a title or a speech verb."""
    text = doc.text
    for m in _country_of_re().finditer(text):
        i = m.end()
        run = _foreign_re().match(text, i)
        if not run:
            continue
        dot = run.group().find("·")
        end = doc.token_end(i + dot + 1 if dot > 0 else i, run.end())
        name, tok = text[i:end], doc.tokens.get(i, (0, ""))
        if end - i < 2 or (end - i < 3 and not (tok[0] == end and tok[1].startswith("nr"))):
            continue
        if _follow_kind(text, end) in (None, "place") or _place_or_word(name) \
                or any(a < end and i < b for a, b in doc.found):
            continue
        if any(_dictionary_word(w) for w in name.split("·") if len(w) > 1):  # an initial (塞·) is no word
            continue
        doc.add(i, end)


_JERSEY = re.compile(r"(?<![0-9０-９])[0-9０-９]{1,2}号$")  # a player's shirt number right before a name
_JOINERS = set("和与同及由对向给被让是像的")  # a name may follow these inside a clause (约翰松和布拉特)


@lru_cache(maxsize=1)
def _foreign_run_re() -> re.Pattern[str]:
    chars = "".join(wordset("person_transliteration_chars"))
    return re.compile(f"[{chars}·]{{2,}}")


def _foreign_starts(text: str, titles: tuple[str, ...]):
    """Transliteration runs, each tried from its start and from every place inside it where a
    title ends (总理若斯潘: 理 is a sound character too, the name starts after the title)."""
    for run in _foreign_run_re().finditer(text):
        starts = [run.start()] + [p for p in range(run.start() + 1, run.end() - 1) if _endswith_any(text, p, titles)]
        for p in starts:
            m = _foreign_re().match(text, p)
            if m:
                yield m


def _has_common_word(name: str) -> bool:
    """A part of ``name`` is an everyday word (状态新观察·…, not 买买提·吐尔逊)."""
    return any(len(w) >= 2 and (jieba.dt.FREQ.get(w) or 0) > _COMMON_WORD_FREQ
               and not pseg.dt.word_tag_tab.get(w, "").startswith("nr")
               for part in name.split("·") for w in jieba.cut(part))


def _sounds_only(s: str) -> bool:
    """Every character of ``s`` is a standard transliteration character (克林顿, 伯奇)."""
    chars = wordset("person_transliteration_chars")
    return all(c in chars for c in s)


def _dictionary_word(w: str) -> bool:
    """``w`` is a word jieba's dictionary holds more often than a rare name does and does not tag
    as a person's name."""
    return (jieba.get_FREQ(w) or 0) > _MAX_DICT_FREQ and not pseg.dt.word_tag_tab.get(w, "").startswith("nr")


def _place_or_word(name: str) -> bool:
    """``name`` is a Chinese or world place, or holds an everyday word: no person's name."""
    return _is_place_name(name) or _world_place(name) or _has_common_word(name)


@lru_cache(maxsize=1)
def _world_places() -> tuple[str, ...]:
    return tuple(sorted((r[0] for r in table("world_places")), key=len, reverse=True))


def _world_place(name: str) -> bool:
    return any(name.startswith(w) or name.endswith(w) for w in _world_places())


def _bare(doc: _Doc) -> None:
    """Names with no title before: a title or 同志 after (习近平总书记), a speech verb after
    (，张建平告诉记者), or a jieba name between a boundary and a particle or verb."""
    text = doc.text
    for i in range(len(text)):
        if not _surname_len(text, i):
            continue
        hit = _name_at(doc, i)
        if hit is None or hit.kind is None:
            continue
        name = text[i:hit.end]
        bounded = i == 0 or text[i - 1] in _BOUNDARY or text[i - 1] == "的"
        comrade = hit.kind == "follow" and text.startswith("同志", hit.end) and not text.startswith("同志们", hit.end)
        if comrade and hit.nr and len(name) == 2 and pseg.dt.word_tag_tab.get(name) == "nr" \
                and (jieba.get_FREQ(name) or 0) < _COMMON_WORD_FREQ:
            doc.add(i, hit.end)  # 彭真同志: a dictionary name before 同志
            continue
        if _is_word(name, loose=hit.kind == "speech", titled=hit.kind in ("title", "speech") or (hit.kind == "follow" and hit.nr)):
            continue
        if hit.kind == "title" and (bounded or hit.nr):
            title = _startswith_any(text, hit.end, words("person_titles")) or ""
            doc.add(i, hit.end, title=title, title_start=str(hit.end))
        elif hit.kind == "follow" and text.startswith("同志", hit.end) and hit.nr:
            doc.add(i, hit.end)
        elif hit.kind == "speech" and (bounded or hit.nr):
            doc.add(i, hit.end)
        elif hit.kind == "follow" and bounded and hit.nr:
            doc.add(i, hit.end)
        elif hit.kind == "end" and hit.nr and (i == 0 or text[i - 1] in _BOUNDARY and text[i - 1] not in _QUOTE_OPEN + "、") \
                and not any(a < hit.end and i < b for a, b in doc.found):  # not 刘向|摄 over a credit
            doc.add(i, hit.end)  # ，卢亮，北京某厂厂长: a jieba name standing alone in the clause
        elif hit.kind == "courtesy" and (bounded or text[i - 1] in _JOINERS) \
                and (hit.nr or len(name) - _surname_len(text, i) == 2):
            doc.add(i, hit.end)  # 李宝均先生, 王某某一行: a full name before a courtesy word


_QUOTE_OPEN = "“‘「『《"
_COMMON_GIVEN = 100
_QUOTE_CLOSE = "”’」』》"


@lru_cache(maxsize=1)
def _place_endings() -> str:
    """One-character place suffixes (村, 镇, 市, 县): 陈桥村 is a village, not a name."""
    return "".join(s for s, _ in table("settlement_suffixes") if len(s) == 1) + "".join(
        lv for lv, _ in table("place_short_levels"))


def _tagged(doc: _Doc) -> None:
    """A three-character token jieba tags as a person's name (nr), opening with a one-character
    surname, outside quotes, that is neither a common word nor a place name (李岚清今天…)."""
    text = doc.text
    doctrines = wordset("person_doctrines")
    for start, (end, flag) in sorted(doc.tokens.items()):
        joined = flag == "nr" and text[start + 3:end] in doctrines
        if joined:
            end = start + 3  # jieba keeps 某某某理论 as one name token
        if flag != "nr" or end - start != 3:
            continue
        s = _surname_len(text, start)
        before, after = text[start - 1:start] if start else "", text[end:end + 1]
        if s != 1 or (before and before in _QUOTE_OPEN) or (after and after in _QUOTE_CLOSE):
            continue
        name = text[start:end]
        if _is_word(name) and not _dictionary_name(doc, start, end, joined):
            continue
        if _is_word(name, titled=True) or _is_place_name(name) or _blocked(text, start, s, end - start - s) \
                or (jieba.get_FREQ(name[s:]) or 0) >= _COMMON_GIVEN and not _clause_name(doc, start, end):
            continue  # 谈朋友, 古村落: a common word after a surname character
        if any(a < end and start < b for a, b in doc.found) or name[-1] in wordset("post_endings") or name[-1] in _place_endings():
            continue
        doc.add(start, end, source="tagged")


def _clause_name(doc: _Doc, start: int, end: int) -> bool:
    """A name token whose given name is also a word (陈|亚平, 许|银川) reads as a name where its
    surname character is only a surname to jieba (陈, not 谈 or 古) and the token fills a noun
    slot: after a boundary, a preposition or a conjunction (在陈亚平的, ，许银川仅用), before a
    particle, verb, punctuation, a title or a speech verb."""
    text = doc.text
    if pseg.dt.word_tag_tab.get(text[start], "") not in ("nr", "zg"):
        return False
    prev = next((a for a, (b, _) in ((a, doc.tokens[a]) for a in range(max(0, start - 4), start) if a in doc.tokens)
                 if b == start), None)
    opened = start == 0 or text[start - 1] in _BOUNDARY and text[start - 1] not in _QUOTE_OPEN \
        or (prev is not None and doc.tokens[prev][1] in ("p", "c"))
    return opened and _follow_kind(text, end) in ("follow", "end", "speech", "title", "courtesy")


def _dictionary_name(doc: _Doc, start: int, end: int, joined: bool = False) -> bool:
    """A frequent three-character dictionary word jieba tags as a name (周恩来, 邓小平) is a name
    where the clause around it reads as one: a boundary or a joining word before it, or
    punctuation, a particle, a verb, a title or a speech verb after it; not a run of sound
    characters only (莫斯科, 欧佩克: a place or body as often as a person). Before a doctrine
    noun it is a name where jieba ``joined`` the two into one name token (邓小平理论) or the noun
    is a compound one (邓小平党建理论)."""
    text = doc.text
    name = text[start:end]
    given = name[1:]
    if _sounds_only(name) or _world_place(name) or name[-1] in wordset("person_object_endings") \
            or (pseg.dt.word_tag_tab.get(given) == "n" and (jieba.get_FREQ(given) or 0) >= _TITLED_WORD_FREQ):
        return False  # 雷阵雨: the "given name" is a common noun
    before = start == 0 or text[start - 1] in _BOUNDARY or text[start - 1] in _JOINERS - set("是的")  # 就是毛乌素
    doctrine = _startswith_any(text, end, words("person_doctrines"))  # 某某某党建理论; not 马克思|理论
    return before or joined or (doctrine is not None and len(doctrine) > 2) or _follow_kind(text, end) in ("speech", "follow", "title", "courtesy")


def _list_item(doc: _Doc, a: int, b: int, left: bool) -> tuple[int, int] | None:
    """The name in list part ``text[a:b]`` at its 、 side: a jieba name (or one closed by 等),
    else the whole part if it is short, else three characters."""
    text = doc.text
    for n in (3, 2):
        span = (b - n, b) if left else (a, a + n)
        if span[0] >= a and span[1] <= b and (doc.is_nr(*span) or (not left and text.startswith("等", span[1]))):
            return span
    if 2 <= b - a <= 3:
        return a, b
    return (b - 3, b) if left else None


def _lists(doc: _Doc) -> None:
    """``黄大年、郑德荣等``: names joined by 、, closed by 等 or holding a name already found."""
    text = doc.text

    def item(a: int, b: int, left: bool) -> tuple[int, int] | None:
        span = _list_item(doc, a, b, left)
        if span is None:
            return None
        name = text[span[0]:span[1]]
        return span if _split_run(name) == [(0, len(name))] and not _is_word(name, titled=doc.is_nr(*span)) else None

    for m in re.finditer(r"(?:[\u4e00-\u9fff]+、)+[\u4e00-\u9fff]+", text):
        parts, pos = [], m.start()
        for part in m.group().split("、"):
            parts.append((pos, pos + len(part)))
            pos += len(part) + 1
        group: list[tuple[int, int]] = []
        for a, b in parts:
            nxt = item(a, b, left=False) if group else None
            if nxt:
                group.append(nxt)
                if nxt[1] == b:
                    continue  # a whole part: the list may go on
            _close_list(doc, group)
            start = item(a, b, left=True) if not nxt else None
            group = [start] if start else []
        _close_list(doc, group)


def _close_list(doc: _Doc, group: list[tuple[int, int]]) -> None:
    text = doc.text
    if len(group) < 2 or not any(doc.is_nr(a, b) for a, b in group):
        return
    if text.startswith("等", group[-1][1]) or any(k in doc.found for k in group):
        for a, b in group:
            doc.add(a, b)


_SOUND_TAGS = ("nr", "nrt", "ns")  # jieba's reading of a piece of a transliterated name (杜伊森|贝赫, 西卡|鲁利泽)


def _sound_piece(doc: _Doc, a: int, b: int) -> bool:
    """``text[a:b]`` is one jieba token tagged as a name or place, all sound characters."""
    tok = doc.tokens.get(a)
    return tok is not None and tok[0] == b and tok[1] in _SOUND_TAGS and b - a >= 1 and _sounds_only(doc.text[a:b])


def _widen_foreign(doc: _Doc) -> None:
    """A name found inside a longer transliterated name grows to the whole name: a found run of
    sound characters with more sound-character name tokens right before or after it (伯奇|费尔院士,
    奥|兰迪斯, 维姆·杜伊森|贝赫), or a last sound character jieba glued to the particle or verb
    after it (斯捷帕|申是, 安德雷|斯和)."""
    text = doc.text
    chars = wordset("person_transliteration_chars")
    before: dict[int, int] = {}  # token end -> its start, built on the first candidate
    for a, b in sorted(doc.found):
        if b - a < 2 or not _sounds_only(text[a:b]) or b not in doc.tokens and b < len(text):
            continue
        before = before or {end: start for start, (end, _) in doc.tokens.items()}
        na, nb = a, b
        while True:  # pieces before, across a middle dot too
            edge = na - 1 if text[na - 1:na] == "·" else na
            prev = before.get(edge)
            if prev is None or not _sound_piece(doc, prev, edge) or edge - prev > 3:
                break
            na = prev
        while nb in doc.tokens and _sound_piece(doc, nb, doc.tokens[nb][0]) and doc.tokens[nb][0] - nb <= 3:
            nb = doc.tokens[nb][0]
        tok = doc.tokens.get(nb)
        if nb - na >= 3 and tok and tok[0] == nb + 2 and text[nb] in chars \
                and _follow_kind(text, nb + 1) in ("follow", "speech"):
            nb += 1  # 安德雷|斯和: jieba glued the last sound to 和
        if (na, nb) == (a, b):
            continue
        name = text[na:nb]
        if _is_place_name(name) or _world_place(name.split("·")[0]) or _has_common_word(name) \
                or any(x < nb and na < y and not (na <= x and y <= nb) for x, y in doc.found):
            continue
        attrs = doc.found.pop((a, b))
        if na != a:
            attrs = {k: v for k, v in attrs.items() if k not in ("title", "title_start")}
        doc.add(na, nb, **attrs)


_PAIRED = ("和", "与", "、", "／", "/")  # 斯捷潘诺夫和科瓦连科, 林晓雯／陈丽君: a name joined to a person


def _partner_end(doc: _Doc, c: int) -> int | None:
    """End of a name starting at ``c`` right after a joining word: a surname and given name,
    or a run of transliteration characters, closed by punctuation, a particle or a verb."""
    text = doc.text
    m = _foreign_re().match(text, c)
    ends = []
    if m:
        ends.append(doc.token_end(c, m.end()))
    hit = _name_at(doc, c) if _surname_len(text, c) else None
    if hit:
        ends.append(hit.end)
    for end in ends:
        name = text[c:end]
        kind = _follow_kind(text, end)
        if end - c < 2 or kind in (None, "place") or _place_or_word(name) or _dictionary_word(name):
            continue
        if hit and end == hit.end and _is_word(name):
            continue
        return end
    return None


def _partner_start(doc: _Doc, j: int) -> int | None:
    """Start of a name ending at ``j`` right before a joining word, standing after a boundary:
    a surname and given name, or a run of transliteration characters."""
    text = doc.text
    for c in range(j - 2, max(j - 7, -1), -1):
        if c > 0 and text[c - 1] not in _BOUNDARY:
            continue
        name = text[c:j]
        chinese = j - c <= 3 and _split_run(name) == [(0, j - c)] and _given_ok(text, c, _surname_len(text, c), j - c - _surname_len(text, c))
        if not (chinese or _sounds_only(name)) or _is_word(name) or _place_or_word(name):
            return None
        if chinese and _blocked(text, c, _surname_len(text, c), j - c - _surname_len(text, c)):
            return None
        return c
    return None


def _partners(doc: _Doc) -> None:
    """A name joined by 和, 与, 、 or ／ right after an accepted person (斯捷潘诺夫和科瓦连科两名
    副总理, 林晓雯／陈丽君): the pair reads as two people when the second is a name in shape."""
    text = doc.text
    for a, b in sorted(doc.found):
        if b - a < 2:
            continue
        start = _partner_start(doc, a - 1) if text[a - 1:a] in _PAIRED else None
        if start is not None and not any(x < a - 1 and start < y for x, y in doc.found):
            doc.add(start, a - 1)  # 王某某和李某某先生: the first of the pair
        if text[b:b + 1] not in _PAIRED:
            continue
        c = b + 1
        if any(x <= c < y for x, y in doc.found):
            continue
        end = _partner_end(doc, c)
        if end and not any(x < end and c < y for x, y in doc.found):
            doc.add(c, end)


def _registry(doc: _Doc) -> None:
    """Every other occurrence of a name accepted somewhere in the document, with the title or
    post-giving role (某局干部某某) written right before it."""
    text = doc.text
    names = {text[a:b] for a, b in doc.found if b - a >= 2}
    for name in sorted(names, key=len, reverse=True):
        for m in re.finditer(re.escape(name), text):
            span = (m.start(), m.end())
            if any(a <= span[0] and span[1] <= b and (a, b) != span for a, b in doc.found):
                continue
            if any(a < span[1] and span[0] < b and (a, b) != span for a, b in doc.found):
                continue
            if span not in doc.found:
                title = _endswith_any(text, span[0], words("person_titles"))
                role = _endswith_any(text, span[0], words("person_roles"))
                if role and role in wordset("person_post_roles") and len(role) > len(title or ""):
                    title = role  # 某局干部某某: a role that gives a post
                doc.add(*span, **_title_before(title, span[0]))


_QUOTES = "“”‘’"  # a quoted name inside a stacked title (某镇党委书记、“某某”片区召集人)
_STACK_REACH = 20  # characters between two stacked titles (X合作社负责人、Y理事会理事长)
_SHARED = ("、", "和", "与", "及")  # 驻村干部甲和乙: the title covers both names


@lru_cache(maxsize=1)
def _copula() -> re.Pattern[str]:
    """某某是…, 某某今年26岁，是…, 某某当选…, 某某同时担任…, 某某经推荐选举担任…: a verb opening a
    predicate post; a verb of two or more characters may come after a few words of the clause,
    the one-character 是 only right after the name or a comma."""
    verbs = words("person_post_verbs")
    short = "|".join(re.escape(v) for v in verbs if len(v) == 1)
    long_ = "|".join(re.escape(v) for v in sorted(verbs, key=len, reverse=True) if len(v) > 1)
    return re.compile(f"(?:[^，。；！？\n“”]{{0,8}}，)?(?:{short}|[^，。；！？、\n“”]{{0,6}}?(?:{long_}))")


_COPULA_REACH = 40


@lru_cache(maxsize=1)
def _post_verbs() -> tuple[str, ...]:
    """The verbs of two or more characters opening a post (兼任, 担任), longest first."""
    return tuple(sorted((v for v in words("person_post_verbs") if len(v) > 1), key=len, reverse=True))


def _more_posts(doc: _Doc) -> None:
    """Titles beyond the one written right before a name, added to ``doc.posts``:

    - stacked titles joined by 、 (区委常委、组织部部长某某; 某合作社负责人、某理事会理事长某某),
      also before a role (某社区网格长、党员某某): each earlier title, with its body written before it;
    - a title shared by names joined by 、 or 和 (包保干部甲、乙等; 驻村干部甲和乙);
    - a predicate title (某某是某村党支部书记。某某今年26岁，是某社区的一名网格员。某某当选某村
      党支部书记。), the verbs read from ``data/person_post_verbs.txt``.
    """
    text = doc.text
    titles = words("person_titles")
    found = sorted(doc.found)
    roles = words("person_roles")
    for a, b in found:
        attrs = doc.found[(a, b)]
        role = _endswith_any(text, a, roles) if "title" not in attrs else None
        if role and text[a - len(role) - 1:a - len(role)] == "、":
            t = a - len(role)  # 某社区网格长、党员某某: the title stacked before a role
        elif "title" not in attrs or int(attrs["title_start"]) >= a:
            continue
        else:
            t = int(attrs["title_start"])
        extra = doc.posts.setdefault((a, b), [])
        while True:
            k = t - 1
            while k > 0 and t - k <= _STACK_REACH and (text[k] not in _BOUNDARY or text[k] in _QUOTES):
                k -= 1
            title = _endswith_any(text, k, titles) if k > 0 and text[k] == "、" else None
            if not title or any(x < t and k - len(title) < y for x, y in found):
                break
            extra.append((title, k - len(title)))
            t = k - len(title)
    for (a, b), (c, d) in zip(found, found[1:]):
        first, second = doc.found[(a, b)], doc.found[(c, d)]
        if text[b:c] in _SHARED and "title" in first and int(first["title_start"]) < a and "title" not in second:
            second["title"], second["title_start"] = first["title"], first["title_start"]
            doc.posts.setdefault((c, d), []).extend(doc.posts.get((a, b), []))
    for a, b in found:
        m = _copula().match(text, b)
        if not m or _speech_re().search(m.group()):
            continue
        pos = m.end()
        while True:  # 担任某村党总支书记、村委会主任: each title of the list
            end = pos
            while end < len(text) and end - m.end() < _COPULA_REACH and text[end] not in _BOUNDARY:
                end += 1
            if end == len(text) or text[end] not in "，。；！？、" or end == pos:
                break
            title = _endswith_any(text, end, titles)
            if title and end - len(title) >= pos:
                doc.posts.setdefault((a, b), []).append((title, end - len(title)))
            verb = _startswith_any(text, end + 1, _post_verbs()) if text[end] == "，" else None
            if text[end] != "、" and not verb:
                break
            pos = end + 1 + len(verb or "")  # 曾任某委主任，兼任某镇党委书记: the next clause goes on with a post


def find_people(text: str, sentences: list[Sentence]) -> list[Candidate]:
    """Person candidates in a normalized document text, one per mention.

    >>> [c.name for c in find_people("梨树县委组织部副部长田昭一说。", [])]
    ['田昭一']
    """
    doc = _Doc.build(text, sentences)
    _bylines(doc)
    _magazine_authors(doc)
    _titled(doc)
    _bare(doc)
    _sandwiched(doc)
    _foreign(doc)
    _tibetan(doc)
    _japanese(doc)
    _nationals(doc)
    _lists(doc)
    _tagged(doc)
    _widen_foreign(doc)
    _partners(doc)
    _registry(doc)
    _more_posts(doc)
    out: list[Candidate] = []
    for (a, b), attrs in sorted(doc.found.items()):
        if any(x <= a and b <= y and (x, y) != (a, b) for x, y in doc.found):
            continue  # inside a longer name
        if _inside_title_marks(text, a, b):
            continue
        pairs = list(attrs.items())
        for title, at in doc.posts.get((a, b), []):
            pairs += [("title", title), ("title_start", str(at))]
        out.append(Candidate(a, b, "Person", text[a:b], attrs=tuple(pairs)))
    return out


def _inside_title_marks(text: str, a: int, b: int) -> bool:
    """The name is a book or play title: 《黄大年》."""
    return a > 0 and text[a - 1] == "《" and text.startswith("》", b)

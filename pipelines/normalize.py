"""Repair PDF-extraction damage, keeping a map back to the original offsets.

What it repairs, all seen in the seeds:

- stray spaces inside Chinese text (``服务 触角`` → ``服务触角``, ``2015 年`` →
  ``2015年``), while keeping the spaces that separate names in bylines and
  heading halves (``本报记者 李娜``, ``织密组织网络 破解治理难题``);
- hard line breaks inside sentences: narrow magazine columns are re-joined
  into paragraphs (a line as wide as its neighbours continues on the next);
- blank lines interleaved between every line;
- running page headers repeated through a magazine, and bare page numbers;
  where a page starts (after a dropped header, or at a line the extraction
  indented) is kept in ``page_starts``;
- Markdown markers (``#`` headings, ``**bold**``), recorded as headings;
- ASCII punctuation inside Chinese text (``,`` ``"`` ``(``) made full-width,
  one character for one, so offsets stay aligned.

The result keeps ``offsets``: ``offsets[i]`` is the original index of
normalized character ``i`` (``offsets[len(text)]`` is the original length).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from pipelines.lexicon import words

_TERMINAL = "。！？!?…；;"
_CLOSERS = "”’」』）)》】"
_CONTINUES = "，,、：:（(“《"


@dataclass(frozen=True, slots=True)
class Heading:
    start: int
    end: int
    level: int  # Markdown level; 0 for a heading found by layout


@dataclass(frozen=True, slots=True)
class NormalizedText:
    text: str
    offsets: tuple[int, ...]
    headings: tuple[Heading, ...] = ()
    page_starts: tuple[int, ...] = ()  # normalized offsets where a printed page's text begins

    def to_original(self, index: int) -> int:
        return self.offsets[index]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Original ``[start, end)`` of a normalized span."""
        if end <= start:
            return self.offsets[start], self.offsets[start]
        return self.offsets[start], self.offsets[end - 1] + 1


def is_cjk(ch: str) -> bool:
    """A Han character or CJK/full-width punctuation."""
    if not ch:
        return False
    o = ord(ch)
    return (
        0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0x3000 <= o <= 0x303F
        or 0xFF00 <= o <= 0xFFEF or 0x2000 <= o <= 0x206F or 0x20000 <= o <= 0x2FFFF
        or ch in "•·"
    )


def _is_han(ch: str) -> bool:
    return bool(ch) and ("\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf")


# ------------------------------------------------------------------ lines
@dataclass(slots=True)
class _Line:
    chars: list[str]
    origin: list[int]  # original index of each char
    end_origin: int  # original index just past the line (its newline)
    heading: int | None = None  # Markdown heading level
    blank_before: int = 0
    indented: bool = False  # the extraction put whitespace before it: a page's first line
    width: float = 0.0  # printed width, measured before spaces are dropped

    @property
    def text(self) -> str:
        return "".join(self.chars)


def _split_lines(raw: str) -> list[_Line]:
    lines = []
    pos = 0
    for piece in raw.split("\n"):
        chars = list(piece)
        origin = list(range(pos, pos + len(piece)))
        lines.append(_Line(chars, origin, pos + len(piece)))
        pos += len(piece) + 1
    return lines


def _delete(line: _Line, keep) -> None:
    pairs = [(c, o) for i, (c, o) in enumerate(zip(line.chars, line.origin)) if keep(i)]
    line.chars = [c for c, _ in pairs]
    line.origin = [o for _, o in pairs]


_MD_HEADING = re.compile(r"^\s*(#{1,6})\s+")
_MD_BOLD = re.compile(r"\*\*")
_PAGE_NUMBER = re.compile(r"^[\s\-—·第页0-9PpIVXivx]{1,8}$")


def _strip_markup(line: _Line) -> None:
    text = line.text
    m = _MD_HEADING.match(text)
    drop = set()
    if m:
        line.heading = len(m.group(1))
        drop.update(range(m.end()))
    for m in _MD_BOLD.finditer(text):
        drop.update(range(m.start(), m.end()))
    text_chars = line.chars
    for i, ch in enumerate(text_chars):
        if ch in "\r\ufeff\u200b\u200c\u200d\u00ad":
            drop.add(i)
    if drop:
        _delete(line, lambda i: i not in drop)


def _is_token_line(text: str) -> bool:
    """A byline, dateline or two-part heading: short space-separated tokens, no sentence punctuation.

    ``本报记者 李娜``, ``2025年11月27日 星期四 编辑 张蕊 杨慧``, ``织密组织网络 破解治理难题``.
    """
    tokens = text.split()
    if len(tokens) < 2 or len(text) > 40:
        return False
    if any(ch in "，。；：、！？,;!?" for ch in text):
        return False
    names = sum(1 for t in tokens if 2 <= len(t) <= 8 and all(_is_han(c) or c in "·•" for c in t))
    return names >= 2 and all(2 <= len(t) <= 14 for t in tokens) and max(len(t) for t in tokens if not any(ch.isdigit() for ch in t)) <= 9


def visual_length(text: str) -> float:
    """Width in full-width cells: Latin letters and digits count half."""
    return sum(0.5 if ch.isascii() else 1.0 for ch in text)


def _printed_width(text: str) -> float:
    """Width of a raw line in full-width cells: Latin letters, digits and the spaces set around them count half.

    A PDF extraction writes the gap typeset around a number as a space
    (``8 月 19 日``); other whitespace takes no room of its own.
    """
    width = 0.0
    for i, ch in enumerate(text):
        if ch == " ":
            near = text[i - 1:i] + text[i + 1:i + 2]
            width += 0.5 if any(c.isascii() and c.isalnum() for c in near) else 0.0
        elif not ch.isspace():
            width += 0.5 if ch.isascii() else 1.0
    return width


def _fix_spaces(line: _Line) -> None:
    """Drop whitespace next to Chinese text; keep one space between Latin words and in bylines."""
    text = line.text
    stripped = text.strip()
    keep_single = _is_token_line(stripped)
    n = len(text)
    drop = set()
    i = 0
    while i < n:
        if text[i].isspace():
            j = i
            while j < n and text[j].isspace():
                j += 1
            left = text[i - 1] if i > 0 else ""
            right = text[j] if j < n else ""
            if not left or not right:
                drop.update(range(i, j))  # leading/trailing
            elif keep_single:
                drop.update(range(i + 1, j))
            elif is_cjk(left) or is_cjk(right):
                drop.update(range(i, j))
            else:
                drop.update(range(i + 1, j))  # Latin words: one space
            i = j
        else:
            i += 1
    if drop:
        _delete(line, lambda k: k not in drop)
    # a kept space inside a byline/heading line becomes a plain space
    line.chars = [" " if c.isspace() else c for c in line.chars]


def _running_headers(lines: list[_Line]) -> set[str]:
    """Short lines that recur through the document: page headers and footers."""
    counts = Counter(re.sub(r"\s+", "", ln.text) for ln in lines if ln.text.strip())
    markers = words("byline_markers")
    out = set()
    for text, n in counts.items():
        if n >= 3 and len(text) <= 40 and text[-1] not in _TERMINAL + _CLOSERS[:1] and not any(m in text for m in markers):
            out.add(text)
    return out


def _local_width(lengths: list[int], i: int, radius: int = 8) -> int | None:
    """The column width around line ``i``: the most common length of its neighbours, if clear."""
    window = [n for n in lengths[max(0, i - radius): i + radius + 1] if n >= 8]
    if len(window) < 4:
        return None
    counts = Counter(window)
    width, _ = max(counts.items(), key=lambda kv: (sum(counts.get(kv[0] + d, 0) for d in (-1, 0, 1)), kv[0]))
    support = sum(counts.get(width + d, 0) for d in (-1, 0, 1))
    if support < max(3, 0.4 * len(window)):
        return None
    return width


def _ends_sentence(text: str) -> bool:
    t = text.rstrip()
    while t and t[-1] in _CLOSERS:
        t = t[:-1]
    return bool(t) and t[-1] in _TERMINAL


def _should_join(prev: _Line, nxt: _Line, width: int | None, blank_breaks: bool) -> bool:
    if prev.heading is not None or nxt.heading is not None:
        return False
    a, b = prev.text, nxt.text
    if not a or not b or _is_token_line(a) or _is_token_line(b):
        return False
    if blank_breaks and nxt.blank_before:
        return False
    if b.startswith(tuple(words("news_leads"))):
        return False  # a news lead (本报讯…) never continues its headline
    if a[0] in "（(" and a[-1] in "）)":
        return False  # a parenthetical line stands alone: （作者：…）, a caption credit
    full = width is not None and max(prev.width, visual_length(a)) >= width - 3
    if _ends_sentence(a) and not full:
        return False
    if full:
        return True
    if blank_breaks and len(a) >= 20:
        return True  # a paragraph hard-wrapped inside a blank-line-separated text
    return a[-1] in _CONTINUES


def _punctuation(text: list[str]) -> None:
    """ASCII punctuation beside Chinese text becomes full-width, one char for one."""
    table = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
    n = len(text)
    open_quote = False
    for i, ch in enumerate(text):
        if ch == "\n":
            open_quote = False
            continue
        left = text[i - 1] if i > 0 else ""
        right = text[i + 1] if i + 1 < n else ""
        if ch in table and (is_cjk(left) or is_cjk(right)):
            text[i] = table[ch]
        elif ch == '"' or (ch == "'" and open_quote and is_cjk(left)):
            text[i] = "”" if open_quote else "“"
            open_quote = not open_quote
        elif ch == "“":
            open_quote = True
        elif ch == "”":
            open_quote = False


def normalize(raw: str) -> NormalizedText:
    """Normalize one file's text. Paragraphs come out one per line.

    >>> normalize("党组织的服务 触角延伸到每一个角落").text
    '党组织的服务触角延伸到每一个角落'
    """
    raw = unicodedata.normalize("NFC", raw)
    lines = _split_lines(raw)
    for ln in lines:
        _strip_markup(ln)
        raw_line = ln.text
        ln.indented = raw_line[:1].isspace() and bool(raw_line.strip())
        ln.width = _printed_width(raw_line.strip())
        _fix_spaces(ln)

    # blank lines: meaningful paragraph breaks, or interleaved noise?
    blanks = 0
    kept: list[_Line] = []
    for ln in lines:
        if not ln.text:
            blanks += 1
            continue
        ln.blank_before = blanks
        blanks = 0
        kept.append(ln)
    gaps = [ln.blank_before for ln in kept[1:]]
    interleaved = bool(gaps) and sum(1 for g in gaps if g == 1) >= 0.8 * len(gaps)

    headers = _running_headers(kept)
    body: list[_Line] = []
    after_header = False
    for ln in kept:
        if re.sub(r"\s+", "", ln.text) in headers or _PAGE_NUMBER.match(ln.text):
            after_header = True
            continue
        ln.indented = ln.indented or after_header
        after_header = False
        body.append(ln)
    kept = body
    paged = sum(1 for ln in kept if ln.indented) >= 2  # a paginated layout, not one stray indent

    lengths = [round(visual_length(ln.text)) for ln in kept]
    out_chars: list[str] = []
    out_origin: list[int] = []
    headings: list[Heading] = []
    pages: list[int] = []
    for i, ln in enumerate(kept):
        if i > 0:
            prev = kept[i - 1]
            width = _local_width(lengths, i - 1)
            if _should_join(prev, ln, width, blank_breaks=not interleaved):
                if prev.text[-1].isascii() and prev.text[-1].isalnum() and ln.text[0].isascii() and ln.text[0].isalnum():
                    out_chars.append(" ")
                    out_origin.append(prev.end_origin)
            else:
                out_chars.append("\n")
                out_origin.append(prev.end_origin)
        start = len(out_chars)
        if paged and ln.indented and i > 0:
            pages.append(start)
        out_chars.extend(ln.chars)
        out_origin.extend(ln.origin)
        if ln.heading is not None:
            headings.append(Heading(start, len(out_chars), ln.heading))
    _punctuation(out_chars)
    out_origin.append(len(raw))
    return NormalizedText("".join(out_chars), tuple(out_origin), tuple(headings), tuple(pages))

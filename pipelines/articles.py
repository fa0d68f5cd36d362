"""Split a file into articles, and find each article's title, date and bylines.

A newspaper page or magazine issue holds several articles. An article ends
at an author line (（作者：…）); a news item starts at the headline lines just
before its lead (本报讯(记者…), 新华社…电); a report whose numbered sections
start again at 一、 after 二、 is a new article from the paragraph before
that heading. In a paginated magazine the title block of an article (its
headline lines and author line) is often extracted at the end of its first
page: the article starts where that page starts. A page of dated briefs
(7月20日，… paragraph after paragraph) holds one item per paragraph.
Its title is the heading or short line just before its byline.
Files with one article come back whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipelines.lexicon import alternation

_AUTHOR_LINE = re.compile(r"[（(]作者[：:][^\n（()）]{1,60}[）)]")
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_BYLINE = re.compile(r"^(?:[\u4e00-\u9fff·]{2,4} )*(?:本报记者|记者|通讯员|本报通讯员)(?: [\u4e00-\u9fff·]{2,4})+$", re.M)


@dataclass(frozen=True, slots=True)
class Article:
    start: int
    end: int
    title: str | None


_NUMBERED = re.compile(r"^([一二三四五六七八九十]{1,3})、", re.M)
_HEADLINE_MAX = 40


def _is_headline(line: str) -> bool:
    t = line.strip()
    return 0 < len(t) <= _HEADLINE_MAX and not re.search(r"[。！？；]$", t)


def _lead_cuts(text: str) -> list[int]:
    """Starts of news items: the headline lines (at most three) right before each lead line."""
    cuts = []
    lead = re.compile("^(?:" + alternation("news_leads") + ")", re.M)
    for m in lead.finditer(text):
        start = m.start()
        for _ in range(3):
            prev_end = start - 1
            if prev_end <= 0:
                break
            prev_start = text.rfind("\n", 0, prev_end) + 1
            if not _is_headline(text[prev_start:prev_end]):
                break
            start = prev_start
        cuts.append(start)
    return cuts


_CN_NUM = "一二三四五六七八九十"


def _restart_cuts(text: str) -> list[tuple[int, int]]:
    """Numbered sections starting again at 一、 after 二、 or later: a new report from the paragraph before.

    Returns ``(cut, heading start)`` pairs.
    """
    cuts, highest = [], 0
    for m in _NUMBERED.finditer(text):
        num = m.group(1)
        value = _CN_NUM.index(num[-1]) + 1 if len(num) == 1 else 10
        if value == 1 and highest >= 2 and m.start() > 0:
            prev_start = text.rfind("\n", 0, m.start() - 1) + 1
            cuts.append((prev_start if not _NUMBERED.match(text, prev_start) else m.start(), m.start()))
            highest = 1
        else:
            highest = max(highest, value)
    return cuts


_TITLE_LINE_MAX = 24
_TITLE_MIN = 5
_BRIEF_DATE = re.compile(
    r"^\d{1,2}月(?:\d{1,2}日(?:至(?:\d{1,2}月)?\d{1,2}日)?|初|底|末|上旬|中旬|下旬|以来)[，,]", re.M)
_BRIEFS_MIN = 4
_BRIEF_GAP = 2


def _is_title_line(line: str) -> bool:
    t = line.strip()
    return 0 < len(t) <= _TITLE_LINE_MAX and not re.search(r"[，。；：？！、,;:?!]", t)


def _title_block_cuts(text: str, page_starts: tuple[int, ...]) -> dict[int, int]:
    """Article starts found from title blocks printed at the end of a page.

    A run of two or more short lines without punctuation (headline lines and an
    author line) right before the line that starts the next page is the title
    of an article that began at the start of the page holding it. Returns
    ``{article start: title block start}``.
    """
    cuts: dict[int, int] = {}
    starts = set(page_starts)
    for page in sorted(starts):
        if page == 0 or text[page - 1] != "\n":
            continue
        block, pos = page - 1, page - 1
        lines = 0
        while pos > 0:
            line_start = text.rfind("\n", 0, pos) + 1
            if not _is_title_line(text[line_start:pos]):
                break
            block, lines = line_start, lines + 1
            pos = line_start - 1
        block_lines = text[block:page].split("\n")
        if lines < 2 or block == 0 or max(len(ln.strip()) for ln in block_lines) < _TITLE_MIN:
            continue  # two short labels (蛟河市 / 桦甸市) are section labels, not a headline
        before = [p for p in starts if p <= block]
        cuts[max(before) if before else 0] = block
    return cuts


def _brief_cuts(text: str) -> list[int]:
    """Starts of dated briefs, when paragraph after paragraph opens with a date (7月20日，…)."""
    dated = {m.start() for m in _BRIEF_DATE.finditer(text)}
    if len(dated) < _BRIEFS_MIN:
        return []
    cuts, run, gap, pos = [], [], 0, 0
    for line in text.split("\n"):
        if pos in dated:
            run.append(pos)
            gap = 0
        elif len(line) >= 30:
            gap += 1
            if gap > _BRIEF_GAP:  # a run of briefs ends after a few undated paragraphs
                cuts += run if len(run) >= _BRIEFS_MIN else []
                run = []
        pos += len(line) + 1
    return cuts + (run if len(run) >= _BRIEFS_MIN else [])


def split_articles(text: str, page_starts: tuple[int, ...] = ()) -> list[Article]:
    """Article spans of a normalized text (one span for a single-article file).

    Parameters
    ----------
    text : str
        A normalized text (:func:`pipelines.normalize.normalize`).
    page_starts : tuple of int, optional
        Offsets where printed pages start (``NormalizedText.page_starts``).

    Returns
    -------
    list of Article
    """
    author_cuts = [m.end() for m in _AUTHOR_LINE.finditer(text)]
    bounds = {0, len(text)}
    if len(author_cuts) >= 2:
        bounds |= {c + 1 if c < len(text) and text[c] == "\n" else c for c in author_cuts}
    bounds |= set(_lead_cuts(text)) | set(_brief_cuts(text))
    titled = {}
    for start, block in _title_block_cuts(text, page_starts).items():
        if not any(start < b <= block for b in bounds):  # no other boundary already on that page
            bounds.add(start)
            titled[start] = block
    # numbering restarting on the page a titled article starts on is that article's own
    pages = sorted(page_starts)
    for cut, heading in _restart_cuts(text):
        on_page = [p for p in pages if p <= heading]
        if not (on_page and on_page[-1] in titled):
            bounds.add(cut)
    bounds = sorted(bounds)
    out = []
    for a, b in zip(bounds, bounds[1:]):
        if text[a:b].strip():
            title = _block_title(text, titled[a]) if a in titled else find_title(text[a:b])
            out.append(Article(a, b, title))
    if len(out) <= 1:
        return [Article(0, len(text), find_title(text))]
    return out


def _block_title(text: str, block: int) -> str:
    """The first line of a title block."""
    end = text.find("\n", block)
    return text[block:end if end >= 0 else len(text)].strip()


def find_title(text: str) -> str | None:
    """The line before the first byline, else the first short line without sentence punctuation."""
    lines = text.split("\n")
    lead = re.compile("^(?:" + alternation("news_leads") + ")", re.M).search(text)
    if lead:  # a news item: its headline lines sit right before the lead (本报讯…)
        head = [ln.strip() for ln in text[:lead.start()].rstrip("\n").split("\n")[-2:] if _is_headline(ln)]
        if head:
            return head[-1]
    m = _BYLINE.search(text)
    if m:
        before = text[:m.start()].rstrip("\n").split("\n")
        for line in reversed(before):
            t = line.strip()
            if t and not t.startswith("——") and len(t) <= 40:
                return t
    for line in lines[:8]:
        t = line.strip()
        if 4 <= len(t) <= 40 and not re.search(r"[，。；：？！]", t) and not _DATE.search(t):
            return t
    return None


def find_date(text: str) -> str | None:
    """The first full date in the opening of a text, as YYYY-MM-DD."""
    m = _DATE.search(text[:300])
    if not m:
        return None
    y, mo, d = (int(x) for x in m.groups())
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"

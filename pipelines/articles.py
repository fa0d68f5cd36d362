"""Split a file into articles, and find each article's title, date and bylines.

A newspaper page or magazine issue holds several articles. An article ends
at an author line (（作者：…）); a news item starts at the headline lines just
before its lead (本报讯(记者…), 新华社…电); a report whose numbered sections
start again at 一、 after 二、 is a new article from the paragraph before
that heading. Its title is the heading or short line just before its byline.
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


def _restart_cuts(text: str) -> list[int]:
    """Numbered sections starting again at 一、 after 二、 or later: a new report from the paragraph before."""
    cuts, highest = [], 0
    for m in _NUMBERED.finditer(text):
        num = m.group(1)
        value = _CN_NUM.index(num[-1]) + 1 if len(num) == 1 else 10
        if value == 1 and highest >= 2 and m.start() > 0:
            prev_start = text.rfind("\n", 0, m.start() - 1) + 1
            cuts.append(prev_start if not _NUMBERED.match(text, prev_start) else m.start())
            highest = 1
        else:
            highest = max(highest, value)
    return cuts


def split_articles(text: str) -> list[Article]:
    """Article spans of a normalized text (one span for a single-article file)."""
    author_cuts = [m.end() for m in _AUTHOR_LINE.finditer(text)]
    bounds = {0, len(text)}
    if len(author_cuts) >= 2:
        bounds |= {c + 1 if c < len(text) and text[c] == "\n" else c for c in author_cuts}
    bounds |= set(_lead_cuts(text)) | set(_restart_cuts(text))
    bounds = sorted(bounds)
    out = []
    for a, b in zip(bounds, bounds[1:]):
        if text[a:b].strip():
            out.append(Article(a, b, find_title(text[a:b])))
    if len(out) <= 1:
        return [Article(0, len(text), find_title(text))]
    return out


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

"""Split a file into articles, and find each article's title, date and bylines.

A newspaper page or magazine issue holds several articles. An article ends
at an author line (（作者：…）); its title is the heading or short line just
before its byline. Files with one article come back whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_AUTHOR_LINE = re.compile(r"[（(]作者[：:][^\n（()）]{1,60}[）)]")
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_BYLINE = re.compile(r"^(?:[\u4e00-\u9fff·]{2,4} )*(?:本报记者|记者|通讯员|本报通讯员)(?: [\u4e00-\u9fff·]{2,4})+$", re.M)


@dataclass(frozen=True, slots=True)
class Article:
    start: int
    end: int
    title: str | None


def split_articles(text: str) -> list[Article]:
    """Article spans of a normalized text (one span for a single-article file)."""
    cuts = [m.end() for m in _AUTHOR_LINE.finditer(text)]
    if len(cuts) < 2:
        return [Article(0, len(text), find_title(text))]
    bounds = [0] + [c + 1 if c < len(text) and text[c] == "\n" else c for c in cuts]
    if bounds[-1] < len(text):
        bounds.append(len(text))
    out = []
    for a, b in zip(bounds, bounds[1:]):
        if text[a:b].strip():
            out.append(Article(a, b, find_title(text[a:b])))
    return out


def find_title(text: str) -> str | None:
    """The line before the first byline, else the first short line without sentence punctuation."""
    lines = text.split("\n")
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

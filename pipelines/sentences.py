"""Sentence spans of a normalized text.

A sentence ends at a line break (a paragraph, heading or byline) or after
``。！？…`` together with any closing quotes or brackets that follow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_END = re.compile(r"(?:[。！？!?]+|…{1,2})([”’」』）)]*)|\n")
_OPENERS = "“‘「『（(\n"


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences with offsets; empty spans are skipped.

    >>> [s.text for s in split_sentences("一年来，我省深入开展“双报到”。“很好！”他说。\\n本报记者 李娜")]
    ['一年来，我省深入开展“双报到”。', '“很好！”他说。', '本报记者 李娜']
    """
    out: list[Sentence] = []
    pos = 0
    for m in _END.finditer(text):
        if m.group() != "\n" and m.group(1) and m.end() < len(text) and text[m.end()] not in _OPENERS:
            continue  # “很好！”他说。 — a quoted exclamation inside a sentence
        if m.group().startswith("…") and m.end() < len(text) and text[m.end()] in "，、；：":
            continue
        end = m.end() if m.group() != "\n" else m.start()
        _add(out, text, pos, end)
        pos = m.end()
    _add(out, text, pos, len(text))
    return out


def _add(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(len(out), start, end, text[start:end]))

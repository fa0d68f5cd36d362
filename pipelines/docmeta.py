"""Document metadata: title, date, publication, edition and bylines.

Two sources are merged. The reader of a format gives what the file itself
says (an HTML page's ``<title>`` and publication time, a Word file's title
property, the running headers a PDF page repeats); the text gives what a
newspaper prints in its masthead or dateline (``2025年11月27日 星期四``,
``吉林日报``, ``第3版``). What the file says wins for the title and date, the
masthead for publication and edition; see :func:`merge_meta`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from pipelines import articles as art
from pipelines.lexicon import table

__all__ = ["SourceMeta", "find_publication", "find_edition", "find_date", "merge_meta"]


@dataclass(frozen=True, slots=True)
class SourceMeta:
    """What is known about a document beyond its text.

    ``header_lines`` are the running headers and footers a reader dropped
    from the text (a PDF's masthead line); they are searched for the date,
    publication and edition. ``media_type`` is the format actually read (by
    content, not by file name extension).
    """

    title: str | None = None
    date: str | None = None  # ISO 8601 (YYYY-MM-DD)
    publication: str | None = None
    edition: str | None = None
    authors: tuple[str, ...] = ()
    header_lines: tuple[str, ...] = ()
    media_type: str = "text/plain"


_EDITION = re.compile(
    r"(第\s*[A-Za-z]?\s*\d{1,3}\s*版|(?<![0-9A-Za-z])[A-Za-z]?\d{1,3}\s*版|第[一二三四五六七八九十]{1,3}版)(?![权本])"
)
_MASTHEAD_LINES = 6  # lines of the text's opening searched for a masthead


def _masthead(text: str, header_lines: tuple[str, ...]) -> list[str]:
    lines = [ln.strip() for ln in header_lines]
    lines += [ln.strip() for ln in text.split("\n")[:_MASTHEAD_LINES]]
    return [ln for ln in lines if ln and len(ln) <= 60]


def find_publication(lines: list[str]) -> str | None:
    """The first masthead token that is a newspaper or magazine name.

    Only whole whitespace-separated tokens of short lines count, so a
    sentence that cites a paper (据吉林日报报道) is not a masthead.

    >>> find_publication(["吉林日报 2025年11月27日 星期四 第3版"])
    '吉林日报'
    """
    suffixes = sorted(table("publication_suffixes"), key=lambda row: -len(row[0]))
    for line in lines:
        if any(ch in line for ch in "，。；！？"):
            continue
        dated = bool(art.find_date(line) or _EDITION.search(line))
        for token in re.split(r"[\s|｜·•]+", line):
            token = token.strip("《》〈〉“”\"'")
            if not (2 < len(token) <= 12 and all("\u4e00" <= ch <= "\u9fff" for ch in token)):
                continue
            ending = next((row for row in suffixes if token.endswith(row[0]) and len(token) > len(row[0])), None)
            if ending and (ending[1] == "any" or dated):
                return token
    return None


def find_edition(lines: list[str]) -> str | None:
    """The edition (版) printed in a masthead or running header, as printed.

    >>> find_edition(["2025年11月27日 星期四 第 3 版 要闻"])
    '第3版'
    """
    for line in lines:
        if any(ch in line for ch in "，。；！？"):
            continue
        m = _EDITION.search(line)
        if m:
            return re.sub(r"\s+", "", m.group(1))
    return None


def find_date(text: str, header_lines: tuple[str, ...] = ()) -> str | None:
    """The document's date as YYYY-MM-DD: a running header's first, else the text opening's."""
    return art.find_date("\n".join(header_lines)) or art.find_date(text)


def merge_meta(text: str, source: SourceMeta | None = None) -> SourceMeta:
    """Everything known about a file's document: ``source`` (from the reader) completed from ``text``.

    Parameters
    ----------
    text : str
        The normalized text of the file.
    source : SourceMeta, optional
        What the reader found in the file itself.

    Returns
    -------
    SourceMeta
        ``title`` is the reader's, else :func:`pipelines.articles.find_title`;
        ``date`` the reader's (markup), else a header's or the text opening's;
        ``publication`` and ``edition`` from the masthead, else the reader's.
    """
    source = source or SourceMeta()
    lines = _masthead(text, source.header_lines)
    return replace(
        source,
        title=source.title or art.find_title(text),
        date=source.date or find_date(text, source.header_lines),
        publication=find_publication(lines) or source.publication,
        edition=find_edition(lines) or source.edition,
    )


def with_bylines(corpus, extra: tuple[str, ...] = ()) -> None:
    """Fill each document's ``authors`` from the byline names the people recognizer linked to it.

    ``corpus`` is a :class:`kg.model.Corpus` of one file; its ``authorOf``
    relations give the names, in the order the text prints them. A file split into articles
    gets the names of all its articles; ``extra`` (names the file's own
    metadata gives, an HTML page's author) are added to the file's document.
    """
    names: dict[str, list[str]] = {d.doc_id: [] for d in corpus.documents}
    for r in corpus.relations:
        e = corpus.entities.get(r.subject)
        if r.predicate == "authorOf" and e is not None and r.object in names:
            names[r.object].append(e.name)
    for d in corpus.documents:
        if d.part_of in names:
            names[d.part_of] += names[d.doc_id]
        else:
            names[d.doc_id] += list(extra)
    def in_text_order(d) -> tuple[str, ...]:
        unique = list(dict.fromkeys(names[d.doc_id]))
        return tuple(sorted(unique, key=lambda n: (d.text.find(n) % (len(d.text) + 1), unique.index(n))))

    corpus.documents = [replace(d, authors=in_text_order(d)) for d in corpus.documents]

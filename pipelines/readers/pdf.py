"""PDF pages in reading order, through pdfminer.six's layout analysis.

pdfminer gives the text lines of each page with their boxes and type sizes;
this module puts them in the order a reader of a Chinese newspaper or
magazine page follows and lays them out as paragraphs:

- **Running headers and footers** are dropped: short lines that recur, digits
  aside (``第3版``/``第4版``), at the same height on at least half the pages,
  and bare page numbers at the top or bottom of a page. They are kept apart
  (``SourceMeta.header_lines``) because a masthead line holds the date,
  publication and edition.
- **Columns** are found by a recursive XY cut: a region splits into columns
  at a vertical gutter no line crosses; when none exists, it splits into
  horizontal bands, and neighbouring bands that share a gutter are merged
  again, so a headline spanning two columns is read first, then the left
  column top to bottom, then the right one.
- **Paragraphs** are rebuilt from the geometry: a line starts a new paragraph
  when it is indented, after a line that stops short of the column's right
  edge, after a vertical gap, or when the type size changes; otherwise it
  continues the previous line, across columns and pages.
- **Headings** (type noticeably larger than the body) become Markdown ``#``
  lines; **captions** (smaller type, a line right under or over a picture, or
  one opening with a caption word) become paragraphs of their own, placed
  after the paragraph the picture interrupted.

The text then goes through :func:`pipelines.normalize.normalize` like any
``.txt`` file.
"""

from __future__ import annotations

import io
import logging
import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from pipelines.docmeta import SourceMeta
from pipelines.lexicon import words

__all__ = ["read_pdf", "pdf_lines", "layout_text"]

#: pdfminer layout parameters. ``char_margin`` is 0.6 character, not the
#: default two, so that two columns set a narrow gutter apart stay separate lines.
LAPARAMS = {"char_margin": 0.6, "line_margin": 0.5, "word_margin": 0.1,
            "detect_vertical": False, "all_texts": False, "boxes_flow": None}

_HANGING = "。，、；：！？”’）》」』."
_PAGE_NUMBER = re.compile(r"^(?:第\s*)?[-–—·•\s]*(?:\d{1,4}|[ivxlcIVXLC]{1,6})[-–—·•\s]*(?:页|/\s*\d{1,4})?$")


@dataclass(slots=True)
class Line:
    """A text line of a page; ``top``/``bottom`` are measured from the top of the page."""

    page: int
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    text: str
    kind: str = "body"  # body, heading, caption

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def core_x1(self) -> float:
        """The right edge without a hanging punctuation mark (CJK typesetting lets 。，、 overhang the column)."""
        return self.x1 - self.size if self.text[-1] in _HANGING and self.width > 2 * self.size else self.x1


@dataclass(slots=True)
class Page:
    number: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    figures: list[tuple[float, float, float, float]] = field(default_factory=list)  # x0, top, x1, bottom


# ------------------------------------------------------------------ pdfminer
def pdf_lines(data: bytes, name: str, max_chars: int | None = None) -> tuple[list[Page], str | None]:
    """The pages of a PDF with their text lines and pictures, and the document's Info title.

    Raises
    ------
    IngestError
        Truncated, damaged or encrypted files, or more text than ``max_chars``.
    """
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams, LTFigure, LTImage, LTTextBox, LTTextLineHorizontal
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    from pipelines.ingest import IngestError

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # its warnings about damaged objects are ours to report
    if b"%%EOF" not in data[-2048:]:
        raise IngestError(f"{name}: truncated PDF (no %%EOF marker at the end)")
    pages: list[Page] = []
    chars = 0
    try:
        doc = PDFDocument(PDFParser(io.BytesIO(data)))
        title = _info_title(doc)
        rsrc = PDFResourceManager(caching=True)
        device = PDFPageAggregator(rsrc, laparams=LAParams(**LAPARAMS))
        interpreter = PDFPageInterpreter(rsrc, device)
        for number, pdf_page in enumerate(PDFPage.create_pages(doc), start=1):
            interpreter.process_page(pdf_page)
            layout = device.get_result()
            x0, y0, x1, y1 = layout.bbox
            page = Page(number, x1 - x0, y1 - y0)

            def walk(obj, page=page, top=y1) -> None:
                for child in obj:
                    if isinstance(child, LTTextLineHorizontal):
                        text = " ".join(child.get_text().split())
                        sizes = [c.size for c in child if hasattr(c, "size")]
                        if text and sizes:
                            page.lines.append(Line(page.number, child.x0, child.x1, top - child.y1, top - child.y0,
                                                   statistics.median(sizes), text))
                    elif isinstance(child, LTTextBox):
                        walk(child)
                    elif isinstance(child, (LTFigure, LTImage)) and child.width > 10 and child.height > 10:
                        page.figures.append((child.x0, top - child.y1, child.x1, top - child.y0))

            walk(layout)
            pages.append(page)
            chars += sum(len(ln.text) for ln in page.lines)
            if max_chars is not None and chars > max_chars:
                raise IngestError(f"{name}: too long (over {max_chars:,} characters of text by page {number}; "
                                  f"set LGKG_MAX_CHARS to raise the limit)")
    except IngestError:
        raise
    except (PDFEncryptionError, PDFPasswordIncorrect):
        raise IngestError(f"{name}: encrypted PDF (a password is needed to read it)") from None
    except Exception as exc:  # pdfminer raises many kinds on damaged files
        raise IngestError(f"{name}: damaged PDF ({type(exc).__name__}: {_one_line(exc)})") from None
    if not pages:
        raise IngestError(f"{name}: PDF without pages")
    return pages, title


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())[:160] or "no details"


def _info_title(doc) -> str | None:
    """The Info dictionary's Title, unless it is a file name or a tool's placeholder."""
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    for info in doc.info or ():
        raw = resolve1(info.get("Title")) if isinstance(info, dict) else None
        if isinstance(raw, bytes):
            title = " ".join(decode_text(raw).split())
        elif isinstance(raw, str):
            title = " ".join(raw.split())
        else:
            continue
        if (len(title) >= 2 and not re.search(r"\.(docx?|pdf|indd|txt|wps|qxd)$", title, re.I)
                and not re.match(r"(microsoft\s+word|untitled|无标题)", title, re.I)):
            return title
    return None


# ------------------------------------------------------------------ headers and footers
def _key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def running_lines(pages: list[Page]) -> set[int]:
    """``id`` of every running header/footer line and page number.

    A line is running when its text (digits aside) recurs at the same height
    (within two line heights) on at least half of the pages, two at least; a
    bare page number counts when it is among the first or last two lines of
    its page, in the top or bottom eighth.
    """
    out: set[int] = set()
    n = len(pages)
    positions: dict[str, list[tuple[int, float, int]]] = defaultdict(list)
    for page in pages:
        by_top = sorted(page.lines, key=lambda ln: ln.top)
        edge = by_top[:2] + by_top[-2:]
        for ln in page.lines:
            if len(ln.text) <= 60:
                positions[_key(ln.text)].append((page.number, ln.top, id(ln)))
            if ln in edge and _PAGE_NUMBER.match(ln.text) and (ln.top < page.height / 8 or ln.bottom > page.height * 7 / 8):
                out.add(id(ln))
    if n >= 2:
        need = max(2, (n + 1) // 2)
        for _key_text, occ in positions.items():
            if len({p for p, _t, _i in occ}) < need:
                continue
            for _p, top, _i in occ:  # the largest group of occurrences at one height
                group = [o for o in occ if abs(o[1] - top) <= 24]
                if len({p for p, _t, _i in group}) >= need:
                    out.update(i for _p, _t, i in group)
    return out


# ------------------------------------------------------------------ reading order
def _split_x(items: list[Line], gap: float) -> list[list[Line]]:
    """Columns: groups of lines separated by a vertical gutter wider than ``gap``."""
    ordered = sorted(items, key=lambda ln: ln.x0)
    groups = [[ordered[0]]]
    right = ordered[0].core_x1
    for ln in ordered[1:]:
        if ln.x0 > right + gap:
            groups.append([ln])
        else:
            groups[-1].append(ln)
        right = max(right, ln.core_x1)
    return groups


def _split_y(items: list[Line]) -> list[list[Line]]:
    """Bands: groups of lines separated by a horizontal gap."""
    ordered = sorted(items, key=lambda ln: ln.top)
    groups = [[ordered[0]]]
    bottom = ordered[0].bottom
    for ln in ordered[1:]:
        if ln.top > bottom + 0.01:
            groups.append([ln])
        else:
            groups[-1].append(ln)
        bottom = max(bottom, ln.bottom)
    return groups


def _rows(items: list[Line]) -> list[Line]:
    """Top to bottom; lines sharing a row left to right."""
    ordered = sorted(items, key=lambda ln: ln.top)
    out: list[Line] = []
    row: list[Line] = []
    for ln in ordered:
        if row and ln.top >= row[0].top + 0.5 * min(row[0].height, ln.height):
            out.extend(sorted(row, key=lambda x: x.x0))
            row = []
        row.append(ln)
    out.extend(sorted(row, key=lambda x: x.x0))
    return out


def _single_row(items: list[Line]) -> bool:
    return max(ln.top for ln in items) - min(ln.top for ln in items) < 0.5 * min(ln.height for ln in items)


def _detached(upper: list[Line], lower: list[Line]) -> bool:
    """A one-row band (a byline, a headline) set apart from columns by a wide gap belongs to neither column."""
    height = statistics.median(ln.height for ln in upper + lower)
    wide = min(ln.top for ln in lower) - max(ln.bottom for ln in upper) > 1.5 * height
    return wide and (_single_row(upper) or _single_row(lower))


def reading_order(items: list[Line], gap: float) -> list[Line]:
    """The lines of one page in reading order (recursive XY cut, columns left to right)."""
    if len(items) <= 1:
        return list(items)
    cols = _split_x(items, gap)
    if len(cols) > 1:
        return [ln for col in cols for ln in reading_order(col, gap)]
    bands = _split_y(items)
    if len(bands) == 1:
        return _rows(items)
    merged: list[list[Line]] = []
    cur = bands[0]
    for band in bands[1:]:
        if len(_split_x(cur + band, gap)) > 1 and not _detached(cur, band):  # the same columns go on
            cur = cur + band
        else:
            merged.append(cur)
            cur = band
    merged.append(cur)
    return [ln for band in merged for ln in reading_order(band, gap)]


# ------------------------------------------------------------------ paragraphs
def _same_column(a: Line, b: Line) -> bool:
    overlap = min(a.x1, b.x1) - max(a.x0, b.x0)
    return (a.page == b.page and overlap >= 0.5 * min(a.width, b.width)
            and abs(a.top - b.top) < 3 * max(a.size, b.size))


def _merge_rows(lines: list[Line]) -> list[Line]:
    """Pieces of one printed line (pdfminer splits at wide gaps: 本报记者 | 李娜) become one line."""
    out: list[Line] = []
    for ln in lines:
        prev = out[-1] if out else None
        if (prev is not None and prev.page == ln.page and abs(prev.top - ln.top) < 0.5 * min(prev.height, ln.height)
                and 0 <= ln.x0 - prev.x1 < 3 * max(prev.size, ln.size) and abs(prev.size - ln.size) < 0.15 * prev.size):
            out[-1] = Line(prev.page, prev.x0, ln.x1, min(prev.top, ln.top), max(prev.bottom, ln.bottom),
                           max(prev.size, ln.size), f"{prev.text} {ln.text}", prev.kind)
        else:
            out.append(ln)
    return out


def _near_figure(ln: Line, figures: list[tuple[float, float, float, float]]) -> bool:
    """A line right under a picture (a line above one is the text flowing past it)."""
    for fx0, ftop, fx1, fbottom in figures:
        overlap = min(ln.x1, fx1) - max(ln.x0, fx0)
        if overlap < 0.5 * ln.width:
            continue
        if -0.2 * ln.size <= ln.top - fbottom <= 1.5 * ln.size:  # right under the picture
            return True
    return False


def _classify(lines: list[Line], pages: dict[int, Page]) -> float:
    """Mark headings and captions; returns the body type size."""
    sizes: Counter[float] = Counter()
    for ln in lines:
        sizes[round(ln.size * 2) / 2] += len(ln.text)
    body = sizes.most_common(1)[0][0] if sizes else 10.0
    markers = words("caption_markers")
    for ln in lines:
        if ln.size >= 1.18 * body and len(ln.text) <= 80:
            ln.kind = "heading"
        elif (ln.size <= 0.88 * body or _near_figure(ln, pages[ln.page].figures)
              or ln.text.startswith(markers)):
            ln.kind = "caption"
    return body


def _join(a: str, b: str) -> str:
    if a and b and a[-1].isascii() and a[-1].isalnum() and b[0].isascii() and b[0].isalnum():
        return f"{a} {b}"
    return a + b


def layout_text(pages: list[Page], drop: set[int]) -> str:
    """The pages' text in reading order: paragraphs between blank lines, ``#`` headings.

    Parameters
    ----------
    pages : list of Page
        From :func:`pdf_lines`.
    drop : set of int
        ``id`` of lines left out (running headers and footers).
    """
    ordered: list[Line] = []
    for page in pages:
        kept = [ln for ln in page.lines if id(ln) not in drop]
        if kept:
            gap = 0.5 * statistics.median(ln.size for ln in kept)
            ordered.extend(reading_order(kept, gap))
    lines = _merge_rows(ordered)
    by_number = {p.number: p for p in pages}
    body = _classify(lines, by_number)
    gaps = [b.top - a.bottom for a, b in zip(lines, lines[1:])
            if a.kind == b.kind == "body" and _same_column(a, b) and b.top > a.bottom - 1]
    usual_gap = statistics.median(gaps) if gaps else 0.3 * body

    def column(i: int) -> list[Line]:
        """Line ``i`` and the body lines of its column up to four lines either side."""
        return [lines[j] for j in range(max(0, i - 4), min(len(lines), i + 5)) if j == i or (
            lines[j].kind == "body" and _same_column(lines[i], lines[j]))]

    def starts_paragraph(i: int, j: int) -> bool:
        """Does line ``i`` open a paragraph, after body line ``j`` (``j < i`` when captions came between)?"""
        cur, prev = lines[i], lines[j]
        if abs(cur.size - prev.size) > 0.1 * cur.size:
            return True
        if cur.x0 - min(ln.x0 for ln in column(i)) >= 1.0 * cur.size:
            return True  # indented
        ends = sorted(ln.core_x1 for ln in column(j))
        if ends[round(0.75 * (len(ends) - 1))] - prev.x1 >= 1.5 * prev.size:
            return True  # the previous line stops short of the column's usual right edge (hanging punctuation aside)
        if j == i - 1 and _same_column(prev, cur) and cur.top - prev.bottom > max(usual_gap + 0.8 * cur.size, 1.2 * cur.size):
            return True  # a vertical gap
        return False

    paragraphs: list[str] = []
    captions: list[str] = []
    cur_text: str | None = None
    cur_kind = ""
    last: Line | None = None

    def close() -> None:
        nonlocal cur_text
        if cur_text is not None:
            paragraphs.append(cur_text)
            cur_text = None
        paragraphs.extend(captions)
        captions.clear()

    for i, ln in enumerate(lines):
        if ln.kind == "caption":
            prev_caption = last if last is not None and last.kind == "caption" else None
            if captions and prev_caption is not None and _same_column(prev_caption, ln):
                captions[-1] = _join(captions[-1], ln.text)
            else:
                captions.append(ln.text)
            last = ln
            continue
        if ln.kind == "heading":
            level = "#" if ln.size >= 1.5 * body else "##"
            if (cur_kind == "heading" and cur_text is not None and last is not None and last.kind == "heading"
                    and abs(last.size - ln.size) < 0.1 * ln.size and ln.top - last.bottom < ln.size):
                cur_text = _join(cur_text, ln.text)  # a headline set on two lines
            else:
                close()
                cur_text, cur_kind = f"{level} {ln.text}", "heading"
            last = ln
            continue
        j = i - 1
        while j >= 0 and lines[j].kind == "caption":  # a picture inside a paragraph: look past its caption
            j -= 1
        if cur_kind == "body" and cur_text is not None and j >= 0 and lines[j].kind == "body" and not starts_paragraph(i, j):
            cur_text = _join(cur_text, ln.text)
        else:
            close()
            cur_text, cur_kind = ln.text, "body"
        last = ln
    close()
    return "\n\n".join(p for p in paragraphs if p.strip())


_CID = re.compile(r"\(cid:\d+\)")


def unmapped_glyphs(text: str, name: str) -> str:
    """Drop pdfminer's ``(cid:N)`` markers of glyphs its fonts map to no character.

    A few are dropped silently; when they make up a fifth of the text or more
    the PDF's fonts carry no Unicode mapping and its text cannot be read
    (:class:`~pipelines.ingest.IngestError`).
    """
    from pipelines.ingest import IngestError

    found = len(_CID.findall(text))
    if not found:
        return text
    rest = _CID.sub("", text)
    if found >= 0.2 * (found + sum(1 for ch in rest if not ch.isspace())):
        raise IngestError(f"{name}: the PDF's fonts map {found:,} glyphs to no character (no ToUnicode table); "
                          f"its text cannot be read")
    return rest


def read_pdf(data: bytes, name: str, max_chars: int | None = None) -> tuple[str, SourceMeta]:
    """Text in reading order and metadata of a PDF file.

    Parameters
    ----------
    data : bytes
        The file's bytes.
    name : str
        The file, for error messages.
    max_chars : int, optional
        Stop and refuse once the text passes this many characters.

    Returns
    -------
    (str, SourceMeta)
        ``SourceMeta.header_lines`` holds the running headers and footers
        dropped from the text, first page first.

    Raises
    ------
    IngestError
        Truncated, damaged or encrypted PDFs, or one without a text layer.
    """
    from pipelines.ingest import IngestError

    pages, title = pdf_lines(data, name, max_chars)
    drop = running_lines(pages)
    text = unmapped_glyphs(layout_text(pages, drop), name)
    if not text.strip():
        raise IngestError(f"{name}: no text layer in the PDF (scanned pages? OCR is not supported)")
    headers: list[str] = []
    for page in pages:
        for ln in sorted(page.lines, key=lambda x: x.top):
            if id(ln) in drop and ln.text not in headers and not _PAGE_NUMBER.match(ln.text):
                headers.append(ln.text)
    return text, SourceMeta(title=title, header_lines=tuple(headers), media_type="application/pdf")

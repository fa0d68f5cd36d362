"""HTML pages: the main text, title, date and site name, boilerplate dropped.

`trafilatura <https://trafilatura.readthedocs.io>`_ finds the article body
(navigation, headers, footers, scripts, styles and comment sections are left
out) and reads the metadata from the markup (``<title>``, Open Graph and
``article:published_time`` tags, via htmldate without its year-guessing
extensive search, which invents dates). A Chinese dateline in the text
(2025年11月27日) is found later from the text itself.
"""

from __future__ import annotations

import re

from pipelines.docmeta import SourceMeta

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "utf8": "utf-8"}


def declared_text(data: bytes, fallback: str) -> str:
    """The page decoded with its ``<meta charset>`` when that decodes cleanly, else ``fallback``."""
    m = _CHARSET.search(data[:4096])
    if m:
        enc = m.group(1).decode("ascii").lower()
        enc = _ALIASES.get(enc, enc)
        try:
            return data.decode(enc)
        except (LookupError, UnicodeDecodeError):
            pass
    return fallback


def read_html(data: bytes, text: str, name: str) -> tuple[str, SourceMeta]:
    """Main text (Markdown: ``#`` headings, paragraphs between blank lines) and metadata of a page.

    Parameters
    ----------
    data : bytes
        The file's bytes (for its declared charset).
    text : str
        The bytes decoded by :func:`pipelines.ingest.decode_bytes`.
    name : str
        The file, for error messages.

    Returns
    -------
    (str, SourceMeta)

    Raises
    ------
    IngestError
        When the page holds no text.
    """
    import trafilatura

    from pipelines.ingest import IngestError

    html = declared_text(data, text)
    try:
        body = trafilatura.extract(
            html, output_format="markdown", include_formatting=True, include_tables=True,
            include_comments=False, include_images=False, include_links=False, deduplicate=False,
        )
        if not body or not body.strip():  # too short for the main-text heuristics: all visible text
            body = trafilatura.baseline(html)[1]
        meta = trafilatura.extract_metadata(
            html, date_config={"extensive_search": False, "original_date": True}, extensive=False)
    except Exception as exc:  # lxml on hopeless markup
        raise IngestError(f"{name}: cannot parse the HTML ({type(exc).__name__}: {exc})") from None
    if not body or not body.strip():
        raise IngestError(f"{name}: no text in the HTML page")
    date = (meta.date or None) if meta else None
    if date is None:
        date = _dateline(html, body)
    authors = tuple(a.strip() for a in re.split(r"[;；,，]", meta.author or "") if a.strip()) if meta else ()
    return _paragraphs(body), SourceMeta(
        title=(meta.title or None) if meta else None,
        date=date,
        publication=(meta.sitename or None) if meta else None,
        authors=authors,
        media_type="text/html",
    )


def _dateline(html: str, body: str) -> str | None:
    """A Chinese dateline printed above the article (2025年11月27日), which the markup does not carry.

    The main-text extraction drops the line under the headline that holds the
    date and source; this looks for the last full date in the page's visible
    text before the article's first paragraph, else in the article's opening.
    """
    import trafilatura

    from pipelines.articles import find_date

    full = trafilatura.html2txt(html) or ""
    first = next((ln.strip() for ln in body.split("\n") if len(ln.strip()) >= 10 and not ln.startswith("#")), "")
    end = full.find(first[:20]) if first else -1
    head = full[:end] if end > 0 else full[:2000]
    found = [find_date(head[m.start():]) for m in _DATE_START.finditer(head)]
    return next((d for d in reversed(found) if d), None) or find_date(body)


_DATE_START = re.compile(r"\d{4}\s*年")


def _paragraphs(body: str) -> str:
    """One blank line between blocks, so the normalizer keeps paragraphs apart."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n|\n(?=#)", body)]
    return "\n\n".join(b for b in blocks if b)

"""Word ``.docx`` files through python-docx: body paragraphs and tables in order.

Headings (the Title and Heading N styles) become Markdown ``#`` lines; table
rows become one line each, cells separated by spaces; running headers and
footers (the sections' header/footer parts) are not part of the body and are
left out. The title comes from the document properties when set.
"""

from __future__ import annotations

import io
import re
import zipfile

from pipelines.docmeta import SourceMeta

#: Refuse a document whose XML unpacks to more than this (a ZIP bomb).
MAX_XML_BYTES = 512 * 1024 * 1024


def read_docx(data: bytes, name: str) -> tuple[str, SourceMeta]:
    """Text (paragraphs between blank lines) and metadata of a ``.docx`` file.

    Raises
    ------
    IngestError
        A ZIP that is not a Word document, a damaged one, or no text.
    """
    from pipelines.ingest import IngestError

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            if "word/document.xml" not in names:
                raise IngestError(f"{name}: a ZIP archive, not a Word document (.docx)")
            if sum(i.file_size for i in zf.infolist() if i.filename.startswith("word/")) > MAX_XML_BYTES:
                raise IngestError(f"{name}: Word document unpacks to more than {MAX_XML_BYTES // 2**20} MB")
    except zipfile.BadZipFile as exc:
        raise IngestError(f"{name}: damaged or truncated ZIP/Word file ({exc})") from None

    import docx
    from docx.table import Table

    try:
        doc = docx.Document(io.BytesIO(data))
        blocks: list[str] = []
        for item in doc.iter_inner_content():
            if isinstance(item, Table):
                blocks.extend(_table_rows(item))
                continue
            text = item.text.strip()
            if not text:
                continue
            level = _heading_level(item.style.name if item.style is not None else "")
            blocks.append(f"{'#' * level} {text}" if level else text)
        title = (doc.core_properties.title or "").strip() or None
    except IngestError:
        raise
    except Exception as exc:  # lxml / python-docx on a damaged part
        raise IngestError(f"{name}: damaged Word document ({type(exc).__name__}: {exc})") from None
    if not blocks:
        raise IngestError(f"{name}: no text in the Word document")
    return "\n\n".join(blocks), SourceMeta(
        title=title, media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")


def _heading_level(style: str) -> int:
    if style == "Title":
        return 1
    m = re.fullmatch(r"Heading (\d)", style)
    return min(6, int(m.group(1))) if m else 0


def _table_rows(table) -> list[str]:
    rows = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:  # a merged cell repeats: keep it once
            t = " ".join(cell.text.split())
            if t and (not cells or cells[-1] != t):
                cells.append(t)
        if cells:
            rows.append(" ".join(cells))
    return rows
